"""How long a pool's or lane's name is when bpmn-js writes it in the header band.

bpmn-js writes a pool's or lane's name sideways in a band 30 px across on
its left, at 12 px Arial (Liberation Sans on Debian, metric-compatible),
broken into lines as long as the pool or lane is tall; 30 px hold two lines
(line height 1.2 x 12 px = 14.4 px), a third runs out of the band.
:func:`header_length` is the height a band needs so that its name takes at
most two lines and keeps clear of both ends of the band.

:func:`bpmnjs_lines` breaks lines as diagram-js's ``Text`` does (a shortening
guess by character count, then breaks at spaces and hyphens). Widths are
Helvetica's (= Arial's) advance widths in 1/1000 em, from the Adobe font
metrics that matplotlib ships (``phvr8a.afm``), for the printable ASCII
characters; other characters count as wide as "M".
"""

from __future__ import annotations

import re

__all__ = [
    "HEADER_CLEARANCE",
    "HEADER_FONT_SIZE",
    "HEADER_LINES",
    "bpmnjs_lines",
    "header_length",
    "text_width",
]

HEADER_FONT_SIZE = 12.0  #: bpmn-js's default font size, used for pool and lane names
HEADER_LINES = 2  #: lines of HEADER_FONT_SIZE x 1.2 that fit in the 30 px header band
HEADER_CLEARANCE = 8.0  #: px kept free between a name's longest line and each end of its band
_STEP = 10.0  #: band lengths are multiples of this

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
_PARTS = re.compile(r"(\s|-|\u00ad)")
_SOFT_BREAK = "\u00ad"


def text_width(text: str, size: float = HEADER_FONT_SIZE) -> float:
    """Width in px of ``text`` on one line at ``size`` px Arial."""
    units = 0
    for char in text:
        code = ord(char)
        units += _WIDTHS[code - 32] if 32 <= code < 127 else _WIDE
    return units * size / 1000.0


def _measure(line: str, size: float) -> float:
    return text_width(re.sub(r"\s+$", "", line), size) if line else 0.0


def _semantic_shorten(line: str, max_length: float) -> str:
    parts = _PARTS.split(line)
    kept: list[str] = []
    length = 0
    if len(parts) > 1:
        for part in parts:
            if not part:  # diagram-js stops at the first empty part
                break
            if len(part) + length < max_length:
                kept.append(part)
                length += len(part)
            else:
                if part in ("-", _SOFT_BREAK) and kept:
                    kept.pop()
                break
    if kept and kept[-1] == _SOFT_BREAK:
        kept[-1] = "-"
    return "".join(kept)


def _shorten(line: str, width: float, max_width: float) -> str:
    length = max(len(line) * (max_width / width), 1)
    return _semantic_shorten(line, length) or line[: max(round(length - 1), 1)]


def bpmnjs_lines(text: str, max_width: float, size: float = HEADER_FONT_SIZE) -> list[str]:
    """The lines diagram-js's ``Text.layoutText`` makes of ``text`` in a box ``max_width`` wide."""
    pending = re.split(r"\u00ad?\r?\n", text)
    out: list[str] = []
    while pending:
        original = pending.pop(0)
        fit = original
        while True:
            width = _measure(fit, size)
            if fit in (" ", "") or width <= max_width or len(fit) < 2:
                break
            fit = _shorten(fit, width, max_width)
        if len(fit) < len(original):
            pending.insert(0, original[len(fit) :].strip())
        out.append(fit)
    return out


def header_length(
    name: str, at_least: float = 0.0, *, lines: int = HEADER_LINES, size: float = HEADER_FONT_SIZE
) -> float:
    """Least band length, ``at_least`` or more, that shows ``name`` well in the header band.

    bpmn-js breaks the name into lines as long as the band; the length found
    gives at most ``lines`` lines, none closer than :data:`HEADER_CLEARANCE`
    to either end of the band. Lengths tried: ``at_least``, then up by 10 px
    (from a multiple of 10 when ``at_least`` is too short to start with).
    A name of more than ``lines`` given lines keeps them. ``at_least`` for
    an empty name.
    """
    if not name.strip():
        return at_least
    lines = max(lines, len(re.split(r"\u00ad?\r?\n", name)))  # no length joins given lines
    words = [w for w in _PARTS.split(name) if w.strip()]
    least = max(max(text_width(w, size) for w in words), text_width(name, size) / lines)
    length = max(at_least, _STEP * (least // _STEP + 1))
    while True:
        drawn = bpmnjs_lines(name, length, size)
        longest = max(_measure(line, size) for line in drawn)
        if len(drawn) <= lines and longest <= length - 2 * HEADER_CLEARANCE:
            return length
        length += _STEP
