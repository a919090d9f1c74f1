"""KPIs against values computed by hand on tiny logs, and against sample-path identities."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from kpi_fixtures import IntervalCalendar, mm1_log, three_cases
from probisnis.errors import SimulationError, UsageError
from probisnis.sim.kpis import StreamingKpis, kpis, working_seconds
from probisnis.sim.kpis_time import (
    activity_series,
    queue_series,
    throughput_table,
    time_average,
    wip_series,
)
from probisnis.sim.stats import summarize

DAY = 86_400.0


def value(table: pd.DataFrame, name: str, scope: str = "process") -> float:
    hit = table[(table["name"] == name) & (table["scope"] == scope)]
    assert len(hit) == 1, f"{name}/{scope}: {len(hit)} rows"
    return float(hit["value"].iloc[0])


def test_three_cases_by_hand() -> None:
    log, cases, resources = three_cases()
    t = kpis(log, cases, resources, horizon=100.0)
    assert list(t.columns) == ["replication", "name", "scope", "value", "n", "std", "unit"]
    assert value(t, "cycle_time") == 35.0  # cases 1 and 2: 30 and 40; case 3 in flight
    row = t[t["name"].eq("cycle_time")].iloc[0]
    assert row["n"] == 2 and row["std"] == pytest.approx(math.sqrt(50.0))
    assert value(t, "waiting_time", "A") == pytest.approx(5 / 3)  # 0, 0, 5
    assert value(t, "waiting_time", "B") == pytest.approx(2 / 3)  # 2, 0, 0
    assert value(t, "processing_time", "A") == pytest.approx(40 / 3)  # 10, 15, 15
    assert value(t, "processing_time", "B") == pytest.approx(21.5)  # 18, 25; case 3 open
    assert value(t, "throughput") == pytest.approx(2 / (100 / DAY))
    assert t.loc[t["name"].eq("throughput"), "unit"].item() == "cases/day"
    assert value(t, "wip") == pytest.approx((30 + 40 + 80) / 100)  # case 3 until horizon
    assert value(t, "phase_wip", "P") == pytest.approx(1.5)
    assert value(t, "lane_wip", "L1") == pytest.approx((10 + 15 + 20) / 100)
    assert value(t, "lane_wip", "L2") == pytest.approx((20 + 25 + 60) / 100)
    assert value(t, "lane_queue_length", "L1") == pytest.approx(0.05)
    assert value(t, "queue_length", "R1") == pytest.approx(0.05)
    assert value(t, "queue_length", "R2") == pytest.approx(0.02)
    assert value(t, "utilization", "R1") == pytest.approx(40 / 100)
    assert value(t, "utilization", "R2") == pytest.approx((18 + 25 + 60) / 200)
    # R1 costs 36 per hour = 0.01 per second; R2 is free
    assert value(t, "cost") == pytest.approx((0.10 + 0.15) / 2)
    assert not t["name"].str.endswith("_working").any()  # no calendars, no working variants


def test_warmup_drops_first_cases_and_shrinks_window() -> None:
    log, cases, resources = three_cases()
    t = kpis(log, cases, resources, horizon=100.0, warmup_cases=1)  # window [10, 100]
    assert value(t, "cycle_time") == 40.0
    assert value(t, "waiting_time", "A") == pytest.approx(2.5)
    assert value(t, "processing_time", "B") == pytest.approx(25.0)
    assert value(t, "cost") == pytest.approx(0.15)
    # time-based KPIs count everything in the system during [10, 100]
    assert value(t, "throughput") == pytest.approx(2 / (90 / DAY))
    assert value(t, "wip") == pytest.approx((20 + 40 + 80) / 90)
    assert value(t, "utilization", "R1") == pytest.approx(30 / 90)
    assert value(t, "utilization", "R2") == pytest.approx(103 / 180)


def test_warmup_ties_broken_by_case_id_and_arrival_order_not_id() -> None:
    log, cases, resources = three_cases()
    cases = cases.assign(arrival=[10.0, 0.0, 20.0])  # case 2 arrives first now
    log = log.assign(enable=np.where(log["case_id"].eq(1), log["enable"] + 10, log["enable"]))
    log = log.assign(start=np.maximum(log["start"], log["enable"]))
    log = log.assign(end=np.where(log["end"] < log["start"], log["start"], log["end"]))
    t = kpis(log, cases, resources, horizon=100.0, warmup_cases=1)
    assert value(t, "cycle_time") == 20.0  # only case 1 (10 -> 30) is left finished


def test_working_time_variants_use_calendars() -> None:
    log, cases, resources = three_cases()
    cal = IntervalCalendar([(0, 50), (60, 100)])  # a break from 50 to 60
    resources = resources.assign(available_seconds=[90.0, 180.0])
    t = kpis(log, cases, resources, horizon=100.0, calendars={"R1": cal, "R2": cal},
             process_calendar=cal)
    assert value(t, "cycle_time_working") == 35.0  # both cases end by 50
    assert value(t, "processing_time_working", "A") == pytest.approx(40 / 3)
    # R2 busy: 18 + 25 + (40..100 minus the break) 50
    assert value(t, "utilization", "R2") == pytest.approx((18 + 25 + 50) / 180)
    assert value(t, "utilization", "R1") == pytest.approx(40 / 90)
    # a calendar that only works [0, 20): waiting/processing shrink to the working part
    early = IntervalCalendar([(0, 20)])
    t = kpis(log, cases, resources, horizon=100.0, calendars={"R1": early})
    assert value(t, "processing_time_working", "A") == pytest.approx((10 + 10 + 0) / 3)
    assert value(t, "waiting_time_working", "A") == pytest.approx(0.0)
    assert "B" not in set(t.loc[t["name"].eq("processing_time_working"), "scope"])


def test_working_seconds_handles_empty_and_nan() -> None:
    cal = IntervalCalendar([(0, 10)])
    got = working_seconds(cal, np.array([0.0, 5.0, 3.0, np.nan]), np.array([20.0, 5.0, 1.0, 4.0]))
    assert got[:3].tolist() == [10.0, 0.0, 0.0] and math.isnan(got[3])


def test_chunked_stream_equals_whole_log() -> None:
    rng = np.random.default_rng(7)
    log, cases, resources = mm1_log(rng, 400, reps=2)
    cal = IntervalCalendar([(d * 100.0, d * 100.0 + 60.0) for d in range(2000)])
    opts = dict(calendars={"R": cal}, process_calendar=cal, warmup_cases=20)
    whole = kpis(log, cases, resources, **opts)
    acc = StreamingKpis(cases, resources, **opts)
    shuffled = log.sample(frac=1.0, random_state=3).reset_index(drop=True)
    for chunk in np.array_split(np.arange(len(shuffled)), 7):
        acc.update({c: shuffled[c].to_numpy()[chunk] for c in shuffled.columns})
    pd.testing.assert_frame_equal(acc.result(), whole, rtol=1e-10)


def test_sample_path_identities_on_a_queue() -> None:
    """Little's law holds exactly over a window that starts and ends empty."""
    rng = np.random.default_rng(11)
    log, cases, resources = mm1_log(rng, 500)
    t = kpis(log, cases, resources)  # window [0, last departure]
    horizon = float(cases["end"].max())
    n = len(cases)
    assert value(t, "throughput") == pytest.approx(n / horizon * DAY)
    assert value(t, "wip") * horizon == pytest.approx(value(t, "cycle_time") * n)
    wait = (log["start"] - log["enable"]).to_numpy()
    assert value(t, "queue_length", "R") * horizon == pytest.approx(wait.sum())
    assert value(t, "waiting_time", "T") + value(t, "processing_time", "T") == pytest.approx(
        value(t, "cycle_time"))
    assert value(t, "utilization", "R") == pytest.approx(
        resources["busy_seconds"].item() / horizon)


def test_replications_are_separate_and_summarize() -> None:
    rng = np.random.default_rng(5)
    log, cases, resources = mm1_log(rng, 200, reps=3)
    t = kpis(log, cases, resources)
    assert sorted(t["replication"].unique()) == [0, 1, 2]
    for r in range(3):
        one = kpis(log[log.replication == r], cases[cases.replication == r],
                   resources[resources.replication == r])
        pd.testing.assert_frame_equal(
            t[t.replication == r].reset_index(drop=True), one, rtol=1e-12)
    s = summarize(t)
    assert list(s.columns) == ["name", "scope", "mean", "ci_low", "ci_high", "unit"]
    ct = t[t.name == "cycle_time"]["value"]
    row = s[s.name == "cycle_time"].iloc[0]
    assert row["mean"] == pytest.approx(ct.mean())
    assert row["ci_low"] < row["mean"] < row["ci_high"]


def test_bad_logs_are_errors_not_numbers() -> None:
    log, cases, resources = three_cases()
    bad = log.copy()
    bad.loc[1, "end"] = 5.0  # B of case 1 ends before it starts
    with pytest.raises(SimulationError, match=r"\[B\].*ends before it starts"):
        kpis(bad, cases, resources)
    with pytest.raises(SimulationError, match="finished case"):
        kpis(log, cases.assign(end=[30.0, math.nan, math.nan],
                               status=["finished"] * 3), resources)
    with pytest.raises(SimulationError, match="replication"):
        kpis(log.assign(replication=4), cases, resources)
    with pytest.raises(UsageError, match="membuang seluruh 3 kasus") as info:
        kpis(log, cases, resources, warmup_cases=3)
    assert "deletes all 3 cases" in info.value.text("en")
    with pytest.raises(UsageError, match="lacks columns"):
        kpis(log.drop(columns=["enable"]), cases, resources)
    with pytest.raises(UsageError, match="period"):
        kpis(log, cases, resources, period="fortnight")
    with pytest.raises(SimulationError, match="case 7 of replication 0"):
        kpis(log.assign(case_id=[1, 1, 2, 2, 3, 7]), cases, resources)
    with pytest.raises(SimulationError, match=r"resource\(s\) \['R9'\]"):
        kpis(log.assign(resource=["R1", "R1", "R9", "R2", "R1", "R2"]), cases, resources)
    with pytest.raises(SimulationError, match="status"):
        kpis(log, cases.assign(status="done"), resources)
    with pytest.raises(SimulationError, match="case 2 appears twice in replication 0"):
        kpis(log, cases.assign(case_id=[1, 2, 2]), resources)


def test_week_and_month_throughput_units() -> None:
    log, cases, resources = three_cases()
    week = kpis(log, cases, resources, horizon=100.0, period="week")
    assert value(week, "throughput") == pytest.approx(2 / (100 / (7 * DAY)))
    assert week.loc[week.name.eq("throughput"), "unit"].item() == "cases/week"
    month = kpis(log, cases, resources, horizon=100.0, period="month")
    assert value(month, "throughput") == pytest.approx(2 / (100 / (30.436875 * DAY)))


def test_step_series_by_hand_and_equal_to_kpi_averages() -> None:
    log, cases, resources = three_cases()
    wip = wip_series(cases)
    assert wip[["time", "value"]].values.tolist() == [
        [0, 1], [10, 2], [20, 3], [30, 2], [50, 1]]
    queue = queue_series(log)
    r1 = queue[queue.resource.eq("R1")][["time", "value"]].values.tolist()
    assert r1 == [[0, 0], [20, 1], [25, 0]]
    lanes = activity_series(log, by="lane")
    l2 = lanes[lanes.lane.eq("L2")][["time", "value"]].values.tolist()
    assert l2 == [[0, 0], [10, 1], [25, 2], [30, 1], [40, 2], [50, 1]]
    # the time averages of the series are the KPIs, on the full and a warm-up window
    for warmup, t0 in ((0, 0.0), (1, 10.0)):
        t = kpis(log, cases, resources, horizon=100.0, warmup_cases=warmup)
        assert time_average(wip, t0, 100.0)["value"].item() == pytest.approx(value(t, "wip"))
        for scope, avg in time_average(lanes, t0, 100.0, by="lane")[["lane", "value"]].values:
            assert avg == pytest.approx(value(t, "lane_wip", scope))
        for scope, avg in time_average(queue, t0, 100.0, by="resource")[
                ["resource", "value"]].values:
            assert avg == pytest.approx(value(t, "queue_length", scope))


def test_throughput_table_counts_per_calendar_period() -> None:
    _, cases, _ = three_cases()
    cases = cases.assign(end=[30.0, 3.5 * DAY, math.nan], arrival=[0.0, 10.0, 8 * DAY])
    plain = throughput_table(cases, "day")
    assert plain["finished"].tolist() == [1, 0, 0, 1, 0, 0, 0, 0, 0]
    assert plain["period"].tolist()[:2] == [0.0, DAY]
    monday = datetime(2025, 1, 6, 8, 0)
    weeks = throughput_table(cases, "week", start=monday)
    assert weeks["period"].tolist() == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]
    assert weeks["finished"].tolist() == [2, 0]
    # starting on a Friday at 15:00, 3.5 days later is Tuesday 03:00 of the next week
    friday = datetime(2025, 1, 10, 15, 0)
    days = throughput_table(cases, "day", start=friday)
    assert days.loc[days.finished.eq(1), "period"].tolist() == [
        pd.Timestamp("2025-01-10"), pd.Timestamp("2025-01-14")]
    weeks = throughput_table(cases, "week", start=friday)
    assert weeks["finished"].tolist()[:2] == [1, 1]
    months = throughput_table(cases, "month", start=friday)
    assert months["period"].tolist() == [pd.Timestamp("2025-01-01")]
    assert months["finished"].sum() == 2


def test_availability_share_counts_in_busy_time_and_cost() -> None:
    """A person available half the time to this process gives a task half of the time it
    holds them (the engine stretches effort by 1 / availability)."""
    log, cases, resources = three_cases()
    half = resources.assign(availability=[0.5, 1.0], available_seconds=[50.0, 200.0])
    t = kpis(log, cases, half, horizon=100.0)
    assert value(t, "utilization", "R1") == pytest.approx(0.5 * 40 / 50)
    assert value(t, "cost") == pytest.approx(0.5 * (0.10 + 0.15) / 2)
    assert value(t, "processing_time", "A") == pytest.approx(40 / 3)  # what the case sees


def test_horizon_per_replication() -> None:
    rng = np.random.default_rng(8)
    log, cases, resources = mm1_log(rng, 100, reps=2)
    ends = cases.groupby("replication")["end"].max().to_dict()
    by_rep = kpis(log, cases, resources, horizon=ends)
    default = kpis(log, cases, resources)  # last event of each replication
    pd.testing.assert_frame_equal(by_rep, default)
    longer = kpis(log, cases, resources, horizon={0: 2 * ends[0]})
    assert value(longer[longer.replication == 0], "wip") == pytest.approx(
        value(default[default.replication == 0], "wip") / 2)
    with pytest.raises(UsageError, match="positive"):
        kpis(log, cases, resources, horizon=-1.0)


def test_kpi_docs_example_runs() -> None:
    import doctest
    from pathlib import Path

    page = Path(__file__).parents[1] / "docs" / "kpis.md"
    result = doctest.testfile(str(page), module_relative=False, verbose=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6 and result.failed == 0
