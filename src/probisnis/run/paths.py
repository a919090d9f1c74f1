"""Enumerate the paths of a process and write a decisions set for each.

:func:`enumerate_paths` explores every combination of gateway outcomes
depth-first, replaying the process with SpiffWorkflow for each prefix of
choices. At a diverging gateway it picks an outgoing flow and finds data that
makes exactly that flow's condition true (values taken from the literals that
gateway's conditions compare against, then those of the whole library, plus
``True``/``False``); the data is
credited to the human task that completed last before the gateway, as that
task's entry for that visit. A descriptive gateway (no conditions) gets its
answer directly.

Rules that keep paths meaningful and finite:

- a variable is *owned* by the task that first set it in the path; later it
  may change only at that task again (``sesuai`` at each review pass, but
  ``bentuk`` stays what the strategy task chose);
- each (gateway, flow) pair is taken at most ``max_repeat`` times per path,
  so a review loop goes back 0, 1, ... ``max_repeat`` times (and a gateway
  inside the loop may give the same answer on every pass);
- a task's entry for one visit is written once: a later gateway cannot
  change what it already decided.

Every path found is then run again from scratch with the normal runner and
only its decisions set; its trace must equal the explored one (a
:class:`~probisnis.errors.RunError` otherwise), so what the caller gets are
decisions sets that provably reproduce the paths.
"""

from __future__ import annotations

import ast
import itertools
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from probisnis.bpmn.model import TASK_KINDS
from probisnis.errors import ProbisnisError, RunError, StuckRunError
from probisnis.run.decisions import Decisions
from probisnis.run.engine import (
    Run,
    RunResult,
    RunScriptEngine,
    as_decisions,
    choose_process,
)
from probisnis.run.index import ContainerInfo, FlowInfo, NodeInfo
from probisnis.run.loader import LoadedLibrary, load_library, resolve_process
from probisnis.run.prepare import ROUTE_PATTERN
from probisnis.run.trace import SEQ_KEY, all_tasks

__all__ = ["ProcessPath", "condition_values", "enumerate_paths", "replay_path"]

_MAX_COMBINATIONS = 20_000
_NOT_VARIABLES = frozenset({"True", "False", "None"})
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


def _names(expression: str) -> set[str]:
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - _NOT_VARIABLES


def condition_values(conditions: Iterable[str]) -> dict[str, list[Any]]:
    """Candidate values per variable, from the literals the conditions compare it with.

    Numbers bring their neighbours (``x > 80``: 80, 81, 79), strings a value
    equal to none of them (``"<lain>"``), and a variable tested on its own
    (``if sesuai``) or compared with nothing brings ``True`` and ``False``.
    """
    literals: dict[str, list[Any]] = {}
    bare: set[str] = set()
    seen: set[str] = set()

    def add(name: str, value: Any) -> None:
        bucket = literals.setdefault(name, [])
        if all(not (type(value) is type(v) and value == v) for v in bucket):
            bucket.append(value)

    for expression in conditions:
        try:
            tree = ast.parse(expression, mode="eval")
        except SyntaxError:
            continue
        compared: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            names = [o.id for o in operands if isinstance(o, ast.Name)]
            compared.update(id(o) for o in operands if isinstance(o, ast.Name))
            for operand in operands:
                constants: list[Any] = []
                if isinstance(operand, ast.Constant):
                    constants = [operand.value]
                elif isinstance(operand, (ast.Tuple, ast.List, ast.Set)):
                    constants = [e.value for e in operand.elts if isinstance(e, ast.Constant)]
                for name in names:
                    for constant in constants:
                        add(name, constant)
                        if isinstance(constant, (int, float)) and not isinstance(constant, bool):
                            add(name, constant + 1)
                            add(name, constant - 1)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id not in _NOT_VARIABLES:
                seen.add(node.id)
                if id(node) not in compared:
                    bare.add(node.id)
    values: dict[str, list[Any]] = {}
    for name in sorted(seen):
        pool = list(literals.get(name, []))
        if any(isinstance(v, str) for v in pool):
            pool.append("<lain>")
        if name in bare or not pool:
            pool.extend(v for v in (True, False) if all(v is not p for p in pool))
        values[name] = pool
    return values


class _DeadEnd(Exception):
    """No allowed outgoing flow at a gateway: the prefix leads nowhere."""


@dataclass
class _Point:
    gateway: NodeInfo
    options: list[str]
    chosen: int

    def outcome_of(self, index: int) -> tuple[str, str, str]:
        return (self.gateway.container, self.gateway.id, self.options[index])

    @property
    def outcome(self) -> tuple[str, str, str]:
        return self.outcome_of(self.chosen)


class _Explorer:
    """One guided run: follows ``prefix`` choices, then the first allowed option."""

    def __init__(
        self, library: LoadedLibrary, process_id: str, base: Decisions, prefix: list[int],
        values: dict[str, list[Any]], max_repeat: int, deciders: Mapping[str, str],
        watch: Callable[[Run], None] | None = None,
    ) -> None:
        self.deciders = dict(deciders)
        self.watch = watch
        self.library = library
        self.prefix = prefix
        self.values = values
        self.max_repeat = max_repeat
        self.points: list[_Point] = []
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
                       script_engine=lambda run: _GuidedEngine(run, self), advance=False)

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

    def assignment(self, task: Task, node: NodeInfo, container: ContainerInfo, flow: str
                   ) -> dict[str, Any] | None:
        flows = container.outgoing(node.id)
        default = next((f.id for f in flows if f.condition is None), None)
        data = {k: v for k, v in task.data.items() if k != "data_objects"}
        if self._outcome(flows, default, data) == flow:
            return {}
        variables = sorted(set().union(*(_names(f.condition) for f in flows if f.condition)))
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

    def decide(self, task: Task) -> str:
        if task.id in self.decided:
            return self.decided[task.id]
        if self.watch is not None:
            self.watch(self.run)  # prune as soon as the path leaves what is wanted
        node = self.run.node_of(task)
        assert node is not None
        container = self.library.containers[node.container]
        routed = (node.container, node.id) in self.library.routed
        options: list[tuple[str, dict[str, Any]]] = []
        for flow in container.outgoing(node.id):
            if self.taken.get((self.key(node), flow.id), 0) >= self.max_repeat:
                continue
            if routed:
                options.append((flow.id, {}))
                continue
            change = self.assignment(task, node, container, flow.id)
            if change is not None:
                options.append((flow.id, change))
        # by default go forward (a loop's way back is an alternative), and prefer the
        # answer the data already gives
        returning = {f.id for f in container.outgoing(node.id) if container.returns(f)}
        options.sort(key=lambda o: (o[0] in returning, bool(o[1])))
        index = len(self.points)
        chosen = self.prefix[index] if index < len(self.prefix) else 0
        if chosen >= len(options):
            raise _DeadEnd()
        self.points.append(_Point(node, [o[0] for o in options], chosen))
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


class _GuidedEngine(RunScriptEngine):
    def __init__(self, owner: Run, explorer: _Explorer) -> None:
        super().__init__(owner)
        self.explorer = explorer

    def evaluate(self, task: Task, expression: Any, external_context: Any = None) -> Any:
        node = self.owner.node_of(task)
        if node is not None and node.kind.endswith("Gateway") and isinstance(expression, str):
            chosen = self.explorer.decide(task)
            match = ROUTE_PATTERN.match(expression)
            if match:
                return match.group(1) == chosen
        return super().evaluate(task, expression, external_context)


@dataclass
class _Setup:
    library: LoadedLibrary
    process_id: str
    base: Decisions
    values: dict[str, list[Any]]


def _setup(
    process: str | os.PathLike[str],
    process_id: str | None,
    library: str | os.PathLike[str] | None,
    decisions: Decisions | Mapping[str, Any] | None,
    allow_non_executable: bool,
) -> _Setup:
    files, file, hint = resolve_process(process, library=library)
    loaded = load_library(files, allow_non_executable=allow_non_executable)
    chosen = process_id or choose_process(loaded, file, hint)
    base = as_decisions(dict(decisions) if isinstance(decisions, Mapping) else decisions)
    base.check(loaded)
    values = condition_values(
        f.condition for c in loaded.containers.values() for f in c.flows.values() if f.condition
    )
    return _Setup(loaded, chosen, base, values)


def _explore(
    setup: _Setup,
    *,
    max_repeat: int,
    deciders: Mapping[str, str],
    cover: bool = False,
    watch: Callable[[Run], None] | None = None,
) -> Iterator[ProcessPath]:
    """Depth-first over gateway answers; yields each path, replayed and checked."""
    first_stuck: StuckRunError | None = None
    found = 0
    seen: set[tuple[tuple[str, str], ...]] = set()
    achieved: set[tuple[str, str, str]] = set()  # (container, gateway, flow) on a found path
    pending: set[tuple[str, str, str]] = set()  # outcomes waiting on the stack
    stack: list[list[int]] = [[]]
    while stack:
        prefix = stack.pop()
        explorer = _Explorer(setup.library, setup.process_id, setup.base, prefix, setup.values,
                             max_repeat, deciders, watch)
        finished = True
        try:
            explorer.run._advance()
            explorer.run.run()
            if watch is not None:
                watch(explorer.run)
        except _DeadEnd:
            finished = False
        except StuckRunError as exc:
            first_stuck = first_stuck or exc
            finished = False
        except ProbisnisError as exc:
            if not isinstance(exc.__context__, _DeadEnd):
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
        replay = Run(setup.library, setup.process_id,
                     Decisions.from_mapping(path_decisions)).run()
        if not replay.trace.equals(explorer.run.result().trace):
            raise RunError(
                f"the decisions written for path {choices} do not reproduce it; a value the "
                "gateways read is probably computed by a script or DMN task",
                element_id=setup.process_id,
            )
        found += 1
        yield ProcessPath(setup.process_id, choices, path_decisions, replay)
    if not found and watch is None:
        why = f": {first_stuck}" if first_stuck is not None else ""
        raise RunError(f"no path reaches the end of the process{why}",
                       element_id=setup.process_id)


def enumerate_paths(
    process: str | os.PathLike[str],
    *,
    process_id: str | None = None,
    library: str | os.PathLike[str] | None = None,
    decisions: Decisions | Mapping[str, Any] | None = None,
    allow_non_executable: bool = False,
    max_repeat: int = 2,
    max_paths: int = 2_000,
    deciders: Mapping[str, str] | None = None,
    cover: bool = False,
) -> list[ProcessPath]:
    """Every path of ``process`` (see the module docstring), each with its decisions set.

    ``decisions`` are base data merged under the synthesised entries (for
    data that no gateway reads but a DMN table or script needs). ``deciders``
    maps a variable to the task that decides it (element id, or
    ``PROCESS:ID``); by default the human task completed last before the
    gateway is credited.

    ``cover=True`` stops short of every path: an alternative is explored only
    while its gateway outcome is not yet on a path found, which gives a few
    paths that still take every outcome of every gateway (for a top-level
    process whose paths are the product of its phases').
    """
    setup = _setup(process, process_id, library, decisions, allow_non_executable)
    found: list[ProcessPath] = []
    for path in _explore(setup, max_repeat=max_repeat, deciders=deciders or {}, cover=cover):
        if len(found) >= max_paths:
            raise RunError(f"more than {max_paths} paths; lower max_repeat or split the process",
                           element_id=setup.process_id)
        found.append(path)
    return found


def replay_path(
    process: str | os.PathLike[str],
    activities: Sequence[str],
    *,
    process_id: str | None = None,
    library: str | os.PathLike[str] | None = None,
    decisions: Decisions | Mapping[str, Any] | None = None,
    allow_non_executable: bool = False,
    kinds: Collection[str] = TASK_KINDS,
    ordered: bool = True,
    deciders: Mapping[str, str] | None = None,
) -> ProcessPath:
    """The path of ``process`` whose completed elements of ``kinds`` are ``activities``.

    For checking a path produced elsewhere (a simulation's case, an event
    log) against SpiffWorkflow: the explorer follows only gateway answers
    that keep the trace a prefix of ``activities`` and returns the path with
    a decisions set that reproduces it. ``ordered=False`` compares as a
    multiset (tasks of parallel branches may interleave in any order).
    Raises :class:`~probisnis.errors.RunError` when no path produces them,
    naming how far the longest attempt matched.
    """
    target = list(activities)
    setup = _setup(process, process_id, library, decisions, allow_non_executable)
    best: list[str] = []

    def done(run: Run) -> list[str]:
        frame = run.result().trace
        return list(frame.loc[frame["kind"].isin(kinds), "element_id"])

    def fits(got: list[str], whole: bool) -> bool:
        if ordered:
            return got == target if whole else got == target[: len(got)]
        need, have = Counter(target), Counter(got)
        return have == need if whole else all(have[k] <= need[k] for k in have)

    def watch(run: Run) -> None:
        nonlocal best
        got = done(run)
        if len(got) > len(best) and fits(got, whole=False):
            best = got
        if not fits(got, whole=run.completed):
            raise _DeadEnd()

    repeat = max(Counter(target).values(), default=1) + 1
    for path in _explore(setup, max_repeat=repeat, deciders=deciders or {}, watch=watch):
        return path
    shown = " > ".join(best) or "(nothing)"
    following = target[len(best)] if ordered and len(best) < len(target) else None
    where = f"; no path goes on to {following}" if following else ""
    raise RunError(f"no path of the process completes exactly these {len(target)} elements; "
                   f"the longest that fits: {shown}{where}", element_id=setup.process_id)
