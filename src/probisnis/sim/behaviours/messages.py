"""Messages within a case: sending along message flows, catch events and receive tasks.

A message sent to an element that does not wait yet stays in the case's mailbox; a message
to a message start event of another pool starts that process in the same case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.behaviours.timers import later
from probisnis.sim.graph import Graph
from probisnis.sim.state import Case, Scope

if TYPE_CHECKING:
    from simpy.events import Event

__all__ = ["drop_wait", "enter_catch", "on_message", "receive", "send"]


def send(sim: Runtime, case: Case, keys: tuple[int, ...]) -> None:
    """Send one message along each message flow ``keys``."""
    c = sim.c
    if case.failed:
        return
    for key in keys:
        pid = c.message_starts.get(key)
        if pid is not None:
            case.open += 1
            _, node = c.message_targets[key]
            sim.start_scope(c.graphs[pid], case, None, None, start=node)
            continue
        mail, waiting = case.box()
        waiters = waiting.get(key)
        if waiters:
            waiters.pop(0).succeed(key)
        else:
            mail[key] = mail.get(key, 0) + 1


def receive(sim: Runtime, case: Case, key: int) -> Any:
    """Wait for (or take from the mailbox) one message of message-flow target ``key``."""
    import simpy  # (simpy is imported only where the simpy loop runs)

    mail, waiters = case.box()
    if mail.get(key, 0) > 0:
        mail[key] -= 1
        return
    ev = simpy.Event(sim.env)
    waiters.setdefault(key, []).append(ev)
    try:
        yield ev
    except simpy.Interrupt:
        if ev.triggered:
            mail[key] = mail.get(key, 0) + 1
        else:
            waiters[key].remove(ev)
        raise


def enter_catch(sim: Runtime, scope: Scope, node: int, me: Any) -> Any:
    """A message intermediate catch event."""
    yield from receive(sim, scope.case, scope.graph.receives[node])


def on_message(sim: Runtime, case: Case, key: int, fn: Callable[[], None],
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
        ev = sim.event()  # (a simpy event, or the heap kernel's)
        ev.callbacks.append(got)
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


def drop_wait(g: Graph, case: Case, ev: Event, f: int) -> None:
    """Withdraw a receiver that lost an event-based gateway (its message stays for others)."""
    key = g.receives.get(f)
    if key is None:
        return
    mail, waiters = case.box()
    if ev.triggered:
        mail[key] = mail.get(key, 0) + 1
    else:
        lst = waiters.get(key)
        if lst and ev in lst:
            lst.remove(ev)
