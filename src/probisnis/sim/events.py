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
  beside the scope's tokens (as often as its trigger fires), and the scope ends when both
  have ended.
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

import simpy
from simpy.events import Event, Timeout

from probisnis.sim.state import KILL, BoundaryCause, Case, Scope

if TYPE_CHECKING:
    from simpy.events import Process

    from probisnis.sim.engine import Engine

__all__ = ["arm_boundaries", "arm_scope", "later", "listen", "on_message", "throw",
           "wait_signal"]


def later(sim: Engine, fn: Callable[[], None], delay: float = 0.0) -> Timeout:
    """Call ``fn`` after ``delay`` (0: at this instant, after what runs now)."""
    ev = Timeout(sim.env, delay)
    ev.callbacks.append(lambda _: fn())  # type: ignore[union-attr]
    return ev


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


def on_message(sim: Engine, case: Case, key: int, fn: Callable[[], None],
               repeat: bool) -> Callable[[], None]:
    """Call ``fn`` when message ``key`` reaches ``case`` (each time, if ``repeat``)."""
    mail, waiters = case.box()
    state: dict[str, Any] = {"ev": None, "off": False}

    def got(_: Event | None = None) -> None:
        if state["off"]:
            return
        fn()
        if repeat:
            arm()

    def arm() -> None:
        if mail.get(key, 0) > 0:  # sent before anyone listened: it waits in the mailbox
            mail[key] -= 1
            later(sim, got)
            return
        ev = Event(sim.env)
        ev.callbacks.append(got)  # type: ignore[union-attr]
        waiters.setdefault(key, []).append(ev)
        state["ev"] = ev

    def undo() -> None:
        state["off"] = True
        ev = state["ev"]
        if ev is not None and not ev.triggered:
            lst = waiters.get(key)
            if lst and ev in lst:
                lst.remove(ev)
    arm()
    return undo


def wait_signal(sim: Engine, case: Case, ref: object) -> Any:
    """An intermediate catch event: wait for signal ``ref``."""
    ev = Event(sim.env)

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

def arm_scope(sim: Engine, scope: Scope) -> None:
    """Start listening for the triggers of the event subprocesses of ``scope``."""
    g = scope.graph
    case = scope.case
    for node, start, interrupting in g.event_subs:
        kind, arg = g.trigger[node]

        def fire(node: int = node, start: int = start, interrupting: bool = interrupting
                 ) -> None:
            start_event_subprocess(sim, scope, node, start, interrupting)
        if kind == "timer":
            _arm_timer(sim, scope, node, fire, repeat=not interrupting)
        elif kind == "message":
            key = g.child[node].receives.get(start)
            if key is not None:
                _add_undo(scope, on_message(sim, case, key, fire, repeat=not interrupting))
        elif kind == "signal":
            _add_undo(scope, listen(case, arg, fire))
        elif kind == "conditional" and arg(case.attrs):  # type: ignore[operator]
            later(sim, fire)
        # error and escalation: found by throw() walking up the scopes


def _arm_timer(sim: Engine, scope: Scope, node: int, fire: Callable[[], None],
               repeat: bool) -> None:
    g = scope.graph
    left = [g.cycle.get(node, 1)]

    def ring() -> None:
        if scope.dead or scope.stopped:
            return
        fire()
        left[0] -= 1
        if repeat and left[0] != 0:
            later(sim, ring, sim.timer_delay(g, node, scope.case))
    later(sim, ring, sim.timer_delay(g, node, scope.case))


def start_event_subprocess(sim: Engine, scope: Scope, node: int, start: int,
                           interrupting: bool, me: Process | None = None) -> None:
    """Run the event subprocess ``node`` of ``scope`` (cancelling the rest if interrupting)."""
    if scope.dead or scope.stopped:
        return
    if interrupting:
        sim.kill(scope, me)
        scope.dead = False
        scope.live = 0
        scope.stopped = True
    scope.live += 1
    sim.process(_event_subprocess(sim, scope, node, start))


def _event_subprocess(sim: Engine, scope: Scope, node: int, start: int) -> Any:
    me = sim.env.active_process
    assert me is not None
    scope.tokens.add(me)
    done = Event(sim.env)
    sub = sim.start_scope(scope.graph.child[node], scope.case, scope, done, start=start)
    try:
        yield done
    except simpy.Interrupt as exc:
        sim.kill(sub, None)
        if exc.cause is KILL:
            return
        raise
    finally:
        scope.tokens.discard(me)
    sim.token_gone(scope)


# ---------------------------------------------------------------- boundary events

def arm_boundaries(sim: Engine, scope: Scope, node: int, me: Process, active: list[bool]
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
            left = [g.cycle.get(bnode, 1)]

            def ring(fire: Callable[[], None] = fire, bnode: int = bnode,
                     left: list[int] = left, interrupting: bool = interrupting) -> None:
                if not active[0]:
                    return
                fire()
                left[0] -= 1
                if not interrupting and left[0] != 0:
                    later(sim, ring, sim.timer_delay(g, bnode, case))
            later(sim, ring, sim.timer_delay(g, bnode, case))
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


def _boundary_fire(sim: Engine, scope: Scope, me: Process, active: list[bool], bnode: int,
                   interrupting: bool) -> Callable[[], None]:
    def fire() -> None:
        if not active[0] or scope.dead:
            return
        if interrupting:
            active[0] = False
            if me.is_alive:
                me.interrupt(BoundaryCause(bnode))
        else:
            sim.spawn(scope, bnode, 0, leaving=True)
    return fire


# ---------------------------------------------------------------- throwing

def _matches(want: object, ref: object) -> bool:
    return want is None or want == ref


def throw(sim: Engine, scope: Scope, node: int, me: Process) -> bool:
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
    sim.note(f"{g.path or g.process_id}: [{g.ids[node]}] the error {ref or ''} thrown here is "
             "caught by no boundary event or event subprocess: it ends like a plain end event "
             "(as SpiffWorkflow and Camunda do)")
    return False


def _escalate(sim: Engine, scope: Scope, ref: object) -> None:
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
