"""Event-log exports for analysts and other tools: CSV and Parquet (XES is in ``xes.py``).

Public API::

    event_log_frame(log, *, start, calendars=None, process_calendar=None) -> DataFrame
    case_frame(cases, *, start, process_calendar=None) -> DataFrame
    write_csv(log, path, *, start, calendars=None, process_calendar=None,
              locale="en", atomic=True) -> Path
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
calendar), see ``docs/kpis.md``. A log with a ``batch_id`` column (a scenario with batched
tasks) keeps it last: the batch's number in its replication, empty outside batches.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from probisnis.errors import UsageError
from probisnis.outputs.atomic import atomic_path
from probisnis.sim.kpi_inputs import (
    LOG_COLUMNS,
    ByReplication,
    CalendarLike,
    process_calendar_of,
    row_working_seconds,
    working_seconds,
)

__all__ = [
    "CSV_LOCALES",
    "EXPORT_ID_COLUMNS",
    "case_frame",
    "event_log_frame",
    "event_log_table",
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


_EXPORT_SCHEMA = pa.schema(
    [("case_id", pa.int64()), ("replication", pa.int64())]
    + [(c, pa.string()) for c in _STRING_COLUMNS]
    + [(c, pa.timestamp("ms")) for c in _TIME_COLUMNS]
    + [(c, pa.float64()) for c in (*_SECONDS, *_WORKING)]
)


def _check(log: Any) -> None:
    names = log.column_names if isinstance(log, pa.Table) else list(log.columns)
    missing = [c for c in LOG_COLUMNS if c not in names]
    if missing:
        raise UsageError(f"event log lacks columns {missing}")


def _ms_since_epoch(start: datetime, seconds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``start + seconds`` as whole milliseconds since 1970 (half to even), and the NaN mask."""
    base = np.datetime64(start.replace(microsecond=0), "ms").astype(np.int64)
    sub_ms = start.microsecond / 1000.0
    missing = np.isnan(seconds)
    with np.errstate(invalid="ignore"):
        ms = np.rint(np.where(missing, 0.0, seconds) * 1000.0 + sub_ms).astype(np.int64)
    return base + ms, missing


def to_datetimes(start: datetime, seconds: Any) -> pd.Series:
    """``start`` + seconds as naive datetimes rounded to the millisecond (NaN -> NaT)."""
    ms, missing = _ms_since_epoch(start, np.asarray(seconds, dtype=float))
    values = ms.astype("datetime64[ms]").astype("datetime64[ns]")
    values[missing] = np.datetime64("NaT")
    return pd.Series(values)


def _column(log: Any, name: str) -> Any:
    """A column of a DataFrame or pyarrow Table chunk, as it is (Series or ChunkedArray)."""
    return log.column(name) if isinstance(log, pa.Table) else log[name]


def _floats(log: Any, name: str) -> np.ndarray:
    col = _column(log, name)
    if isinstance(col, pa.ChunkedArray):
        return np.asarray(col.to_numpy(), dtype=float)  # nulls become NaN
    return col.to_numpy(dtype=float)


def _ints(log: Any, name: str) -> np.ndarray:
    col = _column(log, name)
    if isinstance(col, pa.ChunkedArray):
        return np.asarray(col.to_numpy(), dtype=np.int64)
    return col.to_numpy(dtype=np.int64)


def _text(log: Any, name: str) -> pa.Array:
    """A string column as Arrow strings (missing values null), without a Python object per
    row when the column is categorical or already Arrow."""
    col = _column(log, name)
    if isinstance(col, pa.ChunkedArray):
        arr = col.combine_chunks()
        return arr.cast(pa.string()) if not pa.types.is_string(arr.type) else arr
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        cats = pa.array(np.asarray(col.cat.categories, dtype=object), type=pa.string())
        index = pa.array(codes, mask=codes < 0)
        return pa.DictionaryArray.from_arrays(index, cats).cast(pa.string())
    return pa.array(np.asarray(col, dtype=object), type=pa.string(), from_pandas=True)


def _resource_categorical(log: Any) -> pd.Categorical:
    """The resource column as a pandas Categorical (a few names, integer codes)."""
    col = _column(log, "resource")
    if isinstance(col, pa.ChunkedArray):
        enc = col.combine_chunks().dictionary_encode()
        codes = enc.indices.to_numpy(zero_copy_only=False)
        codes = np.where(enc.indices.is_null().to_numpy(zero_copy_only=False), -1, codes)
        return pd.Categorical.from_codes(codes.astype(np.int64),
                                         categories=enc.dictionary.to_pylist())
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.array
    return pd.Categorical(np.asarray(col, dtype=object))


def _timestamps(ms: np.ndarray, missing: np.ndarray) -> pa.Array:
    return pa.array(ms.astype("datetime64[ms]"), type=pa.timestamp("ms"),
                    mask=missing if missing.any() else None)


def _numbers(values: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.float64(), from_pandas=True)  # NaN -> null


def event_log_table(
    log: pd.DataFrame | pa.Table,
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
) -> pa.Table:
    """The export form of an event log (or a chunk of it) as a pyarrow Table: what CSV and
    Parquet write, built column by column in numpy and Arrow (no Python object per row)."""
    _check(log)
    if not isinstance(start, datetime):
        raise UsageError(f"start must be a datetime, got {start!r}")
    with_working = bool(calendars) or process_calendar is not None
    reps = _ints(log, "replication")
    columns: list[pa.Array] = [pa.array(_ints(log, "case_id")), pa.array(reps)]
    columns.extend(_text(log, c) for c in _STRING_COLUMNS)
    enable, begin, end = (_floats(log, c) for c in _TIME_COLUMNS)
    for values in (enable, begin, end):
        columns.append(_timestamps(*_ms_since_epoch(start, values)))
    columns.append(_numbers(begin - enable))
    columns.append(_numbers(end - begin))
    schema = _EXPORT_SCHEMA
    if with_working:
        resource = _resource_categorical(log)
        cals = dict(calendars or {})
        columns.append(_numbers(row_working_seconds(resource, enable, begin, cals,
                                                    process_calendar, reps)))
        columns.append(_numbers(row_working_seconds(resource, begin, end, cals,
                                                    process_calendar, reps)))
    else:
        schema = pa.schema([f for f in _EXPORT_SCHEMA if f.name not in _WORKING])
    names = log.column_names if isinstance(log, pa.Table) else list(log.columns)
    if "batch_id" in names:  # a scenario with batched tasks: the batch of each row
        ids = _floats(log, "batch_id")
        missing = np.isnan(ids)
        columns.append(pa.array(np.where(missing, 0, ids).astype(np.int64), mask=missing))
        schema = schema.append(pa.field("batch_id", pa.int64()))
    return pa.Table.from_arrays(columns, schema=schema)


def event_log_frame(
    log: pd.DataFrame,
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
) -> pd.DataFrame:
    """The export form of an event log as a DataFrame (see the module docstring)."""
    table = event_log_table(log, start=start, calendars=calendars,
                            process_calendar=process_calendar)
    return _normalize(table.to_pandas(), "")


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


def _chunks(log: Any) -> Iterable[Any]:
    return [log] if isinstance(log, pd.DataFrame | pa.Table) else log


#: CSV number styles: ``en`` (comma-separated, decimal point, as pandas and Python read
#: it) and ``id`` (semicolon-separated, decimal comma, as Excel in Indonesian opens it)
CSV_LOCALES: Mapping[str, tuple[str, str]] = {"en": (",", "."), "id": (";", ",")}


def _localized(table: pa.Table, decimal: str) -> pa.Table:
    """Float columns as text with ``decimal`` as the decimal mark (timestamps stay ISO)."""
    if decimal == ".":
        return table
    fields, arrays = [], []
    for field, col in zip(table.schema, table.columns, strict=True):
        if pa.types.is_floating(field.type):
            col = pc.replace_substring(pc.cast(col, pa.string()), ".", decimal)
            field = pa.field(field.name, pa.string())
        fields.append(field)
        arrays.append(col)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_csv(
    log: pd.DataFrame | pa.Table | Iterable[pd.DataFrame | pa.Table],
    path: str | os.PathLike[str],
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
    locale: str = "en",
    atomic: bool = True,
) -> Path:
    """Write the event log as UTF-8 CSV with ISO datetimes (``2025-01-06 08:00:00.000``).

    ``locale="id"`` separates fields with ``;`` and writes a decimal comma (``498,27``),
    what a spreadsheet set to Indonesian expects. The file appears under ``path`` only
    when complete (:func:`probisnis.outputs.atomic_path`); ``atomic=False`` writes to
    ``path`` itself, for a caller that already holds a temporary file of its own.
    """
    if locale not in CSV_LOCALES:
        raise UsageError(f"CSV locale must be one of {sorted(CSV_LOCALES)}, got {locale!r}")
    delimiter, decimal = CSV_LOCALES[locale]
    target = Path(path)
    options = pacsv.WriteOptions(delimiter=delimiter, quoting_header="none")
    with atomic_path(target) if atomic else contextlib.nullcontext(target) as tmp:
        writer: pacsv.CSVWriter | None = None
        try:
            for chunk in _chunks(log):
                table = _localized(event_log_table(
                    chunk, start=start, calendars=calendars, process_calendar=process_calendar),
                    decimal)
                if writer is None:
                    writer = pacsv.CSVWriter(str(tmp), table.schema, write_options=options)
                writer.write_table(table)
            if writer is None:  # no chunks at all: the header only
                empty = _localized(_empty_table(start, calendars, process_calendar), decimal)
                pacsv.write_csv(empty, str(tmp), write_options=options)
        finally:
            if writer is not None:
                writer.close()
    return target


def _empty_table(start: datetime, calendars: Mapping[str, CalendarLike | ByReplication] | None,
                 process_calendar: CalendarLike | None) -> pa.Table:
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in LOG_COLUMNS})
    return event_log_table(empty, start=start, calendars=calendars,
                           process_calendar=process_calendar)


def write_parquet(
    log: pd.DataFrame | pa.Table | Iterable[pd.DataFrame | pa.Table],
    path: str | os.PathLike[str],
    *,
    start: datetime,
    calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
    process_calendar: CalendarLike | None = None,
) -> Path:
    """Write the event log as Parquet (timestamps in milliseconds, one row group per chunk);
    the file appears under ``path`` only when complete."""
    target = Path(path)
    with atomic_path(target) as tmp:
        writer: pq.ParquetWriter | None = None
        try:
            for chunk in _chunks(log):
                table = event_log_table(
                    chunk, start=start, calendars=calendars, process_calendar=process_calendar)
                if writer is None:
                    writer = pq.ParquetWriter(str(tmp), table.schema)
                writer.write_table(table)
            if writer is None:  # no chunks at all: an empty log with the full schema
                pq.write_table(_empty_table(start, calendars, process_calendar), str(tmp))
        finally:
            if writer is not None:
                writer.close()
    return target


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
    if "batch_id" in out:
        out["batch_id"] = out["batch_id"].astype(float)
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
