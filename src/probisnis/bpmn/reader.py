"""The hardened BPMN reader: a file in, an immutable :class:`Definitions` out.

``read(path)`` parses with :mod:`probisnis.bpmn.xml` (no entities, no network,
no DOCTYPE, size cap), optionally validates against the OMG XSD
(:mod:`probisnis.bpmn.schema`) and builds the model of :mod:`probisnis.bpmn.model`.

Flow elements are read through :data:`NODE_READERS`, a registry keyed by the
BPMN tag's local name: a new element kind is one entry. The reader refuses
(:class:`~probisnis.errors.BpmnError`, ``path:line: [id] message``) only what
cannot make a model: not XML, not a BPMN ``definitions`` root, an element the
model needs without an id, a duplicate id, an unparsable attribute value.
Everything a model can hold but a checker should flag (dangling references, a
process without a start event, ...) loads, and :mod:`probisnis.validate` reports it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Literal

from lxml import etree

from probisnis.bpmn import schema as _schema
from probisnis.bpmn.model import (
    TASK_KINDS,
    Collaboration,
    DataAssociation,
    DataElement,
    Definitions,
    FlowNode,
    Lane,
    Message,
    MessageFlow,
    Participant,
    Process,
    SequenceFlow,
    frozen_map,
)
from probisnis.bpmn.reader_di import read_diagram
from probisnis.bpmn.reader_parts import (
    Context,
    attrs_of,
    bpmn_children,
    child_text,
    documentation_of,
    parse_bool,
    read_event_definitions,
    read_loop,
    ref,
    text_of,
)
from probisnis.bpmn.xml import BPMN_NS, BPMNDI_NS, local_name, parse_bytes, read_limited
from probisnis.errors import BpmnError, UsageError
from probisnis.present.notices import notice

__all__ = ["NODE_READERS", "SchemaMode", "element_index", "read", "read_bytes", "read_tree"]

SchemaMode = Literal["strict", "warn", "off"]
_SCHEMA_MODES = ("strict", "warn", "off")

NodeFields = dict[str, Any]
NodeReader = Callable[[Context, etree._Element], NodeFields]

# attributes the model holds in named fields; the rest go to FlowNode.attrs
_NODE_SKIP = frozenset(
    {
        "id",
        "name",
        "default",
        "gatewayDirection",
        "attachedToRef",
        "cancelActivity",
        "calledElement",
        "triggeredByEvent",
    }
)


_DATA_ASSOCIATIONS = frozenset({"dataInputAssociation", "dataOutputAssociation"})


def _data_associations(ctx: Context, el: etree._Element) -> tuple[DataAssociation, ...]:
    """The node's data input/output associations (the first sourceRef of each is kept)."""
    out = []
    for ln, child in bpmn_children(el):
        if ln not in _DATA_ASSOCIATIONS:
            continue
        refs: dict[str, str | None] = {"sourceRef": None, "targetRef": None}
        for part_ln, part in bpmn_children(child):
            if part_ln in refs and refs[part_ln] is None:
                refs[part_ln] = ref(part, text_of(part))
        out.append(
            DataAssociation(
                id=ctx.claim(child, "dataAssociation") if child.get("id") else "",
                kind=ln,
                source=ctx.source(child),
                source_ref=refs["sourceRef"],
                target_ref=refs["targetRef"],
            )
        )
    return tuple(out)


def _base(ctx: Context, el: etree._Element) -> NodeFields:
    ident = ctx.claim(el, "flowNode")
    return {
        "id": ident,
        "kind": local_name(el),
        "source": ctx.source(el),
        "name": el.get("name") or "",
        "documentation": documentation_of(el),
        "attrs": attrs_of(el, _NODE_SKIP),
        "data_associations": _data_associations(ctx, el),
    }


def _activity(ctx: Context, el: etree._Element) -> NodeFields:
    fields = _base(ctx, el)
    fields["default"] = ref(el, el.get("default"))
    fields["loop"] = read_loop(ctx, el)
    if fields["kind"] == "scriptTask":
        script = child_text(el, "script")
        if script is not None:
            fields["attrs"]["script"] = script
    if fields["kind"] == "businessRuleTask":
        # spiff-arena's spelling of the decision reference: an extension element
        for extension in el:
            if isinstance(extension.tag, str) and extension.tag.endswith("extensionElements"):
                for item in extension:
                    if isinstance(item.tag, str) and item.tag.endswith("}calledDecisionId") \
                            and (item.text or "").strip():
                        fields["attrs"]["calledDecisionId"] = (item.text or "").strip()
    return fields


def _call_activity(ctx: Context, el: etree._Element) -> NodeFields:
    fields = _activity(ctx, el)
    fields["called_element"] = ref(el, el.get("calledElement"))
    return fields


def _subprocess(ctx: Context, el: etree._Element) -> NodeFields:
    fields = _activity(ctx, el)
    fields["triggered_by_event"] = parse_bool(ctx, el, "triggeredByEvent", False)
    if fields["kind"] == "adHocSubProcess":
        condition = child_text(el, "completionCondition")
        if condition:
            fields["attrs"]["completionCondition"] = condition
    fields["subprocess"] = _read_scope(ctx, el, fields["id"], is_body=True)
    return fields


def _gateway(ctx: Context, el: etree._Element) -> NodeFields:
    fields = _base(ctx, el)
    fields["direction"] = el.get("gatewayDirection")
    fields["default"] = ref(el, el.get("default"))
    return fields


def _event(ctx: Context, el: etree._Element) -> NodeFields:
    fields = _base(ctx, el)
    fields["event_definitions"] = read_event_definitions(ctx, el)
    return fields


def _boundary_event(ctx: Context, el: etree._Element) -> NodeFields:
    fields = _event(ctx, el)
    fields["attached_to"] = ref(el, el.get("attachedToRef"))
    fields["cancel_activity"] = parse_bool(ctx, el, "cancelActivity", True)
    return fields


#: BPMN tag local name -> reader of that flow node kind
NODE_READERS: dict[str, NodeReader] = {
    **{kind: _activity for kind in TASK_KINDS},
    "callActivity": _call_activity,
    "subProcess": _subprocess,
    "transaction": _subprocess,
    "adHocSubProcess": _subprocess,
    "exclusiveGateway": _gateway,
    "parallelGateway": _gateway,
    "inclusiveGateway": _gateway,
    "eventBasedGateway": _gateway,
    "complexGateway": _gateway,
    "startEvent": _event,
    "endEvent": _event,
    "intermediateCatchEvent": _event,
    "intermediateThrowEvent": _event,
    "boundaryEvent": _boundary_event,
}

_DATA_KINDS = frozenset({"dataObject", "dataObjectReference", "dataStoreReference"})


def _data_element(ctx: Context, el: etree._Element) -> DataElement:
    return DataElement(
        id=ctx.claim(el, "dataElement"),
        kind=local_name(el),
        source=ctx.source(el),
        name=el.get("name") or "",
        ref=ref(el, el.get("dataObjectRef") or el.get("dataStoreRef")),
        documentation=documentation_of(el),
    )


def _io_data(ctx: Context, el: etree._Element) -> list[DataElement]:
    """The dataInput/dataOutput elements of a process's ioSpecification."""
    out = []
    for ln, child in bpmn_children(el):
        if ln in ("dataInput", "dataOutput"):
            out.append(
                DataElement(
                    id=child.get("id") or "",
                    kind=ln,
                    source=ctx.source(child),
                    name=child.get("name") or "",
                    documentation=documentation_of(child),
                )
            )
    return out


def _sequence_flow(ctx: Context, el: etree._Element) -> SequenceFlow:
    condition = None
    for ln, child in bpmn_children(el):
        if ln == "conditionExpression":
            condition = text_of(child)
    return SequenceFlow(
        id=ctx.claim(el, "sequenceFlow"),
        source_ref=ref(el, el.get("sourceRef")) or "",
        target_ref=ref(el, el.get("targetRef")) or "",
        source=ctx.source(el),
        name=el.get("name") or "",
        condition=condition,
        documentation=documentation_of(el),
    )


def _lane(ctx: Context, el: etree._Element) -> Lane:
    refs: list[str] = []
    children: list[Lane] = []
    for ln, child in bpmn_children(el):
        if ln == "flowNodeRef":
            node_id = ref(child, text_of(child))
            if node_id:
                refs.append(node_id)
        elif ln == "childLaneSet":
            children.extend(_lane(ctx, sub) for sln, sub in bpmn_children(child) if sln == "lane")
    return Lane(
        id=ctx.claim(el, "lane"),
        source=ctx.source(el),
        name=el.get("name") or "",
        flow_node_refs=tuple(refs),
        children=tuple(children),
        documentation=documentation_of(el),
    )


def _innermost_lanes(lanes: list[Lane]) -> dict[str, str]:
    """node id -> id of the deepest lane listing it (the first such lane on a tie)."""
    best: dict[str, tuple[int, str]] = {}

    def visit(lane: Lane, depth: int) -> None:
        for node_id in lane.flow_node_refs:
            if node_id not in best or depth > best[node_id][0]:
                best[node_id] = (depth, lane.id)
        for child in lane.children:
            visit(child, depth + 1)

    for lane in lanes:
        visit(lane, 0)
    return {node_id: lane_id for node_id, (_, lane_id) in best.items()}


def _read_scope(ctx: Context, el: etree._Element, ident: str, *, is_body: bool) -> Process:
    """A process or an embedded subprocess body (its flow elements, lanes and data)."""
    fields: dict[str, NodeFields] = {}
    flows: dict[str, SequenceFlow] = {}
    lanes: list[Lane] = []
    data: list[DataElement] = []
    for ln, child in bpmn_children(el):
        reader = NODE_READERS.get(ln)
        if reader is not None:
            node = reader(ctx, child)
            fields[node["id"]] = node
        elif ln == "sequenceFlow":
            flow = _sequence_flow(ctx, child)
            flows[flow.id] = flow
        elif ln in _DATA_KINDS:
            data.append(_data_element(ctx, child))
        elif ln == "laneSet":
            lanes.extend(_lane(ctx, lane) for sln, lane in bpmn_children(child) if sln == "lane")
        elif ln == "ioSpecification" and not is_body:
            data.extend(_io_data(ctx, child))
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow in flows.values():
        if flow.source_ref in fields:
            outgoing.setdefault(flow.source_ref, []).append(flow.id)
        if flow.target_ref in fields:
            incoming.setdefault(flow.target_ref, []).append(flow.id)
    lane_of = _innermost_lanes(lanes)
    for node_id, node in fields.items():  # a boundary event not listed sits in its host's lane
        host = node.get("attached_to")
        if node_id not in lane_of and host in lane_of:
            lane_of[node_id] = lane_of[host]
    nodes = {}
    for node_id, node in fields.items():
        node["attrs"] = frozen_map(node["attrs"])
        nodes[node_id] = FlowNode(
            **node,
            lane=lane_of.get(node_id),
            incoming=tuple(incoming.get(node_id, ())),
            outgoing=tuple(outgoing.get(node_id, ())),
        )
    skip = frozenset({"id", "name", "isExecutable", "triggeredByEvent"})
    return Process(
        id=ident,
        source=ctx.source(el),
        name=el.get("name") or "",
        is_executable=False if is_body else parse_bool(ctx, el, "isExecutable", False),
        nodes=frozen_map(nodes),
        flows=frozen_map(flows),
        lanes=tuple(lanes),
        data=tuple(data),
        documentation=documentation_of(el),
        is_subprocess_body=is_body,
        attrs=frozen_map({} if is_body else attrs_of(el, skip)),
    )


def _collaboration(ctx: Context, el: etree._Element) -> Collaboration:
    participants = []
    message_flows = []
    for ln, child in bpmn_children(el):
        if ln == "participant":
            participants.append(
                Participant(
                    id=ctx.claim(child, "participant"),
                    source=ctx.source(child),
                    name=child.get("name") or "",
                    process_ref=ref(child, child.get("processRef")),
                    documentation=documentation_of(child),
                )
            )
        elif ln == "messageFlow":
            message_flows.append(
                MessageFlow(
                    id=ctx.claim(child, "messageFlow"),
                    source_ref=ref(child, child.get("sourceRef")) or "",
                    target_ref=ref(child, child.get("targetRef")) or "",
                    source=ctx.source(child),
                    name=child.get("name") or "",
                    message_ref=ref(child, child.get("messageRef")),
                    documentation=documentation_of(child),
                )
            )
    return Collaboration(
        id=ctx.claim(el, "collaboration"),
        source=ctx.source(el),
        name=el.get("name") or "",
        participants=tuple(participants),
        message_flows=tuple(message_flows),
        documentation=documentation_of(el),
    )


_MESSAGE_KINDS = frozenset({"message", "signal", "error", "escalation"})


def _check_root(tree: etree._ElementTree, path: str) -> etree._Element:
    root = tree.getroot()
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag != "{" + BPMN_NS + "}definitions":
        namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
        message = (notice("parse.not-bpmn", root=local_name(root), namespace=namespace,
                          expected=BPMN_NS) if namespace else
                   notice("parse.not-bpmn-no-namespace", root=local_name(root),
                          expected=BPMN_NS))
        raise BpmnError(message, path=path, line=root.sourceline, element_id=root.get("id"))
    return root


def read_tree(tree: etree._ElementTree, path: str) -> Definitions:
    """Build the model from an already parsed (hardened) tree; no schema check."""
    root = _check_root(tree, path)
    ctx = Context(path)
    for _, child in bpmn_children(root):
        if local_name(child).endswith("EventDefinition") and child.get("id"):
            ctx.event_definitions[child.get("id") or ""] = child
    processes: dict[str, Process] = {}
    collaborations: list[Collaboration] = []
    messages: dict[str, Message] = {}
    for ln, child in bpmn_children(root):
        if ln == "process":
            ident = ctx.claim(child, "process")
            processes[ident] = _read_scope(ctx, child, ident, is_body=False)
        elif ln == "collaboration":
            collaborations.append(_collaboration(ctx, child))
        elif ln in _MESSAGE_KINDS:
            ident = ctx.claim(child, ln)
            messages[ident] = Message(ident, ctx.source(child), child.get("name") or "", ln)
    diagrams = tuple(
        read_diagram(ctx, child) for child in root.iterchildren("{" + BPMNDI_NS + "}BPMNDiagram")
    )
    return Definitions(
        id=root.get("id") or "",
        path=path,
        source=ctx.source(root),
        target_namespace=root.get("targetNamespace") or "",
        exporter=root.get("exporter") or "",
        exporter_version=root.get("exporterVersion") or "",
        processes=frozen_map(processes),
        collaborations=tuple(collaborations),
        messages=frozen_map(messages),
        diagrams=diagrams,
    )


def _check_schema_mode(schema: str) -> None:
    if schema not in _SCHEMA_MODES:
        raise UsageError(f"schema must be one of {', '.join(_SCHEMA_MODES)}, not {schema!r}")


def _schema_step(tree: etree._ElementTree, path: str, schema: str) -> list[_schema.SchemaIssue]:
    if schema == "off":
        return []
    issues = _schema.check_tree(tree, path)
    if schema == "strict" and issues:
        first = issues[0]
        raise BpmnError(notice("parse.schema-strict", issue=first.message), path=path,
                        line=first.line, element_id=first.element_id)
    return issues


def read_bytes(data: bytes, path: str = "<bytes>", *, schema: str = "warn") -> Definitions:
    """Read a BPMN document held in memory; ``path`` is only used in messages and ``Source``."""
    _check_schema_mode(schema)
    tree = parse_bytes(data, path)
    _check_root(tree, path)
    _schema_step(tree, path, schema)
    return read_tree(tree, path)


def read(path: str | os.PathLike[str], *, schema: str = "warn") -> Definitions:
    """Read the BPMN file at ``path`` into the immutable model.

    ``schema``: ``"strict"`` refuses the file at the first XSD violation,
    ``"warn"`` (default) loads it and keeps the violations for
    :func:`probisnis.bpmn.schema.schema_errors`, ``"off"`` skips the XSD.
    Raises :class:`BpmnError` (``path:line: [id] message``) when the file
    cannot make a model.
    """
    _check_schema_mode(schema)
    label = os.fspath(path)
    data = read_limited(path)
    tree = parse_bytes(data, label)
    _check_root(tree, label)
    issues = _schema_step(tree, label, schema)
    if schema == "warn":
        _schema.remember(path, issues)
    return read_tree(tree, label)


def element_index(path: str | os.PathLike[str]) -> dict[str, str]:
    """id -> tag local name of every BPMN-namespace element of the file, at any depth.

    The model keeps only what execution and simulation need; this index lets a
    checker resolve references to the rest (text annotations, associations,
    groups, global tasks...), e.g. a DI shape's ``bpmnElement``.
    """
    label = os.fspath(path)
    tree = parse_bytes(read_limited(path), label)
    prefix = "{" + BPMN_NS + "}"
    index: dict[str, str] = {}
    for el in tree.getroot().iter():
        tag = el.tag
        if isinstance(tag, str) and tag.startswith(prefix):
            ident = el.get("id")
            if ident:
                index.setdefault(ident, tag[len(prefix) :])
    return index
