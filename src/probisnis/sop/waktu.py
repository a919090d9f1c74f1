"""The Waktu column of an SOP: working time as text (``2 hari kerja``, ``3 jam``, ``30 menit``)."""

from __future__ import annotations

import re

from probisnis.errors import UsageError
from probisnis.present.numbers import angka

__all__ = ["format_waktu", "parse_waktu"]

_UNITS = {"hari": "d", "hari kerja": "d", "hk": "d", "jam": "h", "jam kerja": "h",
          "menit": "min", "mnt": "min"}
_WAKTU = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([a-z ]+?)\s*$", re.IGNORECASE)


def format_waktu(seconds: float | None, hours_per_day: float = 7.5) -> str:
    """Working seconds as the SOP writes them; ``None`` -> ``""``."""
    if seconds is None:
        return ""
    day = hours_per_day * 3600.0
    if seconds >= day:
        return f"{angka(seconds / day, 1)} hari kerja".replace(",0 ", " ")
    if seconds >= 3600.0:
        return f"{angka(seconds / 3600.0, 1)} jam".replace(",0 ", " ")
    return f"{angka(seconds / 60.0, 0)} menit"


def parse_waktu(text: str, hours_per_day: float = 7.5) -> float:
    """``2 hari kerja`` / ``1,5 jam`` / ``30 menit`` -> working seconds; ValueError-free:
    raises :class:`UsageError` with the text when it is not a duration."""
    m = _WAKTU.match(text or "")
    unit = " ".join(m.group(2).lower().split()) if m else ""
    if not m or unit not in _UNITS:
        raise UsageError(f"Waktu {text!r} bukan durasi seperti '2 hari kerja', '3 jam', "
                         "'30 menit'")
    value = float(m.group(1).replace(",", "."))
    return value * {"d": hours_per_day * 3600.0, "h": 3600.0, "min": 60.0}[_UNITS[unit]]
