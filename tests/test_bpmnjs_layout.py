"""The library's diagrams read cleanly: no text sticking out of its box, no label on a label.

Nor a task's name running into the task-type icon (the user, service,
send... glyph) that bpmn-js draws in the box's top-left corner: a long name
wrapped to three or more lines in a 100 x 80 box starts under the icon
("enyusun dan..." for "Menyusun dan...").

Pool and lane names count too: bpmn-js writes them sideways in a 30 px header
band, wrapped to the pool's or lane's height, and a third line (or a line up
to the band's ends) runs out of the band.

bpmn-js imports such files without a warning (``tests/test_bpmnjs.py`` gates
that); this test gates what an analyst sees in Camunda Modeler and in
``docs/img``: :attr:`probisnis.render.ImportResult.layout`. It fails while the
layout (``probisnis.layout``) leaves overflowing task, pool or lane names,
task names under their icon or overlapping labels; the message lists them per file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from probisnis.render import BpmnJs, browser_unavailable

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))


@pytest.fixture(scope="module")
def viewer() -> Iterator[BpmnJs]:
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bpmn-js browser check cannot run under CI: {reason}")
        pytest.skip(reason)
    with BpmnJs() as session:
        yield session


@pytest.mark.parametrize("path", PROCESSES, ids=[p.name for p in PROCESSES])
def test_process_layout_is_readable(viewer: BpmnJs, path: Path) -> None:
    result = viewer.check(path)
    if result.layout:
        pytest.fail(
            f"{path.name}: {len(result.layout)} layout issue(s):\n" + "\n".join(result.layout),
            pytrace=False,
        )
