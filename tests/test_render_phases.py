"""The mechanisms' pictures a page can show: each phase alone, in strips (issue 11).

The whole picture of a mechanism is about 4,000 px wide and GitHub shows it
at a quarter of that. :mod:`probisnis.render.phases` draws each pool of a file
of unconnected pools alone, cut into strips about 1,000 px wide in the gaps
between shapes, the name band repeated; ``scripts/render-docs.sh`` writes them
to ``docs/img/tahap/`` and the pages embed them. Checked here: the plan
(cuts, cover, sizes) from the diagram alone, that the committed strips and
pages are current, and (with the browser) that the pictures are what the plan
says, name band included.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from probisnis.bpmn.reader import read
from probisnis.render import BpmnJs, browser_unavailable
from probisnis.render.phases import (
    STRIP_WIDTH,
    picture_size,
    section,
    strip_name,
    strips,
    write_strips,
)

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))
TAHAP = ROOT / "docs" / "img" / "tahap"
MECHANISMS = [p for p in PROCESSES if p.name.startswith("m") and p.stem[1].isdigit()]


def test_every_mechanism_is_drawn_per_phase_in_strips_cut_between_shapes() -> None:
    assert len(MECHANISMS) == 6
    for path in MECHANISMS:
        defs = read(path)
        planned = strips(defs, path.stem)
        processes = {s.process for s in planned}
        phases = {"perencanaan", "pelaksanaan", "evaluasi"}
        assert phases <= {p.split("_", 1)[1] for p in processes}, path.name
        diagram = defs.diagrams[0]
        for process_id in processes:
            parts = [s for s in planned if s.process == process_id]
            assert [s.part for s in parts] == list(range(1, len(parts) + 1))
            nodes = [diagram.shapes[n].bounds for n in defs.processes[process_id].nodes]
            for a, b in itertools.pairwise(parts):
                cut = a.box.right
                assert b.box.x == cut  # the strips follow one another
                assert b.header is not None and b.header.x == parts[0].box.x
                # no cut runs through a shape
                assert not any(n.x < cut < n.right for n in nodes), (path.name, cut)
            for strip in parts:
                content = strip.box.width - (60.0 if strip.part == 1 else 0.0)
                assert content <= STRIP_WIDTH * 1.25, (path.name, strip.part, content)
            last = parts[-1].box.right
            assert all(n.right <= last for n in nodes)  # every shape in some strip


@pytest.mark.parametrize(
    "stem", ["peta_relasi", "penugasan_1c_penunjukkan_lintas_instansi", "peta_subproses"]
)
def test_pools_that_talk_or_fit_a_page_get_no_strips(stem: str) -> None:
    assert strips(read(ROOT / "processes" / f"{stem}.bpmn"), stem) == []


def test_committed_strips_and_pages_are_current() -> None:
    expected: dict[str, tuple[int, int]] = {}
    for path in PROCESSES:
        planned = strips(read(path), path.stem)
        for strip in planned:
            expected[strip_name(strip)] = picture_size(strip)
        if planned:
            page = ROOT / "docs" / "processes" / f"{path.stem}.md"
            assert section(planned, path.stem) in page.read_text(encoding="utf-8"), (
                f"{page}: pictures section stale, run scripts/render-docs.sh"
            )
    found = {p.name for p in TAHAP.glob("*.png")}
    assert found == set(expected), "docs/img/tahap stale: run scripts/render-docs.sh"
    for name, (width, height) in expected.items():
        with Image.open(TAHAP / name) as image:
            assert abs(image.width - width) <= 4 and abs(image.height - height) <= 4, name


@pytest.fixture(scope="module")
def viewer() -> Iterator[BpmnJs]:
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bpmn-js browser check cannot run under CI: {reason}")
        pytest.skip(reason)
    with BpmnJs() as session:
        yield session


@pytest.mark.browser
def test_strips_are_drawn_as_planned_with_the_name_band_repeated(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    path = ROOT / "processes" / "m3_jpt_satu_level.bpmn"
    planned = strips(read(path), path.stem)
    written = write_strips([path], tmp_path)
    assert [p.name for p in written] == [strip_name(s) for s in planned]
    for strip, picture in zip(planned, written, strict=True):
        with Image.open(picture) as image:
            assert image.size == picture_size(strip)
    phase = [
        (p, s) for p, s in zip(written, planned, strict=True) if s.process == "M3_pelaksanaan"
    ]
    (first, _), (second, strip) = phase[0], phase[1]
    band = strip.header
    assert band is not None
    w = int(band.width)
    with Image.open(first) as a, Image.open(second) as b:
        # the second strip starts with the first one's name band (pool and lane names)
        left_a = a.crop((0, 0, w, a.height - 40))
        left_b = b.crop((0, 0, w, b.height - 40))
        diff = ImageChops.difference(left_a, left_b)
        assert diff.getbbox() is None or max(diff.getextrema()) < 40  # type: ignore[operator]
