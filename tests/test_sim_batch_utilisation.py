"""Utilisation of a pool doing parallel batches: the batch's log rows (one per case, the
same person and start) overlap, and the person's busy time counts the batch once, from its
start to the end of its last case (when the engine, as Prosimos, frees the person).

Truth: the closed form of a deterministic model (arrivals every GAP, batches of 3), the
same number on every KPI path (in memory, chunked in any order, the Parquet log, the
streamed run's live KPIs), and Prosimos 2.1's own resource utilisation (exact with fixed
times; inside the 95 % interval of the difference with random durations).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from probisnis.sim import simulate
from probisnis.sim.kpis import (
    StreamingKpis,
    kpis,
    kpis_from_parquet,
    parallel_batches_of,
    result_kpis,
)
from probisnis.sim.kpis_live import LiveKpis
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.scenario_toml import load_scenario
from prosimos_runner import run_prosimos, welch
from test_prosimos_batch import BPMN, START, _doc, _write
from test_sim_batch import SCENARIO
from test_sim_streamed import assert_same_kpis

ALWAYS = '''
[calendar]
weekly = [{ days = "mon-sun", from = "00:00", to = "24:00" }]
holidays = false
'''
PARALLEL = '''
[batches.B]
kind = "parallel"
size = 3
scale = {3 = 0.5}
'''


def _utilisation(table: pd.DataFrame, pool: str) -> float:
    hit = table[(table["name"] == "utilization") & (table["scope"] == pool)]
    assert len(hit) == 1, hit
    return float(hit["value"].iloc[0])


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "batch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_closed_form_of_a_deterministic_parallel_batch(tmp_path: Path) -> None:
    """30 cases arrive every 30 min (24/7); the head signs them in parallel batches of 3,
    each case 10 min x 0.5 x 3: the batch takes 15 min. Batch j is ready when its third
    case arrives, at (3j + 2) x 30 min, and the head is free long before; so the head is
    busy 10 x 15 min = 9,000 s of the window [0, 29 x 1,800 + 900] = [0, 53,100 s]:
    utilisation 9,000 / 53,100. Adding the rows up would give three times that."""
    s = load_scenario(_toml(tmp_path, SCENARIO.replace("cases = 7", "cases = 30") + ALWAYS
                            + PARALLEL))
    assert not any("parallel" in w for w in s.warnings)  # the old warning is gone
    result = simulate(s)
    b = result.log[result.log["element_id"] == "B"]
    assert len(b) == 30 and (b["end"] - b["start"]).eq(900.0).all()
    assert b.groupby("start")["case_id"].count().eq(3).all()  # ten batches of three
    value = _utilisation(result_kpis(result), "kepala")
    assert value == pytest.approx(9_000 / 53_100, rel=1e-12)
    summed = float((b["end"] - b["start"]).sum()) / 53_100
    assert summed == pytest.approx(3 * value)  # what the rows add up to
    # the engine's own busy time of the pool agrees
    assert float(result.resources["busy_seconds"].iloc[0]) == pytest.approx(9_000)
    # "tasks" window: from the first task start (the first batch, at 2 x 1,800 s)
    tasks = result_kpis(result, utilization_window="tasks")
    assert _utilisation(tasks, "kepala") == pytest.approx(9_000 / (53_100 - 3_600), rel=1e-12)


def test_the_last_case_ends_the_batch_not_the_longest(tmp_path: Path) -> None:
    """A batch of three by hand: the head is busy from its start to the end of the case
    enabled last (the engine frees them then), not to the latest end."""
    log = pd.DataFrame({
        "case_id": [0, 1, 2, 3], "replication": 0, "process_id": "P",
        "element_id": ["B", "B", "B", "C"], "name": "x", "kind": "task", "lane": None,
        "resource": "R", "resource_instance": "R#1",
        "enable": [0.0, 10.0, 20.0, 60.0], "start": [20.0, 20.0, 20.0, 60.0],
        "end": [90.0, 50.0, 40.0, 80.0]})
    cases = pd.DataFrame({"case_id": [0, 1, 2, 3], "replication": 0,
                          "arrival": [0.0, 10.0, 20.0, 60.0], "end": [90.0, 50.0, 40.0, 80.0],
                          "status": "finished"})
    resources = pd.DataFrame({"resource": ["R"], "replication": [0], "count": [1],
                              "availability": [1.0], "available_seconds": [100.0],
                              "busy_seconds": [40.0], "cost_per_hour": [0.0]})
    table = kpis(log, cases, resources, horizon=100.0, parallel_batches={"B"})
    # batch [20, 40) (case 2 was enabled last) and task C [60, 80): 40 s of 100
    assert _utilisation(table, "R") == pytest.approx(0.4)
    assert _utilisation(kpis(log, cases, resources, horizon=100.0), "R") == pytest.approx(1.4)
    for seed in range(6):  # any order, any chunks: the same
        acc = StreamingKpis(cases, resources, horizon=100.0, parallel_batches={"B"})
        order = np.random.default_rng(seed).permutation(len(log))
        for part in np.array_split(order, 1 + seed % 4):
            acc.update(log.iloc[part])
        assert _utilisation(acc.result(), "R") == pytest.approx(0.4)


def test_every_kpi_path_gives_the_same_utilisation(tmp_path: Path) -> None:
    """Random arrivals and durations on the office calendar, warm-up, 3 replications: the
    in-memory KPIs, a shuffled log fed in chunks, the Parquet log and the streamed run's
    live KPIs agree to 1e-9; the batch counted once keeps utilisation below 1."""
    text = (SCENARIO.replace("cases = 7", "cases = 240")
            .replace('interarrival = {dist = "fixed", value = 30, unit = "min"}',
                     'interarrival = {dist = "exponential", mean = 25, unit = "min"}')
            .replace('duration = {dist = "fixed", value = 10, unit = "min"}',
                     'duration = {dist = "exponential", mean = 12, unit = "min"}')
            + PARALLEL)
    s = load_scenario(_toml(tmp_path, text))
    options: dict[str, Any] = {"replications": 3, "seed": 4}
    memory = simulate(s, **options)
    assert parallel_batches_of(memory) == {"B"}
    kw: dict[str, Any] = {"calendars": dict(memory.calendars),
                          "process_calendar": memory.process_calendar,
                          "horizon": dict(enumerate(memory.ends)), "warmup_cases": 9,
                          "utilization_window": s.utilization_window,
                          "parallel_batches": {"B"}}
    whole = kpis(memory.log, memory.cases, memory.resources, **kw)
    assert_same_kpis(result_kpis(memory, warmup_cases=9), whole)
    acc = StreamingKpis(memory.cases, memory.resources, **kw)
    shuffled = memory.log.sample(frac=1.0, random_state=5).reset_index(drop=True)
    for part in np.array_split(np.arange(len(shuffled)), 11):
        acc.update(shuffled.iloc[part])
    assert_same_kpis(acc.result(), whole)
    parquet = simulate(s, **options, log_path=tmp_path / "log.parquet", chunk_rows=37)
    assert_same_kpis(kpis_from_parquet(tmp_path / "log.parquet", memory.cases,
                                       memory.resources, **kw), whole)
    assert_same_kpis(result_kpis(parquet, warmup_cases=9), whole)
    streamed = simulate(s, **options, log_path=tmp_path / "s.parquet",
                        cases_path=tmp_path / "c.parquet", warmup_cases=9, chunk_rows=23)
    assert streamed.per_replication is not None
    assert_same_kpis(streamed.per_replication, whole)
    util = whole[(whole["name"] == "utilization") & (whole["scope"] == "kepala")]["value"]
    rows = kpis(memory.log, memory.cases, memory.resources,
                **{**kw, "parallel_batches": ()})
    summed = rows[(rows["name"] == "utilization") & (rows["scope"] == "kepala")]["value"]
    assert (util < 1.0).all() and (summed.to_numpy() > 1.5 * util.to_numpy()).all()


def test_a_streamed_run_remembers_only_the_batches_of_open_cases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 cases (1,000 batches) streamed in small chunks, 24/7 at load 0.6: the live KPIs
    remember only the batches an open case may still add a row to (a handful at any time),
    and give the in-memory KPIs."""
    text = (SCENARIO.replace("cases = 7", "cases = 3000")
            .replace('interarrival = {dist = "fixed", value = 30, unit = "min"}',
                     'interarrival = {dist = "exponential", mean = 25, unit = "min"}')
            .replace('duration = {dist = "fixed", value = 10, unit = "min"}',
                     'duration = {dist = "exponential", mean = 10, unit = "min"}')
            + PARALLEL + ALWAYS)
    s = load_scenario(_toml(tmp_path, text))
    kept: list[int] = []
    feed = LiveKpis.feed

    def counting(self: LiveKpis, *args: Any) -> None:
        feed(self, *args)
        kept.append(len(self._batch_ends))

    monkeypatch.setattr(LiveKpis, "feed", counting)
    streamed = simulate(s, log_path=tmp_path / "s.parquet", cases_path=tmp_path / "c.parquet",
                        chunk_rows=50)
    assert streamed.per_replication is not None
    assert len(kept) > 50 and max(kept) < 30, kept
    memory = simulate(s)
    assert_same_kpis(streamed.per_replication, result_kpis(memory))


def _prosimos_utilisation(path: Path, cases: int, seed: int) -> float:
    """Prosimos 2.1's utilisation of the head (the one resource of task B)."""
    people = run_prosimos(BPMN, path, cases, seed=seed, start=START).resources
    doc = json.loads(path.read_text(encoding="utf-8"))
    head = doc["resource_profiles"][1]["resource_list"][0]["id"]
    return float(people[head].utilization)


def _head(result: Any) -> float:
    pool = next(p for p in result.resources["resource"] if p != "clerk")
    return _utilisation(result_kpis(result), str(pool))


@pytest.mark.parametrize("short_day", [False, True])
def test_prosimos_utilisation_exactly_with_fixed_times(tmp_path: Path,
                                                       short_day: bool) -> None:
    """Fixed gaps and durations: Prosimos's utilisation of the head equals ours (the
    batch counted once), also when the head works 09:00-09:22 and batches run over days."""
    doc = _doc("Parallel", fixed=True)
    if short_day:
        doc["resource_calendars"].append({"id": "short", "name": "Short", "time_periods": [
            {"from": "MONDAY", "to": "FRIDAY", "beginTime": "09:00:00",
             "endTime": "09:22:00"}]})
        doc["resource_profiles"][1]["resource_list"][0]["calendar"] = "short"
    path = _write(tmp_path, doc)
    theirs = _prosimos_utilisation(path, 12, seed=1)
    result = simulate(load_prosimos(BPMN, path, cases=12, start=START))
    assert _head(result) == pytest.approx(theirs, rel=1e-9)


@pytest.mark.slow
def test_prosimos_utilisation_within_the_interval_with_random_durations(
        tmp_path: Path) -> None:
    """Random arrivals and durations (exponential): 0 lies in the 95 % interval of the
    difference of the head's mean utilisation, 30 replications of 300 cases a side. Counting
    the batch to its latest end instead would be about 1.8 times as high."""
    path = _write(tmp_path, _doc("Parallel"))
    cases, reps = 300, 30
    theirs = [_prosimos_utilisation(path, cases, seed) for seed in range(200, 200 + reps)]
    result = simulate(load_prosimos(BPMN, path, cases=cases, start=START, seed=8,
                                    replications=reps))
    table = result_kpis(result)
    pool = next(p for p in result.resources["resource"] if p != "clerk")
    ours = table[(table["name"] == "utilization") & (table["scope"] == pool)]["value"]
    low, high = welch(ours.tolist(), theirs)
    assert low <= 0.0 <= high, (float(ours.mean()), float(np.mean(theirs)), low, high)
