"""Every BPMN file of the library opens in bpmn-js (Camunda Modeler's viewer) with zero warnings.

These tests drive Debian's Chromium headless (``probisnis.render``). The
harness is itself tested against truth: files built to be broken, and the
OMG MIWG reference files, some of which bpmn-js is known to warn about,
must produce exactly those warnings. Without Chromium or node_modules the
tests skip locally and FAIL under CI (env ``CI`` set): run
``scripts/install-browser.sh``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from probisnis.errors import ProbisnisError, UsageError
from probisnis.render import BpmnJs, ImportResult, browser_unavailable
from probisnis.render.__main__ import main as render_main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))
DOCS_IMG = ROOT / "docs" / "img"
MIWG = ROOT.parent / "shared" / "interop" / "miwg" / "Reference"
MARGIN = 20  # BpmnJs default
WATERMARK = 28  # viewer.html: room kept under the diagram for the bpmn.io watermark

NS = {
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}


def _require_browser() -> None:
    """Skip without Chromium/bpmn-js locally; under CI that is a failure, not a skip."""
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bpmn-js browser check cannot run under CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def viewer() -> Iterator[BpmnJs]:
    _require_browser()
    with BpmnJs(margin=MARGIN) as session:
        yield session


@pytest.mark.parametrize(
    ("variable", "message"),
    [
        ("PROBISNIS_CHROMIUM", "Chromium tidak ditemukan (dicari: {missing})"),
        ("PROBISNIS_NODE_MODULES", "node_modules/bpmn-js tidak ditemukan"),
    ],
)
def test_missing_browser_fails_under_ci_and_skips_locally(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, message: str
) -> None:
    missing = tmp_path / "absent"
    monkeypatch.setenv(variable, str(missing))
    reason = browser_unavailable()
    assert reason is not None
    assert message.format(missing=missing) in reason
    assert reason.endswith("jalankan bash scripts/install-browser.sh")
    with pytest.raises(UsageError, match=r"install-browser\.sh"):
        BpmnJs().__enter__()
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="cannot run under CI"):
        _require_browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=r"install-browser\.sh"):
        _require_browser()


def test_chromium_that_will_not_start_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _require_browser()
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'no display here' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PROBISNIS_CHROMIUM", str(fake))
    with pytest.raises(ProbisnisError) as caught:
        BpmnJs().__enter__()
    message = str(caught.value)
    assert not isinstance(caught.value, UsageError)
    assert message.startswith(f"cannot start {fake} with bpmn-js:")
    assert "no display here" in message
    assert "\n" not in message


# --- a small valid file, and broken variants of it ---------------------------------------------

VALID = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
    id="Defs" targetNamespace="http://example.org/t">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:startEvent id="Start" name="Mulai"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task" name="Menyusun perjanjian kinerja">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End" name="Selesai"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task"/>
    <bpmn:sequenceFlow id="F2" sourceRef="Task" targetRef="End"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D">
    <bpmndi:BPMNPlane id="Plane" bpmnElement="P">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start">
        <dc:Bounds x="100" y="100" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_di" bpmnElement="Task">
        <dc:Bounds x="200" y="78" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End">
        <dc:Bounds x="700" y="400" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1">
        <di:waypoint x="136" y="118"/><di:waypoint x="200" y="118"/>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2">
        <di:waypoint x="300" y="118"/><di:waypoint x="718" y="118"/><di:waypoint x="718" y="400"/>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""

BROKEN = {
    # a shape drawing an element that does not exist
    "dangling_di": (
        VALID.replace('bpmnElement="Task">', 'bpmnElement="NoSuchTask">'),
        "unresolved reference <NoSuchTask>",
    ),
    # an element BPMN does not define
    "unknown_element": (
        VALID.replace(
            '<bpmn:sequenceFlow id="F1"', '<bpmn:fooTask id="X"/>\n<bpmn:sequenceFlow id="F1"'
        ),
        "unparsable content <bpmn:fooTask> detected line: 12",
    ),
    # an edge drawing nothing
    "edge_without_element": (
        VALID.replace(
            '<bpmndi:BPMNEdge id="F1_di" bpmnElement="F1">', '<bpmndi:BPMNEdge id="F1_di">'
        ),
        'no bpmnElement referenced in <bpmndi:BPMNEdge id="F1_di" />',
    ),
    # a sequence flow to an undefined node
    "dangling_flow": (
        VALID.replace('targetRef="End"', 'targetRef="Nowhere"'),
        "unresolved reference <Nowhere>",
    ),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.bpmn"
    path.write_text(text, encoding="utf-8")
    return path


def _di_extent(path: Path) -> tuple[float, float]:
    """Width and height of everything the first BPMNDiagram places (shapes and waypoints)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    diagram = root.find("bpmndi:BPMNDiagram", NS)
    assert diagram is not None, f"{path}: no BPMNDiagram"
    xs: list[float] = []
    ys: list[float] = []
    for b in diagram.iterfind(".//bpmndi:BPMNShape/dc:Bounds", NS):
        x, y, w, h = (float(b.get(k, "0")) for k in ("x", "y", "width", "height"))
        xs += [x, x + w]
        ys += [y, y + h]
    for p in diagram.iterfind(".//di:waypoint", NS):
        xs.append(float(p.get("x", "0")))
        ys.append(float(p.get("y", "0")))
    return max(xs) - min(xs), max(ys) - min(ys)


def _assert_picture(result: ImportResult, path: Path) -> None:
    """The PNG has the size of the drawn diagram and is a drawing, not a blank page."""
    from PIL import Image

    assert result.png is not None
    with Image.open(result.png) as image:
        assert image.size == (result.width, result.height)
        gray = image.convert("L")
        histogram = gray.histogram()
    di_w, di_h = _di_extent(path)
    # bpmn-js's box holds every DI shape and waypoint; external labels may stick out a little
    assert di_w + 2 * MARGIN - 2 <= result.width <= di_w + 2 * MARGIN + 250, (result.width, di_w)
    assert (
        di_h + 2 * MARGIN + WATERMARK - 2 <= result.height <= di_h + 2 * MARGIN + WATERMARK + 250
    ), (result.height, di_h)
    pixels = result.width * result.height
    dark = sum(histogram[:128])  # strokes and text
    inked = sum(histogram[:250])
    assert dark >= 200, f"{result.png}: only {dark} dark pixels: blank picture?"
    assert inked / pixels >= 0.002, f"{result.png}: {inked} of {pixels} pixels drawn"
    assert histogram[255] / pixels >= 0.3, f"{result.png}: no white background?"


# --- the harness can tell good from bad -------------------------------------------------------


def test_valid_file_imports_cleanly_and_renders(viewer: BpmnJs, tmp_path: Path) -> None:
    path = _write(tmp_path, "valid", VALID)
    result = viewer.check(path, png=tmp_path / "valid.png")
    assert result.ok, result.problems()
    assert result.elements == 6  # process root, 3 nodes, 2 flows
    assert result.diagrams == 1
    _assert_picture(result, path)
    # the box is the DI's, 100..736 x 78..436, plus margins and the watermark strip; the end
    # event's label hangs below it and strokes add a pixel
    assert 636 + 40 <= result.width <= 636 + 40 + 4
    assert 358 + 40 + WATERMARK <= result.height <= 358 + 40 + WATERMARK + 30


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_gives_warnings(viewer: BpmnJs, tmp_path: Path, case: str) -> None:
    text, expected = BROKEN[case]
    result = viewer.check(_write(tmp_path, case, text))
    assert not result.ok
    assert result.error is None
    assert any(expected in w for w in result.warnings), result.warnings
    assert any(expected in line for line in result.problems())


def test_element_without_shape_is_undrawn(viewer: BpmnJs, tmp_path: Path) -> None:
    text = re.sub(r'<bpmndi:BPMNShape id="Task_di".*?</bpmndi:BPMNShape>', "", VALID, flags=re.S)
    assert "Task_di" not in text
    result = viewer.check(_write(tmp_path, "no_shape", text))
    # the task and the flows touching it vanish from the picture
    assert result.undrawn == ("Task", "F1", "F2")
    assert any("not yet drawn" in w for w in result.warnings)
    assert any("tidak tergambar di diagram mana pun: Task" in line for line in result.problems())


def test_unconnected_element_without_shape_is_caught_though_bpmnjs_is_silent(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    text = VALID.replace(
        '<bpmn:endEvent id="End"',
        '<bpmn:task id="Orphan" name="Lupa digambar"/>\n<bpmn:endEvent id="End"',
    )
    result = viewer.check(_write(tmp_path, "orphan", text))
    assert result.warnings == ()
    assert result.error is None
    assert result.undrawn == ("Orphan",)
    assert not result.ok


def test_layout_issues_are_reported_apart_from_import_problems(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    clean = viewer.check(_write(tmp_path, "clean", VALID))
    assert clean.layout == ()
    long_name = "Menyusun dan menetapkan perjanjian kinerja " * 4
    crowded = VALID.replace('name="Menyusun perjanjian kinerja"', f'name="{long_name}"')
    # put the end event's label on top of the task
    crowded = crowded.replace(
        '<dc:Bounds x="700" y="400" width="36" height="36"/>',
        '<dc:Bounds x="700" y="400" width="36" height="36"/>'
        '<bpmndi:BPMNLabel><dc:Bounds x="210" y="100" width="60" height="14"/></bpmndi:BPMNLabel>',
    )
    result = viewer.check(_write(tmp_path, "crowded", crowded))
    assert result.ok, result.problems()  # bpmn-js imports it without a word
    assert result.layout == ("text of Task overflows its shape", "label of End overlaps shape Task")


def test_not_xml_is_an_error(viewer: BpmnJs, tmp_path: Path) -> None:
    result = viewer.check(_write(tmp_path, "garbage", "<bpmn:definitions"), png=tmp_path / "g.png")
    assert result.error is not None
    assert result.png is None
    assert not (tmp_path / "g.png").exists()


def test_missing_file_is_a_usage_error(viewer: BpmnJs, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="tidak dapat dibaca"):
        viewer.check(tmp_path / "absent.bpmn")


# --- real files from other tools: known outcomes -------------------------------------------------

MIWG_CLEAN = ["A.2.1", "A.4.1", "C.1.0", "C.2.0", "C.3.0", "C.4.0", "C.5.0", "C.6.0", "C.9.2"]
MIWG_KNOWN = {
    # Trisotech's Latin-1 files: Camunda Modeler reads them as UTF-8 and says so
    "A.1.0": "unsupported document encoding <ISO-8859-1>, falling back to UTF-8",
    # an edge with no bpmnElement
    "C.7.0": 'no bpmnElement referenced in <bpmndi:BPMNEdge id="_985753e3',
    # a vendor attribute referencing an undefined id
    "C.8.1": "unresolved reference <triso:unspecified>",
}


@pytest.mark.skipif(not MIWG.is_dir(), reason="../shared/interop/miwg not present")
@pytest.mark.parametrize("name", MIWG_CLEAN)
def test_miwg_reference_imports_cleanly(viewer: BpmnJs, name: str) -> None:
    result = viewer.check(MIWG / f"{name}.bpmn")
    assert result.ok, result.problems()


@pytest.mark.skipif(not MIWG.is_dir(), reason="../shared/interop/miwg not present")
@pytest.mark.parametrize("name", sorted(MIWG_KNOWN))
def test_miwg_reference_known_warning(viewer: BpmnJs, name: str) -> None:
    result = viewer.check(MIWG / f"{name}.bpmn")
    assert any(MIWG_KNOWN[name] in w for w in result.warnings), result.warnings


@pytest.mark.skipif(not MIWG.is_dir(), reason="../shared/interop/miwg not present")
def test_miwg_process_outside_collaboration_is_undrawn(viewer: BpmnJs) -> None:
    # B.1.0 has DI for a process no participant references: bpmn-js silently skips it
    result = viewer.check(MIWG / "B.1.0.bpmn")
    assert "_200f43e7-1385-46e2-a380-3ef16ebe7847" in result.undrawn


# --- the library: processes/*.bpmn --------------------------------------------------------------


def test_library_has_processes() -> None:
    assert PROCESSES, "processes/ holds no .bpmn file"


@pytest.mark.parametrize("path", PROCESSES, ids=[p.name for p in PROCESSES])
def test_process_opens_in_bpmnjs_without_warnings(
    viewer: BpmnJs, tmp_path: Path, path: Path
) -> None:
    result = viewer.check(path, png=tmp_path / f"{path.stem}.png")
    assert result.ok, "\n".join(result.problems())
    _assert_picture(result, path)
    committed = DOCS_IMG / f"{path.stem}.png"
    assert committed.is_file(), (
        f"{committed} missing: run python -m probisnis.render docs/img processes/"
    )
    from PIL import Image

    with Image.open(committed) as image:
        width, height = image.size
    # same diagram, same size (a few pixels of slack for font differences between machines)
    assert abs(width - result.width) <= 4 and abs(height - result.height) <= 4, (
        f"{committed} is {width}x{height}, {path.name} now renders {result.width}x{result.height}:"
        " stale, run python -m probisnis.render docs/img processes/"
    )


def test_no_picture_without_process() -> None:
    stems = {p.stem for p in PROCESSES}
    orphans = sorted(p.name for p in DOCS_IMG.glob("*.png") if p.stem not in stems)
    assert not orphans, f"docs/img has pictures of no process: {orphans}"


# --- the command ---------------------------------------------------------------------------------


def test_command_exit_status(
    viewer: BpmnJs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "good", VALID)
    bad = _write(tmp_path, "bad", BROKEN["dangling_di"][0])
    out = tmp_path / "img"
    assert render_main([str(out), str(good)]) == 0
    assert (out / "good.png").is_file()
    assert render_main(["--no-png", str(out), str(bad)]) == 1
    assert not (out / "bad.png").exists()
    printed = capsys.readouterr().out
    assert "good.bpmn: baik" in printed
    assert "unresolved reference <NoSuchTask>" in printed
    assert render_main([str(out), str(tmp_path / "absent.bpmn")]) == 2
