"""The maps of Pasal 20 ayat (4): level 0, peta subproses, peta relasi, peta lintas fungsi."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn.parser import BpmnParser

from probisnis.bpmn import read
from probisnis.bpmn.writer import to_bytes
from probisnis.library import maps
from probisnis.library.maps_texts import LEVEL_1
from probisnis.run import run
from probisnis.run.coverage import flow_coverage
from probisnis.run.paths import enumerate_paths
from probisnis.validate import validate_paths
from spiff_paths import without_di

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = ROOT / "processes"
SEED = ROOT.parent / "shared" / "seed" / "perwali-probolinggo-88-2024.txt"
MAPS = [PROCESSES / f"{stem}.bpmn" for stem in maps.LIBRARY if stem.startswith("peta_")]
CODE = re.compile(r"^(\d{2}(?:\.\d{2})*) ")


def _library_process_ids() -> set[str]:
    ids: set[str] = set()
    for path in PROCESSES.glob("*.bpmn"):
        ids |= set(read(path).processes)
    return ids


def _missing_mechanisms() -> set[int]:
    """Mechanisms whose process file has not been generated yet (M<n>_mekanisme absent)."""
    ids = _library_process_ids()
    return {n for n in maps.MECHANISMS if f"M{n}_mekanisme" not in ids}


def test_committed_maps_are_generated():
    for stem, make in maps.LIBRARY.items():
        committed = (PROCESSES / f"{stem}.bpmn").read_bytes()
        assert without_di(committed) == without_di(to_bytes(make())), stem


def test_maps_validate_with_the_library():
    """Clean, except call activities of mechanisms whose files do not exist yet."""
    missing = _missing_mechanisms()
    findings = [f for f in validate_paths([PROCESSES]) if Path(f.path).resolve() in MAPS]
    for finding in findings:
        called = re.search(r"calledElement '(M(\d)_\w+)'", finding.message)
        assert called and int(called.group(2)) in missing, str(finding)


def test_maps_are_descriptive_and_fully_drawn():
    for path in MAPS:
        defs = read(path)
        drawn = {e for d in defs.diagrams for e in (*d.shapes, *d.edges)}
        for process in defs.processes.values():
            assert not process.is_executable, process.id
            for node in process.iter_nodes():
                assert node.id in drawn, node.id
            for flow in process.iter_flows():
                assert flow.id in drawn, flow.id
        for part in defs.participants():
            assert part.id in drawn, part.id
        for flow in defs.message_flows():
            assert flow.id in drawn, flow.id


def test_maps_parse_in_spiffworkflow():
    parser = BpmnParser()
    parser.add_bpmn_files([str(p) for p in MAPS])  # XSD-validated by SpiffWorkflow
    assert "PETA_RELASI" in parser.collaborations


def test_every_element_cites_the_text_verbatim():
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    for path in MAPS:
        defs = read(path)
        for process in defs.processes.values():
            assert "[Pasal 20" in process.documentation or "Pasal 20" in process.documentation
            for node in process.iter_nodes():
                lines = node.documentation.splitlines()
                cited = (re.match(r"^(\[[DB]\d|Pasal |Lampiran )", line) for line in lines)
                assert any(cited), node.id
                for line in lines:
                    quoted = re.match(r"^(?:Pasal [^:]+|Lampiran [^:]+): (.+)$", line)
                    if quoted:
                        assert quoted.group(1) in seed, (node.id, line)


def test_level_0_is_a_coded_value_chain_by_lane():
    defs = read(PROCESSES / "peta_level_0.bpmn")
    process = defs.process("PETA_L0_sistem_kerja")
    lanes = {lane.id: lane.name for lane in process.lanes}
    assert sorted(lanes.values()) == [
        "01 Proses Manajemen",
        "02 Proses Inti",
        "03 Proses Pendukung",
    ]
    activities = [n for n in process.nodes.values() if n.is_activity]
    assert len(activities) == 7  # Pasal 7 ayat (1) a-f, with 01.03 reviu (Pasal 20)
    for node in activities:
        code = CODE.match(node.name)
        assert code, node.name
        # an activity sits in the lane of its group code
        assert lanes[node.lane].startswith(code.group(1)[:2]), node.id


def test_level_0_is_rows_of_boxes_with_its_scope_stated():
    """A value chain: no gateways, flows only within a lane (nothing crosses), scope stated."""
    defs = read(PROCESSES / "peta_level_0.bpmn")
    process = defs.process("PETA_L0_sistem_kerja")
    assert not [n for n in process.nodes.values() if n.is_gateway]
    for flow in process.flows.values():
        source, target = process.nodes[flow.source_ref], process.nodes[flow.target_ref]
        assert source.lane == target.lane, flow.id
    (diagram,) = defs.diagrams
    for lane in process.lanes:
        ys = {
            diagram.shapes[n.id].bounds.y + diagram.shapes[n.id].bounds.height / 2
            for n in process.nodes.values()
            if n.lane == lane.id and n.is_activity
        }
        assert len(ys) == 1, lane.name  # one row of boxes per group
    assert "bukan seluruh proses Pemkot" in process.documentation


def _coded_calls(process) -> dict[str, str]:
    return {
        CODE.match(n.name).group(1): n.called_element
        for n in process.nodes.values()
        if n.kind == "callActivity"
    }


def test_subprocess_codes_descend_from_their_parent():
    level0 = read(PROCESSES / "peta_level_0.bpmn").process("PETA_L0_sistem_kerja")
    sub = read(PROCESSES / "peta_subproses.bpmn")
    library = _library_process_ids()
    seen = 0
    for parent_code, called in _coded_calls(level0).items():
        assert called in library, called
        if called not in sub.processes:
            continue
        child = sub.processes[called]
        assert child.name.startswith(parent_code + " "), child.name
        for code, grandchild in _coded_calls(child).items():
            seen += 1
            assert code.startswith(parent_code + "."), code
            if grandchild in sub.processes:  # a mechanism: its phases one level down
                phases = _coded_calls(sub.processes[grandchild])
                assert sorted(phases) == [f"{code}.01", f"{code}.02", f"{code}.03"]
                n = code[-1]
                assert sorted(phases.values()) == sorted(
                    f"M{n}_{p}" for p in ("perencanaan", "pelaksanaan", "evaluasi")
                )
    assert seen == 6 + 5


def test_peta_relasi_connects_the_unit_with_every_party():
    defs = read(PROCESSES / "peta_relasi.bpmn")
    (collab,) = defs.collaborations
    unit = next(p for p in collab.participants if p.process_ref)
    parties = {p.id for p in collab.participants if p.process_ref is None}
    assert len(parties) == 9
    unit_nodes = set(defs.processes[unit.process_ref].nodes)
    touched: set[str] = set()
    for flow in collab.message_flows:
        ends = {flow.source_ref, flow.target_ref}
        assert len(ends & unit_nodes) == 1 and len(ends & parties) == 1, flow.id
        touched |= ends & parties
        assert flow.name and flow.documentation, flow.id
    assert touched == parties


def test_lintas_fungsi_maps_are_swimlane_files():
    stems = [p.stem for p in PROCESSES.glob("*.bpmn")]
    missing = _missing_mechanisms()
    for prefix in maps.LINTAS_FUNGSI:
        found = [s for s in stems if s == prefix or s.startswith(prefix + "_")]
        if prefix.startswith("m") and int(prefix[1:]) in missing:
            assert not found
            continue
        assert found, prefix
        for stem in found:
            defs = read(PROCESSES / f"{stem}.bpmn")
            assert any(len(p.lanes) >= 1 for p in defs.processes.values()), stem


@pytest.mark.parametrize(
    ("code", "decisions", "end"),
    [
        ("03.01.01", {}, "PG1a_ditugaskan"),
        ("03.01.02", {"PG1b_proses": {"disetujui": True}}, "PG1b_ditugaskan"),
        ("03.01.03", {"PG1cA_proses": {"disetujui_pyb_pemohon": False}}, "PG1cA_tidak_diteruskan"),
        ("03.01.04", {"PG2a_putuskan": {"disetujui": False}}, "PG2a_ditolak"),
        ("03.01.05", {"PG2b_putuskan": {"disetujui": True}}, "PG2b_ditugaskan"),
    ],
)
def test_peta_subproses_penugasan_drills_down_into_the_real_processes(code, decisions, end):
    """The runner routes the map's descriptive gateway and runs the called process."""
    target = f"PS0301_{code[-2:]}"
    result = run(
        PROCESSES / "peta_subproses.bpmn",
        process_id="PETA_SUB_03_01_penugasan",
        decisions={"PS0301_cara": target, **decisions},
        allow_non_executable=True,
    )
    elements = list(result.trace["element_id"])
    assert elements[-1] == "PS0301_selesai"
    assert end in elements and target in elements
    coverage = flow_coverage([result], processes=["PETA_SUB_03_01_penugasan"])
    assert coverage.covered == 4  # start->gateway, gateway->call, call->merge, merge->end


def test_peta_subproses_penugasan_every_route_is_covered(capsys):
    results = []
    for code, process_id in ((c, v[1]) for c, v in maps.PENUGASAN.items()):
        base = {
            "PG_1b_penunjukkan_lintas_unit": {"PG1b_proses": {"disetujui": True}},
            "PG_1c_instansi_pemohon": {"PG1cA_proses": {"disetujui_pyb_pemohon": False}},
            "PG_2a_sukarela_dalam_unit": {"PG2a_putuskan": {"disetujui": True}},
            "PG_2b_sukarela_lintas_unit": {"PG2b_putuskan": {"disetujui": True}},
        }.get(process_id, {})
        results.append(
            run(
                PROCESSES / "peta_subproses.bpmn",
                process_id="PETA_SUB_03_01_penugasan",
                decisions={"PS0301_cara": f"PS0301_{code[-2:]}", **base},
                allow_non_executable=True,
            )
        )
    coverage = flow_coverage(results, processes=["PETA_SUB_03_01_penugasan"])
    with capsys.disabled():
        print(f"\nPETA_SUB_03_01_penugasan: {coverage}")
    assert coverage.ratio == 1.0


def test_message_flows_of_peta_relasi_are_drawn_apart():
    """Orthogonal routes from the node's border to the pool's border, none on top of another."""
    defs = read(PROCESSES / "peta_relasi.bpmn")
    (diagram,) = defs.diagrams
    verticals = []
    for flow in defs.message_flows():
        points = diagram.edges[flow.id].waypoints
        for a, b in itertools.pairwise(points):
            assert a.x == b.x or a.y == b.y, flow.id
            if a.x == b.x:
                verticals.append((flow.id, a.x, min(a.y, b.y), max(a.y, b.y)))
        for end, point in ((flow.source_ref, points[0]), (flow.target_ref, points[-1])):
            box = diagram.shapes[end].bounds
            assert box.x <= point.x <= box.right, (flow.id, end)
            assert point.y in (box.y, box.bottom), (flow.id, end)
    for i, (fid, x, top, bottom) in enumerate(verticals):
        for fid2, x2, top2, bottom2 in verticals[i + 1 :]:
            if fid != fid2:
                assert x != x2 or bottom <= top2 or bottom2 <= top, (fid, fid2)


@pytest.mark.parametrize("n", sorted(maps.MECHANISMS))
def test_peta_subproses_pelaksanaan_drills_down_into_each_mechanism(n):
    """02.01 -> 02.01.0n -> the mechanism's phases, run by the project runner."""
    if n in _missing_mechanisms():
        pytest.skip(f"mechanism {n} has no process file yet")
    sub = PROCESSES / "peta_subproses.bpmn"
    paths = enumerate_paths(
        sub,
        process_id=f"PETA_SUB_02_01_0{n}_mekanisme_{n}",
        allow_non_executable=True,
        max_repeat=1,
    )
    assert paths
    result = run(
        sub,
        process_id="PETA_SUB_02_01_pelaksanaan_tugas",
        decisions={**paths[0].decisions, "PS0201_jenis_unit": f"PS0201_0{n}"},
        allow_non_executable=True,
    )
    trace = result.trace
    assert list(trace["element_id"])[-1] == "PS0201_selesai"
    executed = set(trace["process_id"])
    assert {f"M{n}_perencanaan", f"M{n}_pelaksanaan", f"M{n}_evaluasi"} <= executed
    assert not {f"M{m}_mekanisme" for m in maps.MECHANISMS if m != n} & executed


def test_codes_run_from_the_map_boxes_into_the_processes_and_their_activities():
    """Each coded box's called process, and each activity in it, says ``Kode peta: <code>``."""
    processes = {}
    for path in PROCESSES.glob("*.bpmn"):
        if not path.name.startswith("peta_"):
            processes.update(read(path).processes)
    seen = 0
    for path in MAPS:
        for _, node in read(path).iter_nodes():
            if node.kind != "callActivity" or node.called_element not in processes:
                continue
            code = CODE.match(node.name)
            assert code, node.id
            line = f"Kode peta: {code.group(1)}"
            called = processes[node.called_element]
            assert line in called.documentation.splitlines(), called.id
            for inner in called.iter_nodes():
                if inner.is_activity:
                    assert line in inner.documentation.splitlines(), (called.id, inner.id)
            seen += 1
    assert seen >= 6 * 4 + 5 + 3


def test_reviu_evaluasi_is_a_runnable_swimlane_process_citing_pasal_20():
    """01.03 is modelled in full: four lanes, both outcomes run, Pasal 20 cited throughout."""
    path = PROCESSES / "reviu_evaluasi_proses_bisnis.bpmn"
    defs = read(path)
    process = defs.process("RV_reviu_evaluasi_proses_bisnis")
    assert process.is_executable
    assert [lane.name for lane in process.lanes] == [
        "Analis Bagian Organisasi",
        "Kepala Bagian Organisasi",
        "Unit Organisasi pemilik SOP",
        "Tim Transformasi Manajemen",
    ]
    assert all("Pasal 20" in n.documentation for n in process.iter_nodes())
    ends = set()
    for perlu in (True, False):
        result = run(path, decisions={"RV_putuskan": {"perlu_penyesuaian": perlu}})
        ends.add(list(result.trace["element_id"])[-1])
    assert ends == {"RV_disesuaikan", "RV_tetap"}
    level0 = read(PROCESSES / "peta_level_0.bpmn").process("PETA_L0_sistem_kerja")
    assert level0.nodes["PETA0_01_03"].called_element == "PETA_SUB_01_03"
    level1 = read(PROCESSES / "peta_subproses.bpmn").process("PETA_SUB_01_03")
    assert process.id in level1.documentation


def _processes_by_id() -> dict:
    found = {}
    for path in PROCESSES.glob("*.bpmn"):
        found.update(read(path).processes)
    return found


def test_every_level_0_box_has_its_level_1_map():
    """Each box of level 0 calls a peta level 1 in peta_subproses.bpmn coded like the box."""
    level0 = read(PROCESSES / "peta_level_0.bpmn").process("PETA_L0_sistem_kerja")
    level1 = read(PROCESSES / "peta_subproses.bpmn").processes
    boxes = [n for n in level0.iter_nodes() if n.is_activity]
    assert len(boxes) == 7
    for box in boxes:
        assert box.kind == "callActivity", box.id
        code = CODE.match(box.name).group(1)
        called = level1[box.called_element]
        assert called.name.startswith(f"{code} "), (box.id, called.name)
        assert f"Kode peta: {code}" in called.documentation.splitlines()
        parts = [n for n in called.iter_nodes() if n.is_activity]
        assert len(parts) >= 2, called.id
        for part in parts:
            assert CODE.match(part.name).group(1).startswith(f"{code}."), part.name


def test_level_1_boxes_group_every_activity_of_their_swimlane_process():
    """A level-1 box names the activities it groups; they carry its code, none is left out."""
    processes = _processes_by_id()
    for code, (_, process_id, boxes) in LEVEL_1.items():
        detailed = processes[process_id]
        level1 = processes[f"PETA_SUB_{code.replace('.', '_')}"]
        activities = {n.id: n for n in detailed.nodes.values() if n.is_activity}
        grouped = [a for _, _, ids in boxes for a in ids]
        assert sorted(grouped) == sorted(activities), code  # each exactly once
        for box_code, _, ids in boxes:
            box = level1.nodes["PS" + box_code.replace(".", "")]
            assert box.name.startswith(f"{box_code} ")
            assert f"Kode peta: {box_code}" in box.documentation.splitlines()
            for activity in ids:
                assert activity in box.documentation, (box.id, activity)
                lines = activities[activity].documentation.splitlines()
                assert f"Kode peta: {box_code}" in lines, (process_id, activity)
                cited = [ln for ln in lines if re.match(r"^(\[[DB]\d|Pasal |Lampiran )", ln)]
                assert set(cited) <= set(box.documentation.splitlines()), activity


def test_every_coded_process_carries_its_code_in_its_name():
    """The map code leads the name of each process the maps code (MAP_CODES)."""
    from probisnis.library.maps_texts import MAP_CODES

    processes = _processes_by_id()
    named = 0
    for process_id, code in MAP_CODES.items():
        if process_id == "PJ_permintaan_sewaktu":  # an event subprocess, not a file's process
            continue
        assert processes[process_id].name.startswith(f"{code} "), process_id
        named += 1
    assert named >= 6 * 4 + 5 + 5 + 8


def test_pemanfaatan_tik_is_executable_and_every_flow_runs():
    """03.03 (Pasal 18-19) runs: three lanes the text names, every flow covered by its paths."""
    path = PROCESSES / "pemanfaatan_tik.bpmn"
    process = read(path).process("TIK_pemanfaatan_tik")
    assert process.is_executable
    assert [lane.name for lane in process.lanes] == [
        "Pimpinan Instansi Pemerintah",
        "Pimpinan Unit Organisasi",
        "Tim Koordinasi SPBE Instansi Pemerintah",
    ]
    for node in process.iter_nodes():
        assert re.search(r"^Pasal (18|19|7) ayat", node.documentation, re.M), node.id
    paths = enumerate_paths(path, process_id="TIK_pemanfaatan_tik", max_repeat=1)
    results = [run(path, decisions=p.decisions) for p in paths]
    assert {list(r.trace["element_id"])[-1] for r in results} == {"TIK_selesai"}
    coverage = flow_coverage(results, processes=["TIK_pemanfaatan_tik"])
    assert coverage.ratio == 1.0, coverage
