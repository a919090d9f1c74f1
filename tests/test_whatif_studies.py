"""docs/whatif/: the example studies are current, and the hypothetical model is what the
script writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.bpmn.reader import read
from probisnis.bpmn.writer import to_bytes
from probisnis.whatif.executor import LocalExecutor
from probisnis.whatif.studies import HYPOTHETICAL, STUDIES, hypothetical_before, write_studies

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "whatif"


def test_hypothetical_model_is_current_and_adds_one_structural_level() -> None:
    current = read(ROOT / "processes" / "m1_sekretariat_daerah.bpmn")
    before = hypothetical_before(current)
    assert (ROOT / HYPOTHETICAL).read_bytes() == to_bytes(before), \
        "run: python scripts/make_whatif_docs.py"
    lanes = {lane.id for p in before.processes.values() for lane in p.iter_lanes()}
    assert {"M1a_L_KASUBBAG", "M1c_L_KASUBBAG"} <= lanes
    review = before.processes["M1_evaluasi"]
    # JF/JP result -> Kasubbag -> Kepala Bagian: the Kasubbag's review comes first
    gate = review.nodes["M1c_gabung_tinjau"]
    (flow,) = gate.outgoing
    assert review.flows[flow].target_ref == "M1c_tinjau_kasubbag"
    assert "M1c_tinjau_kabag" in {review.flows[f].target_ref
                                  for f in review.nodes["M1c_gw_sesuai_kasubbag"].outgoing}


def test_every_study_has_a_page_a_chart_and_an_index_entry() -> None:
    index = (PAGES / "index.md").read_text(encoding="utf-8")
    for study in STUDIES:
        page = (PAGES / f"{study.slug}.md").read_text(encoding="utf-8")
        verdicts = "titik jenuh" if study.vary else "| Kesimpulan |"
        for part in ("## Pertanyaan", "## Perintah", "## Hasil", verdicts,
                     f"({study.slug}.png)", "## Yang dapat disimpulkan"):
            assert part.lower() in page.lower(), (study.slug, part)
        assert (PAGES / f"{study.slug}.png").read_bytes()[:4] == b"\x89PNG"
        assert f"({study.slug}.md)" in index
    assert "HIPOTETIS" in (PAGES / "sebelum_sesudah.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_study_pages_are_current(tmp_path: Path) -> None:
    """Every page as the script writes it now (all studies re-run: about a minute per
    core)."""
    with LocalExecutor() as executor:
        _copy_inputs(tmp_path / "root")
        write_studies(tmp_path / "root", tmp_path / "pages", executor=executor)
    for page in sorted(PAGES.glob("*.md")):
        fresh = (tmp_path / "pages" / page.name).read_text(encoding="utf-8")
        assert page.read_text(encoding="utf-8") == fresh, \
            f"docs/whatif/{page.name} is stale: run python scripts/make_whatif_docs.py"
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == sorted(
        p.name for p in PAGES.iterdir())


def _copy_inputs(root: Path) -> None:
    import shutil

    for folder in ("processes", "simulations"):
        shutil.copytree(ROOT / folder, root / folder)
