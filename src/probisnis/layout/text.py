"""How long a pool's or lane's name is when bpmn-js writes it in the header band.

bpmn-js writes a pool's or lane's name sideways in a band 30 px across on
its left, at 12 px Arial (Liberation Sans on Debian, metric-compatible),
wrapped to the pool's or lane's height; 30 px hold two lines (line height
1.2 x 12 px = 14.4 px), a third runs out of the band. :func:`header_length`
is the height a band needs so that its name takes at most two lines.

Widths are Helvetica's (= Arial's) advance widths in 1/1000 em, from the
Adobe font metrics that matplotlib ships (``phvr8a.afm``), for the printable
ASCII characters; other characters count as wide as "M".
"""

from __future__ import annotations

import math
import re

__all__ = ["HEADER_FONT_SIZE", "HEADER_LINES", "header_length", "text_width", "wrap"]

HEADER_FONT_SIZE = 12.0  #: bpmn-js's default font size, used for pool and lane names
HEADER_LINES = 2  #: lines of HEADER_FONT_SIZE x 1.2 that fit in the 30 px header band
HEADER_MARGIN = 24.0  #: free length left along the band, shared by both ends

#: advance widths of " " (32) to "~" (126), 1/1000 em
_WIDTHS = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    222,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    222,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
_WIDE = 833  # "M"
_BREAKS = re.compile(r"(\s|-|\u00ad)")


def text_width(text: str, size: float = HEADER_FONT_SIZE) -> float:
    """Width in px of ``text`` on one line at ``size`` px Arial."""
    units = 0
    for char in text:
        code = ord(char)
        units += _WIDTHS[code - 32] if 32 <= code < 127 else _WIDE
    return units * size / 1000.0


def wrap(text: str, width: float, size: float = HEADER_FONT_SIZE) -> list[str]:
    """``text`` broken greedily at spaces and hyphens into lines at most ``width`` px wide.

    Like bpmn-js (diagram-js ``Text``): a line's trailing spaces do not count,
    a word longer than ``width`` stands on a line of its own.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for part in _BREAKS.split(paragraph):
            if not part:
                continue
            candidate = line + part
            if line.strip() and text_width(candidate.rstrip(), size) > width:
                lines.append(line.rstrip())
                line = part.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


def header_length(name: str, *, lines: int = HEADER_LINES, size: float = HEADER_FONT_SIZE) -> float:
    """Least band length (multiple of 10 px) in which ``name`` wraps into at most ``lines`` lines.

    Includes :data:`HEADER_MARGIN` and 10 % slack, since bpmn-js picks its
    line breaks by an estimate and the browser's font may differ slightly
    from the metrics here. 0 for an empty name.
    """
    if not name.strip():
        return 0.0
    words = [w for w in _BREAKS.split(name) if w.strip()]
    width = max(max(text_width(w, size) for w in words), text_width(name, size) / lines)
    while len(wrap(name, width, size)) > lines:
        width += 2.0
    return math.ceil((width * 1.1 + HEADER_MARGIN) / 10.0) * 10.0
