"""A what-if sweep (:class:`probisnis.whatif.sweep.SweepResult`) as HTML and Excel.

One row per grid point and KPI in the reader's units (:mod:`probisnis.present.labels`), the
saturation points (where the system stops being stable), and the sweep's charts (drawn by
:func:`probisnis.whatif.charts.sweep_charts`) inlined. Reads the result only.
"""

from __future__ import annotations

import math
import os
import tempfile
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from probisnis.errors import UsageError
from probisnis.outputs import atomic_path
from probisnis.present.labels import KPIS, kpi_label, to_display
from probisnis.present.numbers import tanggal
from probisnis.report.html import data_uri, page, table_html, write_page

__all__ = ["sweep_table", "write_sweep_html", "write_sweep_xlsx"]

#: KPIs shown per grid point (process scope, and utilisation per pool)
SHOWN = ("cycle_time_working", "cost", "throughput", "wip", "utilization")


def _convert(value: Any, name: str, unit: str, hpd: float) -> float:
    if not isinstance(value, float | int) or not math.isfinite(float(value)):
        return math.nan
    label = KPIS.get(name)
    if label is None:
        return float(value)
    try:
        return to_display(float(value), unit, label.unit, hours_per_day=hpd)
    except UsageError:
        return float(value)


def sweep_table(result: Any) -> pd.DataFrame:
    """Grid point x KPI in display units: the varied keys, Ukuran, Lingkup, mean and CI."""
    hpd = float(getattr(result, "hours_per_day", 7.5))
    s = result.summary
    s = s[s["name"].isin(SHOWN) & ((s["scope"] == "process") | (s["name"] == "utilization"))]
    rows = []
    for r in s.to_dict("records"):
        name, unit = str(r["name"]), str(r["unit"])
        row: dict[str, Any] = {k: r[k] for k in result.keys}
        row.update({"Ukuran": kpi_label(name), "Lingkup": str(r["scope"]),
                    "Rata-rata": _convert(r["mean"], name, unit, hpd),
                    "IK 95% bawah": _convert(r["ci_low"], name, unit, hpd),
                    "IK 95% atas": _convert(r["ci_high"], name, unit, hpd)})
        rows.append(row)
    return pd.DataFrame(rows)


def write_sweep_html(result: Any, path: str | os.PathLike[str], *,
                     today: date | None = None) -> Path:
    """The sweep as one self-contained HTML file (Bahasa Indonesia)."""
    from probisnis.whatif.charts import sweep_charts

    parts = [f"<h1>Sapuan skenario: {escape(str(result.name))}</h1><p class='meta'>Dibuat "
             f"{tanggal(today or date.today())} dengan probisnis dari "
             f"<code>{escape(str(result.scenario))}</code>; yang divariasikan: "
             f"{escape(', '.join(result.keys))}; {result.replications} replikasi per titik, "
             f"seed {result.seed}.</p>"]
    if result.saturation:
        parts.append("<h2>Titik jenuh</h2><ul>")
        for sat in result.saturation:
            fixed = ", ".join(f"{k} = {v}" for k, v in sat.fixed)
            where = f" ({escape(fixed)})" if fixed else ""
            parts.append(f"<li><b>{escape(sat.key)}</b>{where}"
                         f": tidak stabil mulai {escape(str(sat.value))}, terakhir aman "
                         f"{escape(str(sat.last_safe))}. {escape(sat.reason)}</li>")
        parts.append("</ul>")
    points = result.points.copy()
    parts.append("<h2>Titik-titik sapuan</h2>" + table_html(points))
    with tempfile.TemporaryDirectory(prefix="probisnis-sweep-") as tmp:
        pngs = sweep_charts(result, tmp)
        if pngs:
            parts.append("<h2>Grafik</h2>")
        for png in pngs:
            parts.append(f'<figure><img alt="{escape(png.stem)}" '
                         f'src="{data_uri(Path(png).read_bytes())}"></figure>')
    parts.append("<h2>Indikator per titik</h2>" + table_html(sweep_table(result)))
    return write_page(path, page("Sapuan skenario", parts))


def write_sweep_xlsx(result: Any, path: str | os.PathLike[str]) -> Path:
    """Sheets Titik (grid points) and Indikator (KPIs per point), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    for i, (title, frame) in enumerate((("Titik", result.points),
                                        ("Indikator", sweep_table(result)))):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for record in frame.itertuples(index=False):
            values = []
            for v in record:
                v = v.item() if hasattr(v, "item") else v
                values.append(None if isinstance(v, float) and not math.isfinite(v) else v)
            ws.append(values)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out
