"""The clause table of Perwali 88/2024 as a DataFrame: ``id, location, text``.

133 rows cut from the regulation's Lampiran (``shared/domain/README.md``):
``D<m>.<a|b|c>.<n>`` (mechanism m, phase, sentence n; Lampiran II.D),
``B2.<variant>.<n>`` (penugasan, Lampiran II.B.2), ``B3.p.<n>`` (reporting
rules). The file is ``src/probisnis/library/data/clauses.tsv``, a verbatim copy
of ``shared/domain/clauses.tsv``; while the copy is missing the shared
original is read.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from probisnis.errors import UsageError

__all__ = ["clause_table_path", "load_clauses"]


def clause_table_path() -> Path:
    """The packaged clause table, else ``shared/domain/clauses.tsv`` beside the repository."""
    packaged = Path(__file__).resolve().parents[1] / "library" / "data" / "clauses.tsv"
    if packaged.is_file():
        return packaged
    shared = Path(__file__).resolve().parents[3].parent / "shared" / "domain" / "clauses.tsv"
    if shared.is_file():
        return shared
    raise UsageError(f"clause table not found: neither {packaged} nor {shared}")


def load_clauses(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The clause table (133 rows): columns ``id``, ``location``, ``text``, in table order.

    ``path`` defaults to :func:`clause_table_path`: ``src/probisnis/library/data/clauses.tsv``,
    the packaged copy of ``shared/domain/clauses.tsv``. A table without the
    ``id location text`` header, with a short row or a repeated id is a
    :class:`UsageError`.
    """
    table = Path(path) if path is not None else clause_table_path()
    try:
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise UsageError(f"cannot read clause table: {exc.strerror}", path=str(table)) from exc
    if not rows or rows[0][:3] != ["id", "location", "text"]:
        raise UsageError(
            "clause table must start with the header 'id<TAB>location<TAB>text'",
            path=str(table),
            line=1,
        )
    seen: set[str] = set()
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 3 or not row[0].strip():
            raise UsageError(
                f"expected 3 tab-separated fields, got {len(row)}", path=str(table), line=number
            )
        cid = row[0].strip()
        if cid in seen:
            raise UsageError("clause id repeated", path=str(table), line=number, element_id=cid)
        seen.add(cid)
        records.append((cid, row[1].strip(), row[2].strip()))
    return pd.DataFrame(records, columns=["id", "location", "text"])
