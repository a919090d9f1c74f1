"""Prosimos's ``multitask`` section: people who may hold several tasks at once.

Prosimos 2.1 reads ``{"type": "global", "values": [{"resource_id", "r_workload",
"multitask_info": [{"parallel_tasks": k, "probability": p}, ...]}]}`` into a table
(``MultiTaskDS.register_multitasks``): starting from ``[0.0]``, each entry fills the table
up to index ``k`` with ``p`` and appends ``p``; a person holding ``n`` tasks takes one more
with probability ``table[n]`` (``can_get_new_tasks``), never beyond the table. So
``parallel_tasks: 1, probability: 1.0`` lets a person hold two tasks, and
``parallel_tasks: 2, probability: 0.5`` three (0.5 for the second, 0.5 for the third).
probisnis keeps that table (``ResourcePool.multitask`` is ``table[1:]``) and the rule of
:mod:`probisnis.sim.multitask`; where Prosimos itself does otherwise (it crashes, or lets
people take any number of tasks) is in ``docs/simulation.md``. ``r_workload`` is read and,
as in Prosimos (whose ``init_relative_workload`` is commented out), not used. The
``local`` type (a table per weekday and hour) is refused with its JSON path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from probisnis.errors import say
from probisnis.present.notices import notice
from probisnis.sim.keyed import Keyed, short, suggest
from probisnis.sim.multitask import MAX_AT_ONCE
from probisnis.sim.scenario import ResourcePool, TaskSpec

__all__ = ["multitasking", "refuse_batched"]


def multitasking(j: Keyed, doc: Mapping[str, Any], resources: Mapping[str, ResourcePool],
                 warnings: list[str]) -> dict[str, ResourcePool]:
    """``resources`` with the multitask table of each resource the section lists."""
    out = dict(resources)
    section = doc.get("multitask")
    if not section:
        return out
    section = j.table(section, "multitask")
    j.keys(section, {"type", "values", "granule_size"}, "multitask")
    kind = j.string(j.get(section, "type", "multitask"), "multitask.type")
    if kind == "local":
        raise j.fail("multitask.type", say(
            "multitasking \"local\" (peluang per hari dan jam) belum disimulasikan probisnis: "
            "Prosimos memutuskan dengan tabel jam saat tugas yang baru diambil selesai, dan "
            "mengabaikan granule_size (selalu 60 menit); pakai \"global\"",
            "\"local\" multitasking (probabilities per weekday and hour) is not simulated by "
            "probisnis: Prosimos decides with the table of the hour the task just taken will "
            "end in, and ignores granule_size (always 60 minutes); use \"global\""))
    if kind != "global":
        raise j.fail("multitask.type", say(
            f"harus \"global\", bukan {short(kind)} (Prosimos mengabaikan seluruh bagian ini "
            "untuk ejaan lain, termasuk \"GLOBAL\")",
            f"must be \"global\", got {short(kind)} (Prosimos ignores the whole section for "
            "any other spelling, \"GLOBAL\" included)"))
    seen: set[str] = set()
    for i, entry in enumerate(j.array(j.get(section, "values", "multitask"), "multitask.values")):
        key = f"multitask.values[{i}]"
        entry = j.table(entry, key)
        j.keys(entry, {"resource_id", "r_workload", "multitask_info"}, key)
        rid = j.string(j.get(entry, "resource_id", key), f"{key}.resource_id")
        if rid not in resources:
            near = suggest(rid, resources)
            raise j.fail(f"{key}.resource_id", say(
                f"sumber daya {rid!r} tidak ada di resource_profiles"
                + (f"; mungkin maksudnya {near}?" if near else ""),
                f"resource {rid!r} is not in resource_profiles"
                + (f"; did you mean {near}?" if near else "")))
        if rid in seen:
            raise j.fail(f"{key}.resource_id", say(f"sumber daya {rid!r} tercantum dua kali",
                                                   f"resource {rid!r} is listed twice"))
        seen.add(rid)
        if "r_workload" in entry:
            j.number(entry["r_workload"], f"{key}.r_workload", text=True)
        table = [0.0]
        last = 0
        info = j.array(j.get(entry, "multitask_info", key), f"{key}.multitask_info")
        for k, item in enumerate(info):
            ikey = f"{key}.multitask_info[{k}]"
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
        out[rid] = dataclasses.replace(out[rid], multitask=tuple(table[1:]))
        if any(table):
            warnings.append(notice("prosimos-multitask", where=j.path, resource=rid,
                                   most=len(table)))
    return out


def refuse_batched(j: Keyed, batched: Mapping[str, object], tasks: Mapping[str, TaskSpec],
                   pools: Mapping[str, ResourcePool]) -> None:
    """A batched task's pool takes no multitasking (by the batch's JSON path)."""
    for i, tid in enumerate(batched):
        pid = tasks[tid].pool
        if pid is not None and pools[pid].multitask:
            raise j.fail(f"batch_processing[{i}].task_id", say(
                f"tugas {tid!r} dikerjakan berkelompok oleh {pid!r}, yang juga memegang "
                "beberapa tugas sekaligus (multitask): gabungan itu tidak disimulasikan",
                f"task {tid!r} is batched and done by {pid!r}, who also holds several tasks "
                "at once (multitask): not simulated together"))
