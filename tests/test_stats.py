"""The Student-t quantiles that ``t_interval`` keeps in a table are scipy's, bit for bit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from probisnis.sim.stats import T_975, t_interval


@pytest.mark.parametrize("df", range(1, len(T_975) + 1))
def test_the_table_equals_scipy_exactly(df):
    assert T_975[df - 1] == float(special.stdtrit(df, 0.5 + 0.95 / 2.0))


@pytest.mark.parametrize("n", [2, 5, 31, 32, 40])
@pytest.mark.parametrize("confidence", [0.95, 0.9])
def test_intervals_equal_the_scipy_formula(n, confidence):
    """Inside the table, beyond it (n = 32, 40) and at other levels: the same numbers."""
    x = np.random.default_rng(n).gamma(2.0, 3.0, n)
    mean, sd = float(x.mean()), float(x.std(ddof=1))
    half = float(special.stdtrit(n - 1, 0.5 + confidence / 2.0)) * sd / math.sqrt(n)
    assert t_interval(x, confidence) == (mean, mean - half, mean + half)
