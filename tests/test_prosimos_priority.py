"""Prosimos ``prioritisation_rules`` imported as case priority rules (issue 9).

The rules become conditions with priorities (the lowest Prosimos level the highest
priority), with a notice that probisnis ranks the requests waiting for a pool's person
(a non-preemptive priority queue per pool) where Prosimos 2.1 orders its whole event
queue over the run. Checked against Prosimos itself: in both, cases of the priority class
wait less than the others; and Prosimos's whole-run ordering is shown (its low-priority
cases wait about half the run), which is why the notice is needed.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos
from prosimos_runner import run_prosimos

DATA = Path(__file__).parent / "data" / "prosimos"
BPMN = DATA / "rules.bpmn"
JSON = DATA / "continuous.json"
START = datetime(2025, 1, 6, 9, 0)
NEW = [{"priority_level": 1, "rules": [[
    {"attribute": "jenis", "comparison": "=", "value": "baru"}]]}]


def _with(tmp_path: Path, rules: list[dict[str, Any]], name: str = "p.json") -> Path:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    doc["prioritisation_rules"] = rules
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_rules_become_case_priorities_with_a_notice(tmp_path: Path) -> None:
    rules = [
        {"priority_level": 3, "rules": [[
            {"attribute": "nilai", "comparison": "in", "value": ["150", "inf"]}]]},
        {"priority_level": 1, "rules": [
            [{"attribute": "jenis", "comparison": "=", "value": "baru"},
             {"attribute": "nilai", "comparison": "in", "value": ["0", "50"]}],
            [{"attribute": "nilai", "comparison": "in", "value": [100, 100]}]]},
    ]
    s = load_prosimos(BPMN, _with(tmp_path, rules), cases=20)
    # Prosimos checks level 1 first; level 1 -> priority 2, level 3 -> priority 1
    assert s.case_priority == (
        ("(jenis == 'baru' and 0.0 <= nilai <= 50.0) or nilai == 100.0", 2),
        ("nilai >= 150.0", 1))
    notice = [w for w in s.warnings if "prioritisation_rules" in w]
    assert len(notice) == 1 and "non-preemptive" in notice[0]
    assert "antrean prioritas per kelompok pegawai" in notice[0]  # Indonesian first


@pytest.mark.parametrize(("rules", "key", "needle"), [
    ([{"priority_level": 1, "rules": [[{"attribute": "jenys", "comparison": "=",
                                        "value": "baru"}]]}],
     "prioritisation_rules[0].rules[0][0].attribute", "mungkin maksudnya 'jenis'"),
    ([{"priority_level": 1, "rules": [[{"attribute": "nilai", "comparison": ">",
                                        "value": 5}]]}],
     "prioritisation_rules[0].rules[0][0].comparison", "sama dengan"),
    ([{"priority_level": 1, "rules": [[{"attribute": "nilai", "comparison": "in",
                                        "value": [5]}]]}],
     "prioritisation_rules[0].rules[0][0].value", "[min, max]"),
    ([{"priority_level": "x", "rules": [[]]}], "prioritisation_rules[0].priority_level",
     "bilangan bulat"),
    ([{"priority_level": 1, "rules": []}], "prioritisation_rules[0].rules", "kosong"),
])
def test_bad_rules_name_the_json_path(tmp_path: Path, rules: list[dict[str, Any]], key: str,
                                      needle: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, _with(tmp_path, rules), cases=5)
    assert info.value.element_id == key, str(info.value)
    assert needle in str(info.value), str(info.value)


def test_a_misspelt_attribute_gets_the_hint_in_both_languages(tmp_path: Path) -> None:
    rules = [{"priority_level": 1, "rules": [[{"attribute": "jenys", "comparison": "=",
                                               "value": "baru"}]]}]
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, _with(tmp_path, rules), cases=5)
    message = info.value.message
    assert message == ("atribut kasus 'jenys' tidak ada di case_attributes; mungkin maksudnya "
                       "'jenis'?")
    assert getattr(message, "en", None) == ("case attribute 'jenys' is not in case_attributes; "
                                            "did you mean 'jenis'?")


def test_simulate_prints_the_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with(tmp_path, NEW)
    assert main(["simulate", str(BPMN), "--prosimos", str(path), "--cases", "30"]) == 0
    out = capsys.readouterr()
    assert "antrean prioritas per kelompok pegawai" in out.out + out.err


def _prosimos_log(path: Path, cases: int, seed: int) -> pd.DataFrame:
    df = run_prosimos(BPMN, path, cases, seed=seed, start=START, log_dir=path.parent).log
    assert df is not None
    return pd.DataFrame({"new": df["activity"] == "New application",
                         "enable": df["enable"], "start": df["start"]})


def test_the_priority_class_waits_less_in_both(tmp_path: Path) -> None:
    """New applications (30 %) get priority over renewals; 2 clerks at 69 % load, 1,500
    cases. In probisnis and in Prosimos the new applications wait less than the renewals.
    Prosimos serves the renewals only after (nearly) all new applications of the whole
    run, so they wait about half the run; probisnis's queue per pool keeps them to the
    order of an M/M/2 queue with priorities (well under an hour here)."""
    path = _with(tmp_path, NEW)
    theirs = _prosimos_log(path, 1500, seed=1)
    wait = (theirs["start"] - theirs["enable"]) / 3600
    run = (theirs["enable"].max() - theirs["enable"].min()) / 3600
    assert wait[theirs["new"]].mean() < 0.5 < 0.5 * run < wait[~theirs["new"]].mean()
    first_renewal = theirs.loc[~theirs["new"], "start"].min()
    assert first_renewal > 0.95 * theirs.loc[theirs["new"], "start"].max()

    scenario = load_prosimos(BPMN, path, cases=1500, seed=2, replications=5)
    log = simulate(scenario).log
    log = log.assign(wait=(log["start"] - log["enable"]) / 3600,
                     new=log["element_id"] == "A")
    per_rep = log.groupby(["replication", "new"])["wait"].mean().unstack()
    assert (per_rep[True] < per_rep[False]).all(), per_rep
    assert per_rep[False].mean() < 1.0  # a priority queue, not the whole run
    # without the rules the two classes wait alike (first come, first served)
    plain = simulate(load_prosimos(BPMN, JSON, cases=1500, seed=2, replications=5)).log
    plain = plain.assign(wait=(plain["start"] - plain["enable"]) / 3600,
                         new=plain["element_id"] == "A")
    fifo = plain.groupby("new")["wait"].mean()
    assert per_rep[True].mean() < 0.7 * fifo[True]
