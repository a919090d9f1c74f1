"""Escape attempts in run (conditions, scripts), run --paths, DMN entries and simulate:
every one is refused with a located message and nothing is executed (a marker file that
each payload would create stays absent)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from escapes import PAYLOADS, with_marker
from probisnis.cli import main
from probisnis.errors import ExpressionError, RunError
from probisnis.run import clear_cache, run
from probisnis.run import engine as run_engine
from probisnis.run.sandbox import SafeEnvironment
from probisnis.validate import validate_paths

DATA = Path(__file__).parent / "data" / "run"

_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="x">
  <process id="P" isExecutable="true">
    <startEvent id="S"/>
    <userTask id="T" name="Isi"/>
    {middle}
    <exclusiveGateway id="G" default="F_ok"/>
    <userTask id="T_bad" name="Salah"/>
    <userTask id="T_ok" name="Benar"/>
    <endEvent id="E1"/>
    <endEvent id="E2"/>
    <sequenceFlow id="F1" sourceRef="S" targetRef="T"/>
    <sequenceFlow id="F2" sourceRef="T" targetRef="{after_t}"/>
    {middle_flow}
    <sequenceFlow id="F_bad" name="Ya" sourceRef="G" targetRef="T_bad">
      <conditionExpression>{condition}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="F_ok" name="Tidak" sourceRef="G" targetRef="T_ok"/>
    <sequenceFlow id="F5" sourceRef="T_bad" targetRef="E1"/>
    <sequenceFlow id="F6" sourceRef="T_ok" targetRef="E2"/>
  </process>
</definitions>
"""

_DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="D" name="D"
  namespace="x">
  <decision id="D1" name="Putusan">
    <decisionTable id="DT" hitPolicy="UNIQUE">
      <input id="I1" label="x"><inputExpression id="IE1"><text>{input}</text></inputExpression>
      </input>
      <output id="O1" label="hasil" name="hasil"/>
      <rule id="R1">
        <inputEntry id="IN1"><text>{entry}</text></inputEntry>
        <outputEntry id="OUT1"><text>{output}</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""


def model(folder: Path, *, condition: str = "x &gt; 5", script: str | None = None,
          rule_task: bool = False) -> Path:
    middle, middle_flow, after_t = "", "", "G"
    if script is not None:
        middle = f'<scriptTask id="SC" name="Hitung"><script>{escape(script)}</script></scriptTask>'
        middle_flow = '<sequenceFlow id="F3" sourceRef="SC" targetRef="G"/>'
        after_t = "SC"
    elif rule_task:
        middle = '<businessRuleTask id="BR" name="Putus" camunda:decisionRef="D1"/>'
        middle_flow = '<sequenceFlow id="F3" sourceRef="BR" targetRef="G"/>'
        after_t = "BR"
    path = folder / "p.bpmn"
    path.write_text(_BPMN.format(middle=middle, middle_flow=middle_flow, after_t=after_t,
                                 condition=condition), encoding="utf-8")
    return path


DECISIONS = {"T": {"x": 1, "d": {"a": 1}}}


@pytest.fixture(autouse=True)
def _fresh():
    clear_cache()
    yield
    clear_cache()


def _blocked(call, marker: Path) -> str:
    with pytest.raises((RunError, ExpressionError)) as info:
        call()
    assert not marker.exists()
    return str(info.value)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_condition_payload_is_blocked_in_run(name, tmp_path):
    marker = tmp_path / "marker"
    path = model(tmp_path, condition=escape(with_marker(PAYLOADS[name], str(marker))))
    message = _blocked(lambda: run(path, decisions=DECISIONS), marker)
    assert "p.bpmn:" in message and ("[F_bad]" in message or "[G]" in message), message


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_script_payload_is_blocked_in_run(name, tmp_path):
    marker = tmp_path / "marker"
    path = model(tmp_path, script=f"y = {with_marker(PAYLOADS[name], str(marker))}")
    message = _blocked(lambda: run(path, decisions=DECISIONS), marker)
    assert "[SC]" in message, message


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_is_blocked_at_evaluation_even_past_the_up_front_check(name, tmp_path,
                                                                        monkeypatch):
    """Defence in depth: SpiffWorkflow's evaluation itself goes through the evaluator."""
    monkeypatch.setattr(run_engine, "refuse_unsafe", lambda library: None)
    marker = tmp_path / "marker"
    payload = with_marker(PAYLOADS[name], str(marker))
    path = model(tmp_path, condition=escape(payload))
    _blocked(lambda: run(path, decisions=DECISIONS), marker)
    clear_cache()
    path = model(tmp_path, script=f"y = {payload}")
    _blocked(lambda: run(path, decisions=DECISIONS), marker)


@pytest.mark.parametrize("where", ["input", "entry", "output"])
@pytest.mark.parametrize("name", ["import-system", "subclasses", "open-write", "lambda",
                                  "getattr-system", "f-string", "huge-power"])
def test_dmn_payload_is_blocked(name, where, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    payload = with_marker(PAYLOADS[name], str(marker))
    cells = {"input": "x", "entry": "1", "output": '"ya"'}
    cells[where] = payload
    model(tmp_path, rule_task=True)
    (tmp_path / "d.dmn").write_text(_DMN.format(**{k: escape(v) for k, v in cells.items()}),
                                    encoding="utf-8")
    message = _blocked(lambda: run(tmp_path / "p.bpmn", decisions=DECISIONS), marker)
    assert "d.dmn" in message or "[BR]" in message, message
    # and at evaluation, past the up-front check
    clear_cache()
    monkeypatch.setattr(run_engine, "refuse_unsafe", lambda library: None)
    _blocked(lambda: run(tmp_path / "p.bpmn", decisions=DECISIONS), marker)


@pytest.mark.parametrize("name", ["import-system", "open-write", "lambda", "list-comp",
                                  "huge-text"])
def test_payload_is_blocked_in_run_paths_and_simulate(name, tmp_path, capsys):
    marker = tmp_path / "marker"
    path = model(tmp_path, condition=escape(with_marker(PAYLOADS[name], str(marker))))
    assert main(["run", "--paths", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "[F_bad] " in err and "ditolak" in err, err
    # simulate reads a refused condition as a label (the branch gets a probability instead)
    main(["simulate", str(path), "--cases", "3"])
    out, err = capsys.readouterr()
    page = out.split("Jawaban")[0] + err  # simulate's warnings lead its page (stdout)
    assert "Traceback" not in page and "F_bad" in page, page
    assert "refused" in page or "ditolak" in page, page  # a warning, or the condition's error
    assert not marker.exists()


def test_validate_reports_what_run_refuses(tmp_path):
    marker = tmp_path / "marker"
    path = model(tmp_path, condition=escape(with_marker(PAYLOADS["open-write"], str(marker))),)
    findings = validate_paths([path])
    assert [(f.rule, f.element_id) for f in findings if f.rule == "unsafe-code"] == [
        ("unsafe-code", "F_bad")]


def test_safe_conditions_scripts_and_dmn_still_run(tmp_path):
    path = model(tmp_path, script="y = x * 10\nlabel = 'besar' if y > 5 else 'kecil'",
                 condition="y &gt; 5")
    result = run(path, decisions={"T": {"x": 1}})
    assert result.data == {"x": 1, "y": 10, "label": "besar"}
    assert "T_bad" in list(result.trace["element_id"])
    up = run(DATA / "dmn_main.bpmn", decisions={"T_data": {"jf_kelas": 9, "ppk_kelas": 9}})
    assert up.data["penilai"] == "atasan PPK"


def test_trust_scripts_runs_python_and_keeps_json_clean(tmp_path, capsys):
    path = model(tmp_path, script="print('halo dari skrip')\ny = len([i for i in range(3)])",
                 condition="y == 3")
    with pytest.raises(RunError, match=r"ditolak: skrip baris 1 `print\('halo dari skrip'\)`"):
        run(path, decisions={"T": {"x": 1}})
    assert main(["run", str(path), "--trust-scripts", "--json"]) == 0
    out, err = capsys.readouterr()
    payload = json.loads(out)
    assert payload["data"]["y"] == 3 and payload["completed"] is True
    assert "halo dari skrip" in err


def test_the_default_environment_is_the_allow_list(tmp_path):
    path = model(tmp_path)
    result = run(path, decisions=DECISIONS)
    assert isinstance(result.workflow.script_engine.environment, SafeEnvironment)
