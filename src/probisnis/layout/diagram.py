"""Placing one scope (a pool's process, or a subprocess body) and assembling diagrams."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from probisnis.bpmn.model import Bounds, Edge, FlowNode, Lane, Point, Process, Shape, Source
from probisnis.layout import sizes
from probisnis.layout.data import DataPlan, data_plan, data_shapes
from probisnis.layout.nudge import Port, separate
from probisnis.layout.ranking import Grid, boundary_hosts, grid_of
from probisnis.layout.routing import Cell, Router
from probisnis.layout.text import header_length

__all__ = ["LAYOUT_SOURCE", "ScopePlan", "plan_scope"]

#: the :class:`Source` of every DI element the layout makes
LAYOUT_SOURCE = Source("<probisnis.layout>")


def _lane_bands(process: Process) -> tuple[list[tuple[str, int]], int]:
    """Leaf bands (lane id, depth) top to bottom and the deepest nesting level (1 when laned)."""
    direct = {n.lane for n in process.nodes.values() if n.lane is not None}
    bands: list[tuple[str, int]] = []
    depth_max = 0

    def walk(lane: Lane, depth: int) -> None:
        nonlocal depth_max
        depth_max = max(depth_max, depth + 1)
        if lane.id in direct or not lane.children:
            bands.append((lane.id, depth))
        for child in lane.children:
            walk(child, depth + 1)

    for lane in process.lanes:
        walk(lane, 0)
    return bands, depth_max


def _pitches(process: Process, grid: Grid) -> tuple[float, float]:
    """(column, row) pitch of a scope: :data:`sizes.COLUMN` x :data:`sizes.ROW`, or more when a
    shape is larger than 100 x 80, so 50 px between columns and 30 px above and below
    each shape stay free for edges, whatever the shape's size."""
    width, height = sizes.TASK
    for node_id in grid.column:
        w, h = sizes.node_size(process.nodes[node_id])
        width, height = max(width, w), max(height, h)
    return (
        sizes.COLUMN + width - sizes.TASK[0],
        sizes.ROW + height - sizes.TASK[1],
    )


def _band_heights(
    process: Process,
    grid: Grid,
    bands: list[str | None],
    title: str,
    row: float,
    strips: dict[str | None, float],
) -> dict[str | None, float]:
    """Height of each band: its rows, stretched so every lane's and the pool's name reads well.

    bpmn-js writes a lane's name along the lane's height (a pool's along the
    pool's), in lines as long as that height, at most two of which fit the
    header band (:func:`probisnis.layout.text.header_length`). A lane whose
    name does not fit grows its last band; so does the pool. Growing a band
    can spoil a name that fitted (bpmn-js fills the longer lines to the
    ends), so passes repeat until every name fits; heights only grow, and a
    name fits on one line in any band long enough, so this ends.
    """
    heights = {b: grid.rows[b] * row + strips.get(b, 0.0) for b in bands}
    groups: list[tuple[list[str | None], str]] = []

    def visit(lane: Lane) -> None:
        for child in lane.children:
            visit(child)
        ids = {x.id for x in lane.walk()}
        groups.append(([b for b in bands if b in ids], lane.name))

    for lane in process.lanes:
        visit(lane)
    groups.append((list(bands), title))
    changed = True
    while changed:
        changed = False
        for members, name in groups:
            if not members:
                continue
            span = sum(heights[b] for b in members)
            need = header_length(name, span)
            if need > span:
                heights[members[-1]] += need - span
                changed = True
    return heights


@dataclass(frozen=True)
class ScopePlan:
    """The grid of one scope before it is placed: how many columns and how tall it is.

    ``heights``: each band's height in px, at least its rows x ``row``;
    a band taller than its rows holds them centred. ``column`` x ``row``: the
    pitch of the grid (:data:`sizes.COLUMN` x :data:`sizes.ROW` or more, for
    larger task boxes). ``data``: where the data object references go; a band with
    some ends in a document strip that tall (:mod:`probisnis.layout.data`).
    """

    process: Process
    grid: Grid
    bands: tuple[tuple[str | None, int], ...]
    depth: int
    heights: dict[str | None, float]
    column: float = sizes.COLUMN
    row: float = sizes.ROW
    data: DataPlan | None = None

    @property
    def columns(self) -> int:
        return max(1, self.grid.columns)

    @property
    def height(self) -> float:
        return sum(self.heights[b] for b, _ in self.bands)

    def content_width(self) -> float:
        return self.depth * sizes.LANE_HEADER + sizes.CONTENT_PAD * 2 + self.columns * self.column

    def place(
        self, x: float, y: float, width: float, *, pool_header: bool
    ) -> tuple[dict[str, Shape], dict[str, Edge], Bounds]:
        """Shapes (lanes, nodes) and edges of the scope with its top-left corner at (x, y)."""
        src = LAYOUT_SOURCE
        lanes_x = x + (sizes.POOL_HEADER if pool_header else 0.0)
        content_x = lanes_x + self.depth * sizes.LANE_HEADER + sizes.CONTENT_PAD
        shapes: dict[str, Shape] = {}
        edges: dict[str, Edge] = {}
        # bands -> first global row, (top, bottom) of each band, top of each global row
        first_row: dict[str | None, int] = {}
        spans: dict[str | None, tuple[float, float]] = {}
        row_top: list[float] = []
        strip_top: dict[str | None, float] = {}
        strips = self.data.strips if self.data is not None else {}
        top = y
        for band, _ in self.bands:
            first_row[band] = len(row_top)
            rows = self.grid.rows[band]
            strip = strips.get(band, 0.0)
            height = self.heights[band]
            spans[band] = (top, top + height)
            inset = (height - strip - rows * self.row) / 2
            strip_top[band] = top + height - strip
            row_top.extend(top + inset + k * self.row for k in range(rows))
            top += height
        # lanes
        for lane in self.process.lanes:
            self._lane_shapes(lane, 0, lanes_x, x + width, spans, shapes, src)
        # nodes
        cells: dict[str, Cell] = {}
        occupied: set[tuple[int, int]] = set()
        for node_id, column in self.grid.column.items():
            node = self.process.nodes[node_id]
            band = self.grid.band[node_id]
            row = first_row[band] + self.grid.row[node_id]
            w, h = sizes.node_size(node)
            cx = content_x + column * self.column + self.column / 2
            cy = row_top[row] + self.row / 2
            bounds = Bounds(cx - w / 2, cy - h / 2, w, h)
            cells[node_id] = Cell(bounds, column, row, node.is_gateway, node_id)
            occupied.add((column, row))
            shapes[node_id] = _node_shape(node, bounds, src)
        # boundary events on their hosts
        boundary: dict[str, Bounds] = {}
        for host_id, events in boundary_hosts(self.process).items():
            host = cells.get(host_id)
            if host is None:
                continue
            for k, event in enumerate(events):
                w, h = sizes.EVENT
                bx = host.bounds.right - w - 12 - k * (w + 8)
                by = host.bounds.bottom - h / 2
                boundary[event.id] = Bounds(bx, by, w, h)
                shapes[event.id] = _node_shape(event, boundary[event.id], src)
        # edges: routed on the grid, then spread so no two share a straight piece
        router = Router(content_x, tuple(row_top), self.column, self.row, occupied)
        routes: dict[str, tuple[Point, ...]] = {}
        ports: dict[str, tuple[Port | None, Port | None]] = {}

        def port(node_id: str) -> Port | None:
            b = boundary.get(node_id) or (cells[node_id].bounds if node_id in cells else None)
            if b is None:
                return None
            node = self.process.nodes[node_id]
            outline = "diamond" if node.is_gateway else "circle" if node.is_event else "box"
            return Port(b, outline)

        for flow in self.process.flows.values():
            target = cells.get(flow.target_ref)
            if target is None:
                continue
            if flow.source_ref in boundary:
                event = self.process.nodes[flow.source_ref]
                host = cells.get(event.attached_to or "")
                if host is None:
                    continue
                points = router.from_boundary(boundary[flow.source_ref], target, host)
            elif flow.source_ref in cells:
                source = cells[flow.source_ref]
                points = router.route(source, target, back=flow.id in self.grid.back)
            else:
                continue
            routes[flow.id] = points
            ports[flow.id] = (port(flow.source_ref), port(flow.target_ref))
        boxes = {k: c.bounds for k, c in cells.items()}
        for flow_id, points in separate(routes, ports).items():
            flow = self.process.flows[flow_id]
            ends = {flow.source_ref, flow.target_ref}
            if _through_a_shape(points, boxes, ends) and not _through_a_shape(
                routes[flow_id], boxes, ends
            ):
                points = routes[flow_id]  # spread into a shape: the router's line is better
            edges[flow_id] = Edge(
                id=f"{flow_id}_di",
                element=flow_id,
                waypoints=points,
                source=src,
                label=_flow_label(self.process.flows[flow_id].name, points),
            )
        if self.data is not None and self.data.anchor:
            bounds_of = {k: c.bounds for k, c in cells.items()}
            data, links = data_shapes(
                self.process, self.data, bounds_of, strip_top, self.grid.band, src
            )
            shapes.update(data)
            edges.update(links)
        return shapes, edges, Bounds(x, y, width, self.height)

    def _lane_shapes(
        self,
        lane: Lane,
        depth: int,
        lanes_x: float,
        right: float,
        band_spans: dict[str | None, tuple[float, float]],
        shapes: dict[str, Shape],
        src: Source,
    ) -> tuple[float, float]:
        """Add the shape of ``lane`` (and its children); returns its (top, bottom)."""
        spans: list[tuple[float, float]] = []
        if lane.id in band_spans:
            spans.append(band_spans[lane.id])
        for child in lane.children:
            spans.append(
                self._lane_shapes(child, depth + 1, lanes_x, right, band_spans, shapes, src)
            )
        y0 = min(s[0] for s in spans)
        y1 = max(s[1] for s in spans)
        x0 = lanes_x + depth * sizes.LANE_HEADER
        shapes[lane.id] = Shape(
            id=f"{lane.id}_di",
            element=lane.id,
            bounds=Bounds(x0, y0, right - x0, y1 - y0),
            source=src,
            is_horizontal=True,
        )
        return y0, y1


def _through_a_shape(
    points: tuple[Point, ...], boxes: Mapping[str, Bounds], ends: set[str]
) -> bool:
    """Does the orthogonal route pass through the inside of a shape other than its ends?"""
    for a, b in pairwise(points):
        x0, x1 = sorted((a.x, b.x))
        y0, y1 = sorted((a.y, b.y))
        for node_id, box in boxes.items():
            if node_id not in ends and (
                x0 < box.right and x1 > box.x and y0 < box.bottom and y1 > box.y
            ):
                return True
    return False


def _node_shape(node: FlowNode, bounds: Bounds, src: Source) -> Shape:
    label = None
    expanded = None
    if node.kind in ("subProcess", "transaction", "adHocSubProcess"):
        expanded = False
    if node.name and (node.is_event or node.is_gateway):
        w, h = sizes.label_size(node.name)
        cx = bounds.x + bounds.width / 2
        if node.is_gateway:  # below and to the left: flows leave by the top, right, bottom
            w, h = sizes.label_size(node.name, width=90.0)
            label = Bounds(cx - 4 - w, bounds.bottom + 4, w, h)
        else:
            label = Bounds(cx - w / 2, bounds.bottom + 4, w, h)
    return Shape(
        id=f"{node.id}_di",
        element=node.id,
        bounds=bounds,
        source=src,  # type: ignore[arg-type]
        is_expanded=expanded,
        label=label,
    )


def _flow_label(name: str, points: tuple[Point, ...]) -> Bounds | None:
    if not name:
        return None
    w, h = sizes.label_size(name, width=max(30.0, 7.0 * len(name) + 6))
    p0, p1 = points[0], points[1]
    if p0.x == p1.x:  # leaves vertically: label beside the first segment
        y = p0.y + 4 if p1.y > p0.y else p0.y - 4 - h
        return Bounds(p0.x + 5, y, w, h)
    return Bounds(p0.x + 6, p0.y + 4, w, h)  # under a horizontal first segment


def plan_scope(process: Process, title: str = "") -> ScopePlan:
    """The grid of ``process`` (or subprocess body): ranks, rows, bands.

    ``title`` is the name of the pool the process is drawn in ("" for none):
    the scope is made tall enough for it.
    """
    lane_bands, depth = _lane_bands(process)
    grid = grid_of(process, [b for b, _ in lane_bands])
    bands: list[tuple[str | None, int]] = list(lane_bands)
    if None in grid.bands:
        bands.append((None, 0))
    column, row = _pitches(process, grid)
    data = data_plan(process, grid)
    heights = _band_heights(process, grid, [b for b, _ in bands], title, row, data.strips)
    return ScopePlan(process, grid, tuple(bands), depth, heights, column, row, data)
