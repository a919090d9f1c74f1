"""Prosimos's FUZZY calendars (``model_type: "FUZZY"``) as people present by probability.

Prosimos 2.1 (``parse_fuzzy_calendar``) reads ``granule_size`` (``{"value": 60,
"time_unit": "MINUTES"}``) and, per ``resource_calendars`` entry, two weekly grids of
probabilities per granule: ``time_periods`` (availability) and ``workload_ratio``; each
period ``{"from": "MONDAY", "to": "FRIDAY", "beginTime", "endTime", "probability"}`` sets
its granules (a later period overwrites an earlier one; no ``probability``: 0). A resource
is then available in a granule when either of two draws comes up
(``FuzzyModel.is_available``): probability ``1 - (1 - a)(1 - w)``, which is what
probisnis uses. The meaning is :mod:`probisnis.sim.presence`'s (each granule drawn once
per person), not Prosimos's (drawn anew at every question): ``docs/simulation.md``.
A resource of amount ``n`` becomes ``n`` pools of one person (``clerk_0``, ``clerk_1``, as
Prosimos names them), each with its own presence, the first doing its tasks with the
others as alternatives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from probisnis.errors import say
from probisnis.sim.calendar_spec import parse_time
from probisnis.sim.keyed import Keyed, short
from probisnis.sim.presence import Presence
from probisnis.sim.prosimos_periods import calendar_entries, weekday_range
from probisnis.sim.scenario import ResourcePool

__all__ = ["fuzzy_calendars", "one_pool_per_person"]

_UNITS = {"MINUTES": 60.0, "HOURS": 3600.0}
DAY = 86_400.0


def fuzzy_calendars(j: Keyed, doc: Mapping[str, Any]) -> dict[str, Presence]:
    """Calendar id -> the presence its probabilities give."""
    if "arrival_time_calendar" not in doc:
        raise j.fail("arrival_time_calendar", say(
            "tidak ada: dengan kalender FUZZY tulis kalender kedatangan (Prosimos menyusunnya "
            "dari kalender crisp sumber daya tugas pertama, yang tidak ada di sini)",
            "missing: with FUZZY calendars give the arrival calendar (Prosimos makes it from "
            "the crisp calendars of the first tasks' resources, which are not there)"))
    if "granule_size" not in doc:
        raise j.fail("granule_size", say(
            "tidak ada: kalender FUZZY memberi peluang per satuan waktu; tulis misalnya "
            '"granule_size": {"value": 60, "time_unit": "MINUTES"}',
            "missing: FUZZY calendars give a probability per granule; write e.g. "
            '"granule_size": {"value": 60, "time_unit": "MINUTES"}'))
    size = j.table(doc["granule_size"], "granule_size")
    unit = j.string(j.get(size, "time_unit", "granule_size"), "granule_size.time_unit")
    if unit.upper() not in _UNITS:
        raise j.fail("granule_size.time_unit", say(
            f"harus MINUTES atau HOURS, bukan {short(unit)}",
            f"must be MINUTES or HOURS, got {short(unit)}"))
    granule = j.number(j.get(size, "value", "granule_size"), "granule_size.value",
                       low=0, low_open=True) * _UNITS[unit.upper()]
    if granule < 60 or granule > DAY or not (DAY / granule).is_integer() or granule % 60:
        raise j.fail("granule_size.value", say(
            "harus menit penuh yang membagi habis sehari (misalnya 60 menit)",
            "must be whole minutes dividing a day (e.g. 60 minutes)"))
    out: dict[str, Presence] = {}
    for key, item, cid in calendar_entries(j, doc):
        a = _grid(j, j.get(item, "time_periods", key), f"{key}.time_periods", granule)
        w = _grid(j, j.get(item, "workload_ratio", key), f"{key}.workload_ratio", granule)
        out[cid] = Presence(tuple(tuple(1 - (1 - x) * (1 - y) for x, y in zip(da, dw, strict=True))
                                  for da, dw in zip(a, w, strict=True)), granule)
    return out


def _grid(j: Keyed, value: object, key: str, granule: float) -> list[list[float]]:
    grid = [[0.0] * int(DAY / granule) for _ in range(7)]
    for k, period in enumerate(j.array(value, key)):
        here = f"{key}[{k}]"
        period = j.table(period, here)
        days = weekday_range(j, period, here)
        bounds = []
        for side in ("beginTime", "endTime"):
            t = parse_time(j.get(period, side, here), key=f"{here}.{side}", path=j.path)
            if t % granule:
                raise j.fail(f"{here}.{side}", say(
                    f"harus di batas satuan waktu ({granule / 60:g} menit): Prosimos menghitung "
                    "seluruh satuan tempat jam ini jatuh",
                    f"must lie on a granule boundary ({granule / 60:g} min): Prosimos counts "
                    "the whole granule the time falls in"))
            bounds.append(int(t // granule))
        first, last = bounds[0], bounds[1] or int(DAY / granule)  # 00:00 ends at midnight
        p = j.number(period.get("probability", 0.0), f"{here}.probability", high=1.0, text=True)
        for day in range(days[0], days[1] + 1):
            for g in range(first, last):
                grid[day][g] = p
    return grid


Option = tuple[str, Any, str]


def one_pool_per_person(
    resources: Mapping[str, ResourcePool], profiles: Mapping[str, frozenset[str]],
    options: Mapping[str, tuple[str, Sequence[Option]]],
) -> tuple[dict[str, ResourcePool], dict[str, frozenset[str]],
           dict[str, tuple[str, list[Option]]]]:
    """A presence resource of amount ``n > 1`` as ``n`` pools of one (``rid_0`` ...)."""
    people: dict[str, list[str]] = {}
    out: dict[str, ResourcePool] = {}
    for rid, pool in resources.items():
        if pool.presence is None or pool.count == 1:
            out[rid] = pool
            continue
        people[rid] = [f"{rid}_{k}" for k in range(pool.count)]
        for k, pid in enumerate(people[rid]):
            out[pid] = dataclasses.replace(pool, id=pid, count=1, name=f"{pool.name}_{k}")
    if not people:
        return dict(resources), dict(profiles), {t: (k, list(o)) for t, (k, o) in options.items()}
    return out, {p: frozenset(x for rid in ids for x in people.get(rid, [rid]))
                 for p, ids in profiles.items()}, {
        tid: (key, [(pid, law, where) for rid, law, where in opts
                    for pid in people.get(rid, [rid])])
        for tid, (key, opts) in options.items()}
