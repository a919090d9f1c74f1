"""RowGroupWriter: row groups of a fixed size from pieces of any size, the same values back.

The streamed run's files (:mod:`probisnis.sim.streamed`) are written with it; the readers
(:func:`~probisnis.sim.logsink.iter_slices`, :func:`~probisnis.sim.logsink.iter_log_tables`)
read any row group a slice at a time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from probisnis.errors import UsageError
from probisnis.sim.logsink import (
    LOG_SCHEMA,
    RowGroupWriter,
    iter_log_tables,
    iter_slices,
)

NAMES = ["Terima berkas", "Verifikasi", "Paraf", None, "Tanda tangan", "Arsip"]


def _piece(first: int, n: int) -> pa.Table:
    """``n`` log rows from row ``first`` on: each piece meets its own names (its own
    dictionaries when encoded), some null, NaN times too."""
    rows = range(first, first + n)
    text = [NAMES[(i * 7 + first) % len(NAMES)] for i in rows]
    return pa.Table.from_pydict({
        "case_id": [i // 3 for i in rows], "replication": [0] * n,
        "process_id": ["P"] * n, "element_id": [f"T{i % 11}" for i in rows], "name": text,
        "kind": ["task"] * n, "lane": [None] * n, "resource": text[::-1],
        "resource_instance": [None if t is None else f"{t}#{i % 3}"
                              for i, t in zip(rows, text, strict=True)],
        "enable": [i * 0.5 for i in rows], "start": [i * 0.5 + 1e-9 for i in rows],
        "end": [float("nan") if i % 13 == 0 else i + 0.25 for i in rows],
    }, schema=LOG_SCHEMA)


def test_row_groups_of_group_rows_whatever_the_pieces(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    sizes = [1, 0, 37, 250, 3, 999, 64, 5]
    pieces, first = [], 0
    for n in sizes:
        pieces.append(_piece(first, n))
        first += n
    writer = RowGroupWriter(path, LOG_SCHEMA, group_rows=100, repeated=("case_id",))
    for piece in pieces:
        writer.write(piece)
    writer.close()
    writer.close()  # idempotent
    total = sum(sizes)
    assert writer.rows_written == total and writer.row_groups == -(-total // 100)
    pf = pq.ParquetFile(path)
    assert [pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)] == (
        [100] * (total // 100) + [total % 100])
    want = pa.concat_tables(pieces)
    back = pq.read_table(path)
    assert back.schema == LOG_SCHEMA  # plain strings, not dictionaries
    pd.testing.assert_frame_equal(back.to_pandas(), want.to_pandas())  # nulls and NaN kept
    # a missing name reads back missing (None under pandas 2, NaN in pandas 3's str dtype)
    names = pd.read_parquet(path)["name"]
    assert [None if pd.isna(x) else x for x in names] == want.column("name").to_pylist()
    # only the strings and the columns said to repeat use Parquet's dictionary encoding
    meta = pf.metadata.row_group(0)
    dictionary = {meta.column(i).path_in_schema for i in range(meta.num_columns)
                  if meta.column(i).has_dictionary_page}
    assert dictionary == {"case_id", "process_id", "element_id", "name", "kind", "lane",
                          "resource", "resource_instance"}
    # read back in slices of at most a row group
    assert [t.num_rows for t in iter_slices(path, rows=40)][:4] == [40, 40, 20, 40]
    assert [t.num_rows for t in iter_log_tables(path)][:2] == [100, 100]
    assert pa.concat_tables(iter_slices(path, ["name"], rows=33)).column("name").equals(
        want.column("name"))


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="tidak dapat menulis tabel kasus") as info:
        RowGroupWriter(tmp_path / "missing" / "c.parquet", LOG_SCHEMA, what="case table")
    assert "missing" in str(info.value)
    with pytest.raises(UsageError, match="group_rows"):
        RowGroupWriter(tmp_path / "x.parquet", LOG_SCHEMA, group_rows=0)
    writer = RowGroupWriter(tmp_path / "x.parquet", LOG_SCHEMA)
    writer.close()
    with pytest.raises(UsageError, match="closed"):
        writer.write(_piece(0, 3))
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(UsageError, match="bukan tabel kasus Parquet yang dapat dibaca") as info:
        iter_slices(tmp_path / "bad.parquet", what="case table")
    assert "bad.parquet" in str(info.value)
