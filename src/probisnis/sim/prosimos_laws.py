"""Prosimos duration laws: pix_framework's parametrisations as :class:`Distribution` objects.

:func:`prosimos_distribution` reads one ``{"distribution_name", "distribution_params"}``
object of a Prosimos JSON (task durations, arrivals, event durations); errors name the JSON
path. Re-exported by :mod:`probisnis.sim.prosimos`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from probisnis.errors import InvalidValueError, say
from probisnis.sim.bounds import MAX_SECONDS
from probisnis.sim.distributions import (
    Distribution,
    Exponential,
    Fixed,
    Gamma,
    Histogram,
    LogNormal,
    Normal,
    Uniform,
)
from probisnis.sim.keyed import Keyed, maksudnya, suggest

__all__ = ["prosimos_distribution"]

_PARAM_COUNT = {"fix": 1, "uniform": 2, "expon": 3, "norm": 4, "lognorm": 4, "gamma": 4}


def prosimos_distribution(spec: Any, *, where: str, path: str | None = None) -> Distribution:
    """The :class:`Distribution` of a Prosimos ``{"distribution_name", "distribution_params"}``.

    Mirrors pix_framework 0.15 ``DurationDistribution.from_dict`` +
    ``generate_sample``: ``fix [value]``, ``uniform [min, max]``,
    ``expon [mean, min, max]`` (``min`` is the loc; scale ``mean - min``, or
    ``mean`` when ``mean < min``), ``norm [mean, sd, min, max]``,
    ``lognorm``/``gamma [mean, variance, min, max]``; negative values and values
    outside [min, max] are redrawn, i.e. the law is truncated to
    [max(min, 0), max].
    """
    j = Keyed(path, json=True)
    spec = j.table(spec, where)
    name = j.string(j.get(spec, "distribution_name", where), f"{where}.distribution_name")
    if name == "histogram_sampling":
        return _histogram(j, spec, where)
    if name not in _PARAM_COUNT:
        near = suggest(name, [*_PARAM_COUNT, "histogram_sampling"]) \
            if isinstance(name, str) else ""
        raise j.fail(f"{where}.distribution_name", say(
            f"distribusi {name!r} tidak didukung", f"unsupported distribution {name!r}")
            + maksudnya(near) + say(
            f" (yang didukung: {', '.join(_PARAM_COUNT)}, histogram_sampling)",
            f" (supported: {', '.join(_PARAM_COUNT)}, histogram_sampling)"))
    key = f"{where}.distribution_params"
    raw = j.array(j.get(spec, "distribution_params", where), key)
    if len(raw) < _PARAM_COUNT[name]:
        raise j.fail(key, say(f"{name} memerlukan {_PARAM_COUNT[name]} parameter, tertulis "
                              f"{len(raw)}",
                              f"{name} needs {_PARAM_COUNT[name]} parameters, got {len(raw)}"))
    p = []
    for i in range(_PARAM_COUNT[name]):
        item = j.table(raw[i], f"{key}[{i}]")
        value = j.get(item, "value", f"{key}[{i}]")
        p.append(j.number(value, f"{key}[{i}].value", low=None, text=True))

    def bounds(lo: int, hi: int) -> tuple[float, float]:
        low, high = p[lo], p[hi]
        if high < max(low, 0.0):
            raise j.fail(key, say(f"max ({high:g}) lebih kecil dari min ({max(low, 0.0):g})",
                                  f"max ({high:g}) is below min ({max(low, 0.0):g})"))
        return max(low, 0.0), high

    try:
        if name == "fix":
            if p[0] < 0:
                raise j.fail(key, say(f"durasi tetap harus >= 0, bukan {p[0]:g}",
                                      f"a fixed duration must be >= 0, got {p[0]:g}"))
            return Fixed(p[0])
        if name == "uniform":
            low, high = bounds(0, 1)
            return Uniform(low, high)
        if name == "expon":
            mean, loc = p[0], p[1]
            scale = mean - loc if mean >= loc else mean
            if scale <= 0:
                raise j.fail(key, say(f"expon memerlukan mean > 0 dan mean != min, bukan mean "
                                      f"{mean:g}", f"expon needs mean > 0 and mean != min, "
                                      f"got mean {mean:g}"))
            low, high = bounds(1, 2)
            return Exponential(scale=scale, loc=loc, low=low, high=high)
        if name == "norm":
            if p[1] < 0:
                raise j.fail(f"{key}[1].value", say(
                    f"simpangan baku harus >= 0, bukan {p[1]:g}",
                    f"the standard deviation must be >= 0, got {p[1]:g}"))
            low, high = bounds(2, 3)
            return Normal(p[0], p[1], low, high)
        mean, variance = p[0], p[1]
        if mean <= 0 or variance <= 0:
            raise j.fail(key, say(f"{name} memerlukan mean > 0 dan variance > 0, bukan {mean:g}, "
                                  f"{variance:g}", f"{name} needs mean > 0 and variance > 0, "
                                  f"got {mean:g}, {variance:g}"))
        low, high = bounds(2, 3)
        if name == "lognorm":
            return LogNormal.from_mean_variance(mean, variance, low, high)
        return Gamma.from_mean_variance(mean, variance, low, high)
    except ValueError as exc:  # bounds holding no probability
        raise j.fail(key, exc.message if isinstance(exc, InvalidValueError) else
                     say(f"parameter tidak cocok: {exc}", str(exc))) from None


def _histogram(j: Keyed, spec: Mapping[str, Any], where: str) -> Distribution:
    """Prosimos's ``histogram_sampling``: ``histogram_data`` with ``cdf`` and
    ``bin_midpoints`` (Prosimos reads it for the arrival law)."""
    key = f"{where}.histogram_data"
    data = j.table(j.get(spec, "histogram_data", where), key)
    cdf = j.array(j.get(data, "cdf", key), f"{key}.cdf", empty=False)
    mids = j.array(j.get(data, "bin_midpoints", key), f"{key}.bin_midpoints", empty=False)
    if len(cdf) != len(mids):
        raise j.fail(key, say(f"cdf berisi {len(cdf)} nilai, bin_midpoints {len(mids)}: "
                              "keduanya harus sama banyak",
                              f"cdf has {len(cdf)} entries, bin_midpoints {len(mids)}"))
    values = tuple(j.number(v, f"{key}.bin_midpoints[{i}]", high=MAX_SECONDS, text=True)
                   for i, v in enumerate(mids))
    probs = tuple(j.number(v, f"{key}.cdf[{i}]", high=1.0, text=True)
                  for i, v in enumerate(cdf))
    try:
        return Histogram(values, probs)
    except ValueError as exc:
        raise j.fail(f"{key}.cdf", exc.message if isinstance(exc, InvalidValueError) else
                     say(f"parameter tidak cocok: {exc}", str(exc))) from None
