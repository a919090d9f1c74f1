"""Export time against simulation time, in one process and one run.

Usage::

    .venv/bin/python benchmarks/bench_export.py [--cases 50000] [--repeat 3]

Simulates the shared permit model (``../shared/bench/permit.bpmn`` + ``permit.json``,
Prosimos format) for ``--cases`` cases with the event log in memory, then times, on that
log, :func:`write_csv` and :func:`write_parquet` (with the pools' working calendars, so the
``*_working_seconds`` columns are computed), and :func:`kpis`. Then the streamed path of
``simulate --out``: the same simulation with the log written to Parquet as it runs, and
the CSV made from that file one row group at a time. Prints CPU seconds
(``time.process_time``, this process only: steadier than wall-clock on a shared machine;
best of ``--repeat``) and the ratios to the simulation's own time against the target of
1.0 (issue 9: "CSV/Parquet export at most the simulation's own time"). Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        t0 = time.process_time()
        value = fn()
        times.append(time.process_time() - t0)
    return min(times), value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from probisnis.sim.export import write_csv, write_parquet
    from probisnis.sim.kpis import kpis
    from probisnis.sim.prosimos import load_prosimos
    from probisnis.sim.runner import simulate

    scenario = load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=args.cases,
                             seed=1)
    simulate(load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=100, seed=1))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t_sim, result = best(args.repeat, lambda: simulate(scenario))
        options = {"start": result.start, "calendars": dict(result.calendars),
                   "process_calendar": result.process_calendar}
        t_csv, _ = best(args.repeat, lambda: write_csv(result.log, out / "log.csv", **options))
        t_pq, _ = best(args.repeat,
                       lambda: write_parquet(result.log, out / "log.parquet", **options))
        horizons = dict(enumerate(result.ends))
        t_kpi, _ = best(args.repeat, lambda: kpis(
            result.log, result.cases, result.resources, calendars=options["calendars"],
            process_calendar=options["process_calendar"], horizon=horizons))
        rows = len(result.log)

        streamed_path = out / "streamed.parquet"
        t_stream, _ = best(args.repeat,
                                  lambda: simulate(scenario, log_path=streamed_path))
        try:  # the Arrow row groups if this version has them, else the pandas chunks
            from probisnis.sim.logsink import iter_log_tables as chunks
        except ImportError:
            from probisnis.sim.logsink import iter_log_chunks as chunks
        t_scsv, _ = best(args.repeat, lambda: write_csv(
            chunks(streamed_path), out / "streamed.csv", **options))

    print(f"{args.cases} permit cases, {rows} activity instances; CPU seconds, best of "
          f"{args.repeat}")
    print(f"{'step':<42}{'seconds':>9}{'/ simulation':>14}")
    lines = [
        ("simulate, log in memory", t_sim, t_sim),
        ("write_csv (in-memory log)", t_csv, t_sim),
        ("write_parquet (in-memory log)", t_pq, t_sim),
        ("CSV + Parquet (in-memory log)", t_csv + t_pq, t_sim),
        ("kpis (in-memory log)", t_kpi, t_sim),
        ("simulate, log streamed to Parquet", t_stream, t_stream),
        ("write_csv from the streamed Parquet", t_scsv, t_stream),
    ]
    for name, seconds, base in lines:
        print(f"{name:<42}{seconds:>9.3f}{seconds / base:>13.2f}×")
    ratio = (t_csv + t_pq) / t_sim
    print(f"export / simulation: {ratio:.2f} (target at most 1.0: "
          f"{'met' if ratio <= 1.0 else 'NOT met'}); streamed CSV / streamed simulation: "
          f"{t_scsv / t_stream:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
