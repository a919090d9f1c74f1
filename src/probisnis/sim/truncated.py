"""Closed-form moments of truncated laws, and a precise tail probability.

Helpers of :mod:`probisnis.sim.distributions`, without SciPy (its normal CDF in log
space is :func:`probisnis.sim.special.log_ndtr`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np

from probisnis.sim.special import log_ndtr

__all__ = ["narrow_moments", "tail_diff", "truncexp_moments", "truncnorm_moments"]


def tail_diff(
    cdf: Callable[[float], float], sf: Callable[[float], float], a: float, b: float
) -> float:
    """P(a < X <= b) from whichever of cdf/sf keeps precision."""
    if cdf(a) > 0.5:
        return sf(a) - sf(b)
    return cdf(b) - cdf(a)


@cache
def _gauss_legendre() -> tuple[np.ndarray, np.ndarray]:
    """24-point Gauss-Legendre nodes and weights (made on first use: importing
    ``numpy.polynomial`` costs ~5 ms of a start-up that rarely needs them)."""
    from numpy.polynomial import legendre

    nodes, weights = legendre.leggauss(24)
    return nodes, weights


def narrow_moments(
    log_density: Callable[[np.ndarray], np.ndarray], low: float, high: float
) -> tuple[float, float]:
    """Mean and variance of a smooth density restricted to a narrow ``[low, high]``.

    24-point Gauss-Legendre quadrature around the window's centre, the weights
    taken relative to their largest (``log_density`` gets the offsets from the
    centre and may drop constants): exact to rounding for a density that is
    smooth on the window, where ``E[X²] - E[X]²`` from closed forms cancels.
    """
    nodes, weights = _gauss_legendre()
    half, centre = (high - low) / 2, (low + high) / 2
    dx = half * nodes
    log_w = log_density(dx)
    w = weights * np.exp(log_w - log_w.max())
    offset = float(np.dot(w, dx) / w.sum())
    var = float(np.dot(w, (dx - offset) ** 2) / w.sum())
    return centre + offset, var


def truncexp_moments(width: float) -> tuple[float, float]:
    """Mean and variance of a unit exponential conditioned on ``[0, width]``.

    Mean ``1 - w e^-w / (1 - e^-w)``, variance ``1 - w² e^-w / (1 - e^-w)²``;
    Taylor series for small ``w`` where those cancel (the limit is uniform on
    ``[0, w]``).
    """
    w = width
    if w < 1e-2:
        return w / 2 - w * w / 12 + w**4 / 720, w * w / 12 - w**4 / 240
    e = math.exp(-w)
    d = -math.expm1(-w)
    return 1 - w * e / d, 1 - w * w * e / (d * d)


def truncnorm_moments(alpha: float, beta: float) -> tuple[float, float]:
    """Mean and variance of a standard normal conditioned on ``[alpha, beta]``.

    ``mean = (φ(α) - φ(β)) / Z``, ``var = 1 + (αφ(α) - βφ(β)) / Z - mean²`` with
    ``Z = Φ(β) - Φ(α)`` taken in log space (``log_ndtr``) so that windows far in
    a tail do not underflow; a window right of 0 is mirrored to the left first.
    Narrow windows (``β - α <= 1``), where that variance formula cancels, are
    integrated instead with 24-point Gauss-Legendre quadrature around the
    window's centre (exact to rounding for this smooth density).
    """
    if beta - alpha <= 1.0:
        centre = (alpha + beta) / 2
        return narrow_moments(lambda dx: -(centre + dx) ** 2 / 2, alpha, beta)
    if alpha + beta > 0:
        m, v = truncnorm_moments(-beta, -alpha)
        return -m, v
    log_hi = log_ndtr(beta)
    log_lo = log_ndtr(alpha)
    log_z = log_hi + math.log1p(-math.exp(log_lo - log_hi))
    half_log_2pi = 0.5 * math.log(2 * math.pi)

    def ratio(x: float) -> tuple[float, float]:
        """(φ(x)/Z, xφ(x)/Z), 0 at infinite x."""
        if math.isinf(x):
            return 0.0, 0.0
        r = math.exp(-x * x / 2 - half_log_2pi - log_z)
        return r, x * r

    ra, xa = ratio(alpha)
    rb, xb = ratio(beta)
    mean = ra - rb
    return mean, 1 + xa - xb - mean * mean
