"""Multitasking: people who may hold several tasks at once (Prosimos's multitasking).

A pool's ``multitask`` table (:attr:`ResourcePool.multitask`) gives, for a person holding
``k`` tasks, the probability ``table[k - 1]`` that they take one more; beyond the table,
never. The decision is made anew each time the number a person holds changes: when they
take a task and when one of theirs ends. A person holding nothing always takes work. An
open person (one who would take one more) waits among the free people, behind those
holding nothing, so work goes to idle people first. Durations are not changed: each task
takes its drawn working time, whatever else its performer holds (as in Prosimos, whose
utilisation then adds the tasks' times and may pass 100 %). ``multitask_hours`` gives a
table per hour of the week instead; a decision uses the table of the hour it is made in.

With ``table = (1.0,)`` a person is two servers: a pool of ``c`` such people is an M/M/2c
queue (``tests/test_sim_multitask.py`` checks Erlang C). Where Prosimos 2.1 differs (it
crashes, or frees its people the moment a task starts) is in ``docs/simulation.md``.

The running state is :class:`probisnis.sim.multipool.MultiPool`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from probisnis.errors import say

if TYPE_CHECKING:
    from probisnis.sim.bind import Context
    from probisnis.sim.calendar_spec import Weekly
    from probisnis.sim.scenario import ResourcePool, Scenario

__all__ = [
    "HOURS_A_WEEK",
    "MAX_AT_ONCE",
    "at_saturation",
    "by_hour",
    "check_multitask",
    "hour_of_week",
    "multitask_pools",
    "multitasks",
    "weekly_at_saturation",
]

#: most tasks a person may hold at once (the table's length plus one)
MAX_AT_ONCE = 100
#: tables of ``ResourcePool.multitask_hours``, Monday 00:00-01:00 first
HOURS_A_WEEK = 168


def check_multitask(ctx: Context, s: Scenario) -> None:
    """Every ``multitask`` table holds probabilities; a batch task's pool takes none
    (called once the tasks are bound to their pools)."""
    for pid, pool in s.pools.items():
        key = f"resources.{pid}.multitask_hours"
        if pool.multitask_hours:
            if pool.multitask:
                raise ctx.fail(key, say(
                    "tulis multitask atau multitask_hours, tidak keduanya",
                    "give multitask or multitask_hours, not both"))
            if len(pool.multitask_hours) != HOURS_A_WEEK:
                raise ctx.fail(key, say(
                    f"harus {HOURS_A_WEEK} tabel (satu per jam dalam seminggu), bukan "
                    f"{len(pool.multitask_hours)}",
                    f"must be {HOURS_A_WEEK} tables (one per hour of the week), got "
                    f"{len(pool.multitask_hours)}"))
            for h, table in enumerate(pool.multitask_hours):
                _check_table(ctx, f"{key}[{h}]", table)
        else:
            _check_table(ctx, f"resources.{pid}.multitask", pool.multitask)
    for row in ctx.activities:  # (bound: a task without a pool of its own takes its lane's)
        spec = s.tasks.get(row[1])
        if spec is None or spec.batch is None or row[5] < 0:
            continue
        pools = [ctx.pools[row[5]], *(s.pools[a] for a in spec.alternatives if a in s.pools)]
        for pool in pools:
            if multitasks(pool):
                raise ctx.fail(f"tasks.{row[1]}.batch", say(
                    "tugas berkelompok (batch) tidak dapat dikerjakan kelompok pegawai "
                    f"{pool.id!r}, yang orangnya "
                    "memegang beberapa tugas sekaligus (multitask): pilih salah satu",
                    f"a batch task cannot be done by pool {pool.id!r}, whose people hold "
                    "several tasks at once (multitask): choose one"))


def _check_table(ctx: Context, key: str, table: tuple[float, ...]) -> None:
    if len(table) >= MAX_AT_ONCE:
        raise ctx.fail(key, say(
            f"paling banyak {MAX_AT_ONCE - 1} peluang ({MAX_AT_ONCE} tugas sekaligus), "
            f"bukan {len(table)}",
            f"at most {MAX_AT_ONCE - 1} probabilities ({MAX_AT_ONCE} tasks at once), "
            f"got {len(table)}"))
    for i, p in enumerate(table):
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise ctx.fail(f"{key}[{i}]", say(
                f"harus peluang di antara 0 dan 1, bukan {p!r}",
                f"must be a probability between 0 and 1, got {p!r}"))


def multitasks(pool: ResourcePool) -> bool:
    """Do the people of ``pool`` ever hold more than one task at once?"""
    return any(pool.multitask) or any(any(t) for t in pool.multitask_hours)


def multitask_pools(s: Scenario) -> frozenset[str]:
    """Ids of the pools of ``s`` whose people may hold several tasks at once (their
    utilisation may pass 1)."""
    return frozenset(pid for pid, pool in s.pools.items() if multitasks(pool))


def hour_of_week(start: datetime) -> float:
    """Seconds from the Monday 00:00 before ``start`` to ``start`` (the clock's offset in
    its week: hour ``int((offset + t) // 3600) % 168`` at simulation time ``t``)."""
    return float(start.weekday() * 86_400 + start.hour * 3600 + start.minute * 60
                 + start.second + start.microsecond / 1e6)


def at_saturation(table: tuple[float, ...]) -> float:
    """The mean number of tasks a person holds when work is always waiting (tasks of
    exponential duration): how many people's worth of work one person gets through. 1 for
    an empty table, ``len(table) + 1`` for a table of ones; the stability check multiplies
    a pool's capacity by it."""
    if not table:
        return 1.0
    top = len(table) + 1

    def settle(k: int) -> list[float]:
        """Where a person ends (probability per level 1..top) once they hold ``k``."""
        out = [0.0] * (top + 1)
        weight = 1.0
        while True:
            p = 1.0 if k == 0 else table[k - 1] if k <= len(table) else 0.0
            if p < 1.0:
                out[k] += weight * (1.0 - p)
            weight *= p
            if weight <= 0.0:
                return out
            k += 1

    # stationary law of the levels 1..top: level k ends a task at rate k, then settles
    rates = np.zeros((top, top))
    for k in range(1, top + 1):
        for j, q in enumerate(settle(k - 1)):
            if q and j != k:
                rates[k - 1, j - 1] += k * q
                rates[k - 1, k - 1] -= k * q
    a = np.vstack([rates.T, np.ones(top)])
    b = np.zeros(top + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(a, b, rcond=None)[0]
    return float(pi @ np.arange(1, top + 1))


def weekly_at_saturation(pool: ResourcePool, weekly: Weekly | None) -> float:
    """:func:`at_saturation` of ``pool``: of its table, or of its hourly tables weighted by
    the open seconds of each hour in the week of ``weekly`` (None: every hour alike)."""
    if not pool.multitask_hours:
        return at_saturation(pool.multitask)
    weights = np.ones(HOURS_A_WEEK)
    if weekly is not None:
        weights[:] = 0.0
        for day, periods in enumerate(weekly):
            for begin, end in periods:
                for h in range(int(begin // 3600), min(24, int(-(-end // 3600)))):
                    weights[day * 24 + h] += min(end, (h + 1) * 3600.0) - max(begin, h * 3600.0)
    if weights.sum() <= 0:
        return 1.0
    factors = [at_saturation(t) for t in pool.multitask_hours]
    return float(np.dot(weights, factors) / weights.sum())


def by_hour(spans: Sequence[tuple[str, Sequence[int], tuple[float, ...]]],
            fail: Callable[[str, str], Exception]) -> tuple[tuple[float, ...], ...]:
    """``ResourcePool.multitask_hours`` from (key, hours of the week, table) spans; an hour
    no span covers has no multitasking, an hour two spans cover is refused (by the second's
    key) because Prosimos would append the second table to the first."""
    tables: list[tuple[float, ...] | None] = [None] * HOURS_A_WEEK
    for key, hours, table in spans:
        for h in hours:
            if tables[h] is not None:
                day, hour = divmod(h, 24)
                raise fail(key, say(
                    f"jam {hour:02d}:00-{hour + 1:02d}:00 hari {_HARI[day]} sudah diberi "
                    "tabel oleh periode sebelumnya: satu jam satu tabel",
                    f"the hour {hour:02d}:00-{hour + 1:02d}:00 on {_DAYS[day]} already has a "
                    "table from an earlier period: one table an hour"))
            tables[h] = table
    return tuple(t if t is not None else () for t in tables)


_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
