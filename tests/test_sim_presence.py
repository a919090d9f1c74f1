"""People present by probability (``ResourcePool.presence``, Prosimos's FUZZY calendars with
one meaning: each hour drawn once per person), against truth.

* presence 0 or 1 in every hour is a crisp calendar: the same log as that calendar;
* presence ``p`` in every hour, rare arrivals, one-minute tasks: a task arriving in an
  absent hour waits for the rest of the hour and a geometric number of absent hours, so
  the mean wait is ``(1 - p) (1800 + 3600 (1 - p) / p)`` seconds, and a task that starts
  ends one minute later unless the next hour is absent (under 1 % of them);
* the present time the utilisation counts is ``p`` of the clock.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.kpis import result_kpis
from probisnis.sim.presence import Presence
from probisnis.sim.scenario import ResourcePool
from probisnis.sim.scenario_toml import load_scenario
from probisnis.sim.stats import summarize
from sim_helpers import exp, fixed, scenario

ROOT = Path(__file__).resolve().parents[1]


def _one_person(presence: Presence, gap: float, cases: int, duration: float = 60.0):
    sc = scenario("single.bpmn", process="P_single", tasks={"T": (fixed(duration), "p")},
                  pools={"p": 1}, interarrival=exp(gap), cases=cases)
    return dataclasses.replace(sc, pools={"p": ResourcePool("p", 1, presence=presence)})


def _every_hour(p: float) -> Presence:
    return Presence(((p,) * 24,) * 7)


@pytest.mark.parametrize(("p", "seed"), [(0.5, 3), (0.8, 4)])
def test_the_wait_for_a_present_hour_is_geometric(p: float, seed: int) -> None:
    r = simulate(_one_person(_every_hour(p), 36000.0, 3000), seed=seed, replications=10)
    table = summarize(result_kpis(r))
    row = table[(table["name"] == "waiting_time") & (table["scope"] == "T")].iloc[0]
    theory = (1 - p) * (1800 + 3600 * (1 - p) / p)
    assert row["ci_low"] <= theory <= row["ci_high"], (theory, row["mean"])
    took = (r.log["end"] - r.log["start"]).to_numpy()
    assert np.mean(np.isclose(took, 60.0)) > 0.99
    # utilisation counts the present time: p of the clock
    available = r.resources["available_seconds"].sum()
    clock = sum(r.ends)
    assert available / clock == pytest.approx(p, abs=0.02)


def test_presence_of_zero_or_one_is_the_crisp_calendar() -> None:
    hours = tuple(tuple(1.0 if d < 5 and 8 <= h < 16 else 0.0 for h in range(24))
                  for d in range(7))
    present = _one_person(Presence(hours), 3000.0, 2000, duration=900.0)
    start = present.start
    weekly = tuple(((8 * 3600.0, 16 * 3600.0),) if d < 5 else () for d in range(7))
    crisp = dataclasses.replace(present, pools={"p": ResourcePool(
        "p", 1, calendar=WorkingCalendar(start, weekly, None, False, frozenset(), 366))})
    a, b = simulate(present, seed=5, replications=2), simulate(crisp, seed=5, replications=2)
    assert a.log.equals(b.log)
    assert a.resources["available_seconds"].tolist() == b.resources["available_seconds"].tolist()


def test_each_replication_draws_its_own_presence_and_a_seed_repeats_it() -> None:
    sc = _one_person(_every_hour(0.5), 3600.0, 500)
    a, b = simulate(sc, seed=9, replications=2), simulate(sc, seed=9, replications=2)
    assert a.log.equals(b.log)
    first, second = (rep["start"].to_numpy() for _, rep in a.log.groupby("replication"))
    assert not np.array_equal(first, second)


def test_a_presence_pool_is_one_person_without_a_calendar() -> None:
    sc = _one_person(_every_hour(0.5), 3600.0, 10)
    two = dataclasses.replace(sc, pools={"p": ResourcePool("p", 2, presence=_every_hour(0.5))})
    with pytest.raises(ScenarioError, match=r"\[resources\.p\.count\]"):
        simulate(two)
    never = dataclasses.replace(sc, pools={"p": ResourcePool("p", 1, presence=_every_hour(0.0))})
    with pytest.raises(ScenarioError, match=r"\[resources\.p\.presence\].*tidak pernah hadir"):
        simulate(never)


def _toml(tmp_path: Path, line: str) -> Path:
    text = (ROOT / "tests/data/sim/permit.toml").read_text(encoding="utf-8")
    head, sep, rest = text.partition("[resources.")
    pid, _, body = rest.partition("]")
    body = body.replace("count = 3", "count = 1", 1)
    head = head.replace('model = "../../../../shared', f'model = "{ROOT.parent}/shared')
    path = tmp_path / "presence.toml"
    path.write_text(f"{head}{sep}{pid}]\n{line}{body}", encoding="utf-8")
    return path


def test_the_toml_key(tmp_path: Path) -> None:
    sc = load_scenario(_toml(tmp_path, 'presence = [{days = "mon-fri", from = "09:00", '
                                       'to = "17:00", probability = 0.9}]'))
    presence = sc.pools["clerk"].presence
    assert presence is not None and presence.granule == 3600.0
    assert [presence.probabilities[0][h] for h in (8, 9, 16, 17)] == [0.0, 0.9, 0.9, 0.0]
    assert presence.probabilities[5] == (0.0,) * 24
    for bad, key in (
            ('presence = [{days = "mon", from = "09:30", to = "12:00", probability = 1}]',
             "presence[0].from"),
            ('presence = [{days = "mon", from = "09:00", to = "12:00", probability = 1.5}]',
             "presence[0].probability"),
            ('presence = [{days = "mon", from = "09:00", to = "12:00"}]',
             "presence[0].probability"),
            ('presence = [{days = "mon", from = "09:00", to = "12:00", probability = 1}, '
             '{days = "mon", from = "11:00", to = "13:00", probability = 1}]', "presence[1]")):
        with pytest.raises(ScenarioError) as info:
            load_scenario(_toml(tmp_path, bad))
        assert f".{key}]" in str(info.value), str(info.value)


def test_the_heap_kernel_refuses_presence() -> None:
    from probisnis.sim.compile import compile_scenario
    from probisnis.sim.kernel import heap_refusal

    compiled = compile_scenario(_one_person(_every_hour(0.5), 3600.0, 10))
    assert heap_refusal(compiled) == "people present by probability (presence)"


def test_calendar_days_drawn_in_any_order_are_the_same() -> None:
    seed = np.random.SeedSequence(4)
    a = _every_hour(0.5).realize(datetime(2025, 1, 6), seed, "p")
    b = _every_hour(0.5).realize(datetime(2025, 1, 6), seed, "p")
    late = 3 * 366 * 86400.0
    assert a.next_working(late) == b.next_working(late)  # b asked late first
    assert [a.next_working(t) for t in range(0, 86400 * 30, 5000)] == \
        [b.next_working(t) for t in range(0, 86400 * 30, 5000)]


def test_nobody_is_present_on_the_scenario_calendar_s_holidays() -> None:
    # the scenario's calendar closes 1 January (a public holiday): a presence of 1 every
    # hour still has nobody there that day
    sc = _one_person(_every_hour(1.0), 3600.0, 60)  # arrivals over about 2.5 days
    start = datetime(2024, 12, 31, 8, 0)
    office = WorkingCalendar.from_spec({}, start=start, horizon_days=30, where="calendar")
    sc = dataclasses.replace(sc, start=start, calendar=office)
    realized = _every_hour(1.0).realize(start, np.random.SeedSequence(1), "p", office)
    new_year = 16 * 3600.0  # 1 January 2025, 00:00
    assert realized.next_working(new_year) == new_year + 86400.0
    assert not realized.is_working(new_year + 10 * 3600)
    log = simulate(sc, seed=1).log
    assert (log["enable"] < new_year + 86400).sum() > 20
    assert not ((log["start"] >= new_year) & (log["start"] < new_year + 86400)).any()


def test_the_page_says_utilisation_is_over_the_hours_present() -> None:
    from probisnis.present.simulation import render_simulation, simulation_view

    r = simulate(_one_person(_every_hour(0.5), 3600.0, 50), seed=1)
    view = simulation_view(r)
    assert view.presence == tuple(r.scenario.pools)
    page = " ".join(render_simulation(view, summarize(result_kpis(r))).split())
    assert "diundi jam demi jam (presence): utilisasinya dihitung atas jam hadir" in page


def _rows(table, name: str) -> dict[int, float]:
    rows = table[(table["name"] == name) & (table["scope"] == "T")]
    return dict(zip(rows["replication"].astype(int), rows["value"].astype(float), strict=True))


def test_every_replication_is_read_under_its_own_presence(tmp_path: Path) -> None:
    """A presence is drawn anew in each replication: the KPIs, the exported log's working
    seconds and the stability check of replication r read r's draw, not the first's. Truth:
    each replication run alone (the same seed stream) gives the same rows, and a task of
    one present minute takes one working minute in every replication."""
    from probisnis.sim.check import compiled_for
    from probisnis.sim.export import write_result
    from probisnis.sim.runner import run_replication
    from probisnis.whatif.stability import stability_records

    sc = dataclasses.replace(_one_person(_every_hour(0.5), 3000.0, 200), seed=5,
                             replications=3)
    whole = simulate(sc)
    seeds = np.random.SeedSequence(5).spawn(3)
    alone = [run_replication(compiled_for(sc), seeds[r], r) for r in range(3)]
    table = result_kpis(whole)
    # a one-minute task is one working minute of its person, whichever the replication
    assert _rows(table, "processing_time_working") == pytest.approx({0: 60.0, 1: 60.0,
                                                                     2: 60.0})
    waits = _rows(table, "waiting_time_working")
    for r in range(3):
        own = _rows(result_kpis(alone[r]), "waiting_time_working")
        assert waits[r] == pytest.approx(own[r], rel=1e-12)
    # streamed (KPIs computed while the run goes) and on two workers: the same
    streamed = simulate(sc, log_path=tmp_path / "log.parquet",
                        cases_path=tmp_path / "cases.parquet")
    assert _rows(streamed.per_replication, "waiting_time_working") == pytest.approx(waits)
    on_two = simulate(sc, workers=2)
    assert _rows(result_kpis(on_two), "waiting_time_working") == pytest.approx(waits)
    # the exported log: every row's processing is 60 working seconds
    csv = write_result(whole, tmp_path / "log.csv")
    import pandas as pd

    exported = pd.read_csv(csv)
    assert set(exported["replication"]) == {0, 1, 2}
    assert np.allclose(exported["processing_working_seconds"], 60.0)
    # the stability check: each replication's capacity is its own present time
    records = stability_records(whole)
    pools = records[records["kind"] == "pool"].set_index("replication")["capacity"]
    for r in range(3):
        own = stability_records(alone[r])
        assert pools[r] == pytest.approx(float(own[own["kind"] == "pool"]["capacity"].iloc[0]))
    assert len(set(pools.round(3))) == 3  # (three different draws)
