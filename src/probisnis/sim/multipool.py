"""The running state of a pool whose people may hold several tasks at once.

The rule is in :mod:`probisnis.sim.multitask`. The draws come from a generator of the
pool's own (keyed by its id and the replication's seed), used in event order, so a
scenario without multitasking draws exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import numpy as np
import simpy

from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.clock import now, succeed_now
from probisnis.sim.multitask import HOURS_A_WEEK, hour_of_week
from probisnis.sim.resources import Pool
from probisnis.sim.scenario import ResourcePool
from probisnis.sim.streams import stable_key

__all__ = ["MultiPool"]

_BLOCK = 1024


class MultiPool(Pool):
    """A :class:`Pool` whose people may hold several tasks at once (see the module text).

    The task path calls :meth:`took` when it takes a person from ``free`` (a person handed
    over by :meth:`release` is counted there), records a started task with :meth:`hold`
    and ends it with :meth:`done`."""

    multi = True
    __slots__ = ("_block", "_i", "_rng", "held", "hours", "table", "tasks", "week_offset")

    def __init__(self, spec: ResourcePool, calendar: WorkingCalendar, always: WorkingCalendar,
                 env: simpy.Environment, seed: np.random.SeedSequence, start: datetime
                 ) -> None:
        super().__init__(spec, calendar, always, env)
        self.table = spec.multitask
        #: a table per hour of the week (empty: ``table`` always), and where the clock's
        #: time 0 lies in its week
        self.hours = spec.multitask_hours
        self.week_offset = hour_of_week(start)
        #: per person: how many tasks they hold (granted or working)
        self.held = [0] * spec.count
        #: per person: (case, activity, enable, start) of each task they work on
        self.tasks: list[list[tuple[int, int, float, float]]] = [[] for _ in range(spec.count)]
        self._rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            seed.entropy, spawn_key=(*seed.spawn_key, stable_key("multitask", spec.id)))))
        self._block = self._rng.random(_BLOCK)
        self._i = 0

    def _opens(self, k: int) -> bool:
        """Does a person holding ``k`` (>= 1) tasks take one more?"""
        table = self.table if not self.hours else \
            self.hours[int((self.week_offset + now(self.env)) // 3600.0) % HOURS_A_WEEK]
        if k > len(table):
            return False
        p = table[k - 1]
        if p >= 1.0 or p <= 0.0:
            return p >= 1.0
        if self._i == _BLOCK:
            self._block = self._rng.random(_BLOCK)
            self._i = 0
        u = self._block[self._i]
        self._i += 1
        return bool(u < p)

    def _offer(self, person: int) -> None:
        """``person`` takes one more task: the first waiting request's, else they wait free."""
        queue = self.queue
        while queue:
            req = queue.popleft()
            if req.triggered:  # a request several pools serve, granted by another one
                continue
            if self.shared:
                req.granted = self  # type: ignore[attr-defined]
            succeed_now(req.env, req, person)
            self.took(person)
            return
        free = self.free
        if self.held[person]:
            free.append(person)
        else:  # idle people before those who already hold work
            held = self.held
            free.insert(next((i for i, p in enumerate(free) if held[p]), len(free)), person)
        self.since[person] = now(self.env)

    def took(self, person: int) -> None:
        """``person`` was given a task: they hold one more and decide whether to stay open."""
        k = self.held[person] = self.held[person] + 1
        if self._opens(k):
            self._offer(person)

    def hold(self, person: int, info: tuple[int, int, float, float]) -> None:
        """``person`` starts working on ``info`` (case, activity, enable, start)."""
        self.tasks[person].append(info)

    def done(self, person: int, info: tuple[int, int, float, float]) -> None:
        """``person`` ended (or abandoned) the task ``info``."""
        self.tasks[person].remove(info)
        self.release(person)

    def release(self, person: int) -> None:
        """``person`` holds one task fewer (ended, or a grant given back): decide anew."""
        k = self.held[person] = self.held[person] - 1
        if person in self.free:
            self.free.remove(person)
        if k == 0 or self._opens(k):
            self._offer(person)

    def in_hand(self) -> Iterator[tuple[int, tuple[int, int, float, float]]]:
        for person, tasks in enumerate(self.tasks):
            for info in tasks:
                yield person, info
