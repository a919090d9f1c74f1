"""Resource pools of the engine: a FIFO of waiting requests over a set of named people.

A hand-rolled pool on simpy events (leaner than :class:`simpy.Resource`): a free person
is taken at once without any event; otherwise the request waits in a FIFO queue and the
person finishing a task hands themselves to the head of the queue. Availability below
1 stretches each task's working time by ``1 / availability`` (the person spends only that
share of their working time on this process); see ``docs/simulation.md``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.scenario import ResourcePool

if TYPE_CHECKING:
    import simpy
    from simpy.events import Event

    from probisnis.sim.clock import now, succeed_now

__all__ = ["Pool"]


def _simpy_clock() -> None:
    """Bind the simpy clock's helpers that :meth:`Pool.release` uses, when a pool of the
    simpy loop is made: the heap kernel's pools never release through simpy, and importing
    simpy costs about 20 ms of every start of the command line."""
    global now, succeed_now
    from probisnis.sim.clock import now, succeed_now


class Pool:
    """Run-time state of one :class:`ResourcePool` in one replication."""

    #: people hold one task at a time (:class:`probisnis.sim.multitask.MultiPool`: several)
    multi = False
    __slots__ = ("busy", "cal", "calendar", "env", "free", "offset", "queue", "ranked",
                 "running", "shared", "since", "spec", "stretch", "window")

    def __init__(self, spec: ResourcePool, calendar: WorkingCalendar, always: WorkingCalendar,
                 env: simpy.Environment | None) -> None:
        if env is not None:  # the simpy loop's pool (None: the heap kernel's)
            _simpy_clock()
        self.spec = spec
        self.calendar = calendar
        #: None for a 24/7 calendar (the engine then skips calendar arithmetic)
        self.cal: WorkingCalendar | None = None if calendar == always else calendar
        self.free: deque[int] = deque(range(spec.count))
        self.queue: deque[Event] = deque()
        self.stretch = 1.0 / spec.availability
        self.busy = 0.0  # effort (working seconds, before stretching) of started tasks
        self.offset = 0  # index of this pool's first person in the run's label table
        #: per person: (case, activity, enable, start) of the task they work on, or None
        self.running: list[tuple[int, int, float, float] | None] = [None] * spec.count
        self.ranked = False  # a request with a priority has queued: keep the queue ordered
        #: some task may be done by this pool or another: its requests wait in several queues
        self.shared = False
        self.env: Any = env  # (None on the heap kernel: release is the simpy loop's)
        #: per person: when they last became free (read by tasks choosing among pools)
        self.since = [0.0] * spec.count
        #: the calendar's working period last used (the heap kernel's shortcut of work_span)
        self.window = [0.0, 0.0]

    def enqueue(self, req: Event, priority: int) -> None:
        """Queue ``req``: behind every request of the same or a higher priority."""
        req.priority = priority  # type: ignore[attr-defined]
        queue = self.queue
        if not priority and not self.ranked:
            queue.append(req)
            return
        self.ranked = True
        i = len(queue)
        while i and queue[i - 1].priority < priority:  # type: ignore[attr-defined]
            i -= 1
        queue.insert(i, req)

    def release(self, person: int) -> None:
        """``person`` is free: give them to the first waiting request, if any."""
        self.running[person] = None
        queue = self.queue
        if not self.shared:
            if queue:
                req = queue.popleft()
                succeed_now(req.env, req, person)
            else:
                self.free.append(person)
                self.since[person] = now(self.env)
            return
        while queue:
            req = queue.popleft()
            if req.triggered:  # a request several pools serve, granted by another one
                continue
            req.granted = self  # type: ignore[attr-defined]
            succeed_now(req.env, req, person)
            return
        self.free.append(person)
        self.since[person] = now(self.env)

    def in_hand(self) -> Iterator[tuple[int, tuple[int, int, float, float]]]:
        """(person, (case, activity, enable, start)) of each task being worked on."""
        for person, info in enumerate(self.running):
            if info is not None:
                yield person, info
