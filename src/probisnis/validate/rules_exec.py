"""Rules about what running the model needs: decisions for business-rule tasks, call
activities that end, parallel joins that can fire."""

from __future__ import annotations

from collections.abc import Iterator

from probisnis.bpmn.model import FlowNode, Process
from probisnis.present.notices import notice
from probisnis.validate.context import CheckContext
from probisnis.validate.finding import Finding

__all__ = ["rule_call_cycle", "rule_decision_ref", "rule_loop_join"]


def rule_decision_ref(ctx: CheckContext) -> Iterator[Finding]:
    """decision-ref: every business-rule task names the decision it evaluates.

    The reference is Camunda's ``camunda:decisionRef`` attribute or spiff-arena's
    ``spiffworkflow:calledDecisionId`` extension; without one, ``run`` cannot
    evaluate the task. Only executable processes (``isExecutable="true"``) are
    checked: in a descriptive model the task only names the rule.
    """
    for process, node in ctx.defs.iter_nodes():
        if node.kind != "businessRuleTask" or not process.is_executable:
            continue
        refs = [v for k, v in node.attrs.items()
                if (k.endswith("}decisionRef") or k in ("decisionRef", "calledDecisionId"))
                and str(v).strip()]
        if not refs:
            yield ctx.finding(node.source, node.id, "decision-ref",
                              notice("decision-ref.missing"))


def rule_call_cycle(ctx: CheckContext) -> Iterator[Finding]:
    """call-cycle: no call activity calls its own process, directly or through others.

    Such a process starts itself again on every run and never ends. Only calls
    between processes of the file are followed.
    """
    calls: dict[str, list[tuple[str, FlowNode]]] = {}
    for process in ctx.defs.processes.values():
        for node in process.iter_nodes():
            if node.kind == "callActivity" and node.called_element:
                calls.setdefault(process.id, []).append((node.called_element, node))
    for process_id, outgoing in calls.items():
        for target, node in outgoing:
            route = _route_back(calls, target, process_id)
            if route is not None:
                chain = " -> ".join([process_id, *route])
                yield ctx.finding(node.source, node.id, "call-cycle",
                                  notice("call-cycle.self", chain=chain))


def _route_back(calls: dict[str, list[tuple[str, FlowNode]]], start: str, goal: str
                ) -> list[str] | None:
    """The processes from ``start`` to ``goal`` along call activities, if any."""
    seen = {start}
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        current, route = stack.pop()
        if current == goal:
            return route
        for target, _ in calls.get(current, []):
            if target not in seen:
                seen.add(target)
                stack.append((target, [*route, target]))
    return None


def rule_loop_join(ctx: CheckContext) -> Iterator[Finding]:
    """loop-join: every incoming flow of a parallel join can carry a token the first time.

    A parallel join waits for a token on each incoming flow. A flow whose
    source can only be reached through the join itself (a loop that goes back
    into the join) never has one the first time, so the join never fires and
    the run and the simulation stop there.
    """
    for scope in ctx.scopes:
        proc = scope.process
        for node in proc.nodes.values():
            if node.kind != "parallelGateway" or len(node.incoming) < 2:
                continue
            reachable = _reachable_without(proc, node.id)
            for flow_id in node.incoming:
                flow = proc.flows.get(flow_id)
                if flow is None or flow.source_ref in reachable:
                    continue
                yield ctx.finding(node.source, node.id, "loop-join",
                                  notice("loop-join.never-fires", flow=flow_id))


def _reachable_without(proc: Process, blocked: str) -> set[str]:
    """Nodes reachable from the entry points of ``proc`` without passing ``blocked``."""
    successors: dict[str, list[str]] = {}
    for flow in proc.flows.values():
        successors.setdefault(flow.source_ref, []).append(flow.target_ref)
    for node in proc.nodes.values():  # a boundary event leaves from its activity
        if node.kind == "boundaryEvent" and node.attached_to:
            successors.setdefault(node.attached_to, []).append(node.id)
    entries = [n.id for n in proc.nodes.values()
               if not n.incoming and n.kind != "boundaryEvent" and n.id != blocked]
    seen = set(entries)
    stack = list(entries)
    while stack:
        current = stack.pop()
        for target in successors.get(current, []):
            if target != blocked and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen
