"""The trace of a run: one record per completed BPMN flow node, in completion order.

Every SpiffWorkflow task that completes gets a sequence number in its
``internal_data`` (which SpiffWorkflow serialises), so the order survives
save/restore; so does the time on the run's clock when it completed (``elapsed``, seconds
since the run started; it moves only when time passes: ``task_time``, or a timer fired because
nothing else could move). A recurring timer (``timeCycle``: a non-interrupting boundary
timer, the start of a timer-started event subprocess) never completes, it stays waiting and
starts a new path at each firing; each firing is noted on the timer's task
(:meth:`Stamper.fire`) and is a record of its own, so the trace shows why the path it
starts happened. The trace keeps BPMN elements only (activities, events and gateways, under
their original ids);
SpiffWorkflow's own bookkeeping specs (``Start``, ``End``, ``*.EndJoin``, boundary-event
splits/joins) and the outer part of loop/multi-instance activities (each iteration is a
record) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from probisnis.run.index import NodeInfo
from probisnis.run.loader import LoadedLibrary

__all__ = [
    "FIRED_KEY",
    "SEQ_KEY",
    "TIME_KEY",
    "TRACE_COLUMNS",
    "Record",
    "Stamper",
    "all_tasks",
    "bpmn_ancestor",
    "completed_records",
    "trace_frame",
    "traversed_flows",
]

SEQ_KEY = "probisnis_seq"
TIME_KEY = "probisnis_elapsed"
#: on a recurring timer's task: ``[[seq, elapsed], ...]``, one pair per firing
FIRED_KEY = "probisnis_fired"
TRACE_COLUMNS = ["order", "element_id", "name", "lane", "kind", "process_id", "elapsed"]


def all_tasks(workflow: Any) -> Iterator[Task]:
    """Every task of a BpmnWorkflow and of all its subprocess workflows."""
    yield from workflow.tasks.values()
    for sub in workflow.subprocesses.values():
        yield from sub.tasks.values()


class Stamper:
    """Numbers completed tasks in the order they complete, noting the run's clock
    (``elapsed()``: seconds since the run started) at that moment."""

    def __init__(self, workflow: Any, elapsed: Callable[[], float] | None = None) -> None:
        self.workflow = workflow
        self.elapsed = elapsed
        seen = [t.internal_data.get(SEQ_KEY, 0) for t in all_tasks(workflow)]
        seen += [seq for t in all_tasks(workflow) for seq, _ in t.internal_data.get(FIRED_KEY, ())]
        self.next = max(seen, default=0) + 1

    def fire(self, task: Task) -> None:
        """Note that the recurring timer ``task`` fired now (it stays waiting)."""
        self.sweep()
        now = self.elapsed() if self.elapsed is not None else 0.0
        task.internal_data.setdefault(FIRED_KEY, []).append([self.next, now])
        self.next += 1

    def sweep(self, *_: Any) -> None:
        """Stamp every completed, unstamped task (oldest state change first)."""
        fresh = [
            t for t in all_tasks(self.workflow)
            if t.state == TaskState.COMPLETED and SEQ_KEY not in t.internal_data
        ]
        now = self.elapsed() if self.elapsed is not None and fresh else 0.0
        for task in sorted(fresh, key=lambda t: t.last_state_change):
            task.internal_data[SEQ_KEY] = self.next
            if now:
                task.internal_data[TIME_KEY] = now
            self.next += 1


@dataclass(frozen=True, slots=True)
class Record:
    seq: int
    node: NodeInfo
    task: Task
    #: seconds on the run's clock when the element completed (or the timer fired)
    elapsed: float = 0.0


def _node(library: LoadedLibrary, task: Task) -> NodeInfo | None:
    return library.node(task.workflow.spec.name, task.task_spec.name)


def completed_records(library: LoadedLibrary, workflow: Any) -> list[Record]:
    """Completed BPMN flow nodes of ``workflow`` and firings of recurring timers, in order."""
    records = []
    for task in all_tasks(workflow):
        fired = task.internal_data.get(FIRED_KEY, ())
        if fired and (node := _node(library, task)) is not None:
            records += [Record(seq, node, task, float(at)) for seq, at in fired]
        seq = task.internal_data.get(SEQ_KEY)
        if seq is None or task.state != TaskState.COMPLETED or isinstance(task.task_spec, LoopTask):
            continue
        node = _node(library, task)
        if node is not None:
            records.append(Record(seq, node, task, float(task.internal_data.get(TIME_KEY, 0.0))))
    records.sort(key=lambda r: r.seq)
    return records


def trace_frame(records: list[Record]) -> pd.DataFrame:
    """The trace as a DataFrame with :data:`TRACE_COLUMNS` (``order`` is 1-based,
    ``elapsed`` the seconds on the run's clock when the element completed)."""
    rows = [
        {
            "order": i,
            "element_id": r.node.id,
            "name": r.node.name,
            "lane": r.node.lane,
            "kind": r.node.kind,
            "process_id": r.node.process_id,
            "elapsed": r.elapsed,
        }
        for i, r in enumerate(records, start=1)
    ]
    frame = pd.DataFrame(rows, columns=TRACE_COLUMNS)
    return frame.astype({"order": "int64", "elapsed": "float64"})


def bpmn_ancestor(library: LoadedLibrary, task: Task) -> NodeInfo | None:
    """The nearest ancestor of ``task`` in the task tree that is a BPMN element."""
    parent = task.parent
    while parent is not None:
        node = _node(library, parent)
        if node is not None:
            return node
        parent = parent.parent
    return None


def traversed_flows(library: LoadedLibrary, workflow: Any) -> set[tuple[str, str]]:
    """(container, sequence-flow id) of every flow a token passed along.

    Read from SpiffWorkflow's task tree: a task whose nearest BPMN ancestor
    completed was reached over the flow(s) between the two; tokens that
    reached a join and were absorbed there (cancelled waiting join tasks)
    count too.
    """
    flows: set[tuple[str, str]] = set()
    for task in all_tasks(workflow):
        if task.state == TaskState.COMPLETED:
            pass
        elif task.state == TaskState.CANCELLED:
            node = _node(library, task)
            if node is None or node.kind not in ("parallelGateway", "inclusiveGateway",
                                                 "complexGateway"):
                continue
        else:
            continue
        node = _node(library, task)
        if node is None:
            continue
        ancestor = bpmn_ancestor(library, task)
        if ancestor is None or ancestor.container != node.container:
            continue
        container = library.containers[node.container]
        for flow in container.flows_between(ancestor.id, node.id):
            flows.add((node.container, flow.id))
    return flows
