"""D1-D6 .b.7/.b.8: the Pimpinan and/or the Ketua Tim monitor "secara berkala atau sewaktu-waktu".

Periodic monitoring is a non-interrupting ``timeCycle`` boundary timer on the execution,
monitoring at any time a non-interrupting timer-started event subprocess of the phase; each
leads to the inclusive choice of monitors. SpiffWorkflow (through ``probisnis.run`` with
time passing) and the simulator both count one monitoring per period of open work.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from probisnis.bpmn import read
from probisnis.library.phase_pelaksanaan import PANTAU_BERKALA, PANTAU_SEWAKTU
from probisnis.run import run
from probisnis.run.coverage import flow_coverage
from probisnis.sim import load_scenario, simulate

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "processes" / "m1_sekretariat_daerah.bpmn"
DECISIONS = json.loads((ROOT / "tests" / "data" / "run" / "m1.decisions.json").read_text())
FILES = {n: next((ROOT / "processes").glob(f"m{n}_*.bpmn")) for n in range(1, 7)}


@pytest.mark.parametrize("n", range(1, 7))
def test_monitoring_is_periodic_and_at_any_time_in_every_mechanism(n):
    process = read(FILES[n]).process(f"M{n}_pelaksanaan")
    p = f"M{n}b"
    berkala = process.nodes[f"{p}_pantau_berkala"]
    assert berkala.kind == "boundaryEvent" and berkala.attached_to == f"{p}_laksanakan"
    assert berkala.cancel_activity is False
    (timer,) = berkala.event_definitions
    assert timer.kind == "timer" and timer.attrs["timeCycle"] == f"'{PANTAU_BERKALA}'"
    sewaktu = process.nodes[f"{p}_pantau_sewaktu"]
    assert sewaktu.kind == "subProcess" and sewaktu.triggered_by_event
    start = sewaktu.subprocess.nodes[f"{p}_sewaktu_mulai"]
    assert start.attrs["isInterrupting"] == "false"
    assert start.event_definitions[0].attrs["timeCycle"] == f"'{PANTAU_SEWAKTU}'"
    # both lead to the inclusive "Dipantau oleh?" (Ketua Tim and/or Pimpinan)
    for body, suffix in (
        (process.nodes[f"{p}_pemantauan"].subprocess, ""),
        (sewaktu.subprocess.nodes[f"{p}_pemantauan_sewaktu"].subprocess, "_sewaktu"),
    ):
        gateway = body.nodes[f"{p}_gw_pemantau{suffix}"]
        assert gateway.kind == "inclusiveGateway" and len(gateway.outgoing) == 2
        assert f"[D{n}.b." in body.nodes[f"{p}_pantau_pimpinan{suffix}"].documentation
    # monitoring no longer waits for the work: no parallel join with the execution
    assert not [x for x in process.nodes.values() if x.kind == "parallelGateway"]
    assert process.nodes[f"{p}_selesai"].event_definitions[0].kind == "terminate"


@pytest.mark.parametrize(
    ("task_time", "berkala", "sewaktu"),
    [
        (None, 0, 0),  # no time passes in a plain headless run
        ({"M1b_laksanakan": "P15D"}, 4, 3),  # 2 passes x 15 days: 7, 14 (twice); 10, 20, 30
        ({"M1b_laksanakan": "P3D"}, 0, 0),  # shorter than both periods
        ({"M1b_laksanakan": "P15D", "M1b_susun_rincian": "P10D"}, 4, 4),  # 40 days of phase
    ],
)
def test_spiffworkflow_monitors_once_per_period_of_work(task_time, berkala, sewaktu):
    """Closed form: a week's cycle per execution pass, a 10-day cycle over the phase."""
    result = run(M1, decisions=DECISIONS, task_time=task_time)
    order = list(result.trace["element_id"])
    assert result.completed and order[-1] == "M1_selesai"
    # the decisions have a Ketua Tim and the Kepala Bagian monitoring too: both each time
    assert order.count("M1b_pantau_ketua") == order.count("M1b_pantau_pimpinan") == berkala
    assert order.count("M1b_pantau_pimpinan_sewaktu") == sewaktu
    assert order.count("M1b_pantau_ketua_sewaktu") == sewaktu


def test_time_passing_covers_every_flow_of_the_monitoring():
    runs = [
        run(M1, decisions=DECISIONS, task_time={"M1b_laksanakan": "P15D"}),
        run(
            M1,
            decisions={**DECISIONS, "M1a_rumuskan_strategi": {
                **DECISIONS["M1a_rumuskan_strategi"], "pimpinan_memantau": False}},
            task_time={"M1b_laksanakan": "P15D"},
        ),
        run(
            M1,
            decisions={**DECISIONS, "M1a_rumuskan_strategi": {
                **DECISIONS["M1a_rumuskan_strategi"], "bentuk": "individu"}},
            task_time={"M1b_laksanakan": "P15D"},
        ),
    ]
    bodies = ["M1b_pemantauan", "M1b_pemantauan_sewaktu", "M1b_pantau_sewaktu"]
    coverage = flow_coverage(runs, processes=bodies)
    assert not coverage.missing, coverage.missing


def _variant(tmp_path: Path, days: float) -> Path:
    path = tmp_path / f"m1_{days}.toml"
    base = (ROOT / "simulations" / "m1_sekretariat_daerah.toml").as_posix()
    path.write_text(
        f'extends = "{base}"\nname = "laksanakan {days} d"\n\n'
        "[tasks.M1b_laksanakan]\n"
        f'duration = {{ dist = "triangular", min = {days * 0.99}, mode = {days}, '
        f'max = {days * 1.01}, unit = "d" }}\n',
        encoding="utf-8",
    )
    return path


def test_simulated_monitoring_grows_with_the_duration_of_the_work(tmp_path):
    """Four times the work, about four times the periodic monitoring (and Kabag's hours)."""
    counts = {}
    for days in (5, 20):
        result = simulate(load_scenario(_variant(tmp_path, days)), cases=80, replications=1)
        log = result.log
        per_case = log[log["element_id"] == "M1b_pantau_pimpinan"].groupby("case_id").size()
        passes = log[log["element_id"] == "M1b_laksanakan"].groupby("case_id").size()
        counts[days] = per_case.sum() / passes.sum()
    # 5 working days span about a calendar week (0-1 firings of a 7-day cycle); 20 span
    # about four weeks (3-4 firings)
    assert counts[5] < 1.5
    assert 3 < counts[20] < 5.5
    assert counts[20] > 3 * counts[5]
