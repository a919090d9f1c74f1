"""Event-log exports for analysts and other tools: CSV and Parquet (XES is in ``xes.py``).

Public API::

    event_log_frame(log, *, start, calendars=None, process_calendar=None) -> DataFrame
    case_frame(cases, *, start, process_calendar=None) -> DataFrame
    write_csv(log, path, *, start, calendars=None, process_calendar=None) -> Path
    write_parquet(log, path, *, start, calendars=None, process_calendar=None) -> Path
    read_csv_log(path) -> DataFrame          # the frame event_log_frame made
    read_parquet_log(path) -> DataFrame
    write_result(result, path, format="csv"|"parquet"|"xes") -> Path   # SimulationResult

``log`` is the simulation's event log (``probisnis.sim.kpis.LOG_COLUMNS``), or an
iterable of such frames (e.g. :func:`probisnis.sim.logsink.iter_log_chunks`),
which CSV and Parquet write chunk by chunk. The exported frame keeps the
identifying columns, turns ``enable``, ``start`` and ``end`` into datetimes
(``start`` of the simulation + sim seconds, rounded to the millisecond, naive
local time, NaT when the instance had not started / ended) and adds
``waiting_seconds`` (start - enable) and ``processing_seconds`` (end - start) in
calendar seconds; with calendars also ``waiting_working_seconds`` and
``processing_working_seconds`` under each row's resource calendar (or the process
calendar), see ``docs/kpis.md``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from probisnis.errors import UsageError
from probisnis.sim.kpi_inputs import (
    LOG_COLUMNS,
    CalendarLike,
    process_calendar_of,
    row_working_seconds,
    working_seconds,
)

__all__ = [
    "EXPORT_ID_COLUMNS",
    "case_frame",
    "event_log_frame",
    "read_csv_log",
    "read_parquet_log",
    "write_csv",
    "write_parquet",
    "write_result",
]

#: the log's identifying columns, kept as they are in the export
EXPORT_ID_COLUMNS: tuple[str, ...] = LOG_COLUMNS[:9]
_TIME_COLUMNS = ("enable", "start", "end")
_STRING_COLUMNS = ("process_id", "element_id", "name", "kind", "lane", "resource",
                   "resource_instance")
_SECONDS = ("waiting_seconds", "processing_seconds")
_WORKING = ("waiting_working_seconds", "processing_working_seconds")


def _check(log: pd.DataFrame) -> None:
    missing = [c for c in LOG_COLUMNS if c not in log.columns]
    if missing:
        raise UsageError(f"event log lacks columns {missing}")


def to_datetimes(start: datetime, seconds: Any) -> pd.Series:
    """``start`` + seconds as naive datetimes rounded to the millisecond (NaN -> NaT)."""
    secs = pd.Series(np.asarray(seconds, dtype=float))
    return (pd.Timestamp(start) + pd.to_timedelta(secs, unit="s")).dt.round("ms")


def event_log_frame(
    log: pd.DataFrame,
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike] | None = None,
    process_calendar: CalendarLike | None = None,
) -> pd.DataFrame:
    """The export form of an event log (see the module docstring)."""
    _check(log)
    if not isinstance(start, datetime):
        raise UsageError(f"start must be a datetime, got {start!r}")
    out = pd.DataFrame(index=range(len(log)))
    for col in EXPORT_ID_COLUMNS:
        values = log[col].to_numpy()
        out[col] = values.astype(np.int64) if col in ("case_id", "replication") else values
    for col in _STRING_COLUMNS:
        out[col] = _none_for_missing(out[col])
    enable, begin, end = (log[c].to_numpy(dtype=float) for c in _TIME_COLUMNS)
    for col, values in zip(_TIME_COLUMNS, (enable, begin, end), strict=True):
        out[col] = to_datetimes(start, values).to_numpy()
    out["waiting_seconds"] = begin - enable
    out["processing_seconds"] = end - begin
    if calendars or process_calendar is not None:
        resource = log["resource"].to_numpy(dtype=object)
        cals = dict(calendars or {})
        out["waiting_working_seconds"] = row_working_seconds(
            resource, enable, begin, cals, process_calendar)
        out["processing_working_seconds"] = row_working_seconds(
            resource, begin, end, cals, process_calendar)
    return out


def case_frame(
    cases: pd.DataFrame, *, start: datetime, process_calendar: CalendarLike | None = None
) -> pd.DataFrame:
    """The case table for analysts: ``case_id, replication, status, arrival, end`` (datetimes
    as in the event log), ``cycle_seconds`` (end - arrival) and, with a process calendar,
    ``cycle_working_seconds``; NaN / NaT while a case is in flight."""
    missing = [c for c in ("case_id", "replication", "arrival", "end", "status")
               if c not in cases.columns]
    if missing:
        raise UsageError(f"case table lacks columns {missing}")
    arrival = cases["arrival"].to_numpy(dtype=float)
    end = cases["end"].to_numpy(dtype=float)
    out = pd.DataFrame({
        "case_id": cases["case_id"].to_numpy(np.int64),
        "replication": cases["replication"].to_numpy(np.int64),
        "status": cases["status"].astype(str).to_numpy(),
        "arrival": to_datetimes(start, arrival).to_numpy(),
        "end": to_datetimes(start, end).to_numpy(),
        "cycle_seconds": end - arrival,
    })
    if process_calendar is not None:
        out["cycle_working_seconds"] = working_seconds(process_calendar, arrival, end)
    return out


def _none_for_missing(values: Any) -> pd.Series:
    s = pd.Series(values, dtype=object)
    return s.where(s.notna(), None)


def _chunks(log: pd.DataFrame | Iterable[pd.DataFrame]) -> Iterable[pd.DataFrame]:
    return [log] if isinstance(log, pd.DataFrame) else log


def write_csv(
    log: pd.DataFrame | Iterable[pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike] | None = None,
    process_calendar: CalendarLike | None = None,
) -> Path:
    """Write the event log as UTF-8 CSV with ISO datetimes (``2025-01-06 08:00:00.000``)."""
    target = Path(path)
    try:
        with target.open("w", encoding="utf-8", newline="") as fh:
            header = True
            for chunk in _chunks(log):
                frame = event_log_frame(
                    chunk, start=start, calendars=calendars, process_calendar=process_calendar)
                if frame.empty and not header:
                    continue
                frame.to_csv(fh, index=False, header=header,
                             date_format="%Y-%m-%d %H:%M:%S.%f")
                header = False
    except OSError as exc:
        raise UsageError(f"cannot write the CSV event log: {exc}", path=str(target)) from exc
    return target


def write_parquet(
    log: pd.DataFrame | Iterable[pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike] | None = None,
    process_calendar: CalendarLike | None = None,
) -> Path:
    """Write the event log as Parquet (timestamps in milliseconds, one row group per chunk)."""
    target = Path(path)
    writer: pq.ParquetWriter | None = None
    try:
        for chunk in _chunks(log):
            frame = event_log_frame(
                chunk, start=start, calendars=calendars, process_calendar=process_calendar)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.cast(_export_schema(table.schema))
            if writer is None:
                writer = pq.ParquetWriter(str(target), table.schema)
            writer.write_table(table)
        if writer is None:  # no chunks at all: an empty log with the full schema
            empty = event_log_frame(
                pd.DataFrame({c: pd.Series(dtype=object) for c in LOG_COLUMNS}),
                start=start, calendars=calendars, process_calendar=process_calendar)
            table = pa.Table.from_pandas(empty, preserve_index=False)
            pq.write_table(table.cast(_export_schema(table.schema)), str(target))
    except OSError as exc:
        raise UsageError(f"cannot write the Parquet event log: {exc}", path=str(target)) from exc
    finally:
        if writer is not None:
            writer.close()
    return target


def _export_schema(schema: pa.Schema) -> pa.Schema:
    fields = []
    for field in schema:
        if field.name in ("case_id", "replication"):
            fields.append(pa.field(field.name, pa.int64()))
        elif field.name in _STRING_COLUMNS:
            fields.append(pa.field(field.name, pa.string()))
        elif field.name in _TIME_COLUMNS:
            fields.append(pa.field(field.name, pa.timestamp("ms")))
        else:
            fields.append(pa.field(field.name, pa.float64()))
    return pa.schema(fields)


def _normalize(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    missing = [c for c in (*EXPORT_ID_COLUMNS, *_TIME_COLUMNS, *_SECONDS) if c not in frame]
    if missing:
        raise UsageError(f"not an exported event log: lacks columns {missing}", path=path)
    out = frame.copy()
    for col in ("case_id", "replication"):
        out[col] = out[col].astype(np.int64)
    for col in _STRING_COLUMNS:
        out[col] = _none_for_missing(out[col].astype(object))
    for col in _TIME_COLUMNS:
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    for col in (*_SECONDS, *(c for c in _WORKING if c in out)):
        out[col] = out[col].astype(float)
    return out


def read_csv_log(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` back into the frame it was made from."""
    p = os.fspath(path)
    try:
        # only an empty field is missing: a lane called "NA" stays "NA"
        frame = pd.read_csv(p, dtype={c: "string" for c in _STRING_COLUMNS},
                            keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the CSV event log: {exc}", path=p) from exc
    return _normalize(frame, p)


def read_parquet_log(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a Parquet file written by :func:`write_parquet` back into its frame."""
    p = os.fspath(path)
    try:
        frame = pd.read_parquet(p)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise UsageError(f"cannot read the Parquet event log: {exc}", path=p) from exc
    return _normalize(frame, p)


def write_result(result: Any, path: str | os.PathLike[str], format: str = "csv") -> Path:
    """Export a :class:`probisnis.sim.result.SimulationResult`'s event log (``csv``,
    ``parquet`` or ``xes``), with working seconds under its pool calendars and its
    scenario's default calendar. A log streamed to ``result.log_path`` is exported chunk
    by chunk (CSV, Parquet) or read whole (XES groups events by case)."""
    from probisnis.sim.logsink import iter_log_chunks, read_log

    log_path = getattr(result, "log_path", None)
    streamed = log_path is not None and len(result.log) == 0
    calendars = dict(getattr(result, "calendars", {}) or {})
    process_calendar = process_calendar_of(result)
    if format in ("csv", "parquet"):
        log: pd.DataFrame | Iterable[pd.DataFrame] = (
            iter_log_chunks(log_path) if streamed else result.log  # type: ignore[arg-type]
        )
        writer = write_csv if format == "csv" else write_parquet
        return writer(log, path, start=result.start, calendars=calendars,
                      process_calendar=process_calendar)
    if format == "xes":
        from probisnis.sim.xes import write_xes

        whole = read_log(log_path) if streamed else result.log  # type: ignore[arg-type]
        return write_xes(whole, path, start=result.start)
    raise UsageError(f"export format must be csv, parquet or xes, got {format!r}")
