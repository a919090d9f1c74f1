"""Prosimos importer: the shared permit model, bad JSON, and agreement with Prosimos 2.1 itself."""

from __future__ import annotations

import copy
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from probisnis.errors import Bilingual, ScenarioError
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.distributions import Exponential, Fixed, Gamma, LogNormal, Normal, Uniform
from probisnis.sim.prosimos import load_prosimos, prosimos_distribution
from prosimos_runner import run_prosimos, welch

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
BPMN = BENCH / "permit.bpmn"
JSON = BENCH / "permit.json"
START = datetime(2025, 1, 6, 9, 0)  # a Monday, when the office opens

pytestmark = pytest.mark.skipif(not JSON.is_file(), reason="../shared/bench not available")


@pytest.fixture
def doc() -> dict[str, Any]:
    return json.loads(JSON.read_text())


def _write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "params.json"
    path.write_text(json.dumps(doc))
    return path


# ---------------------------------------------------------------------- the bench model


def test_permit_model_imports_faithfully() -> None:
    s = load_prosimos(BPMN, JSON, cases=123, start=START, seed=7, replications=2)
    assert (s.process_id, s.cases, s.seed, s.replications, s.start) == (
        "Process_permit",
        123,
        7,
        2,
        START,
    )
    assert {p: (v.count, v.cost_per_hour) for p, v in s.pools.items()} == {
        "clerk": (3, 20.0),
        "officer": (4, 35.0),
        "manager": (2, 50.0),
    }
    cal = s.pools["clerk"].calendar
    assert cal is not None and cal.hours_per_week == 40 and cal.holidays is None
    assert cal.is_working(0.0) and not cal.is_working(8 * 3600.0)  # 09:00 yes, 17:00 no
    assert {t: v.pool for t, v in s.tasks.items()} == {
        "T_receive": "clerk",
        "T_verify": "clerk",
        "T_request": "clerk",
        "T_fee": "clerk",
        "T_assess": "officer",
        "T_decide": "manager",
    }
    d = s.tasks
    assert d["T_receive"].duration == Normal(600, 120, 60, 1800)
    assert d["T_verify"].duration == Exponential(1200, 0, 0, 7200)
    assert d["T_request"].duration == Fixed(300)
    assert d["T_fee"].duration == Uniform(300, 900)
    assert d["T_assess"].duration == LogNormal.from_mean_variance(3600, 1_440_000, 600, 14_400)
    assert d["T_decide"].duration == Gamma.from_mean_variance(1800, 360_000, 300, 7200)
    assert dict(s.branching["G_complete"]) == {"f_yes": 0.8, "f_no": 0.2}
    assert s.arrivals.interarrival == Exponential(1200, 0, 0, 36_000)
    arrival_cal = s.arrivals.calendar
    assert arrival_cal is not None and arrival_cal.hours_per_week == 40
    assert s.calendar == WorkingCalendar.always()
    assert s.path == str(JSON) and s.warnings == ()


def test_prosimos_distributions() -> None:
    def dist(name: str, *values: float) -> Any:
        spec = {"distribution_name": name, "distribution_params": [{"value": v} for v in values]}
        return prosimos_distribution(spec, where="x")

    assert dist("fix", 5) == Fixed(5)
    assert dist("uniform", -10, 20) == Uniform(0, 20)  # negatives are redrawn by Prosimos
    # expon: min is the loc, scale = mean - min
    e = dist("expon", 900, 300, 1e9)
    assert (e.loc, e.scale, e.mean) == (300, 600, pytest.approx(900))
    assert dist("expon", 100, 300, 1e9).scale == 100  # mean < min: scale = mean, as pix does
    assert dist("norm", 600, 120, 60, 1800).mean == pytest.approx(600, abs=0.01)
    assert dist("lognorm", 3600, 1_440_000, 0, 1e12).variance == pytest.approx(1_440_000)
    assert dist("gamma", 1800, 360_000, 0, 1e12).mean == pytest.approx(1800)
    # extra parameters are ignored, like pix_framework; numeric strings are read
    assert dist("fix", 5, 6) == Fixed(5)
    spec = {"distribution_name": "fix", "distribution_params": [{"value": "7.5"}]}
    assert prosimos_distribution(spec, where="x") == Fixed(7.5)


def _spec(name: str, *values: Any) -> dict[str, Any]:
    return {"distribution_name": name, "distribution_params": [{"value": v} for v in values]}


P = "d.distribution_params"


@pytest.mark.parametrize(
    ("spec", "key", "needle"),
    [
        (_spec("weibull"), "d.distribution_name", "tidak didukung"),
        (_spec("norm", 1), P, "memerlukan 4"),
        (
            {"distribution_name": "fix", "distribution_params": [{"v": 1}]},
            f"{P}[0].value",
            "tidak ada: kunci ini wajib diisi",
        ),
        (_spec("fix", "x"), f"{P}[0].value", "terhingga"),
        (_spec("fix", -1), P, ">= 0"),
        (_spec("uniform", 5, 1), P, "lebih kecil dari min"),
        (_spec("expon", 0, 0, 9), P, "mean > 0"),
        (_spec("norm", 0, 1, 50, 60), P, "tidak memuat peluang"),
        (_spec("gamma", 5, 0, 0, 9), P, "variance > 0"),
        ({"distribution_params": []}, "d.distribution_name", "tidak ada: kunci ini wajib diisi"),
        ([1, 2], "d", "harus berupa objek"),
    ],
)
def test_bad_distributions(spec: Any, key: str, needle: str) -> None:
    with pytest.raises(ScenarioError) as info:
        prosimos_distribution(spec, where="d", path="p.json")
    assert info.value.element_id == key and info.value.path == "p.json"
    assert needle in info.value.message


def test_a_misspelt_distribution_name_gets_the_hint_in_both_languages() -> None:
    with pytest.raises(ScenarioError) as info:
        prosimos_distribution(_spec("gama", 1800, 360_000, 0, 1e12), where="d")
    message = info.value.message
    assert isinstance(message, Bilingual)
    assert message.startswith("distribusi 'gama' tidak didukung; mungkin maksudnya 'gamma'? "
                              "(yang didukung: ")
    assert message.en.startswith("unsupported distribution 'gama'; did you mean 'gamma'? "
                                 "(supported: ")


def _mutate(doc: dict[str, Any], edit: str) -> None:
    trd = doc["task_resource_distribution"]
    if edit == "no_profiles":
        del doc["resource_profiles"]
    elif edit == "unknown_task":
        trd[0]["task_id"] = "T_nope"
    elif edit == "gateway_as_task":
        trd[0]["task_id"] = "G_complete"
    elif edit == "task_twice":
        trd[1]["task_id"] = "T_receive"
    elif edit == "missing_task":
        del trd[5]
    elif edit == "unknown_resource":
        trd[2]["resources"][0]["resource_id"] = "boss"
    elif edit == "two_resources":
        trd[2]["resources"].append(copy.deepcopy(trd[2]["resources"][0]))
    elif edit == "unknown_calendar":
        doc["resource_profiles"][1]["resource_list"][0]["calendar"] = "cal_night"
    elif edit == "zero_amount":
        doc["resource_profiles"][2]["resource_list"][0]["amount"] = 0
    elif edit == "bad_sum":
        doc["gateway_branching_probabilities"][0]["probabilities"][1]["value"] = 0.3
    elif edit == "bad_flow":
        doc["gateway_branching_probabilities"][0]["probabilities"][1]["path_id"] = "f5"
    elif edit == "bad_gateway":
        doc["gateway_branching_probabilities"][0]["gateway_id"] = "T_verify"
    elif edit == "batching":
        doc["batch_processing"] = [{"task_id": "T_fee", "type": "Concurrent"}]
    elif edit == "fuzzy":
        doc["model_type"] = "FUZZY"
    elif edit == "bad_period":
        doc["resource_calendars"][0]["time_periods"][0]["endTime"] = "08:00:00"
    elif edit == "bad_day":
        doc["resource_calendars"][0]["time_periods"][0]["from"] = "MOONDAY"
    elif edit == "duplicate_resource":
        doc["resource_profiles"][1]["resource_list"][0]["id"] = "clerk"
    elif edit == "limit":
        doc["gateway_execution_limit"] = 0


@pytest.mark.parametrize(("edit", "indonesian", "english"), [
    ("T_verfy", "'T_verfy' tidak ada di model; mungkin maksudnya 'T_verify'? (",
     "'T_verfy' is not in the model; did you mean 'T_verify'? ("),
    ("clerc", "sumber daya 'clerc' tidak ada di resource_profiles; mungkin maksudnya 'clerk'?",
     "unknown resource 'clerc'; did you mean 'clerk'?"),
])
def test_a_misspelt_json_id_gets_the_hint_in_both_languages(
        tmp_path: Path, doc: dict[str, Any], edit: str, indonesian: str, english: str) -> None:
    trd = doc["task_resource_distribution"]
    if edit.startswith("T_"):
        trd[0]["task_id"] = edit
    else:
        trd[2]["resources"][0]["resource_id"] = edit
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, _write(tmp_path, doc), cases=10)
    message = info.value.message
    assert isinstance(message, Bilingual)
    assert indonesian in message and english in message.en, (message, message.en)


@pytest.mark.parametrize(
    ("edit", "key", "needle"),
    [
        ("no_profiles", "resource_profiles", "tidak ada: kunci ini wajib diisi"),
        ("unknown_task", "task_resource_distribution[0].task_id", "tidak ada di model"),
        ("gateway_as_task", "task_resource_distribution[0].task_id", "bukan tugas"),
        ("task_twice", "task_resource_distribution[1].task_id", "tercantum dua kali"),
        ("missing_task", "task_resource_distribution", "T_decide"),
        ("unknown_resource", "task_resource_distribution[2].resources[0].resource_id", "boss"),
        ("two_resources", "task_resource_distribution[2].resources[1].resource_id",
         "tercantum dua kali"),
        ("unknown_calendar", "resource_profiles[1].resource_list[0].calendar", "cal_night"),
        ("zero_amount", "resource_profiles[2].resource_list[0].amount", ">= 1"),
        ("bad_sum", "gateway_branching_probabilities[0].probabilities", "jumlahnya 1.1"),
        (
            "bad_flow",
            "gateway_branching_probabilities[0].probabilities[1].path_id",
            "bukan alur keluar",
        ),
        ("bad_gateway", "gateway_branching_probabilities[0].gateway_id", "bukan gerbang"),
        ("batching", "batch_processing[0].type", "Concurrent"),
        ("fuzzy", "granule_size", "FUZZY"),
        ("bad_period", "resource_calendars[0].time_periods[0]", "harus sesudah"),
        ("bad_day", "resource_calendars[0].time_periods[0]", "nama hari"),
        ("duplicate_resource", "resource_profiles[1].resource_list[0].id", "tercantum lagi"),
        ("limit", "gateway_execution_limit", ">= 1"),
    ],
)
def test_bad_json_names_file_and_key(
    tmp_path: Path, doc: dict[str, Any], edit: str, key: str, needle: str
) -> None:
    _mutate(doc, edit)
    path = _write(tmp_path, doc)
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path, cases=10)
    assert info.value.path == str(path)
    assert info.value.element_id == key
    assert needle in info.value.message
    assert str(info.value).startswith(f"{path}: [{key}] ")


def test_unreadable_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "resource_profiles": [\n    oops\n]}')
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert info.value.line == 3 and "bukan JSON yang sah" in info.value.message
    path.write_text("[1, 2]")
    with pytest.raises(ScenarioError, match="harus berupa objek JSON"):
        load_prosimos(BPMN, path)
    with pytest.raises(ScenarioError, match="tidak ditemukan"):
        load_prosimos(BPMN, tmp_path / "nothing.json")
    with pytest.raises(ScenarioError, match="jumlah kasus"):
        load_prosimos(BPMN, JSON, cases=0)


def test_blank_probability_gets_the_rest(tmp_path: Path, doc: dict[str, Any]) -> None:
    del doc["gateway_branching_probabilities"][0]["probabilities"][1]["value"]
    s = load_prosimos(BPMN, _write(tmp_path, doc))
    assert s.branching["G_complete"]["f_no"] == pytest.approx(0.2)
    assert any("f_no get 0.2" in w for w in s.warnings)


def test_arrival_calendar_defaults_to_the_first_tasks_resources(
    tmp_path: Path, doc: dict[str, Any]
) -> None:
    del doc["arrival_time_calendar"]
    doc["resource_calendars"].append(
        {"id": "cal_sat", "time_periods": [
            {"from": "SATURDAY", "to": "SATURDAY", "beginTime": "08:00:00", "endTime": "12:00:00"}
        ]}
    )  # fmt: skip
    doc["resource_profiles"][0]["resource_list"][0]["calendar"] = "cal_sat"  # clerks register
    s = load_prosimos(BPMN, _write(tmp_path, doc), start=START)
    cal = s.arrivals.calendar
    assert cal is not None and cal.hours_per_week == 4
    assert cal.is_working(cal.to_seconds(datetime(2025, 1, 11, 9, 0)))


def test_unknown_keys_are_warnings(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["comment"] = "hello"
    doc["prioritisation_rules"] = []  # an empty unsupported section is harmless
    s = load_prosimos(BPMN, _write(tmp_path, doc))
    assert s.warnings == (f"{tmp_path / 'params.json'}: unknown Prosimos key 'comment' ignored",)


# ---------------------------------------------------------------------- agreement

REPLICATIONS = 5
CASES = 2000


Run = tuple[float, dict[str, float], dict[str, tuple[float, int]]]


def _prosimos_run(seed: int) -> Run:
    """One Prosimos run: mean case duration, utilisation per resource type, task times."""
    run = run_prosimos(BPMN, JSON, CASES, seed=seed, start=START)
    process_kpi, task_kpis, resources = run.process, run.tasks, run.resources
    # Prosimos: utilisation of a resource = worked time (sum of sampled task durations)
    # / working time of its calendar between the first task start and the last task end
    # of the whole log; a type's utilisation is the mean over its instances ("clerk_0", ...)
    per_type: dict[str, list[float]] = {}
    for rid, kpi in resources.items():
        per_type.setdefault(rid.rsplit("_", 1)[0], []).append(kpi.utilization)
    util = {k: float(np.mean(v)) for k, v in per_type.items()}
    # per task: "processing_time" = the sampled (ideal) duration, off-shift time removed
    tasks = {t: (k.processing_time.avg, k.processing_time.count) for t, k in task_kpis.items()}
    # Prosimos "idle_cycle_time": last completion - arrival, wall clock, per case
    return float(process_kpi.idle_cycle_time.avg), util, tasks


def _probisnis_run(seed: int) -> Run:
    """Our run, with the KPIs computed exactly as Prosimos computes them."""
    from probisnis.sim.runner import simulate

    scenario = load_prosimos(BPMN, JSON, cases=CASES, start=START, seed=seed)
    result = simulate(scenario)
    cases = result.cases
    assert (cases["status"] == "finished").all()
    duration = float((cases["end"] - cases["arrival"]).mean())
    log = result.log
    first, last = float(log["start"].min()), float(log["end"].max())
    util = {}
    for pool_id, pool in scenario.pools.items():
        cal = result.calendars[pool_id]
        rows = log[log["resource"] == pool_id]
        worked = sum(
            cal.working_between(a, b) for a, b in zip(rows["start"], rows["end"], strict=True)
        )
        util[pool_id] = worked / (pool.count * cal.working_between(first, last))
    tasks = {}
    for task_id, spec in scenario.tasks.items():
        assert spec.pool is not None
        cal = result.calendars[spec.pool]
        rows = log[log["element_id"] == task_id]
        work = [cal.working_between(a, b) for a, b in zip(rows["start"], rows["end"], strict=True)]
        tasks[task_id] = (float(np.mean(work)), len(work))
    return duration, util, tasks


@pytest.mark.slow
def test_agrees_with_prosimos() -> None:
    """Same BPMN + JSON into both: utilisation within 3 points, case duration within the CI.

    Also the mean working duration of every task (Prosimos' per-task "processing time")
    within 5 standard errors: the distributions and their truncation match end to end.
    """
    ours = [_probisnis_run(1000 + r) for r in range(REPLICATIONS)]
    theirs = [_prosimos_run(2000 + r) for r in range(REPLICATIONS)]
    for pool in ("clerk", "officer", "manager"):
        u_ours = np.mean([run[1][pool] for run in ours])
        u_theirs = np.mean([run[1][pool] for run in theirs])
        assert 0.3 < u_theirs < 1.0  # the model keeps every pool busy
        assert abs(u_ours - u_theirs) <= 0.03, (pool, u_ours, u_theirs)
    low, high = welch([run[0] for run in ours], [run[0] for run in theirs])
    assert low <= 0.0 <= high, (low / 3600, high / 3600)
    scenario = load_prosimos(BPMN, JSON)
    for task_id, spec in scenario.tasks.items():
        n_ours = sum(run[2][task_id][1] for run in ours)
        n_theirs = sum(run[2][task_id][1] for run in theirs)
        m_ours = sum(run[2][task_id][0] * run[2][task_id][1] for run in ours) / n_ours
        m_theirs = sum(run[2][task_id][0] * run[2][task_id][1] for run in theirs) / n_theirs
        se = math.sqrt(spec.duration.variance * (1 / n_ours + 1 / n_theirs))
        assert abs(m_ours - m_theirs) <= 5 * se + 1e-6, (task_id, m_ours, m_theirs, se)
        assert abs(m_theirs - spec.duration.mean) <= 5 * se + 1e-6, (task_id, m_theirs)
