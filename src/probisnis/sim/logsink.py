"""A chunked Parquet writer for the event log, and reading it back chunk by chunk.

Public API::

    with ParquetLogSink(path, chunk_rows=50_000, metadata=None) as sink:
        sink.append({"case_id": [...], "replication": [...], ..., "end": [...]})
    iter_log_chunks(path, columns=None) -> Iterator[DataFrame]      # one frame per row group
    iter_log_tables(path, columns=None) -> Iterator[pyarrow.Table]  # the same, as Arrow
    read_log(path) -> DataFrame                        # the whole log
    read_log_metadata(path) -> dict[str, str]

The sink buffers at most ``chunk_rows`` rows and writes each full buffer as one
Parquet row group (pyarrow), so a simulation of 100k cases never holds its whole
log in memory. Columns are exactly :data:`probisnis.sim.kpis.LOG_COLUMNS` with
the types of :data:`LOG_SCHEMA`. This module stores and reads logs only; the KPIs of a
Parquet log are :func:`probisnis.sim.kpis.kpis_from_parquet` (KPIs read storage, storage
never imports KPIs).
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

from probisnis.errors import UsageError
from probisnis.sim.eventlog import LOG_COLUMNS

__all__ = [
    "LOG_SCHEMA",
    "ParquetLogSink",
    "iter_log_chunks",
    "iter_log_tables",
    "log_schema",
    "read_log",
    "read_log_metadata",
]

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
            raise UsageError(f"cannot write the event log: {exc}", path=self.path) from exc
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


def _open(path: str | os.PathLike[str]) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(os.fspath(path))
    except (OSError, pa.ArrowException) as exc:
        raise UsageError(f"not a readable Parquet event log: {exc}", path=os.fspath(path)) from exc


def iter_log_tables(path: str | os.PathLike[str],
                    columns: Sequence[str] | None = None) -> Iterator[pa.Table]:
    """Yield the event log written by :class:`ParquetLogSink`, one row group at a time, as
    pyarrow Tables (strings stay Arrow strings: what the exports read); ``columns`` reads
    only those (default: every log column, ``batch_id`` too when the log has it)."""
    pf = _open(path)
    names = set(pf.schema_arrow.names)
    missing = [c for c in LOG_COLUMNS if c not in names]
    if missing:
        raise UsageError(f"Parquet file is not an event log: lacks {missing}", path=os.fspath(path))
    known = [*LOG_COLUMNS, *([BATCH_FIELD.name] if BATCH_FIELD.name in names else [])]
    wanted = known if columns is None else list(columns)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise UsageError(f"not event-log columns: {unknown}", path=os.fspath(path))
    pool = pa.default_memory_pool()
    for i in range(pf.num_row_groups):
        try:
            table = pf.read_row_group(i, columns=wanted, use_threads=False)
        except (OSError, pa.ArrowException) as exc:
            raise UsageError(f"row group {i} of the event log cannot be read: {exc}",
                             path=os.fspath(path)) from None
        yield table
        del table
        pool.release_unused()  # the Arrow buffers are gone: give them back to the OS


def iter_log_chunks(path: str | os.PathLike[str],
                    columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """Yield the event log written by :class:`ParquetLogSink`, one row group at a time
    (``columns``: only those)."""
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
