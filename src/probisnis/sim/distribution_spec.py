"""Reading a duration from a scenario TOML table: :func:`build_distribution`.

:func:`make_distribution` is the public name of :func:`build_distribution`; the families,
keys and units are documented in ``docs/distributions.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from probisnis.errors import InvalidValueError, ScenarioError, say
from probisnis.sim.bounds import MAX_SECONDS
from probisnis.sim.distributions import (
    UNIT_SECONDS,
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from probisnis.sim.keyed import Keyed, maksudnya, short, suggest

__all__ = ["LAW_KEYS", "build_distribution", "make_distribution"]

_KEYS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    # dist: (required, optional) besides "dist" and "unit"
    "fixed": (frozenset({"value"}), frozenset()),
    "uniform": (frozenset({"min", "max"}), frozenset()),
    "triangular": (frozenset({"min", "mode", "max"}), frozenset()),
    "exponential": (frozenset({"mean"}), frozenset({"min", "max"})),
    "normal": (frozenset({"mean", "sd"}), frozenset({"min", "max"})),
    "lognormal": (frozenset({"mean"}), frozenset({"sd", "variance", "min", "max"})),
    "gamma": (frozenset(), frozenset({"mean", "variance", "shape", "scale", "min", "max"})),
    "empirical": (frozenset({"values"}), frozenset()),
}
#: every law's parameters (what a duration table holds besides ``dist`` and ``unit``)
LAW_KEYS: frozenset[str] = frozenset().union(*(a | b for a, b in _KEYS.values()))


class _Spec:
    """One duration table read through :class:`Keyed`; keys are ``where.mean`` etc."""

    def __init__(self, spec: Mapping[str, Any], where: str, path: str | None, scale: float):
        self.spec, self.where, self.path, self.scale = spec, where, path, scale
        self.keyed = Keyed(path, where)

    def fail(self, message: str, key: str = "") -> ScenarioError:
        return self.keyed.fail(key, message)

    def number(self, key: str, *, scaled: bool = True, power: int = 1) -> float:
        value = self.keyed.number(self.spec[key], key, low=0.0)
        out = value * (self.scale**power if scaled else 1.0)
        if scaled and out > MAX_SECONDS**power:
            raise self.fail(say(f"{short(self.spec[key])} lebih panjang dari jangkauan kalender "
                                f"(paling lama {MAX_SECONDS:.3g} detik, sekitar 8000 tahun)",
                                f"{short(self.spec[key])} is longer than the calendars reach "
                                f"(at most {MAX_SECONDS:.3g} s, about 8000 years)"), key)
        return out

    def optional(self, key: str, default: float) -> float:
        return self.number(key) if key in self.spec else default

    def positive(self, key: str, *, scaled: bool = True, power: int = 1) -> float:
        value = self.number(key, scaled=scaled, power=power)
        if value <= 0:
            raise self.fail(say(f"harus lebih dari 0, bukan {short(self.spec[key])}",
                                f"must be greater than 0, got {short(self.spec[key])}"), key)
        return value

    def values(self) -> tuple[float, ...]:
        raw = self.keyed.array(self.spec["values"], "values", empty=False)
        out = []
        for i, value in enumerate(raw):
            v = self.keyed.number(value, f"values[{i}]", low=0.0) * self.scale
            if v > MAX_SECONDS:
                raise self.fail(say(f"{short(value)} lebih panjang dari jangkauan kalender",
                                    f"{short(value)} is longer than the calendars reach"),
                                f"values[{i}]")
            out.append(v)
        return tuple(out)


def build_distribution(
    spec: Mapping[str, Any],
    *,
    where: str,
    path: str | None = None,
    hours_per_day: float = 7.5,
) -> Distribution:
    """Build a :class:`Distribution` from a scenario TOML table.

    ``spec["dist"]`` names the family (see ``docs/distributions.md``);
    ``spec["unit"]`` is ``s`` (default), ``min``, ``h`` or ``d`` (one working
    day of ``hours_per_day`` hours) and scales every time parameter (variance
    by the unit squared; gamma ``shape`` is unitless). Bad input raises
    :class:`ScenarioError` with ``path`` and ``element_id=where`` (the dotted
    TOML key, e.g. ``tasks.T_review.duration``).
    """
    if not isinstance(spec, Mapping):
        raise ScenarioError(say(
            f'durasi harus berupa tabel seperti {{dist = "fixed", value = 2, unit = "h"}}, '
            f"bukan {short(spec)}",
            f'a duration must be a table like {{dist = "fixed", value = 1}}, got {spec!r}'),
            path=path,
            element_id=where,
        )
    dist = spec.get("dist")
    if not isinstance(dist, str) or dist not in _KEYS:
        near = suggest(dist, _KEYS) if isinstance(dist, str) else ""
        raise ScenarioError(say(
            "tidak ada kunci 'dist'" if dist is None else f"'dist' = {short(dist)} tidak dikenal",
            f"'dist' must be one of {', '.join(sorted(_KEYS))}, got {dist!r}")
            + maksudnya(near) + say(
            f" (pilih salah satu: {', '.join(sorted(_KEYS))}; lihat docs/distributions.md)", ""),
            path=path,
            element_id=where,
        )
    unit = spec.get("unit", "s")
    if unit == "d":
        if not (isinstance(hours_per_day, int | float) and 0 < hours_per_day <= 24):
            raise ScenarioError(say(f"hours_per_day harus > 0, bukan {hours_per_day!r}",
                                    f"hours_per_day must be > 0, got {hours_per_day!r}"),
                                path=path)
        scale = hours_per_day * 3600.0
    elif isinstance(unit, str) and unit in UNIT_SECONDS:
        scale = UNIT_SECONDS[unit]
    else:
        raise ScenarioError(say(
            f"'unit' harus salah satu dari s (detik), min (menit), h (jam), d (hari kerja), "
            f"bukan {short(unit)}", f"'unit' must be one of s, min, h, d, got {unit!r}"),
            path=path, element_id=where)
    required, optional = _KEYS[dist]
    keys = set(spec) - {"dist", "unit"}
    unknown = keys - required - optional
    if unknown:
        allowed = ", ".join(sorted(required | optional))
        first = sorted(map(str, unknown))[0]
        near = suggest(first, required | optional)
        raise ScenarioError(say(
            f'kunci {", ".join(sorted(map(str, unknown)))} tidak dikenal untuk dist = "{dist}"',
            f'unknown key(s) {", ".join(sorted(unknown))} for dist = "{dist}"')
            + maksudnya(near, quote=False)
            + say(f" (yang dikenal: {allowed}, dist, unit)", f" (allowed: {allowed})"),
            path=path,
            element_id=where,
        )
    missing = required - keys
    if missing:
        raise ScenarioError(say(
            f'dist = "{dist}" memerlukan {", ".join(sorted(missing))}',
            f'dist = "{dist}" needs {", ".join(sorted(missing))}'), path=path, element_id=where)
    reader = _Spec(spec, where, path, scale)
    try:
        return _build(dist, reader)
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        # a window with no mass, inconsistent parameters, moments beyond float range
        message = exc.message if isinstance(exc, InvalidValueError) else \
            say(f"parameter tidak cocok: {exc or type(exc).__name__}",
                str(exc) or type(exc).__name__)
        raise reader.fail(message) from None


def _bounds(reader: _Spec) -> tuple[float, float]:
    low = reader.optional("min", 0.0)
    high = reader.optional("max", math.inf)
    if low > high:
        raise reader.fail(say(
            f"'min' ({reader.spec['min']}) tidak boleh lebih dari 'max' ({reader.spec['max']})",
            f"'min' ({reader.spec['min']}) must not exceed 'max' ({reader.spec['max']})"))
    return low, high


def _build(dist: str, r: _Spec) -> Distribution:
    if dist == "fixed":
        return Fixed(r.number("value"))
    if dist == "empirical":
        return Empirical(r.values())
    if dist == "uniform":
        low, high = _bounds(r)
        return Uniform(low, high)
    if dist == "triangular":
        low, high = _bounds(r)
        mode = r.number("mode")
        if not low <= mode <= high:
            raise r.fail(say(f"'mode' ({r.spec['mode']}) harus di antara 'min' dan 'max'",
                             f"'mode' ({r.spec['mode']}) must lie between 'min' and 'max'"))
        return Triangular(low, mode, high)
    if dist == "exponential":
        low, high = _bounds(r)
        mean = r.positive("mean")
        if mean <= low:
            raise r.fail(say(f"'mean' ({r.spec['mean']}) harus lebih dari 'min' "
                             f"({r.spec['min']})",
                             f"'mean' ({r.spec['mean']}) must exceed 'min' ({r.spec['min']})"))
        return Exponential(scale=mean - low, loc=low, low=low, high=high)
    if dist == "normal":
        low, high = _bounds(r)
        return Normal(r.number("mean"), r.number("sd"), low, high)
    if dist == "lognormal":
        low, high = _bounds(r)
        mean = r.positive("mean")
        if ("sd" in r.spec) == ("variance" in r.spec):
            raise r.fail(say('dist = "lognormal" memerlukan tepat satu dari sd atau variance',
                             'dist = "lognormal" needs exactly one of sd, variance'))
        variance = r.number("sd") ** 2 if "sd" in r.spec else r.number("variance", power=2)
        if variance == 0:
            return Fixed(mean) if low <= mean <= high else _empty(r, low, high)
        return LogNormal.from_mean_variance(mean, variance, low, high)
    # gamma
    low, high = _bounds(r)
    by_moments = {"mean", "variance"} <= set(r.spec)
    by_shape = {"shape", "scale"} <= set(r.spec)
    if by_moments == by_shape or len({"mean", "variance", "shape", "scale"} & set(r.spec)) != 2:
        raise r.fail(say('dist = "gamma" memerlukan mean dan variance, atau shape dan scale '
                         "(salah satu pasangan saja)",
                         'dist = "gamma" needs either mean and variance, or shape and scale'))
    if by_moments:
        return Gamma.from_mean_variance(
            r.positive("mean"), r.positive("variance", power=2), low, high
        )
    return Gamma(r.positive("shape", scaled=False), r.positive("scale"), low, high)


def _empty(r: _Spec, low: float, high: float) -> Distribution:
    raise r.fail(say(f"batas [{low:g}, {high:g}] detik tidak memuat peluang apa pun dari "
                     "distribusi ini: lebarkan min/max",
                     f"the bounds [{low:g}, {high:g}] s hold no probability of this "
                     "distribution"))


#: the public name (``probisnis.make_distribution``)
make_distribution = build_distribution
