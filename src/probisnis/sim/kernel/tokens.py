"""The heap kernel's running objects: a token (and its task while it is in one), a timer's
call, and the codes of what a token is doing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from probisnis.sim.resources import Pool
from probisnis.sim.state import Scope

__all__ = [
    "ALONE",
    "BOUNDARY",
    "CALL",
    "ENDED",
    "ESP",
    "GRANTED",
    "IN_SUB",
    "KILLED",
    "RACING",
    "RECEIVING",
    "SLEEP",
    "SUB_DONE",
    "WAITING",
    "WALK",
    "WORKING",
    "Call",
    "Token",
    "Walk",
    "drop_tokens",
]

#: what a token is doing: walking (or not started), ended, in a task, waiting at a timer,
#: waiting for a message (an intermediate catch event), waiting at an event-based gateway,
#: in a subprocess (or running an event subprocess instance); CALL: a timer's callback
(WALK, ENDED, WAITING, GRANTED, WORKING, ALONE, SLEEP, RECEIVING, RACING, IN_SUB, SUB_DONE,
 CALL) = range(12)
#: urgent entries that are not a token's start: a cancelled token, a boundary event
#: interrupting its activity, an event-subprocess instance starting
KILLED, BOUNDARY, ESP = -1, -2, -3

#: the walk of a scope's graph: (token, node, incoming position, leaving, top)
Walk = Callable[["Token", int, int, bool, bool], None]


class Token:
    """One token of the heap kernel, and its task while it is in one."""

    __slots__ = ("act", "armed", "dead", "duration", "enable", "end", "node", "person", "pool",
                 "priority", "scope", "start", "state", "sub", "wait", "walk")
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
    #: while it waits for a message or at an event-based gateway: what it waits on
    #: (:mod:`~.mail`)
    wait: Any
    walk: Walk  # the walk of its scope's graph

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.state = WALK
        self.dead = False
        self.pool: Pool | None = None
        #: while in an activity with boundary events: the flag its timers read (as
        #: behaviours.events.activity's ``active``)
        self.armed: list[Any] | None = None


class Call:
    """A heap entry calling ``fn`` (a timer of a boundary event or event subprocess)."""

    __slots__ = ("dead", "fn", "state")

    def __init__(self, fn: Callable[[], None]) -> None:
        self.fn = fn
        self.state = CALL
        self.dead = False


def drop_tokens(scope: Scope) -> None:
    """Forget the tokens of ``scope`` and of the scopes they run (after the run)."""
    for tok in scope.tokens:
        if tok.state >= IN_SUB:
            drop_tokens(tok.sub)
    scope.tokens.clear()
    scope.pos.clear()
