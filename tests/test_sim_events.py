"""Event subprocesses, errors, escalations, signals and loop-fed parallel joins, with exact
times on fixture models (fixed durations, 24/7)."""

from __future__ import annotations

import numpy as np
import pytest

from probisnis.sim import simulate
from sim_helpers import fixed, scenario

H = 3600.0


def rows(result, element):
    return result.log[result.log["element_id"] == element].sort_values(["case_id", "enable"])


def test_non_interrupting_timer_cycle_event_subprocess_runs_beside_the_work() -> None:
    # a report every 3 h while the 10-h main work runs: at 3, 6 and 9 h; each takes 2 h,
    # so the case ends when the last report does (11 h), and no report starts after
    sc = scenario("event_subprocess.bpmn", process="P_monitor",
                  tasks={"Main": fixed(10 * H), "Report": fixed(2 * H)},
                  interarrival=fixed(100 * H), cases=3)
    r = simulate(sc)
    assert (r.cases["status"] == "finished").all()
    report = rows(r, "Report").merge(r.cases[["case_id", "arrival"]], on="case_id")
    assert (report.groupby("case_id").size() == 3).all()
    assert sorted(set((report["enable"] - report["arrival"]).round(6))) == [3 * H, 6 * H, 9 * H]
    assert ((r.cases["end"] - r.cases["arrival"]) == 11 * H).all()


def test_the_cycle_can_come_from_the_scenario() -> None:
    # "sewaktu-waktu": requests at random gaps (here fixed 4 h) set in [timers]
    sc = scenario("event_subprocess.bpmn", process="P_monitor",
                  tasks={"Main": fixed(10 * H), "Report": fixed(1 * H)},
                  timers={"ESP_report_start": fixed(4 * H)}, cases=2,
                  interarrival=fixed(100 * H))
    r = simulate(sc)
    assert (rows(r, "Report").groupby("case_id").size() == 2).all()  # at 4 h and 8 h
    assert ((r.cases["end"] - r.cases["arrival"]) == 10 * H).all()


def test_interrupting_timer_event_subprocess_cancels_the_work() -> None:
    sc = scenario("event_subprocess.bpmn", process="P_deadline",
                  tasks={"Work": fixed(10 * H), "Escalate": fixed(1 * H)}, cases=2,
                  interarrival=fixed(100 * H))
    r = simulate(sc)
    work = rows(r, "Work").merge(r.cases[["case_id", "arrival"]], on="case_id")
    assert ((work["end"] - work["arrival"]) == 5 * H).all()  # cut at the deadline
    assert len(rows(r, "Escalate")) == 2
    assert ((r.cases["end"] - r.cases["arrival"]) == 6 * H).all()
    quick = scenario("event_subprocess.bpmn", process="P_deadline",
                     tasks={"Work": fixed(1 * H), "Escalate": fixed(1 * H)}, cases=2)
    r = simulate(quick)
    assert len(rows(r, "Escalate")) == 0  # the work ended first: the timer never fires
    assert ((r.cases["end"] - r.cases["arrival"]) == 1 * H).all()


def test_error_end_event_is_caught_by_the_boundary_event_of_its_subprocess() -> None:
    sc = scenario("throw_catch.bpmn", process="P_error",
                  tasks={"A": fixed(H), "Fix": fixed(2 * H), "Done": fixed(H)}, cases=3)
    r = simulate(sc)
    assert (r.cases["status"] == "finished").all()
    assert set(r.log["element_id"]) == {"A", "Fix"}  # Done: the normal exit is not taken
    assert ((r.cases["end"] - r.cases["arrival"]) == 3 * H).all()


def test_an_uncaught_error_ends_like_a_plain_end_event_with_a_warning() -> None:
    # as SpiffWorkflow (probisnis run) and Camunda do
    r = simulate(scenario("throw_catch.bpmn", process="P_uncaught", tasks={"U_A": fixed(H)},
                          cases=2))
    assert (r.cases["status"] == "finished").all()
    assert any("[U_err]" in w and "caught by no boundary event" in w for w in r.warnings)


def test_escalation_caught_by_a_non_interrupting_boundary_event() -> None:
    sc = scenario("throw_catch.bpmn", process="P_escalation",
                  tasks={"X_A": fixed(H), "X_B": fixed(H), "Notify": fixed(3 * H)}, cases=2)
    r = simulate(sc)
    assert (r.cases["status"] == "finished").all()
    notify = rows(r, "Notify").merge(r.cases[["case_id", "arrival"]], on="case_id")
    assert ((notify["enable"] - notify["arrival"]) == H).all()
    assert len(rows(r, "X_B")) == 2  # the subprocess went on
    assert ((r.cases["end"] - r.cases["arrival"]) == 4 * H).all()


def test_a_signal_releases_the_waiting_branch() -> None:
    sc = scenario("throw_catch.bpmn", process="P_signal",
                  tasks={"Prepare": fixed(2 * H), "Use": fixed(H)}, cases=2)
    r = simulate(sc)
    use = rows(r, "Use").merge(r.cases[["case_id", "arrival"]], on="case_id")
    assert ((use["enable"] - use["arrival"]) == 2 * H).all()
    assert ((r.cases["end"] - r.cases["arrival"]) == 3 * H).all()


@pytest.mark.parametrize("p_again", [0.0, 0.5])
def test_parallel_join_fed_back_by_a_loop_completes(p_again: float) -> None:
    # SpiffWorkflow's gateway_loop_input.bpmn: the join fires with the token that can arrive
    sc = scenario("gateway_loop_input.bpmn", process="main",
                  tasks={"set": fixed(1), "increment": fixed(1), "task": fixed(1)},
                  branching={"exclusive": {"f_again": p_again, "f_done": 1 - p_again}},
                  cases=200)
    r = simulate(sc, seed=2)
    assert (r.cases["status"] == "finished").all()
    per_case = r.log.groupby("case_id")["element_id"].apply(list)
    for trace in per_case:
        loops = trace.count("task")
        assert trace == ["set"] + ["increment", "task"] * loops + ["increment"]
    if p_again:
        assert per_case.map(lambda t: t.count("task")).mean() == pytest.approx(1.0, abs=0.25)


def test_several_message_flows_into_one_catch_event_all_reach_it() -> None:
    # penugasan 1c: three rejection end events of the instansi dituju send to one catch
    # event of the instansi pemohon (after its event-based gateway); each must arrive
    from dataclasses import replace
    from pathlib import Path

    from probisnis.bpmn.reader import read

    model = Path(__file__).resolve().parents[1] / "processes" / \
        "penugasan_1c_penunjukkan_lintas_instansi.bpmn"
    base = scenario("single.bpmn", process="P_single", cases=20)
    sc = replace(base, definitions=(read(model),), process_id="PG_1c_instansi_pemohon",
                 branching={"PG1cB_setuju": {"PG1cB_setuju__PG1cB_instruksi": 0.0,
                                                "PG1cB_setuju__PG1cB_ditolak_pyb": 1.0}})
    r = simulate(sc)
    assert (r.cases["status"] == "finished").all()


def test_a_time_date_timer_waits_until_that_instant() -> None:
    # the scenario starts Monday 6 Jan 2025 08:00; the meeting is on the 8th at 08:00
    sc = scenario("timers_multi.bpmn", process="P_date", tasks={"D_A": fixed(H)},
                  interarrival=fixed(24 * H), cases=4)
    r = simulate(sc)
    meeting = rows(r, "D_A")
    assert meeting["enable"].tolist() == [48 * H, 48 * H, 48 * H, 72 * H]  # the last is late


def test_a_non_interrupting_time_cycle_boundary_timer_repeats_its_count() -> None:
    sc = scenario("timers_multi.bpmn", process="P_remind",
                  tasks={"Long": fixed(10 * H), "Remind": fixed(60)}, cases=1)
    r = simulate(sc)
    assert rows(r, "Remind")["enable"].tolist() == [H, 2 * H, 3 * H]  # R3: three times
    assert r.cases["end"].tolist() == [10 * H]


def test_multi_instance_count_from_a_case_attribute() -> None:
    from probisnis.sim import Attribute

    sc = scenario("timers_multi.bpmn", process="P_multi",
                  tasks={"M_par": (fixed(H), "team"), "M_seq": fixed(H)}, pools={"team": 5},
                  attributes=(Attribute("jumlah", (0, 2, 3), (0.2, 0.4, 0.4)),), cases=300,
                  interarrival=fixed(100 * H))
    r = simulate(sc, seed=1)
    per_case = r.log.groupby(["case_id", "element_id"], observed=True).size().unstack(
        fill_value=0)
    per_case = per_case.reindex(r.cases["case_id"], fill_value=0)
    assert set(per_case["M_par"]) == {0, 2, 3}
    assert (per_case["M_par"] == per_case["M_seq"]).all()
    # parallel instances together (5 people), sequential ones one after another
    cycle = (r.cases["end"] - r.cases["arrival"]).to_numpy()
    assert np.array_equal(cycle, np.where(per_case["M_par"] > 0, H + per_case["M_seq"] * H, 0))
    assert (per_case["M_par"] == 0).mean() == pytest.approx(0.2, abs=0.08)


def test_a_cycle_event_subprocess_stops_with_the_scopes_own_flow() -> None:
    # each report (5 h) outlasts the 3-h cycle: once the main work has ended no new report
    # starts, so the case ends (it would never end if running reports kept the timer going)
    sc = scenario("event_subprocess.bpmn", process="P_monitor",
                  tasks={"Main": fixed(10 * H), "Report": fixed(5 * H)}, cases=2,
                  interarrival=fixed(100 * H))
    r = simulate(sc)
    assert (r.cases["status"] == "finished").all()
    report = rows(r, "Report").merge(r.cases[["case_id", "arrival"]], on="case_id")
    assert sorted(set(report["enable"] - report["arrival"])) == [3 * H, 6 * H, 9 * H]
    assert ((r.cases["end"] - r.cases["arrival"]) == 14 * H).all()
