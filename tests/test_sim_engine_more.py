"""More engine semantics: arrival calendars and batches, inclusive probabilities, timers on
subprocesses, sequential multi-instance, early messages, and random sound models."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.sim import Arrivals, Scenario, simulate
from probisnis.sim.calendar import WorkingCalendar
from sim_helpers import exp, fixed, scenario
from strategies import processes


def test_arrivals_outside_the_arrival_calendar_move_to_its_next_opening() -> None:
    start = datetime(2025, 1, 6, 8, 0)  # Monday 08:00
    cal = WorkingCalendar.from_spec({"weekly": [{"days": "mon-fri", "from": "08:00",
                                                 "to": "16:00"}], "holidays": False},
                                    start=start, horizon_days=60, where="calendar")
    sc = scenario("single.bpmn", process="P_single", tasks={"T": fixed(1)}, cases=400,
                  start=start)
    sc = replace(sc, arrivals=Arrivals(exp(3 * 3600), calendar=cal))
    r = simulate(sc, seed=1)
    arrival = r.cases["arrival"].to_numpy()
    assert all(cal.is_working(t) for t in arrival)
    # some arrivals were moved to an opening (Monday-Friday 08:00 = k * 86400)
    assert np.isclose(arrival % 86400, 0).sum() > 10
    assert (np.diff(arrival) >= 0).all()


def test_batches_and_poisson_arrivals_merge_in_time_order() -> None:
    sc = scenario("single.bpmn", process="P_single", tasks={"T": fixed(1)}, cases=50)
    sc = replace(sc, arrivals=Arrivals(exp(100), batches=((250.0, 20), (0.0, 3))))
    r = simulate(sc, seed=2)
    arrival = r.cases["arrival"].to_numpy()
    assert len(arrival) == 50 and (np.diff(arrival) >= 0).all()
    assert (arrival == 250.0).sum() >= 20 and (arrival == 0.0).sum() >= 3 + 1


def test_only_batches() -> None:
    sc = scenario("single.bpmn", process="P_single", tasks={"T": fixed(1)}, cases=None,
                  horizon=1000.0)
    sc = replace(sc, arrivals=Arrivals(None, batches=((10.0, 4), (2000.0, 9))))
    r = simulate(sc)
    assert r.cases["arrival"].tolist() == [10.0] * 4  # the later batch is past the horizon


def test_inclusive_split_by_probabilities_takes_flows_independently() -> None:
    sc = scenario("inclusive.bpmn", process="P_inclusive",
                  tasks={"A": fixed(1), "B": fixed(2), "C": fixed(3), "Z": fixed(1)},
                  branching={"G_or": {"f_a": 0.5, "f_b": 0.5, "f_c": 0.2}}, cases=3000)
    r = simulate(sc, seed=3)
    n = r.log.groupby("element_id", observed=True).size()
    assert n["Z"] == 3000  # the join fires once per case
    # each flow is drawn independently, again when none is taken: P(A) = 0.5 / P(any)
    p_any = 1 - 0.5 * 0.5 * 0.8
    for flow, p in (("A", 0.5), ("B", 0.5), ("C", 0.2)):
        assert abs(n[flow] / 3000 - p / p_any) < 0.035, flow


def test_timer_override_from_the_scenario() -> None:
    sc = scenario("events.bpmn", process="P_events",
                  tasks={"SP_T": fixed(600), "Slow": fixed(10), "Escalate": fixed(60),
                         "Long": fixed(10), "Remind": fixed(10)},
                  timers={"SP_wait": fixed(50)}, cases=1)
    r = simulate(sc)
    slow = r.log[r.log["element_id"] == "Slow"].iloc[0]
    assert slow["enable"] == 650  # the 2-hour timer in the file is overridden by 50 s


def test_sequential_multi_instance(tmp_path) -> None:
    from sim_helpers import DATA

    text = (DATA / "lanes.bpmn").read_text().replace('isSequential="false"',
                                                      'isSequential="true"')
    (tmp_path / "seq.bpmn").write_text(text)
    from probisnis.bpmn.reader import read

    sc = scenario("lanes.bpmn", process="P_lanes",
                  tasks={"Plan": fixed(10), "Do": fixed(100), "X1": fixed(1), "X2": fixed(1)},
                  pools={"L_JFJP": 3, "L_KABAG": 1}, cases=1)
    sc = replace(sc, definitions=(read(tmp_path / "seq.bpmn"),))
    r = simulate(sc)
    do = r.log[r.log["element_id"] == "Do"]
    assert do["start"].tolist() == [10, 110, 210]


def test_message_sent_before_the_receiver_waits_in_the_mailbox() -> None:
    # the answer comes back in 1 s, long before the requester reaches its gateway
    sc = scenario("messages.bpmn", process="P_request",
                  tasks={"Send_letter": fixed(10), "Consider": fixed(1), "Send_reply": fixed(0),
                         "Read_reply": fixed(5), "Chase": fixed(7)}, cases=5,
                  interarrival=fixed(1000))
    r = simulate(sc)
    assert set(r.log["element_id"]) >= {"Read_reply"} and "Chase" not in set(r.log["element_id"])
    read_reply = r.log[r.log["element_id"] == "Read_reply"]
    assert (read_reply["enable"].to_numpy() % 1000 == 11).all()


def test_boundary_timer_on_a_subprocess_interrupts_its_content(tmp_path) -> None:
    from probisnis.bpmn.reader import read
    from sim_helpers import DATA

    text = (DATA / "events.bpmn").read_text().replace(
        '<task id="Slow" name="Slow task"/>',
        '<task id="Slow" name="Slow task"/>\n    <boundaryEvent id="B_sub" attachedToRef="SP">'
        '<timerEventDefinition><timeDuration>PT15M</timeDuration></timerEventDefinition>'
        '</boundaryEvent>\n    <endEvent id="E_sub"/>\n    <sequenceFlow id="f9" '
        'sourceRef="B_sub" targetRef="E_sub"/>')
    (tmp_path / "sub.bpmn").write_text(text)
    sc = scenario("events.bpmn", process="P_events",
                  tasks={"SP_T": fixed(600), "Slow": fixed(10), "Escalate": fixed(60),
                         "Long": fixed(10), "Remind": fixed(10)}, cases=1)
    sc = replace(sc, definitions=(read(tmp_path / "sub.bpmn"),))
    r = simulate(sc)
    # SP_T ends at 600 s, then the subprocess waits 2 h; the 15-min timer fires at 900 s,
    # cancels the subprocess and ends the case there: Slow never starts
    assert set(r.log["element_id"]) == {"SP_T"}
    assert r.cases.loc[0, "end"] == 900


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes(max_leaves=7, boundary_events=False))
def test_random_sound_processes_finish_every_case(proc) -> None:
    # (without boundary events: an interrupting timer that leaves a parallel block through
    # its own end event leaves the block's AND-join waiting forever -- the engine reports
    # that as a failed case, see test_timeout_inside_a_parallel_block_fails_the_case)
    d = DefinitionsBuilder("D_acak", name="Acak", path="acak.bpmn")
    d.pool(proc)
    defs = d.build(layout=False)
    sc = Scenario(definitions=(defs,), process_id=proc.id, cases=25,
                  arrivals=Arrivals(exp(3600)), default_duration=exp(1800), seed=1)
    r = simulate(sc)
    assert (r.cases["status"] == "finished").all()
    log = r.log
    assert (log["start"] >= log["enable"]).all() and (log["end"] >= log["start"]).all()
    assert log["case_id"].isin(r.cases["case_id"]).all()
    finished = r.cases.set_index("case_id")
    last = log.groupby("case_id")["end"].max()
    assert (last <= finished.loc[last.index, "end"] + 1e-9).all()


def test_scenario_without_arrivals_is_refused() -> None:
    from probisnis.errors import ScenarioError

    sc = scenario("single.bpmn", process="P_single", tasks={"T": fixed(1)}, cases=None)
    with pytest.raises(ScenarioError):
        simulate(sc)


def test_timeout_inside_a_parallel_block_fails_the_case() -> None:
    sc = scenario("parallel_timeout.bpmn", process="P_partimeout",
                  tasks={"T1": fixed(7200), "T2": fixed(60)}, cases=1)
    r = simulate(sc)
    assert r.cases["status"].tolist() == ["failed"]
    assert any("G_join" in w for w in r.warnings)
    ok = scenario("parallel_timeout.bpmn", process="P_partimeout",
                  tasks={"T1": fixed(1800), "T2": fixed(60)}, cases=3)
    assert (simulate(ok).cases["status"] == "finished").all()


def test_a_process_calling_itself_without_end_fails_the_case() -> None:
    r = simulate(scenario("recursive.bpmn", process="P_recursive", cases=1))
    assert r.cases["status"].tolist() == ["failed"]
    assert any("Again" in w and "100" in w for w in r.warnings)


def test_inclusive_join_waits_for_a_branch_that_has_not_started_yet() -> None:
    sc = scenario("inclusive_nested.bpmn", process="P_incnested",
                  tasks={"Slow": fixed(50), "After": fixed(1)},
                  branching={"G_split": {"f_direct": 1.0, "f_slow": 1.0}}, cases=3,
                  interarrival=fixed(1000))
    r = simulate(sc)
    after = r.log[r.log["element_id"] == "After"]
    assert len(after) == 3  # fired once per case ...
    assert (after["enable"].to_numpy() % 1000 == 50).all()  # ... after the slow branch
