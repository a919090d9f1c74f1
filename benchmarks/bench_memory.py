"""Peak memory of a 100,000-case simulation with the log streamed to disk and KPIs streamed.

Usage::

    .venv/bin/python benchmarks/bench_memory.py [--cases 100000] [--out DIR] [--cli]

The work runs in a fresh child process so that its peak resident set size
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``) is its own. The child
reads the shared permit model (``../shared/bench/permit.bpmn`` + ``permit.json``,
Prosimos format) for ``--cases`` cases and either

* (default) drives the public API: ``load_prosimos`` → ``simulate(...,
  log_path=OUT/log.parquet)`` (the event log goes to Parquet in row groups as the
  run goes; the in-memory log stays empty) → ``StreamingKpis`` fed the Parquet
  file one row group at a time (``iter_log_chunks``) → ``OUT/kpis.csv``; or
* with ``--cli``, runs ``probisnis simulate BPMN --prosimos JSON --cases N --out OUT
  --stream`` (the log streamed to ``OUT/event_log.parquet``, KPIs read back from it); or
* with ``--in-memory``, runs ``probisnis simulate BPMN --prosimos JSON --cases N`` without
  ``--out``: the whole log held in memory (integer codes and categoricals) and the KPIs
  computed from it, against the issue-9 target of 600 MB for 1,000,000 cases.

It prints the child's peak RSS, the RSS of a child that only imports the same
modules (the floor), and the ratio to the 300 MB target. Measured in this run;
nothing is asserted.

``--scales 1000000,3000000,10000000`` runs the default (API, streamed) child once per size,
each also writing ``cases.csv`` and running the stability check as ``simulate --out`` does,
prints each child's own peak RSS (``RUSAGE_SELF`` in the child) and the ratio of the
largest run's peak to the smallest's: 1.00 would be memory flat in the number of cases.
Long (about 3 minutes per million cases on the shared machine): run it by hand, never in
the tests.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
TARGET_MB = 300.0
IN_MEMORY_TARGET_MB = 600.0


def _child(cases: int, out: Path, imports_only: bool) -> None:
    import pyarrow.parquet  # noqa: F401 - in the import floor too

    from probisnis.sim.kpis import StreamingKpis
    from probisnis.sim.logsink import iter_log_chunks
    from probisnis.sim.prosimos import load_prosimos
    from probisnis.sim.runner import simulate
    from probisnis.whatif.stability import check

    if imports_only:
        return
    t0 = time.perf_counter()
    scenario = load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=cases, seed=1)
    out.mkdir(parents=True, exist_ok=True)
    log_path = out / "log.parquet"
    result = simulate(scenario, log_path=log_path)
    t1 = time.perf_counter()
    acc = StreamingKpis(
        result.cases,
        result.resources,
        calendars=result.calendars,
        process_calendar=result.process_calendar,
        horizon=result.horizon,
    )
    rows = 0
    for chunk in iter_log_chunks(log_path):  # one Parquet row group at a time
        rows += len(chunk)
        acc.update(chunk)
    table = acc.result()
    table.to_csv(out / "kpis.csv", index=False)
    result.cases.to_csv(out / "cases.csv", index=False)  # as `--out` writes them
    check(result)  # the stability verdict simulate prints, read from the Parquet log
    t2 = time.perf_counter()
    print(
        f"child: {len(result.cases)} cases, {rows} log rows in {log_path} "
        f"({log_path.stat().st_size / 1e6:.1f} MB), {len(table)} KPI rows; "
        f"simulate {t1 - t0:.1f} s, KPIs, cases.csv and stability {t2 - t1:.1f} s"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"child peak RSS: {peak:.0f} MB")


def _run_child(args: list[str]) -> float:
    """Run this script as a child with ``args``; return its peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, __file__, *args], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all waited-for children: run the
    # largest child last, or compare against the floor measured first
    return max(after, before) / 1024.0  # kilobytes on Linux


def _scales(sizes: list[int], keep: Path | None) -> None:
    """The streamed run (API, as with ``--out``) at each size in a fresh child; each child's
    own peak RSS, and the ratio of the largest to the smallest (flat memory: close to 1)."""
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            out = (keep or Path(tmp)) / f"out_{n}"
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, __file__, "--child", "--cases", str(n),
                                   "--out", str(out)], check=True, capture_output=True,
                                  text=True)
            print(done.stdout.strip(), flush=True)
            line = [ln for ln in done.stdout.splitlines() if ln.startswith("child peak RSS")]
            peaks[n] = float(line[-1].split()[-2])
            print(f"{n:>12,} cases streamed: peak RSS {peaks[n]:.0f} MB "
                  f"({time.perf_counter() - t0:.0f} s)", flush=True)
            if keep is None:
                shutil.rmtree(out, ignore_errors=True)
    small, large = min(peaks), max(peaks)
    print(f"peak RSS {large:,} / {small:,} cases: {peaks[large] / peaks[small]:.2f} "
          f"for {large // small}x the cases (flat memory would be 1.00)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: a temp dir)"
    )
    parser.add_argument("--cli", action="store_true", help="run the probisnis CLI instead")
    parser.add_argument("--in-memory", action="store_true",
                        help="run the CLI without --out (log in memory; target 600 MB)")
    parser.add_argument("--scales", metavar="N,N,...",
                        help="streamed runs at these sizes (e.g. 1000000,3000000,10000000), "
                             "each in its own child; prints each peak and the ratio")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--imports-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        _child(args.cases, args.out, args.imports_only)
        return 0
    if args.scales:
        _scales(sorted(int(n) for n in args.scales.split(",")), args.out)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "out"
        floor = _run_child(["--child", "--imports-only", "--out", str(out)])
        t0 = time.perf_counter()
        target = TARGET_MB
        if args.in_memory:
            target = IN_MEMORY_TARGET_MB
            cmd = [sys.executable, "-m", "probisnis", "simulate", str(BENCH / "permit.bpmn"),
                   "--prosimos", str(BENCH / "permit.json"), "--cases", str(args.cases)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024.0
        elif args.cli:
            cmd = [
                sys.executable, "-m", "probisnis", "simulate", str(BENCH / "permit.bpmn"),
                "--prosimos", str(BENCH / "permit.json"), "--cases", str(args.cases),
                "--out", str(out), "--stream",
            ]  # fmt: skip
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            subprocess.run(cmd, check=True)
            peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024.0
        else:
            peak = _run_child(["--child", "--cases", str(args.cases), "--out", str(out)])
        elapsed = time.perf_counter() - t0
        mode = "CLI, log in memory" if args.in_memory else "CLI" if args.cli else "API"
        print(f"{args.cases} cases via the {mode}, output in {out}: {elapsed:.1f} s wall-clock")
        print(f"peak RSS of the run: {peak:.0f} MB (imports alone: {floor:.0f} MB)")
        verdict = "met" if peak <= target else "NOT met"
        print(f"peak / target: {peak / target:.2f} of {target:.0f} MB ({verdict})")
        if not args.out:
            print("(temporary output removed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
