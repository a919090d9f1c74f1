"""One BPMN token: a simpy process walking the compiled integer graph.

Zero-time steps (gateways, events without a wait, splits and joins) happen inside the loop
without any simpy event; the token yields only when time passes, inside the ``enter`` of
the element kind it reaches (:func:`~probisnis.sim.behaviours.table.enter_table`). The common
routing (one flow, a drawn exclusive branch, a parallel split) is inline; the rest is in
:data:`~probisnis.sim.behaviours.gateways.ROUTE`. Rules: ``docs/simulation.md``.
"""

from __future__ import annotations

from typing import Any

import simpy

from probisnis.sim.behaviours.events import STOP
from probisnis.sim.behaviours.gateways import ROUTE, check_or, enter_join
from probisnis.sim.behaviours.messages import send
from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.clock import active
from probisnis.sim.graph import R_ALL, R_NONE, R_ONE, R_XOR_P
from probisnis.sim.state import KILL, CaseFailed, Scope

__all__ = ["token"]


def token(sim: Runtime, scope: Scope, node: int, pos: int, leaving: bool) -> Any:
    """Walk from ``node`` (entered through incoming flow ``pos``) until the token ends.

    ``leaving``: the token is already done with ``node`` and only routes out of it
    (a fired inclusive join, a boundary event, a message start event).
    """
    if scope.dead:
        return
    me = active(sim.env)
    assert me is not None  # a token always runs as a simpy process
    scope.tokens[me] = None
    g = scope.graph
    route, succ, succ_pos, n_in = g.route, g.succ, g.succ_pos, g.n_in
    track = g.has_or_join
    sends = g.sends
    case = scope.case
    enters, branches = sim.walk_tables(g)
    try:
        while True:
            if track:
                scope.pos[me] = node
                if scope.or_wait and node not in scope.or_wait:
                    check_or(sim, scope)  # this token may have left a waiting join's reach
            if not leaving:
                if n_in[node] > 1 and enter_join(sim, scope, node, pos):
                    break  # parked at a join
                enter = enters[node]
                if enter is not None:
                    out = yield from enter(sim, scope, node, me)
                    if out is not None:
                        if out >= 0:  # leaving through a boundary event
                            node, leaving = out, True
                            continue
                        if out == STOP:
                            break
                        return  # QUIET: ended, already accounted for
                if sends and node in sends:
                    send(sim, case, sends[node])
            leaving = False
            r = route[node]
            if r == R_ONE:
                pos = succ_pos[node][0]
                node = succ[node][0]
            elif r == R_XOR_P:
                u = branches[node](case)  # type: ignore[misc]
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
            else:
                node, pos, leaving = yield from ROUTE[r](sim, scope, node, me)
    except simpy.Interrupt as exc:
        if exc.cause is KILL:
            return
        raise
    except CaseFailed:
        return
    finally:
        scope.tokens.pop(me, None)
        if track:
            scope.pos.pop(me, None)
    sim.token_gone(scope)
