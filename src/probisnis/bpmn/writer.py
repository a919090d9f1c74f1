"""The BPMN writer: an immutable :class:`Definitions` out to BPMN 2.0 XML.

``to_bytes(defs)`` gives UTF-8 XML that validates against the OMG XSD
(SpiffWorkflow ships it) and opens in bpmn.io; ``write(defs, path)`` saves it.
The output is a function of the model alone: elements in the model's order,
attributes in a fixed order, numbers in one format, so writing the same model
twice gives the same bytes and ``write -> read -> write`` is a fixed point.

Executable processes get what SpiffWorkflow needs: ``isExecutable="true"``,
condition expressions as ``tFormalExpression`` text (Python expressions
evaluated on task data), ``calledElement`` on call activities, scripts as
``<script>`` children of script tasks.

Data input/output associations are written on their node; the target of an
input association is declared as a ``property`` of the activity (bpmn.io's
``__targetRef_placeholder``), since the model keeps no activity ioSpecification.
What the model does not hold is not written (extension elements, text
annotations, associations). Vendor attributes the reader
kept as ``{namespace}name`` in ``attrs`` are written back in their namespace,
with the usual prefix for the known ones (:data:`VENDOR_PREFIXES`: ``camunda``...)
declared on the root.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from lxml import etree

from probisnis.bpmn.model import (
    Bounds,
    Collaboration,
    DataAssociation,
    DataElement,
    Definitions,
    Diagram,
    Edge,
    EventDefinition,
    FlowNode,
    Lane,
    LoopCharacteristics,
    Message,
    Process,
    SequenceFlow,
    Shape,
)
from probisnis.bpmn.xml import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS
from probisnis.errors import UsageError
from probisnis.outputs import write_bytes_atomic

__all__ = ["VENDOR_PREFIXES", "XSI_NS", "format_number", "to_bytes", "to_tree", "write"]

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

_NSMAP = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "xsi": XSI_NS}
#: prefixes of vendor namespaces, declared on the root only when an attribute uses one
#: (otherwise lxml would invent ``ns0``)
VENDOR_PREFIXES = {
    "camunda": "http://camunda.org/schema/1.0/bpmn",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "zeebe": "http://camunda.org/schema/zeebe/1.0",
    "bioc": "http://bpmn.io/schema/bpmn/biocolor/1.0",
    "color": "http://www.omg.org/spec/BPMN/non-normative/color/1.0",
}
_B = "{" + BPMN_NS + "}"
_DI = "{" + BPMNDI_NS + "}"
_XSI_TYPE = "{" + XSI_NS + "}type"

# FlowNode.attrs keys written as child elements rather than attributes
_CHILD_ATTRS = frozenset({"script"})
# attribute order of the BPMN attributes we know; the rest follow sorted by name
_ATTR_ORDER = (
    "isForCompensation",
    "startQuantity",
    "completionQuantity",
    "instantiate",
    "eventGatewayType",
    "parallelMultiple",
    "implementation",
    "scriptFormat",
    "processType",
    "isClosed",
)
_TIMER_PARTS = ("timeDate", "timeDuration", "timeCycle")
_EVENT_REF_ATTR = {
    "message": "messageRef",
    "signal": "signalRef",
    "error": "errorRef",
    "escalation": "escalationRef",
    "compensate": "activityRef",
}


def format_number(value: float) -> str:
    """DI coordinates as text: integers without a decimal point, else at most 2 decimals."""
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def _sub(
    parent: etree._Element, tag: str, attrs: Iterable[tuple[str, str | None]] = ()
) -> etree._Element:
    el = etree.SubElement(parent, tag)
    for key, value in attrs:
        if value:
            el.set(key, value)
    return el


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _extra_attrs(el: etree._Element, attrs: Mapping[str, str]) -> None:
    """Unmodelled attributes: known BPMN ones in a fixed order, the rest sorted."""
    keys = [k for k in _ATTR_ORDER if k in attrs]
    keys += sorted(k for k in attrs if k not in _ATTR_ORDER and k not in _CHILD_ATTRS)
    for key in keys:
        if el.get(key) is None:
            el.set(key, str(attrs[key]))


def _documentation(el: etree._Element, text: str) -> None:
    if text:
        _sub(el, _B + "documentation").text = text


def _expression(parent: etree._Element, tag: str, text: str) -> None:
    expr = _sub(parent, _B + tag)
    expr.set(_XSI_TYPE, "bpmn:tFormalExpression")
    expr.text = text


def _event_definition(parent: etree._Element, definition: EventDefinition) -> None:
    el = _sub(parent, f"{_B}{definition.kind}EventDefinition", [("id", definition.id)])
    attrs = dict(definition.attrs)
    ref_attr = _EVENT_REF_ATTR.get(definition.kind)
    if ref_attr is not None and definition.ref:
        el.set(ref_attr, definition.ref)
    children: list[tuple[str, str]] = []
    if definition.kind == "timer":
        children = [(p, attrs.pop(p)) for p in _TIMER_PARTS if p in attrs]
    elif definition.kind == "conditional" and "condition" in attrs:
        children = [("condition", attrs.pop("condition"))]
    elif definition.kind == "link":
        children = [(p, attrs.pop(p)) for p in ("source", "target") if p in attrs]
    _extra_attrs(el, attrs)
    for tag, text in children:
        if definition.kind == "link":
            _sub(el, _B + tag).text = text
        else:
            _expression(el, tag, text)


def _loop(parent: etree._Element, loop: LoopCharacteristics) -> None:
    if loop.kind == "standard":
        el = _sub(parent, _B + "standardLoopCharacteristics")
        if loop.test_before:
            el.set("testBefore", "true")
        if loop.loop_maximum is not None:
            el.set("loopMaximum", str(loop.loop_maximum))
        if loop.loop_condition:
            _expression(el, "loopCondition", loop.loop_condition)
        return
    el = _sub(parent, _B + "multiInstanceLoopCharacteristics")
    if loop.is_sequential:
        el.set("isSequential", "true")
    if loop.cardinality:
        _expression(el, "loopCardinality", loop.cardinality)
    if loop.completion_condition:
        _expression(el, "completionCondition", loop.completion_condition)


def _node(parent: etree._Element, node: FlowNode) -> None:
    el = _sub(parent, _B + node.kind, [("id", node.id), ("name", node.name or None)])
    if node.is_gateway and node.direction:
        el.set("gatewayDirection", node.direction)
    if node.kind == "callActivity" and node.called_element:
        el.set("calledElement", node.called_element)
    if node.kind == "boundaryEvent":
        if node.attached_to:
            el.set("attachedToRef", node.attached_to)
        if not node.cancel_activity:
            el.set("cancelActivity", "false")
    if node.triggered_by_event:
        el.set("triggeredByEvent", "true")
    if node.default:
        el.set("default", node.default)
    _extra_attrs(el, node.attrs)
    _documentation(el, node.documentation)
    for flow_id in node.incoming:
        _sub(el, _B + "incoming").text = flow_id
    for flow_id in node.outgoing:
        _sub(el, _B + "outgoing").text = flow_id
    if node.data_associations:
        _data_associations(el, node)
    if node.is_activity and node.loop is not None:
        _loop(el, node.loop)
    if node.kind == "scriptTask" and "script" in node.attrs:
        _sub(el, _B + "script").text = node.attrs["script"]
    if node.is_event:
        for definition in node.event_definitions:
            _event_definition(el, definition)
    if node.subprocess is not None:
        _scope_body(el, node.subprocess)


def _data_associations(el: etree._Element, node: FlowNode) -> None:
    """Properties (targets of input associations), then input, then output associations."""
    inputs = [a for a in node.data_associations if a.kind == "dataInputAssociation"]
    outputs = [a for a in node.data_associations if a.kind == "dataOutputAssociation"]
    if node.is_activity:
        declared: set[str] = {node.id}  # some tools target the activity itself
        for assoc in inputs:
            if assoc.target_ref and assoc.target_ref not in declared:
                declared.add(assoc.target_ref)
                _sub(
                    el,
                    _B + "property",
                    [("id", assoc.target_ref), ("name", "__targetRef_placeholder")],
                )
    for assoc in [*inputs, *outputs]:
        _data_association(el, assoc)


def _data_association(parent: etree._Element, assoc: DataAssociation) -> None:
    el = _sub(parent, _B + assoc.kind, [("id", assoc.id)])
    if assoc.source_ref:
        _sub(el, _B + "sourceRef").text = assoc.source_ref
    if assoc.target_ref:
        _sub(el, _B + "targetRef").text = assoc.target_ref


def _flow(parent: etree._Element, flow: SequenceFlow) -> None:
    el = _sub(
        parent,
        _B + "sequenceFlow",
        [
            ("id", flow.id),
            ("name", flow.name or None),
            ("sourceRef", flow.source_ref),
            ("targetRef", flow.target_ref),
        ],
    )
    _documentation(el, flow.documentation)
    if flow.condition is not None:
        _expression(el, "conditionExpression", flow.condition)


def _lane(parent: etree._Element, lane: Lane) -> None:
    el = _sub(parent, _B + "lane", [("id", lane.id), ("name", lane.name or None)])
    _documentation(el, lane.documentation)
    for node_id in lane.flow_node_refs:
        _sub(el, _B + "flowNodeRef").text = node_id
    if lane.children:
        child_set = _sub(el, _B + "childLaneSet", [("id", f"{lane.id}_lanes")])
        for child in lane.children:
            _lane(child_set, child)


def _data(parent: etree._Element, data: DataElement) -> None:
    attrs: list[tuple[str, str | None]] = [("id", data.id), ("name", data.name or None)]
    if data.kind == "dataObjectReference":
        attrs.append(("dataObjectRef", data.ref))
    elif data.kind == "dataStoreReference":
        attrs.append(("dataStoreRef", data.ref))
    el = _sub(parent, _B + data.kind, attrs)
    _documentation(el, data.documentation)


def _io_specification(parent: etree._Element, owner_id: str, io: list[DataElement]) -> None:
    spec = _sub(parent, _B + "ioSpecification", [("id", f"{owner_id}_io")])
    for data in io:
        el = _sub(spec, _B + data.kind, [("id", data.id), ("name", data.name or None)])
        _documentation(el, data.documentation)
    inputs = _sub(spec, _B + "inputSet", [("id", f"{owner_id}_inputs")])
    for data in io:
        if data.kind == "dataInput":
            _sub(inputs, _B + "dataInputRefs").text = data.id
    outputs = _sub(spec, _B + "outputSet", [("id", f"{owner_id}_outputs")])
    for data in io:
        if data.kind == "dataOutput":
            _sub(outputs, _B + "dataOutputRefs").text = data.id


def _scope_body(el: etree._Element, scope: Process) -> None:
    """laneSet, flow nodes, data elements and sequence flows of a process or subprocess."""
    if scope.lanes:
        lane_set = _sub(el, _B + "laneSet", [("id", f"{scope.id}_lanes")])
        for lane in scope.lanes:
            _lane(lane_set, lane)
    for node in scope.nodes.values():
        _node(el, node)
    for data in scope.data:
        if data.kind not in ("dataInput", "dataOutput"):
            _data(el, data)
    for flow in scope.flows.values():
        _flow(el, flow)


def _process(parent: etree._Element, process: Process) -> None:
    el = _sub(
        parent,
        _B + "process",
        [
            ("id", process.id),
            ("name", process.name or None),
            ("isExecutable", _bool(process.is_executable)),
        ],
    )
    _extra_attrs(el, process.attrs)
    _documentation(el, process.documentation)
    io = [d for d in process.data if d.kind in ("dataInput", "dataOutput")]
    if io:
        _io_specification(el, process.id, io)
    _scope_body(el, process)


def _collaboration(parent: etree._Element, collab: Collaboration) -> None:
    el = _sub(parent, _B + "collaboration", [("id", collab.id), ("name", collab.name or None)])
    _documentation(el, collab.documentation)
    for part in collab.participants:
        p = _sub(
            el,
            _B + "participant",
            [("id", part.id), ("name", part.name or None), ("processRef", part.process_ref)],
        )
        _documentation(p, part.documentation)
    for flow in collab.message_flows:
        m = _sub(
            el,
            _B + "messageFlow",
            [
                ("id", flow.id),
                ("name", flow.name or None),
                ("sourceRef", flow.source_ref),
                ("targetRef", flow.target_ref),
                ("messageRef", flow.message_ref),
            ],
        )
        _documentation(m, flow.documentation)


def _message(parent: etree._Element, message: Message) -> None:
    _sub(parent, _B + message.kind, [("id", message.id), ("name", message.name or None)])


def _bounds(parent: etree._Element, bounds: Bounds) -> None:
    _sub(
        parent,
        "{" + DC_NS + "}Bounds",
        [
            ("x", format_number(bounds.x)),
            ("y", format_number(bounds.y)),
            ("width", format_number(bounds.width)),
            ("height", format_number(bounds.height)),
        ],
    )


def _label(parent: etree._Element, label: Bounds | None) -> None:
    if label is not None:
        _bounds(_sub(parent, _DI + "BPMNLabel"), label)


def _shape(parent: etree._Element, shape: Shape) -> None:
    attrs: list[tuple[str, str | None]] = [
        ("id", shape.id or f"{shape.element}_di"),
        ("bpmnElement", shape.element),
    ]
    if shape.is_horizontal is not None:
        attrs.append(("isHorizontal", _bool(shape.is_horizontal)))
    if shape.is_expanded is not None:
        attrs.append(("isExpanded", _bool(shape.is_expanded)))
    el = _sub(parent, _DI + "BPMNShape", attrs)
    _bounds(el, shape.bounds)
    _label(el, shape.label)


def _edge(parent: etree._Element, edge: Edge) -> None:
    el = _sub(
        parent,
        _DI + "BPMNEdge",
        [("id", edge.id or f"{edge.element}_di"), ("bpmnElement", edge.element)],
    )
    for point in edge.waypoints:
        _sub(
            el,
            "{" + DI_NS + "}waypoint",
            [("x", format_number(point.x)), ("y", format_number(point.y))],
        )
    _label(el, edge.label)


def _diagram(parent: etree._Element, diagram: Diagram) -> None:
    el = _sub(parent, _DI + "BPMNDiagram", [("id", diagram.id), ("name", diagram.name or None)])
    plane_id = f"{diagram.id}_plane" if diagram.id else None
    plane = _sub(el, _DI + "BPMNPlane", [("id", plane_id), ("bpmnElement", diagram.plane_element)])
    for shape in diagram.shapes.values():
        _shape(plane, shape)
    for edge in diagram.edges.values():
        _edge(plane, edge)


def to_tree(defs: Definitions) -> etree._ElementTree:
    """The BPMN XML of ``defs`` as an lxml tree (for callers that post-process it)."""
    root = etree.Element(_B + "definitions", nsmap=_NSMAP)
    root.set("id", defs.id or "Definitions")
    root.set("targetNamespace", defs.target_namespace or "http://bpmn.io/schema/bpmn")
    root.set("exporter", defs.exporter or "probisnis")
    if defs.exporter_version:
        root.set("exporterVersion", defs.exporter_version)
    for message in defs.messages.values():
        _message(root, message)
    for collab in defs.collaborations:
        _collaboration(root, collab)
    for process in defs.processes.values():
        _process(root, process)
    for diagram in defs.diagrams:
        _diagram(root, diagram)
    # vendor attributes (camunda:decisionRef...) under their usual prefix, declared once
    etree.cleanup_namespaces(root, top_nsmap=VENDOR_PREFIXES, keep_ns_prefixes=list(_NSMAP))
    return etree.ElementTree(root)


def to_bytes(defs: Definitions) -> bytes:
    """UTF-8 BPMN 2.0 XML of ``defs``, indented, with an XML declaration and final newline."""
    tree = to_tree(defs)
    etree.indent(tree, space="  ")
    body: bytes = etree.tostring(tree, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def write(defs: Definitions, path: str | os.PathLike[str]) -> Path:
    """Write ``defs`` as BPMN XML to ``path`` (parent folders must exist); returns the path."""
    target = Path(path)
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {target}: folder {target.parent} does not exist")
    data = to_bytes(defs)
    if target.exists() and target.read_bytes() == data:
        return target
    write_bytes_atomic(target, data)
    return target
