"""The run as an Excel workbook (openpyxl): sheets KPI, Per aktivitas, Per kelompok, Kasus.

Cells hold real numbers and dates (never text), with number formats an Indonesian-locale
Excel shows as ``1.234,5`` and dates in Indonesian (``[$-421]`` = Bahasa Indonesia); the
unit of every column is in its header (``Waktu siklus (hari kerja)``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from probisnis.outputs import atomic_path
from probisnis.report.data import ReportData
from probisnis.report.fmt import date_id
from probisnis.report.tables import activity_table, case_table, kpi_table, pool_table

__all__ = ["SHEETS", "write_xlsx"]

#: sheet title -> function building its table
SHEETS = {
    "KPI": kpi_table,
    "Per aktivitas": activity_table,
    "Per kelompok pegawai": pool_table,
    "Kasus": case_table,
}

NUMBER = "#,##0.00"
INTEGER = "#,##0"
DATE = "[$-421]d mmmm yyyy hh:mm"
_HEAD = PatternFill("solid", fgColor="DDE6F0")


def _format(column: str, series: pd.Series) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATE
    if pd.api.types.is_integer_dtype(series):
        return INTEGER
    if pd.api.types.is_float_dtype(series):
        return INTEGER if "(Rp)" in column else NUMBER
    return None


def _cell_value(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.round("ms").to_pydatetime()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalar -> Python number
        value = value.item()  # type: ignore[union-attr]
        if isinstance(value, float) and not math.isfinite(value):
            return None
    return value


def write_xlsx(data: ReportData, path: str | os.PathLike[str]) -> Path:
    """Write the workbook to ``path`` (via a temporary file: never a half-written workbook)."""
    out = Path(path)
    wb = Workbook()
    info = wb.active
    info.title = "Skenario"
    ctx = data.context
    for row in (("Skenario", ctx.name), ("Proses", ctx.process_id),
                ("Berkas skenario", ctx.scenario_path or "-"),
                ("Mulai simulasi", date_id(ctx.start)), ("Replikasi", ctx.replications),
                ("Kasus per replikasi", ctx.cases if ctx.cases is not None else "-"),
                ("Seed", ctx.seed), ("Jam kerja per hari", ctx.hours_per_day),
                ("Kedatangan", ctx.arrivals)):
        info.append(list(row))
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 70
    for title, build in SHEETS.items():
        frame = build(data)
        ws = wb.create_sheet(title)
        ws.append(list(frame.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEAD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for record in frame.itertuples(index=False):
            ws.append([_cell_value(v) for v in record])
        for i, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(i)
            fmt = _format(str(column), frame[column])
            if fmt is not None:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = fmt
            width = max([len(str(column)) * 0.6, *(len(str(v)) for v in frame[column].head(50))],
                        default=10)
            ws.column_dimensions[letter].width = min(60, max(10, width + 2))
        ws.freeze_panes = "A2"
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out
