"""Run-time state of the engine: cases, scopes (process instances), sample streams.

Small ``__slots__`` classes, one object per case and per running process instance;
nothing here is shared between replications and nothing touches the compiled graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.sim.graph import Graph

if TYPE_CHECKING:
    from simpy.events import Event

__all__ = ["BLOCK", "KILL", "BoundaryCause", "Case", "CaseFailed", "Scope", "Stream"]

#: values drawn per numpy call when a stream runs dry
BLOCK = 1024


class _Kill:
    """Interrupt cause: the token's scope was terminated or cancelled."""


KILL = _Kill()


class CaseFailed(Exception):
    """Raised inside a token whose case was just marked failed: the token ends quietly."""


class BoundaryCause:
    """Interrupt cause: an interrupting boundary timer fired on the token's activity."""

    __slots__ = ("node",)

    def __init__(self, node: int) -> None:
        self.node = node


class Case:
    __slots__ = ("arrival", "attrs", "drawn", "end", "failed", "id", "listeners", "mail", "open",
                 "priority", "revisits", "scopes", "visits", "waiters")

    def __init__(self, cid: int, arrival: float, attrs: dict[str, Any]) -> None:
        self.id = cid
        self.arrival = arrival
        self.attrs = attrs
        self.end = float("nan")
        self.open = 0  # top-level process instances still running
        self.drawn = 0  # bit per keyed stream the case took its own value from (streams.py)
        self.revisits: dict[int, int] | None = None  # stream bit -> later visits drawn
        # made on first use: most cases loop little and exchange no messages
        self.visits: dict[tuple[int, int], int] | None = None
        self.mail: dict[int, int] | None = None
        self.waiters: dict[int, list[Event]] | None = None
        self.failed = False
        #: the case's priority in the pools' queues (Scenario.case_priority; 0: none)
        self.priority = 0
        #: top-level process instances of the case
        self.scopes: list[Scope] | None = None
        #: signal reference -> callbacks of the events waiting for it (made on first use)
        self.listeners: dict[str | None, list[Callable[[], None]]] | None = None

    def box(self) -> tuple[dict[int, int], dict[int, list[Event]]]:
        """The case's mailbox (message key -> messages waiting) and its waiting receivers."""
        if self.mail is None or self.waiters is None:
            self.mail, self.waiters = {}, {}
        return self.mail, self.waiters


class Scope:
    """One running instance of a graph (a process, a subprocess body, a called process)."""

    __slots__ = (
        "case",
        "catch",
        "dead",
        "done",
        "extra",
        "graph",
        "joins",
        "live",
        "or_wait",
        "parent",
        "pos",
        "stopped",
        "tokens",
        "undo",
    )

    def __init__(self, graph: Graph, case: Case, parent: Scope | None,
                 done: Event | None) -> None:
        self.graph = graph
        self.case = case
        self.parent = parent
        self.done = done  # succeeded when the scope completes (None: top level)
        self.live = 0  # tokens not parked at a join
        self.joins: dict[int, list[int]] = {}  # join node -> tokens arrived per incoming flow
        self.or_wait: dict[int, int] = {}  # inclusive join -> tokens arrived
        #: token (a simpy process, or a heap-kernel token) -> node (kept only with inclusive joins)
        self.pos: dict[Any, int] = {}
        #: running tokens, in the order they started (a dict: cancelled in that order)
        self.tokens: dict[Any, None] = {}
        self.dead = False
        #: error/escalation boundary events of the activity running this scope:
        #: (event kind, reference or None for any, fire)
        self.catch: list[tuple[str, object, Callable[[], None]]] | None = None
        #: what to undo when the scope ends (waiting receivers and signal listeners)
        self.undo: list[Callable[[], None]] | None = None
        self.stopped = False  # an interrupting event subprocess took over
        self.extra = 0  # of ``live``: event-subprocess instances (not the scope's own flow)


class Stream:
    """A pre-sampled block of values, refilled on demand (one per distribution or purpose)."""

    __slots__ = ("buf", "draw", "i")

    def __init__(self, draw: Callable[[int], np.ndarray]) -> None:
        self.draw = draw
        self.buf: list[float] = []
        self.i = 0

    def __call__(self) -> float:
        i = self.i
        if i >= len(self.buf):
            self.buf = self.draw(BLOCK).tolist()
            i = 0
        self.i = i + 1
        return self.buf[i]
