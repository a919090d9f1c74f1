"""Embedded subprocesses and call activities: a child scope run to completion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from probisnis.present.notices import notice
from probisnis.sim.behaviours.events import activity
from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.state import CaseFailed, Scope

if TYPE_CHECKING:
    from simpy.events import Process

__all__ = ["MAX_DEPTH", "child_graph", "enter_subprocess", "subscope"]

#: nesting limit of subprocesses and call activities (recursive calls end here)
MAX_DEPTH = 100


def child_graph(sim: Any, scope: Scope, node: int) -> Any:
    """The graph ``node`` of ``scope`` enters (its body or the called process); the case
    fails (:class:`CaseFailed`) past :data:`MAX_DEPTH` nested scopes. Both loops use it."""
    g = scope.graph
    child = g.child.get(node)
    if child is None:
        child = sim.c.graphs[g.called[node]]
    depth, up = 1, scope.parent
    while up is not None:
        depth, up = depth + 1, up.parent
    if depth > MAX_DEPTH:
        sim.fail(scope.case, notice("fail-too-deep", element=g.ids[node], limit=MAX_DEPTH),
                 g.ids[node], g.path)
        raise CaseFailed
    return child


def enter_subprocess(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """A subprocess or call activity, with its boundary events."""
    return (yield from activity(sim, scope, node, me, subscope))


def subscope(sim: Runtime, scope: Scope, node: int, catch: list[Any] | None = None) -> Any:
    """Run the child scope of ``node`` (its body or the called process) to completion."""
    import simpy  # (simpy is imported only where the simpy loop runs)

    child = child_graph(sim, scope, node)
    done = simpy.Event(sim.env)
    sub = sim.start_scope(child, scope.case, scope, done, catch=catch)
    try:
        yield done
    except simpy.Interrupt:
        sim.kill(sub, None)
        raise
