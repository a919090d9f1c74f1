"""Every process file has a docs page showing its diagram, and every picture link resolves."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs" / "processes").glob("*.md"))


def _embedded() -> dict[str, Path]:
    shown: dict[str, Path] = {}
    for page in PAGES:
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            assert path.is_file(), f"{page.name}: picture {target} does not exist"
            # a mechanism's pages show it phase by phase: docs/img/tahap/<stem>.<process>.<k>.png
            shown[path.stem.split(".")[0]] = page
    return shown


def test_every_process_diagram_is_shown_on_a_process_page():
    shown = _embedded()
    missing = [p.name for p in sorted((ROOT / "processes").glob("*.bpmn")) if p.stem not in shown]
    assert not missing, f"no docs/processes page shows the diagram of {missing}"


def test_every_mechanism_page_shows_its_own_diagram():
    for page in (ROOT / "docs" / "processes").glob("m[1-6]_*.md"):
        assert f"../img/{page.stem}.png" in page.read_text(encoding="utf-8"), page.name
