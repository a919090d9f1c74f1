"""Prosimos import (issue 9): what Simod/Prosimos files carry beyond single-resource CRISP."""

from __future__ import annotations

import json
import random
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos

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
    from prosimos.simulation_engine import run_simulation

    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        np.random.seed(1)
        random.seed(1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, info = run_simulation(str(BPMN), str(path), 20,
                                     starting_at=START.isoformat() + ".000+00:00")
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    assert len(info.trace_list) == 20


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
    assert "--start applies to" in capsys.readouterr().err
    assert main(["simulate", str(BPMN), "--start", "9999-06-01T00:00"]) == 2
    assert main(["simulate", str(BPMN), "--start", "soon"]) == 2
