"""The heap kernel (sim/kernel.py) against the simpy path: the same seed, the same log.

The kernel runs models of tasks, gateways, subprocesses, call activities, messages between
a case's pools, event-based gateways over messages and timers, timers (boundary,
intermediate, event subprocess) and terminate ends on one heapq loop; it must keep simpy's
event order (time, urgent before normal, then insertion) and its floating-point times, so
every log row, case end and KPI is identical, not just close.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probisnis.bpmn.model import EventDefinition, Process, frozen_map
from probisnis.bpmn.reader import read
from probisnis.errors import UsageError
from probisnis.library.builder import ProcessBuilder
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.sim import Arrivals, ResourcePool, Scenario, TaskSpec, load_scenario, simulate
from probisnis.sim import runner as runner_module
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.check import compiled_for
from probisnis.sim.compile import compile_scenario
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.kernel import HEAP, SIMPY, engine_for, heap_refusal
from probisnis.sim.kpis import result_kpis
from probisnis.sim.runner import _labels
from probisnis.sim.scenario import Attribute
from sim_helpers import DATA, exp, fixed, scenario
from strategies import processes

ROOT = Path(__file__).resolve().parents[1]


def both(sc: Scenario, seed: int = 4, replication: int = 0) -> list[tuple[pd.DataFrame, np.ndarray,
                                                                           list[str]]]:
    """(log, case ends, failures) of one replication on each kernel."""
    compiled = compile_scenario(sc)
    out = []
    for kernel in (HEAP, SIMPY):
        log = LogColumns(compiled.activities, [p.id for p in compiled.pools],
                         _labels(compiled), replication)
        engine = engine_for(compiled, replication=replication,
                            seed=np.random.SeedSequence(seed).spawn(replication + 1)[-1],
                            log=log, kernel=kernel)
        assert engine.kernel == kernel
        engine.run()
        out.append((log.frame(), np.array(engine.ends),
                    [f[3] for f in engine.failures]))
    return out


def assert_same(sc: Scenario, seed: int = 4) -> pd.DataFrame:
    (hlog, hends, hfail), (slog, sends, sfail) = both(sc, seed)
    pd.testing.assert_frame_equal(hlog, slog)
    assert np.array_equal(hends, sends, equal_nan=True)
    assert hfail == sfail
    return hlog


def test_permit_gives_the_identical_log_kpis_and_cases_on_both_kernels(monkeypatch) -> None:
    sc = replace(load_scenario(DATA / "permit.toml"), cases=3000)
    log = assert_same(sc)
    assert len(log) > 15_000 and log["start"].gt(log["enable"]).any()  # people were waited for
    heap = simulate(sc, seed=9, replications=2)
    assert heap.kernel == HEAP
    monkeypatch.setattr(runner_module, "engine_for", functools.partial(engine_for, kernel=SIMPY))
    slow = simulate(sc, seed=9, replications=2)
    assert slow.kernel == SIMPY
    pd.testing.assert_frame_equal(heap.log, slow.log)
    pd.testing.assert_frame_equal(heap.cases, slow.cases)
    pd.testing.assert_frame_equal(heap.resources, slow.resources)
    pd.testing.assert_frame_equal(result_kpis(heap), result_kpis(slow))


def _bundled() -> list[Path]:
    out = []
    for path in sorted((ROOT / "simulations").glob("*.toml")):
        if heap_refusal(compiled_for(load_scenario(path))) is None:
            out.append(path)
    return out


BUNDLED = _bundled()


def test_the_bundled_simulations_run_on_the_heap_kernel_but_one_with_batches() -> None:
    # M1-M6 (and their variants) monitor "secara berkala atau sewaktu-waktu" with a weekly
    # non-interrupting boundary timer and a non-interrupting event subprocess, and end with a
    # terminate end event: all on the heap kernel. Penugasan 1c exchanges messages between
    # two pools (a message start, message throw and end events, an event-based gateway
    # over two message catch events): on the heap kernel too (kernel/mail.py). The variant
    # whose Sekda reviews in batches is refused, with the reason (batched tasks run on the
    # simpy loop).
    every = sorted((ROOT / "simulations").glob("*.toml"))
    assert {p.stem for p in every} - {p.stem for p in BUNDLED} == {
        "m1_tinjau_sekda_berkelompok"}
    assert "penugasan_1c_penunjukkan_lintas_instansi" in {p.stem for p in BUNDLED}
    assert len(BUNDLED) >= 21
    refused = heap_refusal(compiled_for(load_scenario(
        ROOT / "simulations" / "m1_tinjau_sekda_berkelompok.toml")))
    assert refused is not None and "batches" in refused


def test_a_routing_code_the_walker_does_not_know_is_refused_not_run_as_inclusive() -> None:
    # the walker's last branch routes as an inclusive gateway: a new routing code must be
    # refused by heap_refusal (and so run on simpy) until the walker is taught it
    compiled = compiled_for(load_scenario(ROOT / "simulations" / "m1_sekretariat_daerah.toml"))
    assert heap_refusal(compiled) is None
    graph, gateway = next((g, n) for g in compiled.graphs.values()
                          for n, r in enumerate(g.route) if r not in (0, 1))
    graph.route[gateway] = 99
    assert heap_refusal(compiled) == f"routing code 99 of {graph.ids[gateway]}"


def test_the_m1_monitoring_is_identical_on_both_kernels_with_and_without_a_horizon() -> None:
    sc = load_scenario(ROOT / "simulations" / "m1_sekretariat_daerah.toml")
    log = assert_same(replace(sc, horizon=None), seed=11)
    count = log["element_id"].value_counts()
    # the weekly boundary timer and the sewaktu-waktu event subprocess both ran
    assert count["M1b_pantau_pimpinan"] > 50 and count["M1b_pantau_pimpinan_sewaktu"] > 30
    # the terminate end event cut monitoring still going on when the work was done
    cut = assert_same(replace(sc, cases=None, horizon=120 * 86400.0), seed=12)
    assert cut["end"].isna().any()


def test_a_bundled_model_with_call_activities_is_identical_on_both_kernels() -> None:
    # M1's perencanaan: calls penugasan 1b (the whole mechanism monitors with timers)
    sc = load_scenario(ROOT / "simulations" / "m1_sekretariat_daerah.toml")
    later = ("M1b_", "M1c_")
    sc = replace(sc, cases=40, process_id="M1_perencanaan",
                 tasks={k: v for k, v in sc.tasks.items() if not k.startswith(later)},
                 branching={k: v for k, v in sc.branching.items() if not k.startswith(later)},
                 timers={k: v for k, v in sc.timers.items() if not k.startswith(later)})
    log = assert_same(sc, seed=5)
    assert log["process_id"].nunique() == 2


@pytest.mark.slow
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_qualifying_bundled_simulation_is_identical_on_both_kernels(path: Path) -> None:
    sc = load_scenario(path)
    assert_same(replace(sc, cases=min(sc.cases or 300, 300), horizon=None), seed=3)


def test_a_horizon_cut_logs_the_same_open_tasks() -> None:
    sc = replace(load_scenario(DATA / "permit.toml"), cases=None, horizon=20 * 86400.0)
    sc = replace(sc, pools={k: replace(p, count=1) for k, p in sc.pools.items()})
    log = assert_same(sc)
    assert log["end"].isna().any() and log["start"].isna().any()


def test_loops_cut_at_max_visits_fail_the_same_cases() -> None:
    sc = scenario("rework.bpmn", process="P_rework", tasks={"T": (exp(1.0), "desk")},
                  pools={"desk": 2}, interarrival=exp(0.7),
                  branching={"G_ok": {"f_ok": 0.4, "f_redo": 0.6}}, cases=400, max_visits=3)
    (hlog, hends, hfail), (slog, sends, sfail) = both(sc)
    assert len(hfail) > 20
    pd.testing.assert_frame_equal(hlog, slog)
    assert np.array_equal(hends, sends, equal_nan=True) and hfail == sfail


def _loop_beside_a_task() -> Scenario:
    """A parallel block: task A on one branch, a loop over B (while ``ulang``) on the other."""
    b = ProcessBuilder("P_loop", "Loop beside a task", documentation_cites=("D1.b.3",))
    for i, (kind, nid) in enumerate((("startEvent", "S"), ("parallelGateway", "G_split"),
                                     ("task", "A"), ("exclusiveGateway", "G_merge"),
                                     ("task", "B"), ("exclusiveGateway", "G_again"),
                                     ("parallelGateway", "G_join"), ("endEvent", "E"))):
        b.node(kind, nid, f"n{i}", cites=("D1.b.3",))
    for src, dst in (("S", "G_split"), ("G_split", "A"), ("G_split", "G_merge"),
                     ("G_merge", "B"), ("B", "G_again"), ("A", "G_join"), ("G_join", "E")):
        b.flow(src, dst)
    b.flow("G_again", "G_merge", name="Ya", condition="ulang")
    b.flow("G_again", "G_join", name="Tidak", default=True)
    d = DefinitionsBuilder("D_loop", name="Loop", path="loop.bpmn")
    d.pool(b.build())
    return Scenario(definitions=(d.build(layout=False),), process_id="P_loop", cases=300,
                    arrivals=Arrivals(exp(700)), default_duration=exp(1800), seed=1,
                    pools={"p": ResourcePool("p", 2)}, lane_pools={},
                    tasks={"A": TaskSpec(exp(3000), "p"), "B": TaskSpec(exp(600), "p")},
                    attributes=(Attribute("ulang", (True, False), (0.3, 0.7)),), max_visits=3)


def test_a_failed_case_with_a_token_in_another_task_is_cancelled_alike() -> None:
    # cases with ulang loop for ever and fail at their third visit of G_merge while the
    # token on A waits for or works with a person: both kernels cancel it alike (log row,
    # person handed on), and the other cases go on identically
    (hlog, hends, hfail), (slog, sends, sfail) = both(_loop_beside_a_task())
    assert len(hfail) > 50
    a = hlog[hlog["element_id"] == "A"]
    cut = a["start"].isna() | (a["end"].to_numpy() == hends[a["case_id"].to_numpy()])
    assert cut.sum() > 10  # A was waiting or working when its case failed
    pd.testing.assert_frame_equal(hlog, slog)
    assert np.array_equal(hends, sends, equal_nan=True) and hfail == sfail


def test_inclusive_gateways_priorities_attributes_and_no_pool_tasks() -> None:
    cal = WorkingCalendar.from_spec(
        {"weekly": [{"days": "mon-fri", "from": "08:00", "to": "16:00"}], "holidays": False},
        start=pd.Timestamp("2025-01-06 08:00").to_pydatetime(), horizon_days=400,
        where="calendar")
    sc = scenario("inclusive.bpmn", process="P_inclusive",
                  tasks={"A": (exp(1800), "p"), "B": (exp(2400), "p"), "C": exp(600),
                         "Z": (exp(900), "q")},
                  pools={"p": 2, "q": 1}, interarrival=exp(1500), cases=600,
                  branching={"G_or": {"f_a": 0.5, "f_b": 0.6, "f_c": 0.3}}, calendar=cal)
    pools = dict(sc.pools)
    pools["q"] = replace(pools["q"], availability=0.8)
    tasks = dict(sc.tasks)
    tasks["B"] = replace(tasks["B"], priority=2)
    sc = replace(sc, pools=pools, tasks=tasks,
                 attributes=(Attribute("kind", ("a", "b"), (0.3, 0.7)),))
    assert heap_refusal(compile_scenario(sc)) is None
    assert_same(sc)
    assert_same(replace(sc, inclusive_none="one"))


def test_case_priority_with_task_priority_is_identical_on_both_kernels() -> None:
    """Case priority rules (a rule on a drawn attribute and one on a continuous one) with a
    task priority on the same pool: the same log on both kernels."""
    from probisnis.sim.distributions import Uniform

    sc = scenario("two_classes.bpmn", process="P_two",
                  tasks={"T": (exp(600), "p"), "H": (exp(60), "p"), "L": (exp(90), "p")},
                  pools={"p": 2}, interarrival=exp(400), cases=800,
                  attributes=(Attribute("kelas", ("tinggi", "rendah"), (0.3, 0.7)),
                              Attribute("nilai", (), (), law=Uniform(0.0, 1.0))),
                  case_priority=(('kelas == "tinggi"', 5), ("nilai > 0.5", 2)))
    tasks = dict(sc.tasks)
    tasks["H"] = replace(tasks["H"], priority=1)
    sc = replace(sc, tasks=tasks)
    assert heap_refusal(compile_scenario(sc)) is None
    log = assert_same(sc)
    waited = log[(log["element_id"] == "T") & (log["start"] > log["enable"])]
    assert len(waited) > 200  # the queue ranked many requests


def test_call_activities_queueing_for_one_pool_agree() -> None:
    sc = scenario("call_parent.bpmn", "call_child.bpmn", process="P_parent",
                  tasks={"Before": (exp(60), "p"), "C_T": (exp(90), "p")}, pools={"p": 2},
                  interarrival=exp(70), cases=500)
    assert heap_refusal(compile_scenario(sc)) is None
    log = assert_same(sc)
    assert (log["start"] > log["enable"]).any()


def test_a_process_calling_itself_fails_alike_on_both_kernels() -> None:
    # each level waits in its call activity; at the depth limit the case fails and every
    # level above is cancelled, the heap kernel as the simpy path
    sc = scenario("recursive.bpmn", process="P_recursive", cases=3)
    assert heap_refusal(compile_scenario(sc)) is None
    (hlog, hends, hfail), (slog, sends, sfail) = both(sc)
    assert len(hfail) == 3 and "100" in str(hfail[0])
    pd.testing.assert_frame_equal(hlog, slog)
    assert np.array_equal(hends, sends, equal_nan=True) and hfail == sfail


def _fixture_models() -> list[tuple[str, str, str | None]]:
    """(file, process, heap refusal) of every process of the simulation fixtures."""
    out = []
    for path in sorted(DATA.glob("*.bpmn")):
        for pid in read(path).processes:
            out.append((path.name, pid, heap_refusal(compile_scenario(_fixture(path.name,
                                                                               pid)))))
    return out


def _fixture(name: str, pid: str, cases: int = 150, people: int = 2) -> Scenario:
    """Process ``pid`` of fixture ``name``: random durations around the timers' delays,
    every lane one pool of ``people`` (queues form), a few case attributes."""
    defs = read(DATA / name)
    extra = (read(DATA / "call_child.bpmn"),) if name == "call_parent.bpmn" else ()
    lanes = [lane.id for proc in defs.processes.values() for lane in proc.lanes]
    return Scenario(definitions=(defs, *extra), process_id=pid, cases=cases,
                    arrivals=Arrivals(exp(1500)), default_duration=exp(1800), seed=1,
                    pools={"p": ResourcePool("p", people)},
                    lane_pools=dict.fromkeys(lanes, "p"),
                    attributes=(Attribute("jumlah", (0, 2, 3), (0.2, 0.4, 0.4)),))


FIXTURES = _fixture_models()


def test_the_heap_kernel_refuses_what_it_does_not_run_with_the_reason() -> None:
    refused = {(name, pid): why for name, pid, why in FIXTURES if why is not None}
    assert refused == {
        ("lanes.bpmn", "P_lanes"): "task Do",  # multi-instance
        ("event_gateway_more.bpmn", "P_evrecv"):
            "event-based gateway G_recv followed by receiveTask Take_it",
        # (P_evrecv is started with every case of P_evsender: its elements count too)
        ("event_gateway_more.bpmn", "P_evsender"):
            "event-based gateway G_recv followed by receiveTask Take_it",
        ("throw_catch.bpmn", "P_error"): "error boundary event B_err",
        ("throw_catch.bpmn", "P_uncaught"): "error thrown by U_err",
        ("throw_catch.bpmn", "P_escalation"): "escalation boundary event X_B_esc",
        ("timers_multi.bpmn", "P_multi"): "task M_par",
    }


@pytest.mark.parametrize(("name", "pid"), [(n, p) for n, p, why in FIXTURES if why is None],
                         ids=lambda v: v)
@pytest.mark.parametrize("people", [1, 3])
def test_every_fixture_model_the_kernel_runs_is_identical_on_both_kernels(name, pid,
                                                                          people) -> None:
    # interrupting and non-interrupting boundary timers firing while their task waits for,
    # is handed or works with a person; timer event subprocesses (interrupting or not);
    # intermediate timers, timeDate, terminate ends, failed cases (deadlock, recursion)
    assert_same(_fixture(name, pid, people=people), seed=people)


@pytest.mark.parametrize(("late", "people"), [(1500.0, 8), (3000.0, 8), (3000.0, 5)])
def test_messages_and_an_event_based_gateway_are_identical_on_both_kernels(late, people
                                                                           ) -> None:
    # messages_race.bpmn: a send task starting another pool's process (message start), a
    # co-started pool waiting for a message from either of two tasks, an event-based
    # gateway where the reply wins in some cases and the timer in others, a note sent by
    # an end event that is caught from the mailbox or waited for, and a terminate end
    # event cancelling the token that waits for the note
    sc = replace(_fixture("messages_race.bpmn", "P_race", cases=300, people=people),
                 timers={"Late": exp(late)})
    compiled = compile_scenario(sc)
    assert heap_refusal(compiled) is None
    assert compiled.co_start == ("P_watch",) and list(compiled.message_starts.values()) == [
        "P_reply"]
    for seed in (1, 2):
        log = assert_same(sc, seed=seed)
        done = log["element_id"].value_counts()
        assert done["Use"] > 10 and done["Chase"] > 10  # either event wins, often
        assert done["Log"] == done["Consider"] == 300  # every case heard its outcome


def test_receive_tasks_with_a_boundary_timer_are_identical_on_both_kernels() -> None:
    # messages_receive.bpmn: a receive task whose message may already wait in the mailbox
    # (the co-started office) or not, and one with an interrupting boundary timer that
    # fires while the token waits for its message (the answer then stays in the mailbox)
    # or while the task is being done after the message came
    sc = replace(_fixture("messages_receive.bpmn", "P_desk", cases=300, people=8),
                 timers={"Give_up": exp(6000)})
    assert heap_refusal(compile_scenario(sc)) is None
    for seed in (1, 2):
        done = assert_same(sc, seed=seed)["element_id"].value_counts()
        assert done["Complain"] > 100 and done["File"] > 50  # the timer wins, or the answer
        assert done["Await"] > done["File"]  # some were interrupted while being done
        assert done["Take"] == done["Answer"] == 300


def test_message_boundary_events_and_event_subprocesses_are_identical_on_both_kernels(
        ) -> None:
    # messages_boundary.bpmn: a non-interrupting message boundary event (a reply beside
    # the work), an interrupting one (the work cancelled), each sent while the work runs or
    # after it (then it waits unused in the mailbox: its listener was withdrawn), and a
    # non-interrupting message event subprocess started by another pool's end event
    sc = replace(_fixture("messages_boundary.bpmn", "P_job", cases=300, people=8),
                 tasks={"Work": TaskSpec(exp(3600))})
    assert heap_refusal(compile_scenario(sc)) is None
    for seed in (1, 2):
        done = assert_same(sc, seed=seed)["element_id"].value_counts()
        assert done["Tidy"] > 50 and done["Report"] > 50  # stopped, or done first
        assert 50 < done["Reply_nudge"] < 300 and 50 < done["Audit_task"] < 300


def test_signals_are_identical_on_both_kernels() -> None:
    # signals.bpmn: a signal thrown by an intermediate event and by an end event, heard by
    # a non-interrupting and an interrupting boundary event (while the work runs, or lost
    # after it), a non-interrupting event subprocess and an intermediate catch event
    sc = replace(_fixture("signals.bpmn", "P_signals", cases=300, people=8),
                 tasks={"Work": TaskSpec(exp(3600))})
    assert heap_refusal(compile_scenario(sc)) is None
    for seed in (1, 2):
        done = assert_same(sc, seed=seed)["element_id"].value_counts()
        assert 50 < done["Note_it"] < 300 and 50 < done["Clean"] < 300
        assert done["After"] == done["Log_warn"] == 300


def test_an_event_based_gateway_over_a_signal_and_a_timer_is_identical_on_both_kernels(
        ) -> None:
    sc = replace(_fixture("event_gateway_more.bpmn", "P_evsig", cases=300, people=8),
                 timers={"Wait_day": exp(1800)})
    assert heap_refusal(compile_scenario(sc)) is None
    for seed in (1, 2):
        done = assert_same(sc, seed=seed)["element_id"].value_counts()
        assert done["Fast"] > 100 and done["Slow"] > 100  # the signal wins, or the timer


def test_an_event_based_gateway_tie_is_decided_as_on_simpy() -> None:
    # fixed times: the reply is sent at the very instant the timer fires (the timer's
    # event was made first, so it decides; the reply goes back to the mailbox)
    sc = replace(_fixture("messages_race.bpmn", "P_race", cases=100, people=8),
                 timers={"Late": fixed(1200)}, default_duration=fixed(600),
                 tasks={"Consider": TaskSpec(fixed(1200))})
    log = assert_same(sc)
    assert (log["element_id"] == "Chase").sum() == 100


def test_the_bundled_collaboration_is_identical_on_both_kernels_with_a_horizon() -> None:
    sc = load_scenario(ROOT / "simulations" / "penugasan_1c_penunjukkan_lintas_instansi.toml")
    assert heap_refusal(compiled_for(sc)) is None
    for seed in (1, 4):
        assert len(assert_same(replace(sc, cases=2000), seed=seed)) > 15_000
    log = assert_same(replace(sc, cases=None, horizon=400 * 86_400.0), seed=2)
    assert log["end"].isna().any()  # tasks open at the horizon


def test_models_beyond_the_kernel_run_on_simpy_and_say_so() -> None:
    sc = scenario("throw_catch.bpmn", process="P_error", cases=3)
    compiled = compile_scenario(sc)
    assert heap_refusal(compiled) is not None
    assert simulate(sc).kernel == SIMPY
    log = LogColumns(compiled.activities, [p.id for p in compiled.pools], _labels(compiled), 0)
    with pytest.raises(UsageError, match="heap kernel cannot run"):
        engine_for(compiled, replication=0, seed=np.random.SeedSequence(1), log=log,
                   kernel=HEAP)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(max_leaves=7, boundary_events=False, lanes=2),
       st.integers(1, 2), st.integers(1, 3), st.integers(0, 2**16))
def test_random_models_are_identical_on_both_kernels(proc, p0, p1, seed) -> None:
    d = DefinitionsBuilder("D_acak", name="Acak", path="acak.bpmn")
    d.pool(proc)
    defs = d.build(layout=False)
    lanes = [lane.id for lane in proc.lanes]
    sc = Scenario(definitions=(defs,), process_id=proc.id, cases=60,
                  arrivals=Arrivals(exp(900)), default_duration=exp(1800), seed=seed,
                  pools={"p0": ResourcePool("p0", p0), "p1": ResourcePool("p1", p1)},
                  lane_pools=dict(zip(lanes, ("p0", "p1"), strict=False)),
                  attributes=(Attribute("cabang", (0, 1, 2), (0.5, 0.3, 0.2)),
                              Attribute("ulang", (True, False), (0.2, 0.8))),
                  max_visits=4)  # a case with ulang loops until it fails: cancelled tokens
    assert heap_refusal(compile_scenario(sc)) is None
    assert_same(sc, seed=seed)


def test_fixed_durations_tie_events_and_still_agree() -> None:
    # every task takes exactly 60 s and cases arrive exactly 60 s apart: task ends, hand-overs
    # and arrivals fall on the same instants, so only the tie-breaking orders them
    sc = scenario("parallel.bpmn", process="P_parallel",
                  tasks={"A": (fixed(60), "p"), "B": (fixed(120), "p")}, pools={"p": 2},
                  interarrival=fixed(60), cases=200)
    log = assert_same(sc)
    assert (log["start"] > log["enable"]).any()


def test_a_streamed_log_is_identical_on_both_kernels(monkeypatch, tmp_path) -> None:
    from probisnis.sim.logsink import read_log

    sc = replace(load_scenario(DATA / "permit.toml"), cases=2500)
    heap = simulate(sc, seed=2, replications=2, log_path=tmp_path / "heap.parquet",
                    chunk_rows=1000)
    monkeypatch.setattr(runner_module, "engine_for", functools.partial(engine_for, kernel=SIMPY))
    slow = simulate(sc, seed=2, replications=2, log_path=tmp_path / "simpy.parquet",
                    chunk_rows=1000)
    assert (heap.kernel, slow.kernel) == (HEAP, SIMPY)
    a, b = read_log(tmp_path / "heap.parquet"), read_log(tmp_path / "simpy.parquet")
    assert len(a) > 20_000
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(heap.cases, slow.cases)


def _with_boundary_timers(proc: Process, interrupting: bool, cycle: str | None) -> Process:
    """``proc`` with its (interrupting, one-hour) boundary timers made ``interrupting`` or
    not, and repeating on ``cycle`` (a timeCycle) instead of once."""
    nodes = {}
    for nid, n in proc.nodes.items():
        if n.kind == "boundaryEvent":
            attrs = {"timeCycle": cycle} if cycle else dict(n.event_definitions[0].attrs)
            n = replace(n, cancel_activity=interrupting, event_definitions=(
                EventDefinition("timer", id=n.event_definitions[0].id, attrs=frozen_map(attrs)),))
        nodes[nid] = n
    return replace(proc, nodes=frozen_map(nodes))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(max_leaves=6, boundary_events=True, lanes=2),
       st.sampled_from([(True, None), (False, None), (False, "R/PT40M"), (False, "R2/PT1H")]),
       st.integers(1, 3), st.integers(0, 2**16))
def test_random_models_with_boundary_timers_are_identical_on_both_kernels(
        proc, timers, people, seed) -> None:
    # one task in six has a one-hour boundary timer (tasks take 30 min on average):
    # interrupting, non-interrupting once, or repeating (timeCycle) while the task runs
    proc = _with_boundary_timers(proc, *timers)
    d = DefinitionsBuilder("D_acak", name="Acak", path="acak.bpmn")
    d.pool(proc)
    lanes = [lane.id for lane in proc.lanes]
    sc = Scenario(definitions=(d.build(layout=False),), process_id=proc.id, cases=60,
                  arrivals=Arrivals(exp(900)), default_duration=exp(1800), seed=seed,
                  pools={"p": ResourcePool("p", people)}, lane_pools=dict.fromkeys(lanes, "p"),
                  attributes=(Attribute("cabang", (0, 1, 2), (0.5, 0.3, 0.2)),
                              Attribute("ulang", (True, False), (0.2, 0.8))),
                  max_visits=4)
    assert heap_refusal(compile_scenario(sc)) is None
    assert_same(sc, seed=seed)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(max_leaves=5, boundary_events=False, lanes=1), st.integers(0, 2**16))
def test_random_models_called_beside_a_task_are_identical_on_both_kernels(proc, seed) -> None:
    # the random process is a called process, run beside a task of the caller's lane in a
    # parallel block: child scopes, their ends handing back, failures inside the callee
    b = ProcessBuilder("P_caller", "Caller", documentation_cites=("D1.b.3",))
    lane = b.lane("L_caller", "Pemanggil")
    for kind, nid, extra in (("startEvent", "S", {}), ("parallelGateway", "G_split", {}),
                             ("callActivity", "Call", {"called_element": proc.id}),
                             ("task", "Side", {}), ("parallelGateway", "G_join", {}),
                             ("endEvent", "E", {})):
        b.node(kind, nid, nid, lane=lane, cites=("D1.b.3",), **extra)
    for src, dst in (("S", "G_split"), ("G_split", "Call"), ("G_split", "Side"),
                     ("Call", "G_join"), ("Side", "G_join"), ("G_join", "E")):
        b.flow(src, dst)
    d = DefinitionsBuilder("D_call", name="Call", path="call.bpmn")
    d.pool(b.build())
    d.pool(proc)
    defs = d.build(layout=False)
    sc = Scenario(definitions=(defs,), process_id="P_caller", cases=50,
                  arrivals=Arrivals(exp(900)), default_duration=exp(1800), seed=seed,
                  pools={"p0": ResourcePool("p0", 1), "p1": ResourcePool("p1", 2)},
                  lane_pools={"L_caller": "p1", **{la.id: "p0" for la in proc.lanes}},
                  attributes=(Attribute("cabang", (0, 1, 2), (0.5, 0.3, 0.2)),
                              Attribute("ulang", (True, False), (0.2, 0.8))),
                  max_visits=4)
    assert heap_refusal(compile_scenario(sc)) is None
    assert_same(sc, seed=seed)


@pytest.mark.parametrize("horizon", [None, 3 * 86400.0])
def test_the_heap_engine_is_freed_without_the_garbage_collector(horizon) -> None:
    # the runner drops the engine before it builds the log frame (memory of large runs):
    # no reference cycle may keep the engine alive until the next collection
    import gc
    import weakref

    sc = replace(load_scenario(DATA / "permit.toml"), cases=None if horizon else 300,
                 horizon=horizon)
    compiled = compile_scenario(sc)
    log = LogColumns(compiled.activities, [p.id for p in compiled.pools], _labels(compiled), 0)
    engine = engine_for(compiled, replication=0, seed=np.random.SeedSequence(1), log=log)
    assert engine.kernel == HEAP
    gc.disable()
    try:
        engine.run()
        assert len(engine.arrivals) > 50
        ref = weakref.ref(engine)
        del engine
        assert ref() is None
    finally:
        gc.enable()


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 40 * 86400), st.floats(0, 6 * 3600))
def test_the_kernels_shortcut_of_work_span_within_a_working_period_is_exact(t, w) -> None:
    cal = load_scenario(DATA / "permit.toml").calendar
    assert cal is not None
    lo, hi = cal.period_at(t)
    if lo == hi:  # outside working time
        assert cal.next_working(t) > t
        return
    assert lo <= t < hi and cal.is_working(t)
    if t + w <= hi:
        assert cal.work_span(t, w) == (t, t + w)
    else:
        assert cal.work_span(t, w)[1] > hi  # the work goes on in a later period
