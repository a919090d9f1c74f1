"""Reading a duration from a scenario TOML table: :func:`build_distribution`.

:func:`make_distribution` is the public name of :func:`build_distribution`; the families,
keys and units are documented in ``docs/distributions.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from probisnis.errors import ScenarioError
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
from probisnis.sim.keyed import Keyed, short

__all__ = ["build_distribution", "make_distribution"]

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
            raise self.fail(f"{short(self.spec[key])} lebih panjang dari jangkauan kalender "
                            f"(paling lama {MAX_SECONDS:.3g} s, sekitar 8000 tahun)", key)
        return out

    def optional(self, key: str, default: float) -> float:
        return self.number(key) if key in self.spec else default

    def positive(self, key: str, *, scaled: bool = True, power: int = 1) -> float:
        value = self.number(key, scaled=scaled, power=power)
        if value <= 0:
            raise self.fail(f"harus lebih dari 0, bukan {short(self.spec[key])}", key)
        return value

    def values(self) -> tuple[float, ...]:
        raw = self.keyed.array(self.spec["values"], "values", empty=False)
        out = []
        for i, value in enumerate(raw):
            v = self.keyed.number(value, f"values[{i}]", low=0.0) * self.scale
            if v > MAX_SECONDS:
                raise self.fail(f"{short(value)} lebih panjang dari jangkauan kalender",
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
        raise ScenarioError(
            f'durasi harus tabel seperti {{dist = "fixed", value = 1}}, bukan {spec!r}',
            path=path,
            element_id=where,
        )
    dist = spec.get("dist")
    if not isinstance(dist, str) or dist not in _KEYS:
        raise ScenarioError(
            f"'dist' harus salah satu dari {', '.join(sorted(_KEYS))}, bukan {dist!r}",
            path=path,
            element_id=where,
        )
    unit = spec.get("unit", "s")
    if unit == "d":
        if not (isinstance(hours_per_day, int | float) and 0 < hours_per_day <= 24):
            raise ScenarioError(f"hours_per_day harus > 0, bukan {hours_per_day!r}", path=path)
        scale = hours_per_day * 3600.0
    elif isinstance(unit, str) and unit in UNIT_SECONDS:
        scale = UNIT_SECONDS[unit]
    else:
        raise ScenarioError(
            f"'unit' harus salah satu dari s, min, h, d, bukan {unit!r}", path=path,
            element_id=where
        )
    required, optional = _KEYS[dist]
    keys = set(spec) - {"dist", "unit"}
    unknown = keys - required - optional
    if unknown:
        allowed = ", ".join(sorted(required | optional))
        raise ScenarioError(
            f'kunci tidak dikenal untuk dist = "{dist}": {", ".join(sorted(unknown))} '
            f"(yang boleh: {allowed})",
            path=path,
            element_id=where,
        )
    missing = required - keys
    if missing:
        raise ScenarioError(
            f'dist = "{dist}" perlu {", ".join(sorted(missing))}', path=path, element_id=where
        )
    reader = _Spec(spec, where, path, scale)
    try:
        return _build(dist, reader)
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        # a window with no mass, inconsistent parameters, moments beyond float range
        raise reader.fail(str(exc) or type(exc).__name__) from None


def _bounds(reader: _Spec) -> tuple[float, float]:
    low = reader.optional("min", 0.0)
    high = reader.optional("max", math.inf)
    if low > high:
        raise reader.fail(
            f"'min' ({reader.spec['min']}) tidak boleh melebihi 'max' ({reader.spec['max']})"
        )
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
            raise r.fail(f"'mode' ({r.spec['mode']}) harus di antara 'min' dan 'max'")
        return Triangular(low, mode, high)
    if dist == "exponential":
        low, high = _bounds(r)
        mean = r.positive("mean")
        if mean <= low:
            raise r.fail(f"'mean' ({r.spec['mean']}) harus lebih dari 'min' ({r.spec['min']})")
        return Exponential(scale=mean - low, loc=low, low=low, high=high)
    if dist == "normal":
        low, high = _bounds(r)
        return Normal(r.number("mean"), r.number("sd"), low, high)
    if dist == "lognormal":
        low, high = _bounds(r)
        mean = r.positive("mean")
        if ("sd" in r.spec) == ("variance" in r.spec):
            raise r.fail('dist = "lognormal" perlu tepat satu dari sd, variance')
        variance = r.number("sd") ** 2 if "sd" in r.spec else r.number("variance", power=2)
        if variance == 0:
            return Fixed(mean) if low <= mean <= high else _empty(r, low, high)
        return LogNormal.from_mean_variance(mean, variance, low, high)
    # gamma
    low, high = _bounds(r)
    by_moments = {"mean", "variance"} <= set(r.spec)
    by_shape = {"shape", "scale"} <= set(r.spec)
    if by_moments == by_shape or len({"mean", "variance", "shape", "scale"} & set(r.spec)) != 2:
        raise r.fail('dist = "gamma" perlu mean dan variance, atau shape dan scale')
    if by_moments:
        return Gamma.from_mean_variance(
            r.positive("mean"), r.positive("variance", power=2), low, high
        )
    return Gamma(r.positive("shape", scaled=False), r.positive("scale"), low, high)


def _empty(r: _Spec, low: float, high: float) -> Distribution:
    raise r.fail(f"batas [{low:g}, {high:g}] s tidak memuat peluang sebaran ini")


#: the public name (``probisnis.make_distribution``)
make_distribution = build_distribution
