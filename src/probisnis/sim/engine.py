"""The discrete-event engine: tokens walking a compiled graph on a simpy clock.

Every token is a simpy process running the generator function :func:`_token`; it
walks the integer graph of :mod:`probisnis.sim.compile`, routing through gateways at
once (no simpy event for zero-time steps) and yielding only when time passes: a task
waiting for a person and working, a timer, a message, a subprocess. State lives in
small slot classes per case and per scope (process instance); the compiled graph is
never changed. The semantics are documented in ``docs/simulation.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import simpy
from simpy.events import Event, Process

from probisnis.errors import DeadlockError
from probisnis.sim.compile import (
    AND,
    CALL,
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
    SUB,
    TASK,
    TERMINATE,
    TIMER,
    XOR,
    Compiled,
    Graph,
)
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.resources import Pool

__all__ = ["Engine"]

_BLOCK = 1024


class _Kill:
    """Interrupt cause: the token's scope was terminated or cancelled."""


_KILL = _Kill()


class _Boundary:
    """Interrupt cause: an interrupting boundary timer fired on the token's activity."""

    __slots__ = ("node",)

    def __init__(self, node: int) -> None:
        self.node = node


class _Case:
    __slots__ = ("arrival", "attrs", "end", "id", "mail", "open", "visits", "waiters")

    def __init__(self, cid: int, arrival: float, attrs: dict[str, Any]) -> None:
        self.id = cid
        self.arrival = arrival
        self.attrs = attrs
        self.end = float("nan")
        self.open = 0  # top-level process instances still running
        self.visits: dict[tuple[int, int], int] = {}
        self.mail: dict[int, int] = {}
        self.waiters: dict[int, list[Event]] = {}


class _Scope:
    """One running instance of a graph (a process, a subprocess body, a called process)."""

    __slots__ = ("case", "dead", "done", "graph", "joins", "live", "or_wait", "parent", "pos",
                 "tokens")

    def __init__(self, graph: Graph, case: _Case, parent: _Scope | None,
                 done: Event | None) -> None:
        self.graph = graph
        self.case = case
        self.parent = parent
        self.done = done  # succeeded when the scope completes (None: top level)
        self.live = 0  # tokens not parked at a join
        self.joins: dict[int, list[int]] = {}  # join node -> tokens arrived per incoming flow
        self.or_wait: dict[int, int] = {}  # inclusive join -> tokens arrived
        self.pos: dict[Process, int] = {}  # token -> node (kept only with inclusive joins)
        self.tokens: set[Process] = set()
        self.dead = False


class _Stream:
    """A pre-sampled block of values, refilled on demand (one per distribution or purpose)."""

    __slots__ = ("buf", "draw", "i")

    def __init__(self, draw: Callable[[int], np.ndarray]) -> None:
        self.draw = draw
        self.buf: list[float] = []
        self.i = 0

    def __call__(self) -> float:
        i = self.i
        if i >= len(self.buf):
            self.buf = self.draw(_BLOCK).tolist()
            i = 0
        self.i = i + 1
        return self.buf[i]


class Engine:
    """One replication of a compiled scenario. Build, :meth:`run`, then read the tables."""

    def __init__(self, compiled: Compiled, *, replication: int,
                 seed: np.random.SeedSequence, log: LogColumns) -> None:
        from probisnis.sim.calendar import WorkingCalendar

        s = compiled.scenario
        self.c = compiled
        self.replication = replication
        self.env = simpy.Environment()
        arr_ss, dur_ss, br_ss, attr_ss, timer_ss = seed.spawn(5)
        self.rng_arrivals = np.random.Generator(np.random.PCG64(arr_ss))
        rng_dur = np.random.Generator(np.random.PCG64(dur_ss))
        rng_br = np.random.Generator(np.random.PCG64(br_ss))
        self.rng_attr = np.random.Generator(np.random.PCG64(attr_ss))
        rng_timer = np.random.Generator(np.random.PCG64(timer_ss))
        self.uniform = _Stream(rng_br.random)
        self.durations = [_Stream(lambda n, d=d: d.sample_many(rng_dur, n))
                          for d in compiled.durations]
        self.timers: dict[int, _Stream] = {}
        self._rng_timer = rng_timer
        always = WorkingCalendar.always()
        default_cal = s.calendar or always
        self.default_cal = None if default_cal == always else default_cal
        self.pools = [Pool(p, p.calendar or default_cal, always, self.env) for p in compiled.pools]
        self.log = log
        self.add = log.add
        offset = 0
        for pool in self.pools:
            pool.offset = offset
            offset += pool.spec.count
        # global numbering of nodes for visit counting
        self._base: dict[int, int] = {}
        self.max_visits = s.max_visits
        self.cases: list[_Case] = []
        self.started = 0
        self.finished = 0

    # ------------------------------------------------------------------ helpers

    def timer_delay(self, g: Graph, node: int) -> float:
        key = id(g) * 1_000_003 + node
        st = self.timers.get(key)
        if st is None:
            dist = g.timer[node]
            rng = self._rng_timer
            st = self.timers[key] = _Stream(lambda n, d=dist: d.sample_many(rng, n))
        return st()

    def spawn(self, scope: _Scope, node: int, pos: int, leaving: bool = False) -> None:
        scope.live += 1
        self.env.process(_token(self, scope, node, pos, leaving))

    def start_scope(self, graph: Graph, case: _Case, parent: _Scope | None,
                    done: Event | None) -> _Scope:
        scope = _Scope(graph, case, parent, done)
        starts = graph.starts
        if not starts:
            self.finish_scope(scope)
            return scope
        for n in starts:
            self.spawn(scope, n, 0)
        return scope

    def finish_scope(self, scope: _Scope) -> None:
        if scope.done is not None:
            scope.done.succeed()
            return
        case = scope.case
        case.open -= 1
        if case.open == 0:
            case.end = self.env.now
            self.finished += 1

    def token_gone(self, scope: _Scope) -> None:
        """A token of ``scope`` ended or parked at a join."""
        if scope.dead:
            return
        scope.live -= 1
        if scope.or_wait:
            self.check_or(scope)
        if scope.live == 0:
            if scope.joins or scope.or_wait:
                node = next(iter(scope.joins or scope.or_wait))
                raise DeadlockError(
                    f"case {scope.case.id} (replication {self.replication}) can never finish: "
                    f"the join {scope.graph.ids[node]} in process {scope.graph.process_id} waits "
                    "for a token that can no longer arrive",
                    element_id=scope.graph.ids[node])
            scope.dead = True
            self.finish_scope(scope)

    def check_or(self, scope: _Scope) -> None:
        """Fire every inclusive join no live token can still reach (see docs/simulation.md)."""
        g = scope.graph
        fired = True
        while fired and scope.or_wait:
            fired = False
            for j in list(scope.or_wait):
                up = g.or_upstream[j]
                if any(p in up for p in scope.pos.values()):
                    continue
                if any(k in up and k != j for k in scope.joins):
                    continue
                if any(k in up and k != j for k in scope.or_wait):
                    continue
                del scope.or_wait[j]
                self.spawn(scope, j, 0, leaving=True)
                fired = True

    def kill(self, scope: _Scope, me: Process | None) -> None:
        """Cancel every token of ``scope`` (terminate end event, interrupted subprocess)."""
        scope.dead = True
        for p in list(scope.tokens):
            if p is not me and p.is_alive:
                p.interrupt(_KILL)
        scope.tokens.clear()
        scope.joins.clear()
        scope.or_wait.clear()
        scope.pos.clear()

    def send(self, case: _Case, keys: tuple[int, ...]) -> None:
        c = self.c
        for key in keys:
            pid = c.message_starts.get(key)
            if pid is not None:
                case.open += 1
                g = c.graphs[pid]
                _, node = c.message_targets[key]
                scope = _Scope(g, case, None, None)
                self.spawn(scope, node, 0, leaving=True)
                continue
            waiters = case.waiters.get(key)
            if waiters:
                waiters.pop(0).succeed(key)
            else:
                case.mail[key] = case.mail.get(key, 0) + 1

    def visit(self, scope: _Scope, node: int) -> None:
        case = scope.case
        key = (id(scope.graph), node)
        n = case.visits.get(key, 0) + 1
        case.visits[key] = n
        if n > self.max_visits:
            g = scope.graph
            raise DeadlockError(
                f"case {case.id} (replication {self.replication}) entered {g.ids[node]} in "
                f"process {g.process_id} more than {self.max_visits} times: a loop that does "
                "not end (raise max_visits in the scenario if it is meant)",
                element_id=g.ids[node])

    def new_case(self, arrival: float) -> None:
        c = self.c
        attrs = {}
        for a in c.scenario.attributes:
            attrs[a.name] = a.values[int(self.rng_attr.choice(len(a.values), p=a.probabilities))]
        case = _Case(self.started, arrival, attrs)
        self.started += 1
        self.cases.append(case)
        roots = (c.root, *c.co_start)
        case.open = len(roots)
        for pid in roots:
            self.start_scope(c.graphs[pid], case, None, None)

    # ------------------------------------------------------------------ running

    def arrival_times(self) -> np.ndarray:
        s = self.c.scenario
        horizon = s.horizon if s.horizon is not None else np.inf
        limit = s.cases if s.cases is not None else None
        times: list[np.ndarray] = []
        arr = s.arrivals
        if arr.interarrival is not None:
            cal = arr.calendar
            if cal is not None and cal == type(cal).always():
                cal = None
            dist = arr.interarrival
            t, out = 0.0, []
            # the first case arrives at time 0 (then the gaps), as in Prosimos
            block = 4096 if limit is None else max(16, limit + 1)
            first = True
            while True:
                gaps = dist.sample_many(self.rng_arrivals, block).tolist()
                for x in gaps:
                    if first:
                        first = False
                    else:
                        t += x
                    if cal is not None:
                        t = cal.next_working(t)
                    if t > horizon or (limit is not None and len(out) >= limit):
                        break
                    out.append(t)
                else:
                    continue
                break
            times.append(np.asarray(out))
        for at, size in arr.batches:
            if at <= horizon:
                times.append(np.full(size, at))
        all_t = np.sort(np.concatenate(times), kind="stable") if times else np.empty(0)
        if limit is not None:
            all_t = all_t[:limit]
        return all_t

    def _arrivals(self, times: np.ndarray) -> Any:
        env = self.env
        for t in times.tolist():
            if t > env.now:
                yield env.timeout(t - env.now)
            self.new_case(t)

    def run(self) -> None:
        s = self.c.scenario
        times = self.arrival_times()
        self.env.process(self._arrivals(times))
        if s.horizon is not None:
            self.env.run(until=s.horizon)
            self.log_open()
        else:
            self.env.run()
            self._check_stuck()

    def log_open(self) -> None:
        """Log the task instances still waiting or working when the horizon cut the run."""
        add = self.add
        for pool in self.pools:
            for req in pool.queue:
                cid, act, enable = req.info  # type: ignore[attr-defined]
                add((cid, act, -1, enable, np.nan, np.nan))
            for person, (cid, act, enable, start) in pool.running.items():
                add((cid, act, pool.offset + person, enable, start, np.nan))

    def _check_stuck(self) -> None:
        for case in self.cases:
            if case.open > 0:
                where = next(iter(case.waiters), None)
                element = None
                if where is not None and case.waiters[where]:
                    pid, node = self.c.message_targets[where]
                    element = self.c.graphs[pid].ids[node] if node < len(
                        self.c.graphs[pid].ids) else None
                raise DeadlockError(
                    f"case {case.id} (replication {self.replication}) can never finish: "
                    + (f"{element} waits for a message that is never sent" if element else
                       "tokens wait for an event that never comes"),
                    element_id=element)


# ---------------------------------------------------------------------- behaviour


def _token(sim: Engine, scope: _Scope, node: int, pos: int, leaving: bool) -> Any:
    """One token: walk from ``node`` (entered through incoming flow ``pos``) until it ends."""
    if scope.dead:
        return
    env = sim.env
    me = env.active_process
    scope.tokens.add(me)
    g = scope.graph
    kinds, route, succ, succ_pos, n_in = g.kinds, g.route, g.succ, g.succ_pos, g.n_in
    track = g.has_or_join
    case = scope.case
    try:
        while True:
            k = kinds[node]
            if track:
                scope.pos[me] = node
                if scope.or_wait:
                    sim.check_or(scope)
            if not leaving:
                # ---------------------------------------------------------- entering
                if n_in[node] > 1:
                    sim.visit(scope, node)
                    if k == AND:
                        st = scope.joins.get(node)
                        if st is None:
                            st = scope.joins[node] = [0] * n_in[node]
                        st[pos] += 1
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
                    if node in g.boundary:
                        out = yield from _guarded(sim, scope, node, me)
                        if out >= 0:
                            node, leaving = out, True
                            continue
                    elif node in g.multi:
                        yield from _multi(sim, scope, node)
                    else:
                        yield from _work(sim, scope, node, g.act[node])
                elif k == SUB or k == CALL:
                    if node in g.boundary:
                        out = yield from _guarded(sim, scope, node, me)
                        if out >= 0:
                            node, leaving = out, True
                            continue
                    else:
                        yield from _subscope(sim, scope, node)
                elif k == TIMER:
                    yield env.timeout(sim.timer_delay(g, node))
                elif k == MSG_CATCH:
                    yield from _receive(sim, case, g.receives[node])
                elif k == END or k == TERMINATE:
                    if node in g.sends:
                        sim.send(case, g.sends[node])
                    if k == TERMINATE:
                        sim.kill(scope, me)
                        scope.dead = False
                        scope.live = 1
                        sim.token_gone(scope)
                        return
                    break
                if node in g.sends:
                    sim.send(case, g.sends[node])
            leaving = False
            # ---------------------------------------------------------- routing
            r = route[node]
            if r == R_ONE:
                pos = succ_pos[node][0]
                node = succ[node][0]
            elif r == R_XOR_P:
                u = sim.uniform()
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
                conds, default = g.conds[node]
                j = next((i for i, c in enumerate(conds) if c is not None and c(case.attrs)),
                         default)
                if j < 0:
                    raise DeadlockError(
                        f"case {case.id}: no condition of gateway {g.ids[node]} holds for "
                        f"attributes {case.attrs} and it has no default flow",
                        element_id=g.ids[node])
                pos = succ_pos[node][j]
                node = succ[node][j]
            elif r == R_OR_P or r == R_OR_C:
                chosen = _or_choice(sim, g, node, case)
                if not chosen:
                    raise DeadlockError(
                        f"case {case.id}: no outgoing flow of inclusive gateway {g.ids[node]} "
                        f"is taken for attributes {case.attrs} and it has no default flow",
                        element_id=g.ids[node])
                targets, positions = succ[node], succ_pos[node]
                for j in chosen[1:]:
                    sim.spawn(scope, targets[j], positions[j])
                pos = positions[chosen[0]]
                node = targets[chosen[0]]
            elif r == R_EVENT:
                node = yield from _event_gateway(sim, scope, node)
                leaving = kinds[node] != TASK
                pos = 0
    except simpy.Interrupt as exc:
        if exc.cause is _KILL:
            return
        raise
    finally:
        scope.tokens.discard(me)
        if track:
            scope.pos.pop(me, None)
    sim.token_gone(scope)


def _or_choice(sim: Engine, g: Graph, node: int, case: _Case) -> list[int]:
    if g.route[node] == R_OR_P:
        probs = g.probs[node]
        for _ in range(1000):
            chosen = [j for j, p in enumerate(probs) if sim.uniform() < p]
            if chosen:
                return chosen
        return [max(range(len(probs)), key=probs.__getitem__)]
    conds, default = g.conds[node]
    chosen = [j for j, c in enumerate(conds) if c is not None and c(case.attrs)]
    if not chosen and default >= 0:
        chosen = [default]
    return chosen


def _work(sim: Engine, scope: _Scope, node: int, act: int) -> Any:
    """Perform one task instance: wait for a person of its pool, then work."""
    env = sim.env
    g = scope.graph
    enable = env.now
    duration = sim.durations[act]()
    pidx = sim.c.activities[act][5]
    log = sim.add
    if node in g.receives:
        yield from _receive(sim, scope.case, g.receives[node])
        enable = env.now
    if pidx < 0:
        cal = sim.default_cal
        end = enable + duration if cal is None else cal.add_working(enable, duration)
        try:
            if end > enable:
                yield env.timeout(end - enable)
        except simpy.Interrupt:
            log((scope.case.id, act, -1, enable, enable, env.now))
            raise
        log((scope.case.id, act, -1, enable, enable, end))
        return
    pool = sim.pools[pidx]
    free = pool.free
    cid = scope.case.id
    if free:
        inst = free.popleft()
    else:
        req = env.event()
        req.info = (cid, act, enable)  # type: ignore[attr-defined]
        pool.queue.append(req)
        try:
            inst = yield req
        except simpy.Interrupt:
            if req.triggered:
                pool.release(req.value)
            else:
                pool.queue.remove(req)
            log((cid, act, -1, enable, np.nan, np.nan))
            raise
    start = env.now
    work = duration * pool.stretch
    cal = pool.cal
    if cal is None:
        end = start + work
    else:
        start = cal.next_working(start)
        end = cal.add_working(start, work)
    pool.busy += duration
    pool.running[inst] = (cid, act, enable, start)
    try:
        yield env.timeout(end - env.now)
    except simpy.Interrupt:
        pool.release(inst)
        log((cid, act, pool.offset + inst, enable, min(start, env.now), env.now))
        raise
    log((cid, act, pool.offset + inst, enable, start, end))
    # hand the person to the next in line, or free them
    del pool.running[inst]
    queue = pool.queue
    if queue:
        queue.popleft().succeed(inst)
    else:
        free.append(inst)


def _multi(sim: Engine, scope: _Scope, node: int) -> Any:
    g = scope.graph
    count, sequential = g.multi[node]
    act = g.act[node]
    if sequential:
        for _ in range(count):
            yield from _work(sim, scope, node, act)
        return
    procs = [sim.env.process(_work(sim, scope, node, act)) for _ in range(count)]
    yield sim.env.all_of(procs)


def _subscope(sim: Engine, scope: _Scope, node: int) -> Any:
    g = scope.graph
    child = g.child.get(node)
    if child is None:
        child = sim.c.graphs[g.called[node]]
    done = sim.env.event()
    sub = sim.start_scope(child, scope.case, scope, done)
    try:
        yield done
    except simpy.Interrupt:
        sim.kill(sub, None)
        raise


def _guarded(sim: Engine, scope: _Scope, node: int, me: Process) -> Any:
    """Run an activity with boundary timers; return the boundary node taken, or -1."""
    g = scope.graph
    active = [True]
    env = sim.env
    for bnode, interrupting in g.boundary[node]:
        t = env.timeout(sim.timer_delay(g, bnode))
        t.callbacks.append(_boundary_cb(sim, scope, me, active, bnode, interrupting))
    try:
        if g.kinds[node] == TASK:
            if node in g.multi:
                yield from _multi(sim, scope, node)
            else:
                yield from _work(sim, scope, node, g.act[node])
        else:
            yield from _subscope(sim, scope, node)
    except simpy.Interrupt as exc:
        if isinstance(exc.cause, _Boundary):
            return exc.cause.node
        raise
    finally:
        active[0] = False
    return -1


def _boundary_cb(sim: Engine, scope: _Scope, me: Process, active: list[bool], bnode: int,
                 interrupting: bool) -> Callable[[Event], None]:
    def fire(_: Event) -> None:
        if not active[0] or scope.dead:
            return
        if interrupting:
            active[0] = False
            if me.is_alive:
                me.interrupt(_Boundary(bnode))
        else:
            sim.spawn(scope, bnode, 0, leaving=True)
    return fire


def _receive(sim: Engine, case: _Case, key: int) -> Any:
    mail = case.mail
    if mail.get(key, 0) > 0:
        mail[key] -= 1
        return
    ev = sim.env.event()
    case.waiters.setdefault(key, []).append(ev)
    try:
        yield ev
    except simpy.Interrupt:
        if ev.triggered:
            mail[key] = mail.get(key, 0) + 1
        else:
            case.waiters[key].remove(ev)
        raise


def _event_gateway(sim: Engine, scope: _Scope, node: int) -> Any:
    """Wait for the first of the events after an event-based gateway; return its node."""
    g = scope.graph
    case = scope.case
    env = sim.env
    followers = g.succ[node]
    waits: dict[Event, int] = {}
    for f in followers:
        if f in g.receives:
            key = g.receives[f]
            if case.mail.get(key, 0) > 0:
                case.mail[key] -= 1
                for ev, other in waits.items():
                    _drop_wait(g, case, ev, other)
                return f
            ev = env.event()
            case.waiters.setdefault(key, []).append(ev)
            waits[ev] = f
        elif g.kinds[f] == TIMER:
            waits[env.timeout(sim.timer_delay(g, f))] = f
    if not waits:
        return followers[0]
    try:
        fired = yield env.any_of(list(waits))
    except simpy.Interrupt:
        for ev, f in waits.items():
            _drop_wait(g, case, ev, f)
        raise
    winner = next(f for ev, f in waits.items() if ev in fired)
    for ev, f in waits.items():
        if f != winner:
            _drop_wait(g, case, ev, f)
    return winner


def _drop_wait(g: Graph, case: _Case, ev: Event, f: int) -> None:
    key = g.receives.get(f)
    if key is None:
        return
    if ev.triggered:
        case.mail[key] = case.mail.get(key, 0) + 1
    else:
        lst = case.waiters.get(key)
        if lst and ev in lst:
            lst.remove(ev)


_ = (XOR,)  # kind codes used by compile only
