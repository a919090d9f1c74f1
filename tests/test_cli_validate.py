"""``probisnis validate`` driven in process through ``probisnis.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from probisnis import cli
from probisnis.cli import main

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
CLEAN = DATA / "reader" / "clean.bpmn"


@pytest.fixture(autouse=True)
def _only_validate(monkeypatch):
    """Build the parser with the validate subcommand alone, so this module tests
    ``validate`` whatever state the other subcommands are in."""
    monkeypatch.setattr(cli, "COMMANDS", {"validate": "validate_cmd"})


def test_clean_file_exit_0(capsys):
    assert main(["validate", str(CLEAN)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "tidak ada temuan di 1 berkas"
    assert main(["validate", "--lang", "en", str(CLEAN)]) == 0
    assert capsys.readouterr().out.strip() == "no findings in 1 file"


def test_findings_exit_1_one_line_each_and_summary(capsys):
    files = [str(BAD / "rule_lane.bpmn"), str(BAD / "rule_reserved_id.bpmn")]
    assert main(["validate", *files]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == (
        f"{BAD / 'rule_lane.bpmn'}:8: [T] lane: tugas 'Tanpa lajur' tidak berada di lajur mana "
        "pun pada proses 'Berlajur' (tidak jelas siapa pelaksananya)"
    )
    assert lines[1].startswith(f"{BAD / 'rule_reserved_id.bpmn'}:4: [Start] reserved-id: id "
                               "'Start' adalah nama tugas bawaan SpiffWorkflow")
    assert lines[-1] == "3 temuan (1 kesalahan, 2 peringatan) di 2 berkas"
    assert len(lines) == 4
    assert main(["validate", "--lang", "en", *files]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == (
        f"{BAD / 'rule_lane.bpmn'}:8: [T] lane: task 'Tanpa lajur' is outside every lane "
        "of process 'Berlajur'"
    )
    assert lines[-1] == "3 findings (1 error, 2 warnings) in 2 files"


def test_json_output(capsys):
    assert main(["validate", "--json", str(BAD / "rule_gateway_label.bpmn")]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "path": str(BAD / "rule_gateway_label.bpmn"),
            "line": 12,
            "element_id": "F_unnamed",
            "rule": "gateway-label",
            "severity": "warning",
            "code": "gateway-label.unnamed",
            "fields": {"gateway": "Disetujui?"},
            "message": "alur keluar dari gerbang keputusan 'Disetujui?' tidak bernama; beri "
                       "nama hasil keputusan yang diwakilinya (misalnya \"Ya\" atau \"Tidak\")",
        }
    ]
    assert main(["validate", "--json", "--lang", "en", str(BAD / "rule_gateway_label.bpmn")]) == 1
    (english,) = json.loads(capsys.readouterr().out)
    assert english == {**data[0], "message": "outgoing flow of decision gateway 'Disetujui?' "
                                             "has no name; name the outcome it stands for"}


def test_json_fields_are_machine_values_not_sentences(capsys):
    """A BPMN element in the fields is its kind and name, a nested reason its own code."""
    assert main(["validate", "--json", str(BAD / "rule_disconnected.bpmn"),
                 str(BAD / "malformed.bpmn")]) == 1
    data = json.loads(capsys.readouterr().out)
    orphan = next(f for f in data if f["element_id"] == "Orphan")
    assert orphan["code"] == "disconnected.unreachable"
    assert orphan["fields"] == {"node": {"kind": "task", "name": "Tanpa masuk"},
                                "scope": {"kind": "process", "name": "P"}}
    assert orphan["message"] == ("tugas 'Tanpa masuk' tidak dapat dicapai dari peristiwa "
                                 "mulai proses 'P'")
    broken = next(f for f in data if f["rule"] == "parse")
    assert broken["code"] == "parse.malformed" and broken["line"] == 5
    assert broken["message"] == ("XML rusak: tag <task> (dibuka di baris 4) ditutup dengan "
                                 "</process> (baris 5, kolom 13)")
    assert broken["fields"]["detail"] == {
        "code": "parse.xml-at", "text": "tag <task> (dibuka di baris 4) ditutup dengan "
                                        "</process> (baris 5, kolom 13)",
        "fields": {"problem": {"code": "parse.xml-tag-mismatch",
                               "text": "tag <task> (dibuka di baris 4) ditutup dengan </process>",
                               "fields": {"opened": "task", "opened_line": "4",
                                          "closed": "process"}},
                   "line": "5", "column": "13"}}


def test_json_clean_is_an_empty_list(capsys):
    assert main(["validate", "--json", str(CLEAN)]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("malformed.bpmn", ":5: parse: XML rusak: "),
        ("bomb.bpmn", ":2: parse: deklarasi tipe dokumen (DOCTYPE/ENTITY) tidak diperbolehkan"),
        ("not_bpmn.bpmn", ":2: [drawing] parse: bukan berkas BPMN 2.0"),
        ("duplicate_id.bpmn", ":5: [Mulai] parse: id 'Mulai' ganda (pertama kali di baris 4)"),
    ],
)
def test_bad_inputs_are_findings_not_tracebacks(capsys, name, words):
    assert main(["validate", str(BAD / name)]) == 1
    captured = capsys.readouterr()
    assert f"{BAD / name}{words}" in captured.out
    assert "Traceback" not in captured.err


def test_missing_file_exit_2(capsys):
    assert main(["validate", str(BAD / "does-not-exist.bpmn")]) == 2
    err = capsys.readouterr().err
    assert "berkas atau folder tidak ditemukan" in err and "does-not-exist.bpmn" in err


def test_directory(capsys):
    assert main(["validate", str(DATA / "reader")]) == 1
    out = capsys.readouterr().out
    assert (
        out.strip()
        .splitlines()[-1]
        .endswith(f"di {len(list((DATA / 'reader').glob('*.bpmn')))} berkas")
    )
    assert "kinds.bpmn" in out and "clean.bpmn" not in out


def test_rule_filter_and_no_args(capsys):
    assert main(["validate", "--rule", "lane", str(BAD / "rule_reserved_id.bpmn")]) == 0
    assert main(["validate", "--rule", "bogus", str(CLEAN)]) == 2
    assert main(["validate"]) == 2
    capsys.readouterr()
