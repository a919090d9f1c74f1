"""Drive a SpiffWorkflow BpmnWorkflow headlessly from a decisions file.

:class:`Run` holds one running workflow. Engine tasks (gateways, events,
script and business-rule tasks, call activities) run through SpiffWorkflow's
``do_engine_steps``; human tasks (user, manual and plain tasks, and message
tasks with no partner) are completed one at a time with their decisions data,
in the order SpiffWorkflow lists the ready ones. :func:`run` is the one-call
API: load, run to the end, return a :class:`RunResult`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskIterator, TaskState

from probisnis.errors import (
    ProbisnisError,
    RunError,
    StepLimitError,
    StuckRunError,
    UsageError,
)
from probisnis.present.notices import Notice
from probisnis.present.numbers import angka
from probisnis.run.clock import EVERY_TASK, Clock, advance_to, parse_task_time, pass_time
from probisnis.run.decisions import Decisions, load_decisions
from probisnis.run.diagnose import convert_error, describe_waiting
from probisnis.run.index import NodeInfo
from probisnis.run.loader import LoadedLibrary, display_path, load_library, resolve_process
from probisnis.run.prepare import ROUTE_PATTERN
from probisnis.run.sandbox import environment
from probisnis.run.spiff_messages import translate
from probisnis.run.trace import SEQ_KEY, Stamper, all_tasks, completed_records, trace_frame

__all__ = ["DEFAULT_MAX_STEPS", "DEFAULT_MAX_TASKS", "Run", "RunResult", "reached_end", "run",
           "run_notices"]

_PAST = "2000-01-01T00:00:00+00:00"

#: human-task completions after which a run is taken to loop forever
DEFAULT_MAX_TASKS = 10_000
#: completed elements (of any kind) after which a run stops: the step limit
DEFAULT_MAX_STEPS = 1_000

# SpiffWorkflow's task iterator stops descending at depth 1000 by default; a run
# longer than that then finds no ready task and ``is_completed()`` turns true
# although no end event was reached. Runs are bounded by the step limit instead.
_SPIFF_DEPTH = 10_000_000
TaskIterator.__init__.__defaults__ = (None, _SPIFF_DEPTH, True, None)
BpmnTaskIterator.__init__.__defaults__ = (None, _SPIFF_DEPTH, True, False, None)


def reached_end(workflow: BpmnWorkflow) -> bool:
    """Whether the workflow really finished: no task of it is left unfinished.

    Looks at every task (SpiffWorkflow's flat ``tasks`` table), never through
    the depth-limited task iterator behind ``is_completed()``.
    """
    return bool(workflow.tasks) and not any(task.state & TaskState.NOT_FINISHED_MASK
                                            for task in workflow.tasks.values())


@dataclass(frozen=True)
class RunResult:
    """Outcome of a run.

    ``trace`` has one row per completed BPMN flow node (activities, events and
    gateways) with columns ``order, element_id, name, lane, kind, process_id, elapsed``
    (``elapsed``: seconds on the run's clock, which moves with ``task_time`` and when a
    timer fires because nothing else could move; a recurring timer's firings are rows too);
    ``data`` is the workflow data at the end; ``workflow`` the live
    SpiffWorkflow ``BpmnWorkflow`` (for :func:`probisnis.run.persist.save`).
    """

    trace: pd.DataFrame
    completed: bool
    data: dict[str, Any]
    workflow: BpmnWorkflow
    process_id: str
    run: Run = field(repr=False)

    @property
    def notices(self) -> tuple[Notice, ...]:
        """What the run assumed about the files (``path:line: [id] ...``): BPMN's implicit
        rules it wrote out, and, with ``allow_non_executable``, elements traced as plain
        steps and timers without a time (:mod:`probisnis.run.implicit`, :mod:`~.gaps`)."""
        return self.run.notices

    @property
    def activities(self) -> pd.DataFrame:
        """The trace restricted to activities (tasks, call activities, subprocesses)."""
        from probisnis.bpmn.model import ACTIVITY_KINDS

        frame = self.trace[self.trace["kind"].isin(ACTIVITY_KINDS)].reset_index(drop=True)
        return frame


class RunScriptEngine(PythonScriptEngine):  # type: ignore[misc]
    """Python script engine that also answers ``probisnis_route(...)`` conditions."""

    def __init__(self, owner: Run) -> None:
        super().__init__(environment=environment(owner.trust_scripts))
        self.owner = owner

    def evaluate(self, task: Task, expression: Any, external_context: Any = None) -> Any:
        if isinstance(expression, str):
            match = ROUTE_PATTERN.match(expression)
            if match:
                return self.owner.route_taken(task, match.group(1))
        return super().evaluate(task, expression, external_context)


def refuse_unsafe(library: LoadedLibrary) -> None:
    """Raise :class:`RunError` naming the first code the evaluator refuses, if any."""
    if not library.refusals:
        return
    first = library.refusals[0]
    more = len(library.refusals) - 1
    also = f" (dan {more} lainnya: {', '.join(r.code.element_id for r in library.refusals[1:6])}" \
        f"{'...' if more > 5 else ''})" if more else ""
    raise RunError(
        f"ditolak: {first.message}{also}. Kondisi, skrip, dan entri DMN hanya boleh "
        "memakai nama data, nilai tetap, perbandingan, aritmetika, dan len/min/max/abs/round/"
        "sum/any/all/str/int/float/bool; skrip hanya baris `nama = ekspresi`. Pakai "
        "--trust-scripts (API: trust_scripts=True) hanya untuk berkas yang penulisnya Anda "
        "percayai",
        path=first.code.path, line=first.code.line, element_id=first.code.element_id,
    )


def choose_process(library: LoadedLibrary, file: Path | None, hint: str | None) -> str:
    if hint is not None:
        return hint
    assert file is not None
    shown = display_path(str(file))
    in_file = [c for c in library.processes.values() if c.path == shown]
    if not in_file:
        raise RunError("berkas ini tidak berisi proses", path=shown)
    # an empty pool (a participant drawn without any step, as Bizagi's main participant)
    # has nothing to run: the file's other processes are meant
    in_file = [c for c in in_file if c.nodes] or in_file
    candidates = [c for c in in_file if c.is_executable] or in_file
    if len(candidates) > 1:
        called = _called_processes(library, [c.process_id for c in in_file])
        top = [c for c in candidates if c.process_id not in called]
        if len(top) == 1:
            return top[0].process_id
        names = ", ".join(c.process_id for c in candidates)
        ids = {c.process_id for c in candidates}
        pools = sorted(k for k, v in library.parser.collaborations.items() if ids & set(v))
        hint_text = f", atau kolaborasi untuk menjalankan partisipannya bersama: " \
            f"{', '.join(pools)}" if pools else ""
        raise RunError(f"berkas ini berisi beberapa proses ({names}); pilih satu dengan "
                       f"--process ID{hint_text}", path=shown)
    return candidates[0].process_id


def _called_processes(library: LoadedLibrary, callers: list[str]) -> set[str]:
    """Processes that a call activity of one of ``callers`` calls."""
    called: set[str] = set()
    for process_id in callers:
        parser = library.parser.get_process_parser(process_id)
        if parser is None:
            continue
        for node in parser.xpath(".//bpmn:callActivity"):
            if node.get("calledElement"):
                called.add(node.get("calledElement"))
    return called


def _has_timer(definition: Any) -> bool:
    """A one-off timer (date or duration), alone or among an event-based gateway's events."""
    if isinstance(definition, (TimeDateEventDefinition, DurationTimerEventDefinition)):
        return True
    if isinstance(definition, MultipleEventDefinition):
        return any(_has_timer(d) for d in definition.event_definitions)
    return False


def fresh_specs(library: LoadedLibrary, process_id: str) -> tuple[Any, dict[str, Any]]:
    """The cached specs, or a deep copy when running would change them.

    SpiffWorkflow wires a message- or signal-started pool or event subprocess
    into its parent spec the first time it is triggered (``trigger_wf``); a
    spec with such triggers is copied so that one run cannot leak into the next.
    """
    spec, subprocess_specs = library.spec(process_id)
    specs = [spec, *subprocess_specs.values()]
    if any(getattr(s.start, "trigger_specs", None) for s in specs if s is not None):
        return copy.deepcopy((spec, subprocess_specs))
    return spec, subprocess_specs


def run_notices(library: LoadedLibrary, process_id: str) -> tuple[Notice, ...]:
    """The notices of ``process_id`` and of every process it calls (or, for a
    collaboration, of its participants), in library order, each once."""
    _, subprocess_specs = library.spec(process_id)
    wanted = {process_id, *subprocess_specs}
    return tuple(dict.fromkeys(n for pid, said in library.notices.items() if pid in wanted
                               for n in said))


def new_workflow(library: LoadedLibrary, process_id: str, engine: Any) -> BpmnWorkflow:
    """A fresh BpmnWorkflow of ``process_id`` driven by ``engine``."""
    spec, subprocess_specs = fresh_specs(library, process_id)
    try:
        return BpmnWorkflow(spec, subprocess_specs, script_engine=engine)
    except WorkflowException as exc:
        said = str(exc.args[0] if exc.args else exc)
        if said.rstrip(". ") == "No output task connected":
            raise RunError(f"SpiffWorkflow tidak dapat memulai proses ini: {translate(said)}",
                           element_id=process_id) from None
        raise RunError(f"SpiffWorkflow tidak dapat memulai proses ini: {said} (tidak ada "
                       "partisipan yang dapat dijalankan, atau tidak ada peristiwa mulai?)",
                       element_id=process_id) from None


class Run:
    """One headless run of a process: a live workflow plus the decisions that drive it."""

    def __init__(
        self,
        library: LoadedLibrary,
        process_id: str,
        decisions: Decisions,
        workflow: BpmnWorkflow | None = None,
        *,
        script_engine: Callable[[Run], RunScriptEngine] = RunScriptEngine,
        advance: bool = True,
        trust_scripts: bool = False,
        max_steps: int = DEFAULT_MAX_STEPS,
        task_time: Any = None,
    ) -> None:
        """A run of ``process_id``: a new workflow, or ``workflow`` (a restored one).

        ``script_engine`` builds the engine that evaluates conditions (the
        path explorer passes its own); ``advance=False`` leaves the first
        engine steps to the caller. ``trust_scripts`` runs conditions, scripts and
        DMN entries as unrestricted Python (only for files whose author you trust);
        otherwise code the allow-list evaluator refuses stops the run before it starts.
        ``task_time``: how long human tasks stay open (:mod:`probisnis.run.clock`), so
        that timers fire while they wait; by default no time passes.
        """
        self.trust_scripts = trust_scripts
        self.task_time = parse_task_time(task_time)
        known = {n for c in library.containers.values() for n in c.nodes}
        unknown = sorted(k for k in self.task_time if k != EVERY_TASK and k not in known)
        if unknown:
            raise UsageError(f"--task-time menyebut id yang bukan elemen proses ini: "
                             f"{', '.join(unknown)} (id tampil di kolom Kode keluaran "
                             "`probisnis run`)")
        self.clock = Clock()
        self._timed: set[Any] = set()
        self._held: set[Any] = set()
        self.max_steps = max_steps
        if not trust_scripts:
            refuse_unsafe(library)
        self.library = library
        self.process_id = process_id
        self.decisions = decisions
        decisions.check(library)
        self.engine = script_engine(self)
        if workflow is None:
            workflow = new_workflow(library, process_id, self.engine)
        else:
            workflow.script_engine = self.engine
        self.workflow = workflow
        self.notices = run_notices(library, process_id)
        self.stamper = Stamper(workflow, lambda: self.clock.offset.total_seconds())
        self.human_tasks_done = 0
        #: timers fired so far by letting time pass (this session of the run)
        self.timers_fired = 0
        self.advanced = False
        if advance:
            self._advance()

    # -- construction -------------------------------------------------------------
    @classmethod
    def start(
        cls,
        process: str | Path,
        *,
        process_id: str | None = None,
        decisions: Decisions | dict[str, Any] | str | Path | None = None,
        library: str | Path | None = None,
        allow_non_executable: bool = False,
        trust_scripts: bool = False,
        max_steps: int = DEFAULT_MAX_STEPS,
        advance: bool = True,
        task_time: Any = None,
    ) -> Run:
        """Load the library (cached), start ``process`` and run its engine steps.

        ``process`` is a ``.bpmn`` path or a process id of the library;
        ``decisions`` a :class:`Decisions`, a mapping, or a JSON/TOML file path.
        """
        files, file, hint = resolve_process(process, library=library)
        loaded = load_library(files, allow_non_executable=allow_non_executable)
        chosen = process_id or choose_process(loaded, file, hint)
        return cls(loaded, chosen, as_decisions(decisions), trust_scripts=trust_scripts,
                   max_steps=max_steps, advance=advance, task_time=task_time)

    # -- driving ------------------------------------------------------------------
    @property
    def completed(self) -> bool:
        """True only when the process reached its end (see :func:`reached_end`)."""
        return reached_end(self.workflow)

    @property
    def steps(self) -> int:
        """Elements completed so far (engine and human tasks alike)."""
        return self.stamper.next - 1

    def _step(self, *_: Any) -> None:
        self.stamper.sweep()
        if self.steps >= self.max_steps:
            raise StepLimitError(
                f"berhenti setelah {angka(self.max_steps)} langkah tanpa mencapai peristiwa "
                f"selesai: {self._runaway_cause()} Jika prosesnya memang butuh lebih, naikkan "
                "batasnya dengan --max-steps N (API: max_steps=N)",
                element_id=self.process_id,
            )

    def _runaway_cause(self) -> str:
        """Why a run may go on for ever: a loop, or timers that time itself keeps firing."""
        loop = "perulangan yang jalan keluarnya tidak pernah dipilih?"
        if EVERY_TASK not in self.task_time or not self.timers_fired:
            return loop
        return (f"{loop} Atau: pewaktu sudah berbunyi {angka(self.timers_fired)} kali, dan "
                "durasi --task-time tanpa nama tugas berlaku juga bagi tugas yang dipicu "
                "pewaktu (pemantauan), yang selama terbuka membuat pewaktu berbunyi lagi, "
                "sehingga tugas yang sedang ditunggu tidak pernah selesai: beri waktu hanya pada "
                "tugas yang lama, mis. --task-time TUGAS=P15D.")

    def _advance(self) -> None:
        self.advanced = True
        self.stamper.sweep()
        try:
            self.workflow.do_engine_steps(
                will_complete_task=self._step, did_complete_task=self.stamper.sweep
            )
        except ProbisnisError:
            raise
        except WorkflowException as exc:
            raise convert_error(self, exc) from None
        self.stamper.sweep()

    def visits(self, container: str, element_id: str) -> int:
        """How many times the element has completed so far in this run."""
        return self.visit_counts().get((container, element_id), 0)

    def visit_counts(self) -> dict[tuple[str, str], int]:
        """(container, element id) -> completions so far, in one pass over the tasks."""
        counts: dict[tuple[str, str], int] = {}
        for task in all_tasks(self.workflow):
            if task.state != TaskState.COMPLETED or SEQ_KEY not in task.internal_data:
                continue
            if isinstance(task.task_spec, LoopTask):
                continue
            container = task.workflow.spec.name
            original = self.library.original_id(container, task.task_spec.name)
            if original is not None:
                key = (container, original)
                counts[key] = counts.get(key, 0) + 1
        return counts

    def node_of(self, task: Task) -> NodeInfo | None:
        return self.library.node(task.workflow.spec.name, task.task_spec.name)

    def route_taken(self, task: Task, flow_id: str) -> bool:
        """Answer ``probisnis_route(flow_id)`` for the descriptive gateway ``task``."""
        node = self.node_of(task)
        if node is None:  # pragma: no cover - route conditions exist only on indexed gateways
            raise RunError(f"kondisi rute pada elemen yang tidak dikenal "
                           f"{task.task_spec.name}")
        container = self.library.containers[node.container]
        visit = self.visits(node.container, node.id)
        chosen = self.decisions.route(container, node, visit)
        if chosen is None:
            options = ", ".join(f"{f.id} (-> {f.target})" for f in container.outgoing(node.id))
            given = self.decisions.list_length(node)
            why = (
                f"daftar {given} jawabannya sudah terpakai semua (ini putaran ke-{visit + 1})"
                if given is not None
                else "berkas keputusan tidak menyebut alur yang diambil"
            )
            reason = (f"gerbang tanpa kondisi: {why}; pilih salah satu di berkas keputusan: "
                      f"{options}")
            raise StuckRunError(
                f"proses macet: [{node.id}] menunggu: {reason}",
                waiting={node.id: reason},
                path=node.path,
                line=node.line,
            )
        return flow_id in chosen

    def ready_human_tasks(self) -> list[tuple[Task, dict[str, Any] | None]]:
        """Ready human tasks with their decision data (``None``: decisions used up)."""
        ready: list[tuple[Task, dict[str, Any] | None]] = []
        counts: dict[tuple[str, str], int] | None = None
        for task in self.workflow.get_tasks(state=TaskState.READY):
            if not task.task_spec.manual:
                continue
            node = self.node_of(task)
            if node is None:
                ready.append((task, {}))
                continue
            if counts is None:
                counts = self.visit_counts()
            visit = counts.get((node.container, node.id), 0)
            ready.append((task, self.decisions.task_data(node, visit)))
        return ready

    def step(self) -> bool:
        """Complete one human task that has decisions left; ``False`` when there is none."""
        ready = [(task, data) for task, data in self.ready_human_tasks() if data is not None]
        # a task kept open while what its time started is done goes last
        ready.sort(key=lambda pair: pair[0].id in self._held)
        for task, data in ready:
            if self._let_time_pass(task):
                self._held.add(task.id)
                return True  # timers fired while it was open: their tasks come first
            task.set_data(**data)
            self._step()
            try:
                task.run()
            except WorkflowException as exc:
                raise convert_error(self, exc) from None
            self.stamper.sweep()
            self.human_tasks_done += 1
            self._advance()
            return True
        return False

    def _let_time_pass(self, task: Task) -> bool:
        """Before ``task`` completes, the time it stays open passes (once per task)."""
        if not self.task_time or task.id in self._timed:
            return False
        self._timed.add(task.id)
        node = self.node_of(task)
        element = node.id if node is not None else task.task_spec.name
        delta = self.task_time.get(element, self.task_time.get(EVERY_TASK))
        return delta is not None and pass_time(self, delta) > 0

    def timer_fired(self) -> None:
        """Count one timer firing (:func:`probisnis.run.clock.pass_time` calls it)."""
        self.timers_fired += 1

    def fire_next_timers(self) -> bool:
        """Let time pass: fire the waiting timer(s) due first; ``False`` if none waits.

        A headless run completes tasks at once; time passes only when nobody
        can act (or with ``task_time``), and then the run's clock moves just far
        enough for the earliest timer (a deadline on an event-based gateway, a
        wait, a boundary timeout) to fire: its completion shows that time in the
        trace's ``elapsed``.
        """
        due: list[tuple[datetime, Task]] = []
        for task in all_tasks(self.workflow):
            # every waiting timer notes the clock it was armed at before the clock moves
            when = self.clock.due(task)
            definition = getattr(task.task_spec, "event_definition", None)
            if when is not None and _has_timer(definition):
                due.append((when, task))
        if not due:
            return False
        first = min(when for when, _ in due)
        # the run's clock moves to the moment the timer falls due (the elapsed column)
        advance_to(self.clock, first)
        for when, task in due:
            if when == first:
                task._set_internal_data(event_value=_PAST)
                task.task_spec._update(task)
        self._advance()
        return True

    def run(self, *, max_tasks: int | None = None, stop_after: int | None = None,
            max_steps: int | None = None) -> RunResult:
        """Complete human tasks until the process ends.

        ``stop_after`` stops (without error) after that many human tasks in
        this call, leaving a half-finished run to save. Raises
        :class:`~probisnis.errors.StuckRunError` when nothing can proceed and
        :class:`~probisnis.errors.RunError` past ``max_tasks`` completions.
        """
        limit = DEFAULT_MAX_TASKS if max_tasks is None else max_tasks
        if max_steps is not None:
            self.max_steps = max_steps
        if not self.advanced:
            self._advance()
        done_here = 0
        while not self.completed:
            if stop_after is not None and done_here >= stop_after:
                break
            if self.human_tasks_done >= limit:
                raise RunError(
                    f"lebih dari {angka(limit)} tugas selesai: perulangan yang jalan keluarnya "
                    "tidak pernah dipilih? (tugas yang diberi satu tabel data mengulang data "
                    "itu di setiap putaran; berikan daftar tabel, satu per putaran)",
                    element_id=self.process_id,
                )
            if not self.step():
                if self.fire_next_timers():
                    continue
                raise describe_waiting(self)
            done_here += 1
        return self.result()

    def result(self) -> RunResult:
        """The trace and data as they stand now."""
        records = completed_records(self.library, self.workflow)
        return RunResult(
            trace=trace_frame(records),
            completed=self.completed,
            data=final_data(self.workflow),
            workflow=self.workflow,
            process_id=self.process_id,
            run=self,
        )


def final_data(workflow: BpmnWorkflow) -> dict[str, Any]:
    """Workflow data at the end (or, mid-run, the data of the last completed task)."""
    if reached_end(workflow):
        data = dict(workflow.data)
    else:
        last = workflow.last_task
        data = dict(last.data) if last is not None else dict(workflow.data)
    data.pop("data_objects", None)
    return data


def as_decisions(decisions: Decisions | dict[str, Any] | str | Path | None) -> Decisions:
    if decisions is None or isinstance(decisions, Decisions):
        return decisions or Decisions()
    if isinstance(decisions, (str, Path)):
        return load_decisions(decisions)
    return Decisions.from_mapping(decisions)


def run(
    process: str | Path,
    *,
    process_id: str | None = None,
    decisions: Decisions | dict[str, Any] | str | Path | None = None,
    library: str | Path | None = None,
    allow_non_executable: bool = False,
    max_tasks: int | None = None,
    trust_scripts: bool = False,
    max_steps: int = DEFAULT_MAX_STEPS,
    task_time: Any = None,
) -> RunResult:
    """Run ``process`` to its end with ``decisions`` and return the :class:`RunResult`.

    ``process`` is a ``.bpmn`` file (its folder is the library unless
    ``library`` is given) or a process id of ``library``. ``task_time`` (an ISO
    8601 duration for every human task, or element id -> duration, ``"*"`` for the
    rest) lets that much time pass while each task is open, firing the timers due
    meanwhile (:mod:`probisnis.run.clock`).
    """
    state = Run.start(
        process,
        process_id=process_id,
        decisions=decisions,
        library=library,
        allow_non_executable=allow_non_executable,
        trust_scripts=trust_scripts,
        max_steps=max_steps,
        task_time=task_time,
    )
    return state.run(max_tasks=max_tasks)
