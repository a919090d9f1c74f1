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
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from probisnis.sim.behaviours.batch import enter_batch
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

__all__ = ["BATCHED", "ENTER", "enters_of"]

ENTER: dict[int, Callable[..., Any]] = {
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
#: the ``enter`` of a task done in batches (the scenario says which: ``TaskSpec.batch``)
BATCHED: Callable[..., Any] = enter_batch


def enters_of(g: Graph, batched: Collection[int] = ()) -> list[Callable[..., Any] | None]:
    """Per node of ``g``: its ``enter``, or None when it only routes (a plain end event
    with nothing to send or throw only routes too: its token just ends); tasks whose
    activity number is in ``batched`` are done in batches."""
    out: list[Callable[..., Any] | None] = []
    for node, kind in enumerate(g.kinds):
        plain_end = kind == END and node not in g.sends and node not in g.throws
        if kind == TASK and batched and g.act[node] in batched:
            out.append(BATCHED)
            continue
        out.append(None if plain_end else ENTER.get(kind))
    return out
