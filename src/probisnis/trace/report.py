"""Traceability of the process library to Perwali 88/2024: which element cites which clause.

:func:`trace` reads BPMN files and gathers every citation (:mod:`probisnis.trace.extract`)
against the clause table; :class:`Trace` answers the coverage questions
(clauses cited nowhere, flow nodes citing nothing, citations of clauses or
Pasal that do not exist) as DataFrames, and :func:`render_markdown` writes
the page ``docs/traceability.md`` (in Bahasa Indonesia, for the analysts of
the Bagian Organisasi). The page is deterministic: same files, same page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from probisnis.errors import UsageError
from probisnis.trace.extract import CITATION_COLUMNS, ELEMENT_COLUMNS, citations, elements
from probisnis.trace.pasal import pasal_problem
from probisnis.trace.table import load_clauses

__all__ = [
    "Trace",
    "expand_paths",
    "render_markdown",
    "trace",
]


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, plus the sorted ``*.bpmn`` of each folder; :class:`UsageError` if absent."""
    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [str(p) for p in sorted(path.glob("*.bpmn"))]
            if not found:  # (a wrong folder is not one without citations)
                raise UsageError(f"tidak ada berkas *.bpmn di folder {os.fspath(raw)}: "
                                 "periksa foldernya")
            files += found
        elif path.is_file():
            files.append(str(path))
        else:
            raise UsageError(f"berkas atau folder tidak ditemukan: {os.fspath(raw)}")
    return files


@dataclass(frozen=True)
class Trace:
    """Citations of a set of BPMN files against the clause table.

    ``clauses``: the clause table (:func:`load_clauses`); ``citations``: one row
    per (element, citation), columns :data:`~probisnis.trace.extract.CITATION_COLUMNS`;
    ``elements``: every element with its citation count,
    :data:`~probisnis.trace.extract.ELEMENT_COLUMNS`; ``files``: the paths read.
    """

    clauses: pd.DataFrame
    citations: pd.DataFrame
    elements: pd.DataFrame
    files: tuple[str, ...]

    def coverage(self) -> pd.DataFrame:
        """Per clause id, in table order: ``id, location, text, elements`` (elements citing it)."""
        cited = self.citations.dropna(subset=["clause_id"])
        counts = (
            cited.drop_duplicates(["path", "element_id", "clause_id"]).groupby("clause_id").size()
        )
        frame = self.clauses.copy()
        frame["elements"] = frame["id"].map(counts).fillna(0).astype(int)
        return frame

    def uncited_clauses(self) -> list[str]:
        """Clause ids no element of the files cites, in table order."""
        coverage = self.coverage()
        return list(coverage.loc[coverage["elements"] == 0, "id"])

    def uncited_flow_nodes(self) -> pd.DataFrame:
        """Flow nodes citing neither a clause id nor a Pasal (a Lampiran part alone is not enough).

        Columns ``path, process_id, element_id, kind, name``.
        """
        frame = self.elements
        bare = frame[frame["is_flow_node"] & (frame["clauses"] == 0) & (frame["pasal"] == 0)]
        return bare[["path", "process_id", "element_id", "kind", "name"]].reset_index(drop=True)

    def invalid(self) -> pd.DataFrame:
        """Citations of what does not exist: ``path, process_id, element_id, citation, problem``.

        A clause id missing from the table, a Pasal the regulation does not
        have, an ayat beyond the Pasal's last.
        """
        known = set(self.clauses["id"])
        rows = []
        for row in self.citations.itertuples(index=False):
            problem = None
            # (pandas 3 stores a missing string as NaN, not None)
            clause_id = row.clause_id if isinstance(row.clause_id, str) else None
            pasal = row.pasal if isinstance(row.pasal, str) else None
            if clause_id is not None and clause_id not in known:
                citation, problem = clause_id, f"unknown clause id {clause_id}"
            elif pasal is not None:
                citation = pasal
                parts = pasal.split()
                ayat = int(parts[3].strip("()")) if len(parts) > 3 and parts[2] == "ayat" else None
                problem = pasal_problem(int(parts[1]), ayat)
            if problem is not None:
                rows.append((row.path, row.process_id, row.element_id, citation, problem))
        return pd.DataFrame(
            rows, columns=["path", "process_id", "element_id", "citation", "problem"]
        )


def trace(paths: Iterable[str | os.PathLike[str]]) -> Trace:
    """Read every BPMN file (folders: their ``*.bpmn``) and gather their citations."""
    from probisnis.bpmn.reader import read

    table = load_clauses()
    locations = dict(zip(table["id"], table["location"], strict=True))
    files = expand_paths(paths)
    cites, elems = [], []
    for path in files:
        defs = read(path, schema="off")
        cites.append(citations(defs, locations))
        elems.append(elements(defs, locations))
    return Trace(
        clauses=table,
        citations=_concat(cites, CITATION_COLUMNS),
        elements=_concat(elems, ELEMENT_COLUMNS),
        files=tuple(files),
    )


def _concat(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(frames, ignore_index=True)


# --- the Markdown page ----------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _who(rows: pd.DataFrame) -> str:
    """``file › process › element (name)`` for each citing element, joined by line breaks."""
    items = []
    for row in rows.drop_duplicates(["path", "element_id"]).itertuples(index=False):
        label = f"`{Path(row.path).name}` › `{row.process_id or '-'}` › `{row.element_id}`"
        if row.name:
            label += f" ({_cell(row.name)})"
        items.append(label)
    return "<br>".join(items) if items else "—"


def _read_from(files: Sequence[str]) -> str:
    """What the page was made from, as a person would name it: the one file, or the folder
    holding all the files (``processes/``)."""
    if len(files) == 1:
        return Path(files[0]).as_posix()
    parents = {Path(f).parent.as_posix() for f in files}
    if len(parents) == 1:
        folder = parents.pop()
        return "./" if folder == "." else folder + "/"
    return " ".join(Path(f).as_posix() for f in files)


def render_markdown(result: Trace, *, command: str | None = None) -> str:
    """The traceability page: per clause the elements citing it, then the gaps. ``command``
    is the command that makes it again (default: ``probisnis trace`` of the files read)."""
    source = _read_from(result.files) if result.files else "processes/"
    command = command or f"probisnis trace {source}"
    coverage = result.coverage()
    cited = result.citations
    by_clause = cited.dropna(subset=["clause_id"])
    uncited = result.uncited_clauses()
    bare = result.uncited_flow_nodes()
    invalid = result.invalid()
    flow_nodes = int(result.elements["is_flow_node"].sum()) if not result.elements.empty else 0
    lines = [
        "# Keterlacakan: klausul Perwali 88/2024 → elemen BPMN",
        "",
        f"<!-- generated by `{command}`; do not edit by hand -->",
        "",
        "Halaman ini dibuat otomatis dari dokumentasi (`documentation`) setiap elemen BPMN di",
        f"`{source}`. Setiap elemen mengutip sumbernya: id klausul dalam kurung siku",
        "(`[D1.a.3]`), Pasal (`Pasal 10 ayat (2)`) atau bagian Lampiran (`Lampiran II.B.1`).",
        "Tabel klausul (133 kalimat Lampiran II.B dan II.D) adalah",
        "`src/probisnis/library/data/clauses.tsv`, dipotong dari teks Peraturan Wali Kota",
        "Probolinggo Nomor 88 Tahun 2024.",
        f"Buat ulang dengan `{command}` (tambahkan `--out BERKAS.md` untuk menyimpannya).",
        "",
        "## Ringkasan",
        "",
        f"- Berkas BPMN: {len(result.files)}",
        f"- Klausul yang dikutip: {len(coverage) - len(uncited)} dari {len(coverage)}",
        f"- Node alur (flow node): {flow_nodes}; tanpa kutipan: {len(bare)}",
        f"- Kutipan yang tidak merujuk ke teks yang ada: {len(invalid)}",
        "",
        "## Klausul → elemen",
        "",
    ]
    for location, group in coverage.groupby("location", sort=False):
        lines += [f"### {location}", "", "| Klausul | Teks | Dikutip oleh |", "|---|---|---|"]
        for row in group.itertuples(index=False):
            who = _who(by_clause[by_clause["clause_id"] == row.id])
            lines.append(f"| `{row.id}` | {_cell(_short(row.text))} | {who} |")
        lines.append("")
    lines += ["## Klausul yang belum dikutip", ""]
    if uncited:
        lines += [f"{len(uncited)} klausul belum dikutip oleh elemen mana pun:", ""]
        for location, group in coverage[coverage["id"].isin(uncited)].groupby(
            "location", sort=False
        ):
            lines.append(f"- {location}: " + ", ".join(f"`{i}`" for i in group["id"]))
    else:
        lines.append("Semua klausul dikutip.")
    lines += ["", "## Node alur tanpa klausul atau Pasal", ""]
    if bare.empty:
        lines.append("Setiap node alur mengutip setidaknya satu klausul atau Pasal.")
    else:
        lines += ["| Berkas | Proses | Node | Jenis | Nama |", "|---|---|---|---|---|"]
        for row in bare.itertuples(index=False):
            lines.append(
                f"| `{Path(row.path).name}` | `{row.process_id}` | `{row.element_id}` "
                f"| {row.kind} | {_cell(row.name)} |"
            )
    lines += ["", "## Pasal dan bagian Lampiran yang dikutip", ""]
    other = cited[cited["clause_id"].isna()].copy()
    if other.empty:
        lines.append("Tidak ada.")
    else:
        other["ref"] = other["pasal"].fillna(other["lampiran"])
        lines += ["| Rujukan | Dikutip oleh |", "|---|---|"]
        for ref, group in sorted(other.groupby("ref"), key=lambda kv: _ref_order(str(kv[0]))):
            lines.append(f"| {_cell(ref)} | {_who(group)} |")
    lines += ["", "## Kutipan yang tidak merujuk ke teks yang ada", ""]
    if invalid.empty:
        lines.append("Tidak ada.")
    else:
        lines += ["| Berkas | Elemen | Kutipan | Masalah |", "|---|---|---|---|"]
        for row in invalid.itertuples(index=False):
            lines.append(
                f"| `{Path(row.path).name}` | `{row.element_id}` | {_cell(row.citation)} "
                f"| {_cell(row.problem)} |"
            )
    return "\n".join(lines) + "\n"


def _ref_order(ref: str) -> tuple[int, str, int, str]:
    """Pasal in numeric order first, then Lampiran parts alphabetically."""
    parts = ref.split()
    if parts[0] == "Pasal":
        return (0, "", int(parts[1]), ref)
    return (1, ref, 0, ref)
