"""Gateways: joins (parallel, inclusive, parallel fed back by a loop) and the routing of
exclusive, inclusive and event-based gateways (the rules are in ``docs/simulation.md``).

The walker (:mod:`probisnis.sim.behaviours.walk`) routes the common cases inline (one
flow, a drawn exclusive branch, a parallel split); the other routing modes are looked up
in :data:`ROUTE` by the node's routing code.
"""

from __future__ import annotations

from itertools import accumulate
from typing import TYPE_CHECKING, Any

from probisnis.present.notices import notice
from probisnis.sim.behaviours.events import listen
from probisnis.sim.behaviours.messages import drop_wait as _drop_wait
from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.graph import (
    AND,
    OR,
    R_EVENT,
    R_OR_C,
    R_OR_P,
    R_XOR_C,
    SIGNAL_CATCH,
    TASK,
    TIMER,
    Graph,
)
from probisnis.sim.state import Case, CaseFailed, Scope

if TYPE_CHECKING:
    from simpy.events import Event, Process

__all__ = ["ROUTE", "check_or", "enter_join", "event_gateway", "or_choice", "xor_condition"]


def enter_join(sim: Runtime, scope: Scope, node: int, pos: int) -> bool:
    """A token enters ``node`` (several incoming flows) through flow ``pos``; True: it parks."""
    g = scope.graph
    if g.counted[node]:
        sim.visit(scope, node)
    k = g.kinds[node]
    if k == AND:
        st = scope.joins.get(node)
        if st is None:
            st = scope.joins[node] = [0] * g.n_in[node]
        st[pos] += 1
        if node in g.loop_join:
            scope.or_wait[node] = 1
            return True  # parked; check_or fires it (the flows that can't be fed)
        if 0 in st:
            return True  # park: the last token to arrive continues
        for i in range(len(st)):
            st[i] -= 1
        if not any(st):
            del scope.joins[node]
    elif k == OR:
        scope.or_wait[node] = scope.or_wait.get(node, 0) + 1
        return True  # parked; check_or fires the join
    return False


def check_or(sim: Runtime, scope: Scope) -> None:
    """Fire every waiting join no live token can still feed (see docs/simulation.md).

    An inclusive join fires when no token can still reach it; a parallel join fed back
    by a loop (``Graph.loop_join``) when every incoming flow has a token or can no
    longer get one (as SpiffWorkflow does).
    """
    g = scope.graph
    fired = True
    while fired and scope.or_wait:
        fired = False
        for j in list(scope.or_wait):
            if j in g.loop_join:
                if _loop_join_ready(scope, j):
                    st = scope.joins[j]
                    for i in range(len(st)):
                        if st[i]:
                            st[i] -= 1
                    if not any(st):
                        del scope.joins[j]
                        del scope.or_wait[j]
                    sim.spawn(scope, j, 0, leaving=True)
                    fired = True
                continue
            up = g.or_upstream[j]
            if any(p in up for p in scope.pos.values()):
                continue
            if any(k in up and k != j for k in scope.joins):
                continue
            if any(k in up and k != j for k in scope.or_wait):
                continue
            del scope.or_wait[j]
            sim.spawn(scope, j, 0, leaving=True)
            fired = True

def _loop_join_ready(scope: Scope, j: int) -> bool:
    st = scope.joins[j]
    for i, up in enumerate(scope.graph.loop_join[j]):
        if st[i]:
            continue
        if any(p in up for p in scope.pos.values()):
            return False
        if any(k in up and k != j for k in scope.joins):
            return False
        if any(k in up and k != j for k in scope.or_wait):
            return False
    return True

def xor_condition(sim: Runtime, g: Graph, node: int, case: Case) -> int:
    conds, default = g.conds[node]
    for j, c in enumerate(conds):
        if c is not None and c(case.attrs):
            return j
    if default < 0:
        sim.fail(case, notice("fail-no-condition", gateway=g.ids[node],
                              attributes=dict(case.attrs)), g.ids[node], g.path)
        raise CaseFailed
    return default


def or_choice(sim: Runtime, g: Graph, node: int, case: Case) -> list[int]:
    if g.route[node] == R_OR_P:
        probs = g.probs[node]
        for _ in range(1000):
            chosen = [j for j, p in enumerate(probs) if sim.branch(g, node, j)(case) < p]
            if chosen:
                return chosen
            if sim.c.scenario.inclusive_none == "one":  # Prosimos: one flow by probability
                u = sim.branch(g, node, len(probs))(case) * sum(probs)
                return [next((j for j, acc in enumerate(accumulate(probs)) if u < acc),
                             len(probs) - 1)]
        return [max(range(len(probs)), key=probs.__getitem__)]
    conds, default = g.conds[node]
    chosen = [j for j, c in enumerate(conds) if c is not None and c(case.attrs)]
    if not chosen and default >= 0:
        chosen = [default]
    if not chosen:
        sim.fail(case, notice("fail-inclusive-none", gateway=g.ids[node],
                              attributes=dict(case.attrs)), g.ids[node], g.path)
        raise CaseFailed
    return chosen


def event_gateway(sim: Runtime, scope: Scope, node: int) -> Any:
    """Wait for the first of the events after an event-based gateway; return its node."""
    import simpy  # (simpy is imported only where the simpy loop runs)

    g = scope.graph
    case = scope.case
    env = sim.env
    followers = g.succ[node]
    waits: dict[Event, int] = {}
    undo: list[Any] = []
    mail, waiters = case.box()
    for f in followers:
        key = g.receives.get(f)
        if key is not None:
            if mail.get(key, 0) > 0:  # a message already waits: it wins at once
                mail[key] -= 1
                for ev, other in waits.items():
                    _drop_wait(g, case, ev, other)
                for u in undo:
                    u()
                return f
            ev = simpy.Event(env)
            waiters.setdefault(key, []).append(ev)
            waits[ev] = f
        elif g.kinds[f] == TIMER:
            waits[simpy.Timeout(env, sim.timer_delay(g, f, case))] = f
        elif g.kinds[f] == SIGNAL_CATCH:
            ev = simpy.Event(env)
            undo.append(listen(case, g.trigger[f][1], _succeed(ev)))
            waits[ev] = f
    if not waits:
        return followers[0]
    try:
        fired = yield env.any_of(list(waits))
    except simpy.Interrupt:
        for ev, f in waits.items():
            _drop_wait(g, case, ev, f)
        raise
    finally:
        for u in undo:
            u()
    winner = next(f for ev, f in waits.items() if ev in fired)
    for ev, f in waits.items():
        if f != winner:
            _drop_wait(g, case, ev, f)
    return winner


def _succeed(ev: Event) -> Any:
    def hear() -> None:
        if not ev.triggered:
            ev.succeed()
    return hear


def _routexor_condition(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    g = scope.graph
    j = xor_condition(sim, g, node, scope.case)
    return g.succ[node][j], g.succ_pos[node][j], False
    yield


def _route_inclusive(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    g = scope.graph
    chosen = or_choice(sim, g, node, scope.case)
    targets, positions = g.succ[node], g.succ_pos[node]
    for j in chosen[1:]:
        sim.spawn(scope, targets[j], positions[j])
    return targets[chosen[0]], positions[chosen[0]], False
    yield


def _route_event(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    from probisnis.sim.behaviours.task import work  # (the simpy loop's task)

    g = scope.graph
    node = yield from event_gateway(sim, scope, node)
    if g.kinds[node] == TASK:
        # the message of a receive task after the gateway is already consumed
        yield from work(sim, scope, node, g.act[node], receive_first=False)
    return node, 0, True


#: routing code -> generator returning (next node, incoming position, leaving)
ROUTE = {R_XOR_C: _routexor_condition, R_OR_P: _route_inclusive, R_OR_C: _route_inclusive,
         R_EVENT: _route_event}
