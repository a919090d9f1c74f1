"""Reading working-time specs: weekly periods, day names, times of day, dates.

Helpers of :class:`probisnis.sim.calendar.WorkingCalendar` (``from_spec`` and
``from_prosimos``); every bad value raises :class:`ScenarioError` naming the
file and the dotted key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from probisnis.errors import ScenarioError, say

__all__ = ["DAY_NAMES", "Weekly", "hours_of_week", "merge_periods", "parse_dates", "parse_time",
           "parse_weekly", "weekday_of"]

DAY = 86_400.0
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: the days' whole names, English and Indonesian, Monday first
_WHOLE_NAMES = (("monday", "senin"), ("tuesday", "selasa"), ("wednesday", "rabu"),
                ("thursday", "kamis"), ("friday", "jumat", "jum'at"), ("saturday", "sabtu"),
                ("sunday", "minggu", "ahad"))

Weekly = tuple[tuple[tuple[float, float], ...], ...]
"""Seven tuples (Monday first) of sorted, disjoint (begin, end) seconds after midnight."""

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")


def _parse_time(value: Any, *, key: str, path: str | None) -> float:
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        h, m, s = int(match[1]), int(match[2]), int(match[3] or 0)
        seconds = h * 3600 + m * 60 + s
        if m < 60 and s < 60 and seconds <= DAY:
            return float(seconds)
    hint = ""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}[.]\d{2}\s*", value):
        hint = f': pakai titik dua, "{value.strip().replace(".", ":")}"'
    raise ScenarioError(say(
        f'harus jam seperti "08:00" (00:00 sampai 24:00, dalam tanda kutip), bukan {value!r}'
        + hint,
        f'expected a time like "08:00" (00:00-24:00), got {value!r}'), path=path, element_id=key)


def weekday_of(name: str) -> int | None:
    """0 (Monday) ... 6 (Sunday) of a day name in English or Indonesian, whole or cut after
    three letters or more (``mon``, ``Monday``, ``tues``, ``sen``, ``Senin``, ``Jum'at``,
    ``Ahad``); None for anything else (``senen``, ``mo``)."""
    word = name.strip().lower()
    if len(word) < 3:
        return None
    for day, names in enumerate(_WHOLE_NAMES):
        if any(whole.startswith(word) for whole in names):
            return day
    return None


def _parse_days(value: Any, *, key: str, path: str | None) -> list[int]:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(say(
            f'harus hari seperti "senin-jumat", "mon-fri" atau "senin,rabu", bukan {value!r}',
            f'expected days like "mon-fri" or "mon,wed", got {value!r}'), path=path,
            element_id=key)
    out: list[int] = []
    for token in value.lower().replace(" ", "").split(","):
        ends = token.split("-")
        found = [weekday_of(e) for e in ends]
        if len(ends) > 2 or None in found:
            raise ScenarioError(say(
                f"hari {token!r} tidak dikenal: pakai nama hari Senin sampai Minggu "
                "(senin, selasa, rabu, kamis, jumat, sabtu, minggu, atau mon ... sun) dan "
                "rentang seperti senin-jumat",
                f"unknown day {token!r}: use mon, tue, wed, thu, fri, sat, sun"
                " (or senin ... minggu) and ranges like mon-fri"),
                path=path,
                element_id=key,
            )
        first, last = found[0], found[-1]
        assert first is not None and last is not None
        day = first
        while True:  # ranges wrap past Sunday: "fri-mon"
            out.append(day)
            if day == last:
                break
            day = (day + 1) % 7
    return out


def parse_weekly(value: Any, *, where: str, path: str | None) -> Weekly:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence) or not value:
        raise ScenarioError(say(
            "harus daftar periode yang tidak kosong, seperti"
            ' [{days = "mon-fri", from = "08:00", to = "12:00"}]',
            "expected a non-empty list of periods like"
            ' {days = "mon-fri", from = "08:00", to = "12:00"}'),
            path=path,
            element_id=where,
        )
    per_day: list[list[tuple[float, float]]] = [[] for _ in range(7)]
    for i, period in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(period, Mapping):
            raise ScenarioError(say(
                f'periode harus berupa tabel seperti {{days = "mon-fri", from = "08:00", '
                f'to = "12:00"}}, bukan {period!r}',
                f"a period must be a table, got {period!r}"), path=path, element_id=here)
        keys = set(period)
        if keys != {"days", "from", "to"}:
            raise ScenarioError(say(
                "periode berisi tepat kunci days, from, to;"
                f" tertulis {', '.join(sorted(map(str, keys))) or 'tidak ada'}",
                "a period has exactly the keys days, from, to;"
                f" got {', '.join(sorted(map(str, keys)))}"),
                path=path,
                element_id=here,
            )
        begin = _parse_time(period["from"], key=f"{here}.from", path=path)
        end = _parse_time(period["to"], key=f"{here}.to", path=path)
        if end <= begin:
            raise ScenarioError(say(
                f"'to' ({period['to']}) harus sesudah 'from' ({period['from']});"
                " periode yang melewati tengah malam dipecah menjadi dua",
                f"'to' ({period['to']}) must be after 'from' ({period['from']});"
                " split a period that crosses midnight in two"),
                path=path,
                element_id=here,
            )
        for day in _parse_days(period["days"], key=f"{here}.days", path=path):
            per_day[day].append((begin, end))
    return tuple(merge_periods(day) for day in per_day)


def hours_of_week(days: Any, begin: Any, end: Any, *, key: str, path: str | None,
                  names: tuple[str, str, str] = ("days", "from", "to")) -> list[int]:
    """The hours of the week (0: Monday 00:00-01:00, ..., 167) that ``days`` (``"mon-fri"``)
    from ``begin`` to ``end`` (whole hours, ``"24:00"`` or ``"00:00"`` for midnight at the
    end of the day) cover; errors name ``key.days``, ``key.from`` and ``key.to`` (or the
    keys ``names`` gives)."""
    first = _parse_time(begin, key=f"{key}.{names[1]}", path=path)
    last = _parse_time(end, key=f"{key}.{names[2]}", path=path) or DAY
    for side, value in ((names[1], first), (names[2], last)):
        if value % 3600:
            raise ScenarioError(say(
                "harus jam penuh seperti \"09:00\": peluang berlaku per jam",
                "must be a whole hour like \"09:00\": the probabilities hold per hour"),
                path=path, element_id=f"{key}.{side}")
    if last <= first:
        raise ScenarioError(say(
            f"'to' ({end}) harus sesudah 'from' ({begin})",
            f"'to' ({end}) must be after 'from' ({begin})"), path=path,
            element_id=f"{key}.{names[2]}")
    hours = range(int(first // 3600), int(last // 3600))
    return [day * 24 + h for day in _parse_days(days, key=f"{key}.{names[0]}", path=path)
            for h in hours]


def merge_periods(periods: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    merged: list[list[float]] = []
    for begin, end in sorted(periods):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return tuple((b, e) for b, e in merged)


def parse_dates(value: Any, *, where: str, path: str | None) -> frozenset[date]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ScenarioError(say(
            f'harus daftar tanggal seperti ["2025-01-02", "2025-05-01"], bukan {value!r}',
            f'expected a list of dates like "2025-01-02", got {value!r}'),
            path=path,
            element_id=where,
        )
    out = set()
    for i, item in enumerate(value):
        if isinstance(item, datetime):
            item = item.date()
        if isinstance(item, date):
            out.add(item)
            continue
        try:
            out.add(date.fromisoformat(item))
        except (TypeError, ValueError):
            raise ScenarioError(say(
                f'harus tanggal seperti "2025-01-02" (tahun-bulan-tanggal), bukan {item!r}'
                + _date_hint(item),
                f'expected a date like "2025-01-02", got {item!r}'),
                path=path,
                element_id=f"{where}[{i}]",
            ) from None
    return frozenset(out)


def _date_hint(item: object) -> str:
    """``"17-08-2025"`` or ``"17/08/2025"`` (day first): the same date as it must be written."""
    found = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*", item) \
        if isinstance(item, str) else None
    if found is None:
        return ""
    day, month, year = (int(x) for x in found.groups())
    try:
        return f': tulis "{date(year, month, day).isoformat()}"'
    except ValueError:
        return ""


def parse_time(value: Any, *, key: str, path: str | None) -> float:
    """Seconds after midnight of a time like ``"08:00"`` or ``"08:00:00"`` (up to 24:00)."""
    return _parse_time(value, key=key, path=path)
