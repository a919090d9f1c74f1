"""Rules about the shape of the flow: start/end events and connectedness."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from probisnis.bpmn.model import FlowNode, Process
from probisnis.present.notices import Term, notice
from probisnis.validate.context import CheckContext, Scope
from probisnis.validate.finding import Finding

__all__ = ["rule_disconnected", "rule_start_end"]


def _describe(node: FlowNode) -> Term:
    return Term(node.kind, node.name)


def rule_start_end(ctx: CheckContext) -> Iterator[Finding]:
    """start-end: every process and subprocess body has a start and an end event.

    * a process or (transaction) subprocess with flow nodes needs at least one
      start event ("no start event"), of which at most one is a none start
      ("more than one none start event"); message, timer, signal... starts may
      be several (one per trigger);
    * a plain subprocess may start only with a none start event;
    * an event subprocess needs exactly one start event, and it needs a trigger;
    * every one of them needs an end event ("no end event");
    * ad-hoc subprocesses and scopes without flow nodes are exempt.
    """
    for scope in ctx.scopes:
        proc = scope.process
        if not proc.nodes or scope.kind == "adHocSubProcess":
            continue
        starts = proc.start_events()
        where, ident = scope.source, scope.process.id
        if scope.kind == "eventSubProcess":
            if len(starts) != 1:
                yield ctx.finding(where, ident, "start-end", notice(
                    "start-end.exactly-one-start", scope=scope.label, count=len(starts)))
            elif not starts[0].event_definitions:
                yield ctx.finding(starts[0].source, starts[0].id, "start-end", notice(
                    "start-end.start-needs-trigger", scope=scope.label))
        else:
            none_starts = [s for s in starts if not s.event_definitions]
            if not starts:
                yield ctx.finding(where, ident, "start-end",
                                  notice("start-end.no-start", scope=scope.label))
            elif len(none_starts) > 1:
                yield ctx.finding(none_starts[1].source, none_starts[1].id, "start-end", notice(
                    "start-end.several-none-starts", scope=scope.label,
                    ids=[s.id for s in none_starts]))
            if scope.owner is not None:
                for start in starts:
                    if start.event_definitions:
                        yield ctx.finding(start.source, start.id, "start-end", notice(
                            "start-end.trigger-in-subprocess", scope=scope.label,
                            kinds=list(start.event_kinds)))
        if not proc.end_events():
            yield ctx.finding(where, ident, "start-end",
                              notice("start-end.no-end", scope=scope.label))


def _exempt(node: FlowNode) -> bool:
    """Nodes that live outside the sequence flow: event subprocesses, compensation handlers."""
    return node.triggered_by_event or node.attrs.get("isForCompensation", "").lower() == "true"


def _link_name(node: FlowNode) -> str | None:
    for definition in node.event_definitions:
        if definition.kind == "link":
            return definition.attrs.get("name") or definition.id
    return None


def _successors(proc: Process) -> dict[str, list[str]]:
    """node -> nodes it can pass control to: flows, boundary events, link throw -> catch."""
    succ: dict[str, list[str]] = {node_id: [] for node_id in proc.nodes}
    for flow in proc.flows.values():
        if flow.source_ref in succ and flow.target_ref in succ:
            succ[flow.source_ref].append(flow.target_ref)
    catches: dict[str, list[str]] = {}
    for node in proc.nodes.values():
        if node.kind == "boundaryEvent" and node.attached_to in succ:
            succ[node.attached_to].append(node.id)
        name = _link_name(node)
        if name is not None and node.kind == "intermediateCatchEvent":
            catches.setdefault(name, []).append(node.id)
    for node in proc.nodes.values():
        name = _link_name(node)
        if name is not None and node.kind == "intermediateThrowEvent":
            succ[node.id].extend(catches.get(name, ()))
    return succ


def _reach(starts: Iterable[str], succ: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for nxt in succ[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _is_isolated(node: FlowNode) -> bool:
    if node.incoming or node.outgoing or node.kind == "boundaryEvent" or _exempt(node):
        return False
    return _link_name(node) is None  # link events connect by name


def _is_compensation_boundary(node: FlowNode) -> bool:
    return node.kind == "boundaryEvent" and "compensate" in node.event_kinds


def _check_scope(ctx: CheckContext, scope: Scope) -> Iterator[Finding]:
    proc = scope.process
    isolated = set()
    for node in proc.nodes.values():
        if _is_isolated(node):
            isolated.add(node.id)
            yield ctx.finding(node.source, node.id, "disconnected",
                              notice("disconnected.isolated", node=_describe(node)))
    succ = _successors(proc)
    starts = [n.id for n in proc.start_events()]
    if starts:
        reached = _reach(starts, succ)
        for node in proc.nodes.values():
            if node.id in reached or node.id in isolated or _exempt(node):
                continue
            yield ctx.finding(node.source, node.id, "disconnected", notice(
                "disconnected.unreachable", node=_describe(node), scope=scope.label))
    ends = [n.id for n in proc.end_events()]
    if ends:
        pred: dict[str, list[str]] = {node_id: [] for node_id in succ}
        for src, targets in succ.items():
            for dst in targets:
                pred[dst].append(src)
        finishing = _reach(ends, pred)
        for node in proc.nodes.values():
            if node.id in finishing or node.id in isolated or _exempt(node):
                continue
            if _is_compensation_boundary(node):
                continue  # its handler hangs on an association, not a flow
            yield ctx.finding(node.source, node.id, "disconnected", notice(
                "disconnected.no-way-to-end", node=_describe(node), scope=scope.label))


def rule_disconnected(ctx: CheckContext) -> Iterator[Finding]:
    """disconnected: isolated nodes, nodes unreachable from a start, nodes that cannot end.

    Per process and subprocess body: a flow node with neither incoming nor
    outgoing sequence flow (boundary events, link events, event subprocesses
    and compensation handlers excepted); when the scope has a start event,
    every node not reachable from one; when it has an end event, every node
    from which no end event can be reached. Reachability follows sequence
    flows, an activity to its boundary events, and a link throw event to the
    link catch events of the same name. Ad-hoc subprocess bodies are exempt.
    """
    for scope in ctx.scopes:
        if scope.kind != "adHocSubProcess":
            yield from _check_scope(ctx, scope)
