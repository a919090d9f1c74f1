"""``probisnis run`` through the CLI dispatcher, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from probisnis import cli

DATA = Path(__file__).parent / "data" / "run"
PERMIT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "permit.bpmn"


@pytest.fixture
def main(monkeypatch):
    # only this subcommand: the test must not depend on the others being importable
    monkeypatch.setattr(cli, "COMMANDS", {"run": "run_cmd"})
    return cli.main


def test_human_table(main, tmp_path, capsys):
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"T_submit": {"amount": 500}}))
    assert main(["run", str(DATA / "exclusive.bpmn"), "--decisions", str(decisions)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Proses Exclusive choice (P_exclusive): selesai, 6 langkah"
    header = out.splitlines()[1].split()
    assert header == ["No", "Langkah", "Kode", "Lajur", "Jenis"]
    assert "Menyetujui usulan besar" in out and "Sekretaris Daerah" in out
    assert out.splitlines()[-1] == "  amount = 500"


def test_json_output(main, tmp_path, capsys):
    decisions = tmp_path / "d.toml"
    decisions.write_text('G_complete = ["f_no", "f_yes"]\n')
    code = main(["run", str(PERMIT), "--decisions", str(decisions), "--allow-non-executable",
                 "--json"])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["completed"] is True and payload["error"] is None
    assert payload["process_id"] == "Process_permit"
    steps = [r["element_id"] for r in payload["trace"]]
    assert steps[0] == "Start" and steps[-1] == "End"
    assert steps.count("T_verify") == 2
    assert [r["order"] for r in payload["trace"]] == list(range(1, len(steps) + 1))


def test_stuck_run_prints_trace_and_message_and_exits_1(main, capsys):
    assert main(["run", str(DATA / "stuck_join.bpmn")]) == 1
    captured = capsys.readouterr()
    assert "Proses P_stuck_join: MACET, tidak sampai akhir, 3 langkah" in captured.out
    assert captured.err.strip().endswith(
        "stuck_join.bpmn:9: proses macet: [G_sj_join] menunggu: gerbang paralel (AND) ini "
        "menggabungkan cabang: sudah tiba dari T_sj_b, masih menunggu dari T_sj_a"
    )


def test_non_executable_without_flag_exits_1(main, capsys):
    assert main(["run", str(PERMIT)]) == 1
    assert "[Process_permit] proses ini tidak dapat dijalankan" in capsys.readouterr().err


def test_usage_errors_exit_2(main, capsys):
    assert main(["run", "no/such/file.bpmn"]) == 2
    assert "berkas tidak ditemukan" in capsys.readouterr().err
    assert main(["run"]) == 2


def test_process_id_from_library_and_save_resume(main, tmp_path, capsys):
    state = tmp_path / "state.json"
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"T_work": {"butuh_tambahan": "ya"}}))
    args = ["run", "P_call_main", "--library", str(DATA), "--decisions", str(decisions)]
    assert main([*args, "--stop-after", "2", "--save", str(state), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["completed"] is False
    assert main(["run", "--resume", str(state), "--json"]) == 0
    resumed = json.loads(capsys.readouterr().out)
    assert main([*args, "--json"]) == 0
    straight = json.loads(capsys.readouterr().out)
    assert resumed["completed"] is True
    assert resumed["trace"] == straight["trace"]


def test_paths_print_decisions_and_coverage(main, tmp_path, capsys):
    assert main(["run", str(DATA / "call_main.bpmn"), "--paths", "--json",
                 "--write-decisions", str(tmp_path / "sets")]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["coverage"] == {"covered": 10, "total": 10, "missing": [],
                                   "missing_by_decisions": [], "needs_time_or_event": []}
    assert len(payload["paths"]) == 2
    written = sorted((tmp_path / "sets").glob("path-*.json"))
    assert [json.loads(p.read_text()) for p in written] == [
        p["decisions"] for p in payload["paths"]]
    # a written decisions set runs the path it was written for
    assert main(["run", str(DATA / "call_main.bpmn"), "--decisions", str(written[1]),
                 "--json"]) == 0
    run_payload = json.loads(capsys.readouterr().out)
    assert [r["element_id"] for r in run_payload["trace"] if r["kind"].endswith(
        ("Task", "Activity"))] == payload["paths"][1]["activities"]


def test_paths_exit_1_when_a_flow_cannot_be_traversed(main, capsys):
    assert main(["run", str(DATA / "dead_flow.bpmn"), "--paths"]) == 1
    out = capsys.readouterr().out
    assert "Cakupan alur: 3 dari 5 alur dilalui (60,0%)." in out
    assert ("F_df_khusus (G_df -> Penanganan khusus), F_df3 (Penanganan khusus -> EE_df)"
            in " ".join(out.split()))
