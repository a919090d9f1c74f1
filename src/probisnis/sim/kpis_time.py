"""KPIs over time: work in progress and queue length as step functions, throughput per period.

Public API::

    wip_series(cases) -> DataFrame[replication, time, value]
    activity_series(log, by="lane", what="wip"|"queue") -> DataFrame[replication, <by>, time, value]
    queue_series(log, by="resource") -> activity_series(log, by, "queue")
    time_average(series, t0, t1, by=None) -> DataFrame[replication, (<by>,) value]
    throughput_table(cases, period="day", *, start=None) -> DataFrame[replication, period, finished]

A series row ``(time, value)`` means the count is ``value`` from ``time`` until
the next row's time (plot with ``drawstyle="steps-post"``); every series starts
with a row at time 0 and value 0. WIP counts cases between arrival and end
(in-flight cases never leave); activity WIP counts activity instances between
enable and end, queue length those between enable and start.
:func:`time_average` integrates a series over ``[t0, t1]`` and is the same
number :func:`probisnis.sim.kpis.kpis` reports as ``wip``, ``lane_wip``,
``queue_length`` and ``lane_queue_length`` over the same window.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from probisnis.errors import UsageError
from probisnis.sim.kpi_inputs import PERIOD_SECONDS

__all__ = ["activity_series", "queue_series", "throughput_table", "time_average", "wip_series"]

_PANDAS_PERIOD = {"day": "D", "week": "W-SUN", "month": "M"}


def _steps(rep: np.ndarray, key: np.ndarray | None, a: np.ndarray, b: np.ndarray,
           by: str | None) -> pd.DataFrame:
    """Step function of the number of intervals ``[a, b)`` open at each time (NaN ``b``:
    never closes), per replication (and key), starting with a row at time 0."""
    ok = ~np.isnan(a)
    closes = ok & ~np.isnan(b)
    frame = pd.DataFrame(
        {
            "replication": np.concatenate([rep[ok], rep[closes], rep[ok]]),
            "time": np.concatenate([a[ok], b[closes], np.zeros(ok.sum())]),
            "delta": np.concatenate([np.ones(ok.sum()), -np.ones(closes.sum()),
                                     np.zeros(ok.sum())]),
        }
    )
    groups = ["replication"]
    if by is not None and key is not None:
        frame.insert(1, by, np.concatenate([key[ok], key[closes], key[ok]]))
        groups.append(by)
    frame = frame.groupby([*groups, "time"], sort=True, as_index=False)["delta"].sum()
    frame["value"] = frame.groupby(groups)["delta"].cumsum().astype("int64")
    # keep the first row of each group and the rows where the count changes
    first = ~frame.duplicated(groups)
    changed = frame["value"].ne(frame.groupby(groups)["value"].shift())
    frame = frame[first | changed].reset_index(drop=True)
    return frame.drop(columns="delta").astype({"time": float})


def wip_series(cases: pd.DataFrame) -> pd.DataFrame:
    """Number of cases in the system over time (``replication, time, value``)."""
    return _steps(
        cases["replication"].to_numpy(np.int64), None,
        cases["arrival"].to_numpy(float), cases["end"].to_numpy(float), None,
    )


def activity_series(log: pd.DataFrame, by: str = "lane", what: str = "wip") -> pd.DataFrame:
    """Activity instances in progress (``what="wip"``: enable to end) or waiting for a
    resource (``what="queue"``: enable to start) over time, per value of column ``by``
    (``lane``, ``resource``, ``process_id`` or ``element_id``); rows without a value in
    ``by`` are left out."""
    if by not in ("lane", "resource", "process_id", "element_id"):
        raise UsageError(f"by must be lane, resource, process_id or element_id, got {by!r}")
    if what not in ("wip", "queue"):
        raise UsageError(f"what must be 'wip' or 'queue', got {what!r}")
    rows = log[log[by].notna()]
    end_col = "end" if what == "wip" else "start"
    rep = rows["replication"].to_numpy(np.int64)
    key = rows[by].astype(str).to_numpy(dtype=object)
    a = rows["enable"].to_numpy(float)
    b = rows[end_col].to_numpy(float)
    return _steps(rep, key, a, b, by)


def queue_series(log: pd.DataFrame, by: str = "resource") -> pd.DataFrame:
    """Queue length over time per resource pool (or lane): :func:`activity_series` ``queue``."""
    return activity_series(log, by=by, what="queue")


def time_average(
    series: pd.DataFrame, t0: float, t1: float, by: str | None = None
) -> pd.DataFrame:
    """Time average of step functions over ``[t0, t1]`` per replication (and ``by``)."""
    if not t1 > t0:
        raise UsageError(f"time_average needs t1 > t0, got [{t0}, {t1}]")
    groups = ["replication"] if by is None else ["replication", by]
    out = []
    for key, g in series.groupby(groups, sort=True):
        time = g["time"].to_numpy(float)
        value = g["value"].to_numpy(float)
        nxt = np.append(time[1:], np.inf)
        lo = np.maximum(time, t0)
        hi = np.minimum(nxt, t1)
        area = float((np.maximum(hi - lo, 0.0) * value).sum())
        out.append((*(key if isinstance(key, tuple) else (key,)), area / (t1 - t0)))
    return pd.DataFrame(out, columns=[*groups, "value"])


def throughput_table(
    cases: pd.DataFrame, period: str = "day", *, start: datetime | None = None
) -> pd.DataFrame:
    """Finished cases per period and replication (``replication, period, finished``).

    With ``start`` (the simulation's start datetime) periods are calendar days, weeks
    (Monday to Sunday) or months and ``period`` holds each period's first day; without it
    periods are consecutive blocks of ``PERIOD_SECONDS[period]`` sim seconds from 0 and
    ``period`` holds the block's start in sim seconds. Periods without finished cases
    between the first and the last period of a replication appear with 0.
    """
    if period not in PERIOD_SECONDS:
        raise UsageError(f"period must be one of {sorted(PERIOD_SECONDS)}, got {period!r}")
    done = cases[cases["status"].eq("finished")]
    out = []
    for rep, g in cases.groupby("replication", sort=True):
        ends = done.loc[done["replication"].eq(rep), "end"].to_numpy(float)
        last_time = float(np.nanmax(np.concatenate([g["arrival"].to_numpy(float),
                                                    g["end"].to_numpy(float)])))
        if start is not None:
            freq = _PANDAS_PERIOD[period]
            stamps = pd.Timestamp(start) + pd.to_timedelta(ends, unit="s")
            labels = stamps.to_period(freq)
            first = pd.Timestamp(start).to_period(freq)
            last = (pd.Timestamp(start) + pd.to_timedelta(last_time, unit="s")).to_period(freq)
            index = pd.period_range(first, last, freq=freq)
            counts = pd.Series(1, index=labels).groupby(level=0).sum()
            counts = counts.reindex(index, fill_value=0)
            keys = counts.index.to_timestamp(how="start")
        else:
            size = PERIOD_SECONDS[period]
            bins = np.floor(ends / size).astype(np.int64)
            n_bins = int(np.floor(last_time / size)) + 1
            counts = pd.Series(np.bincount(bins, minlength=n_bins)[:n_bins])
            keys = np.arange(n_bins) * size
        out.append(pd.DataFrame({"replication": int(rep), "period": keys,
                                 "finished": counts.to_numpy(dtype=np.int64)}))
    return pd.concat(out, ignore_index=True)
