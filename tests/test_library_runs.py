"""Run the mechanisms with SpiffWorkflow along paths the regulation's text describes.

Each run starts ``M<n>_mekanisme`` (which calls the three phases), completes
every ready user task with the decisions data of the scenario and records
(task id, lane name) in order. The expected sequences are read off Lampiran II.D.
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

ROOT = Path(__file__).resolve().parents[1]

SEKDA, ASISTEN, KABAG = "Sekretaris Daerah", "Asisten Sekretaris Daerah", "Kepala Bagian"
KETUA, JFJP = "Ketua Tim", "Pejabat Fungsional dan/atau Pejabat Pelaksana"


@cache
def _parser(name: str) -> BpmnParser:
    parser = BpmnParser()
    parser.add_bpmn_file(str(ROOT / "processes" / f"{name}.bpmn"))
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
        assert len(ready) == 1, [t.task_spec.name for t in ready]
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


ACCEPT_ALL = {
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
        ("M1a_susun_rencana", JFJP),  # D1.a.6
        ("M1b_susun_rincian", JFJP),  # D1.b.1-2
        ("M1b_laksanakan", JFJP),  # D1.b.3, 5, 6
        ("M1b_pantau_pimpinan", KABAG),  # D1.b.7
        ("M1b_sampaikan_individu", JFJP),  # D1.b.8: by the individual
        *M1_EVALUASI,  # D1.c.1-4: Kabag -> Asisten -> Sekda
    ]


def test_m1_team_with_ketua_tim_and_cross_unit_request() -> None:
    done = m1({"bentuk": "tim", "lintas_unit": True, "ketua_tim": True})
    assert done == [
        *M1_PERENCANAAN_HEAD,
        ("M1a_mohon_lintas_unit", KABAG),  # D1.a.5
        ("M1a_tunjuk_ketua_tim", KABAG),  # D1.a.4
        ("M1a_susun_rencana", JFJP),
        ("M1b_susun_rincian", JFJP),
        ("M1b_bagi_peran_ketua", KETUA),  # D1.b.4
        ("M1b_laksanakan", JFJP),
        ("M1b_pantau_ketua", KETUA),  # D1.b.7 "dan/atau Ketua Tim"
        ("M1b_sampaikan_ketua", KETUA),  # D1.b.8 "atau Ketua Tim"
        *M1_EVALUASI,
    ]


def test_m1_team_without_ketua_tim_is_led_by_the_kepala_bagian() -> None:
    done = m1({"bentuk": "tim", "lintas_unit": False, "ketua_tim": False})
    lanes = dict(done)
    assert "M1a_tunjuk_ketua_tim" not in lanes
    assert lanes["M1b_bagi_peran_pimpinan"] == KABAG
    assert lanes["M1b_pantau_pimpinan"] == KABAG
    assert lanes["M1b_sampaikan_individu"] == JFJP
    assert not any(lane == KETUA for _, lane in done)


def test_m1_monitoring_repeats_until_the_result_meets_the_target() -> None:
    misses = [{"sesuai_target": False}, {"sesuai_target": False}]
    done = m1({"bentuk": "individu", "lintas_unit": False}, {"M1b_pantau_pimpinan": misses})
    tasks = [t for t, _ in done]
    assert tasks.count("M1b_laksanakan") == 3
    assert tasks.count("M1b_pantau_pimpinan") == 3
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
