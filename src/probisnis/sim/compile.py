"""Compile a model and a scenario into a read-only graph of integers for the engine.

The engine never looks an element up by id while it runs: every process it may enter
(the scenario's process, the processes its call activities call, the pools it exchanges
messages with, every embedded subprocess body) becomes a :class:`Graph` whose nodes are
numbered ``0..n-1`` with their kind code, successor arrays, join arity and the scenario's
numbers bound to them (duration distributions, pool index, cumulative branch
probabilities or compiled conditions). Compiling also validates the scenario against
the model; every problem is a :class:`ScenarioError` naming the scenario file and key.
"""

from __future__ import annotations

from dataclasses import dataclass

from probisnis.bpmn.model import TASK_KINDS, FlowNode, MessageFlow, Process
from probisnis.errors import ScenarioError
from probisnis.sim.bind import (
    Context,
    bind_activity,
    check_calendars,
    check_unused,
    route_of,
    timer_delay,
)
from probisnis.sim.distributions import Distribution, Fixed
from probisnis.sim.graph import (
    AND,
    BOUNDARY,
    CALL,
    END,
    EVENT_GW,
    MSG_CATCH,
    OR,
    PASS,
    START,
    SUB,
    TASK,
    TERMINATE,
    TIMER,
    XOR,
    Graph,
)
from probisnis.sim.scenario import ResourcePool, Scenario

__all__ = ["Compiled", "Graph", "compile_scenario"]


@dataclass(eq=False)
class Compiled:
    """The whole compiled simulation: graphs, pools, activity table, arrival plan."""

    root: str
    graphs: dict[str, Graph]
    #: processes started with every case besides the root (other pools with a plain start)
    co_start: tuple[str, ...]
    #: message key -> (process id, node) of the receiving element
    message_targets: list[tuple[str, int]]
    #: message key -> process id to instantiate (message start events), else None
    message_starts: dict[int, str]
    #: message key -> id of the receiving element
    message_target_ids: list[str]
    pools: list[ResourcePool]
    #: per activity row: process_id, element_id, name, kind, lane, pool index (-1 none)
    activities: list[tuple[str, str, str, str, str | None, int]]
    durations: list[Distribution]
    warnings: tuple[str, ...]
    scenario: Scenario


def _is_none_start(n: FlowNode) -> bool:
    return n.kind == "startEvent" and all(k in ("timer",) for k in n.event_kinds)


def _kind_of(n: FlowNode, ctx: Context, proc_id: str) -> int:
    k = n.kind
    if k in TASK_KINDS:
        return TASK
    if k in ("subProcess", "transaction", "adHocSubProcess"):
        return SUB
    if k == "callActivity":
        return CALL
    if k == "exclusiveGateway":
        return XOR
    if k == "parallelGateway":
        return AND
    if k in ("inclusiveGateway", "complexGateway"):
        if k == "complexGateway":
            ctx.warn(f"{proc_id}: complex gateway {n.id} simulated as an inclusive gateway")
        return OR
    if k == "eventBasedGateway":
        return EVENT_GW
    if k == "startEvent":
        return START
    if k == "endEvent":
        return TERMINATE if "terminate" in n.event_kinds else END
    if k == "boundaryEvent":
        return BOUNDARY
    if k == "intermediateCatchEvent":
        kinds = n.event_kinds
        if "timer" in kinds:
            return TIMER
        if "message" in kinds:
            return MSG_CATCH
        if kinds and "link" not in kinds:
            ctx.warn(f"{proc_id}: {'/'.join(kinds)} catch event {n.id} passes at once "
                     "(only timer and message events wait in the simulation)")
        return PASS
    return PASS


def _upstream(proc: Process, target: str, index: dict[str, int]) -> frozenset[int]:
    """Nodes from which ``target`` is reachable without passing through it."""
    preds: dict[str, list[str]] = {}
    for f in proc.flows.values():
        preds.setdefault(f.target_ref, []).append(f.source_ref)
    seen: set[str] = set()
    stack = [s for s in preds.get(target, []) if s != target]
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        stack.extend(p for p in preds.get(nid, []) if p != target and p not in seen)
        # a token inside an activity with boundary events can leave through them
    for nid in list(seen):
        node = proc.nodes.get(nid)
        if node is not None and node.kind == "boundaryEvent" and node.attached_to:
            seen.add(node.attached_to)
    return frozenset(index[n] for n in seen if n in index)


def _compile_process(proc: Process, ctx: Context, compiled: dict[str, Graph],
                     pending_calls: list[str], label: str) -> Graph:
    nodes = list(proc.nodes.values())
    index = {n.id: i for i, n in enumerate(nodes)}
    ctx.all_ids.update(index)
    g = Graph(
        process_id=label,
        ids=[n.id for n in nodes],
        names=[n.name or n.id for n in nodes],
        kinds=[_kind_of(n, ctx, proc.id) for n in nodes],
        bpmn_kinds=[n.kind for n in nodes],
        lanes=[n.lane for n in nodes],
        succ=[],
        succ_pos=[],
        out_flow_ids=[],
        n_in=[],
        route=[],
        starts=(),
        act=[-1] * len(nodes),
        path=proc.source.path,
    )
    # link events: a throw jumps to the catch of the same name
    link_catch = {}
    for n in nodes:
        if n.kind == "intermediateCatchEvent" and "link" in n.event_kinds:
            for d in n.event_definitions:
                if d.kind == "link":
                    link_catch[d.attrs.get("name", n.name)] = index[n.id]
    incoming: dict[int, list[str]] = {i: [] for i in range(len(nodes))}
    for f in proc.flows.values():
        if f.target_ref in index:
            incoming[index[f.target_ref]].append(f.id)
    for i, n in enumerate(nodes):
        flows = [proc.flows[fid] for fid in n.outgoing if fid in proc.flows]
        flows = [f for f in flows if f.target_ref in index]
        succ = tuple(index[f.target_ref] for f in flows)
        pos = tuple(incoming[index[f.target_ref]].index(f.id) for f in flows)
        if n.kind == "intermediateThrowEvent" and "link" in n.event_kinds and not flows:
            name = next((d.attrs.get("name", n.name) for d in n.event_definitions
                         if d.kind == "link"), n.name)
            if name in link_catch:
                succ, pos = (link_catch[name],), (0,)
        g.succ.append(succ)
        g.succ_pos.append(pos)
        g.out_flow_ids.append(tuple(f.id for f in flows))
        g.n_in.append(max(1, len(incoming[i])))
        g.route.append(route_of(n, g.kinds[i], flows, g, i, ctx, proc.id))
    # start nodes
    starts = [index[n.id] for n in nodes if _is_none_start(n)]
    if len(starts) > 1:
        ctx.warn(f"{proc.id}: {len(starts)} start events; the simulation starts at "
                 f"{nodes[starts[0]].id}")
        starts = starts[:1]
    if not starts:
        starts = [i for i, n in enumerate(nodes)
                  if not incoming[i] and n.kind not in ("boundaryEvent", "startEvent")
                  and not n.triggered_by_event and not n.attrs.get("isForCompensation")]
    g.starts = tuple(starts)
    for i, n in enumerate(nodes):
        k = g.kinds[i]
        if k in (TASK, SUB, CALL):
            bind_activity(n, i, g, ctx, proc, label)
        if k == SUB:
            if n.triggered_by_event:
                ctx.warn(f"{proc.id}: event subprocess {n.id} is not simulated")
            elif n.subprocess is not None:
                g.child[i] = _compile_process(n.subprocess, ctx, compiled, pending_calls,
                                              label)
        if k == CALL:
            called = n.called_element
            if not called or called not in ctx.processes:
                raise ScenarioError(
                    f"call activity {n.id} in process {proc.id} calls {called!r}, which is in "
                    f"neither the model nor the library "
                    f"({', '.join(ctx.s.library) or 'the model folder'})",
                    path=n.source.path or ctx.path, line=n.source.line, element_id=n.id)
            g.called[i] = called
            pending_calls.append(called)
        if k == TIMER:
            g.timer[i] = timer_delay(n, ctx, proc.id) or Fixed(0.0)
        if k == OR and g.n_in[i] > 1:
            g.or_upstream[i] = _upstream(proc, n.id, index)
            g.has_or_join = True
        if k == BOUNDARY and n.attached_to in index:
            if "timer" in n.event_kinds:
                g.timer[i] = timer_delay(n, ctx, proc.id) or Fixed(0.0)
                host = index[n.attached_to]
                g.boundary[host] = (*g.boundary.get(host, ()), (i, n.cancel_activity))
            elif n.event_kinds and not set(n.event_kinds) <= {"compensate"}:
                ctx.warn(f"{proc.id}: {'/'.join(n.event_kinds)} boundary event {n.id} never "
                         "fires in the simulation (only timer boundary events do)")
    g.counted = _cyclic_joins(g)
    return g


def _cyclic_joins(g: Graph) -> list[bool]:
    """For each node: it has several incoming flows and lies on a cycle."""
    n = len(g.ids)
    succ: list[list[int]] = [list(s) for s in g.succ]
    for host, bounds in g.boundary.items():
        succ[host].extend(b for b, _ in bounds)
    out = [False] * n
    for v in range(n):
        if g.n_in[v] < 2:
            continue
        seen: set[int] = set()
        stack = list(succ[v])
        while stack:
            u = stack.pop()
            if u == v:
                out[v] = True
                break
            if u in seen:
                continue
            seen.add(u)
            stack.extend(succ[u])
    return out


def _message_wiring(ctx: Context, graphs: dict[str, Graph], flows: tuple[MessageFlow, ...]
                    ) -> tuple[list[tuple[str, int]], dict[int, str], list[str]]:
    targets: list[tuple[str, int]] = []
    target_ids: list[str] = []
    starts: dict[int, str] = {}
    by_node: dict[str, Graph] = {}
    for g in graphs.values():
        for x in [g, *_children(g)]:
            for nid in x.ids:
                by_node.setdefault(nid, x)
    for mf in flows:
        src, dst = by_node.get(mf.source_ref), by_node.get(mf.target_ref)
        if src is None or dst is None:
            continue  # a black-box pool at either end: nothing to simulate
        di = dst.ids.index(mf.target_ref)
        si = src.ids.index(mf.source_ref)
        bk = dst.bpmn_kinds[di]
        key = len(targets)
        if bk == "startEvent" and "message" in _event_kinds(ctx, dst, di):
            starts[key] = dst.process_id
        elif dst.kinds[di] == MSG_CATCH or bk == "receiveTask":
            dst.receives[di] = key
        else:
            continue
        targets.append((dst.process_id, di))
        target_ids.append(mf.target_ref)
        src.sends[si] = (*src.sends.get(si, ()), key)
    # catch events no message flow reaches pass at once (a descriptive model's outside world)
    for g in graphs.values():
        for x in [g, *_children(g)]:
            for i, k in enumerate(x.kinds):
                if k == MSG_CATCH and i not in x.receives:
                    x.kinds[i] = PASS
                    ctx.warn(f"{x.process_id}: message catch {x.ids[i]} has no incoming message "
                             "flow from a simulated pool: it passes at once")
    return targets, starts, target_ids


def _event_kinds(ctx: Context, g: Graph, i: int) -> tuple[str, ...]:
    for p in ctx.processes.values():
        for n in p.iter_nodes():
            if n.id == g.ids[i]:
                return n.event_kinds
    return ()


def _children(g: Graph) -> list[Graph]:
    out = []
    for c in g.child.values():
        out.append(c)
        out.extend(_children(c))
    return out


def compile_scenario(scenario: Scenario) -> Compiled:
    """Validate ``scenario`` against its model and compile both for the engine."""
    ctx = Context(scenario)
    if scenario.process_id not in ctx.processes:
        raise ctx.fail("process", f"unknown process id {scenario.process_id!r}")
    if scenario.cases is None and scenario.horizon is None:
        raise ctx.fail("cases", "give a number of cases or a horizon")
    for pid, pool in scenario.pools.items():
        if pool.count < 1:
            raise ctx.fail(f"resources.{pid}.count", f"head count must be >= 1, got {pool.count}")
        if not 0 < pool.availability <= 1:
            raise ctx.fail(f"resources.{pid}.availability",
                           f"must be in (0, 1], got {pool.availability}")
    if scenario.arrivals.interarrival is None and not scenario.arrivals.batches:
        raise ctx.fail("arrivals", "no interarrival law and no batch: no case would arrive")
    check_calendars(ctx, scenario)
    graphs: dict[str, Graph] = {}
    flows: list[MessageFlow] = []
    owner: dict[str, str] = {}  # participant or flow-node id -> process id
    for d in scenario.definitions:
        flows.extend(d.message_flows())
        for part in d.participants():
            if part.process_ref:
                owner[part.id] = part.process_ref
        for proc, node in d.iter_nodes():
            owner.setdefault(node.id, proc.id)

    def closure(start: list[str]) -> None:
        pending = list(start)
        while pending:
            pid = pending.pop(0)
            if pid not in graphs:
                graphs[pid] = _compile_process(ctx.processes[pid], ctx, graphs, pending, pid)

    closure([scenario.process_id])
    called = set(graphs) - {scenario.process_id}
    # other pools exchanging messages with what is simulated join the case
    partners: list[str] = []
    grew = True
    while grew:
        grew = False
        for mf in flows:
            a, b = owner.get(mf.source_ref), owner.get(mf.target_ref)
            for here, there in ((a, b), (b, a)):
                if here in graphs and there is not None and there not in graphs \
                        and there in ctx.processes:
                    partners.append(there)
                    closure([there])
                    grew = True
    targets, mstarts, target_ids = _message_wiring(ctx, graphs, tuple(flows))
    co_start = tuple(
        pid for pid in partners
        if pid not in called and pid not in mstarts.values() and graphs[pid].starts
        and any(graphs[pid].bpmn_kinds[st] == "startEvent" for st in graphs[pid].starts)
    )
    check_unused(ctx, scenario)
    return Compiled(
        root=scenario.process_id,
        graphs=graphs,
        co_start=co_start,
        message_targets=targets,
        message_starts=mstarts,
        message_target_ids=target_ids,
        pools=ctx.pools,
        activities=ctx.activities,
        durations=ctx.durations,
        warnings=tuple(ctx.warnings),
        scenario=scenario,
    )


