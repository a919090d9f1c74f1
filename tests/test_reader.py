"""The hardened BPMN reader on small hand-written fixtures (tests/data/reader, tests/data/bad)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from probisnis.bpmn import read, read_bytes, schema_errors
from probisnis.bpmn.xml import MAX_BYTES, read_limited
from probisnis.errors import BpmnError, UsageError

DATA = Path(__file__).parent / "data"
READER = DATA / "reader"
BAD = DATA / "bad"


@pytest.fixture(scope="module")
def kinds():
    return read(READER / "kinds.bpmn")


def test_definitions_header(kinds):
    assert kinds.id == "Defs_kinds"
    assert kinds.target_namespace == "http://example.org/kinds"
    assert kinds.exporter == "hand"
    assert kinds.exporter_version == "1.0"
    assert kinds.path == str(READER / "kinds.bpmn")
    assert kinds.source.line == 9  # libxml2 counts a multi-line start tag at its last line


def test_root_messages_signals_errors_escalations(kinds):
    assert {(m.id, m.kind, m.name) for m in kinds.messages.values()} == {
        ("Msg_surat", "message", "Surat masuk"),
        ("Sig_rapat", "signal", "Rapat"),
        ("Err_tolak", "error", "Ditolak"),
        ("Esc_kadis", "escalation", "Ke Kepala Dinas"),
    }


def test_process_header_and_documentation(kinds):
    proc = kinds.process()
    assert proc.id == "Proc_kinds"
    assert proc.is_executable is True
    assert proc.documentation == "Baris satu.\n\nBaris dua."
    assert proc.attrs["{http://example.org/vendor}flag"] == "x"


def test_every_node_kind_read(kinds):
    proc = kinds.process()
    top = {n.id: n.kind for n in proc.nodes.values()}
    assert top["T_catat"] == "userTask"
    assert top["T_skrip"] == "scriptTask"
    assert top["CA_disposisi"] == "callActivity"
    assert top["B_timer"] == "boundaryEvent"
    assert "SP_task" not in top  # lives in the subprocess body
    every = {n.id for n in proc.iter_nodes()}
    assert {"SP_task", "ESP_start", "ESP_end"} <= every
    assert len(every) == 23


def test_incoming_outgoing_from_flows(kinds):
    nodes = kinds.process().nodes
    assert nodes["T_catat"].incoming == ("F1",)
    assert nodes["T_catat"].outgoing == ("F_catat_default", "F_catat_other")
    assert nodes["End_none"].incoming == ("F_tidak", "F11", "F12")
    assert nodes["Start_msg"].incoming == ()


def test_gateway_and_activity_defaults(kinds):
    nodes = kinds.process().nodes
    assert nodes["G_cek"].direction == "Diverging"
    assert nodes["G_cek"].default == "F_tidak"
    assert nodes["T_catat"].default == "F_catat_default"


def test_flows_conditions_names_documentation(kinds):
    flows = kinds.process().flows
    assert flows["F_catat_other"].condition == "urgent == True"
    assert flows["F1"].condition is None
    assert flows["F_ya"].name == "Ya"
    assert flows["F_ya"].documentation == "Jika lengkap."
    assert (flows["F4"].source_ref, flows["F4"].target_ref) == ("CA_disposisi", "SP_periksa")


def test_event_definitions(kinds):
    nodes = {n.id: n for n in kinds.process().iter_nodes()}
    start = nodes["Start_msg"].event_definitions[0]
    assert (start.kind, start.ref, start.id) == ("message", "Msg_surat", "MED_1")  # tns: stripped
    assert nodes["B_timer"].event_definitions[0].attrs["timeDuration"] == "P3D"
    assert nodes["ICE_date"].event_definitions[0].attrs["timeDate"] == "2024-12-31T00:00:00"
    assert nodes["ICE_cycle"].event_definitions[0].attrs["timeCycle"] == "R3/PT1H"
    assert nodes["B_error"].event_definitions[0].ref == "Err_tolak"
    assert nodes["ITE_esc"].event_definitions[0].ref == "Esc_kadis"
    assert nodes["ESP_start"].event_definitions[0].ref == "Sig_rapat"
    assert nodes["ITE_link"].event_definitions[0].attrs["name"] == "ke-akhir"
    assert nodes["ICE_cond"].event_definitions[0].attrs["condition"] == "siap"
    assert nodes["End_term"].event_kinds == ("terminate",)
    assert nodes["End_none"].event_kinds == ()


def test_boundary_events(kinds):
    nodes = kinds.process().nodes
    assert nodes["B_timer"].attached_to == "SP_periksa"
    assert nodes["B_timer"].cancel_activity is False
    assert nodes["B_error"].cancel_activity is True


def test_loops(kinds):
    nodes = kinds.process().nodes
    mi = nodes["T_catat"].loop
    assert (mi.kind, mi.is_sequential, mi.cardinality) == ("multiInstance", True, None)
    mi3 = nodes["T_kirim"].loop
    assert (mi3.cardinality, mi3.completion_condition, mi3.is_sequential) == ("3", "done", False)
    std = nodes["T_skrip"].loop
    assert (std.kind, std.loop_maximum, std.test_before, std.loop_condition) == (
        "standard",
        3,
        True,
        "n < 3",
    )
    assert nodes["T_skrip"].attrs["script"] == "n = n + 1"


def test_subprocess_bodies_and_call_activity(kinds):
    nodes = kinds.process().nodes
    body = nodes["SP_periksa"].subprocess
    assert body is not None and body.is_subprocess_body and body.id == "SP_periksa"
    assert list(body.flows) == ["SP_f1", "SP_f2"]
    event_sub = body.nodes["ESP_batal"]
    assert event_sub.triggered_by_event is True
    assert event_sub.subprocess is not None
    assert event_sub.subprocess.nodes["ESP_start"].attrs["isInterrupting"] == "false"
    assert nodes["CA_disposisi"].called_element == "Proc_disposisi"


def test_data_elements(kinds):
    data = {d.id: d for d in kinds.process().data}
    assert data["DO_surat"].kind == "dataObject"
    assert data["DOR_surat"].ref == "DO_surat"
    assert data["DSR_arsip"].kind == "dataStoreReference"


def test_di_shapes_edges_labels(kinds):
    (diagram,) = kinds.diagrams
    assert diagram.plane_element == "Proc_kinds"
    shape = kinds.shape("Start_msg")
    assert shape is not None
    assert (shape.bounds.x, shape.bounds.y, shape.bounds.width) == (10.0, 20.5, 36.0)
    assert shape.label is not None and shape.label.y == 60.0
    assert kinds.shape("SP_periksa").is_expanded is True
    edge = kinds.edge("F1")
    assert [(p.x, p.y) for p in edge.waypoints] == [(46.0, 38.5), (100.0, 38.5)]


def test_sources_point_at_start_tags(kinds):
    text = (READER / "kinds.bpmn").read_text().splitlines()
    for node in kinds.process().iter_nodes():
        assert f'id="{node.id}"' in text[node.source.line - 1]
    for flow in kinds.process().iter_flows():
        assert f'id="{flow.id}"' in text[flow.source.line - 1]


def test_nested_lanes_innermost_first():
    defs = read(READER / "lanes.bpmn")
    proc = defs.process()
    assert [lane.id for lane in proc.iter_lanes()] == [
        "L_kadis",
        "L_sekretaris",
        "L_kabid",
        "L_staf",
    ]
    assert proc.nodes["Start_1"].lane == "L_kadis"
    assert proc.nodes["T_telaah"].lane == "L_sekretaris"  # innermost
    assert proc.lane_name("T_setuju") == "Kepala Bidang"
    assert proc.nodes["End_1"].lane == "L_kabid"  # deeper than its other lane, L_staf
    assert proc.nodes["B_ingat"].lane == "L_sekretaris"  # unlisted boundary event: host's lane


def test_collaboration():
    defs = read(READER / "lanes.bpmn")
    (collab,) = defs.collaborations
    assert [(p.id, p.process_ref) for p in collab.participants] == [
        ("P_dinas", "Proc_lanes"),
        ("P_warga", None),
    ]
    (mf,) = defs.message_flows()
    assert (mf.source_ref, mf.target_ref, mf.message_ref, mf.name) == (
        "P_warga",
        "Start_1",
        "Msg_1",
        "Permohonan",
    )


def test_descriptive_model_loads():
    defs = read(READER / "descriptive.bpmn", schema="strict")
    proc = defs.process()
    assert proc.is_executable is False
    assert proc.nodes["A"].name == ""
    assert proc.nodes["A"].outgoing == ("f2", "f3")  # implicit split
    assert proc.nodes["C"].loop.cardinality is None
    assert all(f.condition is None for f in proc.flows.values())
    assert defs.diagrams == ()
    assert proc.data[0].ref == "DS_arsip"


def test_di_only_file_loads():
    defs = read(READER / "di_only.bpmn")
    assert defs.processes == {}
    assert defs.shape("Nothing").is_horizontal is True


def test_read_bytes_matches_read():
    data = (READER / "kinds.bpmn").read_bytes()
    from_bytes = read_bytes(data, "mem.bpmn")
    assert from_bytes.path == "mem.bpmn"
    assert list(from_bytes.process().nodes) == list(read(READER / "kinds.bpmn").process().nodes)


@pytest.mark.parametrize(
    ("name", "line", "needle"),
    [
        ("malformed.bpmn", 5, "malformed XML"),
        ("bomb.bpmn", 2, "DOCTYPE"),
        ("xxe.bpmn", 2, "DOCTYPE"),
        ("not_bpmn.bpmn", 2, "not a BPMN 2.0 file"),
        ("duplicate_id.bpmn", 5, "duplicate id 'Mulai' (first at line 4)"),
        ("no_id.bpmn", 5, "has no id"),
        ("bad_bool.bpmn", 3, "not a boolean"),
        ("bad_di.bpmn", 7, "not a number"),
    ],
)
def test_refusals_name_path_and_line(name, line, needle):
    path = BAD / name
    with pytest.raises(BpmnError) as info:
        read(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line
    assert needle in str(err)
    assert str(err).startswith(f"{path}:{line}:")


def test_bomb_is_refused_before_expansion():
    data = (BAD / "bomb.bpmn").read_bytes()
    with pytest.raises(BpmnError, match="entity bomb"):
        read_bytes(data, "bomb")


def test_doctype_in_cdata_is_no_matter():
    data = b"""<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="P"><documentation><![CDATA[<!DOCTYPE html>]]></documentation></process>
</definitions>"""
    assert read_bytes(data).process().documentation == "<!DOCTYPE html>"


def test_missing_file_and_directory():
    with pytest.raises(BpmnError, match="no such file"):
        read(READER / "nope.bpmn")
    with pytest.raises(BpmnError, match="is a directory"):
        read(READER)


def test_special_file_is_refused(tmp_path):
    fifo = tmp_path / "pipe.bpmn"
    os.mkfifo(fifo)
    with pytest.raises(BpmnError, match="not a regular file"):
        read(fifo)


def test_size_cap(tmp_path):
    big = tmp_path / "big.bpmn"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(BpmnError, match="over the"):
        read(big)
    with pytest.raises(BpmnError, match="over the 10-byte limit"):
        read_limited(READER / "kinds.bpmn", limit=10)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.bpmn"
    empty.write_bytes(b"")
    with pytest.raises(BpmnError, match="empty file"):
        read(empty)


def test_dangling_flow_loads_for_validate_to_report():
    data = b"""<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="P"><task id="A"/><sequenceFlow id="f" sourceRef="A" targetRef="Ghost"/></process>
</definitions>"""
    proc = read_bytes(data).process()
    assert proc.flows["f"].target_ref == "Ghost"
    assert proc.nodes["A"].outgoing == ("f",)


SCHEMA_BAD = b"""<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="P">
    <task id="T" bogus="1"/>
  </process>
</definitions>"""


def test_schema_modes(tmp_path):
    path = tmp_path / "schema.bpmn"
    path.write_bytes(SCHEMA_BAD)
    assert read(path, schema="off").process().nodes["T"].attrs["bogus"] == "1"
    read(path)  # warn: loads
    issues = schema_errors(path)
    assert len(issues) == 1
    assert (issues[0].line, issues[0].element_id) == (4, "T")
    assert "bogus" in issues[0].message
    with pytest.raises(BpmnError) as info:
        read(path, schema="strict")
    assert str(info.value).startswith(f"{path}:4: [T] schema:")
    with pytest.raises(UsageError):
        read(path, schema="loose")


def test_schema_errors_on_tree_and_vendor_extensions_are_legal():
    tree = etree.parse(str(READER / "kinds.bpmn"))  # has vendor:flag, tns: refs
    assert schema_errors(tree) == []
    assert schema_errors(READER / "lanes.bpmn") == []


# -- robustness: damaged files are refused with BpmnError or load; nothing else escapes --

_VALUES = ["", "x", "Start", "true", "maybe", "1e400", "nan", "-5", "tns:x", "a:b:c", "F1", "SP"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_files_never_escape_bpmn_error(data):
    from probisnis.validate import validate_definitions

    name = data.draw(st.sampled_from(["kinds.bpmn", "lanes.bpmn", "clean.bpmn"]))
    root = etree.fromstring((READER / name).read_bytes())
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for _ in range(data.draw(st.integers(1, 5))):
        el = data.draw(st.sampled_from(elements))
        op = data.draw(st.sampled_from(["attr", "drop", "move", "text", "noid"]))
        parent = el.getparent()
        if op == "attr" and el.attrib:
            el.set(
                data.draw(st.sampled_from(sorted(el.attrib))), data.draw(st.sampled_from(_VALUES))
            )
        elif op == "drop" and parent is not None:
            parent.remove(el)
        elif op == "move" and parent is not None:
            target = data.draw(st.sampled_from(elements))
            if el not in target.iterancestors() and el is not target:
                target.append(el)
        elif op == "text":
            el.text = data.draw(st.sampled_from(_VALUES))
        elif op == "noid":
            el.attrib.pop("id", None)
    mode = data.draw(st.sampled_from(["off", "warn", "strict"]))
    try:
        defs = read_bytes(etree.tostring(root), "damaged.bpmn", schema=mode)
    except BpmnError as exc:
        assert str(exc).startswith("damaged.bpmn")
        return
    validate_definitions(defs)  # must not raise either


def _nested(depth: int) -> bytes:
    opening = b"".join(b'<subProcess id="s%d">' % i for i in range(depth))
    return (
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">'
        b'<process id="P">' + opening + b"</subProcess>" * depth + b"</process></definitions>"
    )


def test_nesting_bomb_is_refused_and_deep_models_still_load():
    from probisnis.validate import validate_definitions

    with pytest.raises(BpmnError, match="Excessive depth"):
        read_bytes(_nested(3000), "deep.bpmn", schema="off")
    defs = read_bytes(_nested(250), "deep.bpmn")  # just under libxml2's depth limit
    assert sum(1 for _ in defs.iter_nodes()) == 250
    validate_definitions(defs)  # no RecursionError either


def test_ad_hoc_subprocess_keeps_its_completion_condition():
    data = b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="P"><adHocSubProcess id="A" ordering="Parallel"><task id="t"/>
    <completionCondition>selesai</completionCondition></adHocSubProcess></process>
</definitions>"""
    node = read_bytes(data, schema="strict").process().nodes["A"]
    assert dict(node.attrs) == {"ordering": "Parallel", "completionCondition": "selesai"}
    assert list(node.subprocess.nodes) == ["t"]
