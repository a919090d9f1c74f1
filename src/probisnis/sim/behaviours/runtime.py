"""What a behaviour may use of the engine running it (the engine implements this).

Behaviours import this protocol, never :mod:`probisnis.sim.engine`: the engine imports the
behaviours, not the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from probisnis.present.notices import Notice
from probisnis.sim.compile import Compiled
from probisnis.sim.graph import Graph
from probisnis.sim.resources import Pool
from probisnis.sim.state import Case, Scope
from probisnis.sim.streams import Keyed

if TYPE_CHECKING:
    import simpy
    from simpy.events import Event, Process

__all__ = ["Runtime"]


class Runtime(Protocol):
    env: simpy.Environment
    c: Compiled
    add: Callable[[Any], None]
    durations: list[Keyed]
    pools: list[Pool]
    priority: list[int]
    alternatives: list[tuple[Pool, ...]]
    pool_laws: list[dict[Pool, Keyed]]
    task_sets: list[tuple[tuple[str, Keyed, tuple[Any, ...], list[float] | None], ...]]
    default_cal: Any
    #: per activity: its :class:`~probisnis.sim.behaviours.batch.Waiting` cases, or None
    batches: list[Any]
    #: the number of the last batch started (the event log's ``batch_id``)
    batch_ids: int
    #: the event log being written (:class:`~probisnis.sim.eventlog.LogColumns`)
    log: Any

    def walk_tables(self, g: Graph) -> tuple[list[Any], list[Keyed | None]]: ...
    def branch(self, g: Graph, node: int, flow: int = 0) -> Keyed: ...
    def timer_delay(self, g: Graph, node: int, case: Case) -> float: ...
    def spawn(self, scope: Scope, node: int, pos: int, leaving: bool = False) -> None: ...
    def start_scope(self, graph: Graph, case: Case, parent: Scope | None, done: Event | None,
                    *, start: int = -1, catch: list[Any] | None = None) -> Scope: ...
    def process(self, generator: Any) -> Process: ...
    def later(self, fn: Callable[[], None], delay: float = 0.0) -> None: ...
    def event(self) -> Any: ...
    def run_event_subprocess(self, scope: Scope, node: int, start: int) -> None: ...
    def interrupt(self, me: Any, cause: object) -> None: ...
    def token_gone(self, scope: Scope) -> None: ...
    def kill(self, scope: Scope, me: Process | None) -> None: ...
    def fail(self, case: Case, reason: Notice, element_id: str | None,
             path: str | None) -> None: ...
    def note(self, message: Notice) -> None: ...
    def visit(self, scope: Scope, node: int) -> None: ...
