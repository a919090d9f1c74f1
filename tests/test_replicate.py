"""Replications on independent streams and the Student-t machinery, against known truths."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kpi_fixtures import mm1_log
from probisnis.errors import UsageError
from probisnis.sim.replicate import replicate, spawn_seeds
from probisnis.sim.stats import Moments, summarize, t_interval


def test_t_interval_by_hand() -> None:
    # mean 3, s = sqrt(2.5), t(0.975, 4) = 2.7764451051977987 (tables: 2.776)
    mean, low, high = t_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    half = 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5)
    assert mean == 3.0
    assert low == pytest.approx(3.0 - half, rel=1e-12)
    assert high == pytest.approx(3.0 + half, rel=1e-12)
    assert half == pytest.approx(1.963243, abs=1e-6)
    # 90%: t(0.95, 4) = 2.131847
    _, low90, _ = t_interval([1.0, 2.0, 3.0, 4.0, 5.0], confidence=0.90)
    assert 3.0 - low90 == pytest.approx(2.131847 * math.sqrt(0.5), abs=1e-6)
    one = t_interval([7.0])
    assert one[0] == 7.0 and math.isnan(one[1]) and math.isnan(one[2])
    assert t_interval([4.0, 4.0, 4.0]) == (4.0, 4.0, 4.0)
    assert all(math.isnan(x) for x in t_interval([]))
    with pytest.raises(UsageError):
        t_interval([1.0, 2.0], confidence=1.5)


def test_moments_merge_equals_batch() -> None:
    rng = np.random.default_rng(1)
    x = rng.gamma(2.0, 3.0, 1001)
    m = Moments()
    for part in np.array_split(x, 13):
        m.add_batch(part)
    assert m.n == x.size
    assert m.mean == pytest.approx(x.mean(), rel=1e-12)
    assert m.std == pytest.approx(x.std(ddof=1), rel=1e-10)


def test_ci_coverage_is_95_percent_over_independent_streams() -> None:
    """2000 KPIs, each with 5 replication values drawn N(10, 2^2) from the replication's
    own stream: about 95% of the 2000 t intervals hold 10. With a z interval coverage would
    be about 88%; with correlated streams the intervals collapse."""
    repeats, reps, truth = 2000, 5, 10.0

    def run_one(seq: np.random.SeedSequence, index: int) -> pd.DataFrame:
        rng = np.random.default_rng(seq)
        return pd.DataFrame({"name": "x", "scope": [f"k{i}" for i in range(repeats)],
                             "value": rng.normal(truth, 2.0, repeats), "unit": "s"})

    out = replicate(run_one, reps, seed=20250106, kpi_fn=lambda table: table)
    s = out.summary
    assert len(s) == repeats and out.count == reps
    covered = int(((s["ci_low"] <= truth) & (truth <= s["ci_high"])).sum())
    # binomial(2000, 0.95): mean 1900, sd 9.7; accept +- 4 sd
    lo, hi = stats.binom.ppf([3e-5, 1 - 3e-5], repeats, 0.95)
    assert lo <= covered <= hi, covered
    # mean width matches E[s] t / sqrt(5) for sigma = 2
    c4 = math.sqrt(2 / (reps - 1)) * math.gamma(reps / 2) / math.gamma((reps - 1) / 2)
    expected = 2 * stats.t.ppf(0.975, reps - 1) * 2.0 * c4 / math.sqrt(reps)
    assert (s["ci_high"] - s["ci_low"]).mean() == pytest.approx(expected, rel=0.03)


def test_streams_are_reproducible_and_prefix_stable() -> None:
    def run_one(seq: np.random.SeedSequence, index: int) -> pd.DataFrame:
        v = np.random.default_rng(seq).random()
        return pd.DataFrame({"name": ["u"], "scope": ["process"], "value": [v], "unit": ["-"]})

    a = replicate(run_one, 3, seed=42, kpi_fn=lambda t: t).kpis["value"].tolist()
    b = replicate(run_one, 5, seed=42, kpi_fn=lambda t: t).kpis["value"].tolist()
    c = replicate(run_one, 3, seed=43, kpi_fn=lambda t: t).kpis["value"].tolist()
    assert a == b[:3] and len(set(b)) == 5 and a != c
    assert [s.spawn_key for s in spawn_seeds(42, 3)] == [(0,), (1,), (2,)]
    with pytest.raises(UsageError):
        spawn_seeds(1, 0)


def test_one_replication_has_nan_bounds() -> None:
    def run_one(seq: np.random.SeedSequence, index: int) -> pd.DataFrame:
        return pd.DataFrame({"name": ["u"], "scope": ["process"], "value": [1.5], "unit": ["-"]})

    s = replicate(run_one, 1, seed=0, kpi_fn=lambda t: t).summary
    assert list(s.columns) == ["name", "scope", "mean", "ci_low", "ci_high", "unit"]
    assert s["mean"].item() == 1.5 and s[["ci_low", "ci_high"]].isna().all(axis=None)


def test_queue_replications_bracket_the_closed_form_mean() -> None:
    """M/M/1 with lambda = 1, mu = 2: mean time in system 1 / (mu - lambda) = 1, mean wait
    lambda / (mu (mu - lambda)) = 0.5, utilization 0.5. Fixed seed; 6 replications of
    3000 cases after a warm-up of 200."""

    def run_one(seq: np.random.SeedSequence, index: int) -> SimpleNamespace:
        log, cases, resources = mm1_log(np.random.default_rng(seq), 3000, lam=1.0, mu=2.0)
        return SimpleNamespace(log=log, cases=cases, resources=resources, horizon=None,
                               calendars={}, warnings=("a warning",))

    out = replicate(run_one, 6, seed=7, warmup_cases=200)
    s = out.summary.set_index(["name", "scope"])
    for key, truth in ((("cycle_time", "process"), 1.0), (("waiting_time", "T"), 0.5),
                       (("utilization", "R"), 0.5), (("wip", "process"), 1.0)):
        row = s.loc[key]
        assert row["ci_low"] <= truth <= row["ci_high"], (key, row.to_dict())
        assert row["ci_high"] - row["ci_low"] < 0.25 * truth
    assert out.warnings == tuple(f"replication {i}: a warning" for i in range(6))
    assert summarize(out.kpis).equals(out.summary)


def test_progress_bar_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    def run_one(seq: np.random.SeedSequence, index: int) -> pd.DataFrame:
        return pd.DataFrame({"name": ["u"], "scope": ["process"], "value": [1.0], "unit": ["-"]})

    replicate(run_one, 2, seed=0, kpi_fn=lambda t: t)
    assert capsys.readouterr().err == ""
    replicate(run_one, 2, seed=0, kpi_fn=lambda t: t, progress=True)
    assert "replications: 100%" in capsys.readouterr().err
