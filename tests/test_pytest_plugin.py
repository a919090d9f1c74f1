"""The probisnis pytest plugin: fixtures run_sop / simulate_sop and self-explaining asserts.

The loop fixture (tests/data/run/loop.bpmn) is small enough to know its truth by reading it:
a draft, then review; "tidak sesuai" sends the work to revision and back to review. With the
decisions [tidak sesuai, sesuai] the review runs twice and the revision once.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from probisnis.pytest_plugin import ProcessRun

ROOT = Path(__file__).resolve().parents[1]
LOOP = ROOT / "tests" / "data" / "run" / "loop.bpmn"
REVIEWS = {"T_draft": {"judul": "x"}, "T_review": [{"sesuai": False}, {"sesuai": True}]}


def test_registered_through_the_pytest11_entry_point():
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("probisnis") == "probisnis.pytest_plugin"


def test_loop_counts_lanes_and_path(run_sop):
    run = run_sop(LOOP, REVIEWS)
    assert isinstance(run, ProcessRun)
    run.assert_completed()
    run.assert_count("T_review", 2).assert_count("Memperbaiki hasil kerja", 1)
    run.assert_path("T_draft", "T_review", "T_revise", "T_review", exact=True)
    run.assert_lane("Mereviu hasil kerja", "Pejabat Pengawas")
    run.assert_lane("T_draft", "Pejabat Fungsional dan/atau Pejabat Pelaksana")
    assert run.path() == ["T_draft", "T_review", "T_revise", "T_review"]


def test_fired_boundary_timers_are_steps_by_id_and_name(run_sop):
    """M1 with the execution open 2 x 15 days: the weekly boundary timer fires at 7, 14, 22
    and 29 days, each time before the monitoring it starts."""
    decisions = ROOT / "tests" / "data" / "run" / "m1.decisions.json"
    run = run_sop("M1_mekanisme", decisions, library=ROOT / "processes",
                  task_time={"M1b_laksanakan": "P15D"})
    run.assert_completed().assert_count("M1b_pantau_berkala", 4)
    run.assert_count("Setiap periode pemantauan", 4).assert_count("M1b_sewaktu_mulai", 3)
    run.assert_path("M1b_susun_rincian", "M1b_pantau_berkala", "M1b_pantau_mulai",
                    "M1b_pantau_pimpinan", "M1b_laksanakan")
    with pytest.raises(AssertionError, match="'M1b_pantau_berkala' diharapkan dilalui 5 kali"):
        run.assert_count("M1b_pantau_berkala", 5)
    assert "pewaktu (batas)" in run.table(mark="M1b_pantau_berkala")


def test_first_review_accepts_skips_the_revision(run_sop):
    run = run_sop(LOOP, {**REVIEWS, "T_review": {"sesuai": True}})
    run.assert_completed().assert_skipped("T_revise").assert_count("T_review", 1)


@pytest.mark.parametrize(("check", "message"), [
    (lambda r: r.assert_count("T_review", 3), "'T_review' diharapkan dilalui 3 kali, terjadi 2"),
    (lambda r: r.assert_skipped("T_revise"), "diharapkan dilewati, tetapi dilalui 1 kali"),
    (lambda r: r.assert_lane("T_review", "Pejabat Fungsional dan/atau Pejabat Pelaksana"),
     "terjadi oleh ['Pejabat Pengawas']"),
    (lambda r: r.assert_path("T_revise", "T_draft"), "'T_draft' dilalui, tetapi tidak sesudah"),
    (lambda r: r.assert_skipped("T_reveiw"), "'T_reveiw' bukan kode atau nama elemen mana "
                                             "pun dalam proses ini; mungkin maksudnya 'T_review'?"),
    (lambda r: r.assert_lane("Mereviu hasil", "Pejabat Pengawas"),
     "; mungkin maksudnya 'Mereviu hasil kerja' (T_review)?"),
])
def test_a_broken_expectation_fails_with_the_trace_table(run_sop, check, message):
    run = run_sop(LOOP, REVIEWS)
    with pytest.raises(AssertionError) as info:
        check(run)
    text = str(info.value)
    assert message in text
    assert "Jejak jalannya proses: Proses " in text and "selesai" in text
    lines = text.splitlines()
    head = next(i for i, x in enumerate(lines) if x.startswith("No  Langkah"))
    assert lines[head + 1].startswith("--  ")
    # one row per element passed, in order, names and lanes readable
    rows = [x for x in lines[head + 2:] if x[:3].strip().lstrip(">").isdigit()]
    assert len(rows) == len(run.trace)
    assert "Mereviu hasil kerja" in text and "Pejabat Pengawas" in text


def test_the_step_in_question_is_flagged_in_the_table(run_sop):
    run = run_sop(LOOP, REVIEWS)
    with pytest.raises(AssertionError) as info:
        run.assert_count("Mereviu hasil kerja", 3)
    flagged = [x for x in str(info.value).splitlines() if x.lstrip().startswith(">")]
    assert len(flagged) == 2 and all("T_review" in x for x in flagged)


def test_a_stuck_run_fails_assert_completed(run_sop):
    run = run_sop(LOOP, {**REVIEWS, "T_review": [{"sesuai": False}]})  # list used up: stuck
    with pytest.raises(AssertionError, match="proses tidak selesai") as info:
        run.assert_completed()
    # the engine's reason, in the same language as the table under it
    assert ("proses macet: [T_review] menunggu: tugas pengguna (userTask) kehabisan keputusan: "
            "daftarnya berisi 1 entri") in str(info.value)
    assert "Sebab berhenti" not in str(info.value)  # said once, above the table


def test_a_run_stopped_by_an_error_midway_shows_the_trace_and_why(run_sop):
    run = run_sop(ROOT / "processes" / "pertanggungjawaban.bpmn", {})  # 'bentuk' never given
    assert not run.completed and run.path() == ["PJ_siapkan"]
    with pytest.raises(AssertionError) as info:
        run.assert_completed()
    text = str(info.value)
    assert "[PJ_bentuk] kondisi `bentuk == 'individu'`" in text and "PJ_siapkan" in text, text
    with pytest.raises(AssertionError) as info:
        run.assert_path("PJ_lapor_individu")
    text = str(info.value)  # any failed assertion on it says why the run stopped, under the table
    assert text.rstrip().splitlines()[-1].startswith("Sebab berhenti: processes/"), text


def test_simulation_kpi_bounds(simulate_sop):
    sim = simulate_sop(ROOT / "simulations" / "m1_sekretariat_daerah.toml", cases=8,
                       replications=2, seed=3)
    days = sim.kpi("cycle_time_working", unit="working_day")
    assert days == sim.kpi("cycle_time_working") / (7.5 * 3600)
    sim.assert_kpi("cycle_time_working", at_most=days + 1, at_least=days - 1,
                   unit="working_day")
    # a pool by its name, utilisation in percent
    assert 0 < sim.kpi("utilization", "Sekretaris Daerah", unit="percent") <= 100
    with pytest.raises(AssertionError) as info:
        sim.assert_kpi("cycle_time_working", at_most=days / 2, unit="working_day")
    assert "diharapkan <=" in str(info.value) and "Waktu siklus" in str(info.value)
    with pytest.raises(AssertionError, match="tidak ada KPI 'utilization' untuk 'Bupati'"):
        sim.kpi("utilization", "Bupati")


@pytest.mark.slow
def test_the_guide_examples_pass_through_the_installed_plugin():
    """docs/examples run in a fresh pytest that finds the fixtures only through the entry
    point (no conftest, no import of the plugin)."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(ROOT / "docs" / "examples")], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout
