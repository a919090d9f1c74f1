"""The interval arrays behind one :class:`~probisnis.sim.calendar.WorkingCalendar`: its
open periods as sorted lists with cumulative working seconds, extended lazily and pruned
to a window (the calendar's queries and extensions work on them; see its module doc).
"""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np

__all__ = ["Mark", "Timeline"]


#: the state of a timeline before one of its extensions: (valid from, next day, covered,
#: the last period then as (open, close, cum, cum_end) or None)
Mark = tuple[float, date, float, tuple[float, float, float, float] | None]


class Timeline:
    """The mutable, lazily extended interval arrays behind one calendar: the periods of
    clock times in ``[valid_from, covered)``."""

    __slots__ = ("arrays", "base", "closes", "covered", "cum", "cum_end", "fast", "mark_from",
                 "marks", "next_day", "opens", "past", "valid_from")

    def __init__(self, start: datetime) -> None:
        self.next_day: date = start.date()
        midnight = datetime.combine(start.date(), time())
        self.base = -(start - midnight).total_seconds()  # clock time of the first midnight
        self.covered = self.base  # intervals are known for clock times < covered
        #: the earliest clock time the lists answer for (base until periods are dropped)
        self.valid_from = self.base
        #: the queries' shortcut holds for valid_from <= t < fast (fast is -inf after an
        #: extension: the next query goes through _ensure, which may prune the window)
        self.fast = self.base
        self.opens: list[float] = []
        self.closes: list[float] = []
        self.cum: list[float] = []  # working seconds before interval i
        self.cum_end: list[float] = []  # working seconds up to the end of interval i
        #: opens, closes and cum as numpy arrays, made when the lists have changed (the
        #: vectorised lookups would otherwise copy the whole timeline at every call)
        self.arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        #: the main timeline's marks (one per extension, a few a simulated year), their
        #: valid_from for bisection, and timelines rebuilt from them (most recent first)
        self.marks: list[Mark] | None = []
        self.mark_from: list[float] = []
        self.past: list[Timeline] = []

    @classmethod
    def resume(cls, mark: Mark, base: float) -> Timeline:
        """A timeline in the state ``mark`` recorded (its last period included)."""
        tl = cls.__new__(cls)
        valid_from, tl.next_day, tl.covered, last = mark
        tl.base = base
        tl.valid_from = valid_from
        tl.fast = tl.covered
        tl.opens, tl.closes, tl.cum, tl.cum_end = ([x] for x in last) if last else ([], [], [],
                                                                                   [])
        tl.arrays = None
        tl.marks = None
        tl.mark_from = []
        tl.past = []
        return tl
