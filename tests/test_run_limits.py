"""Honest results and bounded work in run: a run is complete only when it ended, a step
limit stops loops with a message, --paths is bounded, and `run FILE` loads only the file
and what it calls."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.errors import ProbisnisError, StepLimitError
from probisnis.run import clear_cache, run
from probisnis.run.paths import PathLimitError, enumerate_paths

DATA = Path(__file__).parent / "data" / "run"

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<definitions '
         'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">\n')


def _loop(folder: Path, exit_condition: str) -> Path:
    path = folder / "loop.bpmn"
    path.write_text(_HEAD + f"""<process id="P" isExecutable="true">
  <startEvent id="S"/><scriptTask id="Init"><script>x = 0</script></scriptTask>
  <exclusiveGateway id="M"/><scriptTask id="Inc"><script>x = x + 1</script></scriptTask>
  <exclusiveGateway id="G" default="F_back"/><endEvent id="E"/>
  <sequenceFlow id="F1" sourceRef="S" targetRef="Init"/>
  <sequenceFlow id="F2" sourceRef="Init" targetRef="M"/>
  <sequenceFlow id="F3" sourceRef="M" targetRef="Inc"/>
  <sequenceFlow id="F4" sourceRef="Inc" targetRef="G"/>
  <sequenceFlow id="F_end" sourceRef="G" targetRef="E">
    <conditionExpression>{exit_condition}</conditionExpression></sequenceFlow>
  <sequenceFlow id="F_back" sourceRef="G" targetRef="M"/>
</process></definitions>""", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh():
    clear_cache()
    yield
    clear_cache()


def test_a_run_longer_than_spiffworkflows_depth_of_1000_is_followed_to_its_end(tmp_path):
    # 350 passes of 3 elements: the task tree is deeper than 1000, where SpiffWorkflow's
    # iterator stopped and reported "completed, 1000 elements"
    result = run(_loop(tmp_path, "x &gt;= 350"), max_steps=2_000)
    assert result.completed
    assert result.data["x"] == 350
    assert len(result.trace) == 2 + 350 * 3 + 1
    assert list(result.trace["element_id"])[-1] == "E"


def test_a_loop_that_never_ends_stops_at_the_step_limit(tmp_path):
    path = _loop(tmp_path, "x &lt; 0")
    with pytest.raises(StepLimitError, match=r"berhenti setelah 300 langkah tanpa mencapai "
                                             r"peristiwa selesai.*--max-steps N"):
        run(path, max_steps=300)


def test_the_cli_says_not_completed_and_exits_1_at_the_step_limit(tmp_path, capsys):
    path = _loop(tmp_path, "x &lt; 0")
    assert main(["run", str(path), "--max-steps", "150"]) == 1
    out, err = capsys.readouterr()
    assert "Proses P: MACET, tidak sampai akhir, " in out
    assert "berhenti setelah 150 langkah" in err


def test_a_fork_in_a_loop_of_plain_tasks_stops_at_the_step_limit(tmp_path):
    """A fork inside a loop used to make every pass slower than the last (SpiffWorkflow
    checked each fork instance as a join against all earlier ones): it seemed to hang."""
    path = tmp_path / "fork_loop.bpmn"
    path.write_text(_HEAD + """<process id="P" isExecutable="true">
  <startEvent id="S"/><exclusiveGateway id="M"/><parallelGateway id="Fork"/>
  <task id="A"/><task id="B"/><endEvent id="E"/>
  <sequenceFlow id="F1" sourceRef="S" targetRef="M"/>
  <sequenceFlow id="F0" sourceRef="M" targetRef="Fork"/>
  <sequenceFlow id="F2" sourceRef="Fork" targetRef="A"/>
  <sequenceFlow id="F3" sourceRef="Fork" targetRef="B"/>
  <sequenceFlow id="F4" sourceRef="A" targetRef="M"/>
  <sequenceFlow id="F5" sourceRef="B" targetRef="E"/>
</process></definitions>""", encoding="utf-8")
    with pytest.raises(StepLimitError, match="berhenti setelah 400 langkah"):
        run(path, max_steps=400)


def test_a_fork_of_plain_tasks_with_implicit_ends_completes(tmp_path):
    path = tmp_path / "fork.bpmn"
    path.write_text(_HEAD + """<process id="P" isExecutable="true">
  <startEvent id="S"/><parallelGateway id="Fork"/><task id="A"/><task id="B"/>
  <sequenceFlow id="F1" sourceRef="S" targetRef="Fork"/>
  <sequenceFlow id="F2" sourceRef="Fork" targetRef="A"/>
  <sequenceFlow id="F3" sourceRef="Fork" targetRef="B"/>
</process></definitions>""", encoding="utf-8")
    result = run(path)
    assert result.completed and sorted(result.activities["element_id"]) == ["A", "B"]


def _chain(folder: Path, gateways: int) -> Path:
    nodes, flows, previous = ['<startEvent id="S"/><endEvent id="E"/>'], [], "S"
    for i in range(gateways):
        nodes.append(f'<exclusiveGateway id="G{i}"/><task id="A{i}"/><task id="B{i}"/>'
                     f'<exclusiveGateway id="M{i}"/>')
        flows.append(f'<sequenceFlow id="Fi{i}" sourceRef="{previous}" targetRef="G{i}"/>'
                     f'<sequenceFlow id="Fa{i}" name="a" sourceRef="G{i}" targetRef="A{i}"/>'
                     f'<sequenceFlow id="Fb{i}" name="b" sourceRef="G{i}" targetRef="B{i}"/>'
                     f'<sequenceFlow id="Fx{i}" sourceRef="A{i}" targetRef="M{i}"/>'
                     f'<sequenceFlow id="Fy{i}" sourceRef="B{i}" targetRef="M{i}"/>')
        previous = f"M{i}"
    flows.append(f'<sequenceFlow id="Fend" sourceRef="{previous}" targetRef="E"/>')
    path = folder / "chain.bpmn"
    path.write_text(_HEAD + '<process id="P" isExecutable="true">' + "".join(nodes + flows)
                    + "</process></definitions>", encoding="utf-8")
    return path


def test_paths_of_24_gateways_in_a_row_are_refused_at_once(tmp_path):
    with pytest.raises(PathLimitError, match=r"lebih dari 2\.000 jalur") as info:
        enumerate_paths(_chain(tmp_path, 24))
    assert info.value.paths == []


def test_paths_past_the_limit_are_cut_and_said_so(tmp_path, capsys):
    path = _chain(tmp_path, 3)
    assert len(enumerate_paths(path)) == 8
    with pytest.raises(PathLimitError, match="lebih dari 5 jalur") as info:
        enumerate_paths(path, max_paths=5)
    assert info.value.paths == []  # known before exploring: 2 x 2 x 2 choices
    assert main(["run", "--paths", str(path), "--max-paths", "5"]) == 1
    assert "--cover" in capsys.readouterr().err
    assert main(["run", "--paths", "--cover", str(path), "--max-paths", "5"]) == 0


def test_run_file_ignores_unrelated_and_broken_siblings(tmp_path):
    for name in ("call_main.bpmn", "call_sub.bpmn", "loop.bpmn"):
        shutil.copy(DATA / name, tmp_path)
    (tmp_path / "broken.bpmn").write_text("<definitions", encoding="utf-8")
    shutil.copy(DATA / "loop.bpmn", tmp_path / "loop_copy.bpmn")  # same process id twice
    decisions = {"T_plan": {"x": 1}, "T_work": [{"butuh_tambahan": "ya"}]}
    result = run(tmp_path / "call_main.bpmn", decisions=decisions)  # its call target is found
    assert result.completed
    assert sorted(Path(f).name for f in result.run.library.files) == [
        "call_main.bpmn", "call_sub.bpmn"]
    assert run(tmp_path / "loop.bpmn", decisions={"T_review": [{"sesuai": True}]}).completed
    with pytest.raises(ProbisnisError, match=r"broken\.bpmn:1: malformed XML"):
        run(tmp_path / "loop.bpmn", library=tmp_path)  # the whole folder, when asked for
    (tmp_path / "broken.bpmn").unlink()
    with pytest.raises(ProbisnisError, match="id proses ini didefinisikan dua kali"):
        run(tmp_path / "loop.bpmn", library=tmp_path)


def test_decisions_for_an_element_that_takes_none_are_refused():
    with pytest.raises(ProbisnisError, match=r"\[SE_ex\] peristiwa mulai tidak menerima keputusan, "
                                             r"jadi entri ini akan diabaikan"):
        run(DATA / "exclusive.bpmn", decisions={"SE_ex": {"amount": 5},
                                                 "T_submit": {"amount": 5}})


def test_bpmn20_xml_files_are_bpmn_for_validate_simulate_and_run(tmp_path, capsys):
    shutil.copy(DATA / "exclusive.bpmn", tmp_path / "usulan.bpmn20.xml")
    assert main(["validate", str(tmp_path)]) == 0
    assert "di 1 berkas" in capsys.readouterr().out
    assert main(["simulate", str(tmp_path / "usulan.bpmn20.xml"), "--cases", "5"]) == 0
    assert "TOML" not in capsys.readouterr().err
    result = run(tmp_path / "usulan.bpmn20.xml", decisions={"T_submit": {"amount": 150}})
    assert result.completed


@pytest.mark.parametrize("option", [["--max-steps", "0"], ["--max-paths", "-1", "--paths"]])
def test_limits_below_one_are_usage_errors(option, capsys):
    assert main(["run", str(DATA / "exclusive.bpmn"), *option]) == 2
    assert "harus paling sedikit 1" in capsys.readouterr().err


def test_time_for_every_task_that_keeps_firing_timers_says_so():
    """M1 with every human task open 15 days: each monitoring the 10-day 'sewaktu-waktu'
    timer starts is open long enough to fire it again, so the execution never completes;
    the step limit says that, and giving time to the execution alone completes the run."""
    root = Path(__file__).resolve().parents[1]
    m1 = root / "processes" / "m1_sekretariat_daerah.bpmn"
    decisions = root / "tests" / "data" / "run" / "m1.decisions.json"
    with pytest.raises(StepLimitError) as caught:
        run(m1, decisions=decisions, task_time="P15D")
    assert "perulangan yang jalan keluarnya tidak pernah dipilih? Atau: pewaktu sudah " \
           "berbunyi" in str(caught.value)
    assert "durasi --task-time tanpa nama tugas" in str(caught.value)
    assert run(m1, decisions=decisions, task_time={"M1b_laksanakan": "P15D", "*": "PT4H"}
               ).completed
    # a loop without timers keeps the plain question
    with pytest.raises(StepLimitError) as plain:
        run(m1, decisions=decisions, max_steps=30)
    assert "Atau: pewaktu" not in str(plain.value)
