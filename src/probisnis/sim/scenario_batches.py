"""The ``[batches.TASK]`` tables of a scenario TOML: tasks done for several cases together.

::

    [batches.B_tanda_tangan]
    kind = "sequential"      # or "parallel"
    size = 3                 # the batch starts when the 3rd case arrives
    scale = {3 = 0.5}        # batch size -> duration coefficient (optional)
    alone = 0.2              # a case finding no batch open is done alone (optional)

Firing by the clock (each key optional; the batch starts as soon as ONE of them holds,
with the cases waiting then, at most ``size``):

    max_wait = "2d"          # the oldest case has waited 2 calendar days
    max_wait_working = "15h" # ... or 15 working hours of the task's calendar
    idle = "4h"              # no new case has come for 4 hours
    at = ["14:00"]           # every day at 14:00 (times of day, "HH:MM" or "HH:MM:SS")
    days = ["monday"]        # ``at`` only on these weekdays (English or Indonesian names)
    min_size = 1             # the fewest cases ``at`` starts (default 1)

The same semantics as Prosimos's firing rules (:class:`~probisnis.sim.scenario.Batch`,
:mod:`probisnis.sim.behaviours.batch`); the task needs its ``[tasks.TASK]`` entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from probisnis.errors import say
from probisnis.sim.bounds import MAX_COUNT
from probisnis.sim.calendar_spec import weekday_of
from probisnis.sim.keyed import Keyed, short
from probisnis.sim.scenario import Batch, Firing, TaskSpec, parse_span

__all__ = ["read_batches", "time_of_day"]

#: the largest duration coefficient of a batch (a case of a batch taking longer than this
#: many times its time alone is a percentage written as a number: scale = { 3 = 50 })
MAX_SCALE = 5.0
_KINDS = ("parallel", "sequential")
_CLOCK = ("max_wait", "max_wait_working", "idle", "at", "days", "min_size")


def read_batches(r: Keyed, doc: Mapping[str, Any], tasks: dict[str, TaskSpec]) -> None:
    """Give each task of ``doc["batches"]`` its :class:`Batch` (``tasks`` is updated)."""
    for tid, spec in r.table(doc.get("batches", {}), "batches").items():
        key = f"batches.{tid}"
        spec = r.table(spec, key)
        r.keys(spec, {"kind", "size", "scale", "alone", *_CLOCK}, key)
        if tid not in tasks:
            raise r.fail(key, say(f"tulis juga [tasks.{tid}] (lama kerja dan pelaksana tugas ini)",
                                  f"give [tasks.{tid}] too (the task's duration and pool)"))
        kind = spec.get("kind", "parallel")
        if kind not in _KINDS:
            raise r.fail(f"{key}.kind", say(
                f"harus \"parallel\" atau \"sequential\", bukan {short(kind)}",
                f"must be \"parallel\" or \"sequential\", got {short(kind)}"))
        clocked = any(k in spec for k in _CLOCK[:4])
        if "size" not in spec and not clocked:
            raise r.fail(f"{key}.size", say(
                "tidak ada: tulis jumlah kasus satu kelompok, misalnya size = 3, atau kapan "
                "kelompok dimulai menurut jam (max_wait, idle, at)",
                "missing: the number of cases in a batch, or when the clock starts it "
                "(max_wait, idle, at)"))
        size = (r.integer(spec["size"], f"{key}.size", minimum=2, maximum=MAX_COUNT)
                if "size" in spec else 0)
        for k in ("days", "min_size"):
            if k in spec and "at" not in spec:
                raise r.fail(f"{key}.{k}", say(
                    f"{k} berlaku untuk at: tulis juga jam mulainya, misalnya at = [\"14:00\"]",
                    f"{k} goes with at: give the time of day too, e.g. at = [\"14:00\"]"))
        rules = _rules(r, spec, key, size) if clocked else ()
        least = (r.integer(spec["min_size"], f"{key}.min_size", minimum=1, maximum=MAX_COUNT)
                 if "min_size" in spec else 1 if clocked else 2)
        scales = {1: 1.0}
        for n, value in r.table(spec.get("scale", {}), f"{key}.scale").items():
            where = f"{key}.scale.{n}"
            count = r.integer(n, where, minimum=1, maximum=MAX_COUNT, text=True)
            scales[count] = r.number(value, where, high=1e6)
            if scales[count] > MAX_SCALE:  # scale = { 3 = 50 }: a percentage, not 50 times
                raise r.fail(where, say(
                    f"koefisien {scales[count]:g} berarti setiap berkas dalam kelompok "
                    f"{scales[count]:g} kali lamanya bila dikerjakan sendiri; tulis pecahan, "
                    f"misalnya 0.5 untuk separuh (50 %), paling besar {MAX_SCALE:g}",
                    f"a coefficient of {scales[count]:g} makes every case of the batch take "
                    f"{scales[count]:g} times as long as alone; write a fraction, e.g. 0.5 for "
                    f"half (50 %), at most {MAX_SCALE:g}"))
        alone = r.number(spec.get("alone", 0.0), f"{key}.alone", high=1.0)
        tasks[tid] = dataclasses.replace(tasks[tid], batch=Batch(
            kind, size, MappingProxyType(scales), alone, rules=rules, least=least))


def _rules(r: Keyed, spec: Mapping[str, Any], key: str, size: int
           ) -> tuple[tuple[Firing, ...], ...]:
    """The OR groups of a batch's clock keys (and its ``size``)."""
    groups: list[tuple[Firing, ...]] = []
    if size:
        groups.append((Firing("size", size, size),))
    for name, kind in (("max_wait", "oldest"), ("max_wait_working", "oldest_working"),
                       ("idle", "idle")):
        if name in spec:
            if isinstance(spec[name], int | float) and not isinstance(spec[name], bool):
                # a bare 2 would be 2 seconds: ask for the unit
                raise r.fail(f"{key}.{name}", say(
                    f"tulis lamanya dengan satuan, misalnya \"{spec[name]}d\" (hari) atau "
                    f"\"{spec[name]}h\" (jam), bukan {short(spec[name])}",
                    f"give the span with its unit, e.g. \"{spec[name]}d\" or "
                    f"\"{spec[name]}h\", not {short(spec[name])}"))
            span = parse_span(spec[name], where=r.key(f"{key}.{name}"), path=r.path)
            groups.append((Firing(kind, span, span),))
    if "at" in spec:
        times = spec["at"] if isinstance(spec["at"], list) else [spec["at"]]
        moments = [time_of_day(r, v, f"{key}.at[{i}]" if isinstance(spec["at"], list)
                               else f"{key}.at") for i, v in enumerate(times)]
        if not moments:
            raise r.fail(f"{key}.at", say("daftar ini tidak boleh kosong",
                                          "must be a non-empty array"))
        days: list[int] = []
        if "days" in spec:
            for i, d in enumerate(r.array(spec["days"], f"{key}.days", empty=False)):
                day = weekday_of(d) if isinstance(d, str) else None
                if day is None:
                    raise r.fail(f"{key}.days[{i}]", say(
                        f"bukan nama hari: {short(d)} (senin ... minggu atau monday ... "
                        "sunday)", f"not a weekday: {short(d)} (monday ... sunday)"))
                days.append(day)
        for moment in dict.fromkeys(moments):
            if days:
                groups.extend((Firing("at", moment), Firing("weekday", d))
                              for d in dict.fromkeys(days))
            else:
                groups.append((Firing("at", moment),))
    return tuple(groups)


def time_of_day(r: Keyed, value: object, key: str) -> float:
    """Seconds after midnight of ``"14:00"``, ``"14:00:30"`` or a TOML local time."""
    import datetime as dt

    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, str):
        parts = value.strip().split(":")
        if 2 <= len(parts) <= 3 and all(p.isdigit() and len(p) == 2 for p in parts):
            h, m, sec = (int(p) for p in (*parts, "00")[:3])
            if h < 24 and m < 60 and sec < 60:
                return float(h * 3600 + m * 60 + sec)
    raise r.fail(key, say(f"harus jam seperti \"14:00\" (00:00 ... 23:59), bukan {short(value)}",
                          f"must be a time of day like \"14:00\", got {short(value)}"))
