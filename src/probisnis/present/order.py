"""The order a person reads a process in: activities as the flow meets them.

Results keyed by element id are shown in *process order*, not sorted by id: a breadth-first
walk of the sequence flows from the start events, descending into a call activity's called
process (and an embedded subprocess) where the flow meets it. Elements the walk does not
reach (event subprocesses, boundary paths) follow in the order the file declares them.

This reads only the BPMN model (:mod:`probisnis.bpmn.model`), never the engine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from probisnis.bpmn.model import Definitions, FlowNode, Process

__all__ = ["OrderedNode", "process_order"]


@dataclass(frozen=True, slots=True)
class OrderedNode:
    """A flow node in process order, with the process (phase) that holds it.

    ``phase`` is what a person calls that process: the name of the call activity (or
    subprocess) that entered it, else the process's own name, else its id; when two
    different processes would have the same phase name (M1's periodic and "sewaktu-waktu"
    monitoring both enter a subprocess "Memantau dan memberi umpan balik"), each is followed
    by the phase around it: ``Memantau dan memberi umpan balik (Pemantauan sewaktu-waktu)``.
    """

    node: FlowNode
    process: Process
    phase: str


def _processes(definitions: Iterable[Definitions]) -> dict[str, Process]:
    found: dict[str, Process] = {}
    for d in definitions:
        for pid, proc in d.processes.items():
            found.setdefault(pid, proc)
    return found


def _walk(proc: Process, processes: dict[str, Process], seen: set[str],
          phase: str, around: dict[str, str], outer: str = "") -> Iterator[OrderedNode]:
    """Nodes of ``proc`` breadth first along its flows, then the ones the flows miss."""
    if proc.id in seen:  # a process calling itself (directly or not) is listed once
        return
    seen.add(proc.id)
    around[proc.id] = outer
    queue = deque(n.id for n in proc.nodes.values()
                  if n.kind == "startEvent" or (not n.incoming and n.attached_to is None
                                                and not n.triggered_by_event))
    visited: set[str] = set()
    flows = proc.flows
    order: list[str] = []
    while queue:
        node_id = queue.popleft()
        if node_id in visited or node_id not in proc.nodes:
            continue
        visited.add(node_id)
        order.append(node_id)
        node = proc.nodes[node_id]
        targets = [flows[f].target_ref for f in node.outgoing if f in flows]
        # boundary events of this activity come right after it
        targets += [b.id for b in proc.nodes.values() if b.attached_to == node_id]
        queue.extend(t for t in targets if t not in visited)
    order += [n for n in proc.nodes if n not in visited]
    for node_id in order:
        node = proc.nodes[node_id]
        yield OrderedNode(node, proc, phase)
        inner = node.subprocess if node.subprocess is not None \
            else processes.get(node.called_element or "")
        if inner is not None:
            yield from _walk(inner, processes, seen, node.name or inner.name or inner.id,
                             around, phase)


def process_order(definitions: Iterable[Definitions], process_id: str) -> list[OrderedNode]:
    """Every flow node reachable from ``process_id`` (and the processes it calls), in the
    order the flow meets them; each node once."""
    processes = _processes(definitions)
    if process_id not in processes:
        return []
    out: list[OrderedNode] = []
    ids: set[str] = set()
    top = processes[process_id]
    around: dict[str, str] = {}
    for item in _walk(top, processes, set(), top.name or top.id, around):
        if item.node.id not in ids:
            ids.add(item.node.id)
            out.append(item)
    holders: dict[str, set[str]] = {}
    for item in out:
        holders.setdefault(item.phase, set()).add(item.process.id)
    return [OrderedNode(item.node, item.process, f"{item.phase} ({around[item.process.id]})")
            if len(holders[item.phase]) > 1 and around.get(item.process.id) else item
            for item in out]
