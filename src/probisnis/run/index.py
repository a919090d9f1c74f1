"""What the runner needs to know about each BPMN element, read from the original XML.

SpiffWorkflow knows task specs by (possibly renamed) id only; the trace wants the
original id, the name, the BPMN kind, the lane name, the process and, for error
messages, the file and line. :func:`index_document` reads them from the file as
written (before any in-memory rewrite), so lines are the user's lines.

A *container* is anything SpiffWorkflow turns into its own workflow spec: a
top-level ``process`` or an embedded ``subProcess``/``transaction``/
``adHocSubProcess``. Its key is the id SpiffWorkflow gives the spec (the
renamed id when the original collided with a built-in name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from probisnis.bpmn.model import ACTIVITY_KINDS, EVENT_KINDS, GATEWAY_KINDS

__all__ = [
    "BPMN_NS",
    "CONTAINER_KINDS",
    "FLOW_NODE_KINDS",
    "ContainerInfo",
    "FlowInfo",
    "NodeInfo",
    "index_document",
    "local_name",
]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
FLOW_NODE_KINDS = ACTIVITY_KINDS | GATEWAY_KINDS | EVENT_KINDS
CONTAINER_KINDS = frozenset({"subProcess", "transaction", "adHocSubProcess"})


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


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
    flows: dict[str, FlowInfo] = field(default_factory=dict)

    def flows_between(self, source: str, target: str) -> list[FlowInfo]:
        return [f for f in self.flows.values() if f.source == source and f.target == target]

    def outgoing(self, node_id: str) -> list[FlowInfo]:
        return [f for f in self.flows.values() if f.source == node_id]

    def incoming(self, node_id: str) -> list[FlowInfo]:
        return [f for f in self.flows.values() if f.target == node_id]


def _lane_names(process: etree._Element) -> dict[str, str]:
    """Flow node id -> name of the innermost lane listing it (document order: children win)."""
    lanes: dict[str, str] = {}
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        name = (lane.get("name") or lane.get("id") or "").strip()
        for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"):
            if ref.text and ref.text.strip():
                lanes[ref.text.strip()] = name
    return lanes


def index_document(
    root: etree._Element, path: str, renamed: dict[str, str]
) -> dict[str, ContainerInfo]:
    """Index every container of one BPMN document.

    ``renamed`` maps original ids to the ids SpiffWorkflow will see (only the
    ones that changed). Returns containers keyed by their SpiffWorkflow spec name.
    """
    containers: dict[str, ContainerInfo] = {}

    def walk(
        element: etree._Element,
        process_id: str,
        lanes: dict[str, str],
        inherited_lane: str | None,
        executable: bool,
    ) -> None:
        original = element.get("id") or ""
        info = ContainerInfo(
            spec_name=renamed.get(original, original),
            original_id=original,
            process_id=process_id,
            path=path,
            line=element.sourceline,
            is_executable=executable,
        )
        containers[info.spec_name] = info
        for child in element:
            kind = local_name(child)
            child_id = child.get("id")
            if not child_id:
                continue
            if kind == "sequenceFlow":
                condition = child.find(f"{{{BPMN_NS}}}conditionExpression")
                text = condition.text.strip() if condition is not None and condition.text else None
                info.flows[child_id] = FlowInfo(
                    id=child_id,
                    source=child.get("sourceRef", ""),
                    target=child.get("targetRef", ""),
                    name=(child.get("name") or "").strip(),
                    condition=text or None,
                    container=info.spec_name,
                    path=path,
                    line=child.sourceline,
                )
            elif kind in FLOW_NODE_KINDS:
                lane = lanes.get(child_id, inherited_lane)
                info.nodes[child_id] = NodeInfo(
                    id=child_id,
                    name=" ".join((child.get("name") or "").split()),
                    kind=kind,
                    lane=lane,
                    process_id=process_id,
                    container=info.spec_name,
                    path=path,
                    line=child.sourceline,
                )
                if kind in CONTAINER_KINDS:
                    inner = _lane_names(child)
                    walk(child, process_id, {**lanes, **inner}, lane, executable)

    for process in root.iter(f"{{{BPMN_NS}}}process"):
        pid = process.get("id") or ""
        executable = process.get("isExecutable", "true") == "true"
        walk(process, pid, _lane_names(process), None, executable)
    return containers
