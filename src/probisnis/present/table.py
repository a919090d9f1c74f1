"""Plain-text tables that fit a terminal: wrapped names, aligned numbers, section rows.

:func:`render_table` lays out rows under :class:`Column` headings within ``width``
characters (100 by default): numbers keep their cells whole and align right, text columns
(names of activities and pools) wrap at word boundaries, never cut, and so do the headings.
When the natural widths do not fit, the widest wrappable column gives way first. A row that
is a plain string is a *section* (e.g. the phase of the activities below it).

>>> print("\\n".join(render_table(
...     [Column("Kegiatan", wrap=True), Column("Waktu (hari kerja)", align="right")],
...     ["Tahap Evaluasi", ["Meninjau hasil pelaksanaan kegiatan", "2,40"]], width=30)))
Kegiatan           Waktu (hari
                        kerja)
-----------------  -----------
Tahap Evaluasi
Meninjau hasil            2,40
pelaksanaan
kegiatan
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Column", "paragraph", "render_table"]

Row = Sequence[str] | str


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its heading, alignment, and whether its cells may wrap onto more lines."""

    header: str
    align: Literal["left", "right"] = "left"
    wrap: bool = False


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _lines(text: str, width: int) -> list[str]:
    out: list[str] = []
    for part in text.splitlines() or [""]:
        out += textwrap.wrap(part, width, break_long_words=True, break_on_hyphens=False) or [""]
    return out


def _two_lines(text: str) -> int:
    """The narrowest width at which ``text`` wraps onto at most two lines."""
    for w in range(max(_longest_word(text), 1), len(text) + 1):
        if len(_lines(text, w)) <= 2:
            return w
    return len(text)


def _widths(columns: Sequence[Column], rows: list[Sequence[str]], width: int,
            gap: int) -> list[int]:
    natural, soft, least = [], [], []
    for i, col in enumerate(columns):
        cells = [r[i] for r in rows]
        longest = max((len(line) for c in cells for line in c.splitlines()), default=0)
        words = max(_longest_word(col.header), *(_longest_word(c) for c in cells), 1) \
            if col.wrap else max(longest, _longest_word(col.header), 1)
        natural.append(max(longest, len(col.header), words))
        least.append(words)
        soft.append(words if col.wrap else max(words, _two_lines(col.header)))
    widths = list(natural)
    budget = width - gap * (len(columns) - 1)
    # give way in stages: number headings onto two lines, then text wraps (widest first),
    # then headings onto more lines; words are never cut
    for floor, prefer_numbers in ((soft, True), (soft, False), (least, True)):
        while sum(widths) > budget:
            candidates = [i for i in range(len(columns)) if widths[i] > floor[i]
                          and (not prefer_numbers or not columns[i].wrap)]
            if not candidates:
                break
            i = max(candidates, key=lambda k: widths[k])
            widths[i] -= 1
    return widths


def render_table(columns: Sequence[Column], rows: Sequence[Row], *, width: int = 100,
                 gap: int = 2, rule: str = "-", header: bool = True) -> list[str]:
    """The table as lines of at most ``width`` characters (unless one word is longer);
    without its heading and rule when ``header`` is false."""
    cells = [r for r in rows if not isinstance(r, str)]
    for r in cells:
        if len(r) != len(columns):
            raise ValueError(f"row has {len(r)} cells for {len(columns)} columns: {r!r}")
    shown = columns if header else [Column("", c.align, c.wrap) for c in columns]
    widths = _widths(shown, cells, width, gap)
    sep = " " * gap

    def block(texts: Sequence[str]) -> list[str]:
        wrapped = [_lines(t, w) for t, w in zip(texts, widths, strict=True)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = []
            for col, lines, w in zip(columns, wrapped, widths, strict=True):
                text = lines[k] if k < len(lines) else ""
                parts.append(text.rjust(w) if col.align == "right" else text.ljust(w))
            out.append(sep.join(parts).rstrip())
        return out

    lines = []
    if header:
        lines = block([c.header for c in columns])
        lines.append(sep.join(rule * w for w in widths))
    for r in rows:
        if isinstance(r, str):
            lines += textwrap.wrap(r, width) or [""]
        else:
            lines += block(r)
    return lines


def paragraph(text: str, *, width: int = 100, indent: str = "", hang: str = "") -> list[str]:
    """``text`` wrapped at word boundaries into lines of at most ``width`` characters."""
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=hang or indent,
                         break_long_words=False, break_on_hyphens=False) or [""]
