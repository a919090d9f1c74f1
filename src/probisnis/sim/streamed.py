"""A streamed run: the event log, the case table and the KPIs written and computed while the
run goes, in memory that does not grow with the number of cases.

:func:`probisnis.sim.runner.simulate` with ``cases_path`` uses :class:`StreamedRun`: each
replication's engine hands its log in chunks (:class:`~probisnis.sim.eventlog.LogColumns`
with a sink); with every chunk go the arrivals of the cases started since the last one and
the cases that ended (the engine's ``ended`` hook), so that

* the log chunk is appended to the Parquet event log,
* the ended cases are appended to the Parquet case table (in the order they end; the cases
  still in flight at the end come last),
* :class:`~probisnis.sim.kpis_live.LiveKpis` adds the chunk to its KPIs and forgets the
  cases it has closed.

Both files are written in row groups of :data:`~probisnis.sim.logsink.GROUP_ROWS` rows
(:class:`~probisnis.sim.logsink.RowGroupWriter`), not one per chunk: the footer metadata the
writers keep until the end, and the readers after the run parse, then grows by about 1 KB
per column every 131,072 rows (0.3 MB for ten million permit cases) instead of every chunk
(about 40 MB). The files are written under the names the caller gives (temporary names,
renamed when whole: :class:`probisnis.sim.outputs.SimulationOutputs`).
"""

from __future__ import annotations

import os
from array import array
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from probisnis.errors import UsageError
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.compile import Compiled
from probisnis.sim.kpi_inputs import parallel_batches_of
from probisnis.sim.kpis_live import LiveKpis
from probisnis.sim.logsink import GROUP_ROWS, RowGroupWriter, log_schema
from probisnis.sim.result import CASE_COLUMNS, RESOURCE_COLUMNS
from probisnis.sim.scenario import has_batches

__all__ = ["CASE_SCHEMA", "StreamedRun", "cases_writer", "log_writer"]

#: Arrow types of the case table (``status``: finished, in_flight or failed)
CASE_SCHEMA = pa.schema([
    ("case_id", pa.int64()),
    ("replication", pa.int64()),
    ("arrival", pa.float64()),
    ("end", pa.float64()),
    ("status", pa.string()),
])
assert tuple(CASE_SCHEMA.names) == CASE_COLUMNS

_STATUS = np.array(["finished", "failed"], dtype=object)


def log_writer(path: str | os.PathLike[str], compiled: Compiled, *,
               group_rows: int = GROUP_ROWS) -> RowGroupWriter:
    """The writer of a streamed run's event log (also what joins the parts of replications
    run in parallel, :mod:`probisnis.sim.parallel`, into the same bytes)."""
    return RowGroupWriter(path, log_schema(batched=has_batches(compiled.scenario)),
                          group_rows=group_rows,
                          repeated=("case_id", "replication", "batch_id"), what="event log")


def cases_writer(path: str | os.PathLike[str], *,
                 group_rows: int = GROUP_ROWS) -> RowGroupWriter:
    """The writer of a streamed run's case table (see :func:`log_writer`)."""
    return RowGroupWriter(path, CASE_SCHEMA, group_rows=group_rows, repeated=("replication",),
                          what="case table")


class StreamedRun:
    """The sinks of one streamed :func:`~probisnis.sim.runner.simulate` call (all its
    replications): ``log_path`` and ``cases_path`` Parquet files and the live KPIs."""

    #: rows of the files' row groups
    group_rows = GROUP_ROWS

    def __init__(self, compiled: Compiled, log_path: str | os.PathLike[str],
                 cases_path: str | os.PathLike[str], *, warmup_cases: int = 0,
                 period: str = "day", utilization_window: str = "run") -> None:
        s = compiled.scenario
        always = WorkingCalendar.always()
        self.process_calendar = s.calendar or always
        calendars = {p.id: p.calendar or s.calendar or always for p in compiled.pools}
        pools = pd.DataFrame({
            "resource": [p.id for p in compiled.pools],
            "replication": 0, "count": [p.count for p in compiled.pools],
            "availability": [p.availability for p in compiled.pools],
            "available_seconds": np.nan, "busy_seconds": np.nan,
            "cost_per_hour": [p.cost_per_hour for p in compiled.pools],
        }, columns=list(RESOURCE_COLUMNS))
        self.kpis = LiveKpis(pools, calendars=calendars, process_calendar=self.process_calendar,
                             warmup_cases=warmup_cases, period=period,
                             utilization_window=utilization_window,
                             parallel_batches=parallel_batches_of(compiled))
        self.log_path, self.cases_path = os.fspath(log_path), os.fspath(cases_path)
        self._log = self.open_log(self.log_path, compiled)
        try:
            self._cases = self.open_cases(self.cases_path)
        except UsageError:
            self._log.close()
            raise
        self.status: Counter[str] = Counter()
        self.rows_written = 0
        self.cases_written = 0
        self._engine: Any = None
        self._replication = 0

    def open_log(self, path: str, compiled: Compiled) -> Any:
        """The event log's writer (``write(table)``, ``close()``): :func:`log_writer`.
        :mod:`probisnis.sim.parallel` keeps each piece as it comes instead."""
        return log_writer(path, compiled, group_rows=self.group_rows)

    def open_cases(self, path: str) -> Any:
        """The case table's writer: :func:`cases_writer` (see :meth:`open_log`)."""
        return cases_writer(path, group_rows=self.group_rows)

    # ------------------------------------------------------------------ per replication
    def begin(self, engine: Any, log: Any, replication: int) -> None:
        """Attach to a replication's engine (before it runs) and its log columns."""
        engine.ended = array("d")
        log.watch = engine.arrivals  # a chunk also after chunk_rows new cases
        self._engine = engine
        self._replication = replication
        self.kpis.start(replication)
        for pool in engine.pools:  # a presence is drawn anew in each replication
            if pool.spec.presence is not None:
                self.kpis.drawn_calendar(pool.spec.id, replication, pool.calendar)

    def chunk(self, table: pa.Table) -> None:
        """The log's sink: write the chunk and the cases that ended, feed the KPIs."""
        engine = self._engine
        arrivals = np.array(engine.arrivals, dtype=float)
        del engine.arrivals[:]  # in place: the engine appends to this array
        ended = np.array(engine.ended, dtype=float).reshape(-1, 4)
        del engine.ended[:]
        frame = None
        if table.num_rows:
            self._log.write(table)
            self.rows_written += table.num_rows
            frame = table.to_pandas(strings_to_categorical=True, use_threads=False)
        self.kpis.feed(arrivals, frame, ended)
        if len(ended):
            self._write_cases(ended[:, 0].astype(np.int64), ended[:, 1], ended[:, 2],
                              _STATUS[(ended[:, 3] > 0).view(np.int8)])
        del frame, table
        pa.default_memory_pool().release_unused()

    def end(self, end_time: float, resources: pd.DataFrame) -> None:
        """The replication ended at ``end_time`` (after the log's last chunk)."""
        inflight = self.kpis.finish(end_time, resources)
        if len(inflight):
            self._write_cases(inflight["case_id"].to_numpy(np.int64),
                              inflight["arrival"].to_numpy(float),
                              inflight["end"].to_numpy(float),
                              inflight["status"].to_numpy(object))
        self._engine = None

    def _write_cases(self, ids: np.ndarray, arrival: np.ndarray, end: np.ndarray,
                     status: np.ndarray) -> None:
        n = len(ids)
        table = pa.Table.from_arrays([
            pa.array(ids), pa.array(np.full(n, self._replication, dtype=np.int64)),
            pa.array(arrival), pa.array(end), pa.array(status, type=pa.string()),
        ], schema=CASE_SCHEMA)
        self._cases.write(table)
        self.cases_written += n
        names, counts = np.unique(status.astype(str), return_counts=True)
        self.status.update({str(k): int(v) for k, v in zip(names, counts, strict=True)})

    # ------------------------------------------------------------------ the end
    def close(self) -> None:
        """Write the rows still held and close both files (idempotent)."""
        try:
            self._log.close()
        finally:
            self._cases.close()
        pa.default_memory_pool().release_unused()

    def result_cases(self) -> pd.DataFrame:
        """The (empty) case table a streamed result carries: the rows are in the file."""
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
            ("case_id", "int64"), ("replication", "int64"), ("arrival", "float64"),
            ("end", "float64"), ("status", "object"))})
