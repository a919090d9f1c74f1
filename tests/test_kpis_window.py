"""The utilisation window: the whole observed period ("run") or from the first task start
("tasks", as Prosimos), by hand, streamed, from a scenario file, the command line, and
against Prosimos 2.1's own resource utilisation on the same inputs."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpi_fixtures import IntervalCalendar, log_frame, mm1_log
from probisnis.cli import main
from probisnis.errors import ScenarioError, UsageError
from probisnis.sim.kpis import StreamingKpis, kpis, result_kpis
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.runner import simulate
from probisnis.sim.scenario_toml import load_scenario
from prosimos_runner import run_prosimos, welch

DATA = Path(__file__).parent / "data"
BPMN = DATA / "prosimos" / "window.bpmn"
JSON = DATA / "prosimos" / "window.json"
START = datetime(2025, 1, 6, 8, 0)  # Monday 08:00: the clerk works, cases come from 10:00


def _utilization(table: pd.DataFrame, pool: str) -> float:
    hit = table[(table["name"] == "utilization") & (table["scope"] == pool)]
    assert len(hit) == 1
    return float(hit["value"].iloc[0])


def _one_pool(available: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Pool R (one person): tasks at [20, 30] and [40, 60]; a delay without a pool at 5."""
    log = log_frame([
        (1, "P", "W", "L", None, 5, 5, 15),
        (1, "P", "A", "L", "R", 15, 20, 30),
        (2, "P", "A", "L", "R", 30, 40, 60),
    ])
    cases = pd.DataFrame({"case_id": np.array([1, 2], dtype=np.int64),
                          "replication": np.zeros(2, dtype=np.int64),
                          "arrival": [0.0, 30.0], "end": [30.0, 60.0],
                          "status": ["finished", "finished"]})
    resources = pd.DataFrame({"resource": ["R"], "replication": np.zeros(1, dtype=np.int64),
                              "count": [1], "availability": [1.0],
                              "available_seconds": [available], "busy_seconds": [30.0],
                              "cost_per_hour": [0.0]})
    return log, cases, resources


def test_window_by_hand_without_and_with_a_calendar() -> None:
    log, cases, resources = _one_pool(100.0)
    run = kpis(log, cases, resources, horizon=100.0)
    tasks = kpis(log, cases, resources, horizon=100.0, utilization_window="tasks")
    assert _utilization(run, "R") == pytest.approx(30 / 100)
    # from the first start of a task done by a pool (20), not the delay's start (5)
    assert _utilization(tasks, "R") == pytest.approx(30 / 80)
    # every other KPI is the same table
    others = run[run["name"] != "utilization"].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        tasks[tasks["name"] != "utilization"].reset_index(drop=True), others)

    cal = IntervalCalendar([(0.0, 25.0), (50.0, 100.0)])  # 75 working seconds in [0, 100]
    log, cases, resources = _one_pool(75.0)
    opts = dict(calendars={"R": cal}, horizon=100.0)
    busy = 5.0 + 10.0  # [20, 25) and [50, 60) are working time
    assert _utilization(kpis(log, cases, resources, **opts), "R") == pytest.approx(busy / 75)
    assert _utilization(kpis(log, cases, resources, utilization_window="tasks", **opts),
                        "R") == pytest.approx(busy / (5.0 + 50.0))


def test_warm_up_later_than_the_first_task_keeps_the_warm_up_window() -> None:
    log, cases, resources = _one_pool(100.0)
    run = kpis(log, cases, resources, horizon=100.0, warmup_cases=1)  # t0 = 30
    tasks = kpis(log, cases, resources, horizon=100.0, warmup_cases=1,
                 utilization_window="tasks")
    assert _utilization(run, "R") == _utilization(tasks, "R") == pytest.approx(20 / 70)


def test_streamed_chunks_equal_the_whole_log() -> None:
    rng = np.random.default_rng(5)
    log, cases, resources = mm1_log(rng, 300, reps=2)
    log = log.assign(enable=log["enable"] + 500.0, start=log["start"] + 500.0,
                     end=log["end"] + 500.0)
    cases = cases.assign(arrival=cases["arrival"] + 500.0, end=cases["end"] + 500.0)
    whole = kpis(log, cases, resources, utilization_window="tasks")
    assert not whole.equals(kpis(log, cases, resources))
    acc = StreamingKpis(cases, resources, utilization_window="tasks")
    shuffled = log.sample(frac=1.0, random_state=2).reset_index(drop=True)
    for part in np.array_split(np.arange(len(shuffled)), 5):
        acc.update(shuffled.iloc[part])
    pd.testing.assert_frame_equal(acc.result(), whole, rtol=1e-12)


def test_an_unknown_window_is_refused() -> None:
    log, cases, resources = _one_pool(100.0)
    with pytest.raises(UsageError, match="utilization_window must be one of run, tasks"):
        kpis(log, cases, resources, utilization_window="first")


def _prosimos(json_path: Path, cases: int, seed: int) -> float:
    """Prosimos's utilisation of its one clerk."""
    (person,) = run_prosimos(BPMN, json_path, cases, seed=seed, start=START).resources.values()
    return float(person.utilization)


def test_tasks_window_is_prosimos_utilization_exactly() -> None:
    """Fixed gaps and durations: Prosimos and probisnis give the same run; its utilisation
    is 8 x 20 min over 10:00-13:50 (Prosimos) only with the "tasks" window."""
    theirs = _prosimos(JSON, 8, seed=1)
    assert theirs == pytest.approx(9600 / 13800, rel=1e-12)
    scenario = load_prosimos(BPMN, JSON, cases=8, start=START)
    assert scenario.utilization_window == "tasks"  # what an import measures by default
    result = simulate(scenario)
    assert _utilization(result_kpis(result), "clerk") == pytest.approx(theirs, rel=1e-12)
    run = result_kpis(result, utilization_window="run")
    assert _utilization(run, "clerk") == pytest.approx(9600 / 21000, rel=1e-12)  # from 08:00


@pytest.mark.slow
def test_tasks_window_agrees_with_prosimos_within_the_interval(tmp_path: Path) -> None:
    """Random durations: 0 lies in the 95 % interval of the difference of mean utilisation
    with the "tasks" window, and not with the "run" window (40 replications each)."""
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    doc["task_resource_distribution"][0]["resources"][0].update(
        distribution_name="expon",
        distribution_params=[{"value": 1200}, {"value": 0}, {"value": 7200}])
    path = tmp_path / "window_random.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    cases, reps = 12, 40
    theirs = [_prosimos(path, cases, seed) for seed in range(100, 100 + reps)]
    scenario = load_prosimos(BPMN, path, cases=cases, start=START, seed=3,
                             replications=reps)
    result = simulate(scenario)
    for window, agrees in (("tasks", True), ("run", False)):
        table = result_kpis(result, utilization_window=window)
        ours = table.loc[table["name"].eq("utilization"), "value"].tolist()
        low, high = welch(ours, theirs)
        assert (low <= 0.0 <= high) is agrees, (window, np.mean(ours), np.mean(theirs), low,
                                                high)


def test_scenario_key_and_its_errors(tmp_path: Path) -> None:
    base = DATA / "sim" / "permit.toml"
    good = tmp_path / "tasks.toml"
    good.write_text(f'extends = "{base.as_posix()}"\ncases = 20\n'
                    'utilization_window = "tasks"\n', encoding="utf-8")
    assert load_scenario(good).utilization_window == "tasks"
    assert load_scenario(base).utilization_window == "run"
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{base.as_posix()}"\nutilization_window = "first"\n',
                   encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(bad)
    assert "[utilization_window]" in str(err.value) and "'run' atau 'tasks'" in str(err.value)
    assert "bad.toml" in str(err.value)


def test_command_line_flag(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", str(BPMN), "--prosimos", str(JSON), "--cases", "8",
            "--start", "2025-01-06T08:00", "--json"]
    got = {}
    for flag in ([], ["--utilization-window", "run"], ["--utilization-window", "tasks"]):
        assert main([*args, *flag]) == 0
        doc = json.loads(capsys.readouterr().out)
        (row,) = [k for k in doc["kpis"] if k["name"] == "utilization"]
        got[tuple(flag)] = row["mean"]
    assert got[()] == got[("--utilization-window", "tasks")] == pytest.approx(9600 / 13800)
    assert got[("--utilization-window", "run")] == pytest.approx(9600 / 21000)
    assert main([*args, "--utilization-window", "first"]) == 2
    assert "pilihan tidak dikenal: 'first'" in capsys.readouterr().err
