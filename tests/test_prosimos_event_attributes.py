"""Prosimos import: event attributes, set by a task as it completes (issue 9).

``tests/data/prosimos/event_attrs.json``: a check sets ``hasil`` (lulus 0.6 / gagal 0.4) and
``skor`` (uniform on [0, 100]); the next gateway approves when lulus and skor > 30, returns
when gagal, and otherwise (lulus with skor <= 30: no rule holds) Prosimos draws 0.5 / 0.5.
So A = 0.6 x 0.7 + 0.6 x 0.3 x 0.5 = 0.51 and B = 0.49.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.check import compiled_for
from probisnis.sim.kernel import heap_refusal
from probisnis.sim.prosimos import load_prosimos
from prosimos_runner import run_prosimos, welch

DATA = Path(__file__).parent / "data" / "prosimos"
BPMN = DATA / "event_attrs.bpmn"
JSON = DATA / "event_attrs.json"
START = datetime(2025, 1, 6, 9, 0)
SHARES = {"A": 0.6 * 0.7 + 0.6 * 0.3 * 0.5, "B": 0.4 + 0.6 * 0.3 * 0.5}


def test_the_task_sets_the_attributes_and_the_rules_read_them() -> None:
    s = load_prosimos(BPMN, JSON, cases=20_000, start=START, seed=1)
    assert [a.name for a in s.tasks["T_check"].sets] == ["hasil", "skor"]
    assert [a.name for a in s.attributes] == ["_u_G_result"]
    log = simulate(s).log
    for task, p in SHARES.items():
        share = float((log["element_id"] == task).sum()) / 20_000
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / 20_000), (task, share, p)


def test_tasks_setting_attributes_run_on_the_simpy_path() -> None:
    s = load_prosimos(BPMN, JSON, cases=10, start=START)
    why = heap_refusal(compiled_for(s))
    assert why == "task T_check sets case attributes"


def _edited(tmp_path: Path, edit: str) -> Path:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    attrs = doc["event_attributes"][0]["attributes"]
    if edit == "expression":
        attrs[1] = {"name": "skor", "type": "expression", "values": "hasil * 2"}
    elif edit == "markov":
        attrs[0]["values"] = {"lulus": {"gagal": 1.0}}
    elif edit == "case_too":
        doc["case_attributes"] = [{"name": "hasil", "type": "discrete", "values": [
            {"key": "lulus", "value": 1.0}]}]
    elif edit == "not_a_task":
        doc["event_attributes"][0]["event_id"] = "G_result"
    path = tmp_path / f"{edit}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "key", "needle"),
    [
        ("expression", "event_attributes[0].attributes[1].type", "atribut peristiwa 'expression'"),
        ("markov", "event_attributes[0].attributes[0].type", "atribut peristiwa 'discrete'"),
        ("case_too", "event_attributes[0].attributes[0].name", "atribut kasus atau global"),
        ("not_a_task", "event_attributes[0].event_id", "bukan tugas"),
    ],
)
def test_event_attributes_not_simulated_are_refused(tmp_path: Path, edit: str, key: str,
                                                    needle: str) -> None:
    path = _edited(tmp_path, edit)
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert str(info.value).startswith(f"{path}: [{key}] "), str(info.value)
    assert needle in info.value.message, info.value.message


@pytest.mark.slow
def test_event_attributes_agree_with_prosimos() -> None:
    """5 runs x 2,000 cases a side: task shares within 4 standard errors, 0 inside the 95 %
    interval of the difference of mean case durations."""
    cases, reps = 2000, 5
    counts = dict.fromkeys(SHARES, 0)
    cycles = []
    for seed in range(90, 90 + reps):
        run = run_prosimos(BPMN, JSON, cases, seed=seed, start=START)
        cycles.append(run.cycle_time)
        for t in SHARES:
            counts[t] += run.count(t)
    result = simulate(load_prosimos(BPMN, JSON, cases=cases, start=START, seed=9,
                                    replications=reps))
    c = result.cases.assign(d=result.cases["end"] - result.cases["arrival"])
    low, high = welch(c.groupby("replication")["d"].mean().tolist(), cycles)
    assert low <= 0.0 <= high, (low, high)
    n = cases * reps
    for task in SHARES:
        mine = float((result.log["element_id"] == task).sum()) / n
        theirs = counts[task] / n
        p = (mine + theirs) / 2
        assert abs(mine - theirs) < 4 * np.sqrt(2 * p * (1 - p) / n), (task, mine, theirs)


def test_a_model_with_parallel_branches_warns_about_the_timing(tmp_path: Path) -> None:
    bench = Path(__file__).resolve().parents[2] / "shared" / "bench"
    doc = json.loads((bench / "permit.json").read_text(encoding="utf-8"))
    doc["event_attributes"] = [{"event_id": "T_verify", "attributes": [
        {"name": "lengkap", "type": "discrete", "values": [{"key": "ya", "value": 1.0}]}]}]
    path = tmp_path / "permit.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    s = load_prosimos(bench / "permit.bpmn", path, cases=20, start=START)
    codes = [getattr(w, "code", None) for w in s.warnings]
    assert "prosimos-event-attributes-parallel" in codes
    assert simulate(s).cases["status"].eq("finished").all()
