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
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from probisnis.present.labels import UNITS, to_display
from probisnis.present.numbers import MISSING, angka, rupiah

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BOUNDS", "MARK", "Estimate", "clip_ci", "clip_interval", "clipped_records",
           "estimate"]

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


def clip_interval(mean: float, low: float, high: float, unit: str
                  ) -> tuple[float, float, bool]:
    """``(low, high, clipped)``: the interval ``[low, high]`` of ``mean`` (machine ``unit``)
    cut to the unit's :data:`BOUNDS`, and whether it reached past one (NaN stays NaN)."""
    low_bound, high_bound = BOUNDS.get(str(unit), (-math.inf, math.inf))
    mean, low, high = float(mean), float(low), float(high)
    scale = max(abs(mean), 1.0) * _SLACK if not math.isnan(mean) else math.nan
    clipped = low < low_bound - scale or high > high_bound + scale
    if not low >= low_bound and not math.isnan(low):
        low = low_bound
    if not high <= high_bound and not math.isnan(high):
        high = high_bound
    return low, high, bool(clipped)


def _unit(name: Any, scope: Any, unit: Any, multitask: Collection[str]) -> str:
    """The unit whose bounds apply: a multitasking pool's utilisation has no upper bound
    (its people may hold several tasks at once; their time is added up)."""
    return "s" if name == "utilization" and scope in multitask else str(unit)


def clip_ci(table: pd.DataFrame, *, multitask: Collection[str] = ()) -> pd.DataFrame:
    """``table`` (columns ``name``, ``scope``, ``mean``, ``ci_low``, ``ci_high``, ``unit``)
    with each interval clipped to its unit's :data:`BOUNDS` (:func:`clip_interval`; the
    utilisation of the pools in ``multitask`` only at 0) and a boolean ``ci_clipped``
    column."""
    import numpy as np

    out = table.copy()
    names = out["name"] if "name" in out else [None] * len(out)
    scopes = out["scope"] if "scope" in out else [None] * len(out)
    cut = [clip_interval(m, lo, hi, _unit(n, sc, u, multitask)) for n, sc, m, lo, hi, u in zip(
        names, scopes, out["mean"], out["ci_low"], out["ci_high"], out["unit"], strict=True)]
    out["ci_low"] = np.array([c[0] for c in cut], dtype=float)
    out["ci_high"] = np.array([c[1] for c in cut], dtype=float)
    out["ci_clipped"] = np.array([c[2] for c in cut], dtype=bool)
    return out


def clipped_records(rows: Iterable[tuple[Any, ...]], *, multitask: Collection[str] = ()
                    ) -> list[dict[str, Any]]:
    """KPI records given as tuples ``(name, scope, mean, ci_low, ci_high, unit)`` (as
    :func:`probisnis.sim.stats.summary_rows` gives them) as dicts, each interval clipped as
    :func:`clip_ci` does: the rows of ``clip_ci(summarize(...)).to_dict("records")``."""
    out = []
    for name, scope, mean, low, high, unit in rows:
        lo, hi, clipped = clip_interval(mean, low, high, _unit(name, scope, unit, multitask))
        out.append({"name": name, "scope": scope, "mean": float(mean), "ci_low": lo,
                    "ci_high": hi, "unit": unit, "ci_clipped": clipped})
    return out


def _number(value: float, unit: str, digits: int, lang: str) -> str:
    if unit == "rupiah":
        return rupiah(value, digits, lang=lang)
    text = angka(value, digits, lang=lang)
    return text + "%" if unit == "percent" and text != MISSING else text


def estimate(mean: float, low: float, high: float, unit: str, *, digits: int = 1,
             lang: str = "id", hours_per_day: float = 7.5, clipped: bool = False,
             bounds: tuple[float, float] | None = None) -> Estimate:
    """``mean`` (machine units) shown in the display ``unit`` (a :data:`UNITS` key) with
    ``±`` the half-width of ``[low, high]``; with :data:`MARK` instead when the interval
    crosses the unit's physical bound or was already ``clipped`` to it (:func:`clip_ci`);
    the mean alone when there is no interval. ``bounds`` (machine units) replaces the
    unit's :data:`BOUNDS` (a multitasking pool's utilisation: ``(0, inf)``)."""
    u = UNITS[unit]

    def show(value: float) -> float:
        return to_display(value, u.machine, unit, hours_per_day=hours_per_day)

    if mean is None or not math.isfinite(mean):
        return Estimate(MISSING, False)
    text = _number(show(mean), unit, digits, lang)
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return Estimate(text, False)
    lo_bound, hi_bound = bounds or BOUNDS.get(u.machine, (-math.inf, math.inf))
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
