"""A scenario checked against its model once, and compiled once.

Every reader (scenario TOML, Prosimos JSON, a bare model) ends with :func:`checked`; the
compiled form it builds is kept (per scenario object, while that object lives) and
:func:`compiled_for` hands it to the runner, so a scenario is not compiled twice. A scenario
that differs only in what a run overrides (cases, horizon, seed, replications, warm-up)
shares the compiled graphs of the scenario it was made from.
"""

from __future__ import annotations

import weakref
from dataclasses import fields, replace

from probisnis.errors import ScenarioError, say
from probisnis.sim.compile import Compiled, compile_scenario
from probisnis.sim.graph import TASK
from probisnis.sim.scenario import Scenario
from probisnis.sim.scenario_priority import check_case_priority

__all__ = ["checked", "compiled_for"]

#: what a run may change without changing the compiled graphs
RUN_FIELDS = frozenset({"cases", "horizon", "seed", "replications", "warmup_cases"})

_COMPILED: dict[int, tuple[weakref.ref[Scenario], Compiled]] = {}


def _remember(scenario: Scenario, compiled: Compiled) -> Compiled:
    key = id(scenario)
    table = _COMPILED  # held by the callback: module globals may be gone at exit

    def forget(ref: weakref.ref[Scenario]) -> None:
        entry = table.get(key)
        if entry is not None and entry[0] is ref:
            del table[key]

    table[key] = (weakref.ref(scenario, forget), compiled)
    return compiled


def _cached(scenario: Scenario) -> Compiled | None:
    hit = _COMPILED.get(id(scenario))
    return hit[1] if hit is not None and hit[0]() is scenario else None


def checked(scenario: Scenario) -> Scenario:
    """``scenario`` checked against its model, with the compiler's assumptions added to
    its ``warnings`` (each once, in order). Raises :class:`ScenarioError` on bad ids, sums
    or conditions.
    """
    compiled = compile_scenario(scenario)
    _check_batches(compiled)
    never = check_case_priority(compiled.scenario)
    found = (*compiled.warnings, *never)
    if found:
        scenario = replace(scenario, warnings=tuple(dict.fromkeys(scenario.warnings + found)))
        compiled = replace(compiled, scenario=scenario)
    _remember(scenario, compiled)
    return scenario


def _check_batches(compiled: Compiled) -> None:
    """A batched task may have no boundary event and be no multi-instance task."""
    tasks = compiled.scenario.tasks
    for g in compiled.graphs.values():
        for node, eid in enumerate(g.ids):
            spec = tasks.get(eid)
            if spec is None or spec.batch is None or g.act[node] < 0:
                continue
            if g.kinds[node] != TASK:
                raise ScenarioError(say(
                    f"{eid!r} bukan tugas: hanya tugas yang dikerjakan berkelompok",
                    f"{eid!r} is not a task: only tasks are done in batches"),
                    path=compiled.scenario.path, element_id=f"batches.{eid}")
            if node in g.boundary or node in g.multi:
                raise ScenarioError(say(
                    f"tugas {eid!r} punya boundary event atau multi-instance: tidak "
                    "disimulasikan berkelompok",
                    f"task {eid!r} has a boundary event or is multi-instance: not simulated "
                    "in batches"), path=compiled.scenario.path, element_id=f"batches.{eid}")


def compiled_for(scenario: Scenario, *, base: Scenario | None = None) -> Compiled:
    """The compiled form of ``scenario``: the one :func:`checked` built for it, or for
    ``base`` when ``scenario`` differs from it only in :data:`RUN_FIELDS`; else compiled now.
    """
    hit = _cached(scenario)
    if hit is not None:
        return hit
    if base is not None:
        hit = _cached(base)
        if hit is not None and all(
                getattr(scenario, f.name) is getattr(base, f.name)
                or getattr(scenario, f.name) == getattr(base, f.name)
                for f in fields(Scenario) if f.name not in RUN_FIELDS):
            return _remember(scenario, replace(hit, scenario=scenario))
    return _remember(scenario, compile_scenario(scenario))
