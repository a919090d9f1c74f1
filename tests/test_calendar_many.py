"""``working_between_many`` (the vectorised calendar query the exports and KPIs use) gives
exactly what the scalar ``working_between`` gives, pair by pair, for random calendars."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probisnis.errors import SimulationError
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.kpi_inputs import working_seconds

DAY = 86_400.0
HOURS = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)] + ["24:00"]


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    days = draw(st.sampled_from(["mon-fri", "mon-sat", "sat-sun", "tue-thu", "mon-sun"]))
    first = draw(st.integers(0, 40))
    length = draw(st.integers(1, 48 - first))
    periods = [{"days": days, "from": HOURS[first], "to": HOURS[first + length]}]
    if first + length <= 44 and draw(st.booleans()):
        gap = draw(st.integers(first + length + 1, 47))
        end = draw(st.integers(gap + 1, 48))
        periods.append({"days": days, "from": HOURS[gap], "to": HOURS[end]})
    holidays = draw(st.sampled_from(["ID", False]))
    start = datetime(2024 + draw(st.integers(0, 2)), draw(st.integers(1, 12)),
                     draw(st.integers(1, 28)), draw(st.integers(0, 23)),
                     draw(st.sampled_from([0, 15, 59])))
    return WorkingCalendar.from_spec(
        {"weekly": periods, "holidays": holidays}, start=start,
        horizon_days=draw(st.integers(0, 60)), where="calendar")


times = st.one_of(
    st.floats(0, 900 * DAY, allow_nan=False),  # past the precomputed horizon too
    st.integers(0, 900 * 48).map(lambda k: k * 1800.0),  # exactly on period bounds
)


@settings(max_examples=60, deadline=None)
@given(calendars(), st.lists(st.tuples(times, times), min_size=1, max_size=40))
def test_many_equals_scalar_to_the_bit(
    cal: WorkingCalendar, pairs: list[tuple[float, float]]
) -> None:
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    many = cal.working_between_many(a, b)
    scalar = np.array([cal.working_between(x, y) for x, y in pairs])
    assert many.tolist() == scalar.tolist()
    assert (many >= 0).all()


def test_many_on_the_office_calendar_by_hand() -> None:
    cal = WorkingCalendar.from_spec({}, start=datetime(2025, 1, 6), horizon_days=30,
                                    where="calendar")
    h = 3600.0
    a = np.array([8 * h, 8 * h, 11 * h, 10 * h, 6 * DAY])
    b = np.array([16 * h, 12.5 * h, 13 * h, 8 * h, 7 * DAY])
    # full day, morning + nothing of the break, 1 h + 0.5 h, b < a, a Sunday
    assert cal.working_between_many(a, b).tolist() == [7.5 * h, 4 * h, 1.5 * h, 0.0, 0.0]
    assert WorkingCalendar.always().working_between_many(a, b).tolist() == \
        [8 * h, 4.5 * h, 2 * h, 0.0, DAY]


def test_many_refuses_what_the_scalar_refuses() -> None:
    cal = WorkingCalendar.from_spec({}, start=datetime(2025, 1, 6), horizon_days=3,
                                    where="calendar")
    with pytest.raises(SimulationError, match="before the calendar's first day"):
        cal.working_between_many(np.array([-DAY]), np.array([0.0]))
    with pytest.raises(SimulationError, match="finite"):
        cal.working_between_many(np.array([np.nan]), np.array([1.0]))


def test_working_seconds_uses_the_vectorised_query() -> None:
    """kpi_inputs.working_seconds finds working_between_many (no per-row Python loop)."""
    cal = WorkingCalendar.from_spec({}, start=datetime(2025, 1, 6), horizon_days=3,
                                    where="calendar")
    calls: list[int] = []

    class Spy:
        def working_between(self, a: float, b: float) -> float:
            raise AssertionError("per-row loop used")

        def working_between_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
            calls.append(len(a))
            return cal.working_between_many(a, b)

    a = np.array([0.0, 8 * 3600.0, np.nan, 5.0])
    b = np.array([DAY, 9 * 3600.0, 1.0, 4.0])
    out = working_seconds(Spy(), a, b)
    assert calls == [2]
    assert out[:2].tolist() == [7.5 * 3600.0, 3600.0] and np.isnan(out[2]) and out[3] == 0.0
