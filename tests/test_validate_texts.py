"""Issue 12: ``validate`` findings and the reader's refusals in Bahasa Indonesia (``--lang en``
keeps English), from one catalogue of codes (present/finding_texts.py)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from probisnis.bpmn.reader import NODE_READERS
from probisnis.cli import main
from probisnis.present.finding_texts import KIND_WORDS, TEXTS
from probisnis.present.notices import Term
from probisnis.validate import RULES, validate_paths

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "probisnis"
BAD = ROOT / "tests" / "data" / "bad"
SNAPSHOT = ROOT / "tests" / "data" / "validate" / "bad_id.txt"

#: code prefixes that are not rules: reasons nested inside a finding (the allow-list's)
NESTED = {"expr"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_every_code_has_both_texts_with_the_same_fields(code: str) -> None:
    entry = TEXTS[code]
    assert set(entry) == {"id", "en"}, code
    assert entry["id"].strip() and entry["en"].strip() and entry["id"] != entry["en"]
    assert _fields(entry["id"]) == _fields(entry["en"]), code
    assert "where" not in _fields(entry["id"])


def test_every_code_belongs_to_a_rule_and_is_used_outside_the_catalogue() -> None:
    prefixes = {code.split(".", 1)[0] for code in TEXTS}
    assert prefixes - NESTED <= {*RULES, "parse"}, prefixes - NESTED - set(RULES)
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.name.endswith("_texts.py"):
            continue
        used.update(n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(n, ast.Constant) and isinstance(n.value, str))
    assert sorted(set(TEXTS) - used) == []


def test_every_bpmn_kind_has_a_word_in_both_languages() -> None:
    kinds = {*NODE_READERS, "eventSubProcess", "process", "lane", "participant",
             "sequenceFlow", "messageFlow", "message", "signal", "error", "escalation"}
    assert sorted(kinds - set(KIND_WORDS)) == []
    for kind, words in KIND_WORDS.items():
        assert set(words) == {"id", "en"} and words["id"].strip() and words["en"].strip(), kind
    assert Term("userTask", "Cek berkas").text("id") == "tugas pengguna (userTask) 'Cek berkas'"
    assert Term("userTask", "Cek berkas").text("en") == "userTask 'Cek berkas'"
    assert Term("exclusiveGateway").text("id") == "gerbang eksklusif (XOR)"
    assert Term("somethingNew").text("id") == "somethingNew"  # a kind without words: its tag


def _calls(path: Path, names: set[str]) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and getattr(n.func, "attr", getattr(n.func, "id", "")) in names]


def _is_notice(node: ast.expr) -> bool:
    """A ``notice(...)`` call, a name bound to one, or a conditional between two."""
    if isinstance(node, ast.IfExp):
        return _is_notice(node.body) and _is_notice(node.orelse)
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", getattr(node.func, "attr", "")) in ("notice", "_message",
                                                                              "_malformed")
    return isinstance(node, ast.Name | ast.Attribute)


def test_no_rule_or_reader_assembles_a_sentence() -> None:
    """Findings and refusals get a notice, never an f-string or a string literal."""
    offenders = []
    for path in [*(SRC / "validate").glob("rules*.py"), SRC / "validate" / "check.py",
                 *(SRC / "bpmn").glob("reader*.py"), SRC / "bpmn" / "xml.py"]:
        for call in _calls(path, {"finding", "Finding", "error", "BpmnError"}):
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            index = {"finding": 3, "Finding": 4, "error": 1, "BpmnError": 0}[name]
            args = call.args
            if len(args) > index and not _is_notice(args[index]):
                offenders.append(f"{path.name}:{call.lineno}")
    assert offenders == []


def test_indonesian_output_of_the_bad_files_is_the_snapshot(monkeypatch, capsys) -> None:
    """``probisnis validate tests/data/bad/`` as an analyst reads it (the snapshot was
    written for the purpose: one line per finding, rule names kept, the summary last)."""
    monkeypatch.chdir(ROOT)
    assert main(["validate", "tests/data/bad/"]) == 1
    out = capsys.readouterr().out
    assert out == SNAPSHOT.read_text(encoding="utf-8")


def test_indonesian_lines_carry_no_english_sentence(monkeypatch, capsys) -> None:
    """No English phrase is left, not even in the XML parser's complaint."""
    monkeypatch.chdir(ROOT)
    main(["validate", "tests/data/bad/"])
    lines = capsys.readouterr().out.splitlines()
    english = (" is not ", " has no ", " names no ", " cannot ", " refuses ", " the ",
               " of process ", "finding", " file", " not allowed")
    for line in lines:
        message = line.split(": ", 2)[-1]
        assert not [w for w in english if w in message], line


def test_english_on_request_is_the_same_findings_in_the_same_order(monkeypatch,
                                                                   capsys) -> None:
    monkeypatch.chdir(ROOT)
    main(["validate", "tests/data/bad/"])
    indonesian = capsys.readouterr().out.splitlines()
    main(["validate", "--lang", "en", "tests/data/bad/"])
    english = capsys.readouterr().out.splitlines()
    assert len(english) == len(indonesian)
    where = [line.split(": ", 2)[:2] for line in indonesian[:-1]]
    assert where == [line.split(": ", 2)[:2] for line in english[:-1]]
    assert "[Orphan] disconnected: task 'Tanpa masuk' is not reachable from a start event of " \
           "process 'P'" in "\n".join(english)
    assert english[-1] == "43 findings (39 errors, 4 warnings) in 20 files"


def test_a_finding_words_itself_and_keeps_its_code() -> None:
    (finding,) = validate_paths([BAD / "rule_lane.bpmn"])
    assert finding.code == "lane.outside" and finding.rule == "lane"
    assert str(finding) == finding.text("id")
    assert finding.text("en").endswith("lane: task 'Tanpa lajur' is outside every lane of "
                                       "process 'Berlajur'")
    assert finding.message == "task 'Tanpa lajur' is outside every lane of process 'Berlajur'"
    assert finding.to_dict("id")["fields"] == {"node": {"kind": "task", "name": "Tanpa lajur"},
                                               "process": {"kind": "process",
                                                           "name": "Berlajur"}}


def test_review_prints_the_structural_findings_in_indonesian(tmp_path: Path, capsys) -> None:
    page = tmp_path / "reviu.html"
    assert main(["review", str(BAD / "rule_disconnected.bpmn"), "--no-lead-time",
                 "--out", str(page)]) == 1
    out = capsys.readouterr().out
    assert "[Orphan] disconnected: tugas 'Tanpa masuk' tidak dapat dicapai dari peristiwa " \
           "mulai proses 'P'" in out
    assert "is not reachable" not in out
    html = page.read_text(encoding="utf-8")
    assert "<td>tugas &#x27;Tanpa masuk&#x27; tidak dapat dicapai dari peristiwa mulai " \
           "proses &#x27;P&#x27;</td>" in html and "is not reachable" not in html


def test_a_name_drawn_on_two_lines_keeps_the_finding_on_one(tmp_path: Path, capsys) -> None:
    """Modelling tools break long names with a line feed; a finding stays one line, and the
    JSON field keeps the name as written."""
    source = (BAD / "rule_gateway_label.bpmn").read_text(encoding="utf-8")
    model = tmp_path / "two_lines.bpmn"
    model.write_text(source.replace('name="Disetujui?"', 'name="Disetujui&#10;  kepala?"'),
                     encoding="utf-8")
    assert main(["validate", str(model)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "gerbang keputusan 'Disetujui kepala?' tidak bernama" in lines[0]
    (finding,) = validate_paths([model])
    assert finding.fields["gateway"] == "Disetujui\n  kepala?"
    assert "\n" not in finding.text("en") and "\n" not in finding.to_dict("id")["message"]


@pytest.mark.parametrize("command", [["run"], ["simulate", "--cases", "1"], ["trace"]])
def test_other_commands_refuse_a_bad_file_in_the_same_words(command: list[str], monkeypatch,
                                                            capsys) -> None:
    """The reader's refusal reads the same under run, simulate and trace as under validate
    (without the rule name), one located line on stderr, exit 1."""
    monkeypatch.chdir(ROOT)
    assert main([*command, "tests/data/bad/duplicate_id.bpmn"]) == 1
    err = capsys.readouterr().err
    assert err == ("tests/data/bad/duplicate_id.bpmn:5: [Mulai] id 'Mulai' ganda (pertama kali "
                   "di baris 4)\n")


@pytest.mark.parametrize(("xml", "indonesian"), [
    (b"<a><b></a>", "tag <b> (dibuka di baris 1) ditutup dengan </a> (baris 1, kolom 11)"),
    (b"<a>&</a>", "tanda & harus ditulis &amp; (baris 1, kolom 5)"),
    (b"<a x='1' x='2'/>", "atribut x ditulis dua kali (baris 1, kolom 15)"),
    (b"<a x='<'/>", "tanda '<' di dalam nilai atribut harus ditulis &lt; (baris 1, "
                    "kolom 7)"),
    (b"<a>\n<b>", "berkas berakhir sebelum tag <b> (dibuka di baris 2) ditutup (baris 2, "
                  "kolom 4)"),
])
def test_common_xml_complaints_are_worded_and_english_is_libxml2s(xml: bytes,
                                                                   indonesian: str) -> None:
    from lxml import etree

    from probisnis.bpmn.xml import parse_bytes
    from probisnis.errors import BpmnError
    from probisnis.present.notices import text

    with pytest.raises(BpmnError) as caught:
        parse_bytes(xml, "hand_edited.bpmn")
    assert text(caught.value.message, "id") == f"XML rusak: {indonesian}"
    with pytest.raises(etree.XMLSyntaxError) as raw:  # libxml2's own words, unchanged in English
        etree.fromstring(xml)
    assert caught.value.message == f"malformed XML: {raw.value.msg}"
