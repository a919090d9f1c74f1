"""Pertanggungjawaban (Pasal 14-16) and pengelolaan kinerja (Pasal 17), run with SpiffWorkflow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from SpiffWorkflow.exceptions import WorkflowException

from probisnis.bpmn import read
from probisnis.bpmn.writer import to_bytes
from probisnis.library import kinerja
from probisnis.run import run
from probisnis.run.coverage import flow_coverage
from probisnis.validate import validate_paths
from spiff_paths import run_path, sequence_flows, without_di

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "perwali-probolinggo-88-2024.txt"
PJ = ROOT / "processes" / "pertanggungjawaban.bpmn"
PK = ROOT / "processes" / "pengelolaan_kinerja.bpmn"

TIM = {"PJ_siapkan": {"bentuk": "tim_kerja"}}
#: Pasal 15 ayat (3): the event subprocess's timer fires while these tasks are open
SEWAKTU = {"PJ_lapor_ketua": [1, 3]}
PJ_PATHS = [
    ("individu", {"PJ_siapkan": {"bentuk": "individu"}}, ["PJ_selesai_individu"]),
    (
        "tim, satu periode, tanpa permintaan",
        {**TIM, "PJ_terima_berkala": {"tugas_selesai": True}},
        ["PJ_selesai_tim"],
    ),
    (
        "tim, tiga periode, dua permintaan sewaktu-waktu",
        {
            **TIM,
            "PJ_terima_berkala": [{"tugas_selesai": False}] * 2 + [{"tugas_selesai": True}],
        },
        ["PJ_minta_selesai", "PJ_minta_selesai", "PJ_selesai_tim"],
    ),
]
#: path name -> when time passes (the Pimpinan asks at any time)
PJ_FIRE = {"tim, tiga periode, dua permintaan sewaktu-waktu": SEWAKTU}
#: the same in probisnis.run: how long the Ketua Tim's report stays open
PJ_TIME = {"tim, tiga periode, dua permintaan sewaktu-waktu": {"PJ_lapor_ketua": "P7D"}}

_PERIODE = {"PK_pengembangan": [{"periode_berakhir": False}, {"periode_berakhir": True}]}


def _award(piagam: bool, nominasi: bool, bimtek: bool) -> dict:
    return {
        **_PERIODE,
        "PK_evaluasi": {"di_atas_ekspektasi": True},
        "PK_pilih_penghargaan": {
            "penghargaan_piagam": piagam,
            "penghargaan_nominasi_award": nominasi,
            "penghargaan_bimtek_diklat": bimtek,
        },
    }


PK_PATHS = [
    ("piagam", _award(True, False, False), ["PK_penghargaan_diberikan"]),
    ("nominasi", _award(False, True, False), ["PK_penghargaan_diberikan"]),
    ("bimtek", _award(False, False, True), ["PK_penghargaan_diberikan"]),
    ("ketiganya", _award(True, True, True), ["PK_penghargaan_diberikan"]),
    (
        "sanksi",
        {
            **_PERIODE,
            "PK_evaluasi": {"di_atas_ekspektasi": False},
            "PK_telaah_sanksi": {"sanksi": True},
        },
        ["PK_sanksi_diberikan"],
    ),
    (
        "tanpa tindak lanjut",
        {
            "PK_pengembangan": {"periode_berakhir": True},
            "PK_evaluasi": {"di_atas_ekspektasi": False},
            "PK_telaah_sanksi": {"sanksi": False},
        },
        ["PK_tanpa_tindak_lanjut"],
    ),
]


def test_committed_files_are_generated_and_validate():
    for stem, make in kinerja.LIBRARY.items():
        path = ROOT / "processes" / f"{stem}.bpmn"
        assert without_di(path.read_bytes()) == without_di(to_bytes(make())), stem
    assert validate_paths([PJ, PK]) == []


@pytest.mark.parametrize(
    ("path", "process_id", "paths"),
    [(PJ, "PJ_pertanggungjawaban", PJ_PATHS), (PK, "PK_pengelolaan_kinerja", PK_PATHS)],
    ids=["pertanggungjawaban", "pengelolaan_kinerja"],
)
def test_every_path_runs_and_every_flow_is_covered(path, process_id, paths, capsys):
    covered: set[str] = set()
    for name, decisions, ends in paths:
        run = run_path([path], process_id, decisions, fire_before=PJ_FIRE.get(name))
        assert run.done, (name, run.waiting)
        assert run.ends == ends, name
        covered |= run.flows
    every = set(sequence_flows([path]).values())
    with capsys.disabled():
        print(f"\n{path.stem}: {len(paths)} paths, sequence flows {len(covered)}/{len(every)}")
    assert covered == every, sorted(every - covered)


def test_reports_go_up_the_lines_of_pasal_14_and_15():
    run = run_path([PJ], "PJ_pertanggungjawaban", PJ_PATHS[2][1], fire_before=SEWAKTU)
    order = run.completed
    # Anggota Tim -> Ketua Tim -> Pimpinan, three periods
    assert order.count("PJ_lapor_anggota") == order.count("PJ_lapor_ketua") == 3
    assert order.count("PJ_lapor_sewaktu") == 2
    first = order.index("PJ_lapor_anggota")
    assert first < order.index("PJ_lapor_ketua") < order.index("PJ_terima_berkala")
    individu = run_path([PJ], "PJ_pertanggungjawaban", PJ_PATHS[0][1]).completed
    assert "PJ_lapor_ketua" not in individu and "PJ_terima_individu" in individu
    defs = read(PJ)
    process = defs.process("PJ_pertanggungjawaban")
    assert process.lane_name("PJ_lapor_anggota") == "Pejabat Fungsional dan/atau Pejabat Pelaksana"
    assert process.lane_name("PJ_lapor_ketua") == "Ketua Tim"
    assert process.lane_name("PJ_terima_berkala") == "Pimpinan Unit Organisasi"
    # Pasal 15 ayat (3): an event subprocess that does not interrupt, its body in two lanes
    sewaktu = process.nodes["PJ_permintaan_sewaktu"]
    assert sewaktu.kind == "subProcess" and sewaktu.triggered_by_event
    body = sewaktu.subprocess
    start = body.nodes["PJ_minta_mulai"]
    assert start.attrs["isInterrupting"] == "false"
    assert [d.kind for d in start.event_definitions] == ["timer"]
    assert body.lane_name("PJ_minta_laporan") == "Pimpinan Unit Organisasi"
    assert body.lane_name("PJ_lapor_sewaktu") == "Ketua Tim"
    # each request is answered before the work goes on, as often as the Pimpinan asks
    assert order.count("PJ_minta_laporan") == order.count("PJ_terima_sewaktu") == 2
    assert order.index("PJ_lapor_sewaktu") < order.index("PJ_terima_sewaktu")


def test_penghargaan_forms_are_exactly_those_of_pasal_17_2_and_combine():
    run = run_path([PK], "PK_pengelolaan_kinerja", _award(True, False, True))
    assert "PK_piagam" in run.completed and "PK_bimtek" in run.completed
    assert "PK_nominasi" not in run.completed
    process = read(PK).process("PK_pengelolaan_kinerja")
    gateway = process.nodes["PK_bentuk_penghargaan"]
    assert gateway.kind == "inclusiveGateway"
    assert len(gateway.outgoing) == 3


def test_above_expectation_without_any_form_is_refused():
    with pytest.raises(WorkflowException):
        run_path([PK], "PK_pengelolaan_kinerja", _award(False, False, False))


def test_quoted_pasal_text_is_the_regulation_s():
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    for path in (PJ, PK):
        for _process, node in read(path).iter_nodes():
            assert node.documentation, node.id
            for line in node.documentation.splitlines():
                match = re.match(r"^(Pasal [^:]+|Lampiran [^:]+): (.+)$", line)
                if match:
                    assert match.group(2) in seed, (node.id, line)


@pytest.mark.parametrize(
    ("path", "process_id", "paths"),
    [(PJ, "PJ_pertanggungjawaban", PJ_PATHS), (PK, "PK_pengelolaan_kinerja", PK_PATHS)],
    ids=["pertanggungjawaban", "pengelolaan_kinerja"],
)
def test_the_project_runner_agrees(path, process_id, paths):
    """probisnis.run takes the same paths to the same ends, covering every flow."""
    # time passes while the Ketua Tim reports (3 x 7 days): the Pimpinan's requests of
    # Pasal 15 ayat (3), every 10 days, come twice, as on the path's name
    results = [
        run(path, process_id=process_id, decisions=decisions, task_time=PJ_TIME.get(name))
        for name, decisions, _ in paths
    ]
    for result, (name, _, ends) in zip(results, paths, strict=True):
        order = list(result.trace["element_id"])
        assert order[-1] == ends[-1], name
        assert order.count("PJ_minta_selesai") == ends.count("PJ_minta_selesai"), name
    coverage = flow_coverage(results, processes=[process_id])
    assert not coverage.missing, coverage.missing
