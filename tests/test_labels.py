"""probisnis.layout.labels: flow labels moved to spots that collide with nothing."""

from __future__ import annotations

from itertools import combinations, pairwise

from probisnis.bpmn.model import Bounds, Definitions, Point
from probisnis.layout import layout_definitions
from probisnis.library import kinerja, maps
from probisnis.library.labels import colliding_labels, label_box, place_labels


def _gap(box: Bounds, a: Point, b: Point) -> float:
    """Distance between a box and an axis-parallel segment (0 when they touch)."""
    dx = max(box.x - max(a.x, b.x), min(a.x, b.x) - box.right, 0.0)
    dy = max(box.y - max(a.y, b.y), min(a.y, b.y) - box.bottom, 0.0)
    return max(dx, dy)


def _boxes(defs: Definitions, flow_ids: list[str]) -> dict[str, Bounds]:
    (diagram,) = defs.diagrams
    return {f: diagram.edges[f].label for f in flow_ids if diagram.edges[f].label is not None}


def _subprocess_map_without_relabel() -> tuple[Definitions, list[str]]:
    laid = layout_definitions(maps.build_subproses(layout=False), clear_labels=False)
    fanned = [
        flow_id
        for process in laid.processes.values()
        for node in process.nodes.values()
        if node.is_gateway and len(node.outgoing) > 2
        for flow_id in node.outgoing
    ]
    return laid, fanned


def test_the_layout_alone_stacks_the_labels_of_an_n_way_decision():
    laid, fanned = _subprocess_map_without_relabel()
    boxes = list(_boxes(laid, fanned).values())
    assert any(a.overlaps(b) for a, b in combinations(boxes, 2))  # the problem being fixed


def test_the_layout_clears_colliding_labels_as_its_last_pass():
    raw, _ = _subprocess_map_without_relabel()
    assert colliding_labels(raw)  # the problem being fixed
    cleared = layout_definitions(maps.build_subproses(layout=False))
    assert colliding_labels(cleared) == []


def test_placed_labels_overlap_no_label_and_no_shape():
    laid, fanned = _subprocess_map_without_relabel()
    placed = place_labels(laid, fanned)
    (diagram,) = placed.diagrams
    boxes = _boxes(placed, fanned)
    assert set(boxes) == set(fanned)  # every flow found a spot
    for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)
    containers = {p.id for p in placed.participants()}
    for flow_id, box in boxes.items():
        for shape in diagram.shapes.values():
            if shape.element not in containers:
                assert not box.overlaps(shape.bounds), (flow_id, shape.element)
    # each label stays beside its own flow, or beside the bundle of lines running with it:
    # within 10 px of one of its segments, or 50 px with only other flows' lines in between,
    # and it lies on no flow's line
    near = 0
    for flow_id, box in boxes.items():
        points = diagram.edges[flow_id].waypoints
        gap = min(_gap(box, a, b) for a, b in pairwise(points))
        assert gap <= 50.0, flow_id
        near += gap <= 10.0
        for edge in diagram.edges.values():
            for a, b in pairwise(edge.waypoints):
                assert _gap(box, a, b) > 0.0, (flow_id, edge.element)
    assert near >= len(boxes) - 1


def test_labels_of_other_flows_are_left_alone():
    defs = kinerja.build_pertanggungjawaban()
    again = place_labels(defs, [])
    assert again.diagrams == defs.diagrams


def test_label_box_wraps_whole_words():
    width, height = label_box("Kendala dan rekomendasi Tim Kerja lintas unit", 90.0)
    assert width == 90.0 and height == 14.0 * 4 + 2
    assert label_box("Ya", 90.0) == (90.0, 16.0)
    # a word longer than the width widens the box instead of being cut
    assert label_box("Pertanggungjawaban", 50.0)[0] > 50.0
