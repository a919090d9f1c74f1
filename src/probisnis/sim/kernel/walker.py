"""The walk of a graph's tokens on the heap kernel: made once per graph, it moves a token
on from node to node (joins, routing, entering a task or a subprocess) until the token
waits in a task, a timer or a subprocess, or ends. Zero-time steps never touch the heap."""

from __future__ import annotations

from heapq import heappush
from typing import TYPE_CHECKING

from probisnis.sim.behaviours.events import terminate, throw
from probisnis.sim.behaviours.gateways import check_or, enter_join, or_choice, xor_condition
from probisnis.sim.behaviours.messages import send
from probisnis.sim.behaviours.table import acting
from probisnis.sim.graph import (
    AND,
    END,
    MSG_CATCH,
    R_ALL,
    R_EVENT,
    R_NONE,
    R_ONE,
    R_XOR_C,
    R_XOR_P,
    SIGNAL_CATCH,
    TASK,
    TERMINATE,
    THROW,
    TIMER,
    XOR,
    Graph,
)
from probisnis.sim.kernel.mail import catch, hearing, race
from probisnis.sim.kernel.tokens import (
    ALONE,
    ENDED,
    RECEIVING,
    SLEEP,
    WAITING,
    WORKING,
    Token,
    Walk,
)
from probisnis.sim.state import CaseFailed
from probisnis.sim.streams import CASES_PER_BLOCK

if TYPE_CHECKING:
    from probisnis.sim.kernel.heap import HeapEngine

__all__ = ["make_walker"]

_SHIFT = CASES_PER_BLOCK.bit_length() - 1
_MASK = CASES_PER_BLOCK - 1
#: per node, what entering it does: route only, a task, a subprocess or call activity, a
#: terminate end event, an intermediate timer, a message catch event, send messages (an
#: end or a plain event with message flows out), a receive task; +_ARMED: with boundary
#: events
_OP_TASK, _OP_SUB, _OP_TERMINATE, _OP_TIMER, _OP_CATCH, _OP_SEND, _OP_RECEIVE = range(1, 8)
_OP_SIGNAL, _ARMED = 8, 16  # (_ARMED above every op)
#: how a node with several incoming flows is entered (see make_walker)
_J_XOR, _J_XOR_FREE, _J_AND, _J_OTHER = 1, 2, 3, 4
#: what entering a node asks (see make_walker)
_E_TASK, _E_MORE = 1, 2


def make_walker(eng: HeapEngine, g: Graph) -> Walk:
    """The ``walk`` of the tokens of graph ``g`` (made once per graph)."""
    walk_ = eng.walks.get(id(g))
    if walk_ is not None:
        return walk_
    route, succ, succ_pos, n_in = g.route, g.succ, g.succ_pos, g.n_in
    track = g.has_or_join
    # (Engine.walk_tables without the simpy loop's enters: the same branch streams)
    branches = [eng.branch(g, n) if r == R_XOR_P else None for n, r in enumerate(route)]
    kinds = g.kinds
    sends = g.sends
    receives = g.receives
    op = [(_OP_SEND if n in sends else 0) if not a else
          (_OP_RECEIVE if n in receives else _OP_TASK) if kinds[n] == TASK else
          _OP_TERMINATE if kinds[n] == TERMINATE else _OP_TIMER if kinds[n] == TIMER
          else _OP_CATCH if kinds[n] == MSG_CATCH else _OP_SEND if kinds[n] in (END, THROW)
          else _OP_SIGNAL if kinds[n] == SIGNAL_CATCH
          else _OP_SUB for n, a in enumerate(acting(g))]
    throws = g.throws
    for n in g.boundary:
        op[n] += _ARMED
    acts = g.act
    streams = eng.durations
    pidx = [row[5] for row in eng.c.activities]
    pool_of = [eng.pools[pidx[a]] if kinds[n] == TASK and op[n] and pidx[a] >= 0 else None
               for n, a in enumerate(acts)] if acts else []
    priority = eng.priority
    dcal = eng.default_cal
    urgent = eng.urgent
    heap = eng.heap
    seq = eng.seq
    push = heappush
    probs = g.probs
    max_visits = eng.max_visits
    vkey = [(id(g), n) for n in range(len(g.kinds))]  # as Engine.visit counts
    #: per node: 0 one incoming flow; an exclusive merge (counted or not), a parallel
    #: join (not counted, not fed back by a loop), or anything else (enter_join)
    join = [0 if n_in[n] <= 1 else
            (_J_XOR_FREE if not g.counted[n] else _J_XOR) if g.kinds[n] == XOR else
            _J_AND if (g.kinds[n] == AND and not g.counted[n] and n not in g.loop_join)
            else _J_OTHER for n in range(len(g.kinds))]
    #: per node, what entering it asks: nothing (it only routes), a plain task (one
    #: incoming flow, no boundary event: the hot path), or more (join, op) (_E_MORE)
    enter = [0 if not join[n] and not op[n] else
             _E_TASK if not join[n] and op[n] == _OP_TASK else _E_MORE
             for n in range(len(kinds))]
    #: per node routed along one flow: (next node, its incoming position, what entering
    #: it asks)
    one = [(succ[n][0], succ_pos[n][0], enter[succ[n][0]]) if route[n] == R_ONE else None
           for n in range(len(kinds))]
    #: per task node, read in one go: (activity, its duration stream's bit, the stream's
    #: first-visit blocks, the stream (Keyed.__call__ inlined below), its pool or None)
    #: receive tasks (a token resumed there in RECEIVING got its message)
    receiving = frozenset(n for n in receives if kinds[n] == TASK)
    task_of = [(acts[n], streams[acts[n]].bit, streams[acts[n]].blocks, streams[acts[n]],
                pool_of[n]) if kinds[n] == TASK and op[n] else None
               for n in range(len(acts))]

    def walk(me: Token, node: int, pos: int, leaving: bool, top: bool) -> None:
        """Move ``me`` on until it waits in a task or ends (``top``: as the simpy
        token's loop enters a node; False when it resumes after its task)."""
        scope = me.scope
        case = scope.case
        now = eng.now
        if not top and (sends or receiving):
            if node in receiving and me.state == RECEIVING:
                leaving = False  # a receive task has its message: the task itself now
                pos = -1
            elif node in sends:  # its task, timer or subprocess is done
                send(eng, case, sends[node])
        e = enter[node]  # what entering ``node`` asks (kept along as the token moves)
        try:
            while True:
                if track:
                    if top:
                        scope.pos[me] = node
                        if scope.or_wait and node not in scope.or_wait:
                            check_or(eng, scope)
                    top = True
                if leaving:
                    leaving = False
                elif e:
                    o = _OP_TASK
                    if e == _E_MORE:
                        j = join[node]
                        if j and pos >= 0:  # several incoming flows (-1: resumed)
                            if j == _J_XOR:  # an exclusive merge: only its visits count
                                visits = case.visits
                                if visits is None:
                                    visits = case.visits = {}
                                key = vkey[node]
                                v = visits.get(key, 0) + 1
                                visits[key] = v
                                if v > max_visits:
                                    visits[key] = v - 1
                                    eng.visit(scope, node)  # fails the case
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
                            elif j == _J_OTHER and enter_join(eng, scope, node, pos):
                                break  # parked at a join
                        o = op[node]
                        if o > _OP_TASK:
                            if o > _ARMED:
                                if pos >= 0:  # (-1: a receive task armed before its wait)
                                    eng.arm(me, scope, node)
                                o -= _ARMED
                            if o == _OP_SUB:
                                eng.enter_sub(me, scope, node)
                                return
                            if o == _OP_TERMINATE:
                                terminate(eng, scope, node, me)
                                me.state = ENDED
                                if track:
                                    scope.pos.pop(me, None)
                                return
                            if o == _OP_TIMER:
                                me.node = node
                                me.state = SLEEP
                                push(heap, (now + eng.timer_delay(g, node, case), next(seq),
                                            me))
                                return
                            if o == _OP_CATCH:
                                if not catch(eng, me, scope, node):
                                    return  # waits for its message
                                o = 0  # (a message was waiting: it goes on)
                            elif o == _OP_SEND:  # (an end event sends, then throws)
                                if node in sends:
                                    send(eng, case, sends[node])
                                if node in throws:  # a signal (heap_refusal: no other)
                                    throw(eng, scope, node, me)  # type: ignore[arg-type]
                                o = 0
                            elif o == _OP_SIGNAL:
                                hearing(eng, me, scope, node)
                                return  # waits for the signal
                            elif o == _OP_RECEIVE:  # (behaviours.task.work: receive first)
                                if pos >= 0 and not catch(eng, me, scope, node):
                                    return  # waits for its message, then does the task
                                o = _OP_TASK
                    if o:
                        act, bit, blocks, stream, pool = task_of[node]  # type: ignore[misc]
                        drawn = case.drawn
                        if drawn & bit:
                            duration = stream.again(case)
                        else:
                            case.drawn = drawn | bit
                            cid = case.id
                            buf = blocks.get(cid >> _SHIFT)
                            if buf is None:
                                buf = stream.block(cid >> _SHIFT)
                            duration = buf[cid & _MASK]
                        me.node = node
                        me.act = act
                        me.enable = now
                        if pool is None:
                            end = now + duration if dcal is None else \
                                dcal.add_working(now, duration)
                            me.end = end
                            me.state = ALONE
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
                            me.state = WORKING
                            push(heap, (now + (end - now), next(seq), me))
                        else:
                            me.state = WAITING
                            me.duration = duration  # (the loop starts it when a person is free)
                            pr = priority[act] + case.priority
                            if pr or pool.ranked:
                                pool.enqueue(me, pr)  # type: ignore[arg-type]
                            else:  # Pool.enqueue of a request without priority
                                me.priority = 0
                                pool.queue.append(me)  # type: ignore[arg-type]
                        return
                r = route[node]
                if r == R_ONE:
                    node, pos, e = one[node]  # type: ignore[misc]
                elif r == R_XOR_P:
                    u = branches[node](case)  # type: ignore[misc]
                    cum = probs[node]
                    j = 0
                    while u >= cum[j]:
                        j += 1
                    pos = succ_pos[node][j]
                    node = succ[node][j]
                    e = enter[node]
                elif r == R_ALL:
                    targets, positions = succ[node], succ_pos[node]
                    for j in range(1, len(targets)):
                        scope.live += 1
                        tok = Token(scope)
                        tok.walk = me.walk  # (not the name walk: no cycle)
                        urgent.append((tok, targets[j], positions[j], False))
                        if track:
                            scope.pos[tok] = targets[j]
                    pos = positions[0]
                    node = targets[0]
                    e = enter[node]
                elif r == R_NONE:
                    break
                elif r == R_EVENT:  # the first of its events wins (kernel.mail)
                    node = race(eng, me, scope, node)
                    if node < 0:
                        return  # waits
                    leaving = True
                    e = enter[node]
                elif r == R_XOR_C:
                    j = xor_condition(eng, g, node, case)
                    pos = succ_pos[node][j]
                    node = succ[node][j]
                    e = enter[node]
                else:  # inclusive gateway
                    chosen = or_choice(eng, g, node, case)
                    targets, positions = succ[node], succ_pos[node]
                    for j in chosen[1:]:
                        eng.spawn(scope, targets[j], positions[j])
                    pos = positions[chosen[0]]
                    node = targets[chosen[0]]
                    e = enter[node]
        except CaseFailed:
            me.state = ENDED
            scope.tokens.pop(me, None)
            if track:
                scope.pos.pop(me, None)
            return
        me.state = ENDED
        scope.tokens.pop(me, None)
        if track:
            scope.pos.pop(me, None)
        live = scope.live
        if scope.or_wait or scope.dead:
            eng.token_gone(scope)
        elif live > 1:
            scope.live = live - 1  # (Engine.token_gone when the scope goes on)
        elif live == 1 and not scope.joins:  # (Engine.token_gone when the scope ends)
            scope.live = 0
            scope.dead = True
            eng.finish_scope(scope)
        else:
            eng.token_gone(scope)

    eng.walks[id(g)] = walk
    return walk
