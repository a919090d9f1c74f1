"""The simulation-output contract as the KPI code reads it: columns, checks, working time.

Public API::

    LOG_COLUMNS, CASE_COLUMNS, RESOURCE_COLUMNS   # the engine's (eventlog.py, result.py)
    CASE_STATUSES, PERIOD_SECONDS
    CalendarLike                                  # what is needed of a WorkingCalendar
    ByReplication, calendar_in(calendar, replication)  # a pool's calendar per replication
    working_seconds(calendar, a, b) -> ndarray    # working seconds in [a_i, b_i)
    row_working_seconds(resource, a, b, calendars, process_calendar, replication=None)
    process_calendar_of(result) -> calendar | None
    parallel_batches_of(result) -> frozenset of task ids done in parallel batches
    columns_of, check_log, check_cases, clip, horizons   # helpers of kpis.py

The tables are read as light :class:`~probisnis.sim.columns.Columns` (a DataFrame given is
turned into them): nothing here imports pandas.

Inconsistent tables raise :class:`~probisnis.errors.SimulationError` (or
:class:`~probisnis.errors.UsageError` for a bad argument) naming the element and case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from probisnis.errors import SimulationError, UsageError
from probisnis.sim.columns import Coded, Columns, columns_of, distinct
from probisnis.sim.eventlog import LOG_COLUMNS
from probisnis.sim.result import CASE_COLUMNS, RESOURCE_COLUMNS, ByReplication

__all__ = [
    "CASE_COLUMNS",
    "CASE_STATUSES",
    "LOG_COLUMNS",
    "PERIOD_SECONDS",
    "RESOURCE_COLUMNS",
    "SECONDS",
    "UTILIZATION_WINDOWS",
    "ByReplication",
    "CalendarLike",
    "calendar_in",
    "check_cases",
    "check_log",
    "clip",
    "columns_of",
    "horizons",
    "parallel_batches_of",
    "process_calendar_of",
    "row_working_seconds",
    "working_seconds",
]

CASE_STATUSES = frozenset({"finished", "in_flight", "failed"})

#: seconds in a throughput period; a month is a mean Gregorian month (365.2425 / 12 days)
PERIOD_SECONDS: Mapping[str, float] = {
    "day": 86_400.0,
    "week": 7 * 86_400.0,
    "month": 365.2425 / 12 * 86_400.0,
}

SECONDS = "s"

#: where utilisation is measured from: "run" (the observation window [t0, t1], the whole
#: simulated period without warm-up) or "tasks" (from the first task start, as Prosimos)
UTILIZATION_WINDOWS: tuple[str, ...] = ("run", "tasks")


class CalendarLike(Protocol):
    """What the KPIs need from a :class:`probisnis.sim.calendar.WorkingCalendar`."""

    def working_between(self, a: float, b: float) -> float: ...


def calendar_in(calendar: CalendarLike | ByReplication | None, replication: int
                ) -> CalendarLike | None:
    """``calendar`` as replication ``replication`` had it."""
    return calendar.of(replication) if isinstance(calendar, ByReplication) else calendar


def working_seconds(calendar: CalendarLike, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Working seconds of ``calendar`` in ``[a_i, b_i)`` for each pair; 0 when ``b <= a``.

    Uses the calendar's vectorised ``working_between_many(a, b)`` when it has one.
    NaN in either bound gives NaN.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.full(a.shape, np.nan)
    ok = ~(np.isnan(a) | np.isnan(b))
    pos = ok & (b > a)
    out[ok & ~pos] = 0.0
    if pos.any():
        many = getattr(calendar, "working_between_many", None)
        if many is not None:
            out[pos] = np.asarray(many(a[pos], b[pos]), dtype=float)
        else:
            wb = calendar.working_between
            out[pos] = [wb(float(x), float(y)) for x, y in zip(a[pos], b[pos], strict=True)]
    return out


def row_working_seconds(
    resource: Any,
    a: np.ndarray,
    b: np.ndarray,
    calendars: Mapping[str, CalendarLike | ByReplication],
    process_calendar: CalendarLike | None,
    replication: np.ndarray | None = None,
) -> np.ndarray:
    """Working seconds in ``[a_i, b_i)`` under row i's calendar: its resource's calendar
    when ``calendars`` has one, else ``process_calendar``; NaN when neither exists.
    ``resource``: the rows' resource names (a :class:`~probisnis.sim.columns.Coded` column or
    any sequence of names); ``replication``: the rows' replications, needed when a calendar
    is :class:`ByReplication`."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.full(a.shape, np.nan)
    names = resource if isinstance(resource, Coded) else Coded.of(resource)
    codes = names.codes
    own = np.zeros(len(codes), dtype=bool)
    for k, name in enumerate(names.names):
        cal = calendars.get(str(name))
        if cal is None:
            continue
        pos = np.flatnonzero(codes == k)
        own[pos] = True
        if not pos.size:
            continue
        if isinstance(cal, ByReplication):
            if replication is None:
                raise UsageError(f"the calendars of {name!r} differ per replication: "
                                 "row_working_seconds needs the rows' replication")
            reps = np.asarray(replication, dtype=np.int64)[pos]
            for r in np.unique(reps).tolist():
                sub = pos[reps == r]
                out[sub] = working_seconds(cal.of(r), a[sub], b[sub])
        else:
            out[pos] = working_seconds(cal, a[pos], b[pos])
    rest = np.flatnonzero(~own)
    if process_calendar is not None and rest.size:
        out[rest] = working_seconds(process_calendar, a[rest], b[rest])
    return out


def check_log(df: Columns) -> None:
    enable = df.array("enable", float)
    start = df.array("start", float)
    end = df.array("end", float)
    checks = (
        (np.isnan(enable), "has no enable time"),
        (start < enable, "starts before it is enabled"),
        (end < start, "ends before it starts"),
        (np.isnan(start) & ~np.isnan(end), "has an end but no start"),
    )
    for bad, text in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise SimulationError(
                f"activity instance of case {_item(df, 'case_id', i)} (replication "
                f"{_item(df, 'replication', i)}) {text}: enable={enable[i]}, "
                f"start={start[i]}, end={end[i]}",
                element_id=str(_item(df, "element_id", i)),
            )


def _item(table: Columns, name: str, i: int) -> Any:
    """Row ``i`` of column ``name`` as a Python value (a name, or a number)."""
    col = table[name]
    if isinstance(col, Coded):
        return col.name(i)
    return col[i].item() if hasattr(col[i], "item") else col[i]


def check_cases(cases: Columns) -> None:
    status = cases.coded("status")
    known = np.array([str(n) in CASE_STATUSES for n in status.names] + [False])
    bad_status = ~known[status.codes]
    if bad_status.any():
        value = status.name(int(np.flatnonzero(bad_status)[0]))
        raise SimulationError(
            f"case status {value!r} is not one of {sorted(CASE_STATUSES)}"
        )
    finished = status.equals("finished")
    arrival = cases.array("arrival", float)
    end = cases.array("end", float)
    bad = (finished & np.isnan(end)) | (end < arrival) | np.isnan(arrival)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SimulationError(
            f"case {_item(cases, 'case_id', i)} (replication {_item(cases, 'replication', i)})"
            f" has arrival={_item(cases, 'arrival', i)}, end={_item(cases, 'end', i)}, "
            f"status={status.name(i)!r}: a finished case needs an end at or after its arrival"
        )
    # duplicated (replication, case_id) pairs: checked by StreamingKpis on its sorted keys


def clip(
    a: np.ndarray, b: np.ndarray, t0: np.ndarray | float, t1: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Intervals ``[a, b]`` cut to the window ``[t0, t1]`` (empty ones as ``lo == hi``)."""
    lo = np.maximum(a, t0)
    hi = np.minimum(b, t1)
    return lo, np.maximum(hi, lo)


def horizons(
    horizon: float | Mapping[int, float] | None, cases: Columns
) -> dict[int, float]:
    """The end of the observed window per replication (absent: the last event)."""
    reps = [int(r) for r in distinct(cases.array("replication", np.int64))]
    if horizon is None:
        return {}
    given = (
        {int(k): float(v) for k, v in horizon.items()}
        if isinstance(horizon, Mapping)
        else dict.fromkeys(reps, float(horizon))
    )
    bad = {r: v for r, v in given.items() if not v > 0}
    if bad:
        raise UsageError(f"horizon must be a positive number of seconds, got {bad}")
    return {r: v for r, v in given.items() if math.isfinite(v)}  # inf: up to the last event


def process_calendar_of(result: Any) -> CalendarLike | None:
    """The result's process calendar, else its scenario's default calendar."""
    own = getattr(result, "process_calendar", None)
    return own if own is not None else getattr(getattr(result, "scenario", None), "calendar", None)


def parallel_batches_of(result: Any) -> frozenset[str]:
    """Ids of the tasks the result's scenario does in parallel batches (their rows of one
    person overlap: the KPIs count the batch's busy time once)."""
    tasks = getattr(getattr(result, "scenario", None), "tasks", None) or {}
    return frozenset(tid for tid, spec in tasks.items()
                     if getattr(getattr(spec, "batch", None), "kind", None) == "parallel")
