"""Tasks: wait for a person of the pool (FIFO), work for the drawn duration, one log row.

This is the task of the simpy path. Models of tasks, gateways, subprocesses and timers run
on the heap kernel instead (:mod:`probisnis.sim.kernel`), which does the same in callbacks;
both give the identical log for the same seed (``tests/test_sim_kernel.py``).
"""

from __future__ import annotations

import bisect
from typing import Any

import simpy
from simpy.events import Event, Process

from probisnis.present.notices import notice
from probisnis.sim.behaviours.events import activity
from probisnis.sim.behaviours.messages import receive
from probisnis.sim.behaviours.runtime import Runtime
from probisnis.sim.clock import now, pending, timeout
from probisnis.sim.expressions import Condition
from probisnis.sim.resources import Pool
from probisnis.sim.state import KILL, CaseFailed, Scope

__all__ = ["enter_task", "multi", "work"]

_NAN = float("nan")


def enter_task(sim: Runtime, scope: Scope, node: int, me: Process) -> Any:
    """A task: its boundary events (if any) around :func:`work` or :func:`multi`.

    Not a generator itself: it returns the generator the token runs (one level of
    delegation less on every resume of the hot path)."""
    g = scope.graph
    if node in g.boundary:
        return activity(sim, scope, node, me, _task_body)
    if node in g.multi:
        return multi(sim, scope, node)
    return work(sim, scope, node, g.act[node])


def _task_body(sim: Runtime, scope: Scope, node: int, catch: Any) -> Any:
    g = scope.graph
    if node in g.multi:
        yield from multi(sim, scope, node)
    else:
        yield from work(sim, scope, node, g.act[node])


def _cancel_request(pool: Pool, req: Event) -> None:
    if req.triggered:
        pool.release(req.value)  # type: ignore[arg-type]  # the person handed over
    else:
        pool.queue.remove(req)


def work(sim: Runtime, scope: Scope, node: int, act: int, *, receive_first: bool = True
         ) -> Any:
    """One task instance (general path): optional message wait, person, working time."""
    env = sim.env
    g = scope.graph
    add = sim.add
    cid = scope.case.id
    if receive_first and node in g.receives:
        yield from receive(sim, scope.case, g.receives[node])
    enable = now(env)
    laws = sim.pool_laws[act]
    duration = sim.durations[act](scope.case) if not laws else 0.0
    pidx = sim.c.activities[act][5]
    if pidx < 0:
        cal = sim.default_cal
        end = enable + duration if cal is None else cal.add_working(enable, duration)
        try:
            yield timeout(env, end - enable)
        except simpy.Interrupt:
            add((cid, act, -1, enable, enable, now(env)))
            raise
        add((cid, act, -1, enable, enable, end))
        if sim.task_sets[act]:
            _set(sim, scope, act)
        return
    pool = sim.pools[pidx]
    alternatives = sim.alternatives[act]
    candidates = (pool, *alternatives) if alternatives else (pool,)
    free = [p for p in candidates if p.free] if alternatives else \
        (pool,) if pool.free else ()
    if free:
        # the first free person in the order the scenario lists the pools; with a law per
        # pool the person free the longest (Prosimos's rule)
        pool = min(free, key=lambda p: p.since[p.free[0]]) if laws else free[0]
        person = pool.free.popleft()
        if pool.multi:  # may stay open for one more task
            pool.took(person)  # type: ignore[attr-defined]
    else:
        req = pending(env)
        req.info = (cid, act, enable)  # type: ignore[attr-defined]
        for p in candidates:
            p.enqueue(req, sim.priority[act] + scope.case.priority)
        try:
            person = yield req
        except simpy.Interrupt:
            if req.triggered:
                _granted(req, pool).release(req.value)  # type: ignore[arg-type]
            for p in candidates:
                if req in p.queue:
                    p.queue.remove(req)
            add((cid, act, -1, enable, _NAN, _NAN))
            raise
        pool = _granted(req, pool)
    if laws:  # who does it decides how long it takes
        law = laws.get(pool)
        duration = (law if law is not None else sim.durations[act])(scope.case)
    start = now(env)
    cal = pool.cal
    if cal is None:
        end = start + duration * pool.stretch
    else:
        start, end = cal.work_span(start, duration * pool.stretch)
    pool.busy += duration
    held = (cid, act, enable, start)
    if pool.multi:
        pool.hold(person, held)  # type: ignore[attr-defined]
    else:
        pool.running[person] = held
    try:
        yield timeout(env, end - now(env))
    except simpy.Interrupt:
        t = now(env)
        add((cid, act, pool.offset + person, enable, min(start, t), t))
        pool.done(person, held) if pool.multi else pool.release(person)  # type: ignore[attr-defined]
        raise
    add((cid, act, pool.offset + person, enable, start, end))
    if pool.multi:
        pool.done(person, held)  # type: ignore[attr-defined]
    else:
        pool.release(person)
    if sim.task_sets[act]:
        _set(sim, scope, act)


def _set(sim: Runtime, scope: Scope, act: int) -> None:
    """The attributes the task draws as it completes (Prosimos's event attributes)."""
    case = scope.case
    for name, stream, values, cum in sim.task_sets[act]:
        u = stream(case)
        if cum is None:
            case.attrs[name] = u
        else:
            j = bisect.bisect_right(cum, u)
            case.attrs[name] = values[min(j, len(values) - 1)]


def _count(sim: Runtime, scope: Scope, node: int, spec: Condition) -> int:
    """The data-driven cardinality of ``node`` for this case (a whole number >= 0)."""
    case = scope.case
    value = spec.expression(case.attrs)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 \
            or value != int(value):
        g = scope.graph
        sim.fail(case, notice("fail-loop-cardinality", expression=repr(spec.text),
                              element=g.ids[node], value=repr(value),
                              attributes=dict(case.attrs)), g.ids[node], g.path)
        raise CaseFailed
    return int(value)


def _granted(req: Event, pool: Pool) -> Pool:
    """The pool whose person took ``req`` (only pools shared by several set it)."""
    return getattr(req, "granted", pool)  # type: ignore[no-any-return]


def multi(sim: Runtime, scope: Scope, node: int) -> Any:
    """A multi-instance task: a fixed or data-driven number of instances, in sequence or
    all at once (none: it completes at once)."""
    g = scope.graph
    spec, sequential = g.multi[node]
    act = g.act[node]
    count = spec if isinstance(spec, int) else _count(sim, scope, node, spec)
    if sequential:
        for _ in range(count):
            yield from work(sim, scope, node, act)
        return
    env = sim.env
    procs = [env.process(work(sim, scope, node, act)) for _ in range(count)]
    try:
        yield env.all_of(procs)
    except simpy.Interrupt:
        for p in procs:
            if p.is_alive:
                p.interrupt(KILL)
        raise
