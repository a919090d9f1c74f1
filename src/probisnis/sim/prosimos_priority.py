"""Prosimos ``prioritisation_rules`` as case priority rules (``Scenario.case_priority``).

Prosimos 2.1 gives each case, from its case attributes, the ``priority_level`` of the first
rule (lowest level first) whose OR of ANDs of ``attribute comparison value`` holds (no
rule: the lowest priority); ``in`` is ``min <= value <= max`` (``"inf"`` for no upper bound)
and any other comparison is equality (``PrioritisationRule.is_rule_true``). The import
writes each rule as a condition (``=`` the only other comparison accepted: Prosimos would
read ``>`` as equality) and maps the levels to priorities, the lowest level the highest.

Prosimos orders its *whole event queue* by (case priority, enabling time) with every
arrival generated first, so a low-priority case waits until every higher-priority event of
the run is done; probisnis ranks the requests waiting for a pool's person instead (a
non-preemptive priority queue per pool), and says so in a notice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from probisnis.errors import say
from probisnis.sim.keyed import Keyed, maksudnya, short, suggest
from probisnis.sim.prosimos_rules import in_range
from probisnis.sim.scenario import MAX_CASE_PRIORITY, Attribute

__all__ = ["case_priority"]

_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_KEYWORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "True", "False", "None",
                       "lambda", "for"})


def case_priority(j: Keyed, doc: Mapping[str, Any], attributes: Sequence[Attribute],
                  warnings: list[str]) -> tuple[tuple[str, int], ...]:
    """The rules of ``doc["prioritisation_rules"]`` (empty: none), with the notice."""
    items = j.array(doc.get("prioritisation_rules", []), "prioritisation_rules")
    if not items:
        return ()
    names = [a.name for a in attributes]
    rules: list[tuple[int, str]] = []
    for i, item in enumerate(items):
        key = f"prioritisation_rules[{i}]"
        item = j.table(item, key)
        j.keys(item, {"priority_level", "rules"}, key)
        level = j.integer(j.get(item, "priority_level", key), f"{key}.priority_level",
                          minimum=-10**9, maximum=10**9, text=True)
        ors = []
        for a, conj in enumerate(j.array(j.get(item, "rules", key), f"{key}.rules",
                                         empty=False)):
            ands = [_atom(j, f"{key}.rules[{a}][{b}]", atom, names)
                    for b, atom in enumerate(j.array(conj, f"{key}.rules[{a}]",
                                                     empty=False))]
            ors.append(" and ".join(ands) if len(ands) == 1 else
                       "(" + " and ".join(ands) + ")")
        rules.append((level, " or ".join(ors)))
    levels = sorted({level for level, _ in rules})
    if len(levels) > MAX_CASE_PRIORITY:
        raise j.fail("prioritisation_rules", say(
            f"paling banyak {MAX_CASE_PRIORITY} tingkat prioritas",
            f"at most {MAX_CASE_PRIORITY} priority levels"))
    rank = {level: len(levels) - k for k, level in enumerate(levels)}
    # Prosimos checks the rules from the lowest level up (a stable sort of the list)
    ordered = sorted(rules, key=lambda r: r[0])
    warnings.append(say(
        f"{j.path}: prioritisation_rules: probisnis memakai antrean prioritas per kelompok "
        "pegawai yang "
        "tidak menyela (non-preemptive): kasus berprioritas lebih tinggi dilayani lebih dulu "
        "ketika pegawai pool itu bebas; Prosimos 2.1 mengurutkan seluruh antrean peristiwanya "
        "sepanjang run menurut prioritas kasus, sehingga di sana kasus berprioritas rendah "
        "menunggu jauh lebih lama",
        f"{j.path}: prioritisation_rules: probisnis uses a non-preemptive priority queue per "
        "pool (higher-priority cases are served first when a person of the pool is free); "
        "Prosimos 2.1 orders its whole event queue over the run by case priority, so "
        "low-priority cases wait much longer there"))
    return tuple((text, rank[level]) for level, text in ordered)


def _atom(j: Keyed, key: str, atom: object, names: Sequence[str]) -> str:
    """One ``attribute comparison value`` as a condition."""
    atom = j.table(atom, key)
    j.keys(atom, {"attribute", "comparison", "value"}, key)
    attr = j.string(j.get(atom, "attribute", key), f"{key}.attribute")
    if attr not in names:
        raise j.fail(f"{key}.attribute", say(
            f"atribut kasus {attr!r} tidak ada di case_attributes",
            f"case attribute {attr!r} is not in case_attributes") + maksudnya(suggest(attr, names)))
    if attr[0] not in _IDENT_START or not attr.replace("_", "a").isalnum() \
            or attr in _KEYWORDS or not attr.isascii():
        raise j.fail(f"{key}.attribute", say(
            f"nama atribut {attr!r} tidak dapat dipakai dalam kondisi (huruf, angka dan _ "
            "saja, tidak diawali angka)",
            f"attribute name {attr!r} cannot be used in a condition"))
    op = j.string(j.get(atom, "comparison", key), f"{key}.comparison")
    value = j.get(atom, "value", key)
    if op == "in":
        low, high = in_range(j, f"{key}.value", value)
        if high is None:
            return f"{attr} >= {low!r}"
        return f"{attr} == {low!r}" if low == high else f"{low!r} <= {attr} <= {high!r}"
    if op not in ("=", "=="):
        raise j.fail(f"{key}.comparison", say(
            f"perbandingan {short(op)} tidak didukung: Prosimos 2.1 membaca semua perbandingan "
            "selain \"in\" sebagai sama dengan; tulis \"=\" atau \"in\" dengan [min, max]",
            f"comparison {short(op)} is not supported: Prosimos 2.1 reads every comparison but "
            "\"in\" as equality; write \"=\" or \"in\" with [min, max]"))
    if isinstance(value, bool) or not isinstance(value, str | int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise j.fail(f"{key}.value", say(f"harus teks atau bilangan, bukan {short(value)}",
                                         f"must be a text or a number, got {short(value)}"))
    return f"{attr} == {value!r}"
