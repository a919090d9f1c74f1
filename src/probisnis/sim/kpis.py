"""KPIs of a simulation: per-replication values computed from the event log.

Public API (exact definitions in ``docs/kpis.md``)::

    kpis(log, cases, resources, *, calendars=None, process_calendar=None,
         horizon=None, warmup_cases=0, period="day", utilization_window="run",
         parallel_batches=()) -> DataFrame
         # horizon: seconds, or {replication: seconds}; period: day | week | month;
         # utilization_window: run (the observation window) | tasks (from the first
         # task start, as Prosimos); parallel_batches: ids of tasks done in parallel
         # batches (a batch's overlapping rows count as one piece of the person's work)
    result_kpis(result, *, warmup_cases=None, period="day", utilization_window=None)
         # a SimulationResult: its calendars, per-replication ends, scenario warm-up,
         # and its streamed Parquet log when result.log_path is set
    kpi_rows(log, cases, resources, *, <same keywords>) -> list of KpiRow tuples
    result_kpi_rows(result, *, <same keywords as result_kpis>) -> list of KpiRow tuples
         # the same tables as tuples, without pandas (what ``probisnis simulate`` prints)
    kpis_from_parquet(path, cases, resources, *, <same keywords>) -> DataFrame
         # a Parquet event log (probisnis.sim.logsink), read one row group at a time
    StreamingKpis(cases, resources, *, <same keywords>)
        .update(chunk)      # a slice of the log: Columns, DataFrame or {column: array}
        .result()           # -> the same DataFrame kpis() gives on the whole log
        .rows()             # -> its rows as tuples

The returned table has one row per replication and KPI, columns
``replication, name, scope, value, n, std, unit`` (``n`` observations behind the
value, ``std`` their sample standard deviation within the replication; NaN for
rates and time averages). :func:`probisnis.sim.stats.summarize` turns it into KPI
records ``name, scope, mean, ci_low, ci_high, unit`` over replications.

``kpis`` *is* ``StreamingKpis`` fed the whole log in one chunk: there is one
implementation, so chunked and whole-log results agree by construction up to
floating-point summation order.

Warm-up: ``warmup_cases = N`` deletes, per replication, the first N cases by
arrival (ties by case id). Case and activity statistics (cycle, waiting,
processing time, cost) use only the remaining cases. Time-based statistics
(utilization, throughput, WIP, queue length) are measured over the observation
window ``[t0, t1]`` where ``t0`` is the arrival of case N + 1 (0 without
warm-up) and ``t1`` the horizon (or, without one, the last event time); they
count everything in the system during the window, warm-up cases included,
because those cases still occupy resources and queues after ``t0``. With
``utilization_window="tasks"`` utilization alone is measured from the first start of a
task done by a pool (at or after ``t0``) instead, as Prosimos does.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.sim.columns import distinct
from probisnis.sim.kpi_inputs import (
    CASE_COLUMNS,
    LOG_COLUMNS,
    PERIOD_SECONDS,
    RESOURCE_COLUMNS,
    ByReplication,
    CalendarLike,
    columns_of,
    parallel_batches_of,
    process_calendar_of,
    row_working_seconds,
    working_seconds,
)
from probisnis.sim.kpis_streaming import KpiRow, StreamingKpis, kpi_frame

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CASE_COLUMNS",
    "LOG_COLUMNS",
    "PERIOD_SECONDS",
    "RESOURCE_COLUMNS",
    "CalendarLike",
    "KpiRow",
    "StreamingKpis",
    "kpi_frame",
    "kpi_rows",
    "kpis",
    "kpis_from_parquet",
    "parallel_batches_of",
    "process_calendar_of",
    "result_kpi_rows",
    "result_kpis",
    "row_working_seconds",
    "working_seconds",
]


def kpis(
    log: Any,
    cases: Any,
    resources: Any = None,
    *,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
    horizon: float | Mapping[int, float] | None = None,
    warmup_cases: int = 0,
    period: str = "day",
    utilization_window: str = "run",
    parallel_batches: Collection[str] = (),
) -> pd.DataFrame:
    """Per-replication KPIs of a simulation's event log (definitions in ``docs/kpis.md``).

    ``calendars`` maps resource ids to working calendars (working-time variants and
    utilization use them); ``process_calendar`` is the calendar of activities without
    a resource calendar and of ``cycle_time_working``. ``horizon`` is the end of the
    observed window in sim seconds (default: the last event). ``period`` (day, week,
    month) is the throughput unit.
    """
    return kpi_frame(kpi_rows(log, cases, resources, calendars=calendars,
                              process_calendar=process_calendar, horizon=horizon,
                              warmup_cases=warmup_cases, period=period,
                              utilization_window=utilization_window,
                              parallel_batches=parallel_batches))


def kpi_rows(
    log: Any,
    cases: Any,
    resources: Any = None,
    *,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
    horizon: float | Mapping[int, float] | None = None,
    warmup_cases: int = 0,
    period: str = "day",
    utilization_window: str = "run",
    parallel_batches: Collection[str] = (),
) -> list[KpiRow]:
    """The rows of :func:`kpis` as tuples (``replication, name, scope, value, n, std,
    unit``): the tables may be light :class:`~probisnis.sim.columns.Columns` (pandas is not
    imported then)."""
    acc = StreamingKpis(
        cases,
        resources,
        calendars=calendars,
        process_calendar=process_calendar,
        horizon=horizon,
        warmup_cases=warmup_cases,
        period=period,
        utilization_window=utilization_window,
        parallel_batches=parallel_batches,
    )
    _feed(acc, log)
    return acc.rows()


#: rows of an in-memory log fed to :class:`StreamingKpis` at a time: the per-row
#: temporaries of one update stay a few tens of MB however long the log
FEED_ROWS = 100_000


def _feed(acc: StreamingKpis, log: Any) -> None:
    df = columns_of(log, LOG_COLUMNS, "event log")
    if len(df) <= FEED_ROWS:
        acc.update(df)
        return
    for first in range(0, len(df), FEED_ROWS):
        acc.update(df.take(slice(first, first + FEED_ROWS)))


def result_kpis(
    result: Any, *, warmup_cases: int | None = None, period: str = "day",
    utilization_window: str | None = None,
) -> pd.DataFrame:
    """:func:`kpis` of a :class:`probisnis.sim.result.SimulationResult` (the rows of
    :func:`result_kpi_rows` as a DataFrame)."""
    return kpi_frame(result_kpi_rows(result, warmup_cases=warmup_cases, period=period,
                                     utilization_window=utilization_window))


def _light(result: Any, table: str) -> Any:
    """``result``'s ``table`` as light columns when it has them, else as it is."""
    light = getattr(result, "light", None)
    return light(table) if light is not None else getattr(result, table)


def result_kpi_rows(
    result: Any, *, warmup_cases: int | None = None, period: str = "day",
    utilization_window: str | None = None,
) -> list[KpiRow]:
    """The rows of :func:`kpis` of a :class:`probisnis.sim.result.SimulationResult`.

    Uses the result's pool calendars, its ``process_calendar`` (else the scenario's default
    calendar), the end of each replication (``result.ends``, else ``result.horizon``) as
    its horizon, its scenario's parallel batches and, unless given, the scenario's
    ``warmup_cases`` and ``utilization_window``.
    A log streamed to ``result.log_path`` is read back one row group at a time; a case
    table streamed to ``result.cases_path`` is read whole (a streamed run's own KPIs, computed
    while it went, are ``result.per_replication``).
    """
    scenario = getattr(result, "scenario", None)
    if warmup_cases is None:
        warmup_cases = int(getattr(scenario, "warmup_cases", 0) or 0)
    if utilization_window is None:
        utilization_window = str(getattr(scenario, "utilization_window", "run") or "run")
    cases = _light(result, "cases")
    if len(cases) == 0 and getattr(result, "cases_path", None):  # a streamed run's table
        cases = result.case_table()
    cases = columns_of(cases, CASE_COLUMNS, "case table")
    reps = [int(r) for r in distinct(cases.array("replication", np.int64))]
    ends = tuple(getattr(result, "ends", ()) or ())
    horizon: float | Mapping[int, float] | None
    if ends and len(ends) == len(reps) and sorted(reps) == list(range(len(reps))):
        horizon = {r: float(ends[r]) for r in reps}
    else:
        horizon = getattr(result, "horizon", None)
    acc = StreamingKpis(
        cases,
        _light(result, "resources"),
        calendars=dict(getattr(result, "calendars", {}) or {}),
        process_calendar=process_calendar_of(result),
        horizon=horizon,
        warmup_cases=warmup_cases,
        period=period,
        utilization_window=utilization_window,
        parallel_batches=parallel_batches_of(result),
    )
    log_path = getattr(result, "log_path", None)
    log = _light(result, "log")
    if log_path is not None and len(log) == 0:
        from probisnis.sim.logsink import iter_log_chunks

        for chunk in _regrouped(iter_log_chunks(log_path)):
            acc.update(chunk)
    else:
        _feed(acc, log)
    return acc.rows()


def kpis_from_parquet(
    path: str | os.PathLike[str],
    cases: Any,
    resources: Any = None,
    *,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
    horizon: float | Mapping[int, float] | None = None,
    warmup_cases: int = 0,
    period: str = "day",
    utilization_window: str = "run",
    parallel_batches: Collection[str] = (),
) -> pd.DataFrame:
    """:func:`kpis` of a Parquet event log (:mod:`probisnis.sim.logsink`), read one row group
    at a time: the same numbers as :func:`kpis` on the whole log."""
    from probisnis.sim.logsink import iter_log_chunks

    acc = StreamingKpis(
        cases,
        resources,
        calendars=calendars,
        process_calendar=process_calendar,
        horizon=horizon,
        warmup_cases=warmup_cases,
        period=period,
        utilization_window=utilization_window,
        parallel_batches=parallel_batches,
    )
    for chunk in _regrouped(iter_log_chunks(path)):
        acc.update(chunk)
    return acc.result()


def _regrouped(chunks: Any) -> Any:
    """The Parquet log's row groups (20,000 rows as the runner writes them) joined into
    slices of about :data:`FEED_ROWS`: each update has a fixed cost, and five times the
    updates made the KPI step of a ``--out`` run about twice as slow as in memory."""
    import pandas as pd

    held: list[pd.DataFrame] = []
    rows = 0
    for chunk in chunks:
        held.append(chunk)
        rows += len(chunk)
        if rows >= FEED_ROWS:
            yield held[0] if len(held) == 1 else pd.concat(held, ignore_index=True)
            held, rows = [], 0
    if held:
        yield held[0] if len(held) == 1 else pd.concat(held, ignore_index=True)
