"""Where bpmn-js writes names: a pool's or lane's in its header band, a task's in its box.

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

A task's name bpmn-js writes centred in the box, broken into lines as wide
as the box less 7 px padding on each side, 12 px Arial, lines 14.4 px apart,
the block centred vertically (diagram-js ``Text.layoutText``: first baseline
at ``(height - lines x 14.4) / 2 + 0.75 x 14.4``); in the box's top-left
corner it draws the task's type (user, manual, service...) as a small icon.
A long Indonesian name in a 100 x 80 box takes three to five lines, and its
first line then runs under the icon ("enyusun dan..." for "Menyusun
dan..."). A wider box breaks the name into fewer lines, a taller one starts
the block lower. :func:`label_lines` is where bpmn-js writes the lines;
:func:`task_size` picks the smallest of :data:`TASK_SIZES` whose lines keep
clear of the icon and fit in the box.
"""

from __future__ import annotations

import re

__all__ = [
    "HEADER_CLEARANCE",
    "HEADER_FONT_SIZE",
    "HEADER_LINES",
    "ICON_CLEARANCE",
    "LINE_HEIGHT",
    "MARKER_CLEARANCE",
    "MARKER_KINDS",
    "MARKER_TOP",
    "TASK_HEIGHTS",
    "TASK_ICONS",
    "TASK_SIZES",
    "TASK_WIDTHS",
    "bpmnjs_lines",
    "breaks_word",
    "header_length",
    "label_lines",
    "name_clears_icon",
    "task_size",
    "text_width",
]

HEADER_FONT_SIZE = 12.0  #: bpmn-js's default font size, for pool, lane and task names
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


# --- names inside activities -------------------------------------------------

LINE_HEIGHT = 1.2 * HEADER_FONT_SIZE  #: diagram-js's line pitch
_PADDING = 7.0  #: bpmn-js's padding around an activity's name
_ASCENT = 11.0  #: px from a line's baseline up to the top of its box (Liberation Sans 12 px)
_DESCENT = 3.0  #: px from a line's baseline down to the bottom of its box
ICON_CLEARANCE = 1.0  #: px kept between the name's lines and the icon
TASK_WIDTHS = (100.0, 120.0, 140.0, 160.0)  #: widths tried
TASK_HEIGHTS = (80.0, 100.0)  #: heights tried
#: (width, height) tried, smallest area first, then the lower
TASK_SIZES = tuple(
    sorted(((w, h) for w in TASK_WIDTHS for h in TASK_HEIGHTS), key=lambda s: (s[0] * s[1], s[1]))
)

#: (left, top, right, bottom) of the icon bpmn-js 18 draws per task kind, in px from
#: the box's top-left corner, measured from its rendered SVG in Chromium (to the px but
#: userTask, to 0.1 px; ICON_CLEARANCE covers the rounding)
TASK_ICONS: dict[str, tuple[float, float, float, float]] = {
    "userTask": (4.0, 3.8, 21.1, 23.6),
    "manualTask": (4.0, 3.0, 28.0, 18.0),
    "businessRuleTask": (8.0, 8.0, 28.0, 20.0),
    "sendTask": (6.0, 5.0, 27.0, 19.0),
    "receiveTask": (6.0, 6.0, 25.0, 19.0),
    "serviceTask": (4.0, 4.0, 23.0, 22.0),
    "scriptTask": (5.0, 5.0, 18.0, 20.0),
    # a collapsed event subprocess shows its start event's marker in that corner
    "eventSubProcess": (1.0, 1.0, 21.0, 21.0),
}


def label_lines(name: str, width: float, height: float) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of each line bpmn-js writes ``name`` in.

    In a ``width`` x ``height`` activity, from the box's top-left corner,
    trailing spaces not counted.
    """
    inner = width - 2 * _PADDING
    lines = bpmnjs_lines(name, inner, HEADER_FONT_SIZE)
    baseline = (height - len(lines) * LINE_HEIGHT) / 2 + 0.75 * LINE_HEIGHT
    out: list[tuple[float, float, float, float]] = []
    for k, line in enumerate(lines):
        length = text_width(line.rstrip(), HEADER_FONT_SIZE)
        left = max((inner - length) / 2 + _PADDING, 0.0)  # measured without the trailing space
        y = baseline + k * LINE_HEIGHT
        out.append((left, y - _ASCENT, left + length, y + _DESCENT))
    return out


#: kinds bpmn-js draws collapsed with a "+" marker in a 14 px frame 20 px above the bottom
MARKER_KINDS = frozenset({"callActivity", "subProcess"})
MARKER_TOP = 20.0  #: px from the box's bottom up to the top of the marker's frame
MARKER_CLEARANCE = 2.0  #: px kept between the name's last line and the marker


def name_clears_icon(kind: str, name: str, width: float, height: float) -> bool:
    """Whether bpmn-js writes ``name`` inside the box, clear of the icon of a ``kind`` task
    and of the collapsed subprocess's "+" marker."""
    if not name.strip():
        return True
    lines = label_lines(name, width, height)
    if len(lines) * LINE_HEIGHT > height:
        return False
    if kind in MARKER_KINDS and any(
        bottom > height - MARKER_TOP - MARKER_CLEARANCE
        for left, top, right, bottom in lines
        if right > left
    ):
        return False
    icon = TASK_ICONS.get(kind)
    if icon is None:
        return True
    x0, y0, x1, y1 = icon
    c = ICON_CLEARANCE
    return all(
        right <= x0 - c or left >= x1 + c or bottom <= y0 - c or top >= y1 + c
        for left, top, right, bottom in lines
        if right > left
    )


_WORD_CHAR = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")


def breaks_word(name: str, width: float) -> bool:
    """Whether bpmn-js cuts a word of ``name`` in two in an activity ``width`` px wide.

    diagram-js wraps at spaces and hyphens; a word wider than the line it cuts
    by characters ("Pertanggungja" / "waban").
    """
    at = 0
    for line in bpmnjs_lines(name, width - 2 * _PADDING, HEADER_FONT_SIZE)[:-1]:
        line = line.strip()
        found = name.find(line, at) if line else -1
        if found < 0:
            continue
        at = found + len(line)
        after = name[at : at + 1]
        if after and _WORD_CHAR.match(after) and _WORD_CHAR.match(line[-1]):
            return True
    return False


def task_size(kind: str, name: str) -> tuple[float, float]:
    """The first of :data:`TASK_SIZES` where ``name`` keeps clear of the icon, no word cut
    in two (else the largest)."""
    for width, height in TASK_SIZES:
        if name_clears_icon(kind, name, width, height) and not breaks_word(name, width):
            return width, height
    return TASK_SIZES[-1]


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
