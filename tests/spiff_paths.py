"""Drive a BPMN process (or collaboration) through SpiffWorkflow along one path.

Used by the tests of the regulation's processes (penugasan, pertanggungjawaban,
pengelolaan kinerja, kedudukan). ``decisions`` has the shape of the runner's
decisions file: element id -> data merged into that task when it completes, or
a list of such tables, one per visit. Which sequence flows a run took is read
from SpiffWorkflow's task tree (a completed task and its completed child), so
the coverage the tests print is SpiffWorkflow's, not ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import BusinessRuleTaskParser
from SpiffWorkflow.spiff.specs.defaults import BusinessRuleTask
from SpiffWorkflow.util.task import TaskState

from probisnis.run.prepare import drop_data_associations

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class _DecisionRefParser(BusinessRuleTaskParser):
    """Business-rule task whose decision is named by ``camunda:decisionRef``."""

    @staticmethod
    def get_decision_ref(node: Any) -> str | None:
        return node.get(f"{{{CAMUNDA}}}decisionRef") or BusinessRuleTaskParser.get_decision_ref(
            node
        )


class _Parser(SpiffBpmnParser):  # the spiff family: message payloads are opt-in, none here
    OVERRIDE_PARSER_CLASSES: ClassVar[dict[str, Any]] = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("businessRuleTask"): (_DecisionRefParser, BusinessRuleTask),
    }


@dataclass
class PathRun:
    """What one run did: completed element ids in order, the end events reached, flows taken."""

    completed: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    flows: set[str] = field(default_factory=set)
    data: dict[str, Any] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)
    done: bool = False


def sequence_flows(paths: Iterable[Path]) -> dict[tuple[str, str], str]:
    """(source id, target id) -> sequence-flow id over the given BPMN files."""
    flows: dict[tuple[str, str], str] = {}
    for path in paths:
        root = etree.parse(str(path), _SAFE).getroot()
        for flow in root.iter(f"{{{BPMN}}}sequenceFlow"):
            flows[(flow.get("sourceRef"), flow.get("targetRef"))] = flow.get("id")
    return flows


def end_events(paths: Iterable[Path]) -> set[str]:
    ids: set[str] = set()
    for path in paths:
        root = etree.parse(str(path), _SAFE).getroot()
        ids |= {e.get("id") for e in root.iter(f"{{{BPMN}}}endEvent")}
    return ids


def parser_for(paths: Iterable[Path], dmn: Iterable[Path] = ()) -> _Parser:
    parser = _Parser()
    for path in paths:  # documents (data objects) hold no variables: dropped as `run` does
        root = etree.parse(str(path), _SAFE).getroot()
        drop_data_associations(root)
        parser.add_bpmn_xml(root, str(path))
    if dmn:
        parser.add_dmn_files([str(p) for p in dmn])
    return parser


def run_path(
    files: Iterable[Path],
    process_id: str,
    decisions: Mapping[str, Any],
    *,
    collaboration: bool = False,
    dmn: Iterable[Path] = (),
    data: Mapping[str, Any] | None = None,
    max_steps: int = 500,
    fire_before: Mapping[str, Iterable[int]] | None = None,
) -> PathRun:
    """Run ``process_id`` (a collaboration id when ``collaboration``) completing every ready
    human task with its decisions; stop when nothing is ready.

    ``fire_before``: task id -> visits (1, 2, ...) before which every waiting timer fires
    (time passes while the task is open: a boundary timer or an event subprocess's start)."""
    files = list(files)
    parser = parser_for(files, dmn)
    if collaboration:
        spec, subprocesses = parser.get_collaboration(process_id)
    else:
        spec = parser.get_spec(process_id)
        subprocesses = parser.get_subprocess_specs(process_id)
    workflow = BpmnWorkflow(spec, subprocesses)
    if data:
        workflow.get_tasks(state=TaskState.READY)[0].data.update(dict(data))
    visits: dict[str, int] = {}
    fired: set[tuple[str, int]] = set()
    result = PathRun()
    workflow.do_engine_steps()
    for _ in range(max_steps):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            break
        # with timers fired, the newest ready task first: a request started by a timer is
        # handled at once, before the work it interrupts goes on
        task = max(ready, key=lambda t: t.last_state_change) if fire_before else ready[0]
        ident = task.task_spec.bpmn_id
        answer = decisions.get(ident, {})
        if isinstance(answer, list):
            n = visits.get(ident, 0)
            if n >= len(answer):
                raise AssertionError(f"{ident}: decisions list used up at visit {n + 1}")
            answer = answer[n]
        visit = (ident, visits.get(ident, 0) + 1)
        if fire_before and visit[1] in set(fire_before.get(ident, ())) and visit not in fired:
            fired.add(visit)  # time passes first; the task is taken up again later
            _fire_timers(workflow)
            workflow.do_engine_steps()
            continue
        visits[ident] = visit[1]
        task.data.update(answer)
        task.run()
        workflow.do_engine_steps()
    else:  # pragma: no cover - a loop that never ends is a test failure
        raise AssertionError(f"{process_id}: more than {max_steps} steps")
    flows = sequence_flows(files)
    ends = end_events(files)
    completed = [
        t
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if getattr(t.task_spec, "bpmn_id", None)
    ]
    completed.sort(key=lambda t: t.last_state_change)
    for task in completed:
        ident = task.task_spec.bpmn_id
        result.completed.append(ident)
        if ident in ends:
            result.ends.append(ident)
    # a branch that reached a join first leaves a join task that the last branch cancels:
    # its incoming flow was taken all the same
    merged = [
        t
        for t in workflow.get_tasks(state=TaskState.CANCELLED)
        if isinstance(t.task_spec, Join) and getattr(t.task_spec, "bpmn_id", None)
    ]
    for task in completed + merged:
        ident = task.task_spec.bpmn_id
        parent = task.parent
        # Spiff inserts its own specs (no bpmn_id) between some elements; skip over them
        while parent is not None and getattr(parent.task_spec, "bpmn_id", None) is None:
            parent = parent.parent
        # a repeating timer start keeps waiting while it starts one body after another (and
        # is cancelled, not completed, when a terminate end closes the process)
        repeating = parent is not None and type(parent.task_spec).__name__ == "StartEvent"
        if parent is not None and (
            parent.state == TaskState.COMPLETED
            or (repeating and parent.state in (TaskState.WAITING, TaskState.CANCELLED))
        ):
            key = (parent.task_spec.bpmn_id, ident)
            if key in flows:
                result.flows.add(flows[key])
    result.waiting = [
        t.task_spec.bpmn_id
        for t in workflow.get_tasks(state=TaskState.WAITING)
        if getattr(t.task_spec, "bpmn_id", None)
    ]
    result.done = workflow.is_completed()
    result.data = dict(workflow.last_task.data) if workflow.last_task is not None else {}
    return result


def _fire_timers(workflow: BpmnWorkflow) -> None:
    """Let time pass until every waiting timer is due, and fire them (once: a repeating
    timer's next firing is one period from now)."""
    due = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    for task in workflow.get_tasks(state=TaskState.WAITING):
        value = task.internal_data.get("event_value")
        if isinstance(value, dict) and "next" in value:  # a repeating timer
            task._set_internal_data(event_value={**value, "next": due})
        elif isinstance(value, str):  # a date or a duration's end
            task._set_internal_data(event_value=due)
        else:
            continue
        task.task_spec._update(task)


def without_di(data: bytes) -> bytes:
    """The BPMN XML without its diagrams: the semantics a generator must reproduce exactly
    (the layout's own tests and ``python -m probisnis.library.build --check`` watch the DI)."""
    root = etree.fromstring(data, _SAFE)
    for diagram in root.findall("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNDiagram"):
        root.remove(diagram)
    return etree.tostring(root)
