"""Light columnar tables: what a simulation hands on before anyone asks for a DataFrame.

Public API::

    Coded(codes, names, category=True)   # a string column: integer codes into a small table
        .values() -> object ndarray      # names[codes], None where the code is -1
        .equals(name) -> bool ndarray
    Columns({name: ndarray | Coded})     # named columns of equal length, in order
        len(c), c[name], c.names, c.take(index), c.frame() -> pandas.DataFrame
        Columns.concat(parts)
    columns_of(table, required, what) -> Columns   # a DataFrame, a Columns or {name: values}
    groups(*keys) -> (distinct key rows, each row's group)  # a groupby over integer columns
    numbered(key) -> (distinct values, each row's index)  # numpy.unique(..., return_inverse)
    distinct(values) -> sorted ndarray of the distinct values

The engine's event log, case table and resource table are built as :class:`Columns` (numpy
arrays; a string column as codes into its few names); the KPIs and the terminal summary read
them as they are, and :meth:`Columns.frame` makes the public contract's pandas DataFrame on
first use (``SimulationResult.log``, ``.cases``, ``.resources``). pandas is imported there,
and by :func:`columns_of` when it is given a DataFrame, never by importing this module: a plain
``probisnis simulate`` prints its summary without loading pandas or pyarrow (about 0.35 s of a
0.7 s start).

A :class:`Coded` column with ``category=True`` becomes a pandas ``Categorical`` (the event
log's names), with ``category=False`` a column of Python strings (the case status, the
resource id of the resource table), as the contract has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Coded", "Columns", "columns_of", "distinct", "groups", "numbered"]


class Coded:
    """A string column as integer ``codes`` into ``names`` (unique; -1: missing)."""

    __slots__ = ("category", "codes", "names")

    def __init__(self, codes: Any, names: Any, *, category: bool = True) -> None:
        self.codes = np.asarray(codes)
        self.names = np.array(list(names), dtype=object)
        self.category = category

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def of(cls, values: Any, *, category: bool = False) -> Coded:
        """Codes of any sequence of strings (None and NaN missing), without pandas unless
        ``values`` is a pandas object already."""
        if type(values).__module__.partition(".")[0] == "pandas":
            import pandas as pd

            array = values.array if isinstance(values, pd.Series) else values
            if isinstance(array, pd.Categorical):
                return cls(np.asarray(array.codes), [str(x) for x in array.categories],
                           category=True)
            codes, uniques = pd.factorize(np.asarray(values, dtype=object),
                                          use_na_sentinel=True)
            return cls(codes, [str(x) for x in uniques], category=category)
        position: dict[str, int] = {}
        raw = list(values)
        codes = np.empty(len(raw), dtype=np.int64)
        for i, v in enumerate(raw):
            if v is None or (isinstance(v, float) and v != v):
                codes[i] = -1
            else:
                codes[i] = position.setdefault(str(v), len(position))
        return cls(codes, list(position), category=category)

    def values(self) -> np.ndarray:
        """The names row by row (None where missing), as an object array."""
        table = np.empty(len(self.names) + 1, dtype=object)
        table[:-1] = self.names
        table[-1] = None
        return table[self.codes]

    def name(self, i: int) -> str | None:
        """Row ``i``'s name (None: missing)."""
        code = int(self.codes[i])
        return None if code < 0 else str(self.names[code])

    def present(self) -> np.ndarray:
        """Rows that have a name."""
        return np.asarray(self.codes >= 0)

    def equals(self, name: str) -> np.ndarray:
        """Rows whose name is ``name``."""
        hit = np.flatnonzero(self.names == name)
        if not len(hit):
            return np.zeros(len(self.codes), dtype=bool)
        return np.asarray(self.codes == hit[0])

    def take(self, index: Any) -> Coded:
        return Coded(self.codes[index], self.names, category=self.category)

    def used(self) -> list[str]:
        """The names that occur, in the order of their codes."""
        return [str(self.names[c]) for c in distinct(self.codes).tolist() if c >= 0]

    def pandas(self) -> Any:
        import pandas as pd

        if self.category:
            return pd.Categorical.from_codes(self.codes, categories=list(self.names))
        return self.values()

    @staticmethod
    def concat(parts: Sequence[Coded]) -> Coded:
        """One column of ``parts`` (their tables of names joined, codes moved over)."""
        names: dict[str, int] = {}
        codes = []
        for p in parts:
            move = np.array([names.setdefault(str(n), len(names)) for n in p.names] + [-1],
                            dtype=np.int64)
            codes.append(move[p.codes])
        joined = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
        return Coded(joined, list(names), category=bool(parts) and parts[0].category)


Column = Any  # np.ndarray | Coded


class Columns:
    """Named columns of equal length, in order (numpy arrays, or :class:`Coded` strings)."""

    __slots__ = ("_data", "_rows")

    def __init__(self, data: Mapping[str, Column], rows: int | None = None) -> None:
        self._data: dict[str, Column] = dict(data)
        lengths = {len(v) for v in self._data.values()}
        if len(lengths) > 1:
            raise UsageError(f"columns differ in length: "
                             f"{ {k: len(v) for k, v in self._data.items()} }")
        self._rows = lengths.pop() if lengths else (rows or 0)

    def __len__(self) -> int:
        return self._rows

    def __getitem__(self, name: str) -> Column:
        return self._data[name]

    def __contains__(self, name: object) -> bool:
        return name in self._data

    @property
    def names(self) -> list[str]:
        return list(self._data)

    def array(self, name: str, dtype: Any = None) -> np.ndarray:
        """Column ``name`` as a numpy array (a coded column as its names)."""
        col = self._data[name]
        if isinstance(col, Coded):
            return col.values()
        return np.asarray(col, dtype=dtype)

    def coded(self, name: str) -> Coded:
        """Column ``name`` as a :class:`Coded` column."""
        col = self._data[name]
        return col if isinstance(col, Coded) else Coded.of(col)

    def take(self, index: Any) -> Columns:
        """The rows at ``index`` (positions, a mask or a slice)."""
        return Columns({k: v.take(index) if isinstance(v, Coded) else v[index]
                        for k, v in self._data.items()})

    @staticmethod
    def concat(parts: Sequence[Columns]) -> Columns:
        """The rows of ``parts`` one after the other (the first part's columns)."""
        if len(parts) == 1:
            return parts[0]
        first = parts[0]
        out: dict[str, Column] = {}
        for name, col in first._data.items():
            if isinstance(col, Coded):
                out[name] = Coded.concat([p.coded(name) for p in parts])
            else:
                out[name] = np.concatenate([np.asarray(p[name]) for p in parts])
        return Columns(out)

    def frame(self) -> pd.DataFrame:
        """The pandas DataFrame of these columns (each array a column as it is: no copy)."""
        import pandas as pd

        data = {k: v.pandas() if isinstance(v, Coded) else v for k, v in self._data.items()}
        return pd.DataFrame(data, columns=list(self._data), index=pd.RangeIndex(self._rows),
                            copy=False)


def columns_of(table: Any, required: Iterable[str], what: str) -> Columns:
    """``table`` as :class:`Columns`: as it is, or a DataFrame's / mapping's columns (strings
    as :class:`Coded`); a :class:`~probisnis.errors.UsageError` when a required column
    lacks."""
    if isinstance(table, Columns):
        out = table
    elif type(table).__module__.partition(".")[0] == "pandas":
        data: dict[str, Column] = {}
        for name in table.columns:
            col = table[name]
            if col.dtype.kind in "biuf":
                data[str(name)] = col.to_numpy()
            else:
                data[str(name)] = Coded.of(col)
        out = Columns(data, rows=len(table))
    else:
        data = {}
        for name, values in dict(table).items():
            arr = values if isinstance(values, Coded) else np.asarray(values)
            if not isinstance(arr, Coded) and arr.dtype.kind in "OUS":
                arr = Coded.of(arr)
            data[str(name)] = arr
        out = Columns(data)
    missing = [c for c in required if c not in out]
    if missing:
        raise UsageError(f"{what} lacks columns {missing}")
    return out


def numbered(key: Any) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an integer column (sorted) and each row's index among them:
    ``numpy.unique(key, return_inverse=True)``, by a table over the values' range instead
    of a sort when that range is small (replications, name codes, group numbers): several
    times faster, the same arrays."""
    k = np.asarray(key, dtype=np.int64).reshape(-1)
    if len(k) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lo, hi = int(k.min()), int(k.max())
    if lo == hi:  # one value (a single replication)
        return np.full(1, lo, dtype=np.int64), np.zeros(len(k), dtype=np.int64)
    if hi - lo < max(4096, 2 * len(k)):
        shifted = k - lo if lo else k
        seen = np.bincount(shifted, minlength=hi - lo + 1) > 0
        position = np.cumsum(seen, dtype=np.int64) - 1
        return np.flatnonzero(seen).astype(np.int64) + lo, position.take(shifted)
    values, inverse = np.unique(k, return_inverse=True)
    return values, inverse.reshape(-1).astype(np.int64)


def groups(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by integer key columns (replications, name codes): the distinct key rows
    (sorted, one per column of the returned 2-D array) and each row's group number.

    Each column is numbered by its distinct values (:func:`numbered`) and the numbers are
    combined into one integer per row: one pass per column instead of a sort of the rows
    themselves (``numpy.unique(..., axis=0)`` takes tens of times longer)."""
    n = len(keys[0]) if keys else 0
    values, numbers = [], []
    for k in keys:
        u, inv = numbered(k)
        values.append(u)
        numbers.append(inv)
    varied = [j for j, u in enumerate(values) if len(u) > 1]
    if len(varied) <= 1:  # at most one key takes several values: its numbers are the groups
        group = numbers[varied[0]] if varied else np.zeros(n, dtype=np.int64)
        seen = np.arange(len(values[varied[0]]) if varied else min(n, 1), dtype=np.int64)
    else:
        combined = np.zeros(n, dtype=np.int64)
        radix = 1
        for u, inv in zip(reversed(values), reversed(numbers), strict=True):
            combined += inv * radix
            radix *= max(len(u), 1)
        seen, group = numbered(combined)
    rows = np.empty((len(seen), len(keys)), dtype=np.int64)
    rest = seen.copy()
    for j in range(len(keys) - 1, -1, -1):
        size = max(len(values[j]), 1)
        rows[:, j] = values[j][rest % size] if len(values[j]) else 0
        rest //= size
    return rows, group.reshape(-1)


def distinct(values: Any) -> np.ndarray:
    """The distinct values of a 1-D array, sorted: ``numpy.unique(values)`` without its
    check for masked arrays, which imports ``numpy.ma`` (5 ms of a 1-case run's start)."""
    a = np.sort(np.asarray(values).reshape(-1))
    if len(a) < 2:
        return a
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]
