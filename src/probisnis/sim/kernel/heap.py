"""The heap kernel's engine: :class:`HeapEngine`, the :class:`~probisnis.sim.engine.Engine`
hooks on one heap (see :mod:`probisnis.sim.kernel`), and what a token does when it is
cancelled, interrupted by a boundary event, or enters a subprocess."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from heapq import heappush
from itertools import count
from typing import Any

import numpy as np

from probisnis.sim.behaviours.events import arm_boundaries
from probisnis.sim.behaviours.subprocess import child_graph
from probisnis.sim.compile import Compiled
from probisnis.sim.engine import Engine
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.graph import Graph
from probisnis.sim.kernel.loop import run_loop
from probisnis.sim.kernel.mail import HeapEvent, withdraw
from probisnis.sim.kernel.tokens import (
    ALONE,
    BOUNDARY,
    ENDED,
    ESP,
    GRANTED,
    IN_SUB,
    RACING,
    RECEIVING,
    SUB_DONE,
    WAITING,
    WORKING,
    Call,
    Token,
    Walk,
    drop_tokens,
)
from probisnis.sim.kernel.walker import make_walker
from probisnis.sim.resources import Pool
from probisnis.sim.state import Scope

__all__ = ["HeapEngine"]

_NAN = float("nan")


class HeapEngine(Engine):
    """:class:`Engine` running on the heap kernel (see the module text)."""

    kernel = "heap"

    def __init__(self, compiled: Compiled, *, replication: int,
                 seed: np.random.SeedSequence, log: LogColumns) -> None:
        super().__init__(compiled, replication=replication, seed=seed, log=log)
        self.now = 0.0
        #: urgent events due now, in order: (token, node, incoming position, leaving);
        #: node -1: interrupt the token (its scope was cancelled)
        self.urgent: deque[tuple[Token, int, int, bool]] = deque()
        #: normal events: (time, sequence, a token, a timer's Call, or None: an arrival)
        self.heap: list[tuple[float, int, Any]] = []
        #: normal events due now that hand a person to a waiting token: (sequence, token);
        #: they would be heap entries at the current time, kept apart as a cheaper FIFO
        self.grants: deque[tuple[int, Token]] = deque()
        self.seq = count()
        self.active: Token | None = None
        self.walks: dict[int, Callable[[Token, int, int, bool, bool], None]] = {}

    def run(self) -> None:
        super().run()
        # the walks refer to the engine and the tokens of cases still open to the walks:
        # drop both so that the engine is freed as soon as the caller lets it go (not at
        # the next garbage collection)
        self.walks.clear()
        self.urgent.clear()
        self.grants.clear()
        self.heap.clear()
        for case in self.open_cases.values():  # cut by the horizon: tokens <-> scopes
            for scope in case.scopes or ():
                drop_tokens(scope)
            case.scopes = None
        self.open_cases.clear()
        for pool in self.pools:  # tokens still waiting or working when the horizon cut it
            pool.queue.clear()
            working: list[Any] = pool.running
            pool.running = [None if tok is None else  # what the simpy path keeps there
                            (tok.scope.case.id, tok.act, tok.enable, tok.start)
                            for tok in working]

    # --------------------------------------------------- the engine's hooks, heap flavour

    def environment(self) -> Any:
        return None  # no simpy: the clock is :attr:`now`

    def clock(self) -> float:
        return self.now

    def current(self) -> Any:
        return self.active

    def spawn(self, scope: Scope, node: int, pos: int, leaving: bool = False) -> None:
        scope.live += 1
        tok = Token(scope)
        g = scope.graph
        walk = self.walks.get(id(g))  # (the walker made once per graph)
        tok.walk = walk if walk is not None else self.walker(g)
        self.urgent.append((tok, node, pos, leaving))
        if g.has_or_join:
            scope.pos[tok] = node

    def kill(self, scope: Scope, me: Any) -> None:
        scope.dead = True
        if scope.undo:
            for undo in scope.undo:
                undo()
            scope.undo = None
        for tok in list(scope.tokens):  # in the order they started, as the simpy path
            if tok is not me and tok.state >= WAITING:  # type: ignore[attr-defined]
                tok.dead = True  # type: ignore[attr-defined]  # its pending event is void
                self.urgent.append((tok, -1, 0, False))  # type: ignore[arg-type]
        scope.tokens.clear()
        scope.joins.clear()
        scope.or_wait.clear()
        scope.pos.clear()

    def scope_done(self, scope: Scope) -> None:
        parent: Any = scope.done  # the token in the subprocess or call activity
        parent.state = SUB_DONE
        heappush(self.heap, (self.now, next(self.seq), parent))

    def later(self, fn: Callable[[], None], delay: float = 0.0) -> None:
        heappush(self.heap, (self.now + delay, next(self.seq), Call(fn)))

    def event(self) -> Any:
        return HeapEvent(self)

    def run_event_subprocess(self, scope: Scope, node: int, start: int) -> None:
        tok = Token(scope)
        tok.node = node
        tok.walk = self.esp_done
        self.urgent.append((tok, ESP, start, False))

    def interrupt(self, me: Any, cause: object) -> None:
        if me.state != ENDED and not me.dead:
            self.urgent.append((me, BOUNDARY, cause.node, False))  # type: ignore[attr-defined]

    def start_esp(self, tok: Token, start: int) -> None:
        """An event-subprocess instance starts (as behaviours.events'
        ``event_subprocess_instance``): a token of its scope until its child scope ends."""
        scope = tok.scope
        scope.tokens[tok] = None
        self.active = tok
        tok.state = IN_SUB
        tok.sub = self.start_scope(scope.graph.child[tok.node], scope.case, scope,
                                   tok, start=start)  # type: ignore[arg-type]

    def esp_done(self, tok: Token, node: int, pos: int, leaving: bool, top: bool) -> None:
        """The ``walk`` of an event-subprocess instance: called when its scope ended."""
        scope = tok.scope
        tok.state = ENDED
        scope.tokens.pop(tok, None)
        scope.extra -= 1
        self.token_gone(scope)

    def arm(self, me: Token, scope: Scope, node: int) -> None:
        """``me`` enters activity ``node``: its boundary events listen (as
        behaviours.events.activity) until it completes or is cancelled."""
        active: list[Any] = [True]
        me.armed = active
        _, undo = arm_boundaries(self, scope, node, me, active)  # type: ignore[arg-type]
        active.extend(undo)  # (message listeners: withdrawn when the activity ends)

    def boundary(self, tok: Token, bnode: int) -> None:
        """An interrupting boundary event ``bnode`` cancels ``tok``'s activity; the token
        leaves through the event (a new token object in its place: events still pending
        for the old one are void)."""
        if tok.dead or tok.state == ENDED:
            return  # (simpy: the interrupted process already ended)
        scope = tok.scope
        self.cancel_token(tok)
        tok.dead = True
        new = Token(scope)
        new.walk = tok.walk
        tokens = scope.tokens
        if tok in tokens:  # the same place in the order of the scope's tokens
            order = list(tokens)
            tokens.clear()
            for t in order:
                tokens[new if t is tok else t] = None
        if tok in scope.pos:
            scope.pos[new] = scope.pos.pop(tok)
        self.active = new
        new.walk(new, bnode, 0, True, True)

    def enter_sub(self, me: Token, scope: Scope, node: int) -> None:
        """``me`` enters a subprocess or call activity: its child scope runs (as
        behaviours.subprocess.subscope); ``me`` goes on when :meth:`scope_done` says."""
        child = child_graph(self, scope, node)
        me.node = node
        me.state = IN_SUB
        me.sub = self.start_scope(child, scope.case, scope, me)  # type: ignore[arg-type]

    def release(self, pool: Pool, person: int) -> None:
        pool.running[person] = None
        queue = pool.queue
        if queue:
            req: Any = queue.popleft()
            req.person = person
            req.state = GRANTED
            self.grants.append((next(self.seq), req))
        else:
            pool.free.append(person)

    def cancel_token(self, tok: Token) -> None:
        """A cancelled token leaves its task as the simpy path's ``work`` does."""
        st = tok.state
        tok.state = ENDED
        arm = tok.armed
        if arm is not None:
            arm[0] = False
            tok.armed = None
            for undo in arm[1:]:
                undo()
        t = self.now
        cid = tok.scope.case.id
        pool = tok.pool
        if st == ALONE:
            self.add((cid, tok.act, -1, tok.enable, tok.enable, t))
        elif st == WAITING:
            pool.queue.remove(tok)  # type: ignore[union-attr, arg-type]
            self.add((cid, tok.act, -1, tok.enable, _NAN, _NAN))
        elif st == GRANTED:
            self.release(pool, tok.person)  # type: ignore[arg-type]
            self.add((cid, tok.act, -1, tok.enable, _NAN, _NAN))
        elif st == WORKING:
            self.add((cid, tok.act, pool.offset + tok.person,  # type: ignore[union-attr]
                      tok.enable, min(tok.start, t), t))
            self.release(pool, tok.person)  # type: ignore[arg-type]
        elif st >= IN_SUB:
            self.kill(tok.sub, None)
        elif st in (RECEIVING, RACING):
            withdraw(tok)

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


    def walker(self, g: Graph) -> Walk:
        """The ``walk`` of the tokens of graph ``g`` (made once per graph)."""
        walk = self.walks.get(id(g))
        return walk if walk is not None else make_walker(self, g)

    def loop(self, times: Iterable[list[float]], until: float | None) -> None:
        run_loop(self, times, until)
