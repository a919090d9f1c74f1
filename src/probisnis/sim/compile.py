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
from probisnis.errors import ScenarioError, say
from probisnis.sim.bind import (
    Context,
    bind_activity,
    bind_timer,
    check_calendars,
    check_unused,
    route_of,
    timeless,
)
from probisnis.sim.distributions import Distribution
from probisnis.sim.expressions import compile_condition
from probisnis.sim.graph import (
    AND,
    BOUNDARY,
    CALL,
    COND_CATCH,
    END,
    EVENT_GW,
    EVENT_SUB,
    MSG_CATCH,
    OR,
    PASS,
    SIGNAL_CATCH,
    START,
    SUB,
    TASK,
    TERMINATE,
    THROW,
    TIMER,
    XOR,
    Graph,
)
from probisnis.sim.multitask import check_multitask
from probisnis.sim.presence import check_presence
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
        return EVENT_SUB if n.triggered_by_event else SUB
    if k == "callActivity":
        return CALL
    if k == "exclusiveGateway":
        return XOR
    if k == "parallelGateway":
        return AND
    if k in ("inclusiveGateway", "complexGateway"):
        if k == "complexGateway":
            ctx.warn("complex-as-inclusive", where=proc_id, gateway=n.id)
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
        if "timer" in kinds or n.id in ctx.s.timers:  # a scenario delay (Prosimos events)
            return TIMER
        if "message" in kinds:
            return MSG_CATCH
        if "signal" in kinds:
            return SIGNAL_CATCH
        if "conditional" in kinds:
            return COND_CATCH
        if kinds and "link" not in kinds:
            ctx.warn("catch-passes", where=proc_id, kinds="/".join(kinds), event=n.id)
        return PASS
    if k == "intermediateThrowEvent" and set(n.event_kinds) & _THROWN:
        return THROW
    return PASS


#: event kinds a throw or end event passes on to catching events
_THROWN = frozenset({"signal", "error", "escalation"})
#: boundary and event-subprocess triggers the simulation fires
_TRIGGERS = ("timer", "message", "signal", "error", "escalation", "conditional")


def _thrown(n: FlowNode) -> tuple[str, str | None] | None:
    for d in n.event_definitions:
        if d.kind in _THROWN:
            return d.kind, d.ref
    return None


def _trigger(n: FlowNode, ctx: Context, proc_id: str, g: Graph, i: int
             ) -> tuple[str, object] | None:
    """What fires boundary event or event-subprocess start ``n`` (bound to node ``i``)."""
    for d in n.event_definitions:
        if d.kind not in _TRIGGERS:
            continue
        if d.kind == "timer":
            if timeless(n, ctx):
                return None  # a timer with no time at all never fires here (as in `run`)
            bind_timer(n, ctx, proc_id, g, i)
            return "timer", None
        if d.kind == "conditional":
            text = d.attrs.get("condition", "")
            try:
                cond = compile_condition(text, where=n.id, path=n.source.path)
            except ScenarioError as exc:
                ctx.warn("conditional-bad", where=proc_id, event=n.id, reason=exc.message)
                return None
            if not cond.names <= ctx.attr_names:
                ctx.warn("conditional-not-attributes", where=proc_id, event=n.id,
                         names=sorted(cond.names - ctx.attr_names))
                return None
            return "conditional", cond
        return d.kind, d.ref
    return None


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
                     pending_calls: list[str], label: str, *, embedded: bool = False) -> Graph:
    """The :class:`Graph` of ``proc`` (``embedded``: the body of an embedded subprocess,
    where every none start event starts, as BPMN 2.0 §10.5.2 says and ``run`` does; a
    process's start events are alternatives, and the first is taken)."""
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
    link_catch = _link_catches(nodes)
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
    starts = _starts(nodes, incoming, ctx, proc.id, embedded=embedded)
    g.starts = tuple(starts)
    for i, n in enumerate(nodes):
        k = g.kinds[i]
        if k in (TASK, SUB, CALL):
            bind_activity(n, i, g, ctx, proc, label)
        if k == SUB and n.subprocess is not None:
            g.child[i] = _compile_process(n.subprocess, ctx, compiled, pending_calls, label,
                                          embedded=True)
        if k == EVENT_SUB and n.subprocess is not None:
            _event_subprocess(n, i, g, ctx, compiled, pending_calls, label, proc.id)
        if k in (END, THROW):
            thrown = _thrown(n)
            if thrown is not None:
                g.throws[i] = thrown
        if k == SIGNAL_CATCH:
            g.trigger[i] = ("signal", next(d.ref for d in n.event_definitions
                                          if d.kind == "signal"))
        if k == COND_CATCH:
            trig = _trigger(n, ctx, proc.id, g, i)
            if trig is not None:
                g.conditions[i] = trig[1]  # type: ignore[assignment]
            else:
                g.kinds[i] = PASS
        if k == CALL:
            called = _call_target(n, ctx, proc.id)
            g.called[i] = called
            pending_calls.append(called)
        if k == TIMER:
            bind_timer(n, ctx, proc.id, g, i)
        if k == OR and g.n_in[i] > 1:
            g.or_upstream[i] = _upstream(proc, n.id, index)
            g.has_or_join = True
        if k == BOUNDARY and n.attached_to in index:
            trig = _trigger(n, ctx, proc.id, g, i)
            if trig is not None:
                g.trigger[i] = trig
                host = index[n.attached_to]
                g.boundary[host] = (*g.boundary.get(host, ()), (i, n.cancel_activity))
            elif n.event_kinds and not set(n.event_kinds) <= {"compensate"}:
                ctx.warn("boundary-never-fires", where=proc.id, kinds="/".join(n.event_kinds),
                         event=n.id)
        if k == AND and g.n_in[i] > 1:
            found = [_flow_upstream(proc, n.id, proc.flows[fid].source_ref, index)
                     for fid in incoming[i]]
            if any(loop for _, loop in found):  # a flow fed back from after the join
                g.loop_join[i] = tuple(up for up, _ in found)
                g.has_or_join = True
    g.counted = _cyclic_joins(g)
    return g


def _link_catches(nodes: list[FlowNode]) -> dict[str, int]:
    """Link events: the catch of each name, where a throw of that name jumps."""
    found = {}
    for i, n in enumerate(nodes):
        if n.kind == "intermediateCatchEvent" and "link" in n.event_kinds:
            for d in n.event_definitions:
                if d.kind == "link":
                    found[d.attrs.get("name", n.name)] = i
    return found

def _call_target(n: FlowNode, ctx: Context, proc_id: str) -> str:
    """The process call activity ``n`` calls: named, and in the model or the library."""
    called = n.called_element
    if not called:
        raise ScenarioError(say(
            f"pemanggilan proses {n.id} di proses {proc_id} tidak menyebut proses yang "
            "dipanggil (calledElement kosong): isi calledElement dengan id proses yang "
            "dipanggil, atau jadikan elemen ini tugas biasa",
            f"call activity {n.id} in process {proc_id} names no process to call (no "
            "calledElement): give it the called process's id, or make it a task"),
            path=n.source.path or ctx.path, line=n.source.line, element_id=n.id)
    if called not in ctx.processes:
        toml = str(ctx.s.path or "").endswith(".toml")
        raise ScenarioError(say(
            f"pemanggilan proses {n.id} di proses {proc_id} memanggil {called!r}, yang "
            f"tidak ada di model maupun di pustaka (dicari di: "
            f"{', '.join(ctx.s.library) or 'folder model'}): "
            + ("tambahkan berkas atau foldernya di library = [...] skenario" if toml
               else "berikan foldernya dengan --library FOLDER"),
            f"call activity {n.id} in process {proc_id} calls {called!r}, which is in "
            f"neither the model nor the library "
            f"({', '.join(ctx.s.library) or 'the model folder'})"),
            path=n.source.path or ctx.path, line=n.source.line, element_id=n.id)
    return called


def _starts(nodes: list[FlowNode], incoming: dict[int, list[str]], ctx: Context,
            proc_id: str, *, embedded: bool) -> list[int]:
    """Where a token starts: the none start events (every one in an embedded body, the
    first of a process), else every node nothing leads to."""
    starts = [i for i, n in enumerate(nodes) if _is_none_start(n)]
    if len(starts) > 1 and embedded:
        ctx.warn("sub-several-starts", where=proc_id, count=len(starts),
                 starts=", ".join(nodes[i].id for i in starts))
    elif len(starts) > 1:
        ctx.warn("several-starts", where=proc_id, count=len(starts), start=nodes[starts[0]].id)
        starts = starts[:1]
    if not starts:
        starts = [i for i, n in enumerate(nodes)
                  if not incoming[i] and n.kind not in ("boundaryEvent", "startEvent")
                  and not n.triggered_by_event and not n.attrs.get("isForCompensation")]
    return starts


def _event_subprocess(n: FlowNode, i: int, g: Graph, ctx: Context, compiled: dict[str, Graph],
                      pending_calls: list[str], label: str, proc_id: str) -> None:
    """Bind event subprocess ``n``: its body, its start's trigger, interrupting or not."""
    assert n.subprocess is not None
    body = _compile_process(n.subprocess, ctx, compiled, pending_calls, label)
    body.starts = ()
    body.event_body = True
    start = next((j for j, kind in enumerate(body.bpmn_kinds)
                  if kind == "startEvent" and body.succ[j]), None)
    node = n.subprocess.nodes.get(body.ids[start]) if start is not None else None
    trig = _trigger(node, ctx, proc_id, g, i) if node is not None else None
    if start is None or node is None or trig is None:
        ctx.warn("event-subprocess-never-starts", where=proc_id, subprocess=n.id)
        return
    g.child[i] = body
    g.trigger[i] = trig
    interrupting = node.attrs.get("isInterrupting", "true").strip().lower() != "false"
    if trig[0] == "error":
        interrupting = True  # an error start event always interrupts (BPMN 10.5.5)
    g.event_subs = (*g.event_subs, (i, start, interrupting))


def _flow_upstream(proc: Process, join: str, source: str, index: dict[str, int]
                   ) -> tuple[frozenset[int], bool]:
    """``source`` and the nodes from which it is reachable without passing through ``join``;
    and whether ``join`` itself reaches ``source`` (the flow feeds back a loop)."""
    preds: dict[str, list[str]] = {}
    for f in proc.flows.values():
        preds.setdefault(f.target_ref, []).append(f.source_ref)
    for n in proc.nodes.values():  # leaving through a boundary event: from its activity
        if n.kind == "boundaryEvent" and n.attached_to:
            preds.setdefault(n.id, []).append(n.attached_to)
    seen: set[str] = {source}
    stack = [source]
    loop = source == join
    while stack:
        nid = stack.pop()
        for p in preds.get(nid, []):
            if p == join:
                loop = True
            elif p not in seen:
                seen.add(p)
                stack.append(p)
    seen.discard(join)
    return frozenset(index[x] for x in seen if x in index), loop


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
    keys: dict[str, int] = {}  # target element id -> its message key
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
        known = keys.get(mf.target_ref)
        if known is not None:  # several message flows into one element: one mailbox key
            if known not in src.sends.get(si, ()):
                src.sends[si] = (*src.sends.get(si, ()), known)
            continue
        key = len(targets)
        if bk == "startEvent" and dst.event_body:
            dst.receives[di] = key  # an event subprocess's message start
        elif bk == "startEvent" and "message" in _event_kinds(ctx, dst, di):
            starts[key] = dst.process_id
        elif dst.kinds[di] in (MSG_CATCH, BOUNDARY) or bk == "receiveTask":
            dst.receives[di] = key
        else:
            continue
        targets.append((dst.process_id, di))
        target_ids.append(mf.target_ref)
        keys[mf.target_ref] = key
        src.sends[si] = (*src.sends.get(si, ()), key)
    # catch events no message flow reaches pass at once (a descriptive model's outside world)
    for g in graphs.values():
        for x in [g, *_children(g)]:
            for i, k in enumerate(x.kinds):
                if k == MSG_CATCH and i not in x.receives:
                    x.kinds[i] = PASS
                    ctx.warn("message-catch-passes", where=x.process_id, event=x.ids[i])
                if x.trigger.get(i, ("",))[0] == "message" and k == BOUNDARY \
                        and i not in x.receives:
                    ctx.warn("message-boundary-never-fires", where=x.process_id,
                             event=x.ids[i])
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
        raise ctx.fail("process", say(f"id proses {scenario.process_id!r} tidak dikenal",
                                      f"unknown process id {scenario.process_id!r}"))
    if scenario.cases is None and scenario.horizon is None:
        raise ctx.fail("cases", say("tulis jumlah kasus (cases) atau rentang waktu (horizon)",
                                    "give a number of cases or a horizon"))
    for pid, pool in scenario.pools.items():
        if pool.count < 1:
            raise ctx.fail(f"resources.{pid}.count", say(
                f"jumlah orang harus >= 1, bukan {pool.count}",
                f"head count must be >= 1, got {pool.count}"))
        if not 0 < pool.availability <= 1:
            raise ctx.fail(f"resources.{pid}.availability", say(
                f"harus di antara 0 (tidak termasuk) dan 1, bukan {pool.availability}",
                f"must be in (0, 1], got {pool.availability}"))
    if scenario.arrivals.interarrival is None and not scenario.arrivals.batches:
        raise ctx.fail("arrivals", say(
            "tidak ada hukum antar-kedatangan dan tidak ada batch: tidak ada kasus yang datang",
            "no interarrival law and no batch: no case would arrive"))
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
    check_multitask(ctx, scenario)
    check_presence(ctx, scenario)
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


