"""Prosimos ``batch_processing``: which tasks are done for several cases together.

Read here, with what probisnis simulates (:class:`~probisnis.sim.scenario.Batch`):

* ``type`` ``Parallel`` or ``Sequential`` (Prosimos 2.1 does not run ``Concurrent``: it
  prints a warning and stops);
* ``firing_rules`` empty: each batch's size drawn from ``size_distrib`` (``Batch.sizes``;
  a case finding no batch open is done alone with the probability of size 1);
* ``firing_rules``: one group holding one ``size`` rule ``=`` a whole number k >= 2 (the
  batch starts when the k-th case arrives at the task); ``>=`` is refused: Prosimos 2.1
  never starts such a batch (``get_firing_batch_size`` keeps its initial ``sys.maxsize``,
  so the cases never leave the task);
* ``duration_distrib``: batch size -> duration coefficient (Prosimos adds 1 -> 1.0);
* ``size_distrib``: with firing rules Prosimos reads its *first* entry's value (whatever
  its key) as the probability that a case finding no batch open is done alone, as a plain
  task (``Batch.alone``).

Everything else (``ready_wt``, ``large_wt``, ``daily_hour``, ``week_day``, several rules)
is refused naming the JSON path.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from probisnis.bpmn.model import Process
from probisnis.errors import say
from probisnis.sim.bounds import MAX_COUNT
from probisnis.sim.keyed import Keyed, short
from probisnis.sim.scenario import Batch

__all__ = ["batches"]

_KINDS = {"Parallel": "parallel", "Sequential": "sequential"}
_RULE = '[[{"attribute": "size", "comparison": "=", "value": k}]]'
_SUPPORTED = say(f"yang didukung: satu aturan {_RULE} dengan k >= 2",
                 f"supported: one rule {_RULE} with k >= 2")


def batches(j: Keyed, doc: Mapping[str, Any], proc: Process) -> dict[str, Batch]:
    """Task id -> its :class:`Batch`, from ``doc["batch_processing"]``."""
    nodes = {n.id: n for n in proc.iter_nodes()}
    out: dict[str, Batch] = {}
    for i, entry in enumerate(j.array(doc.get("batch_processing", []), "batch_processing")):
        key = f"batch_processing[{i}]"
        entry = j.table(entry, key)
        tid = j.string(j.get(entry, "task_id", key), f"{key}.task_id")
        node = nodes.get(tid)
        if node is None or not node.is_task:
            what = f"is a {node.kind}, not a task" if node else "is not in the model"
            kata = f"adalah {node.kind}, bukan tugas" if node else "tidak ada di model"
            raise j.fail(f"{key}.task_id", say(f"{tid!r} {kata}", f"{tid!r} {what}"))
        if tid in out:
            raise j.fail(f"{key}.task_id", say(f"tugas {tid!r} tercantum dua kali",
                                               f"task {tid!r} is listed twice"))
        if any(b.attached_to == tid for b in proc.iter_nodes()
               if getattr(b, "attached_to", None)) or getattr(node, "loop", None):
            raise j.fail(f"{key}.task_id", say(
                f"tugas {tid!r} punya boundary event atau multi-instance: tidak "
                "disimulasikan berkelompok",
                f"task {tid!r} has a boundary event or is multi-instance: not simulated "
                "in batches"))
        kind = j.get(entry, "type", key)
        if kind not in _KINDS:
            raise j.fail(f"{key}.type", say(
                f"jenis kelompok {short(kind)} tidak disimulasikan (yang didukung: "
                "Parallel, Sequential; Prosimos 2.1 sendiri tidak menjalankan Concurrent)",
                f"batch type {short(kind)} is not simulated (supported: Parallel, "
                "Sequential; Prosimos 2.1 itself does not run Concurrent)"))
        sizes: tuple[tuple[int, float], ...] = ()
        if j.array(j.get(entry, "firing_rules", key), f"{key}.firing_rules"):
            size = _size_rule(j, entry, key)
            alone = _alone(j, entry, key)
        else:
            sizes = _sizes(j, entry, key)
            size = max(n for n, _ in sizes)
            alone = sum(p for n, p in sizes if n == 1)
        scales: dict[int, float] = {}
        for k, item in enumerate(j.array(j.get(entry, "duration_distrib", key),
                                         f"{key}.duration_distrib")):
            ikey = f"{key}.duration_distrib[{k}]"
            item = j.table(item, ikey)
            n = j.integer(j.get(item, "key", ikey), f"{ikey}.key", minimum=1,
                          maximum=MAX_COUNT, text=True)
            scales[n] = j.number(j.get(item, "value", ikey), f"{ikey}.value", low=0.0,
                                 high=1e6, text=True)
        scales.setdefault(1, 1.0)  # as Prosimos
        out[tid] = Batch(_KINDS[kind], size, MappingProxyType(scales), alone, sizes)
    return out


def _size_rule(j: Keyed, entry: Mapping[str, Any], key: str) -> int:
    rules = j.array(j.get(entry, "firing_rules", key), f"{key}.firing_rules")
    if len(rules) > 1:
        raise j.fail(f"{key}.firing_rules[1]", say(
            "beberapa kelompok aturan (OR) tidak disimulasikan; ",
            "several rule groups (OR) are not simulated; ") + _SUPPORTED)
    group = j.array(rules[0], f"{key}.firing_rules[0]", empty=False)
    if len(group) > 1:
        raise j.fail(f"{key}.firing_rules[0][1]", say(
            "aturan yang digabung dengan AND tidak disimulasikan; ",
            "rules combined by AND are not simulated; ") + _SUPPORTED)
    rkey = f"{key}.firing_rules[0][0]"
    rule = j.table(group[0], rkey)
    attribute = j.get(rule, "attribute", rkey)
    if attribute != "size":
        raise j.fail(f"{rkey}.attribute", say(
            f"aturan pemicu {short(attribute)} tidak disimulasikan; ",
            f"firing rule {short(attribute)} is not simulated; ") + _SUPPORTED)
    comparison = j.get(rule, "comparison", rkey)
    if comparison == ">=":
        raise j.fail(f"{rkey}.comparison", say(
            "Prosimos 2.1 tidak pernah memulai kelompok dengan size >= k (kasusnya tidak "
            "pernah meninggalkan tugas ini); tulis \"=\" untuk kelompok berisi k kasus; ",
            "Prosimos 2.1 never starts a batch of size >= k (its cases never leave the "
            "task); write \"=\" for batches of k cases; ") + _SUPPORTED)
    if comparison != "=":
        raise j.fail(f"{rkey}.comparison", say(
            f"perbandingan {short(comparison)} tidak disimulasikan; ",
            f"comparison {short(comparison)} is not simulated; ") + _SUPPORTED)
    return j.integer(j.get(rule, "value", rkey), f"{rkey}.value", minimum=2,
                     maximum=MAX_COUNT, text=True)


def _sizes(j: Keyed, entry: Mapping[str, Any], key: str) -> tuple[tuple[int, float], ...]:
    """``size_distrib`` without firing rules: (size, probability) of each batch's size
    (Prosimos draws with these weights; a size of 1 also decides who is done alone)."""
    items = j.array(j.get(entry, "size_distrib", key), f"{key}.size_distrib", empty=False)
    weights: dict[int, float] = {}
    for k, item in enumerate(items):
        ikey = f"{key}.size_distrib[{k}]"
        item = j.table(item, ikey)
        n = j.integer(j.get(item, "key", ikey), f"{ikey}.key", minimum=1, maximum=MAX_COUNT,
                      text=True)
        if n in weights:
            raise j.fail(f"{ikey}.key", say(f"ukuran {n} tercantum dua kali",
                                            f"size {n} is listed twice"))
        weights[n] = j.number(j.get(item, "value", ikey), f"{ikey}.value", low=0.0,
                              high=1e9, text=True)
    total = sum(weights.values())
    if total <= 0:
        raise j.fail(f"{key}.size_distrib", say("jumlah peluangnya harus lebih dari 0",
                                                "the probabilities must sum above 0"))
    return tuple((n, w / total) for n, w in weights.items())


def _alone(j: Keyed, entry: Mapping[str, Any], key: str) -> float:
    """Prosimos reads the first ``size_distrib`` entry's value as the probability that a
    case finding no batch open is done alone (``BatchConfigPerTask.__init__``)."""
    sizes = j.array(j.get(entry, "size_distrib", key), f"{key}.size_distrib", empty=False)
    first = j.table(sizes[0], f"{key}.size_distrib[0]")
    return j.number(j.get(first, "value", f"{key}.size_distrib[0]"),
                    f"{key}.size_distrib[0].value", low=0.0, high=1.0, text=True)
