"""The interchange test: every BPMN MIWG file loads, or is refused with ``path:line: [id] msg``.

The corpus (reference models of the OMG BPMN Model Interchange Working Group,
CC BY 3.0, and six tools' exports/roundtrips) lives at ``../shared/interop/miwg``
beside the clone. Model contents are compared with counts taken independently
by plain lxml XPath over the same files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from probisnis.bpmn import read
from probisnis.bpmn.model import ACTIVITY_KINDS, EVENT_KINDS, GATEWAY_KINDS
from probisnis.errors import BpmnError

MIWG = Path(__file__).resolve().parents[1].parent / "shared" / "interop" / "miwg"
FILES = sorted(MIWG.glob("*/*.bpmn")) if MIWG.is_dir() else []
REFERENCE = MIWG / "Reference"

pytestmark = pytest.mark.skipif(not FILES, reason=f"MIWG corpus not found at {MIWG}")

NS = {
    "b": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
}
NODE_KINDS = ACTIVITY_KINDS | GATEWAY_KINDS | EVENT_KINDS
_NODE_TEST = " or ".join(f"local-name()='{k}'" for k in sorted(NODE_KINDS))
# flow nodes of processes at any depth of embedded subprocesses (not globalTasks etc.)
NODE_XPATH = f"/b:definitions/b:process//*[namespace-uri()='{NS['b']}' and ({_NODE_TEST})]"


def _tree(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


def _count(tree: etree._ElementTree, xpath: str) -> int:
    return len(tree.xpath(xpath, namespaces=NS))


def test_corpus_is_complete():
    assert len(FILES) == 248


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_file_loads_or_is_refused_cleanly(path: Path):
    try:
        defs = read(path)
    except BpmnError as exc:
        assert exc.path == str(path)
        assert re.match(rf"{re.escape(str(path))}:\d+: (\[[^\]]+\] )?\S", str(exc)), str(exc)
        return
    tree = _tree(path)
    nodes = [n for _, n in defs.iter_nodes()]
    assert len(nodes) == _count(tree, NODE_XPATH)
    flows = sum(1 for p in defs.processes.values() for _ in p.iter_flows())
    assert flows == _count(tree, "/b:definitions/b:process//b:sequenceFlow")
    assert len(defs.processes) == _count(tree, "/b:definitions/b:process")
    assert len(defs.participants()) == _count(tree, "/b:definitions/b:collaboration/b:participant")
    assert len(defs.message_flows()) == _count(tree, "/b:definitions/b:collaboration/b:messageFlow")
    lanes = sum(1 for p in defs.processes.values() for _ in p.iter_lanes())
    assert lanes == _count(tree, "/b:definitions/b:process/b:laneSet//b:lane")
    assert len(defs.diagrams) == _count(tree, "/b:definitions/bpmndi:BPMNDiagram")
    # each node's incoming/outgoing (computed from the flows' refs) equal the ids the
    # tool declared in <incoming>/<outgoing>, except flows crossing into another scope
    # (invalid cross-pool sequence flows, which validate reports as dangling refs)
    scope_of_flow = {f.id: scope.id for scope in _scopes(defs) for f in scope.flows.values()}
    for scope in _scopes(defs):
        for node in scope.nodes.values():
            element = tree.xpath("//*[@id=$i]", i=node.id)[0]
            for which in ("incoming", "outgoing"):
                declared = [e.text.strip() for e in element.findall(f"b:{which}", NS) if e.text]
                if not declared:
                    continue
                same_scope = [f for f in declared if scope_of_flow.get(f) == scope.id]
                assert sorted(getattr(node, which)) == sorted(same_scope), (node.id, which)


def _scopes(defs):
    """Every process and embedded subprocess body of ``defs``."""
    stack = list(defs.processes.values())
    while stack:
        scope = stack.pop()
        yield scope
        stack.extend(n.subprocess for n in scope.nodes.values() if n.subprocess is not None)


def _ref(name: str) -> Path:
    return REFERENCE / name


def test_a_1_0_has_the_expected_tasks_and_flows():
    defs = read(_ref("A.1.0.bpmn"))
    proc = defs.process()
    tree = _tree(_ref("A.1.0.bpmn"))
    names = tree.xpath("//b:task/@name", namespaces=NS)
    assert names == ["Task 1", "Task 2", "Task 3"]
    assert [n.name for n in proc.nodes.values() if n.kind == "task"] == names
    assert [n.kind for n in proc.nodes.values()] == [
        "startEvent",
        "task",
        "task",
        "task",
        "endEvent",
    ]
    # a straight line: start -> 1 -> 2 -> 3 -> end
    order = []
    node = proc.start_events()[0]
    while node.outgoing:
        order.append(node.name)
        node = proc.nodes[proc.flows[node.outgoing[0]].target_ref]
    order.append(node.name)
    assert order == ["Start Event", "Task 1", "Task 2", "Task 3", "End Event"]


@pytest.mark.parametrize(
    "name", ["Reference/A.4.1.bpmn", "Bizagi-Modeler-2.8.0.8/A.4.1-roundtrip.bpmn"]
)
def test_lane_file_has_its_lanes(name):
    path = MIWG / name
    tree = _tree(path)
    lane_names = tree.xpath("//b:lane/@name", namespaces=NS)
    defs = read(path)
    got = [lane.name for p in defs.processes.values() for lane in p.iter_lanes()]
    assert got == lane_names and len(got) >= 2
    for lane_el in tree.xpath("//b:lane", namespaces=NS):
        for ref in lane_el.xpath("b:flowNodeRef/text()", namespaces=NS):
            proc = next(p for p in defs.processes.values() if ref.strip() in p.nodes)
            node_lane = proc.lane(proc.nodes[ref.strip()].lane)
            # the node's lane is this lane or one nested inside it (innermost wins)
            assert lane_el.get("id") in {lane.id for lane in _ancestors(proc, node_lane.id)}


def _ancestors(proc, lane_id):
    """The lane ``lane_id`` and every lane enclosing it."""
    for top in proc.lanes:
        chain = _chain(top, lane_id)
        if chain:
            return chain
    return []


def _chain(lane, lane_id):
    if lane.id == lane_id:
        return [lane]
    for child in lane.children:
        sub = _chain(child, lane_id)
        if sub:
            return [lane, *sub]
    return []


def test_collaboration_file_has_participants_and_message_flows():
    path = _ref("B.2.0.bpmn")
    tree = _tree(path)
    defs = read(path)
    want = {
        (mf.get("id"), mf.get("sourceRef"), mf.get("targetRef"))
        for mf in tree.xpath("//b:messageFlow", namespaces=NS)
    }
    assert {(m.id, m.source_ref, m.target_ref) for m in defs.message_flows()} == want
    assert len(want) >= 1
    pools = {
        (p.get("id"), p.get("processRef")) for p in tree.xpath("//b:participant", namespaces=NS)
    }
    assert {(p.id, p.process_ref) for p in defs.participants()} == pools
    assert len(pools) >= 2


@pytest.mark.parametrize("name", ["A.1.0.bpmn", "B.2.0.bpmn", "C.1.0.bpmn"])
def test_di_bounds_match_the_xml(name):
    path = _ref(name)
    tree = _tree(path)
    defs = read(path)
    shapes = tree.xpath("//bpmndi:BPMNShape", namespaces=NS)
    assert shapes
    for el in shapes:
        bounds = el.find("dc:Bounds", NS)
        shape = defs.shape(el.get("bpmnElement"))
        assert shape is not None
        got = (shape.bounds.x, shape.bounds.y, shape.bounds.width, shape.bounds.height)
        assert got == tuple(float(bounds.get(k)) for k in ("x", "y", "width", "height"))
    edges = tree.xpath("//bpmndi:BPMNEdge", namespaces=NS)
    for el in edges:
        edge = defs.edge(el.get("bpmnElement"))
        points = [(float(w.get("x")), float(w.get("y"))) for w in el if w.tag.endswith("waypoint")]
        assert [(p.x, p.y) for p in edge.waypoints] == points


def test_event_definitions_of_reference_b_2_0():
    path = _ref("B.2.0.bpmn")
    tree = _tree(path)
    defs = read(path)
    nodes = {n.id: n for _, n in defs.iter_nodes()}
    timers = tree.xpath("//b:timerEventDefinition/..", namespaces=NS)
    for event in timers:
        assert "timer" in nodes[event.get("id")].event_kinds
    boundaries = tree.xpath("//b:boundaryEvent", namespaces=NS)
    assert boundaries
    for event in boundaries:
        node = nodes[event.get("id")]
        assert node.attached_to == event.get("attachedToRef")
        assert node.cancel_activity is (event.get("cancelActivity", "true") == "true")
    for kind in ("message", "error", "escalation", "signal", "conditional", "compensate"):
        holders = tree.xpath(f"//b:{kind}EventDefinition/..", namespaces=NS)
        for event in holders:
            assert kind in nodes[event.get("id")].event_kinds


def test_interop_page_is_up_to_date():
    """docs/interop.md is what the corpus report prints today (regenerate it if not)."""
    from probisnis.validate.corpus import corpus_table, render_markdown

    table = corpus_table(MIWG)
    assert (table["status"] == "loaded").sum() + (table["status"] == "refused").sum() == 248
    page = Path(__file__).resolve().parents[1] / "docs" / "interop.md"
    assert page.read_text(encoding="utf-8") == render_markdown(table), (
        "regenerate: python -m probisnis.validate.corpus ../shared/interop/miwg > docs/interop.md"
    )


def test_run_skips_an_empty_pool_and_runs_the_process_with_steps():
    """Bizagi writes its "main participant" as a process without any step; ``run`` of the
    file means the other process (here non-executable, so it says so, not "No start event")."""
    from probisnis.errors import RunError, StuckRunError
    from probisnis.run import run

    path = MIWG / "Bizagi-Modeler-2.8.0.8" / "A.2.0-roundtrip.bpmn"
    with pytest.raises(RunError) as err:
        run(path)
    assert err.value.element_id == "WFP-6-" and "isExecutable" in err.value.message
    with pytest.raises(StuckRunError) as stuck:  # traced up to its first unconditioned choice
        run(path, allow_non_executable=True)
    assert "gerbang tanpa kondisi" in stuck.value.message


#: files whose `run --allow-non-executable` still stops before running because SpiffWorkflow
#: cannot read them (measured 2026-12-04: 197 before BPMN's implicit rules and the descriptive
#: gaps were written out, 4 after: three ADONIS exports calling a process the file does not
#: hold, and an ARIS roundtrip whose pool holds only boundary events of another pool)
MAX_PARSE_FAILURES = 4


def test_run_traces_the_corpus_as_descriptive_models_without_a_traceback():
    """Every MIWG file through ``run --allow-non-executable`` (a file with several pools as its
    collaboration): each one ends, stops at a decision or for data, or is refused with an
    Indonesian message at its file, line and element; at most MAX_PARSE_FAILURES are refused
    by SpiffWorkflow's parser, and none with its English words."""
    from probisnis.errors import ProbisnisError, StepLimitError, StuckRunError
    from probisnis.run.engine import Run, as_decisions, choose_process
    from probisnis.run.loader import load_library, resolve_process

    outcomes: dict[str, list[str]] = {"completed": [], "stuck": [], "refused": [], "parse": []}
    for path in FILES:
        phase = "load"
        try:
            files, file, hint = resolve_process(path)
            library = load_library(files, allow_non_executable=True)
            try:
                process = choose_process(library, file, hint)
            except ProbisnisError:
                pools = list(library.parser.collaborations)
                if len(pools) != 1:
                    raise
                process = pools[0]
            phase = "parse"
            library.spec(process)
            phase = "run"
            result = Run(library, process, as_decisions(None), max_steps=200).run()
            outcomes["completed" if result.completed else "stuck"].append(path.name)
        except (StuckRunError, StepLimitError):
            outcomes["stuck"].append(path.name)
        except ProbisnisError as exc:
            assert not exc.message.startswith("SpiffWorkflow tidak dapat membaca elemen ini"), \
                f"{path}: {exc}"
            assert "Error" not in exc.message.split(":")[0], f"{path}: {exc}"
            outcomes["parse" if phase in ("load", "parse") else "refused"].append(
                f"{path.parent.name}/{path.name}: {exc.message[:80]}")
    parse = [f for f in outcomes["parse"] if "beberapa proses" not in f]
    assert len(parse) <= MAX_PARSE_FAILURES, "\n".join(parse)
    assert len(outcomes["completed"]) >= 83, len(outcomes["completed"])
