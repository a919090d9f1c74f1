"""The SOP's documents as BPMN data: data objects, references and associations on the tasks.

Truth: each task's ``Kelengkapan:``/``Output:`` lines (what the SOP export reads, themselves
checked against the regulation in ``tests/test_library_documents.py``) must match the data
input/output associations the file holds, read back with the reader and, independently, with
lxml; every reference and association is drawn; the SOP export reads the same documents; every
library process still runs with ``probisnis run`` (which drops the associations, since
SpiffWorkflow stops at a task reading a data object nothing wrote).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.exceptions import WorkflowException

from probisnis.bpmn import Definitions, read
from probisnis.bpmn.model import Process
from probisnis.bpmn.writer import to_bytes
from probisnis.library.builder import ProcessBuilder
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.library.documents import INPUT, OUTPUT
from probisnis.run import run
from probisnis.run.paths import enumerate_paths
from probisnis.sop import sop_from_bpmn

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_LINE = re.compile(rf"^({INPUT}|{OUTPUT}): (.*)$", re.M)
_DOC = re.compile(r"^(.*) \[([^\]]+)\]$")


def _lines(documentation: str) -> set[tuple[str, str, str]]:
    """(role, document name, clause id) of a task's Kelengkapan/Output lines."""
    out = set()
    for role, items in _LINE.findall(documentation):
        for item in items.split("; "):
            m = _DOC.match(item.strip())
            assert m, item
            out.add((role, m.group(1), m.group(2)))
    return out


@cache
def _defs(path: Path) -> Definitions:
    return read(path)


def _with_documents() -> list[tuple[Path, str]]:
    return [
        (path, pid)
        for path in PROCESSES
        for pid, proc in _defs(path).processes.items()
        if any(_lines(n.documentation) for n in proc.iter_nodes())
    ]


WITH_DOCUMENTS = _with_documents()


def _refs(process: Process) -> dict[str, str]:
    return {d.id: d.name for d in process.data if d.kind == "dataObjectReference"}


def test_the_library_has_documents_to_check() -> None:
    assert len(WITH_DOCUMENTS) >= 20
    assert {p.stem for p, _ in WITH_DOCUMENTS} >= {
        f"m{n}_{s}" for n, s in [(1, "sekretariat_daerah"), (6, "pejabat_fungsional")]
    } | {"penugasan_1b_penunjukkan_lintas_unit", "pertanggungjawaban"}


@pytest.mark.parametrize("path, process_id", WITH_DOCUMENTS,
                         ids=[f"{p.stem}:{i}" for p, i in WITH_DOCUMENTS])
def test_every_document_line_has_its_association_and_no_other(path: Path, process_id: str) -> None:
    process = _defs(path).processes[process_id]
    refs = _refs(process)
    objects = {d.id: d.name for d in process.data if d.kind == "dataObject"}
    for data in process.data:
        if data.kind == "dataObjectReference":
            assert objects[data.ref or ""] == data.name
    # one reference per document per process
    assert len(set(refs.values())) == len(refs), sorted(refs.values())
    cited: dict[str, set[str]] = {}
    for node in process.iter_nodes():
        expected = {(role, name) for role, name, _ in _lines(node.documentation)}
        found = set()
        for assoc in node.data_associations:
            role = INPUT if assoc.kind == "dataInputAssociation" else OUTPUT
            found.add((role, refs[assoc.data_ref or ""]))
        assert found == expected, node.id
        for _role, name, clause in _lines(node.documentation):
            cited.setdefault(name, set()).add(clause)
    # each reference cites the clauses its tasks cite for it, and is used
    for ref_id, name in refs.items():
        data = next(d for d in process.data if d.id == ref_id)
        assert set(re.findall(r"^\[([^\]]+)\]", data.documentation, re.M)) == cited[name]


def test_a_document_passed_on_is_one_reference_out_of_one_task_into_the_next() -> None:
    process = _defs(ROOT / "processes" / "m1_sekretariat_daerah.bpmn").processes["M1_pelaksanaan"]
    ref = next(i for i, n in _refs(process).items()
               if n == "Rincian pelaksanaan kegiatan dan anggaran")
    uses = {(n.id, a.kind) for n in process.nodes.values() for a in n.data_associations
            if a.data_ref == ref}
    assert uses == {("M1b_susun_rincian", "dataOutputAssociation"),
                    ("M1b_laksanakan", "dataInputAssociation")}


@pytest.mark.parametrize("path", sorted({p for p, _ in WITH_DOCUMENTS}), ids=lambda p: p.stem)
def test_the_xml_holds_real_data_objects_and_associations(path: Path) -> None:
    """Read independently with lxml: what Camunda Modeler and bpmn.io read."""
    root = etree.parse(str(path)).getroot()
    ids = {e.get("id"): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    drawn = {e.get("bpmnElement") for e in root.iter() if e.get("bpmnElement")}
    refs = list(root.iter(f"{BPMN}dataObjectReference"))
    assert refs
    for ref in refs:
        assert ids[ref.get("dataObjectRef")].tag == f"{BPMN}dataObject"
        assert ref.get("id") in drawn
    for assoc in root.iter(f"{BPMN}dataInputAssociation"):
        source = assoc.find(f"{BPMN}sourceRef").text  # type: ignore[union-attr]
        target = assoc.find(f"{BPMN}targetRef").text  # type: ignore[union-attr]
        assert ids[source].tag == f"{BPMN}dataObjectReference"
        assert ids[target].tag == f"{BPMN}property"
        assert ids[target].getparent() is assoc.getparent()
        assert assoc.get("id") in drawn
    for assoc in root.iter(f"{BPMN}dataOutputAssociation"):
        target = assoc.find(f"{BPMN}targetRef").text  # type: ignore[union-attr]
        assert ids[target].tag == f"{BPMN}dataObjectReference"
        assert assoc.get("id") in drawn


@pytest.mark.parametrize("path", sorted({p for p, _ in WITH_DOCUMENTS}), ids=lambda p: p.stem)
def test_references_are_drawn_clear_of_shapes_and_their_lines_end_on_both(path: Path) -> None:
    defs = _defs(path)
    diagram = defs.diagrams[0]
    for process in defs.processes.values():
        for ref_id in _refs(process):
            shape = diagram.shapes[ref_id]
            for other in diagram.shapes.values():
                mine = other.element in process.nodes or other.element in _refs(process)
                if mine and other.element != ref_id:
                    assert not shape.bounds.overlaps(other.bounds), (ref_id, other.element)
                    if shape.label is not None:
                        assert not shape.label.overlaps(other.bounds), (ref_id, other.element)
        anchored: set[str] = set()
        for node in process.nodes.values():
            for assoc in node.data_associations:
                edge = diagram.edges[assoc.id]
                ref_box = diagram.shapes[assoc.data_ref or ""].bounds
                node_box = diagram.shapes[node.id].bounds
                first, last = edge.waypoints[0], edge.waypoints[-1]
                start, end = ((ref_box, node_box) if assoc.kind == "dataInputAssociation"
                              else (node_box, ref_box))
                for point, box in ((first, start), (last, end)):
                    on_x = box.x - 0.01 <= point.x <= box.right + 0.01
                    on_y = box.y - 0.01 <= point.y <= box.bottom + 0.01
                    border = min(abs(point.x - box.x), abs(point.x - box.right),
                                 abs(point.y - box.y), abs(point.y - box.bottom))
                    assert on_x and on_y and border < 0.02, (assoc.id, point, box)
                # a reference sits in the lane of the first task that yields it
                if (node.lane is not None and assoc.kind == "dataOutputAssociation"
                        and assoc.data_ref not in anchored):
                    anchored.add(assoc.data_ref or "")
                    lane = diagram.shapes[node.lane].bounds
                    assert lane.y <= ref_box.y and ref_box.bottom <= lane.bottom


@pytest.mark.parametrize("path, process_id", WITH_DOCUMENTS,
                         ids=[f"{p.stem}:{i}" for p, i in WITH_DOCUMENTS])
def test_the_sop_export_reads_the_same_documents(path: Path, process_id: str) -> None:
    process = _defs(path).processes[process_id]
    refs = _refs(process)
    sop = sop_from_bpmn(path, process_id)
    checked = 0
    for step in sop.steps:
        node = process.nodes.get(step.element_id)
        if node is None or not node.data_associations:
            continue
        for role, text in ((INPUT, step.kelengkapan), (OUTPUT, step.output)):
            kind = "dataInputAssociation" if role == INPUT else "dataOutputAssociation"
            for assoc in node.data_associations:
                if assoc.kind == kind:
                    assert refs[assoc.data_ref or ""] in text, (node.id, role, text)
                    checked += 1
    assert checked


@pytest.mark.parametrize("path", sorted({p for p, _ in WITH_DOCUMENTS}), ids=lambda p: p.stem)
def test_every_task_with_documents_still_runs(path: Path) -> None:
    defs = _defs(path)
    with_docs = {n.id for _, n in defs.iter_nodes() if n.data_associations}
    ran: set[str] = set()
    for process_id in defs.processes:
        for found in enumerate_paths(path, process_id=process_id, cover=True):
            ran.update(found.activities)
    assert with_docs <= ran, sorted(with_docs - ran)


def _one_task_with_documents(tmp_path: Path) -> Path:
    b = ProcessBuilder("M1_uji", "Uji", documentation_cites=("D1.a.1",))
    b.lane("L_SEKDA", "Sekretaris Daerah")
    b.start("M1_uji_mulai", "Mulai", lane="L_SEKDA", cites=("D1.a.1",))
    # the ids the documents table knows: PK is output of one task and input of the next
    b.user_task("M1a_susun_pk", "Menyusun perjanjian kinerja", lane="L_SEKDA", cites=("D1.a.1",))
    b.user_task("M1a_tunjuk_kabag", "Menunjuk Kepala Bagian", lane="L_SEKDA", cites=("D1.a.3",))
    b.end("M1_uji_selesai", "Selesai", lane="L_SEKDA", cites=("D1.a.1",))
    b.chain("M1_uji_mulai", "M1a_susun_pk", "M1a_tunjuk_kabag", "M1_uji_selesai")
    d = DefinitionsBuilder("Uji_defs", path=str(tmp_path / "uji.bpmn"))
    d.pool(b.build())
    path = tmp_path / "uji.bpmn"
    path.write_bytes(to_bytes(d.build()))
    return path


def test_run_drops_the_associations_spiffworkflow_would_stop_at(tmp_path: Path) -> None:
    path = _one_task_with_documents(tmp_path)
    defs = read(path, schema="strict")
    assert {a.kind for _, n in defs.iter_nodes() for a in n.data_associations} == {
        "dataInputAssociation", "dataOutputAssociation"}
    # bare SpiffWorkflow stops: the data object is written by no one
    parser = BpmnParser()
    parser.add_bpmn_file(str(path))
    workflow = BpmnWorkflow(parser.get_spec("M1_uji"))
    workflow.do_engine_steps()
    with pytest.raises(WorkflowException, match="data object"):
        for _ in range(4):
            for task in workflow.get_tasks(state=16):  # READY
                task.run()
            workflow.do_engine_steps()
    # probisnis run does not
    result = run(path)
    assert list(result.activities["element_id"]) == ["M1a_susun_pk", "M1a_tunjuk_kabag"]


def test_write_read_write_keeps_the_data(tmp_path: Path) -> None:
    path = _one_task_with_documents(tmp_path)
    once = path.read_bytes()
    assert to_bytes(read(path)) == once
