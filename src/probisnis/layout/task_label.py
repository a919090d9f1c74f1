"""How wide a task must be for bpmn-js to write its name clear of the task-type icon.

bpmn-js draws a task's type (user, manual, service...) as a small icon in
the box's top-left corner and writes the name centred in the box: broken
into lines as wide as the box less 7 px padding on each side, 12 px Arial,
lines 1.2 x 12 = 14.4 px apart, the block centred vertically (diagram-js
``Text.layoutText``: first baseline at ``(height - lines x 14.4) / 2 + 0.75
x 14.4``). A long Indonesian name in a 100 px box takes three to five lines,
and its first line then runs under the icon ("enyusun dan..." for "Menyusun
dan..."). A wider box breaks the name into fewer, and the block starts
lower, and so does a taller box. :func:`task_size` picks the smallest of
:data:`TASK_SIZES` whose lines keep clear of the icon and fit in the box; :func:`label_lines` is the
model of where bpmn-js writes them (:func:`probisnis.layout.text.bpmnjs_lines`
breaks them).
"""

from __future__ import annotations

from probisnis.layout.text import bpmnjs_lines, text_width

__all__ = [
    "FONT_SIZE",
    "ICON_CLEARANCE",
    "LINE_HEIGHT",
    "TASK_HEIGHTS",
    "TASK_ICONS",
    "TASK_SIZES",
    "TASK_WIDTHS",
    "label_lines",
    "name_clears_icon",
    "task_size",
]

FONT_SIZE = 12.0  #: bpmn-js's default font size for names inside activities
LINE_HEIGHT = 1.2 * FONT_SIZE  #: diagram-js's line pitch
PADDING = 7.0  #: bpmn-js's padding around an activity's name
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
#: the box's top-left corner, measured from its rendered SVG in Chromium
TASK_ICONS: dict[str, tuple[float, float, float, float]] = {
    "userTask": (4.0, 3.8, 21.1, 23.6),
    "manualTask": (4.0, 3.0, 28.0, 18.0),
    "businessRuleTask": (8.0, 8.0, 28.0, 20.0),
    "sendTask": (6.0, 5.0, 27.0, 19.0),
    "receiveTask": (6.0, 6.0, 25.0, 19.0),
    "serviceTask": (4.0, 4.0, 23.0, 22.0),
    "scriptTask": (5.0, 5.0, 18.0, 20.0),
}


def label_lines(name: str, width: float, height: float) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of each line bpmn-js writes ``name`` in.

    In a ``width`` x ``height`` activity, from the box's top-left corner,
    trailing spaces not counted.
    """
    inner = width - 2 * PADDING
    lines = bpmnjs_lines(name, inner, FONT_SIZE)
    baseline = (height - len(lines) * LINE_HEIGHT) / 2 + 0.75 * LINE_HEIGHT
    out: list[tuple[float, float, float, float]] = []
    for k, line in enumerate(lines):
        length = text_width(line.rstrip(), FONT_SIZE)
        left = max((inner - length) / 2 + PADDING, 0.0)  # measured without the trailing space
        y = baseline + k * LINE_HEIGHT
        out.append((left, y - _ASCENT, left + length, y + _DESCENT))
    return out


def name_clears_icon(kind: str, name: str, width: float, height: float) -> bool:
    """Whether bpmn-js writes ``name`` inside the box and clear of the icon of a ``kind`` task."""
    if not name.strip():
        return True
    lines = label_lines(name, width, height)
    if len(lines) * LINE_HEIGHT > height:
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


def task_size(kind: str, name: str) -> tuple[float, float]:
    """The first of :data:`TASK_SIZES` where ``name`` keeps clear of the icon (else the largest)."""
    for width, height in TASK_SIZES:
        if name_clears_icon(kind, name, width, height):
            return width, height
    return TASK_SIZES[-1]
