"""Working calendars: when work happens, and how working time maps to clock time.

The simulation clock is float seconds since the scenario's ``start`` (a naive
local datetime, Asia/Jakarta assumed, no time-zone arithmetic). A
:class:`WorkingCalendar` is a weekly pattern of open periods (with breaks),
minus closed dates: Indonesian public holidays and *cuti bersama* from the
``holidays`` package, plus any extra dates the scenario names.

Rules (see ``docs/calendar.md``):

* A task's working duration only elapses inside open periods; it pauses over
  breaks, nights, weekends and closed dates (:meth:`WorkingCalendar.add_working`).
* Work started outside working time waits for the next open instant.
* ``working_between(a, b)`` counts the open seconds in ``[a, b)``.

The open periods are precomputed as sorted interval arrays with cumulative
working seconds, over the scenario horizon plus a margin, and extended lazily
(a year at a time) if a query goes past them; each query is a bisection,
O(log n). Only a window of about three years of periods is kept (memory flat in
the simulated time: a 10-million-case run spans centuries): periods more than two
years before the latest query are dropped, and a query before the window is
answered by a timeline rebuilt from a mark kept at each extension (the same float
operations from the same state, so the same values to the bit).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from probisnis.errors import InvalidValueError, ScenarioError, SimulationError, say
from probisnis.hints import maksudnya, suggest
from probisnis.sim.calendar_spec import DAY_NAMES, Weekly, merge_periods, parse_dates, parse_weekly
from probisnis.sim.holidays_id import closed_days, country_code
from probisnis.sim.timeline import Timeline

__all__ = ["DEFAULT_WEEKLY", "WorkingCalendar", "closed_days"]

DAY = 86_400.0
_MARGIN_DAYS = 31
_EXTEND_DAYS = 366
_MAX_YEARS_WITHOUT_WORK = 5
#: days of periods kept behind the latest query (the window is pruned when it
#: extends, by at least _PRUNE_MIN periods at a time)
_KEEP_DAYS = 2 * _EXTEND_DAYS
_PRUNE_MIN = 256
#: timelines rebuilt for queries before the window, kept for the next query
_PAST_KEEP = 2

#: Monday-Friday 08:00-12:00 and 12:30-16:00: 37.5 hours a week.
DEFAULT_WEEKLY: tuple[Mapping[str, str], ...] = (
    {"days": "mon-fri", "from": "08:00", "to": "12:00"},
    {"days": "mon-fri", "from": "12:30", "to": "16:00"},
)


@dataclass(frozen=True)
class WorkingCalendar:
    """Open periods per weekday minus closed dates, anchored at ``start``.

    Build one with :meth:`always`, :meth:`from_spec` or :meth:`from_prosimos`.
    Instances are immutable in meaning; the interval arrays behind them grow
    lazily when a query goes past the precomputed horizon.
    """

    start: datetime
    weekly: Weekly
    holidays: str | None = "ID"
    cuti_bersama: bool = True
    extra_closed: frozenset[date] = frozenset()
    horizon_days: int = 366
    _timeline: Timeline = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise InvalidValueError("weekly must have seven entries, Monday first")
        if not any(self.weekly):
            raise InvalidValueError(say("kalender kerja perlu paling sedikit satu periode "
                                        "buka dalam seminggu",
                                        "a working calendar needs at least one open period "
                                        "a week"))
        object.__setattr__(self, "_timeline", Timeline(self.start))
        self._extend(self.horizon_days + _MARGIN_DAYS)

    # ------------------------------------------------------------------ constructors

    @classmethod
    def always(cls) -> WorkingCalendar:
        """Open 24 hours a day, 7 days a week, no holidays."""
        return _AlwaysCalendar()

    @classmethod
    def from_spec(
        cls,
        spec: Mapping[str, Any],
        *,
        start: datetime,
        horizon_days: int,
        where: str,
        path: str | None = None,
    ) -> WorkingCalendar:
        """Build from a scenario table (empty table: the default office calendar).

        Keys: ``weekly`` (list of ``{days = "mon-fri", from = "08:00", to = "12:00"}``),
        ``holidays`` (a country code, default ``"ID"``, or ``false``),
        ``cuti_bersama`` (default true for ``"ID"``), ``extra_closed``
        (list of ``"YYYY-MM-DD"``). Bad input raises :class:`ScenarioError`
        naming ``path`` and the dotted key under ``where``.
        """
        if not isinstance(spec, Mapping):
            raise ScenarioError(say(f"kalender harus berupa tabel, bukan {spec!r}",
                                    f"a calendar must be a table, got {spec!r}"),
                                path=path, element_id=where)
        allowed = {"weekly", "holidays", "cuti_bersama", "extra_closed"}
        unknown = set(spec) - allowed
        if unknown:
            first = sorted(map(str, unknown))[0]
            near = suggest(first, allowed)
            raise ScenarioError(say(
                "kunci kalender tidak dikenal",
                f"unknown calendar key(s) {', '.join(sorted(map(str, unknown)))}")
                + maksudnya(near, quote=False) + say(
                " (yang dikenal: weekly, holidays, cuti_bersama, extra_closed)",
                " (allowed: weekly, holidays, cuti_bersama, extra_closed)"),
                path=path,
                element_id=f"{where}.{first}",
            )
        weekly_spec = spec.get("weekly", DEFAULT_WEEKLY)
        weekly = parse_weekly(weekly_spec, where=f"{where}.weekly", path=path)
        country = spec.get("holidays", "ID")
        if country is False:
            country = None
        elif isinstance(country, str) and country_code(country) is not None:
            country = country_code(country)  # "Indonesia", "id": the same calendar as "ID"
        else:
            raise ScenarioError(say(
                f"'holidays' harus kode negara seperti \"ID\" (hari libur nasional Indonesia) "
                f"atau false (tanpa hari libur), bukan {country!r}; tanggal libur tambahan "
                "ditulis di extra_closed",
                f"'holidays' must be a country code such as \"ID\", or false; got {country!r}"),
                path=path,
                element_id=f"{where}.holidays",
            )
        cuti = spec.get("cuti_bersama", country == "ID")
        if not isinstance(cuti, bool):
            raise ScenarioError(say(
                f"'cuti_bersama' harus true atau false (tanpa tanda kutip), bukan {cuti!r}",
                f"'cuti_bersama' must be true or false, got {cuti!r}"),
                path=path,
                element_id=f"{where}.cuti_bersama",
            )
        if cuti and country != "ID":
            raise ScenarioError(say(
                "'cuti_bersama' memerlukan holidays = \"ID\" (cuti bersama hanya ada di "
                "Indonesia)",
                "'cuti_bersama' needs holidays = \"ID\" (cuti bersama are Indonesian)"),
                path=path,
                element_id=f"{where}.cuti_bersama",
            )
        extra = parse_dates(spec.get("extra_closed", []), where=f"{where}.extra_closed", path=path)
        if isinstance(horizon_days, bool) or not isinstance(horizon_days, int) or horizon_days < 0:
            raise ScenarioError(
                f"horizon_days must be an integer >= 0, got {horizon_days!r}", path=path
            )
        return cls(start, weekly, country, cuti, extra, horizon_days)

    @classmethod
    def from_prosimos(
        cls,
        calendar_json: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        start: datetime,
        horizon_days: int = 366,
        where: str = "resource_calendars",
        path: str | None = None,
    ) -> WorkingCalendar:
        """Build from a Prosimos calendar: ``{"time_periods": [...]}`` or the list itself.

        Each period is ``{"from": "MONDAY", "to": "FRIDAY", "beginTime": "09:00:00",
        "endTime": "17:00:00"}``; day ranges wrap past Sunday like Prosimos, and
        ``endTime`` ``"00:00:00"`` means midnight at the end of the day. No holidays.
        """
        periods: Any = calendar_json
        key = where
        if isinstance(calendar_json, Mapping):
            periods = calendar_json.get("time_periods")
            key = f"{where}.time_periods"
        if isinstance(periods, str | bytes) or not isinstance(periods, Sequence) or not periods:
            raise ScenarioError(say("harus daftar time_periods yang tidak kosong",
                                    "expected a non-empty list of time periods"),
                                path=path, element_id=key)
        items = []
        for i, period in enumerate(periods):
            here = f"{key}[{i}]"
            if not isinstance(period, Mapping):
                raise ScenarioError(say(f"periode waktu harus objek JSON, bukan {period!r}",
                                        f"a time period must be an object, got {period!r}"),
                                    path=path, element_id=here)
            missing = {"from", "to", "beginTime", "endTime"} - set(period)
            if missing:
                raise ScenarioError(say(f"periode waktu tidak punya {', '.join(sorted(missing))}",
                                        f"time period lacks {', '.join(sorted(missing))}"),
                                    path=path, element_id=here)
            days = []
            for side in ("from", "to"):
                name = period[side]
                if not isinstance(name, str) or name[:3].lower() not in DAY_NAMES or len(name) < 3:
                    raise ScenarioError(say(
                        f"'{side}' harus nama hari seperti MONDAY, bukan {name!r}",
                        f"'{side}' must be a weekday name like MONDAY, got {name!r}"),
                        path=path,
                        element_id=here,
                    )
                days.append(name[:3].lower())
            end = period["endTime"]
            if isinstance(end, str) and re.fullmatch(r"0?0:00(:00(\.0+)?)?", end.strip()):
                end = "24:00"
            items.append({"days": f"{days[0]}-{days[1]}", "from": period["beginTime"], "to": end})
        weekly = parse_weekly(items, where=key, path=path)
        return cls(start, weekly, None, False, frozenset(), horizon_days)

    @classmethod
    def union(
        cls, calendars: Sequence[WorkingCalendar], *, start: datetime, horizon_days: int = 366
    ) -> WorkingCalendar:
        """Open whenever any of ``calendars``' weekly patterns is open; no closed dates.

        Prosimos' arrival calendar when the JSON gives none (the calendars of the
        resources doing the first tasks, combined).
        """
        if not calendars:
            raise InvalidValueError("union() needs at least one calendar")
        weekly = tuple(
            merge_periods(period for cal in calendars for period in cal.weekly[day])
            for day in range(7)
        )
        return cls(start, weekly, None, False, frozenset(), horizon_days)

    # ------------------------------------------------------------------ queries

    @property
    def hours_per_day(self) -> float:
        """Open hours per working weekday (weekly open hours / weekdays with any)."""
        days = [day for day in self.weekly if day]
        return sum(e - b for day in days for b, e in day) / len(days) / 3600.0

    @property
    def hours_per_week(self) -> float:
        """Open hours in a week without closed dates."""
        return sum(e - b for day in self.weekly for b, e in day) / 3600.0

    def to_datetime(self, t: float) -> datetime:
        """The wall-clock datetime of simulation time ``t``."""
        return self.start + timedelta(seconds=t)

    def to_seconds(self, moment: datetime) -> float:
        """The simulation time of a wall-clock datetime."""
        return (moment - self.start).total_seconds()

    def is_working(self, t: float) -> bool:
        """Whether ``t`` lies inside an open period (open start, closed end: [open, close))."""
        tl = self._ensure(t)
        i = bisect.bisect_right(tl.opens, t) - 1
        return i >= 0 and t < tl.closes[i]

    def next_working(self, t: float) -> float:
        """``t`` itself if working, else the start of the next open period."""
        tl = self._timeline
        if not tl.valid_from <= t < tl.fast:
            tl = self._ensure(t)
        closes = tl.closes
        i = bisect.bisect_right(closes, t)
        while i >= len(closes):
            self._extend_for_work(t, tl)
        opens = tl.opens[i]
        return t if t >= opens else opens

    def work_span(self, t: float, work: float) -> tuple[float, float]:
        """``(start, end)`` of ``work`` working seconds ready at ``t``.

        ``start = next_working(t)`` and ``end = add_working(start, work)`` in one
        lookup (so ``end == start`` when ``work == 0``): what the engine needs to
        log a task that got its performer at ``t``.
        """
        tl = self._timeline
        if not tl.valid_from <= t < tl.fast:
            tl = self._ensure(t)
        closes = tl.closes
        i = bisect.bisect_right(closes, t)
        while i >= len(closes):
            self._extend_for_work(t, tl)
        opens = tl.opens[i]
        begin = t if t > opens else opens
        end = begin + work
        if end <= closes[i]:
            if work < 0:
                raise InvalidValueError(f"working time must not be negative, got {work!r}")
            return begin, end
        return begin, self._finish(tl, i, begin, work)

    def period_at(self, t: float) -> tuple[float, float]:
        """``(open, close)`` of the working period holding ``t`` (``open <= t < close``), or
        ``(t, t)`` when ``t`` is outside working time: a caller that keeps it knows that
        ``work_span(u, w) == (u, u + w)`` for ``open <= u < close`` and ``u + w <= close``."""
        tl = self._timeline
        if not tl.valid_from <= t < tl.fast:
            tl = self._ensure(t)
        closes = tl.closes
        i = bisect.bisect_right(closes, t)
        if i >= len(closes) or tl.opens[i] > t:
            return t, t
        return tl.opens[i], closes[i]

    def add_working(self, t: float, work: float) -> float:
        """The clock time at which ``work`` working seconds, started at ``t``, are done.

        Work pauses outside open periods; work begun outside them waits for the
        next open instant. ``add_working(t, 0) == t``. Work that ends exactly
        at a closing time ends there (not at the next opening).
        """
        if work <= 0:
            if work == 0:
                return t
            raise InvalidValueError(f"working time must not be negative, got {work!r}")
        return self.work_span(t, work)[1]

    def _finish(self, tl: Timeline, i: int, begin: float, work: float) -> float:
        """End of ``work`` begun at ``begin`` inside period ``i`` of ``tl``, spilling past
        its close."""
        target = tl.cum[i] + (begin - tl.opens[i]) + work
        j = bisect.bisect_left(tl.cum_end, target, i + 1)
        while j >= len(tl.cum_end):
            self._extend_for_work(begin, tl)
            j = bisect.bisect_left(tl.cum_end, target, i + 1)
        end = tl.opens[j] + (target - tl.cum[j])
        return min(max(end, tl.opens[j]), tl.closes[j])

    def working_between(self, a: float, b: float) -> float:
        """Open seconds in ``[a, b)``; 0 when ``b <= a``."""
        if b <= a:
            return 0.0
        return self._worked_before(b) - self._worked_before(a)

    def working_between_many(self, a: Any, b: Any) -> np.ndarray:
        """:meth:`working_between` of each pair ``(a[i], b[i])``, vectorised (numpy).

        Exactly the scalar function's value (the same float operations on the same
        interval arrays, looked up with :func:`numpy.searchsorted`); 0 where
        ``b <= a``. Every bound must be finite and not before the calendar's first day
        (:class:`~probisnis.errors.SimulationError`, as the scalar function).
        """
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        if a.shape != b.shape:
            raise ValueError(f"a and b differ in shape: {a.shape} != {b.shape}")
        if np.isnan(a).any() or np.isnan(b).any():
            raise SimulationError("simulation time must be finite, got NaN")
        out = np.zeros(a.shape)
        pos = b > a
        if not pos.any():
            return out
        lo, hi = a[pos], b[pos]
        self._ensure(float(np.max(hi)))  # first: it may prune the window
        self._ensure(float(np.min(lo)))  # (finite, not before the first day)
        out[pos] = self._worked_before_many(hi) - self._worked_before_many(lo)
        return out

    def _worked_before_many(self, x: np.ndarray) -> np.ndarray:
        """:meth:`_worked_before` of each value (the main timeline already covers them;
        values before its window are looked up on a timeline rebuilt for them)."""
        main = self._timeline
        old = x < main.valid_from
        if not old.any():
            return self._worked_before_on(main, x)
        out = np.empty(x.shape)
        new = ~old
        out[new] = self._worked_before_on(main, x[new])
        before = x[old]
        past = self._past(float(np.min(before)))
        top = float(np.max(before))
        while top >= past.covered:
            self._extend(_EXTEND_DAYS, past)
        out[old] = self._worked_before_on(past, before)
        return out

    @staticmethod
    def _worked_before_on(tl: Timeline, x: np.ndarray) -> np.ndarray:
        if tl.arrays is None:  # remade after each change of the lists
            tl.arrays = (np.asarray(tl.opens, dtype=float), np.asarray(tl.closes, dtype=float),
                         np.asarray(tl.cum, dtype=float))
        opens, closes, cum = tl.arrays
        i = np.searchsorted(opens, x, side="right") - 1
        j = np.maximum(i, 0)
        if not len(opens):
            return np.zeros(x.shape)
        close = closes[j]
        worked = cum[j] + (np.where(x < close, x, close) - opens[j])
        return np.where(i >= 0, worked, 0.0)

    def closed_days(self, first: date, last: date) -> dict[date, str]:
        """This calendar's closed dates (holidays, cuti bersama, extra) in [first, last]."""
        out = (
            closed_days(first, last, country=self.holidays, cuti_bersama=self.cuti_bersama)
            if self.holidays
            else {}
        )
        for day in self.extra_closed:
            if first <= day <= last:
                out.setdefault(day, "closed (extra_closed)")
        return dict(sorted(out.items()))

    # ------------------------------------------------------------------ internals

    def _worked_before(self, x: float) -> float:
        """Working seconds in [first midnight, x)."""
        tl = self._ensure(x)
        i = bisect.bisect_right(tl.opens, x) - 1
        if i < 0:
            return 0.0
        close = tl.closes[i]
        return tl.cum[i] + ((x if x < close else close) - tl.opens[i])

    def _ensure(self, t: float) -> Timeline:
        """The timeline that answers for ``t``: the main one (extended to cover ``t``, its
        window pruned after an extension) or, before its window, one rebuilt for ``t``."""
        tl = self._timeline
        if not math.isfinite(t):
            raise SimulationError(f"simulation time must be finite, got {t!r}")
        if t >= tl.covered:
            days = int((t - tl.covered) // DAY) + _EXTEND_DAYS
            self._extend(days)
        elif t < tl.valid_from:
            if t < tl.base:
                raise SimulationError(
                    f"time {t:g} s lies before the calendar's first day ({self.start.date()})"
                )
            return self._past(t)
        if tl.fast != tl.covered:  # extended since the last query: prune, then the shortcut
            self._prune(tl, t - _KEEP_DAYS * DAY)
            tl.fast = tl.covered
        return tl

    def _prune(self, tl: Timeline, cut: float) -> None:
        """Drop the periods that close before ``cut`` (never the last one)."""
        k = min(bisect.bisect_left(tl.closes, cut), len(tl.closes) - 1)
        if k < _PRUNE_MIN:
            return
        for seq in (tl.opens, tl.closes, tl.cum, tl.cum_end):
            del seq[:k]
        tl.valid_from = tl.opens[0]
        tl.arrays = None

    def _past(self, t: float) -> Timeline:
        """A timeline for ``t`` before the main one's window: kept from an earlier query,
        or rebuilt from the last mark at or before ``t`` (the same values: the extensions
        repeat the same float operations from the same state)."""
        main = self._timeline
        for n, tl in enumerate(main.past):
            if tl.valid_from <= t < tl.covered:
                if n:
                    main.past.insert(0, main.past.pop(n))
                # walked forward through the past (the export of a streamed run's log, in
                # time order), it keeps a window too: else it grows to the whole run
                self._prune(tl, t - _KEEP_DAYS * DAY)
                return tl
        assert main.marks is not None
        mark = main.marks[bisect.bisect_right(main.mark_from, t) - 1]
        tl = Timeline.resume(mark, main.base)
        while t >= tl.covered:
            self._extend(_EXTEND_DAYS, tl)
        main.past.insert(0, tl)
        del main.past[_PAST_KEEP:]
        return tl

    def _extend_for_work(self, t: float, tl: Timeline) -> None:
        if tl.covered - max(t, tl.base) > _MAX_YEARS_WITHOUT_WORK * 366 * DAY:
            raise SimulationError(
                f"the working calendar has no open time in the {_MAX_YEARS_WITHOUT_WORK} years"
                f" after {self.to_datetime(t):%Y-%m-%d %H:%M}"
            )
        self._extend(_EXTEND_DAYS, tl)

    def _closed(self, first: date, last: date) -> set[date]:
        closed = {d for d in self.extra_closed if first <= d <= last}
        if self.holidays:
            closed.update(
                closed_days(first, last, country=self.holidays, cuti_bersama=self.cuti_bersama)
            )
        return closed

    def _periods(self, day: date) -> Sequence[tuple[float, float]]:
        """The open periods of ``day`` (not a closed date): its weekday's (a calendar drawn
        at random, :class:`probisnis.sim.presence.PresenceCalendar`, draws them)."""
        return self.weekly[day.weekday()]

    def _extend(self, days: int, tl: Timeline | None = None) -> None:
        """Add ``days`` days of periods to ``tl`` (default: the main timeline, which
        records a mark of its state first)."""
        if tl is None:
            tl = self._timeline
        first = tl.next_day
        room = (date.max - first).days  # the calendar ends with 31 December 9999
        if room <= 0:
            raise SimulationError(
                "the simulation clock reached the end of the calendar (31 December 9999):"
                " work is still waiting then, because the queue grows without bound or the"
                " run is too long; simulate fewer cases or give a horizon"
            )
        days = min(days, room)
        last = first + timedelta(days=days - 1)
        closed = self._closed(first, last)
        opens, closes, cum, cum_end = tl.opens, tl.closes, tl.cum, tl.cum_end
        if tl.marks is not None:
            tail = (opens[-1], closes[-1], cum[-1], cum_end[-1]) if opens else None
            tl.marks.append((tail[0] if tail else tl.base, first, tl.covered, tail))
            tl.mark_from.append(tl.marks[-1][0])
            tl.fast = -math.inf
        tl.arrays = None
        offset = tl.covered
        day = first
        for _ in range(days):
            if day not in closed:
                for begin, end in self._periods(day):
                    o, c = offset + begin, offset + end
                    if closes and closes[-1] == o:  # touching: one longer period
                        closes[-1] = c
                        cum_end[-1] += end - begin
                    else:
                        total = cum_end[-1] if cum_end else 0.0
                        opens.append(o)
                        closes.append(c)
                        cum.append(total)
                        cum_end.append(total + (end - begin))
            day += timedelta(days=1)
            offset += DAY
        tl.next_day = day
        tl.covered = offset


class _AlwaysCalendar(WorkingCalendar):
    """24/7: working time is clock time."""

    def __init__(self) -> None:
        always: Weekly = tuple(((0.0, DAY),) for _ in range(7))
        object.__setattr__(self, "start", datetime(2000, 1, 1))
        object.__setattr__(self, "weekly", always)
        object.__setattr__(self, "holidays", None)
        object.__setattr__(self, "cuti_bersama", False)
        object.__setattr__(self, "extra_closed", frozenset())
        object.__setattr__(self, "horizon_days", 0)

    def __repr__(self) -> str:
        return "WorkingCalendar.always()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _AlwaysCalendar)

    def __hash__(self) -> int:
        return hash("WorkingCalendar.always")

    def is_working(self, t: float) -> bool:
        return True

    def next_working(self, t: float) -> float:
        return t

    def add_working(self, t: float, work: float) -> float:
        if work < 0:
            raise InvalidValueError(f"working time must not be negative, got {work!r}")
        return t + work

    def work_span(self, t: float, work: float) -> tuple[float, float]:
        if work < 0:
            raise InvalidValueError(f"working time must not be negative, got {work!r}")
        return t, t + work

    def working_between(self, a: float, b: float) -> float:
        return b - a if b > a else 0.0

    def working_between_many(self, a: Any, b: Any) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        return np.where(b > a, b - a, 0.0)

    def closed_days(self, first: date, last: date) -> dict[date, str]:
        return {}
