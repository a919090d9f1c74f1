"""The event log as the engine builds it: one tuple per activity instance, columns at the end.

The hot path hands ``(case, activity, person, enable, start, end)`` tuples of numbers
to ``LogColumns.add``, which *is* ``array.extend`` of one flat ``array('d')``: six C doubles
a row (48 bytes) instead of a tuple and its number objects (~200 bytes) kept per row.
:meth:`LogColumns.frame` turns the buffer into the contract's DataFrame in a few
vectorised steps, looking names up in the compiled activity table. With a ``sink``,
:meth:`LogColumns.flush` hands finished chunks over as pyarrow Tables (to a Parquet
writer) so memory stays bounded for long runs. Without one, each chunk is compacted
as it fills (integer codes into the small tables of names, the case number as an
integer): the log of a long run in memory costs about 50 bytes a row, not the 48-byte
buffer plus a copy plus one Python object reference per string column.

The frame's string columns are pandas ``Categorical`` (a code per row, each name
stored once): compare them by value (``log["kind"] == "task"``), or
``.astype(str)`` for plain strings.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Callable, Sequence, Sized
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.sim.columns import Coded, Columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LOG_COLUMNS", "PACK", "LogColumns", "release_freed_memory"]

LOG_COLUMNS: tuple[str, ...] = (
    "case_id", "replication", "process_id", "element_id", "name", "kind", "lane", "resource",
    "resource_instance", "enable", "start", "end",
)


def release_freed_memory() -> None:
    """Hand memory that Python and numpy have freed back to the OS (glibc's ``malloc_trim``;
    elsewhere nothing): the chunks of a long log leave the heap fragmented otherwise."""
    global _TRIM
    if _TRIM is None:
        import ctypes

        try:  # the C library's symbols are the process's own (ctypes.util.find_library
            # would run ldconfig in a subprocess: about 13 ms CPU at every start)
            _TRIM = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError, TypeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_TRIM: Any = None



def _new_columns() -> list[array[Any]]:
    """The kept log of the in-memory path: case, activity, person, enable, start, end."""
    return [array("q"), array("i"), array("i"), array("d"), array("d"), array("d")]


def _view(buffer: array[Any], dtype: Any) -> np.ndarray:
    """``buffer`` as a numpy array sharing its memory (the array keeps the buffer alive)."""
    if not len(buffer):
        return np.zeros(0, dtype)
    return np.frombuffer(buffer, dtype=dtype)


def _categorical(table: np.ndarray, index: np.ndarray) -> Coded:
    """``table[index]`` as a coded column (``None`` entries are missing; a Categorical in the
    frame), without building one object per row: the codes come from a per-entry lookup."""
    names = [v for v in table if v is not None]
    categories = list(dict.fromkeys(names))
    position = {name: k for k, name in enumerate(categories)}
    width = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32_000 \
        else np.int32
    lookup = np.array([position[v] if v is not None else -1 for v in table], dtype=width)
    index = np.where(index < 0, len(table) - 1, index)  # -1: the trailing None
    return Coded(lookup[index], categories)


#: values (six a row) gathered in :attr:`LogColumns.pending` before they are packed
PACK = 6 * 512


class LogColumns:
    """Rows of one replication, flat in an ``array('d')``.

    ``add`` (a row as a 6-tuple) is the bound ``extend`` of a short Python list, packed into
    the array every :data:`PACK` values (:meth:`pack`, called by the engine as cases
    arrive, and before anything reads the rows): extending a list by a tuple costs a
    fraction of converting the tuple into the array value by value. ``add`` is bound once
    and kept by every running token, so both buffers are emptied in place (never replaced).
    """

    def __init__(self, activities: Sequence[tuple[str, str, str, str, str | None, int]],
                 pool_ids: Sequence[str], person_labels: Sequence[str], replication: int,
                 *, sink: Callable[[Any], None] | None = None,
                 chunk_rows: int = 20_000, batched: bool = False) -> None:
        self.rows = array("d")
        #: with batched tasks the log has a ``batch_id`` column: the batch of each row
        #: marked by :meth:`mark_batch` (global row numbers, rising, and their batch)
        self.batched = batched
        self._marked_rows = array("q")
        self._marked_ids = array("q")
        self._taken = 0  # rows taken out of the buffer so far (the next row's number)
        #: rows added since the last :meth:`pack` (flat: six values a row)
        self.pending: list[float] = []
        self.add = self.pending.extend
        self.replication = replication
        #: the engine flushes while the run goes whenever ``sink`` is set: a chunk goes to the
        #: caller's sink (streamed), or is compacted and kept here (in memory)
        self.external = sink is not None
        self.sink: Callable[[Any], None] | None = sink if sink is not None else self._keep
        self.chunk_rows = chunk_rows
        self._kept = _new_columns()
        acts = list(activities)
        self._process = np.array([a[0] for a in acts] + [None], dtype=object)
        self._element = np.array([a[1] for a in acts] + [None], dtype=object)
        self._name = np.array([a[2] for a in acts] + [None], dtype=object)
        self._kind = np.array([a[3] for a in acts] + [None], dtype=object)
        self._lane = np.array([a[4] for a in acts] + [None], dtype=object)
        pools = list(pool_ids)
        self._resource = np.array([pools[a[5]] if a[5] >= 0 else None for a in acts] + [None],
                                  dtype=object)
        self._person = np.array([*person_labels, None], dtype=object)
        # the resource of a row: its person's pool (a task one of several pools may do),
        # else the activity's pool: index act, or len(acts) + 1 + person
        self._resource_any = np.concatenate([self._resource, np.array(
            [str(label).rsplit("#", 1)[0] for label in person_labels], dtype=object)])
        self._shift = len(acts) + 1
        self.rows_written = 0
        #: a streamed run's arrivals since the last chunk (set by
        #: :class:`probisnis.sim.streamed.StreamedRun`): a chunk goes to the sink also when
        #: ``chunk_rows`` cases arrived, so that cases without log rows are handed on too
        self.watch: Sized | None = None

    def frame(self) -> pd.DataFrame:
        """The rows gathered so far as the contract DataFrame (and forget them)."""
        return self.columns().frame()

    def columns(self) -> Columns:
        """The rows gathered so far as light :class:`~probisnis.sim.columns.Columns` of the
        contract's columns (and forget them): :meth:`Columns.frame` makes the DataFrame."""
        self._keep(None)
        kept = self._kept
        self._kept = _new_columns()
        # the kept columns become the frame's numeric columns without a copy (numpy views of
        # the arrays' buffers); only the activity and person codes are read and dropped
        case = _view(kept[0], np.int64)
        act, person = _view(kept[1], np.int32), _view(kept[2], np.int32)
        n = len(act)
        data: dict[str, Any] = {
            "case_id": case,
            "replication": np.full(n, self.replication, dtype=np.int64),
        }
        for name, table in (("process_id", self._process), ("element_id", self._element),
                            ("name", self._name), ("kind", self._kind), ("lane", self._lane)):
            data[name] = _categorical(table, act)
        # the person's pool (a task several pools may do), else the activity's pool
        data["resource"] = _categorical(self._resource_any, self._resource_index(act, person))
        data["resource_instance"] = _categorical(self._person, person)  # -1 -> the None
        del act, person
        kept[1] = kept[2] = array("i")
        for i, name in ((3, "enable"), (4, "start"), (5, "end")):
            data[name] = _view(kept[i], np.float64)
        del kept
        if self.batched:
            data["batch_id"] = self._batch_ids(n)
        # the frame made of them takes the arrays as its columns as they are, one block each
        # (never stacked into a 2-D block of the same dtype, which would hold the log twice)
        out = Columns(data, rows=n)
        del data
        release_freed_memory()
        return out

    def _keep(self, table: Any) -> None:
        """The in-memory "sink": append the gathered rows to the kept columns (``table``
        unused): the case as an int64, activity and person codes as int32, times as doubles,
        40 bytes a row in six growing arrays (no chunk list to join at the end)."""
        self.pack()
        if not self.rows:
            return
        arr = self._take()
        kept = self._kept
        kept[0].frombytes(arr[:, 0].astype(np.int64).tobytes())
        kept[1].frombytes(arr[:, 1].astype(np.int32).tobytes())
        kept[2].frombytes(arr[:, 2].astype(np.int32).tobytes())
        for i in (3, 4, 5):
            kept[i].frombytes(np.ascontiguousarray(arr[:, i]).tobytes())

    def arrow(self) -> Any:
        """The rows gathered so far as a pyarrow Table of :data:`LOG_SCHEMA` (and forget them).

        Strings are built in C++ from the small tables of names (dictionary arrays cast to
        strings), never one Python object per row: the streaming path stays lean.
        """
        import pyarrow as pa

        from probisnis.sim.logsink import LOG_SCHEMA

        arr = self._take()
        n = len(arr)
        act = arr[:, 1].astype(np.int32)
        person = arr[:, 2].astype(np.int32)
        resource = self._resource_index(act, person)  # before -1 becomes the None entry
        person[person < 0] = len(self._person) - 1

        def text(table: np.ndarray, index: np.ndarray) -> Any:
            values = pa.array(list(table), type=pa.string())
            return pa.DictionaryArray.from_arrays(pa.array(index), values).cast(pa.string())

        columns = [
            pa.array(arr[:, 0].astype(np.int64)),
            pa.array(np.full(n, self.replication, dtype=np.int64)),
            text(self._process, act), text(self._element, act), text(self._name, act),
            text(self._kind, act), text(self._lane, act),
            text(self._resource_any, resource),
            text(self._person, person),
            pa.array(arr[:, 3]), pa.array(arr[:, 4]), pa.array(arr[:, 5]),
        ]
        if not self.batched:
            return pa.Table.from_arrays(columns, schema=LOG_SCHEMA)
        from probisnis.sim.logsink import log_schema

        ids = self._batch_ids(n)
        missing = np.isnan(ids)
        columns.append(pa.array(np.where(missing, 0, ids).astype(np.int64), mask=missing))
        return pa.Table.from_arrays(columns, schema=log_schema(batched=True))

    def mark_batch(self, number: int) -> None:
        """The row added last belongs to batch ``number``."""
        self._marked_rows.append(self._taken + self.n_rows - 1)
        self._marked_ids.append(number)

    def _batch_ids(self, n: int) -> np.ndarray:
        """The batch of each of the last ``n`` rows taken (NaN: none), forgetting their
        marks."""
        out = np.full(n, np.nan)
        rows = _view(self._marked_rows, np.int64)
        cut = int(np.searchsorted(rows, self._taken))
        if cut:
            out[rows[:cut] - (self._taken - n)] = _view(self._marked_ids, np.int64)[:cut]
            del rows
            del self._marked_rows[:cut], self._marked_ids[:cut]
        return out

    def _resource_index(self, act: np.ndarray, person: np.ndarray) -> np.ndarray:
        return np.where(person >= 0, self._shift + person, act)

    @property
    def n_rows(self) -> int:
        """Rows gathered and not yet taken."""
        return (len(self.rows) + len(self.pending)) // 6

    def pack(self) -> None:
        """Move the rows added since the last call into the flat array."""
        pending = self.pending
        if pending:  # (struct converts a list of numbers to doubles twice as fast as fromlist)
            self.rows.frombytes(struct.pack(f"{len(pending)}d", *pending))
            pending.clear()

    def _take(self) -> np.ndarray:
        """The gathered rows as an ``(n, 6)`` float array (a copy); the buffer is emptied."""
        self.pack()
        arr = np.array(self.rows, dtype=float).reshape(-1, 6)
        del self.rows[:]  # in place: tokens hold the bound ``extend``
        self._taken += len(arr)
        return arr

    def flush(self, force: bool = False) -> None:
        """Hand a chunk to the sink when enough rows are gathered (or ``force``)."""
        self.pack()
        if not self.rows and (self.watch is None
                              or not (force or len(self.watch) >= self.chunk_rows)):
            return
        if not self.external:
            if force or len(self.rows) >= 6 * self.chunk_rows:
                self._keep(None)
            return
        if self.sink is not None and (force or len(self.rows) >= 6 * self.chunk_rows or (
                self.watch is not None and len(self.watch) >= self.chunk_rows)):
            import pyarrow as pa

            table = self.arrow()
            self.rows_written += table.num_rows
            self.sink(table)
            del table
            # hand the chunk's buffers back to the OS (pyarrow's pool keeps them otherwise)
            pa.default_memory_pool().release_unused()
