"""Prosimos's ``multitask`` section: people who may hold several tasks at once.

Prosimos 2.1 reads ``{"type": "global", "values": [{"resource_id", "r_workload",
"multitask_info": [{"parallel_tasks": k, "probability": p}, ...]}]}`` into a table
(``MultiTaskDS.register_multitasks``): starting from ``[0.0]``, each entry fills the table
up to index ``k`` with ``p`` and appends ``p``; a person holding ``n`` tasks takes one more
with probability ``table[n]`` (``can_get_new_tasks``), never beyond the table. So
``parallel_tasks: 1, probability: 1.0`` lets a person hold two tasks, and
``parallel_tasks: 2, probability: 0.5`` three (0.5 for the second, 0.5 for the third).
The ``local`` type gives such a table per weekday and hour (``weekly_probability``: periods
with ``from``/``to`` weekdays, ``beginTime``/``endTime`` and ``multitask_info``; granules
of 60 minutes whatever ``granule_size`` says), read as ``ResourcePool.multitask_hours``.
probisnis keeps that table (``ResourcePool.multitask`` is ``table[1:]``) and the rule of
:mod:`probisnis.sim.multitask`; where Prosimos itself does otherwise (it crashes, or lets
people take any number of tasks) is in ``docs/simulation.md``. ``r_workload`` is read and,
as in Prosimos (whose ``init_relative_workload`` is commented out), not used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from probisnis.errors import say
from probisnis.present.notices import notice
from probisnis.sim.calendar_spec import hours_of_week
from probisnis.sim.keyed import Keyed, maksudnya, short, suggest
from probisnis.sim.multitask import MAX_AT_ONCE, by_hour, multitasks
from probisnis.sim.prosimos_periods import WEEKDAYS, weekday_range
from probisnis.sim.scenario import ResourcePool, TaskSpec

__all__ = ["multitasking", "refuse_batched"]


def multitasking(j: Keyed, doc: Mapping[str, Any], resources: Mapping[str, ResourcePool],
                 warnings: list[str]) -> dict[str, ResourcePool]:
    """``resources`` with the multitask table(s) of each resource the section lists."""
    out = dict(resources)
    section = doc.get("multitask")
    if not section:
        return out
    section = j.table(section, "multitask")
    j.keys(section, {"type", "values", "granule_size"}, "multitask")
    kind = j.string(j.get(section, "type", "multitask"), "multitask.type")
    if kind not in ("global", "local"):
        raise j.fail("multitask.type", say(
            f"harus \"global\" atau \"local\", bukan {short(kind)} (Prosimos mengabaikan "
            "seluruh bagian ini untuk ejaan lain, termasuk \"GLOBAL\")",
            f"must be \"global\" or \"local\", got {short(kind)} (Prosimos ignores the "
            "whole section for any other spelling, \"GLOBAL\" included)"))
    table_key = "multitask_info" if kind == "global" else "weekly_probability"
    seen: set[str] = set()
    for i, entry in enumerate(j.array(j.get(section, "values", "multitask"), "multitask.values")):
        key = f"multitask.values[{i}]"
        entry = j.table(entry, key)
        j.keys(entry, {"resource_id", "r_workload", table_key}, key)
        rid = j.string(j.get(entry, "resource_id", key), f"{key}.resource_id")
        if rid not in resources:
            near = suggest(rid, resources)
            raise j.fail(f"{key}.resource_id", say(
                f"sumber daya {rid!r} tidak ada di resource_profiles",
                f"resource {rid!r} is not in resource_profiles") + maksudnya(near))
        if rid in seen:
            raise j.fail(f"{key}.resource_id", say(f"sumber daya {rid!r} tercantum dua kali",
                                                   f"resource {rid!r} is listed twice"))
        seen.add(rid)
        if "r_workload" in entry:
            j.number(entry["r_workload"], f"{key}.r_workload", text=True)
        if kind == "global":
            table = _table(j, j.get(entry, table_key, key), f"{key}.{table_key}")
            out[rid] = dataclasses.replace(out[rid], multitask=table)
            most = len(table) + 1 if any(table) else 1
        else:
            hours = _hours(j, j.get(entry, table_key, key), f"{key}.{table_key}")
            out[rid] = dataclasses.replace(out[rid], multitask_hours=hours)
            most = max((len(t) + 1 for t in hours if any(t)), default=1)
        if most > 1:
            warnings.append(notice("prosimos-multitask", where=j.path, resource=rid,
                                   most=most))
    return out


def _table(j: Keyed, value: object, key: str) -> tuple[float, ...]:
    """The table Prosimos builds from a ``multitask_info`` list (``register_multitasks``)."""
    table = [0.0]
    last = 0
    for k, item in enumerate(j.array(value, key)):
        ikey = f"{key}[{k}]"
        item = j.table(item, ikey)
        j.keys(item, {"parallel_tasks", "probability"}, ikey)
        n = j.integer(j.get(item, "parallel_tasks", ikey), f"{ikey}.parallel_tasks",
                      minimum=1, maximum=MAX_AT_ONCE - 1)
        if n <= last:
            raise j.fail(f"{ikey}.parallel_tasks", say(
                f"harus lebih besar dari entri sebelumnya ({last}), bukan {n}: urutkan "
                "naik (Prosimos menyusun tabel yang lain bila tidak urut)",
                f"must be larger than the entry before ({last}), got {n}: sort them "
                "increasing (Prosimos builds another table when they are not)"))
        last = n
        p = j.number(j.get(item, "probability", ikey), f"{ikey}.probability", high=1.0)
        table.extend([p] * (n - len(table)))
        table.append(p)
    return tuple(table[1:])


def _hours(j: Keyed, value: object, key: str) -> tuple[tuple[float, ...], ...]:
    """A table per hour of the week from ``weekly_probability`` (lists of periods
    ``{"from", "to", "beginTime", "endTime", "multitask_info"}``; Prosimos's hour granules,
    whatever ``granule_size`` says)."""
    spans = []
    for a, group in enumerate(j.array(value, key)):
        for b, period in enumerate(j.array(group, f"{key}[{a}]")):
            here = f"{key}[{a}][{b}]"
            period = j.table(period, here)
            j.keys(period, {"from", "to", "beginTime", "endTime", "multitask_info",
                            "probability"}, here)
            days = weekday_range(j, period, here)
            hours = hours_of_week(
                f"{WEEKDAYS[days[0]][:3]}-{WEEKDAYS[days[1]][:3]}".lower(),
                j.get(period, "beginTime", here), j.get(period, "endTime", here),
                key=here, path=j.path, names=("from", "beginTime", "endTime"))
            spans.append((here, hours, _table(j, j.get(period, "multitask_info", here),
                                              f"{here}.multitask_info")))
    return by_hour(spans, j.fail)


def refuse_batched(j: Keyed, batched: Mapping[str, object], tasks: Mapping[str, TaskSpec],
                   pools: Mapping[str, ResourcePool]) -> None:
    """A batched task's pool takes no multitasking (by the batch's JSON path)."""
    for i, tid in enumerate(batched):
        pid = tasks[tid].pool
        if pid is not None and multitasks(pools[pid]):
            raise j.fail(f"batch_processing[{i}].task_id", say(
                f"tugas {tid!r} dikerjakan berkelompok oleh {pid!r}, yang juga memegang "
                "beberapa tugas sekaligus (multitask): gabungan itu tidak disimulasikan",
                f"task {tid!r} is batched and done by {pid!r}, who also holds several tasks "
                "at once (multitask): not simulated together"))
