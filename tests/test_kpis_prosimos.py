"""Our KPI definitions against Prosimos' own KPI report, on the same Prosimos run.

Prosimos 2.1 simulates the permit benchmark and reports per-task and per-resource KPIs;
its event log (enable, start, end, resource of every task) goes through our ``kpis``. The
numbers must be equal, not close: this pins down which of our KPIs each Prosimos KPI is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from probisnis.sim.kpis import kpis
from probisnis.sim.prosimos import load_prosimos
from prosimos_runner import run_prosimos

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
START = datetime(2025, 1, 6, 9, 0)


def _prosimos(cases: int, seed: int) -> tuple[object, object]:
    run = run_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases, seed=seed,
                       start=START)
    return run.report, run.info


def _frames(info: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Prosimos' traces as our event log and case table (sim seconds from START)."""
    rows, cases = [], []
    t0 = info.started_at  # type: ignore[attr-defined]
    for trace in info.trace_list:  # type: ignore[attr-defined]
        for ev in trace.event_list:
            rows.append((trace.p_case, 0, "Process_permit", ev.task_id, ev.task_id, "task",
                         None, ev.resource_id.rsplit("_", 1)[0], ev.resource_id,
                         float(ev.enabled_at), float(ev.started_at), float(ev.completed_at)))
        cases.append((trace.p_case, 0, (trace.started_at - t0).total_seconds(),
                      (trace.completed_at - t0).total_seconds(), "finished"))
    log = pd.DataFrame(rows, columns=["case_id", "replication", "process_id", "element_id",
                                      "name", "kind", "lane", "resource", "resource_instance",
                                      "enable", "start", "end"])
    table = pd.DataFrame(cases, columns=["case_id", "replication", "arrival", "end", "status"])
    return log, table


def test_our_kpis_are_prosimos_kpis_on_its_own_log() -> None:
    (process, tasks, people, _, _), info = _prosimos(250, seed=5)
    log, cases = _frames(info)
    scenario = load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", start=START)
    calendars = {pool_id: pool.calendar for pool_id, pool in scenario.pools.items()}
    last = float(log["end"].max())
    resources = pd.DataFrame([
        {"resource": p, "replication": 0, "count": pool.count, "availability": 1.0,
         "available_seconds": pool.count * calendars[p].working_between(0.0, last),
         "busy_seconds": 0.0, "cost_per_hour": pool.cost_per_hour}
        for p, pool in scenario.pools.items()])
    ours = kpis(log, cases, resources, calendars=calendars).set_index(["name", "scope"])
    value = ours["value"]
    rel = 1e-8
    # Prosimos "idle_cycle_time" of the process = our cycle_time (wall clock)
    assert value["cycle_time", "process"] == pytest.approx(process.idle_cycle_time.avg, rel=rel)
    for task, k in tasks.items():
        # "waiting_time" = our waiting_time (wall clock, start - enable)
        assert value["waiting_time", task] == pytest.approx(k.waiting_time.avg, rel=rel)
        # "processing_time" (the drawn duration) = our processing_time_working
        assert value["processing_time_working", task] == pytest.approx(
            k.processing_time.avg, rel=rel)
        # "idle_processing_time" = our processing_time (wall clock, end - start)
        assert value["processing_time", task] == pytest.approx(
            k.idle_processing_time.avg, rel=rel)
        assert ours.loc[("processing_time", task), "n"] == k.processing_time.count
    # a type's utilization = the mean over its people of Prosimos' per-person utilization
    # (worked working time / working time of the calendar from the start to the last end)
    per_type: dict[str, list[float]] = {}
    for person, kpi in people.items():
        per_type.setdefault(person.rsplit("_", 1)[0], []).append(kpi.utilization)
    assert set(per_type) == {"clerk", "officer", "manager"}
    for pool, shares in per_type.items():
        assert value["utilization", pool] == pytest.approx(np.mean(shares), rel=rel)
