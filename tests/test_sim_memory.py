"""Memory of a streamed run: what the engine keeps per case must stay a few bytes.

Measured with :mod:`tracemalloc` (Python allocations, deterministic for a seed), never
with the process RSS or the clock. The event log goes to a sink that drops each chunk,
so what remains after the run is the engine's own per-case state.
"""

from __future__ import annotations

import gc
import tempfile
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from probisnis.sim.compile import compile_scenario
from probisnis.sim.distributions import Exponential
from probisnis.sim.engine import Engine
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.runner import _labels, simulate
from probisnis.sim.scenario_toml import load_scenario

PERMIT = Path(__file__).parent / "data" / "sim" / "permit.toml"


def _retained_after_run(cases: int) -> tuple[int, Engine]:
    """Bytes still allocated after a run of ``cases`` cases (engine kept alive)."""
    compiled = compile_scenario(replace(load_scenario(PERMIT), cases=cases, horizon=None))
    chunks: list[int] = []

    def sink(table: Any) -> None:
        chunks.append(table.num_rows)  # dropped: only the count is kept

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        log = LogColumns(compiled.activities, [p.id for p in compiled.pools], _labels(compiled),
                         0, sink=sink, chunk_rows=500)
        engine = Engine(compiled, replication=0, seed=np.random.SeedSequence(5), log=log)
        engine.run()
        log.flush(force=True)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert sum(chunks) > 4 * cases  # the log really went through the sink
    assert engine.finished == cases and not engine.open_cases
    return after - before, engine


def test_engine_keeps_a_few_bytes_per_finished_case() -> None:
    _retained_after_run(500)  # first use: imports, caches
    small, _ = _retained_after_run(2_000)
    large, engine = _retained_after_run(4_000)
    per_case = (large - small) / 2_000
    # arrival and end times as C doubles: 16 bytes a case (the calendars keep a window of
    # working periods, see test_calendar_window.py); Python floats in lists
    # would be 64 bytes a case, a Case object left behind ~200
    assert per_case < 40, f"{per_case:.1f} bytes retained per case"
    assert len(engine.arrivals) == len(engine.ends) == 4_000


def _streamed_peak(cases: int) -> int:
    """tracemalloc peak of a streamed run (log, case table and KPIs to files and live
    state; chunks of 2,000 rows) of ``cases`` permit cases arriving about once a working
    day: 24,000 of them span about 90 simulated years, so whatever grows with the cases or
    with the simulated days shows."""
    s = load_scenario(PERMIT)
    slow = replace(s.arrivals, interarrival=Exponential(8 * 3600.0, 0.0, 0.0, 36 * 3600.0))
    scenario = replace(s, cases=cases, horizon=None, arrivals=slow)
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        tracemalloc.start()
        try:
            result = simulate(scenario, log_path=Path(tmp) / "log.parquet",
                              cases_path=Path(tmp) / "cases.parquet", chunk_rows=2_000)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.status_counts == {"finished": cases}
    return peak


def test_streamed_run_memory_is_flat_in_cases_and_simulated_time() -> None:
    """A streamed run three times as long peaks at about the same memory: no arrival times
    held for the run (8 bytes a case), no working periods kept since the start. Measured
    from 8,000 to 24,000 cases: +0.05 MB (+0.23 MB while cases still left reference cycles
    to the collector); before blocks of arrivals and the calendars' window, +1.33 MB."""
    _streamed_peak(300)  # first use: imports, caches
    small = _streamed_peak(8_000)
    large = _streamed_peak(24_000)
    assert large - small < 700_000, f"{(large - small) / 1e6:+.2f} MB"
