"""Pieces of a Prosimos file's calendars that several readers share: the resource calendars
by id (:func:`calendar_entries`, crisp or FUZZY) and the weekday range of a period as the
FUZZY and local-multitasking parsers read it (:func:`weekday_range`: no wrap past Sunday,
unlike the crisp calendars of :meth:`probisnis.sim.calendar.WorkingCalendar.from_prosimos`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probisnis.errors import say
from probisnis.sim.keyed import Keyed, short

__all__ = ["WEEKDAYS", "calendar_entries", "weekday_range"]

#: Prosimos's weekday names, Monday first
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


def calendar_entries(j: Keyed, doc: Mapping[str, Any]
                     ) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """``(key, entry, id)`` of each ``resource_calendars`` entry; an id given twice is
    refused at its second entry."""
    seen: set[str] = set()
    for i, item in enumerate(j.array(j.get(doc, "resource_calendars", ""), "resource_calendars")):
        key = f"resource_calendars[{i}]"
        item = j.table(item, key)
        cid = j.string(j.get(item, "id", key), f"{key}.id")
        if cid in seen:
            raise j.fail(f"{key}.id", say(f"id kalender {cid!r} tercantum dua kali",
                                          f"duplicate calendar id {cid!r}"))
        seen.add(cid)
        yield key, item, cid


def weekday_range(j: Keyed, period: Mapping[str, Any], here: str) -> tuple[int, int]:
    """The first and last weekday (0 = Monday) of ``period``'s ``from`` and ``to``."""
    days = []
    for side in ("from", "to"):
        name = j.string(j.get(period, side, here), f"{here}.{side}")
        if name not in WEEKDAYS:
            raise j.fail(f"{here}.{side}", say(
                f"harus nama hari Prosimos seperti \"MONDAY\", bukan {short(name)}",
                f"must be a Prosimos weekday like \"MONDAY\", got {short(name)}"))
        days.append(WEEKDAYS.index(name))
    if days[0] > days[1]:
        raise j.fail(f"{here}.to", say(
            "hari 'to' sebelum 'from': Prosimos tidak mendaftarkan apa pun untuk periode "
            "seperti ini (tidak melingkar melewati Minggu)",
            "'to' is before 'from': Prosimos registers nothing for such a period (it does "
            "not wrap past Sunday)"))
    return days[0], days[1]
