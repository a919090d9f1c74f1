"""Speed of probisnis against Prosimos 2.1 on the same BPMN + JSON, in one run.

Usage::

    .venv/bin/python benchmarks/bench_prosimos.py [--cases 10000] [--repeat 1] [--seed 1]
    .venv/bin/python benchmarks/bench_prosimos.py --whole  # each side a fresh process

Both simulators get the same two files (``../shared/bench/permit.bpmn`` and
``permit.json`` by default), the same number of cases and the same start
(Monday 6 January 2025, 09:00). Timed for probisnis: reading both files
(:func:`probisnis.sim.prosimos.load_prosimos`) and simulating
(:func:`probisnis.sim.runner.simulate`), the event log kept in memory; for
Prosimos: ``prosimos.simulation_engine.run_simulation`` (which reads both files,
simulates, and returns its KPIs). Module imports are outside the timings for
both. With ``--repeat N`` each side runs N times alternately and the best time
of each is compared. Wall-clock and CPU time (``time.process_time``, this
process only) are both reported: on a shared, loaded machine the CPU-time ratio
is the steadier one. The script prints both times and their ratios, measured in
this run; it asserts nothing about wall-clock time.

``--whole`` times each side as a fresh Python process instead, start-up and imports
included: ``probisnis simulate permit.bpmn --prosimos permit.json --cases N`` (what an
analyst runs; the report printed to a pipe) against a ``python -c`` calling Prosimos's
``run_simulation`` on the same files; CPU time is that of the child process. Both
run with bytecode caching on (a fresh cache directory, one untimed warm-up run each),
as an installed package runs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
START = datetime(2025, 1, 6, 9, 0)
TARGET = 15.0


def run_probisnis(
    bpmn: Path, json_path: Path, cases: int, seed: int
) -> tuple[tuple[float, float], dict[str, float]]:
    from probisnis.sim.prosimos import load_prosimos
    from probisnis.sim.runner import simulate

    t0, c0 = time.perf_counter(), time.process_time()
    scenario = load_prosimos(bpmn, json_path, cases=cases, start=START, seed=seed)
    result = simulate(scenario)
    elapsed = (time.perf_counter() - t0, time.process_time() - c0)
    done = result.cases[result.cases["status"] == "finished"]
    return elapsed, {
        "cases finished": float(len(done)),
        "activity instances": float(len(result.log)),
        "mean case duration (h)": float((done["end"] - done["arrival"]).mean() / 3600),
    }


def run_prosimos(
    bpmn: Path, json_path: Path, cases: int, seed: int
) -> tuple[tuple[float, float], dict[str, float]]:
    from prosimos.simulation_engine import run_simulation

    np.random.seed(seed)  # Prosimos draws from numpy's and random's global states
    random.seed(seed)
    t0, c0 = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kpis, log_info = run_simulation(
            str(bpmn),
            str(json_path),
            cases,
            starting_at=START.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
        )
    elapsed = (time.perf_counter() - t0, time.process_time() - c0)
    process_kpi = kpis[0]
    return elapsed, {
        "cases finished": float(len(log_info.trace_list)),
        "activity instances": float(sum(len(t.event_list) for t in log_info.trace_list)),
        "mean case duration (h)": float(process_kpi.idle_cycle_time.avg / 3600),
    }


def _child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of ``cmd`` run as a child process (exit 0 required)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=Path(__file__).resolve().parents[1], env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole(args: argparse.Namespace) -> int:
    """Both sides as fresh processes, start-up included (``--whole``)."""
    ours = [sys.executable, "-m", "probisnis", "simulate", str(args.bpmn), "--prosimos",
            str(args.json), "--cases", str(args.cases), "--seed", str(args.seed),
            "--start", START.strftime("%Y-%m-%dT%H:%M")]
    theirs = [sys.executable, "-W", "ignore", "-c",
              "import sys; from prosimos.simulation_engine import run_simulation; "
              "run_simulation(sys.argv[1], sys.argv[2], int(sys.argv[3]), "
              "starting_at=sys.argv[4])",
              str(args.bpmn), str(args.json), str(args.cases),
              START.strftime("%Y-%m-%dT%H:%M:%S.000+00:00")]
    # As installed packages run: modules compiled to bytecode once, not at every start. A
    # PYTHONDONTWRITEBYTECODE in the caller's environment (or an editable install never
    # compiled) would make probisnis recompile its own modules on every run (~0.25 s CPU)
    # while Prosimos's site-packages come precompiled; both sides get the same cache
    # directory here, filled by one untimed warm-up run of each.
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        _child(ours, env)
        _child(theirs, env)
        mine, other = [], []
        for _ in range(args.repeat):
            mine.append(_child(ours, env))
            other.append(_child(theirs, env))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"whole processes, {args.cases} cases, {args.repeat} run(s); load average {load}")
    for label, k in (("wall-clock", 0), ("CPU", 1)):
        best_mine, best_other = min(t[k] for t in mine), min(t[k] for t in other)
        ratio = best_other / best_mine
        print(f"{label} best: probisnis {best_mine:.3f} s, Prosimos {best_other:.3f} s, "
              f"ratio {ratio:.1f}x (target >= {TARGET:.0f}x: "
              f"{'met' if ratio >= TARGET else 'NOT met'})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; best time counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bpmn", type=Path, default=BENCH / "permit.bpmn")
    parser.add_argument("--json", type=Path, default=BENCH / "permit.json")
    parser.add_argument("--whole", action="store_true",
                        help="time each side as a fresh process, start-up included")
    args = parser.parse_args(argv)
    if args.whole:
        return whole(args)

    import prosimos.simulation_engine  # noqa: F401 - imports outside the timings

    import probisnis.sim.runner  # noqa: F401

    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for r in range(args.repeat):
        t, our_stats = run_probisnis(args.bpmn, args.json, args.cases, args.seed + r)
        ours.append(t)
        t, their_stats = run_prosimos(args.bpmn, args.json, args.cases, args.seed + r)
        theirs.append(t)

    print(f"model: {args.bpmn.name} + {args.json.name}, {args.cases} cases, {args.repeat} run(s)")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average: {load} on {os.cpu_count()} CPUs")
    print(f"{'':28s}{'probisnis':>14s}{'Prosimos 2.1':>14s}")
    for key in our_stats:
        print(f"{key:28s}{our_stats[key]:14.2f}{their_stats[key]:14.2f}")
    for label, k in (("wall-clock", 0), ("CPU", 1)):
        mine = [t[k] for t in ours]
        other = [t[k] for t in theirs]
        print(
            f"{label} s per run: probisnis {' '.join(f'{t:.2f}' for t in mine)}; "
            f"Prosimos {' '.join(f'{t:.2f}' for t in other)}"
        )
    for label, k in (("wall-clock", 0), ("CPU", 1)):
        best_mine = min(t[k] for t in ours)
        best_other = min(t[k] for t in theirs)
        ratio = best_other / best_mine
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(
            f"{label} best: probisnis {best_mine:.3f} s, Prosimos {best_other:.3f} s, "
            f"ratio {ratio:.1f}x (target >= {TARGET:.0f}x: {verdict})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
