"""Timers: intermediate timer catch events, and the delayed calls other behaviours arm
(boundary timers, event-subprocess timers, repeating ``timeCycle`` timers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.clock import timeout
from probisnis.sim.graph import Graph
from probisnis.sim.state import Case

__all__ = ["enter_timer", "later", "repeat_timer"]


def later(sim: Runtime, fn: Callable[[], None], delay: float = 0.0) -> None:
    """Call ``fn`` after ``delay`` (0: at this instant, after what runs now): a simpy
    timeout on the simpy path, a heap entry on the heap kernel."""
    sim.later(fn, delay)


def enter_timer(sim: Runtime, scope: Any, node: int, me: Any) -> Any:
    """An intermediate timer catch event: wait its delay (calendar time)."""
    yield timeout(sim.env, sim.timer_delay(scope.graph, node, scope.case))


def repeat_timer(sim: Runtime, g: Graph, node: int, case: Case, fire: Callable[[], None],
                 alive: Callable[[], bool], repeat: bool) -> None:
    """Call ``fire`` after the timer's delay, and again each period of a ``timeCycle``
    (``repeat``) while ``alive()`` holds."""
    left = [g.cycle.get(node, 1)]

    def ring() -> None:
        if not alive():
            return
        fire()
        left[0] -= 1
        if repeat and left[0] != 0:
            later(sim, ring, sim.timer_delay(g, node, case))
    later(sim, ring, sim.timer_delay(g, node, case))
