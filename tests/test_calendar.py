"""Working calendars: hand-computed cases, Indonesian holidays, properties vs a slow reference."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probisnis.errors import ScenarioError, SimulationError
from probisnis.sim.calendar import WorkingCalendar, closed_days

H = 3600.0
START = datetime(2025, 1, 1)  # a Wednesday, and New Year's Day


@pytest.fixture(scope="module")
def office() -> WorkingCalendar:
    """The default calendar: Mon-Fri 08:00-12:00 + 12:30-16:00, holidays and cuti bersama."""
    return WorkingCalendar.from_spec({}, start=START, horizon_days=2 * 366, where="calendar")


def at(cal: WorkingCalendar, text: str) -> float:
    return cal.to_seconds(datetime.fromisoformat(text))


def when(cal: WorkingCalendar, t: float) -> str:
    return f"{cal.to_datetime(t):%Y-%m-%d %H:%M:%S}"


# ---------------------------------------------------------------------- holidays package


def test_cuti_bersama_2025_are_the_government_category() -> None:
    """The SKB 3 Menteri 2025 joint-leave days are holidays' GOVERNMENT category for ID."""
    gov = holidays.country_holidays("ID", years=2025, categories=(holidays.GOVERNMENT,))
    assert sorted(gov) == [
        date(2025, 1, 28),
        date(2025, 3, 28),
        date(2025, 4, 2),
        date(2025, 4, 3),
        date(2025, 4, 4),
        date(2025, 4, 7),
        date(2025, 5, 13),
        date(2025, 5, 30),
        date(2025, 6, 9),
        date(2025, 8, 18),
        date(2025, 12, 26),
    ]
    public = closed_days(date(2025, 1, 1), date(2025, 12, 31), cuti_bersama=False)
    assert date(2025, 8, 17) in public and date(2025, 3, 31) in public
    assert date(2025, 4, 2) not in public


def test_default_calendar_shape(office: WorkingCalendar) -> None:
    assert office.hours_per_week == 37.5
    assert office.hours_per_day == 7.5
    assert office.holidays == "ID" and office.cuti_bersama


# ---------------------------------------------------------------------- hand-computed cases


def test_new_years_day_is_closed(office: WorkingCalendar) -> None:
    assert not office.is_working(at(office, "2025-01-01 09:00"))
    assert when(office, office.next_working(0.0)) == "2025-01-02 08:00:00"
    assert when(office, office.add_working(0.0, H)) == "2025-01-02 09:00:00"


def test_lunch_break_pauses_work(office: WorkingCalendar) -> None:
    t = at(office, "2025-07-14 11:00")  # Monday
    assert when(office, office.add_working(t, 2 * H)) == "2025-07-14 13:30:00"
    assert office.working_between(t, at(office, "2025-07-14 13:30")) == 2 * H


def test_weekend_pauses_work(office: WorkingCalendar) -> None:
    t = at(office, "2025-07-11 15:00")  # Friday
    assert when(office, office.add_working(t, 2 * H)) == "2025-07-14 09:00:00"
    assert office.working_between(at(office, "2025-07-14"), at(office, "2025-07-21")) == 37.5 * H


def test_national_holidays(office: WorkingCalendar) -> None:
    # Labour Day, Thursday 1 May 2025
    t = at(office, "2025-04-30 15:00")
    assert when(office, office.add_working(t, 2 * H)) == "2025-05-02 09:00:00"
    # Independence Day, Monday 17 August 2026
    t = at(office, "2026-08-14 15:00")
    assert when(office, office.add_working(t, 2 * H)) == "2026-08-18 09:00:00"
    assert not office.is_working(at(office, "2026-08-17 10:00"))


def test_cuti_bersama_closes_the_office() -> None:
    spec_with = {}
    spec_without = {"cuti_bersama": False}
    with_cuti = WorkingCalendar.from_spec(spec_with, start=START, horizon_days=366, where="c")
    without = WorkingCalendar.from_spec(spec_without, start=START, horizon_days=366, where="c")
    t = at(with_cuti, "2025-12-24 15:00")  # Wednesday; 25 Christmas, 26 cuti bersama
    assert when(with_cuti, with_cuti.add_working(t, 2 * H)) == "2025-12-29 09:00:00"
    assert when(without, without.add_working(t, 2 * H)) == "2025-12-26 09:00:00"
    # Monday 18 August 2025: cuti bersama after Independence Day (a Sunday)
    t = at(with_cuti, "2025-08-15 15:00")
    assert when(with_cuti, with_cuti.add_working(t, 2 * H)) == "2025-08-19 09:00:00"
    assert when(without, without.add_working(t, 2 * H)) == "2025-08-18 09:00:00"


def test_lebaran_2025(office: WorkingCalendar) -> None:
    """28 Mar (Nyepi cuti) to 7 Apr 2025 (Idul Fitri cuti): closed for 11 days straight."""
    t = at(office, "2025-03-27 15:00")
    assert when(office, office.add_working(t, 2 * H)) == "2025-04-08 09:00:00"
    first, last = at(office, "2025-03-27"), at(office, "2025-04-09")
    assert office.working_between(first, last) == 15 * H
    for day in range(28, 32):
        assert not office.is_working(at(office, f"2025-03-{day} 10:00"))
    for day in range(1, 8):
        assert not office.is_working(at(office, f"2025-04-0{day} 10:00"))
    assert office.closed_days(date(2025, 4, 2), date(2025, 4, 7)) == {
        date(2025, 4, 2): "Eid al-Fitr Joint Holiday",
        date(2025, 4, 3): "Eid al-Fitr Joint Holiday",
        date(2025, 4, 4): "Eid al-Fitr Joint Holiday",
        date(2025, 4, 7): "Eid al-Fitr Joint Holiday",
    }


def test_exact_boundaries(office: WorkingCalendar) -> None:
    eight, noon = at(office, "2025-07-14 08:00"), at(office, "2025-07-14 12:00")
    half, four = at(office, "2025-07-14 12:30"), at(office, "2025-07-14 16:00")
    assert office.is_working(eight) and not office.is_working(eight - 1)
    assert office.is_working(noon - 1e-3) and not office.is_working(noon)
    assert office.is_working(half) and not office.is_working(four)
    assert office.next_working(eight) == eight
    assert office.next_working(noon) == half
    assert office.next_working(four) == at(office, "2025-07-15 08:00")
    assert office.add_working(noon, 0) == noon  # zero work: no wait
    assert office.add_working(eight, 4 * H) == noon  # ends at the close, not at 12:30
    assert office.add_working(noon, 1) == half + 1
    assert office.add_working(eight, 7.5 * H) == four
    assert office.working_between(eight, four) == 7.5 * H
    assert office.working_between(four, eight) == 0.0
    assert office.working_between(noon, half) == 0.0


def test_work_started_outside_hours_waits(office: WorkingCalendar) -> None:
    saturday = at(office, "2025-07-12 10:00")
    assert when(office, office.add_working(saturday, H)) == "2025-07-14 09:00:00"
    night = at(office, "2025-07-14 20:00")
    assert when(office, office.add_working(night, 30)) == "2025-07-15 08:00:30"


def test_extra_closed_and_custom_weekly() -> None:
    spec = {
        "weekly": [
            {"days": "mon-thu", "from": "07:30", "to": "16:00"},
            {"days": "fri", "from": "07:30", "to": "11:00"},
            {"days": "fri", "from": "10:00", "to": "11:30"},  # overlaps: merged
        ],
        "holidays": False,
        "extra_closed": ["2025-07-15"],
    }
    cal = WorkingCalendar.from_spec(spec, start=START, horizon_days=366, where="calendars.x")
    assert cal.hours_per_week == 4 * 8.5 + 4
    assert cal.hours_per_day == pytest.approx(38 / 5)
    assert cal.is_working(at(cal, "2025-01-01 10:00"))  # no holidays
    assert when(cal, cal.add_working(at(cal, "2025-07-14 15:00"), 2 * H)) == "2025-07-16 08:30:00"
    assert cal.closed_days(date(2025, 7, 1), date(2025, 7, 31)) == {
        date(2025, 7, 15): "closed (extra_closed)"
    }


def test_day_ranges_wrap_and_midnight_periods_join() -> None:
    spec = {"weekly": [{"days": "sat-mon", "from": "00:00", "to": "24:00"}], "holidays": False}
    cal = WorkingCalendar.from_spec(spec, start=START, horizon_days=30, where="c")
    sat = at(cal, "2025-01-04 00:00")
    assert cal.add_working(sat, 3 * 24 * H) == at(cal, "2025-01-07 00:00")
    assert when(cal, cal.add_working(sat, 3 * 24 * H + 1)) == "2025-01-11 00:00:01"


def test_indonesian_day_names_give_the_same_calendar_as_english_ones() -> None:
    english = {"weekly": [{"days": "mon-thu", "from": "07:30", "to": "16:00"},
                          {"days": "fri,sat", "from": "07:30", "to": "11:00"}],
               "holidays": False}
    for days in (("senin-kamis", "jumat,sabtu"), ("Senin-Kamis", "Jum'at, Sabtu"),
                 ("sen-kam", "jum,sab")):
        spec = {"weekly": [{**english["weekly"][0], "days": days[0]},  # type: ignore[index]
                           {**english["weekly"][1], "days": days[1]}],  # type: ignore[index]
                "holidays": False}
        ours = WorkingCalendar.from_spec(spec, start=START, horizon_days=30, where="c")
        theirs = WorkingCalendar.from_spec(english, start=START, horizon_days=30, where="c")
        assert ours.weekly == theirs.weekly, days
    ahad = WorkingCalendar.from_spec(
        {"weekly": [{"days": "jumat-ahad", "from": "08:00", "to": "12:00"}], "holidays": False},
        start=START, horizon_days=30, where="c")
    assert [bool(d) for d in ahad.weekly] == [False] * 4 + [True] * 3


@pytest.mark.parametrize("days", ["senen-jumat", "mo-fr", "mon-tue-wed", "hari kerja"])
def test_an_unknown_day_is_refused_with_both_spellings_named(days: str) -> None:
    spec = {"weekly": [{"days": days, "from": "08:00", "to": "12:00"}]}
    with pytest.raises(ScenarioError) as err:
        WorkingCalendar.from_spec(spec, start=START, horizon_days=30, where="calendar")
    assert err.value.element_id == "calendar.weekly[0].days"
    assert "tidak dikenal" in err.value.message and "senin-jumat" in err.value.message


def test_start_mid_day() -> None:
    start = datetime(2025, 7, 14, 10, 0)
    cal = WorkingCalendar.from_spec({}, start=start, horizon_days=30, where="c")
    assert cal.is_working(0.0)
    assert cal.add_working(0.0, 2 * H) == 2 * H  # 10:00-12:00
    assert cal.add_working(0.0, 2.5 * H) == 3 * H  # 10:00-12:00, lunch, 12:30-13:00
    assert cal.working_between(-2 * H, 0.0) == 2 * H  # 08:00-10:00 the same day
    with pytest.raises(SimulationError, match="before the calendar's first day"):
        cal.is_working(-11 * H)


def test_lazy_extension_matches_a_long_horizon() -> None:
    short = WorkingCalendar.from_spec({}, start=START, horizon_days=0, where="c")
    long = WorkingCalendar.from_spec({}, start=START, horizon_days=3 * 366, where="c")
    for t in (0.0, 400 * 24 * H, 1000 * 24 * H + 5):
        for w in (1.0, 7.5 * H, 300 * H):
            assert short.add_working(t, w) == long.add_working(t, w)
    assert short.working_between(0, 1000 * 24 * H) == long.working_between(0, 1000 * 24 * H)
    assert short == long or short.horizon_days != long.horizon_days


def test_always() -> None:
    cal = WorkingCalendar.always()
    assert cal.is_working(123.0) and cal.next_working(5.0) == 5.0
    assert cal.add_working(10.0, 5.0) == 15.0 and cal.work_span(10.0, 5.0) == (10.0, 15.0)
    assert cal.working_between(3.0, 10.0) == 7.0 and cal.working_between(10.0, 3.0) == 0.0
    assert cal.hours_per_day == 24.0 and cal == WorkingCalendar.always()
    assert cal.closed_days(date(2025, 1, 1), date(2025, 12, 31)) == {}


def test_from_prosimos() -> None:
    periods = {
        "id": "cal_office",
        "time_periods": [
            {"from": "MONDAY", "to": "FRIDAY", "beginTime": "09:00:00", "endTime": "17:00:00"}
        ],
    }
    cal = WorkingCalendar.from_prosimos(periods, start=START)
    assert cal.hours_per_week == 40 and cal.hours_per_day == 8
    assert cal.is_working(at(cal, "2025-01-01 09:00"))  # no holidays in Prosimos calendars
    assert when(cal, cal.add_working(at(cal, "2025-01-03 16:00"), 2 * H)) == "2025-01-06 10:00:00"
    night = [{"from": "SATURDAY", "to": "SUNDAY", "beginTime": "18:00:00", "endTime": "00:00:00"}]
    cal = WorkingCalendar.from_prosimos(night, start=START)
    assert cal.hours_per_week == 12


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("spec", "key", "needle"),
    [
        ({"weekly": "mon-fri"}, "cal.weekly", "daftar periode yang tidak kosong"),
        ({"weekly": []}, "cal.weekly", "daftar periode yang tidak kosong"),
        ({"weekly": [{"days": "mon", "from": "8:00"}]}, "cal.weekly[0]", "tepat kunci"),
        ({"weekly": [{"days": "mon", "from": "8h", "to": "9:00"}]}, "cal.weekly[0].from", "08:00"),
        ({"weekly": [{"days": "mon", "from": "8:00", "to": "24:01"}]}, "cal.weekly[0].to", "08:00"),
        ({"weekly": [{"days": "mon", "from": "9:00", "to": "8:00"}]}, "cal.weekly[0]", "sesudah"),
        ({"weekly": [{"days": "mo", "from": "8:00", "to": "9:00"}]}, "cal.weekly[0].days", "hari"),
        ({"weekly": [{"days": 1, "from": "8:00", "to": "9:00"}]}, "cal.weekly[0].days", "seperti"),
        ({"holidays": "XX"}, "cal.holidays", "kode negara"),
        ({"holidays": True}, "cal.holidays", "kode negara"),
        ({"cuti_bersama": "yes"}, "cal.cuti_bersama", "true atau false"),
        ({"holidays": False, "cuti_bersama": True}, "cal.cuti_bersama", "hanya ada di Indonesia"),
        ({"extra_closed": "2025-01-02"}, "cal.extra_closed", "daftar tanggal"),
        ({"extra_closed": ["2025-13-02"]}, "cal.extra_closed[0]", "harus tanggal seperti"),
        ({"weekdays": []}, "cal.weekdays", "tidak dikenal; mungkin maksudnya weekly?"),
    ],
)
def test_bad_specs(spec: dict[str, object], key: str, needle: str) -> None:
    with pytest.raises(ScenarioError) as info:
        WorkingCalendar.from_spec(spec, start=START, horizon_days=10, where="cal", path="s.toml")
    assert info.value.element_id == key
    assert needle in info.value.message
    assert str(info.value).startswith(f"s.toml: [{key}] ")


def test_a_misspelt_calendar_key_gets_the_hint_in_both_languages() -> None:
    with pytest.raises(ScenarioError) as info:
        WorkingCalendar.from_spec({"weekdays": []}, start=START, horizon_days=10, where="cal")
    message = info.value.message
    assert message == ("kunci kalender tidak dikenal; mungkin maksudnya weekly? (yang dikenal: "
                       "weekly, holidays, cuti_bersama, extra_closed)")
    assert getattr(message, "en", None) == (
        "unknown calendar key(s) weekdays; did you mean weekly? (allowed: weekly, holidays, "
        "cuti_bersama, extra_closed)")


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"time_periods": []}, "cals.time_periods"),
        ([{"from": "MONDAY", "to": "FRIDAY", "beginTime": "09:00:00"}], "cals[0]"),
        ([{"from": "MOONDAY", "to": "FRIDAY", "beginTime": "9:00", "endTime": "17:00"}], "cals[0]"),
        ([{"from": "MONDAY", "to": "FRIDAY", "beginTime": "9:00", "endTime": "x"}], "cals[0].to"),
    ],
)
def test_bad_prosimos_calendars(data: object, key: str) -> None:
    with pytest.raises(ScenarioError) as info:
        WorkingCalendar.from_prosimos(data, start=START, where="cals", path="p.json")  # type: ignore[arg-type]
    assert info.value.element_id == key and info.value.path == "p.json"


def test_negative_work_is_refused(office: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        office.add_working(0.0, -1.0)


def test_no_working_time_is_an_error() -> None:
    spec = {"weekly": [{"days": "mon", "from": "08:00", "to": "09:00"}], "holidays": False}
    spec["extra_closed"] = [
        (date(2025, 1, 6) + timedelta(days=7 * k)).isoformat() for k in range(400)
    ]
    cal = WorkingCalendar.from_spec(spec, start=START, horizon_days=10, where="c")
    with pytest.raises(SimulationError, match="no open time"):
        cal.add_working(0.0, 1.0)


# ---------------------------------------------------------------------- properties


def _reference_open_seconds(a: datetime, b: datetime) -> float:
    """Slow, independent: walk the days, ask `holidays` directly."""
    closed = holidays.country_holidays(
        "ID", years=range(a.year, b.year + 1), categories=(holidays.PUBLIC, holidays.GOVERNMENT)
    )
    total = 0.0
    day = a.date()
    while day <= b.date():
        if day.weekday() < 5 and day not in closed:
            for h0, m0, h1, m1 in ((8, 0, 12, 0), (12, 30, 16, 0)):
                lo = max(a, datetime(day.year, day.month, day.day, h0, m0))
                hi = min(b, datetime(day.year, day.month, day.day, h1, m1))
                total += max((hi - lo).total_seconds(), 0.0)
        day += timedelta(days=1)
    return total


times = st.floats(min_value=0.0, max_value=700 * 86_400.0, allow_nan=False)
works = st.floats(min_value=0.0, max_value=400 * H, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(t=times, w=works)
def test_add_then_count_round_trips(office: WorkingCalendar, t: float, w: float) -> None:
    end = office.add_working(t, w)
    assert end >= t
    assert office.working_between(t, end) == pytest.approx(w, abs=1e-6)
    if w >= 1e-6:  # never later than needed: the instants just before the end are working
        d = min(w, 1e-3) / 2
        assert office.is_working(end - d)
        assert office.working_between(t, end - d) < w


@settings(max_examples=100, deadline=None)
@given(t=times, w=works)
def test_work_span_is_next_working_then_add(office: WorkingCalendar, t: float, w: float) -> None:
    start = office.next_working(t)
    assert office.work_span(t, w) == (start, office.add_working(start, w))


def test_non_finite_times_are_refused(office: WorkingCalendar) -> None:
    for bad in (float("nan"), float("inf")):
        with pytest.raises(SimulationError, match="finite"):
            office.next_working(bad)
        with pytest.raises(SimulationError, match="finite"):
            office.add_working(bad, 1.0)


@settings(max_examples=100, deadline=None)
@given(t=times, u=times, w=works, v=works)
def test_monotone(office: WorkingCalendar, t: float, u: float, w: float, v: float) -> None:
    t, u = sorted((t, u))
    w, v = sorted((w, v))
    assert office.add_working(t, w) <= office.add_working(u, w)
    assert office.add_working(t, w) <= office.add_working(t, v)
    assert office.next_working(t) <= office.next_working(u)
    assert office.working_between(t, u) + office.working_between(u, u + v) == pytest.approx(
        office.working_between(t, u + v), abs=1e-6
    )


@settings(max_examples=40, deadline=None)
@given(t=times, span=st.floats(min_value=0.0, max_value=60 * 86_400.0, allow_nan=False))
def test_counts_agree_with_a_slow_reference(office: WorkingCalendar, t: float, span: float) -> None:
    a, b = office.to_datetime(t), office.to_datetime(t + span)
    assert office.working_between(t, t + span) == pytest.approx(
        _reference_open_seconds(a, b), abs=1e-4
    )
