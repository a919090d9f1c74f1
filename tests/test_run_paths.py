"""Path enumeration and sequence-flow coverage on the small fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.errors import RunError
from probisnis.run import run
from probisnis.run.coverage import flow_coverage, flows_of
from probisnis.run.paths import condition_values, enumerate_paths, replay_path

DATA = Path(__file__).parent / "data" / "run"
PERMIT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "permit.bpmn"


def test_traversed_flows_are_exactly_the_taken_ones():
    big = run(DATA / "exclusive.bpmn", decisions={"T_submit": {"amount": 150}})
    assert {f for _, f in flows_of(big)} == {"F_ex1", "F_ex2", "F_large", "F_ex4", "F_ex5"}
    loop = run(DATA / "loop.bpmn", decisions={"T_review": [{"sesuai": True}]})
    assert {f for _, f in flows_of(loop)} == {"F_lp1", "F_lp2", "F_lp3", "F_lp4", "F_yes"}
    # both branches into a parallel join count, though one join task is absorbed
    par = run(DATA / "parallel.bpmn")
    assert {f for _, f in flows_of(par)} == {f"F_p{i}" for i in range(1, 8)}
    # flows inside a called process are reported under that process
    call = run(DATA / "call_main.bpmn", decisions={"T_work": {"butuh_tambahan": "no"}})
    assert ("P_call_sub", "F_cs_plain") in flows_of(call)
    assert ("P_call_main", "F_cm3") in flows_of(call)


def test_coverage_counts_and_reports_missing_flows():
    one = run(DATA / "call_main.bpmn", decisions={"T_work": {"butuh_tambahan": "ya"}})
    cov = flow_coverage([one])
    assert (cov.covered, cov.total) == (9, 10)
    assert cov.missing == ["F_cs_plain"]
    assert str(cov) == "sequence-flow coverage 9/10 (90.0%); not traversed: F_cs_plain"
    other = run(DATA / "call_main.bpmn", decisions={"T_work": {"butuh_tambahan": "no"}})
    both = flow_coverage([one, other])
    assert both.ratio == 1.0
    row = both.flows.set_index("flow_id").loc["F_cm1"]
    assert row["runs"] == 2 and row["process_id"] == "P_call_main"
    only_sub = flow_coverage([one], processes=["P_call_sub"])
    assert set(only_sub.flows["container"]) == {"P_call_sub"}


def test_condition_values_come_from_the_literals():
    values = condition_values(['nilai > 80', 'nilai < 60', 'bentuk == "tim" and ketua_tim'])
    assert values["nilai"] == [80, 81, 79, 60, 61, 59]
    assert values["bentuk"] == ["tim", "<lain>"]
    assert values["ketua_tim"] == [True, False]


def test_paths_of_an_exclusive_choice():
    paths = enumerate_paths(DATA / "stuck.bpmn")
    assert sorted(p.activities[-1] for p in paths) == ["T_st_hi", "T_st_lo"]
    by_end = {p.activities[-1]: p.decisions for p in paths}
    assert by_end == {"T_st_hi": {"P_stuck:T_st": [{"nilai": 81}]},
                      "T_st_lo": {"P_stuck:T_st": [{"nilai": 59}]}}


@pytest.mark.parametrize("max_repeat", [1, 2, 3])
def test_loop_goes_back_up_to_max_repeat_times(max_repeat):
    paths = enumerate_paths(DATA / "loop.bpmn", max_repeat=max_repeat)
    revisions = sorted(p.activities.count("T_revise") for p in paths)
    assert revisions == list(range(max_repeat + 1))
    for path in paths:
        # each decisions set reproduces its path through the ordinary runner
        again = run(DATA / "loop.bpmn", decisions=path.decisions)
        assert again.trace.equals(path.result.trace)


def test_paths_cover_every_flow_across_files_and_descriptive_gateways():
    call = enumerate_paths(DATA / "call_main.bpmn")
    assert len(call) == 2
    assert flow_coverage([p.result for p in call]).ratio == 1.0
    permit = enumerate_paths(PERMIT, allow_non_executable=True)
    answers = sorted((p.decisions["Process_permit:G_complete"] for p in permit), key=len)
    assert answers == [["f_yes"], ["f_no", "f_yes"], ["f_no", "f_no", "f_yes"]]
    assert flow_coverage([p.result for p in permit]).ratio == 1.0


def test_values_computed_by_a_dmn_task_are_not_invented():
    base = {"T_data": {"jf_kelas": 9, "ppk_kelas": 8}}
    paths = enumerate_paths(DATA / "dmn_main.bpmn", decisions=base)
    # penilai comes from the decision table, so only the branch it gives exists
    assert [p.activities for p in paths] == [["T_data", "BR_penilai", "T_atasan"]]
    with pytest.raises(RunError, match="jf_kelas"):
        enumerate_paths(DATA / "dmn_main.bpmn")


def test_deciders_credit_the_named_task():
    # T_draft runs once, so what it decides cannot change on a later pass: no loop
    paths = enumerate_paths(DATA / "loop.bpmn", max_repeat=3, deciders={"sesuai": "T_draft"})
    assert [p.decisions for p in paths] == [{"P_loop:T_draft": [{"sesuai": True}]}]
    # credited to the reviewer (the default here: the task completed last), it can
    paths = enumerate_paths(DATA / "loop.bpmn", max_repeat=1, deciders={"sesuai": "T_review"})
    assert sorted((p.decisions["P_loop:T_review"] for p in paths), key=len) == [
        [{"sesuai": True}], [{"sesuai": False}, {"sesuai": True}]]


def test_a_process_with_no_way_to_its_end_says_why():
    with pytest.raises(RunError, match=r"tidak ada jalur yang mencapai akhir.*"
                                       r"\[G_sj_join\] menunggu"):
        enumerate_paths(DATA / "stuck_join.bpmn")


def test_cover_takes_every_outcome_with_fewer_paths():
    every = enumerate_paths(DATA / "loop.bpmn", max_repeat=3)
    few = enumerate_paths(DATA / "loop.bpmn", max_repeat=3, cover=True)
    assert len(few) < len(every)
    assert flow_coverage([p.result for p in few]).ratio == 1.0
    outcomes = {c for p in few for c in p.choices}
    assert outcomes == {c for p in every for c in p.choices}


def test_replay_finds_the_decisions_for_a_given_sequence():
    target = ["T_draft", "T_review", "T_revise", "T_review", "T_revise", "T_review"]
    path = replay_path(DATA / "loop.bpmn", target)
    assert path.activities == target
    again = run(DATA / "loop.bpmn", decisions=path.decisions)
    assert list(again.activities["element_id"]) == target
    # across a call activity (tasks only: the call activity itself is not compared)
    call = replay_path(DATA / "call_main.bpmn", ["T_plan", "T_work", "T_close"])
    assert call.choices == (("G_cs", "F_cs_plain"),)


def test_replay_says_where_a_sequence_leaves_the_model():
    with pytest.raises(RunError, match="yang terpanjang yang cocok: T_draft > T_review; tidak "
                                       "ada jalur yang berlanjut ke T_draft"):
        replay_path(DATA / "loop.bpmn", ["T_draft", "T_review", "T_draft"])


def test_replay_of_parallel_branches_in_any_order():
    with pytest.raises(RunError):
        replay_path(DATA / "parallel.bpmn", ["T_b", "T_a", "T_c"])
    path = replay_path(DATA / "parallel.bpmn", ["T_b", "T_a", "T_c"], ordered=False)
    assert sorted(path.activities) == ["T_a", "T_b", "T_c"]


def test_paths_through_conditional_flows_leaving_a_task():
    """Conditional flows straight out of a task (no gateway) are chosen as at an exclusive
    gateway: one path per condition, data credited to the task, the flow without a
    condition taken on both; each decisions set replays its path with the plain runner."""
    paths = enumerate_paths(DATA / "task_conditions.bpmn")
    chosen = sorted(a for p in paths for a in p.activities if a in ("T_tc_lulus", "T_tc_tolak"))
    assert chosen == ["T_tc_lulus", "T_tc_tolak"]
    for path in paths:
        assert "T_tc_arsip" in path.activities  # (no condition: always)
        (entry,) = path.decisions["P_task_cond:T_tc_nilai"]
        assert (entry["nilai"] >= 70) == ("T_tc_lulus" in path.activities)
        again = run(DATA / "task_conditions.bpmn", decisions=path.decisions)
        assert again.trace.equals(path.result.trace)
    covered = flow_coverage([p.result for p in paths])
    assert covered.ratio == 1.0
