"""The review as one HTML file: findings per SOP and the PermenPAN 35/2012 checklist form."""

from __future__ import annotations

import os
from datetime import date
from html import escape
from pathlib import Path

from probisnis.outputs import atomic_path
from probisnis.present.notices import text
from probisnis.present.numbers import tanggal
from probisnis.sop.review import CHECKLIST, Reviewed
from probisnis.validate import Finding

__all__ = ["render_review_html", "write_review_html"]

CSS = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; max-width: 190mm;
       margin: 0 auto; padding: 6px; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; border-bottom: 2px solid #3b6ea5; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 9pt; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e6ecf3; } .error { color: #a02020; font-weight: bold; }
textarea { width: 100%; min-height: 2.2em; font: inherit; border: 1px solid #bbb; }
.isian { border-bottom: 1px dotted #000; display: inline-block; min-width: 60mm; }
tr { page-break-inside: avoid; }
"""

_RULES = {
    "sop.keputusan": "Keputusan", "sop.pelaksana": "Pelaksana", "sop.mutu-baku": "Mutu Baku",
    "sop.identitas": "Identitas", "sop.kegiatan": "Rumusan kegiatan",
    "sop.jabatan": "Jabatan lama", "sop.disederhanakan": "Disederhanakan",
    "sop.waktu": "Waktu penyelesaian", "sop.tabel": "Tabel",
}


def _finding_row(f: Finding) -> str:
    cls = ' class="error"' if f.severity == "error" else ""
    where = escape(f"{f.element_id or ''}{' (baris ' + str(f.line) + ')' if f.line else ''}")
    return (f"<tr><td{cls}>{escape(_RULES.get(f.rule, 'Struktur model: ' + f.rule))}</td>"
            f"<td>{where}</td><td>{escape(text(f.message, 'id'))}</td></tr>")


def render_review_html(reviews: list[Reviewed], structural: list[Finding], *,
                       today: date | None = None) -> str:
    """Findings and the checklist form as an HTML string."""
    parts = [f"<h1>Hasil Reviu SOP dan Proses Bisnis</h1><p>Dibuat {tanggal(today or date.today())}"
             " dengan probisnis. Isian evaluasi di bawah diisi oleh tim reviu.</p>"]
    if structural:
        parts.append("<h2>Temuan struktur model</h2><table><tr><th>Jenis</th><th>Elemen</th>"
                     "<th>Temuan</th></tr>"
                     + "".join(_finding_row(f) for f in structural) + "</table>")
    for r in reviews:
        ident = r.sop.identity
        process = f" proses <code>{escape(r.sop.process_id)}</code>" if r.sop.process_id else ""
        parts.append(f"<h2>SOP {escape(ident.nomor)} {escape(ident.judul)}</h2>"
                     f"<p>Sumber: <code>{escape(r.path)}</code>{process}"
                     f"; {len(r.sop.steps)} langkah, pelaksana: "
                     f"{escape(', '.join(r.sop.pelaksana))}.</p>")
        if r.findings:
            parts.append("<table><tr><th>Jenis</th><th>Elemen</th><th>Temuan</th></tr>"
                         + "".join(_finding_row(f) for f in r.findings) + "</table>")
        else:
            parts.append("<p>Tidak ada temuan.</p>")
        rows = "".join(
            f"<tr><td>{i}</td><td>{escape(c)}</td>"
            f'<td><label><input type="radio" name="k{id(r)}_{i}" value="ya"> Ya</label> '
            f'<label><input type="radio" name="k{id(r)}_{i}" value="tidak"> Tidak</label></td>'
            f'<td><textarea name="c{id(r)}_{i}"></textarea></td></tr>'
            for i, c in enumerate(CHECKLIST, start=1))
        parts.append("<h3>Lembar evaluasi penerapan SOP AP (PermenPAN 35/2012)</h3>"
                     "<p>Unit kerja: <span class='isian'></span> Tanggal evaluasi: "
                     "<span class='isian'></span></p><form><table><tr><th>No</th>"
                     "<th>Kriteria</th><th>Penilaian</th><th>Catatan/tindakan</th></tr>"
                     f"{rows}</table><p>Kesimpulan dan rekomendasi:</p>"
                     "<textarea rows='4'></textarea></form>"
                     "<p>Evaluator: <span class='isian'></span></p>")
    return ("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
            f"<title>Reviu SOP</title><style>{CSS}</style></head><body>{''.join(parts)}"
            "</body></html>\n")


def write_review_html(reviews: list[Reviewed], structural: list[Finding],
                      path: str | os.PathLike[str]) -> Path:
    """Write :func:`render_review_html` (via a temporary file)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        tmp.write_text(render_review_html(reviews, structural), encoding="utf-8")
    return out
