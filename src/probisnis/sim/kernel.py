"""The heap kernel: a whole replication on one ``heapq`` event loop, without simpy.

Most models are tasks on pools joined by gateways. For them a simpy process per token
costs several Python calls per event (a generator resumed by its process,
an event object, a callback list); here a token is a small object, an event is a heap
entry ``(time, sequence, token)`` and the loop calls no simpy code at all. The engine
(:class:`~probisnis.sim.engine.Engine`) keeps the rest: arrivals, case attributes, keyed
random streams, pools, scopes, joins, failures, the log.

:func:`heap_refusal` says which compiled scenarios the kernel runs: one process started
per case, with start and end events (no message, signal, error or escalation thrown),
terminate end events, intermediate timer events, plain tasks (one pool or none; no
multi-instance, message, alternative pool or batch), embedded subprocesses and call activities
(without multi-instance) whose contents are of the same kinds, exclusive, parallel and
inclusive gateways, boundary events and event subprocesses started by a timer
(``timeDuration``, ``timeCycle``, ``timeDate``, or ``[timers.ID]`` of the scenario),
interrupting or not, and intermediate events that only pass the token on.
Everything else runs on simpy (:func:`engine_for` chooses; ``SimulationResult.kernel``
tells which ran).

Timers and event subprocesses use the behaviours of the simpy path
(:mod:`probisnis.sim.behaviours.events`, :mod:`probisnis.sim.behaviours.timers`) through
three engine hooks the kernel implements on its heap: :meth:`HeapEngine.later` (a
callback after a delay: a heap entry holding a :class:`_Call`),
:meth:`HeapEngine.run_event_subprocess` (an instance as a token of its scope, started by
an urgent entry, as simpy starts a process) and :meth:`HeapEngine.interrupt` (an
interrupting boundary event: an urgent entry; the token leaves through the event as a new
token object in the old one's place, so events still pending for the old one are void).

The kernel keeps simpy's event order exactly, so both give the same log for the same seed
(``tests/test_sim_kernel.py``): simpy orders events by (time, priority, insertion); the
urgent ones (a token's start, an interrupt) are always due now and run first in the order
they were made, which is the deque :attr:`HeapEngine._urgent`; the normal ones (a task's
end, a person handed to a waiting request, the next arrival) are the heap, with the
sequence number taken at the same moment simpy takes its event id. Times are computed as
simpy does (``now + (end - now)``), so even the rounding agrees.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from heapq import heappop, heappush
from itertools import count
from typing import Any

import numpy as np

from probisnis.errors import UsageError
from probisnis.present.notices import notice
from probisnis.sim.behaviours.events import arm_boundaries, terminate
from probisnis.sim.behaviours.gateways import check_or, enter_join, or_choice, xor_condition
from probisnis.sim.behaviours.subprocess import MAX_DEPTH
from probisnis.sim.behaviours.table import enters_of
from probisnis.sim.compile import Compiled
from probisnis.sim.engine import Engine
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.graph import (
    AND,
    CALL,
    R_ALL,
    R_EVENT,
    R_NONE,
    R_ONE,
    R_XOR_C,
    R_XOR_P,
    SUB,
    TASK,
    TERMINATE,
    TIMER,
    XOR,
    Graph,
)
from probisnis.sim.resources import Pool
from probisnis.sim.state import CaseFailed, Scope
from probisnis.sim.streams import CASES_PER_BLOCK

__all__ = ["HEAP", "SIMPY", "HeapEngine", "engine_for", "heap_refusal"]

HEAP, SIMPY = "heap", "simpy"

_NAN = float("nan")
_SHIFT = CASES_PER_BLOCK.bit_length() - 1
_MASK = CASES_PER_BLOCK - 1
#: what a token is doing: walking (or not started), ended, in a task, waiting at a timer,
#: in a subprocess (or running an event subprocess instance); _CALL: a timer's callback
_WALK, _ENDED, _WAITING, _GRANTED, _WORKING, _ALONE, _SLEEP, _IN_SUB, _SUB_DONE, _CALL = \
    range(10)
#: urgent entries that are not a token's start: a cancelled token, a boundary event
#: interrupting its activity, an event-subprocess instance starting
_KILLED, _BOUNDARY, _ESP = -1, -2, -3
#: per node, what entering it does (HeapEngine._walker): route only, a task, a subprocess or
#: call activity, a terminate end event, an intermediate timer; +_ARMED: with boundary events
_OP_TASK, _OP_SUB, _OP_TERMINATE, _OP_TIMER, _ARMED = 1, 2, 3, 4, 4
#: the boundary-event and event-subprocess triggers the kernel runs (a message, signal,
#: error, escalation or condition runs on simpy)
_TRIGGERS = ("timer",)
#: how a node with several incoming flows is entered (see HeapEngine.loop)
_J_XOR, _J_XOR_FREE, _J_AND, _J_OTHER = 1, 2, 3, 4


def heap_refusal(compiled: Compiled) -> str | None:
    """Why the heap kernel cannot run ``compiled``, or None when it can (see the module)."""
    if compiled.co_start or compiled.message_starts:
        return "several processes start with a case"
    tasks = compiled.scenario.tasks
    todo, seen = [compiled.graphs[compiled.root]], set()
    while todo:  # every graph a case may enter: the process, subprocess bodies, called ones
        g = todo.pop()
        if id(g) in seen:
            continue
        seen.add(id(g))
        if g.sends or g.receives or g.throws:
            return "messages, signals, errors or escalations"
        for node, _, _ in g.event_subs:
            trigger = g.trigger[node][0]
            if trigger not in _TRIGGERS:
                return f"event subprocess {g.ids[node]} started by {trigger}"
            todo.append(g.child[node])
        for node, enter in enumerate(enters_of(g)):
            if g.route[node] == R_EVENT:
                return f"event-based gateway {g.ids[node]}"
            if enter is None:
                continue
            kind = g.kinds[node]
            if kind in (TERMINATE, TIMER):
                continue
            if kind not in (TASK, SUB, CALL) or node in g.multi:
                return f"{g.bpmn_kinds[node]} {g.ids[node]}"
            for bnode, _ in g.boundary.get(node, ()):
                trigger = g.trigger[bnode][0]
                if trigger not in _TRIGGERS:
                    return f"{trigger} boundary event {g.ids[bnode]}"
            if kind != TASK:
                todo.append(g.child[node] if node in g.child else compiled.graphs[g.called[node]])
                continue
            spec = tasks.get(g.ids[node])
            if spec is not None and spec.sets:
                return f"task {g.ids[node]} sets case attributes"
            if spec is not None and spec.batch is not None:
                return f"task {g.ids[node]} is done in batches"
            if spec is not None and (spec.alternatives or spec.by_pool):
                return f"task {g.ids[node]} may be done by several pools"
    return None


def engine_for(compiled: Compiled, *, replication: int, seed: np.random.SeedSequence,
               log: LogColumns, kernel: str = "auto") -> Engine:
    """The engine for one replication: the heap kernel where it applies (``kernel="auto"``),
    or the one asked for (``"heap"`` refuses a model it cannot run; ``"simpy"``)."""
    if kernel not in ("auto", HEAP, SIMPY):
        raise UsageError(f"kernel must be auto, heap or simpy, not {kernel!r}")
    if kernel != SIMPY:
        why = heap_refusal(compiled)
        if why is None:
            return HeapEngine(compiled, replication=replication, seed=seed, log=log)
        if kernel == HEAP:
            raise UsageError(f"the heap kernel cannot run this model: {why}")
    return Engine(compiled, replication=replication, seed=seed, log=log)


class _Token:
    """One token of the heap kernel, and its task while it is in one."""

    __slots__ = ("act", "armed", "dead", "duration", "enable", "end", "node", "person", "pool",
                 "priority", "scope", "start", "state", "sub", "walk")
    # set when the token enters a task (no per-token cost before)
    act: int
    duration: float
    enable: float
    end: float
    node: int
    person: int
    priority: int
    start: float
    sub: Scope  # the child scope while the token is in a subprocess or call activity
    walk: Callable[[_Token, int, int, bool, bool], None]  # the walk of its scope's graph

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.state = _WALK
        self.dead = False
        self.pool: Pool | None = None
        #: while in an activity with boundary events: the flag its timers read (as
        #: behaviours.events.activity's ``active``)
        self.armed: list[bool] | None = None


class _Call:
    """A heap entry calling ``fn`` (a timer of a boundary event or event subprocess)."""

    __slots__ = ("dead", "fn", "state")

    def __init__(self, fn: Callable[[], None]) -> None:
        self.fn = fn
        self.state = _CALL
        self.dead = False


def _drop_tokens(scope: Scope) -> None:
    """Forget the tokens of ``scope`` and of the scopes they run (after the run)."""
    for tok in scope.tokens:
        if tok.state >= _IN_SUB:
            _drop_tokens(tok.sub)
    scope.tokens.clear()
    scope.pos.clear()


class HeapEngine(Engine):
    """:class:`Engine` running on the heap kernel (see the module text)."""

    kernel = HEAP

    def __init__(self, compiled: Compiled, *, replication: int,
                 seed: np.random.SeedSequence, log: LogColumns) -> None:
        super().__init__(compiled, replication=replication, seed=seed, log=log)
        self.now = 0.0
        #: urgent events due now, in order: (token, node, incoming position, leaving);
        #: node -1: interrupt the token (its scope was cancelled)
        self._urgent: deque[tuple[_Token, int, int, bool]] = deque()
        #: normal events: (time, sequence, a token, a timer's _Call, or None: an arrival)
        self._heap: list[tuple[float, int, Any]] = []
        #: normal events due now that hand a person to a waiting token: (sequence, token);
        #: they would be heap entries at the current time, kept apart as a cheaper FIFO
        self._grants: deque[tuple[int, _Token]] = deque()
        self._seq = count()
        self._active: _Token | None = None
        self._walks: dict[int, Callable[[_Token, int, int, bool, bool], None]] = {}

    def run(self) -> None:
        super().run()
        # the walks refer to the engine and the tokens of cases still open to the walks:
        # drop both so that the engine is freed as soon as the caller lets it go (not at
        # the next garbage collection)
        self._walks.clear()
        self._urgent.clear()
        self._grants.clear()
        self._heap.clear()
        for case in self.open_cases.values():  # cut by the horizon: tokens <-> scopes
            for scope in case.scopes or ():
                _drop_tokens(scope)
            case.scopes = None
        self.open_cases.clear()
        for pool in self.pools:  # tokens still waiting or working when the horizon cut it
            pool.queue.clear()
            working: list[Any] = pool.running
            pool.running = [None if tok is None else  # what the simpy path keeps there
                            (tok.scope.case.id, tok.act, tok.enable, tok.start)
                            for tok in working]

    # --------------------------------------------------- the engine's hooks, heap flavour

    def clock(self) -> float:
        return self.now

    def current(self) -> Any:
        return self._active

    def spawn(self, scope: Scope, node: int, pos: int, leaving: bool = False) -> None:
        scope.live += 1
        tok = _Token(scope)
        g = scope.graph
        walk = self._walks.get(id(g))  # (the walker made once per graph)
        tok.walk = walk if walk is not None else self._walker(g)
        self._urgent.append((tok, node, pos, leaving))
        if g.has_or_join:
            scope.pos[tok] = node

    def kill(self, scope: Scope, me: Any) -> None:
        scope.dead = True
        if scope.undo:
            for undo in scope.undo:
                undo()
            scope.undo = None
        for tok in list(scope.tokens):  # in the order they started, as the simpy path
            if tok is not me and tok.state >= _WAITING:  # type: ignore[attr-defined]
                tok.dead = True  # type: ignore[attr-defined]  # its pending event is void
                self._urgent.append((tok, -1, 0, False))  # type: ignore[arg-type]
        scope.tokens.clear()
        scope.joins.clear()
        scope.or_wait.clear()
        scope.pos.clear()

    def scope_done(self, scope: Scope) -> None:
        parent: Any = scope.done  # the token in the subprocess or call activity
        parent.state = _SUB_DONE
        heappush(self._heap, (self.now, next(self._seq), parent))

    def later(self, fn: Callable[[], None], delay: float = 0.0) -> None:
        heappush(self._heap, (self.now + delay, next(self._seq), _Call(fn)))

    def run_event_subprocess(self, scope: Scope, node: int, start: int) -> None:
        tok = _Token(scope)
        tok.node = node
        tok.walk = self._esp_done
        self._urgent.append((tok, _ESP, start, False))

    def interrupt(self, me: Any, cause: object) -> None:
        if me.state != _ENDED and not me.dead:
            self._urgent.append((me, _BOUNDARY, cause.node, False))  # type: ignore[attr-defined]

    def _start_esp(self, tok: _Token, start: int) -> None:
        """An event-subprocess instance starts (as behaviours.events'
        ``event_subprocess_instance``): a token of its scope until its child scope ends."""
        scope = tok.scope
        scope.tokens[tok] = None
        self._active = tok
        tok.state = _IN_SUB
        tok.sub = self.start_scope(scope.graph.child[tok.node], scope.case, scope,
                                   tok, start=start)  # type: ignore[arg-type]

    def _esp_done(self, tok: _Token, node: int, pos: int, leaving: bool, top: bool) -> None:
        """The ``walk`` of an event-subprocess instance: called when its scope ended."""
        scope = tok.scope
        tok.state = _ENDED
        scope.tokens.pop(tok, None)
        scope.extra -= 1
        self.token_gone(scope)

    def _arm(self, me: _Token, scope: Scope, node: int) -> None:
        """``me`` enters activity ``node``: its boundary events listen (as
        behaviours.events.activity) until it completes or is cancelled."""
        active = [True]
        me.armed = active
        arm_boundaries(self, scope, node, me, active)  # type: ignore[arg-type]

    def _boundary(self, tok: _Token, bnode: int) -> None:
        """An interrupting boundary event ``bnode`` cancels ``tok``'s activity; the token
        leaves through the event (a new token object in its place: events still pending
        for the old one are void)."""
        if tok.dead or tok.state == _ENDED:
            return  # (simpy: the interrupted process already ended)
        scope = tok.scope
        self._interrupt(tok)
        tok.dead = True
        new = _Token(scope)
        new.walk = tok.walk
        tokens = scope.tokens
        if tok in tokens:  # the same place in the order of the scope's tokens
            order = list(tokens)
            tokens.clear()
            for t in order:
                tokens[new if t is tok else t] = None
        if tok in scope.pos:
            scope.pos[new] = scope.pos.pop(tok)
        self._active = new
        new.walk(new, bnode, 0, True, True)

    def _enter_sub(self, me: _Token, scope: Scope, node: int) -> None:
        """``me`` enters a subprocess or call activity: its child scope runs (as
        behaviours.subprocess.subscope); ``me`` goes on when :meth:`scope_done` says."""
        g = scope.graph
        child = g.child.get(node)
        if child is None:
            child = self.c.graphs[g.called[node]]
        depth, up = 1, scope.parent
        while up is not None:
            depth, up = depth + 1, up.parent
        if depth > MAX_DEPTH:
            self.fail(scope.case, notice("fail-too-deep", element=g.ids[node], limit=MAX_DEPTH),
                      g.ids[node], g.path)
            raise CaseFailed
        me.node = node
        me.state = _IN_SUB
        me.sub = self.start_scope(child, scope.case, scope, me)  # type: ignore[arg-type]

    def _release(self, pool: Pool, person: int) -> None:
        pool.running[person] = None
        queue = pool.queue
        if queue:
            req: Any = queue.popleft()
            req.person = person
            req.state = _GRANTED
            self._grants.append((next(self._seq), req))
        else:
            pool.free.append(person)

    def _interrupt(self, tok: _Token) -> None:
        """A cancelled token leaves its task as the simpy path's ``work`` does."""
        st = tok.state
        tok.state = _ENDED
        if tok.armed is not None:
            tok.armed[0] = False
            tok.armed = None
        t = self.now
        cid = tok.scope.case.id
        pool = tok.pool
        if st == _ALONE:
            self.add((cid, tok.act, -1, tok.enable, tok.enable, t))
        elif st == _WAITING:
            pool.queue.remove(tok)  # type: ignore[union-attr, arg-type]
            self.add((cid, tok.act, -1, tok.enable, _NAN, _NAN))
        elif st == _GRANTED:
            self._release(pool, tok.person)  # type: ignore[arg-type]
            self.add((cid, tok.act, -1, tok.enable, _NAN, _NAN))
        elif st == _WORKING:
            self.add((cid, tok.act, pool.offset + tok.person,  # type: ignore[union-attr]
                      tok.enable, min(tok.start, t), t))
            self._release(pool, tok.person)  # type: ignore[arg-type]
        elif st >= _IN_SUB:
            self.kill(tok.sub, None)

    def log_open(self) -> None:
        add = self.add
        for pool in self.pools:
            for req in pool.queue:
                tok: Any = req
                add((tok.scope.case.id, tok.act, -1, tok.enable, np.nan, np.nan))
            for person, info in enumerate(pool.running):
                if info is not None:  # the token working (the simpy path keeps a tuple)
                    tok = info
                    add((tok.scope.case.id, tok.act, pool.offset + person, tok.enable,
                         tok.start, np.nan))

    # ------------------------------------------------------------------ the loop

    def _walker(self, g: Graph) -> Callable[[_Token, int, int, bool, bool], None]:
        """The ``walk`` of the tokens of graph ``g`` (made once per graph)."""
        walk_ = self._walks.get(id(g))
        if walk_ is not None:
            return walk_
        route, succ, succ_pos, n_in = g.route, g.succ, g.succ_pos, g.n_in
        track = g.has_or_join
        enters, branches = self.walk_tables(g)
        kinds = g.kinds
        op = [0 if e is None else _OP_TASK if kinds[n] == TASK else
              _OP_TERMINATE if kinds[n] == TERMINATE else _OP_TIMER if kinds[n] == TIMER
              else _OP_SUB for n, e in enumerate(enters)]
        for n in g.boundary:
            op[n] += _ARMED
        acts = g.act
        streams = self.durations
        pidx = [row[5] for row in self.c.activities]
        pool_of = [self.pools[pidx[a]] if kinds[n] == TASK and op[n] and pidx[a] >= 0 else None
                   for n, a in enumerate(acts)] if acts else []
        priority = self.priority
        dcal = self.default_cal
        urgent = self._urgent
        heap = self._heap
        seq = self._seq
        push = heappush
        probs = g.probs
        max_visits = self.max_visits
        vkey = [(id(g), n) for n in range(len(g.kinds))]  # as Engine.visit counts
        #: per node: 0 one incoming flow; an exclusive merge (counted or not), a parallel
        #: join (not counted, not fed back by a loop), or anything else (enter_join)
        join = [0 if n_in[n] <= 1 else
                (_J_XOR_FREE if not g.counted[n] else _J_XOR) if g.kinds[n] == XOR else
                _J_AND if (g.kinds[n] == AND and not g.counted[n] and n not in g.loop_join)
                else _J_OTHER for n in range(len(g.kinds))]

        def walk(me: _Token, node: int, pos: int, leaving: bool, top: bool) -> None:
            """Move ``me`` on until it waits in a task or ends (``top``: as the simpy
            token's loop enters a node; False when it resumes after its task)."""
            scope = me.scope
            case = scope.case
            now = self.now
            try:
                while True:
                    if track and top:
                        scope.pos[me] = node
                        if scope.or_wait and node not in scope.or_wait:
                            check_or(self, scope)
                    top = True
                    if not leaving:
                        j = join[node]
                        if j:  # several incoming flows
                            if j == _J_XOR:  # an exclusive merge: only its visits count
                                visits = case.visits
                                if visits is None:
                                    visits = case.visits = {}
                                key = vkey[node]
                                v = visits.get(key, 0) + 1
                                visits[key] = v
                                if v > max_visits:
                                    visits[key] = v - 1
                                    self.visit(scope, node)  # fails the case
                            elif j == _J_AND:  # a parallel join (enter_join, inlined)
                                st = scope.joins.get(node)
                                if st is None:
                                    st = scope.joins[node] = [0] * n_in[node]
                                st[pos] += 1
                                if 0 in st:
                                    break  # parked: the last token to arrive goes on
                                for i in range(len(st)):
                                    st[i] -= 1
                                if not any(st):
                                    del scope.joins[node]
                            elif j == _J_OTHER and enter_join(self, scope, node, pos):
                                break  # parked at a join
                        o = op[node]
                        if o > _OP_TASK:
                            if o > _ARMED:
                                self._arm(me, scope, node)
                                o -= _ARMED
                            if o == _OP_SUB:
                                self._enter_sub(me, scope, node)
                                return
                            if o == _OP_TERMINATE:
                                terminate(self, scope, node, me)
                                me.state = _ENDED
                                if track:
                                    scope.pos.pop(me, None)
                                return
                            if o == _OP_TIMER:
                                me.node = node
                                me.state = _SLEEP
                                push(heap, (now + self.timer_delay(g, node, case), next(seq),
                                            me))
                                return
                        if o:
                            act = acts[node]
                            stream = streams[act]
                            bit = stream.bit  # Keyed.__call__ inlined
                            drawn = case.drawn
                            if drawn & bit:
                                duration = stream.again(case)
                            else:
                                case.drawn = drawn | bit
                                cid = case.id
                                buf = stream.blocks.get(cid >> _SHIFT)
                                if buf is None:
                                    buf = stream.block(cid >> _SHIFT)
                                duration = buf[cid & _MASK]
                            me.node = node
                            me.act = act
                            me.enable = now
                            me.duration = duration
                            pool = pool_of[node]
                            if pool is None:
                                end = now + duration if dcal is None else \
                                    dcal.add_working(now, duration)
                                me.end = end
                                me.state = _ALONE
                                push(heap, (now + (end - now), next(seq), me))
                                return
                            me.pool = pool
                            free = pool.free
                            if free:
                                person = free.popleft()
                                cal = pool.cal
                                if cal is None:
                                    start, end = now, now + duration * pool.stretch
                                else:
                                    w = duration * pool.stretch
                                    win = pool.window  # work_span within the same period
                                    if win[0] <= now < win[1] and now + w <= win[1] \
                                            and w >= 0:
                                        start, end = now, now + w
                                    else:
                                        start, end = cal.work_span(now, w)
                                        win[:] = cal.period_at(start)
                                pool.busy += duration
                                pool.running[person] = me  # type: ignore[call-overload]
                                me.person = person
                                me.start = start
                                me.end = end
                                me.state = _WORKING
                                push(heap, (now + (end - now), next(seq), me))
                            else:
                                me.state = _WAITING
                                pr = priority[act]
                                if pr or pool.ranked:
                                    pool.enqueue(me, pr)  # type: ignore[arg-type]
                                else:  # Pool.enqueue of a request without priority
                                    me.priority = 0
                                    pool.queue.append(me)  # type: ignore[arg-type]
                            return
                    leaving = False
                    r = route[node]
                    if r == R_ONE:
                        pos = succ_pos[node][0]
                        node = succ[node][0]
                    elif r == R_XOR_P:
                        u = branches[node](case)  # type: ignore[misc]
                        cum = probs[node]
                        j = 0
                        while u >= cum[j]:
                            j += 1
                        pos = succ_pos[node][j]
                        node = succ[node][j]
                    elif r == R_ALL:
                        targets, positions = succ[node], succ_pos[node]
                        for j in range(1, len(targets)):
                            scope.live += 1
                            tok = _Token(scope)
                            tok.walk = me.walk  # (not the name walk: no cycle)
                            urgent.append((tok, targets[j], positions[j], False))
                            if track:
                                scope.pos[tok] = targets[j]
                        pos = positions[0]
                        node = targets[0]
                    elif r == R_NONE:
                        break
                    elif r == R_XOR_C:
                        j = xor_condition(self, g, node, case)
                        pos = succ_pos[node][j]
                        node = succ[node][j]
                    else:  # inclusive gateway
                        chosen = or_choice(self, g, node, case)
                        targets, positions = succ[node], succ_pos[node]
                        for j in chosen[1:]:
                            self.spawn(scope, targets[j], positions[j])
                        pos = positions[chosen[0]]
                        node = targets[chosen[0]]
            except CaseFailed:
                me.state = _ENDED
                scope.tokens.pop(me, None)
                if track:
                    scope.pos.pop(me, None)
                return
            me.state = _ENDED
            scope.tokens.pop(me, None)
            if track:
                scope.pos.pop(me, None)
            self.token_gone(scope)

        self._walks[id(g)] = walk
        return walk

    def loop(self, times: np.ndarray, until: float | None) -> None:
        """Run the replication (arrivals at ``times``) until ``until`` or the last event."""
        add = self.add
        urgent = self._urgent
        heap = self._heap
        seq = self._seq
        pop, push, popleft = heappop, heappush, urgent.popleft
        limit = math.inf if until is None else until

        # arrivals: case i arrives at times[i]; as the simpy arrival process, a case due
        # later waits for a normal event, one due now starts at once
        block: list[float] = []
        at = 0  # index in block
        lo = 0  # index of block[0] in times
        n = len(times)

        def arrive(waited: bool) -> None:
            nonlocal block, at, lo
            while True:
                if at >= len(block):
                    lo += len(block)
                    if lo >= n:
                        return
                    block, at = times[lo:lo + 4096].tolist(), 0
                t = block[at]
                if not waited and t > self.now:
                    push(heap, (self.now + (t - self.now), next(seq), None))
                    return
                waited = False
                at += 1
                self.new_case(t)

        arrive(False)
        grants = self._grants
        now = 0.0
        while True:
            while urgent:
                tok, node, pos, leaving = popleft()
                if node < 0:
                    if node == _KILLED:
                        self._interrupt(tok)
                    elif node == _BOUNDARY:
                        self._boundary(tok, pos)
                    else:
                        self._start_esp(tok, pos)
                    continue
                scope = tok.scope
                if scope.dead:
                    continue
                scope.tokens[tok] = None
                self._active = tok
                tok.walk(tok, node, pos, leaving, True)
            if grants and (not heap or heap[0][0] > now or heap[0][1] > grants[0][0]):
                # a person handed to a waiting token now (before any later event): the
                # same order as on the heap, without the heap
                tok = grants.popleft()[1]
                st = _GRANTED
            else:
                if not heap:
                    break
                if heap[0][0] >= limit:
                    self.now = limit
                    self._active = None
                    return
                now, _, tok_or_none = pop(heap)
                self.now = now
                if tok_or_none is None:
                    arrive(True)
                    continue
                tok = tok_or_none
                st = tok.state
            if tok.dead:
                continue
            if st == _WORKING:
                pool = tok.pool
                person = tok.person
                add((tok.scope.case.id, tok.act, pool.offset + person,  # type: ignore[union-attr]
                     tok.enable, tok.start, tok.end))
                pool.running[person] = None  # type: ignore[union-attr]  # _release, inlined
                queue = pool.queue  # type: ignore[union-attr]
                if queue:
                    req: Any = queue.popleft()
                    req.person = person
                    req.state = _GRANTED
                    grants.append((next(seq), req))
                else:
                    pool.free.append(person)  # type: ignore[union-attr]
            elif st == _GRANTED:  # a person for a waiting token: it starts working
                pool = tok.pool
                assert pool is not None
                person = tok.person
                duration = tok.duration
                cal = pool.cal
                if cal is None:
                    start, end = now, now + duration * pool.stretch
                else:
                    w = duration * pool.stretch
                    win = pool.window  # work_span within the same period
                    if win[0] <= now < win[1] and now + w <= win[1] and w >= 0:
                        start, end = now, now + w
                    else:
                        start, end = cal.work_span(now, w)
                        win[:] = cal.period_at(start)
                pool.busy += duration
                pool.running[person] = tok  # type: ignore[call-overload]
                tok.start = start
                tok.end = end
                tok.state = _WORKING
                push(heap, (now + (end - now), next(seq), tok))
                continue
            elif st == _ALONE:  # a task without a pool
                add((tok.scope.case.id, tok.act, -1, tok.enable, tok.enable, tok.end))
            elif st == _CALL:  # a timer of a boundary event or an event subprocess
                self._active = None
                tok.fn()  # type: ignore[attr-defined]
                continue
            # else _SUB_DONE (its subprocess or called process ended) or _SLEEP (its timer)
            arm = tok.armed
            if arm is not None:  # its activity is over: its boundary events stop listening
                arm[0] = False
                tok.armed = None
            self._active = tok
            tok.walk(tok, tok.node, 0, True, False)
        self._active = None
        if until is not None:
            self.now = limit
