"""Resource pools of a Prosimos import: tasks that several resources can do.

In Prosimos a task lists every resource that may perform it, each with its own duration
law; Simod writes a role's resources this way. probisnis gives a task one pool of
interchangeable people, which is exactly Prosimos's behaviour when the task's resources
share a calendar, a duration law and a multitasking table and no resource also serves
tasks with a *different* set of resources. Such a set becomes one pool (its head count the
sum of the amounts, named after the resource profile when the set is one whole profile).
Otherwise (different calendars, duration laws or multitasking tables, or a resource shared
by tasks with different sets) every resource stays a pool and the task takes its first
resource's pool with the others as ``alternatives`` (the engine takes the first free person
of them, in order; Prosimos the one free the longest, which differs only in who does the
work when several are free). Resources of one task with different duration laws give the
task ``TaskSpec.by_pool``: the law of whoever does it, drawn once they are chosen, and then
the engine, like Prosimos, takes the person free the longest (Prosimos
``ideal_task_duration(task, resource)``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from probisnis.errors import say
from probisnis.present.notices import notice
from probisnis.sim.distributions import Distribution
from probisnis.sim.keyed import Keyed
from probisnis.sim.scenario import ResourcePool, TaskSpec

__all__ = ["Option", "pools_for_tasks"]

#: one entry of a task's ``resources``: resource id, duration law, JSON path of the entry
Option = tuple[str, Distribution, str]


def pools_for_tasks(
    j: Keyed,
    resources: Mapping[str, ResourcePool],
    profiles: Mapping[str, frozenset[str]],
    options: Mapping[str, tuple[str, Sequence[Option]]],
    warnings: list[str],
) -> tuple[dict[str, ResourcePool], dict[str, TaskSpec]]:
    """The pools and task specs of a Prosimos file.

    ``resources``: one pool per ``resource_list`` entry; ``profiles``: profile id -> its
    resource ids; ``options``: task id -> (JSON path of its entry, its resource options).
    """
    owner: dict[str, set[frozenset[str]]] = {}
    for _key, opts in options.values():
        group = frozenset(rid for rid, _, _ in opts)
        for rid in group:
            owner.setdefault(rid, set()).add(group)
    pools: dict[str, ResourcePool] = {}
    pool_of: dict[frozenset[str], str] = {}
    for tid, (key, opts) in options.items():
        group = frozenset(rid for rid, _, _ in opts)
        if group in pool_of:
            continue
        shared = any(len(owner[rid]) > 1 for rid in group)
        calendars = {id(resources[rid].calendar) for rid in group}
        tables = {(resources[rid].multitask, resources[rid].multitask_hours) for rid in group}
        present = any(resources[rid].presence is not None for rid in group)  # one person each
        if len(group) > 1 and (shared or len(calendars) > 1 or len(tables) > 1 or present
                               or _several_laws(opts)):
            continue  # its resources stay pools of their own: the first, then alternatives
        pool_of[group] = _pool(j, key, tid, group, resources, profiles, pools, warnings)
    tasks: dict[str, TaskSpec] = {}
    for tid, (_key, opts) in options.items():
        first_rid, law, _ = opts[0]
        group = frozenset(rid for rid, _, _ in opts)
        if group in pool_of:
            tasks[tid] = TaskSpec(law, pool_of[group])
        else:
            for rid, _, _ in opts:
                pools.setdefault(rid, resources[rid])
            # different laws: the law of whoever does it, drawn once they are chosen
            by_pool = {rid: other for rid, other, _ in opts} if _several_laws(opts) else {}
            tasks[tid] = TaskSpec(law, first_rid, alternatives=tuple(r for r, _, _ in opts[1:]),
                                  by_pool=MappingProxyType(by_pool))
    for rid, pool in resources.items():  # resources doing no task keep a pool of their own
        if rid not in owner:
            pools.setdefault(rid, pool)
    return pools, tasks


def _pool(j: Keyed, key: str, tid: str, group: frozenset[str],
          resources: Mapping[str, ResourcePool], profiles: Mapping[str, frozenset[str]],
          pools: dict[str, ResourcePool], warnings: list[str]) -> str:
    if len(group) == 1:
        (rid,) = group
        pools[rid] = resources[rid]
        return rid
    members = [resources[rid] for rid in sorted(group)]
    calendar = members[0].calendar
    for m in members[1:]:
        if m.calendar is not calendar:
            raise j.fail(f"{key}.resources", say(
                f"tugas {tid!r} dapat dikerjakan oleh {_names(group)}, yang bekerja dengan "
                "kalender berbeda: probisnis memberi sebuah tugas satu kelompok pegawai dengan "
                "satu kalender",
                f"task {tid!r} can be done by {_names(group)}, which work on different "
                "calendars: probisnis gives a task one pool with one calendar"))
    pid = next((p for p, ids in profiles.items() if ids == group), "+".join(sorted(group)))
    count = sum(m.count for m in members)
    costs = {m.cost_per_hour for m in members}
    cost = sum(m.cost_per_hour * m.count for m in members) / count
    if len(costs) > 1:
        warnings.append(notice("prosimos-pool-cost", where=j.path, pool=pid,
                               names=_names(group), cost=cost))
    pools[pid] = ResourcePool(id=pid, count=count, name=" / ".join(m.name for m in members),
                              calendar=calendar, cost_per_hour=cost,
                              multitask=members[0].multitask,
                              multitask_hours=members[0].multitask_hours)
    return pid


def _several_laws(opts: Sequence[Option]) -> bool:
    return any(law != opts[0][1] for _, law, _ in opts[1:])


def _names(group: frozenset[str]) -> str:
    return ", ".join(sorted(group))
