"""Numbers, dates and durations as a person reads them: Bahasa Indonesia first.

Every formatter takes ``lang`` (``"id"`` default, or ``"en"``) and follows the locale rules of
CLDR as Babel applies them: ``angka(1234.5, digits=1)`` is ``"1.234,5"`` in Indonesian and
``"1,234.5"`` in English. Missing values (``None``, NaN, infinities) print as :data:`MISSING`.

The two patterns used here (a grouped number with fixed decimals, ``d MMMM y``) are written
out with CLDR's symbols and month names for the two languages instead of calling Babel:
loading Babel and its locale data costs about 30 ms at every start of the command line,
a tenth of a whole ``simulate``. ``tests/test_present.py`` checks both against Babel
(``format_decimal``, ``format_date``) value by value; other patterns (``report/fmt.py``'s
date and time) still call Babel.

>>> angka(1234.5, digits=1)
'1.234,5'
>>> angka(1234.5, digits=1, lang="en")
'1,234.5'
>>> persen(0.553)
'55,3%'
>>> rupiah(32480000)
'Rp32.480.000'
>>> import datetime
>>> tanggal(datetime.date(2025, 8, 17))
'17 Agustus 2025'
>>> tanggal(datetime.date(2025, 8, 17), lang="en")
'17 August 2025'
>>> durasi(5400)
'1 jam 30 menit'
>>> hari(3.25, digits=1)
'3,2 hari'
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal
from typing import Literal

from probisnis.errors import UsageError

__all__ = [
    "LANGS",
    "MISSING",
    "Lang",
    "angka",
    "check_lang",
    "durasi",
    "hari",
    "persen",
    "rentang",
    "rupiah",
    "tanggal",
]

Lang = Literal["id", "en"]

#: languages the formatters (and :mod:`probisnis.present.labels`) know
LANGS: tuple[str, ...] = ("id", "en")

#: what a missing value prints as
MISSING = "–"

#: Babel locale of each language (the CLDR data below is theirs)
_LOCALE = {"id": "id_ID", "en": "en_GB"}

#: CLDR's group and decimal symbols of each locale (grouping by three in both)
_SYMBOLS = {"id": (".", ","), "en": (",", ".")}

#: CLDR's month names (format context, wide) of each locale
_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

_WORDS = {
    "id": {"day": "hari", "hour": "jam", "minute": "menit", "second": "detik", "to": "–"},
    "en": {"day": "d", "hour": "h", "minute": "min", "second": "s", "to": "–"},
}


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else a :class:`UsageError` naming the choices."""
    if lang not in _LOCALE:
        raise UsageError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    return lang


def _finite(value: float | None) -> bool:
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def _decimal(value: float, digits: int, lang: str) -> str:
    """Babel's ``format_decimal(value, format="#,##0.00...", locale=...)``, step by step
    (``NumberPattern.apply``): the number's shortest text as a Decimal, rounded half to
    even to ``digits`` decimals, its integer part grouped by three."""
    if digits < 0:
        raise UsageError(f"digits must be >= 0, got {digits}")
    group, point = _SYMBOLS[check_lang(lang)]
    number = Decimal(str(value))
    sign = "-" if number.is_signed() else ""
    rounded = abs(number).normalize().quantize(Decimal(10) ** -digits)
    whole, _, frac = f"{rounded:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return f"{sign}{grouped}{point}{frac}" if digits else f"{sign}{grouped}"


def angka(value: float | None, digits: int = 0, *, lang: str = "id") -> str:
    """``value`` with thousands separators and exactly ``digits`` decimals (half to even)."""
    if not _finite(value):
        return MISSING
    assert value is not None
    text = _decimal(value, digits, lang)
    # "-0" and "-0,0" read as a sign error: a value that rounds to zero is zero
    return text.lstrip("-") if text.lstrip("-").strip("0.,") == "" else text


def persen(fraction: float | None, digits: int = 1, *, lang: str = "id") -> str:
    """A fraction (0.553) as a percentage (``"55,3%"``)."""
    if not _finite(fraction):
        return MISSING
    assert fraction is not None
    return angka(100 * fraction, digits, lang=lang) + "%"


def rupiah(amount: float | None, digits: int = 0, *, lang: str = "id") -> str:
    """An amount in rupiah: ``"Rp32.480.000"`` (``"IDR 32,480,000"`` in English, as CLDR
    writes the code before the amount)."""
    if not _finite(amount):
        return MISSING
    assert amount is not None
    number = angka(amount, digits, lang=lang)
    return f"Rp{number}" if check_lang(lang) == "id" else f"IDR {number}"


def tanggal(day: _dt.date | _dt.datetime, *, lang: str = "id") -> str:
    """A date written out: ``"17 Agustus 2025"`` (``"17 August 2025"``)."""
    if isinstance(day, _dt.datetime):
        day = day.date()
    return f"{day.day} {_MONTHS[check_lang(lang)][day.month - 1]} {day.year}"


def hari(days: float | None, digits: int = 1, *, lang: str = "id") -> str:
    """A number of days with its unit: ``"3,2 hari"`` (``"3.2 d"``)."""
    if not _finite(days):
        return MISSING
    return f"{angka(days, digits, lang=lang)} {_WORDS[lang]['day']}"


def durasi(seconds: float | None, *, lang: str = "id", day_seconds: float = 86400.0) -> str:
    """A duration in its two largest units: ``"2 hari 3 jam"``, ``"1 jam 30 menit"``.

    ``day_seconds`` is the length of a day (7.5 h for a working day). Rounded to whole
    minutes above an hour, to whole seconds below.
    """
    if not _finite(seconds):
        return MISSING
    assert seconds is not None
    words = _WORDS[check_lang(lang)]
    sign = "-" if seconds < 0 else ""
    left = abs(seconds)
    if round(left) < 60:  # 59.6 s is "1 menit", not "60 detik"
        return f"{sign}{angka(left, 0, lang=lang)} {words['second']}"
    minutes = round(left / 60)
    day_minutes = day_seconds / 60
    days = int(minutes // day_minutes)
    minutes_left = minutes - days * day_minutes
    hours, mins = divmod(round(minutes_left), 60)
    parts = [(days, words["day"]), (hours, words["hour"]), (mins, words["minute"])]
    while parts and parts[0][0] == 0:
        parts.pop(0)
    shown = [f"{angka(n, 0, lang=lang)} {w}" for n, w in parts[:2] if n]
    return sign + " ".join(shown)


def rentang(low: float | None, high: float | None, digits: int = 1, *, lang: str = "id") -> str:
    """A range of two numbers: ``"2,5–3,1"``."""
    if not (_finite(low) and _finite(high)):
        return MISSING
    return f"{angka(low, digits, lang=lang)}{_WORDS[lang]['to']}{angka(high, digits, lang=lang)}"
