"""What the runner needs to know about each BPMN element, from the shared model.

SpiffWorkflow knows task specs by (possibly renamed) id only; the trace wants the
original id, the name, the BPMN kind, the lane name, the process and, for error
messages, the file and line. :func:`index_document` flattens the model
(:mod:`probisnis.bpmn.reader`, read from the file as written, before any
in-memory rewrite) into that view, keyed the way SpiffWorkflow names things.

A *container* is anything SpiffWorkflow turns into its own workflow spec: a
top-level ``process`` or an embedded ``subProcess``/``transaction``/
``adHocSubProcess``. Its key is the id SpiffWorkflow gives the spec (the
renamed id when the original collided with a built-in name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from probisnis.bpmn.model import (
    ACTIVITY_KINDS,
    EVENT_KINDS,
    GATEWAY_KINDS,
    Definitions,
    FlowNode,
    Process,
)
from probisnis.bpmn.xml import BPMN_NS

__all__ = [
    "CONTAINER_KINDS",
    "FLOW_NODE_KINDS",
    "ContainerInfo",
    "FlowInfo",
    "NodeInfo",
    "index_document",
]

FLOW_NODE_KINDS = ACTIVITY_KINDS | GATEWAY_KINDS | EVENT_KINDS
CONTAINER_KINDS = frozenset({"subProcess", "transaction", "adHocSubProcess"})


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """One flow node as the trace reports it (all ids are the original ones)."""

    id: str
    name: str
    kind: str
    lane: str | None
    process_id: str
    container: str
    path: str
    line: int | None
    #: kinds of an event's definitions (``("timer",)``); ``()`` for a none event or no event
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FlowInfo:
    """One sequence flow (original ids); ``condition`` is the text as written."""

    id: str
    source: str
    target: str
    name: str
    condition: str | None
    container: str
    path: str
    line: int | None


@dataclass(slots=True)
class ContainerInfo:
    """A process or embedded subprocess body: its nodes and flows by original id."""

    spec_name: str
    original_id: str
    process_id: str
    path: str
    line: int | None
    is_executable: bool
    nodes: dict[str, NodeInfo] = field(default_factory=dict)
    #: for an embedded subprocess body: the container holding it and its node's id there
    parent: str | None = None
    host: str | None = None
    #: an event subprocess (``triggeredByEvent``): started by its event, never by a flow
    triggered_by_event: bool = False
    #: the process's (or subprocess's) name as written, whitespace collapsed
    name: str = ""
    flows: dict[str, FlowInfo] = field(default_factory=dict)

    def flows_between(self, source: str, target: str) -> list[FlowInfo]:
        return [f for f in self.flows.values() if f.source == source and f.target == target]

    def outgoing(self, node_id: str) -> list[FlowInfo]:
        return [f for f in self.flows.values() if f.source == node_id]

    def incoming(self, node_id: str) -> list[FlowInfo]:
        return [f for f in self.flows.values() if f.target == node_id]

    def returns(self, flow: FlowInfo) -> bool:
        """True when, past ``flow``, the process cannot end without passing its source
        again: the flow sends work back (a review loop's "not yet" answer)."""
        seen, todo = {flow.source}, [flow.target]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            outgoing = self.outgoing(current)
            if not outgoing:
                return False
            todo.extend(f.target for f in outgoing)
        return True


def _lane_name(process: Process, node: FlowNode, inherited: str | None) -> str | None:
    if node.lane is None:
        return inherited
    try:
        lane = process.lane(node.lane)
    except KeyError:
        return inherited
    return " ".join((lane.name or lane.id).split())


def index_document(
    definitions: Definitions, root: etree._Element, renamed: dict[str, str]
) -> dict[str, ContainerInfo]:
    """Index every container of one BPMN document read into the shared model.

    ``root`` is the document as parsed (for ``isExecutable``, which SpiffWorkflow
    takes as true when absent, unlike the model); ``renamed`` maps original ids
    to the ids SpiffWorkflow will see (only the ones that changed). Returns
    containers keyed by their SpiffWorkflow spec name.
    """
    path = definitions.path
    containers: dict[str, ContainerInfo] = {}
    executable = {
        p.get("id"): p.get("isExecutable", "true") == "true"
        for p in root.iter(f"{{{BPMN_NS}}}process")
    }

    def walk(process: Process, process_id: str, inherited_lane: str | None,
             is_executable: bool, parent: str | None = None,
             host: FlowNode | None = None) -> None:
        info = ContainerInfo(
            spec_name=renamed.get(process.id, process.id),
            original_id=process.id,
            process_id=process_id,
            path=path,
            line=process.source.line,
            is_executable=is_executable,
            parent=parent,
            host=host.id if host is not None else None,
            triggered_by_event=host is not None and host.triggered_by_event,
            name=" ".join((host.name if host is not None else process.name).split()),
        )
        containers[info.spec_name] = info
        for flow in process.flows.values():
            info.flows[flow.id] = FlowInfo(
                id=flow.id,
                source=flow.source_ref,
                target=flow.target_ref,
                name=flow.name,
                condition=(flow.condition or "").strip() or None,
                container=info.spec_name,
                path=path,
                line=flow.source.line,
            )
        for node in process.nodes.values():
            lane = _lane_name(process, node, inherited_lane)
            info.nodes[node.id] = NodeInfo(
                id=node.id,
                name=" ".join(node.name.split()),
                kind=node.kind,
                lane=lane,
                process_id=process_id,
                container=info.spec_name,
                path=path,
                line=node.source.line,
                events=node.event_kinds,
            )
            if node.subprocess is not None and node.kind in CONTAINER_KINDS:
                walk(node.subprocess, process_id, lane, is_executable, info.spec_name, node)

    for process in definitions.processes.values():
        walk(process, process.id, None, executable.get(process.id, True))
    return containers
