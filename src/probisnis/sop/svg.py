"""The flowchart table of an SOP drawn as SVG pages (millimetres), F4 landscape.

Each page is one SVG: the grid (No, Kegiatan, one column per Pelaksana, Mutu Baku
(Kelengkapan, Waktu, Output), Keterangan), the text wrapped into its cells and the five SOP
symbols in the Pelaksana columns: capsule (mulai/selesai), rectangle (kegiatan), diamond
(keputusan, Ya/Tidak), arrows between consecutive rows, and pentagon off-page connectors
where the flow continues on the next page. A jump to a row that is not the next one is
written ``ke No X`` beside the symbol, as SOPs do for returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from probisnis.sop.model import Sop, SopStep
from probisnis.sop.waktu import format_waktu

__all__ = ["PAGE", "Page", "paginate", "render_page"]

#: F4 landscape, millimetres: width, height, margin
PAGE = (330.0, 215.0, 8.0)
FONT = 2.5  # mm (about 7 pt)
CHAR = FONT * 0.52  # average character width
LINE = FONT * 1.25
HEAD = 16.0  # two header rows
TITLE = 8.0
MIN_ROW = 16.0
CONNECT = 9.0  # band under the header for an incoming off-page connector
FIXED = {"No": 8.0, "Kegiatan": 50.0, "Kelengkapan": 30.0, "Waktu": 17.0, "Output": 30.0,
         "Keterangan": 38.0}


@dataclass(frozen=True)
class Page:
    """Rows (by No) on one page, and the y (mm) and height of each."""

    number: int
    rows: tuple[int, ...]
    tops: tuple[float, ...]
    heights: tuple[float, ...]


def _wrap(text: str, width_mm: float) -> list[str]:
    per_line = max(4, int((width_mm - 2.0) / CHAR))
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            while len(word) > per_line:  # very long words are cut
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:per_line])
                word = word[per_line:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= per_line:
                line += " " + word
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
    return lines


def _columns(sop: Sop) -> list[tuple[str, float]]:
    width = PAGE[0] - 2 * PAGE[2]
    fixed = sum(FIXED.values())
    n = max(1, len(sop.pelaksana))
    lane = min(42.0, max(20.0, (width - fixed) / n))
    cols = [("No", FIXED["No"]), ("Kegiatan", FIXED["Kegiatan"])]
    cols += [(p, lane) for p in sop.pelaksana or ("Pelaksana",)]
    cols += [(k, FIXED[k]) for k in ("Kelengkapan", "Waktu", "Output", "Keterangan")]
    return cols


def _cells(sop: Sop, step: SopStep) -> dict[str, str]:
    return {"No": str(step.no), "Kegiatan": step.kegiatan, "Kelengkapan": step.kelengkapan,
            "Waktu": format_waktu(step.waktu, sop.hours_per_day), "Output": step.output,
            "Keterangan": step.keterangan}


def _height(sop: Sop, step: SopStep, cols: list[tuple[str, float]]) -> float:
    cells = _cells(sop, step)
    lines = max(len(_wrap(cells.get(name, ""), w)) for name, w in cols)
    return max(MIN_ROW, lines * LINE + 3.0)


def paginate(sop: Sop) -> list[Page]:
    """Rows split into pages that fit F4 landscape (one row per page at least)."""
    cols = _columns(sop)
    room = PAGE[1] - 2 * PAGE[2] - HEAD - TITLE - CONNECT - 9.0  # 9: outgoing connector
    pages: list[Page] = []
    rows: list[int] = []
    tops: list[float] = []
    heights: list[float] = []
    y = 0.0
    for step in sop.steps:
        h = _height(sop, step, cols)
        if rows and y + h > room:
            pages.append(Page(len(pages) + 1, tuple(rows), tuple(tops), tuple(heights)))
            rows, tops, heights, y = [], [], [], 0.0
        rows.append(step.no)
        tops.append(y)
        heights.append(h)
        y += h
    if rows:
        pages.append(Page(len(pages) + 1, tuple(rows), tuple(tops), tuple(heights)))
    return pages


def _text(x: float, y: float, lines: list[str], *, anchor: str = "start",
          bold: bool = False, size: float = FONT) -> str:
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(f'<tspan x="{x:.2f}" dy="{(0 if i == 0 else LINE):.2f}">{escape(t)}</tspan>'
                    for i, t in enumerate(lines))
    return (f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:.2f}" text-anchor="{anchor}"'
            f"{weight}>{spans}</text>")


def _symbol(kind: str, cx: float, cy: float) -> tuple[str, float, float]:
    """SVG of the symbol, and its half width and half height."""
    if kind in ("mulai", "selesai"):
        w, h = 18.0, 7.0
        return (f'<rect class="sop-kapsul" x="{cx - w / 2:.2f}" y="{cy - h / 2:.2f}" '
                f'width="{w}" height="{h}" rx="{h / 2}" ry="{h / 2}"/>', w / 2, h / 2)
    if kind == "keputusan":
        w, h = 13.0, 9.0
        pts = f"{cx:.2f},{cy - h / 2:.2f} {cx + w / 2:.2f},{cy:.2f} {cx:.2f},{cy + h / 2:.2f} " \
              f"{cx - w / 2:.2f},{cy:.2f}"
        return f'<polygon class="sop-keputusan" points="{pts}"/>', w / 2, h / 2
    w, h = 17.0, 8.0
    return (f'<rect class="sop-kegiatan" x="{cx - w / 2:.2f}" y="{cy - h / 2:.2f}" '
            f'width="{w}" height="{h}"/>', w / 2, h / 2)


def _pentagon(cx: float, y: float, label: str, *, down: bool = True) -> str:
    """Off-page connector (pointing down), top edge at ``y``."""
    w, h = 9.0, 7.0
    pts = f"{cx - w / 2:.2f},{y:.2f} {cx + w / 2:.2f},{y:.2f} {cx + w / 2:.2f},{y + h * .6:.2f} " \
          f"{cx:.2f},{y + h:.2f} {cx - w / 2:.2f},{y + h * .6:.2f}"
    return (f'<polygon class="sop-konektor" points="{pts}"/>'
            + _text(cx, y + 3.6, [label], anchor="middle", size=FONT * 0.85))


def _arrow(points: list[tuple[float, float]]) -> str:
    d = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
    return f'<polyline class="sop-panah" points="{d}" marker-end="url(#panah)"/>'


def render_page(sop: Sop, page: Page, pages: list[Page]) -> str:
    """One page of the flowchart table as an ``<svg>`` element (width/height in mm)."""
    width, height, margin = PAGE
    cols = _columns(sop)
    xs = [margin]
    for _, w in cols:
        xs.append(xs[-1] + w)
    col_x = {name: (xs[i], xs[i + 1]) for i, (name, _) in enumerate(cols)}
    lane_names = [c for c, _ in cols[2:-4]]
    top = margin + TITLE
    body_top = top + HEAD + CONNECT  # room for an incoming connector
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-halaman" '
           f'viewBox="0 0 {width} {height}" width="{width}mm" height="{height}mm" '
           f'font-family="DejaVu Sans, Arial, sans-serif">',
           '<defs><marker id="panah" viewBox="0 0 6 6" refX="5.5" refY="3" markerWidth="5" '
           'markerHeight="5" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#000"/></marker>'
           "</defs>",
           "<style>.sop-garis{stroke:#000;stroke-width:.25;fill:none}"
           ".sop-kapsul,.sop-kegiatan,.sop-keputusan,.sop-konektor{fill:#fff;stroke:#000;"
           "stroke-width:.35}.sop-panah{fill:none;stroke:#000;stroke-width:.3}</style>",
           _text(margin, margin + 4.0, [f"{sop.identity.nomor or 'Nomor SOP: ....'}  "
                                        f"{sop.identity.judul}"], bold=True, size=3.2),
           _text(xs[-1], margin + 4.0, [f"Halaman {page.number} dari {len(pages)}"],
                 anchor="end", size=FONT)]
    # header: two rows, Pelaksana and Mutu Baku spanning their columns
    right = xs[-1]
    bottom = body_top + sum(page.heights)
    out.append(f'<rect class="sop-garis" x="{margin}" y="{top}" width="{right - margin:.2f}" '
               f'height="{bottom - top:.2f}"/>')
    half = top + HEAD / 2
    for name in ("No", "Kegiatan", "Keterangan"):
        x0, x1 = col_x[name]
        out.append(_text((x0 + x1) / 2, top + HEAD / 2 + 1.0, [name], anchor="middle",
                         bold=True))
    groups = (("Pelaksana", lane_names), ("Mutu Baku", ["Kelengkapan", "Waktu", "Output"]))
    for title, names in groups:
        x0, x1 = col_x[names[0]][0], col_x[names[-1]][1]
        out.append(_text((x0 + x1) / 2, top + 5.0, [title], anchor="middle", bold=True))
        out.append(f'<line class="sop-garis" x1="{x0:.2f}" y1="{half:.2f}" x2="{x1:.2f}" '
                   f'y2="{half:.2f}"/>')
        for name in names:
            a, b = col_x[name]
            lines = _wrap(name, b - a)[:2]
            out.append(_text((a + b) / 2, half + 3.5, lines, anchor="middle", bold=True,
                             size=FONT * 0.9))
    inner = {col_x[n][1] for _, names in groups for n in names[:-1]}
    for x in xs[1:-1]:
        y1 = half if x in inner else top  # columns of one group share the group's title
        out.append(f'<line class="sop-garis" x1="{x:.2f}" y1="{y1:.2f}" x2="{x:.2f}" '
                   f'y2="{bottom:.2f}"/>')
    out.append(f'<line class="sop-garis" x1="{margin}" y1="{top + HEAD:.2f}" x2="{right:.2f}" '
               f'y2="{top + HEAD:.2f}"/>')
    # the first row starts a little lower: room for an incoming off-page connector
    centres: dict[int, tuple[float, float, float, float]] = {}
    on_page = set(page.rows)
    page_of = {no: p.number for p in pages for no in p.rows}
    for no, y0, h in zip(page.rows, page.tops, page.heights, strict=True):
        step = sop.step(no)
        y = body_top + y0
        out.append(f'<line class="sop-garis" x1="{margin}" y1="{y + h:.2f}" x2="{right:.2f}" '
                   f'y2="{y + h:.2f}"/>')
        cells = _cells(sop, step)
        for name in ("No", "Kegiatan", "Kelengkapan", "Waktu", "Output", "Keterangan"):
            a, b = col_x[name]
            lines = _wrap(cells[name], b - a)
            anchor = "middle" if name in ("No", "Waktu") else "start"
            x = (a + b) / 2 if anchor == "middle" else a + 1.0
            if lines:
                out.append(_text(x, y + 3.5, lines, anchor=anchor))
        lane = step.pelaksana if step.pelaksana in col_x else (lane_names[0] if lane_names
                                                               else "Pelaksana")
        a, b = col_x.get(lane, col_x[lane_names[0]] if lane_names else (0.0, 0.0))
        cx, cy = (a + b) / 2, y + h / 2
        svg, hw, hh = _symbol(step.kind, cx, cy)
        out.append(svg)
        centres[no] = (cx, cy, hw, hh)
    # arrows, jumps and off-page connectors
    for no in page.rows:
        step = sop.step(no)
        cx, cy, hw, hh = centres[no]
        y_end = body_top + page.tops[page.rows.index(no)] + page.heights[page.rows.index(no)]
        side = 0
        for label, target in step.targets():
            if target == no + 1 and target in on_page:
                tx, ty, _, thh = centres[target]
                bend = y_end + 2.0  # just inside the next row, clear of the grid line
                pts = [(cx, cy + hh), (cx, bend), (tx, bend), (tx, ty - thh)]
                if abs(tx - cx) < 0.01:
                    pts = [(cx, cy + hh), (tx, ty - thh)]
                out.append(_arrow(pts))
                if label:
                    out.append(_text(cx + 1.2, cy + hh + 2.6, [label], size=FONT * 0.85))
            elif target == no + 1:  # continues on the next page
                out.append(_arrow([(cx, cy + hh), (cx, y_end + 1.0)]))
                out.append(_pentagon(cx, y_end + 1.0, f"{target}"))
                if label:
                    out.append(_text(cx + 1.2, cy + hh + 2.6, [label], size=FONT * 0.85))
            else:
                other = page_of.get(target) != page.number
                yy = cy - 1.5 + side * 4.0
                start = (cx + hw, yy) if side == 0 else (cx, cy + hh)
                end = (cx + hw + 2.5, yy) if side == 0 else (cx + 2.5, cy + hh + 2.5)
                if other:  # to another page: an off-page connector with the row's No
                    out.append(_arrow([start, (end[0] + 1.5, end[1])]))
                    out.append(_pentagon(end[0] + 6.0, end[1] - 3.5, f"{target}"))
                    text = f"{label + ': ' if label else ''}hal. {page_of.get(target, '?')}"
                    out.append(_text(end[0] + 11.0, end[1] + 1.0, [text], size=FONT * 0.85))
                else:
                    text = f"{label + ': ' if label else ''}ke No {target}"
                    out.append(_arrow([start, end]))
                    out.append(_text(end[0] + 0.5, end[1] + 1.0, [text], size=FONT * 0.85))
                side += 1
    # incoming connector at the top of the page
    first = page.rows[0]
    if first > 1 and sop.step(first - 1).kind != "selesai" and \
            first in [t for _, t in sop.step(first - 1).targets()] and \
            page_of.get(first - 1) != page.number:
        cx, cy, _, hh = centres[first]
        y_con = top + HEAD + 1.0
        out.append(_pentagon(cx, y_con, f"{first - 1}"))
        out.append(_arrow([(cx, y_con + 7.0), (cx, cy - hh)]))
    out.append("</svg>")
    return "".join(out)
