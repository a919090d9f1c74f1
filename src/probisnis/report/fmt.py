"""Numbers, dates and durations as an Indonesian reader writes them (``1.234,5``,
``17 Agustus 2025``), through Babel's ``id`` locale."""

from __future__ import annotations

import math
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

__all__ = ["LOCALE", "date_id", "datetime_id", "duration_id", "number_id", "percent_id"]

LOCALE = "id_ID"


def number_id(value: float | None, decimals: int = 1) -> str:
    """``1234.5`` -> ``1.234,5``; a missing or infinite value -> ``-``."""
    if value is None or not math.isfinite(float(value)):
        return "-"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(float(value), format=pattern, locale=LOCALE)


def percent_id(fraction: float | None, decimals: int = 1) -> str:
    """``0.456`` -> ``45,6 %``."""
    if fraction is None or not math.isfinite(float(fraction)):
        return "-"
    return f"{number_id(100.0 * float(fraction), decimals)} %"


def date_id(value: date | datetime) -> str:
    """``2025-08-17`` -> ``17 Agustus 2025``."""
    return format_date(value, format="d MMMM y", locale=LOCALE)


def datetime_id(value: datetime) -> str:
    """``17 Agustus 2025 08.00``."""
    return format_datetime(value, format="d MMMM y HH.mm", locale=LOCALE)


def duration_id(working_seconds: float | None, hours_per_day: float) -> str:
    """Working seconds in the unit a reader expects: hari kerja, jam or menit."""
    if working_seconds is None or not math.isfinite(float(working_seconds)):
        return "-"
    s = float(working_seconds)
    day = hours_per_day * 3600.0
    if abs(s) >= day:
        return f"{number_id(s / day, 1)} hari kerja"
    if abs(s) >= 3600.0:
        return f"{number_id(s / 3600.0, 1)} jam"
    return f"{number_id(s / 60.0, 0)} menit"
