"""Engine semantics on small fixture models with fixed durations: exact times, counts, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd

from probisnis.sim import Attribute, simulate
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.eventlog import LOG_COLUMNS
from probisnis.sim.kpis import result_kpis
from probisnis.sim.result import CASE_COLUMNS, RESOURCE_COLUMNS
from sim_helpers import exp, fixed, scenario


def rows(result, element):
    return result.log[result.log["element_id"] == element].sort_values(["case_id", "enable"])


def test_tables_have_the_contract_columns_and_types() -> None:
    r = simulate(scenario("single.bpmn", process="P_single", tasks={"T": (fixed(5), "desk")},
                          pools={"desk": 1}, cases=20))
    assert tuple(r.log.columns) == LOG_COLUMNS
    assert tuple(r.cases.columns) == CASE_COLUMNS
    assert tuple(r.resources.columns) == RESOURCE_COLUMNS
    assert r.log["case_id"].dtype == np.int64 and r.log["replication"].dtype == np.int64
    assert set(r.log["resource_instance"]) == {"desk#1"}
    assert (r.log["kind"] == "task").all() and (r.log["process_id"] == "P_single").all()
    assert len(r.log) == 20 and (r.cases["status"] == "finished").all()


def test_fifo_single_server_times_are_exact() -> None:
    # arrivals every 10 s (the first at 0), service 15 s: case k starts at 15k, waits 5k
    r = simulate(scenario("single.bpmn", process="P_single", tasks={"T": (fixed(15), "desk")},
                          pools={"desk": 1}, interarrival=fixed(10), cases=5))
    log = rows(r, "T")
    assert log["enable"].tolist() == [0, 10, 20, 30, 40]
    assert log["start"].tolist() == [0, 15, 30, 45, 60]
    assert log["end"].tolist() == [15, 30, 45, 60, 75]
    assert r.resources.loc[0, "busy_seconds"] == 75


def test_same_seed_same_log_and_other_seed_differs() -> None:
    sc = scenario("parallel.bpmn", process="P_parallel",
                  tasks={"A": (exp(7), "p"), "B": (exp(9), "p")}, pools={"p": 2}, cases=300)
    a, b = simulate(sc, seed=11), simulate(sc, seed=11)
    assert a.log.equals(b.log) and a.cases.equals(b.cases)
    c = simulate(sc, seed=12)
    assert not a.log.equals(c.log)


def test_replications_are_independent_streams_and_stable() -> None:
    sc = scenario("single.bpmn", process="P_single", tasks={"T": exp(3)}, cases=50)
    two = simulate(sc, seed=5, replications=2)
    three = simulate(sc, seed=5, replications=3)
    assert sorted(two.cases["replication"].unique()) == [0, 1]
    # replication i does not change when more replications are asked for
    pd.testing.assert_frame_equal(two.log, three.log[three.log["replication"] < 2])
    r0 = two.log[two.log["replication"] == 0]["end"].to_numpy()
    r1 = two.log[two.log["replication"] == 1]["end"].to_numpy()
    assert not np.array_equal(r0, r1)


def test_parallel_split_and_join() -> None:
    r = simulate(scenario("parallel.bpmn", process="P_parallel",
                          tasks={"A": fixed(10), "B": fixed(25)}, cases=3,
                          interarrival=fixed(100)))
    assert (r.log.groupby("case_id").size() == 2).all()
    assert ((r.cases["end"] - r.cases["arrival"]) == 25).all()


def test_implicit_split_of_an_activity_with_two_flows_is_parallel() -> None:
    r = simulate(scenario("implicit_split.bpmn", process="P_implicit",
                          tasks={"T0": fixed(1), "A": fixed(10), "B": fixed(4)}, cases=2,
                          interarrival=fixed(100)))
    assert (r.log.groupby("case_id").size() == 3).all()
    assert ((r.cases["end"] - r.cases["arrival"]) == 11).all()


def test_inclusive_split_by_conditions_and_join_waits_for_all_live_branches() -> None:
    attrs = (Attribute("need_a", (True, False), (0.5, 0.5)),
             Attribute("kind", ("b", "ab", "x"), (0.3, 0.3, 0.4)))
    r = simulate(scenario("inclusive.bpmn", process="P_inclusive",
                          tasks={"A": fixed(10), "B": fixed(30), "C": fixed(5), "Z": fixed(1)},
                          attributes=attrs, cases=400))
    per_case = r.log.pivot_table(index="case_id", columns="element_id", values="end",
                                 aggfunc="count", observed=True).fillna(0)
    assert (per_case["Z"] == 1).all(), "the inclusive join fires exactly once per case"
    # C (default) runs exactly when neither condition holds
    assert ((per_case["C"] == 1) == ((per_case["A"] == 0) & (per_case["B"] == 0))).all()
    z = rows(r, "Z").set_index("case_id")["enable"]
    last = r.log[r.log["element_id"].isin(["A", "B", "C"])].groupby("case_id")["end"].max()
    assert np.allclose(z.sort_index(), last.sort_index())
    share_b = per_case["B"].mean()
    assert 0.5 < share_b < 0.7  # P(kind in {b, ab}) = 0.6


def test_branch_probabilities_and_rework_loop_counts() -> None:
    r = simulate(scenario("rework.bpmn", process="P_rework", tasks={"T": fixed(1)},
                          branching={"G_ok": {"f_ok": 0.75, "f_redo": 0.25}}, cases=4000))
    visits = r.log.groupby("case_id").size()
    assert visits.min() == 1
    assert abs(visits.mean() - 1 / 0.75) < 0.05


def test_gateway_without_probabilities_splits_equally_with_a_warning() -> None:
    r = simulate(scenario("lanes.bpmn", process="P_lanes",
                          tasks={"Plan": fixed(1), "Do": fixed(1), "X1": fixed(1), "X2": fixed(1)},
                          pools={"L_JFJP": 3, "L_KABAG": 1}, cases=2000))
    assert any("G_x" in w and "equal split" in w for w in r.warnings)
    share = (r.log["element_id"] == "X1").sum() / 2000
    assert 0.45 < share < 0.55


def test_multi_instance_runs_cardinality_instances_on_the_lane_pool() -> None:
    r = simulate(scenario("lanes.bpmn", process="P_lanes",
                          tasks={"Plan": fixed(10), "Do": fixed(100), "X1": fixed(1),
                                 "X2": fixed(2)},
                          pools={"L_JFJP": 2, "L_KABAG": 1}, cases=1))
    do = rows(r, "Do")
    assert len(do) == 3
    assert sorted(do["start"]) == [10, 10, 110]  # two people, three instances
    assert set(do["resource"]) == {"L_JFJP"}


def test_lane_without_resources_entry_gets_one_person_and_a_warning() -> None:
    r = simulate(scenario("lanes.bpmn", process="P_lanes",
                          tasks={"Plan": fixed(10), "Do": fixed(1), "X1": fixed(1),
                                 "X2": fixed(1)},
                          pools={"L_JFJP": 3}, cases=3, interarrival=fixed(1)))
    assert any("L_KABAG" in w and "one person" in w for w in r.warnings)
    assert rows(r, "Plan")["start"].tolist() == [0, 10, 20]


def test_subprocess_timer_and_boundary_timers() -> None:
    r = simulate(scenario("events.bpmn", process="P_events",
                          tasks={"SP_T": fixed(600), "Slow": fixed(7200), "Escalate": fixed(60),
                                 "Long": fixed(3600), "Remind": fixed(10)},
                          cases=1))
    t = {row.element_id: (row.enable, row.start, row.end) for row in r.log.itertuples()}
    assert t["SP_T"] == (0, 0, 600)
    # the subprocess ends after its 2-hour timer; the 1-hour interrupting timer cuts Slow
    assert t["Slow"] == (7800, 7800, 7800 + 3600)
    assert t["Escalate"] == (11400, 11400, 11460)
    # the 30-minute non-interrupting timer starts a reminder while Long goes on
    assert t["Long"] == (11460, 11460, 15060)
    assert t["Remind"][0] == 11460 + 1800
    assert r.cases.loc[0, "end"] == 15060


def test_terminate_end_event_cancels_the_other_branch() -> None:
    r = simulate(scenario("terminate.bpmn", process="P_terminate",
                          tasks={"Short": (fixed(10), "p"), "Long": (fixed(100), "p")},
                          pools={"p": 4}, cases=2, interarrival=fixed(1000)))
    assert (r.cases["end"] - r.cases["arrival"] == 10).all()
    long = rows(r, "Long")
    assert (long["end"] - long["start"] == 10).all()  # cut at the terminate
    # the person working on Long is free again: the next case starts at once
    assert r.resources.loc[0, "busy_seconds"] > 0


def test_call_activity_across_files_and_its_lane() -> None:
    r = simulate(scenario("call_parent.bpmn", "call_child.bpmn", process="P_parent",
                          tasks={"Before": fixed(10), "C_T": fixed(20)}, cases=2,
                          interarrival=fixed(100)))
    child = rows(r, "C_T")
    assert child["process_id"].tolist() == ["P_child", "P_child"]
    assert child["lane"].tolist() == ["L_child", "L_child"]
    assert child["start"].tolist() == [10, 110]
    assert (r.cases["end"] - r.cases["arrival"] == 30).all()


def test_messages_between_pools_and_event_based_gateway() -> None:
    r = simulate(scenario("messages.bpmn", process="P_request",
                          tasks={"Send_letter": fixed(10), "Consider": exp(3 * 86400),
                                 "Send_reply": fixed(10), "Read_reply": fixed(5),
                                 "Chase": fixed(7)},
                          cases=3000, interarrival=fixed(100)))
    counts = r.log.groupby("element_id", observed=True).size()
    # the letter starts the answering pool in every case
    assert counts["Consider"] == 3000 and counts["Send_reply"] == 3000
    # exactly one of the two events after the gateway wins per case
    assert counts["Read_reply"] + counts["Chase"] == 3000
    # the reply wins when Consider + 10 s beats the 5-day timer: P = 1 - exp(-(5d - 10)/3d)
    p_late = np.exp(-(5 * 86400 - 10) / (3 * 86400))
    assert abs(counts["Chase"] / 3000 - p_late) < 0.03
    chase = rows(r, "Chase").merge(r.cases, on="case_id")
    assert np.allclose(chase["enable"] - chase["arrival"], 10 + 5 * 86400)


def test_and_join_that_can_never_complete_fails_the_case_not_the_run() -> None:
    sc = scenario("deadlock.bpmn", process="P_deadlock", tasks={"A": fixed(1), "B": fixed(1)},
                  cases=3)
    r = simulate(sc)
    assert (r.cases["status"] == "failed").all()
    assert r.cases["end"].notna().all()  # when the deadlock was found
    warning = next(w for w in r.warnings if "G_andjoin" in w)
    assert "case 0" in warning and "can no longer arrive" in warning
    assert "2 more cases failed" in warning
    kpis = result_kpis(r).set_index("name")
    assert kpis.loc["failed_cases", "value"] == 3


def test_endless_loop_fails_the_case_at_the_visit_limit() -> None:
    sc = scenario("rework.bpmn", process="P_rework", tasks={"T": fixed(1)},
                  branching={"G_ok": {"f_ok": 0.0, "f_redo": 1.0}}, cases=2, max_visits=40)
    r = simulate(sc)
    assert (r.cases["status"] == "failed").all()
    assert any("G_join" in w and "40" in w for w in r.warnings)
    assert (r.log.groupby("case_id").size() == 40).all()  # stopped at the 41st entry


def test_horizon_conserves_cases_and_logs_open_instances() -> None:
    sc = scenario("single.bpmn", process="P_single", tasks={"T": (exp(12), "desk")},
                  pools={"desk": 1}, interarrival=exp(10), cases=None, horizon=5000.0)
    r = simulate(sc, seed=3)
    finished = (r.cases["status"] == "finished").sum()
    in_flight = (r.cases["status"] == "in_flight").sum()
    assert finished + in_flight == len(r.cases) and in_flight > 0  # overloaded queue
    assert r.cases["arrival"].max() <= 5000
    done = r.log.dropna(subset=["end"])
    assert (done["end"] <= 5000).all()
    assert (done["start"] >= done["enable"]).all() and (done["end"] >= done["start"]).all()
    open_rows = r.log[r.log["end"].isna()]
    assert len(open_rows) == in_flight  # one open instance per unfinished case
    assert open_rows["start"].notna().sum() == 1  # the one in service
    assert r.horizon == 5000


def test_calendar_pauses_work_outside_office_hours() -> None:
    from datetime import datetime

    start = datetime(2025, 1, 6, 8, 0)  # a Monday
    cal = WorkingCalendar.from_spec({"weekly": [{"days": "mon-fri", "from": "08:00",
                                                 "to": "16:00"}], "holidays": False},
                                    start=start, horizon_days=30, where="calendar")
    sc = scenario("single.bpmn", process="P_single", tasks={"T": (fixed(10 * 3600), "desk")},
                  pools={"desk": 1}, cases=1, calendar=cal, start=start)
    r = simulate(sc)
    # 10 working hours from Monday 08:00: 8 h on Monday, 2 h on Tuesday -> Tuesday 10:00
    assert r.log.loc[0, "end"] == 24 * 3600 + 2 * 3600


def test_availability_stretches_working_time_and_keeps_effort_as_busy() -> None:
    from probisnis.sim import ResourcePool

    sc = scenario("single.bpmn", process="P_single", tasks={"T": (fixed(100), "desk")},
                  cases=1)
    from dataclasses import replace

    sc = replace(sc, pools={"desk": ResourcePool("desk", 1, availability=0.25)})
    r = simulate(sc)
    assert r.log.loc[0, "end"] == 400
    assert r.resources.loc[0, "busy_seconds"] == 100
    assert r.resources.loc[0, "availability"] == 0.25


def test_streamed_log_equals_the_in_memory_log(tmp_path) -> None:
    from probisnis.sim.logsink import read_log

    sc = scenario("parallel.bpmn", process="P_parallel", tasks={"A": (exp(5), "p"),
                                                              "B": (exp(6), "p")},
                  pools={"p": 2}, cases=700)
    path = tmp_path / "log.parquet"
    streamed = simulate(sc, seed=2, replications=2, log_path=path, chunk_rows=300)
    memory = simulate(sc, seed=2, replications=2)
    assert streamed.log.empty and streamed.log_path == str(path)
    # the in-memory log holds its names as categoricals, the file as strings (object under
    # pandas 2, the string dtype under pandas 3): same values
    back = read_log(path)
    names = [c for c in memory.log.columns if isinstance(memory.log[c].dtype, pd.CategoricalDtype)]
    plain = memory.log.astype({c: back[c].dtype for c in names})
    for c in names:
        if back[c].dtype == object:
            plain[c] = plain[c].where(plain[c].notna(), None)
    pd.testing.assert_frame_equal(back, plain)
    pd.testing.assert_frame_equal(streamed.cases, memory.cases)


def test_cases_failed_in_any_replication_are_reported() -> None:
    """The warnings of a run of several replications are every replication's: a case that
    failed only in the second replication is named, and the same failure in several
    replications is one warning counting every case."""
    from probisnis.present.notices import Notice

    sc = scenario("rework.bpmn", process="P_rework", tasks={"T": (fixed(60), "p")},
                  pools={"p": 1}, branching={"G_ok": {"f_ok": 0.7, "f_redo": 0.3}}, cases=5,
                  max_visits=3, replications=3, seed=4)
    r = simulate(sc)
    failed = r.cases[r.cases["status"] == "failed"]
    assert failed["replication"].tolist() == [1]  # (none in the first replication)
    (w,) = [w for w in r.warnings if isinstance(w, Notice) and "failed" in w.code]
    assert w.code == "case-failed" and w.fields["replication"] == 1
    assert w.fields["case"] == int(failed["case_id"].iloc[0]) and "G_join" in w

    endless = scenario("rework.bpmn", process="P_rework", tasks={"T": fixed(1)},
                       branching={"G_ok": {"f_ok": 0.0, "f_redo": 1.0}}, cases=2,
                       max_visits=40, replications=3)
    r = simulate(endless)
    (w,) = [w for w in r.warnings if isinstance(w, Notice) and "failed" in w.code]
    assert w.code == "cases-failed" and w.fields["more"] == 5  # 3 x 2 cases, one warning
    assert w.fields["replication"] == 0 and w.fields["element"] == "G_join"
