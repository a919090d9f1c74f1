"""Events beyond the plain flow: boundary events, event subprocesses, signals, errors,
escalations and conditions (the rules are in ``docs/simulation.md``).

* A **boundary event** listens while its activity runs: a timer, a message sent to it, a
  signal broadcast in the case, a condition on the case attributes (true when the activity
  starts), or an error or escalation thrown inside the activity (a subprocess or a called
  process). Interrupting: the activity is cancelled and the token leaves through the event;
  non-interrupting: a new token leaves through it and the activity goes on.
* An **event subprocess** listens while the scope (process or subprocess instance) that
  holds it runs, with the same triggers. Interrupting: every other token of the scope is
  cancelled and the scope ends when the event subprocess ends; non-interrupting: it runs
  beside the scope's tokens (as often as its trigger fires while the scope's own flow
  runs), and the scope ends when both have ended.
* **Errors** go up from the throwing scope to the innermost scope with a matching event
  subprocess or whose activity has a matching boundary event (no reference: any error);
  every scope on the way is cancelled; an error nobody catches ends its token like a plain
  end event (as SpiffWorkflow and Camunda do), with a warning.
  **Escalations** go up the same way but cancel only when caught by an interrupting
  handler; one nobody catches is ignored. **Signals** reach every listener of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from probisnis.present.notices import notice
from probisnis.sim.behaviours.messages import on_message, send
from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.behaviours.timers import later, repeat_timer
from probisnis.sim.state import KILL, BoundaryCause, Case, Scope

if TYPE_CHECKING:
    from simpy.events import Process

__all__ = ["QUIET", "STOP", "activity", "arm_boundaries", "arm_scope", "enter_condition",
           "enter_end", "enter_signal", "enter_terminate", "enter_throw",
           "event_subprocess_instance", "listen", "terminate", "throw", "wait_signal"]

#: what an element's ``enter`` returns besides None (go on) or a node (leave through it):
#: the token ends here (STOP), or ends and was already accounted for (QUIET)
STOP, QUIET = -1, -2


def listen(case: Case, ref: object, fn: Callable[[], None]) -> Callable[[], None]:
    """Call ``fn`` on every signal ``ref`` broadcast in ``case``; returns the undo."""
    if case.listeners is None:
        case.listeners = {}
    lst = case.listeners.setdefault(ref, [])  # type: ignore[arg-type]
    lst.append(fn)

    def undo() -> None:
        if fn in lst:
            lst.remove(fn)
    return undo


def wait_signal(sim: Runtime, case: Case, ref: object) -> Any:
    """An intermediate catch event: wait for signal ``ref``."""
    import simpy  # (simpy is imported only where the simpy loop runs)

    ev = simpy.Event(sim.env)

    def hear() -> None:
        if not ev.triggered:
            ev.succeed()
    undo = listen(case, ref, hear)
    try:
        yield ev
    finally:
        undo()


def _add_undo(scope: Scope, fn: Callable[[], None]) -> None:
    if scope.undo is None:
        scope.undo = []
    scope.undo.append(fn)


# ---------------------------------------------------------------- event subprocesses

def arm_scope(sim: Runtime, scope: Scope) -> None:
    """Start listening for the triggers of the event subprocesses of ``scope``."""
    g = scope.graph
    case = scope.case
    for node, start, interrupting in g.event_subs:
        kind, arg = g.trigger[node]

        def fire(node: int = node, start: int = start, interrupting: bool = interrupting
                 ) -> None:
            start_event_subprocess(sim, scope, node, start, interrupting)
        if kind == "timer":
            repeat_timer(sim, g, node, case, fire,
                         lambda: not (scope.dead or scope.stopped), repeat=not interrupting)
        elif kind == "message":
            key = g.child[node].receives.get(start)
            if key is not None:
                _add_undo(scope, on_message(sim, case, key, fire, repeat=not interrupting))
        elif kind == "signal":
            _add_undo(scope, listen(case, arg, fire))
        elif kind == "conditional" and arg(case.attrs):  # type: ignore[operator]
            later(sim, fire)
        # error and escalation: found by throw() walking up the scopes


def start_event_subprocess(sim: Runtime, scope: Scope, node: int, start: int,
                           interrupting: bool, me: Process | None = None) -> None:
    """Run the event subprocess ``node`` of ``scope`` (cancelling the rest if interrupting)."""
    if scope.dead or scope.stopped or (me is None and scope.live <= scope.extra):
        return  # (the scope's own flow has ended: only its event subprocesses still run)
    if interrupting:
        sim.kill(scope, me)
        scope.dead = False
        scope.live = 0
        scope.extra = 0
        scope.stopped = True
    scope.live += 1
    scope.extra += 1
    sim.run_event_subprocess(scope, node, start)


def event_subprocess_instance(sim: Runtime, scope: Scope, node: int, start: int) -> Any:
    """One instance of an event subprocess, as a simpy process (the simpy path's
    :meth:`run_event_subprocess`): a token of ``scope`` until its child scope ends."""
    import simpy

    me = sim.env.active_process
    assert me is not None  # runs as a simpy process
    scope.tokens[me] = None
    done = simpy.Event(sim.env)
    sub = sim.start_scope(scope.graph.child[node], scope.case, scope, done, start=start)
    try:
        yield done
    except simpy.Interrupt as exc:
        sim.kill(sub, None)
        if exc.cause is KILL:
            return
        raise
    finally:
        scope.tokens.pop(me, None)
    scope.extra -= 1
    sim.token_gone(scope)


# ---------------------------------------------------------------- boundary events

def activity(sim: Runtime, scope: Scope, node: int, me: Process,
             body: Callable[[Runtime, Scope, int, Any], Any]) -> Any:
    """Run ``body`` (a task's or a subprocess's) listening for the activity's boundary
    events; return None, or the boundary node the token leaves through."""
    import simpy

    g = scope.graph
    if node not in g.boundary:
        yield from body(sim, scope, node, None)
        return None
    active = [True]
    catch, undo = arm_boundaries(sim, scope, node, me, active)
    try:
        yield from body(sim, scope, node, catch or None)
    except simpy.Interrupt as exc:
        if isinstance(exc.cause, BoundaryCause):
            return exc.cause.node
        raise
    finally:
        active[0] = False
        for u in undo:
            u()
    return None


def arm_boundaries(sim: Runtime, scope: Scope, node: int, me: Process, active: list[bool]
                   ) -> tuple[list[tuple[str, object, Callable[[], None]]],
                              list[Callable[[], None]]]:
    """Listen for the boundary events of activity ``node``; (error/escalation handlers, undo)."""
    g = scope.graph
    case = scope.case
    catch: list[tuple[str, object, Callable[[], None]]] = []
    undo: list[Callable[[], None]] = []
    for bnode, interrupting in g.boundary[node]:
        fire = _boundary_fire(sim, scope, me, active, bnode, interrupting)
        kind, arg = g.trigger[bnode]
        if kind == "timer":
            repeat_timer(sim, g, bnode, case, fire, lambda: active[0],
                         repeat=not interrupting)
        elif kind == "message":
            key = g.receives.get(bnode)
            if key is not None:
                undo.append(on_message(sim, case, key, fire, repeat=not interrupting))
        elif kind == "signal":
            undo.append(listen(case, arg, fire))
        elif kind == "conditional":
            if arg(case.attrs):  # type: ignore[operator]
                later(sim, fire)
        else:
            catch.append((kind, arg, fire))
    return catch, undo


def _boundary_fire(sim: Runtime, scope: Scope, me: Process, active: list[bool], bnode: int,
                   interrupting: bool) -> Callable[[], None]:
    def fire() -> None:
        if not active[0] or scope.dead:
            return
        if interrupting:
            active[0] = False
            sim.interrupt(me, BoundaryCause(bnode))
        else:
            sim.spawn(scope, bnode, 0, leaving=True)
    return fire


# ---------------------------------------------------------------- throwing

def _matches(want: object, ref: object) -> bool:
    return want is None or want == ref


def throw(sim: Runtime, scope: Scope, node: int, me: Process) -> bool:
    """Throw the signal, escalation or error of ``node``; True: the token must end now."""
    kind, ref = scope.graph.throws[node]
    case = scope.case
    if kind == "signal":
        for fn in list((case.listeners or {}).get(ref, ())):
            later(sim, fn)
        return False
    if kind == "escalation":
        later(sim, lambda: _escalate(sim, scope, ref))
        return False
    # an error: the innermost handler above takes over, every scope on the way ends
    s: Scope | None = scope
    while s is not None:
        for esp, start, _ in s.graph.event_subs:
            k, want = s.graph.trigger[esp]
            if k == "error" and _matches(want, ref):
                sim.kill(scope, me)
                if s is scope:
                    s.dead = False
                start_event_subprocess(sim, s, esp, start, True, me)
                return True
        for k, want, fire in s.catch or ():
            if k == "error" and _matches(want, ref):
                sim.kill(scope, me)
                fire()
                return True
        s = s.parent
    g = scope.graph
    sim.note(notice("error-uncaught", where=f"{g.path or g.process_id}: [{g.ids[node]}]",
                    error=ref or ""))
    return False


def _escalate(sim: Runtime, scope: Scope, ref: object) -> None:
    s: Scope | None = scope
    while s is not None:
        if s.dead and s is not scope:
            return
        for esp, start, interrupting in s.graph.event_subs:
            k, want = s.graph.trigger[esp]
            if k == "escalation" and _matches(want, ref):
                start_event_subprocess(sim, s, esp, start, interrupting)
                return
        for k, want, fire in s.catch or ():
            if k == "escalation" and _matches(want, ref):
                fire()
                return
        s = s.parent


# ---------------------------------------------------------------- entering event nodes

def enter_end(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """An end event: its messages, its thrown signal/escalation/error; the token ends."""
    g = scope.graph
    if node in g.sends:
        send(sim, scope.case, g.sends[node])
    if node in g.throws and throw(sim, scope, node, me):
        return QUIET
    return STOP
    yield  # a generator, like every enter


def enter_terminate(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """A terminate end event: every other token of the scope ends too."""
    terminate(sim, scope, node, me)
    return QUIET
    yield


def terminate(sim: Runtime, scope: Scope, node: int, me: Any) -> None:
    """Token ``me`` reaches terminate end event ``node``: it and every other token of
    ``scope`` end (both kernels)."""
    g = scope.graph
    if node in g.sends:
        send(sim, scope.case, g.sends[node])
    sim.kill(scope, me)
    scope.dead = False
    scope.live = 1
    scope.tokens.pop(me, None)
    sim.token_gone(scope)


def enter_throw(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """An intermediate throw event (signal, escalation, error)."""
    if throw(sim, scope, node, me):
        return QUIET
    return None
    yield


def enter_signal(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """An intermediate signal catch event."""
    yield from wait_signal(sim, scope.case, scope.graph.trigger[node][1])


def enter_condition(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """A conditional catch event: passes if its condition holds, else the case fails."""
    g = scope.graph
    case = scope.case
    if not g.conditions[node](case.attrs):
        sim.fail(case, notice("fail-condition-false", element=g.ids[node],
                              process=g.process_id, attributes=dict(case.attrs)),
                 g.ids[node], g.path)
        return QUIET
    return None
    yield
