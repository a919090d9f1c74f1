"""Case priority: rules on case attributes giving each case its rank in the pools' queues.

::

    [[case_priority]]
    when = 'jenis == "mendesak"'     # a condition on case attributes ([attributes.*])
    priority = 2                     # 1..1000; higher is served first
    [[case_priority]]
    when = "nilai > 100"
    priority = 1

A case takes the priority of the first rule its attributes meet when it arrives (no rule:
0) and keeps it. A request waiting for a person ranks first by its task's
``[tasks.ID] priority``, then by its case's priority, then first come, first served; the
queue is non-preemptive (a person finishes the task in hand). A batch ranks by its most
urgent case. Prosimos's ``prioritisation_rules`` import to these rules
(:mod:`probisnis.sim.prosimos_priority`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from probisnis.errors import ScenarioError, say
from probisnis.hints import maksudnya, suggest
from probisnis.present.notices import Notice, notice
from probisnis.sim.expressions import Condition, compile_condition
from probisnis.sim.keyed import Keyed
from probisnis.sim.scenario import MAX_CASE_PRIORITY, Scenario

__all__ = ["CASE_LEVELS", "case_priority_rules", "check_case_priority", "read_case_priority"]

#: a task's priority counts this many case priorities: a request's rank is
#: ``task priority x CASE_LEVELS + case priority`` (the task's first, then the case's)
CASE_LEVELS = MAX_CASE_PRIORITY + 1


def read_case_priority(r: Keyed, doc: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    """The ``[[case_priority]]`` tables of a scenario TOML, in order."""
    out = []
    for i, spec in enumerate(r.array(doc.get("case_priority", []), "case_priority")):
        key = f"case_priority[{i}]"
        spec = r.table(spec, key)
        r.keys(spec, {"when", "priority"}, key)
        for name, example in (("when", "when = 'jenis == \"mendesak\"'"),
                              ("priority", "priority = 1")):
            if name not in spec:
                raise r.fail(f"{key}.{name}", say(f"tidak ada: tulis misalnya {example}",
                                                  "missing"))
        when = r.string(spec["when"], f"{key}.when")
        compile_condition(when, where=r.key(f"{key}.when"), path=r.path)
        out.append((when, r.integer(spec["priority"], f"{key}.priority", minimum=1,
                                    maximum=MAX_CASE_PRIORITY)))
    return tuple(out)


def case_priority_rules(scenario: Scenario) -> list[tuple[Condition, int]]:
    """The scenario's rules, compiled (in order)."""
    return [(compile_condition(text, where=f"case_priority[{i}].when", path=scenario.path),
             level) for i, (text, level) in enumerate(scenario.case_priority)]


#: a rule over more combinations of discrete values than this is not checked for holding
_MAX_COMBINATIONS = 10_000


def check_case_priority(scenario: Scenario) -> tuple[Notice, ...]:
    """Each rule reads only case attributes the scenario has, with a priority in range.

    Returns a warning for each rule that reads only discrete case attributes and holds for
    none of their possible values (a misspelt value, ``sifat == "mendsak"``): such a rule
    would silently give no case priority.
    """
    known = {a.name for a in scenario.attributes}
    known.update(a.name for t in scenario.tasks.values() for a in t.sets)
    rules = case_priority_rules(scenario)
    for i, (rule, level) in enumerate(rules):
        where = f"case_priority[{i}]"
        if isinstance(level, bool) or not 1 <= level <= MAX_CASE_PRIORITY:
            raise ScenarioError(say(
                f"prioritas harus bilangan bulat 1..{MAX_CASE_PRIORITY}, bukan {level!r}",
                f"the priority must be a whole number 1..{MAX_CASE_PRIORITY}, got {level!r}"),
                path=scenario.path, element_id=f"{where}.priority")
        for name in sorted(set(rule.names) - known):
            near = suggest(name, sorted(known))
            raise ScenarioError(say(
                f"atribut kasus {name!r} tidak dikenal", f"unknown case attribute {name!r}")
                + maksudnya(near) + say(
                f" (yang ada di [attributes]: {', '.join(sorted(known)) or 'tidak ada'})",
                f" (defined: {', '.join(sorted(known)) or 'none'})"),
                path=scenario.path, element_id=f"{where}.when")
    return tuple(_never_holds(scenario, [rule for rule, _ in rules]))


def _never_holds(scenario: Scenario, rules: list[Condition]) -> list[Notice]:
    discrete = {a.name: [v for v, p in zip(a.values, a.probabilities, strict=True) if p > 0]
                for a in scenario.attributes if a.law is None and a.values}
    found = []
    for i, rule in enumerate(rules):
        names = sorted(set(rule.names))
        if not names or any(n not in discrete for n in names):
            continue  # a number drawn, or set by a task: any value may come
        if math.prod(len(discrete[n]) for n in names) > _MAX_COMBINATIONS:
            continue
        if not any(rule(dict(zip(names, combo, strict=True)))
                   for combo in itertools.product(*(discrete[n] for n in names))):
            found.append(notice(
                "case-priority-never", rule=f"case_priority[{i}]", when=rule.text,
                values="; ".join(f"{n}: {', '.join(repr(v) for v in discrete[n])}"
                                 for n in names)))
    return found
