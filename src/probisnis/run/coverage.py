"""Sequence-flow coverage of a set of runs.

A flow counts as traversed when SpiffWorkflow's task tree shows a token
passing along it (see :func:`probisnis.run.trace.traversed_flows`). The flows
in scope are those of the processes the runs executed: the process run, the
processes its call activities called and its embedded subprocesses, or the
processes named by the caller.

Some flows no set of decisions can reach: those after a boundary event (a deadline that
passes, a message that arrives) and those inside an event subprocess (started by a timer
such as the weekly monitoring, or by a request "sewaktu-waktu"). A run passes them only when
time passes (``task_time``) or the event happens. :func:`flow_triggers` finds them, and the
coverage names, for each flow, the element whose event it waits for (``trigger``; empty for a
flow that decisions alone reach), so a report can tell the two apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from probisnis.errors import UsageError
from probisnis.run.engine import RunResult
from probisnis.run.index import ContainerInfo
from probisnis.run.loader import LoadedLibrary
from probisnis.run.trace import traversed_flows

__all__ = ["FlowCoverage", "Trigger", "flow_coverage", "flow_triggers", "flows_of"]

COVERAGE_COLUMNS = ["process_id", "container", "flow_id", "source", "target", "runs",
                    "trigger", "timer"]


@dataclass(frozen=True, slots=True)
class Trigger:
    """What must happen before a flow can be passed: the boundary event or event
    subprocess (``element_id``, ``name``) whose event starts it; ``timer`` when that event
    is a timer (time passing is enough), else a message, signal, error, ..."""

    element_id: str
    name: str
    timer: bool


def _marks(container: ContainerInfo) -> dict[str, Trigger | None]:
    """Node id -> ``None`` when decisions alone reach it from the container's start, else
    the boundary event after which it lies."""
    nodes = container.nodes
    incoming = {f.target for f in container.flows.values()}
    starts = [n.id for n in nodes.values() if n.kind == "startEvent" and not n.events]
    if not starts:
        starts = [n.id for n in nodes.values() if n.kind == "startEvent"]
    # an activity or gateway with no incoming flow starts with the container (BPMN 13.5.1)
    roots = starts + [n.id for n in nodes.values() if n.id not in incoming
                      and n.kind not in ("startEvent", "boundaryEvent")]
    marks: dict[str, Trigger | None] = {}

    def walk(todo: list[str], mark: Trigger | None) -> None:
        while todo:
            node = todo.pop()
            if node in marks:
                continue
            marks[node] = mark
            todo.extend(f.target for f in container.outgoing(node))

    walk(list(roots), None)
    for n in nodes.values():
        if n.kind == "boundaryEvent" and n.id not in marks:
            walk([n.id], Trigger(n.id, n.name or n.id, "timer" in n.events))
    return marks


def flow_triggers(library: LoadedLibrary) -> dict[tuple[str, str], Trigger]:
    """(container, flow id) -> :class:`Trigger` of every flow that decisions alone cannot
    reach (flows decisions reach are absent)."""
    marks = {name: _marks(c) for name, c in library.containers.items()}
    entry: dict[str, Trigger | None] = {}

    def container_trigger(name: str) -> Trigger | None:
        """What must happen before anything in container ``name`` runs (``None``: nothing)."""
        if name in entry:
            return entry[name]
        c = library.containers[name]
        found: Trigger | None = None
        if c.parent is not None and c.parent in library.containers:
            if c.triggered_by_event:
                starts = [n for n in c.nodes.values() if n.kind == "startEvent"]
                found = Trigger(c.host or name, c.name or c.host or name,
                                any("timer" in n.events for n in starts))
            else:
                found = container_trigger(c.parent) or marks[c.parent].get(c.host or "")
        entry[name] = found
        return found

    out: dict[tuple[str, str], Trigger] = {}
    for name, c in library.containers.items():
        outer = container_trigger(name)
        for flow in c.flows.values():
            trigger = outer or marks[name].get(flow.source)
            if trigger is not None:
                out[(name, flow.id)] = trigger
    return out


def flows_of(result: RunResult) -> set[tuple[str, str]]:
    """(container, flow id) of every sequence flow this run traversed."""
    return traversed_flows(result.run.library, result.workflow)


@dataclass(frozen=True)
class FlowCoverage:
    """One row per flow in scope; ``runs`` counts the runs that traversed it; ``trigger``
    names the boundary event or event subprocess a flow waits for (empty when decisions
    alone reach it) and ``timer`` whether that is a timer."""

    flows: pd.DataFrame

    @property
    def total(self) -> int:
        return len(self.flows)

    @property
    def covered(self) -> int:
        return int((self.flows["runs"] > 0).sum())

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0

    @property
    def missing(self) -> list[str]:
        return list(self.flows.loc[self.flows["runs"] == 0, "flow_id"])

    @property
    def missing_by_decisions(self) -> list[str]:
        """Flows not traversed that decisions alone could reach: a model error (a condition
        no data makes true), or too few paths."""
        f = self.flows
        return list(f.loc[(f["runs"] == 0) & (f["trigger"] == ""), "flow_id"])

    @property
    def waiting_for_events(self) -> pd.DataFrame:
        """Rows of flows not traversed that only time passing or an event reaches."""
        f = self.flows
        return f[(f["runs"] == 0) & (f["trigger"] != "")]

    def __str__(self) -> str:
        text = f"sequence-flow coverage {self.covered}/{self.total} ({self.ratio:.1%})"
        if self.missing:
            text += "; not traversed: " + ", ".join(self.missing)
        return text


def flow_coverage(
    results: Iterable[RunResult], *, processes: Iterable[str] | None = None
) -> FlowCoverage:
    """Coverage of the flows of ``processes`` (default: every process the runs executed)."""
    results = list(results)
    if not results:
        raise UsageError("flow_coverage memerlukan setidaknya satu hasil jalannya proses "
                         "(daftar hasil kosong)")
    library = results[0].run.library
    if processes is None:
        scope: set[str] = set()
        for result in results:
            scope.add(result.process_id)
            scope.update(result.workflow.subprocess_specs)
    else:
        scope = set(processes)
        for name in list(scope):
            process = library.processes.get(name)
            if process is not None:
                # embedded subprocess bodies of a named process belong to it
                scope.update(c.spec_name for c in library.containers.values()
                             if c.process_id == process.process_id)
    triggers = flow_triggers(library)
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        for key in flows_of(result):
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for name in sorted(scope):
        container = library.containers.get(name)
        if container is None:
            continue
        for flow in container.flows.values():
            rows.append({
                "process_id": container.process_id,
                "container": name,
                "flow_id": flow.id,
                "source": flow.source,
                "target": flow.target,
                "runs": counts.get((name, flow.id), 0),
                "trigger": triggers[(name, flow.id)].element_id
                if (name, flow.id) in triggers else "",
                "timer": (name, flow.id) in triggers and triggers[(name, flow.id)].timer,
            })
    return FlowCoverage(pd.DataFrame(rows, columns=COVERAGE_COLUMNS))
