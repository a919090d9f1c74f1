"""dangling-ref: every reference in the file names an element that exists (and fits)."""

from __future__ import annotations

from collections.abc import Iterator

from probisnis.bpmn.model import FlowNode, SequenceFlow
from probisnis.present.notices import Term, notice
from probisnis.validate.context import CheckContext, Scope
from probisnis.validate.finding import Finding

__all__ = ["rule_dangling_ref"]

RULE = "dangling-ref"
_REF_KINDS = frozenset({"message", "signal", "error", "escalation"})


def _flow_refs(
    ctx: CheckContext, scope: Scope, flow: SequenceFlow, all_nodes: set[str]
) -> Iterator[Finding]:
    for attr, value in (("sourceRef", flow.source_ref), ("targetRef", flow.target_ref)):
        if not value:
            yield ctx.finding(flow.source, flow.id, RULE,
                              notice("dangling-ref.flow-no-end", attribute=attr))
        elif value not in scope.process.nodes:
            yield ctx.finding(flow.source, flow.id, RULE, notice(
                "dangling-ref.flow-crosses" if value in all_nodes
                else "dangling-ref.flow-names-nothing", attribute=attr, ref=value))


def _node_refs(ctx: CheckContext, scope: Scope, node: FlowNode) -> Iterator[Finding]:
    proc = scope.process
    if node.default is not None and node.default not in node.outgoing:
        if node.default in proc.flows:
            msg = notice("dangling-ref.default-elsewhere", flow=node.default,
                         kind=Term(node.kind))
        else:
            msg = notice("dangling-ref.default-missing", flow=node.default)
        yield ctx.finding(node.source, node.id, RULE, msg)
    if node.kind == "boundaryEvent":
        target = proc.nodes.get(node.attached_to or "")
        if node.attached_to is None:
            yield ctx.finding(node.source, node.id, RULE,
                              notice("dangling-ref.boundary-unattached"))
        elif target is None:
            yield ctx.finding(node.source, node.id, RULE, notice(
                "dangling-ref.boundary-target-missing", ref=node.attached_to,
                scope=scope.label))
        elif not target.is_activity:
            yield ctx.finding(node.source, node.id, RULE, notice(
                "dangling-ref.boundary-not-activity", ref=node.attached_to,
                kind=Term(target.kind)))
    if node.kind == "callActivity":
        if node.called_element is None:
            yield ctx.finding(node.source, node.id, RULE,
                              notice("dangling-ref.call-no-element"), "warning")
        elif node.called_element not in ctx.callables:
            yield ctx.finding(node.source, node.id, RULE, notice(
                "dangling-ref.call-unknown", ref=node.called_element), "warning")
    for definition in node.event_definitions:
        wanted = definition.kind
        if wanted not in _REF_KINDS or definition.ref is None:
            continue
        referenced = ctx.defs.messages.get(definition.ref)
        if referenced is None or referenced.kind != wanted:
            yield ctx.finding(node.source, node.id, RULE, notice(
                "dangling-ref.event-ref", attribute=f"{wanted}Ref", ref=definition.ref,
                thing=Term(wanted)))


def _lane_refs(ctx: CheckContext, scope: Scope) -> Iterator[Finding]:
    for lane in scope.process.iter_lanes():
        for ref in lane.flow_node_refs:
            if ref not in scope.process.nodes:
                yield ctx.finding(lane.source, lane.id, RULE, notice(
                    "dangling-ref.lane-node", ref=ref, scope=scope.label))


def _collaboration_refs(ctx: CheckContext, all_nodes: set[str]) -> Iterator[Finding]:
    defs = ctx.defs
    participants = {p.id for p in defs.participants()}
    for participant in defs.participants():
        ref = participant.process_ref
        if ref is not None and ref not in defs.processes:
            yield ctx.finding(participant.source, participant.id, RULE,
                              notice("dangling-ref.process-ref", ref=ref))
    for flow in defs.message_flows():
        for attr, value in (("sourceRef", flow.source_ref), ("targetRef", flow.target_ref)):
            if not value:
                yield ctx.finding(flow.source, flow.id, RULE,
                                  notice("dangling-ref.message-flow-no-end", attribute=attr))
            elif value not in participants and value not in all_nodes:
                yield ctx.finding(flow.source, flow.id, RULE, notice(
                    "dangling-ref.message-flow-end", attribute=attr, ref=value))
        message = defs.messages.get(flow.message_ref or "")
        if flow.message_ref is not None and (message is None or message.kind != "message"):
            yield ctx.finding(flow.source, flow.id, RULE,
                              notice("dangling-ref.message-ref", ref=flow.message_ref))


def _di_refs(ctx: CheckContext) -> Iterator[Finding]:
    known = ctx.index
    for diagram in ctx.defs.diagrams:
        if diagram.plane_element is not None and diagram.plane_element not in known:
            yield ctx.finding(diagram.source, diagram.id, RULE, notice(
                "dangling-ref.di", shape="BPMNPlane", ref=diagram.plane_element))
        for shape in diagram.shapes.values():
            if shape.element not in known:
                yield ctx.finding(shape.source, shape.id, RULE, notice(
                    "dangling-ref.di", shape="BPMNShape", ref=shape.element))
        for edge in diagram.edges.values():
            if edge.element not in known:
                yield ctx.finding(edge.source, edge.id, RULE, notice(
                    "dangling-ref.di", shape="BPMNEdge", ref=edge.element))


def rule_dangling_ref(ctx: CheckContext) -> Iterator[Finding]:
    """dangling-ref: references that name nothing, or the wrong kind of thing.

    Sequence flow sourceRef/targetRef (a node of the same process or subprocess),
    default flows (an outgoing flow of the node), boundary attachedToRef (an
    activity of the same scope), event definitions' message/signal/error/
    escalation refs, lane flowNodeRefs, participant processRef, message flow
    refs (a participant or flow node) and messageRef, DI bpmnElement (any
    element of the file). calledElement must name a process or global task of
    this file or of a file validated with it (a warning: it may live elsewhere).
    """
    all_nodes = {node.id for _, node in ctx.defs.iter_nodes()}
    for scope in ctx.scopes:
        for flow in scope.process.flows.values():
            yield from _flow_refs(ctx, scope, flow, all_nodes)
        for node in scope.process.nodes.values():
            yield from _node_refs(ctx, scope, node)
        yield from _lane_refs(ctx, scope)
    yield from _collaboration_refs(ctx, all_nodes)
    yield from _di_refs(ctx)
