"""The behaviour of each element kind: kind code -> ``enter(sim, scope, node, me)``.

An ``enter`` is a generator function, or returns a generator (it may wait: ``yield`` simpy
events); the generator returns None
(the token goes on along the node's outgoing flows), a node number (it leaves through that
node: a boundary event), :data:`~probisnis.sim.behaviours.events.STOP` (the token ends
here) or :data:`~probisnis.sim.behaviours.events.QUIET` (it ends and the scope's count of
live tokens is already settled). Kinds without an entry (start events, gateways, plain
events) only route. A new element kind: a kind code in :mod:`probisnis.sim.graph`, what it
needs bound in :mod:`probisnis.sim.compile`, its ``enter`` in the module of its family, one
line here, and one test.

The table is made on first use (:func:`enter_table`): the behaviours of the simpy loop
import simpy, which the heap kernel never needs; it asks only which nodes act
(:func:`acting`, from :data:`ACTING`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import cache
from typing import Any

from probisnis.sim.graph import (
    CALL,
    COND_CATCH,
    END,
    MSG_CATCH,
    SIGNAL_CATCH,
    SUB,
    TASK,
    TERMINATE,
    THROW,
    TIMER,
    Graph,
)

__all__ = ["ACTING", "acting", "enter_table", "enters_of"]

#: the element kinds with an ``enter`` (the keys of :func:`enter_table`)
ACTING = frozenset((TASK, SUB, CALL, TIMER, MSG_CATCH, THROW, SIGNAL_CATCH, COND_CATCH, END,
                    TERMINATE))


@cache
def enter_table() -> dict[int, Callable[..., Any]]:
    """Element kind -> its ``enter`` (made once, on first use)."""
    from probisnis.sim.behaviours.events import (
        enter_condition,
        enter_end,
        enter_signal,
        enter_terminate,
        enter_throw,
    )
    from probisnis.sim.behaviours.messages import enter_catch
    from probisnis.sim.behaviours.subprocess import enter_subprocess
    from probisnis.sim.behaviours.task import enter_task
    from probisnis.sim.behaviours.timers import enter_timer

    return {
        TASK: enter_task,
        SUB: enter_subprocess,
        CALL: enter_subprocess,
        TIMER: enter_timer,
        MSG_CATCH: enter_catch,
        THROW: enter_throw,
        SIGNAL_CATCH: enter_signal,
        COND_CATCH: enter_condition,
        END: enter_end,
        TERMINATE: enter_terminate,
    }


def acting(g: Graph) -> list[bool]:
    """Per node of ``g``: whether it has an ``enter`` (False: it only routes; a plain end
    event with nothing to send or throw only routes too: its token just ends)."""
    return [kind in ACTING and not (kind == END and node not in g.sends
                                    and node not in g.throws)
            for node, kind in enumerate(g.kinds)]


def enters_of(g: Graph, batched: Collection[int] = ()) -> list[Callable[..., Any] | None]:
    """Per node of ``g``: its ``enter``, or None when it only routes (:func:`acting`); tasks
    whose activity number is in ``batched`` are done in batches."""
    table = enter_table()
    out: list[Callable[..., Any] | None] = []
    for node, act in enumerate(acting(g)):
        kind = g.kinds[node]
        if kind == TASK and batched and g.act[node] in batched:
            from probisnis.sim.behaviours.batch import enter_batch

            out.append(enter_batch)
            continue
        out.append(table[kind] if act else None)
    return out
