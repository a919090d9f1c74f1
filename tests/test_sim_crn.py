"""Common random numbers: scenarios run with one seed share their draws where they agree.

Replication i of every scenario uses the same arrivals, the same first-visit duration per
(case, activity), the same branch uniform per (case, gateway) and the same timer delay per
(case, timer), so a change to one pool or one probability moves nothing else.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from probisnis.sim import ResourcePool, simulate
from probisnis.sim.kpis import result_kpis
from probisnis.sim.state import Case
from probisnis.sim.streams import Keyed, stable_key, uniform
from sim_helpers import exp, scenario


def first_visits(log: pd.DataFrame) -> pd.Series:
    """Working time of each (replication, case, activity) at its first visit (24/7 pools)."""
    done = log.dropna(subset=["end"]).sort_values(["replication", "case_id", "enable", "start"])
    first = done.groupby(["replication", "case_id", "element_id"], sort=True, observed=True).head(1)
    return (first["end"] - first["start"]).set_axis(
        pd.MultiIndex.from_frame(first[["replication", "case_id", "element_id"]]))


def rework(pool_count: int, p_redo: float = 0.3):
    return scenario("rework.bpmn", process="P_rework", tasks={"T": (exp(1.0), "desk")},
                    pools={"desk": pool_count}, interarrival=exp(1.2),
                    branching={"G_ok": {"f_ok": 1 - p_redo, "f_redo": p_redo}}, cases=400)


def test_a_scenario_compared_with_itself_differs_by_exactly_zero() -> None:
    sc = scenario("tandem.bpmn", process="P_tandem",
                  tasks={"T1": (exp(0.5), "s1"), "T2": (exp(0.6), "s2")},
                  pools={"s1": 1, "s2": 1}, interarrival=exp(1.0), cases=500)
    a, b = simulate(sc, seed=11, replications=3), simulate(sc, seed=11, replications=3)
    assert a.log.equals(b.log)
    ka, kb = result_kpis(a), result_kpis(b)
    diff = ka["value"].to_numpy() - kb["value"].to_numpy()
    assert np.array_equal(np.nan_to_num(diff), np.zeros(len(diff)))


def test_a_changed_head_count_keeps_arrivals_and_first_visit_durations() -> None:
    a = simulate(rework(1), seed=5, replications=3)
    b = simulate(rework(3), seed=5, replications=3)
    # the change took effect: waiting differs
    assert not np.array_equal(a.log["start"].to_numpy(), b.log["start"].to_numpy())
    pd.testing.assert_frame_equal(a.cases[["replication", "case_id", "arrival"]],
                                  b.cases[["replication", "case_id", "arrival"]])
    fa, fb = first_visits(a.log), first_visits(b.log)
    assert len(fa) == 3 * 400
    pd.testing.assert_series_equal(fa, fb)
    # every visit's branch uniform and duration is keyed by (case, visit number): each case
    # goes round as often, and every round takes as long, whatever the order of the queue
    def rounds(log: pd.DataFrame) -> pd.Series:
        log = log.sort_values(["replication", "case_id", "enable"])
        k = log.groupby(["replication", "case_id"]).cumcount()
        return (log["end"] - log["start"]).set_axis(
            pd.MultiIndex.from_arrays([log["replication"], log["case_id"], k]))
    ra, rb = rounds(a.log), rounds(b.log)
    assert len(ra) > 3 * 400 * 1.2  # loops happened
    pd.testing.assert_series_equal(ra, rb)
    # replications differ from each other (each has its own streams)
    assert not np.array_equal(fa.xs(0).to_numpy(), fa.xs(1).to_numpy())


def test_a_changed_probability_keeps_the_durations_of_other_draws() -> None:
    a = simulate(rework(2, 0.3), seed=8, replications=2)
    b = simulate(rework(2, 0.5), seed=8, replications=2)
    pd.testing.assert_series_equal(first_visits(a.log), first_visits(b.log))
    # a larger rework probability with the same uniforms: every case that went round
    # in A goes round in B too (u < 0.3 implies u < 0.5 on the first decision)
    went_a = a.log.groupby(["replication", "case_id"]).size() > 1
    went_b = b.log.groupby(["replication", "case_id"]).size() > 1
    assert (went_b | ~went_a).all() and went_b.sum() > went_a.sum()


def test_a_pool_added_elsewhere_keeps_every_draw() -> None:
    base = scenario("tandem.bpmn", process="P_tandem",
                    tasks={"T1": (exp(0.5), "s1"), "T2": (exp(0.6), "s2")},
                    pools={"s1": 1, "s2": 1}, interarrival=exp(1.0), cases=300)
    pools = dict(base.pools)
    pools["s2"] = ResourcePool("s2", 2)
    other = replace(base, pools=pools)
    a, b = simulate(base, seed=3), simulate(other, seed=3)
    pd.testing.assert_series_equal(first_visits(a.log), first_visits(b.log))


def test_keyed_values_depend_on_key_and_case_only() -> None:
    seed = np.random.SeedSequence(42).spawn(2)[1]
    key = stable_key("P", "T")
    assert key == stable_key("P", "T") and key != stable_key("P", "U")
    one = Keyed(seed, 1, key, 0, uniform)
    two = Keyed(seed, 1, key, 5, uniform)
    cases = [Case(i, 0.0, {}) for i in range(3000)]
    forward = [one(c) for c in cases]
    for c in cases:
        c.drawn = 0
    backward = [two(c) for c in reversed(cases)]
    assert forward == backward[::-1]  # any order of cases, across several blocks
    # a second visit draws its own value, keyed by the visit's number: the same for the
    # case whenever it comes back, and not the first visit's
    c0, c1 = Case(0, 0.0, {}), Case(1, 0.0, {})
    assert one(c0) == forward[0]
    one(c1), one(c1)  # another case's revisit first: c0's second value must not move
    again = one(c0)
    assert again != forward[0] and 0 <= again < 1
    c0b = Case(0, 0.0, {})
    assert [two(c0b), two(c0b)] == [forward[0], again]
    other = Keyed(np.random.SeedSequence(42).spawn(2)[0], 1, key, 0, uniform)
    assert other(Case(0, 0.0, {})) != forward[0]  # another replication, another stream


# the heap kernel and the simpy path give the identical log for the same seed:
# tests/test_sim_kernel.py
