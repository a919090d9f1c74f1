"""A working calendar keeps a window of periods, not the whole simulated time.

A run of millions of cases spans centuries of simulated days: the calendar drops the
periods more than two years behind its latest query and answers an older query from a
timeline rebuilt from a mark. The answers must be the ones of a calendar that kept every
period, to the bit, whatever the order of the queries; and the window must stay small.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probisnis.sim import calendar as calendar_mod
from probisnis.sim.calendar import WorkingCalendar

DAY = 86_400.0
YEAR = 365.25 * DAY
START = datetime(2025, 1, 6, 9, 0)

SPECS: dict[str, dict[str, Any]] = {
    # the office default: two periods a day, Indonesian holidays and cuti bersama
    "office": {},
    # periods touching at midnight (one long period from Friday 20:00 to Monday 06:00)
    "touching": {"weekly": [{"days": "fri", "from": "20:00", "to": "24:00"},
                            {"days": "sat-sun", "from": "00:00", "to": "24:00"},
                            {"days": "mon", "from": "00:00", "to": "06:00"},
                            {"days": "tue-thu", "from": "09:00", "to": "17:30"}],
                 "holidays": False},
    # a period with fractional seconds
    "odd": {"weekly": [{"days": "mon-sat", "from": "07:15:30.25", "to": "15:45:10.5"}],
            "holidays": False, "extra_closed": ["2030-02-04", "2090-12-24"]},
}


def _calendar(name: str) -> WorkingCalendar:
    return WorkingCalendar.from_spec(SPECS[name], start=START, horizon_days=30,
                                     where="calendar")


def _answers(cal: WorkingCalendar, t: float, w: float) -> tuple[Any, ...]:
    return (cal.is_working(t), cal.next_working(t), cal.work_span(t, w), cal.period_at(t),
            cal.working_between(0.0, t), cal.working_between(t, t + 3 * DAY),
            tuple(cal.working_between_many([0.0, t / 3, t], [t, t, t + w]).tolist()))


@cache
def whole(name: str) -> WorkingCalendar:
    """A calendar that never dropped a period (the reference), over the tests' range: it
    is built with pruning off and never extends again, so never prunes."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(calendar_mod, "_PRUNE_MIN", 10**12)
        cal = _calendar(name)
        cal.working_between(0.0, 130 * YEAR)
    return cal


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(SPECS)),
       steps=st.lists(st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 3 * DAY),
                                st.booleans()), min_size=5, max_size=40))
def test_windowed_answers_equal_the_whole_timeline(name: str,
                                                   steps: list[tuple[float, float, bool]]
                                                   ) -> None:
    """Queries going forward over a century, with some back into the dropped past: every
    answer equals the never-pruned calendar's, to the bit."""
    ref = whole(name)
    assert len(ref._timeline.opens) > 100 * 52  # it kept the whole century
    cal = _calendar(name)
    clock = 0.0
    for frac, work, back in steps:
        if back:  # a query anywhere in the past (a case that arrived long ago)
            t = frac * clock
        else:
            clock += frac * 3 * YEAR  # up to 120 years
            t = clock
        assert _answers(cal, t, work) == _answers(ref, t, work), (name, t, work)


def test_window_stays_small_over_a_century() -> None:
    """A simulated century keeps about three years of periods and a mark per extension."""
    cal = _calendar("office")
    t = 0.0
    while t < 100 * YEAR:  # what an engine does: time only goes forward
        t = cal.work_span(t, 3600.0)[1] + 600.0
        if int(t // DAY) % 97 == 0:
            cal.working_between_many(np.array([max(t - 5 * DAY, 0.0)]), np.array([t]))
    tl = cal._timeline
    assert len(tl.opens) < 4 * 366 * 2, len(tl.opens)  # two periods a working day
    assert tl.marks is not None and len(tl.marks) < 110
    assert tl.valid_from > 97 * YEAR
    # the whole run, from the start: rebuilt from the first mark, the same to the bit
    assert cal.working_between(0.0, t) == whole("office").working_between(0.0, t)
    assert len(tl.past) == 1 and len(tl.past[0].opens) < 2 * 366 * 2


def test_a_past_walked_forward_keeps_a_window() -> None:
    """After a century, the run's log read back in time order (the CSV export of a streamed
    run asks the working seconds of each chunk of rows): the timeline rebuilt for the past
    keeps about three years of periods too, not the whole century, and answers as the
    never-pruned calendar, to the bit."""
    ref = whole("office")
    cal = _calendar("office")
    cal.next_working(100 * YEAR)  # the run ended in its hundredth year
    rng = np.random.default_rng(5)
    sizes = []
    for first in np.arange(0.0, 99 * YEAR, 40 * DAY):  # chunks in time order
        a = np.sort(first + rng.uniform(0.0, 40 * DAY, 200))
        b = a + rng.uniform(0.0, 5 * DAY, 200)
        assert np.array_equal(cal.working_between_many(a, b), ref.working_between_many(a, b))
        sizes.append(max(len(tl.opens) for tl in cal._timeline.past))
    assert max(sizes) < 4 * 366 * 2, max(sizes)  # two periods a working day (before: 49,455)
    assert cal.working_between(0.0, 99 * YEAR) == ref.working_between(0.0, 99 * YEAR)


def test_vectorised_query_across_the_window() -> None:
    """One working_between_many call with bounds before and inside the window."""
    ref = whole("office")
    cal = _calendar("office")
    cal.next_working(60 * YEAR)  # the window moves to the sixtieth year
    rng = np.random.default_rng(3)
    a = rng.uniform(0.0, 61 * YEAR, 2_000)
    b = a + rng.uniform(0.0, 30 * DAY, 2_000)
    assert np.array_equal(cal.working_between_many(a, b), ref.working_between_many(a, b))
