"""The engine's output through the KPI, replication and export functions (permit benchmark)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from probisnis.sim.compile import compile_scenario
from probisnis.sim.export import read_csv_log, write_result
from probisnis.sim.kpis import result_kpis
from probisnis.sim.replicate import replicate
from probisnis.sim.runner import run_replication, simulate
from probisnis.sim.scenario import Scenario
from probisnis.sim.scenario_toml import load_scenario

PERMIT = Path(__file__).parent / "data" / "sim" / "permit.toml"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(PERMIT)


def kpi(table: pd.DataFrame, name: str, scope: str, rep: int) -> float:
    hit = table[(table.name == name) & (table.scope == scope) & (table.replication == rep)]
    return float(hit["value"].item())


def test_kpis_agree_with_the_engine(scenario: Scenario) -> None:
    result = simulate(scenario, cases=200, replications=2, seed=3)
    table = result_kpis(result)
    # busy time measured on the log under each pool's calendar = the effort the engine drew
    util = table[table.name == "utilization"].merge(
        result.resources, left_on=["replication", "scope"], right_on=["replication", "resource"])
    assert len(util) == 6
    np.testing.assert_allclose(util["value"] * util["available_seconds"],
                               util["busy_seconds"], rtol=1e-9)
    assert util["value"].between(0, 1).all()
    for rep in (0, 1):
        cases = result.cases[result.cases.replication == rep]
        assert cases["status"].eq("finished").all()
        end = result.ends[rep]
        # every case ends inside [0, end]: time-average WIP x end = total time in system
        total = float((cases["end"] - cases["arrival"]).sum())
        assert kpi(table, "wip", "process", rep) * end == pytest.approx(total, rel=1e-9)
        assert kpi(table, "throughput", "process", rep) == pytest.approx(200 / end * 86_400)
        # T_request takes a fixed 300 working seconds
        assert kpi(table, "processing_time_working", "T_request", rep) == pytest.approx(300.0)
        assert (kpi(table, "cycle_time", "process", rep)
                > kpi(table, "cycle_time_working", "process", rep))
        # each case's cost is the effort of its tasks at the pools' hourly rates
        log = result.log[result.log.replication == rep]
        rate = log["resource"].astype(str).map({"clerk": 20, "officer": 35, "manager": 50}) / 3600
        cals = result.calendars
        effort = [cals[r].working_between(s, e)
                  for r, s, e in zip(log["resource"], log["start"], log["end"], strict=True)]
        assert kpi(table, "cost", "process", rep) == pytest.approx(
            float((rate * effort).sum()) / 200, rel=1e-9)


def test_replicate_uses_the_engines_streams(scenario: Scenario) -> None:
    compiled = compile_scenario(replace(scenario, cases=80))
    out = replicate(lambda seq, i: run_replication(compiled, seq, i), 3, seed=11)
    together = result_kpis(simulate(scenario, cases=80, replications=3, seed=11))
    pd.testing.assert_frame_equal(out.kpis, together)
    assert out.count == 3
    row = out.summary[(out.summary.name == "cycle_time")].iloc[0]
    assert row["ci_low"] < row["mean"] < row["ci_high"]


def test_streamed_log_gives_the_same_kpis_and_exports(scenario: Scenario,
                                                      tmp_path: Path) -> None:
    memory = simulate(scenario, cases=120, replications=2, seed=5)
    streamed = simulate(scenario, cases=120, replications=2, seed=5,
                        log_path=tmp_path / "log.parquet", chunk_rows=100)
    assert len(streamed.log) == 0
    pd.testing.assert_frame_equal(result_kpis(streamed), result_kpis(memory), rtol=1e-10)
    a = read_csv_log(write_result(memory, tmp_path / "a.csv"))
    b = read_csv_log(write_result(streamed, tmp_path / "b.csv"))
    pd.testing.assert_frame_equal(a, b)
    assert {"waiting_working_seconds", "processing_working_seconds"} <= set(a.columns)
    assert a["start"].iloc[0] == pd.Timestamp("2025-01-06 09:00")  # permit starts at 09:00


@pytest.mark.filterwarnings("ignore:Install the optional requirement:UserWarning")
def test_xes_of_a_simulation_reads_in_pm4py(scenario: Scenario, tmp_path: Path) -> None:
    import pm4py

    result = simulate(scenario, cases=60, seed=2)
    df = pm4py.read_xes(str(write_result(result, tmp_path / "log.xes", format="xes")))
    assert len(df) == 2 * len(result.log)
    assert df["case:concept:name"].nunique() == 60
    assert set(df["concept:name"]) == set(result.log["name"].where(
        result.log["name"].astype(bool), result.log["element_id"]))
