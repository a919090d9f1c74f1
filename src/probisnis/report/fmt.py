"""Numbers, dates and durations as an Indonesian reader writes them (``1.234,5``,
``17 Agustus 2025``): the project's Babel formatting (:mod:`probisnis.present.numbers`)
under the names the report uses, plus durations in working time."""

from __future__ import annotations

import math
from datetime import date, datetime

from babel.dates import format_datetime

from probisnis.present.numbers import angka, persen, tanggal

__all__ = ["date_id", "datetime_id", "duration_id", "number_id", "percent_id"]


def number_id(value: float | None, decimals: int = 1) -> str:
    """``1234.5`` -> ``1.234,5``; a missing or infinite value -> ``–``."""
    return angka(value, decimals)


def percent_id(fraction: float | None, decimals: int = 1) -> str:
    """``0.456`` -> ``45,6%``."""
    return persen(fraction, decimals)


def date_id(value: date | datetime) -> str:
    """``2025-08-17`` -> ``17 Agustus 2025``."""
    return tanggal(value.date() if isinstance(value, datetime) else value)


def datetime_id(value: datetime) -> str:
    """``17 Agustus 2025 08.00``."""
    return format_datetime(value, format="d MMMM y HH.mm", locale="id_ID")


def duration_id(working_seconds: float | None, hours_per_day: float) -> str:
    """Working seconds in the unit a reader expects: hari kerja, jam or menit."""
    if working_seconds is None or not math.isfinite(float(working_seconds)):
        return angka(None)
    s = float(working_seconds)
    day = hours_per_day * 3600.0
    if abs(s) >= day:
        return f"{number_id(s / day, 1)} hari kerja"
    if abs(s) >= 3600.0:
        return f"{number_id(s / 3600.0, 1)} jam"
    return f"{number_id(s / 60.0, 0)} menit"
