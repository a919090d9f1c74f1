"""Puts built processes into the pools of one collaboration (:class:`DefinitionsBuilder`),
adds message flows between pools and returns :class:`~probisnis.bpmn.model.Definitions`
laid out by :mod:`probisnis.layout`, ready for :func:`probisnis.bpmn.writer.write`.
The processes themselves come from :class:`~probisnis.library.builder.ProcessBuilder`."""

from __future__ import annotations

from collections.abc import Sequence

from probisnis.bpmn.model import (
    Collaboration,
    Definitions,
    Message,
    MessageFlow,
    Participant,
    Process,
    frozen_map,
)
from probisnis.errors import UsageError
from probisnis.library.builder import BUILDER_SOURCE, check_id, document
from probisnis.library.clauses import Reference

__all__ = ["DefinitionsBuilder"]


class DefinitionsBuilder:
    """Puts processes into pools of one collaboration; :meth:`build` gives laid-out Definitions.

    ``definitions_id`` names the file's ``definitions``; ``path`` is where it
    will be written (kept in :attr:`Definitions.path`). Pools appear top to
    bottom in :meth:`pool` order.
    """

    def __init__(
        self,
        definitions_id: str,
        *,
        name: str = "",
        path: str = "",
        collaboration_id: str | None = None,
        documentation: str = "",
        target_namespace: str = "https://probolinggokota.go.id/probisnis/bpmn",
    ) -> None:
        check_id(definitions_id, "definitions")
        self.definitions_id = definitions_id
        self.name = name
        self.path = path
        self.collaboration_id = collaboration_id or f"{definitions_id}_kolaborasi"
        check_id(self.collaboration_id, "collaboration")
        self.documentation = documentation
        self.target_namespace = target_namespace
        self._processes: dict[str, Process] = {}
        self._participants: list[Participant] = []
        self._message_flows: list[MessageFlow] = []
        self._messages: dict[str, Message] = {}

    def pool(
        self,
        process: Process,
        *,
        participant_id: str | None = None,
        name: str | None = None,
        documentation: str = "",
    ) -> str:
        """Add ``process`` in its own pool (participant ``P_<process id>`` by default)."""
        if process.id in self._processes:
            raise UsageError(f"process {process.id!r} added twice")
        ident = participant_id or f"P_{process.id}"
        check_id(ident, "participant")
        self._processes[process.id] = process
        self._participants.append(
            Participant(ident, BUILDER_SOURCE, name or process.name, process.id, documentation)
        )
        return ident

    def black_box(self, participant_id: str, name: str, *, documentation: str = "") -> str:
        """A pool without a process (an outside party that only exchanges messages)."""
        check_id(participant_id, "participant")
        self._participants.append(
            Participant(participant_id, BUILDER_SOURCE, name, None, documentation)
        )
        return participant_id

    def message(self, message_id: str, name: str) -> str:
        """A root-level message (what a message flow carries)."""
        check_id(message_id, "message")
        self._messages[message_id] = Message(message_id, BUILDER_SOURCE, name)
        return message_id

    def message_flow(
        self,
        source: str,
        target: str,
        *,
        name: str = "",
        flow_id: str | None = None,
        message: str | None = None,
        cites: Sequence[str] = (),
        refs: Sequence[Reference] = (),
        note: str = "",
    ) -> str:
        """A message flow between nodes (or pools) of different pools."""
        ident = flow_id or f"MF_{source}__{target}"
        check_id(ident, "message flow")
        if message is not None and message not in self._messages:
            raise UsageError(f"{ident}: message {message!r} is not declared")
        self._message_flows.append(
            MessageFlow(
                ident, source, target, BUILDER_SOURCE, name, message, document(cites, refs, note)
            )
        )
        return ident

    def _owner(self, element_id: str) -> str | None:
        """The participant whose pool holds ``element_id`` (a node or the pool itself)."""
        for part in self._participants:
            if part.id == element_id:
                return part.id
            process = self._processes.get(part.process_ref or "")
            if process is not None and element_id in process.nodes:
                return part.id
        return None

    def build(self, *, layout: bool = True) -> Definitions:
        """The :class:`Definitions`; with ``layout`` (default) it carries a generated diagram."""
        for flow in self._message_flows:
            owners = [self._owner(flow.source_ref), self._owner(flow.target_ref)]
            if None in owners:
                raise UsageError(f"{flow.id}: message flow end is in no pool")
            if owners[0] == owners[1]:
                raise UsageError(f"{flow.id}: a message flow must connect two different pools")
        seen: set[str] = {self.definitions_id, self.collaboration_id}
        every = [p.id for p in self._participants] + [f.id for f in self._message_flows]
        every += list(self._messages)
        for process in self._processes.values():
            every += [process.id, *process.nodes, *process.flows]
            every += [lane.id for lane in process.iter_lanes()]
            every += [d.id for d in process.data]
            every += [a.id for n in process.nodes.values() for a in n.data_associations]
        for ident in every:
            if ident in seen:
                raise UsageError(
                    f"id {ident!r} is used twice in {self.definitions_id} (XML ids are file-wide)"
                )
            seen.add(ident)
        collaboration = Collaboration(
            id=self.collaboration_id,
            source=BUILDER_SOURCE,
            name=self.name,
            participants=tuple(self._participants),
            message_flows=tuple(self._message_flows),
            documentation=self.documentation,
        )
        defs = Definitions(
            id=self.definitions_id,
            path=self.path,
            source=BUILDER_SOURCE,
            target_namespace=self.target_namespace,
            exporter="probisnis",
            processes=frozen_map(self._processes),
            collaborations=(collaboration,) if self._participants else (),
            messages=frozen_map(self._messages),
        )
        if layout:
            from probisnis.layout import layout_definitions

            defs = layout_definitions(defs)
        return defs
