"""Duration distributions for the simulator.

Every distribution is a frozen dataclass with ``mean`` and ``variance``
attributes (of the value actually sampled, in seconds) and two sampling
methods: ``sample(rng)`` for one value and ``sample_many(rng, n)`` for a
vectorised block (the engine pre-samples blocks). Randomness is always passed
in as a :class:`numpy.random.Generator`.

Bounded families (exponential, normal, log-normal, gamma) follow Prosimos 2.1
(pix_framework 0.15 ``DurationDistribution``): the parameters describe a
*parent* distribution, and ``low``/``high`` truncate it, i.e. the sampled
value has the parent's law conditioned on ``low <= X <= high``. Prosimos gets
there by redrawing until a value falls inside the bounds, which is the same
law. Durations are never negative, so ``low`` is at least 0.

``make_distribution`` builds one from a scenario TOML table such as
``{dist = "triangular", min = 1, mode = 2, max = 4, unit = "d"}``. The table of
families, parameters and moments is in ``docs/distributions.md``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from probisnis.errors import InvalidValueError, say
from probisnis.sim.special import gammainc, gammaincc, ndtr
from probisnis.sim.truncated import narrow_moments, tail_diff, truncexp_moments, truncnorm_moments

__all__ = [
    "UNIT_SECONDS",
    "Distribution",
    "Empirical",
    "Exponential",
    "Fixed",
    "Gamma",
    "Histogram",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
]

#: Seconds per unit; ``d`` (one working day) depends on ``hours_per_day``.
UNIT_SECONDS: Mapping[str, float] = {"s": 1.0, "min": 60.0, "h": 3600.0}

#: Below this probability mass a truncation window is treated as empty.
_MIN_MASS = 1e-12
#: Above this acceptance rate bounded families sample by rejection (fast numpy
#: generators, like Prosimos); below it by inverting the CDF (exact, no loops).
_REJECTION_MIN_MASS = 0.5


class Distribution(ABC):
    """A non-negative duration law, in seconds.

    ``mean`` and ``variance`` are those of the sampled value (after any
    truncation), so they can be checked against closed-form queueing results.
    """

    mean: float
    variance: float

    def sample(self, rng: np.random.Generator) -> float:
        """Draw one value (>= 0)."""
        return float(self.sample_many(rng, 1)[0])

    @abstractmethod
    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Draw ``n`` independent values (>= 0) as a float64 array."""

    @property
    def sd(self) -> float:
        """Standard deviation of the sampled value."""
        return math.sqrt(self.variance)


def _set_moments(obj: object, mean: float, variance: float) -> None:
    object.__setattr__(obj, "mean", float(mean))
    object.__setattr__(obj, "variance", max(float(variance), 0.0))


@dataclass(frozen=True)
class Fixed(Distribution):
    """Always ``value``. Mean ``value``, variance 0."""

    value: float
    mean: float = field(init=False)
    variance: float = field(init=False)

    def __post_init__(self) -> None:
        _set_moments(self, self.value, 0.0)

    def sample(self, rng: np.random.Generator) -> float:
        return float(self.value)

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, float(self.value))


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on ``[low, high]``. Mean ``(low+high)/2``, variance ``(high-low)^2/12``."""

    low: float
    high: float
    mean: float = field(init=False)
    variance: float = field(init=False)

    def __post_init__(self) -> None:
        _set_moments(self, (self.low + self.high) / 2, (self.high - self.low) ** 2 / 12)

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, n)


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular on ``[low, high]`` with peak at ``mode``.

    Mean ``(a+b+c)/3``, variance ``(a²+b²+c²-ab-ac-bc)/18``.
    """

    low: float
    mode: float
    high: float
    mean: float = field(init=False)
    variance: float = field(init=False)

    def __post_init__(self) -> None:
        a, c, b = self.low, self.mode, self.high
        _set_moments(self, (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18)

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.low == self.high:
            return np.full(n, float(self.low))
        return rng.triangular(self.low, self.mode, self.high, n)


@dataclass(frozen=True)
class Empirical(Distribution):
    """Bootstrap: each draw is one of ``values``, equally likely.

    Mean is the values' mean, variance their population variance (``ddof=0``),
    which is exactly the law of one bootstrap draw.
    """

    values: tuple[float, ...]
    mean: float = field(init=False)
    variance: float = field(init=False)
    _array: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        array = np.asarray(self.values, dtype=float)
        object.__setattr__(self, "_array", array)
        _set_moments(self, float(array.mean()), float(array.var()))

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self._array[rng.integers(0, self._array.size, n)]


@dataclass(frozen=True)
class Histogram(Distribution):
    """Each draw is ``values[i]`` with probability ``cdf[i] - cdf[i - 1]`` (``cdf[-1]`` = 1).

    Prosimos's ``histogram_sampling``: a uniform draw ``u`` takes the first bin whose
    cumulative probability reaches ``u`` (``numpy.searchsorted``), and the value is the bin's
    midpoint.
    """

    values: tuple[float, ...]
    cdf: tuple[float, ...]
    mean: float = field(init=False)
    variance: float = field(init=False)
    _values: np.ndarray = field(init=False, repr=False, compare=False)
    _cdf: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values = np.asarray(self.values, dtype=float)
        cdf = np.asarray(self.cdf, dtype=float)
        if values.size == 0 or values.shape != cdf.shape:
            raise InvalidValueError(say("histogram perlu probabilitas kumulatif sebanyak "
                                        "nilainya, paling sedikit satu",
                                        "a histogram needs as many cumulative probabilities "
                                        "as values, at least one"))
        if np.any(values < 0) or not np.all(np.isfinite(values)):
            raise InvalidValueError(say("nilai histogram harus terhingga dan >= 0",
                                        "histogram values must be finite and >= 0"))
        if np.any(np.diff(cdf) < 0) or cdf[0] < 0 or abs(cdf[-1] - 1.0) > 1e-6:
            raise InvalidValueError(say("probabilitas kumulatif harus naik dari >= 0 sampai 1, "
                                        f"bukan {cdf[0]:g} ... {cdf[-1]:g}",
                                        "cumulative probabilities must rise from >= 0 to 1, "
                                        f"got {cdf[0]:g} ... {cdf[-1]:g}"))
        cdf = cdf.copy()
        cdf[-1] = 1.0
        probs = np.diff(cdf, prepend=0.0)
        mean = float(probs @ values)
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_cdf", cdf)
        _set_moments(self, mean, float(probs @ (values - mean) ** 2))

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self._values[np.searchsorted(self._cdf, rng.random(n))]


class _Bounded(Distribution):
    """A parent law truncated to ``[low, high]`` (``low >= 0``, ``high`` may be inf)."""

    low: float
    high: float

    @abstractmethod
    def _cdf(self, x: float) -> float: ...

    @abstractmethod
    def _sf(self, x: float) -> float: ...

    @abstractmethod
    def _ppf(self, u: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def _isf(self, u: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def _raw(self, rng: np.random.Generator, n: int) -> np.ndarray: ...

    def _window(self) -> tuple[float, float, float]:
        """(F(low), F(high), mass) of the parent."""
        f_low = self._cdf(self.low)
        f_high = self._cdf(self.high)
        # in the upper tail survival functions keep the precision
        mass = self._sf(self.low) - self._sf(self.high) if f_low > 0.5 else f_high - f_low
        return f_low, f_high, mass

    def _init_bounded(self) -> None:
        f_low, f_high, mass = self._window()
        if not mass > _MIN_MASS:
            raise InvalidValueError(say(
                f"batas [{self.low:g}, {self.high:g}] detik tidak memuat peluang apa pun dari "
                "distribusi ini: lebarkan min/max atau ubah rata-ratanya",
                f"the bounds [{self.low:g}, {self.high:g}] hold no probability of this "
                "distribution"))
        object.__setattr__(self, "_mass", mass)
        object.__setattr__(self, "_f_low", f_low)
        object.__setattr__(self, "_f_high", f_high)
        object.__setattr__(self, "_truncated", mass < 1.0 - 1e-15)
        # a bound whose tail probability is 0 in floating point (e.g. a low of 1e-320 s,
        # which divided by the scale underflows to 0) bounds nothing the moments see: the
        # rejection sampler then keeps the draws beyond it too and clips them to it, so the
        # draws follow the law the moments describe
        object.__setattr__(self, "_accept", (
            self.low if f_low > 0.0 else -math.inf,
            self.high if self._sf(self.high) > 0.0 else math.inf))

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        mass: float = self.__dict__["_mass"]
        if not self.__dict__["_truncated"]:
            return np.maximum(self._raw(rng, n), 0.0)
        if mass >= _REJECTION_MIN_MASS:
            return self._sample_rejection(rng, n, mass)
        f_low: float = self.__dict__["_f_low"]
        f_high: float = self.__dict__["_f_high"]
        if f_low > 0.5:
            u = rng.uniform(self._sf(self.high), self._sf(self.low), n)
            out = self._isf(u)
        else:
            out = self._ppf(rng.uniform(f_low, f_high, n))
        return np.clip(out, self.low, self.high)

    def _sample_rejection(self, rng: np.random.Generator, n: int, mass: float) -> np.ndarray:
        out = np.empty(n)
        low, high = self.__dict__["_accept"]
        filled = 0
        while filled < n:
            need = n - filled
            draw = self._raw(rng, int(need / mass * 1.1) + 8)
            draw = draw[(draw >= low) & (draw <= high)][:need]
            out[filled : filled + draw.size] = draw
            filled += draw.size
        if low < self.low or high > self.high:
            np.clip(out, self.low, self.high, out=out)
        return out


@dataclass(frozen=True)
class Exponential(_Bounded):
    """``loc`` plus an exponential of scale ``scale``, truncated to ``[low, high]``.

    Prosimos ``expon [mean, min, max]`` is ``loc = min``, ``scale = mean - min``
    (``scale = mean`` when ``mean < min``), truncated to ``[max(min, 0), max]``.
    Untruncated: mean ``loc + scale``, variance ``scale²``. Truncated: by
    memorylessness the law is ``low`` plus a truncated exponential on
    ``[0, high-low]``, whose moments are closed forms (:func:`_truncexp_moments`).
    """

    scale: float
    loc: float = 0.0
    low: float = 0.0
    high: float = math.inf
    mean: float = field(init=False)
    variance: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", max(self.low, self.loc, 0.0))
        self._init_bounded()
        if math.isinf(self.high):
            _set_moments(self, self.low + self.scale, self.scale**2)
        else:
            m, v = truncexp_moments((self.high - self.low) / self.scale)
            _set_moments(self, self.low + self.scale * m, self.scale**2 * v)

    def _cdf(self, x: float) -> float:
        return float(-math.expm1(-max(x - self.loc, 0.0) / self.scale))

    def _sf(self, x: float) -> float:
        return float(math.exp(-max(x - self.loc, 0.0) / self.scale))

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return self.loc - self.scale * np.log1p(-u)

    def _isf(self, u: np.ndarray) -> np.ndarray:
        return self.loc - self.scale * np.log(u)

    def _raw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.loc + rng.exponential(self.scale, n)

    def sample_many(self, rng: np.random.Generator, n: int) -> np.ndarray:
        # memoryless: the law is low + an exponential truncated to [0, high - low]
        width = self.high - self.low
        if math.isinf(width):
            return self.low + rng.exponential(self.scale, n)
        top = -math.expm1(-width / self.scale)
        draw = self.low - self.scale * np.log1p(-rng.uniform(0.0, top, n))
        return np.minimum(draw, self.high)


@dataclass(frozen=True)
class Normal(_Bounded):
    """Normal(``mu``, ``sigma``) truncated to ``[low, high]`` (``low >= 0``).

    Moments are those of the truncated law (:func:`_truncnorm_moments`, equal to
    ``scipy.stats.truncnorm``'s)
    (not the parent's ``mu`` and ``sigma²``).
    """

    mu: float
    sigma: float
    low: float = 0.0
    high: float = math.inf
    mean: float = field(init=False)
    variance: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", max(self.low, 0.0))
        if self.sigma == 0:
            if not self.low <= self.mu <= self.high:
                raise InvalidValueError(say(
                    f"nilai tetap {self.mu:g} berada di luar [{self.low:g}, {self.high:g}]",
                    f"the fixed value {self.mu:g} lies outside [{self.low:g}, {self.high:g}]"))
            object.__setattr__(self, "_mass", 1.0)
            object.__setattr__(self, "_truncated", False)
            _set_moments(self, self.mu, 0.0)
            return
        self._init_bounded()
        a, b = (self.low - self.mu) / self.sigma, (self.high - self.mu) / self.sigma
        m, v = truncnorm_moments(a, b)
        _set_moments(self, self.mu + self.sigma * m, self.sigma**2 * v)

    def _cdf(self, x: float) -> float:
        return ndtr((x - self.mu) / self.sigma)

    def _sf(self, x: float) -> float:
        return ndtr((self.mu - x) / self.sigma)

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special  # inverse sampling only (a window under half the mass)

        return self.mu + self.sigma * special.ndtri(u)

    def _isf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special  # inverse sampling only (a window under half the mass)

        return self.mu - self.sigma * special.ndtri(u)

    def _raw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.normal(self.mu, self.sigma, n)


@dataclass(frozen=True)
class LogNormal(_Bounded):
    """exp(Normal(``mu``, ``sigma``)) truncated to ``[low, high]``.

    Build it from the mean and variance of the *value* with
    :meth:`from_mean_variance` (Prosimos' parametrisation:
    ``sigma² = ln(1 + v/m²)``, ``mu = ln m - sigma²/2``). Truncated moments:
    ``E[X^k | a<X<b] = exp(k mu + k² sigma²/2) (Φ(β-kσ) - Φ(α-kσ)) / (Φ(β) - Φ(α))``
    with ``α, β`` the standardised log-bounds.
    """

    mu: float
    sigma: float
    low: float = 0.0
    high: float = math.inf
    mean: float = field(init=False)
    variance: float = field(init=False)

    @classmethod
    def from_mean_variance(
        cls, mean: float, variance: float, low: float = 0.0, high: float = math.inf
    ) -> LogNormal:
        """The log-normal whose (untruncated) value has this mean and variance."""
        sigma2 = math.log1p(variance / mean**2)
        return cls(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), low, high)

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", max(self.low, 0.0))
        self._init_bounded()
        mass: float = self.__dict__["_mass"]
        width = self.high - self.low
        if width <= self.low and self._z(self.high) - self._z(self.low) <= 1.0:
            # narrower than one standard deviation of log X (m2 - m1² would cancel)
            c, mu, sigma = (self.low + self.high) / 2, self.mu, self.sigma

            def log_density(dx: np.ndarray) -> np.ndarray:
                u = np.log1p(dx / c)
                z = (math.log(c) - mu + u) / sigma
                return -u - z * z / 2

            _set_moments(self, *narrow_moments(log_density, self.low, self.high))
            return
        m1 = self._partial_moment(1) / mass
        m2 = self._partial_moment(2) / mass
        _set_moments(self, m1, m2 - m1 * m1)

    def _z(self, x: float) -> float:
        if x <= 0:
            return -math.inf
        if math.isinf(x):
            return math.inf
        return (math.log(x) - self.mu) / self.sigma

    def _partial_moment(self, k: int) -> float:
        alpha, beta = self._z(self.low) - k * self.sigma, self._z(self.high) - k * self.sigma
        phi_diff = tail_diff(ndtr, lambda z: ndtr(-z), alpha, beta)
        return math.exp(k * self.mu + k * k * self.sigma**2 / 2) * phi_diff

    def _cdf(self, x: float) -> float:
        return ndtr(self._z(x))

    def _sf(self, x: float) -> float:
        return ndtr(-self._z(x))

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special  # inverse sampling only (a window under half the mass)

        return np.exp(self.mu + self.sigma * special.ndtri(u))

    def _isf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special  # inverse sampling only (a window under half the mass)

        return np.exp(self.mu - self.sigma * special.ndtri(u))

    def _raw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.lognormal(self.mu, self.sigma, n)


@dataclass(frozen=True)
class Gamma(_Bounded):
    """Gamma(``shape``, ``scale``) truncated to ``[low, high]``.

    From mean and variance: ``shape = m²/v``, ``scale = v/m`` (as Prosimos).
    Truncated moments: ``E[X^k | a<X<b] = scale^k Γ(shape+k)/Γ(shape) ·
    (P(shape+k, b/scale) - P(shape+k, a/scale)) / (P(shape, b/scale) - P(shape, a/scale))``
    with ``P`` the regularised lower incomplete gamma function.
    """

    shape: float
    scale: float
    low: float = 0.0
    high: float = math.inf
    mean: float = field(init=False)
    variance: float = field(init=False)

    @classmethod
    def from_mean_variance(
        cls, mean: float, variance: float, low: float = 0.0, high: float = math.inf
    ) -> Gamma:
        """The gamma whose (untruncated) value has this mean and variance."""
        return cls(mean * mean / variance, variance / mean, low, high)

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", max(self.low, 0.0))
        self._init_bounded()
        mass: float = self.__dict__["_mass"]
        k, s = self.shape, self.scale
        width = self.high - self.low
        if width <= s * math.sqrt(k) and width <= self.low:
            # narrower than one standard deviation (m2 - m1² would cancel) and away
            # from 0, where the density is smooth on the window
            c = (self.low + self.high) / 2
            _set_moments(self, *narrow_moments(
                lambda dx: (k - 1) * np.log1p(dx / c) - dx / s, self.low, self.high))
            return
        m1 = s * k * self._window_of(k + 1) / mass
        m2 = s * s * k * (k + 1) * self._window_of(k + 2) / mass
        _set_moments(self, m1, m2 - m1 * m1)

    def _window_of(self, shape: float) -> float:
        a, b = self.low / self.scale, self.high / self.scale
        return tail_diff(lambda x: gammainc(shape, x), lambda x: gammaincc(shape, x), a, b)

    def _cdf(self, x: float) -> float:
        return gammainc(self.shape, x / self.scale)

    def _sf(self, x: float) -> float:
        return gammaincc(self.shape, x / self.scale)

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special  # inverse sampling only (a window under half the mass)

        return self.scale * special.gammaincinv(self.shape, u)

    def _isf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special  # inverse sampling only (a window under half the mass)

        return self.scale * special.gammainccinv(self.shape, u)

    def _raw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.gamma(self.shape, self.scale, n)
