"""Penugasan (Pasal 10-12, Lampiran II.B.2): the five variants, every path run with SpiffWorkflow.

Each variant's paths are listed with the decisions that take them and the end
events they must reach; the union of the sequence flows SpiffWorkflow took
must be every sequence flow of the file (100% coverage, printed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from probisnis.bpmn import read
from probisnis.bpmn.writer import to_bytes
from probisnis.library import clauses, penugasan
from probisnis.run import run
from probisnis.run.coverage import flow_coverage
from probisnis.run.paths import enumerate_paths
from probisnis.validate import validate_paths
from spiff_paths import run_path, sequence_flows, without_di

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = ROOT / "processes"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"

YES, NO = True, False

# stem -> (process or collaboration id, collaboration?, [(path name, decisions, expected ends)])
_1C_OK = {
    "PG1cA_proses": {"disetujui_pyb_pemohon": YES},
    "PG1cB_proses": {"disetujui_pyb_dituju": YES},
    "PG1cB_jawab_ketersediaan": {"tersedia": YES},
    "PG1cB_periksa_daftar": {"daftar_disetujui": YES},
}


def _with(base: dict, **changes: dict) -> dict:
    out = dict(base)
    out.update(changes)
    return out


PATHS: dict[str, tuple[str, bool, list[tuple[str, dict, list[str]]]]] = {
    "penugasan_1a_penunjukkan_dalam_unit": (
        "PG_1a_penunjukkan_dalam_unit",
        False,
        [("ditunjuk", {}, ["PG1a_ditugaskan"])],
    ),
    "penugasan_1b_penunjukkan_lintas_unit": (
        "PG_1b_penunjukkan_lintas_unit",
        False,
        [
            ("disetujui", {"PG1b_proses": {"disetujui": YES}}, ["PG1b_ditugaskan"]),
            ("ditolak", {"PG1b_proses": {"disetujui": NO}}, ["PG1b_ditolak"]),
        ],
    ),
    "penugasan_1c_penunjukkan_lintas_instansi": (
        penugasan.COLLABORATION_1C,
        True,
        [
            ("ditugaskan", _1C_OK, ["PG1cA_ditugaskan", "PG1cB_ditugaskan"]),
            (
                "ditolak_pyb_dituju",
                _with(_1C_OK, PG1cB_proses={"disetujui_pyb_dituju": NO}),
                ["PG1cB_ditolak_pyb", "PG1cA_ditolak"],
            ),
            (
                "tidak_tersedia",
                _with(_1C_OK, PG1cB_jawab_ketersediaan={"tersedia": NO}),
                ["PG1cB_tidak_tersedia", "PG1cA_ditolak"],
            ),
            (
                "daftar_ditolak",
                _with(_1C_OK, PG1cB_periksa_daftar={"daftar_disetujui": NO}),
                ["PG1cB_daftar_ditolak", "PG1cA_ditolak"],
            ),
            (
                "tidak_diteruskan_pyb_pemohon",
                _with(_1C_OK, PG1cA_proses={"disetujui_pyb_pemohon": NO}),
                ["PG1cA_tidak_diteruskan"],
            ),
        ],
    ),
    "penugasan_2a_sukarela_dalam_unit": (
        "PG_2a_sukarela_dalam_unit",
        False,
        [
            ("disetujui", {"PG2a_putuskan": {"disetujui": YES}}, ["PG2a_ditugaskan"]),
            ("ditolak", {"PG2a_putuskan": {"disetujui": NO}}, ["PG2a_ditolak"]),
        ],
    ),
    "penugasan_2b_sukarela_lintas_unit": (
        "PG_2b_sukarela_lintas_unit",
        False,
        [
            ("disetujui", {"PG2b_putuskan": {"disetujui": YES}}, ["PG2b_ditugaskan"]),
            ("ditolak", {"PG2b_putuskan": {"disetujui": NO}}, ["PG2b_ditolak"]),
        ],
    ),
}

FILES = [PROCESSES / f"{stem}.bpmn" for stem in penugasan.LIBRARY]


def test_the_five_variants_are_committed_as_generated():
    assert set(PATHS) == set(penugasan.LIBRARY)
    for stem, make in penugasan.LIBRARY.items():
        committed = (PROCESSES / f"{stem}.bpmn").read_bytes()
        assert without_di(committed) == without_di(to_bytes(make())), stem


def test_files_validate_clean():
    assert validate_paths(FILES) == []


@pytest.mark.parametrize("stem", list(PATHS))
def test_every_path_runs_and_every_flow_is_covered(stem, capsys):
    path = PROCESSES / f"{stem}.bpmn"
    target, collaboration, paths = PATHS[stem]
    covered: set[str] = set()
    for name, decisions, ends in paths:
        run = run_path([path], target, decisions, collaboration=collaboration)
        assert run.done, (stem, name, run.waiting)
        assert sorted(run.ends) == sorted(ends), (stem, name)
        covered |= run.flows
    every = set(sequence_flows([path]).values())
    assert covered <= every
    with capsys.disabled():
        print(f"\n{stem}: {len(paths)} paths, sequence flows {len(covered)}/{len(every)}")
    assert covered == every, sorted(every - covered)


def test_declined_at_the_source_runs_in_the_requesting_pool_alone():
    """The target agency never hears of a request its own PyB did not forward."""
    decisions = _with(_1C_OK, PG1cA_proses={"disetujui_pyb_pemohon": NO})
    run = run_path(
        [PROCESSES / "penugasan_1c_penunjukkan_lintas_instansi.bpmn"],
        "PG_1c_instansi_pemohon",
        decisions,
    )
    assert run.done and run.ends == ["PG1cA_tidak_diteruskan"]
    assert not any(ident.startswith("PG1cB_") for ident in run.completed)


def test_every_penugasan_clause_is_cited():
    cited: set[str] = set()
    for path in FILES:
        cited |= set(re.findall(r"\[(B2\.[0-9a-z]+\.\d+)\]", path.read_text(encoding="utf-8")))
    expected = {c for c in clauses() if c.startswith("B2.")}
    assert expected == cited, sorted(expected - cited)


def test_every_element_cites_its_source():
    for path in FILES:
        defs = read(path)
        for _process, node in defs.iter_nodes():
            assert re.search(r"\[B2\.|Pasal \d+|Lampiran II", node.documentation), node.id


def test_every_not_approved_branch_ends_in_its_own_named_end_event():
    for path in FILES:
        defs = read(path)
        for process in defs.processes.values():
            for end in process.end_events():
                assert end.name, end.id
                assert len(end.incoming) == 1, end.id
            for gateway in (n for n in process.nodes.values() if n.kind == "exclusiveGateway"):
                if len(gateway.outgoing) < 2:
                    continue
                names = {process.flows[f].name for f in gateway.outgoing}
                assert names == {"Ya", "Tidak"}, gateway.id
                tidak = next(f for f in gateway.outgoing if process.flows[f].name == "Tidak")
                # follow the "Tidak" branch: it must reach an end event without rejoining
                node = process.nodes[process.flows[tidak].target_ref]
                while node.kind != "endEvent":
                    assert len(node.outgoing) == 1 and len(node.incoming) == 1, node.id
                    node = process.nodes[process.flows[node.outgoing[0]].target_ref]


# the post each lane stands for must be the one the cited clause names
_ROLE_PHRASE = {
    "L_PIMPINAN": "Pimpinan Unit Organisasi",
    "L_PIMPINAN_PEMILIK": "Pimpinan Unit Organisasi Pemilik Kinerja",
    "L_PIMPINAN_TUJUAN": "Pimpinan Unit Organisasi",
    "L_PPK": "Pejabat Penilai Kinerja",
    "L_PPK_TUJUAN": "Pejabat Penilai Kinerja",
    "L_PYB_PEMOHON": "Pejabat yang Berwenang",
    "L_PYB_TUJUAN": "Pejabat yang Berwenang",
    "L_JFJP": "Pejabat Fungsional",
}


def test_lanes_are_the_roles_the_cited_clauses_name():
    for path in FILES:
        defs = read(path)
        for process in defs.processes.values():
            for node in process.nodes.values():
                if node.kind != "userTask":
                    continue
                key = re.search(r"(L_[A-Z_]+)$", node.lane or "").group(1)
                assert process.lane(node.lane).name == penugasan.LANES[key]
                # the clause/Pasal lines of the documentation (not the notes)
                cited = "\n".join(
                    line
                    for line in node.documentation.splitlines()
                    if line.startswith(("[B2.", "Pasal", "Lampiran"))
                )
                assert _ROLE_PHRASE[key] in cited, (node.id, key)


def test_collaboration_has_a_message_flow_for_every_letter_between_agencies():
    defs = read(PROCESSES / "penugasan_1c_penunjukkan_lintas_instansi.bpmn")
    (collab,) = defs.collaborations
    assert collab.id == penugasan.COLLABORATION_1C
    assert [p.name for p in collab.participants] == ["Instansi Pemohon", "Instansi Dituju"]
    flows = {(f.source_ref, f.target_ref): f for f in collab.message_flows}
    assert ("PG1cA_kirim_ke_tujuan", "PG1cB_mulai") in flows
    assert ("PG1cB_kirim_jawaban", "PG1cA_terima_jawaban") in flows
    assert ("PG1cB_kirim_tembusan", "PG1cA_terima_tembusan") in flows
    # every throwing message event has a message flow out, every catching one a flow in
    root = etree.parse(str(PROCESSES / "penugasan_1c_penunjukkan_lintas_instansi.bpmn")).getroot()
    sources = {s for s, _ in flows}
    targets = {t for _, t in flows}
    for event in root.iter():
        if (
            not isinstance(event.tag, str)
            or event.find(f"{{{BPMN}}}messageEventDefinition") is None
        ):
            continue
        tag = etree.QName(event).localname
        if tag in ("intermediateThrowEvent", "endEvent"):
            assert event.get("id") in sources, event.get("id")
        else:
            assert event.get("id") in targets, event.get("id")
    # every message flow carries a declared message
    assert all(f.message_ref in defs.messages for f in collab.message_flows)


@pytest.mark.parametrize("stem", [s for s, (_, collab, _) in PATHS.items() if not collab])
def test_the_project_runner_finds_the_same_paths_and_covers_every_flow(stem):
    """probisnis.run (the product's runner) enumerates exactly the paths listed here."""
    target, _, paths = PATHS[stem]
    path = PROCESSES / f"{stem}.bpmn"
    found = enumerate_paths(path, process_id=target)
    assert len(found) == len(paths)
    results = [run(path, process_id=target, decisions=decisions) for _, decisions, _ in paths]
    for result, (_, _, ends) in zip(results, paths, strict=True):
        assert list(result.trace["element_id"])[-1] == ends[0]
    assert flow_coverage(results, processes=[target]).ratio == 1.0
