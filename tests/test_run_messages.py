"""Issue 12: what ``probisnis run`` and the run API raise reads in Bahasa Indonesia.

Each message keeps the ``path:line: [id] message`` shape with ids, keys and expressions as
written, names element kinds as ``validate`` does, and says what to do. A guard reads every
``raise`` in ``run/`` and ``expressions/`` so an English sentence cannot come back unnoticed.
"""

from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import pytest

from probisnis import cli
from probisnis.errors import RunError, UsageError
from probisnis.run import clear_cache, run
from probisnis.run import reasons as run_reasons
from probisnis.run.coverage import flow_coverage

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "probisnis"
PJ = ROOT / "processes" / "pertanggungjawaban.bpmn"
DATA = ROOT / "tests" / "data" / "run"

#: words that only an English sentence has (a message may still quote English from a library)
ENGLISH = re.compile(r"\b(the|is not|are not|cannot|must|no such|refused|waiting|stuck|"
                     r"give|choose|not found|would be|only|needs?|which|with this)\b")


#: exception classes built without ``Error`` in their name
_EXCEPTIONS = {"Refused", "Unsuitable"}


def _raised_texts(path: Path) -> list[tuple[int, str]]:
    """(line, literal text) of the message of every exception built in ``path`` (``raise
    X(...)``, and ``return X(...)`` in a function that makes the error for its caller)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        func = node.func if isinstance(node, ast.Call) else None
        name = func.id if isinstance(func, ast.Name) else \
            func.attr if isinstance(func, ast.Attribute) else ""
        if isinstance(node, ast.Call) and node.args and (name.endswith("Error")
                                                         or name in _EXCEPTIONS):
            first = node.args[0]
            parts = [first] if isinstance(first, ast.Constant) else \
                [v for v in ast.walk(first) if isinstance(v, ast.Constant)]
            text = "".join(str(p.value) for p in parts if isinstance(p.value, str))
            if text:
                out.append((node.lineno, text))
    return out


@pytest.mark.parametrize("path", sorted([*(SRC / "run").glob("*.py"),
                                         *(SRC / "expressions").glob("*.py")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_english_sentence_is_raised(path):
    english = [(line, text) for line, text in _raised_texts(path) if ENGLISH.search(text)]
    assert not english, f"{path.name}: English messages: {english}"


def test_the_guard_sees_an_english_message(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text('def f(x):\n    raise ValueError(f"{x} is not an element id")\n')
    assert [t for _, t in _raised_texts(sample) if ENGLISH.search(t)] == [" is not an element id"]


def test_reasons_doctests():
    result = doctest.testmod(run_reasons, verbose=False)
    assert result.attempted > 0 and result.failed == 0


@pytest.fixture
def main(monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", {"run": "run_cmd"})
    monkeypatch.chdir(ROOT)
    clear_cache()
    return cli.main


def test_a_condition_on_data_nobody_gave_says_which_task_must_give_it(main, capsys):
    assert main(["run", "processes/pertanggungjawaban.bpmn"]) == 1
    assert capsys.readouterr().err == (
        "processes/pertanggungjawaban.bpmn:54: [PJ_bentuk] kondisi `bentuk == 'individu'` pada "
        "alur PJ_bentuk__PJ_lapor_individu memakai 'bentuk', yang tidak ada dalam data "
        "(masih kosong): "
        "berikan 'bentuk' kepada sebuah tugas sebelum gerbang eksklusif (XOR) ini di berkas "
        "keputusan (--decisions)\n")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("a.json", '{"PJ_siapkan": {"x": 1},}',
     'a.json:1: JSON tidak sah: nama kunci harus diapit tanda kutip ganda ("..."), tanpa koma '
     "di akhir tabel (kolom 25)"),
    ("b.json", '{"PJ_siapkan" {"x": 1}}', "b.json:1: JSON tidak sah: tanda titik dua ':' tidak "
                                          "ada (kolom 15)"),
    ("c.toml", "[PJ_siapkan]\nx = @\n", "c.toml:2: TOML tidak sah: Invalid value (at line 2, "
                                        "column 5)"),
    ("d.json", '{"PJ_tidak_ada": {"x": 1}}',
     "d.json: [PJ_tidak_ada] tidak ada elemen dengan id ini di pustaka proses (1 berkas): "
     "periksa ejaannya (id tampil di kolom Kode keluaran `probisnis run`)"),
    ("e.json", '{"PJ_mulai": {"x": 1}}',
     "e.json: [PJ_mulai] peristiwa mulai tidak menerima keputusan, jadi entri ini akan "
     "diabaikan: berikan data kepada tugas manusia (tugas pengguna, manual, atau biasa) yang "
     "menghasilkannya, dan id alur kepada gerbang tanpa kondisi"),
])
def test_wrong_decisions_files_name_file_line_and_key(main, capsys, tmp_path, name, text,
                                                      expected):
    decisions = tmp_path / name
    decisions.write_text(text, encoding="utf-8")
    assert main(["run", str(PJ), "--decisions", str(decisions)]) == 1
    assert capsys.readouterr().err == f"{tmp_path}/{expected}\n"


@pytest.mark.parametrize(("argv", "expected"), [
    (["--decisions", "tidak_ada.json"],
     "tidak dapat membaca berkas keputusan tidak_ada.json: berkas tidak ada"),
    (["--task-time", "PJ_siapkan=3 hari"],
     "--task-time: task_time[PJ_siapkan]: '3 hari' bukan durasi ISO 8601 (contoh: P3D = 3 "
     "hari, PT4H = 4 jam, P1DT2H = 1 hari 2 jam)"),
    (["--task-time", "PJ_salah=P3D"],
     "--task-time menyebut id yang bukan elemen proses ini: PJ_salah (id tampil di kolom Kode "
     "keluaran `probisnis run`)"),
    (["--resume", "tidak_ada.json"],
     "tidak dapat membaca berkas simpanan tidak_ada.json: berkas tidak ada"),
])
def test_usage_errors_exit_2_in_indonesian(main, capsys, argv, expected):
    assert main(["run", str(PJ), *argv]) == 2
    assert capsys.readouterr().err == f"probisnis run: kesalahan: {expected}\n"


def test_a_saved_run_that_is_not_one(main, capsys, tmp_path):
    saved = tmp_path / "s.json"
    saved.write_text('{"format": "lain"}\n', encoding="utf-8")
    assert main(["run", str(PJ), "--resume", str(saved)]) == 1
    assert capsys.readouterr().err == (
        f"{saved}: bukan berkas simpanan `probisnis run --save` (format yang diharapkan "
        "'probisnis-run/2')\n")
    saved.write_text("{\n  1\n}", encoding="utf-8")
    assert main(["run", str(PJ), "--resume", str(saved)]) == 1
    assert capsys.readouterr().err == (
        f"{saved}:2: bukan berkas simpanan `probisnis run --save`: JSON tidak sah: nama kunci "
        'harus diapit tanda kutip ganda ("..."), tanpa koma di akhir tabel (kolom 3)\n')


def test_a_wrong_data_type_in_a_condition_names_the_gateway_kind():
    with pytest.raises(RunError) as info:
        run(DATA / "exclusive.bpmn", decisions={"T_submit": {"amount": "banyak"}})
    message = str(info.value)
    assert "[G_amount] gerbang eksklusif (XOR): ekspresi `amount" in message, message
    assert "jenis atau nilai datanya tidak cocok" in message and "amount = 'banyak'" in message


def test_flow_coverage_of_no_runs_is_a_usage_error():
    with pytest.raises(UsageError, match="memerlukan setidaknya satu hasil"):
        flow_coverage([])


def test_a_decision_table_reading_data_nobody_gave_says_so(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in messages are relative to the working directory
    clear_cache()
    with pytest.raises(RunError) as info:
        run(DATA / "dmn_main.bpmn")
    assert str(info.value) == (
        "tests/data/run/dmn_main.bpmn:8: [BR_penilai] ekspresi tabel keputusan (DMN) "
        "`(jf_kelas >= ppk_kelas) == (True)` memakai 'jf_kelas', yang tidak ada dalam data "
        "(masih kosong): "
        "berikan 'jf_kelas' kepada sebuah tugas sebelum tugas aturan bisnis (businessRuleTask) "
        "ini di berkas keputusan (--decisions)")


def test_a_misspelt_decision_name_is_pointed_at() -> None:
    root = Path(__file__).resolve().parents[1]
    with pytest.raises(RunError) as info:
        run(root / "processes" / "pertanggungjawaban.bpmn",
            decisions={"PJ_siapkan": {"bentukk": "tim"}})
    text = str(info.value)
    assert "dalam data (bentukk = 'tim')" in text
    assert text.endswith("mungkin 'bentukk' di berkas keputusan salah ketik?")
