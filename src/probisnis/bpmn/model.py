"""The immutable BPMN model.

Loading a file (``probisnis.bpmn.reader``) gives a :class:`Definitions`: frozen
dataclasses all the way down, never mutated after construction. Running state
(SpiffWorkflow workflows, simulation cases) lives elsewhere and only reads it.

Element kinds are the BPMN tag's local name (``"userTask"``,
``"exclusiveGateway"``, ``"boundaryEvent"``...), so a new kind needs no new
class. Every element keeps its :class:`Source` (file and line).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "ACTIVITY_KINDS",
    "EVENT_KINDS",
    "GATEWAY_KINDS",
    "TASK_KINDS",
    "Bounds",
    "Collaboration",
    "DataAssociation",
    "DataElement",
    "Definitions",
    "Diagram",
    "Edge",
    "EventDefinition",
    "FlowNode",
    "Lane",
    "LoopCharacteristics",
    "Message",
    "MessageFlow",
    "Participant",
    "Point",
    "Process",
    "SequenceFlow",
    "Shape",
    "Source",
    "frozen_map",
]

TASK_KINDS = frozenset(
    {
        "task",
        "userTask",
        "manualTask",
        "serviceTask",
        "scriptTask",
        "businessRuleTask",
        "sendTask",
        "receiveTask",
    }
)
ACTIVITY_KINDS = TASK_KINDS | {"subProcess", "transaction", "adHocSubProcess", "callActivity"}
GATEWAY_KINDS = frozenset(
    {
        "exclusiveGateway",
        "parallelGateway",
        "inclusiveGateway",
        "eventBasedGateway",
        "complexGateway",
    }
)
EVENT_KINDS = frozenset(
    {
        "startEvent",
        "endEvent",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "boundaryEvent",
    }
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def frozen_map(items: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only, insertion-ordered view of ``items`` (a copy, so later changes do not leak)."""
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class Source:
    """Where an element was read from: the file path and the 1-based line of its start tag."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True, slots=True)
class EventDefinition:
    """One ``*EventDefinition`` of an event.

    ``kind`` is the definition without the suffix: ``timer``, ``message``,
    ``signal``, ``error``, ``escalation``, ``terminate``, ``conditional``,
    ``link``, ``compensate``, ``cancel``. ``ref`` is the referenced
    message/signal/error/escalation id if any; ``attrs`` holds the rest, e.g.
    ``timeDuration``, ``timeDate``, ``timeCycle`` expressions or a link ``name``.
    """

    kind: str
    id: str | None = None
    ref: str | None = None
    attrs: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class LoopCharacteristics:
    """Standard loop or multi-instance marker of an activity.

    Descriptive models often give a multi-instance marker with no cardinality;
    then ``cardinality`` is ``None`` and the model is still valid.
    """

    kind: str  # "standard" | "multiInstance"
    is_sequential: bool = False
    cardinality: str | None = None
    loop_condition: str | None = None
    completion_condition: str | None = None
    loop_maximum: int | None = None
    test_before: bool = False


@dataclass(frozen=True, slots=True)
class DataAssociation:
    """A ``dataInputAssociation`` or ``dataOutputAssociation`` of a flow node.

    ``kind`` is the tag's local name. An input association reads ``source_ref`` (a data
    object or store reference) into ``target_ref`` (the activity's property or data input;
    the writer declares it as a ``property`` of the activity, as bpmn.io does); an output
    association writes the node's result to ``target_ref`` (a data object or store reference).
    """

    id: str
    kind: str  # "dataInputAssociation" | "dataOutputAssociation"
    source: Source
    source_ref: str | None = None
    target_ref: str | None = None

    @property
    def data_ref(self) -> str | None:
        """The data object (or store) reference the association reads or writes."""
        return self.source_ref if self.kind == "dataInputAssociation" else self.target_ref


@dataclass(frozen=True, slots=True)
class FlowNode:
    """Any flow node: task, subprocess, call activity, event or gateway.

    ``lane`` is the id of the innermost lane holding the node (``None`` when
    the process has no lanes). Fields that do not apply to a kind stay at
    their defaults. ``subprocess`` holds the body of an embedded subprocess.
    """

    id: str
    kind: str
    source: Source
    name: str = ""
    documentation: str = ""
    lane: str | None = None
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    # gateways
    direction: str | None = None  # gatewayDirection as written, if any
    default: str | None = None  # id of the default sequence flow (gateways and activities)
    # events
    event_definitions: tuple[EventDefinition, ...] = ()
    attached_to: str | None = None  # boundary events: the activity id
    cancel_activity: bool = True  # boundary events: interrupting?
    # activities
    loop: LoopCharacteristics | None = None
    called_element: str | None = None  # call activities
    subprocess: Process | None = None  # embedded subprocess body
    triggered_by_event: bool = False  # event subprocess
    # documents read and written (data input/output associations), in document order
    data_associations: tuple[DataAssociation, ...] = ()
    # anything else worth keeping: instantiate, eventGatewayType, implementation, ...
    attrs: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    @property
    def is_task(self) -> bool:
        return self.kind in TASK_KINDS

    @property
    def is_activity(self) -> bool:
        return self.kind in ACTIVITY_KINDS

    @property
    def is_gateway(self) -> bool:
        return self.kind in GATEWAY_KINDS

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    @property
    def event_kinds(self) -> tuple[str, ...]:
        """The kinds of this event's definitions, e.g. ``("timer",)``; ``()`` for a none event."""
        return tuple(d.kind for d in self.event_definitions)


@dataclass(frozen=True, slots=True)
class SequenceFlow:
    """A sequence flow; ``condition`` is the condition expression text, if any."""

    id: str
    source_ref: str
    target_ref: str
    source: Source
    name: str = ""
    condition: str | None = None
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class Lane:
    """A lane, possibly with nested child lanes (``childLaneSet``)."""

    id: str
    source: Source
    name: str = ""
    flow_node_refs: tuple[str, ...] = ()
    children: tuple[Lane, ...] = ()
    documentation: str = ""

    def walk(self) -> Iterator[Lane]:
        """This lane and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class DataElement:
    """A data object, data store (or a reference to either), or a data input/output."""

    id: str
    kind: str
    source: Source
    name: str = ""
    ref: str | None = None  # dataObjectRef / dataStoreRef
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class Process:
    """A process, or the body of an embedded subprocess (then ``is_subprocess_body``).

    ``nodes`` and ``flows`` are read-only mappings id -> element in document
    order; nested subprocess bodies are reachable through
    ``FlowNode.subprocess`` and :meth:`iter_nodes`.
    """

    id: str
    source: Source
    name: str = ""
    is_executable: bool = False
    nodes: Mapping[str, FlowNode] = field(default_factory=lambda: _EMPTY)
    flows: Mapping[str, SequenceFlow] = field(default_factory=lambda: _EMPTY)
    lanes: tuple[Lane, ...] = ()
    data: tuple[DataElement, ...] = ()
    documentation: str = ""
    is_subprocess_body: bool = False
    attrs: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    def iter_nodes(self, *, recursive: bool = True) -> Iterator[FlowNode]:
        """Every flow node, descending into embedded subprocesses when ``recursive``."""
        for node in self.nodes.values():
            yield node
            if recursive and node.subprocess is not None:
                yield from node.subprocess.iter_nodes(recursive=True)

    def iter_flows(self, *, recursive: bool = True) -> Iterator[SequenceFlow]:
        """Every sequence flow, descending into embedded subprocesses when ``recursive``."""
        yield from self.flows.values()
        if recursive:
            for node in self.nodes.values():
                if node.subprocess is not None:
                    yield from node.subprocess.iter_flows(recursive=True)

    def iter_lanes(self, *, subprocesses: bool = False) -> Iterator[Lane]:
        """Every lane at any depth, depth first; with ``subprocesses``, then the lanes of
        the lane sets of embedded subprocesses (an event subprocess's own lanes), at any
        depth, so that a name is found wherever a lane is drawn."""
        for lane in self.lanes:
            yield from lane.walk()
        if subprocesses:
            for node in self.nodes.values():
                if node.subprocess is not None:
                    yield from node.subprocess.iter_lanes(subprocesses=True)

    def lane(self, lane_id: str) -> Lane:
        for lane in self.iter_lanes():
            if lane.id == lane_id:
                return lane
        raise KeyError(lane_id)

    def lane_name(self, node_id: str) -> str | None:
        """Name of the innermost lane holding ``node_id`` (``None`` when unlaned)."""
        node = self.nodes.get(node_id)
        if node is None or node.lane is None:
            return None
        lane = self.lane(node.lane)
        return lane.name or lane.id

    def start_events(self) -> tuple[FlowNode, ...]:
        return tuple(n for n in self.nodes.values() if n.kind == "startEvent")

    def end_events(self) -> tuple[FlowNode, ...]:
        return tuple(n for n in self.nodes.values() if n.kind == "endEvent")


@dataclass(frozen=True, slots=True)
class Participant:
    """A pool of a collaboration; ``process_ref`` is ``None`` for a black-box pool."""

    id: str
    source: Source
    name: str = ""
    process_ref: str | None = None
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class MessageFlow:
    id: str
    source_ref: str
    target_ref: str
    source: Source
    name: str = ""
    message_ref: str | None = None
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class Collaboration:
    id: str
    source: Source
    name: str = ""
    participants: tuple[Participant, ...] = ()
    message_flows: tuple[MessageFlow, ...] = ()
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """A root-level ``message`` (also used for signals, errors and escalations via ``kind``)."""

    id: str
    source: Source
    name: str = ""
    kind: str = "message"


@dataclass(frozen=True, slots=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Bounds) -> bool:
        """True when the interiors intersect (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Shape:
    """A ``BPMNShape``; ``element`` is the id of the BPMN element it draws."""

    id: str
    element: str
    bounds: Bounds
    source: Source
    is_horizontal: bool | None = None
    is_expanded: bool | None = None
    label: Bounds | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A ``BPMNEdge``; ``element`` is the id of the flow or association it draws."""

    id: str
    element: str
    waypoints: tuple[Point, ...]
    source: Source
    label: Bounds | None = None


@dataclass(frozen=True, slots=True)
class Diagram:
    """One ``BPMNDiagram``/``BPMNPlane``; shapes and edges keyed by the element they draw."""

    id: str
    source: Source
    name: str = ""
    plane_element: str | None = None
    shapes: Mapping[str, Shape] = field(default_factory=lambda: _EMPTY)
    edges: Mapping[str, Edge] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class Definitions:
    """A whole BPMN file: its processes, collaborations, root elements and diagrams."""

    id: str
    path: str
    source: Source
    target_namespace: str = ""
    exporter: str = ""
    exporter_version: str = ""
    processes: Mapping[str, Process] = field(default_factory=lambda: _EMPTY)
    collaborations: tuple[Collaboration, ...] = ()
    messages: Mapping[str, Message] = field(default_factory=lambda: _EMPTY)
    diagrams: tuple[Diagram, ...] = ()

    def process(self, process_id: str | None = None) -> Process:
        """The process with ``process_id``; without an id, the only (or first executable) one."""
        if process_id is not None:
            return self.processes[process_id]
        procs = list(self.processes.values())
        if not procs:
            raise KeyError("no process in file")
        executable = [p for p in procs if p.is_executable]
        return (executable or procs)[0]

    def iter_nodes(self) -> Iterator[tuple[Process, FlowNode]]:
        """(top-level process, node) for every flow node of every process, at any depth."""
        for proc in self.processes.values():
            for node in proc.iter_nodes():
                yield proc, node

    def participants(self) -> tuple[Participant, ...]:
        return tuple(p for c in self.collaborations for p in c.participants)

    def message_flows(self) -> tuple[MessageFlow, ...]:
        return tuple(m for c in self.collaborations for m in c.message_flows)

    def shape(self, element_id: str) -> Shape | None:
        """The first DI shape drawing ``element_id`` in any diagram."""
        for diagram in self.diagrams:
            if element_id in diagram.shapes:
                return diagram.shapes[element_id]
        return None

    def edge(self, element_id: str) -> Edge | None:
        for diagram in self.diagrams:
            if element_id in diagram.edges:
                return diagram.edges[element_id]
        return None
