"""Call activities resolved across library files whatever their names' order (scenario_toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.bpmn.reader import read
from probisnis.cli import main
from probisnis.sim.scenario_toml import load_library

ROOT = Path(__file__).resolve().parents[1]


def _process(pid: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D_{pid}"
             targetNamespace="http://probisnis.test/library">
  <process id="{pid}" isExecutable="true">
    <startEvent id="{pid}_s"/>
    {body}
    <endEvent id="{pid}_e"/>
    <sequenceFlow id="{pid}_f1" sourceRef="{pid}_s" targetRef="{pid}_x"/>
    <sequenceFlow id="{pid}_f2" sourceRef="{pid}_x" targetRef="{pid}_e"/>
  </process>
</definitions>
"""


def _call(pid: str, called: str) -> str:
    return _process(pid, f'<callActivity id="{pid}_x" calledElement="{called}"/>')


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    """main.bpmn calls P_b (in b.bpmn), which calls P_a (in a.bpmn, sorted before b.bpmn)
    and P_c (c.bpmn), which calls P_a too."""
    (tmp_path / "a.bpmn").write_text(_process("P_a", '<task id="P_a_x"/>'), encoding="utf-8")
    (tmp_path / "b.bpmn").write_text(_process("P_b", """
    <callActivity id="P_b_x" calledElement="P_a"/>
    <callActivity id="P_b_y" calledElement="P_c"/>""").replace(
        'targetRef="P_b_e"/>', 'targetRef="P_b_y"/>\n<sequenceFlow id="P_b_f3" '
        'sourceRef="P_b_y" targetRef="P_b_e"/>'), encoding="utf-8")
    (tmp_path / "c.bpmn").write_text(_call("P_c", "P_a"), encoding="utf-8")
    (tmp_path / "main.bpmn").write_text(_call("P_main", "P_b"), encoding="utf-8")
    return tmp_path


def test_a_called_process_calling_a_file_sorted_earlier_is_found(chain: Path) -> None:
    model = chain / "main.bpmn"
    first = read(model, schema="off")
    defs, warnings = load_library(str(model), (), {"P_b"}, first)
    assert [sorted(d.processes) for d in defs] == [["P_main"], ["P_b"], ["P_a"], ["P_c"]]
    assert warnings == ()


def test_each_file_is_taken_once_and_only_when_needed(chain: Path) -> None:
    (chain / "0_unrelated.bpmn").write_text(_process("P_z", '<task id="P_z_x"/>'),
                                            encoding="utf-8")
    model = chain / "c.bpmn"
    defs, _ = load_library(str(model), (), {"P_a"}, read(model, schema="off"))
    assert [sorted(d.processes) for d in defs] == [["P_c"], ["P_a"]]


def test_the_maps_of_the_processes_folder_simulate(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """peta_level_0 calls processes that call files sorted before theirs (m1_... from
    pengelolaan_kinerja ...): ``scenario init`` and ``simulate`` find them all."""
    out = tmp_path / "peta.toml"
    code = main(["scenario", "init", str(ROOT / "processes" / "peta_level_0.bpmn"),
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["simulate", str(out), "--cases", "2", "--seed", "1"]) == 0, \
        capsys.readouterr().err


@pytest.mark.parametrize(("called", "said"), [
    ("", "tidak menyebut proses yang dipanggil (calledElement kosong)"),
    ("P_nowhere", "memanggil 'P_nowhere', yang tidak ada di model maupun di pustaka (dicari "
     "di: "),
])
def test_a_call_activity_calling_nothing_known_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], called: str, said: str,
) -> None:
    model = tmp_path / "main.bpmn"
    text = _call("P_main", called)
    if not called:  # as Bizagi and Signavio write a placeholder call activity
        text = text.replace(' calledElement=""', "")
    model.write_text(text, encoding="utf-8")
    assert main(["simulate", str(model), "--cases", "2"]) == 1
    err = capsys.readouterr().err
    assert said in err and "[P_main_x]" in err and "None" not in err
    if called:  # a model without a scenario: the option, not the scenario key, is the fix
        assert err.endswith(f"{tmp_path}): berikan foldernya dengan --library FOLDER\n"), err
