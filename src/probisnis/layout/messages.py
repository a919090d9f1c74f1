"""Message flows between stacked pools: ports, routes around shapes, the message's name.

Each flow leaves the side of its node facing the other pool (bottom when the
target pool is below, top when above); flows on one side of a node get their
own points spread across it, ordered by where they go. Inside a pool a flow
runs straight to the pool's edge unless a shape is in the way; then it turns
in the free strip before that shape, runs down (or up) the gap between two
columns and leaves the pool there. A flow to a black-box pool enters it
straight below (or above) where it left its own pool; flows to one black-box
pool get distinct points at least :data:`PORT_GAP` px apart. When the ends are
not aligned the route turns in the space between the pools, each flow on its
own track. Where flows would still share a straight piece they are spread
into channels (:func:`probisnis.layout.nudge.separate`).

bpmn-js writes the name of a flow's message (``messageRef``) under an
envelope at the middle of the flow: the track of such a flow is chosen so
that this text lands in the space between the pools, clear of shapes, names
and the other messages' names. Labels start beside the last piece before the
target and are moved clear of lines and other labels by the layout's last
pass (:mod:`probisnis.layout.labels`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cmp_to_key
from itertools import pairwise

from probisnis.bpmn.model import Bounds, Edge, MessageFlow, Point
from probisnis.layout import sizes
from probisnis.layout.diagram import LAYOUT_SOURCE
from probisnis.layout.labels import label_box, message_name_box, midpoint
from probisnis.layout.nudge import Port, separate

__all__ = [
    "LABEL_PORT_GAP",
    "PORT_GAP",
    "Node",
    "crossings",
    "gap_heights",
    "route_message_flows",
]

#: least px between two flows entering one side of a black-box pool
PORT_GAP = 20.0
#: least px between two labelled flows entering one side of a black-box pool (a label's width)
LABEL_PORT_GAP = 110.0
_TRACK = 10.0  # px between tracks in the space between pools
_CLEAR = 6.0  # px a detour keeps from shapes


@dataclass(frozen=True)
class Node:
    """A flow node drawn in a pool: its shape's bounds and outline (box, circle, diamond)."""

    bounds: Bounds
    outline: str = "box"


def gap_heights(
    flows: Sequence[MessageFlow],
    rows: Sequence[Sequence[str]],
    named: bool,
    messages: frozenset[str] = frozenset(),
) -> list[float]:
    """Height of the space under each row of pools: room for one track per flow crossing
    it, for labels when flows carry them (``named``) and for the names bpmn-js writes
    under the envelopes of the flows in ``messages`` (ids of flows with a message)."""
    row_of = {pool: r for r, row in enumerate(rows) for pool in row}
    out = []
    for r in range(len(rows) - 1):
        n = m = 0
        for f in flows:
            a, b = row_of.get(f.source_ref), row_of.get(f.target_ref)
            if a is not None and b is not None and min(a, b) <= r < max(a, b):
                n += 1
                m += f.id in messages
        room = 24.0 + _TRACK * n + (90.0 if named and n else 0.0) + 40.0 * m
        out.append(max(sizes.POOL_GAP, room))
    return out


def _port_y(node: Node, x: float, down: bool) -> float:
    """y of the node's outline at ``x`` on its bottom (``down``) or top side."""
    b = node.bounds
    cx, cy = b.x + b.width / 2, b.y + b.height / 2
    hw, hh = b.width / 2, b.height / 2
    dx = min(abs(x - cx), hw)
    if node.outline == "circle":
        half = math.sqrt(max(0.0, hw * hw - dx * dx))
    elif node.outline == "diamond":
        half = hh * (1.0 - dx / hw)
    else:
        half = hh
    return cy + half if down else cy - half


def _enters(a: Point, b: Point, box: Bounds, pad: float = 0.0) -> bool:
    """Does the axis-parallel segment a-b pass through ``box`` grown by ``pad``?"""
    x0, y0, x1, y1 = box.x - pad, box.y - pad, box.right + pad, box.bottom + pad
    if a.x == b.x:
        lo, hi = sorted((a.y, b.y))
        return x0 < a.x < x1 and lo < y1 and hi > y0
    lo, hi = sorted((a.x, b.x))
    return y0 < a.y < y1 and lo < x1 and hi > x0


def _leg(
    node_id: str,
    node: Node,
    x: float,
    down: bool,
    edge_y: float,
    toward: float,
    others: Sequence[tuple[str, Bounds]],
    far: bool = False,
) -> list[Point]:
    """From the node's port at ``x`` to its pool's edge at ``edge_y``, around shapes: down
    (up) the gap beside the first shape in the way nearest ``toward``, or with ``far``
    beside any shape of the pool (the flow then crosses the pool's free strip, not the
    flows between the pools)."""
    start = Point(x, _port_y(node, x, down))
    end = Point(x, edge_y)
    blockers = [
        b for k, b in others if k != node_id and _enters(start, end, b, _CLEAR)
    ]
    if not blockers:
        return [start, end]
    first = min(blockers, key=lambda b: b.y - start.y if down else start.y - b.bottom)
    y = (start.y + first.y) / 2 if down else (start.y + first.bottom) / 2
    sides = [first, *(b for k, b in others if k != node_id and b is not first)] if far \
        else [first]
    right = [b.right + 25.0 + 8.0 * k for b in sides for k in range(4)]
    left = [b.x - 25.0 - 8.0 * k for b in sides for k in range(4)]
    for cx in sorted(right + left, key=lambda c: abs(c - toward)):
        path = [start, Point(x, y), Point(cx, y), Point(cx, edge_y)]
        if not any(
            _enters(a, b, box, 2.0) for a, b in pairwise(path[1:]) for k, box in others
            if k != node_id
        ):
            return path
    return [start, end]


def _spread(
    wanted: list[tuple[str, float]], lo: float, hi: float, gap: float
) -> dict[str, float]:
    """Distinct points for flows entering one side of a black-box pool, each as near as
    it can be to where it wants to enter, ``gap`` px apart (less if the side is too
    short), within [lo, hi]."""
    order = sorted(wanted, key=lambda fw: (fw[1], fw[0]))
    if len(order) > 1:
        gap = min(gap, (hi - lo) / (len(order) - 1))
    xs = [min(max(w, lo), hi) for _, w in order]
    for k in range(1, len(xs)):
        xs[k] = max(xs[k], xs[k - 1] + gap)
    if xs and xs[-1] > hi:
        xs[-1] = hi
        for k in range(len(xs) - 2, -1, -1):
            xs[k] = min(xs[k], xs[k + 1] - gap)
    return {f: x for (f, _), x in zip(order, xs, strict=True)}


def _grown(b: Bounds, by: float) -> Bounds:
    """``b`` with ``by`` px more on every side (channels may still move a route that far)."""
    return Bounds(b.x - by, b.y - by, b.width + 2 * by, b.height + 2 * by)


def _crossings(i: tuple[float, float, str], j: tuple[float, float, str]) -> int:
    """Crossings of two flows through one space between pools when ``i``'s track is above
    ``j``'s: each runs down from its x at the upper edge, along its track, down to its x at
    the lower edge."""
    def pieces(f: tuple[float, float, str], y: float) -> list[tuple[Point, Point]]:
        top, bottom = f[0], f[1]
        return [
            (Point(top, 0.0), Point(top, y)),
            (Point(top, y), Point(bottom, y)),
            (Point(bottom, y), Point(bottom, 3.0)),
        ]

    n = 0
    for p, q in pieces(i, 1.0):
        for r, t in pieces(j, 2.0):
            v, h = ((p, q), (r, t)) if p.x == q.x else ((r, t), (p, q))
            if v[0].x != v[1].x or h[0].y != h[1].y:
                continue
            x, y = v[0].x, h[0].y
            if min(h[0].x, h[1].x) < x < max(h[0].x, h[1].x) and min(
                v[0].y, v[1].y
            ) < y < max(v[0].y, v[1].y):
                n += 1
    return n


def _above(i: tuple[float, float, str], j: tuple[float, float, str]) -> int:
    """-1 when ``i``'s track should be above ``j``'s (fewer crossings), 1 when below."""
    return _crossings(i, j) - _crossings(j, i) or (i[2] > j[2]) - (i[2] < j[2])


def crossings(routes: Sequence[Sequence[Point]], lines: Sequence[Sequence[Point]] = ()) -> int:
    """How often the ``routes`` cross each other or one of ``lines`` (right-angle crossings
    of their straight pieces; touching ends and shared pieces are not counted)."""
    def pieces(route: Sequence[Point]) -> list[tuple[Point, Point]]:
        return list(pairwise(route))

    def cross(s: tuple[Point, Point], t: tuple[Point, Point]) -> bool:
        (a, b), (c, d) = s, t
        if a.y == b.y and c.x == d.x:
            (a, b), (c, d) = (c, d), (a, b)
        if not (a.x == b.x and c.y == d.y):
            return False
        return (min(c.x, d.x) + 1 < a.x < max(c.x, d.x) - 1
                and min(a.y, b.y) + 1 < c.y < max(a.y, b.y) - 1)

    mine = [pieces(r) for r in routes]
    theirs = [p for line in lines for p in pieces(line)]
    n = 0
    for i, ps in enumerate(mine):
        n += sum(cross(p, q) for p in ps for q in theirs)
        n += sum(cross(p, q) for other in mine[i + 1 :] for p in ps for q in other)
    return n


def route_message_flows(
    flows: Sequence[MessageFlow],
    bounds: Mapping[str, Bounds],
    pool_of: Mapping[str, str],
    nodes: Mapping[str, Node],
    obstacles: Sequence[Bounds] = (),
    message_names: Mapping[str, str] | None = None,
    lines: Sequence[Sequence[Point]] = (),
) -> dict[str, Edge]:
    """Edges for ``flows``; ``bounds``: element id -> bounds, ``pool_of``: element -> pool id,
    ``nodes``: the flow nodes drawn in expanded pools. ``obstacles``: other boxes labels and
    message names keep off (black-box pools' names). ``message_names``: flow id -> the name
    of its message, which bpmn-js writes at the middle of the flow, clear of ``lines`` (the
    sequence flows' waypoints) and of the flows routed before it.

    Legs blocked by a shape go down (up) beside that shape, or beside the shape of the pool
    nearest the other end: whichever gives fewer :func:`crossings` of lines (the former
    on a tie)."""
    near = _route(flows, bounds, pool_of, nodes, obstacles, message_names, lines, far=False)
    far = _route(flows, bounds, pool_of, nodes, obstacles, message_names, lines, far=True)
    if crossings([e.waypoints for e in far.values()], lines) < crossings(
        [e.waypoints for e in near.values()], lines
    ):
        return far
    return near


def _route(
    flows: Sequence[MessageFlow],
    bounds: Mapping[str, Bounds],
    pool_of: Mapping[str, str],
    nodes: Mapping[str, Node],
    obstacles: Sequence[Bounds],
    message_names: Mapping[str, str] | None,
    lines: Sequence[Sequence[Point]],
    *,
    far: bool,
) -> dict[str, Edge]:
    message_names = message_names or {}
    drawn = [
        f
        for f in flows
        if f.source_ref in bounds
        and f.target_ref in bounds
        and pool_of.get(f.source_ref) != pool_of.get(f.target_ref)
    ]
    by_pool: dict[str, list[tuple[str, Bounds]]] = {}
    for node_id, node in nodes.items():
        by_pool.setdefault(pool_of[node_id], []).append((node_id, node.bounds))

    def down(f: MessageFlow) -> bool:
        return bounds[pool_of[f.target_ref]].y > bounds[pool_of[f.source_ref]].y

    def centre(element: str) -> float:
        b = bounds[element]
        return b.x + b.width / 2

    # ports on nodes: (node, side) -> flows there, ordered by where the other end is
    slots: dict[tuple[str, bool], list[tuple[float, str]]] = {}
    for f in drawn:
        for end, other, bottom in (
            (f.source_ref, f.target_ref, down(f)),
            (f.target_ref, f.source_ref, not down(f)),
        ):
            if end in nodes:
                slots.setdefault((end, bottom), []).append((centre(other), f.id))
    port_x: dict[tuple[str, str], float] = {}
    for (end, _), side in slots.items():
        side.sort()
        nb = nodes[end].bounds
        for k, (_, flow_id) in enumerate(side):
            port_x[(flow_id, end)] = nb.x + nb.width * (k + 1) / (len(side) + 1)

    # legs from node ports to their pool's edge
    legs: dict[tuple[str, str], list[Point]] = {}
    for f in drawn:
        for end, other, bottom in (
            (f.source_ref, f.target_ref, down(f)),
            (f.target_ref, f.source_ref, not down(f)),
        ):
            if end not in nodes:
                continue
            pool = bounds[pool_of[end]]
            edge_y = pool.bottom if bottom else pool.y
            legs[(f.id, end)] = _leg(
                end,
                nodes[end],
                port_x[(f.id, end)],
                bottom,
                edge_y,
                centre(other),
                by_pool.get(pool_of[end], []),
                far,
            )

    # ports on black-box pools: straight across from the other end where there is room
    wanted: dict[tuple[str, bool], list[tuple[str, float]]] = {}
    for f in drawn:
        for end, other, bottom in (
            (f.source_ref, f.target_ref, down(f)),
            (f.target_ref, f.source_ref, not down(f)),
        ):
            if end in nodes:
                continue
            at = legs[(f.id, other)][-1].x if (f.id, other) in legs else centre(other)
            wanted.setdefault((end, bottom), []).append((f.id, at))
    pool_x: dict[tuple[str, str], float] = {}
    named = {f.id for f in drawn if f.name}
    for (end, _), entering in wanted.items():
        eb = bounds[end]
        gap = LABEL_PORT_GAP if any(flow_id in named for flow_id, _ in entering) else PORT_GAP
        for flow_id, x in _spread(entering, eb.x + 20.0, eb.right - 20.0, gap).items():
            pool_x[(flow_id, end)] = x

    def end_path(f: MessageFlow, end: str, bottom: bool) -> list[Point]:
        """Points from ``end`` to the edge of its pool (its port, for a black-box pool)."""
        if (f.id, end) in legs:
            return legs[(f.id, end)]
        box = bounds[end]
        return [Point(pool_x[(f.id, end)], box.bottom if bottom else box.y)]

    routes: dict[str, tuple[Point, ...]] = {}
    ports: dict[str, tuple[Port | None, Port | None]] = {}
    fixed = [n.bounds for n in nodes.values()] + list(obstacles)
    taken = [(p, q) for line in lines for p, q in pairwise(line)]  # pieces a name keeps off
    for pool_id in set(pool_of.values()):
        if pool_id in bounds:  # a name straddles no pool's border
            pb = bounds[pool_id]
            corners = [
                Point(pb.x, pb.y),
                Point(pb.right, pb.y),
                Point(pb.right, pb.bottom),
                Point(pb.x, pb.bottom),
            ]
            taken += list(pairwise([*corners, corners[0]]))
    ends: dict[str, tuple[list[Point], list[Point]]] = {}
    gaps: dict[tuple[float, float], list[tuple[float, float, str]]] = {}
    for f in drawn:
        head = end_path(f, f.source_ref, down(f))
        tail = list(reversed(end_path(f, f.target_ref, not down(f))))
        ends[f.id] = (head, tail)
        a, b = head[-1], tail[0]
        if abs(a.x - b.x) >= 0.5:  # (x at the upper edge, x at the lower edge, flow)
            upper, lower = (a, b) if a.y < b.y else (b, a)
            gaps.setdefault((upper.y, lower.y), []).append((upper.x, lower.x, f.id))
    track: dict[str, float] = {}
    for (top, _), crossing in gaps.items():
        crossing.sort(key=cmp_to_key(_above))
        for k, (_, _, flow_id) in enumerate(crossing):
            track[flow_id] = top + 12.0 + _TRACK * k
    def through(f: MessageFlow, y: float) -> list[Point]:
        head, tail = ends[f.id]
        if f.id not in track:
            return [*head, *tail]
        return [*head, Point(head[-1].x, y), Point(tail[0].x, y), *tail]

    for f in drawn:
        routes[f.id] = tuple(through(f, track.get(f.id, 0.0)))
        ports[f.id] = (
            Port(nodes[f.source_ref].bounds, nodes[f.source_ref].outline)
            if f.source_ref in nodes
            else Port(bounds[f.source_ref]),
            Port(nodes[f.target_ref].bounds, nodes[f.target_ref].outline)
            if f.target_ref in nodes
            else Port(bounds[f.target_ref]),
        )
    # a flow with a message: its track where the message's name lands clear of the shapes,
    # the other flows (and their messages' names), the pools' borders
    named_flows = [f for f in drawn if f.id in track and message_names.get(f.id)]
    for _ in range(2):
        for f in named_flows:
            others = [g for g in named_flows if g.id != f.id]
            boxes = fixed + [
                message_name_box(message_names[g.id], midpoint(routes[g.id])) for g in others
            ]
            pieces = taken + [
                (p, q) for g in drawn if g.id != f.id for p, q in pairwise(routes[g.id])
            ]
            head, tail = ends[f.id]
            lo, hi = sorted((head[-1].y, tail[0].y))
            options = [track[f.id]] + [float(y) for y in range(int(lo) + 12, int(hi) - 8, 4)]
            best: tuple[int, float] | None = None
            for y in options:
                box = _grown(message_name_box(message_names[f.id], midpoint(through(f, y))), 8.0)
                hits = sum(box.overlaps(o) for o in boxes) + sum(
                    _enters(p, q, box) for p, q in pieces
                )
                if best is None or hits < best[0]:
                    best = (hits, y)
                if not hits:
                    break
            assert best is not None
            routes[f.id] = tuple(through(f, best[1]))

    edges: dict[str, Edge] = {}
    routes = separate(routes, ports)
    for f in drawn:
        points = routes[f.id]
        label = None
        if f.name:
            w, h = label_box(f.name, 90.0)
            last_a, last_b = points[-2], points[-1]
            y = (last_a.y + last_b.y) / 2 - h / 2
            label = Bounds(last_b.x + 5.0, y, w, h)
        edges[f.id] = Edge(
            id=f"{f.id}_di", element=f.id, waypoints=points, source=LAYOUT_SOURCE, label=label
        )
    return edges
