"""The readability gate catches what a reviewer of ``docs/img`` stumbles on (issue 11).

Each check is tried on a small hand-made file that must fail it, and on the
same file laid out right, which must pass: a word cut in two where bpmn-js
wraps a name, a label on a pool's or lane's name, a name under the collapsed
subprocess's "+" marker, a flow through a pool or shape it does not connect, two
flows drawn on one line, a label (or the message name bpmn-js writes on a message
flow) on a flow's line or another label, a document (data association) line drawn
diagonally. All are in :attr:`ImportResult.layout`,
which ``tests/test_bpmnjs_layout.py`` gates on every file of ``processes/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from probisnis.layout.text import breaks_word, task_size
from probisnis.render import BpmnJs, ImportResult, browser_unavailable

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def viewer() -> Iterator[BpmnJs]:
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bpmn-js browser check cannot run under CI: {reason}")
        pytest.skip(reason)
    with BpmnJs() as session:
        yield session


HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="urn:uji">
"""


def _check(viewer: BpmnJs, tmp_path: Path, name: str, text: str) -> ImportResult:
    path = tmp_path / f"{name}.bpmn"
    path.write_text(HEAD + text + "</bpmn:definitions>\n", encoding="utf-8")
    result = viewer.check(path)
    assert result.ok, result.problems()  # bpmn-js imports every case without a word
    return result


_ONE = """<bpmn:process id="P"><bpmn:{kind} id="T" name="{name}"/></bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="DP" bpmnElement="P">
<bpmndi:BPMNShape id="T_di" bpmnElement="T" {extra}>
<dc:Bounds x="100" y="100" width="{width}" height="{height}"/></bpmndi:BPMNShape>
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
"""


def test_a_word_cut_in_two_is_reported_and_the_layouts_box_keeps_it_whole(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    name = "03.02 Pertanggungjawaban"
    cut = _check(
        viewer,
        tmp_path,
        "cut",
        _ONE.format(kind="task", name=name, width=100, height=80, extra=""),
    )
    assert cut.layout == ('text of T is broken mid-word ("Pertanggungja|waban")',), cut.layout
    assert breaks_word(name, 100.0)
    width, height = task_size("task", name)
    assert not breaks_word(name, width)
    whole = _check(
        viewer,
        tmp_path,
        "whole",
        _ONE.format(kind="task", name=name, width=width, height=height, extra=""),
    )
    assert whole.layout == ()
    # wrapping at spaces is not a cut word, though no line ends with a space
    spaced = _check(
        viewer,
        tmp_path,
        "spaced",
        _ONE.format(
            kind="task", name="Membagi peran Anggota Tim Kerja", width=100, height=80, extra=""
        ),
    )
    assert spaced.layout == ()


@pytest.mark.parametrize("kind", ["subProcess", "callActivity"])
def test_a_name_under_the_collapsed_subprocess_marker_is_reported_and_the_layouts_box_clears_it(
    viewer: BpmnJs, tmp_path: Path, kind: str
) -> None:
    name = "02.01 Pelaksanaan Tugas"  # three lines in 100 x 80: "Tugas" touches the "+" frame
    extra = 'isExpanded="false"'
    under = _check(
        viewer,
        tmp_path,
        f"under_{kind}",
        _ONE.format(kind=kind, name=name, width=100, height=80, extra=extra),
    )
    assert under.layout == ("name of T runs under its sub-process marker",), under.layout
    width, height = task_size(kind, name)
    assert (width, height) != (100.0, 80.0)
    clear = _check(
        viewer,
        tmp_path,
        f"clear_{kind}",
        _ONE.format(kind=kind, name=name, width=width, height=height, extra=extra),
    )
    assert clear.layout == ()


_POOL = """<bpmn:collaboration id="C">
  <bpmn:participant id="A" name="Unit Organisasi lain (dituju)" processRef="PA"/>
  <bpmn:participant id="B" name="Instansi lain"/>
  <bpmn:participant id="Z" name="Pemerintah Pusat"/>
  <bpmn:messageFlow id="M" name="Surat Jawaban Penolakan" sourceRef="T" targetRef="B"/>
</bpmn:collaboration>
<bpmn:process id="PA"><bpmn:task id="T" name="Menjawab"/></bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="DP" bpmnElement="C">
<bpmndi:BPMNShape id="A_di" bpmnElement="A" isHorizontal="true">
<dc:Bounds x="0" y="0" width="600" height="200"/></bpmndi:BPMNShape>
<bpmndi:BPMNShape id="T_di" bpmnElement="T">
<dc:Bounds x="300" y="60" width="100" height="80"/></bpmndi:BPMNShape>
<bpmndi:BPMNShape id="Z_di" bpmnElement="Z" isHorizontal="true">
<dc:Bounds x="0" y="{zy}" width="600" height="60"/></bpmndi:BPMNShape>
<bpmndi:BPMNShape id="B_di" bpmnElement="B" isHorizontal="true">
<dc:Bounds x="0" y="400" width="600" height="60"/></bpmndi:BPMNShape>
<bpmndi:BPMNEdge id="M_di" bpmnElement="M">
<di:waypoint x="350" y="140"/><di:waypoint x="350" y="400"/>
<bpmndi:BPMNLabel><dc:Bounds x="{lx}" y="{ly}" width="80" height="27"/></bpmndi:BPMNLabel>
</bpmndi:BPMNEdge>
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
"""


def test_a_label_on_a_pools_name_is_reported(viewer: BpmnJs, tmp_path: Path) -> None:
    on_name = _check(viewer, tmp_path, "on_name", _POOL.format(zy=600, lx=2, ly=60))
    assert on_name.layout == ("label of M overlaps the name of A",), on_name.layout
    beside = _check(viewer, tmp_path, "beside", _POOL.format(zy=600, lx=360, ly=300))
    assert beside.layout == ()
    # a black-box pool writes its name in the middle of its box
    on_middle = _check(viewer, tmp_path, "on_middle", _POOL.format(zy=600, lx=270, ly=420))
    assert on_middle.layout == ("label of M overlaps the name of B",), on_middle.layout


def test_a_flow_through_a_pool_it_does_not_connect_is_reported(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    through = _check(viewer, tmp_path, "through", _POOL.format(zy=260, lx=360, ly=160))
    assert through.layout == ("flow M crosses pool Z it does not connect",), through.layout
    around = _check(viewer, tmp_path, "around", _POOL.format(zy=600, lx=360, ly=160))
    assert around.layout == ()


_MERGE = """<bpmn:process id="P">
  <bpmn:exclusiveGateway id="G"/><bpmn:task id="A" name="Satu"/><bpmn:task id="B" name="Dua"/>
  <bpmn:sequenceFlow id="F1" sourceRef="G" targetRef="A"/>
  <bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="B"/>
</bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="DP" bpmnElement="P">
<bpmndi:BPMNShape id="G_di" bpmnElement="G"><dc:Bounds x="100" y="175" width="50" height="50"/>
</bpmndi:BPMNShape>
<bpmndi:BPMNShape id="A_di" bpmnElement="A"><dc:Bounds x="300" y="60" width="100" height="80"/>
</bpmndi:BPMNShape>
<bpmndi:BPMNShape id="B_di" bpmnElement="B"><dc:Bounds x="300" y="260" width="100" height="80"/>
</bpmndi:BPMNShape>
<bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="150" y="200"/>
<di:waypoint x="{x}" y="200"/><di:waypoint x="{x}" y="100"/><di:waypoint x="300" y="100"/>
</bpmndi:BPMNEdge>
<bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="125" y="225"/>
<di:waypoint x="125" y="300"/><di:waypoint x="300" y="300"/></bpmndi:BPMNEdge>
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
"""


def test_two_flows_on_one_line_are_reported(viewer: BpmnJs, tmp_path: Path) -> None:
    # F1 leaves the gateway's right corner, F2 its bottom one: apart, they share nothing
    apart = _check(viewer, tmp_path, "apart", _MERGE.format(x=220))
    assert apart.layout == ()
    shared = _MERGE.format(x=220).replace(
        '<di:waypoint x="125" y="225"/>\n<di:waypoint x="125" y="300"/>',
        '<di:waypoint x="150" y="200"/><di:waypoint x="220" y="200"/>'
        '<di:waypoint x="220" y="300"/>',
    )
    assert shared != _MERGE.format(x=220)
    same = _check(viewer, tmp_path, "shared", shared)
    assert same.layout == ("flow F1 shares a segment with flow F2 (70 px)",), same.layout


def test_a_label_on_a_line_is_reported(viewer: BpmnJs, tmp_path: Path) -> None:
    # the label of M beside its own line, then across it, then on another flow's line
    beside = _check(viewer, tmp_path, "beside_line", _POOL.format(zy=600, lx=360, ly=300))
    assert beside.layout == ()
    across = _check(viewer, tmp_path, "across_line", _POOL.format(zy=600, lx=320, ly=300))
    assert across.layout == ("label of M lies on flow M",), across.layout
    other = _MERGE.format(x=220).replace(
        '<bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="B"/>',
        '<bpmn:sequenceFlow id="F2" name="Tidak" sourceRef="G" targetRef="B"/>',
    ).replace(
        '<di:waypoint x="125" y="300"/><di:waypoint x="300" y="300"/></bpmndi:BPMNEdge>',
        '<di:waypoint x="125" y="300"/><di:waypoint x="300" y="300"/>'
        '<bpmndi:BPMNLabel><dc:Bounds x="{lx}" y="120" width="40" height="14"/>'
        "</bpmndi:BPMNLabel></bpmndi:BPMNEdge>",
    )
    on_other = _check(viewer, tmp_path, "on_other", other.format(lx=200))
    assert on_other.layout == ("label of F2 lies on flow F1",), on_other.layout
    clear = _check(viewer, tmp_path, "clear_of_lines", other.format(lx=140))
    assert clear.layout == ()


def test_a_flow_through_a_shape_it_does_not_connect_is_reported(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    # a second task of pool A right under T, in the way of M's line down to B
    def with_task(y: int) -> str:
        return (
            _POOL.format(zy=600, lx=360, ly=300)
            .replace(
                '<bpmn:task id="T" name="Menjawab"/>',
                '<bpmn:task id="T" name="Menjawab"/><bpmn:task id="U" name="Lain"/>',
            )
            .replace(
                '<bpmndi:BPMNShape id="Z_di"',
                f'<bpmndi:BPMNShape id="U_di" bpmnElement="U"><dc:Bounds x="300" y="{y}" '
                'width="100" height="40"/></bpmndi:BPMNShape>\n<bpmndi:BPMNShape id="Z_di"',
            )
        )

    through = _check(viewer, tmp_path, "through_shape", with_task(150))
    assert through.layout == ("flow M crosses shape U",), through.layout
    moved = with_task(150).replace('x="300" y="150"', 'x="420" y="150"')
    beside = _check(viewer, tmp_path, "beside_shape", moved)
    assert beside.layout == ()


def test_the_name_bpmn_js_writes_on_a_message_flow_is_a_label(
    viewer: BpmnJs, tmp_path: Path
) -> None:
    # bpmn-js writes the message's name under an envelope at the middle of the flow (350, 270)
    def with_message(ly: int) -> str:
        return (
            _POOL.format(zy=600, lx=360, ly=ly)
            .replace(
                'sourceRef="T" targetRef="B"/>', 'sourceRef="T" targetRef="B" messageRef="Msg"/>'
            )
            .replace(
                "<bpmn:collaboration",
                '<bpmn:message id="Msg" name="Surat Jawaban Penolakan"/>\n<bpmn:collaboration',
            )
        )

    under = _check(viewer, tmp_path, "message_under", with_message(285))
    assert under.layout == ("message name on M overlaps label of M",), under.layout
    apart = _check(viewer, tmp_path, "message_apart", with_message(170))
    assert apart.layout == ()


_DATA = """<bpmn:process id="P">
  <bpmn:dataObject id="DO"/>
  <bpmn:dataObjectReference id="R" name="Surat" dataObjectRef="DO"/>
  <bpmn:task id="A" name="Menulis"><bpmn:dataOutputAssociation id="AO">
    <bpmn:targetRef>R</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:task>
  <bpmn:task id="B" name="Membaca"><bpmn:property id="B_p" name="__targetRef_placeholder"/>
    <bpmn:dataInputAssociation id="BI"><bpmn:sourceRef>R</bpmn:sourceRef>
    <bpmn:targetRef>B_p</bpmn:targetRef></bpmn:dataInputAssociation></bpmn:task>
</bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="DP" bpmnElement="P">
<bpmndi:BPMNShape id="A_di" bpmnElement="A"><dc:Bounds x="100" y="60" width="100" height="80"/>
</bpmndi:BPMNShape>
<bpmndi:BPMNShape id="R_di" bpmnElement="R"><dc:Bounds x="132" y="180" width="36" height="50"/>
</bpmndi:BPMNShape>
<bpmndi:BPMNShape id="B_di" bpmnElement="B"><dc:Bounds x="400" y="300" width="100" height="80"/>
</bpmndi:BPMNShape>
<bpmndi:BPMNEdge id="AO_di" bpmnElement="AO"><di:waypoint x="150" y="140"/>
<di:waypoint x="150" y="180"/></bpmndi:BPMNEdge>
<bpmndi:BPMNEdge id="BI_di" bpmnElement="BI">{points}</bpmndi:BPMNEdge>
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
"""


def test_a_diagonal_document_line_is_reported(viewer: BpmnJs, tmp_path: Path) -> None:
    # the document's line to B slantwise, then out of its side, along and down into B's top
    slant = _check(viewer, tmp_path, "slant", _DATA.format(
        points='<di:waypoint x="168" y="205"/><di:waypoint x="425" y="300"/>'))
    assert slant.layout == ("data association BI is drawn diagonally",), slant.layout
    square = _check(viewer, tmp_path, "square", _DATA.format(
        points='<di:waypoint x="168" y="205"/><di:waypoint x="425" y="205"/>'
        '<di:waypoint x="425" y="300"/>'))
    assert square.layout == ()


def test_a_message_flow_crossing_another_flow_is_counted(viewer: BpmnJs, tmp_path: Path) -> None:
    # pool A's sequence flow T -> U runs under T; M from T's bottom down to pool B crosses
    # its line, or, leaving T's bottom where the flow leaves too, does not
    def with_flow(start_x: int) -> str:
        return (
            _POOL.format(zy=600, lx=360, ly=300)
            .replace(
                '<bpmn:task id="T" name="Menjawab"/>',
                '<bpmn:task id="T" name="Menjawab"/><bpmn:task id="U" name="Lain"/>'
                '<bpmn:sequenceFlow id="F" sourceRef="T" targetRef="U"/>',
            )
            .replace(
                '<bpmndi:BPMNShape id="Z_di"',
                '<bpmndi:BPMNShape id="U_di" bpmnElement="U"><dc:Bounds x="470" y="60" '
                'width="100" height="80"/></bpmndi:BPMNShape>\n'
                f'<bpmndi:BPMNEdge id="F_di" bpmnElement="F"><di:waypoint x="{start_x}" y="140"/>'
                f'<di:waypoint x="{start_x}" y="170"/><di:waypoint x="520" y="170"/>'
                '<di:waypoint x="520" y="140"/></bpmndi:BPMNEdge>\n'
                '<bpmndi:BPMNShape id="Z_di"',
            )
        )

    across = _check(viewer, tmp_path, "crossing", with_flow(330))
    assert across.crossings == ("message flow M crosses flow F",), across.crossings
    assert across.layout == (), across.layout
    beside = _check(viewer, tmp_path, "not_crossing", with_flow(370))
    assert beside.crossings == () and beside.layout == (), (beside.crossings, beside.layout)
