"""Prosimos sections probisnis refuses, and the evidence behind each reason (issue 9).
(``prioritisation_rules`` are imported since: ``tests/test_prosimos_priority.py``.)

Each refusal names the JSON section and says why; where the reason is a claim about
Prosimos 2.1 itself, Prosimos is run here to show it (should a later Prosimos behave
otherwise, these tests fail and the refusal needs another look).
"""

from __future__ import annotations

import json
import random
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.errors import ScenarioError
from probisnis.sim.prosimos import load_prosimos

DATA = Path(__file__).parent / "data" / "prosimos"
BPMN = DATA / "rules.bpmn"
JSON = DATA / "continuous.json"
START = "2025-01-06T09:00:00.000+00:00"

SECTIONS: dict[str, Any] = {
    "multitask": {"type": "global", "values": [{"resource_id": "clerk", "r_workload": 1.0,
                                                "multitask_info": [{"parallel_tasks": 2,
                                                                    "probability": 0.5}]}]},
}
REASONS = {"multitask": "KeyError"}


def _with(tmp_path: Path, section: str) -> Path:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    doc[section] = SECTIONS[section]
    path = tmp_path / f"{section}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_each_refusal_names_the_section_and_why(tmp_path: Path, section: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _with(tmp_path, section)
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert str(info.value).startswith(f"{path}: [{section}] tidak didukung probisnis: ")
    assert REASONS[section] in info.value.message
    assert main(["simulate", str(BPMN), "--prosimos", str(path), "--cases", "5"]) == 1
    err = capsys.readouterr().err
    assert f"[{section}]" in err and "Traceback" not in err


def _prosimos(bpmn: Path, path: Path, cases: int, log: Path) -> None:
    from prosimos.simulation_engine import run_simulation

    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        np.random.seed(1)
        random.seed(1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run_simulation(str(bpmn), str(path), cases, starting_at=START,
                           log_out_path=str(log), stat_out_path=str(log.with_suffix(".stat")))
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)


def test_prosimos_multitasking_fails_or_is_ignored(tmp_path: Path) -> None:
    """A resource of amount 1 in ``multitask`` stops Prosimos with a KeyError; with amount
    2 its people (Clerk_0, Clerk_1) are not found in the multitask table and every task
    leaves its performer free from the moment it starts: a clerk works on several tasks at
    once however ``parallel_tasks`` and ``probability`` read."""
    path = _with(tmp_path, "multitask")
    _prosimos(BPMN, path, 300, tmp_path / "with.csv")
    _prosimos(BPMN, JSON, 300, tmp_path / "without.csv")
    for name, overlapping in (("with", True), ("without", False)):
        log = pd.read_csv(tmp_path / f"{name}.csv")
        busy = 0
        for _, rows in log.groupby("resource"):
            start = pd.to_datetime(rows["start_time"], format="ISO8601").sort_values()
            end = pd.to_datetime(rows.loc[start.index, "end_time"], format="ISO8601")
            busy += int((start.to_numpy()[1:] < end.cummax().to_numpy()[:-1]).sum())
        assert (busy > 20) == overlapping, (name, busy)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["resource_profiles"][0]["resource_list"][0]["amount"] = 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyError):
        _prosimos(BPMN, path, 50, tmp_path / "log.csv")
