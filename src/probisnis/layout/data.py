"""Where the documents go: data object references and their associations.

A process's data object references (the SOP's Kelengkapan and Output, see
:mod:`probisnis.library.documents`) are drawn in a *document strip* added at the
bottom of a lane band, under their anchor task: the first task that yields the
document, else the first that needs it. References anchored in the same column
sit side by side (at most two fit a column's pitch with their labels), each with
its name written under it. The association to the anchor is a short vertical
line; associations to the other tasks above the strip (of its band or a band
above) run up into a channel at the top of the document strip, along it, and up
into the task's bottom (no diagonal across the lanes); those to tasks in a lower
band (or above, with shapes in the way of the channel) run orthogonally too: out of
the reference's side facing the task, along the reference's middle and down (or up)
into the task's top (bottom), or down the gap beside the task into its side, the
first of these that passes no other shape, reference or name (:func:`_elbow`).
Only the anchor's own line is a single straight piece; no association is drawn
diagonally (the readability gate of :mod:`probisnis.render` counts diagonal ones).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from probisnis.bpmn.model import Bounds, Edge, FlowNode, Point, Process, Shape, Source
from probisnis.layout.ranking import Grid
from probisnis.layout.text import bpmnjs_lines

__all__ = [
    "DATA_OBJECT",
    "DataPlan",
    "data_plan",
    "data_shapes",
]

DATA_OBJECT = (36.0, 50.0)  #: bpmn-js's data object reference size
_GAP_TOP = 12.0  #: px between the rows above and the references
_GAP_LABEL = 4.0  #: px between a reference and its name
_GAP_BOTTOM = 12.0  #: px between a name and the band's bottom
_SLOT = 75.0  #: horizontal pitch of references anchored in one column
_LABEL_FONT = 11.0  #: bpmn-js's external label font size
_LINE = 14.0  #: px per label line (bpmn-js: 1.2 x 11 px, rounded up)


@dataclass(frozen=True)
class DataPlan:
    """References of one scope: anchor node, slot offset and label width of each; strip heights.

    ``strips``: band -> height of its document strip (bands without references have none).
    """

    anchor: dict[str, str]
    offset: dict[str, float]
    label_width: dict[str, float]
    strips: dict[str | None, float]


def _links(process: Process) -> dict[str, list[tuple[FlowNode, str]]]:
    """Reference id -> (node, association kind) in document order of the nodes."""
    links: dict[str, list[tuple[FlowNode, str]]] = {}
    for node in process.nodes.values():
        for assoc in node.data_associations:
            if assoc.data_ref:
                links.setdefault(assoc.data_ref, []).append((node, assoc.kind))
    return links


def _label_lines(name: str, width: float) -> int:
    return max(1, len(bpmnjs_lines(name, width, _LABEL_FONT)))


def data_plan(process: Process, grid: Grid) -> DataPlan:
    """Anchor, slot and strip of each drawn data object reference of ``process``."""
    links = _links(process)
    anchor: dict[str, str] = {}
    for data in process.data:
        if data.kind not in ("dataObjectReference", "dataStoreReference"):
            continue
        placed = [(n, k) for n, k in links.get(data.id, []) if n.id in grid.column]
        if not placed:
            continue
        producers = [n for n, k in placed if k == "dataOutputAssociation"]
        anchor[data.id] = (producers or [placed[0][0]])[0].id
    by_cell: dict[tuple[str | None, int], list[str]] = {}
    for ref_id, node_id in anchor.items():
        by_cell.setdefault((grid.band[node_id], grid.column[node_id]), []).append(ref_id)
    offset: dict[str, float] = {}
    label_width: dict[str, float] = {}
    strips: dict[str | None, float] = {}
    names = {d.id: d.name for d in process.data}
    for (band, _), refs in by_cell.items():
        width = 100.0 if len(refs) == 1 else _SLOT - 5.0
        for k, ref_id in enumerate(refs):
            offset[ref_id] = (k - (len(refs) - 1) / 2) * _SLOT
            label_width[ref_id] = width
            lines = _label_lines(names.get(ref_id, ""), width) if names.get(ref_id) else 0
            height = _GAP_TOP + DATA_OBJECT[1] + _GAP_LABEL + lines * _LINE + _GAP_BOTTOM
            strips[band] = max(strips.get(band, 0.0), height)
    return DataPlan(anchor, offset, label_width, strips)


def _track(
    channels: dict[float, list[tuple[float, float]]], strip_top: float, x0: float, x1: float
) -> float:
    """The y of a free track (4 of them, 3 px apart) of the channel over ``x0``-``x1``."""
    lo, hi = min(x0, x1), max(x0, x1)
    for k in range(4):
        y = strip_top + 2.0 + 3.0 * k
        taken = channels.setdefault(y, [])
        if all(min(hi, b) - max(lo, a) <= 0 for a, b in taken):
            break
    else:
        y = strip_top + 2.0
        taken = channels[y]
    taken.append((lo, hi))
    return y


def _channel(
    ref: Bounds,
    node: Bounds,
    strip_top: float,
    channels: dict[float, list[tuple[float, float]]],
    others: list[Bounds],
) -> list[Point] | None:
    """An association between a reference and a task of its band that is not its anchor:
    up from the reference into the channel at the top of the document strip, along it, up
    into the task's bottom (right of centre, clear of the anchor's line), or, with a shape
    under the task, up the gap on its left and into its left side. ``None`` when shapes
    are in the way of both. Associations along one channel take tracks 4 px apart."""
    x0 = ref.x + ref.width / 2
    x1 = node.x + node.width * 0.75
    blocked = any(o.x < x1 < o.right and node.bottom < o.bottom and o.y < strip_top for o in others)
    if blocked:  # up the gap left of the task, into its left side under the flows' line
        x1 = node.x - 15.0
        if any(o.x < x1 < o.right and node.y < o.bottom and o.y < strip_top for o in others):
            return None
    y = _track(channels, strip_top, x0, x1)
    if blocked:
        side = node.y + node.height / 2 + 12.0
        return [Point(x0, ref.y), Point(x0, y), Point(x1, y), Point(x1, side), Point(node.x, side)]
    return [Point(x0, ref.y), Point(x0, y), Point(x1, y), Point(x1, node.bottom)]


def _line(ref: Bounds, node: Bounds) -> list[Point]:
    """The anchor's association: straight up from the reference into its task's bottom."""
    x = ref.x + ref.width / 2
    return [Point(x, ref.y), Point(x, node.bottom)]


def _crosses(a: Point, b: Point, box: Bounds) -> bool:
    """Does the axis-parallel piece a-b pass through the inside of ``box`` (1 px inset)?"""
    x0, x1 = sorted((a.x, b.x))
    y0, y1 = sorted((a.y, b.y))
    return x0 < box.right - 1 and x1 > box.x + 1 and y0 < box.bottom - 1 and y1 > box.y + 1


def _elbow(
    ref: Bounds,
    node: Bounds,
    others: list[Bounds],
    strip_top: float,
    channels: dict[float, list[tuple[float, float]]],
) -> list[Point]:
    """An orthogonal association between a reference and a task that is not its anchor.

    Candidates, the first clear of ``others`` wins (else the first): out of the reference's
    side facing the task, along its middle, then straight down (up) into the task's top
    (bottom) at a quarter, three quarters or half of its width; or along the middle to the
    gap beside the task (15 px out), down (up) it and into the task's side; or, with other
    references beside it in the way, up into the channel at the top of the document strip,
    along it and down into the task's top.
    """
    mid = ref.y + ref.height / 2
    right = node.x + node.width / 2 >= ref.x + ref.width / 2
    start = Point(ref.right if right else ref.x, mid)
    below = node.y >= mid
    edge_y = node.y if below else node.bottom
    candidates: list[list[Point]] = []
    if node.y <= mid <= node.bottom:  # level with the reference: along its middle, into the side
        return [start, Point(node.x if right else node.right, mid)]
    for k in ((0.25, 0.75, 0.5) if right else (0.75, 0.25, 0.5)):
        x = round(node.x + node.width * k, 2)
        if (x > start.x) == right:
            candidates.append([start, Point(x, mid), Point(x, edge_y)])
    side_y = node.y + node.height / 2 + 12.0
    for gap_x, entry in ((node.x - 15.0, node.x), (node.right + 15.0, node.right)):
        if (gap_x > start.x) == right:
            candidates.append(
                [start, Point(gap_x, mid), Point(gap_x, side_y), Point(entry, side_y)]
            )
    if not candidates:  # the task straddles the reference's side: round its near edge
        x = node.x if right else node.right
        candidates.append([start, Point(x, mid), Point(x, edge_y)])
    top = Point(ref.x + ref.width / 2, ref.y)
    channel = strip_top + 2.0  # a stand-in track while testing; the route takes a free one
    for k in (0.25, 0.75, 0.5):
        x = round(node.x + node.width * k, 2)
        candidates.append([top, Point(top.x, channel), Point(x, channel), Point(x, edge_y)])
    for path in candidates:
        pieces = list(itertools.pairwise(path))
        if not any(_crosses(a, b, box) for a, b in pieces for box in others):
            break
    else:
        path = candidates[0]
    if len(path) == 4 and path[0] == top and path[1].y == channel:
        y = _track(channels, strip_top, top.x, path[2].x)
        path = [top, Point(top.x, y), Point(path[2].x, y), path[3]]
    return path


def data_shapes(
    process: Process,
    plan: DataPlan,
    node_bounds: Mapping[str, Bounds],
    strip_top: Mapping[str | None, float],
    band_of: Mapping[str, str | None],
    src: Source,
) -> tuple[dict[str, Shape], dict[str, Edge]]:
    """Shapes of the references (with their labels) and edges of the associations."""
    shapes: dict[str, Shape] = {}
    edges: dict[str, Edge] = {}
    names = {d.id: d.name for d in process.data}
    ref_bounds: dict[str, Bounds] = {}
    channels: dict[float, list[tuple[float, float]]] = {}
    w, h = DATA_OBJECT
    for ref_id, node_id in plan.anchor.items():
        host = node_bounds[node_id]
        cx = host.x + host.width / 2 + plan.offset[ref_id]
        top = strip_top[band_of[node_id]] + _GAP_TOP
        bounds = Bounds(cx - w / 2, top, w, h)
        ref_bounds[ref_id] = bounds
        label = None
        name = names.get(ref_id, "")
        if name:
            lw = plan.label_width[ref_id]
            lines = _label_lines(name, lw)
            label = Bounds(cx - lw / 2, bounds.bottom + _GAP_LABEL, lw, lines * _LINE)
        shapes[ref_id] = Shape(id=f"{ref_id}_di", element=ref_id, bounds=bounds, source=src,
                               label=label)
    for node in process.nodes.values():
        box = node_bounds.get(node.id)
        if box is None:
            continue
        for assoc in node.data_associations:
            ref_id = assoc.data_ref or ""
            if not assoc.id or ref_id not in ref_bounds:
                continue
            vertical = plan.anchor[ref_id] == node.id
            path = None
            home = strip_top[band_of[plan.anchor[ref_id]]]
            if not vertical and box.bottom < home:
                path = _channel(
                    ref_bounds[ref_id],
                    box,
                    home,
                    channels,
                    [b for k, b in node_bounds.items() if k != node.id],
                )
            if path is None and vertical:
                path = _line(ref_bounds[ref_id], box)
            if path is None:
                path = _elbow(ref_bounds[ref_id], box, [
                    *(b for k, b in node_bounds.items() if k != node.id),
                    *(b for k, b in ref_bounds.items() if k != ref_id),
                    *(s.label for k, s in shapes.items() if s.label is not None),
                ], home, channels)
            inward = assoc.kind == "dataInputAssociation"
            points = tuple(path) if inward else tuple(reversed(path))
            edges[assoc.id] = Edge(id=f"{assoc.id}_di", element=assoc.id, waypoints=points,
                                   source=src)
    return shapes, edges
