"""The clause table of Perwali Kota Probolinggo 88/2024, for citations in BPMN documentation.

``data/clauses.tsv`` (a copy of the project's ``shared/domain/clauses.tsv``) has
one row per cited sentence: ``id <TAB> location <TAB> text``. Ids are
``D<m>.<a|b|c>.<n>`` (sentence n of phase perencanaan/pelaksanaan/evaluasi of
mechanism m, Lampiran II.D), ``B2.<variant>.<n>`` (penugasan, Lampiran II.B.2)
and ``B3.p.<n>`` (pertanggungjawaban).

:func:`clause` looks one up (an unknown id is an error, so citations cannot be
misspelled) and :func:`citation` formats it the way every element's
documentation cites the text: ``[D1.a.3] Lampiran II.D.1.a: <text>``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from probisnis.errors import UsageError

__all__ = ["Clause", "Reference", "citation", "clause", "clauses"]


@dataclass(frozen=True, slots=True)
class Clause:
    """One row of the clause table."""

    id: str
    location: str
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A citation of text outside the clause table (a Pasal, a Lampiran heading).

    ``location`` is where it is (``"Pasal 10 ayat (1)"``, ``"Lampiran II.D.1"``),
    ``text`` the quoted sentence or a short paraphrase. Tests check quoted text
    against the seed regulation.
    """

    location: str
    text: str

    def citation(self) -> str:
        return f"{self.location}: {self.text}"


@cache
def clauses() -> Mapping[str, Clause]:
    """Every clause, id -> :class:`Clause`, in table order (read once, read-only)."""
    table = resources.files("probisnis.library").joinpath("data", "clauses.tsv")
    rows: dict[str, Clause] = {}
    lines = table.read_text(encoding="utf-8").splitlines()
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    if header[:3] != ["id", "location", "text"]:
        raise UsageError(f"clauses.tsv: unexpected header {header!r}")
    for row in reader:
        if not row:
            continue
        if len(row) != 3 or row[0] in rows:
            raise UsageError(f"clauses.tsv: bad or duplicate row {row[:1]!r}")
        rows[row[0]] = Clause(row[0], row[1].strip(), row[2].strip())
    return MappingProxyType(rows)


def clause(clause_id: str) -> Clause:
    """The clause with ``clause_id``; :class:`UsageError` naming close ids when unknown."""
    table = clauses()
    try:
        return table[clause_id]
    except KeyError:
        prefix = clause_id.rsplit(".", 1)[0]
        near = [k for k in table if k.startswith(prefix)][:6]
        hint = f" (ids starting {prefix!r}: {', '.join(near)})" if near else ""
        raise UsageError(f"unknown clause id {clause_id!r}{hint}") from None


def citation(clause_id: str) -> str:
    """``[id] location: text`` for a clause id, the line every element's documentation carries."""
    row = clause(clause_id)
    return f"[{row.id}] {row.location}: {row.text}"
