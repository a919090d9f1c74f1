"""Prosimos's ``multitask`` section (issue 9): imported as people holding several tasks at
once (``sim/prosimos_multitask.py``), refused by JSON path where it cannot be expressed,
and Prosimos 2.1's own behaviour on it shown by running it (should a later Prosimos behave
otherwise, ``test_prosimos_multitasking_fails_or_is_unbounded`` fails and
``docs/simulation.md`` needs another look).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.errors import ScenarioError
from probisnis.present.notices import text
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos
from prosimos_runner import run_prosimos, welch

DATA = Path(__file__).parent / "data" / "prosimos"
BPMN = DATA / "rules.bpmn"
JSON = DATA / "continuous.json"
START = datetime(2025, 1, 6, 9, 0)


def _global(*info: tuple[int, float], rid: str = "clerk") -> dict[str, Any]:
    return {"type": "global", "values": [{
        "resource_id": rid, "r_workload": 1.0,
        "multitask_info": [{"parallel_tasks": k, "probability": p} for k, p in info]}]}


def _period(begin: str = "09:00:00", end: str = "12:00:00",
            days: tuple[str, str] = ("MONDAY", "FRIDAY"), p: float = 1.0) -> dict[str, Any]:
    return {"from": days[0], "to": days[1], "beginTime": begin, "endTime": end,
            "multitask_info": [{"parallel_tasks": 1, "probability": p}]}


def _local(*periods: dict[str, Any], rid: str = "clerk") -> dict[str, Any]:
    return {"type": "local", "values": [{"resource_id": rid, "r_workload": 1.0,
                                         "weekly_probability": [list(periods)]}]}


def _with(tmp_path: Path, section: dict[str, Any], name: str = "multi") -> Path:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    doc["multitask"] = section
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(("info", "table"), [
    (((1, 1.0),), (1.0,)),
    (((1, 1.0), (2, 0.5)), (1.0, 0.5)),
    (((2, 0.5),), (0.5, 0.5)),  # Prosimos fills the table up to index 2 with 0.5
    (((1, 0.8), (3, 0.2)), (0.8, 0.2, 0.2)),
])
def test_prosimos_table_becomes_the_pool_table(tmp_path: Path, info: tuple[tuple[int, float], ...],
                                               table: tuple[float, ...]) -> None:
    sc = load_prosimos(BPMN, _with(tmp_path, _global(*info)), cases=10)
    assert sc.pools["clerk"].multitask == table
    assert any("sekaligus" in text(w) for w in sc.warnings)


@pytest.mark.parametrize(("section", "key", "words"), [
    ({"type": "GLOBAL", "values": []}, "multitask.type", "mengabaikan"),
    (_global((1, 1.0), rid="clerc"), "multitask.values[0].resource_id", "clerk"),
    (_global((2, 1.0), (1, 0.5)), "multitask.values[0].multitask_info[1].parallel_tasks",
     "urutkan"),
    (_global((1, 1.5)), "multitask.values[0].multitask_info[0].probability", "<= 1"),
    (_global((0, 0.5)), "multitask.values[0].multitask_info[0].parallel_tasks", ">= 1"),
    ({"type": "global"}, "multitask.values", "tidak ada"),
    (_local(_period("09:30:00", "12:00:00")),
     "multitask.values[0].weekly_probability[0][0].beginTime", "jam penuh"),
    (_local(_period(days=("FRIDAY", "MONDAY"))),
     "multitask.values[0].weekly_probability[0][0].to", "tidak mendaftarkan"),
    (_local(_period(days=("Monday", "FRIDAY"))),
     "multitask.values[0].weekly_probability[0][0].from", "MONDAY"),
    (_local(_period("09:00:00", "12:00:00"), _period("11:00:00", "13:00:00")),
     "multitask.values[0].weekly_probability[0][1]", "11:00-12:00 hari Senin"),
])
def test_what_cannot_be_expressed_is_refused_by_json_path(
        tmp_path: Path, section: dict[str, Any], key: str, words: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _with(tmp_path, section)
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert str(info.value).startswith(f"{path}: [{key}] "), str(info.value)
    assert words in info.value.message
    assert main(["simulate", str(BPMN), "--prosimos", str(path), "--cases", "5"]) == 1
    err = capsys.readouterr().err
    assert f"[{key}]" in err and "Traceback" not in err


def test_a_misspelt_resource_id_names_the_near_one_quoted_as_it_is(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, _with(tmp_path, _global((1, 1.0), rid="clerc")))
    message = info.value.message
    assert message == ("sumber daya 'clerc' tidak ada di resource_profiles; mungkin maksudnya "
                       "'clerk'?")
    assert message.en == "resource 'clerc' is not in resource_profiles; did you mean 'clerk'?"


def test_a_local_table_holds_for_its_hours(tmp_path: Path) -> None:
    sc = load_prosimos(BPMN, _with(tmp_path, _local(
        _period(), _period("00:00:00", "00:00:00", ("SATURDAY", "SUNDAY"), 0.25))), cases=10)
    hours = sc.pools["clerk"].multitask_hours
    assert sc.pools["clerk"].multitask == ()
    assert {h for h, t in enumerate(hours) if t == (1.0,)} == {
        d * 24 + h for d in range(5) for h in (9, 10, 11)}
    assert {h for h, t in enumerate(hours) if t == (0.25,)} == set(range(5 * 24, 7 * 24))
    assert sum(1 for t in hours if t) == 15 + 48


def test_an_imported_multitasking_file_simulates(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _with(tmp_path, _global((1, 1.0), (2, 0.5)))
    assert main(["simulate", str(BPMN), "--prosimos", str(path), "--cases", "300"]) == 0
    out = capsys.readouterr()
    assert "sampai 3 tugas sekaligus" in out.out + out.err


def test_prosimos_multitasking_fails_or_is_unbounded(tmp_path: Path) -> None:
    """A resource of amount 1 in ``multitask`` stops Prosimos with a KeyError; with amount
    2 its people (Clerk_0, Clerk_1) are not found in the multitask table and every task
    leaves its performer free from the moment it starts: a clerk works on several tasks at
    once however ``parallel_tasks`` and ``probability`` read."""
    path = _with(tmp_path, _global((2, 0.5)))
    for json_path, overlapping in ((path, True), (JSON, False)):
        log = run_prosimos(BPMN, json_path, 300, seed=1, start=START, log_dir=tmp_path).log
        assert log is not None
        busy = 0
        for _, rows in log.groupby("resource"):
            rows = rows.sort_values("start")
            busy += int((rows["start"].to_numpy()[1:]
                         < rows["end"].cummax().to_numpy()[:-1]).sum())
        assert (busy > 20) == overlapping, (json_path, busy)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["resource_profiles"][0]["resource_list"][0]["amount"] = 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyError):
        run_prosimos(BPMN, path, 50, seed=1, start=START)


def _case_means(log: pd.DataFrame) -> tuple[float, float]:
    """Mean case duration and mean wait (seconds) of a log with enable/start/end."""
    per_case = log.groupby("case_id").agg(first=("enable", "min"), last=("end", "max"))
    return (float((per_case["last"] - per_case["first"]).mean()),
            float((log["start"] - log["enable"]).mean()))


@pytest.mark.slow
def test_prosimos_unbounded_multitasking_is_a_table_of_ones(tmp_path: Path) -> None:
    """Where Prosimos 2.1 runs a ``multitask`` section (people of amount 2), it lets them
    hold any number of tasks: a table of 99 ones (100 tasks at once) gives the same mean
    case duration (0 in the 95 % interval of the difference, 5 x 1,500 cases a side) and
    no waiting; the table as written (at most 3 at once) makes cases wait."""
    path = _with(tmp_path, _global((2, 0.5)))
    cases, reps = 1500, 5
    theirs = []
    for seed in range(reps):
        log = run_prosimos(BPMN, path, cases, seed=seed, start=START, log_dir=tmp_path).log
        assert log is not None
        theirs.append(_case_means(log))
    s = load_prosimos(BPMN, path, cases=cases, start=START, seed=3, replications=reps)
    assert s.pools["clerk"].multitask == (0.5, 0.5)
    written = [_case_means(rep) for _, rep in simulate(s).log.groupby("replication")]
    ones = dataclasses.replace(s, pools={"clerk": dataclasses.replace(
        s.pools["clerk"], multitask=(1.0,) * 99)})
    ours = [_case_means(rep) for _, rep in simulate(ones).log.groupby("replication")]
    low, high = welch([o[0] for o in ours], [t[0] for t in theirs])
    assert low <= 0.0 <= high, (np.mean([o[0] for o in ours]),
                                np.mean([t[0] for t in theirs]), low, high)
    assert max(t[1] for t in theirs) < 1e-6 and max(o[1] for o in ours) < 1e-6
    assert min(w[1] for w in written) > 1.0
