"""The normal and gamma distribution functions of the duration laws, without SciPy.

Importing :mod:`scipy.special` costs about 0.2-0.26 s of CPU at start-up, more than
simulating 10,000 cases of the benchmark permit model. The laws need only a few of its
functions to size their truncation windows, so those are written here in Python:

* :func:`ndtr` (the standard normal CDF) and :func:`gammainc` / :func:`gammaincc` (the
  regularised incomplete gamma functions P and Q) follow the Cephes routines that SciPy
  uses (``ndtr.h``, ``igam.h``, ``gamma.h``, ``lanczos.h``, ``unity.h`` of SciPy's
  ``xsf``; Cephes Math Library, Copyright 1984-2000 Stephen L. Moshier, BSD-3 as
  distributed with SciPy; Lanczos coefficients from Boost, John Maddock 2006), operation
  for operation, so that
  they return SciPy's values bit for bit: the masses and windows of a law, and with them
  every draw of a simulation, are those the code gave when it called SciPy.
  ``tests/test_special.py`` checks that on dense grids. (``0.5 * math.erfc(-x / √2)`` is
  not the same: libm's ``erfc`` and Cephes' differ in the last bits in about 40 % of a
  grid on [-40, 40], up to 1.4e-13 relative in the far left tail.)
* :func:`log_ndtr` (for the moments of a truncated normal only; no draw depends on it)
  uses libm's ``erfc``, and an asymptotic series where that underflows; within 1e-14
  relative of ``scipy.special.log_ndtr``, not bit for bit (SciPy uses the Faddeeva
  package's ``erfcx``).

Where the shape ``a`` is over 20 and the point ``x`` lies within 30 % of it (within
``4.5 / sqrt(a)`` relative for ``a`` over 200: a gamma law with a coefficient of variation
under about 0.22 whose bound lies within 30 % of its mean) SciPy, and so this module, use
Temme's uniform asymptotic expansion, whose coefficients :mod:`probisnis.sim.temme` holds
(computed exactly by ``scripts/make_temme.py``, not copied). The inverse functions used by
inverse-transform sampling stay in SciPy (:mod:`probisnis.sim.distributions`, windows
holding less than half the mass): the only place a simulation still imports it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["gammainc", "gammaincc", "lgam", "log_ndtr", "ndtr"]

_MACHEP = 1.11022302462515654042e-16
_MAXLOG = 7.09782712893383996843e2
_SQRT1_2 = 0.70710678118654752440

# --- polynomials, evaluated as Cephes does (Horner, highest degree first) ---------------


def _polevl(x: float, coef: Sequence[float]) -> float:
    ans = coef[0]
    for c in coef[1:]:
        ans = ans * x + c
    return ans


def _p1evl(x: float, coef: Sequence[float]) -> float:
    """Like :func:`_polevl` with a leading coefficient 1 left out of ``coef``."""
    ans = x + coef[0]
    for c in coef[1:]:
        ans = ans * x + c
    return ans


def _ratevl(x: float, num: Sequence[float], denom: Sequence[float]) -> float:
    """``num(x) / denom(x)`` (same degree), in powers of ``1/x`` when ``|x| > 1``."""
    if abs(x) > 1:
        y = 1 / x
        num, denom = num[::-1], denom[::-1]
    else:
        y = x
    n = num[0]
    for c in num[1:]:
        n = n * y + c
    d = denom[0]
    for c in denom[1:]:
        d = d * y + c
    return n / d  # (Cephes multiplies by x ** (M - N) = 1.0 here)


# --- the normal distribution ------------------------------------------------------------

_ERFC_P = (2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0,
           4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2,
           9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2)
_ERFC_Q = (1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2,
           9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3,
           1.65666309194161350182e3, 5.57535340817727675546e2)
_ERFC_R = (5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0,
           6.16021097993053585195e0, 7.40974269950448939160e0, 2.97886665372100240670e0)
_ERFC_S = (2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1,
           1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516050e0)
_ERF_T = (9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3,
          7.00332514112805075473e3, 5.55923013010394962768e4)
_ERF_U = (3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3,
          2.26290000613890934246e4, 4.92673942608635921086e4)


def _erfc(a: float) -> float:
    """Cephes ``erfc``: rational approximations in ``|a|`` times ``exp(-a²)``."""
    x = abs(a)
    if x < 1.0:
        return 1.0 - _erf(a)
    z = -a * a
    if z < -_MAXLOG:
        return 2.0 if a < 0 else 0.0
    z = math.exp(z)
    if x < 8.0:
        p, q = _polevl(x, _ERFC_P), _p1evl(x, _ERFC_Q)
    else:
        p, q = _polevl(x, _ERFC_R), _p1evl(x, _ERFC_S)
    y = (z * p) / q
    if a < 0:
        y = 2.0 - y
    if y != 0.0:
        return y
    return 2.0 if a < 0 else 0.0


def _erf(x: float) -> float:
    """Cephes ``erf``: ``x P(x²)/Q(x²)`` on ``[-1, 1]``, ``1 - erfc`` beyond."""
    if x < 0.0:
        return -_erf(-x)
    if x > 1.0:
        return 1.0 - _erfc(x)
    z = x * x
    return x * _polevl(z, _ERF_T) / _p1evl(z, _ERF_U)


def ndtr(a: float) -> float:
    """Standard normal CDF Φ(a): ``scipy.special.ndtr``'s value, bit for bit."""
    if math.isnan(a):
        return math.nan
    x = a * _SQRT1_2
    z = abs(x)
    if z < 1.0:
        return 0.5 + 0.5 * _erf(x)
    y = 0.5 * _erfc(z)
    return 1.0 - y if x > 0 else y


def log_ndtr(x: float) -> float:
    """log Φ(x), precise in both tails (within 1e-14 relative of ``scipy.special.log_ndtr``).

    ``log1p(-erfc(x/√2)/2)`` from ``x = -1`` up; below, ``log(erfc(-x/√2)/2)``, and where
    ``erfc`` would leave the normal range (``x < -35``) ``log(erfcx(u)/2) - u²`` with
    ``erfcx(u) = exp(u²) erfc(u)`` from its asymptotic series
    ``(1 - 1/(2u²) + 1·3/(2u²)² - ...) / (u √π)``.
    """
    if math.isnan(x) or x == -math.inf:
        return x
    t = x * _SQRT1_2
    if x >= -1.0:
        return math.log1p(-math.erfc(t) / 2)
    u = -t
    if u < 25.0:
        return math.log(math.erfc(u) / 2)
    w = 2.0 * u * u
    term = total = 1.0
    k = 1
    while abs(term) > _MACHEP * total:
        term *= -(2 * k - 1) / w
        total += term
        k += 1
    return math.log(total / (2.0 * u * math.sqrt(math.pi))) - u * u


# --- log Γ ------------------------------------------------------------------------------

_LGAM_A = (8.11614167470508450300e-4, -5.95061904284301438324e-4, 7.93650340457716943945e-4,
           -2.77777777730099687205e-3, 8.33333333333331927722e-2)
_LGAM_B = (-1.37825152569120859100e3, -3.88016315134637840924e4, -3.31612992738871184744e5,
           -1.16237097492762307383e6, -1.72173700820839662146e6, -8.53555664245765465627e5)
_LGAM_C = (-3.51815701436523470549e2, -1.70642106651881159223e4, -2.20528590553854454839e5,
           -1.13933444367982507207e6, -2.53252307177582951285e6, -2.01889141433532773231e6)
_LS2PI = 0.91893853320467274178  # log(sqrt(2 pi))
_MAXLGM = 2.556348e305


def lgam(x: float) -> float:
    """log Γ(x) for ``x > 0``: Cephes ``lgam``, ``scipy.special.gammaln``'s value bit for bit.

    Below 13 reduced by recurrence to ``[2, 3)`` and a rational approximation there;
    above, Stirling's series.
    """
    if not x > 0.0:
        raise ValueError(f"lgam needs x > 0, got {x!r}")
    if math.isinf(x):
        return x
    if x < 13.0:
        z = 1.0
        p = 0.0
        u = x
        while u >= 3.0:
            p -= 1.0
            u = x + p
            z *= u
        while u < 2.0:
            z /= u
            p += 1.0
            u = x + p
        if u == 2.0:
            return math.log(z)
        p -= 2.0
        x = x + p
        p = x * _polevl(x, _LGAM_B) / _p1evl(x, _LGAM_C)
        return math.log(z) + p
    if x > _MAXLGM:
        return math.inf
    q = (x - 0.5) * math.log(x) - x + _LS2PI
    if x >= 1000.0:
        if x > 1.0e8:
            return q
        p = 1.0 / (x * x)
        return q + ((7.9365079365079365079365e-4 * p - 2.7777777777777777777778e-3) * p
                    + 0.0833333333333333333333) / x
    p = 1.0 / (x * x)
    return q + _polevl(p, _LGAM_A) / x


# --- the regularised incomplete gamma functions -----------------------------------------

_LANCZOS_G = 6.024680040776729583740234375
_LANCZOS_NUM = (0.006061842346248906525783753964555936883222,
                0.5098416655656676188125178644804694509993,
                19.51992788247617482847860966235652136208,
                449.9445569063168119446858607650988409623,
                6955.999602515376140356310115515198987526,
                75999.29304014542649875303443598909137092,
                601859.6171681098786670226533699352302507,
                3481712.15498064590882071018964774556468,
                14605578.08768506808414169982791359218571,
                43338889.32467613834773723740590533316085,
                86363131.28813859145546927288977868422342,
                103794043.1163445451906271053616070238554,
                56906521.91347156388090791033559122686859)
_LANCZOS_DENOM = (1.0, 66.0, 1925.0, 32670.0, 357423.0, 2637558.0, 13339535.0, 45995730.0,
                  105258076.0, 150917976.0, 120543840.0, 39916800.0, 0.0)
_MAXITER = 2000
_BIG = 4.503599627370496e15
_BIGINV = 2.22044604925031308085e-16


def _log1pmx(x: float) -> float:
    """log(1 + x) - x by its Taylor series (``|x| < 0.5``, all :func:`_igam_fac` needs)."""
    xfac = x
    res = 0.0
    for n in range(2, 500):
        xfac *= -x
        term = xfac / n
        res += term
        if abs(term) < _MACHEP * abs(res):
            break
    return res


def _igam_fac(a: float, x: float) -> float:
    """``x^a e^-x / Γ(a)``; near ``a == x`` through the Lanczos approximation."""
    if abs(a - x) > 0.4 * abs(a):
        ax = a * math.log(x) - x - lgam(a)
        if ax < -_MAXLOG:
            return 0.0
        return math.exp(ax)
    fac = a + _LANCZOS_G - 0.5
    res = math.sqrt(fac / math.e) / _ratevl(a, _LANCZOS_NUM, _LANCZOS_DENOM)
    if a < 200 and x < 200:
        return res * (math.exp(a - x) * math.pow(x / fac, a))
    num = x - a - _LANCZOS_G + 0.5
    return res * math.exp(a * _log1pmx(num / fac) + x * (0.5 - _LANCZOS_G) / fac)


def _igamc_continued_fraction(a: float, x: float) -> float:
    """Q(a, x) by the continued fraction of DLMF 8.9.2 (``x > 1.1``, ``x >= a``)."""
    ax = _igam_fac(a, x)
    if ax == 0.0:
        return 0.0
    y = 1.0 - a
    z = x + y + 1.0
    c = 0.0
    pkm2 = 1.0
    qkm2 = x
    pkm1 = x + 1.0
    qkm1 = z * x
    ans = pkm1 / qkm1
    for _ in range(_MAXITER):
        c += 1.0
        y += 1.0
        z += 2.0
        yc = y * c
        pk = pkm1 * z - pkm2 * yc
        qk = qkm1 * z - qkm2 * yc
        if qk != 0:
            r = pk / qk
            t = abs((ans - r) / r)
            ans = r
        else:
            t = 1.0
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        if abs(pk) > _BIG:
            pkm2 *= _BIGINV
            pkm1 *= _BIGINV
            qkm2 *= _BIGINV
            qkm1 *= _BIGINV
        if t <= _MACHEP:
            break
    return ans * ax


def _igam_series(a: float, x: float) -> float:
    """P(a, x) by the power series of DLMF 8.11.4."""
    ax = _igam_fac(a, x)
    if ax == 0.0:
        return 0.0
    r = a
    c = 1.0
    ans = 1.0
    for _ in range(_MAXITER):
        r += 1.0
        c *= x / r
        ans += c
        if c <= _MACHEP * ans:
            break
    return ans * ax / a


#: ζ(n) for n = 2..41 as Cephes's ``zeta(n, 1)`` gives them (``scipy.special.zeta(n, 1)``;
#: not all correctly rounded: ζ(2) is one ulp above π²/6), for the Taylor series of log Γ(1+x)
_ZETA = (1.6449340668482266, 1.202056903159594, 1.0823232337111381, 1.0369277551433704,
         1.0173430619844488, 1.008349277381923, 1.0040773561979446, 1.0020083928260826,
         1.0009945751278182, 1.0004941886041194, 1.0002460865533078, 1.0001227133475785,
         1.0000612481350586, 1.0000305882363072, 1.0000152822594084, 1.0000076371976376,
         1.000003817293265, 1.0000019082127163, 1.0000009539620338, 1.0000004769329867,
         1.0000002384505027, 1.000000119219926, 1.000000059608189, 1.0000000298035034,
         1.0000000149015549, 1.0000000074507118, 1.000000003725334, 1.0000000018626598,
         1.0000000009313275, 1.0000000004656628, 1.000000000232831, 1.0000000001164155,
         1.0000000000582077, 1.0000000000291038, 1.000000000014552, 1.000000000007276,
         1.000000000003638, 1.000000000001819, 1.0000000000009095, 1.0000000000004547)
_EULER = 0.577215664901532860606512090082402431
_EXPM1_P = (1.2617719307481059087798e-4, 3.0299440770744196129956e-2,
            9.9999999999999999991025e-1)
_EXPM1_Q = (3.0019850513866445504159e-6, 2.5244834034968410419224e-3,
            2.2726554820815502876593e-1, 2.0000000000000000000897e0)


def _expm1(x: float) -> float:
    """Cephes ``expm1``: ``2x P(x²) / (Q(x²) - x P(x²))`` on [-0.5, 0.5]."""
    if not -0.5 <= x <= 0.5:
        return math.exp(x) - 1.0
    xx = x * x
    r = x * _polevl(xx, _EXPM1_P)
    r = r / (_polevl(xx, _EXPM1_Q) - r)
    return r + r


def _lgam1p_taylor(x: float) -> float:
    """log Γ(1 + x) by its Taylor series around 0: ``-γx + Σ ζ(n) (-x)^n / n``."""
    if x == 0:
        return 0.0
    res = -_EULER * x
    xfac = -x
    for n in range(2, 42):
        xfac *= -x
        coeff = _ZETA[n - 2] * xfac / n
        res += coeff
        if abs(coeff) < _MACHEP * abs(res):
            break
    return res


def _lgam1p(x: float) -> float:
    """log Γ(1 + x), precise near x = 0 and x = 1."""
    if abs(x) <= 0.5:
        return _lgam1p_taylor(x)
    if abs(x - 1) < 0.5:
        return math.log(x) + _lgam1p_taylor(x - 1)
    return lgam(x + 1)


def _igamc_series(a: float, x: float) -> float:
    """Q(a, x) for small ``x`` by DLMF 8.7.3, without the cancellation of ``1 - P``."""
    fac = 1.0
    total = 0.0
    for n in range(1, _MAXITER):
        fac *= -x / n
        term = fac / (a + n)
        total += term
        if abs(term) <= _MACHEP * abs(total):
            break
    logx = math.log(x)
    term = -_expm1(a * logx - _lgam1p(a))
    return term - math.exp(a * logx - lgam(a)) * total


def _asymptotic(a: float, x: float) -> bool:
    """Whether Temme's expansion is taken at ``(a, x)`` (``a`` large and close to ``x``)."""
    ratio = abs(x - a) / a
    return (20 < a < 200 and ratio < 0.3) or (a > 200 and ratio < 4.5 / math.sqrt(a))


def _temme(a: float, x: float, lower: bool) -> float:
    """P (``lower``) or Q by Temme's uniform asymptotic expansion (DLMF 8.12.3/8.12.4):
    ``erfc(±η √(a/2)) / 2 ± e^(-aη²/2) / √(2πa) Σ_k c_k(η) a^-k``, ``½η² = λ - 1 - ln λ``,
    ``λ = x / a``, ``c_k(η) = Σ_n D[k][n] η^n`` (:mod:`probisnis.sim.temme`)."""
    from probisnis.sim.temme import D

    lam = x / a
    sigma = (x - a) / a
    if lam > 1:
        eta = math.sqrt(-2 * _log1pmx(sigma))
    elif lam < 1:
        eta = -math.sqrt(-2 * _log1pmx(sigma))
    else:
        eta = 0.0
    sgn = -1.0 if lower else 1.0
    res = 0.5 * _erfc(sgn * eta * math.sqrt(a / 2))
    etapow = [1.0]
    total = 0.0
    afac = 1.0
    absoldterm = math.inf
    for row in D:
        ck = row[0]
        for n in range(1, len(row)):
            if n == len(etapow):
                etapow.append(eta * etapow[n - 1])
            ckterm = row[n] * etapow[n]
            ck += ckterm
            if abs(ckterm) < _MACHEP * abs(ck):
                break
        term = ck * afac
        absterm = abs(term)
        if absterm > absoldterm:
            break
        total += term
        if absterm < _MACHEP * abs(total):
            break
        absoldterm = absterm
        afac /= a
    return res + sgn * math.exp(-0.5 * a * eta * eta) * total / math.sqrt(2 * math.pi * a)


def _edge(a: float, x: float, lower: bool) -> float | None:
    """P (``lower``) or Q at the edges of the domain; None inside it."""
    if math.isnan(a) or math.isnan(x) or x < 0 or a < 0:
        return math.nan
    if a == 0:
        return (1.0 if lower else 0.0) if x > 0 else math.nan
    if x == 0:
        return 0.0 if lower else 1.0
    if math.isinf(a):
        return math.nan if math.isinf(x) else (0.0 if lower else 1.0)
    if math.isinf(x):
        return 1.0 if lower else 0.0
    return None


def gammainc(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x): ``scipy.special.gammainc``, bit for bit."""
    edge = _edge(a, x, lower=True)
    if edge is not None:
        return edge
    if _asymptotic(a, x):
        return _temme(a, x, lower=True)
    if x > 1.0 and x > a:
        return 1.0 - gammaincc(a, x)
    return _igam_series(a, x)


def gammaincc(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x): ``scipy.special.gammaincc``, bit for bit."""
    edge = _edge(a, x, lower=False)
    if edge is not None:
        return edge
    if _asymptotic(a, x):
        return _temme(a, x, lower=False)
    if x > 1.1:
        if x < a:
            return 1.0 - _igam_series(a, x)
        return _igamc_continued_fraction(a, x)
    large_a = -0.4 / math.log(x) < a if x <= 0.5 else x * 1.1 < a
    if large_a:
        return 1.0 - _igam_series(a, x)
    return _igamc_series(a, x)
