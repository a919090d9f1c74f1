"""Turn SpiffWorkflow failures and stuck workflows into messages an analyst can act on.

Every message names the element (original id) and its ``file:line``:

- a gateway whose conditions are all false: ``proses macet: [G] menunggu: tidak ada
  kondisi alur keluar yang benar untuk data (...)`` (:class:`~probisnis.errors.StuckRunError`);
- a condition that reads a variable no task has set: ``[G] kondisi `x > 1` pada alur F
  memakai 'x', yang tidak ada dalam data ...`` (:class:`~probisnis.errors.RunError`);
- nothing ready and not finished: one ``[id] menunggu: ...`` per waiting element
  (a join short of tokens, a catch event or receive task waiting for a message,
  signal or timer, a task whose decisions list is used up).

The messages are in Bahasa Indonesia (``run`` has no ``--lang``), element kinds worded as
``validate`` words them (:data:`~probisnis.present.finding_texts.KIND_WORDS`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ItemAwareEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from probisnis.errors import ExpressionError, ProbisnisError, RunError, StuckRunError
from probisnis.hints import suggest
from probisnis.present.notices import Term
from probisnis.present.run_view import EVENT_WORDS
from probisnis.run.implicit import SYNTHETIC_MARK
from probisnis.run.index import NodeInfo
from probisnis.run.trace import all_tasks, bpmn_ancestor

if TYPE_CHECKING:
    from probisnis.run.engine import Run

__all__ = ["convert_error", "describe_waiting", "show_data"]

_JOIN_KINDS = ("parallelGateway", "inclusiveGateway", "complexGateway")
_EXPRESSION = re.compile(r"Error evaluating expression '(.*)'", re.S)


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """Task data as the user gave it (SpiffWorkflow's own keys left out)."""
    return {k: v for k, v in data.items() if k != "data_objects" and not k.startswith("_")}


def show_data(data: dict[str, Any], limit: int = 300) -> str:
    """Task data as a person reads it, shortened: ``(nilai = 70; bentuk = 'tim')``, or
    ``(masih kosong)``."""
    shown = _given(data)
    if not shown:
        return "(masih kosong)"
    text = "; ".join(f"{k} = {v!r}" for k, v in shown.items())
    return f"({text if len(text) <= limit else text[: limit - 3] + '...'})"


def _near(name: str, data: dict[str, Any]) -> str:
    """``; mungkin 'nilaii' di berkas keputusan salah ketik?`` when the data holds a name
    close to ``name``."""
    close = suggest(name, _given(data))
    return f"; mungkin {close!r} di berkas keputusan salah ketik?" if close else ""


def _find_task(run: Run, exc: WorkflowException) -> Task | None:
    task = getattr(exc, "task", None)
    if task is not None:
        return task  # type: ignore[no-any-return]
    spec = getattr(exc, "task_spec", None)
    if spec is None:
        return None
    for candidate in all_tasks(run.workflow):
        if candidate.task_spec is spec and candidate.state in (
            TaskState.READY, TaskState.STARTED, TaskState.ERROR
        ):
            return candidate
    return None


def convert_error(run: Run, exc: WorkflowException) -> ProbisnisError:
    """A :class:`ProbisnisError` naming the element behind a SpiffWorkflow exception."""
    cause = _root_cause(exc)
    if isinstance(cause, ProbisnisError) and not isinstance(cause, ExpressionError):
        return cause
    task = _find_task(run, exc)
    node = run.node_of(task) if task is not None else None
    if node is None and task is not None and SYNTHETIC_MARK in task.task_spec.name:
        node = bpmn_ancestor(run.library, task)  # a gateway written out after this element
    where: dict[str, Any] = {}
    if node is not None:
        where = {"path": node.path, "line": node.line, "element_id": node.id}
    if isinstance(cause, ExpressionError) and cause.missing is None:
        kind = f"{Term(node.kind).text()}: " if node is not None else ""
        return RunError(f"{kind}{cause.message}", **where)
    message = str(exc.args[0]) if exc.args else str(exc)
    if node is not None and task is not None and message.startswith("No conditions satisfied"):
        reason = f"tidak ada kondisi alur keluar yang benar untuk data {show_data(task.data)}"
        conditions = _conditions(run, node)
        if conditions:
            reason += (f" (kondisi: {conditions}; tidak ada alur bawaan): berikan data yang "
                       "membuat salah satu kondisi benar di berkas keputusan")
        return StuckRunError(f"proses macet: [{node.id}] menunggu: {reason}",
                             waiting={node.id: reason}, path=node.path, line=node.line)
    missing = cause.missing if isinstance(cause, ExpressionError) else None
    if (missing or isinstance(cause, NameError)) and node is not None and task is not None:
        variable = missing or getattr(cause, "name", None) or str(cause)
        expression = cause.expression if isinstance(cause, ExpressionError) else _expression(exc)
        flow = _flow_with_condition(run, node, expression)
        code = "ekspresi tabel keputusan (DMN)" if node.kind == "businessRuleTask" else "kondisi"
        what = f"{code} `{expression}`" if expression else f"sebuah {code}"
        if flow:
            what += f" pada alur {flow}"
        return RunError(
            f"{what} memakai {variable!r}, yang tidak ada dalam data {show_data(task.data)}: "
            f"berikan {variable!r} kepada sebuah tugas sebelum {Term(node.kind).text()} ini "
            f"di berkas keputusan (--decisions){_near(str(variable), task.data)}",
            **where,
        )
    detail = message
    if isinstance(exc, WorkflowTaskException) and cause is not None and not isinstance(
        cause, WorkflowException
    ):
        detail = f"{message}: {type(cause).__name__}: {cause}"
    kind = f"{Term(node.kind).text()} ini" if node is not None else "elemen ini"
    return RunError(f"SpiffWorkflow gagal menjalankan {kind}: {detail}", **where)


def _root_cause(exc: BaseException) -> BaseException | None:
    """The first cause behind SpiffWorkflow's (possibly nested) wrappers."""
    cause: BaseException | None = exc.__context__
    seen = 0
    while isinstance(cause, WorkflowException) and seen < 20:
        inner = getattr(cause, "exception", None) or cause.__context__
        if inner is None:
            break
        cause, seen = inner, seen + 1
    return cause


def _expression(exc: WorkflowException) -> str | None:
    for text in [str(exc.args[0]) if exc.args else "", *getattr(exc, "notes", [])]:
        match = _EXPRESSION.search(text)
        if match:
            return match.group(1)
    return None


def _conditions(run: Run, node: NodeInfo) -> str:
    container = run.library.containers[node.container]
    parts = [f"{f.id}: {f.condition}" for f in container.outgoing(node.id) if f.condition]
    return "; ".join(parts)


def _flow_with_condition(run: Run, node: NodeInfo, expression: str | None) -> str | None:
    if expression is None:
        return None
    container = run.library.containers[node.container]
    for flow in container.outgoing(node.id):
        if flow.condition and flow.condition.strip() == expression.strip():
            return flow.id
    return None


def _event_reason(task: Task) -> str:
    definition = getattr(task.task_spec, "event_definition", None)
    if isinstance(definition, MultipleEventDefinition):
        parts = [_describe(d) for d in definition.event_definitions]
        return "salah satu dari: " + "; ".join(parts)
    return _describe(definition)


def _describe(definition: Any) -> str:
    if isinstance(definition, MessageEventDefinition):
        return f"pesan {definition.name!r} (tidak ada yang mengirimnya dalam jalannya ini)"
    if isinstance(definition, TimerEventDefinition):
        return (f"pewaktu {definition.expression!r} (pewaktu berulang hanya berbunyi selama "
                "sebuah tugas terbuka, dengan --task-time)")
    if isinstance(definition, ItemAwareEventDefinition):
        kind = _event_word(definition)
        return f"{kind} {definition.name!r} (tidak ada yang melemparnya dalam jalannya ini)"
    if definition is not None:
        return f"peristiwa {_event_word(definition)}"
    return "sebuah peristiwa"


def _event_word(definition: Any) -> str:
    """``SignalEventDefinition`` -> ``sinyal`` (the words of the run's trace table)."""
    kind = type(definition).__name__.replace("EventDefinition", "").lower()
    return EVENT_WORDS[kind][0] if kind in EVENT_WORDS else kind


def _join_reason(run: Run, task: Task, node: NodeInfo) -> str:
    container = run.library.containers[node.container]
    sources = [f.source for f in container.incoming(node.id)]
    arrived: set[str] = set()
    for other in all_tasks(run.workflow):
        if other.task_spec is not task.task_spec or other.workflow is not task.workflow:
            continue
        if other.state not in (TaskState.WAITING, TaskState.CANCELLED, TaskState.READY):
            continue
        source = bpmn_ancestor(run.library, other)
        if source is not None:
            arrived.add(source.id)
    missing = [s for s in sources if s not in arrived]
    have = [s for s in sources if s in arrived]
    return (f"{Term(node.kind).text()} ini menggabungkan cabang: sudah tiba dari "
            f"{', '.join(have) or '(belum ada)'}, masih menunggu dari "
            f"{', '.join(missing) or '(tidak ada)'}")


def describe_waiting(run: Run) -> StuckRunError:
    """The error for a run with nothing to do that has not finished."""
    waiting: dict[str, str] = {}
    first: NodeInfo | None = None
    for task, data in run.ready_human_tasks():
        node = run.node_of(task)
        if node is None or data is not None:
            continue
        size = run.decisions.list_length(node)
        waiting[node.id] = (f"{Term(node.kind).text()} kehabisan keputusan: daftarnya berisi "
                            f"{size} entri dan semuanya sudah terpakai (ini putaran ke-"
                            f"{size + 1 if size is not None else '?'}); tambahkan entri ke "
                            "daftarnya di berkas keputusan")
        first = first or node
    for task in all_tasks(run.workflow):
        if task.state != TaskState.WAITING:
            continue
        node = run.node_of(task)
        if node is None:
            continue
        if node.kind in _JOIN_KINDS:
            reason = _join_reason(run, task, node)
        elif node.kind == "boundaryEvent":
            continue  # waits alongside its activity; the activity explains the wait
        elif isinstance(task.task_spec, CatchingEvent):
            reason = _event_reason(task)
        else:
            reason = f"{Term(node.kind).text()} menunggu"
        waiting.setdefault(node.id, reason)
        first = first or node
    if not waiting:
        waiting[run.process_id] = ("tidak ada yang siap atau menunggu, tetapi proses belum "
                                   "selesai")
    text = "; ".join(f"[{k}] menunggu: {v}" for k, v in waiting.items())
    return StuckRunError(
        f"proses macet: {text}",
        waiting=waiting,
        path=first.path if first else None,
        line=first.line if first else None,
    )
