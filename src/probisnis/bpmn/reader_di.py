"""Reading BPMN DI: ``BPMNDiagram``/``BPMNPlane`` with their shapes and edges."""

from __future__ import annotations

from lxml import etree

from probisnis.bpmn.model import Bounds, Diagram, Edge, Point, Shape, frozen_map
from probisnis.bpmn.reader_parts import Context, parse_bool, ref
from probisnis.bpmn.xml import BPMNDI_NS, DC_NS, DI_NS
from probisnis.present.notices import notice

__all__ = ["read_diagram"]

_DI = "{" + BPMNDI_NS + "}"
_BOUNDS = "{" + DC_NS + "}Bounds"
_WAYPOINT = "{" + DI_NS + "}waypoint"


def _number(ctx: Context, el: etree._Element, name: str, owner: str | None) -> float:
    value = el.get(name)
    if value is None:
        raise ctx.error(el, notice("parse.di-missing", name=name), element_id=owner)
    try:
        number = float(value)
    except ValueError:
        raise ctx.error(el, notice("parse.di-not-number", name=name, value=value),
                        element_id=owner) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ctx.error(el, notice("parse.di-not-finite", name=name, value=value),
                        element_id=owner)
    return number


def _bounds(ctx: Context, el: etree._Element, owner: str | None) -> Bounds:
    return Bounds(
        x=_number(ctx, el, "x", owner),
        y=_number(ctx, el, "y", owner),
        width=_number(ctx, el, "width", owner),
        height=_number(ctx, el, "height", owner),
    )


def _label(ctx: Context, el: etree._Element, owner: str | None) -> Bounds | None:
    label = el.find(_DI + "BPMNLabel")
    if label is None:
        return None
    bounds = label.find(_BOUNDS)
    return _bounds(ctx, bounds, owner) if bounds is not None else None


def _optional_bool(ctx: Context, el: etree._Element, name: str) -> bool | None:
    if el.get(name) is None:
        return None
    return parse_bool(ctx, el, name, False)


def _shape(ctx: Context, el: etree._Element) -> Shape | None:
    element = ref(el, el.get("bpmnElement"))
    owner = el.get("id") or element
    bounds = el.find(_BOUNDS)
    if element is None or bounds is None:
        return None  # draws nothing or has no place: the schema check reports it
    return Shape(
        id=el.get("id") or "",
        element=element,
        bounds=_bounds(ctx, bounds, owner),
        source=ctx.source(el),
        is_horizontal=_optional_bool(ctx, el, "isHorizontal"),
        is_expanded=_optional_bool(ctx, el, "isExpanded"),
        label=_label(ctx, el, owner),
    )


def _edge(ctx: Context, el: etree._Element) -> Edge | None:
    element = ref(el, el.get("bpmnElement"))
    if element is None:
        return None
    owner = el.get("id") or element
    points = tuple(
        Point(_number(ctx, wp, "x", owner), _number(ctx, wp, "y", owner))
        for wp in el.iterchildren(_WAYPOINT)
    )
    return Edge(
        id=el.get("id") or "",
        element=element,
        waypoints=points,
        source=ctx.source(el),
        label=_label(ctx, el, owner),
    )


def read_diagram(ctx: Context, el: etree._Element) -> Diagram:
    """One ``BPMNDiagram``; a second shape or edge drawing the same element is ignored."""
    plane = el.find(_DI + "BPMNPlane")
    shapes: dict[str, Shape] = {}
    edges: dict[str, Edge] = {}
    if plane is not None:
        for child in plane:
            if child.tag == _DI + "BPMNShape":
                shape = _shape(ctx, child)
                if shape is not None:
                    shapes.setdefault(shape.element, shape)
            elif child.tag == _DI + "BPMNEdge":
                edge = _edge(ctx, child)
                if edge is not None:
                    edges.setdefault(edge.element, edge)
    return Diagram(
        id=el.get("id") or "",
        source=ctx.source(el),
        name=el.get("name") or "",
        plane_element=ref(plane, plane.get("bpmnElement")) if plane is not None else None,
        shapes=frozen_map(shapes),
        edges=frozen_map(edges),
    )
