"""Message flows between stacked pools: attachment points, routes and labels.

Flows leave the side of a shape facing the other pool (bottom when the target
pool is below, top when above). Flows sharing a column side are spread evenly
across the shape's width so their lines stay apart; a flow to a black-box pool
drops straight down (or up) from the node. When the ends are not aligned the
route turns in the gap next to the source pool, each flow on its own track.
Labels sit beside the first segment outside the source pool, right or left of
the line, moved along it until they clear the labels placed before and the nodes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from probisnis.bpmn.model import Bounds, Edge, MessageFlow, Point
from probisnis.layout import sizes
from probisnis.layout.diagram import LAYOUT_SOURCE

__all__ = ["route_message_flows"]


def route_message_flows(
    flows: Sequence[MessageFlow],
    bounds: Mapping[str, Bounds],
    pool_of: Mapping[str, str],
    obstacles: Sequence[Bounds] = (),
) -> dict[str, Edge]:
    """Edges for ``flows``; ``bounds``: element id -> bounds, ``pool_of``: element -> pool id.

    Labels avoid each other and the ``obstacles`` (the flow nodes' shapes).
    """
    drawn = [
        f
        for f in flows
        if f.source_ref in bounds
        and f.target_ref in bounds
        and pool_of.get(f.source_ref) != pool_of.get(f.target_ref)
    ]

    def down(f: MessageFlow) -> bool:
        return bounds[pool_of[f.target_ref]].y > bounds[pool_of[f.source_ref]].y

    def is_pool(element: str) -> bool:
        return pool_of.get(element) == element

    # slots: (column x, side) -> flows attached there, in document order
    slots: dict[tuple[float, str], list[tuple[str, str]]] = {}
    for f in drawn:
        for end, side in (
            (f.source_ref, "bottom" if down(f) else "top"),
            (f.target_ref, "top" if down(f) else "bottom"),
        ):
            if not is_pool(end):
                slots.setdefault((bounds[end].x, side), []).append((f.id, end))

    def slot_x(flow_id: str, end: str, side: str) -> float:
        b = bounds[end]
        group = slots[(b.x, side)]
        k = group.index((flow_id, end))
        return b.x + b.width * (k + 1) / (len(group) + 1)

    edges: dict[str, Edge] = {}
    tracks: dict[tuple[str, bool], int] = {}
    placed: list[Bounds] = list(obstacles)
    for f in drawn:
        is_down = down(f)
        s_side, t_side = ("bottom", "top") if is_down else ("top", "bottom")
        sb, tb = bounds[f.source_ref], bounds[f.target_ref]
        sx = None if is_pool(f.source_ref) else slot_x(f.id, f.source_ref, s_side)
        tx = None if is_pool(f.target_ref) else slot_x(f.id, f.target_ref, t_side)
        if sx is None and tx is None:
            sx = sb.x + sb.width / 2
            tx = tb.x + tb.width / 2
        elif sx is None and tx is not None:
            sx = _within(tx, sb)
        elif tx is None and sx is not None:
            tx = _within(sx, tb)
        assert sx is not None and tx is not None
        y0 = sb.bottom if is_down else sb.y
        y1 = tb.y if is_down else tb.bottom
        pool = bounds[pool_of[f.source_ref]]
        if sx == tx:
            points: tuple[Point, ...] = (Point(sx, y0), Point(tx, y1))
        else:
            k = tracks.get((pool_of[f.source_ref], is_down), 0)
            tracks[(pool_of[f.source_ref], is_down)] = k + 1
            offset = 10 + 8 * (k % 5)
            y = pool.bottom + offset if is_down else pool.y - offset
            points = (Point(sx, y0), Point(sx, y), Point(tx, y), Point(tx, y1))
        label = None
        if f.name:
            w, h = sizes.label_size(f.name, width=90.0)
            label = _free_spot(
                sx, pool.bottom + 4 if is_down else pool.y - 4 - h, w, h, is_down, placed
            )
            placed.append(label)
        edges[f.id] = Edge(
            id=f"{f.id}_di", element=f.id, waypoints=points, source=LAYOUT_SOURCE, label=label
        )
    return edges


def _within(x: float, pool: Bounds) -> float:
    """``x``, or the nearest point of a black-box pool's width (clear of its corners)."""
    return min(max(x, pool.x + 20), pool.right - 20)


def _free_spot(
    x: float, y: float, w: float, h: float, down: bool, placed: Sequence[Bounds]
) -> Bounds:
    """A label box beside the line at ``x`` near ``y``, moved along the line until it is free.

    Tries the right then the left side, first in the flow's direction, then
    against it; a label with no free spot nearby keeps the first position.
    """
    step = 8.0 if down else -8.0
    offsets = [step * k for k in range(20)] + [-step * k for k in range(1, 20)]
    for dy in offsets:
        for bx in (x + 4, x - 4 - w, x + 54, x - 54 - w):
            box = Bounds(bx, y + dy, w, h)
            margin = Bounds(box.x - 4, box.y - 4, box.width + 8, box.height + 8)
            if not any(margin.overlaps(other) for other in placed):
                return box
    return Bounds(x + 4, y, w, h)
