"""The engine against closed-form results: seeded replications, theory inside the 95 % CI.

All scenarios run on the 24/7 calendar (working time = clock time), with Poisson
arrivals and exponential services where queueing theory needs them. Each check is
deterministic for its seed; it fails when the engine's queueing, routing or timing is
wrong by more than the replication noise.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from probisnis.sim import simulate
from probisnis.sim.kpis import result_kpis
from probisnis.sim.stats import summarize, t_interval
from sim_helpers import exp, scenario


def kpi(result, name: str, scope: str, warmup: int = 0) -> tuple[float, float, float]:
    table = summarize(result_kpis(result, warmup_cases=warmup))
    row = table[(table["name"] == name) & (table["scope"] == scope)]
    assert len(row) == 1, f"no KPI {name}/{scope}"
    r = row.iloc[0]
    return float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    """Mean waiting time in queue of M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


@pytest.mark.parametrize(("rho", "cases", "seed"), [(0.5, 8000, 1), (0.8, 20000, 2)])
def test_mmc_waiting_time_matches_erlang_c(rho: float, cases: int, seed: int) -> None:
    c, mu = 2, 1.0
    lam = rho * c * mu
    sc = scenario("single.bpmn", process="P_single", tasks={"T": (exp(1 / mu), "servers")},
                  pools={"servers": c}, interarrival=exp(1 / lam), cases=cases)
    r = simulate(sc, seed=seed, replications=10)
    theory = erlang_c_wait(lam, mu, c)
    mean, lo, hi = kpi(r, "waiting_time", "T", warmup=1000)
    assert lo <= theory <= hi, (theory, mean, lo, hi)
    # utilisation of the pool is rho
    mean, lo, hi = kpi(r, "utilization", "servers", warmup=1000)
    assert lo <= rho <= hi, (rho, mean, lo, hi)


def test_erlang_c_formula_itself() -> None:
    # textbook values: M/M/2 with a = 1 -> P(wait) = 1/3, Wq = 1/3; M/M/1 -> rho / (mu - lam)
    assert erlang_c_wait(1.0, 1.0, 2) == pytest.approx(1 / 3)
    assert erlang_c_wait(0.5, 1.0, 1) == pytest.approx(0.5 / (1 - 0.5))


def test_tandem_line_sojourn_is_the_sum_of_mm1_sojourns() -> None:
    lam, mu1, mu2 = 1.0, 2.0, 1.6
    sc = scenario("tandem.bpmn", process="P_tandem",
                  tasks={"T1": (exp(1 / mu1), "s1"), "T2": (exp(1 / mu2), "s2")},
                  pools={"s1": 1, "s2": 1}, interarrival=exp(1 / lam), cases=15000)
    r = simulate(sc, seed=3, replications=10)
    theory = 1 / (mu1 - lam) + 1 / (mu2 - lam)  # Jackson: independent M/M/1 stations
    mean, lo, hi = kpi(r, "cycle_time", "process", warmup=1000)
    assert lo <= theory <= hi, (theory, mean, lo, hi)


def test_bernoulli_rework_loop_visits_and_cycle_time() -> None:
    p = 0.3  # probability of going round again
    sc = scenario("rework.bpmn", process="P_rework", tasks={"T": exp(1.0)},
                  branching={"G_ok": {"f_ok": 1 - p, "f_redo": p}}, cases=3000)
    r = simulate(sc, seed=4, replications=10)
    per_rep = r.log.groupby(["replication", "case_id"]).size().groupby("replication").mean()
    mean, lo, hi = t_interval(per_rep.to_numpy())
    assert lo <= 1 / (1 - p) <= hi, (mean, lo, hi)
    # no queue (no resource): cycle time = visits x mean work = 1 / (1 - p)
    mean, lo, hi = kpi(r, "cycle_time", "process")
    assert lo <= 1 / (1 - p) <= hi, (mean, lo, hi)


def test_parallel_split_cycle_time_is_the_mean_of_the_max() -> None:
    a, b = 1.0, 0.5  # rates of the two branches
    sc = scenario("parallel.bpmn", process="P_parallel",
                  tasks={"A": exp(1 / a), "B": exp(1 / b)}, cases=3000)
    r = simulate(sc, seed=5, replications=10)
    theory = 1 / a + 1 / b - 1 / (a + b)
    mean, lo, hi = kpi(r, "cycle_time", "process")
    assert lo <= theory <= hi, (theory, mean, lo, hi)


def test_conservation_and_sanity_under_a_horizon() -> None:
    # an overloaded line cut by a horizon: every arrived case is finished or in flight
    sc = scenario("tandem.bpmn", process="P_tandem",
                  tasks={"T1": (exp(0.9), "s1"), "T2": (exp(1.2), "s2")},
                  pools={"s1": 1, "s2": 1}, interarrival=exp(1.0), cases=None,
                  horizon=20000.0)
    r = simulate(sc, seed=6, replications=3)
    for rep, cases in r.cases.groupby("replication"):
        status = cases["status"].value_counts()
        assert status.sum() == len(cases) == status.get("finished", 0) + status.get(
            "in_flight", 0)
        assert status.get("in_flight", 0) > 0
        assert (cases["arrival"] <= 20000).all()
        # the number of arrivals is Poisson(20000): within 5 sd
        assert abs(len(cases) - 20000) < 5 * math.sqrt(20000), rep
    log = r.log
    assert (log["start"].dropna() >= log.loc[log["start"].notna(), "enable"]).all()
    done = log.dropna(subset=["end"])
    assert (done["end"] >= done["start"]).all() and (done["end"] <= 20000).all()
    util = result_kpis(r)
    util = util[util["name"] == "utilization"]["value"]
    assert ((util >= 0) & (util <= 1 + 1e-9)).all()
    assert (util > 0.95).any()  # station 2 is the saturated one


def test_same_seed_gives_an_identical_log() -> None:
    sc = scenario("tandem.bpmn", process="P_tandem",
                  tasks={"T1": (exp(0.5), "s1"), "T2": (exp(0.6), "s2")},
                  pools={"s1": 1, "s2": 1}, interarrival=exp(1.0), cases=2000)
    a = simulate(sc, seed=9, replications=2)
    b = simulate(sc, seed=9, replications=2)
    assert a.log.equals(b.log)
    pd.testing.assert_frame_equal(a.cases, b.cases)
    assert not np.array_equal(a.log["end"].to_numpy(),
                              simulate(sc, seed=10, replications=2).log["end"].to_numpy())
