"""Prosimos import: a task whose resources take different duration laws (issue 9).

Prosimos draws a task's duration from the law of the resource that does it, and gives the
task the resource free the longest (``DiffResourceQueue.pop_resource_for``). The model:
the permit bench with its technical assessment done by two officers (lognormal, mean 1 h)
or by two seniors (gamma, mean 30 min), so who does it changes the case duration.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.scenario import TaskSpec
from prosimos_runner import run_prosimos, welch
from test_prosimos_import import BPMN, JSON, START

SENIOR_LAW = {"distribution_name": "gamma", "distribution_params": [
    {"value": 1800}, {"value": 360000}, {"value": 300}, {"value": 7200}]}


def _seniors(doc: dict[str, Any]) -> dict[str, Any]:
    profile = doc["resource_profiles"][1]
    officer = profile["resource_list"][0]
    profile["resource_list"] = [{**officer, "amount": 2},
                                {**officer, "id": "senior", "name": "Senior", "amount": 2,
                                 "cost_per_hour": 60}]
    assess = doc["task_resource_distribution"][4]
    assert assess["task_id"] == "T_assess"
    assess["resources"].append({"resource_id": "senior", **copy.deepcopy(SENIOR_LAW)})
    return doc


@pytest.fixture
def seniors(tmp_path: Path) -> Path:
    path = tmp_path / "seniors.json"
    path.write_text(json.dumps(_seniors(json.loads(JSON.read_text(encoding="utf-8")))),
                    encoding="utf-8")
    return path


def test_each_resource_keeps_its_law(seniors: Path) -> None:
    s = load_prosimos(BPMN, seniors, cases=300, start=START, seed=2)
    spec = s.tasks["T_assess"]
    assert (spec.pool, spec.alternatives) == ("officer", ("senior",))
    assert spec.by_pool["officer"].mean == pytest.approx(3600, rel=1e-3)
    assert spec.by_pool["senior"].mean == pytest.approx(1800, rel=1e-3)
    log = simulate(s).log
    rows = log[log["element_id"] == "T_assess"]
    cal = s.pools["officer"].calendar
    assert cal is not None
    work = pd.Series(cal.working_between_many(rows["start"].to_numpy(), rows["end"].to_numpy()),
                     index=rows.index)
    by = work.groupby(rows["resource"].astype(str)).agg(["mean", "size"])
    assert set(by.index) == {"officer", "senior"}
    for pool, mean in (("officer", 3600.0), ("senior", 1800.0)):
        n = by.loc[pool, "size"]
        assert abs(by.loc[pool, "mean"] - mean) < 5 * 1200 / np.sqrt(n), by


def test_a_law_for_a_pool_that_does_not_do_the_task_is_refused(seniors: Path) -> None:
    import dataclasses

    from probisnis.sim.check import checked

    s = load_prosimos(BPMN, seniors, cases=10, start=START)
    tasks = dict(s.tasks)
    tasks["T_decide"] = TaskSpec(tasks["T_decide"].duration, "manager",
                                 by_pool={"senior": tasks["T_decide"].duration})
    with pytest.raises(ScenarioError) as info:
        checked(dataclasses.replace(s, tasks=tasks))
    assert info.value.element_id == "tasks.T_decide"
    assert "'senior'" in info.value.message


def _prosimos_runs(path: Path, seeds: range, cases: int, tmp: Path) -> list[pd.DataFrame]:
    out = []
    for seed in seeds:
        log = run_prosimos(BPMN, path, cases, seed=seed, start=START, log_dir=tmp).log
        assert log is not None
        log["element"] = log["activity"]
        log["who"] = log["resource"].str.rsplit("_", n=1).str[0].str.lower()
        out.append(log[["case_id", "element", "who", "enable", "start", "end"]])
    return out


def _kpis(log: pd.DataFrame, cal: Any) -> dict[str, float]:
    """Mean case duration (first enablement to last completion), share of assessments done
    by seniors, mean working time of an assessment, assessments per case."""
    cases = log.groupby("case_id")
    assess = log[log["element"] == "Technical assessment"]
    work = cal.working_between_many(assess["start"].to_numpy(), assess["end"].to_numpy())
    return {"cycle": float((cases["end"].max() - cases["enable"].min()).mean()),
            "senior_share": float((assess["who"] == "senior").mean()),
            "assess_work": float(np.mean(work)),
            "tasks_per_case": len(log) / cases.ngroups}


@pytest.mark.slow
def test_per_resource_laws_agree_with_prosimos(seniors: Path, tmp_path: Path) -> None:
    """KPIs of 6 replications x 1,500 cases each side: 0 in the 95 % interval of every
    difference (case duration, senior share, working time of an assessment, tasks)."""
    cases, reps = 1500, 6
    scenario = load_prosimos(BPMN, seniors, cases=cases, start=START, seed=23,
                             replications=reps)
    cal = scenario.pools["officer"].calendar
    result = simulate(scenario)
    names = {"T_assess": "Technical assessment"}
    ours = []
    for _, log in result.log.groupby("replication"):
        log = log.assign(element=log["element_id"].map(names).fillna(log["element_id"]),
                         who=log["resource"])
        ours.append(_kpis(log, cal))
    theirs = [_kpis(log, cal) for log in _prosimos_runs(seniors, range(40, 40 + reps), cases,
                                                        tmp_path)]
    for kpi in ("cycle", "senior_share", "assess_work", "tasks_per_case"):
        a, b = [o[kpi] for o in ours], [t[kpi] for t in theirs]
        low, high = welch(a, b)
        assert low <= 0.0 <= high, (kpi, np.mean(a), np.mean(b), low, high)
