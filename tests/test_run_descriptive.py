"""`run` on descriptive models: BPMN's implicit rules, and what such files leave out.

Each small model in tests/data/run/descriptive/ holds one rule of BPMN 2.0 that SpiffWorkflow
does not implement by itself (or one gap of a model drawn to describe work); its trace is
checked against what the specification defines, and each rewrite must be announced in a
notice naming the file, the line and the element.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.errors import ProbisnisError
from probisnis.run import run

DATA = Path(__file__).parent / "data" / "run" / "descriptive"


def _ids(result) -> list[str]:
    return list(result.trace["element_id"])


def _codes(result) -> list[str]:
    return [n.code for n in result.notices]


def test_an_implicit_split_takes_every_flow_and_the_join_waits_for_both() -> None:
    result = run(DATA / "implicit_split.bpmn", process_id="P_split", allow_non_executable=True)
    ids = _ids(result)
    assert result.completed
    assert ids[:2] == ["S", "A"] and sorted(ids[2:4]) == ["B", "C"]
    # the join fires once, after both branches, and D once after it
    assert ids[4:] == ["J", "D", "E"]
    assert _codes(result) == ["run-implicit-split"]
    said = result.notices[0]
    assert str(said.fields["where"]).endswith("implicit_split.bpmn:9: [A]")
    assert said.fields["flows"] == ["f_ab", "f_ac"]


def test_an_implicit_split_without_a_join_ends_each_branch() -> None:
    result = run(DATA / "implicit_split.bpmn", process_id="P_nojoin", allow_non_executable=True)
    ids = _ids(result)
    assert result.completed
    assert sorted(ids) == sorted(["S2", "A2", "B2", "E2b", "C2", "E2c"])
    assert ids.index("B2") < ids.index("E2b") and ids.index("C2") < ids.index("E2c")


def test_the_implicit_split_needs_no_allow_non_executable_when_the_process_is_executable(
        tmp_path: Path) -> None:
    text = (DATA / "implicit_split.bpmn").read_text(encoding="utf-8")
    model = tmp_path / "split.bpmn"
    model.write_text(text.replace('isExecutable="false"', 'isExecutable="true"'),
                     encoding="utf-8")
    result = run(model, process_id="P_split")
    assert result.completed and _ids(result).count("J") == 1


@pytest.mark.parametrize(("value", "taken", "not_taken"), [
    (500, {"Big", "Log"}, {"Small"}),   # the condition holds: its flow, and the plain one
    (5, {"Small", "Log"}, {"Big"}),     # none holds: the default flow, and the plain one
])
def test_conditional_flows_out_of_a_task_are_an_inclusive_choice(
        value: int, taken: set[str], not_taken: set[str]) -> None:
    result = run(DATA / "implicit_choice.bpmn", allow_non_executable=True,
                 decisions={"A": {"nilai": value}})
    ids = set(_ids(result))
    assert result.completed
    assert taken <= ids and not (not_taken & ids)
    assert _codes(result) == ["run-implicit-choice"]


def test_a_condition_out_of_a_task_that_cannot_be_evaluated_names_the_task() -> None:
    with pytest.raises(ProbisnisError) as caught:
        run(DATA / "implicit_choice.bpmn", allow_non_executable=True)
    error = caught.value
    assert error.element_id == "A" and error.line == 8
    assert "nilai > 100" in error.message and "f_big" in error.message


def test_a_subprocess_without_a_start_event_starts_at_every_element_without_incoming_flow(
) -> None:
    result = run(DATA / "subprocess_starts.bpmn", process_id="P_nostart",
                 allow_non_executable=True)
    ids = _ids(result)
    assert result.completed
    assert {"X", "Y", "Z"} <= set(ids)
    assert ids.index("X") < ids.index("Z")
    # the subprocess (without an end event) ends when both its paths are done
    assert ids.index("Sub_nostart") > max(ids.index("Y"), ids.index("Z"))
    assert ids[-2:] == ["After", "E"]
    assert _codes(result) == ["run-implicit-start"]
    assert result.notices[0].fields["starts"] == ["X", "Y"]


def test_several_start_events_of_a_subprocess_all_start() -> None:
    result = run(DATA / "subprocess_starts.bpmn", process_id="P_twostarts",
                 allow_non_executable=True)
    ids = _ids(result)
    assert result.completed
    assert {"s_p", "s_q", "P", "Q", "e_p", "e_q"} <= set(ids)
    assert ids.index("Sub_twostarts") > max(ids.index("e_p"), ids.index("e_q"))
    assert _codes(result) == ["run-several-starts"]


def test_what_a_descriptive_model_leaves_out_is_traced_as_plain_steps_and_noted() -> None:
    result = run(DATA / "gaps.bpmn", allow_non_executable=True)
    assert result.completed
    assert _ids(result) == ["S", "Svc", "Scr", "Rule", "Call", "Wait", "Review", "E"]
    # the trace keeps each element's own kind
    kinds = dict(zip(result.trace["element_id"], result.trace["kind"], strict=True))
    assert kinds["Svc"] == "serviceTask" and kinds["Call"] == "callActivity"
    # the timer without a time passed at once: no time went by
    assert (result.trace["elapsed"] == 0).all()
    by_id = {str(n.fields["where"]).rsplit("[", 1)[1].rstrip("]"): n for n in result.notices}
    assert {k: n.code for k, n in by_id.items()} == {
        "Svc": "run-plain-operator", "Scr": "run-plain-script", "Rule": "run-plain-decision",
        "Call": "run-plain-called", "Wait": "run-timer-passes", "Late": "run-timer-never",
    }
    # in the order of the file, each with its line
    lines = [int(str(n.fields["where"]).split(":")[1]) for n in result.notices]
    assert lines == sorted(lines) and lines[0] == 12


def test_a_plain_step_takes_data_from_the_decisions_file() -> None:
    result = run(DATA / "gaps.bpmn", allow_non_executable=True,
                 decisions={"Svc": {"nip": "1987"}, "Review": {"ok": True}})
    assert result.data == {"nip": "1987", "ok": True}


def test_the_cli_prints_the_notices_before_the_trace_and_in_json(capsys) -> None:
    assert main(["run", str(DATA / "gaps.bpmn"), "--allow-non-executable"]) == 0
    out = capsys.readouterr().out
    head, _, rest = out.partition("\n\n")
    assert head.startswith("Anggapan")
    lines = head.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith("gaps.bpmn:12: [Svc]"))
    assert lines[at].startswith("! ")
    assert lines[at + 1].startswith("  tugas layanan (serviceTask) 'Ambil data pegawai'")
    assert "langkah biasa" in head and "Proses Model deskriptif" in rest
    assert main(["run", str(DATA / "gaps.bpmn"), "--allow-non-executable", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [n["code"] for n in payload["notices"]][:2] == ["run-plain-operator",
                                                           "run-plain-script"]
    assert payload["notices"][0]["fields"]["element"] == {"kind": "serviceTask",
                                                          "name": "Ambil data pegawai"}


def test_a_model_without_gaps_prints_no_notice(capsys) -> None:
    assert main(["run", str(DATA.parent / "parallel.bpmn")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Proses P_parallel: selesai") and "Anggapan" not in out


def test_without_the_flag_a_gap_stops_the_run_in_indonesian_at_its_element(tmp_path: Path
                                                                            ) -> None:
    text = (DATA / "gaps.bpmn").read_text(encoding="utf-8")
    model = tmp_path / "gaps.bpmn"
    model.write_text(text.replace('isExecutable="false"', 'isExecutable="true"'),
                     encoding="utf-8")
    with pytest.raises(ProbisnisError) as caught:
        run(model)
    error = caught.value
    assert (error.element_id, error.line) == ("Svc", 12)
    assert error.message.startswith("tugas layanan ini tidak punya operator")
    assert error.message.endswith("untuk menelusurinya sebagai model deskriptif")
    assert "--allow-non-executable" in error.message


def test_a_data_store_does_not_stop_an_executable_run(tmp_path: Path) -> None:
    model = tmp_path / "store.bpmn"
    model.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <dataStore id="DS" name="Arsip"/>
  <process id="P" isExecutable="true">
    <dataStoreReference id="DSR" dataStoreRef="DS"/>
    <startEvent id="S"/>
    <userTask id="T" name="Catat">
      <dataOutputAssociation id="out"><targetRef>DSR</targetRef></dataOutputAssociation>
    </userTask>
    <endEvent id="E"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="T"/>
    <sequenceFlow id="f2" sourceRef="T" targetRef="E"/>
  </process>
</definitions>
""", encoding="utf-8")
    result = run(model)
    assert result.completed and _ids(result) == ["S", "T", "E"] and result.notices == ()


def test_an_empty_process_says_so(tmp_path: Path) -> None:
    model = tmp_path / "empty.bpmn"
    model.write_text('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
                     'id="d" targetNamespace="x">\n<process id="P_empty"/>\n</definitions>\n',
                     encoding="utf-8")
    with pytest.raises(ProbisnisError, match="tidak berisi langkah apa pun") as caught:
        run(model, allow_non_executable=True)
    assert (caught.value.element_id, caught.value.line) == ("P_empty", 2)


@pytest.mark.parametrize(("english", "indonesian"), [
    ("A Service Task must have an operator", "tugas layanan ini tidak punya operator"),
    ("Exactly one start event is required in a SubWorkflow Task; found 2.",
     "subproses ini punya 2 peristiwa awal"),
    ('No DMN Diagram available with id "nilai", Available DMN ids are: a, b',
     "tabel keputusan (DMN) 'nilai' tidak ada di pustaka (yang ada: a, b)"),
    ("The process 'global-task' was not found. Did you mean one of the following: P1, P2?",
     "proses 'global-task' yang dipanggil tidak ada di pustaka (yang ada: P1, P2): berkasnya"),
    # SpiffWorkflow lists every process of the library; the near one is named apart
    ("The process 'P_sbu' was not found. Did you mean one of the following: P_main, P_sub?",
     "proses 'P_sbu' yang dipanggil tidak ada di pustaka; mungkin maksudnya 'P_sub'? (yang ada: "
     "P_main, P_sub): berkasnya"),
    ("TypeError(\"f() got an unexpected keyword argument 'node'\")",
     "galat di dalam SpiffWorkflow (TypeError:"),
    ("Something SpiffWorkflow says one day", "SpiffWorkflow tidak dapat membaca elemen ini: "
     "Something SpiffWorkflow says one day"),
])
def test_spiffworkflow_messages_are_worded_in_indonesian(english: str, indonesian: str) -> None:
    from probisnis.run.spiff_messages import FLAG_HINT, translate

    assert indonesian in translate(english)
    assert translate(english, allow_non_executable=True).endswith(FLAG_HINT) is False


def test_a_bare_iso_timer_value_is_that_value_and_a_start_condition_holds(tmp_path: Path
                                                                          ) -> None:
    # most tools write <timeDuration>PT1H</timeDuration>: the value, not an expression
    model = tmp_path / "timer.bpmn"
    model.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="P" isExecutable="false">
    <startEvent id="S">
      <conditionalEventDefinition><condition>permohonan_masuk</condition>
      </conditionalEventDefinition>
    </startEvent>
    <intermediateCatchEvent id="W"><timerEventDefinition>
      <timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <endEvent id="E"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="W"/>
    <sequenceFlow id="f2" sourceRef="W" targetRef="E"/>
  </process>
</definitions>
""", encoding="utf-8")
    result = run(model, allow_non_executable=True)
    assert result.completed and _ids(result) == ["S", "W", "E"]
    elapsed = dict(zip(result.trace["element_id"], result.trace["elapsed"], strict=True))
    assert elapsed["W"] == 3600.0
    assert _codes(result) == ["run-condition-start-holds"]


def test_a_message_task_without_a_partner_is_noted() -> None:
    from probisnis.run import Run

    state = Run.start(DATA.parent / "messages.bpmn")  # it waits for a message later on
    said = {str(n.fields["where"]).rsplit("[", 1)[1].rstrip("]"): n for n in state.notices}
    assert said["R_surat"].code == "run-plain-receive"
    assert said["S_balasan"].code == "run-plain-send"
    assert said["S_balasan"].fields["message"] == "surat balasan"


def test_a_message_nobody_in_the_library_sends_arrives_in_a_descriptive_trace(tmp_path: Path
                                                                               ) -> None:
    model = tmp_path / "message.bpmn"
    model.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <message id="M_req" name="Permohonan"/>
  <message id="M_ans" name="Jawaban"/>
  <process id="P" isExecutable="false">
    <startEvent id="S"><messageEventDefinition messageRef="M_req"/></startEvent>
    <task id="T" name="Tanya"/>
    <intermediateCatchEvent id="W"><messageEventDefinition messageRef="M_ans"/>
    </intermediateCatchEvent>
    <endEvent id="E"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="T"/>
    <sequenceFlow id="f2" sourceRef="T" targetRef="W"/>
    <sequenceFlow id="f3" sourceRef="W" targetRef="E"/>
  </process>
</definitions>
""", encoding="utf-8")
    result = run(model, allow_non_executable=True)
    assert result.completed and _ids(result) == ["S", "T", "W", "E"]
    assert _codes(result) == ["run-start-message-arrives", "run-message-arrives"]
    assert result.notices[1].fields["message"] == "Jawaban"
    kinds = dict(zip(result.trace["element_id"], result.trace["kind"], strict=True))
    assert kinds["W"] == "intermediateCatchEvent"  # the trace keeps what the file says


def test_paths_print_the_notices_too(capsys) -> None:
    assert main(["run", str(DATA / "gaps.bpmn"), "--allow-non-executable", "--paths"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Anggapan") and "Cakupan alur" in out
    assert main(["run", str(DATA / "gaps.bpmn"), "--allow-non-executable", "--paths",
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["notices"][0]["code"] == "run-plain-operator"


def test_a_signal_nobody_throws_arrives_but_one_thrown_in_the_library_is_waited_for(
        tmp_path: Path) -> None:
    body = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <signal id="Sig" name="Pegawai baru"/>
  <process id="P" isExecutable="false">
    <startEvent id="S"/>
    <intermediateCatchEvent id="W"><signalEventDefinition signalRef="Sig"/>
    </intermediateCatchEvent>
    <endEvent id="E"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="W"/>
    <sequenceFlow id="f2" sourceRef="W" targetRef="E"/>
  </process>
  THROWER
</definitions>
"""
    alone = tmp_path / "alone.bpmn"
    alone.write_text(body.replace("THROWER", ""), encoding="utf-8")
    result = run(alone, allow_non_executable=True)
    assert result.completed and _ids(result) == ["S", "W", "E"]
    assert _codes(result) == ["run-signal-arrives"]
    assert result.notices[0].fields["message"] == "Pegawai baru"
    # a pool of the same library throws it: then the catch waits for that throw
    thrower = """<process id="Q" isExecutable="false"><startEvent id="QS"/>
    <endEvent id="QE"><signalEventDefinition signalRef="Sig"/></endEvent>
    <sequenceFlow id="q1" sourceRef="QS" targetRef="QE"/></process>"""
    both = tmp_path / "both.bpmn"
    both.write_text(body.replace("THROWER", thrower), encoding="utf-8")
    with pytest.raises(ProbisnisError, match="sinyal 'Pegawai baru'"):
        run(both, process_id="P", allow_non_executable=True)


def test_a_condition_that_is_no_expression_is_a_label_and_the_decisions_file_routes(
        tmp_path: Path) -> None:
    model = tmp_path / "feel.bpmn"
    model.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="P" isExecutable="true">
    <startEvent id="S"/>
    <exclusiveGateway id="G" name="Disetujui?"/>
    <task id="Yes" name="Terbitkan"/>
    <task id="No" name="Tolak"/>
    <endEvent id="E1"/>
    <endEvent id="E2"/>
    <sequenceFlow id="f0" sourceRef="S" targetRef="G"/>
    <sequenceFlow id="f_yes" sourceRef="G" targetRef="Yes">
      <conditionExpression>${approved}</conditionExpression></sequenceFlow>
    <sequenceFlow id="f_no" sourceRef="G" targetRef="No">
      <conditionExpression>Vacation Approval = "rejected"</conditionExpression></sequenceFlow>
    <sequenceFlow id="f1" sourceRef="Yes" targetRef="E1"/>
    <sequenceFlow id="f2" sourceRef="No" targetRef="E2"/>
  </process>
</definitions>
""", encoding="utf-8")
    with pytest.raises(ProbisnisError, match="bukan ekspresi yang sah"):
        run(model)  # executed as written, the condition cannot be evaluated
    result = run(model, allow_non_executable=True, decisions={"G": "f_no"})
    assert result.completed and _ids(result) == ["S", "G", "No", "E2"]
    assert _codes(result) == ["run-condition-as-label"]
    assert result.notices[0].fields["flows"] == ["f_yes", "f_no"]
    with pytest.raises(ProbisnisError, match="gerbang tanpa kondisi"):
        run(model, allow_non_executable=True)  # no decision given: it asks for one
