"""The notebooks in notebooks/ run top to bottom, and their committed outputs are current.

Each notebook is executed in a fresh kernel (as ``scripts/refresh_notebooks.py`` does) and
its outputs compared with the committed ones *structurally*: per code cell the same outputs
in the same order, the same kinds (text, table, picture), the same printed text; volatile
bits are ignored (execution counts, timing metadata, object addresses, image bytes). A
notebook whose code or results changed without a refresh fails here, so that a reader on the
web never sees stale pictures.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

_spec = importlib.util.spec_from_file_location("refresh_notebooks",
                                               ROOT / "scripts" / "refresh_notebooks.py")
assert _spec and _spec.loader
refresh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(refresh)

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def _text(value: Any) -> str:
    text = "".join(value) if isinstance(value, list) else str(value)
    return _ADDRESS.sub("0x…", text).rstrip()


def shape(nb: Any) -> list[list[tuple[str, ...]]]:
    """Per code cell, its outputs as comparable tuples (volatile parts left out)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs: list[tuple[str, ...]] = []
        for out in cell.get("outputs", []):
            kind = out["output_type"]
            if kind == "stream":  # output may arrive in pieces (an empty one too): join them
                if outs and outs[-1][:2] == (kind, out["name"]):
                    piece = _text(out["text"])
                    if piece:
                        outs[-1] = (kind, out["name"], outs[-1][2] + "\n" + piece)
                else:
                    outs.append((kind, out["name"], _text(out["text"])))
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                plain = _text(data.get("text/plain", "")) if "image/png" not in data else ""
                outs.append((kind, ",".join(sorted(data)), plain))
            else:  # an error
                outs.append((kind, out.get("ename", ""), _text(out.get("evalue", ""))))
        cells.append(outs)
    return cells


def test_there_are_a_tour_a_whatif_study_and_an_sop_review():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 3, names
    assert any("whatif" in n for n in names) and any("sop" in n for n in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_shows_its_pictures(path: Path):
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert all(c.get("outputs") for c in nb.cells if c.cell_type == "code"
               and not c.source.rstrip().endswith(";")) or outputs, "run it before committing"
    pictures = [o for o in outputs if "image/png" in o.get("data", {})
                or "image/svg+xml" in o.get("data", {})]
    assert pictures, f"{path.name}: no chart or diagram in the saved outputs"
    assert not [o for o in outputs if o["output_type"] == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_outputs_are_current(path: Path):
    committed = shape(nbformat.read(path, as_version=4))
    fresh = shape(refresh.execute(path))
    assert not [o for c in fresh for o in c if o[0] == "error"], fresh
    stale = [(k, want, got) for k, (want, got) in enumerate(zip(committed, fresh, strict=True))
             if want != got]
    assert not stale, (
        f"{path.name}: outputs are stale in code cell(s) {[k + 1 for k, _, _ in stale]}; "
        f"refresh with: .venv/bin/python scripts/refresh_notebooks.py {path.relative_to(ROOT)}"
        f"\nfirst difference, committed: {stale[0][1]}\nnow: {stale[0][2]}")


def test_shape_ignores_volatile_bits_but_not_results():
    a = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="waktu siklus 75,8\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "AAA",
                                                     "text/plain": "<Figure at 0x7f12ab34cd>"}),
    ])])
    b = nbformat.from_dict(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")]))
    b.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="waktu siklus 75,8\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "BBB",
                                                     "text/plain": "<Figure at 0x7f99ff00ee>"}),
    ]
    b.cells[0].execution_count = 9
    assert shape(a) == shape(b)
    b.cells[0].outputs[0]["text"] = "waktu siklus 80,1\n"
    assert shape(a) != shape(b)
