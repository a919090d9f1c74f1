"""People who hold several tasks at once (``ResourcePool.multitask``, issue 9), against truth.

* ``multitask = [1.0]``: every person is two servers, so one person is M/M/2 (Erlang C)
  and two people are M/M/4;
* a table below 1: the rule of ``sim/multitask.py`` written as a continuous-time Markov
  chain (state: tasks held, open or not, queue length), solved exactly, gives the mean
  wait the simulation must match;
* ``multitask = [0.0]`` gives the log of a plain pool, draw for draw.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import cast

import numpy as np
import pytest

from probisnis import check_stability
from probisnis.errors import ScenarioError, UsageError
from probisnis.sim import simulate
from probisnis.sim.compile import compile_scenario
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.kernel import HEAP, SIMPY, engine_for, heap_refusal
from probisnis.sim.kpis import result_kpis
from probisnis.sim.multitask import at_saturation, weekly_at_saturation
from probisnis.sim.scenario import Arrivals, Batch, ResourcePool, TaskSpec
from probisnis.sim.scenario_toml import load_scenario
from probisnis.sim.stats import summarize
from sim_helpers import exp, fixed, scenario

ROOT = Path(__file__).resolve().parents[1]


def kpi(result, name: str, scope: str, warmup: int = 0) -> tuple[float, float, float]:
    table = summarize(result_kpis(result, warmup_cases=warmup))
    row = table[(table["name"] == name) & (table["scope"] == scope)].iloc[0]
    return float(row["mean"]), float(row["ci_low"]), float(row["ci_high"])


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    a = lam / mu
    top = a**c / math.factorial(c) / (1 - a / c)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top) / (c * mu - lam)


def markov_wait(lam: float, mu: float, table: tuple[float, ...], cap: int = 300) -> float:
    """Mean wait in queue of one person following ``table`` (Poisson arrivals, each task
    exponential with rate ``mu`` whatever else is held), from the chain's stationary law."""

    def p_open(k: int) -> float:
        return 1.0 if k == 0 else table[k - 1] if k <= len(table) else 0.0

    def settle(k: int, n: int) -> list[tuple[float, tuple[int, bool, int]]]:
        """Where the person ends when the number held has just become ``k``, ``n`` waiting:
        open with p_open(k), and an open person takes the first waiting task at once."""
        p = p_open(k)
        out: list[tuple[float, tuple[int, bool, int]]] = []
        if p > 0:
            out += [(p * q, s) for q, s in settle(k + 1, n - 1)] if n else [(p, (k, True, 0))]
        if p < 1:
            out.append((1 - p, (k, False, n)))
        return out

    index: dict[tuple[int, bool, int], int] = {}
    rates: list[tuple[int, int, float]] = []
    todo = [(0, True, 0)]
    index[todo[0]] = 0
    while todo:
        s = todo.pop()
        k, is_open, n = s
        moves = []
        if is_open:
            moves += [(lam * q, t) for q, t in settle(k + 1, n)]
        elif n < cap:
            moves.append((lam, (k, False, n + 1)))
        if k:
            moves += [(k * mu * q, t) for q, t in settle(k - 1, n)]
        for rate, t in moves:
            if t not in index:
                index[t] = len(index)
                todo.append(t)
            rates.append((index[s], index[t], rate))
    q = np.zeros((len(index), len(index)))
    for i, j, rate in rates:
        if i != j:
            q[i, j] += rate
            q[i, i] -= rate
    a = np.vstack([q.T, np.ones(len(index))])
    b = np.zeros(len(index) + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(a, b, rcond=None)[0]
    waiting = sum(pi[i] * n for (_, _, n), i in index.items())
    return waiting / lam


def _one_task(table: tuple[float, ...], lam: float, mu: float, cases: int, people: int = 1):
    sc = scenario("single.bpmn", process="P_single", tasks={"T": (exp(1 / mu), "servers")},
                  pools={"servers": people}, interarrival=exp(1 / lam), cases=cases)
    return dataclasses.replace(sc, pools={"servers": ResourcePool("servers", people,
                                                                  multitask=table)})


def test_the_chain_is_right_where_theory_is_known() -> None:
    assert markov_wait(0.5, 1.0, ()) == pytest.approx(0.5 / (1 - 0.5), rel=1e-9)  # M/M/1
    assert markov_wait(1.5, 1.0, (1.0,)) == pytest.approx(erlang_c_wait(1.5, 1.0, 2),
                                                          rel=1e-9)
    assert markov_wait(2.4, 1.0, (1.0, 1.0)) == pytest.approx(erlang_c_wait(2.4, 1.0, 3),
                                                               rel=1e-9)


@pytest.mark.parametrize(("people", "lam", "seed"), [(1, 1.5, 3), (2, 3.0, 4)])
def test_two_tasks_at_once_for_sure_is_two_servers(people: int, lam: float, seed: int) -> None:
    r = simulate(_one_task((1.0,), lam, 1.0, 20000, people), seed=seed, replications=10)
    theory = erlang_c_wait(lam, 1.0, 2 * people)
    mean, lo, hi = kpi(r, "waiting_time", "T", warmup=1000)
    assert lo <= theory <= hi, (theory, mean, lo, hi)
    # utilisation adds the tasks' times (as Prosimos's): lam / mu per person, above 1
    mean, lo, hi = kpi(r, "utilization", "servers", warmup=1000)
    assert lo <= lam / people <= hi, (mean, lo, hi)


@pytest.mark.parametrize(("table", "lam", "seed"), [((0.5,), 0.9, 5), ((0.6, 0.3), 1.2, 6)])
def test_a_table_below_one_matches_its_markov_chain(table: tuple[float, ...], lam: float,
                                                     seed: int) -> None:
    theory = markov_wait(lam, 1.0, table)
    r = simulate(_one_task(table, lam, 1.0, 20000), seed=seed, replications=10)
    mean, lo, hi = kpi(r, "waiting_time", "T", warmup=1000)
    assert lo <= theory <= hi, (theory, mean, lo, hi)
    # and it is not the one-server or the always-open answer
    assert not lo <= markov_wait(lam, 1.0, ()) <= hi if lam < 1 else True
    assert not lo <= markov_wait(lam, 1.0, (1.0,) * len(table)) <= hi


def test_never_taking_a_second_task_is_a_plain_pool_draw_for_draw() -> None:
    plain = _one_task((), 0.8, 1.0, 2000)
    never = _one_task((0.0, 0.0), 0.8, 1.0, 2000)
    a, b = simulate(plain, seed=1, replications=2), simulate(never, seed=1, replications=2)
    assert (a.kernel, b.kernel) == (HEAP, SIMPY)
    assert a.log.equals(b.log)


def test_people_hold_at_most_the_table_plus_one() -> None:
    # fixed long tasks arriving together: three at once each, the rest wait
    sc = _one_task((1.0, 1.0), 100.0, 1.0, 12, people=2)
    sc = dataclasses.replace(sc, tasks={"T": TaskSpec(fixed(10.0), "servers")})
    log = simulate(sc, seed=2).log
    ends = log.sort_values("start")
    at_once = [int(((ends["start"] <= t) & (ends["end"] > t)).sum()) for t in ends["start"]]
    assert max(at_once) == 6
    assert (log["start"] < 10).sum() == 6 and (log["start"] >= 10).sum() == 6


def test_the_heap_kernel_refuses() -> None:
    compiled = compile_scenario(_one_task((0.5,), 0.8, 1.0, 50))
    assert heap_refusal(compiled) == "people who hold several tasks at once (multitask)"
    with pytest.raises(UsageError, match="multitask"):
        engine_for(compiled, replication=0, seed=np.random.SeedSequence(1),
                   log=cast(LogColumns, None), kernel=HEAP)


def test_a_horizon_logs_every_task_in_hand() -> None:
    sc = _one_task((1.0, 1.0), 100.0, 1.0, None)
    sc = dataclasses.replace(sc, tasks={"T": TaskSpec(fixed(10.0), "servers")}, horizon=5.0)
    log = simulate(sc, seed=2).log
    started = log[log["start"].notna()]
    assert len(started) == 3 and started["end"].isna().all()


def test_a_batch_task_cannot_multitask() -> None:
    sc = _one_task((1.0,), 0.8, 1.0, 50)
    sc = dataclasses.replace(sc, tasks={"T": TaskSpec(exp(1.0), "servers",
                                                      batch=Batch("parallel", 2))})
    with pytest.raises(ScenarioError, match=r"\[tasks\.T\.batch\].*multitask"):
        simulate(sc, seed=1)


def _toml(tmp_path: Path, line: str) -> Path:
    text = (ROOT / "tests/data/sim/permit.toml").read_text(encoding="utf-8")
    head, sep, rest = text.partition("[resources.")
    pid, _, body = rest.partition("]")
    head = head.replace('model = "../../../../shared', f'model = "{ROOT.parent}/shared')
    path = tmp_path / "multi.toml"
    path.write_text(f"{head}{sep}{pid}]\n{line}{body}", encoding="utf-8")
    return path


def test_the_toml_key(tmp_path: Path) -> None:
    sc = load_scenario(_toml(tmp_path, "multitask = [1.0, 0.25]"))
    assert sc.pools["clerk"].multitask == (1.0, 0.25)
    for bad, key in (("multitask = [1.5]", "multitask[0]"), ("multitask = 0.5", "multitask"),
                     ('multitask = ["x"]', "multitask[0]")):
        with pytest.raises(ScenarioError) as info:
            load_scenario(_toml(tmp_path, bad))
        assert f".{key}]" in str(info.value), str(info.value)


def test_saturation_capacity_is_what_an_overloaded_person_gets_through() -> None:
    assert at_saturation(()) == 1.0
    assert at_saturation((1.0,)) == pytest.approx(2.0)
    assert at_saturation((0.5,)) == pytest.approx(4 / 3)  # levels 1, 2 at 2/3, 1/3
    # cases arriving far faster than served: completions per second -> at_saturation
    for table in ((0.5,), (0.6, 0.3)):
        log = simulate(_one_task(table, 50.0, 1.0, 20000), seed=7).log
        done = log["end"].sort_values().to_numpy()
        rate = (len(done) - 2001) / (done[-1] - done[2000])
        assert rate == pytest.approx(at_saturation(table), rel=0.03), (table, rate)


def test_the_stability_check_counts_the_tasks_a_person_holds() -> None:
    # one person, 1.5 tasks' worth of work per unit of time: two at once is 75 % loaded
    for table, stable in (((1.0,), True), ((), False)):
        r = simulate(_one_task(table, 1.5, 1.0, 4000), seed=8)
        assert check_stability(r).stable is stable, table


def _hours(spans: dict[int, tuple[float, ...]]) -> tuple[tuple[float, ...], ...]:
    return tuple(spans.get(h, ()) for h in range(168))


def test_an_hourly_table_holds_in_its_hours_to_the_second() -> None:
    # Monday from 08:00: two cases at 09:30 (both taken at once: the 09:00 hour multitasks)
    # and two at 13:30 (one after the other: no table at 13:00)
    sc = dataclasses.replace(
        _one_task((), 1.0, 1.0, 4),
        arrivals=Arrivals(None, None, ((5400.0, 2), (19800.0, 2))),
        tasks={"T": TaskSpec(fixed(600.0), "servers")},
        pools={"servers": ResourcePool("servers", 1, multitask_hours=_hours({9: (1.0,)}))})
    log = simulate(sc, seed=1).log.sort_values(["start", "case_id"])
    assert log["start"].tolist() == [5400.0, 5400.0, 19800.0, 20400.0]
    assert log["end"].tolist() == [6000.0, 6000.0, 20400.0, 21000.0]


def test_the_same_table_every_hour_is_the_global_table_draw_for_draw() -> None:
    every = _one_task((), 0.9, 1.0, 3000)
    every = dataclasses.replace(every, pools={"servers": ResourcePool(
        "servers", 1, multitask_hours=_hours({h: (0.5, 0.2) for h in range(168)}))})
    a = simulate(_one_task((0.5, 0.2), 0.9, 1.0, 3000), seed=3, replications=2)
    b = simulate(every, seed=3, replications=2)
    assert a.log.equals(b.log)


def test_the_hourly_toml_key(tmp_path: Path) -> None:
    sc = load_scenario(_toml(tmp_path, 'multitask_hours = [{days = "mon-fri", from = "09:00", '
                                       'to = "12:00", multitask = [1.0]}]'))
    hours = sc.pools["clerk"].multitask_hours
    assert {h for h, t in enumerate(hours) if t} == {d * 24 + h for d in range(5)
                                                      for h in (9, 10, 11)}
    for bad, key in (
            ('multitask_hours = [{days = "mon", from = "09:30", to = "12:00", multitask = []}]',
             "multitask_hours[0].from"),
            ('multitask_hours = [{days = "mon", from = "09:00", to = "12:00"}]',
             "multitask_hours[0].multitask"),
            ('multitask_hours = [{days = "mon", from = "09:00", to = "12:00", multitask = [2]}]',
             "multitask_hours[0].multitask[0]"),
            ('multitask_hours = [{days = "mon-tue", from = "09:00", to = "12:00", multitask = '
             '[1]}, {days = "tue", from = "11:00", to = "13:00", multitask = [1]}]',
             "multitask_hours[1]"),
            ('multitask = [1.0]\nmultitask_hours = [{days = "mon", from = "09:00", to = '
             '"12:00", multitask = [1]}]', "multitask_hours")):
        with pytest.raises(ScenarioError) as info:
            load_scenario(_toml(tmp_path, bad))
        assert f".{key}]" in str(info.value), str(info.value)


def test_an_hourly_pool_capacity_weighs_the_open_hours() -> None:
    weekday_mornings = _hours({d * 24 + h: (1.0,) for d in range(5) for h in range(8, 12)})
    pool = ResourcePool("p", 1, multitask_hours=weekday_mornings)
    office = (((8 * 3600.0, 16 * 3600.0),),) * 5 + ((), ())  # Monday-Friday 08:00-16:00
    assert weekly_at_saturation(pool, office) == pytest.approx(1.5)  # half the open hours
    assert weekly_at_saturation(pool, None) == pytest.approx(1 + 20 / 168)
    assert weekly_at_saturation(ResourcePool("q", 1, multitask=(1.0,)), office) == 2.0


def test_a_list_override_goes_through_compare() -> None:
    from probisnis import ScenarioRef, compare

    base = ScenarioRef(str(ROOT / "simulations/m1_sekretariat_daerah.toml"))
    twice = base.with_overrides(**{"resources.SEKDA.multitask": [1.0]})
    assert hash(twice) == hash(base.with_overrides(**{"resources.SEKDA.multitask": [1.0]}))
    table = compare(base, [twice], replications=2, cases=10).table
    assert set(table["name"]) >= {"waiting_time", "utilization"}


def test_a_task_cut_short_gives_its_place_back() -> None:
    # one person holding two at once: Short and Long start together; the terminate end
    # after Short cuts Long, and the next case again finds both places free
    sc = scenario("terminate.bpmn", process="P_terminate",
                  tasks={"Short": (fixed(10), "p"), "Long": (fixed(100), "p")},
                  pools={"p": 1}, cases=3, interarrival=fixed(1000))
    sc = dataclasses.replace(sc, pools={"p": ResourcePool("p", 1, multitask=(1.0,))})
    log = simulate(sc, seed=1).log
    assert (log["start"] == log["enable"]).all()
    long = log[log["element_id"] == "Long"]
    assert (long["end"] - long["start"] == 10).all() and len(long) == 3


def test_the_page_shows_utilisation_above_100_percent_without_a_warning_mark() -> None:
    """One person taking two at once, 1.5 tasks' worth of work per unit of time: utilisation
    about 150 %. It is no physical bound crossed (no "*"), and the page says why it may
    pass 100 %; a plain pool's interval above 100 % is still clipped and marked."""
    from probisnis.present.estimates import MARK, clip_ci
    from probisnis.present.simulation import render_simulation, simulation_view
    from probisnis.sim.multitask import multitask_pools

    r = simulate(_one_task((1.0,), 1.5, 1.0, 3000), seed=8, replications=3)
    assert multitask_pools(r.scenario) == {"servers"}
    table = clip_ci(summarize(result_kpis(r)), multitask=multitask_pools(r.scenario))
    row = table[(table["name"] == "utilization") & (table["scope"] == "servers")].iloc[0]
    assert 1.3 < row["mean"] < 1.7 and row["ci_high"] > 1.0 and not row["ci_clipped"]
    page = render_simulation(simulation_view(r), table)
    line = next(x for x in page.splitlines() if x.startswith("servers "))
    assert "%" in line and MARK not in line, line
    assert "dapat melebihi 100%" in " ".join(page.split())
    assert "may exceed 100%" in " ".join(render_simulation(simulation_view(r), table,
                                                           lang="en").split())
    plain = clip_ci(summarize(result_kpis(r)))  # without the pool named: clipped at 100 %
    assert plain.loc[(plain["name"] == "utilization") & (plain["scope"] == "servers"),
                     "ci_clipped"].item()
