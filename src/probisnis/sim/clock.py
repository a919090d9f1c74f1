"""The one module that touches simpy's internals (simpy 4): the engine's clock and events.

simpy's public API costs a few calls per event (``Timeout(env, d)``, ``env.run``, the
``now`` property, ``Process``); on the hot path of the simulation (one timeout and one
process resume per task) they are the largest share of the run time. The functions here
build the same events and keep the same event order with direct access to simpy 4's
fields (``env._queue``, ``env._now``, ``env._eid``, ``event._ok``/``_value``...); nothing
else in ``probisnis.sim`` reads or writes a private simpy attribute. A simpy upgrade that
changes them is handled here alone; ``tests/test_sim_crn.py`` checks the inlined fast task
path against the general one.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Generator
from heapq import heappush
from typing import Any

import simpy
from simpy.events import NORMAL, URGENT, Event, Initialize, Process, Timeout

__all__ = ["TokenProcess", "active", "now", "pending", "run_until", "succeed_now", "timeout"]


def now(env: simpy.Environment) -> float:
    """The clock (``env.now`` without the property call)."""
    return env._now  # type: ignore[attr-defined, no-any-return]


def active(env: simpy.Environment) -> Process | None:
    """The running process (``env.active_process`` without the property call)."""
    return env._active_proc  # type: ignore[attr-defined, no-any-return]


def pending(env: simpy.Environment) -> Event:
    """A new untriggered event (``Event(env)``, built inline)."""
    ev = _new(Event)
    ev.env = env
    ev.callbacks = []
    ev._value = PENDING
    return ev


def succeed_now(env: simpy.Environment, ev: Event, value: Any) -> None:
    """``ev.succeed(value)``, inlined (scheduled now, normal priority)."""
    ev._ok = True
    ev._value = value
    heappush(env._queue, (env._now, NORMAL, next(env._eid), ev))  # type: ignore[attr-defined]


_new = object.__new__
PENDING = simpy.events.PENDING


def timeout(env: simpy.Environment, delay: float) -> Timeout:
    """``simpy.Timeout(env, delay)`` built inline (the same event, without two calls)."""
    if delay < 0:
        raise ValueError(f"Negative delay {delay}")
    ev = _new(Timeout)
    ev.env = env
    ev.callbacks = []
    ev._value = None
    ev._delay = delay
    ev._ok = True
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), ev))  # type: ignore[attr-defined]
    return ev


class TokenProcess(Process):
    """:class:`simpy.Process` of one token, with the same event order, but leaner.

    Its start event is built inline (simpy's ``Initialize``, urgent, at once), every
    yielded value is known to be an event, and a token that ends with nobody waiting
    for it (no callbacks: nothing ever waits for a token) is marked processed at once
    instead of scheduling an event that would do nothing. Skipping that event leaves
    the order of all other events as it was: the tie-break counter only needs to rise.
    """

    def __init__(self, env: simpy.Environment, generator: Generator[Event, Any, Any]) -> None:
        self.env = env
        self.callbacks = []
        self._generator = generator
        init = _new(Initialize)
        init.env = env
        init.callbacks = [self._resume]
        init._value = None
        init._ok = True
        heappush(env._queue, (env._now, URGENT, next(env._eid), init))  # type: ignore[attr-defined]
        self._target = init

    def _resume(self, event: Event) -> None:
        env = self.env
        env._active_proc = self  # type: ignore[attr-defined]
        gen = self._generator
        while True:
            try:
                if event._ok:
                    event = gen.send(event._value)
                else:
                    event._defused = True  # type: ignore[attr-defined]
                    # an own copy of the exception, as simpy makes
                    exc = type(event._value)(*event._value.args)
                    exc.__cause__ = event._value
                    event = gen.throw(exc)
            except StopIteration as e:
                self._ok = True
                self._value = e.args[0] if e.args else None
                if self.callbacks:
                    env.schedule(self)
                else:
                    self.callbacks = None  # type: ignore[assignment]  # processed: nothing waits
                event = None  # type: ignore[assignment]
                break
            except BaseException as e:
                self._ok = False
                e.__traceback__ = e.__traceback__.tb_next  # type: ignore[union-attr]
                self._value = e
                env.schedule(self)
                event = None  # type: ignore[assignment]
                break
            callbacks = event.callbacks
            if callbacks is not None:
                callbacks.append(self._resume)
                break
        self._target = event
        env._active_proc = None  # type: ignore[attr-defined]


def run_until(env: simpy.Environment, until: float | None) -> None:
    """``env.run(until)``, inlined: :meth:`simpy.Environment.step` in one loop.

    The same order and semantics as simpy 4 (events at ``until`` are not processed; the
    clock ends at ``until``), without a method call per event, and a failed process
    re-raises its own exception (simpy raises a copy made from the message alone, which
    would lose the error's path and element id).
    """
    queue = env._queue  # simpy 4 keeps the schedule and the clock in these two fields
    pop = heapq.heappop
    limit = math.inf if until is None else until
    while queue:
        if queue[0][0] >= limit:
            env._now = limit
            return
        env._now, _, _, event = pop(queue)
        callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]
        for callback in callbacks:
            callback(event)
        if not event._ok and not hasattr(event, "_defused"):
            raise event._value
    if until is not None:
        env._now = limit
