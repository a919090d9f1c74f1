"""The rule registry: rule name -> function of a :class:`CheckContext` yielding findings.

One function per rule; adding a rule is one entry in :data:`RULES`. Each rule's
docstring states exactly what it checks (docs/validation.md repeats it with an
example).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from probisnis.bpmn.schema import schema_errors
from probisnis.errors import BpmnError
from probisnis.present.notices import Term, notice
from probisnis.validate.context import CheckContext
from probisnis.validate.finding import Finding
from probisnis.validate.rules_code import rule_unsafe_code
from probisnis.validate.rules_exec import rule_call_cycle, rule_decision_ref, rule_loop_join
from probisnis.validate.rules_flow import rule_disconnected, rule_start_end
from probisnis.validate.rules_refs import rule_dangling_ref

__all__ = ["RESERVED_IDS", "RULES", "Rule"]

Rule = Callable[[CheckContext], Iterator[Finding]]

#: task names SpiffWorkflow gives its own built-in task specs
RESERVED_IDS = frozenset({"Start", "End"})


def rule_lane(ctx: CheckContext) -> Iterator[Finding]:
    """lane: in a process that has lanes, every flow node lies in some lane.

    Only the process's own flow nodes count (nodes inside a subprocess are in
    the subprocess's lane); a process without lanes is exempt.
    """
    for proc in ctx.defs.processes.values():
        if not proc.lanes:
            continue
        for node in proc.nodes.values():
            if node.lane is None:
                yield ctx.finding(node.source, node.id, "lane", notice(
                    "lane.outside", node=Term(node.kind, node.name),
                    process=Term("process", proc.name or proc.id)))


def rule_gateway_label(ctx: CheckContext) -> Iterator[Finding]:
    """gateway-label: each outgoing flow of a diverging exclusive gateway has a name.

    A gateway with two or more outgoing flows is a decision; each outcome
    needs a name (e.g. "Ya"/"Tidak") so analysts can read it. The default flow
    is exempt. Severity: warning.
    """
    for scope in ctx.scopes:
        proc = scope.process
        for node in proc.nodes.values():
            if node.kind != "exclusiveGateway" or len(node.outgoing) < 2:
                continue
            for flow_id in node.outgoing:
                flow = proc.flows[flow_id]
                if flow.name.strip() or flow_id == node.default:
                    continue
                yield ctx.finding(flow.source, flow.id, "gateway-label", notice(
                    "gateway-label.unnamed", gateway=node.name or node.id), "warning")


def rule_reserved_id(ctx: CheckContext) -> Iterator[Finding]:
    """reserved-id: no flow node has the id ``Start`` or ``End``.

    SpiffWorkflow names its own built-in start and end tasks so; the runner
    renames such nodes internally, but reports would mix them up. Severity: warning.
    """
    for _, node in ctx.defs.iter_nodes():
        if node.id in RESERVED_IDS:
            yield ctx.finding(node.source, node.id, "reserved-id",
                              notice("reserved-id.spiff", id=node.id), "warning")


def rule_schema(ctx: CheckContext) -> Iterator[Finding]:
    """schema: the file is valid against the OMG BPMN 2.0 XSD.

    Vendor extensions (elements in extensionElements, attributes in other
    namespaces) are legal. Only files on disk are checked.
    """
    path = Path(ctx.defs.path)
    if not path.is_file():
        return
    try:
        issues = schema_errors(path)
    except BpmnError:
        return  # changed on disk since it was read; the parse rule will say so next time
    for issue in issues:
        yield Finding(issue.path, issue.line, issue.element_id, "schema", issue.message, "error")


#: rule name -> rule, in report order
RULES: dict[str, Rule] = {
    "schema": rule_schema,
    "start-end": rule_start_end,
    "disconnected": rule_disconnected,
    "lane": rule_lane,
    "gateway-label": rule_gateway_label,
    "dangling-ref": rule_dangling_ref,
    "reserved-id": rule_reserved_id,
    "unsafe-code": rule_unsafe_code,
    "decision-ref": rule_decision_ref,
    "call-cycle": rule_call_cycle,
    "loop-join": rule_loop_join,
}
