"""The SOP AP as one printable HTML file: identity page, then the flowchart table pages.

F4 landscape (330 x 215 mm, CSS ``@page``); the flowchart is SVG (:mod:`probisnis.sop.svg`),
so it prints as drawn. Fields the model cannot know are shown empty with a dotted line to
fill in by hand; nothing is invented.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from probisnis.outputs import atomic_path
from probisnis.sop.model import IDENTITY_FIELDS, Sop
from probisnis.sop.svg import PAGE, paginate, render_page

__all__ = ["render_sop_html", "write_sop_html"]

CSS = f"""
@page {{ size: {PAGE[0]:g}mm {PAGE[1]:g}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; font-family: "DejaVu Sans", Arial, sans-serif; }}
.halaman {{ width: {PAGE[0]:g}mm; height: {PAGE[1]:g}mm; box-sizing: border-box;
           page-break-after: always; overflow: hidden; }}
.identitas {{ padding: {PAGE[2]:g}mm {PAGE[2] * 2:g}mm; font-size: 9pt; }}
.identitas table {{ border-collapse: collapse; width: 100%; }}
.identitas td, .identitas th {{ border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top;
                                text-align: left; }}
.identitas th {{ width: 55mm; background: #f0f0f0; }}
.kosong {{ color: #888; font-style: italic; }}
h1 {{ font-size: 13pt; margin: 0 0 3mm 0; }}
.catatan {{ font-size: 8pt; color: #444; margin-top: 3mm; }}
@media screen {{ body {{ background: #ccc; }} .halaman {{ background: #fff; margin: 4mm auto;
                 box-shadow: 0 0 2mm #888; }} }}
"""

EMPTY = "(belum diisi)"


def _identity(sop: Sop) -> str:
    rows = []
    for key, label in IDENTITY_FIELDS.items():
        value = getattr(sop.identity, key)
        cell = escape(value) if value else f'<span class="kosong">{EMPTY}</span>'
        rows.append(f"<tr><th>{escape(label)}</th><td>{cell}</td></tr>")
    notes = "".join(f"<li>{escape(n)}</li>" for n in sop.notes)
    return (f'<section class="halaman identitas"><h1>STANDAR OPERASIONAL PROSEDUR: '
            f"{escape(sop.identity.judul)}</h1><table>{''.join(rows)}</table>"
            '<p class="catatan">Bagian yang bertanda "(belum diisi)" tidak dapat diketahui dari '
            "model proses dan harus diisi unit kerja. Simbol: kapsul = mulai/selesai, "
            "persegi panjang = kegiatan, belah ketupat = keputusan (Ya/Tidak), panah = arus, "
            "segi lima = penghubung antarhalaman. Waktu dalam jam kerja/hari kerja."
            f"</p>{'<ul class=catatan>' + notes + '</ul>' if notes else ''}</section>")


def render_sop_html(sop: Sop) -> str:
    """The whole SOP document as an HTML string."""
    pages = paginate(sop)
    body = [_identity(sop)]
    body += [f'<section class="halaman">{render_page(sop, p, pages)}</section>' for p in pages]
    title = escape(f"SOP {sop.identity.nomor} {sop.identity.judul}".strip())
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{title}'
            f"</title><style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


def write_sop_html(sop: Sop, path: str | os.PathLike[str]) -> Path:
    """Write :func:`render_sop_html` to ``path`` (via a temporary file)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        tmp.write_text(render_sop_html(sop), encoding="utf-8")
    return out
