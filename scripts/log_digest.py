"""Print a SHA-256 of the event log and case table of the permit model and every bundled scenario.

A check that a change leaves simulation results alone, bit for bit: run it on the code
before and after (``PYTHONPATH=<worktree>/src``) and compare the two outputs, e.g.::

    PYTHONPATH=/work/main/src .venv/bin/python scripts/log_digest.py > /tmp/before.txt
    PYTHONPATH=$PWD/src .venv/bin/python scripts/log_digest.py > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt && echo identical

The digest covers every column of ``result.log`` and ``result.cases`` as raw bytes
(floats as their 8 bytes, not as printed), so a last-bit change in one duration shows.
The permit model (``../shared/bench/permit.bpmn`` + ``permit.json``) runs 10,000 cases
with seed 0; each ``simulations/*.toml`` runs with its own cases, seed and replications
(``--cases`` caps them for a quicker check), and so does the permit model's TOML twin
``tests/data/sim/permit.toml``.
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PERMIT = ROOT.parent / "shared" / "bench" / "permit"
#: the permit model written as a scenario (seed 7; normal, log-normal and gamma laws)
TWIN = ROOT / "tests" / "data" / "sim" / "permit.toml"


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's column names and values (numbers as raw bytes)."""
    h = hashlib.sha256()
    for name in frame.columns:
        h.update(str(name).encode() + b"\x00")
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(object)
        values = column.to_numpy()
        if values.dtype.kind in "biufmM":
            h.update(str(values.dtype).encode())
            h.update(np.ascontiguousarray(values).tobytes())
        else:
            h.update("\x1f".join(map(str, values)).encode())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=None,
                        help="cap every bundled scenario's cases (default: their own)")
    parser.add_argument("--permit-cases", type=int, default=10_000)
    args = parser.parse_args(argv)

    from probisnis.sim.prosimos import load_prosimos
    from probisnis.sim.runner import simulate
    from probisnis.sim.scenario_toml import load_scenario

    permit = load_prosimos(f"{PERMIT}.bpmn", f"{PERMIT}.json", cases=args.permit_cases,
                           start=datetime(2025, 1, 6, 9), seed=0)
    runs = [("permit.bpmn+permit.json", permit, {}),
            ("tests/data/sim/permit.toml", load_scenario(TWIN), {})]
    for path in sorted((ROOT / "simulations").glob("*.toml")):
        cap = {} if args.cases is None else {"cases": args.cases}
        runs.append((path.name, load_scenario(path), cap))
    for name, scenario, options in runs:
        result = simulate(scenario, **options)  # type: ignore[arg-type]
        print(f"{name}\tlog {len(result.log)} rows {frame_digest(result.log)}"
              f"\tcases {len(result.cases)} {frame_digest(result.cases)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
