"""Peak memory of ``probisnis simulate --out DIR --stream`` against the in-memory run, by
number of cases; and where the time of the KPI step goes.

Usage::

    .venv/bin/python benchmarks/bench_memory.py [--scales 1000000,3000000,10000000]
                                                [--memory-max 3000000] [--out DIR]
    .venv/bin/python benchmarks/bench_memory.py --kpi-step 1000000

Each run is a fresh child process that calls ``probisnis.cli.main`` in process on the shared
permit model (``../shared/bench/permit.bpmn`` + ``permit.json``, Prosimos format) and
prints its own peak resident set size (``getrusage(RUSAGE_SELF).ru_maxrss``), and for a
streamed run also that peak as it was when the simulation ended (the rest of the command
writes the CSV files and reads the Parquet files back for the stability check):

* streamed: ``simulate BPMN --prosimos JSON --cases N --out DIR --stream`` (event log, case
  table and every CSV written as the run goes, KPIs computed during the run, the stability
  verdict read back from the files), at every size of ``--scales``;
* in memory: the same without ``--out`` (the whole log and case table held), at the sizes up
  to ``--memory-max`` (it grows by about 0.5 GB per million cases).

It prints, per size, both peaks and their ratio (streamed / in memory), and the slope of each
path in MB per million cases between the smallest and the largest size it ran: flat memory is
a slope near 0 and a largest/smallest ratio near 1.00. The child prints the wall-clock time
of the run, nothing is asserted. About 1-2 minutes per million cases on the shared 2-core
machine: run it by hand (``nice``), never in the tests.

``--kpi-step N`` times the KPI step of an N-case run four ways in one process: in memory
(:func:`kpis` on the in-memory log), from the Parquet log as ``simulate --out`` did before
``--stream`` computed them during the run (:func:`kpis_from_parquet`, row groups of 20,000
rows, strings), the same with the row groups read as categoricals, and the same regrouped
into chunks of 100,000 rows: which of chunk count and string columns makes the streamed
step slower.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def _cli_args(cases: int, out: Path | None) -> list[str]:
    args = ["simulate", str(BENCH / "permit.bpmn"), "--prosimos", str(BENCH / "permit.json"),
            "--cases", str(cases), "--seed", "1"]
    return args + (["--out", str(out), "--stream"] if out is not None else [])


def _peak() -> float:
    """This process's peak RSS so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _child(cases: int, out: Path | None) -> None:
    import contextlib
    import io

    from probisnis.cli import main
    from probisnis.sim.outputs import SimulationOutputs

    run_peak: list[float] = []
    simulate = SimulationOutputs.simulate

    def timed(self: SimulationOutputs, *args: object, **kwargs: object) -> object:
        try:
            return simulate(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            run_peak.append(_peak())  # the peak up to the end of the run (before the files)

    SimulationOutputs.simulate = timed  # type: ignore[assignment,method-assign]
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(_cli_args(cases, out))
    elapsed = time.perf_counter() - t0
    print(f"child: exit {code}, {elapsed:.1f} s")
    if run_peak:
        print(f"child peak RSS by the end of the run: {run_peak[0]:.0f} MB")
    print(f"child peak RSS: {_peak():.0f} MB")


def _load() -> str:
    """The 1-minute load average (the machine is shared: say how busy it was)."""
    return f"load {os.getloadavg()[0]:.1f}"


def _measure(cases: int, out: Path | None) -> tuple[float, float, float | None]:
    """Peak RSS (MB) of one child run, its wall-clock seconds, and (with ``out``) its peak
    RSS by the end of the simulation (before the CSV files, the documents and the stability
    check read the Parquet files back)."""
    cmd = [sys.executable, __file__, "--child", "--cases", str(cases)]
    if out is not None:
        cmd += ["--out", str(out)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    lines = done.stdout.splitlines()
    whole = [ln for ln in lines if ln.startswith("child peak RSS:")]
    run = [ln for ln in lines if ln.startswith("child peak RSS by the end of the run")]
    return (float(whole[-1].split()[-2]), time.perf_counter() - t0,
            float(run[-1].split()[-2]) if run else None)


def _slope(peaks: dict[int, float]) -> str:
    if len(peaks) < 2:
        return "n/a (one size)"
    small, large = min(peaks), max(peaks)
    per_million = (peaks[large] - peaks[small]) / ((large - small) / 1e6)
    return (f"{per_million:+.1f} MB per million cases; {large:,}/{small:,} cases: "
            f"{peaks[large] / peaks[small]:.2f}x the memory for {large / small:.1f}x the cases")


def _scales(sizes: list[int], memory_max: int, keep: Path | None) -> None:
    streamed: dict[int, float] = {}
    memory: dict[int, float] = {}
    print(f"start: {_load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            if n <= memory_max:
                memory[n], secs, _ = _measure(n, None)
                print(f"{n:>12,} cases in memory: peak RSS {memory[n]:7.0f} MB ({secs:.0f} s, "
                      f"{_load()})", flush=True)
            out = (keep or Path(tmp)) / f"out_{n}"
            streamed[n], secs, by_run = _measure(n, out)
            size = sum(f.stat().st_size for f in out.iterdir()) / 1e9
            print(f"{n:>12,} cases streamed:  peak RSS {streamed[n]:7.0f} MB ({by_run:.0f} MB "
                  f"by the end of the run; {secs:.0f} s, {size:.1f} GB written, {_load()})",
                  flush=True)
            if keep is None:
                shutil.rmtree(out, ignore_errors=True)
    print()
    print(f"{'cases':>12}  {'streamed MB':>11}  {'in memory MB':>12}  streamed/in memory")
    for n in sizes:
        m = memory.get(n)
        ratio = f"{streamed[n] / m:.2f}" if m else "-"
        print(f"{n:>12,}  {streamed[n]:>11.0f}  {m if m else float('nan'):>12.0f}  {ratio}")
    print(f"slope streamed:  {_slope(streamed)}")
    print(f"slope in memory: {_slope(memory)}")


def _kpi_step(cases: int) -> None:
    import pyarrow.parquet as pq

    from probisnis.sim.kpis import StreamingKpis, kpis, kpis_from_parquet
    from probisnis.sim.prosimos import load_prosimos
    from probisnis.sim.runner import simulate

    scenario = load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=cases, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        memory = simulate(scenario)
        t1 = time.perf_counter()
        opts: dict[str, Any] = {
            "calendars": dict(memory.calendars), "process_calendar": memory.process_calendar,
            "horizon": dict(enumerate(memory.ends)),
            "utilization_window": scenario.utilization_window}
        kpis(memory.log, memory.cases, memory.resources, **opts)
        t2 = time.perf_counter()
        log = Path(tmp) / "log.parquet"
        cases_path = Path(tmp) / "cases.parquet"
        streamed = simulate(scenario, log_path=log)
        t3 = time.perf_counter()
        kpis_from_parquet(log, streamed.cases, streamed.resources, **opts)
        t4 = time.perf_counter()
        pf = pq.ParquetFile(log)
        acc = StreamingKpis(streamed.cases, streamed.resources, **opts)
        for i in range(pf.num_row_groups):
            acc.update(pf.read_row_group(i).to_pandas(strings_to_categorical=True))
        acc.result()
        t5 = time.perf_counter()
        acc = StreamingKpis(streamed.cases, streamed.resources, **opts)
        for batch in pf.iter_batches(batch_size=100_000):
            acc.update(batch.to_pandas(strings_to_categorical=True))
        acc.result()
        t6 = time.perf_counter()
        simulate(scenario, log_path=Path(tmp) / "live.parquet", cases_path=cases_path)
        t7 = time.perf_counter()
    print(f"{cases:,} cases, {pf.metadata.num_rows:,} log rows in {pf.num_row_groups} row groups")
    print(f"simulate in memory {t1 - t0:.1f} s; KPIs in memory {t2 - t1:.1f} s (1.00)")
    base = t2 - t1
    print(f"simulate, log streamed {t3 - t2:.1f} s; KPIs from the Parquet log, strings, "
          f"row groups {t4 - t3:.1f} s ({(t4 - t3) / base:.2f})")
    print(f"  same, categoricals: {t5 - t4:.1f} s ({(t5 - t4) / base:.2f}); categoricals in "
          f"100,000-row chunks: {t6 - t5:.1f} s ({(t6 - t5) / base:.2f})")
    print(f"simulate --stream (KPIs during the run): {t7 - t6:.1f} s, i.e. "
          f"{(t7 - t6) - (t3 - t2):+.1f} s over the streamed simulation alone")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1000000,3000000,10000000", metavar="N,N,...")
    parser.add_argument("--memory-max", type=int, default=3_000_000,
                        help="largest size also run in memory (default 3,000,000)")
    parser.add_argument("--out", type=Path, default=None,
                        help="keep the output folders here (default: a temp dir)")
    parser.add_argument("--kpi-step", type=int, metavar="N",
                        help="time the KPI step of an N-case run four ways")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cases", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.cases, args.out)
        return 0
    if args.kpi_step:
        _kpi_step(args.kpi_step)
        return 0
    _scales(sorted(int(n) for n in args.scales.split(",")), args.memory_max, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
