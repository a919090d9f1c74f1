"""A what-if comparison (:class:`probisnis.whatif.compare.Comparison`) as HTML and Excel.

The side-by-side table: per variant and KPI the base value, the variant's, the paired
difference with its 95 % confidence interval, the relative change and the verdict, in the
reader's units (``Waktu siklus (hari kerja)``, ``Utilisasi (%)``) via
:mod:`probisnis.present.labels`; a chart of the main KPI per scenario; each scenario's
stability. Reads the comparison object only (never runs anything).
"""

from __future__ import annotations

import io
import math
import os
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from probisnis.errors import UsageError
from probisnis.outputs import atomic_path
from probisnis.present.labels import KPIS, kpi_label, to_display
from probisnis.present.notices import text
from probisnis.present.numbers import tanggal
from probisnis.report.html import data_uri, page, table_html, write_page

__all__ = ["comparison_table", "write_comparison_html", "write_comparison_xlsx"]


def _convert(value: float, name: str, unit: str, hpd: float) -> float:
    label = KPIS.get(name)
    if label is None or not isinstance(value, float | int) or not math.isfinite(float(value)):
        return float(value) if isinstance(value, float | int) else math.nan
    try:
        return to_display(float(value), unit, label.unit, hours_per_day=hpd)
    except UsageError:  # a unit the labels do not convert: shown as measured
        return float(value)


def comparison_table(comparison: Any) -> pd.DataFrame:
    """The comparison in display units, Indonesian headers, one row per variant and KPI."""
    t = comparison.table
    hpd = float(getattr(comparison, "hours_per_day", 7.5))
    names = dict(zip(comparison.labels, comparison.names, strict=False))
    rows = []
    for r in t.to_dict("records"):
        name, unit = str(r["name"]), str(r["unit"])
        conv = [_convert(r[k], name, unit, hpd) for k in ("base", "value", "difference",
                                                           "ci_low", "ci_high")]
        rows.append({
            "Varian": names.get(r["variant"], r["variant"]),
            "Ukuran": kpi_label(name),
            "Lingkup": str(r["scope"]),
            "Dasar": conv[0], "Varian (nilai)": conv[1], "Selisih": conv[2],
            "IK 95% bawah": conv[3], "IK 95% atas": conv[4],
            "Perubahan (%)": 100.0 * float(r["relative"])
            if isinstance(r["relative"], float | int) and math.isfinite(float(r["relative"]))
            else math.nan,
            "Kesimpulan": str(r["verdict"]),
        })
    return pd.DataFrame(rows)


def _chart(comparison: Any) -> bytes | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    per = comparison.per_replication
    rows = per[(per["name"] == "cycle_time_working") & (per["scope"] == "process")]
    if rows.empty or "scenario" not in rows.columns:
        return None
    hpd = float(getattr(comparison, "hours_per_day", 7.5))
    names = dict(zip(comparison.labels, comparison.names, strict=False))
    means, errs, labels = [], [], []
    for label in comparison.labels:
        v = rows[rows["scenario"] == label]["value"].astype(float) / (hpd * 3600.0)
        if v.empty:
            continue
        labels.append(str(names.get(label, label))[:40])
        means.append(float(v.mean()))
        errs.append(float(1.96 * v.std(ddof=1) / math.sqrt(len(v))) if len(v) > 1 else 0.0)
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(labels) + 1.3))
    ax.barh(labels[::-1], means[::-1], xerr=errs[::-1], color="#3b6ea5", capsize=3)
    ax.set_xlabel("Waktu siklus (hari kerja), rata-rata dan IK 95%")
    ax.set_title("Waktu siklus per skenario")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def write_comparison_html(comparison: Any, path: str | os.PathLike[str], *,
                          today: date | None = None) -> Path:
    """The comparison as one self-contained HTML file (Bahasa Indonesia)."""
    names = dict(zip(comparison.labels, comparison.names, strict=False))
    parts = [f"<h1>Perbandingan skenario</h1><p class='meta'>Dibuat "
             f"{tanggal(today or date.today())} dengan probisnis. Dasar: "
             f"<b>{escape(str(names.get(comparison.base, comparison.base)))}</b>; "
             f"{comparison.replications} replikasi berpasangan, seed {comparison.seed}"
             f"{', angka acak bersama (CRN)' if comparison.common_random_numbers else ''}.</p>",
             "<h2>Skenario</h2><ul>"]
    for label in comparison.labels:
        st = comparison.stability.get(label)
        verdict = "" if st is None else ("stabil" if st.stable else
                                         "TIDAK STABIL: " + "; ".join(st.warnings))
        parts.append(f"<li><b>{escape(str(names.get(label, label)))}</b> "
                     f"({escape(str(label))}){': ' + escape(verdict) if verdict else ''}</li>")
    parts.append("</ul>")
    chart = _chart(comparison)
    if chart is not None:
        parts.append(f'<figure><img alt="Waktu siklus per skenario" src="{data_uri(chart)}">'
                     "</figure>")
    parts.append("<h2>Hasil berdampingan</h2><p class='small'>Selisih = varian - dasar, "
                 "dengan interval kepercayaan 95% dari replikasi berpasangan; kesimpulan "
                 "menurut interval itu dan ambang perubahan.</p>")
    parts.append(table_html(comparison_table(comparison)))
    if comparison.warnings:
        parts.append("<h2>Catatan</h2><ul class='small'>"
                     + "".join(f"<li>{escape(text(w, 'id'))}</li>" for w in comparison.warnings)
                     + "</ul>")
    return write_page(path, page("Perbandingan skenario", parts))


def write_comparison_xlsx(comparison: Any, path: str | os.PathLike[str]) -> Path:
    """The comparison table as a workbook: real numbers, units in the headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    frame = comparison_table(comparison)
    wb = Workbook()
    ws = wb.active
    ws.title = "Perbandingan"
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for record in frame.itertuples(index=False):
        ws.append([None if isinstance(v, float) and not math.isfinite(v) else v
                   for v in record])
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=9):
        for cell in row:
            cell.number_format = "#,##0.00"
    for letter, width in zip("ABCDEFGHIJ", (30, 34, 22, 12, 14, 12, 13, 13, 14, 34),
                             strict=True):
        ws.column_dimensions[letter].width = width
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out
