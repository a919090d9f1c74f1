"""``simulate`` with its replications on several processes against one after another, in one
run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_simulate_parallel.py
    .venv/bin/python benchmarks/bench_simulate_parallel.py --cases 20000 --replications 8

1. In process: the permit model (``../shared/bench/permit.bpmn`` + ``permit.json``,
   Prosimos format), ``--replications`` replications of ``--cases`` cases, with
   :func:`probisnis.sim.simulate` ``workers=1`` (one after another), ``workers=2`` and
   ``workers="auto"`` (the command's default): log in memory, then with the event log
   written to Parquet (``log_path``, what ``--out`` does: parts joined in order). Wall
   seconds, best of ``--repeat``, the order of the variants alternated between repeats.
   Then streamed (``log_path`` and ``cases_path``: ``--out --stream``). Checks that every
   variant gives the same tables and the same Parquet bytes.
2. Whole processes: ``probisnis simulate permit.bpmn --prosimos permit.json`` with
   ``--workers 1`` and ``--workers 2`` (start-up included); checks the printed pages are
   equal.
3. Small runs, where a pool is not worth starting: mechanism 1's own scenario (60 cases x 5
   replications) with ``workers=1``, ``2`` and ``"auto"``.

Prints the ratios of wall times sequential / parallel (above 1: parallel is faster), the
CPU seconds of all processes (this one and the pool's workers: what running in parallel
costs, whatever the load) and the load average before and after, since the machine is
shared. Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def cpu() -> float:
    """CPU seconds of this process and of its children that ended (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(repeat: int, runs: dict[str, Callable[[], Any]]
         ) -> dict[str, tuple[float, float, Any]]:
    """Each run's best wall time and best CPU time (all processes) over ``repeat`` rounds
    (order reversed every other round), and its last value."""
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in runs}
    values: dict[str, Any] = {}
    names = list(runs)
    for r in range(repeat):
        for name in (names if r % 2 == 0 else names[::-1]):
            t0, c0 = time.perf_counter(), cpu()
            values[name] = runs[name]()
            times[name].append((time.perf_counter() - t0, cpu() - c0))
    return {k: (min(t for t, _ in times[k]), min(c for _, c in times[k]), values[k])
            for k in runs}


def tables(result: Any) -> tuple[Any, ...]:
    return (result.light("log"), result.light("cases"), result.light("resources"))


def same(a: Any, b: Any) -> bool:
    import numpy as np

    for x, y in zip(tables(a), tables(b), strict=True):
        for name in x.names:
            u, v = x.array(name), y.array(name)
            if not np.array_equal(u, v, equal_nan=u.dtype.kind == "f"):
                return False
    return a.ends == b.ends


def show(title: str, timed: dict[str, tuple[float, float, Any]]) -> None:
    one = timed["workers=1"][0]
    print(title)
    for name, (t, c, _) in timed.items():
        print(f"  {name:<14} wall {t:6.2f} s  sequential/this {one / t:5.2f}x   "
              f"CPU of all processes {c:6.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--replications", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from probisnis.sim.prosimos import load_prosimos
    from probisnis.sim.runner import simulate
    from probisnis.sim.scenario_toml import load_scenario
    from probisnis.whatif.executor import default_workers

    print(f"cores available: {default_workers()}; load average before: {load()}")
    scenario = load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=args.cases,
                             seed=1, replications=args.replications)
    simulate(scenario, cases=100, replications=1)  # warm this process's caches
    variants: dict[str, Any] = {"workers=1": 1, "workers=2": 2, "workers=auto": "auto"}
    timed = best(args.repeat, {k: partial(simulate, scenario, workers=w)
                               for k, w in variants.items()})
    base = timed["workers=1"][2]
    assert all(same(base, v) for _, _, v in timed.values()), "tables differ"
    show(f"permit, {args.replications} x {args.cases:,} cases, log in memory:", timed)

    with tempfile.TemporaryDirectory() as tmp:
        paths = {k: Path(tmp) / f"{i}.parquet" for i, k in enumerate(variants)}
        timed = best(args.repeat, {k: partial(simulate, scenario, workers=w, log_path=paths[k])
                                   for k, w in variants.items()})
        first = paths["workers=1"].read_bytes()
        assert all(p.read_bytes() == first for p in paths.values()), "Parquet files differ"
    show(f"permit, {args.replications} x {args.cases:,} cases, log to Parquet "
         "(what --out does; parts joined in order):", timed)

    with tempfile.TemporaryDirectory() as tmp:
        files = {k: (Path(tmp) / f"l{i}.parquet", Path(tmp) / f"c{i}.parquet")
                 for i, k in enumerate(variants)}
        timed = best(args.repeat, {k: partial(simulate, scenario, workers=w,
                                              log_path=files[k][0], cases_path=files[k][1])
                                   for k, w in variants.items()})
        both = [p.read_bytes() for p in files["workers=1"]]
        assert all([p.read_bytes() for p in f] == both for f in files.values()), \
            "streamed files differ"
    show(f"permit, {args.replications} x {args.cases:,} cases, streamed (what --out --stream "
         "does: log, case table, KPIs while it runs):", timed)

    command = [sys.executable, "-m", "probisnis", "simulate", str(BENCH / "permit.bpmn"),
               "--prosimos", str(BENCH / "permit.json"), "--cases", str(args.cases),
               "--replications", str(args.replications), "--seed", "1"]
    pages: dict[str, str] = {}

    def whole(w: str) -> Callable[[], None]:
        def run() -> None:
            proc = subprocess.run([*command, "--workers", w], capture_output=True, text=True,
                                  check=True, cwd=ROOT)
            pages[w] = proc.stdout
        return run

    timed = best(args.repeat, {"workers=1": whole("1"), "workers=2": whole("2")})
    assert pages["1"] == pages["2"], "printed pages differ"
    show("whole process, `probisnis simulate permit.bpmn --prosimos permit.json` "
         "(start-up included; pages equal):", timed)

    m1 = load_scenario(M1)
    timed = best(max(args.repeat, 5), {k: partial(simulate, m1, workers=w)
                                       for k, w in variants.items()})
    show(f"mechanism 1 as bundled ({m1.replications} x {m1.cases} cases: too small for a "
         "pool):", timed)
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
