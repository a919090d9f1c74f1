"""Lane-aware automatic layout: give a model a BPMN diagram (DI).

:func:`layout_definitions` returns the :class:`~probisnis.bpmn.model.Definitions`
with every diagram replaced by a generated one:

- left to right by rank (longest path over the flow graph with the back edges
  of loops ignored; back edges are routed around, above their ends);
- each node in its lane's horizontal band, one shape per grid cell, so shapes
  never overlap; lanes are as tall as their rows need, and at least tall
  enough for bpmn-js to write their name in two lines in the header band
  (pools likewise; :mod:`probisnis.layout.text`);
- a collaboration's pools stacked top to bottom in participant order, all as
  wide as the widest, consecutive black-box pools side by side in one row (so a
  message flow never runs through a pool it does not connect); message flows
  run vertically between pools;
- sequence flows as orthogonal polylines through the gaps between columns and
  rows; labels for named events, gateways and flows;
- data object references (documents) in a strip at the bottom of the band of the task
  that yields them, their data associations as dotted lines (:mod:`probisnis.layout.data`);
- embedded subprocesses drawn collapsed, each with its own diagram for the body.

The result is a function of the model's semantics and document order only, so
laying out a file that was written by :mod:`probisnis.bpmn.writer` from a
layout reproduces the same DI bytes. Sizes: :mod:`probisnis.layout.sizes`.
"""

from __future__ import annotations

from dataclasses import replace

from probisnis.bpmn.model import (
    Bounds,
    Collaboration,
    Definitions,
    Diagram,
    Edge,
    Participant,
    Point,
    Process,
    Shape,
    frozen_map,
)
from probisnis.layout import sizes
from probisnis.layout.diagram import LAYOUT_SOURCE, ScopePlan, plan_scope
from probisnis.layout.labels import clear_collisions
from probisnis.layout.messages import LABEL_PORT_GAP, Node, gap_heights, route_message_flows
from probisnis.layout.text import text_width

__all__ = ["layout_definitions", "layout_process"]

_BLACK_BOX_WIDTH = 200.0  #: least width of a black-box pool in a row of them


def _subprocess_diagrams(process: Process) -> list[Diagram]:
    """A diagram per embedded subprocess body (bpmn.io drills down into them), depth first."""
    out: list[Diagram] = []
    for node in process.nodes.values():
        if node.subprocess is not None:
            out.append(layout_process(node.subprocess, diagram_id=f"{node.id}_diagram"))
            out.extend(_subprocess_diagrams(node.subprocess))
    return out


def layout_process(process: Process, *, diagram_id: str | None = None) -> Diagram:
    """A diagram of one process (or subprocess body) on its own plane, without a pool."""
    plan = plan_scope(process)
    shapes, edges, _ = plan.place(
        sizes.ORIGIN_X, sizes.ORIGIN_Y, plan.content_width(), pool_header=False
    )
    return Diagram(
        id=diagram_id or f"{process.id}_diagram",
        source=LAYOUT_SOURCE,
        name=process.name,
        plane_element=process.id,
        shapes=frozen_map(shapes),
        edges=frozen_map(edges),
    )


def _collaboration_diagram(defs: Definitions, collab: Collaboration) -> Diagram:
    plans: dict[str, ScopePlan] = {}
    for part in collab.participants:
        process = defs.processes.get(part.process_ref or "")
        if process is not None:
            plans[part.id] = plan_scope(process, part.name)
    width = max([sizes.POOL_HEADER + p.content_width() for p in plans.values()] + [400.0])
    shapes: dict[str, Shape] = {}
    edges: dict[str, Edge] = {}
    rows = _pool_rows(collab, plans)
    message_names = {
        f.id: message.name
        for f in collab.message_flows
        if (message := defs.messages.get(f.message_ref or "")) is not None and message.name
    }
    pool_of: dict[str, str] = {}
    for part in collab.participants:
        pool_of[part.id] = part.id
        process = defs.processes.get(part.process_ref or "")
        if process is not None:
            pool_of.update({n.id: part.id for n in process.nodes.values()})
    ends = [  # each message flow from pool to pool
        replace(
            f, source_ref=pool_of.get(f.source_ref, ""), target_ref=pool_of.get(f.target_ref, "")
        )
        for f in collab.message_flows
    ]
    named = any(f.name for f in collab.message_flows) or bool(message_names)
    gaps = gap_heights(
        ends, [[p.id for p in row] for row in rows], named, frozenset(message_names)
    )
    # a black-box pool is wide enough for its labelled flows to enter it apart, labels beside
    labelled = [(f.source_ref, f.target_ref) for f in ends if f.name]
    need = {
        part.id: max(
            _BLACK_BOX_WIDTH, LABEL_PORT_GAP * sum(part.id in e for e in labelled) + 40.0
        )
        for part in collab.participants
        if part.id not in plans
    }
    for row in rows:
        if row[0].id not in plans:
            width = max(width, sum(need[p.id] for p in row) + sizes.POOL_GAP * (len(row) - 1))
    y = sizes.ORIGIN_Y
    for r, row in enumerate(rows):
        plan = plans.get(row[0].id)
        height = plan.height if plan is not None else sizes.BLACK_BOX_HEIGHT
        wanted = [need.get(p.id, width) for p in row]
        scale = (width - sizes.POOL_GAP * (len(row) - 1)) / sum(wanted)
        x = sizes.ORIGIN_X
        for part, share in zip(row, wanted, strict=True):
            shapes[part.id] = Shape(
                id=f"{part.id}_di",
                element=part.id,
                bounds=Bounds(x, y, share * scale, height),
                source=LAYOUT_SOURCE,
                is_horizontal=True,
            )
            x += share * scale + sizes.POOL_GAP
        if plan is not None:
            inner, inner_edges, _ = plan.place(sizes.ORIGIN_X, y, width, pool_header=True)
            shapes.update(inner)
            edges.update(inner_edges)
        y += height + (gaps[r] if r < len(gaps) else sizes.POOL_GAP)
    bounds = {k: s.bounds for k, s in shapes.items()}
    nodes: dict[str, Node] = {}
    for part in collab.participants:
        process = defs.processes.get(part.process_ref or "")
        if process is None:
            continue
        for node in process.nodes.values():
            if node.id in shapes:
                outline = "diamond" if node.is_gateway else "circle" if node.is_event else "box"
                nodes[node.id] = Node(shapes[node.id].bounds, outline)
    # a black-box pool's name, written in the middle of its box: labels keep off it
    names: list[Bounds] = []
    for part in collab.participants:
        if part.id not in plans and part.name:
            box = shapes[part.id].bounds
            w = min(text_width(part.name) + 8, box.width)
            names.append(Bounds(box.x + (box.width - w) / 2, box.y + box.height / 2 - 10, w, 20))
    edges.update(
        route_message_flows(
            collab.message_flows,
            bounds,
            pool_of,
            nodes,
            names,
            message_names,
            [e.waypoints for e in edges.values()],
        )
    )
    return Diagram(
        id=f"{collab.id}_diagram",
        source=LAYOUT_SOURCE,
        name=collab.name,
        plane_element=collab.id,
        shapes=frozen_map(shapes),
        edges=frozen_map(edges),
    )


def _pool_rows(collab: Collaboration, plans: dict[str, ScopePlan]) -> list[list[Participant]]:
    """Rows of pools top to bottom: each expanded pool alone, consecutive black-box pools
    side by side, so a message flow to one of them never runs through another."""
    rows: list[list[Participant]] = []
    for part in collab.participants:
        black = part.id not in plans
        if black and rows and rows[-1][0].id not in plans:
            rows[-1].append(part)
        else:
            rows.append([part])
    return rows


def layout_definitions(defs: Definitions, *, clear_labels: bool = True) -> Definitions:
    """``defs`` with generated diagrams replacing any it had.

    One diagram per collaboration (its pools stacked), one per process that is
    in no pool, one per embedded subprocess body. ``clear_labels`` (default): flow
    labels that land on a shape or on another label are moved clear as a last pass
    (:func:`probisnis.layout.labels.clear_collisions`).
    """
    diagrams: list[Diagram] = []
    pooled: set[str] = set()
    for collab in defs.collaborations:
        diagrams.append(_collaboration_diagram(defs, collab))
        pooled.update(p.process_ref for p in collab.participants if p.process_ref)
    for process in defs.processes.values():
        if process.id not in pooled:
            diagrams.append(layout_process(process))
    for process in defs.processes.values():
        diagrams.extend(_subprocess_diagrams(process))
    laid = replace(defs, diagrams=tuple(diagrams))
    return _at_writer_precision(clear_collisions(laid) if clear_labels else laid)


def _at_writer_precision(defs: Definitions) -> Definitions:
    """Every DI number rounded to 2 decimals, as the writer prints it, so that a laid-out
    model written and read back is the same model."""

    def bounds(b: Bounds) -> Bounds:
        return Bounds(round(b.x, 2), round(b.y, 2), round(b.width, 2), round(b.height, 2))

    def label(b: Bounds | None) -> Bounds | None:
        return None if b is None else bounds(b)

    diagrams = []
    for d in defs.diagrams:
        shapes = {k: replace(s, bounds=bounds(s.bounds), label=label(s.label))
                  for k, s in d.shapes.items()}
        edges = {k: replace(e, label=label(e.label),
                            waypoints=tuple(Point(round(p.x, 2), round(p.y, 2))
                                            for p in e.waypoints))
                 for k, e in d.edges.items()}
        diagrams.append(replace(d, shapes=frozen_map(shapes), edges=frozen_map(edges)))
    return replace(defs, diagrams=tuple(diagrams))
