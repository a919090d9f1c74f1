"""``probisnis.sim.special`` against SciPy: the laws' masses without importing SciPy.

``ndtr``, ``lgam``, ``gammainc`` and ``gammaincc`` must equal ``scipy.special``'s values bit
for bit (a law's mass and window decide its draws: the same bits, the same event logs as
when the laws called SciPy); ``log_ndtr`` (moments only) within 1e-14 relative, or, where
SciPy's own value is off (right tail, ``x > 5``), within 1e-15 of a 60-digit reference.
"""

from __future__ import annotations

import math
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from probisnis.sim import special as ours
from probisnis.sim.distributions import Gamma, LogNormal, Normal

RNG = np.random.default_rng(20261204)


def _differ(values: list[float], reference: np.ndarray) -> np.ndarray:
    """Where two float arrays differ in any bit (NaN equal to NaN)."""
    mine = np.asarray(values, dtype=float)
    return mine.view(np.int64) != np.asarray(reference, dtype=float).view(np.int64)


def test_ndtr_is_scipys_bit_for_bit_on_a_dense_grid_and_both_tails():
    xs = np.concatenate([np.linspace(-40, 40, 160_001), RNG.uniform(-10, 10, 50_000),
                         RNG.normal(0, 3, 50_000), [0.0, -0.0, 1.4142135623730951, -38.5, 9.0,
                                                     math.inf, -math.inf]])
    bad = _differ([ours.ndtr(float(x)) for x in xs], special.ndtr(xs))
    assert not bad.any(), f"{bad.sum()} differ, first at x = {xs[bad][:5]}"
    assert math.isnan(ours.ndtr(math.nan))


def test_erfc_of_libm_would_not_do():
    """Why Cephes' erfc is ported: ``0.5 * math.erfc(-x/√2)`` differs in the last bits."""
    xs = np.linspace(-40, 40, 20_001)
    libm = [0.5 * math.erfc(-float(x) * math.sqrt(0.5)) for x in xs]
    assert _differ(libm, special.ndtr(xs)).mean() > 0.1


def _erfc_60_digits(t: float) -> Decimal:
    """erfc(t) for t > 3 by its continued fraction, 60 significant digits."""
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(t)
        f = d
        for k in range(400, 0, -1):
            f = d + Decimal(k) / 2 / f
        pi = Decimal("3.14159265358979323846264338327950288419716939937510582097494")
        return (-(d * d)).exp() / pi.sqrt() / f


def test_log_ndtr_against_scipy():
    xs = np.concatenate([np.linspace(-60, 5, 130_001), -np.exp(RNG.uniform(0, 12, 20_000)),
                         RNG.normal(0, 2, 20_000)])
    xs = xs[xs < 5]
    mine = np.array([ours.log_ndtr(float(x)) for x in xs])
    ref = special.log_ndtr(xs)
    rel = np.abs(mine - ref) / np.abs(ref)
    assert rel.max() < 1e-14, f"{rel.max():.3g} at x = {xs[rel.argmax()]}"
    assert ours.log_ndtr(-math.inf) == -math.inf and ours.log_ndtr(math.inf) == 0.0
    assert math.isnan(ours.log_ndtr(math.nan))


def test_log_ndtr_in_the_right_tail_against_60_digits():
    """From x = 5 SciPy's ``exp(-t*t) erfcx(t)`` loses up to 6e-14; ours stays at 1 ulp."""
    worst = worst_scipy = 0.0
    for x in np.linspace(5.0, 37.0, 641):
        t = float(x) * 0.70710678118654752440  # the same rounded t both codes use
        q = _erfc_60_digits(t) / 2
        with localcontext() as ctx:
            ctx.prec = 60
            truth = float(-(q + q * q / 2 + q * q * q / 3))  # log(1 - q), q < 3e-7
        worst = max(worst, abs(ours.log_ndtr(float(x)) - truth) / abs(truth))
        worst_scipy = max(worst_scipy, abs(float(special.log_ndtr(x)) - truth) / abs(truth))
    assert worst < 1e-15
    assert worst_scipy < 1e-13  # the same function, to SciPy's own precision


def test_lgam_is_gammaln_bit_for_bit():
    xs = np.concatenate([np.linspace(0.01, 30, 30_001), np.exp(RNG.uniform(-5, 14, 30_000)),
                         np.arange(1.0, 300.0), np.arange(0.5, 300.0), [1e9, 2e300]])
    bad = _differ([ours.lgam(float(x)) for x in xs], special.gammaln(xs))
    assert not bad.any(), f"{bad.sum()} differ, first at x = {xs[bad][:5]}"
    with pytest.raises(ValueError):
        ours.lgam(0.0)


#: shapes of real models (Prosimos and TOML gamma laws: cv 0.05-4) and the permit's 9, 10, 11
#: (shape, shape + 1, shape + 2 for the truncated moments)
SHAPES = np.concatenate([np.exp(RNG.uniform(math.log(0.06), math.log(400.0), 1_500)),
                         [0.5, 0.9, 1.0, 1.1, 2.0, 3.0, 9.0, 10.0, 11.0, 20.0, 25.0, 150.0]])


@pytest.mark.parametrize("name", ["gammainc", "gammaincc"])
def test_incomplete_gamma_is_scipys_bit_for_bit(name):
    mine, theirs = getattr(ours, name), getattr(special, name)
    points = []
    for a in SHAPES:
        # bounds from 1/400 to 20 times the mean (shape * scale), and a few in scale units
        xs = np.concatenate([a * np.exp(RNG.uniform(-6, 3, 30)), RNG.uniform(0, 3, 6)])
        points.extend((float(a), float(x)) for x in xs)
    points += [(9.0, 1.5), (9.0, 36.0), (10.0, 1.5), (10.0, 36.0), (11.0, 1.5), (11.0, 36.0),
               (2.0, 0.0), (2.0, math.inf), (0.0, 1.0)]
    a, x = np.array(points).T
    bad = _differ([mine(p, q) for p, q in points], theirs(a, x))
    assert not bad.any(), f"{bad.sum()} of {len(points)} differ, first at {points[bad.argmax()]}"


def test_q_for_small_shapes_and_points_is_scipys_bit_for_bit():
    """DLMF 8.7.3 (x <= 1.1, shape under about x): Cephes's own log Γ(1+a), expm1, ζ(n)."""
    points = [(float(a), float(x)) for a in np.exp(RNG.uniform(math.log(0.01), math.log(1.2), 400))
              for x in RNG.uniform(0.0, 1.1, 8)]
    points = [(a, x) for a, x in points
              if not (-0.4 / math.log(x) < a if x <= 0.5 else x * 1.1 < a)]
    assert len(points) > 1000
    for name in ("gammaincc", "gammainc"):
        a, x = np.array(points).T
        bad = _differ([getattr(ours, name)(p, q) for p, q in points], getattr(special, name)(a, x))
        assert not bad.any(), f"{name}: {bad.sum()} differ, first at {points[bad.argmax()]}"
    assert list(ours._ZETA) == [float(special.zeta(n, 1.0)) for n in range(2, 42)]


@pytest.mark.parametrize("name", ["gammainc", "gammaincc"])
def test_temmes_expansion_is_scipys_bit_for_bit(name):
    """Shape > 20 and x within 30 % of it (4.5/sqrt(a) beyond 200): DLMF 8.12 with the
    coefficients of ``probisnis.sim.temme``."""
    points = [(25.0, 25.0), (100.0, 100.0), (300.0, 300.0), (20.5, 26.0), (199.0, 140.0)]
    for a in np.exp(RNG.uniform(math.log(20.01), math.log(5_000.0), 1_500)):
        width = 0.3 if a < 200 else 4.5 / math.sqrt(a)
        points += [(float(a), float(a * (1 + 0.999 * width * u))) for u in RNG.uniform(-1, 1, 6)]
    assert all(ours._asymptotic(a, x) for a, x in points)
    a, x = np.array(points).T
    bad = _differ([getattr(ours, name)(p, q) for p, q in points], getattr(special, name)(a, x))
    assert not bad.any(), f"{bad.sum()} of {len(points)} differ, first at {points[bad.argmax()]}"


def test_the_incomplete_gamma_imports_no_scipy_anywhere():
    code = ("import sys\n"
            "from probisnis.sim.special import gammainc, gammaincc\n"
            "gammainc(0.3, 1.05); gammaincc(0.5, 0.2); gammaincc(9.0, 36.0)\n"
            "gammainc(25.0, 27.0); gammaincc(400.0, 410.0)\n"
            "print('scipy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "False"


@pytest.mark.slow
def test_the_temme_coefficients_are_those_the_script_computes():
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_temme.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


#: laws of the permit model and others like them (value mean, variance, low, high; seconds)
LAWS = [
    Normal(600, 120, 60, 1800),  # permit T_receive
    LogNormal.from_mean_variance(3600, 1_440_000, 600, 14_400),  # permit T_assess
    Gamma.from_mean_variance(1800, 360_000, 300, 7200),  # permit T_decide
    Normal(3600, 1800, 0, 4000),
    Normal(100, 10, 0, 95),
    Normal(100, 10, 130, math.inf),  # a far right window: inverse sampling
    LogNormal.from_mean_variance(600, 3_600_000, 30, 900),
    LogNormal.from_mean_variance(7200, 100_000, 7400, 9000),
    Gamma.from_mean_variance(3600, 36_000_000, 60, 20_000),  # shape 0.36
    Gamma.from_mean_variance(3600, 400_000, 0, 4000),
    Gamma.from_mean_variance(600, 3600, 900, math.inf),  # shape 100, far right window
]


def _scipy_window(law: object) -> tuple[float, float, float]:
    """(F(low), F(high), mass) the way the laws computed them with SciPy."""
    if isinstance(law, Normal):
        def cdf(v: float) -> float:
            return float(special.ndtr((v - law.mu) / law.sigma))

        def sf(v: float) -> float:
            return float(special.ndtr((law.mu - v) / law.sigma))
    elif isinstance(law, LogNormal):
        def cdf(v: float) -> float:
            return float(special.ndtr(law._z(v)))

        def sf(v: float) -> float:
            return float(special.ndtr(-law._z(v)))
    else:
        assert isinstance(law, Gamma)

        def cdf(v: float) -> float:
            return float(special.gammainc(law.shape, v / law.scale))

        def sf(v: float) -> float:
            return float(special.gammaincc(law.shape, v / law.scale))
    lo, hi = cdf(law.low), cdf(law.high)
    mass = sf(law.low) - sf(law.high) if lo > 0.5 else hi - lo
    return lo, hi, mass


@pytest.mark.parametrize("law", LAWS, ids=lambda law: repr(law)[:60])
def test_a_laws_window_is_the_one_scipy_gave(law):
    """Mass and window to the bit: rejection batches and inverse draws as before."""
    mine = (law._f_low, law._f_high, law._mass)
    assert mine == _scipy_window(law)
    rng = np.random.default_rng(1)
    sample = law.sample_many(rng, 2_000)
    assert law.low <= sample.min() and sample.max() <= law.high


def test_the_permit_laws_import_no_scipy():
    code = ("import sys\n"
            "import numpy as np\n"
            "from probisnis.sim.distributions import Gamma, LogNormal, Normal\n"
            "laws = [Normal(600, 120, 60, 1800),\n"
            "        LogNormal.from_mean_variance(3600, 1_440_000, 600, 14_400),\n"
            "        Gamma.from_mean_variance(1800, 360_000, 300, 7200)]\n"
            "rng = np.random.default_rng(0)\n"
            "print(sum(law.sample_many(rng, 1000).mean() for law in laws) > 0,\n"
            "      sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "True []"
