"""Time passing in a headless run (``task_time``, ``--task-time``): timers fire while tasks wait.

The counts are closed-form: a ``timeCycle`` of period p armed at time 0 fires at p, 2p, ...
so a run whose only open time is T fires floor(T / p) times; SpiffWorkflow runs the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.bpmn.model import EventDefinition
from probisnis.bpmn.writer import write
from probisnis.cli import main
from probisnis.errors import UsageError
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.run import run
from probisnis.run.clock import parse_task_time
from probisnis.run.coverage import flow_coverage

ROOT = Path(__file__).resolve().parents[1]
PJ = ROOT / "processes" / "pertanggungjawaban.bpmn"
#: a Tim Kerja reporting three periods; Pasal 15 ayat (3)'s requests come every 10 days
TIGA_PERIODE = {
    "PJ_siapkan": {"bentuk": "tim_kerja"},
    "PJ_terima_berkala": [{"tugas_selesai": False}] * 2 + [{"tugas_selesai": True}],
}
REF = (Reference("Pasal 15 ayat (3)", "contoh"),)


def _requests(task_time: object) -> tuple[int, int, bool]:
    result = run(PJ, decisions=TIGA_PERIODE, task_time=task_time)
    order = list(result.trace["element_id"])
    return order.count("PJ_minta_laporan"), order.count("PJ_terima_sewaktu"), result.completed


@pytest.mark.parametrize(
    ("task_time", "fired"),
    [
        (None, 0),  # no time passes: the recurring timer never fires
        ({"PJ_lapor_ketua": "P25D"}, 7),  # 3 x 25 = 75 days: 10, 20, ..., 70
        ({"PJ_lapor_ketua": "P9D"}, 2),  # 27 days: 10, 20
        ({"PJ_lapor_ketua": "PT216H"}, 2),  # the same 9 days in hours
        ({"PJ_terima_berkala": "P10D"}, 3),  # due exactly when each period's report arrives
    ],
)
def test_a_recurring_timer_fires_once_per_period_of_open_time(task_time, fired):
    asked, received, completed = _requests(task_time)
    assert (asked, received, completed) == (fired, fired, True)


def test_time_passing_covers_the_event_subprocess_of_pasal_15_3():
    """With time passing, every flow of pertanggungjawaban is covered by two runs."""
    results = [
        run(PJ, decisions={"PJ_siapkan": {"bentuk": "individu"}}),
        run(PJ, decisions=TIGA_PERIODE, task_time={"PJ_lapor_ketua": "P10D"}),
    ]
    coverage = flow_coverage(results, processes=["PJ_pertanggungjawaban"])
    assert not coverage.missing and coverage.ratio == 1.0


def _deadline_file(tmp_path: Path) -> Path:
    """A task with an interrupting 2-day boundary timer (escalation when it runs late)."""
    b = ProcessBuilder("T_tenggat", "Tenggat")
    b.start("T_mulai", "Mulai", refs=REF)
    b.user_task("T_kerjakan", "Mengerjakan", refs=REF)
    timer = EventDefinition("timer", id="T_batas_def", attrs={"timeDuration": "'P2D'"})
    b.node(
        "boundaryEvent",
        "T_batas",
        "Lewat 2 hari",
        refs=REF,
        attached_to="T_kerjakan",
        cancel_activity=True,
        event_definitions=(timer,),
    )
    b.user_task("T_eskalasi", "Eskalasi", refs=REF)
    b.end("T_selesai", "Selesai", refs=REF)
    b.end("T_terlambat", "Terlambat", refs=REF)
    b.chain("T_mulai", "T_kerjakan", "T_selesai")
    b.chain("T_batas", "T_eskalasi", "T_terlambat")
    d = DefinitionsBuilder("T_defs", name="Tenggat")
    d.pool(b.build())
    return write(d.build(), tmp_path / "tenggat.bpmn")


@pytest.mark.parametrize(
    ("open_for", "end", "done"),
    [("P1D", "T_selesai", "T_kerjakan"), ("P3D", "T_terlambat", "T_eskalasi")],
)
def test_an_interrupting_deadline_takes_the_task_away_only_when_it_runs_late(
    tmp_path, open_for, end, done
):
    result = run(_deadline_file(tmp_path), task_time={"T_kerjakan": open_for})
    order = list(result.trace["element_id"])
    assert order[-1] == end and done in order
    if end == "T_terlambat":
        assert "T_kerjakan" not in order  # cancelled, never completed


def test_bad_task_time_is_refused_with_the_key():
    with pytest.raises(UsageError, match=r"task_time\[PJ_lapor_ketua\].*'5 hari'"):
        parse_task_time({"PJ_lapor_ketua": "5 hari"})
    with pytest.raises(UsageError, match="bukan elemen proses ini: PJ_tidak_ada"):
        run(PJ, decisions=TIGA_PERIODE, task_time={"PJ_tidak_ada": "P1D"})
    assert parse_task_time("P1D") == {"*": parse_task_time({"x": "PT24H"})["x"]}


def test_cli_task_time(tmp_path, capsys):
    decisions = tmp_path / "d.json"
    decisions.write_text(
        '{"PJ_siapkan": {"bentuk": "tim_kerja"}, "PJ_terima_berkala": '
        '[{"tugas_selesai": false}, {"tugas_selesai": false}, {"tugas_selesai": true}]}',
        encoding="utf-8",
    )
    args = ["run", str(PJ), "--decisions", str(decisions), "--json"]
    assert main([*args, "--task-time", "PJ_lapor_ketua=P25D"]) == 0
    out = capsys.readouterr().out
    assert out.count('"element_id": "PJ_minta_laporan"') == 7
    assert main([*args, "--task-time", "PJ_lapor_ketua=5"]) == 2
    assert "--task-time: task_time[PJ_lapor_ketua]: '5' bukan durasi ISO 8601" in (
        capsys.readouterr().err
    )
    assert main([*args, "--task-time", "P1D", "--save", str(tmp_path / "s.json")]) == 2
    assert "tidak bersama --save, --resume" in capsys.readouterr().err
