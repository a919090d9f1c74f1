"""Flows drawn apart: no two sequence flows of a scope share a straight piece.

The router (:mod:`probisnis.layout.routing`) puts every vertical in the gap
left of its target column and every horizontal at a node's centre line, so
the branches of a wide gateway run along one trunk and flows into a join
arrive on one line. A reader cannot tell which line goes where. This pass
finds the straight pieces that lie on one line and overlap (the readability
gate's "shares a segment"), and spreads each such group into parallel
channels :data:`STEP` px apart (less where a port has no room), the way
orthogonal connector routers "nudge" them:

- the order of the channels avoids new crossings: a flow that leaves the
  shared line first, turning down (or right), takes the lower (or right)
  channel; one turning up (or left), the upper (or left) one;
- the group keeps its place: a flow drawn straight from shape to shape stays
  on its line when the others fit beside it, else the channels are centred;
- a piece that ends on a shape moves its port along that shape's outline (a
  gateway's diamond, an event's circle, a box's side), so flows leave a wide
  gateway from distinct points of its edge.

Verticals are separated first, then horizontals (whose order depends on where
the verticals turn), and the passes repeat until nothing is shared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cmp_to_key

from probisnis.bpmn.model import Bounds, Point

__all__ = ["STEP", "Port", "separate", "shared_pieces"]

#: px between the channels of flows that would share a line
STEP = 8.0
#: least px between channels when a port has little room
MIN_STEP = 4.0
_TOL = 0.5
_ROUNDS = 8


@dataclass(frozen=True)
class Port:
    """The shape a flow's end sits on: its bounds and outline (``box``, ``diamond``, ``circle``)."""

    bounds: Bounds
    outline: str = "box"


@dataclass
class _Piece:
    flow: str
    index: int  # the piece runs from points[index] to points[index + 1]
    y: float
    lo: float
    hi: float
    dir_lo: int  # where the route goes beyond the lo end: -1 up, +1 down, 0 it ends there
    dir_hi: int


def _simplify(points: list[Point]) -> list[Point]:
    """Without repeated points and the middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1].x - p.x) < 1e-9 and abs(out[-1].y - p.y) < 1e-9:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a.x - b.x) < 1e-9 and abs(b.x - p.x) < 1e-9) or (
                abs(a.y - b.y) < 1e-9 and abs(b.y - p.y) < 1e-9
            ):
                out[-1] = p
                continue
        out.append(p)
    return out


def _t(p: Point) -> Point:
    return Point(p.y, p.x)


def _tb(b: Bounds) -> Bounds:
    return Bounds(b.y, b.x, b.height, b.width)


def _beyond(pts: list[Point], k: int, other: int) -> int:
    """Where the route turns past point ``k`` of the piece ``k``-``other``: -1 up, +1 down,
    0 when it ends there."""
    j = k - 1 if other == k + 1 else k + 1
    if j < 0 or j >= len(pts):
        return 0
    dy = pts[j].y - pts[k].y
    return 0 if abs(dy) < _TOL else (1 if dy > 0 else -1)


def _pieces(routes: Mapping[str, list[Point]]) -> list[_Piece]:
    """The horizontal pieces of every route."""
    out = []
    for flow, pts in routes.items():
        for i in range(len(pts) - 1):
            a, b = pts[i], pts[i + 1]
            if abs(a.y - b.y) > _TOL or abs(a.x - b.x) < 1.0:
                continue
            left, right = (i, i + 1) if a.x < b.x else (i + 1, i)
            out.append(
                _Piece(
                    flow,
                    i,
                    a.y,
                    min(a.x, b.x),
                    max(a.x, b.x),
                    _beyond(pts, left, right),
                    _beyond(pts, right, left),
                )
            )
    return out


def _groups(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces of different flows on one line whose extents overlap by more than 1 px."""
    parent = list(range(len(pieces)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    order = sorted(range(len(pieces)), key=lambda k: (pieces[k].y, pieces[k].lo))
    for n, i in enumerate(order):
        a = pieces[i]
        for j in order[n + 1 :]:
            b = pieces[j]
            if b.y - a.y > _TOL:
                break
            if a.flow != b.flow and min(a.hi, b.hi) - max(a.lo, b.lo) > 1.0:
                parent[find(i)] = find(j)
    comps: dict[int, list[_Piece]] = {}
    for k in range(len(pieces)):
        comps.setdefault(find(k), []).append(pieces[k])
    return [
        sorted(c, key=lambda p: (p.flow, p.index))
        for c in comps.values()
        if len({p.flow for p in c}) > 1
    ]


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


def _compare(a: _Piece, b: _Piece) -> int:
    """-1 when ``a`` must run above ``b`` so neither crosses the other where they part."""
    if a.hi < b.hi - _TOL:
        r = a.dir_hi  # a leaves first, to the right: turning down it must be the lower one
    elif b.hi < a.hi - _TOL:
        r = -b.dir_hi
    else:
        r = _sign(a.dir_hi - b.dir_hi)
    if r:
        return r
    if a.lo > b.lo + _TOL:
        return a.dir_lo
    if b.lo > a.lo + _TOL:
        return -b.dir_lo
    return _sign(a.dir_lo - b.dir_lo)


def _room(port: Port, y: float, up: bool) -> float:
    """How far a port at height ``y`` on ``port``'s left or right side may move up or down."""
    b = port.bounds
    cy = b.y + b.height / 2
    half = b.height / 2
    limit = {"diamond": half - 5.0, "circle": half - 6.0}.get(port.outline, half - 8.0)
    off = y - cy
    return max(0.0, limit + off if up else limit - off)


def _edge_x(port: Port, y: float, right: bool) -> float:
    """x of ``port``'s outline at height ``y`` on its right (or left) side."""
    b = port.bounds
    cx, cy = b.x + b.width / 2, b.y + b.height / 2
    hw, hh = b.width / 2, b.height / 2
    dy = min(abs(y - cy), hh)
    if port.outline == "diamond":
        half = hw * (1.0 - dy / hh)
    elif port.outline == "circle":
        half = math.sqrt(max(0.0, hw * hw - dy * dy))
    else:
        half = hw
    # not rounded here: layout rounds every DI number once, at the end (_at_writer_precision)
    return cx + half if right else cx - half


def _ends(
    piece: _Piece, routes: Mapping[str, list[Point]], ports: Mapping[str, tuple[Port | None, ...]]
) -> list[tuple[Port, float]]:
    """The ports a move of ``piece`` drags along: (port, y of the piece there)."""
    pts = routes[piece.flow]
    out = []
    if piece.index == 0 and ports[piece.flow][0] is not None:
        out.append((ports[piece.flow][0], pts[0].y))
    if piece.index + 2 == len(pts) and ports[piece.flow][1] is not None:
        out.append((ports[piece.flow][1], pts[-1].y))
    return [(p, y) for p, y in out if p is not None]


def _offsets(
    group: list[_Piece],
    routes: Mapping[str, list[Point]],
    ports: Mapping[str, tuple[Port | None, ...]],
) -> list[float]:
    """Offset of each piece of an ordered group: anchored on a straight shape-to-shape flow
    when the others fit beside it :data:`STEP` apart, else centred (where ports have less
    room, closer, down to half :data:`MIN_STEP`)."""

    def fit(units: list[float]) -> float:
        step = STEP
        for piece, u in zip(group, units, strict=True):
            if u == 0:
                continue
            for port, y in _ends(piece, routes, ports):
                step = min(step, _room(port, y, u < 0) / abs(u))
        return step

    units = [k - (len(group) - 1) / 2 for k in range(len(group))]
    for k0, piece in enumerate(group):
        anchored = [float(k - k0) for k in range(len(group))]
        if len(routes[piece.flow]) == 2 and fit(anchored) >= STEP:
            units = anchored
            break
    step = max(fit(units), MIN_STEP / 2)
    return [u * step for u in units]


def _move(
    piece: _Piece,
    d: float,
    routes: dict[str, list[Point]],
    ports: Mapping[str, tuple[Port | None, ...]],
) -> None:
    pts = routes[piece.flow]
    i = piece.index
    for k in (i, i + 1):
        p = pts[k]
        y = p.y + d
        x = p.x
        last = k == len(pts) - 1
        end = ports[piece.flow][0] if k == 0 else ports[piece.flow][1] if last else None
        if end is not None:
            x = _edge_x(end, y, p.x >= end.bounds.x + end.bounds.width / 2)
        pts[k] = Point(x, y)


def _separate_horizontals(
    routes: dict[str, list[Point]], ports: Mapping[str, tuple[Port | None, ...]]
) -> bool:
    """One pass over the horizontal pieces; True when some group was spread."""
    groups = _groups(_pieces(routes))
    for group in groups:
        ordered = sorted(group, key=cmp_to_key(_compare))
        for piece, d in zip(ordered, _offsets(ordered, routes, ports), strict=True):
            if d:
                _move(piece, d, routes, ports)
    return bool(groups)


def shared_pieces(routes: Mapping[str, tuple[Point, ...] | list[Point]]) -> list[tuple[str, str]]:
    """Pairs of flows whose routes share a straight piece longer than 1 px (both directions)."""
    pairs: set[tuple[str, str]] = set()
    simple = {k: _simplify(list(v)) for k, v in routes.items()}
    for flipped in (False, True):
        view = {k: [_t(p) for p in v] for k, v in simple.items()} if flipped else simple
        for group in _groups(_pieces(view)):
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if a.flow != b.flow and min(a.hi, b.hi) - max(a.lo, b.lo) > 1.0:
                        pairs.add((min(a.flow, b.flow), max(a.flow, b.flow)))
    return sorted(pairs)


def separate(
    routes: Mapping[str, tuple[Point, ...]],
    ports: Mapping[str, tuple[Port | None, Port | None]],
) -> dict[str, tuple[Point, ...]]:
    """``routes`` (flow id -> orthogonal waypoints) with no straight piece shared by two flows.

    ``ports``: flow id -> the shapes its first and last point sit on (``None``
    where the end is not on a shape this pass may slide along).
    """
    work = {k: _simplify(list(v)) for k, v in routes.items()}
    flipped_ports = {
        k: tuple(None if p is None else replace(p, bounds=_tb(p.bounds)) for p in v)
        for k, v in ports.items()
    }
    full_ports = {k: ports.get(k, (None, None)) for k in work}
    full_flipped = {k: flipped_ports.get(k, (None, None)) for k in work}
    for _ in range(_ROUNDS):
        flipped = {k: [_t(p) for p in v] for k, v in work.items()}
        moved = _separate_horizontals(flipped, full_flipped)
        work = {k: [_t(p) for p in v] for k, v in flipped.items()}
        moved = _separate_horizontals(work, full_ports) or moved
        if not moved:
            break
    return {k: tuple(v) for k, v in work.items()}
