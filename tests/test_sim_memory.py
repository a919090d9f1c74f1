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
import pytest

from probisnis.sim.compile import compile_scenario
from probisnis.sim.distributions import Exponential
from probisnis.sim.engine import Engine
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.runner import _labels, simulate
from probisnis.sim.scenario_toml import load_scenario
from probisnis.sim.streamed import StreamedRun

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


def _slow(cases: int) -> Any:
    """The permit scenario with ``cases`` cases arriving about once a working day (gaps
    of a truncated exponential law: drawn a block at a time)."""
    s = load_scenario(PERMIT)
    slow = replace(s.arrivals, interarrival=Exponential(8 * 3600.0, 0.0, 0.0, 36 * 3600.0))
    return replace(s, cases=cases, horizon=None, arrivals=slow)


def _streamed_peak(cases: int, folder: Path | None = None) -> int:
    """tracemalloc peak of a streamed run (log, case table and KPIs to files and live
    state; chunks of 2,000 rows) of ``cases`` permit cases arriving about once a working
    day: 24,000 of them span about 90 simulated years, so whatever grows with the cases or
    with the simulated days shows."""
    with tempfile.TemporaryDirectory() as tmp:
        where = folder or Path(tmp)
        gc.collect()
        tracemalloc.start()
        try:
            result = simulate(_slow(cases), log_path=where / "log.parquet",
                              cases_path=where / "cases.parquet", chunk_rows=2_000)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.status_counts == {"finished": cases}
    return peak


def test_streamed_run_memory_is_flat_in_cases_and_simulated_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A streamed run three times as long peaks at about the same memory: no arrival times
    held for the run (8 bytes a case), no working periods kept since the start, at most a
    row group of rows held for the files (made small here: the 24,000-case run writes
    about 30 of them, so that holding them would show). Measured from 8,000 to 24,000
    cases: +0.05 MB (+0.23 MB while cases still left reference cycles to the collector);
    before blocks of arrivals and the calendars' window, +1.33 MB; with the files' row
    groups of 131,072 rows (neither run fills two), +1.62 MB."""
    monkeypatch.setattr(StreamedRun, "group_rows", 4_096)
    _streamed_peak(300)  # first use: imports, caches
    small = _streamed_peak(8_000)
    large = _streamed_peak(24_000)
    assert large - small < 300_000, f"{(large - small) / 1e6:+.2f} MB"


def test_streamed_files_grow_by_a_row_group_per_group_rows_not_per_chunk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The footer metadata a Parquet writer keeps until the end (and every reader parses:
    about 1 KB per column and row group, outside Python's allocator, so not in the
    tracemalloc peaks above) grows by one row group per ``group_rows`` rows, whatever the
    size of the run's chunks: the files of a 24,000-case run in chunks of 2,000 rows hold
    row groups of exactly ``group_rows`` rows (the last one fewer), the same rows as the
    run in memory, and read back as plain strings, integers and doubles."""
    import pandas as pd
    import pyarrow.parquet as pq

    from probisnis.sim.logsink import LOG_SCHEMA, iter_log_tables
    from probisnis.sim.streamed import CASE_SCHEMA

    monkeypatch.setattr(StreamedRun, "group_rows", 20_000)
    _streamed_peak(24_000, tmp_path)
    memory = simulate(_slow(24_000))
    for name, schema, rows in (("log", LOG_SCHEMA, len(memory.log)),
                               ("cases", CASE_SCHEMA, 24_000)):
        pf = pq.ParquetFile(tmp_path / f"{name}.parquet")
        sizes = [pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)]
        assert sizes == [20_000] * (rows // 20_000) + [rows % 20_000], name
        assert pf.schema_arrow.remove_metadata() == schema  # no dictionary types on reading
        assert (pf.metadata.metadata or {}).get(b"ARROW:schema") is None
    _same(pd.read_parquet(tmp_path / "log.parquet"), memory.log)
    assert [t.num_rows for t in iter_log_tables(tmp_path / "log.parquet")][:3] == [
        20_000, 20_000, 20_000]
    cases = pd.read_parquet(tmp_path / "cases.parquet").sort_values("case_id")
    _same(cases.reset_index(drop=True), memory.cases)


def _same(got: Any, want: Any) -> None:
    """The same columns and values (numbers to the bit, NaN included; strings or None)."""
    assert list(got.columns) == list(want.columns)
    for name in want.columns:
        a, b = got[name], want[name]
        if a.dtype.kind in "if":
            assert a.dtype == b.dtype and np.array_equal(a.to_numpy(), b.to_numpy(),
                                                         equal_nan=a.dtype.kind == "f"), name
        else:
            assert ([None if v is None or v != v else str(v) for v in a.tolist()]
                    == [None if v is None or v != v else str(v) for v in b.tolist()]), name
