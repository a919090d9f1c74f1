"""Place flow labels where they collide with nothing (the layout's last pass).

:mod:`probisnis.layout` puts a flow's label next to its first segment. Where
several flows leave one gateway through the same side (the n-way decision of a
subprocess map, a loop back leaving beside the way out) those labels land on
top of each other. The files with such spots re-place the labels of the flows
named here: each label goes to the first candidate spot along its own flow
(beside each segment, at several points, near the source first; full width,
then narrower and wrapped) that overlaps no shape and no label placed before
it. bpmn-js wraps an external label at its DI width; the size estimate here is
deliberately generous (about 6.2 px per character, whole words).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import pairwise

from probisnis.bpmn.model import Bounds, Definitions, Diagram, Point, frozen_map

__all__ = [
    "clear_collisions",
    "colliding_labels",
    "label_box",
    "message_name_box",
    "midpoint",
    "place_labels",
]

_GAP = 5.0
_GAPS = (_GAP, 13.0, 21.0, 29.0, 37.0, 45.0)
_FRACTIONS = (0.15, 0.5, 0.85, 0.3, 0.7, 0.05, 0.95, 0.4, 0.6, 0.22, 0.78)
_WIDTHS = (90.0, 70.0)
_CHAR = 6.2
_LINE = 14.0
_HEADER = 30.0  # the band on a pool's or lane's left where bpmn-js writes its name


def label_box(text: str, width: float) -> tuple[float, float]:
    """(width, height) of ``text`` wrapped at whole words into ``width`` px."""
    per_line = max(1, int(width / _CHAR))
    lines = textwrap.wrap(text, per_line, break_long_words=False) or [""]
    widest = max(len(line) for line in lines) * _CHAR
    return max(width, widest), _LINE * len(lines) + 2


def midpoint(points: Sequence[Point]) -> Point:
    """The point halfway along a polyline (where bpmn-js draws a message flow's envelope)."""
    total = sum(abs(b.x - a.x) + abs(b.y - a.y) for a, b in pairwise(points))
    left = total / 2
    for a, b in pairwise(points):
        length = abs(b.x - a.x) + abs(b.y - a.y)
        if length >= left and length > 0:
            t = left / length
            return Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
        left -= length
    return points[-1]


def message_name_box(name: str, middle: Point) -> Bounds:
    """Where bpmn-js draws a message flow's message: the envelope at the flow's middle and
    the message's name under it (bpmn-js fits it to about 150 px)."""
    w, h = label_box(name, 150.0)
    return Bounds(middle.x - w / 2, middle.y - 8.0, w, h + 25.0)


def _message_names(defs: Definitions, diagram: Diagram) -> list[tuple[str, Bounds]]:
    """(flow id, box) of each message name bpmn-js draws on a message flow of ``diagram``."""
    out = []
    for flow in defs.message_flows():
        message = defs.messages.get(flow.message_ref or "")
        edge = diagram.edges.get(flow.id)
        if message is None or not message.name or edge is None:
            continue
        out.append((flow.id, message_name_box(message.name, midpoint(edge.waypoints))))
    return out


def _overlaps(a: Bounds, b: Bounds, margin: float = 2.0) -> bool:
    return (
        a.x < b.right + margin
        and b.x < a.right + margin
        and a.y < b.bottom + margin
        and b.y < a.bottom + margin
    )


def _candidates(points: tuple[Point, ...], text: str, longest_first: bool) -> Iterator[Bounds]:
    segments = list(pairwise(points))
    if longest_first:
        segments.sort(key=lambda ab: -(abs(ab[1].x - ab[0].x) + abs(ab[1].y - ab[0].y)))
    for gap in _GAPS:  # beside the line, then beside the bundle of lines running with it
        for width in _WIDTHS:
            w, h = label_box(text, width)
            yield from _along(segments, w, h, gap)


def _along(
    segments: list[tuple[Point, Point]], w: float, h: float, gap: float = _GAP
) -> Iterator[Bounds]:
    for a, b in segments:
        if a.x == b.x and a.y != b.y:  # just past the end of a vertical (into a pool)
            y = b.y + _GAP if b.y > a.y else b.y - _GAP - h
            yield Bounds(b.x + gap, y, w, h)
            yield Bounds(b.x - gap - w, y, w, h)
        for frac in _FRACTIONS:
            x = a.x + (b.x - a.x) * frac
            y = a.y + (b.y - a.y) * frac
            if a.x == b.x:  # vertical segment: right of it, then left
                yield Bounds(x + gap, y - h / 2, w, h)
                yield Bounds(x - gap - w, y - h / 2, w, h)
                yield Bounds(x + gap, y + _GAP, w, h)
                yield Bounds(x - gap - w, y - _GAP - h, w, h)
            else:  # horizontal segment: above it, then below
                yield Bounds(x - w / 2, y - gap - h, w, h)
                yield Bounds(x - w / 2, y + gap, w, h)
                yield Bounds(x + _GAP, y - gap - h, w, h)
                yield Bounds(x - w - _GAP, y + gap, w, h)


def _around(b: Bounds, w: float, h: float) -> Iterator[Bounds]:
    """Spots for the label of an event or gateway: under it, over it, beside it, further out."""
    cx, cy = b.x + b.width / 2, b.y + b.height / 2
    for far in (4.0, 14.0, 28.0):
        yield Bounds(cx - w / 2, b.bottom + far, w, h)
        yield Bounds(cx - 4 - w, b.bottom + far, w, h)
        yield Bounds(cx + 4, b.bottom + far, w, h)
        yield Bounds(cx - w / 2, b.y - far - h, w, h)
        yield Bounds(cx - 4 - w, b.y - far - h, w, h)
        yield Bounds(cx + 4, b.y - far - h, w, h)
        yield Bounds(b.right + far, cy + 4, w, h)
        yield Bounds(b.x - far - w, cy + 4, w, h)
        yield Bounds(b.right + far, cy - 4 - h, w, h)
        yield Bounds(b.x - far - w, cy - 4 - h, w, h)


def _line_boxes(diagram: Diagram, flows: set[str]) -> list[tuple[str, Bounds]]:
    """Each straight piece of every drawn flow as a zero-thickness box, with its flow's id."""
    out = []
    for edge in diagram.edges.values():
        if edge.element not in flows:
            continue
        for a, b in pairwise(edge.waypoints):
            x0, y0 = min(a.x, b.x), min(a.y, b.y)
            out.append((edge.element, Bounds(x0, y0, abs(b.x - a.x), abs(b.y - a.y))))
    return out


def _borders(defs: Definitions, diagram: Diagram) -> list[Bounds]:
    """The four sides of every pool as zero-thickness boxes: a label straddles none."""
    pools = {p.id for p in defs.participants()}
    out = []
    for shape in diagram.shapes.values():
        if shape.element in pools:
            b = shape.bounds
            out += [
                Bounds(b.x, b.y, b.width, 0.0),
                Bounds(b.x, b.bottom, b.width, 0.0),
                Bounds(b.x, b.y, 0.0, b.height),
                Bounds(b.right, b.y, 0.0, b.height),
            ]
    return out


def _names(defs: Definitions, diagram: Diagram, containers: set[str]) -> list[Bounds]:
    """Where pools and lanes write their names: the header band on their left, and the
    whole box of a black-box pool."""
    black = {p.id: p.name for p in defs.participants() if not p.process_ref and p.name}
    out = []
    for shape in diagram.shapes.values():
        if shape.element not in containers:
            continue
        box = shape.bounds
        if shape.element in black:  # no label inside a black-box pool
            out.append(box)
        else:
            out.append(Bounds(box.x, box.y, _HEADER, box.height))
    return out


def _containers(defs: Definitions) -> set[str]:
    containers = {p.id for p in defs.participants()}
    for process in defs.processes.values():
        containers |= {lane.id for lane in process.iter_lanes()}
    return containers


def _flow_names(defs: Definitions) -> dict[str, str]:
    names: dict[str, str] = {}
    for process in defs.processes.values():
        for flow in process.iter_flows():
            names[flow.id] = flow.name
    for message_flow in defs.message_flows():
        names[message_flow.id] = message_flow.name
    return names


def _place(
    defs: Definitions,
    diagram: Diagram,
    names: dict[str, str],
    nodes: set[str],
    longest_first: bool,
) -> Diagram:
    containers = _containers(defs)
    flows = set(_flow_names(defs))
    fixed = [s.bounds for s in diagram.shapes.values() if s.element not in containers]
    fixed += _names(defs, diagram, containers)
    fixed += [box for _, box in _message_names(defs, diagram)]
    lines = [box for _, box in _line_boxes(diagram, flows)] + _borders(defs, diagram)
    labels = [
        s.label for s in diagram.shapes.values() if s.label is not None and s.element not in nodes
    ]
    labels += [
        e.label for e in diagram.edges.values() if e.label is not None and e.element not in names
    ]

    def free(spot: Bounds) -> bool:
        return not any(_overlaps(spot, o) for o in fixed + labels) and not any(
            _overlaps(spot, line, 1.0) for line in lines
        )

    shapes = dict(diagram.shapes)
    for shape_id, shape in diagram.shapes.items():
        if shape.element not in nodes or shape.label is None:
            continue
        old = shape.label
        spot = next((s for s in _around(shape.bounds, old.width, old.height) if free(s)), old)
        shapes[shape_id] = replace(shape, label=spot)
        labels.append(spot)
    edges = dict(diagram.edges)
    for flow_id, name in names.items():
        edge = edges.get(flow_id)
        if edge is None or not name:
            continue
        for spot in _candidates(edge.waypoints, name, longest_first):
            if free(spot):
                edges[flow_id] = replace(edge, label=spot)
                labels.append(spot)
                break
        else:
            if edge.label is not None:
                labels.append(edge.label)
    return replace(diagram, shapes=frozen_map(shapes), edges=frozen_map(edges))


def place_labels(
    defs: Definitions,
    flow_ids: Iterable[str],
    *,
    longest_first: bool = False,
    nodes: Iterable[str] = (),
) -> Definitions:
    """``defs`` with the labels of ``flow_ids`` (sequence or message flows) moved clear.

    ``nodes``: events and gateways whose labels move too (placed first, around
    their shape). Flows are placed in the order given; a flow with no free spot
    keeps its label. Spots are tried along the flow from its source, or along its
    longest segments first with ``longest_first``. A spot is free when it overlaps
    no shape, no pool or lane name, no other label and no flow's line.
    """
    names = _flow_names(defs)
    chosen = {f: names.get(f, "") for f in flow_ids}
    wanted = set(nodes)
    diagrams = tuple(_place(defs, d, chosen, wanted, longest_first) for d in defs.diagrams)
    return replace(defs, diagrams=diagrams)


def _colliding(defs: Definitions) -> tuple[list[str], list[str]]:
    containers = _containers(defs)
    flows = set(_flow_names(defs))
    found: list[str] = []
    nodes: list[str] = []
    for diagram in defs.diagrams:
        shapes = [s.bounds for s in diagram.shapes.values() if s.element not in containers]
        shapes += _names(defs, diagram, containers)
        shapes += [box for _, box in _message_names(defs, diagram)]
        shape_labels = [(s.element, s.label) for s in diagram.shapes.values() if s.label]
        lines = _line_boxes(diagram, flows) + [("", b) for b in _borders(defs, diagram)]
        labelled = [(e.element, e.label) for e in diagram.edges.values() if e.label is not None]
        for i, (flow, box) in enumerate(labelled):
            others = [b for j, (_, b) in enumerate(labelled) if j != i]
            others += [b for _, b in shape_labels]
            if any(_overlaps(box, o, 0.0) for o in shapes + others) or any(
                _overlaps(box, line, 0.0) for _, line in lines
            ):
                found.append(flow)
        for node, box in shape_labels:
            if any(_overlaps(box, line, 0.0) for _, line in lines):
                nodes.append(node)
    return found, nodes


def colliding_labels(defs: Definitions) -> list[str]:
    """Ids of flows whose label overlaps a shape (not a pool or lane), a pool's or lane's
    name, another label or a flow's line."""
    return _colliding(defs)[0]


def clear_collisions(defs: Definitions) -> Definitions:
    """``defs`` with every flow label that collides (:func:`colliding_labels`) moved clear,
    and every event or gateway label on a flow's line."""
    flows, nodes = _colliding(defs)
    return place_labels(defs, flows, nodes=nodes) if flows or nodes else defs
