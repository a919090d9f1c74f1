"""Timers: intermediate timer catch events, and the delayed calls other behaviours arm
(boundary timers, event-subprocess timers, repeating ``timeCycle`` timers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.graph import Graph
from probisnis.sim.state import Case

__all__ = ["enter_timer", "later", "repeat_timer"]


def later(sim: Runtime, fn: Callable[[], None], delay: float = 0.0) -> None:
    """Call ``fn`` after ``delay`` (0: at this instant, after what runs now): a simpy
    timeout on the simpy path, a heap entry on the heap kernel."""
    sim.later(fn, delay)


def enter_timer(sim: Runtime, scope: Any, node: int, me: Any) -> Any:
    """An intermediate timer catch event: wait its delay (calendar time)."""
    from probisnis.sim.clock import timeout  # (the simpy loop's: the heap kernel has its own)

    yield timeout(sim.env, sim.timer_delay(scope.graph, node, scope.case))


def repeat_timer(sim: Runtime, g: Graph, node: int, case: Case, fire: Callable[[], None],
                 alive: Callable[[], bool], repeat: bool) -> None:
    """Call ``fire`` after the timer's delay, and again each period of a ``timeCycle``
    (``repeat``) while ``alive()`` holds."""
    ring = _Ring(sim, g, node, case, fire, alive, repeat)
    later(sim, ring, sim.timer_delay(g, node, case))


class _Ring:
    """One timer of :func:`repeat_timer` (an object, not a closure calling itself: no
    reference cycle, so it is freed as soon as it has rung for the last time)."""

    __slots__ = ("alive", "case", "fire", "g", "left", "node", "repeat", "sim")

    def __init__(self, sim: Runtime, g: Graph, node: int, case: Case,
                 fire: Callable[[], None], alive: Callable[[], bool], repeat: bool) -> None:
        self.sim, self.g, self.node, self.case = sim, g, node, case
        self.fire, self.alive, self.repeat = fire, alive, repeat
        self.left = g.cycle.get(node, 1)

    def __call__(self) -> None:
        if not self.alive():
            return
        self.fire()
        self.left -= 1
        if self.repeat and self.left != 0:
            later(self.sim, self, self.sim.timer_delay(self.g, self.node, self.case))
