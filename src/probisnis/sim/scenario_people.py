"""Reading a scenario's people keys beyond head count and calendar: ``multitask``,
``multitask_hours`` (:mod:`probisnis.sim.multitask`) and ``presence``
(:mod:`probisnis.sim.presence`) of a ``[resources.ID]`` table, with located errors."""

from __future__ import annotations

from collections.abc import Callable

from probisnis.sim.calendar_spec import hours_of_week
from probisnis.sim.keyed import Keyed
from probisnis.sim.multitask import by_hour
from probisnis.sim.presence import Presence

__all__ = ["multitask_hours", "presence", "probabilities"]


def probabilities(r: Keyed, value: object, key: str) -> tuple[float, ...]:
    """A ``multitask`` table: a list of probabilities."""
    return tuple(r.number(p, f"{key}[{j}]", high=1.0) for j, p in enumerate(r.array(value, key)))


def _by_hour(r: Keyed, value: object, key: str, field: str,
             read: Callable[[object, str], tuple[float, ...]]) -> tuple[tuple[float, ...], ...]:
    """Entries ``{days, from, to, FIELD}``: each hour of the week -> ``read`` of the
    ``FIELD`` of the entry covering it (the hours no entry covers: ``()``)."""
    spans = []
    for i, entry in enumerate(r.array(value, key, empty=False)):
        here = f"{key}[{i}]"
        entry = r.table(entry, here)
        r.keys(entry, {"days", "from", "to", field}, here)
        for name in ("days", "from", "to", field):
            r.get(entry, name, here)
        hours = hours_of_week(entry["days"], entry["from"], entry["to"], key=here, path=r.path)
        spans.append((here, hours, read(entry[field], f"{here}.{field}")))
    return by_hour(spans, r.fail)


def multitask_hours(r: Keyed, value: object, key: str) -> tuple[tuple[float, ...], ...]:
    """``multitask_hours = [{days = "mon-fri", from = "09:00", to = "12:00", multitask =
    [1.0]}, ...]``: a table per hour of the week (the hours no entry covers: none)."""
    return _by_hour(r, value, key, "multitask", lambda v, k: probabilities(r, v, k))


def presence(r: Keyed, value: object, key: str) -> Presence:
    """``presence = [{days = "mon-fri", from = "08:00", to = "16:00", probability = 0.9},
    ...]``: the probability of being at work in each hour (hours no entry covers: 0)."""
    hourly = _by_hour(r, value, key, "probability",
                      lambda v, k: (r.number(v, k, high=1.0),))
    return Presence(tuple(tuple(t[0] if t else 0.0 for t in hourly[d * 24:(d + 1) * 24])
                          for d in range(7)))
