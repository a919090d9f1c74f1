"""The process library: committed files = builder output, citations, roles, SpiffWorkflow."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from probisnis.bpmn.model import Definitions, Process
from probisnis.bpmn.reader import read
from probisnis.bpmn.writer import to_bytes
from probisnis.library import build as library_build
from probisnis.library.clauses import clauses
from probisnis.library.roles import ROLES, role_of
from probisnis.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "perwali-probolinggo-88-2024.txt"
NAMES = sorted(library_build.MECHANISMS)  # the strict checks below are for the mechanisms

_CITATION = re.compile(r"^\[(?P<id>[A-Z0-9.a-z]+)\] (?P<location>[^:]+): (?P<text>.*)$")
_REFERENCE = re.compile(r"^(?P<location>(?:Lampiran|Pasal) [^:]+): (?P<text>.+)$")


@pytest.fixture(scope="module", params=NAMES)
def library_file(request: pytest.FixtureRequest) -> tuple[Path, Definitions]:
    path = ROOT / "processes" / f"{request.param}.bpmn"
    return path, read(path, schema="strict")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_committed_files_are_what_the_library_builds(tmp_path: Path) -> None:
    """``python -m probisnis.library.build --check`` would report nothing."""
    docs = ROOT / "docs" / "processes"
    assert library_build.build(ROOT / "processes", docs=docs, check=True) == []
    for name in NAMES:  # every library file has its analysts' page with the generated tables
        page = (docs / f"{name}.md").read_text(encoding="utf-8")
        assert "<!-- tabel:mulai -->\n####" in page, name
    written = library_build.build(tmp_path)
    expected = [f"{n}.bpmn" for n in library_build.LIBRARY] + [
        f"{n}.dmn" for n in library_build.DMN
    ]
    assert sorted(p.name for p in written) == sorted(expected)
    for path in written:
        assert path.read_bytes() == (ROOT / "processes" / path.name).read_bytes()


def test_the_build_produces_every_committed_file_of_processes() -> None:
    """No file in processes/ escapes ``build --check``: each is one the library writes."""
    committed = {p.name for p in (ROOT / "processes").iterdir() if p.is_file()}
    produced = {path.name for path, _ in library_build.outputs(ROOT / "processes")}
    assert committed == produced
    assert "kedudukan.dmn" in produced and "penentuan_penilai_kinerja.bpmn" in produced


def test_check_mode_notices_a_changed_decision_table(tmp_path: Path) -> None:
    assert library_build.build(tmp_path, ["kedudukan"]) == [tmp_path / "kedudukan.dmn"]
    assert library_build.build(tmp_path, ["kedudukan"], check=True) == []
    table = tmp_path / "kedudukan.dmn"
    table.write_bytes(table.read_bytes().replace(b"Kepala Bagian", b"Kepala Dinas"))
    assert library_build.build(tmp_path, ["kedudukan"], check=True) == [table]


def test_build_entry_point_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert library_build.main(["--out", str(tmp_path), "--check"]) == 1  # nothing there yet
    assert "differs" in capsys.readouterr().out
    assert library_build.main(["--out", str(tmp_path)]) == 0
    assert library_build.main(["--out", str(tmp_path), "--check"]) == 0


@pytest.mark.skipif(not (SHARED / "domain" / "clauses.tsv").exists(), reason="no ../shared")
def test_packaged_clause_table_is_the_shared_one() -> None:
    shared = (SHARED / "domain" / "clauses.tsv").read_text(encoding="utf-8")
    packaged = (ROOT / "src/probisnis/library/data/clauses.tsv").read_text(encoding="utf-8")
    assert packaged == shared
    assert len(clauses()) == 133


def test_every_flow_node_cites_the_regulation(library_file: tuple[Path, Definitions]) -> None:
    path, defs = library_file
    table = clauses()
    seed = _squash(SEED.read_text(encoding="utf-8")) if SEED.exists() else None
    for _, node in defs.iter_nodes():
        lines = node.documentation.splitlines()
        cited = [m for m in map(_CITATION.match, lines) if m]
        refs = [m for m in map(_REFERENCE.match, lines) if m]
        assert cited or refs, f"{path.name}: {node.id} cites nothing"
        for m in cited:
            row = table[m["id"]]  # a KeyError is a misspelt id
            assert (m["location"], m["text"]) == (row.location, row.text), node.id
        if seed is not None:
            for m in refs:
                assert _squash(m["text"]) in seed, f"{node.id}: {m['text']!r} is not in the seed"
    for process in defs.processes.values():
        assert process.documentation, process.id
        assert process.is_executable, process.id


def test_lanes_are_posts_with_consistent_ids_and_names(
    library_file: tuple[Path, Definitions],
) -> None:
    _, defs = library_file
    for process in defs.processes.values():
        for lane in process.iter_lanes():
            key = role_of(lane.id)
            assert key in ROLES, lane.id
            assert lane.name == ROLES[key].name
            assert lane.id.startswith(next(iter(process.nodes)).split("_")[0] + "_")


def test_user_tasks_name_their_post(library_file: tuple[Path, Definitions]) -> None:
    """The post whose lane holds a user task is named in the task's documentation."""
    _, defs = library_file

    def lane_name(process: Process, node_id: str) -> str | None:
        """The lane of ``node_id`` in ``process`` or in a subprocess of it (its own lanes)."""
        found = process.lane_name(node_id)
        for node in process.nodes.values():
            if found is None and node.subprocess is not None:
                found = lane_name(node.subprocess, node_id)
        return found

    for process, node in defs.iter_nodes():
        if node.kind == "userTask":
            lane = lane_name(process, node.id)
            assert lane is not None, node.id
            assert lane.lower() in node.documentation.lower(), node.id


def test_gateways_are_labelled_and_conditions_compile(
    library_file: tuple[Path, Definitions],
) -> None:
    _, defs = library_file
    for process in defs.processes.values():
        for node in process.nodes.values():
            if node.kind != "exclusiveGateway" or len(node.outgoing) < 2:
                continue
            assert node.name.endswith("?"), node.id
            for flow_id in node.outgoing:
                flow = process.flows[flow_id]
                assert flow.name, flow_id
                if flow_id == node.default:
                    assert flow.condition is None
                else:
                    assert flow.condition, flow_id
                    compile(flow.condition, flow_id, "eval")


#: processes of other library files a mechanism may call: the penugasan variants
#: (Lampiran II.B.2), called from perencanaan
PENUGASAN_CALLS = {
    "PG_1a_penunjukkan_dalam_unit": "penugasan_1a_penunjukkan_dalam_unit",
    "PG_1b_penunjukkan_lintas_unit": "penugasan_1b_penunjukkan_lintas_unit",
}


def _library_paths(defs: Definitions, path: Path) -> list[Path]:
    """``path`` and the files of the processes it calls from other files."""
    called = {n.called_element for _, n in defs.iter_nodes() if n.kind == "callActivity"}
    others = sorted(PENUGASAN_CALLS[c] for c in called - set(defs.processes))
    return [path, *(ROOT / "processes" / f"{stem}.bpmn" for stem in others)]


def test_call_activities_call_the_phases_and_the_penugasan_processes(
    library_file: tuple[Path, Definitions],
) -> None:
    _, defs = library_file
    calls = {n.id: n.called_element for _, n in defs.iter_nodes() if n.kind == "callActivity"}
    top = next(p for p in defs.processes if p.endswith("_mekanisme"))
    phases = {calls[n] for n in defs.processes[top].nodes if n in calls}
    assert phases == set(defs.processes) - {top}
    # D<n>.a "proses permohonan pelibatan ... lintas unit organisasi" is II.B.2 1) b)
    prefix = top.removesuffix("_mekanisme") + "a"
    assert calls[f"{prefix}_mohon_lintas_unit"] == "PG_1b_penunjukkan_lintas_unit"
    assert set(calls.values()) - set(defs.processes) <= set(PENUGASAN_CALLS)
    for called in set(calls.values()) - set(defs.processes):
        assert called in read(ROOT / "processes" / f"{PENUGASAN_CALLS[called]}.bpmn").processes
    for node_id, called in calls.items():
        if called in PENUGASAN_CALLS:  # the call says which variant and cites it
            node = next(n for _, n in defs.iter_nodes() if n.id == node_id)
            assert called in node.documentation and "Lampiran II.B.2" in node.documentation
            assert re.search(r"\[B2\.1[ab]\.1\]", node.documentation), node_id


@pytest.mark.parametrize("parser_class", [BpmnParser, SpiffBpmnParser])
def test_spiffworkflow_parses_every_process(
    library_file: tuple[Path, Definitions], parser_class: type[BpmnParser]
) -> None:
    path, defs = library_file
    parser = parser_class()
    parser.add_bpmn_files([str(p) for p in _library_paths(defs, path)])
    for process_id, process in defs.processes.items():
        spec = parser.get_spec(process_id)
        assert set(process.nodes) <= set(spec.task_specs)
    top = next(p for p in defs.processes if p.endswith("_mekanisme"))
    called = {n.called_element for _, n in defs.iter_nodes() if n.kind == "callActivity"}
    # SpiffWorkflow keeps embedded and event subprocesses (the monitoring) as specs too
    embedded = {n.id for _, n in defs.iter_nodes() if n.kind == "subProcess"}
    assert set(parser.get_subprocess_specs(top)) == \
        (set(defs.processes) | called | embedded) - {top}


def test_project_validator_finds_nothing(library_file: tuple[Path, Definitions]) -> None:
    path, defs = library_file
    # with the files it calls, so the calledElement of the penugasan call resolves
    assert [str(f) for f in validate_paths(_library_paths(defs, path))] == []


def test_written_bytes_are_stable(library_file: tuple[Path, Definitions]) -> None:
    path, defs = library_file
    assert to_bytes(defs) == path.read_bytes()


@pytest.mark.parametrize(
    "name", sorted(set(library_build.LIBRARY) - set(library_build.maps.LIBRARY))
)
def test_every_lane_of_the_library_is_a_known_post(name: str) -> None:
    """Penugasan, kinerja and kedudukan lanes too: one role key, one name everywhere.

    (The Pasal 20 maps' lanes are process categories, not posts.)
    """
    defs = read(ROOT / "processes" / f"{name}.bpmn")
    for process in defs.processes.values():
        for lane in process.iter_lanes():
            key = role_of(lane.id)
            assert key in ROLES, lane.id
            assert lane.name == ROLES[key].name, lane.id


def test_call_activity_names_leave_room_for_the_marker(
    library_file: tuple[Path, Definitions],
) -> None:
    """bpmn-js centres the name and draws the call marker at the bottom: at most 3 lines.

    (About 15 characters per line in a 100 px task; a 4th line runs into the marker.)
    """
    _, defs = library_file
    for _, node in defs.iter_nodes():
        if node.kind == "callActivity":
            assert len(textwrap.wrap(node.name, 15)) <= 3, node.name
