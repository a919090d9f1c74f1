"""Behaviour of the simulation as simpy generator functions.

:func:`token` is one BPMN token: a simpy process walking the compiled integer graph.
Zero-time steps (gateways, events without a wait, splits and joins) happen inside the
loop without any simpy event; the token yields only when time passes. The common
task path (wait for a person of the pool, work, hand the person on) is inlined in the
loop because it runs for every task instance; rarer shapes (boundary timers,
multi-instance, receive tasks, subprocesses, event-based gateways) are sub-generators.
Rules are documented in ``docs/simulation.md``.
"""

from __future__ import annotations

from heapq import heappush
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import simpy
from simpy.events import NORMAL, PENDING, Event, Process, Timeout

from probisnis.sim.events import arm_boundaries, listen, throw, wait_signal
from probisnis.sim.graph import (
    AND,
    CALL,
    COND_CATCH,
    END,
    MSG_CATCH,
    OR,
    R_ALL,
    R_EVENT,
    R_NONE,
    R_ONE,
    R_OR_C,
    R_OR_P,
    R_XOR_C,
    R_XOR_P,
    SIGNAL_CATCH,
    SUB,
    TASK,
    TERMINATE,
    THROW,
    TIMER,
    Graph,
)
from probisnis.sim.state import KILL, BoundaryCause, Case, CaseFailed, Scope, timeout
from probisnis.sim.streams import CASES_PER_BLOCK

if TYPE_CHECKING:
    from probisnis.sim.engine import Engine

__all__ = ["token"]

_NAN = float("nan")
_SHIFT = CASES_PER_BLOCK.bit_length() - 1
_MASK = CASES_PER_BLOCK - 1
_new = object.__new__
#: nesting limit of subprocesses and call activities (recursive calls end here)
MAX_DEPTH = 100


def token(sim: Engine, scope: Scope, node: int, pos: int, leaving: bool) -> Any:
    """One token: walk from ``node`` (entered through incoming flow ``pos``) until it ends.

    (Reads the clock as ``env._now``: the ``now`` property costs a call per read on the
    hot path; simpy 4 keeps the clock there.)

    ``leaving``: the token is already done with ``node`` and only routes out of it
    (a fired inclusive join, a boundary event, a message start event).
    """
    if scope.dead:
        return
    env = sim.env
    me = env._active_proc  # type: ignore[attr-defined]  # env.active_process, no property
    assert me is not None  # a token always runs as a simpy process
    scope.tokens.add(me)
    g = scope.graph
    kinds, route, succ, succ_pos, n_in = g.kinds, g.route, g.succ, g.succ_pos, g.n_in
    counted = g.counted
    fast = sim._fast.get(id(g)) or sim.fast_tasks(g)
    add = sim.add
    track = g.has_or_join
    sends = g.sends
    case = scope.case
    cid = case.id
    events, eid, push = env._queue, env._eid, heappush  # type: ignore[attr-defined]
    try:
        while True:
            k = kinds[node]
            if track:
                scope.pos[me] = node
                if scope.or_wait and node not in scope.or_wait:
                    sim.check_or(scope)  # this token may have left a waiting join's reach
            if not leaving:
                # ---------------------------------------------------------- entering
                if n_in[node] > 1:
                    if counted[node]:
                        sim.visit(scope, node)
                    if k == AND:
                        st = scope.joins.get(node)
                        if st is None:
                            st = scope.joins[node] = [0] * n_in[node]
                        st[pos] += 1
                        if node in g.loop_join:
                            scope.or_wait[node] = 1
                            break  # parked; check_or fires it (the flows that can't be fed)
                        if 0 in st:
                            break  # park: the last token to arrive continues
                        for i in range(len(st)):
                            st[i] -= 1
                        if not any(st):
                            del scope.joins[node]
                    elif k == OR:
                        scope.or_wait[node] = scope.or_wait.get(node, 0) + 1
                        break  # parked; check_or fires the join
                if k == TASK:
                    info = fast[node]
                    if info is None:
                        out = yield from activity(sim, scope, node, me)
                        if out >= 0:
                            node, leaving = out, True
                            continue
                    else:
                        # ------------------------------------------ the common task path
                        stream, pool, act = info
                        enable = env._now
                        bit = stream.bit  # Keyed.__call__ inlined
                        drawn = case.drawn
                        if drawn & bit:
                            duration = stream.overflow()
                        else:
                            case.drawn = drawn | bit
                            buf = stream.blocks.get(cid >> _SHIFT)
                            if buf is None:
                                buf = stream.block(cid >> _SHIFT)
                            duration = buf[cid & _MASK]
                        if pool is None:
                            cal = sim.default_cal
                            end = enable + duration if cal is None else cal.add_working(
                                enable, duration)
                            try:
                                yield timeout(env, end - enable)
                            except simpy.Interrupt:
                                add((cid, act, -1, enable, enable, env._now))
                                raise
                            add((cid, act, -1, enable, enable, end))
                        else:
                            free = pool.free
                            if free:
                                person = free.popleft()
                            else:
                                req = _new(Event)  # Event(env), inlined
                                req.env = env
                                req.callbacks = []
                                req._value = PENDING
                                req.info = (cid, act, enable)  # type: ignore[attr-defined]
                                pool.queue.append(req)
                                try:
                                    person = yield req
                                except simpy.Interrupt:
                                    _cancel_request(pool, req)
                                    add((cid, act, -1, enable, _NAN, _NAN))
                                    raise
                            start = env._now
                            cal = pool.cal
                            if cal is None:
                                end = start + duration * pool.stretch
                            else:
                                start, end = cal.work_span(start, duration * pool.stretch)
                            pool.busy += duration
                            running = pool.running
                            running[person] = (cid, act, enable, start)
                            now = env._now
                            delay = end - now
                            if delay < 0:
                                raise ValueError(f"Negative delay {delay}")
                            ev = _new(Timeout)  # timeout(env, delay), inlined
                            ev.env = env
                            ev.callbacks = []
                            ev._value = None
                            ev._delay = delay
                            ev._ok = True
                            push(events, (now + delay, NORMAL, next(eid), ev))
                            try:
                                yield ev
                            except simpy.Interrupt:
                                now = env._now
                                add((cid, act, pool.offset + person, enable, min(start, now), now))
                                pool.release(person)
                                raise
                            add((cid, act, pool.offset + person, enable, start, end))
                            running[person] = None
                            queue = pool.queue
                            if queue:  # hand the person on: queue.popleft().succeed(person)
                                req = queue.popleft()
                                req._ok = True
                                req._value = person
                                push(events, (env._now, NORMAL, next(eid), req))
                            else:
                                free.append(person)
                elif k == SUB or k == CALL:  # noqa: SIM109 - hot path
                    out = yield from activity(sim, scope, node, me)
                    if out >= 0:
                        node, leaving = out, True
                        continue
                elif k == TIMER:
                    yield timeout(env, sim.timer_delay(g, node, case))
                elif k == MSG_CATCH:
                    yield from receive(sim, case, g.receives[node])
                elif k == THROW:
                    if sends and node in sends:
                        sim.send(case, sends[node])
                    if throw(sim, scope, node, me):
                        return
                    leaving = True
                    continue
                elif k == SIGNAL_CATCH:
                    yield from wait_signal(sim, case, g.trigger[node][1])
                elif k == COND_CATCH:
                    if not g.conditions[node](case.attrs):
                        sim.fail(case, f"the condition of {g.ids[node]} in process "
                                       f"{g.process_id} is false for attributes {case.attrs} "
                                       "and case attributes do not change",
                                 g.ids[node], g.path)
                        return
                elif k == END or k == TERMINATE:  # noqa: SIM109
                    if sends and node in sends:
                        sim.send(case, sends[node])
                    if node in g.throws and throw(sim, scope, node, me):
                        return
                    if k == TERMINATE:
                        sim.kill(scope, me)
                        scope.dead = False
                        scope.live = 1
                        scope.tokens.discard(me)
                        sim.token_gone(scope)
                        return
                    break
                if sends and node in sends:
                    sim.send(case, sends[node])
            leaving = False
            # ---------------------------------------------------------- routing
            r = route[node]
            if r == R_ONE:
                pos = succ_pos[node][0]
                node = succ[node][0]
            elif r == R_XOR_P:
                u = sim.branch(g, node)(case)
                cum = g.probs[node]
                j = 0
                while u >= cum[j]:
                    j += 1
                pos = succ_pos[node][j]
                node = succ[node][j]
            elif r == R_ALL:
                targets, positions = succ[node], succ_pos[node]
                for j in range(1, len(targets)):
                    sim.spawn(scope, targets[j], positions[j])
                pos = positions[0]
                node = targets[0]
            elif r == R_NONE:
                break
            elif r == R_XOR_C:
                j = _xor_condition(sim, g, node, case)
                pos = succ_pos[node][j]
                node = succ[node][j]
            elif r == R_OR_P or r == R_OR_C:  # noqa: SIM109
                chosen = _or_choice(sim, g, node, case)
                targets, positions = succ[node], succ_pos[node]
                for j in chosen[1:]:
                    sim.spawn(scope, targets[j], positions[j])
                pos = positions[chosen[0]]
                node = targets[chosen[0]]
            elif r == R_EVENT:
                node = yield from event_gateway(sim, scope, node)
                pos = 0
                if kinds[node] == TASK:
                    # the message of a receive task after the gateway is already consumed
                    yield from work(sim, scope, node, g.act[node], receive_first=False)
                leaving = True
    except simpy.Interrupt as exc:
        if exc.cause is KILL:
            return
        raise
    except CaseFailed:
        return
    finally:
        scope.tokens.discard(me)
        if track:
            scope.pos.pop(me, None)
    sim.token_gone(scope)


def _cancel_request(pool: Any, req: Event) -> None:
    if req.triggered:
        pool.release(req.value)
    else:
        pool.queue.remove(req)


def _xor_condition(sim: Engine, g: Graph, node: int, case: Case) -> int:
    conds, default = g.conds[node]
    for j, c in enumerate(conds):
        if c is not None and c(case.attrs):
            return j
    if default < 0:
        sim.fail(case, f"no condition of gateway {g.ids[node]} holds for attributes "
                       f"{case.attrs} and it has no default flow", g.ids[node], g.path)
        raise CaseFailed
    return default


def _or_choice(sim: Engine, g: Graph, node: int, case: Case) -> list[int]:
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
        sim.fail(case, f"no outgoing flow of inclusive gateway {g.ids[node]} is taken for "
                       f"attributes {case.attrs} and it has no default flow", g.ids[node], g.path)
        raise CaseFailed
    return chosen


def activity(sim: Engine, scope: Scope, node: int, me: Process) -> Any:
    """A task with extras or a (sub)process, with its boundary events; -1 or the boundary node."""
    g = scope.graph
    if node not in g.boundary:
        yield from _body(sim, scope, node, None)
        return -1
    active = [True]
    catch, undo = arm_boundaries(sim, scope, node, me, active)
    try:
        yield from _body(sim, scope, node, catch or None)
    except simpy.Interrupt as exc:
        if isinstance(exc.cause, BoundaryCause):
            return exc.cause.node
        raise
    finally:
        active[0] = False
        for u in undo:
            u()
    return -1


def _body(sim: Engine, scope: Scope, node: int, catch: list[Any] | None) -> Any:
    g = scope.graph
    if g.kinds[node] != TASK:
        yield from subscope(sim, scope, node, catch)
    elif node in g.multi:
        yield from multi(sim, scope, node)
    else:
        yield from work(sim, scope, node, g.act[node])


def work(sim: Engine, scope: Scope, node: int, act: int, *, receive_first: bool = True) -> Any:
    """One task instance (general path): optional message wait, person, working time."""
    env = sim.env
    g = scope.graph
    add = sim.add
    cid = scope.case.id
    if receive_first and node in g.receives:
        yield from receive(sim, scope.case, g.receives[node])
    enable = env.now
    duration = sim.durations[act](scope.case)
    pidx = sim.c.activities[act][5]
    if pidx < 0:
        cal = sim.default_cal
        end = enable + duration if cal is None else cal.add_working(enable, duration)
        try:
            yield Timeout(env, end - enable)
        except simpy.Interrupt:
            add((cid, act, -1, enable, enable, env.now))
            raise
        add((cid, act, -1, enable, enable, end))
        return
    pool = sim.pools[pidx]
    if pool.free:
        person = pool.free.popleft()
    else:
        req = Event(env)
        req.info = (cid, act, enable)  # type: ignore[attr-defined]
        pool.queue.append(req)
        try:
            person = yield req
        except simpy.Interrupt:
            _cancel_request(pool, req)
            add((cid, act, -1, enable, _NAN, _NAN))
            raise
    start = env.now
    cal = pool.cal
    if cal is None:
        end = start + duration * pool.stretch
    else:
        start, end = cal.work_span(start, duration * pool.stretch)
    pool.busy += duration
    pool.running[person] = (cid, act, enable, start)
    try:
        yield Timeout(env, end - env.now)
    except simpy.Interrupt:
        now = env.now
        add((cid, act, pool.offset + person, enable, min(start, now), now))
        pool.release(person)
        raise
    add((cid, act, pool.offset + person, enable, start, end))
    pool.release(person)


def multi(sim: Engine, scope: Scope, node: int) -> Any:
    """A multi-instance task with a numeric cardinality: in sequence or all at once."""
    g = scope.graph
    count, sequential = g.multi[node]
    act = g.act[node]
    if sequential:
        for _ in range(count):
            yield from work(sim, scope, node, act)
        return
    env = sim.env
    procs = [env.process(work(sim, scope, node, act)) for _ in range(count)]
    try:
        yield env.all_of(procs)
    except simpy.Interrupt:
        for p in procs:
            if p.is_alive:
                p.interrupt(KILL)
        raise


def subscope(sim: Engine, scope: Scope, node: int, catch: list[Any] | None = None) -> Any:
    """An embedded subprocess or a call activity: run the child scope to completion."""
    g = scope.graph
    child = g.child.get(node)
    if child is None:
        child = sim.c.graphs[g.called[node]]
    depth, up = 1, scope.parent
    while up is not None:
        depth, up = depth + 1, up.parent
    if depth > MAX_DEPTH:
        sim.fail(scope.case, f"{g.ids[node]} nests more than {MAX_DEPTH} subprocess or call "
                             "levels (a process that calls itself without end?)",
                 g.ids[node], g.path)
        raise CaseFailed
    done = Event(sim.env)
    sub = sim.start_scope(child, scope.case, scope, done, catch=catch)
    try:
        yield done
    except simpy.Interrupt:
        sim.kill(sub, None)
        raise


def receive(sim: Engine, case: Case, key: int) -> Any:
    """Wait for (or take from the mailbox) one message of message-flow target ``key``."""
    mail, waiters = case.box()
    if mail.get(key, 0) > 0:
        mail[key] -= 1
        return
    ev = Event(sim.env)
    waiters.setdefault(key, []).append(ev)
    try:
        yield ev
    except simpy.Interrupt:
        if ev.triggered:
            mail[key] = mail.get(key, 0) + 1
        else:
            waiters[key].remove(ev)
        raise


def event_gateway(sim: Engine, scope: Scope, node: int) -> Any:
    """Wait for the first of the events after an event-based gateway; return its node."""
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
            ev = Event(env)
            waiters.setdefault(key, []).append(ev)
            waits[ev] = f
        elif g.kinds[f] == TIMER:
            waits[Timeout(env, sim.timer_delay(g, f, case))] = f
        elif g.kinds[f] == SIGNAL_CATCH:
            ev = Event(env)
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


def _drop_wait(g: Graph, case: Case, ev: Event, f: int) -> None:
    key = g.receives.get(f)
    if key is None:
        return
    mail, waiters = case.box()
    if ev.triggered:
        mail[key] = mail.get(key, 0) + 1
    else:
        lst = waiters.get(key)
        if lst and ev in lst:
            lst.remove(ev)

