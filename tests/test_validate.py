"""The validation rules: each one fires on its fixture (tests/data/bad/rule_*.bpmn) and
stays silent on tests/data/reader/clean.bpmn, a file built to satisfy every rule."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from probisnis.bpmn import read, read_bytes
from probisnis.cli import main
from probisnis.errors import UsageError
from probisnis.validate import RULES, Finding, validate_definitions, validate_paths

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
CLEAN = DATA / "reader" / "clean.bpmn"

#: rule -> (fixture, {(element id, severity, words in the message)}) it must produce, exactly
EXPECTED = {
    "start-end": (
        "rule_start_end.bpmn",
        {
            ("P", "error", "has no end event"),
            ("S2", "error", "more than one none start event (S1, S2)"),
            ("SP", "error", "has no start event"),
            ("ESP_s", "error", "needs a trigger"),
        },
    ),
    "disconnected": (
        "rule_disconnected.bpmn",
        {
            ("Lonely", "error", "no incoming and no outgoing"),
            ("Orphan", "error", "not reachable from a start event"),
            ("DeadEnd", "error", "cannot reach an end event"),
        },
    ),
    "lane": ("rule_lane.bpmn", {("T", "error", "outside every lane")}),
    "gateway-label": ("rule_gateway_label.bpmn", {("F_unnamed", "warning", "has no name")}),
    "dangling-ref": (
        "rule_dangling_ref.bpmn",
        {
            ("Pool_ghost", "error", "processRef 'NoProcess' names no process"),
            ("MF", "error", "targetRef 'NoNode' names no participant or flow node"),
            ("MF", "error", "messageRef 'Sig' names no message"),
            ("L", "error", "flowNodeRef 'NoLaneNode' names no flow node"),
            ("S", "error", "messageRef 'Sig' names no message of this file"),
            ("T", "error", "default flow 'F_other' does not leave this task"),
            ("B", "error", "attachedToRef 'NoActivity' names no activity"),
            ("CA", "warning", "calledElement 'NoSuchProcess' names no process"),
            ("F_ghost", "error", "targetRef 'Ghost' names no flow node"),
            ("F_cross", "error", "cannot cross pool or subprocess borders"),
            ("P2_nosource", "error", "sequence flow has no sourceRef"),
            ("Sh", "error", "BPMNShape draws 'Phantom'"),
        },
    ),
    "reserved-id": (
        "rule_reserved_id.bpmn",
        {
            ("Start", "warning", "SpiffWorkflow built-in task"),
            ("End", "warning", "SpiffWorkflow built-in task"),
        },
    ),
    "schema": ("rule_schema.bpmn", {("T", "error", "attribute 'durasi'")}),
    "decision-ref": ("rule_decision_ref.bpmn", {("BR_none", "error", "names no decision")}),
    "call-cycle": (
        "rule_call_cycle.bpmn",
        {
            ("CA_self", "error", "calls its own process (P -> P)"),
            ("CA_q", "error", "(Q -> R -> Q)"),
            ("CA_r", "error", "(R -> Q -> R)"),
        },
    ),
    "loop-join": ("rule_loop_join.bpmn", {("J", "error", "waits for flow F_back")}),
    "unsafe-code": (
        "rule_unsafe_code.bpmn",
        {
            ("Evil", "error", "import is not a simple assignment"),
            ("F_bad", "error", "the attribute '__subclasses__' is not allowed"),
        },
    ),
}


def test_every_rule_has_a_fixture():
    assert set(EXPECTED) == set(RULES)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_rule_fires_exactly_on_its_fixture(rule):
    name, expected = EXPECTED[rule]
    findings = validate_paths([BAD / name], rules=[rule])
    assert all(f.rule == rule for f in findings)
    got = [(f.element_id, f.severity, f.message) for f in findings]
    assert len(got) == len(expected), got
    for element_id, severity, words in expected:
        assert any(g[0] == element_id and g[1] == severity and words in g[2] for g in got), (
            element_id,
            words,
            got,
        )


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_is_silent_on_a_clean_file(rule):
    assert validate_paths([CLEAN], rules=[rule]) == []


def test_clean_file_has_no_finding_at_all():
    assert validate_paths([CLEAN]) == []


def test_findings_point_at_the_element_line():
    for rule, (name, _) in EXPECTED.items():
        lines = (BAD / name).read_text().splitlines()
        for finding in validate_paths([BAD / name], rules=[rule]):
            assert finding.path == str(BAD / name)
            assert f'id="{finding.element_id}"' in lines[finding.line - 1], str(finding)


def test_finding_str_and_dict():
    finding = Finding("a.bpmn", 7, "T1", "lane", "task is outside every lane")
    assert str(finding) == "a.bpmn:7: [T1] lane: task is outside every lane"
    assert json.loads(json.dumps(finding.to_dict()))["severity"] == "error"
    assert str(Finding("a.bpmn", None, None, "parse", "x", "warning")) == "a.bpmn: parse: x"


def test_refused_file_is_one_parse_finding_not_an_exception():
    findings = validate_paths([BAD / "malformed.bpmn", BAD / "bomb.bpmn", BAD / "not_bpmn.bpmn"])
    assert [(f.rule, f.line) for f in findings] == [("parse", 2), ("parse", 5), ("parse", 2)]
    assert "DOCTYPE" in findings[0].message
    assert "malformed XML" in findings[1].message
    assert "not a BPMN 2.0 file" in findings[2].message


def test_folder_is_searched_recursively(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "x.bpmn").write_bytes((BAD / "rule_lane.bpmn").read_bytes())
    (tmp_path / "notes.txt").write_text("not BPMN")
    findings = validate_paths([tmp_path], rules=["lane"])
    assert [f.path for f in findings] == [str(nested / "x.bpmn")]


def test_missing_path_and_unknown_rule_are_usage_errors():
    with pytest.raises(UsageError, match="berkas atau folder tidak ditemukan"):
        validate_paths([BAD / "nope.bpmn"])
    with pytest.raises(UsageError, match="aturan tidak dikenal: nope; yang ada: schema, start-end"):
        validate_definitions(read(CLEAN), rules=["nope"])


def test_call_activity_resolves_across_files_validated_together(tmp_path):
    caller = tmp_path / "caller.bpmn"
    callee = tmp_path / "callee.bpmn"
    caller.write_text(
        """<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="Caller"><callActivity id="CA" calledElement="Callee"/></process>
</definitions>"""
    )
    callee.write_text(
        """<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="Callee"/>
</definitions>"""
    )
    alone = validate_paths([caller], rules=["dangling-ref"])
    assert [f.element_id for f in alone] == ["CA"]
    assert validate_paths([caller, callee], rules=["dangling-ref"]) == []


def test_validate_definitions_on_a_model_from_bytes():
    data = (BAD / "rule_lane.bpmn").read_bytes()
    defs = read_bytes(data, "<mem>")
    findings = validate_definitions(defs)
    assert [(f.rule, f.element_id, f.path) for f in findings] == [("lane", "T", "<mem>")]


def test_descriptive_model_findings_are_only_labels():
    findings = validate_paths([DATA / "reader" / "descriptive.bpmn"])
    assert {f.rule for f in findings} == {"gateway-label"}


ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "validation.md"


def test_examples_in_validation_doc_are_current(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples use paths relative to the repository
    examples = [line for line in DOC.read_text().splitlines() if line.startswith("tests/data/")]
    assert len(examples) >= 20
    files = sorted({line.split(":", 1)[0] for line in examples})
    actual = {f.text("en") for f in validate_paths(files)}
    missing = [line for line in examples if line not in actual]
    assert not missing, missing
    # every rule named in the registry has an example
    rules = {re.match(r"[^ ]+: (\[[^\]]+\] )?([a-z-]+):", line).group(2) for line in examples}
    assert set(RULES) | {"parse"} == rules


def test_unsafe_code_in_a_dmn_file_is_reported_as_run_refuses_it(tmp_path, capsys):
    """validate reports the DMN entries run refuses (issue 7): named, in a folder, and
    the same elements run names; a clean decision table and other rules stay silent."""
    dmn = BAD / "rule_unsafe_code.dmn"
    found = validate_paths([dmn])
    assert [(f.rule, f.element_id, f.line) for f in found] == [
        ("unsafe-code", "IE_evil", 8), ("unsafe-code", "OUT_evil", 15)]
    assert validate_paths([dmn], rules=["lane"]) == []
    assert validate_paths([DATA / "run" / "penilai.dmn"]) == []
    # in a folder beside the model that calls it: run refuses, validate reports the same
    shutil.copy(DATA / "run" / "dmn_main.bpmn", tmp_path / "dmn_main.bpmn")
    text = (DATA / "run" / "penilai.dmn").read_text(encoding="utf-8")
    text = text.replace('<text>"PPK"</text>', "<text>getattr(penilai, 'x')</text>")
    (tmp_path / "penilai.dmn").write_text(text, encoding="utf-8")
    assert [(f.rule, f.element_id) for f in validate_paths([tmp_path])
            if f.rule == "unsafe-code"] == [("unsafe-code", "OUT_ppk")]
    assert main(["run", str(tmp_path / "dmn_main.bpmn"), "--library", str(tmp_path)]) == 1
    assert "[OUT_ppk] ditolak: entri keluaran DMN" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "[OUT_ppk] unsafe-code" in out and "di 2 berkas" in out
