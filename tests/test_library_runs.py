"""Run the mechanisms with SpiffWorkflow along paths the regulation's text describes.

Each run starts ``M<n>_mekanisme`` (which calls the three phases), completes
every ready user task with the decisions data of the scenario and records
(task id, lane name) in order. The expected sequences are read off Lampiran II.D;
perencanaan calls the penugasan processes of Lampiran II.B.2 (their own files).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from probisnis.bpmn.xml import parse_bytes
from probisnis.run.prepare import drop_data_associations

ROOT = Path(__file__).resolve().parents[1]

SEKDA, ASISTEN, KABAG = "Sekretaris Daerah", "Asisten Sekretaris Daerah", "Kepala Bagian"
KETUA, JFJP = "Ketua Tim", "Pejabat Fungsional dan/atau Pejabat Pelaksana"
PIMPINAN, PEMILIK = "Pimpinan Unit Organisasi", "Pimpinan Unit Organisasi Pemilik Kinerja"
PPK_TUJUAN, PIMPINAN_TUJUAN = (
    "Pejabat Penilai Kinerja (PPK) unit dituju",
    "Pimpinan Unit Organisasi dituju",
)

#: the penugasan files the mechanisms call (Lampiran II.B.2 1) a) and 1) b))
CALLED = ("penugasan_1a_penunjukkan_dalam_unit", "penugasan_1b_penunjukkan_lintas_unit")

#: Lampiran II.B.2 1) b), approved: letter -> the target PPK approves -> recommendation ->
#: assignment letter -> the JF/JP receive it (B2.1b.1-3, 5)
LINTAS_UNIT_DISETUJUI = [
    ("PG1b_kirim_permohonan", PEMILIK),  # B2.1b.1
    ("PG1b_proses", PPK_TUJUAN),  # B2.1b.2
    ("PG1b_rekomendasi", PIMPINAN_TUJUAN),  # B2.1b.3
    ("PG1b_susun_surat", PPK_TUJUAN),  # B2.1b.3
    ("PG1b_terima_persetujuan", PEMILIK),  # B2.1b.2: the requester learns the answer
    ("PG1b_terima", JFJP),  # B2.1b.5
]


@cache
def _parser(name: str) -> BpmnParser:
    parser = BpmnParser()
    for stem in (name, *CALLED):
        # the documents (data objects) describe, they hold no variables: dropped as `run` does
        path = ROOT / "processes" / f"{stem}.bpmn"
        root = parse_bytes(path.read_bytes(), str(path)).getroot()
        drop_data_associations(root)
        parser.add_bpmn_xml(root, str(path))
    return parser


def run(
    name: str,
    top: str,
    data: Mapping[str, Any],
    per_task: Mapping[str, list[Mapping[str, Any]]] | None = None,
    limit: int = 200,
) -> list[tuple[str, str]]:
    """Complete user tasks until the workflow ends; ``per_task``: task id -> data per visit."""
    parser = _parser(name)
    workflow = BpmnWorkflow(parser.get_spec(top), parser.get_subprocess_specs(top))
    visits: dict[str, int] = {}
    done: list[tuple[str, str]] = []
    workflow.do_engine_steps()
    while not workflow.is_completed():
        ready = workflow.get_tasks(state=TaskState.READY)
        # two ready at once only where execution and monitoring run side by side
        assert len(ready) <= 3, [t.task_spec.name for t in ready]
        task = ready[0]
        task_id = task.task_spec.name
        update = dict(data)
        extra = (per_task or {}).get(task_id, [])
        n = visits.get(task_id, 0)
        if n < len(extra):
            update.update(extra[n])
        visits[task_id] = n + 1
        task.data.update(update)
        task.run()
        done.append((task_id, task.task_spec.lane))
        workflow.do_engine_steps()
        assert len(done) < limit, "no end in sight"
    return done


def timed(
    name: str,
    top: str,
    data: Mapping[str, Any],
    per_task: Mapping[str, list[Mapping[str, Any]]] | None = None,
    work: str = "P15D",
) -> list[tuple[str, str]]:
    """The same run through ``probisnis.run`` with ``work`` of time passing while the
    execution (``M<n>b_laksanakan``) is open: the monitoring, started by timers ("secara
    berkala" every 7 days, "sewaktu-waktu" every 10 in SpiffWorkflow), happens meanwhile.
    Without time passing (:func:`run`) no timer fires and there is no monitoring."""
    from probisnis.run import run as project_run

    visits: dict[str, list[dict[str, Any]]] = {}
    for task, _ in run(name, top, data, per_task):
        extra = (per_task or {}).get(task, [])
        n = len(visits.get(task, []))
        visits.setdefault(task, []).append({**data, **(extra[n] if n < len(extra) else {})})
    execution = f"{top.split('_')[0]}b_laksanakan"
    result = project_run(ROOT / "processes" / f"{name}.bpmn", process_id=top,
                         decisions=visits, task_time={execution: work})
    assert result.completed
    return [(row.element_id, row.lane) for row in result.activities.itertuples()]


ACCEPT_ALL = {
    "disetujui": True,
    "kendala": False,
    "pimpinan_memantau": False,
    "ajukan_lagi": False,
    "sesuai_target": True,
    "sesuai_kabag": True,
    "sesuai_asisten": True,
    "sesuai_sekda": True,
}

M1_PERENCANAAN_HEAD = [
    ("M1a_susun_pk", SEKDA),  # D1.a.1
    ("M1a_rencana_hasil_kerja_asisten", SEKDA),  # D1.a.2-3
    ("M1a_tunjuk_kabag", ASISTEN),  # D1.a.3
    ("M1a_rumuskan_strategi", KABAG),  # D1.a.4
]
#: D1.a.6 "bersama Kepala Bagian": both lanes work on the plan at the same time
M1_RENCANA = [("M1a_susun_rencana_pimpinan", KABAG), ("M1a_susun_rencana", JFJP)]
M1_EVALUASI = [
    ("M1c_tinjau_kabag", KABAG),
    ("M1c_tinjau_asisten", ASISTEN),
    ("M1c_tinjau_sekda", SEKDA),
]


def m1(data: Mapping[str, Any], per_task: Mapping[str, list[Mapping[str, Any]]] | None = None):  # type: ignore[no-untyped-def]
    return run("m1_sekretariat_daerah", "M1_mekanisme", {**ACCEPT_ALL, **data}, per_task)


def test_m1_individual_without_cross_unit_help() -> None:
    done = m1({"bentuk": "individu", "lintas_unit": False})
    assert done == [
        *M1_PERENCANAAN_HEAD,
        *M1_RENCANA,  # D1.a.6
        ("M1b_susun_rincian", JFJP),  # D1.b.1-2
        ("M1b_laksanakan", JFJP),  # D1.b.3, 5, 6 (no time passes: no monitoring, see below)
        ("M1b_sampaikan_individu", JFJP),  # D1.b.8: by the individual
        *M1_EVALUASI,  # D1.c.1-4: Kabag -> Asisten -> Sekda
    ]


def test_m1_team_with_ketua_tim_and_cross_unit_request() -> None:
    done = m1({"bentuk": "tim", "lintas_unit": True, "ketua_tim": True})
    assert done == [
        *M1_PERENCANAAN_HEAD,
        *LINTAS_UNIT_DISETUJUI,  # D1.a.5: the permohonan pelibatan is II.B.2 1) b)
        ("M1a_tunjuk_ketua_tim", KABAG),  # D1.a.4
        *M1_RENCANA,
        ("M1b_susun_rincian", JFJP),
        ("M1b_bagi_peran_ketua", KETUA),  # D1.b.4
        ("M1b_laksanakan", JFJP),
        ("M1b_sampaikan_ketua", KETUA),  # D1.b.8 "atau Ketua Tim"
        ("M1b_lapor_kinerja_anggota", KETUA),  # II.B.3: members' results to PPK and Pimpinan
        *M1_EVALUASI,
    ]


def test_m1_the_kepala_bagian_and_the_ketua_tim_both_monitor_alongside_the_work() -> None:
    """D1.b.7 "oleh Kepala Bagian dan/atau Ketua Tim", "secara berkala atau sewaktu-waktu"."""
    team = {"bentuk": "tim", "lintas_unit": False, "ketua_tim": True}
    both = timed("m1_sekretariat_daerah", "M1_mekanisme",
                 {**ACCEPT_ALL, **team, "pimpinan_memantau": True})
    tasks = [t for t, _ in both]
    lanes = dict(both)
    assert lanes["M1b_pantau_ketua"] == KETUA and lanes["M1b_pantau_pimpinan"] == KABAG
    # monitoring happens while the work is open (done before it), not after it: 15 days of
    # work = weekly at 7 and 14 days, "sewaktu-waktu" at 10 days, each by both monitors
    work = tasks.index("M1b_laksanakan")
    assert tasks.index("M1b_bagi_peran_ketua") < tasks.index("M1b_pantau_ketua") < work
    assert sorted(t for t in tasks if "pantau" in t) == sorted([
        *["M1b_pantau_ketua", "M1b_pantau_pimpinan"] * 2,  # days 7 and 14 (berkala)
        "M1b_pantau_ketua_sewaktu", "M1b_pantau_pimpinan_sewaktu",  # day 10
    ])
    assert max(i for i, t in enumerate(tasks) if "pantau" in t) < work
    only_ketua = [t for t, _ in timed("m1_sekretariat_daerah", "M1_mekanisme",
                                      {**ACCEPT_ALL, **team})]
    assert "M1b_pantau_ketua" in only_ketua and "M1b_pantau_pimpinan" not in only_ketua


def test_m1_a_team_takes_a_problem_to_the_kepala_bagian_to_decide() -> None:
    """Lampiran II.B.3: the Tim Kerja's problems go to the Pimpinan "untuk diputuskan"."""
    team = {"bentuk": "tim", "lintas_unit": False, "ketua_tim": False}
    done = m1(team, {"M1b_laksanakan": [{"kendala": True}]})
    tasks = [t for t, _ in done]
    work = tasks.index("M1b_laksanakan")
    assert work < tasks.index("M1b_sampaikan_kendala") < tasks.index("M1b_putuskan_kendala")
    assert dict(done)["M1b_putuskan_kendala"] == KABAG
    assert tasks.index("M1b_putuskan_kendala") < tasks.index("M1b_sampaikan_individu")
    # an individual's problems are not regulated: no escalation path
    alone = m1({"bentuk": "individu", "lintas_unit": False, "kendala": True})
    assert "M1b_sampaikan_kendala" not in dict(alone)


def test_m1_a_refused_cross_unit_request_is_answered_and_planning_goes_on() -> None:
    refused = {"bentuk": "tim", "lintas_unit": True, "ketua_tim": False, "disetujui": False}
    done = m1(refused)
    asked = [
        ("PG1b_kirim_permohonan", PEMILIK),  # B2.1b.1
        ("PG1b_proses", PPK_TUJUAN),  # B2.1b.2
        ("PG1b_jawab_tolak", PPK_TUJUAN),  # B2.1b.4: answered with the reasons
        ("PG1b_terima_penolakan", PEMILIK),  # ... which reach the requester
    ]
    decide = ("M1a_tindak_lanjut_penolakan", KABAG)  # the Kepala Bagian decides what next
    assert done[: len(M1_PERENCANAAN_HEAD) + 7] == [
        *M1_PERENCANAAN_HEAD,
        *asked,
        decide,
        *M1_RENCANA,  # D1.a.6: on with the JF/JP at hand
    ]
    assert "PG1b_terima" not in dict(done)
    # or ask another unit: the request runs again
    again = m1(refused, {"M1a_tindak_lanjut_penolakan": [{"ajukan_lagi": True}, {}]})
    assert [t for t, _ in again].count("PG1b_kirim_permohonan") == 2


def test_m1_team_without_ketua_tim_is_led_by_the_kepala_bagian() -> None:
    done = timed("m1_sekretariat_daerah", "M1_mekanisme",
                 {**ACCEPT_ALL, "bentuk": "tim", "lintas_unit": False, "ketua_tim": False})
    lanes = dict(done)
    assert "M1a_tunjuk_ketua_tim" not in lanes
    assert lanes["M1b_bagi_peran_pimpinan"] == KABAG
    assert lanes["M1b_pantau_pimpinan"] == KABAG
    assert lanes["M1b_sampaikan_individu"] == JFJP
    assert not any(lane == KETUA for _, lane in done)


def test_m1_monitoring_repeats_until_the_result_meets_the_target() -> None:
    misses = [{"sesuai_target": False}, {"sesuai_target": False}]
    done = timed("m1_sekretariat_daerah", "M1_mekanisme",
                 {**ACCEPT_ALL, "bentuk": "individu", "lintas_unit": False},
                 {"M1b_laksanakan": misses})
    tasks = [t for t, _ in done]
    assert tasks.count("M1b_laksanakan") == 3
    # monitoring runs alongside the whole execution, rework included: each 15-day pass
    # has its weekly cycle (days 7 and 14), and the phase's 45 days its 10-day one
    assert tasks.count("M1b_pantau_pimpinan") == 3 * 2
    assert tasks.count("M1b_pantau_pimpinan_sewaktu") == 4
    assert "M1b_pantau_ketua" not in tasks  # an individual: the Kepala Bagian monitors
    last = max(i for i, t in enumerate(tasks) if "pantau" in t)
    assert last < tasks.index("M1b_sampaikan_individu")
    assert tasks.count("M1b_sampaikan_individu") == 1


@pytest.mark.parametrize(
    ("reviewer", "reviews_before_rework"),
    [("M1c_tinjau_kabag", 1), ("M1c_tinjau_asisten", 2), ("M1c_tinjau_sekda", 3)],
)
def test_m1_a_miss_at_any_review_level_goes_back_for_rework(
    reviewer: str, reviews_before_rework: int
) -> None:
    variable = {"M1c_tinjau_kabag": "sesuai_kabag", "M1c_tinjau_asisten": "sesuai_asisten"}.get(
        reviewer, "sesuai_sekda"
    )
    done = m1({"bentuk": "individu", "lintas_unit": False}, {reviewer: [{variable: False}]})
    evaluasi = [d for d in done if d[0].startswith("M1c_")]
    assert evaluasi == [
        *M1_EVALUASI[:reviews_before_rework],
        ("M1c_sesuaikan", JFJP),  # returned to JF/JP
        *M1_EVALUASI,  # and reviewed again up the whole chain
    ]


def test_m1_an_unknown_bentuk_stops_the_run_instead_of_guessing() -> None:
    with pytest.raises(WorkflowException):
        m1({"bentuk": "kelompok", "lintas_unit": False})


def test_m1_a_missing_decision_stops_the_run() -> None:
    with pytest.raises(WorkflowException):
        m1({"bentuk": "individu"})  # lintas_unit never decided


JPT, ADM, PENGAWAS = "Pejabat Pimpinan Tinggi Pratama", "Pejabat Administrator", "Pejabat Pengawas"
JF_PIMPINAN = "Pejabat Fungsional yang memimpin unit organisasi"

#: file, top process, decision variables of its reviewers
MECHANISMS = {
    2: ("m2_jpt_dua_level", ("sesuai_adm", "sesuai_jpt")),
    3: ("m3_jpt_satu_level", ("sesuai_jpt",)),
    4: ("m4_administrator", ("sesuai_pengawas", "sesuai_adm")),
    5: ("m5_pengawas", ("sesuai_pengawas",)),
    6: ("m6_pejabat_fungsional", ("sesuai_jf_pimpinan",)),
}


def _accept(n: int) -> dict[str, Any]:
    return {
        "sesuai_target": True,
        "disetujui": True,
        "kendala": False,
        "pimpinan_memantau": False,
        "ajukan_lagi": False,
        "bacaan": "II.D",
        **dict.fromkeys(MECHANISMS[n][1], True),
    }


def mechanism(n: int, data: Mapping[str, Any], per_task=None):  # type: ignore[no-untyped-def]
    name, variables = MECHANISMS[n]
    accept = {
        "sesuai_target": True,
        "disetujui": True,
        "kendala": False,
        "pimpinan_memantau": False,
        "ajukan_lagi": False,
        "bacaan": "II.D",
        **dict.fromkeys(variables, True),
    }
    return run(name, f"M{n}_mekanisme", {**accept, **data}, per_task)


INDIVIDU = {"bentuk": "individu", "lintas_unit": False}


def test_m2_jpt_sets_targets_administrator_plans_jpt_monitors_and_receives() -> None:
    done = mechanism(2, INDIVIDU)
    assert done == [
        ("M2a_susun_pk", JPT),  # D2.a.1
        ("M2a_bagi_tanggung_jawab", JPT),  # D2.a.2
        ("M2a_beri_arahan", JPT),  # D2.a.3
        ("M2a_rumuskan_strategi", ADM),  # D2.a.4
        ("M2a_sampaikan_arahan", ADM),  # D2.a.5
        ("M2a_susun_rencana_pimpinan", ADM),  # D2.a.9 "bersama Pejabat Administrator"
        ("M2a_susun_rencana", JFJP),  # D2.a.9
        ("M2b_susun_rincian", JFJP),  # D2.b.1-2
        ("M2b_laksanakan", JFJP),  # D2.b.5-7 (the JPT's monitoring, D2.b.8: with time)
        ("M2b_sampaikan_individu", JFJP),  # D2.b.9: to the JPT
        ("M2b_teruskan_adm", JPT),  # the hand-off D2.b.9 -> D2.c.1, made visible
        ("M2c_tinjau_adm", ADM),  # D2.c.1
        ("M2c_tinjau_jpt", JPT),  # D2.c.2-3
    ]


def test_m2_team_roles_are_divided_by_the_administrator_without_a_ketua_tim() -> None:
    done = mechanism(2, {"bentuk": "tim", "lintas_unit": True, "ketua_tim": False})
    lanes = dict(done)
    tasks = [t for t, _ in done]
    # D2.a.6: the permohonan pelibatan (II.B.2 1) b)) after the arahan, before the plan
    assert tasks.index("M2a_sampaikan_arahan") < tasks.index("PG1b_kirim_permohonan")
    assert tasks[tasks.index("PG1b_kirim_permohonan") :][:7] == [
        *(t for t, _ in LINTAS_UNIT_DISETUJUI),
        "M2a_susun_rencana_pimpinan",
    ]
    assert lanes["M2b_bagi_peran_pimpinan"] == ADM  # D2.b.3-4
    monitored = dict(timed(MECHANISMS[2][0], "M2_mekanisme", {**_accept(2), **INDIVIDU}))
    assert monitored["M2b_pantau_pimpinan"] == JPT  # D2.b.8: the JPT monitors (quirk kept)


def test_m3_one_official_does_everything_above_the_jf_jp() -> None:
    done = mechanism(3, {"bentuk": "tim", "lintas_unit": False, "ketua_tim": True})
    assert [t for t, _ in done if not t.startswith("M3b_")] == [
        "M3a_susun_pk",
        "M3a_rumuskan_strategi",
        "M3a_sampaikan_arahan",
        "M3a_tunjuk_ketua_tim",
        "M3a_susun_rencana_pimpinan",
        "M3a_susun_rencana",
        "M3c_tinjau_jpt",
    ]
    assert {lane for _, lane in done} == {JPT, KETUA, JFJP}


def test_m4_pengawas_recommends_administrator_assigns_review_goes_pengawas_then_administrator() -> (
    None
):
    done = mechanism(4, INDIVIDU)
    assert done[:7] == [
        ("M4a_susun_pk", ADM),  # D4.a.1
        ("M4a_bagi_tanggung_jawab", ADM),  # D4.a.2
        ("M4a_rekomendasi_jfjp", PENGAWAS),  # D4.a.3-4
        # D4.a.3 "menugaskan": penunjukkan dalam unit (II.B.2 1) a)), its own process
        ("PG1a_tunjuk", PIMPINAN),  # B2.1a.1
        ("PG1a_surat", PIMPINAN),
        ("PG1a_terima", JFJP),
        ("M4a_rumuskan_strategi", PENGAWAS),  # D4.a.5
    ]
    monitored = timed(MECHANISMS[4][0], "M4_mekanisme", {**_accept(4), **INDIVIDU})
    assert ("M4b_pantau_pimpinan", PENGAWAS) in monitored  # D4.b.7
    assert [d for d in done if d[0].startswith("M4c_")] == [
        ("M4c_tinjau_pengawas", PENGAWAS),
        ("M4c_tinjau_adm", ADM),
    ]


def test_m4_the_reading_chooses_who_assigns_the_jf_jp() -> None:
    """II.D.4: the Administrator (PPK) assigns; II.B.1.c: the Pengawas is the PPK and assigns."""
    from probisnis.run import run as project_run

    def trace(bacaan: str) -> list[str]:
        decisions = {
            "M4a_rekomendasi_jfjp": {"bacaan": bacaan},
            "M4a_rumuskan_strategi": INDIVIDU,
            "M4b_laksanakan": {"kendala": False, "sesuai_target": True},
            "M4c_tinjau_pengawas": {"sesuai_pengawas": True},
            "M4c_tinjau_adm": {"sesuai_adm": True},
        }
        result = project_run("M4_mekanisme", library=ROOT / "processes", decisions=decisions)
        assert result.completed
        return list(result.trace["element_id"])

    d4, b1c = trace("II.D"), trace("II.B.1")
    assert "M4a_tugaskan_jfjp" in d4 and "M4a_tugaskan_jfjp_pengawas" not in d4
    assert "M4a_tugaskan_jfjp_pengawas" in b1c and "M4a_tugaskan_jfjp" not in b1c
    # the called penunjukkan runs in both: its Pimpinan lane is played by the chosen post
    assert "PG1a_tunjuk" in d4 and "PG1a_tunjuk" in b1c


@pytest.mark.parametrize(("n", "leader"), [(5, PENGAWAS), (6, JF_PIMPINAN)])
def test_m5_m6_results_that_miss_go_back_to_the_individual_or_team(n: int, leader: str) -> None:
    _, (variable,) = MECHANISMS[n]
    reviewer = f"M{n}c_tinjau_{variable.removeprefix('sesuai_')}"
    done = mechanism(n, INDIVIDU, {reviewer: [{variable: False}, {variable: False}]})
    evaluasi = [d for d in done if d[0].startswith(f"M{n}c_")]
    review, rework = (reviewer, leader), (f"M{n}c_sesuaikan", JFJP)
    assert evaluasi == [review, rework, review, rework, review]  # D5.c.2 / D6.c.2
    assert done[0] == (f"M{n}a_susun_pk", leader)


@pytest.mark.parametrize("approved", [True, False])
def test_the_project_runner_resolves_the_call_into_the_penugasan_file(approved: bool) -> None:
    """``probisnis run M1_mekanisme --library processes``: the call activity runs PG_1b."""
    from probisnis.run import run as project_run

    decisions = {
        "M1a_rumuskan_strategi": {"bentuk": "individu", "lintas_unit": True},
        "PG1b_proses": {"disetujui": approved},
        "M1a_tindak_lanjut_penolakan": {"ajukan_lagi": False},
        "M1b_laksanakan": {"sesuai_target": True},
        **{f"M1c_tinjau_{r}": {f"sesuai_{r}": True} for r in ("kabag", "asisten", "sekda")},
    }
    result = project_run("M1_mekanisme", library=ROOT / "processes", decisions=decisions)
    assert result.completed
    trace = list(result.trace["element_id"])
    called = trace[trace.index("M1a_gabung_permohonan") + 1 : trace.index("M1a_mohon_lintas_unit")]
    assert called[0] == "PG1b_mulai"
    assert called[-1] == ("PG1b_ditugaskan" if approved else "PG1b_ditolak")
    rows = result.trace[result.trace["element_id"].isin(called)]
    assert set(rows["process_id"]) == {"PG_1b_penunjukkan_lintas_unit"}


def test_m4_one_default_reading_for_the_decision_the_diagram_and_the_scenario() -> None:
    """One default reading (``BACAAN_BAKU``): ``kedudukan.decide()`` without ``bacaan``, the
    default flow of M4's gateway "Penilai Kinerja: II.D.4 atau II.B.1.c?" and the M4
    scenario's ``bacaan`` lead to the same Pejabat Penilai Kinerja assigning the JF/JP."""
    import tomllib

    from probisnis.bpmn import read
    from probisnis.library import kedudukan
    from probisnis.run import run as project_run

    rule = kedudukan.decide("administrator", "lebih_rendah")
    assert rule == kedudukan.decide("administrator", "lebih_rendah", kedudukan.BACAAN_BAKU)
    decisions = {
        "M4a_rekomendasi_jfjp": {"bacaan": kedudukan.BACAAN_BAKU},
        "M4a_rumuskan_strategi": INDIVIDU,
        "M4b_laksanakan": {"kendala": False, "sesuai_target": True},
        "M4c_tinjau_pengawas": {"sesuai_pengawas": True},
        "M4c_tinjau_adm": {"sesuai_adm": True},
    }
    result = project_run("M4_mekanisme", library=ROOT / "processes", decisions=decisions)
    assert result.completed
    assigned = [(row.element_id, row.lane) for row in result.activities.itertuples()
                if row.element_id.startswith("M4a_tugaskan_jfjp")]
    assert [lane for _, lane in assigned] == [rule.pejabat_penilai_kinerja]
    defs = read(ROOT / "processes" / "m4_administrator.bpmn")
    gateway = next(n for _, n in defs.iter_nodes() if n.id == "M4a_gw_bacaan")
    process = next(p for p in defs.processes.values() if gateway.id in p.nodes)
    assert gateway.default is not None
    assert process.flows[gateway.default].target_ref == assigned[0][0]
    scenario = tomllib.loads((ROOT / "simulations" / "m4_administrator.toml").read_text("utf-8"))
    assert scenario["attributes"]["bacaan"]["values"] == [kedudukan.BACAAN_BAKU]
