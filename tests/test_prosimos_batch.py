"""Prosimos import: batch processing (issue 9).

``tests/data/prosimos/batch.json`` has the head sign applications (task B of
``batch.bpmn``) in batches of 3 (a ``size`` firing rule) at half the duration each
(``duration_distrib`` 3 -> 0.5). Checked against the closed form with deterministic
arrivals and durations (every time exact, as Prosimos logs it), against Prosimos itself
with random ones (KPIs: 0 inside the 95 % interval of the difference), and every part
probisnis does not simulate is refused naming its JSON path (the other firing rules:
``tests/test_prosimos_batch_firing.py``).
"""

from __future__ import annotations

import contextlib
import io
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
from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.compile import compile_scenario
from probisnis.sim.kernel import heap_refusal
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.scenario import Batch
from prosimos_runner import welch as _welch

DATA = Path(__file__).parent / "data" / "prosimos"
BPMN = DATA / "batch.bpmn"
JSON = DATA / "batch.json"
START = datetime(2025, 1, 6, 8, 0)
GAP, WORK = 1800.0, 600.0  # deterministic arrivals every 30 min, signing takes 10 min


def _doc(kind: str = "Parallel", *, fixed: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(JSON.read_text(encoding="utf-8"))
    doc["batch_processing"][0]["type"] = kind
    if fixed:  # receiving and filing take no time: only the batch waits
        for entry in doc["task_resource_distribution"]:
            entry["resources"][0]["distribution_name"] = "fix"
            entry["resources"][0]["distribution_params"] = [
                {"value": WORK if entry["task_id"] == "B" else 0}]
        doc["arrival_time_distribution"] = {"distribution_name": "fix",
                                            "distribution_params": [{"value": GAP}]}
    return doc


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "b.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_the_batch_is_read() -> None:
    s = load_prosimos(BPMN, JSON, cases=6, start=START)
    assert s.tasks["B"].batch == Batch("parallel", 3, {3: 0.5, 1: 1.0})
    assert s.tasks["A"].batch is None
    # Prosimos's nearest-key rule for sizes not listed; one case takes its plain duration
    b = Batch("sequential", 4, {1: 1.0, 3: 0.5, 6: 0.2})
    assert [b.scale(n) for n in (1, 2, 3, 4, 5, 6, 9)] == [1.0, 1.0, 0.5, 0.5, 0.2, 0.2, 0.2]


@pytest.mark.parametrize("kind", ["Parallel", "Sequential"])
def test_closed_form_with_deterministic_arrivals(tmp_path: Path, kind: str) -> None:
    """Batches of 3 with arrivals every GAP: the i-th case of a batch (i = 1, 2, 3) waits
    (3 - i) x GAP for the batch; Parallel: all three take 3 x 0.5 x WORK together,
    Sequential: 0.5 x WORK each, one after another. The seventh case, left alone when
    nothing else can happen, is signed alone in WORK (Prosimos logs the same times)."""
    s = load_prosimos(BPMN, _write(tmp_path, _doc(kind, fixed=True)), cases=7, start=START)
    result = simulate(s)
    assert result.kernel == "simpy"
    b = result.log[result.log["element_id"] == "B"].sort_values("case_id")
    ready = {0: 2 * GAP, 1: 2 * GAP, 2: 2 * GAP, 3: 5 * GAP, 4: 5 * GAP, 5: 5 * GAP, 6: 6 * GAP}
    starts, ends = [], []
    for case in range(7):
        i = case % 3
        if case == 6:
            start, end = 6 * GAP, 6 * GAP + WORK
        elif kind == "Parallel":
            start, end = ready[case], ready[case] + 3 * 0.5 * WORK
        else:
            start = ready[case] + i * 0.5 * WORK
            end = start + 0.5 * WORK
        starts.append(start)
        ends.append(end)
    assert b["enable"].tolist() == [case * GAP for case in range(7)]
    assert b["start"].tolist() == starts
    assert b["end"].tolist() == ends
    waits = (b["start"] - b["enable"]).tolist()
    if kind == "Parallel":
        assert waits[:3] == [2 * GAP, GAP, 0.0]
    assert set(b["resource_instance"]) == {"head#1"}


def _prosimos_log(path: Path, cases: int, tmp_path: Path) -> pd.DataFrame:
    """Prosimos's event log of one run: case, task (A, B, C), enable/start/end seconds."""
    from prosimos.simulation_engine import run_simulation

    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        np.random.seed(1)
        random.seed(1)
        log_path = tmp_path / f"{path.stem}.csv"
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            run_simulation(str(BPMN), str(path), cases,
                           starting_at=START.isoformat() + ".000+00:00",
                           log_out_path=str(log_path),
                           stat_out_path=str(log_path.with_suffix(".stat")))
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    d = pd.read_csv(log_path)
    t0 = pd.Timestamp(START, tz="UTC")
    return pd.DataFrame({
        "case_id": d["case_id"],
        "task": d["activity"].map({"Terima berkas": "A", "Tanda tangan": "B",
                                   "Arsipkan": "C"}),
        **{col: (pd.to_datetime(d[f"{col}_time"], format="ISO8601") - t0)
           .dt.total_seconds() for col in ("enable", "start", "end")}})


@pytest.mark.parametrize("kind", ["Parallel", "Sequential"])
def test_the_same_times_as_prosimos_with_a_short_working_day(tmp_path: Path,
                                                             kind: str) -> None:
    """The head works 09:00-09:22 on weekdays: batches wait for the next working period and
    run across days. Deterministic times, so every start and end of B equals Prosimos's."""
    doc = _doc(kind, fixed=True)
    doc["resource_calendars"].append({"id": "short", "name": "Short", "time_periods": [
        {"from": "MONDAY", "to": "FRIDAY", "beginTime": "09:00:00", "endTime": "09:22:00"}]})
    doc["resource_profiles"][1]["resource_list"][0]["calendar"] = "short"
    path = _write(tmp_path, doc, f"short_{kind}.json")
    theirs = _prosimos_log(path, 12, tmp_path)
    theirs = theirs[theirs["task"] == "B"].sort_values("case_id").reset_index(drop=True)
    log = simulate(load_prosimos(BPMN, path, cases=12, start=START)).log
    ours = log[log["element_id"] == "B"].sort_values("case_id").reset_index(drop=True)
    assert ours["case_id"].tolist() == theirs["case_id"].tolist() == list(range(12))
    for col in ("enable", "start", "end"):
        assert np.allclose(ours[col], theirs[col], atol=1e-3), (col, ours[col].tolist(),
                                                                theirs[col].tolist())
    assert ours["end"].max() > 2 * 86_400  # the last batches ran on later days


@pytest.mark.parametrize("kind", ["Parallel", "Sequential"])
def test_a_drawn_size_of_three_is_a_size_rule_of_three(tmp_path: Path, kind: str) -> None:
    """No firing rule and size_distrib all on 3: the batches of a size rule of 3, and the
    same times as Prosimos logs (deterministic)."""
    doc = _doc(kind, fixed=True)
    doc["batch_processing"][0].update(firing_rules=[],
                                      size_distrib=[{"key": "3", "value": 1}])
    path = _write(tmp_path, doc, f"drawn_{kind}.json")
    theirs = _prosimos_log(path, 7, tmp_path).query("task == 'B'").sort_values("case_id")
    log = simulate(load_prosimos(BPMN, path, cases=7, start=START)).log
    ours = log.query("element_id == 'B'").sort_values("case_id")
    rule = _write(tmp_path, _doc(kind, fixed=True), f"rule_{kind}.json")
    by_rule = simulate(load_prosimos(BPMN, rule, cases=7, start=START)).log
    by_rule = by_rule.query("element_id == 'B'").sort_values("case_id")
    for col in ("enable", "start", "end"):
        assert ours[col].tolist() == by_rule[col].tolist()
        assert np.allclose(ours[col], theirs[col], atol=1e-3), (col, theirs[col].tolist())


@pytest.mark.parametrize("kind", ["Parallel", "Sequential"])
def test_every_case_alone_is_no_batching(tmp_path: Path, kind: str) -> None:
    """A first size_distrib value of 1: every case finds no batch open and is done alone
    (Prosimos's reading), so B runs as a plain task: no wait, the plain duration."""
    doc = _doc(kind, fixed=True)
    doc["batch_processing"][0]["size_distrib"] = [{"key": "1", "value": 1}]
    s = load_prosimos(BPMN, _write(tmp_path, doc), cases=7, start=START)
    b = simulate(s).log.query("element_id == 'B'").sort_values("case_id")
    assert b["start"].tolist() == b["enable"].tolist() == [c * GAP for c in range(7)]
    assert (b["end"] - b["start"]).tolist() == [WORK] * 7


def test_heap_kernel_refuses_batches_with_the_reason() -> None:
    s = load_prosimos(BPMN, JSON, cases=6, start=START)
    assert heap_refusal(compile_scenario(s)) == "task B is done in batches"


def test_horizon_logs_cases_still_waiting_for_their_batch(tmp_path: Path) -> None:
    import dataclasses

    s = load_prosimos(BPMN, _write(tmp_path, _doc(fixed=True)), cases=7, start=START)
    log = simulate(dataclasses.replace(s, horizon=GAP * 4 + 1)).log
    b = log[log["element_id"] == "B"].sort_values("case_id")
    assert b["case_id"].tolist() == [0, 1, 2, 3, 4]
    assert b["start"].isna().tolist() == [False, False, False, True, True]


# ------------------------------------------------------------------ refused, by JSON path

def _rule(attribute: str, comparison: str, value: Any) -> dict[str, Any]:
    return {"attribute": attribute, "comparison": comparison, "value": value}


REFUSED: list[tuple[str, Any, str, str]] = [
    ("concurrent", {"type": "Concurrent"}, "batch_processing[0].type", "Concurrent"),
    ("no_weight", {"firing_rules": [], "size_distrib": [{"key": "3", "value": 0}]},
     "batch_processing[0].size_distrib", "lebih dari 0"),
    ("twice", {"firing_rules": [], "size_distrib": [{"key": "3", "value": 1},
                                                    {"key": "3", "value": 1}]},
     "batch_processing[0].size_distrib[1].key", "dua kali"),
    ("open_wait", {"firing_rules": [[_rule("ready_wt", ">", 3600)]]},
     "batch_processing[0].firing_rules[0][0]", "Invalid range"),
    ("unknown", {"firing_rules": [[_rule("sized", "=", 3)]]},
     "batch_processing[0].firing_rules[0][0].attribute", "'sized' tidak dikenal"),
    ("at_least", {"firing_rules": [[_rule("size", ">=", 3)]]},
     "batch_processing[0].firing_rules[0][0].comparison", "tidak pernah memulai"),
    ("one", {"firing_rules": [[_rule("size", "=", 1)]]},
     "batch_processing[0].firing_rules[0][0].value", ">= 2"),
    ("alone", {"size_distrib": [{"key": "1", "value": 1.2}, {"key": "3", "value": 0.8}]},
     "batch_processing[0].size_distrib[0].value", "<= 1"),
    ("task", {"task_id": "nope"}, "batch_processing[0].task_id", "tidak ada di model"),
    ("scale", {"duration_distrib": [{"key": "3", "value": -1}]},
     "batch_processing[0].duration_distrib[0].value", ""),
]


@pytest.mark.parametrize(("name", "edit", "key", "needle"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_unsupported_batching_is_refused_by_json_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, edit: dict[str, Any],
        key: str, needle: str) -> None:
    doc = _doc()
    doc["batch_processing"][0].update(edit)
    path = _write(tmp_path, doc, f"{name}.json")
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert str(info.value).startswith(f"{path}: [{key}] "), str(info.value)
    assert needle in info.value.message, info.value.message
    if "firing_rules" in key and name != "one":
        assert "yang didukung: size (= k" in info.value.message
        assert "supported: size (= k" in info.value.message.en  # type: ignore[attr-defined]
    assert main(["simulate", str(BPMN), "--prosimos", str(path), "--cases", "5"]) == 1
    err = capsys.readouterr().err
    assert f"[{key}]" in err and "Traceback" not in err


# ------------------------------------------------------------------ against Prosimos

def _kpis(log: pd.DataFrame) -> tuple[float, float, float]:
    """Mean case duration, mean wait and mean processing time at B (seconds) of a log with
    enable/start/end."""
    per_case = log.groupby("case_id").agg(first=("enable", "min"), last=("end", "max"))
    b = log[log["task"] == "B"]
    return (float((per_case["last"] - per_case["first"]).mean()),
            float((b["start"] - b["enable"]).mean()), float((b["end"] - b["start"]).mean()))


def _prosimos_kpis(path: Path, seeds: range, cases: int, tmp_path: Path
                   ) -> list[tuple[float, float]]:
    from prosimos.simulation_engine import run_simulation

    out = []
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        for seed in seeds:
            np.random.seed(seed)
            random.seed(seed)
            log_path = tmp_path / f"p{seed}.csv"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                run_simulation(str(BPMN), str(path), cases,
                               starting_at=START.isoformat() + ".000+00:00",
                               log_out_path=str(log_path),
                               stat_out_path=str(tmp_path / f"p{seed}.stat"))
            d = pd.read_csv(log_path)
            t0 = pd.Timestamp(START, tz="UTC")
            log = pd.DataFrame({
                "case_id": d["case_id"],
                "task": d["activity"].map({"Terima berkas": "A", "Tanda tangan": "B",
                                           "Arsipkan": "C"}),
                **{col: (pd.to_datetime(d[f"{col}_time"], format="ISO8601") - t0)
                   .dt.total_seconds() for col in ("enable", "start", "end")}})
            out.append(_kpis(log))
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    return out


DRAWN = {"firing_rules": [],
         "size_distrib": [{"key": "1", "value": 0.2}, {"key": "2", "value": 0.3},
                          {"key": "4", "value": 0.5}],
         "duration_distrib": [{"key": "2", "value": 0.7}, {"key": "4", "value": 0.5}]}


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["size", "alone", "drawn"])
@pytest.mark.parametrize("kind", ["Parallel", "Sequential"])
def test_batches_agree_with_prosimos(tmp_path: Path, kind: str, variant: str) -> None:
    """6 replications x 1,500 cases a side, random arrivals and durations: 0 lies in the
    95 % interval of the difference of the mean case duration, of the mean wait and of the
    mean working time at the batched task (the last one tells a case done alone, with its
    plain duration, and each batch size, by its coefficient, apart). ``size``: a size rule
    of 3; ``alone``: and a case finding no batch open done alone with probability 0.3
    (Prosimos's first ``size_distrib`` value); ``drawn``: no firing rule, each batch's size
    drawn from ``size_distrib`` (1, 2, 4)."""
    doc = _doc(kind)
    alone = 0.3 if variant == "alone" else 0.0
    doc["batch_processing"][0]["size_distrib"] = [{"key": "1", "value": alone},
                                                  {"key": "3", "value": 1 - alone}]
    if variant == "drawn":
        doc["batch_processing"][0].update(DRAWN)
        alone = 0.2
    path = _write(tmp_path, doc)
    cases, reps = 1500, 6
    theirs = _prosimos_kpis(path, range(70, 70 + reps), cases, tmp_path)
    s = load_prosimos(BPMN, path, cases=cases, start=START, seed=5, replications=reps)
    assert s.tasks["B"].batch is not None and s.tasks["B"].batch.alone == alone
    log = simulate(s).log.rename(columns={"element_id": "task"})
    ours = [_kpis(rep) for _, rep in log.groupby("replication")]
    for k, name in enumerate(("case duration", "wait at B", "work at B")):
        low, high = _welch([o[k] for o in ours], [t[k] for t in theirs])
        assert low <= 0.0 <= high, (kind, name, np.mean([o[k] for o in ours]),
                                    np.mean([t[k] for t in theirs]), low, high)


def test_prosimos_itself_does_not_run_concurrent_batches(tmp_path: Path) -> None:
    """The reason given for refusing ``Concurrent``: Prosimos 2.1 prints a warning and
    stops with a TypeError at the first such batch."""
    from prosimos.simulation_engine import run_simulation

    path = _write(tmp_path, _doc("Concurrent"))
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        np.random.seed(1)
        random.seed(1)
        with warnings.catch_warnings(), pytest.raises(TypeError):
            warnings.simplefilter("ignore")
            run_simulation(str(BPMN), str(path), 12,
                           starting_at=START.isoformat() + ".000+00:00",
                           log_out_path=str(tmp_path / "c.csv"),
                           stat_out_path=str(tmp_path / "c.stat"))
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)


def test_prosimos_itself_never_starts_a_size_at_least_batch(tmp_path: Path) -> None:
    """The reason given for refusing ``size >= k``: with it Prosimos 2.1 logs no case at
    the batched task (nor after it), however many arrive."""
    from prosimos.simulation_engine import run_simulation

    doc = _doc(fixed=True)
    doc["batch_processing"][0]["firing_rules"] = [[_rule("size", ">=", 3)]]
    path = _write(tmp_path, doc)
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        np.random.seed(1)
        random.seed(1)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            run_simulation(str(BPMN), str(path), 9,
                           starting_at=START.isoformat() + ".000+00:00",
                           log_out_path=str(tmp_path / "ge.csv"),
                           stat_out_path=str(tmp_path / "ge.stat"))
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    done = pd.read_csv(tmp_path / "ge.csv")["activity"].value_counts().to_dict()
    assert done == {"Terima berkas": 9}
