"""The BPMN writer: XSD-valid output, write -> read -> write fixed point, SpiffWorkflow needs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.util.task import TaskState

from probisnis.bpmn.model import Definitions, Process, frozen_map
from probisnis.bpmn.reader import read, read_bytes
from probisnis.bpmn.schema import schema_errors
from probisnis.bpmn.writer import format_number, to_bytes, write
from probisnis.bpmn.xml import BPMN_NS, parse_bytes
from probisnis.errors import UsageError
from probisnis.library.builder import ProcessBuilder
from strategies import definitions, processes, semantic

ROOT = Path(__file__).resolve().parents[1]
MIWG = ROOT.parent / "shared" / "interop" / "miwg"
MIWG_FILES = sorted(MIWG.glob("*/*.bpmn"))


def _xsd_errors(data: bytes) -> list[str]:
    return [str(e) for e in schema_errors(parse_bytes(data, "<written>"))]


@pytest.mark.skipif(not MIWG_FILES, reason="../shared/interop/miwg not present")
def test_miwg_files_round_trip_to_a_fixed_point_and_stay_schema_valid() -> None:
    """Every MIWG file (reference and six tools' exports): write(read(write(x))) == write(x)."""
    checked = valid = 0
    for path in MIWG_FILES:
        defs = read(path, schema="off")
        first = to_bytes(defs)
        again = read_bytes(first, str(path), schema="off")
        assert to_bytes(again) == first, path
        assert semantic(again.processes) == semantic(defs.processes), path
        assert semantic(again.collaborations) == semantic(defs.collaborations), path
        assert semantic(again.diagrams) == semantic(_rounded(defs).diagrams), path
        checked += 1
        if not schema_errors(path):  # a schema-valid input must give schema-valid output
            assert _xsd_errors(first) == [], path
            valid += 1
    assert checked == len(MIWG_FILES) >= 200
    assert valid >= 200


def _rounded(defs: Definitions) -> Definitions:
    """``defs`` with DI numbers as the writer formats them (2 decimals) and ids as written."""
    from probisnis.bpmn.model import Bounds, Point, frozen_map

    def b(x: Bounds | None) -> Bounds | None:
        if x is None:
            return None
        return Bounds(*(float(format_number(v)) for v in (x.x, x.y, x.width, x.height)))

    diagrams = []
    for d in defs.diagrams:
        shapes = {
            k: replace(s, id=s.id or f"{s.element}_di", bounds=b(s.bounds), label=b(s.label))
            for k, s in d.shapes.items()
        }
        edges = {
            k: replace(
                e,
                id=e.id or f"{e.element}_di",
                label=b(e.label),
                waypoints=tuple(
                    Point(float(format_number(p.x)), float(format_number(p.y))) for p in e.waypoints
                ),
            )
            for k, e in d.edges.items()
        }
        diagrams.append(replace(d, shapes=frozen_map(shapes), edges=frozen_map(edges)))
    return replace(defs, diagrams=tuple(diagrams))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(layout=True))
def test_random_graphs_round_trip(defs: Definitions) -> None:
    first = to_bytes(defs)
    assert _xsd_errors(first) == []
    back = read_bytes(first, "<random>", schema="strict")
    assert semantic(back.processes) == semantic(defs.processes)
    assert semantic(back.collaborations) == semantic(defs.collaborations)
    assert semantic(back.diagrams) == semantic(defs.diagrams)
    assert to_bytes(back) == first


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(layout=False, max_processes=1))
def test_random_graphs_parse_in_spiffworkflow(defs: Definitions) -> None:
    parser = BpmnParser()
    parser.add_bpmn_xml(etree.fromstring(to_bytes(defs)), "random.bpmn")
    for process_id, process in defs.processes.items():
        spec = parser.get_spec(process_id)
        assert set(process.nodes) <= set(spec.task_specs)


def _demo() -> Process:
    b = ProcessBuilder("W_demo", "Demo penulis", documentation_cites=("D1.c.1",))
    lane = b.lane("W_L_KABAG", "Kepala Bagian")
    b.start("W_mulai", "Mulai", lane=lane, cites=("D1.c.1",))
    b.user_task("W_tinjau", "Meninjau hasil", lane=lane, cites=("D1.c.1",))
    b.xor("W_gw", "Sesuai?", lane=lane, cites=("D1.c.2",))
    b.end("W_selesai", "Selesai", lane=lane, cites=("D1.c.4",))
    b.chain("W_mulai", "W_tinjau", "W_gw")
    b.flow("W_gw", "W_selesai", name="Ya", condition='sesuai == "ya" and n < 3')
    b.flow("W_gw", "W_tinjau", name="Tidak", default=True)
    b.call("W_panggil", "Panggil", "W_lain", lane=lane, cites=("D1.c.1",))
    return b.build()


def test_executable_parts_are_written_as_spiffworkflow_reads_them(tmp_path: Path) -> None:
    from probisnis.library.definitions_builder import DefinitionsBuilder

    d = DefinitionsBuilder("W_definisi")
    d.pool(_demo())
    path = write(d.build(layout=False), tmp_path / "demo.bpmn")
    root = etree.parse(str(path)).getroot()
    ns = {"bpmn": BPMN_NS}
    process = root.find("bpmn:process", ns)
    assert process is not None and process.get("isExecutable") == "true"
    cond = root.find(".//bpmn:sequenceFlow[@id='W_gw__W_selesai']/bpmn:conditionExpression", ns)
    assert cond is not None
    assert cond.text == 'sesuai == "ya" and n < 3'
    assert cond.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "bpmn:tFormalExpression"
    gw = root.find(".//bpmn:exclusiveGateway[@id='W_gw']", ns)
    assert gw is not None and gw.get("default") == "W_gw__W_tinjau"
    call = root.find(".//bpmn:callActivity", ns)
    assert call is not None and call.get("calledElement") == "W_lain"
    # SpiffWorkflow reads the lane, the condition and the default flow: run both branches
    parser = BpmnParser()
    parser.add_bpmn_file(str(path))
    spec = parser.get_spec("W_demo")
    assert spec.task_specs["W_tinjau"].lane == "Kepala Bagian"
    workflow = BpmnWorkflow(spec)
    workflow.do_engine_steps()
    done = []
    for answer in ("tidak", "ya"):
        (task,) = workflow.get_tasks(state=TaskState.READY)
        task.data.update(sesuai=answer, n=1)
        task.run()
        done.append(task.task_spec.name)
        workflow.do_engine_steps()
    assert done == ["W_tinjau", "W_tinjau"]
    assert workflow.is_completed()


def test_writing_is_deterministic_and_ends_with_a_newline(tmp_path: Path) -> None:
    from probisnis.library.definitions_builder import DefinitionsBuilder

    d = DefinitionsBuilder("W_definisi")
    d.pool(_demo())
    defs = d.build()
    data = to_bytes(defs)
    assert data == to_bytes(defs)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions')
    assert data.endswith(b"</bpmn:definitions>\n")
    path = write(defs, tmp_path / "a.bpmn")
    mtime = path.stat().st_mtime_ns
    write(defs, path)  # same bytes: the file is left alone
    assert path.stat().st_mtime_ns == mtime


def test_write_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    from probisnis.library.definitions_builder import DefinitionsBuilder

    d = DefinitionsBuilder("W_definisi")
    d.pool(_demo())
    with pytest.raises(UsageError, match="does not exist"):
        write(d.build(layout=False), tmp_path / "nope" / "a.bpmn")


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (12.0, "12"), (12.5, "12.5"), (-3.25, "-3.25"), (1 / 3, "0.33"), (99.999, "100")],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text
    assert format_number(float(text)) == text  # a fixed point


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    processes(max_leaves=7, boundary_events=False),
    st.integers(0, 2),
)
def test_random_processes_run_to_completion_in_spiffworkflow(process: Process, branch: int) -> None:
    """What the writer writes, SpiffWorkflow runs: every random process completes."""
    from probisnis.library.definitions_builder import DefinitionsBuilder

    d = DefinitionsBuilder("W_acak")
    d.pool(process)
    parser = BpmnParser()
    parser.add_bpmn_xml(etree.fromstring(to_bytes(d.build(layout=False))), "acak.bpmn")
    workflow = BpmnWorkflow(parser.get_spec(process.id))
    for task in workflow.get_tasks(state=TaskState.READY):  # the start event
        task.data.update(cabang=branch, ulang=False)
    workflow.do_engine_steps()
    for _ in range(200):
        if workflow.is_completed():
            break
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(cabang=branch, ulang=False)
            task.run()
        workflow.do_engine_steps()
    assert workflow.is_completed()
    done = {t.task_spec.name for t in workflow.get_tasks(state=TaskState.COMPLETED)}
    assert {n.id for n in process.end_events()} & done


def test_vendor_attributes_get_their_usual_prefix_declared_once() -> None:
    from probisnis.library.definitions_builder import DefinitionsBuilder

    camunda = "http://camunda.org/schema/1.0/bpmn"
    other = "http://example.org/ext"
    process = _demo()
    task = process.nodes["W_tinjau"]
    attrs = {f"{{{camunda}}}formKey": "f1", f"{{{other}}}flag": "1"}
    nodes = dict(process.nodes)
    nodes["W_tinjau"] = replace(task, attrs=frozen_map(attrs))
    d = DefinitionsBuilder("W_definisi")
    d.pool(replace(process, nodes=frozen_map(nodes)))
    data = to_bytes(d.build(layout=False))
    root = etree.fromstring(data)
    assert root.nsmap["camunda"] == camunda  # on the root, under its usual prefix
    assert b'camunda:formKey="f1"' in data and b"xmlns:camunda" not in data.split(b">", 2)[2]
    # an unknown namespace keeps an lxml prefix but still round-trips
    assert read_bytes(data).process("W_demo").nodes["W_tinjau"].attrs == attrs
    # a file without vendor attributes declares none
    plain = to_bytes(DefinitionsBuilder("W_x").build(layout=False))
    assert b"camunda" not in plain
