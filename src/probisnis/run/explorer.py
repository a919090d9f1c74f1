"""The path explorer behind :mod:`probisnis.run.paths` (see there for the rules).

One :class:`Explorer` is one guided run: SpiffWorkflow executes the process
while :class:`GuidedEngine` answers each diverging gateway from a prefix of
choices and finds the data that makes the chosen flow's condition true.
:func:`explore` walks the choices depth-first and yields every path, each
replayed from scratch with the ordinary runner and checked.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from probisnis.errors import ExpressionError, ProbisnisError, RunError, StuckRunError
from probisnis.present.numbers import angka
from probisnis.run.conditions import condition_values, variable_names
from probisnis.run.decisions import Decisions
from probisnis.run.engine import Run, RunResult, RunScriptEngine, as_decisions, choose_process
from probisnis.run.implicit import CHOICE_MARK
from probisnis.run.index import FlowInfo, NodeInfo
from probisnis.run.loader import LoadedLibrary, load_library, resolve_process
from probisnis.run.prepare import ROUTE_PATTERN
from probisnis.run.trace import SEQ_KEY, all_tasks, bpmn_ancestor

__all__ = ["DeadEnd", "Explorer", "ProcessPath", "Setup", "explore", "setup"]

_MAX_COMBINATIONS = 20_000
_COMPUTING_KINDS = frozenset({"businessRuleTask", "scriptTask", "serviceTask"})


@dataclass(frozen=True)
class ProcessPath:
    """One path: the choices made, a decisions mapping that reproduces it, and its run."""

    process_id: str
    choices: tuple[tuple[str, str], ...]
    decisions: dict[str, Any]
    result: RunResult = field(repr=False)

    @property
    def activities(self) -> list[str]:
        return list(self.result.activities["element_id"])


class DeadEnd(Exception):
    """No allowed outgoing flow at a gateway: the prefix leads nowhere."""


@dataclass
class Point:
    gateway: NodeInfo
    options: list[str]
    chosen: int

    def outcome_of(self, index: int) -> tuple[str, str, str]:
        return (self.gateway.container, self.gateway.id, self.options[index])

    @property
    def outcome(self) -> tuple[str, str, str]:
        return self.outcome_of(self.chosen)


class Explorer:
    """One guided run: follows ``prefix`` choices, then the first allowed option."""

    def __init__(
        self, library: LoadedLibrary, process_id: str, base: Decisions, prefix: list[int],
        values: dict[str, list[Any]], max_repeat: int, deciders: Mapping[str, str],
        watch: Callable[[Run], None] | None = None, trust_scripts: bool = False,
    ) -> None:
        self.deciders = dict(deciders)
        self.watch = watch
        self.library = library
        self.prefix = prefix
        self.values = values
        self.max_repeat = max_repeat
        self.points: list[Point] = []
        self.decided: dict[Any, str] = {}  # gateway task id -> chosen flow id
        self.owner: dict[str, str] = {}  # variable -> node key that set it first
        self.extra: dict[tuple[str, int], dict[str, Any]] = {}  # (node key, visit) -> data
        self.routes: dict[tuple[str, int], str] = {}  # (gateway key, visit) -> flow id
        self.taken: dict[tuple[str, str], int] = {}
        self.base = base
        for key, value in base.raw.items():
            for node in library.nodes_by_id(key):
                tables = value if isinstance(value, list) else [value]
                for table in tables:
                    if isinstance(table, dict):
                        for variable in table:
                            self.owner.setdefault(variable, self.key(node))
        self.run = Run(library, process_id, base,
                       script_engine=lambda run: GuidedEngine(run, self), advance=False,
                       trust_scripts=trust_scripts)

    # -- helpers ------------------------------------------------------------------
    @staticmethod
    def key(node: NodeInfo) -> str:
        return f"{node.process_id}:{node.id}"

    def latest(self, wanted: set[tuple[str, str]] | None = None) -> tuple[NodeInfo, int] | None:
        """The human task completed last (of ``wanted`` (container, id) pairs if given),
        with the index of that visit."""
        best: tuple[int, NodeInfo] | None = None
        for task in all_tasks(self.run.workflow):
            seq = task.internal_data.get(SEQ_KEY)
            if seq is None or not task.task_spec.manual or isinstance(task.task_spec, LoopTask):
                continue
            node = self.run.node_of(task)
            if node is None or (wanted is not None and (node.container, node.id) not in wanted):
                continue
            if best is None or seq > best[0]:
                best = (seq, node)
        if best is None:
            return None
        node = best[1]
        return node, self.run.visits(node.container, node.id) - 1

    def computed(self) -> set[str]:
        """Variables set by engine tasks (scripts, DMN, services): not ours to choose."""
        names: set[str] = set()
        for task in all_tasks(self.run.workflow):
            if task.task_spec.manual or task.state != TaskState.COMPLETED or task.parent is None:
                continue
            node = self.run.node_of(task)
            if node is None or node.kind not in _COMPUTING_KINDS:
                continue
            parent = task.parent.data
            names.update(k for k, v in task.data.items() if k not in parent or parent[k] != v)
        return names

    def _outcome(self, flows: list[FlowInfo], default: str | None, data: dict[str, Any]
                 ) -> str | None:
        """The flow an exclusive gateway takes on ``data``; ``None`` if none or an error."""
        env = self.run.engine.environment
        true = []
        for flow in flows:
            if flow.id == default or flow.condition is None:
                continue
            try:
                if env.evaluate(flow.condition, dict(data)):
                    true.append(flow.id)
            except ExpressionError as exc:
                if exc.refused:  # not a matter of the trial data: say so
                    raise RunError(f"kondisi alur {flow.id}: {exc.message}",
                                   path=flow.path, line=flow.line, element_id=flow.id) from None
                return None
            except Exception:
                return None
        if len(true) == 1:
            return true[0]
        if not true and default is not None:
            return default
        return None

    def author(self, variable: str) -> tuple[NodeInfo, int] | None:
        """The task (and its visit) credited with setting ``variable`` now."""
        wanted = self.deciders.get(variable)
        if wanted is not None:
            named = self.latest({(n.container, n.id) for n in self.library.nodes_by_id(wanted)})
            if named is not None:
                return named
        return self.latest()

    def pool(self, variable: str, flows: list[FlowInfo]) -> list[Any]:
        """Candidate values: from this gateway's conditions first, then the library's."""
        local = condition_values(f.condition for f in flows if f.condition).get(variable, [])
        pool = list(local)
        for value in self.values.get(variable, [True, False]):
            if all(not (type(value) is type(v) and value == v) for v in pool):
                pool.append(value)
        return pool

    def assignment(self, task: Task, flows: list[FlowInfo], flow: str
                   ) -> dict[str, Any] | None:
        default = next((f.id for f in flows if f.condition is None), None)
        data = {k: v for k, v in task.data.items() if k != "data_objects"}
        if self._outcome(flows, default, data) == flow:
            return {}
        variables = sorted(
            set().union(*(variable_names(f.condition) for f in flows if f.condition))
        )
        computed = self.computed()
        free = []
        for variable in variables:
            author = self.author(variable)
            if variable in computed or author is None:
                continue
            if variable in self.extra.get((self.key(author[0]), author[1]), {}):
                continue  # that task already decided it on this visit: history is fixed
            if self.owner.get(variable, self.key(author[0])) == self.key(author[0]):
                free.append(variable)
        for size in range(1, len(free) + 1):
            for subset in itertools.combinations(free, size):
                pools = [self.pool(v, flows) for v in subset]
                for combo in itertools.islice(itertools.product(*pools), _MAX_COMBINATIONS):
                    trial = {**data, **dict(zip(subset, combo, strict=True))}
                    if self._outcome(flows, default, trial) == flow:
                        return dict(zip(subset, combo, strict=True))
        return None

    def decide(self, task: Task, after: NodeInfo | None = None) -> str:
        """The flow the gateway ``task`` takes on this path, and the data that makes its
        condition hold (credited to the human task that set each variable). ``after``: the
        activity or event whose conditional flows ``task`` chooses among (a gateway the
        run wrote out for flows with conditions leaving an activity, :mod:`~.implicit`)."""
        if task.id in self.decided:
            return self.decided[task.id]
        if self.watch is not None:
            self.watch(self.run)  # prune as soon as the path leaves what is wanted
        node = after or self.run.node_of(task)
        assert node is not None
        container = self.library.containers[node.container]
        routed = after is None and (node.container, node.id) in self.library.routed
        flows = container.outgoing(node.id)
        if after is not None:  # (its flows without a condition are taken anyway)
            flows = [f for f in flows if f.condition]
        options: list[tuple[str, dict[str, Any]]] = []
        for flow in flows:
            if self.taken.get((self.key(node), flow.id), 0) >= self.max_repeat:
                continue
            if routed:
                options.append((flow.id, {}))
                continue
            change = self.assignment(task, flows, flow.id)
            if change is not None:
                options.append((flow.id, change))
        # by default go forward (a loop's way back is an alternative), and prefer the
        # answer the data already gives
        returning = {f.id for f in flows if container.returns(f)}
        options.sort(key=lambda o: (o[0] in returning, bool(o[1])))
        index = len(self.points)
        chosen = self.prefix[index] if index < len(self.prefix) else 0
        if chosen >= len(options):
            raise DeadEnd()
        self.points.append(Point(node, [o[0] for o in options], chosen))
        flow_id, change = options[chosen]
        self.taken[(self.key(node), flow_id)] = self.taken.get((self.key(node), flow_id), 0) + 1
        visit = self.run.visits(node.container, node.id)
        if routed:
            self.routes[(self.key(node), visit)] = flow_id
        elif change:
            for variable, value in change.items():
                credited = self.author(variable)
                assert credited is not None
                author_node, author_visit = credited
                self.owner.setdefault(variable, self.key(author_node))
                self.extra.setdefault((self.key(author_node), author_visit), {})[variable] = value
            task.data.update(change)
        self.decided[task.id] = flow_id
        return flow_id

    def decisions(self) -> dict[str, Any]:
        """The decisions mapping that reproduces this run's path."""
        visits: dict[str, int] = {}
        nodes: dict[str, NodeInfo] = {}
        for task in all_tasks(self.run.workflow):
            if task.state != TaskState.COMPLETED or SEQ_KEY not in task.internal_data:
                continue
            if not task.task_spec.manual or isinstance(task.task_spec, LoopTask):
                continue
            node = self.run.node_of(task)
            if node is not None:
                visits[self.key(node)] = visits.get(self.key(node), 0) + 1
                nodes[self.key(node)] = node
        out: dict[str, Any] = {}
        for key, count in sorted(visits.items()):
            entries = []
            for visit in range(count):
                base = self.base.task_data(nodes[key], visit) or {}
                entries.append({**base, **self.extra.get((key, visit), {})})
            if any(entries):
                out[key] = entries
        gateways: dict[str, dict[int, str]] = {}
        for (key, visit), flow in self.routes.items():
            gateways.setdefault(key, {})[visit] = flow
        for key, answers in sorted(gateways.items()):
            out[key] = [answers[v] for v in sorted(answers)]
        return out


class GuidedEngine(RunScriptEngine):
    def __init__(self, owner: Run, explorer: Explorer) -> None:
        super().__init__(owner)
        self.explorer = explorer

    def evaluate(self, task: Task, expression: Any, external_context: Any = None) -> Any:
        node = self.owner.node_of(task)
        if node is not None and node.kind.endswith("Gateway") and isinstance(expression, str):
            chosen = self.explorer.decide(task)
            match = ROUTE_PATTERN.match(expression)
            if match:
                return match.group(1) == chosen
        elif node is None and isinstance(expression, str) and CHOICE_MARK in task.task_spec.name:
            # conditional flows leaving an activity: chosen as at an exclusive gateway
            after = bpmn_ancestor(self.owner.library, task)
            if after is not None:
                self.explorer.decide(task, after)
        return super().evaluate(task, expression, external_context)


@dataclass
class Setup:
    library: LoadedLibrary
    process_id: str
    base: Decisions
    values: dict[str, list[Any]]
    trust_scripts: bool = False


def setup(
    process: str | os.PathLike[str],
    process_id: str | None,
    library: str | os.PathLike[str] | None,
    decisions: Decisions | Mapping[str, Any] | None,
    allow_non_executable: bool,
    trust_scripts: bool = False,
) -> Setup:
    files, file, hint = resolve_process(process, library=library)
    loaded = load_library(files, allow_non_executable=allow_non_executable)
    chosen = process_id or choose_process(loaded, file, hint)
    base = as_decisions(dict(decisions) if isinstance(decisions, Mapping) else decisions)
    base.check(loaded)
    values = condition_values(
        f.condition for c in loaded.containers.values() for f in c.flows.values() if f.condition
    )
    return Setup(loaded, chosen, base, values, trust_scripts)


def explore(
    prepared: Setup,
    *,
    max_repeat: int,
    deciders: Mapping[str, str],
    cover: bool = False,
    watch: Callable[[Run], None] | None = None,
    max_attempts: int | None = None,
) -> Iterator[ProcessPath]:
    """Depth-first over gateway answers; yields each path, replayed and checked."""
    first_stuck: StuckRunError | None = None
    found = 0
    seen: set[tuple[tuple[str, str], ...]] = set()
    achieved: set[tuple[str, str, str]] = set()  # (container, gateway, flow) on a found path
    pending: set[tuple[str, str, str]] = set()  # outcomes waiting on the stack
    stack: list[list[int]] = [[]]
    attempts = 0
    while stack:
        attempts += 1
        if max_attempts is not None and attempts > max_attempts:
            raise RunError(f"pencarian jalur dihentikan setelah {angka(max_attempts)} kali "
                           f"mencoba ({angka(found)} jalur ditemukan): pilihannya terlalu banyak; "
                           "pakai --cover atau pecah prosesnya",
                           element_id=prepared.process_id)
        prefix = stack.pop()
        explorer = Explorer(prepared.library, prepared.process_id, prepared.base, prefix,
                            prepared.values, max_repeat, deciders, watch,
                            trust_scripts=prepared.trust_scripts)
        finished = True
        try:
            explorer.run._advance()
            explorer.run.run()
            if watch is not None:
                watch(explorer.run)
        except DeadEnd:
            finished = False
        except StuckRunError as exc:
            first_stuck = first_stuck or exc
            finished = False
        except ProbisnisError as exc:
            if not isinstance(exc.__context__, DeadEnd):
                raise
            finished = False
        points = explorer.points
        if cover and finished:
            achieved.update(p.outcome for p in points)
        for depth in range(len(points) - 1, len(prefix) - 1, -1):
            for alternative in range(len(points[depth].options) - 1, 0, -1):
                outcome = points[depth].outcome_of(alternative)
                if cover and (outcome in achieved or outcome in pending):
                    continue
                pending.add(outcome)
                stack.append([p.chosen for p in points[:depth]] + [alternative])
        if prefix and len(points) >= len(prefix):
            pending.discard(points[len(prefix) - 1].outcome)  # tried: may be retried elsewhere
        if not finished:
            continue
        choices = tuple((p.gateway.id, p.options[p.chosen]) for p in points)
        if choices in seen:
            continue
        seen.add(choices)
        path_decisions = explorer.decisions()
        replay = Run(prepared.library, prepared.process_id,
                     Decisions.from_mapping(path_decisions),
                     trust_scripts=prepared.trust_scripts).run()
        if not replay.trace.equals(explorer.run.result().trace):
            raise RunError(
                f"keputusan yang ditulis untuk jalur {choices} tidak menghasilkan jalur yang "
                "sama; kemungkinan nilai yang dibaca gerbangnya dihitung oleh tugas skrip atau "
                "DMN",
                element_id=prepared.process_id,
            )
        found += 1
        yield ProcessPath(prepared.process_id, choices, path_decisions, replay)
    if not found and watch is None:
        why = f": {first_stuck}" if first_stuck is not None else ""
        raise RunError(f"tidak ada jalur yang mencapai akhir proses{why}",
                       element_id=prepared.process_id)
