"""Batched tasks: cases wait at the task until a batch is full, then one person does them.

The semantics are Prosimos 2.1's (``prosimos/simulation_engine.py``
``execute_seq_task_batch`` / ``execute_parallel_task_batch``), see
:class:`~probisnis.sim.scenario.Batch`: the batch is ready when its ``size``-th case
arrives; it asks its pool for one person (in the pool's queue like any task); each case
keeps its own enabling time in the log and draws its own duration. ``parallel``: every
case starts together and takes ``duration x scale(n) x n``; the person is free when the
last case of the batch (in arrival order) ends, and counts that case's effort as busy
time. ``sequential``: the cases one after another, each ``duration x scale(n)``.
A case finding no batch open is done alone (a plain task) with the probability
``Batch.alone`` (Prosimos's ``is_batch_exec_alone``).
A case whose token is ended while it waits (a terminate end event elsewhere) leaves the
batch unstarted; once its batch has started, the person finishes it.
Cases still waiting when the run has nothing else to do are done as one smaller batch
(:func:`flush`). The heap kernel does not run batched tasks
(:func:`probisnis.sim.kernel.heap_refusal`).
"""

from __future__ import annotations

import bisect
from typing import Any

import simpy
from simpy.events import Event, Process

from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.behaviours.task import work
from probisnis.sim.clock import now, pending, succeed_now, timeout
from probisnis.sim.scenario import Batch
from probisnis.sim.state import Case, Scope
from probisnis.sim.streams import Keyed

__all__ = ["Waiting", "enter_batch", "flush"]

_NAN = float("nan")


class Waiting:
    """The cases waiting at one batched task: (case, enabling time, their done event);
    ``alone``: the uniforms deciding whether a case finding no batch open is done alone;
    ``drawn``: the uniforms drawing each batch's size (``Batch.sizes``)."""

    __slots__ = ("act", "alone", "batch", "cases", "cumulative", "drawn", "target")

    def __init__(self, act: int, batch: Batch, alone: Keyed | None = None,
                 drawn: Keyed | None = None) -> None:
        self.act = act
        self.batch = batch
        self.alone = alone
        self.drawn = drawn
        total = sum(p for _, p in batch.sizes)
        acc = 0.0
        self.cumulative: list[float] = []
        for _, p in batch.sizes:
            acc += p / total
            self.cumulative.append(acc)
        self.target = batch.size  # the size of the batch open now
        self.cases: list[tuple[Case, float, Event]] = []


def enter_batch(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """The token waits in its task's batch until the batch is done for its case (or,
    finding no batch open, is done alone with the probability ``Batch.alone``)."""
    act = scope.graph.act[node]
    waiting = sim.batches[act]
    assert waiting is not None
    if not waiting.cases:
        if waiting.alone is not None and waiting.alone(scope.case) < waiting.batch.alone:
            yield from work(sim, scope, node, act)
            return
        if waiting.drawn is not None:  # this batch's size
            j = bisect.bisect_right(waiting.cumulative, waiting.drawn(scope.case))
            waiting.target = waiting.batch.sizes[min(j, len(waiting.cumulative) - 1)][0]
    done = pending(sim.env)
    entry = (scope.case, now(sim.env), done)
    waiting.cases.append(entry)
    if len(waiting.cases) >= waiting.target:
        _start(sim, waiting)
    try:
        yield done
    except simpy.Interrupt:  # the case ended elsewhere (terminate, a boundary event)
        if entry in waiting.cases:  # still waiting: it leaves the batch, never started
            waiting.cases.remove(entry)
            sim.add((scope.case.id, act, -1, entry[1], _NAN, _NAN))
        raise


def flush(sim: Runtime) -> bool:
    """Start every batch still waiting (the run had nothing else to do); True if any."""
    started = False
    for waiting in sim.batches:
        if waiting is not None and waiting.cases:
            _start(sim, waiting)
            started = True
    return started


def _start(sim: Runtime, waiting: Waiting) -> None:
    group, waiting.cases = waiting.cases, []
    sim.process(_run(sim, waiting.act, waiting.batch, group))


def _run(sim: Runtime, act: int, batch: Batch, group: list[tuple[Case, float, Event]]
         ) -> Any:
    env = sim.env
    add = sim.add
    n = len(group)
    scale = batch.scale(n)
    pidx = sim.c.activities[act][5]
    first_case, first_enable, _ = group[0]
    if pidx < 0:  # no pool: a pure delay on the default calendar
        pool = None
        person = -1
    else:
        pool = sim.pools[pidx]
        if pool.free:
            person = pool.free.popleft()
        else:
            req = pending(env)
            req.info = (first_case.id, act, first_enable)  # type: ignore[attr-defined]
            # the batch ranks by its most urgent case (Prosimos: its highest priority)
            pool.enqueue(req, sim.priority[act] + max(c.priority for c, _, _ in group))
            person = yield req
    cal = sim.default_cal if pool is None else pool.cal
    stretch = 1.0 if pool is None else pool.stretch
    label = -1 if pool is None else pool.offset + person

    def span(t: float, work: float) -> tuple[float, float]:
        return (t, t + work * stretch) if cal is None else cal.work_span(t, work * stretch)

    if batch.kind == "sequential":
        for case, enable, done in group:
            work = sim.durations[act](case) * scale
            start, end = span(now(env), work)
            if pool is not None:
                pool.busy += work
                pool.running[person] = (case.id, act, enable, start)
            yield timeout(env, end - now(env))
            add((case.id, act, label, enable, start, end))
            succeed_now(env, done, None)
    else:
        begin = now(env)
        rows = []
        for case, enable, done in group:
            work = sim.durations[act](case) * scale * n
            start, end = span(begin, work)
            rows.append((end, case, enable, done, start, work))
        if pool is not None:
            last_end, last, _, _, last_start, last_work = rows[-1]
            pool.busy += last_work
            pool.running[person] = (last.id, act, group[-1][1], last_start)
            # Prosimos frees the person when the batch's last case ends
            sim.later(lambda: pool.release(person), last_end - begin)
        for end, case, enable, done, start, _ in sorted(rows, key=lambda r: r[0]):
            if end > now(env):
                yield timeout(env, end - now(env))
            add((case.id, act, label, enable, start, end))
            succeed_now(env, done, None)
        return
    if pool is not None:
        pool.release(person)
