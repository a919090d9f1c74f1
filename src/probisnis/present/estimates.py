"""Estimates with their uncertainty: ``mean ± half-width``, kept inside physical bounds.

A Student-t interval over few replications can cross a bound the quantity cannot cross (a
negative waiting time, a utilisation above 100 %). Such an interval says "not enough
replications", not "the time may be negative": :func:`clip_ci` clips the interval of a KPI
table to its unit's :data:`BOUNDS` and marks the row ``ci_clipped``; :func:`estimate` prints
the mean with a :data:`MARK` instead of a misleading ``±``, and the report explains the mark.

>>> estimate(151_740, 108_540, 194_940, "working_day", digits=2)  # seconds in, hari kerja out
Estimate(text='5,62 ±1,60', crossed=False)
>>> estimate(0.55, -0.76, 1.86, "percent", digits=1)
Estimate(text='55,0% *', crossed=True)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from probisnis.present.labels import UNITS, to_display
from probisnis.present.numbers import MISSING, angka, rupiah

__all__ = ["BOUNDS", "MARK", "Estimate", "clip_ci", "estimate"]

#: machine unit -> (lowest, highest) value the quantity can physically take
BOUNDS: dict[str, tuple[float, float]] = {
    "s": (0.0, math.inf),
    "fraction": (0.0, 1.0),
    "IDR": (0.0, math.inf),
    "cases": (0.0, math.inf),
    "cases/day": (0.0, math.inf),
    "instances": (0.0, math.inf),
}

#: printed after a mean whose confidence interval crosses a physical bound
MARK = "*"

#: how far past a bound an interval must reach to count as crossing it (rounding noise)
_SLACK = 1e-9


class Estimate(NamedTuple):
    """A formatted estimate and whether its interval crossed a physical bound."""

    text: str
    crossed: bool


def clip_ci(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (columns ``mean``, ``ci_low``, ``ci_high``, ``unit``) with each interval
    clipped to its unit's :data:`BOUNDS` and a boolean ``ci_clipped`` column."""
    out = table.copy()
    low_bound = out["unit"].map(lambda u: BOUNDS.get(str(u), (-math.inf, math.inf))[0])
    high_bound = out["unit"].map(lambda u: BOUNDS.get(str(u), (-math.inf, math.inf))[1])
    low, high = out["ci_low"].astype(float), out["ci_high"].astype(float)
    scale = out["mean"].abs().clip(lower=1.0) * _SLACK
    clipped = (low < low_bound - scale) | (high > high_bound + scale)
    out["ci_low"] = low.where(low >= low_bound, low_bound.where(low.notna()))
    out["ci_high"] = high.where(high <= high_bound, high_bound.where(high.notna()))
    out["ci_clipped"] = clipped.fillna(False).astype(bool)
    return out


def _number(value: float, unit: str, digits: int, lang: str) -> str:
    if unit == "rupiah":
        return rupiah(value, digits, lang=lang)
    text = angka(value, digits, lang=lang)
    return text + "%" if unit == "percent" and text != MISSING else text


def estimate(mean: float, low: float, high: float, unit: str, *, digits: int = 1,
             lang: str = "id", hours_per_day: float = 7.5, clipped: bool = False) -> Estimate:
    """``mean`` (machine units) shown in the display ``unit`` (a :data:`UNITS` key) with
    ``±`` the half-width of ``[low, high]``; with :data:`MARK` instead when the interval
    crosses the unit's physical bound or was already ``clipped`` to it (:func:`clip_ci`);
    the mean alone when there is no interval."""
    u = UNITS[unit]

    def show(value: float) -> float:
        return to_display(value, u.machine, unit, hours_per_day=hours_per_day)

    if mean is None or not math.isfinite(mean):
        return Estimate(MISSING, False)
    text = _number(show(mean), unit, digits, lang)
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return Estimate(text, False)
    lo_bound, hi_bound = BOUNDS.get(u.machine, (-math.inf, math.inf))
    slack = max(1.0, abs(mean)) * _SLACK
    if clipped or low < lo_bound - slack or high > hi_bound + slack:
        inside = (max(low, lo_bound), min(high, hi_bound))
        if all(_number(show(v), unit, digits, lang) == text for v in inside):
            return Estimate(text, False)  # the whole interval rounds to the mean shown
        return Estimate(f"{text} {MARK}", True)
    half = show((high - low) / 2)
    shown_half = _number(half, unit, digits, lang)
    if not any(c in "123456789" for c in shown_half):  # rounds to zero: no interval to show
        return Estimate(text, False)
    return Estimate(f"{text} ±{shown_half}", False)
