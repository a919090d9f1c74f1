"""The report as one self-contained HTML file (Bahasa Indonesia, works offline).

Every picture is a ``data:`` URI, the style sheet is inline, nothing is fetched: the file
can be mailed, opened without a network and printed on A4 (``@page``).
"""

from __future__ import annotations

import base64
import math
import os
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from probisnis.outputs import atomic_path
from probisnis.present.notices import text
from probisnis.report.charts import CHARTS
from probisnis.report.data import ReportData
from probisnis.report.fmt import date_id, duration_id, number_id
from probisnis.report.stability import stability_verdict
from probisnis.report.tables import activity_table, kpi_table, pool_table

__all__ = ["CSS", "data_uri", "page", "render_html", "table_html", "write_html", "write_page"]

CSS = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #222;
       max-width: 190mm; margin: 0 auto; padding: 8px; }
h1 { font-size: 17pt; margin-bottom: 2px; } h2 { font-size: 13pt; border-bottom: 2px solid #3b6ea5;
     margin-top: 22px; page-break-after: avoid; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; }
th { background: #dde6f0; text-align: left; } td.n { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; } figure { margin: 8px 0; page-break-inside: avoid; }
img { max-width: 100%; height: auto; } figcaption { font-size: 9pt; color: #555; }
.meta { color: #555; font-size: 9pt; } .verdict { padding: 6px 10px; border-radius: 4px; }
.stabil { background: #e8f6ec; } .waspada { background: #fdf2e0; }
.tidak-stabil { background: #fbe4e1; } .small { font-size: 8.5pt; color: #555; }
.zoom { overflow-x: auto; } .zoom label { cursor: zoom-in; } .zoom input { display: none; }
.zoom input:checked + img { max-width: none; width: auto; cursor: zoom-out; }
"""


def data_uri(png: bytes) -> str:
    """PNG bytes as a ``data:image/png;base64,...`` URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _cell(value: object, decimals: int = 2) -> tuple[str, bool]:
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return "-", True
        return number_id(float(value), 0 if isinstance(value, int) else decimals), True
    if isinstance(value, pd.Timestamp):
        return date_id(value), False
    return escape(str(value)), False


def table_html(frame: pd.DataFrame, *, decimals: int = 2, drop: tuple[str, ...] = ()) -> str:
    """A DataFrame as an HTML table, numbers in Indonesian format, right-aligned."""
    cols = [c for c in frame.columns if c not in drop]
    head = "".join(f"<th>{escape(str(c))}</th>" for c in cols)
    body = []
    for record in frame[cols].itertuples(index=False):
        cells = []
        for v in record:
            text, numeric = _cell(v.item() if hasattr(v, "item") else v, decimals)
            cells.append(f'<td class="n">{text}</td>' if numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(title: str, png: bytes, caption: str = "", *, zoom: bool = False) -> str:
    """A figure; ``zoom``: a click shows the picture at its full size, scrolled sideways
    (CSS only: a hidden checkbox, no script), for a diagram too wide to read at page width."""
    img = f'<img alt="{escape(title)}" src="{data_uri(png)}">'
    if zoom:
        img = (f'<label title="Klik untuk memperbesar / memperkecil"><input type="checkbox">'
               f"{img}</label>")
        caption = f"{caption or title} Klik gambar untuk memperbesarnya."
    opening = '<figure class="zoom">' if zoom else "<figure>"
    return f"{opening}{img}<figcaption>{escape(caption or title)}</figcaption></figure>"


def _summary(data: ReportData) -> str:
    hpd = data.context.hours_per_day
    mean, low, high = data.value("cycle_time_working")
    parts = []
    if math.isfinite(mean):
        ci = ""
        if math.isfinite(low) and math.isfinite(high):
            ci = (f" (interval kepercayaan 95%: {duration_id(low, hpd)} sampai "
                  f"{duration_id(high, hpd)})")
        parts.append(f"<li>Satu kasus selesai rata-rata dalam <b>{duration_id(mean, hpd)}</b> "
                     f"= {number_id(mean / 3600.0, 1)} jam kerja{ci}.</li>")
    acts = activity_table(data)
    if not acts.empty and acts.iloc[0]["Waktu tunggu (hari kerja)"] > 0:
        top = acts.iloc[0]
        parts.append(f"<li>Penantian terlama sebelum <b>{escape(str(top['Aktivitas']))}</b> "
                     f"({escape(str(top['Pelaksana']))}): rata-rata "
                     f"{number_id(float(top['Waktu tunggu (hari kerja)']), 1)} hari kerja.</li>")
    pools = pool_table(data).dropna(subset=["Utilisasi (%)"])
    if not pools.empty:
        busy = pools.sort_values("Utilisasi (%)", ascending=False).iloc[0]
        parts.append(f"<li>Kelompok pegawai tersibuk: <b>{escape(str(busy['Kelompok pegawai']))}"
                     f"</b>, {number_id(float(busy['Utilisasi (%)']), 1)} % dari waktu "
                     "tersedianya.</li>")
    return "<ul>" + "".join(parts) + "</ul>"


def _scenario(data: ReportData) -> str:
    ctx = data.context
    hpd = ctx.hours_per_day
    rows = [("Skenario", ctx.name), ("Proses", ctx.process_id),
            ("Berkas skenario", ctx.scenario_path or "-"),
            ("Mulai simulasi", date_id(ctx.start)),
            ("Kasus per replikasi", str(ctx.cases) if ctx.cases is not None else "-"),
            ("Replikasi", str(ctx.replications)), ("Seed", str(ctx.seed)),
            ("Kasus awal yang diabaikan", str(ctx.warmup_cases)),
            ("Hari kerja", f"{number_id(hpd, 1)} jam"), ("Kedatangan kasus", ctx.arrivals)]
    out = ["<table>" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>"
                               for k, v in rows) + "</table>"]
    if ctx.pools:
        pools = pd.DataFrame([{"Kelompok pegawai": p.name, "Jumlah orang": p.count,
                               "Porsi waktu (%)": 100.0 * p.availability,
                               "Biaya per jam (Rp)": p.cost_per_hour} for p in ctx.pools])
        out.append("<h3>Pegawai</h3>" + table_html(pools, decimals=0))
    tasks = [t for t in ctx.tasks if t.mean_duration is not None]
    if tasks:
        frame = pd.DataFrame([{"Aktivitas": t.name,
                               "Pelaksana": ctx.lanes.get(t.lane or "", t.lane or ""),
                               "Durasi rata-rata (hari kerja)":
                                   float(t.mean_duration or 0.0) / (hpd * 3600.0)}
                              for t in tasks])
        out.append("<h3>Durasi aktivitas yang diasumsikan</h3>" + table_html(frame))
    if ctx.warnings:
        out.append("<h3>Asumsi yang ditambahkan program</h3><ul class='small'>"
                   + "".join(f"<li>{escape(text(w, 'id'))}</li>" for w in ctx.warnings)
                   + "</ul>")
    return "".join(out)


def render_html(data: ReportData, *, heat_png: bytes | None = None,
                heat_note: str = "", today: date | None = None) -> str:
    """The whole report as an HTML string."""
    ctx = data.context
    verdict = stability_verdict(data)
    kpis = kpi_table(data)
    body = [
        f"<h1>Laporan Simulasi: {escape(ctx.name)}</h1>",
        f"<p class='meta'>Dibuat {date_id(today or date.today())} dengan probisnis"
        f"{' dari ' + escape(data.source) if data.source else ''}. Proses "
        f"<code>{escape(ctx.process_id)}</code>; {ctx.replications} replikasi.</p>",
        "<h2>Ringkasan</h2>", _summary(data),
        f"<p class='verdict {verdict.level.replace(' ', '-')}'><b>Kestabilan: "
        f"{escape(verdict.level)}</b>. " + "; ".join(escape(r) for r in verdict.reasons)
        + ".</p>",
        "<h2>Indikator kinerja</h2>",
        "<p class='small'>Rata-rata antar replikasi dengan interval kepercayaan 95% "
        "(IK): dengan peluang 95% rata-rata sebenarnya dari skenario ini ada di antara batas "
        "bawah dan batas atas. Waktu kerja dihitung hanya pada jam kerja.</p>",
        table_html(kpis, drop=("Kode KPI",)),
    ]
    body.append("<h2>Diagram panas (heat map)</h2>")
    if heat_png is not None:
        body.append(_figure("Diagram panas", heat_png, heat_note or
                            "Warna aktivitas: rata-rata waktu tunggu; warna lajur: utilisasi.",
                            zoom=True))
    else:
        body.append(f"<p class='small'>Tidak digambar: {escape(heat_note or 'tidak ada model')}"
                    "</p>")
    body.append("<h2>Grafik</h2>")
    for title, chart in CHARTS.values():
        png = chart(data)
        if png is not None:
            body.append(_figure(title, png))
    body += ["<h2>Per aktivitas</h2>",
             table_html(activity_table(data), drop=("ID aktivitas",)),
             "<h2>Per kelompok pegawai</h2>", table_html(pool_table(data), drop=("ID",)),
             "<h2>Skenario dan asumsi</h2>", _scenario(data)]
    return page(f"Laporan Simulasi: {ctx.name}", body)


def page(title: str, body: list[str]) -> str:
    """A self-contained Indonesian HTML page: ``title`` (escaped here), the report CSS and
    ``body`` (HTML parts)."""
    return ("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


def write_page(path: str | os.PathLike[str], text: str) -> Path:
    """Write the page ``text`` to ``path`` (parent folders made; atomic, links refused)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out


def write_html(data: ReportData, path: str | os.PathLike[str], **kw: object) -> Path:
    """Write :func:`render_html` to ``path`` via a temporary file."""
    return write_page(path, render_html(data, **kw))  # type: ignore[arg-type]
