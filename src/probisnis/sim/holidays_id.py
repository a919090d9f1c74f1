"""Closed days of a working calendar: Indonesian public holidays and *cuti bersama*.

From the ``holidays`` package, imported only when a calendar names a country (start-up
time); each country and year is looked up once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

__all__ = ["closed_days", "country_code"]


@lru_cache(maxsize=16)
def country_code(code: str) -> str | None:
    """The ``holidays`` package's code of country ``code`` (``"ID"`` for ``"ID"``, ``"id"``,
    ``"IDN"`` or ``"Indonesia"``), or None when it has no calendar for it. Loads only the one
    country asked for (``list_supported_countries()`` would import every country's module:
    ~0.05 s of start-up), which the run needs anyway."""
    import holidays as holidays_lib  # only when a calendar has holidays (start-up time)

    for candidate in dict.fromkeys((code, code.upper())):
        try:
            return str(holidays_lib.country_holidays(candidate, years=()).country)
        except NotImplementedError:
            continue
    return None


@lru_cache(maxsize=256)
def _holiday_names(country: str, cuti_bersama: bool, year: int) -> Mapping[date, str]:
    import holidays as holidays_lib  # only when a calendar has holidays (start-up time)

    categories = (
        (holidays_lib.PUBLIC, holidays_lib.GOVERNMENT) if cuti_bersama else (holidays_lib.PUBLIC,)
    )
    table = holidays_lib.country_holidays(country, years=year, categories=categories)
    return dict(sorted(table.items()))


def closed_days(
    first: date, last: date, *, country: str = "ID", cuti_bersama: bool = True
) -> dict[date, str]:
    """Holidays (and, for Indonesia, *cuti bersama*) from ``first`` to ``last`` inclusive.

    Indonesia's public holidays are the ``holidays`` package's PUBLIC category;
    *cuti bersama* (joint leave days set each year by SKB 3 Menteri) are its
    GOVERNMENT category ("... Joint Holiday").
    """
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        for day, name in _holiday_names(country, cuti_bersama, year).items():
            if first <= day <= last:
                out[day] = name
    return out
