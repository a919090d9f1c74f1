"""A streamed run (``simulate(..., cases_path=...)``, ``simulate --out DIR --stream``) gives the
KPIs and the case table of the in-memory run, while it keeps only the open cases.

Truth: the in-memory path (:func:`probisnis.sim.kpis.kpis` on the whole log and case table,
itself checked against closed forms and Prosimos elsewhere) for the same seed. Sums are
added in another order, so values agree to 1e-9 of their size (the estimators are exact,
there is no sketch); counts exactly.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from probisnis.errors import UsageError
from probisnis.sim.kpis import kpis
from probisnis.sim.model_only import scenario_for_model
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.result import SimulationResult
from probisnis.sim.runner import simulate
from probisnis.sim.scenario import Scenario
from probisnis.sim.scenario_toml import load_scenario

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "sim"
BUNDLED = sorted((ROOT / "simulations").glob("*.toml"))
BENCH = ROOT.parent / "shared" / "bench"


def in_memory_kpis(result: SimulationResult, warmup: int) -> pd.DataFrame:
    return kpis(result.log, result.cases, result.resources, calendars=dict(result.calendars),
                process_calendar=result.process_calendar,
                horizon=dict(enumerate(result.ends)), warmup_cases=warmup,
                utilization_window=result.scenario.utilization_window)


def assert_same_kpis(streamed: pd.DataFrame, memory: pd.DataFrame) -> None:
    keys = ["replication", "name", "scope"]
    assert streamed[keys].values.tolist() == memory[keys].values.tolist()
    assert streamed["unit"].tolist() == memory["unit"].tolist()
    for column in ("value", "n", "std"):
        a, b = memory[column].to_numpy(float), streamed[column].to_numpy(float)
        scale = np.fmax(np.abs(a), np.abs(memory["value"].to_numpy(float)))
        scale = np.where(np.isnan(scale), 1.0, scale)
        same = (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= 1e-9 * np.maximum(scale, 1.0))
        assert same.all(), memory.assign(streamed=b)[~same][[*keys, column, "streamed"]]


def compare(scenario: Scenario, tmp_path: Path, *, cases: int | None = None,
            replications: int = 2, warmup: int = 0, chunk_rows: int = 50,
            horizon: float | None = None) -> SimulationResult:
    """Run ``scenario`` in memory and streamed (small chunks: many of them); assert the same
    KPIs and case table; return the streamed result."""
    options = {"cases": cases, "replications": replications, "seed": 11, "horizon": horizon}
    memory = simulate(scenario, **options)
    streamed = simulate(scenario, **options, log_path=tmp_path / "log.parquet",
                        cases_path=tmp_path / "cases.parquet", warmup_cases=warmup,
                        chunk_rows=chunk_rows)
    assert len(streamed.cases) == 0 and len(streamed.log) == 0
    assert streamed.per_replication is not None
    assert_same_kpis(streamed.per_replication, in_memory_kpis(memory, warmup))
    table = streamed.case_table()
    numbers = ["case_id", "replication", "arrival", "end"]
    pd.testing.assert_frame_equal(table[numbers], memory.cases[numbers])
    assert table["status"].astype(str).tolist() == memory.cases["status"].astype(str).tolist()
    assert streamed.case_status() == memory.case_status()
    assert streamed.n_cases == len(memory.cases)
    assert streamed.replications == memory.replications
    assert pq.ParquetFile(tmp_path / "log.parquet").metadata.num_rows == len(memory.log)
    return streamed


def test_permit_scenario_with_warmup_and_small_chunks(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "permit.toml")
    compare(scenario, tmp_path, cases=400, warmup=37, chunk_rows=64)


def test_permit_cut_by_a_horizon_has_cases_and_tasks_in_flight(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "permit.toml")
    streamed = compare(scenario, tmp_path, horizon=5 * 86_400.0, warmup=10)
    assert streamed.case_status().get("in_flight", 0) > 0


def test_the_permit_benchmark_prosimos_import(tmp_path: Path) -> None:
    if not (BENCH / "permit.json").is_file():
        assert not os.environ.get("CI"), f"{BENCH} is missing"
        pytest.skip("shared/bench is not beside the repository")
    scenario = load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=500, seed=1)
    compare(scenario, tmp_path, chunk_rows=300)


@pytest.mark.parametrize("model", ["deadlock.bpmn", "terminate.bpmn", "event_subprocess.bpmn",
                                   "messages.bpmn", "call_parent.bpmn", "timers_multi.bpmn",
                                   "parallel_timeout.bpmn", "rework.bpmn", "inclusive.bpmn"])
def test_models_with_failures_subprocesses_and_timers(model: str, tmp_path: Path) -> None:
    scenario = scenario_for_model(DATA / model, cases=60)
    compare(scenario, tmp_path, warmup=5, chunk_rows=7)


def test_deadlocked_cases_are_counted_as_failed(tmp_path: Path) -> None:
    streamed = compare(scenario_for_model(DATA / "deadlock.bpmn", cases=30), tmp_path,
                       replications=1)
    assert streamed.case_status() == {"failed": 30}


@pytest.mark.parametrize("path", BUNDLED[:4], ids=lambda p: p.stem)
def test_bundled_scenarios(path: Path, tmp_path: Path) -> None:
    compare(load_scenario(path), tmp_path, cases=80, warmup=8)


@pytest.mark.slow
@pytest.mark.parametrize("path", BUNDLED[4:], ids=lambda p: p.stem)
def test_bundled_scenarios_all(path: Path, tmp_path: Path) -> None:
    compare(load_scenario(path), tmp_path, cases=80, warmup=8)


def test_a_warmup_of_every_case_is_refused(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "permit.toml")
    with pytest.raises(UsageError, match="warmup_cases=50 membuang seluruh 50 kasus") as info:
        simulate(scenario, cases=50, log_path=tmp_path / "l.parquet",
                 cases_path=tmp_path / "c.parquet", warmup_cases=50)
    assert info.value.text("en").endswith("warmup_cases=50 deletes all 50 cases of replication 0")


def test_cases_path_needs_a_log_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cases_path needs log_path"):
        simulate(load_scenario(DATA / "permit.toml"), cases=5,
                 cases_path=tmp_path / "c.parquet")


def test_open_case_state_stays_small(tmp_path: Path) -> None:
    """What the accumulator holds per case is the open cases only: after each chunk its
    arrays are no longer than the cases started and not yet closed."""
    from probisnis.sim.kpis_live import LiveKpis

    longest: list[int] = []
    feed = LiveKpis.feed

    def spy(self: LiveKpis, *args: object) -> None:
        feed(self, *args)  # type: ignore[arg-type]
        longest.append(len(self._ids))

    scenario = replace(load_scenario(DATA / "permit.toml"), horizon=None)
    LiveKpis.feed = spy  # type: ignore[method-assign]
    try:
        simulate(scenario, cases=3_000, replications=1, seed=2,
                 log_path=tmp_path / "l.parquet", cases_path=tmp_path / "c.parquet",
                 chunk_rows=200)
    finally:
        LiveKpis.feed = feed  # type: ignore[method-assign]
    assert len(longest) > 50  # many chunks
    # the permit model has a few dozen cases open at a time; all 3,000 would be kept if
    # closed cases stayed
    assert max(longest) < 400, max(longest)


def test_memory_estimate_of_a_streamed_run_is_a_few_bytes_a_case() -> None:
    from probisnis.errors import ScenarioError
    from probisnis.sim.bounds import BYTES_PER_CASE_STREAMED, available_memory, check_run
    from probisnis.sim.distributions import Fixed

    s = load_scenario(DATA / "permit.toml")
    n = int(available_memory() / BYTES_PER_CASE_STREAMED * 1.5)  # too many unless flat
    fast = replace(s, cases=n, arrivals=replace(s.arrivals, interarrival=Fixed(1.0)))
    with pytest.raises(ScenarioError, match=r"tabel kasus ke disk \(--out DIR --stream\)"):
        check_run(fast, streamed=True)
    check_run(fast, streamed=True, flat=True)
