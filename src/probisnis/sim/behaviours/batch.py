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

With firing rules (``Batch.rules``, an OR of AND groups of :class:`~probisnis.sim.scenario.
Firing` conditions) the waiting cases are checked when a case comes and at each moment a
condition can turn true by the clock alone (a waiting limit reached, a time of day, a
weekday's midnight: one pending wake-up per task); the first group that holds starts a batch
of the cases waiting (at most its ``size`` cap), and the rest are checked again at once.
Every batch gets a number (``batch_id`` in the event log: 1, 2, ... per replication).
"""

from __future__ import annotations

import bisect
import math
from typing import Any

import simpy
from simpy.events import Event, Process

from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.behaviours.task import work
from probisnis.sim.clock import now, pending, succeed_now, timeout
from probisnis.sim.scenario import Batch, Firing
from probisnis.sim.state import Case, Scope
from probisnis.sim.streams import Keyed

__all__ = ["Waiting", "enter_batch", "flush"]

_NAN = float("nan")
_DAY = 86_400.0
_EPS = 1e-6  # seconds: a wake-up lands on its moment up to float rounding


class Waiting:
    """The cases waiting at one batched task: (case, enabling time, their done event);
    ``alone``: the uniforms deciding whether a case finding no batch open is done alone;
    ``drawn``: the uniforms drawing each batch's size (``Batch.sizes``)."""

    __slots__ = ("act", "alone", "batch", "cal", "cases", "cumulative", "day0", "drawn",
                 "target", "wake", "wake_at", "weekday0")

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
        #: firing rules: the pending wake-up (its number and moment), the clock's origin
        #: (seconds after midnight and weekday of time 0) and the task's calendar
        self.wake = 0
        self.wake_at = math.inf
        self.day0 = -1.0
        self.weekday0 = 0
        self.cal: Any = None


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
    if waiting.batch.rules:
        _check(sim, waiting)
    elif len(waiting.cases) >= waiting.target:
        _start(sim, waiting)
    try:
        yield done
    except simpy.Interrupt:  # the case ended elsewhere (terminate, a boundary event)
        if entry in waiting.cases:  # still waiting: it leaves the batch, never started
            waiting.cases.remove(entry)
            sim.add((scope.case.id, act, -1, entry[1], _NAN, _NAN))
            if waiting.batch.rules:  # the oldest or newest may have changed
                _check(sim, waiting)
        raise


def flush(sim: Runtime) -> bool:
    """Start every batch still waiting (the run had nothing else to do); True if any."""
    started = False
    for waiting in sim.batches:
        if waiting is not None and waiting.cases:
            _start(sim, waiting)
            started = True
    return started


def _start(sim: Runtime, waiting: Waiting, take: int = 0) -> None:
    """Start a batch of the first ``take`` cases waiting (0: all of them)."""
    if take and take < len(waiting.cases):
        group, waiting.cases = waiting.cases[:take], waiting.cases[take:]
    else:
        group, waiting.cases = waiting.cases, []
    sim.batch_ids += 1
    sim.process(_run(sim, waiting.act, waiting.batch, group, sim.batch_ids))


# ---------------------------------------------------------------------- firing rules

def _check(sim: Runtime, waiting: Waiting) -> None:
    """Start the batches the firing rules allow now, then wait for the next moment a
    condition can turn true by the clock."""
    t = now(sim.env)
    if waiting.day0 < 0:
        _set_clock(sim, waiting)
    while waiting.cases:
        take = _fires(waiting, t)
        if take < 0:
            break
        _start(sim, waiting, take)
    edge = _next_edge(waiting, t)
    if edge < waiting.wake_at - _EPS or waiting.wake_at <= t:
        waiting.wake += 1
        waiting.wake_at = edge
        if edge < math.inf:
            number = waiting.wake
            sim.later(lambda: _woken(sim, waiting, number), edge - t)


def _woken(sim: Runtime, waiting: Waiting, number: int) -> None:
    if number == waiting.wake:  # (a later case may have moved the wake-up)
        waiting.wake_at = math.inf
        _check(sim, waiting)


def _set_clock(sim: Runtime, waiting: Waiting) -> None:
    start = sim.c.scenario.start
    waiting.day0 = (start.hour * 3600 + start.minute * 60 + start.second
                    + start.microsecond / 1e6)
    waiting.weekday0 = start.weekday()
    pidx = sim.c.activities[waiting.act][5]
    waiting.cal = sim.default_cal if pidx < 0 else sim.pools[pidx].cal


def _day(waiting: Waiting, t: float) -> tuple[float, int]:
    """Seconds after midnight and weekday (0 = Monday) of time ``t``."""
    x = waiting.day0 + t
    days = math.floor((x + _EPS) / _DAY)
    return max(x - days * _DAY, 0.0), (waiting.weekday0 + days) % 7


def _fires(waiting: Waiting, t: float) -> int:
    """The number of cases the first group that holds at ``t`` takes (0: all), or -1."""
    cases = waiting.cases
    n = len(cases)
    batch = waiting.batch
    tod, weekday = _day(waiting, t)
    for group in batch.rules:
        if n < batch.group_least(group):
            continue
        take = 0
        for f in group:
            if not _holds(waiting, f, n, t, tod, weekday):
                break
            if f.kind == "size" and f.high and (not take or f.high < take):
                take = int(f.high)
        else:
            return take
    return -1


def _holds(waiting: Waiting, f: Firing, n: int, t: float, tod: float, weekday: int) -> bool:
    kind = f.kind
    if kind == "size":
        return n >= f.low
    limit = f.low if n > 1 else f.high
    if kind == "oldest":
        return t - waiting.cases[0][1] >= limit - _EPS
    if kind == "oldest_working":
        first = waiting.cases[0][1]
        waited = t - first if waiting.cal is None else waiting.cal.working_between(first, t)
        return waited >= limit - _EPS
    if kind == "idle":
        return t - waiting.cases[-1][1] >= limit - _EPS
    if kind == "hours":
        return f.low - _EPS <= tod < f.high - _EPS
    if kind == "at":
        return abs(tod - f.low) < _EPS or abs(tod - f.low - _DAY) < _EPS
    return weekday == int(f.low)  # "weekday"


def _next_edge(waiting: Waiting, t: float) -> float:
    """The next moment after ``t`` a timed condition of a group that may still hold
    without new cases turns true (inf: none: the batch waits for cases)."""
    cases = waiting.cases
    n = len(cases)
    if not n:
        return math.inf
    batch = waiting.batch
    tod, weekday = _day(waiting, t)
    best = math.inf
    for group in batch.rules:
        if n < batch.group_least(group) or any(f.kind == "size" and n < f.low
                                               for f in group):
            continue
        for f in group:
            edge = _edge(waiting, f, n, t, tod, weekday)
            if t + _EPS < edge < best:
                best = edge
    return best


def _edge(waiting: Waiting, f: Firing, n: int, t: float, tod: float, weekday: int) -> float:
    kind = f.kind
    limit = f.low if n > 1 else f.high
    if kind == "oldest":
        return waiting.cases[0][1] + limit
    if kind == "oldest_working":
        first = waiting.cases[0][1]
        return first + limit if waiting.cal is None else waiting.cal.add_working(first, limit)
    if kind == "idle":
        return waiting.cases[-1][1] + limit
    if kind in ("hours", "at"):
        ahead = (f.low - tod) % _DAY
        return t + (ahead if ahead > _EPS else _DAY)
    if kind == "weekday":
        midnight = t - tod + ((int(f.low) - weekday) % 7) * _DAY
        return midnight if midnight > t + _EPS else midnight + 7 * _DAY
    return math.inf  # "size": no clock


def _run(sim: Runtime, act: int, batch: Batch, group: list[tuple[Case, float, Event]],
         number: int) -> Any:
    env = sim.env
    add = sim.add
    mark = sim.log.mark_batch
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
            mark(number)
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
            mark(number)
            succeed_now(env, done, None)
        return
    if pool is not None:
        pool.release(person)
