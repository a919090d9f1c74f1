"""Statistics behind the KPI tables: Student-t intervals, mergeable moments, ``summarize``.

``summarize(replication_kpis)`` turns the per-replication KPI table made by
:func:`probisnis.sim.kpis.kpis` (one ``value`` per replication, KPI name and
scope) into KPI records ``name, scope, mean, ci_low, ci_high, unit``: the mean
over replications and a two-sided Student-t confidence interval
``mean ± t(1 - α/2, R - 1) · s / √R`` where ``s`` is the sample standard
deviation of the R replication values. With a single replication the bounds
are NaN (no spread can be estimated from one value).

:class:`Moments` keeps count, mean and the sum of squared deviations of a
stream of values and merges batches with Chan et al.'s parallel update, so KPIs
can be accumulated chunk by chunk without keeping the observations.

The Student-t quantile is :func:`scipy.special.stdtrit` (the function behind
``scipy.stats.t.ppf``, same values): importing :mod:`scipy.stats` would cost ~50 MB
and most of a second on every simulate and KPI run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KPI_COLUMNS", "REPLICATION_KPI_COLUMNS", "Moments", "SummaryRow", "summarize",
           "summary_frame", "summary_rows", "t_interval"]

#: one KPI record: name, scope, mean, ci_low, ci_high, unit
SummaryRow = tuple[str, str, float, float, float, str]

#: columns of a KPI record table, in this order
KPI_COLUMNS: tuple[str, ...] = ("name", "scope", "mean", "ci_low", "ci_high", "unit")
#: columns of a per-replication KPI table, in this order
REPLICATION_KPI_COLUMNS: tuple[str, ...] = (
    "replication",
    "name",
    "scope",
    "value",
    "n",
    "std",
    "unit",
)


#: ``scipy.special.stdtrit(df, 0.975)`` for ``df`` = 1..30, the Student-t quantile of a 95 %
#: interval with up to 31 replications, copied exactly (``repr``) so that a run does not import
#: scipy for it (~0.2 s start-up); tests/test_stats.py checks every entry equals scipy's.
T_975: tuple[float, ...] = (
    12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934,
    2.5705818356363146, 2.4469118511449786, 2.364624251592784, 2.306004135204166,
    2.262157162798205, 2.228138851986274, 2.200985160091639, 2.1788128296672284,
    2.1603686564627913, 2.144786687917804, 2.131449545559776, 2.1199052992212546,
    2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864,
    2.0796138447276795, 2.0738730679040254, 2.0686576104190486, 2.0638985616280245,
    2.0595385527532972, 2.0555294386428735, 2.0518305164802846, 2.0484071417952454,
    2.045229642132703, 2.0422724563012378,
)


def t_interval(values: Iterable[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """Return ``(mean, low, high)``: the Student-t interval for the mean of ``values``.

    NaN values are ignored. No values gives three NaNs; one value gives the value and
    NaN bounds; identical values give a zero-width interval.
    """
    if not 0.0 < confidence < 1.0:
        raise UsageError(f"confidence must be in (0, 1), got {confidence!r}")
    x = np.asarray(list(values), dtype=float)
    x = x[~np.isnan(x)]
    n = x.size
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if n == 1:
        return (mean, math.nan, math.nan)
    sd = float(x.std(ddof=1))
    half = _t_quantile(n - 1, confidence) * sd / math.sqrt(n)
    return (mean, mean - half, mean + half)


def _t_quantile(df: int, confidence: float) -> float:
    """The ``0.5 + confidence / 2`` quantile of Student's t with ``df`` degrees of freedom."""
    if confidence == 0.95 and df <= len(T_975):
        return T_975[df - 1]
    from scipy import special  # here, not at import: start-up time

    return float(special.stdtrit(df, 0.5 + confidence / 2.0))


def summarize(replication_kpis: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Return KPI records (``name, scope, mean, ci_low, ci_high, unit``) over replications.

    ``replication_kpis`` needs columns ``name, scope, value, unit`` (one row per KPI and
    replication, as :func:`probisnis.sim.kpis.kpis` returns). A KPI missing from some
    replications (an activity that never ran there) is averaged over the replications
    that have it; NaN values are ignored. Rows keep the order of first appearance.
    """
    missing = {"name", "scope", "value", "unit"} - set(replication_kpis.columns)
    if missing:
        raise UsageError(f"summarize: KPI table lacks columns {sorted(missing)}")
    t = replication_kpis
    return summary_frame(_summary(zip(t["name"], t["scope"], t["unit"],
                                      t["value"].to_numpy(dtype=float), strict=True),
                                  confidence))


def summary_rows(replication_kpis: Iterable[tuple[Any, ...]],
                 confidence: float = 0.95) -> list[SummaryRow]:
    """:func:`summarize` of per-replication KPI rows given as tuples
    (:data:`REPLICATION_KPI_COLUMNS`, as :meth:`StreamingKpis.rows` gives them), as tuples
    (:data:`KPI_COLUMNS`): the same numbers, without pandas."""
    return _summary(((r[1], r[2], r[6], float(r[3])) for r in replication_kpis), confidence)


def _summary(rows: Iterable[tuple[Any, Any, Any, float]], confidence: float
             ) -> list[SummaryRow]:
    """``(name, scope, unit, value)`` rows grouped by KPI in order of first appearance, each
    group's values summarized by :func:`t_interval`."""
    groups: dict[tuple[Any, Any, Any], list[float]] = {}
    for name, scope, unit, value in rows:
        groups.setdefault((name, scope, unit), []).append(value)
    out: list[SummaryRow] = []
    for (name, scope, unit), values in groups.items():
        mean, low, high = t_interval(values, confidence)
        out.append((name, scope, mean, low, high, unit))
    return out


def summary_frame(rows: Iterable[SummaryRow]) -> pd.DataFrame:
    """KPI records as the DataFrame :func:`summarize` returns."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(KPI_COLUMNS)).astype(
        {"mean": float, "ci_low": float, "ci_high": float}
    )


@dataclass
class Moments:
    """Count, mean and sum of squared deviations (``m2``) of a stream of values."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add_batch(self, values: np.ndarray) -> None:
        """Merge a batch of values (NaN-free) into the running moments."""
        x = np.asarray(values, dtype=float)
        if x.size == 0:
            return
        bm = float(x.mean())
        self.merge(int(x.size), bm, float(((x - bm) ** 2).sum()))

    def merge(self, n: int, mean: float, m2: float) -> None:
        """Merge another set of moments (Chan, Golub and LeVeque's pairwise update)."""
        if n == 0:
            return
        if self.n == 0:
            self.n, self.mean, self.m2 = n, mean, m2
            return
        total = self.n + n
        delta = mean - self.mean
        self.mean += delta * n / total
        self.m2 += m2 + delta * delta * self.n * n / total
        self.n = total

    @property
    def std(self) -> float:
        """Sample standard deviation (NaN below two values)."""
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else math.nan
