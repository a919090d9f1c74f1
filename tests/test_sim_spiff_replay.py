"""Simulated paths of mechanism 1 replayed in SpiffWorkflow: every case is a valid run.

For each simulated case the decisions are read off its event log (which strategy the
kegiatan took, whether each review passed) and SpiffWorkflow, which evaluates the
model's own gateway conditions, must then ask for exactly the tasks the simulation
logged, in the same order. This checks the engine's routing (exclusive gateways by
attribute conditions and by probabilities, call activities, loops) against an
independent BPMN engine.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.util.task import TaskState

from probisnis.bpmn.xml import parse_bytes
from probisnis.run.prepare import drop_data_associations
from probisnis.sim import load_scenario, simulate

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "simulations" / "m1_sekretariat_daerah.toml"

#: review tasks and the flag their gateway tests; a miss sends the work back to these tasks
REVIEWS = {
    "M1c_tinjau_kabag": "sesuai_kabag",
    "M1c_tinjau_asisten": "sesuai_asisten",
    "M1c_tinjau_sekda": "sesuai_sekda",
}
REWORK = {"M1c_sesuaikan"}
#: monitoring runs beside the execution, started by timers ("secara berkala" on the
#: execution, "sewaktu-waktu" in an event subprocess): SpiffWorkflow, with no time passing,
#: never fires them, so the replay compares the rest and the monitoring is checked against
#: the closed form of its timers below
PERIODIC = {"M1b_pantau_ketua", "M1b_pantau_pimpinan"}
AT_ANY_TIME = {"M1b_pantau_ketua_sewaktu", "M1b_pantau_pimpinan_sewaktu"}
MONITORING = PERIODIC | AT_ANY_TIME
WEEK = 7 * 86400.0


@cache
def _parser() -> BpmnParser:
    parser = BpmnParser()
    model = load_scenario(SCENARIO)
    for d in model.definitions:  # documents (data objects) hold no variables, as in `run`
        root = parse_bytes(Path(d.path).read_bytes(), d.path).getroot()
        drop_data_associations(root)
        parser.add_bpmn_xml(root, d.path)
    return parser


def _decisions(trace: list[str]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Case data and per-visit review outcomes that make a BPMN engine take ``trace``."""
    data = {
        "bentuk": "tim" if any(t.startswith("M1b_bagi_peran") for t in trace) else "individu",
        "ketua_tim": "M1a_tunjuk_ketua_tim" in trace,
        "lintas_unit": "PG1b_kirim_permohonan" in trace,
        "disetujui": "PG1b_rekomendasi" in trace,
        "pimpinan_memantau": bool({"M1b_pantau_pimpinan", "M1b_pantau_pimpinan_sewaktu"}
                                  & set(trace)),
        "kendala": "M1b_sampaikan_kendala" in trace,
    }
    per_task: dict[str, list[dict[str, Any]]] = {}
    for i, task in enumerate(trace):
        if task == "M1b_laksanakan":
            after = next((t for t in trace[i + 1 :] if t not in MONITORING), None)
            if after == "M1b_sampaikan_kendala":  # the decision comes first, then the check
                rest = trace[i + 1 :]
                after = next(
                    (
                        t
                        for t in rest[rest.index("M1b_putuskan_kendala") + 1 :]
                        if t not in MONITORING
                    ),
                    None,
                )
            per_task.setdefault(task, []).append({"sesuai_target": after != "M1b_laksanakan"})
        if task == "M1a_tindak_lanjut_penolakan":
            per_task.setdefault(task, []).append(
                {"ajukan_lagi": "PG1b_kirim_permohonan" in trace[i + 1 : i + 3]}
            )
        if task in REVIEWS:
            following = trace[i + 1] if i + 1 < len(trace) else None
            per_task.setdefault(task, []).append({REVIEWS[task]: following not in REWORK})
    return data, per_task


def _replay(
    data: dict[str, Any], per_task: dict[str, list[dict[str, Any]]], expected: list[str]
) -> list[str]:
    parser = _parser()
    workflow = BpmnWorkflow(
        parser.get_spec("M1_mekanisme"), parser.get_subprocess_specs("M1_mekanisme")
    )
    visits: dict[str, int] = {}
    done: list[str] = []
    workflow.do_engine_steps()
    for _ in range(500):
        if workflow.is_completed():
            break
        ready = workflow.get_tasks(state=TaskState.READY)
        # execution and monitoring run side by side: follow the simulation's order, which
        # must be one SpiffWorkflow allows
        wanted = expected[len(done)] if len(done) < len(expected) else None
        chosen = [t for t in ready if t.task_spec.name == wanted] or ready
        task = chosen[0]
        name = task.task_spec.name
        update = dict(data)
        n = visits.get(name, 0)
        if name in per_task:
            update.update(per_task[name][n])
        visits[name] = n + 1
        task.data.update(update)
        task.run()
        done.append(name)
        workflow.do_engine_steps()
    assert workflow.is_completed()
    return done


@pytest.fixture(scope="module")
def traces() -> list[list[str]]:
    result = simulate(load_scenario(SCENARIO), cases=40, replications=1, seed=11)
    log = result.log.sort_values(["case_id", "enable", "start"], kind="stable")
    return [list(g["element_id"]) for _, g in log.groupby("case_id", sort=True)]


def test_the_cases_cover_the_strategies_and_the_loops(traces: list[list[str]]) -> None:
    seen = {t for trace in traces for t in trace}
    assert {
        "M1a_tunjuk_ketua_tim",
        "PG1b_kirim_permohonan",
        "M1b_bagi_peran_pimpinan",
        "M1b_sampaikan_individu",
        "M1c_sesuaikan",
    } <= seen
    assert any(trace.count("M1b_laksanakan") > 1 for trace in traces)


def test_every_simulated_case_is_a_run_of_spiffworkflow(traces: list[list[str]]) -> None:
    assert any(MONITORING & set(trace) for trace in traces)
    for case, trace in enumerate(traces):
        data, per_task = _decisions(trace)
        work = [t for t in trace if t not in MONITORING]
        assert _replay(data, per_task, work) == work, f"case {case}"


@pytest.fixture(scope="module")
def log() -> Any:
    return simulate(load_scenario(SCENARIO), cases=40, replications=1, seed=11).log


def _firings(rows: Any) -> set[float]:
    """One monitoring = one firing of its timer: the Ketua Tim's and/or the Pimpinan's task,
    enabled at the same instant."""
    return {round(float(t), 3) for t in rows["enable"]}


def test_periodic_monitoring_fires_once_a_week_of_each_execution(log: Any) -> None:
    """Closed form of the R/P7D boundary timer: for an execution from s to e, monitoring at
    s + 7 d, s + 14 d, ... before e (a rework pass starts its own cycle)."""
    fired = 0
    for case, rows in log.groupby("case_id", sort=True):
        passes = rows[rows["element_id"] == "M1b_laksanakan"]
        want = {round(float(s) + k * WEEK, 3)
                for s, e in zip(passes["start"], passes["end"], strict=True)
                for k in range(1, int((e - s) // WEEK) + 1) if s + k * WEEK < e}
        got = _firings(rows[rows["element_id"].isin(PERIODIC)])
        assert got == want, f"case {case}"
        fired += len(got)
    assert fired > 40  # about three weeks of work per pass


def test_monitoring_at_any_time_follows_the_scenario_gaps(log: Any) -> None:
    """The event subprocess's timer draws its gaps from [timers.M1b_sewaktu_mulai]
    (exponential, mean 336 h) while the phase runs: a Poisson count over the phases' time."""
    mean = load_scenario(SCENARIO).timers["M1b_sewaktu_mulai"].mean
    phase = fired = 0.0
    for _, rows in log.groupby("case_id", sort=True):
        b = rows[rows["process_id"] == "M1_pelaksanaan"]
        phase += float(b["end"].max() - b["enable"].min())
        fired += len(_firings(rows[rows["element_id"].isin(AT_ANY_TIME)]))
    expected = phase / mean
    assert abs(fired - expected) < 4 * expected**0.5, (fired, expected)


# ---------------------------------------------------------------- run and simulate agree
# Models both `probisnis run` (SpiffWorkflow) and `simulate` accept must give the same
# paths. Each case: (fixture, process id, the tasks SpiffWorkflow completes in order).

SIM_DATA = Path(__file__).parent / "data" / "sim"
_TASK_KINDS = {"task", "scriptTask", "userTask", "manualTask", "serviceTask", "sendTask",
               "receiveTask", "businessRuleTask"}


def _spiff_tasks(model: str, process: str) -> list[str]:
    from probisnis.run import run

    result = run(SIM_DATA / model, process_id=process, allow_non_executable=True)
    trace = result.trace
    return list(trace.loc[trace["kind"].isin(_TASK_KINDS), "element_id"])


def _simulated_tasks(model: str, process: str, **kw: Any) -> list[list[str]]:
    from sim_helpers import fixed, scenario

    tasks = {t: fixed(60) for t in kw.pop("tasks")}
    r = simulate(scenario(model, process=process, tasks=tasks, cases=50, **kw), seed=3)
    assert (r.cases["status"] == "finished").all()
    log = r.log.sort_values(["case_id", "enable", "start"], kind="stable")
    return [list(g["element_id"]) for _, g in log.groupby("case_id", sort=True)]


@pytest.mark.parametrize(("process", "tasks"), [
    ("P_error", ["A", "Fix", "Done"]),          # error end caught by a boundary event
    ("P_escalation", ["X_A", "X_B", "Notify"]),  # escalation, non-interrupting boundary
    ("P_signal", ["Prepare", "Use"]),           # signal throw and catch
    ("P_uncaught", ["U_A"]),                    # an error nobody catches ends the token
])
def test_run_and_simulate_agree_on_thrown_events(process: str, tasks: list[str]) -> None:
    spiff = _spiff_tasks("throw_catch.bpmn", process)
    for trace in _simulated_tasks("throw_catch.bpmn", process, tasks=tasks):
        assert sorted(trace) == sorted(spiff), (trace, spiff)


def test_run_and_simulate_agree_on_a_parallel_join_fed_back_by_a_loop() -> None:
    # SpiffWorkflow's gateway_loop_input.bpmn: its script sets x and loops once; the
    # simulation draws the loop (p = 0.5) and must give SpiffWorkflow's path when it loops once
    spiff = _spiff_tasks("gateway_loop_input.bpmn", "main")
    assert spiff == ["set", "increment", "task", "increment"]
    traces = _simulated_tasks("gateway_loop_input.bpmn", "main",
                              tasks=["set", "increment", "task"],
                              branching={"exclusive": {"f_again": 0.5, "f_done": 0.5}})
    once = [t for t in traces if t.count("task") == 1]
    assert once and all(t == spiff for t in once)
    for t in traces:
        k = t.count("task")
        assert t == ["set"] + ["increment", "task"] * k + ["increment"]


def test_run_and_simulate_agree_on_an_implicit_parallel_split() -> None:
    # a task with two unconditioned outgoing flows: BPMN's implicit parallel split, which
    # `run` writes out as a parallel gateway for SpiffWorkflow and `simulate` reads as one;
    # both branches run, and the join waits for both before D
    model = str(Path(__file__).parent / "data" / "run" / "descriptive" / "implicit_split.bpmn")
    spiff = _spiff_tasks(model, "P_split")
    assert spiff[0] == "A" and spiff[-1] == "D" and sorted(spiff) == ["A", "B", "C", "D"]
    for trace in _simulated_tasks(model, "P_split", tasks=["A", "B", "C", "D"]):
        assert trace[0] == "A" and trace[-1] == "D" and sorted(trace) == sorted(spiff), trace


def test_run_and_simulate_agree_on_a_subprocess_with_two_start_events() -> None:
    # BPMN 2.0 §10.5.2: every none start event of a subprocess starts when it does; both
    # `run` and `simulate` (notice sub-several-starts) take both branches, then After2
    model = str(Path(__file__).parent / "data" / "run" / "descriptive" /
                "subprocess_starts.bpmn")
    spiff = _spiff_tasks(model, "P_twostarts")
    assert sorted(spiff[:2]) == ["P", "Q"] and spiff[-1] == "After2"
    for trace in _simulated_tasks(model, "P_twostarts", tasks=["P", "Q", "After2"]):
        assert sorted(trace[:2]) == ["P", "Q"] and trace[-1] == "After2", trace


_TIMELESS = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
             targetNamespace="http://probisnis.test/timeless">
  <process id="P_timeless" isExecutable="false">
    <startEvent id="S"/>
    <task id="Review" name="Tinjau"/>
    <boundaryEvent id="Late" attachedToRef="Review"><timerEventDefinition/></boundaryEvent>
    <task id="Remind" name="Ingatkan"/>
    <task id="Sign" name="Tandatangani"/>
    <endEvent id="E"/>
    <endEvent id="E_late"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="Review"/>
    <sequenceFlow id="f2" sourceRef="Review" targetRef="Sign"/>
    <sequenceFlow id="f3" sourceRef="Sign" targetRef="E"/>
    <sequenceFlow id="f4" sourceRef="Late" targetRef="Remind"/>
    <sequenceFlow id="f5" sourceRef="Remind" targetRef="E_late"/>
  </process>
</definitions>
"""


def test_run_and_simulate_agree_that_a_boundary_timer_without_a_time_never_fires(
    tmp_path: Path,
) -> None:
    # a descriptive model's boundary timer with no timeDuration/timeCycle/timeDate: `run`
    # never fires it; `simulate` did at 0 s (the task cancelled at once), now never too
    model = tmp_path / "timeless.bpmn"
    model.write_text(_TIMELESS, encoding="utf-8")
    spiff = _spiff_tasks(str(model), "P_timeless")
    assert spiff == ["Review", "Sign"]
    for trace in _simulated_tasks(str(model), "P_timeless", tasks=["Review", "Remind", "Sign"]):
        assert trace == spiff, trace
