"""The automatic layout: geometry invariants, stable re-layout, DI for a model without one."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from probisnis.bpmn.model import Bounds, Definitions, Diagram, FlowNode, Point
from probisnis.bpmn.reader import read, read_bytes
from probisnis.bpmn.schema import schema_errors
from probisnis.bpmn.writer import to_bytes
from probisnis.bpmn.xml import parse_bytes
from probisnis.layout import layout_definitions, sizes
from probisnis.layout.ranking import back_edges
from strategies import definitions, processes

ROOT = Path(__file__).resolve().parents[1]
LIBRARY_FILES = sorted((ROOT / "processes").glob("m[0-9]_*.bpmn"))
MIWG_REFERENCE = ROOT.parent / "shared" / "interop" / "miwg" / "Reference"


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def _on_outline(p: Point, b: Bounds, node: FlowNode) -> bool:
    """On the box's border, or on the gateway's diamond or the event's circle."""
    hw, hh = b.width / 2, b.height / 2
    dx, dy = p.x - (b.x + hw), p.y - (b.y + hh)
    if node.is_gateway and abs(abs(dx) / hw + abs(dy) / hh - 1.0) < 0.01:
        return True
    if node.is_event and abs(math.hypot(dx, dy) - hw) < 0.01:
        return True
    return _on_border(p, b)


def _on_border(p: Point, b: Bounds) -> bool:
    on_x = b.x - 0.01 <= p.x <= b.right + 0.01
    on_y = b.y - 0.01 <= p.y <= b.bottom + 0.01
    at_edge = min(abs(p.x - b.x), abs(p.x - b.right), abs(p.y - b.y), abs(p.y - b.bottom)) < 0.01
    return on_x and on_y and at_edge


def _crosses(a: Point, b: Point, box: Bounds) -> bool:
    """Does the axis-parallel segment a-b pass through the interior of ``box``?"""
    if a.x == b.x:
        lo, hi = sorted((a.y, b.y))
        return box.x < a.x < box.right and lo < box.bottom and hi > box.y
    lo, hi = sorted((a.x, b.x))
    return box.y < a.y < box.bottom and lo < box.right and hi > box.x


def check_geometry(defs: Definitions) -> None:
    """Invariants every generated diagram keeps (used on the library and on random graphs)."""
    (diagram, *_) = defs.diagrams
    pools = [diagram.shapes[p.id].bounds for p in defs.participants() if p.id in diagram.shapes]
    for i, a in enumerate(pools):
        assert all(not a.overlaps(b) for b in pools[i + 1 :]), "pools overlap"
    for part in defs.participants():
        process = defs.processes.get(part.process_ref or "")
        if process is None:
            continue
        pool = diagram.shapes[part.id].bounds
        node_shapes = {n.id: diagram.shapes[n.id].bounds for n in process.nodes.values()}
        assert set(node_shapes) == set(process.nodes), "every flow node is drawn"
        assert set(process.flows) <= set(diagram.edges), "every sequence flow is drawn"
        # sizes
        for node in process.nodes.values():
            b = node_shapes[node.id]
            expected = sizes.node_size(node)
            assert (b.width, b.height) == expected, node.id
            assert _inside(b, pool) or node.kind == "boundaryEvent", node.id
        # no two (non-boundary) shapes overlap
        placed = [
            (i, b) for i, b in node_shapes.items() if process.nodes[i].kind != "boundaryEvent"
        ]
        for k, (i, a) in enumerate(placed):
            for j, b in placed[k + 1 :]:
                assert not a.overlaps(b), f"{i} overlaps {j}"
        # nodes in their lane's band, lanes inside the pool, sibling lanes apart
        for lane in process.iter_lanes():
            band = diagram.shapes[lane.id].bounds
            assert _inside(band, pool), lane.id
            for node_id in lane.flow_node_refs:
                if process.nodes[node_id].kind != "boundaryEvent":
                    assert _inside(node_shapes[node_id], band), (lane.id, node_id)
        tops = [diagram.shapes[lane.id].bounds for lane in process.lanes]
        for k, a in enumerate(tops):
            assert all(not a.overlaps(b) for b in tops[k + 1 :])
        # edges: orthogonal, from the source's border to the target's, through no other shape
        obstacles = dict(placed)
        for flow in process.flows.values():
            points = diagram.edges[flow.id].waypoints
            assert len(points) >= 2
            for a, b in itertools.pairwise(points):
                assert a.x == b.x or a.y == b.y, f"{flow.id} is not orthogonal"
            source, target = process.nodes[flow.source_ref], process.nodes[flow.target_ref]
            assert _on_outline(points[0], node_shapes[flow.source_ref], source), flow.id
            assert _on_outline(points[-1], node_shapes[flow.target_ref], target), flow.id
            for node_id, box in obstacles.items():
                if node_id in (flow.source_ref, flow.target_ref):
                    continue
                for a, b in itertools.pairwise(points):
                    assert not _crosses(a, b, box), f"{flow.id} crosses {node_id}"


def check_message_flows(defs: Definitions) -> None:
    """Message flows: orthogonal, from the source's border to the target's, labels apart."""
    (diagram, *_) = defs.diagrams
    labels = []
    for flow in defs.message_flows():
        edge = diagram.edges[flow.id]
        points = edge.waypoints
        for a, b in itertools.pairwise(points):
            assert a.x == b.x or a.y == b.y, flow.id
        assert _on_border(points[0], diagram.shapes[flow.source_ref].bounds), flow.id
        assert _on_border(points[-1], diagram.shapes[flow.target_ref].bounds), flow.id
        if edge.label is not None:
            labels.append(edge.label)
    for i, a in enumerate(labels):
        assert all(not a.overlaps(b) for b in labels[i + 1 :])


def check_ranks_left_to_right(defs: Definitions, diagram: Diagram) -> None:
    """Forward flows go right; only back edges of loops may go left."""
    for process in defs.processes.values():
        order = [n.id for n in process.nodes.values() if n.kind != "boundaryEvent"]
        edges = [
            (f.id, f.source_ref, f.target_ref)
            for f in process.flows.values()
            if f.source_ref in order and f.target_ref in order
        ]
        back = back_edges(order, edges)
        for flow_id, s, t in edges:
            sx = diagram.shapes[s].bounds.x
            tx = diagram.shapes[t].bounds.x
            if flow_id not in back:
                assert tx > sx, flow_id


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.name)
def test_library_files_are_laid_out_stably(path: Path) -> None:
    """Re-running the layout on a committed file reproduces the file byte for byte."""
    data = path.read_bytes()
    defs = read_bytes(data, str(path), schema="strict")
    assert to_bytes(layout_definitions(defs)) == data
    check_geometry(defs)
    check_ranks_left_to_right(defs, defs.diagrams[0])


def test_layout_ignores_the_existing_diagram() -> None:
    path = LIBRARY_FILES[0]
    defs = read(path)
    shifted = replace(
        defs.diagrams[0],
        shapes={
            k: replace(s, bounds=replace(s.bounds, x=s.bounds.x + 7))
            for k, s in defs.diagrams[0].shapes.items()
        },
    )
    moved = replace(defs, diagrams=(shifted,))
    assert to_bytes(layout_definitions(moved)) == path.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(layout=True))
def test_random_graphs_keep_the_geometry_invariants(defs: Definitions) -> None:
    check_geometry(defs)
    check_message_flows(defs)
    check_ranks_left_to_right(defs, defs.diagrams[0])
    assert schema_errors(parse_bytes(to_bytes(defs), "<random>")) == []
    # stable: laying out the written file again gives the same bytes
    again = read_bytes(to_bytes(defs), "<random>")
    assert to_bytes(layout_definitions(again)) == to_bytes(defs)


@settings(max_examples=20, deadline=None)
@given(processes(lanes=0))
def test_a_process_in_no_pool_gets_its_own_plane(process) -> None:  # type: ignore[no-untyped-def]
    from probisnis.bpmn.model import frozen_map

    defs = Definitions(
        id="D", path="", source=process.source, processes=frozen_map({process.id: process})
    )
    laid = layout_definitions(defs)
    (diagram,) = laid.diagrams
    assert diagram.plane_element == process.id
    assert set(process.nodes) <= set(diagram.shapes)
    assert set(process.flows) == set(diagram.edges)


def _strip_di(data: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    for diagram in root.findall("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNDiagram"):
        root.remove(diagram)
    return etree.tostring(root)


@pytest.mark.skipif(not MIWG_REFERENCE.is_dir(), reason="../shared/interop/miwg not present")
@pytest.mark.parametrize("name", ["A.1.0", "A.2.0", "A.3.0", "A.4.0", "A.4.1", "B.2.0", "C.1.0"])
def test_miwg_reference_without_di_gets_a_complete_valid_diagram(name: str) -> None:
    path = MIWG_REFERENCE / f"{name}.bpmn"
    bare = read_bytes(_strip_di(path.read_bytes()), str(path), schema="off")
    assert bare.diagrams == ()
    laid = layout_definitions(bare)
    data = to_bytes(laid)
    assert schema_errors(parse_bytes(data, name)) == []
    drawn_shapes = set().union(*(d.shapes for d in laid.diagrams))
    drawn_edges = set().union(*(d.edges for d in laid.diagrams))
    for process in laid.processes.values():
        for node in process.iter_nodes():
            assert node.id in drawn_shapes, node.id
        for flow in process.iter_flows():
            assert flow.id in drawn_edges, flow.id
    for diagram in laid.diagrams:
        shapes = [
            s.bounds
            for k, s in diagram.shapes.items()
            if k in {n.id for _, n in laid.iter_nodes() if n.kind != "boundaryEvent"}
        ]
        for i, a in enumerate(shapes):
            assert all(not a.overlaps(b) for b in shapes[i + 1 :])
    assert to_bytes(layout_definitions(read_bytes(data, name))) == data


def test_a_loop_back_edge_is_routed_around_above_its_ends() -> None:
    defs = read(ROOT / "processes" / "m1_sekretariat_daerah.bpmn")
    diagram = defs.diagrams[0]
    edge = diagram.edges["M1c_sesuaikan__M1c_gabung_tinjau"]
    source = diagram.shapes["M1c_sesuaikan"].bounds
    target = diagram.shapes["M1c_gabung_tinjau"].bounds
    assert target.x < source.x  # the loop goes back left
    top = min(p.y for p in edge.waypoints)
    assert top < min(source.y, target.y)  # over both ends


def test_labelled_message_flows_to_a_black_box_pool_enter_it_a_label_width_apart() -> None:
    from probisnis.layout.messages import LABEL_PORT_GAP
    from probisnis.library.builder import ProcessBuilder
    from probisnis.library.definitions_builder import DefinitionsBuilder

    b = ProcessBuilder("MF_proses", "Pemohon")
    b.start("MF_mulai", "Mulai", cites=("B2.1c.1",))
    b.user_task("MF_kirim", "Mengirim surat", cites=("B2.1c.1",))
    b.end("MF_selesai", "Selesai", cites=("B2.1c.9",))
    b.chain("MF_mulai", "MF_kirim", "MF_selesai")
    d = DefinitionsBuilder("MF_berkas")
    d.pool(b.build())
    d.black_box("MF_instansi", "Instansi dituju")
    names = ["Surat permohonan pelibatan", "Surat jawaban", "Daftar JF/JP yang ditugaskan"]
    for i, name in enumerate(names):
        if i == 1:
            d.message_flow(
                "MF_instansi", "MF_kirim", name=name, flow_id=f"MF_{i}", cites=("B2.1c.6",)
            )
        else:
            d.message_flow(
                "MF_kirim", "MF_instansi", name=name, flow_id=f"MF_{i}", cites=("B2.1c.1",)
            )
    defs = d.build()
    check_geometry(defs)
    check_message_flows(defs)
    diagram = defs.diagrams[0]
    task = diagram.shapes["MF_kirim"].bounds
    pool = diagram.shapes["MF_instansi"].bounds
    at_task, at_pool = [], []
    for i in range(3):
        points = diagram.edges[f"MF_{i}"].waypoints
        ends = (points[0], points[-1]) if i != 1 else (points[-1], points[0])
        assert ends[0].y == task.bottom and task.x < ends[0].x < task.right
        assert ends[1].y == pool.y and pool.x < ends[1].x < pool.right
        at_task.append(ends[0].x)
        at_pool.append(ends[1].x)
        # the label beside the piece entering the pool, on no flow's line
        label = diagram.edges[f"MF_{i}"].label
        assert label is not None
        for k in range(3):
            for a, b in itertools.pairwise(diagram.edges[f"MF_{k}"].waypoints):
                assert not _crosses(a, b, label), (i, k)
    assert len(set(at_task)) == 3  # spread over the task's bottom side
    at_pool.sort()
    assert all(b - a >= LABEL_PORT_GAP for a, b in itertools.pairwise(at_pool))


def test_nested_lanes_are_bands_inside_their_parent() -> None:
    from probisnis.library.builder import ProcessBuilder
    from probisnis.library.definitions_builder import DefinitionsBuilder

    b = ProcessBuilder("N_proses", "Bersarang")
    for lane in ("N_L_induk", "N_L_a", "N_L_b", "N_L_lain"):
        b.lane(lane, lane)
    b.start("N_mulai", "Mulai", lane="N_L_induk", cites=("D1.a.1",))
    b.user_task("N_a", "Tugas A", lane="N_L_a", cites=("D1.a.1",))
    b.user_task("N_b", "Tugas B", lane="N_L_b", cites=("D1.a.1",))
    b.end("N_selesai", "Selesai", lane="N_L_lain", cites=("D1.a.1",))
    b.chain("N_mulai", "N_a", "N_b", "N_selesai")
    flat = b.build()
    lanes = {lane.id: lane for lane in flat.lanes}
    parent = replace(lanes["N_L_induk"], children=(lanes["N_L_a"], lanes["N_L_b"]))
    nested = replace(flat, lanes=(parent, lanes["N_L_lain"]))
    d = DefinitionsBuilder("N_berkas")
    d.pool(nested)
    defs = d.build()
    check_geometry(defs)
    shapes = defs.diagrams[0].shapes
    outer = shapes["N_L_induk"].bounds
    for child in ("N_L_a", "N_L_b"):
        inner = shapes[child].bounds
        assert _inside(inner, outer) and inner.x == outer.x + sizes.LANE_HEADER
    assert shapes["N_L_lain"].bounds.y >= outer.bottom
    # the parent's own node has its own band above the children
    assert shapes["N_mulai"].bounds.bottom <= shapes["N_L_a"].bounds.y


ALL_PROCESS_FILES = sorted((ROOT / "processes").glob("*.bpmn"))


def test_line_breaks_are_the_ones_bpmnjs_draws() -> None:
    """Widths and line breaks as bpmn-js 18.31.1 drew them in Chromium (12 px Liberation Sans)."""
    from probisnis.layout.text import bpmnjs_lines, text_width

    # measured: the visible length of each tspan
    assert text_width("Pimpinan Unit Organisasi Pemilik") == pytest.approx(177.41, abs=0.1)
    assert text_width("Pejabat Penilai Kinerja (PPK)") == pytest.approx(156.09, abs=0.1)
    # the lines bpmn-js drew in a lane 140 px tall, and in one 180 px tall
    name = "Pejabat Fungsional dan/atau Pejabat Pelaksana"
    assert bpmnjs_lines(name, 140) == ["Pejabat Fungsional ", "dan/atau Pejabat ", "Pelaksana"]
    assert bpmnjs_lines("Pimpinan Unit Organisasi Pemilik Kinerja", 180) == [
        "Pimpinan Unit Organisasi Pemilik ",
        "Kinerja",
    ]
    assert bpmnjs_lines("Pimpinan Unit Organisasi dituju", 140) == [
        "Pimpinan Unit Organisasi ",
        "dituju",
    ]


def test_header_length_gives_two_lines_clear_of_the_ends() -> None:
    from probisnis.layout.text import HEADER_CLEARANCE, bpmnjs_lines, header_length, text_width

    for name in (
        "Pejabat Fungsional dan/atau Pejabat Pelaksana",
        "Mekanisme 4 (Unit dipimpin Administrator, 2 level): Tahap Perencanaan",
        "Pimpinan Unit Organisasi dituju",
        "Kepala",
    ):
        for at_least in (0.0, 140.0, 280.0):
            length = header_length(name, at_least)
            assert length >= at_least
            lines = bpmnjs_lines(name, length)
            assert len(lines) <= 2, (name, length, lines)
            assert max(text_width(s.rstrip()) for s in lines) <= length - 2 * HEADER_CLEARANCE
    assert header_length("", 140.0) == 140.0
    # given lines are kept (no length joins them), so the search still ends
    assert len(bpmnjs_lines("a\nb\nc", header_length("a\nb\nc"))) == 3


@pytest.mark.parametrize("path", ALL_PROCESS_FILES, ids=lambda p: p.name)
def test_every_pool_and_lane_is_tall_enough_for_its_name(path: Path) -> None:
    """bpmn-js writes each name in at most two lines, clear of both ends of the header band."""
    from probisnis.layout.text import HEADER_CLEARANCE, bpmnjs_lines, text_width

    defs = read(path)
    names = {p.id: p.name for p in defs.participants() if p.process_ref}
    for process in defs.processes.values():
        for top in process.lanes:
            names.update({lane.id: lane.name for lane in top.walk()})
    checked = 0
    for diagram in defs.diagrams:
        for element, shape in diagram.shapes.items():
            if element not in names or not names[element]:
                continue
            height = shape.bounds.height
            lines = bpmnjs_lines(names[element], height)
            assert len(lines) <= 2, (element, height, lines)
            longest = max(text_width(s.rstrip()) for s in lines)
            assert longest <= height - 2 * HEADER_CLEARANCE, (element, height, lines)
            checked += 1
    assert checked > 0


def test_a_lane_too_short_for_its_name_grows_and_its_nodes_stay_inside() -> None:
    from probisnis.library.builder import ProcessBuilder
    from probisnis.library.definitions_builder import DefinitionsBuilder

    long_name = "Pejabat Fungsional dan/atau Pejabat Pelaksana yang ditugaskan lintas unit"
    b = ProcessBuilder(
        "G_proses", "Mekanisme uji: nama pool yang panjang sekali, lebih dari satu baris"
    )
    b.lane("G_L_pendek", "Kepala")
    b.lane("G_L_panjang", long_name)
    b.start("G_mulai", "Mulai", lane="G_L_pendek", cites=("D1.a.1",))
    b.user_task("G_a", "Tugas A", lane="G_L_panjang", cites=("D1.a.1",))
    b.end("G_selesai", "Selesai", lane="G_L_pendek", cites=("D1.a.1",))
    b.chain("G_mulai", "G_a", "G_selesai")
    d = DefinitionsBuilder("G_berkas")
    d.pool(b.build())
    defs = d.build()
    check_geometry(defs)
    shapes = defs.diagrams[0].shapes
    short, tall = shapes["G_L_pendek"].bounds, shapes["G_L_panjang"].bounds
    assert short.height == sizes.ROW  # "Kepala" fits one row
    assert tall.height > sizes.ROW
    task = shapes["G_a"].bounds
    assert _inside(task, tall)
    # the one row sits in the middle of the taller band
    assert task.y - tall.y == pytest.approx(tall.bottom - task.bottom)
    assert to_bytes(layout_definitions(defs)) == to_bytes(defs)


def test_task_name_lines_are_where_bpmnjs_writes_them() -> None:
    """Line boxes as bpmn-js 18.31.1 drew them in Chromium in a 100 x 80 userTask.

    Measured from the rendered SVG (render/viewer.html ``lineBoxes``): left,
    top, right, bottom of each line's visible glyphs; the user icon covered
    x 4.05-21.05, y 3.85-23.5.
    """
    from probisnis.layout.text import TASK_ICONS, label_lines, name_clears_icon

    measured = {
        "Mengusulkan nominasi award ASN Pemerintah Pusat": [
            (14.31, 3.8, 85.7, 17.8),
            (7.98, 18.2, 92.03, 32.2),
            (37.66, 32.6, 62.35, 46.6),
            (19.32, 47.0, 80.69, 61.0),
            (34.66, 61.4, 65.34, 75.4),
        ],
        "Menerima surat penugasan untuk dilaksanakan": [
            (8.32, 11.0, 91.69, 25.0),
            (20.3, 25.4, 79.7, 39.4),
            (35.32, 39.8, 64.68, 53.8),
            (14.98, 54.2, 85.04, 68.2),
        ],
        "Memberikan surat penugasan": [
            (16.99, 18.2, 83.02, 32.2),
            (36.66, 32.6, 63.35, 46.6),
            (20.3, 47.0, 79.7, 61.0),
        ],
    }
    for name, lines in measured.items():
        model = label_lines(name, 100.0, 80.0)
        assert len(model) == len(lines), name
        for got, want in zip(model, lines, strict=True):
            assert got == pytest.approx(want, abs=0.1), name
        # each of these ran into the icon in a 100 x 80 box
        assert not name_clears_icon("userTask", name, 100.0, 80.0), name
    x0, y0, x1, y1 = TASK_ICONS["userTask"]
    assert x0 <= 4.05 and y0 <= 3.85 and x1 >= 21.05 and y1 >= 23.5


def test_a_long_task_name_gets_a_box_that_keeps_it_clear_of_the_icon() -> None:
    from probisnis.layout.text import TASK_SIZES, name_clears_icon, task_size

    # two lines in 100 x 80 start below the icon: the usual box
    assert task_size("userTask", "Menyetujui usulan") == (100.0, 80.0)
    assert task_size("task", "Mengusulkan nominasi award ASN Pemerintah Pusat") == (100.0, 80.0)
    for name in (
        "Mengusulkan nominasi award ASN Pemerintah Pusat",
        "Menerima surat penugasan untuk dilaksanakan",
        "Memberikan surat penugasan",
        "Menyampaikan arahan dan ekspektasi target kinerja kepada JF/JP",
    ):
        for kind in ("userTask", "serviceTask", "manualTask", "sendTask"):
            size = task_size(kind, name)
            assert size != (100.0, 80.0), (kind, name)
            assert name_clears_icon(kind, name, *size), (kind, name, size)
            # and no smaller size tried first would do
            for smaller in TASK_SIZES[: TASK_SIZES.index(size)]:
                assert not name_clears_icon(kind, name, *smaller), (kind, name, smaller)


def test_larger_task_boxes_widen_the_grid_and_keep_the_edge_gaps() -> None:
    """A box larger than 100 x 80 widens every column and row of its scope.

    50 px between columns and 30 px above and below each box stay free, so
    edges still route around shapes.
    """
    from probisnis.library.builder import ProcessBuilder
    from probisnis.library.definitions_builder import DefinitionsBuilder

    long_name = "Menyampaikan arahan dan ekspektasi target kinerja kepada JF/JP"
    b = ProcessBuilder("G_proses", "Mekanisme uji")
    b.lane("G_L_a", "Kepala")
    b.lane("G_L_b", "Pelaksana")
    b.start("G_mulai", "Mulai", lane="G_L_a", cites=("D1.a.1",))
    b.user_task("G_panjang", long_name, lane="G_L_a", cites=("D1.a.1",))
    b.user_task("G_pendek", "Tugas B", lane="G_L_b", cites=("D1.a.1",))
    b.user_task("G_c", "Tugas C", lane="G_L_a", cites=("D1.a.1",))
    b.end("G_selesai", "Selesai", lane="G_L_a", cites=("D1.a.1",))
    b.chain("G_mulai", "G_panjang", "G_pendek", "G_c", "G_selesai")
    d = DefinitionsBuilder("G_berkas")
    d.pool(b.build())
    defs = d.build()
    check_geometry(defs)
    shapes = defs.diagrams[0].shapes
    big = shapes["G_panjang"].bounds
    assert big.width > sizes.TASK[0] and big.height > sizes.TASK[1]
    column = big.width + sizes.COLUMN - sizes.TASK[0]
    row = big.height + sizes.ROW - sizes.TASK[1]
    short, c = shapes["G_pendek"].bounds, shapes["G_c"].bounds
    assert (short.width, short.height) == sizes.TASK
    # centres one pitch apart, the gaps between neighbours at least 50 px
    assert short.x + short.width / 2 - (big.x + big.width / 2) == pytest.approx(column)
    assert short.x - big.right >= 50.0 and c.x - short.right >= 50.0
    # each lane is one row of the larger pitch, with 30 px above and below the big box
    lane = shapes["G_L_a"].bounds
    assert lane.height == pytest.approx(row)
    assert big.y - lane.y >= 30.0 and lane.bottom - big.bottom >= 30.0
    assert to_bytes(layout_definitions(defs)) == to_bytes(defs)


def test_associations_to_tasks_above_the_document_run_orthogonally_around_shapes() -> None:
    """No long diagonal across the lanes: an association between a document and a task above
    its strip runs along the strip's channel and up (or up the gap into the task's side)."""
    checked = 0
    for path in sorted((ROOT / "processes").glob("*.bpmn")):
        defs = read(path)
        for diagram in defs.diagrams:
            for process in defs.processes.values():
                boxes = {
                    n.id: diagram.shapes[n.id].bounds
                    for n in process.nodes.values()
                    if n.id in diagram.shapes and n.kind != "boundaryEvent"
                }
                for node in process.nodes.values():
                    for assoc in node.data_associations:
                        edge = diagram.edges.get(assoc.id)
                        ref = diagram.shapes.get(assoc.data_ref or "")
                        if edge is None or ref is None or node.id not in boxes:
                            continue
                        if boxes[node.id].bottom >= ref.bounds.y:
                            continue  # a task beside or below the document: a straight line
                        points = edge.waypoints
                        for a, b in itertools.pairwise(points):
                            assert a.x == b.x or a.y == b.y, (path.name, assoc.id)
                            for other, box in boxes.items():
                                if other != node.id:
                                    assert not _crosses(a, b, box), (path.name, assoc.id, other)
                        checked += 1
    assert checked > 50
