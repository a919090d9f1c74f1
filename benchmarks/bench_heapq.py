"""The engine against a hand-written single-file heapq simulator of the same permit model.

``heapq_permit(cases, seed)`` below simulates ``../shared/bench/permit.bpmn`` with the
parameters of ``tests/data/sim/permit.toml`` (the same as ``permit.json``) in plain
Python: one heap of events, FIFO pools, the Monday-Friday 09:00-17:00 calendar, the same
duration laws. It is what a programmer would write for this one model and nothing else;
the engine reads any BPMN model. The script

1. checks that both give the same mean cycle time: R replications each, the 95 % CI of
   the difference of the means (Welch) must contain 0 (exit 1 otherwise);
2. times 10,000 cases in this process (best of ``--repeat``), CPU seconds, and prints the
   ratio engine / heapq against the target of 2x;
3. times ``simulate`` of the bundled M1 scenario (``simulations/m1_sekretariat_daerah.toml``:
   subprocesses, call activities, a weekly boundary timer, a "sewaktu-waktu" event
   subprocess, terminate end) on the heap kernel and on the simpy path it ran on before the
   kernel knew timers, and prints simpy / heap (both logs are checked identical first).

Run from the repository root: ``.venv/bin/python benchmarks/bench_heapq.py``.
"""

from __future__ import annotations

import argparse
import heapq
import math
import sys
import time
from collections import deque
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "data" / "sim" / "permit.toml"
TARGET = 2.0

DAY, WORK = 86400.0, 8 * 3600.0  # t = 0 is Monday 09:00; working 09:00-17:00 Mon-Fri


def next_working(t: float) -> float:
    k = math.floor(t / DAY)
    if k % 7 < 5 and t - k * DAY < WORK:
        return t
    k += 1
    while k % 7 >= 5:
        k += 1
    return k * DAY


def add_working(t: float, w: float) -> float:
    t = next_working(t)
    while True:
        k = math.floor(t / DAY)
        left = k * DAY + WORK - t
        if w <= left:
            return t + w
        w -= left
        t = next_working(k * DAY + WORK)


def _truncated(draw, lo: float, hi: float):  # type: ignore[no-untyped-def]
    def sample(rng: np.random.Generator, n: int) -> np.ndarray:
        out = draw(rng, n)
        bad = (out < lo) | (out > hi)
        while bad.any():
            out[bad] = draw(rng, int(bad.sum()))
            bad = (out < lo) | (out > hi)
        return out
    return sample


_S2 = math.log(1 + 1_440_000 / 3600**2)
LAWS = {
    "receive": _truncated(lambda r, n: r.normal(600, 120, n), 60, 1800),
    "verify": _truncated(lambda r, n: r.exponential(1200, n), 0, 7200),
    "request": lambda r, n: np.full(n, 300.0),
    "fee": lambda r, n: r.uniform(300, 900, n),
    "assess": _truncated(lambda r, n: r.lognormal(math.log(3600) - _S2 / 2, math.sqrt(_S2), n),
                         600, 14400),
    "decide": _truncated(lambda r, n: r.gamma(1800**2 / 360000, 360000 / 1800, n), 300, 7200),
}
POOL = {"receive": 0, "verify": 0, "request": 0, "fee": 0, "assess": 1, "decide": 2}
COUNT = [3, 4, 2]  # clerk, officer, manager
NEXT = {"receive": "verify", "request": "verify", "verify": "branch", "assess": "join",
        "fee": "join", "decide": None}


def heapq_permit(cases: int, seed: int) -> np.ndarray:
    """Cycle times (seconds) of ``cases`` permit cases."""
    rng = np.random.default_rng(seed)
    draws = {k: iter(f(rng, cases * 3 + 16).tolist()) for k, f in LAWS.items()}
    gaps = _truncated(lambda r, n: r.exponential(1200, n), 0, 36000)(rng, cases).tolist()
    branch = iter(rng.random(cases * 3 + 16).tolist())
    free = list(COUNT)
    queues: list[deque[tuple[int, str]]] = [deque(), deque(), deque()]
    arrival = [0.0] * cases
    end = [0.0] * cases
    joined = [0] * cases
    events: list[tuple[float, int, int, str]] = []  # (time, seq, case, finished task)
    seq = 0
    t = 0.0
    for c in range(cases):  # arrivals: the first at 0, then the gaps, moved into hours
        if c:
            t += gaps[c]
        t = next_working(t)
        arrival[c] = t
    now = 0.0

    def start(c: int, task: str) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (add_working(now, next(draws[task])), seq, c, task))

    def request(c: int, task: str) -> None:
        p = POOL[task]
        if free[p]:
            free[p] -= 1
            start(c, task)
        else:
            queues[p].append((c, task))

    a = 0
    while a < cases or events:
        if a < cases and (not events or arrival[a] <= events[0][0]):
            now = arrival[a]
            request(a, "receive")
            a += 1
            continue
        now, _, c, task = heapq.heappop(events)
        p = POOL[task]
        if queues[p]:
            start(*queues[p].popleft())
        else:
            free[p] += 1
        nxt = NEXT[task]
        if task == "verify":
            if next(branch) < 0.8:
                request(c, "assess")
                request(c, "fee")
            else:
                request(c, "request")
        elif nxt == "join":
            joined[c] += 1
            if joined[c] == 2:
                request(c, "decide")
        elif nxt is not None:
            request(c, nxt)
        else:
            end[c] = now
    return np.asarray(end) - np.asarray(arrival)


_LOADED: dict[Path, object] = {}  # scenarios read once, outside the timings


def engine_permit(cases: int, seed: int) -> np.ndarray:
    """The same with the engine (scenario read once, outside the timings; log in memory)."""
    from probisnis.sim import load_scenario, simulate

    if SCENARIO not in _LOADED:
        _LOADED[SCENARIO] = load_scenario(SCENARIO)
    r = simulate(_LOADED[SCENARIO], cases=cases, seed=seed, replications=1)  # type: ignore[arg-type]
    return (r.cases["end"] - r.cases["arrival"]).to_numpy()


M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
#: two pools exchanging messages, an event-based gateway (on simpy until the heap kernel
#: learnt messages)
PENUGASAN_1C = ROOT / "simulations" / "penugasan_1c_penunjukkan_lintas_instansi.toml"


def m1_simulate(cases: int, seed: int, kernel: str, path: Path = M1) -> object:
    """``simulate`` of scenario ``path`` (M1; read once) with the loop ``kernel`` forced."""
    from functools import partial
    from unittest import mock

    from probisnis.sim import load_scenario, runner, simulate
    from probisnis.sim.kernel import engine_for

    if path not in _LOADED:
        _LOADED[path] = load_scenario(path)
    with mock.patch.object(runner, "engine_for", partial(engine_for, kernel=kernel)):
        r = simulate(_LOADED[path], cases=cases, seed=seed, replications=1)  # type: ignore[arg-type]
    assert r.kernel == kernel
    return r


def bench_m1(cases: int, repeat: int, path: Path = M1, label: str = "M1",
             why: str = "M1 ran on simpy before the kernel knew its timers") -> float:
    """CPU seconds of scenario ``path`` (M1) on each loop (best of ``repeat``); returns
    simpy / heap."""
    import pandas as pd

    heap, slow = m1_simulate(cases, 1, "heap", path), m1_simulate(cases, 1, "simpy", path)
    pd.testing.assert_frame_equal(heap.log, slow.log)  # type: ignore[attr-defined]
    pd.testing.assert_frame_equal(heap.cases, slow.cases)  # type: ignore[attr-defined]
    best = {}
    for kernel in ("heap", "simpy"):
        times = []
        for k in range(repeat):
            t0 = time.process_time()
            m1_simulate(cases, k, kernel, path)
            times.append(time.process_time() - t0)
        best[kernel] = min(times)
        print(f"{label} {kernel:5s} {cases} cases: {best[kernel]:.3f} s CPU (best of {repeat})")
    ratio = best["simpy"] / best["heap"]
    print(f"{label} simpy path (before) / heap kernel (after): {ratio:.2f}x "
          f"(the same log; {why})")
    run = {k: min(_engine_run(path, cases, seed, k) for seed in range(repeat))
           for k in ("heap", "simpy")}
    print(f"{label} the engine's run alone (no result tables, KPIs): heap {run['heap']:.3f} s, "
          f"simpy {run['simpy']:.3f} s CPU: {run['simpy'] / run['heap']:.2f}x")
    return ratio


def _engine_run(path: Path, cases: int, seed: int, kernel: str) -> float:
    """CPU seconds of one replication's ``Engine.run`` on loop ``kernel``."""
    from dataclasses import replace

    from probisnis.sim.compile import compile_scenario
    from probisnis.sim.eventlog import LogColumns
    from probisnis.sim.kernel import engine_for
    from probisnis.sim.runner import _labels

    compiled = compile_scenario(replace(_LOADED[path], cases=cases))  # type: ignore[arg-type, type-var]
    log = LogColumns(compiled.activities, [p.id for p in compiled.pools], _labels(compiled), 0)
    engine = engine_for(compiled, replication=0, seed=np.random.SeedSequence(seed), log=log,
                        kernel=kernel)
    t0 = time.process_time()
    engine.run()
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--replications", type=int, default=10)
    ap.add_argument("--check-cases", type=int, default=3000)
    ap.add_argument("--m1-cases", type=int, default=600)
    ap.add_argument("--penugasan-cases", type=int, default=3000,
                    help="cases of penugasan_1c (messages, event-based gateway; 0: skip)")
    ap.add_argument("--scenarios-only", action="store_true",
                    help="only the bundled scenarios on both loops (no heapq comparison)")
    args = ap.parse_args(argv)
    if args.scenarios_only:
        _scenarios(args)
        return 0
    engine_permit(50, 0)  # imports and caches outside the timings
    means = {"engine": [], "heapq": []}  # type: dict[str, list[float]]
    for i in range(args.replications):
        means["engine"].append(float(engine_permit(args.check_cases, 100 + i).mean()))
        means["heapq"].append(float(heapq_permit(args.check_cases, 100 + i).mean()))
    e, h = np.array(means["engine"]), np.array(means["heapq"])
    diff = e.mean() - h.mean()
    se = math.sqrt(e.var(ddof=1) / len(e) + h.var(ddof=1) / len(h))
    dof = se**4 / ((e.var(ddof=1) / len(e)) ** 2 / (len(e) - 1)
                   + (h.var(ddof=1) / len(h)) ** 2 / (len(h) - 1))
    half = float(stats.t.ppf(0.975, dof)) * se
    agree = abs(diff) <= half
    print(f"mean cycle time, {args.replications} x {args.check_cases} cases: engine "
          f"{e.mean() / 3600:.2f} h, heapq {h.mean() / 3600:.2f} h, difference "
          f"{diff / 3600:+.2f} h ± {half / 3600:.2f} h (95 % CI) -> "
          f"{'same' if agree else 'DIFFERENT'}")
    best = {}
    for name, fn in (("engine", engine_permit), ("heapq", heapq_permit)):
        times = []
        for k in range(args.repeat):
            t0 = time.process_time()
            fn(args.cases, k)
            times.append(time.process_time() - t0)
        best[name] = min(times)
        print(f"{name:7s} {args.cases} cases: {best[name]:.3f} s CPU (best of {args.repeat})")
    ratio = best["engine"] / best["heapq"]
    print(f"engine / heapq: {ratio:.2f}x (target <= {TARGET:.0f}x: "
          f"{'met' if ratio <= TARGET else 'not met'})")
    _scenarios(args)
    return 0 if agree else 1


def _scenarios(args: argparse.Namespace) -> None:
    if args.m1_cases:
        bench_m1(args.m1_cases, args.repeat)
    if args.penugasan_cases:
        bench_m1(args.penugasan_cases, args.repeat, PENUGASAN_1C, "penugasan_1c",
                 "penugasan_1c ran on simpy before the kernel knew messages")


if __name__ == "__main__":
    sys.exit(main())
