"""Re-execute the notebooks in notebooks/ and save them with their outputs.

The committed notebooks keep their outputs (so a reader on the web sees the charts), and
``tests/test_notebooks.py`` fails when those outputs are stale. After a change that moves
numbers (the engine, a scenario, a model), refresh them:

    .venv/bin/python scripts/refresh_notebooks.py                 # every notebook
    .venv/bin/python scripts/refresh_notebooks.py notebooks/02_*.ipynb

Each notebook runs top to bottom in a fresh kernel with notebooks/ as working directory;
execution counts are renumbered from 1 and per-cell timing metadata dropped, so a refresh
that changes nothing leaves the files as they were (apart from image bytes, which
matplotlib may write differently).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` executed in a fresh kernel (not written)."""
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        count += 1
        cell.execution_count = count
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = count
    return nb


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        nb = execute(path)
        nbformat.write(nb, path)
        print(f"executed and saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
