"""A chunked Parquet writer for the event log, and reading it back chunk by chunk.

Public API::

    with ParquetLogSink(path, chunk_rows=50_000, metadata=None) as sink:
        sink.append({"case_id": [...], "replication": [...], ..., "end": [...]})
    iter_log_chunks(path, columns=None) -> Iterator[DataFrame]      # SLICE_ROWS at a time
    iter_log_tables(path, columns=None) -> Iterator[pyarrow.Table]  # the same, as Arrow
    read_log(path) -> DataFrame                        # the whole log
    read_log_metadata(path) -> dict[str, str]
    RowGroupWriter(path, schema, group_rows=GROUP_ROWS, what="event log")  # a streamed run's
    iter_slices(path, columns=None, rows=SLICE_ROWS, what=...) -> Iterator[pyarrow.Table]

The sink buffers at most ``chunk_rows`` rows and writes each full buffer as one
Parquet row group (pyarrow), so a simulation of 100k cases never holds its whole
log in memory. Columns are exactly :data:`probisnis.sim.kpis.LOG_COLUMNS` with
the types of :data:`LOG_SCHEMA`. This module stores and reads logs only; the KPIs of a
Parquet log are :func:`probisnis.sim.kpis.kpis_from_parquet` (KPIs read storage, storage
never imports KPIs).

A Parquet writer keeps about 1 KB of footer metadata per column and row group until the file
is closed, and every reader parses the whole footer: a file of ten million cases in row groups
of 20,000 rows holds tens of MB of it. :class:`RowGroupWriter` (the files of a streamed run)
therefore writes row groups of :data:`GROUP_ROWS` rows whatever the size of the pieces it is
given, holding the rows in between with their strings dictionary-encoded (about 70 bytes a
log row); the readers here read any row group :data:`SLICE_ROWS` rows at a time
(:func:`iter_slices`), so a large row group never costs more memory than a small one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from probisnis.errors import UsageError, say
from probisnis.sim.eventlog import LOG_COLUMNS

__all__ = [
    "GROUP_ROWS",
    "LOG_SCHEMA",
    "SLICE_ROWS",
    "ParquetLogSink",
    "RowGroupWriter",
    "iter_log_chunks",
    "iter_log_tables",
    "iter_slices",
    "log_schema",
    "read_log",
    "read_log_metadata",
]

#: the files ``what`` names, in Bahasa Indonesia (for messages)
_KATA = {"event log": "log kejadian", "case table": "tabel kasus"}


def cannot_write(what: str, exc: BaseException) -> str:
    """``cannot write the event log: ...`` in Bahasa Indonesia, with its English."""
    return say(f"tidak dapat menulis {_KATA.get(what, what)}: {exc}",
               f"cannot write the {what}: {exc}")


#: Arrow types of the event-log columns (strings may be null; times are float seconds, NaN
#: when the instance had not started / ended at the horizon)
LOG_SCHEMA = pa.schema(
    [
        ("case_id", pa.int64()),
        ("replication", pa.int64()),
        ("process_id", pa.string()),
        ("element_id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("lane", pa.string()),
        ("resource", pa.string()),
        ("resource_instance", pa.string()),
        ("enable", pa.float64()),
        ("start", pa.float64()),
        ("end", pa.float64()),
    ]
)

#: the ``batch_id`` column a log has when its scenario has batched tasks (the batch's number
#: within the replication; null outside batches)
BATCH_FIELD = pa.field("batch_id", pa.int64())


def log_schema(*, batched: bool = False) -> pa.Schema:
    """:data:`LOG_SCHEMA`, with the ``batch_id`` column when ``batched``."""
    return LOG_SCHEMA.append(BATCH_FIELD) if batched else LOG_SCHEMA


assert tuple(LOG_SCHEMA.names) == LOG_COLUMNS

#: rows of a row group written by :class:`RowGroupWriter` (the last one may hold fewer)
GROUP_ROWS = 1 << 17
#: rows the readers here take from a row group at a time
SLICE_ROWS = 20_000
#: bytes of a column chunk the readers here read at a time (not the whole column chunk)
READ_BUFFER = 1 << 16


def _strings(values: Any) -> pa.Array:
    """Strings with None / NaN / pd.NA as nulls."""
    return pa.array(np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)


class ParquetLogSink:
    """Append event-log rows in any batch size; written as row groups of ``chunk_rows``."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        chunk_rows: int = 50_000,
        *,
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
            raise UsageError(f"chunk_rows must be a positive integer, got {chunk_rows!r}")
        self.path = os.fspath(path)
        self.chunk_rows = chunk_rows
        schema = LOG_SCHEMA
        if metadata:
            schema = schema.with_metadata({str(k): str(v) for k, v in metadata.items()})
        self._schema = schema
        try:
            self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self.path, schema)
        except OSError as exc:
            raise UsageError(cannot_write("event log", exc), path=self.path) from exc
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self.rows_written = 0
        self.row_groups = 0

    def append(self, columns: Mapping[str, Any]) -> None:
        """Add rows given as ``{column: list or array}`` (all columns, equal lengths)."""
        if self._writer is None:
            raise UsageError("the log sink is closed", path=self.path)
        missing = [c for c in LOG_COLUMNS if c not in columns]
        extra = sorted(set(columns) - set(LOG_COLUMNS))
        if missing or extra:
            raise UsageError(
                f"log rows need exactly the columns {list(LOG_COLUMNS)}; missing {missing}, "
                f"unexpected {extra}",
                path=self.path,
            )
        lengths = {c: len(columns[c]) for c in LOG_COLUMNS}
        if len(set(lengths.values())) > 1:
            raise UsageError(f"log columns differ in length: {lengths}", path=self.path)
        if not lengths["case_id"]:
            return
        arrays = []
        for field in LOG_SCHEMA:
            values = columns[field.name]
            try:
                if pa.types.is_string(field.type):
                    arrays.append(_strings(values))
                elif pa.types.is_floating(field.type):
                    arrays.append(pa.array(np.asarray(values, dtype=float), type=field.type))
                else:
                    arrays.append(pa.array(np.asarray(values, dtype=np.int64), type=field.type))
            except (TypeError, ValueError, pa.ArrowException) as exc:
                raise UsageError(
                    f"log column {field.name!r} needs {field.type} values: {exc}", path=self.path
                ) from exc
        table = pa.Table.from_arrays(arrays, schema=self._schema)
        self._buffer.append(table)
        self._buffered += table.num_rows
        while self._buffered >= self.chunk_rows:
            self._flush(self.chunk_rows)

    def _flush(self, rows: int) -> None:
        assert self._writer is not None
        table = pa.concat_tables(self._buffer).combine_chunks()
        head, rest = table.slice(0, rows), table.slice(rows)
        self._writer.write_table(head, row_group_size=rows)
        self.rows_written += head.num_rows
        self.row_groups += 1
        self._buffer = [rest] if rest.num_rows else []
        self._buffered = rest.num_rows

    def close(self) -> None:
        """Write the rows still buffered and close the file (idempotent)."""
        if self._writer is None:
            return
        if self._buffered:
            self._flush(self._buffered)
        self._writer.close()
        self._writer = None

    def __enter__(self) -> ParquetLogSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _encoded(schema: pa.Schema) -> pa.Schema:
    """``schema`` with its string columns dictionary-encoded."""
    return pa.schema([
        pa.field(f.name, pa.dictionary(pa.int32(), pa.string()), f.nullable)
        if pa.types.is_string(f.type) else f for f in schema])


class RowGroupWriter:
    """A Parquet file of ``schema`` written in row groups of ``group_rows`` rows from tables
    of any size (:meth:`write`), so that the footer metadata the writer keeps (and every
    reader parses) grows by one row group per ``group_rows`` rows, not per piece.

    The rows waiting for their row group are kept with their string columns
    dictionary-encoded and written so: the Parquet file holds the same values as one written
    from plain strings, only without pyarrow's copy of the Arrow schema in its metadata (the
    Parquet types say it all: pandas, pyarrow and DuckDB read the columns back as strings,
    integers and doubles). Only the string columns and those named in ``repeated`` are stored
    with Parquet's dictionary encoding: pyarrow would try it on every column, and on a row
    group of 131,072 doubles that are all different its dictionary grows past the page limit
    before it gives up, 30 MB for a moment (the files are smaller too).
    ``what`` names the file in messages."""

    def __init__(self, path: str | os.PathLike[str], schema: pa.Schema, *,
                 group_rows: int = GROUP_ROWS, repeated: Sequence[str] = (),
                 what: str = "event log") -> None:
        if isinstance(group_rows, bool) or not isinstance(group_rows, int) or group_rows < 1:
            raise UsageError(f"group_rows must be a positive integer, got {group_rows!r}")
        self.path = os.fspath(path)
        self.schema = schema
        self.group_rows = group_rows
        self._encoded = _encoded(schema)
        self._strings = [i for i, f in enumerate(schema) if pa.types.is_string(f.type)]
        try:
            self._writer: pq.ParquetWriter | None = pq.ParquetWriter(
                self.path, self._encoded, store_schema=False,
                use_dictionary=[f.name for f in schema
                                if pa.types.is_string(f.type) or f.name in repeated])
        except OSError as exc:
            raise UsageError(cannot_write(what, exc), path=self.path) from None
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self.rows_written = 0
        self.row_groups = 0

    def write(self, table: pa.Table) -> None:
        """Add the rows of ``table`` (of ``schema``); full row groups are written."""
        if self._writer is None:
            raise UsageError("the Parquet file is closed", path=self.path)
        if not table.num_rows:
            return
        columns = list(table.columns)
        for i in self._strings:
            columns[i] = columns[i].dictionary_encode()
        self._buffer.append(pa.Table.from_arrays(columns, schema=self._encoded))
        self._buffered += table.num_rows
        while self._buffered >= self.group_rows:
            self._flush(self.group_rows)

    def _flush(self, rows: int) -> None:
        assert self._writer is not None
        # one dictionary per column for the row group: its pages stay dictionary-encoded
        table = pa.concat_tables(self._buffer).unify_dictionaries()
        head, rest = table.slice(0, rows), table.slice(rows)
        del table
        # held no more whether the write succeeds or not (a failed write is not retried)
        self._buffer = [rest] if rest.num_rows else []
        self._buffered = rest.num_rows
        self._writer.write_table(head, row_group_size=rows)
        self.rows_written += head.num_rows
        self.row_groups += 1
        del head
        pa.default_memory_pool().release_unused()

    def close(self) -> None:
        """Write the rows still held and close the file (idempotent)."""
        if self._writer is None:
            return
        try:
            if self._buffered:
                self._flush(self._buffered)
        finally:
            self._writer.close()
            self._writer = None


def _open(path: str | os.PathLike[str], what: str = "event log") -> pq.ParquetFile:
    try:
        return pq.ParquetFile(os.fspath(path), buffer_size=READ_BUFFER)
    except (OSError, pa.ArrowException) as exc:
        raise UsageError(say(f"bukan {_KATA.get(what, what)} Parquet yang dapat dibaca: {exc}",
                             f"not a readable Parquet {what}: {exc}"),
                         path=os.fspath(path)) from exc


def iter_slices(path: str | os.PathLike[str], columns: Sequence[str] | None = None,
                rows: int = SLICE_ROWS, *, what: str = "event log") -> Iterator[pa.Table]:
    """The rows of a Parquet file as Tables of at most ``rows`` rows, in file order, one row
    group at a time and each row group in slices (memory of one slice, whatever the size of
    the row groups); ``columns``: only those. ``what`` names the file in messages."""
    return _slices(_open(path, what), columns, rows, what=what, where=os.fspath(path))


def _slices(pf: pq.ParquetFile, columns: Sequence[str] | None, rows: int, *, what: str,
            where: str) -> Iterator[pa.Table]:
    pool = pa.default_memory_pool()
    wanted = None if columns is None else list(columns)
    for i in range(pf.num_row_groups):
        try:
            for batch in pf.iter_batches(batch_size=rows, row_groups=[i], columns=wanted,
                                         use_threads=False):
                yield pa.Table.from_batches([batch])
                del batch
        except (OSError, pa.ArrowException) as exc:
            raise UsageError(say(f"kelompok baris {i} {_KATA.get(what, what)} tidak dapat "
                                 f"dibaca: {exc}",
                                 f"row group {i} of the {what} cannot be read: {exc}"),
                             path=where) from None
        pool.release_unused()  # the Arrow buffers are gone: give them back to the OS


def iter_log_tables(path: str | os.PathLike[str],
                    columns: Sequence[str] | None = None) -> Iterator[pa.Table]:
    """Yield the event log written by :class:`ParquetLogSink` or :class:`RowGroupWriter`,
    :data:`SLICE_ROWS` rows at a time (never more than a row group), as pyarrow Tables
    (strings stay Arrow strings: what the exports read); ``columns`` reads only those
    (default: every log column, ``batch_id`` too when the log has it)."""
    pf = _open(path)
    names = set(pf.schema_arrow.names)
    missing = [c for c in LOG_COLUMNS if c not in names]
    if missing:
        raise UsageError(say(f"berkas Parquet ini bukan log kejadian: tidak ada kolom {missing}",
                             f"Parquet file is not an event log: lacks {missing}"),
                         path=os.fspath(path))
    known = [*LOG_COLUMNS, *([BATCH_FIELD.name] if BATCH_FIELD.name in names else [])]
    wanted = known if columns is None else list(columns)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise UsageError(say(f"bukan kolom log kejadian: {unknown}",
                             f"not event-log columns: {unknown}"), path=os.fspath(path))
    yield from _slices(pf, wanted, SLICE_ROWS, what="event log", where=os.fspath(path))


def iter_log_chunks(path: str | os.PathLike[str],
                    columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """Yield the event log written by :class:`ParquetLogSink` or :class:`RowGroupWriter`,
    :data:`SLICE_ROWS` rows at a time (``columns``: only those)."""
    pool = pa.default_memory_pool()
    for table in iter_log_tables(path, columns):
        frame = table.to_pandas(use_threads=False)
        del table
        pool.release_unused()
        yield frame
        del frame


def read_log(path: str | os.PathLike[str]) -> pd.DataFrame:
    """The whole event log of a file written by :class:`ParquetLogSink`."""
    chunks = list(iter_log_chunks(path))
    if not chunks:
        return LOG_SCHEMA.empty_table().to_pandas()
    return pd.concat(chunks, ignore_index=True)


def read_log_metadata(path: str | os.PathLike[str]) -> dict[str, str]:
    """The ``metadata`` given to the sink (without pyarrow's own keys)."""
    meta = _open(path).schema_arrow.metadata or {}
    return {
        k.decode(): v.decode() for k, v in meta.items() if not k.startswith(b"ARROW:")
    }
