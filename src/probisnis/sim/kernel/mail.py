"""Messages on the heap kernel: a token waiting at an intermediate message catch event or a
receive task (it then does the task: the walker's op ``_OP_RECEIVE``), and a token waiting
at an event-based gateway for the first of its messages and timers.

The rules are the simpy loop's (:mod:`probisnis.sim.behaviours.messages`,
:func:`probisnis.sim.behaviours.gateways.event_gateway`), and so is the order of events:

* a message is sent by :func:`~probisnis.sim.behaviours.messages.send` (both kernels): it
  goes to the first receiver waiting for it (``succeed``), or stays in the case's mailbox;
* a receiver handed a message is a normal event due now (simpy: ``Event.succeed``); when
  it is processed, the token goes on (:class:`Receipt`, the token itself on the heap);
* at an event-based gateway every follower waits at once (:class:`Race`): a message
  receiver (:class:`Part`, in the mailbox's list) or a timer (a :class:`Part` on the heap,
  made when simpy makes its ``Timeout``); the first part processed decides
  (simpy's ``AnyOf`` condition: a normal event due then), and when that event is processed
  the winner is the first follower, in the gateway's order, whose part has been processed;
  the other receivers withdraw (a message already handed to one goes back to the mailbox).
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import TYPE_CHECKING, Any

from probisnis.sim.behaviours.events import listen
from probisnis.sim.graph import SIGNAL_CATCH, TIMER
from probisnis.sim.kernel.tokens import CALL, RACING, RECEIVING, Token
from probisnis.sim.state import Scope

if TYPE_CHECKING:
    from probisnis.sim.kernel.heap import HeapEngine

__all__ = [
    "HeapEvent",
    "Hearing",
    "Part",
    "Race",
    "Receipt",
    "catch",
    "hearing",
    "race",
    "withdraw",
]


class HeapEvent:
    """The heap kernel's bare event (:meth:`HeapEngine.event`): ``succeed()`` puts it on the
    heap, due now, as simpy's ``Event.succeed`` schedules a normal event; processed, it
    calls its ``callbacks`` (a message boundary event's or event subprocess's listener,
    behaviours.messages.on_message)."""

    __slots__ = ("callbacks", "dead", "eng", "state", "triggered")

    def __init__(self, eng: HeapEngine) -> None:
        self.eng = eng
        self.callbacks: list[Any] | None = []
        self.triggered = False
        self.state = CALL
        self.dead = False

    def succeed(self, _value: object = None) -> None:
        self.triggered = True
        eng = self.eng
        heappush(eng.heap, (eng.now, next(eng.seq), self))

    def fn(self) -> None:
        callbacks, self.callbacks = self.callbacks, None
        for cb in callbacks or ():
            cb(self)


class Receipt:
    """A token waiting at a message catch event, in the mailbox's list of receivers."""

    __slots__ = ("eng", "key", "tok", "triggered", "undo")

    def __init__(self, eng: HeapEngine, tok: Token, key: int) -> None:
        self.eng, self.tok, self.key = eng, tok, key
        self.triggered = False
        self.undo: Callable[[], None] | None = None  # (a Hearing: stop listening)

    def succeed(self, _value: object = None) -> None:
        """The message arrived: the token goes on when this normal event is processed."""
        self.triggered = True
        eng = self.eng
        heappush(eng.heap, (eng.now, next(eng.seq), self.tok))


class Hearing(Receipt):
    """A token waiting at a signal catch event (behaviours.events.wait_signal): it listens
    for the signal until it goes on or is cancelled."""

    __slots__ = ()

    def __call__(self) -> None:  # the listener: the signal was broadcast
        if not self.triggered:
            self.succeed()


class Race:
    """A token waiting at an event-based gateway: its parts in the followers' order."""

    __slots__ = ("dead", "decided", "eng", "parts", "state", "tok")

    def __init__(self, eng: HeapEngine, tok: Token) -> None:
        self.eng, self.tok = eng, tok
        self.parts: list[Part] = []
        self.state = CALL
        self.dead = False  # (the token was cancelled: nothing to do when processed)
        self.decided = False  # (simpy: the AnyOf condition has succeeded)

    def fn(self) -> None:
        """The first part's event has been processed and so is this one now: the winner is
        the first follower whose part has been processed; the token leaves through it."""
        tok = self.tok
        winner = next(p.node for p in self.parts if p.processed)
        self.stop_listening()
        for p in self.parts:
            if p.node != winner:
                p.drop()
        tok.wait = None
        eng = self.eng
        eng.active = tok
        tok.walk(tok, winner, 0, True, True)

    def stop_listening(self) -> None:
        """The signal catch events after the gateway stop listening (simpy: ``finally``)."""
        for p in self.parts:
            if p.undo is not None:
                p.undo()
                p.undo = None


#: the ``key`` of a :class:`Part` that is not a message receiver
_TIMER, _SIGNAL = -1, -2


class Part:
    """One follower of an event-based gateway: a message receiver (``key`` >= 0, in the
    mailbox's list until it is handed a message), a timer (``key`` -1, on the heap) or a
    signal catch event (``key`` -2, listening)."""

    __slots__ = ("dead", "key", "node", "processed", "race", "state", "triggered", "undo")

    def __init__(self, race: Race, node: int, key: int) -> None:
        self.race, self.node, self.key = race, node, key
        self.state = CALL
        self.dead = False
        self.triggered = key == _TIMER  # (a simpy Timeout is triggered when it is made)
        self.processed = False
        self.undo: Callable[[], None] | None = None  # a signal's: stop listening

    def hear(self) -> None:
        """The signal was broadcast (behaviours.gateways._succeed)."""
        if not self.triggered:
            self.succeed()

    def succeed(self, _value: object = None) -> None:
        """A message was handed to this receiver: a normal event due now."""
        self.triggered = True
        eng = self.race.eng
        heappush(eng.heap, (eng.now, next(eng.seq), self))

    def fn(self) -> None:
        """This part's event is processed (simpy: the condition's ``_check``)."""
        self.processed = True
        race = self.race
        if race.decided or race.dead:
            return
        race.decided = True
        eng = race.eng
        heappush(eng.heap, (eng.now, next(eng.seq), race))

    def drop(self) -> None:
        """Withdraw this receiver (as behaviours.messages.drop_wait): a message already
        handed to it goes back to the mailbox."""
        if self.key < 0:
            return  # a timer: its entry stays on the heap and does nothing
        mail, waiters = self.race.tok.scope.case.box()
        if self.triggered:
            mail[self.key] = mail.get(self.key, 0) + 1
        else:
            lst = waiters.get(self.key)
            if lst and self in lst:
                lst.remove(self)  # type: ignore[arg-type]


def catch(eng: HeapEngine, me: Token, scope: Scope, node: int) -> bool:
    """``me`` enters message catch event or receive task ``node``: True if a message waits
    in the mailbox (taken; the token goes on at once), else it waits (False)."""
    key = scope.graph.receives[node]
    mail, waiters = scope.case.box()
    if mail.get(key, 0) > 0:
        mail[key] -= 1
        return True
    me.node = node
    me.state = RECEIVING
    receipt = Receipt(eng, me, key)
    me.wait = receipt
    waiters.setdefault(key, []).append(receipt)  # type: ignore[arg-type]
    return False


def hearing(eng: HeapEngine, me: Token, scope: Scope, node: int) -> None:
    """``me`` waits at signal catch event ``node`` (:class:`Hearing`)."""
    me.node = node
    me.state = RECEIVING
    h = Hearing(eng, me, -1)
    me.wait = h
    h.undo = listen(scope.case, scope.graph.trigger[node][1], h)


def race(eng: HeapEngine, me: Token, scope: Scope, node: int) -> int:
    """``me`` reaches event-based gateway ``node``: the follower it leaves through at once
    (a message already in the mailbox), or -1 (it waits: :class:`Race`)."""
    g = scope.graph
    case = scope.case
    mail, waiters = case.box()
    r = Race(eng, me)
    for f in g.succ[node]:
        key = g.receives.get(f)
        if key is not None:
            if mail.get(key, 0) > 0:  # a message already waits: it wins at once
                mail[key] -= 1
                for p in r.parts:
                    p.drop()
                r.stop_listening()
                return f
            p = Part(r, f, key)
            waiters.setdefault(key, []).append(p)  # type: ignore[arg-type]
            r.parts.append(p)
        elif g.kinds[f] == TIMER:
            p = Part(r, f, _TIMER)
            heappush(eng.heap, (eng.now + eng.timer_delay(g, f, case), next(eng.seq), p))
            r.parts.append(p)
        elif g.kinds[f] == SIGNAL_CATCH:
            p = Part(r, f, _SIGNAL)
            p.undo = listen(case, g.trigger[f][1], p.hear)
            r.parts.append(p)
        # (heap_refusal admits only message and signal catch events and timers here)
    if not r.parts:
        return g.succ[node][0]
    me.node = node
    me.state = RACING
    me.wait = r
    return -1


def withdraw(tok: Token) -> None:
    """Cancelled ``tok`` stops waiting for its message or its gateway's events."""
    w: Any = tok.wait
    tok.wait = None
    if isinstance(w, Race):
        w.dead = True
        for p in w.parts:
            p.drop()
        w.stop_listening()
        return
    if w.undo is not None:  # a signal catch event
        w.undo()
        return
    mail, waiters = tok.scope.case.box()
    if w.triggered:
        mail[w.key] = mail.get(w.key, 0) + 1
    else:
        lst = waiters.get(w.key)
        if lst and w in lst:
            lst.remove(w)
