"""The heap kernel's event loop: urgent entries first (a token's start, an interrupt, in
the order they were made), then the person handed to a waiting task, then the heap
(a task's end, a timer, the next arrival), in simpy's order (see :mod:`probisnis.sim.kernel`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any

from probisnis.sim.kernel.tokens import (
    ALONE,
    BOUNDARY,
    CALL,
    GRANTED,
    KILLED,
    RECEIVING,
    SUB_DONE,
    WORKING,
)

if TYPE_CHECKING:
    from probisnis.sim.kernel.heap import HeapEngine

__all__ = ["run_loop"]


def run_loop(eng: HeapEngine, times: Iterable[list[float]], until: float | None) -> None:
    """Run the replication (arrivals at ``times``: blocks of times, sim/arrivals.py) until
    ``until`` or the last event."""
    add = eng.add
    urgent = eng.urgent
    heap = eng.heap
    seq = eng.seq
    pop, push, popleft = heappop, heappush, urgent.popleft
    limit = math.inf if until is None else until
    bounded = until is not None

    # arrivals: case i arrives at times[i]; as the simpy arrival process, a case due
    # later waits for a normal event, one due now starts at once
    blocks = iter(times)
    block: list[float] = []
    at = 0  # index in block

    def arrive(waited: bool) -> None:
        nonlocal block, at
        while True:
            if at >= len(block):
                block, at = next(blocks, []), 0
                if not block:
                    return
            t = block[at]
            if not waited and t > eng.now:
                push(heap, (eng.now + (t - eng.now), next(seq), None))
                return
            waited = False
            at += 1
            eng.new_case(t)

    arrive(False)
    grants = eng.grants
    now = 0.0
    while True:
        while urgent:
            tok, node, pos, leaving = popleft()
            if node < 0:
                if node == KILLED:
                    eng.cancel_token(tok)
                elif node == BOUNDARY:
                    eng.boundary(tok, pos)
                else:
                    eng.start_esp(tok, pos)
                continue
            scope = tok.scope
            if scope.dead:
                continue
            scope.tokens[tok] = None
            eng.active = tok
            tok.walk(tok, node, pos, leaving, True)
        if grants and (not heap or heap[0][0] > now or heap[0][1] > grants[0][0]):
            # a person handed to a waiting token now (before any later event): the
            # same order as on the heap, without the heap; the token starts working
            tok = grants.popleft()[1]
            if tok.dead:
                continue
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
            tok.state = WORKING
            push(heap, (now + (end - now), next(seq), tok))
            continue
        if not heap:
            break
        if bounded and heap[0][0] >= limit:
            eng.now = limit
            eng.active = None
            return
        now, _, tok = pop(heap)
        eng.now = now
        if tok is None:
            arrive(True)
            continue
        if tok.dead:
            continue
        st = tok.state
        if st == WORKING:
            pool = tok.pool
            person = tok.person
            add((tok.scope.case.id, tok.act, pool.offset + person,  # type: ignore[union-attr]
                 tok.enable, tok.start, tok.end))
            pool.running[person] = None  # type: ignore[union-attr]  # _release, inlined
            queue = pool.queue  # type: ignore[union-attr]
            if queue:
                req: Any = queue.popleft()
                req.person = person
                req.state = GRANTED
                grants.append((next(seq), req))
            else:
                pool.free.append(person)  # type: ignore[union-attr]
        elif st == ALONE:  # a task without a pool
            add((tok.scope.case.id, tok.act, -1, tok.enable, tok.enable, tok.end))
        elif st == CALL:  # a timer of a boundary event or an event subprocess
            eng.active = None
            tok.fn()  # type: ignore[attr-defined]
            continue
        # else SUB_DONE (its subprocess or called process ended), SLEEP (its timer) or
        # RECEIVING (its message arrived)
        if st == SUB_DONE:
            tok.sub = None  # type: ignore[assignment]  # (token <-> child scope: no cycle)
        elif st == RECEIVING:  # its message arrived (a receive task keeps its boundaries)
            w = tok.wait
            tok.wait = None  # (token <-> its receipt: no cycle)
            if w.undo is not None:  # its signal was heard: it stops listening
                w.undo()
            eng.active = tok
            tok.walk(tok, tok.node, 0, True, False)
            continue
        arm = tok.armed
        if arm is not None:  # its activity is over: its boundary events stop listening
            arm[0] = False
            tok.armed = None
            if len(arm) > 1:  # (message listeners, as behaviours.events.activity's undo)
                for undo in arm[1:]:
                    undo()
        eng.active = tok
        tok.walk(tok, tok.node, 0, True, False)
    eng.active = None
    if until is not None:
        eng.now = limit
