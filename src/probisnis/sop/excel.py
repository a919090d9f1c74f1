"""The SOP AP as an Excel workbook: Identitas, Diagram Alir (one column per Pelaksana) and
Tabel SOP (one row per step in the form ``probisnis sop import`` reads back)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from probisnis.outputs import atomic_path
from probisnis.sop.model import IDENTITY_FIELDS, Sop
from probisnis.sop.waktu import format_waktu

__all__ = ["SYMBOLS", "TABLE_COLUMNS", "table_rows", "write_sop_xlsx"]

#: the columns of the ``Tabel SOP`` sheet (and of a CSV for ``sop import``)
TABLE_COLUMNS = ("No", "Jenis", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu", "Output",
                 "Keterangan", "Lanjut ke No", "Ya ke No", "Tidak ke No")

#: row kind -> what the Pelaksana cell of the Diagram Alir sheet shows
SYMBOLS = {"mulai": "( Mulai )", "selesai": "( Selesai )", "kegiatan": "[ Kegiatan ]",
           "keputusan": "< Keputusan >"}

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="E0E0E0")
_WRAP = Alignment(wrap_text=True, vertical="top")


def table_rows(sop: Sop) -> list[list[object]]:
    """The ``Tabel SOP`` rows (without the header); numbers as ints, empty cells as ``None``."""
    rows: list[list[object]] = []
    for s in sop.steps:
        rows.append([s.no, s.kind, s.kegiatan, s.pelaksana or None, s.kelengkapan or None,
                     format_waktu(s.waktu, sop.hours_per_day) or None, s.output or None,
                     s.keterangan or None, s.next if s.kind != "keputusan" else None,
                     s.ya, s.tidak])
    return rows


def _sheet(ws: Any, head: list[str], rows: list[list[object]], widths: list[float]) -> None:
    ws.append(head)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows():
        for cell in row:
            cell.border = _BOX
            cell.alignment = _WRAP
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


def write_sop_xlsx(sop: Sop, path: str | os.PathLike[str]) -> Path:
    """Write the workbook (via a temporary file)."""
    wb = Workbook()
    ident = wb.active
    ident.title = "Identitas"
    _sheet(ident, ["Bagian", "Isi"],
           [[label, getattr(sop.identity, key) or None] for key, label in IDENTITY_FIELDS.items()],
           [34, 100])
    flow = wb.create_sheet("Diagram Alir")
    head = ["No", "Kegiatan", *sop.pelaksana, "Kelengkapan", "Waktu", "Output", "Keterangan"]
    rows = []
    for s in sop.steps:
        lanes: list[object] = [SYMBOLS[s.kind] if s.pelaksana == p else None
                               for p in sop.pelaksana]
        arrows = [f"{lab + ': ' if lab else ''}ke No {n}" for lab, n in s.targets()
                  if not (lab == "" and n == s.no + 1)]
        note = "; ".join(x for x in [*arrows, s.keterangan] if x)
        rows.append([s.no, s.kegiatan, *lanes, s.kelengkapan or None,
                     format_waktu(s.waktu, sop.hours_per_day) or None, s.output or None,
                     note or None])
    _sheet(flow, head, rows, [5, 40, *[18] * len(sop.pelaksana), 28, 14, 28, 36])
    flow.page_setup.orientation = "landscape"
    flow.print_title_rows = "1:1"
    table = wb.create_sheet("Tabel SOP")
    _sheet(table, list(TABLE_COLUMNS), table_rows(sop),
           [5, 11, 40, 30, 28, 14, 28, 36, 12, 10, 10])
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out
