"""Prosimos import (issue 9): what Simod/Prosimos files carry beyond single-resource CRISP."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos
from prosimos_runner import run_prosimos, welch

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
BPMN = BENCH / "permit.bpmn"
JSON = BENCH / "permit.json"
START = datetime(2025, 1, 6, 9, 0)


@pytest.fixture
def doc() -> dict[str, Any]:
    return json.loads(JSON.read_text(encoding="utf-8"))


def _with_joins(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` listing the loop join and both parallel gateways too, as Simod writes them."""
    doc["gateway_branching_probabilities"] += [
        {"gateway_id": "G_loop_join", "probabilities": [{"path_id": "f3", "value": 1}]},
        {"gateway_id": "G_and_split", "probabilities": [
            {"path_id": f, "value": 1} for f in _outgoing("G_and_split")]},
        {"gateway_id": "G_and_join", "probabilities": [
            {"path_id": f, "value": 1} for f in _outgoing("G_and_join")]},
    ]
    return doc


def _outgoing(gid: str) -> list[str]:
    from probisnis.bpmn.reader import read

    proc = read(BPMN, schema="off").process()
    return list(proc.nodes[gid].outgoing)


def test_join_and_parallel_gateway_entries_are_accepted(tmp_path: Path,
                                                         doc: dict[str, Any]) -> None:
    """A join's probability 1 (and parallel gateways' 1s) change nothing, as in Prosimos."""
    path = tmp_path / "joins.json"
    path.write_text(json.dumps(_with_joins(doc)), encoding="utf-8")
    ours = load_prosimos(BPMN, path, cases=200, start=START, seed=5)
    plain = load_prosimos(BPMN, JSON, cases=200, start=START, seed=5)
    assert dict(ours.branching) == dict(plain.branching) == {"G_complete": {"f_yes": 0.8,
                                                                            "f_no": 0.2}}
    a, b = simulate(ours), simulate(plain)
    pd.testing.assert_frame_equal(a.log, b.log)
    # Prosimos itself runs the same file
    assert len(run_prosimos(BPMN, path, 20, seed=1, start=START).info.trace_list) == 20


def test_a_join_probability_must_still_be_a_probability(tmp_path: Path,
                                                       doc: dict[str, Any]) -> None:
    doc = _with_joins(doc)
    doc["gateway_branching_probabilities"][-3]["probabilities"][0]["value"] = 7
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code = main(["simulate", str(BPMN), "--prosimos", str(path), "--cases", "5"])
    assert code == 1


def test_start_option_moves_an_imported_simulation(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["simulate", str(BPMN), "--prosimos", str(JSON), "--cases", "20",
                 "--start", "2026-03-02T09:00", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    log = pd.read_csv(out / "event_log.csv")
    first = min(str(v) for v in log.filter(like="start").iloc[:, 0])
    assert first.startswith("2026-03-02"), first
    capsys.readouterr()
    # a bare model too; a scenario file keeps its own start (usage error)
    assert main(["simulate", str(BPMN), "--cases", "5", "--start", "2026-03-02T09:00"]) == 0
    capsys.readouterr()
    scenario = Path(__file__).parent / "data" / "sim" / "permit.toml"
    assert main(["simulate", str(scenario), "--start", "2026-03-02T09:00"]) == 2
    assert "--start hanya untuk" in capsys.readouterr().err
    assert main(["simulate", str(BPMN), "--start", "9999-06-01T00:00"]) == 2
    assert main(["simulate", str(BPMN), "--start", "soon"]) == 2


# ---------------------------------------------------------------------- several resources

CLERK_TASKS = ("T_receive", "T_verify", "T_request", "T_fee")


def _two_clerk_kinds(doc: dict[str, Any]) -> dict[str, Any]:
    """The clerks as two resources of one profile (2 + 1 people), every clerk task listing
    both with the same law: how Simod writes a role."""
    clerk = doc["resource_profiles"][0]["resource_list"][0]
    a = {**clerk, "id": "clerk_a", "name": "Clerk A", "amount": 2}
    b = {**clerk, "id": "clerk_b", "name": "Clerk B", "amount": 1, "cost_per_hour": 26}
    doc["resource_profiles"][0]["resource_list"] = [a, b]
    for entry in doc["task_resource_distribution"]:
        if entry["task_id"] in CLERK_TASKS:
            law = entry["resources"][0]
            entry["resources"] = [{**copy.deepcopy(law), "resource_id": "clerk_a"},
                                  {**copy.deepcopy(law), "resource_id": "clerk_b"}]
    return doc


def test_a_role_of_several_resources_is_one_pool(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "role.json"
    path.write_text(json.dumps(_two_clerk_kinds(doc)), encoding="utf-8")
    s = load_prosimos(BPMN, path, cases=100, start=START)
    pool = s.pools["pool_clerk"]
    assert pool.count == 3 and pool.cost_per_hour == pytest.approx((2 * 20 + 26) / 3)
    assert {s.tasks[t].pool for t in CLERK_TASKS} == {"pool_clerk"}
    assert "clerk_a" not in s.pools and any("weighted mean" in w for w in s.warnings)
    plain = load_prosimos(BPMN, JSON, cases=100, start=START)
    # the same people doing the same work: the same simulation as one resource of 3
    a, b = simulate(s, seed=4), simulate(plain, seed=4)
    assert np.allclose(a.log["end"], b.log["end"])


def _shared_clerk(doc: dict[str, Any]) -> dict[str, Any]:
    """Two kinds of clerk, and clerk_b also assesses beside the officers (same law)."""
    doc = _two_clerk_kinds(doc)
    trd = doc["task_resource_distribution"]
    assert trd[4]["task_id"] == "T_assess"
    trd[4]["resources"].append({**copy.deepcopy(trd[4]["resources"][0]),
                                "resource_id": "clerk_b"})
    return doc


def test_resources_in_several_sets_are_alternatives(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(_shared_clerk(doc)), encoding="utf-8")
    s = load_prosimos(BPMN, path, cases=200, start=START)
    assert {"clerk_a", "clerk_b", "officer"} <= set(s.pools) and "pool_clerk" not in s.pools
    assert s.tasks["T_assess"].pool == "officer"
    assert s.tasks["T_assess"].alternatives == ("clerk_b",)
    assert s.tasks["T_receive"].pool == "clerk_a"
    assert s.tasks["T_receive"].alternatives == ("clerk_b",)
    log = simulate(s, seed=3).log
    assert set(log.loc[log["element_id"] == "T_assess", "resource"]) <= {"officer", "clerk_b"}
    # different calendars: own pools too
    doc = _two_clerk_kinds(json.loads(JSON.read_text(encoding="utf-8")))
    doc["resource_calendars"].append({**doc["resource_calendars"][0], "id": "cal_night"})
    doc["resource_profiles"][0]["resource_list"][1]["calendar"] = "cal_night"
    path.write_text(json.dumps(doc), encoding="utf-8")
    s = load_prosimos(BPMN, path, cases=20, start=START)
    assert s.tasks["T_fee"].pool == "clerk_a" and s.tasks["T_fee"].alternatives == ("clerk_b",)


@pytest.mark.slow
def test_resources_in_several_sets_agree_with_prosimos(tmp_path: Path,
                                                       doc: dict[str, Any]) -> None:
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(_shared_clerk(doc)), encoding="utf-8")
    cases, reps = 1500, 6
    theirs = _prosimos_cycle_times(path, range(900, 900 + reps), cases)
    scenario = load_prosimos(BPMN, path, cases=cases, start=START, seed=19, replications=reps)
    result = simulate(scenario)
    c = result.cases.assign(d=result.cases["end"] - result.cases["arrival"])
    ours = c.groupby("replication")["d"].mean().tolist()
    low, high = welch(ours, theirs)
    assert low <= 0.0 <= high, (np.mean(ours) / 3600, np.mean(theirs) / 3600, low, high)


def _prosimos_cycle_times(json_path: Path, seeds: range, cases: int) -> list[float]:
    """Mean case duration (arrival to last completion) of Prosimos runs of the file."""
    return [run_prosimos(BPMN, json_path, cases, seed=seed, start=START).cycle_time
            for seed in seeds]


@pytest.mark.slow
def test_a_role_of_several_resources_agrees_with_prosimos(tmp_path: Path,
                                                          doc: dict[str, Any]) -> None:
    """Prosimos choosing among clerk_a and clerk_b gives the mean case duration of our one
    pool of three: 0 lies in the 95 % interval of the difference (6 replications each)."""
    path = tmp_path / "role.json"
    path.write_text(json.dumps(_two_clerk_kinds(doc)), encoding="utf-8")
    cases, reps = 1500, 6
    theirs = _prosimos_cycle_times(path, range(300, 300 + reps), cases)
    scenario = load_prosimos(BPMN, path, cases=cases, start=START, seed=11, replications=reps)
    result = simulate(scenario)
    c = result.cases.assign(d=result.cases["end"] - result.cases["arrival"])
    ours = c.groupby("replication")["d"].mean().tolist()
    low, high = welch(ours, theirs)
    assert low <= 0.0 <= high, (np.mean(ours) / 3600, np.mean(theirs) / 3600, low, high)


# ---------------------------------------------------------------------- histogram arrivals

HISTOGRAM = {"distribution_name": "histogram_sampling",
             "histogram_data": {"cdf": [0.2, 0.5, 0.9, 1.0],
                                "bin_midpoints": [300, 900, 1500, 3600]}}


def test_histogram_law_matches_prosimos_sampling() -> None:
    """P(value i) = cdf[i] - cdf[i-1], drawn as Prosimos does (searchsorted on a uniform)."""
    from probisnis.sim.distributions import Histogram
    from probisnis.sim.prosimos import prosimos_distribution

    d = prosimos_distribution(HISTOGRAM, where="arrival_time_distribution")
    assert isinstance(d, Histogram)
    probs = np.array([0.2, 0.3, 0.4, 0.1])
    values = np.array([300, 900, 1500, 3600])
    assert d.mean == pytest.approx(probs @ values)
    assert d.variance == pytest.approx(probs @ (values - probs @ values) ** 2)
    draws = d.sample_many(np.random.default_rng(1), 200_000)
    freq = np.array([(draws == v).mean() for v in values])
    assert np.all(np.abs(freq - probs) < 5 * np.sqrt(probs * (1 - probs) / draws.size))
    from prosimos.histogram_distribution import HistogramDistribution

    theirs = HistogramDistribution.from_dict(HISTOGRAM)
    np_state = np.random.get_state()
    try:
        np.random.seed(3)
        sample = [theirs.generate_value() for _ in range(20_000)]
    finally:
        np.random.set_state(np_state)
    assert abs(np.mean(sample) - d.mean) < 5 * d.sd / np.sqrt(len(sample))


@pytest.mark.parametrize(
    ("edit", "key", "needle"),
    [
        ({"cdf": [0.2, 0.5]}, "arrival_time_distribution.histogram_data", "bin_midpoints"),
        ({"cdf": [0.5, 0.2, 0.9, 1.0]}, "arrival_time_distribution.histogram_data.cdf", "naik"),
        ({"cdf": [0.2, 0.5, 0.9, 0.95]}, "arrival_time_distribution.histogram_data.cdf",
         "sampai 1"),
        ({"bin_midpoints": [300, -1, 2, 3]},
         "arrival_time_distribution.histogram_data.bin_midpoints[1]", ">= 0"),
    ],
)
def test_bad_histograms_name_the_json_path(edit: dict[str, Any], key: str, needle: str) -> None:
    from probisnis.errors import ScenarioError
    from probisnis.sim.prosimos import prosimos_distribution

    spec = copy.deepcopy(HISTOGRAM)
    spec["histogram_data"].update(edit)
    with pytest.raises(ScenarioError) as info:
        prosimos_distribution(spec, where="arrival_time_distribution", path="p.json")
    assert info.value.element_id == key and needle in info.value.message, str(info.value)


@pytest.mark.slow
def test_histogram_arrivals_agree_with_prosimos(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["arrival_time_distribution"] = HISTOGRAM
    path = tmp_path / "hist.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    cases, reps = 1500, 6
    theirs = _prosimos_cycle_times(path, range(500, 500 + reps), cases)
    scenario = load_prosimos(BPMN, path, cases=cases, start=START, seed=13, replications=reps)
    result = simulate(scenario)
    c = result.cases.assign(d=result.cases["end"] - result.cases["arrival"])
    ours = c.groupby("replication")["d"].mean().tolist()
    low, high = welch(ours, theirs)
    assert low <= 0.0 <= high, (np.mean(ours) / 3600, np.mean(theirs) / 3600, low, high)


# ---------------------------------------------------------------------- inclusive gateways

OR_BPMN = Path(__file__).parent / "data" / "prosimos" / "inclusive.bpmn"
OR_JSON = OR_BPMN.with_suffix(".json")
#: Prosimos's rule for flows drawn with p = (0.3, 0.7): each on its own, and when none is
#: drawn (probability 0.7 * 0.3) one of them by the probabilities
P_NONE = 0.7 * 0.3
EXPECTED = {"A": 0.3 + P_NONE * 0.3, "B": 0.7 + P_NONE * 0.7}
REDRAW = {"A": 0.3 / (1 - P_NONE), "B": 0.7 / (1 - P_NONE)}


def _shares(log: pd.DataFrame, cases: int) -> dict[str, float]:
    return {t: float((log["element_id"] == t).sum()) / cases for t in ("A", "B")}


def test_imported_inclusive_gateway_follows_prosimos_rule() -> None:
    n = 40_000
    s = load_prosimos(OR_BPMN, OR_JSON, cases=n, start=START, seed=3)
    assert s.inclusive_none == "one"
    shares = _shares(simulate(s).log, n)
    for t, p in EXPECTED.items():
        se = np.sqrt(p * (1 - p) / n)
        assert abs(shares[t] - p) < 4 * se, (t, shares[t], p)
    # the default rule for scenarios written by hand stays "draw again"
    from dataclasses import replace

    shares = _shares(simulate(replace(s, inclusive_none="redraw")).log, n)
    assert abs(shares["B"] - REDRAW["B"]) < 4 * np.sqrt(REDRAW["B"] * (1 - REDRAW["B"]) / n)


@pytest.mark.slow
def test_imported_inclusive_gateway_agrees_with_prosimos() -> None:
    n = 3000
    run = run_prosimos(OR_BPMN, OR_JSON, n, seed=21, start=START)
    theirs = {t: run.count(t) / n for t in ("A", "B")}
    ours = _shares(simulate(load_prosimos(OR_BPMN, OR_JSON, cases=n, start=START,
                                          seed=21)).log, n)
    for t in ("A", "B"):
        p = (ours[t] + theirs[t]) / 2
        se = np.sqrt(2 * p * (1 - p) / n)  # each task runs at most once per case
        assert abs(ours[t] - theirs[t]) < 4 * se, (t, ours[t], theirs[t])
    # the redraw rule would be off by far more for B
    assert abs(theirs["B"] - REDRAW["B"]) > 4 * np.sqrt(2 * 0.85 * 0.15 / n)


# ---------------------------------------------------------------------- event durations

EV_BPMN = Path(__file__).parent / "data" / "prosimos" / "events.bpmn"
EV_JSON = EV_BPMN.with_suffix(".json")


def test_event_durations_become_delays() -> None:
    from probisnis.sim.distributions import Exponential, Fixed

    s = load_prosimos(EV_BPMN, EV_JSON, cases=50, start=START)
    assert s.timers["E_plain"] == Fixed(900.0)
    assert isinstance(s.timers["E_reply"], Exponential)
    log = simulate(s, seed=1).log
    t1 = log[log["element_id"] == "T1"].set_index("case_id")["end"]
    t2 = log[log["element_id"] == "T2"].set_index("case_id")["enable"]
    assert (t2 - t1 > 0).all()  # the reply is waited for, not passed at once


def test_event_distribution_for_a_task_is_refused(tmp_path: Path) -> None:
    from probisnis.errors import ScenarioError

    doc = json.loads(EV_JSON.read_text(encoding="utf-8"))
    doc["event_distribution"][1]["event_id"] = "T2"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_prosimos(EV_BPMN, path)
    assert str(info.value).startswith(f"{path}: [event_distribution[1].event_id] 'T2' adalah tugas")


@pytest.mark.slow
def test_event_durations_agree_with_prosimos() -> None:
    """The wait at E_reply (expon, mean 2 h) has the same mean in both (4 standard errors),
    and E_plain adds exactly its 900 s between the last task and the case's end.

    (Prosimos 2.1 logs its events with one shared record, so E_reply is read as the gap
    between T1's end and T2's enablement; the case end comes from the trace.)"""
    n = 2000
    info = run_prosimos(EV_BPMN, EV_JSON, n, seed=5, start=START).info
    gaps, tails = [], []
    for trace in info.trace_list:
        ev = {e.task_id: e for e in trace.event_list}
        gaps.append(ev["T2"].enabled_at - ev["T1"].completed_at)
        end = (trace.completed_at - info.started_at).total_seconds()
        tails.append(end - ev["T2"].completed_at)
    log = simulate(load_prosimos(EV_BPMN, EV_JSON, cases=n, start=START, seed=5)).log
    t1 = log[log["element_id"] == "T1"].set_index("case_id")
    t2 = log[log["element_id"] == "T2"].set_index("case_id")
    ours = (t2["enable"] - t1["end"]).to_numpy()
    se = float(np.sqrt(np.var(ours, ddof=1) / n + np.var(gaps, ddof=1) / n))
    assert abs(float(np.mean(ours)) - float(np.mean(gaps))) < 4 * se, (np.mean(ours),
                                                                       np.mean(gaps))
    assert 6000 < np.mean(gaps) < 8400  # the law's mean, 7200 s (truncated at 1 day)
    assert np.allclose(tails, 900.0, atol=1e-3)
    result = simulate(load_prosimos(EV_BPMN, EV_JSON, cases=200, start=START, seed=5))
    last = result.log[result.log["element_id"] == "T2"].set_index("case_id")["end"]
    ends = result.cases.set_index("case_id")["end"]
    assert np.allclose(ends - last, 900.0)


def test_the_same_resource_in_several_profiles(tmp_path: Path, doc: dict[str, Any]) -> None:
    """Prosimos's own examples list one resource in a profile per task: the same people."""
    clerk = copy.deepcopy(doc["resource_profiles"][0]["resource_list"][0])
    doc["resource_profiles"].append({"id": "pool_fee", "name": "Fee desk",
                                     "resource_list": [clerk]})
    path = tmp_path / "again.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    s = load_prosimos(BPMN, path, cases=100, start=START)
    plain = load_prosimos(BPMN, JSON, cases=100, start=START)
    assert dict(s.pools) == dict(plain.pools)
    pd.testing.assert_frame_equal(simulate(s, seed=2).log, simulate(plain, seed=2).log)
    clerk["amount"] = 5  # not the same people after all
    path.write_text(json.dumps(doc), encoding="utf-8")
    from probisnis.errors import ScenarioError

    with pytest.raises(ScenarioError, match=r"\[resource_profiles\[3\]\.resource_list\[0\]\.id\] "
                                            "sumber daya 'clerk' tercantum lagi"):
        load_prosimos(BPMN, path)


# ---------------------------------------------------------------------- branch rules

RU_BPMN = Path(__file__).parent / "data" / "prosimos" / "rules.bpmn"
RU_JSON = RU_BPMN.with_suffix(".json")
#: jenis baru (0.3) -> A; ulang (0.7) with nilai 10 (0.5) -> B, with nilai 100 -> C
RULE_SHARES = {"A": 0.3, "B": 0.35, "C": 0.35}


def test_branch_rules_become_conditions() -> None:
    s = load_prosimos(RU_BPMN, RU_JSON, cases=20_000, start=START, seed=2)
    assert dict(s.conditions) == {"f_a": "jenis in ['baru']",
                                  "f_b": "(jenis == 'ulang' and nilai == 10)",
                                  "f_c": "(jenis == 'ulang' and nilai == 100)"}
    assert "G_kind" not in s.branching  # the rules decide, not the probabilities
    assert [a.name for a in s.attributes] == ["jenis", "nilai"]
    log = simulate(s).log
    for task, p in RULE_SHARES.items():
        share = float((log["element_id"] == task).mean())
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / len(log)), (task, share)


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        ("unknown_rule", "aturan cabang 'r_nope' tidak ada"),
        ("unknown_attribute", "membaca umur, yang tidak diberikan atribut"),
        ("bad_probabilities", "berjumlah 1"),
    ],
)
def test_bad_branch_rules_are_refused(tmp_path: Path, edit: str, needle: str) -> None:
    from probisnis.errors import ScenarioError

    doc = json.loads(RU_JSON.read_text(encoding="utf-8"))
    rules = doc["branch_rules"]
    if edit == "unknown_rule":
        doc["gateway_branching_probabilities"][0]["probabilities"][0]["condition_id"] = "r_nope"
    elif edit == "unknown_attribute":
        rules[0]["rules"][0][0]["attribute"] = "umur"
    elif edit == "bad_probabilities":
        doc["case_attributes"][0]["values"][0]["value"] = 0.5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_prosimos(RU_BPMN, path)
    assert str(info.value).startswith(f"{path}: ["), str(info.value)
    assert needle in info.value.message, info.value.message


def test_discrete_rules_with_gaps_and_overlaps_draw_as_prosimos(tmp_path: Path) -> None:
    """A small renewal also counts as new (A and B hold: drawn by 0.34/0.33 scaled to 1) and
    a large renewal matches nothing (drawn among all flows by 0.34/0.33/0.33)."""
    doc = json.loads(RU_JSON.read_text(encoding="utf-8"))
    doc["branch_rules"][0]["rules"].append([{"attribute": "nilai", "comparison": "<",
                                             "value": 50}])
    doc["branch_rules"][2]["rules"][0][1]["value"] = "500"
    path = tmp_path / "fallback.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    s = load_prosimos(RU_BPMN, path, cases=20_000, start=START, seed=1)
    assert s.attributes[-1].name == "_u_G_kind" and "G_kind" not in s.branching
    log = simulate(s).log
    both = 0.34 / 0.67
    shares = {"A": 0.3 + 0.35 * both + 0.35 * 0.34, "B": 0.35 * (1 - both) + 0.35 * 0.33,
              "C": 0.35 * 0.33}
    for task, p in shares.items():
        share = float((log["element_id"] == task).mean())
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / len(log)), (task, share, p)


@pytest.mark.slow
def test_branch_rules_agree_with_prosimos() -> None:
    n = 3000
    run = run_prosimos(RU_BPMN, RU_JSON, n, seed=8, start=START)
    log = simulate(load_prosimos(RU_BPMN, RU_JSON, cases=n, start=START, seed=8)).log
    for task in RULE_SHARES:
        theirs = run.count(task) / n
        ours = float((log["element_id"] == task).sum()) / n
        p = (ours + theirs) / 2
        assert abs(ours - theirs) < 4 * np.sqrt(2 * p * (1 - p) / n), (task, ours, theirs)


# ---------------------------------------------------------------------- same inputs, same log

def test_same_arrivals_and_durations_give_prosimos_log_case_by_case(tmp_path: Path,
                                                                    doc: dict[str, Any]) -> None:
    """With Prosimos's own arrival instants (histogram arrivals on a 300 s grid, overnight
    queues) and fixed durations, every case ends at the same instant in both simulators:
    queueing, calendars, the parallel block and the arrival calendar agree exactly. (Why
    the mean case durations of the random tests differ only by chance; see
    docs/simulation-kpis-prosimos.md.)"""
    import dataclasses

    from probisnis.sim.check import checked
    from probisnis.sim.scenario import Arrivals

    fixed = {"T_receive": 611, "T_verify": 1187, "T_request": 300, "T_fee": 577,
             "T_assess": 3593, "T_decide": 1811}
    doc["arrival_time_distribution"] = HISTOGRAM
    for entry in doc["task_resource_distribution"]:
        entry["resources"][0].update(distribution_name="fix", distribution_params=[
            {"value": fixed[entry["task_id"]]}])
    doc["gateway_branching_probabilities"][0]["probabilities"] = [
        {"path_id": "f_yes", "value": 1.0}, {"path_id": "f_no", "value": 0.0}]
    path = tmp_path / "fixed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    cases = 600
    theirs = run_prosimos(BPMN, path, cases, seed=8, start=START, log_dir=tmp_path).log
    assert theirs is not None
    arrival = theirs.groupby("case_id")["enable"].min().sort_index()
    assert (np.diff(arrival.to_numpy()) > 0).all()
    scenario = load_prosimos(BPMN, path, cases=cases, start=START)
    scenario = checked(dataclasses.replace(scenario, arrivals=Arrivals(
        batches=tuple((float(t), 1) for t in arrival))))
    ours = simulate(scenario)
    ends = ours.log.groupby("case_id")["end"].max()
    np.testing.assert_allclose(ends.to_numpy(),
                               theirs.groupby("case_id")["end"].max().to_numpy(),
                               rtol=0, atol=1e-3)
    assert (ends.to_numpy() - arrival.to_numpy() > 16 * 3600).any()  # some wait over a night
