"""Parallel replications: speed-up of 2 workers over 1, and the wall time of a sweep.

Run from the repository root::

    .venv/bin/python benchmarks/bench_parallel.py             # 8 replications, 10 x 30 sweep
    .venv/bin/python benchmarks/bench_parallel.py --replications 8 --sweep-reps 30

1. The same 8 replications of mechanism 1 (``simulations/m1_sekretariat_daerah.toml``,
   ``--cases`` cases each, default 600) run by
   :class:`probisnis.whatif.executor.LocalExecutor` with 1 worker
   (in this process) and with 2 worker processes (pool start-up included); prints both wall
   times and the speed-up (target >= 1.7x), and checks the two give identical KPIs.
2. A sweep of ``resources.JFJP.count`` over 10 values x 30 replications on all cores:
   prints the wall time as measured.

Nothing is asserted about time; on a shared machine the numbers depend on the load, so the
load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from probisnis.whatif.executor import LocalExecutor, default_workers
from probisnis.whatif.jobs import Job, run_job
from probisnis.whatif.sweep import sweep
from probisnis.whatif.variants import ScenarioRef

ROOT = Path(__file__).resolve().parents[1]
M1 = str(ROOT / "simulations" / "m1_sekretariat_daerah.toml")


def _timed(workers: int, jobs: list[Job]) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    with LocalExecutor(workers) as executor:
        outcome = executor.run(run_job, jobs)
    wall = time.perf_counter() - start
    kpis = pd.concat([r.kpis for r in outcome.results], ignore_index=True)
    return wall, kpis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=8)
    parser.add_argument("--cases", type=int, default=600,
                        help="cases per replication for the speed-up (default 600: with M1's "
                        "own 60 a replication takes ~30 ms and pool start-up is what is "
                        "measured)")
    parser.add_argument("--points", type=int, default=10)
    parser.add_argument("--sweep-reps", type=int, default=30)
    args = parser.parse_args()
    print(f"cores available: {default_workers()}, load average: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    jobs = [Job(ScenarioRef(M1), i, 2025, cases=args.cases)
            for i in range(args.replications)]
    run_job(jobs[0])  # warm this process's caches as a worker's would be
    one, k1 = _timed(1, jobs)
    two, k2 = _timed(2, jobs)
    pd.testing.assert_frame_equal(k1, k2)
    print(f"{args.replications} replications of M1 ({args.cases} cases each): 1 worker "
          f"{one:.2f} s, 2 workers {two:.2f} s, speed-up {one / two:.2f}x (target >= 1.7x); "
          "KPIs identical")
    if args.points < 1:
        return
    values = list(range(3, 3 + args.points))
    start = time.perf_counter()
    with LocalExecutor() as executor:
        result = sweep(M1, {"resources.JFJP.count": values}, replications=args.sweep_reps,
                       executor=executor)
    wall = time.perf_counter() - start
    sat = result.saturation[0]
    print(f"sweep of M1, resources.JFJP.count = {values[0]}..{values[-1]} "
          f"({args.points} points x {args.sweep_reps} replications, "
          f"{default_workers()} workers): {wall:.1f} s wall; saturation at "
          f"{sat.value} (last safe {sat.last_safe})")


if __name__ == "__main__":
    main()
