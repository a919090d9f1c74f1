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
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import pairwise

from probisnis.bpmn.model import Bounds, Definitions, Diagram, Point, frozen_map

__all__ = ["clear_collisions", "colliding_labels", "label_box", "place_labels"]

_GAP = 5.0
_FRACTIONS = (0.15, 0.5, 0.85, 0.3, 0.7)
_WIDTHS = (90.0, 70.0)
_CHAR = 6.2
_LINE = 14.0


def label_box(text: str, width: float) -> tuple[float, float]:
    """(width, height) of ``text`` wrapped at whole words into ``width`` px."""
    per_line = max(1, int(width / _CHAR))
    lines = textwrap.wrap(text, per_line, break_long_words=False) or [""]
    widest = max(len(line) for line in lines) * _CHAR
    return max(width, widest), _LINE * len(lines) + 2


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
    for width in _WIDTHS:
        w, h = label_box(text, width)
        yield from _along(segments, w, h)


def _along(segments: list[tuple[Point, Point]], w: float, h: float) -> Iterator[Bounds]:
    for a, b in segments:
        if a.x == b.x and a.y != b.y:  # just past the end of a vertical (into a pool)
            y = b.y + _GAP if b.y > a.y else b.y - _GAP - h
            yield Bounds(b.x + _GAP, y, w, h)
            yield Bounds(b.x - _GAP - w, y, w, h)
        for frac in _FRACTIONS:
            x = a.x + (b.x - a.x) * frac
            y = a.y + (b.y - a.y) * frac
            if a.x == b.x:  # vertical segment: right of it, then left
                yield Bounds(x + _GAP, y - h / 2, w, h)
                yield Bounds(x - _GAP - w, y - h / 2, w, h)
            else:  # horizontal segment: above it, then below
                yield Bounds(x - w / 2, y - _GAP - h, w, h)
                yield Bounds(x - w / 2, y + _GAP, w, h)


def _place(
    diagram: Diagram, names: dict[str, str], containers: set[str], longest_first: bool
) -> Diagram:
    obstacles = [s.bounds for s in diagram.shapes.values() if s.element not in containers]
    obstacles += [s.label for s in diagram.shapes.values() if s.label is not None]
    obstacles += [
        e.label for e in diagram.edges.values() if e.label is not None and e.element not in names
    ]
    edges = dict(diagram.edges)
    for flow_id, name in names.items():
        edge = edges.get(flow_id)
        if edge is None or not name:
            continue
        for spot in _candidates(edge.waypoints, name, longest_first):
            if not any(_overlaps(spot, other) for other in obstacles):
                edges[flow_id] = replace(edge, label=spot)
                obstacles.append(spot)
                break
        else:
            if edge.label is not None:
                obstacles.append(edge.label)
    return replace(diagram, edges=frozen_map(edges))


def place_labels(
    defs: Definitions, flow_ids: Iterable[str], *, longest_first: bool = False
) -> Definitions:
    """``defs`` with the labels of ``flow_ids`` (sequence or message flows) moved clear.

    Flows are placed in the order given; a flow with no free spot keeps its label.
    Spots are tried along the flow from its source, or along its longest segments
    first with ``longest_first``.
    """
    wanted = list(flow_ids)
    names: dict[str, str] = {}
    for process in defs.processes.values():
        for flow in process.iter_flows():
            names[flow.id] = flow.name
    for message_flow in defs.message_flows():
        names[message_flow.id] = message_flow.name
    chosen = {f: names.get(f, "") for f in wanted}
    containers = {p.id for p in defs.participants()}
    for process in defs.processes.values():
        containers |= {lane.id for lane in process.iter_lanes()}
    diagrams = tuple(_place(d, chosen, containers, longest_first) for d in defs.diagrams)
    return replace(defs, diagrams=diagrams)


def colliding_labels(defs: Definitions) -> list[str]:
    """Ids of flows whose label overlaps a shape (not a pool or lane) or another label."""
    containers = {p.id for p in defs.participants()}
    for process in defs.processes.values():
        containers |= {lane.id for lane in process.iter_lanes()}
    found: list[str] = []
    for diagram in defs.diagrams:
        shapes = [s.bounds for s in diagram.shapes.values() if s.element not in containers]
        shapes += [s.label for s in diagram.shapes.values() if s.label is not None]
        labelled = [(e.element, e.label) for e in diagram.edges.values() if e.label is not None]
        for i, (flow, box) in enumerate(labelled):
            others = [b for j, (_, b) in enumerate(labelled) if j != i]
            if any(_overlaps(box, o, 0.0) for o in shapes + others):
                found.append(flow)
    return found


def clear_collisions(defs: Definitions) -> Definitions:
    """``defs`` with every flow label that collides (:func:`colliding_labels`) moved clear."""
    flows = colliding_labels(defs)
    return place_labels(defs, flows) if flows else defs
