"""Sizes and spacing of the automatic layout (BPMN's usual shape sizes, in pixels)."""

from __future__ import annotations

from probisnis.bpmn.model import FlowNode
from probisnis.layout.text import task_size

__all__ = [
    "BLACK_BOX_HEIGHT",
    "COLUMN",
    "CONTENT_PAD",
    "EVENT",
    "GATEWAY",
    "LANE_HEADER",
    "ORIGIN_X",
    "ORIGIN_Y",
    "POOL_GAP",
    "POOL_HEADER",
    "ROW",
    "TASK",
    "label_size",
    "node_size",
]

TASK = (100.0, 80.0)
EVENT = (36.0, 36.0)
GATEWAY = (50.0, 50.0)

COLUMN = 150.0  #: least horizontal pitch of ranks; 50 px between tasks carry vertical edge segments
ROW = 140.0  #: least vertical pitch of rows in a lane; 30 px above/below a task carry corridors
POOL_HEADER = 30.0  #: the pool's name band on its left
LANE_HEADER = 30.0  #: a lane's name band (per nesting level)
CONTENT_PAD = 20.0  #: space between the lane headers and the first column
POOL_GAP = 60.0  #: vertical space between stacked pools (message flows cross it)
BLACK_BOX_HEIGHT = 80.0
ORIGIN_X = 100.0
ORIGIN_Y = 60.0

_CHARS_PER_LINE = 18
_LINE = 14.0


def node_size(node: FlowNode) -> tuple[float, float]:
    """(width, height) of a node's shape: event 36x36, gateway 50x50, activity 100x80 or
    larger (up to 160x100) when bpmn-js would write its name into the task-type icon
    (:func:`probisnis.layout.text.task_size`)."""
    if node.is_event:
        return EVENT
    if node.is_gateway:
        return GATEWAY
    if node.kind == "subProcess" and node.triggered_by_event:
        return task_size("eventSubProcess", node.name)
    return task_size(node.kind, node.name)


def label_size(text: str, width: float = 100.0) -> tuple[float, float]:
    """A label box for ``text`` wrapped at about 18 characters per 100 px."""
    per_line = max(1, int(_CHARS_PER_LINE * width / 100.0))
    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines += max(1, -(-len(paragraph) // per_line))
    return width, _LINE * lines
