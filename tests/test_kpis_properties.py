"""Property tests: random small simulation outputs keep the KPI identities."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_fixtures import IntervalCalendar, log_frame
from probisnis.sim.kpis import StreamingKpis, kpis
from probisnis.sim.kpis_time import activity_series, queue_series, time_average, wip_series

TASKS = {"A": ("L1", "R1"), "B": ("L2", "R2"), "C": ("L2", None), "D": ("L1", "R1")}


@st.composite
def outputs(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float]:
    """Cases of sequential tasks with random waits and durations; some cases still open at
    the horizon (their last task waiting or running)."""
    n = draw(st.integers(1, 7))
    times = st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 3))
    rows, case_rows = [], []
    arrival = 0.0
    for case in range(n):
        arrival += draw(times)
        t = arrival
        names = draw(st.lists(st.sampled_from(sorted(TASKS)), min_size=1, max_size=3))
        open_at = draw(st.sampled_from(["none", "waiting", "running"]))
        for i, element in enumerate(names):
            lane, pool = TASKS[element]
            enable = t
            start = enable + (draw(times) if pool else 0.0)
            end = start + draw(times)
            last = i == len(names) - 1
            if last and open_at == "waiting" and pool:
                start = end = math.nan
            elif last and open_at == "running":
                end = math.nan
            rows.append((case, "P" if element != "D" else "Q", element, lane, pool, enable,
                         start, end))
            t = end
        done = not math.isnan(t)
        case_rows.append((case, arrival, t if done else math.nan,
                          "finished" if done else "in_flight"))
    log = log_frame(rows)
    cases = pd.DataFrame(case_rows, columns=["case_id", "arrival", "end", "status"]).assign(
        replication=0)
    last = float(np.nanmax(log[["enable", "start", "end"]].to_numpy()))
    horizon = last + draw(st.floats(1, 20))
    resources = pd.DataFrame({
        # more people than cases, so the pools never run out (tasks are drawn per case)
        "resource": ["R1", "R2"], "replication": 0, "count": [8, 8], "availability": 1.0,
        "available_seconds": [8 * horizon, 8 * horizon], "busy_seconds": 0.0,
        "cost_per_hour": [10.0, 0.0]})
    return log, cases, resources, horizon


def _value(t: pd.DataFrame, name: str, scope: str) -> float:
    hit = t[(t.name == name) & (t.scope == scope)]
    return float(hit["value"].iloc[0]) if len(hit) else 0.0


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outputs(), st.data())
def test_chunks_warmup_and_series_agree(out: tuple, data: st.DataObject) -> None:
    log, cases, resources, horizon = out
    warmup = data.draw(st.integers(0, len(cases) - 1))
    cal = IntervalCalendar([(k * 40.0, k * 40.0 + 30.0) for k in range(100)])
    opts = dict(horizon=horizon, warmup_cases=warmup, calendars={"R1": cal},
                process_calendar=cal)
    whole = kpis(log, cases, resources, **opts)
    # any split of the rows into chunks, in any order, gives the same table
    order = data.draw(st.permutations(range(len(log))))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(log)), max_size=4)))
    acc = StreamingKpis(cases, resources, **opts)
    for lo, hi in zip([0, *cuts], [*cuts, len(log)], strict=True):
        acc.update(log.iloc[list(order[lo:hi])])
    pd.testing.assert_frame_equal(acc.result(), whole, rtol=1e-9, atol=1e-12)
    # the time averages are the integrals of the step series over the window
    t0 = float(cases.sort_values(["arrival", "case_id"])["arrival"].iloc[warmup])
    t0 = t0 if warmup else 0.0
    if horizon > t0:
        assert math.isclose(_value(whole, "wip", "process"),
                            time_average(wip_series(cases), t0, horizon)["value"].item(),
                            rel_tol=1e-12)
        for by, name, series in (
            ("lane", "lane_wip", activity_series(log, by="lane")),
            ("resource", "queue_length", queue_series(log)),
            ("lane", "lane_queue_length", activity_series(log, by="lane", what="queue")),
        ):
            for scope, avg in time_average(series, t0, horizon, by=by)[[by, "value"]].values:
                assert math.isclose(_value(whole, name, scope), avg, abs_tol=1e-9)
    # utilization is a share of the available time (NaN when the window has none)
    util = whole[whole.name == "utilization"]["value"].dropna()
    assert ((util >= 0) & (util <= 1 + 1e-12)).all()
    # the retained cases: count of finished ones is cycle_time's n
    kept = cases.sort_values(["arrival", "case_id"]).iloc[warmup:]
    finished = int(kept["status"].eq("finished").sum())
    n = whole.loc[whole.name == "cycle_time", "n"].item()
    assert n == finished
