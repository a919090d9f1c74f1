"""Prosimos ``batch_processing``: which tasks are done for several cases together.

Read here, with what probisnis simulates (:class:`~probisnis.sim.scenario.Batch`):

* ``type`` ``Parallel`` or ``Sequential`` (Prosimos 2.1 does not run ``Concurrent``: it
  prints a warning and stops);
* ``firing_rules`` empty: each batch's size drawn from ``size_distrib`` (``Batch.sizes``;
  a case finding no batch open is done alone with the probability of size 1);
* ``firing_rules``: one group holding one ``size`` rule ``=`` k >= 2 is the plain size rule
  (the batch starts when the k-th case arrives at the task); anything else becomes
  ``Batch.rules``, OR groups of AND :class:`~probisnis.sim.scenario.Firing` conditions,
  each attribute's rules in a group merged as Prosimos merges them
  (``AndFiringRule.init_boundaries``): ``size`` ``<``/``<=`` a cap, ``>``/``>=`` a least
  size (only with ``ready_wt``/``large_wt``: alone Prosimos 2.1 never starts such a batch,
  ``get_firing_batch_size`` keeps its initial ``sys.maxsize``); ``ready_wt`` and
  ``large_wt`` a (low, high) range in seconds (``idle``, ``oldest``; an open range is
  refused, Prosimos stops with "Invalid range"; a day or more is a notice, Prosimos wraps
  it with ``timedelta.seconds``); ``daily_hour`` a moment (``=``) or a window of the day;
  ``week_day`` a weekday (``=`` only); a group without a waiting-time rule needs 2 cases;
* ``duration_distrib``: batch size -> duration coefficient (Prosimos adds 1 -> 1.0);
* ``size_distrib``: with firing rules Prosimos reads its *first* entry's value (whatever
  its key) as the probability that a case finding no batch open is done alone, as a plain
  task (``Batch.alone``).

Where probisnis differs from Prosimos and why: ``docs/simulation.md`` ("Batches started by
the clock").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from probisnis.bpmn.model import Process
from probisnis.errors import say
from probisnis.present.notices import notice
from probisnis.sim.bounds import MAX_COUNT
from probisnis.sim.keyed import Keyed, short
from probisnis.sim.scenario import Batch, Firing

__all__ = ["batches"]

_KINDS = {"Parallel": "parallel", "Sequential": "sequential"}
_ATTRIBUTES = ("size", "ready_wt", "large_wt", "daily_hour", "week_day")
_COMPARISONS = ("=", "<", "<=", ">", ">=")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = 86_400.0
_SUPPORTED = say(
    "yang didukung: size (= k, < k, <= k; > dan >= hanya bersama ready_wt/large_wt), "
    "ready_wt dan large_wt (dengan batas atas), daily_hour (jam bulat), week_day (=), "
    "digabung AND dalam satu kelompok dan OR antar-kelompok",
    "supported: size (= k, < k, <= k; > and >= only with ready_wt/large_wt), ready_wt and "
    "large_wt (with an upper bound), daily_hour (whole hours), week_day (=), combined by "
    "AND within a group and OR across groups")


def batches(j: Keyed, doc: Mapping[str, Any], proc: Process,
            warnings: list[str] | None = None) -> dict[str, Batch]:
    """Task id -> its :class:`Batch`, from ``doc["batch_processing"]`` (notices about
    Prosimos's own handling go to ``warnings``)."""
    warnings = [] if warnings is None else warnings
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
        rules: tuple[tuple[Firing, ...], ...] = ()
        if j.array(j.get(entry, "firing_rules", key), f"{key}.firing_rules"):
            size, rules = _firing(j, entry, key, warnings)
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
        out[tid] = Batch(_KINDS[kind], size, MappingProxyType(scales), alone, sizes,
                         rules=rules)
    return out


def _firing(j: Keyed, entry: Mapping[str, Any], key: str, warnings: list[str]
            ) -> tuple[int, tuple[tuple[Firing, ...], ...]]:
    """``firing_rules`` as (size, rules): one group of one ``size = k`` rule is the plain
    size rule (``rules`` empty, the batch of k as before); anything else is OR groups of
    :class:`Firing` conditions with Prosimos's meaning (module docstring)."""
    rules = j.array(j.get(entry, "firing_rules", key), f"{key}.firing_rules")
    groups: list[tuple[Firing, ...]] = []
    for g, group in enumerate(rules):
        gkey = f"{key}.firing_rules[{g}]"
        items = j.array(group, gkey, empty=False)
        groups.append(_group(j, [j.table(r, f"{gkey}[{k}]") for k, r in enumerate(items)],
                             gkey, warnings))
    if len(groups) == 1 and len(groups[0]) == 1 and groups[0][0].kind == "size" \
            and groups[0][0].low == groups[0][0].high:
        return int(groups[0][0].low), ()
    size = max((int(f.low) for grp in groups for f in grp if f.kind == "size"), default=0)
    return size, tuple(groups)


def _group(j: Keyed, rules: list[Mapping[str, Any]], gkey: str, warnings: list[str]
           ) -> tuple[Firing, ...]:
    """One AND group: each attribute's rules merged as Prosimos merges them
    (``AndFiringRule.init_boundaries``)."""
    by: dict[str, list[tuple[int, str, Any]]] = {}
    for k, rule in enumerate(rules):
        rkey = f"{gkey}[{k}]"
        attribute = j.get(rule, "attribute", rkey)
        if attribute not in _ATTRIBUTES:
            raise j.fail(f"{rkey}.attribute", say(
                f"aturan pemicu {short(attribute)} tidak dikenal Prosimos; ",
                f"firing rule {short(attribute)} is not one of Prosimos's; ") + _SUPPORTED)
        comparison = j.get(rule, "comparison", rkey)
        if comparison not in _COMPARISONS:
            raise j.fail(f"{rkey}.comparison", say(
                f"perbandingan {short(comparison)} tidak dikenal; ",
                f"comparison {short(comparison)} is unknown; ") + _SUPPORTED)
        by.setdefault(attribute, []).append((k, comparison, j.get(rule, "value", rkey)))
    waits = "ready_wt" in by or "large_wt" in by
    out: list[Firing] = []
    for attribute, found in by.items():
        if attribute == "size":
            out.extend(_size(j, gkey, k, c, v, waits) for k, c, v in found)
        elif attribute in ("ready_wt", "large_wt"):
            out.append(_wait(j, gkey, attribute, found, warnings))
        elif attribute == "week_day":
            if len(found) > 1:
                raise j.fail(f"{gkey}[{found[1][0]}]", say(
                    "Prosimos hanya menerima satu aturan week_day dalam satu kelompok AND",
                    "Prosimos allows one week_day rule in an AND group"))
            k, c, v = found[0]
            rkey = f"{gkey}[{k}]"
            if c != "=":
                raise j.fail(f"{rkey}.comparison", say(
                    "week_day hanya dengan \"=\" (Prosimos menolak yang lain)",
                    "week_day takes only \"=\" (Prosimos refuses the others)"))
            name = v.strip().lower() if isinstance(v, str) else None
            if name not in _DAYS:
                raise j.fail(f"{rkey}.value", say(f"bukan nama hari: {short(v)}",
                                                  f"not a weekday: {short(v)}"))
            out.append(Firing("weekday", _DAYS.index(name)))
        else:
            out.extend(_hours(j, gkey, found))
    return tuple(out)


def _size(j: Keyed, gkey: str, k: int, comparison: str, value: Any, waits: bool) -> Firing:
    rkey = f"{gkey}[{k}]"
    n = j.integer(value, f"{rkey}.value", minimum=1, maximum=MAX_COUNT, text=True)
    if comparison == "=":
        if n < 2:
            raise j.fail(f"{rkey}.value", say("harus >= 2", "must be >= 2"))
        return Firing("size", n, n)
    if comparison in ("<", "<="):  # a cap: Prosimos splits the waiting cases into batches
        cap = n - 1 if comparison == "<" else n
        if cap < 2:
            raise j.fail(f"{rkey}.value", say(
                "kelompok paling banyak 1 kasus tidak pernah dimulai Prosimos; ",
                "Prosimos never starts a batch of at most 1 case; ") + _SUPPORTED)
        return Firing("size", 0, cap)
    if not waits:
        raise j.fail(f"{rkey}.comparison", say(
            f"Prosimos 2.1 tidak pernah memulai kelompok dengan size {comparison} k tanpa "
            "ready_wt/large_wt di kelompok AND yang sama (kasusnya tidak pernah meninggalkan "
            "tugas ini); tulis \"=\" untuk kelompok berisi k kasus; ",
            f"Prosimos 2.1 never starts a batch of size {comparison} k without ready_wt/"
            "large_wt in the same AND group (its cases never leave the task); write \"=\" "
            "for batches of k cases; ") + _SUPPORTED)
    return Firing("size", n + 1 if comparison == ">" else n, 0)


def _wait(j: Keyed, gkey: str, attribute: str, found: list[tuple[int, str, Any]],
          warnings: list[str]) -> Firing:
    """``ready_wt`` / ``large_wt`` rules of a group as Prosimos's (low, high) seconds."""
    low: float | None = None
    high: float | None = None
    for k, comparison, value in found:
        v = j.number(value, f"{gkey}[{k}].value", low=0.0, high=1e9, text=True)
        if comparison == "=":
            low = high = v
        elif comparison == "<":
            low, high = (0.0 if low is None else low), v - 1
        elif comparison == "<=":
            low, high = (0.0 if low is None else low), v
        elif comparison == ">":
            low = v + 1
        else:
            low = v
    last = f"{gkey}[{found[-1][0]}]"
    if low is None or high is None:
        raise j.fail(last, say(
            f"{attribute} perlu batas atas (\"<\", \"<=\" atau \"=\"): Prosimos 2.1 "
            "berhenti dengan \"Invalid range\" tanpa batas itu; ",
            f"{attribute} needs an upper bound (\"<\", \"<=\" or \"=\"): Prosimos 2.1 stops "
            "with \"Invalid range\" without one; ") + _SUPPORTED)
    if low > high:
        raise j.fail(last, say(f"batas {attribute} kosong: {low:g} > {high:g} detik; ",
                               f"empty {attribute} range: {low:g} > {high:g} s; ")
                     + _SUPPORTED)
    if high >= 86_400:
        warnings.append(notice("prosimos-batch-wait-day", where=j.path, key=j.key(last),
                               attribute=attribute, seconds=f"{high:g}"))
    if attribute == "ready_wt":
        return Firing("idle", low, high)
    # a case waiting alone goes one second past the bound (get_large_wt: operator.gt)
    return Firing("oldest", low, high + 1)


def _hours(j: Keyed, gkey: str, found: list[tuple[int, str, Any]]) -> list[Firing]:
    """``daily_hour`` rules (whole hours) of a group: a moment (``=``) or a window."""
    if len(found) > 2:
        raise j.fail(f"{gkey}[{found[2][0]}]", say(
            "Prosimos hanya menerima satu atau dua aturan daily_hour dalam satu kelompok AND",
            "Prosimos allows one or two daily_hour rules in an AND group"))
    low, high = 0.0, _DAY
    moment: float | None = None
    for k, comparison, value in found:
        h = 3600.0 * j.integer(value, f"{gkey}[{k}].value", minimum=0, maximum=23, text=True)
        if comparison == "=":
            moment = h
        elif comparison in (">", ">="):  # Prosimos starts what waits at the hour itself
            low = max(low, h)
        else:
            high = min(high, h + (1.0 if comparison == "<=" else 0.0))
    last = f"{gkey}[{found[-1][0]}]"
    if low >= high or (moment is not None and not low <= moment < high):
        raise j.fail(last, say("aturan daily_hour ini tidak pernah terpenuhi bersama; ",
                               "these daily_hour rules never hold together; ") + _SUPPORTED)
    if moment is not None:
        return [Firing("at", moment)]
    return [Firing("hours", low, high)]


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
