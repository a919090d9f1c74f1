"""``[batches.TASK]`` in a scenario TOML: the batching of a Prosimos ``size`` rule
(``tests/test_prosimos_batch.py`` checks it against Prosimos), written by an analyst."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.scenario import Batch
from probisnis.sim.scenario_toml import load_scenario
from test_prosimos_batch import BPMN, GAP, WORK

SCENARIO = f'''
model = "{BPMN.as_posix()}"
cases = 7
start = 2025-01-06T08:00:00

[arrivals]
interarrival = {{dist = "fixed", value = 30, unit = "min"}}

[resources.kepala]
count = 1

[tasks.A]
duration = {{dist = "fixed", value = 0}}
[tasks.B]
duration = {{dist = "fixed", value = 10, unit = "min"}}
resource = "kepala"
[tasks.C]
duration = {{dist = "fixed", value = 0}}
'''
BATCH = '''
[batches.B]
kind = "sequential"
size = 3
scale = {3 = 0.5}
'''

BOUNDARY = '''<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <process id="P" isExecutable="false">
    <startEvent id="S"/>
    <task id="B" name="Tanda tangan"/>
    <boundaryEvent id="T" attachedToRef="B">
      <timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>
    </boundaryEvent>
    <endEvent id="E"/>
    <endEvent id="E2"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="B"/>
    <sequenceFlow id="f2" sourceRef="B" targetRef="E"/>
    <sequenceFlow id="f3" sourceRef="T" targetRef="E2"/>
  </process>
</definitions>
'''


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sequential_batch_in_toml_gives_the_closed_form(tmp_path: Path) -> None:
    s = load_scenario(_write(tmp_path, SCENARIO + BATCH))
    assert s.tasks["B"].batch == Batch("sequential", 3, {1: 1.0, 3: 0.5})
    b = simulate(s).log.query("element_id == 'B'").sort_values("case_id")
    ready = [2 * GAP] * 3 + [5 * GAP] * 3
    starts = [ready[c] + (c % 3) * 0.5 * WORK for c in range(6)] + [6 * GAP]
    assert b["start"].tolist() == starts
    assert b["end"].tolist() == [t + 0.5 * WORK for t in starts[:6]] + [6 * GAP + WORK]


def test_alone_in_toml(tmp_path: Path) -> None:
    """``alone = 1``: every case finds no batch open and is done alone (no wait)."""
    s = load_scenario(_write(tmp_path, SCENARIO + BATCH + "alone = 1\n"))
    b = simulate(s).log.query("element_id == 'B'")
    assert (b["start"] == b["enable"]).all() and ((b["end"] - b["start"]) == WORK).all()


@pytest.mark.parametrize(("text", "key", "needle"), [
    ('[batches.B]\nkind = "concurrent"\nsize = 3\n', "batches.B.kind", "sequential"),
    ('[batches.B]\nsize = 1\n', "batches.B.size", ">= 2"),
    ('[batches.B]\nkind = "parallel"\n', "batches.B.size", "size = 3"),
    ('[batches.B]\nsize = 3\nscale = {tiga = 0.5}\n', "batches.B.scale.tiga", ""),
    ('[batches.B]\nsize = 3\nukuran = 2\n', "batches.B.ukuran", "kunci tidak dikenal"),
    ('[batches.B]\nsize = 3\nalone = 2\n', "batches.B.alone", ""),
    ('[batches.X]\nsize = 3\n', "batches.X", "[tasks.X]"),
])
def test_bad_batches_name_the_key(tmp_path: Path, text: str, key: str, needle: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, SCENARIO + text))
    assert info.value.element_id == key, str(info.value)
    assert needle in info.value.message


def test_a_batched_task_with_a_boundary_event_is_refused(tmp_path: Path) -> None:
    model = tmp_path / "b.bpmn"
    model.write_text(BOUNDARY, encoding="utf-8")
    text = (f'model = "{model.as_posix()}"\ncases = 3\n[arrivals]\n'
            'interarrival = {dist = "fixed", value = 30, unit = "min"}\n'
            '[tasks.B]\nduration = {dist = "fixed", value = 10, unit = "min"}\n' + BATCH)
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, text))
    assert info.value.element_id == "batches.B"
    assert "boundary event" in info.value.message


def test_the_load_estimate_counts_a_batch_once() -> None:
    """The Stability line's offered work of a batched task is its mean duration x the
    coefficient per case (a parallel batch of 3 at 0.5 takes 1.5 durations for 3 cases);
    no warning about utilisation any more (tests/test_sim_batch_utilisation.py)."""
    from datetime import datetime

    from probisnis.sim.prosimos import load_prosimos
    from probisnis.whatif.stability import stability_records
    from test_prosimos_batch import JSON

    s = load_prosimos(BPMN, JSON, cases=300, start=datetime(2025, 1, 6, 8), seed=3)
    assert not any("parallel" in w for w in s.warnings)
    records = stability_records(simulate(s)).set_index("scope")
    assert records.loc["head", "offered"] == pytest.approx(300 * 1200 * 0.5, rel=0.02)
    assert Batch("sequential", 3, {3: 0.5}).effort() == 0.5
    assert Batch("parallel", 3, {3: 0.5}, alone=0.2).effort() == pytest.approx(0.6)
    # sizes drawn: a case meets a batch of n with probability n p(n) / sum n p(n)
    drawn = Batch("parallel", 4, {2: 0.7, 4: 0.5}, sizes=((2, 0.5), (4, 0.5)))
    assert drawn.effort() == pytest.approx((2 * 0.7 + 4 * 0.5) / 6)


TERMINATE = '''<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <process id="P" isExecutable="false">
    <startEvent id="S"/>
    <parallelGateway id="G"/>
    <task id="B" name="Tanda tangan"/>
    <task id="T" name="Batalkan"/>
    <endEvent id="E"/>
    <endEvent id="X"><terminateEventDefinition/></endEvent>
    <sequenceFlow id="f1" sourceRef="S" targetRef="G"/>
    <sequenceFlow id="f2" sourceRef="G" targetRef="B"/>
    <sequenceFlow id="f3" sourceRef="G" targetRef="T"/>
    <sequenceFlow id="f4" sourceRef="B" targetRef="E"/>
    <sequenceFlow id="f5" sourceRef="T" targetRef="X"/>
  </process>
</definitions>
'''


def test_a_case_terminated_while_waiting_leaves_its_batch(tmp_path: Path) -> None:
    """Each case is ended by a terminate event 5 minutes after arriving, while it waits for
    a batch of 2 that fills only 30 minutes later: no case of B ever starts."""
    model = tmp_path / "t.bpmn"
    model.write_text(TERMINATE, encoding="utf-8")
    text = (f'model = "{model.as_posix()}"\ncases = 4\n[arrivals]\n'
            'interarrival = {dist = "fixed", value = 30, unit = "min"}\n'
            '[tasks.B]\nduration = {dist = "fixed", value = 10, unit = "min"}\n'
            '[tasks.T]\nduration = {dist = "fixed", value = 5, unit = "min"}\n'
            '[batches.B]\nsize = 2\n')
    log = simulate(load_scenario(_write(tmp_path, text))).log
    b = log[log["element_id"] == "B"].sort_values("case_id")
    assert b["case_id"].tolist() == [0, 1, 2, 3]
    assert b["start"].isna().all() and (b["end"].isna()).all()
    assert b["enable"].tolist() == [c * 1800.0 for c in range(4)]
