"""A small fluent API to build (or change) BPMN processes in code.

The regulation's processes are written with it (:mod:`probisnis.library.mechanisms`);
so can anyone's. A :class:`ProcessBuilder` collects lanes, flow nodes and
sequence flows and :meth:`ProcessBuilder.build` returns the immutable
:class:`~probisnis.bpmn.model.Process` (incoming/outgoing and lane membership
filled in, every reference checked).
:class:`~probisnis.library.definitions_builder.DefinitionsBuilder` puts
processes into pools of one collaboration, adds message flows and returns a
:class:`~probisnis.bpmn.model.Definitions` laid out by :mod:`probisnis.layout`,
ready for :func:`probisnis.bpmn.writer.write`.

Every flow node must cite its source: ``cites=("D1.a.1",)`` takes clause ids
from the clause table (an unknown id raises :class:`~probisnis.errors.UsageError`,
so a citation cannot be misspelled) and writes ``[D1.a.1] Lampiran II.D.1.a:
<clause text>`` into the documentation; ``refs=(Reference("Pasal 10", "..."),)``
cites text outside the table; ``note=`` adds a ``Catatan:`` paragraph (keep the
text's quirks visible there). Ids are deterministic and readable
(``M1a_susun_pk``); generic ids such as ``Start``/``End`` are refused.

Example::

    b = ProcessBuilder("X_demo", "Demo", documentation_cites=("D1.a.1",))
    b.lane("L_SEKDA", "Sekretaris Daerah")
    b.start("Xa_mulai", "Mulai", lane="L_SEKDA", cites=("D1.a.1",))
    b.user_task("Xa_susun_pk", "Menyusun perjanjian kinerja", lane="L_SEKDA", cites=("D1.a.1",))
    b.end("Xa_selesai", "Selesai", lane="L_SEKDA", cites=("D1.a.1",))
    b.chain("Xa_mulai", "Xa_susun_pk", "Xa_selesai")
    process = b.build()
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from probisnis.bpmn.model import (
    ACTIVITY_KINDS,
    EVENT_KINDS,
    GATEWAY_KINDS,
    DataElement,
    EventDefinition,
    FlowNode,
    Lane,
    Process,
    SequenceFlow,
    Source,
    frozen_map,
)
from probisnis.errors import UsageError
from probisnis.library.clauses import Reference, citation
from probisnis.library.documents import Document, document_data, with_documents
from probisnis.library.maps_texts import ACTIVITY_CODES, MAP_CODES, coded_name

__all__ = ["BUILDER_SOURCE", "ProcessBuilder", "check_id", "document"]

#: the :class:`Source` of every element made in code
BUILDER_SOURCE = Source("<probisnis.library.builder>")

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_GENERIC_ID = re.compile(r"^(?i:start|end|task|gateway|flow|process)(?i:event)?_?\d*$")


def check_id(ident: str, what: str) -> None:
    if not _ID.match(ident or ""):
        raise UsageError(
            f"{what} id {ident!r} is not a valid XML id (letter or _, then letters, digits, _ . -)"
        )
    if _GENERIC_ID.match(ident):
        raise UsageError(f"{what} id {ident!r} is generic: use a readable id such as 'M1a_mulai'")


def document(
    cites: Iterable[str] = (), refs: Iterable[Reference] = (), note: str = "", text: str = ""
) -> str:
    """Documentation text: one citation line per clause id / reference, then ``text`` and the note.

    >>> text = document(("D1.c.1",), note="Contoh.")
    >>> print(text.replace("hasil pelaksanaan kegiatan", "..."))
    [D1.c.1] Lampiran II.D.1.c: Pada tahap evaluasi, Kepala Bagian meninjau ....
    <BLANKLINE>
    Catatan: Contoh.
    """
    lines = [citation(c) for c in cites]
    lines += [r.citation() for r in refs]
    parts = ["\n".join(lines)] if lines else []
    if text:
        parts.append(text.strip())
    if note:
        parts.append(f"Catatan: {note.strip()}")
    return "\n\n".join(parts)


@dataclass
class _NodeSpec:
    id: str
    kind: str
    name: str
    lane: str | None
    documentation: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class _FlowSpec:
    id: str
    source: str
    target: str
    name: str
    condition: str | None
    documentation: str


class ProcessBuilder:
    """Collects one process's lanes, nodes and flows; :meth:`build` returns the :class:`Process`.

    ``process_id``/``name``: the process; ``executable``: ``isExecutable``
    (default true: SpiffWorkflow runs it); the process documentation cites
    ``documentation_cites``/``documentation_refs`` and carries ``documentation``
    and ``note`` (e.g. which units apply the mechanism).

    Node methods (:meth:`start`, :meth:`end`, :meth:`user_task`, :meth:`task`,
    :meth:`call`, :meth:`xor`, :meth:`parallel`, or the general :meth:`node`)
    return the node id so calls can be chained into :meth:`flow`/:meth:`chain`.
    Each needs ``cites`` and/or ``refs``; ``lane`` is required once the process
    has lanes.
    """

    def __init__(
        self,
        process_id: str,
        name: str,
        *,
        executable: bool = True,
        documentation_cites: Sequence[str] = (),
        documentation_refs: Sequence[Reference] = (),
        documentation: str = "",
        note: str = "",
        documents: Callable[[str], Sequence[Document]] | None = None,
    ) -> None:
        """``documents``: a task's Kelengkapan/Output documents (default: the regulation's
        table in ``library/documents.py``), made into data objects by :meth:`build`."""
        check_id(process_id, "process")
        self._documents = documents
        self.process_id = process_id
        # the map code leads the name of every coded process (maps_texts.MAP_CODES)
        self.name = coded_name(process_id, name)
        self.executable = executable
        self.documentation = document(documentation_cites, documentation_refs, note, documentation)
        self._lanes: dict[str, tuple[str, str]] = {}
        self._nodes: dict[str, _NodeSpec] = {}
        self._flows: dict[str, _FlowSpec] = {}
        self._data: tuple[DataElement, ...] = ()

    # -- changing an existing process -------------------------------------------------------
    @classmethod
    def from_process(cls, process: Process) -> ProcessBuilder:
        """A builder holding ``process`` (flat lanes only) so it can be changed and rebuilt."""
        b = cls(process.id, process.name, executable=process.is_executable)
        b.documentation = process.documentation
        b._data = process.data
        for lane in process.lanes:
            if lane.children:
                raise UsageError(f"lane {lane.id!r} has child lanes; the builder keeps flat lanes")
            b._lanes[lane.id] = (lane.name, lane.documentation)
        for node in process.nodes.values():
            extra = {
                k: getattr(node, k)
                for k in (
                    "direction",
                    "event_definitions",
                    "attached_to",
                    "cancel_activity",
                    "loop",
                    "called_element",
                    "subprocess",
                    "triggered_by_event",
                    "data_associations",
                    "attrs",
                )
            }
            extra["default"] = node.default
            b._nodes[node.id] = _NodeSpec(
                node.id, node.kind, node.name, node.lane, node.documentation, extra
            )
        for flow in process.flows.values():
            b._flows[flow.id] = _FlowSpec(
                flow.id,
                flow.source_ref,
                flow.target_ref,
                flow.name,
                flow.condition,
                flow.documentation,
            )
        return b

    def remove_node(self, node_id: str) -> None:
        """Remove a node and every flow into or out of it."""
        if node_id not in self._nodes:
            raise UsageError(f"{self.process_id}: no node {node_id!r} to remove")
        del self._nodes[node_id]
        for flow_id in [f.id for f in self._flows.values() if node_id in (f.source, f.target)]:
            self.remove_flow(flow_id)

    def remove_flow(self, flow_id: str) -> None:
        """Remove a sequence flow (and the default marker pointing at it)."""
        flow = self._flows.pop(flow_id, None)
        if flow is None:
            raise UsageError(f"{self.process_id}: no flow {flow_id!r} to remove")
        source = self._nodes.get(flow.source)
        if source is not None and source.fields.get("default") == flow_id:
            source.fields["default"] = None

    # -- lanes and nodes ----------------------------------------------------------------------
    def lane(self, lane_id: str, name: str, *, documentation: str = "") -> str:
        """Add a lane (a horizontal band, top to bottom in call order); returns its id."""
        check_id(lane_id, "lane")
        if lane_id in self._lanes:
            raise UsageError(f"{self.process_id}: lane {lane_id!r} added twice")
        self._lanes[lane_id] = (name, documentation)
        return lane_id

    def node(
        self,
        kind: str,
        node_id: str,
        name: str = "",
        *,
        lane: str | None = None,
        cites: Sequence[str] = (),
        refs: Sequence[Reference] = (),
        note: str = "",
        documentation: str = "",
        **fields: Any,
    ) -> str:
        """Add a flow node of BPMN ``kind`` (``"userTask"``, ``"exclusiveGateway"``...).

        ``fields`` are further :class:`FlowNode` fields (``called_element``,
        ``event_definitions``, ``attrs``, ``loop``...). Returns ``node_id``.
        """
        if kind not in ACTIVITY_KINDS | GATEWAY_KINDS | EVENT_KINDS:
            raise UsageError(f"{node_id}: unknown flow node kind {kind!r}")
        check_id(node_id, "node")
        if node_id in self._nodes or node_id in self._lanes or node_id in self._flows:
            raise UsageError(f"{self.process_id}: id {node_id!r} used twice")
        if not cites and not refs:
            raise UsageError(f"{node_id}: every flow node must cite a clause id or a Pasal")
        if lane is not None and lane not in self._lanes:
            raise UsageError(f"{node_id}: lane {lane!r} is not declared (call .lane() first)")
        text = document(cites, refs, note, documentation)
        self._nodes[node_id] = _NodeSpec(node_id, kind, name, lane, text, dict(fields))
        return node_id

    def start(self, node_id: str, name: str = "", **kw: Any) -> str:
        """A (none) start event."""
        return self.node("startEvent", node_id, name, **kw)

    def end(self, node_id: str, name: str = "", **kw: Any) -> str:
        """A (none) end event."""
        return self.node("endEvent", node_id, name, **kw)

    def terminate_end(self, node_id: str, name: str = "", **kw: Any) -> str:
        """An end event with a terminate definition."""
        definitions = (EventDefinition("terminate", id=f"{node_id}_def"),)
        return self.node("endEvent", node_id, name, event_definitions=definitions, **kw)

    def user_task(self, node_id: str, name: str, **kw: Any) -> str:
        """Human work (``userTask``): the runner completes it with the decisions data."""
        return self.node("userTask", node_id, name, **kw)

    def task(self, node_id: str, name: str, **kw: Any) -> str:
        """An abstract ``task`` (no performer type)."""
        return self.node("task", node_id, name, **kw)

    def call(self, node_id: str, name: str, called_element: str, **kw: Any) -> str:
        """A call activity running the process ``called_element``."""
        check_id(called_element, "called process")
        return self.node("callActivity", node_id, name, called_element=called_element, **kw)

    def xor(self, node_id: str, name: str = "", **kw: Any) -> str:
        """An exclusive gateway (split on conditions, or merge)."""
        return self.node("exclusiveGateway", node_id, name, **kw)

    def parallel(self, node_id: str, name: str = "", **kw: Any) -> str:
        """A parallel gateway (fork or join)."""
        return self.node("parallelGateway", node_id, name, **kw)

    # -- flows --------------------------------------------------------------------------------
    def flow(
        self,
        source: str,
        target: str,
        *,
        name: str = "",
        condition: str | None = None,
        default: bool = False,
        flow_id: str | None = None,
        cites: Sequence[str] = (),
        refs: Sequence[Reference] = (),
        note: str = "",
    ) -> str:
        """A sequence flow ``source -> target``; returns its id (``<source>__<target>`` by default).

        ``condition`` is a Python expression over task data (SpiffWorkflow
        evaluates it); ``default=True`` makes it the source's default flow
        (then it takes no condition).
        """
        for end in (source, target):
            if end not in self._nodes:
                raise UsageError(f"{self.process_id}: flow {source} -> {target}: no node {end!r}")
        if default and condition is not None:
            raise UsageError(f"flow {source} -> {target}: a default flow takes no condition")
        if condition is not None:
            try:
                compile(condition, f"<{source} -> {target}>", "eval")
            except SyntaxError as exc:
                raise UsageError(
                    f"flow {source} -> {target}: condition {condition!r} is not a Python "
                    f"expression: {exc.msg}"
                ) from None
        ident = flow_id or f"{source}__{target}"
        if flow_id is None:
            n = 2
            while ident in self._flows:
                ident = f"{source}__{target}_{n}"
                n += 1
        check_id(ident, "flow")
        if ident in self._flows or ident in self._nodes or ident in self._lanes:
            raise UsageError(f"{self.process_id}: id {ident!r} used twice")
        self._flows[ident] = _FlowSpec(
            ident, source, target, name, condition, document(cites, refs, note)
        )
        if default:
            spec = self._nodes[source]
            if spec.fields.get("default"):
                raise UsageError(f"{source}: two default flows")
            spec.fields["default"] = ident
        return ident

    def chain(self, *node_ids: str) -> list[str]:
        """Unconditional flows between consecutive nodes; returns their ids."""
        return [self.flow(a, b) for a, b in itertools.pairwise(node_ids)]

    # -- result -------------------------------------------------------------------------------
    def build(self) -> Process:
        """The immutable :class:`Process`; refuses dangling lanes, unlaned nodes, stray defaults."""
        incoming: dict[str, list[str]] = {n: [] for n in self._nodes}
        outgoing: dict[str, list[str]] = {n: [] for n in self._nodes}
        for flow in self._flows.values():
            for end in (flow.source, flow.target):
                if end not in self._nodes:
                    raise UsageError(f"{self.process_id}: flow {flow.id} refers to no node {end!r}")
            outgoing[flow.source].append(flow.id)
            incoming[flow.target].append(flow.id)
        # the SOP's Kelengkapan/Output as data objects (library/documents.py); a process
        # rebuilt from one that has them keeps its own
        doc_data, doc_links = document_data(self.process_id, self._nodes, BUILDER_SOURCE,
                                            self._documents)
        known = {d.id for d in self._data}
        data = self._data + tuple(d for d in doc_data if d.id not in known)
        code = _code_line(self.process_id)
        nodes: dict[str, FlowNode] = {}
        for spec in self._nodes.values():
            fields = dict(spec.fields)
            if not fields.get("data_associations") and spec.id in doc_links:
                fields["data_associations"] = doc_links[spec.id]
            default = fields.pop("default", None)
            if default is not None and default not in outgoing[spec.id]:
                raise UsageError(f"{spec.id}: default flow {default!r} does not leave this node")
            if self._lanes and spec.lane is None:
                raise UsageError(f"{spec.id}: the process has lanes, so the node needs one")
            attrs = fields.pop("attrs", None)
            if fields.get("subprocess") is not None:  # its activities carry the same code
                fields["subprocess"] = _coded(
                    fields["subprocess"], _activity_code(self.process_id, spec.id, code))
            nodes[spec.id] = FlowNode(
                id=spec.id,
                kind=spec.kind,
                source=BUILDER_SOURCE,
                name=spec.name,
                # the SOP's Kelengkapan/Output of the task (library/documents.py)
                documentation=_with_code(
                    with_documents(spec.id, spec.documentation),
                    _activity_code(self.process_id, spec.id, code)
                    if spec.kind in ACTIVITY_KINDS
                    else "",
                ),
                lane=spec.lane,
                incoming=tuple(incoming[spec.id]),
                outgoing=tuple(outgoing[spec.id]),
                default=default,
                attrs=frozen_map(attrs),
                **fields,
            )
        lanes = tuple(
            Lane(
                id=lane_id,
                source=BUILDER_SOURCE,
                name=name,
                flow_node_refs=tuple(n for n, s in self._nodes.items() if s.lane == lane_id),
                documentation=doc,
            )
            for lane_id, (name, doc) in self._lanes.items()
        )
        flows = {
            f.id: SequenceFlow(
                id=f.id,
                source_ref=f.source,
                target_ref=f.target,
                source=BUILDER_SOURCE,
                name=f.name,
                condition=f.condition,
                documentation=f.documentation,
            )
            for f in self._flows.values()
        }
        return Process(
            id=self.process_id,
            source=BUILDER_SOURCE,
            name=self.name,
            is_executable=self.executable,
            nodes=frozen_map(nodes),
            flows=frozen_map(flows),
            lanes=lanes,
            data=data,
            documentation=_with_code(self.documentation, code),
        )


def _code_line(process_id: str) -> str:
    """``Kode peta: 02.01.01.01``: the process's code on the maps (maps_texts.MAP_CODES)."""
    code = MAP_CODES.get(process_id)
    return f"Kode peta: {code}" if code else ""


def _activity_code(process_id: str, activity_id: str, process_line: str) -> str:
    """An activity's code line: its level-1 box's code (maps_texts.ACTIVITY_CODES) if any."""
    code = ACTIVITY_CODES.get((process_id, activity_id))
    return f"Kode peta: {code}" if code else process_line


def _coded(body: Process, line: str) -> Process:
    """A subprocess body whose activities (at any depth) end with the code ``line``."""
    if not line:
        return body
    nodes = {}
    for nid, node in body.nodes.items():
        changes: dict[str, Any] = {}
        if node.kind in ACTIVITY_KINDS:
            changes["documentation"] = _with_code(node.documentation, line)
        if node.subprocess is not None:
            changes["subprocess"] = _coded(node.subprocess, line)
        nodes[nid] = replace(node, **changes) if changes else node
    return replace(body, nodes=frozen_map(nodes))


def _with_code(text: str, line: str) -> str:
    """``text`` with the code line appended once (a rebuilt process keeps its one line)."""
    if not line or line in text.splitlines():
        return text
    return f"{text}\n{line}" if text else line


def with_documentation(process: Process, text: str) -> Process:
    """``process`` with its documentation replaced (a convenience for edits in code)."""
    return replace(process, documentation=text)
