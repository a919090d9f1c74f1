"""Multitasking: people who may hold several tasks at once (Prosimos's global multitasking).

A pool's ``multitask`` table (:attr:`ResourcePool.multitask`) gives, for a person holding
``k`` tasks, the probability ``table[k - 1]`` that they take one more; beyond the table,
never. The decision is made anew each time the number a person holds changes: when they
take a task and when one of theirs ends. A person holding nothing always takes work. An
open person (one who would take one more) waits among the free people, behind those
holding nothing, so work goes to idle people first. Durations are not changed: each task
takes its drawn working time, whatever else its performer holds (as in Prosimos, whose
utilisation then adds the tasks' times and may pass 100 %).

With ``table = (1.0,)`` a person is two servers: a pool of ``c`` such people is an M/M/2c
queue (``tests/test_sim_multitask.py`` checks Erlang C). Where Prosimos 2.1 differs (it
crashes, or frees its people the moment a task starts) is in ``docs/simulation.md``.

The running state is :class:`probisnis.sim.multipool.MultiPool`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from probisnis.errors import say

if TYPE_CHECKING:
    from probisnis.sim.bind import Context
    from probisnis.sim.scenario import Scenario

__all__ = ["MAX_AT_ONCE", "at_saturation", "check_multitask"]

#: most tasks a person may hold at once (the table's length plus one)
MAX_AT_ONCE = 100


def check_multitask(ctx: Context, s: Scenario) -> None:
    """Every ``multitask`` table holds probabilities; a batch task's pool takes none
    (called once the tasks are bound to their pools)."""
    for pid, pool in s.pools.items():
        table = pool.multitask
        if not table:
            continue
        key = f"resources.{pid}.multitask"
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
    for row in ctx.activities:  # (bound: a task without a pool of its own takes its lane's)
        spec = s.tasks.get(row[1])
        if spec is None or spec.batch is None or row[5] < 0:
            continue
        pools = [ctx.pools[row[5]], *(s.pools[a] for a in spec.alternatives if a in s.pools)]
        for pool in pools:
            if pool.multitask:
                raise ctx.fail(f"tasks.{row[1]}.batch", say(
                    f"tugas batch tidak dapat dikerjakan pool {pool.id!r}, yang orangnya "
                    "memegang beberapa tugas sekaligus (multitask): pilih salah satu",
                    f"a batch task cannot be done by pool {pool.id!r}, whose people hold "
                    "several tasks at once (multitask): choose one"))


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
