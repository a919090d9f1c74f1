"""The discrete-event engine: tokens walking a compiled graph on a simpy clock.

Every token is a simpy process running the generator function :func:`_token`; it
walks the integer graph of :mod:`probisnis.sim.compile`, routing through gateways at
once (no simpy event for zero-time steps) and yielding only when time passes: a task
waiting for a person and working, a timer, a message, a subprocess. State lives in
small slot classes per case and per scope (process instance); the compiled graph is
never changed. The semantics are documented in ``docs/simulation.md``.

:class:`Engine` runs on simpy and runs every model. :mod:`probisnis.sim.kernel` subclasses
it with the heap kernel (no simpy) for the models it can run, with the identical log for
the same seed; :func:`probisnis.sim.kernel.engine_for` chooses. The hooks the kernel
replaces: :meth:`Engine.loop`, :meth:`Engine.clock`, :meth:`Engine.current`,
:meth:`Engine.spawn`, :meth:`Engine.kill`, :meth:`Engine.scope_done`, :meth:`Engine.log_open`,
:meth:`Engine.later`, :meth:`Engine.run_event_subprocess`, :meth:`Engine.interrupt`.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.present.notices import Notice, notice
from probisnis.sim.arrivals import ArrivalTimes
from probisnis.sim.behaviours.events import arm_scope, event_subprocess_instance
from probisnis.sim.behaviours.gateways import check_or
from probisnis.sim.behaviours.table import enters_of
from probisnis.sim.compile import Compiled
from probisnis.sim.eventlog import PACK, LogColumns
from probisnis.sim.graph import R_XOR_P, Graph
from probisnis.sim.resources import Pool
from probisnis.sim.scenario import Attribute
from probisnis.sim.scenario_priority import CASE_LEVELS, case_priority_rules
from probisnis.sim.state import KILL, Case, CaseFailed, Scope, Stream
from probisnis.sim.streams import (
    BRANCH,
    CASES_PER_BLOCK,
    DURATION,
    TIMER,
    Keyed,
    stable_key,
    uniform,
)

if TYPE_CHECKING:
    import simpy
    from simpy.events import Event, Process, Timeout

    from probisnis.sim.behaviours.batch import Waiting, flush
    from probisnis.sim.behaviours.walk import token
    from probisnis.sim.clock import TokenProcess, active, now, run_until, timeout

__all__ = ["Engine"]

_NAN = float("nan")
_MASK = CASES_PER_BLOCK - 1


def _simpy_loop() -> None:
    """Bind the names the simpy loop uses in this module, when an engine of the simpy loop
    is made (:meth:`Engine.environment`): the heap kernel never uses simpy, whose import
    costs about 20 ms of every start of the command line. Bound once, they cost the simpy
    loop's hot path nothing (imports inside its methods would cost a lookup per call)."""
    global simpy, Timeout, TokenProcess, active, now, run_until, timeout, token, flush
    import simpy
    from simpy.events import Timeout

    from probisnis.sim.behaviours.batch import flush
    from probisnis.sim.behaviours.walk import token
    from probisnis.sim.clock import TokenProcess, active, now, run_until, timeout

class Engine:
    """One replication of a compiled scenario. Build, :meth:`run`, then read the tables."""

    #: which event loop runs the replication: simpy here, "heap" in sim/kernel/
    kernel = "simpy"

    def __init__(self, compiled: Compiled, *, replication: int,
                 seed: np.random.SeedSequence, log: LogColumns) -> None:
        from probisnis.sim.calendar import WorkingCalendar

        s = compiled.scenario
        self.c = compiled
        self.replication = replication
        self.env = self.environment()
        # arrivals and attributes: one stream each, drawn in case order; durations, branch
        # uniforms and timer delays: keyed streams by element and case (sim/streams.py)
        arr_ss, _, _, attr_ss, _ = seed.spawn(5)
        self.seed = seed
        self.rng_arrivals = np.random.Generator(np.random.PCG64(arr_ss))
        rng_attr = np.random.Generator(np.random.PCG64(attr_ss))
        self._attr_uniform = Stream(rng_attr.random)
        #: (name, values, cumulative probabilities) of each case attribute; a continuous one
        #: or one drawn once per replication: (name, a callable giving its value, None)
        self._attributes: list[tuple[str, Any, list[float] | None]] = [
            (a.name, a.values, list(np.cumsum(a.probabilities)))
            if a.law is None and not a.per_run else (a.name, _own_draw(a, attr_ss), None)
            for a in s.attributes]
        self.durations: list[Keyed] = []
        seen_keys: set[int] = set()
        for act, (dist, row) in enumerate(zip(compiled.durations, compiled.activities,
                                              strict=True)):
            key = stable_key(row[0], row[1])
            while key in seen_keys:  # the same element reached twice (kept distinct)
                key = stable_key(row[0], row[1], str(key))
            seen_keys.add(key)
            self.durations.append(Keyed(seed, DURATION, key, act, dist.sample_many))
        self._slots = len(self.durations)
        #: (graph id, node, flow) -> branch uniforms; (graph id, node) -> timer delays
        self._branch: dict[tuple[int, int, int], Keyed] = {}
        self.timers: dict[tuple[int, int], Keyed] = {}
        always = WorkingCalendar.always()
        default_cal = s.calendar or always
        self.default_cal = None if default_cal == always else default_cal
        if any(p.multitask or p.multitask_hours for p in compiled.pools):
            from probisnis.sim.multipool import MultiPool  # (simpy: only with multitasking)
        #: each pool's calendar; a presence pool's drawn for this replication
        cals = [p.calendar or default_cal if p.presence is None
                else p.presence.realize(s.start, seed, p.id, self.default_cal)
                for p in compiled.pools]
        self.pools = [Pool(p, cal, always, self.env) if not (p.multitask or p.multitask_hours)
                      else MultiPool(p, cal, always, self.env, seed, s.start)
                      for p, cal in zip(compiled.pools, cals, strict=True)]
        by_id = {p.spec.id: p for p in self.pools}
        specs = [s.tasks.get(row[1]) for row in compiled.activities]
        #: per activity: its queue priority (times CASE_LEVELS: a request ranks by it, then
        #: by its case's priority, added), and the other pools that may do it
        self.priority = [t.priority * CASE_LEVELS if t is not None else 0 for t in specs]
        #: (condition, priority) of the scenario's case priority rules, in order
        self._case_priority = case_priority_rules(s)
        self.alternatives = [tuple(by_id[a] for a in t.alternatives) if t is not None else ()
                             for t in specs]
        #: per activity: pool -> its duration stream, where the pool has its own law
        self.pool_laws: list[dict[Pool, Keyed]] = [{} for _ in specs]
        for act, t in enumerate(specs):
            for pid, law in (t.by_pool.items() if t is not None else ()):
                row = compiled.activities[act]
                self.pool_laws[act][by_id[pid]] = Keyed(
                    seed, DURATION, stable_key(row[0], row[1], pid), self._slot(),
                    law.sample_many)
        #: attributes that tasks set (None until then), and per activity what it draws:
        #: (name, stream, values, cumulative probabilities or None for a number)
        self._unset = sorted({a.name for t in specs if t is not None for a in t.sets})
        self.task_sets: list[tuple[tuple[str, Keyed, tuple[Any, ...], list[float] | None],
                                   ...]] = [
            tuple((a.name, Keyed(seed, DURATION, stable_key(row[0], row[1], "set", a.name),
                                 self._slot(), a.law.sample_many if a.law is not None
                                 else _uniforms),
                   a.values, None if a.law is not None else list(np.cumsum(a.probabilities)))
                  for a in (t.sets if t is not None else ()))
            for t, row in zip(specs, compiled.activities, strict=True)]
        #: per activity: the cases waiting for its batch (None: not batched)
        if any(t is not None and t.batch is not None for t in specs):
            from probisnis.sim.behaviours.batch import Waiting  # (simpy: only with batches)
        self.batches: list[Waiting | None] = [
            Waiting(act, t.batch, Keyed(seed, BRANCH, stable_key(row[0], row[1], "alone"),
                                        self._slot(), uniform) if t.batch.alone else None,
                    Keyed(seed, BRANCH, stable_key(row[0], row[1], "batch size"),
                          self._slot(), uniform) if t.batch.sizes else None)
            if t is not None and t.batch is not None else None
            for act, (t, row) in enumerate(zip(specs, compiled.activities, strict=True))]
        self._batched = frozenset(a for a, w in enumerate(self.batches) if w is not None)
        self.batch_ids = 0  # the last batch's number (behaviours/batch.py)
        for act, alts in enumerate(self.alternatives):
            if alts:
                pidx = compiled.activities[act][5]
                for pool in (*alts, *([self.pools[pidx]] if pidx >= 0 else [])):
                    pool.shared = True
        self.log = log
        self.add = log.add
        #: graphs started for every new case: the main process and any co-started ones
        self._roots = [compiled.graphs[pid] for pid in (compiled.root, *compiled.co_start)]
        offset = 0
        for pool in self.pools:
            pool.offset = offset
            offset += pool.spec.count
        # global numbering of nodes for visit counting
        self._base: dict[int, int] = {}
        self.max_visits = s.max_visits
        #: per case id (8 bytes a case: no Python float objects kept per case)
        self.arrivals = array("d")
        self.ends = array("d")  # per case id, NaN while in flight
        #: streamed runs (set by the runner): ``(case, arrival, end, failed)`` of each case
        #: as it ends, taken and emptied by the runner; ``arrivals`` is then emptied by it
        #: too and ``ends`` stays empty (no per-case state beyond the open cases)
        self.ended: array[float] | None = None
        self.open_cases: dict[int, Case] = {}
        self._walk: dict[int, tuple[list[Any], list[Keyed | None]]] = {}
        self.started = 0
        self.finished = 0
        #: failed cases: (case, element id, file, message)
        #: (case, element, file, (replication, time, reason)) of every failed case
        self.failures: list[tuple[int, str | None, str | None, tuple[int, float, Notice]]] = []
        self.last_end = 0.0  # the last case end (or failure)
        self.notes: list[str] = []  # warnings found while running
        self.end_time = 0.0  # when the run ended (set by run())

    # ------------------------------------------------------------------ helpers

    def environment(self) -> Any:
        """The run's simpy environment (the heap kernel has none: its clock is its own)."""
        _simpy_loop()
        return simpy.Environment()

    def walk_tables(self, g: Graph) -> tuple[list[Any], list[Keyed | None]]:
        """Per node of ``g``: its ``enter`` (or None) and the branch stream of a drawn
        exclusive gateway (or None); made once per graph."""
        tables = self._walk.get(id(g))
        if tables is None:
            tables = self._walk[id(g)] = (
                enters_of(g, self._batched), [self.branch(g, n) if r == R_XOR_P else None
                               for n, r in enumerate(g.route)])
        return tables

    def clock(self) -> float:
        """The simulated time now."""
        return now(self.env)

    def current(self) -> Any:
        """The token running now (None between tokens)."""
        return active(self.env)

    def _slot(self) -> int:
        self._slots += 1
        return self._slots - 1

    def branch(self, g: Graph, node: int, flow: int = 0) -> Keyed:
        """The uniforms of gateway ``node`` (of its flow ``flow``: inclusive gateways)."""
        k = (id(g), node, flow)
        st = self._branch.get(k)
        if st is None:
            parts = (g.process_id, g.ids[node]) if not flow else (
                g.process_id, g.ids[node], str(flow))
            st = self._branch[k] = Keyed(self.seed, BRANCH, stable_key(*parts), self._slot(),
                                         uniform)
        return st

    def _forget(self, oldest: int) -> None:
        """Drop the pre-drawn values of cases below ``oldest``: they have all finished."""
        for st in (*self.durations, *self._branch.values(), *self.timers.values()):
            st.forget(oldest)
        for waiting in self.batches:  # a batch's own draws (alone, its size)
            for own in (waiting.alone, waiting.drawn) if waiting is not None else ():
                if own is not None:
                    own.forget(oldest)

    def timer_delay(self, g: Graph, node: int, case: Case) -> float:
        """The delay of timer ``node`` for ``case`` (a timeDate: until that instant)."""
        at = g.timer_at.get(node)
        if at is not None:
            return max(0.0, at - self.clock())
        k = (id(g), node)
        st = self.timers.get(k)
        if st is None:
            st = self.timers[k] = Keyed(self.seed, TIMER, stable_key(g.process_id, g.ids[node]),
                                        self._slot(), g.timer[node].sample_many)
        return st(case)

    def spawn(self, scope: Scope, node: int, pos: int, leaving: bool = False) -> None:
        scope.live += 1
        proc = TokenProcess(self.env, token(self, scope, node, pos, leaving))
        if scope.graph.has_or_join:
            # known before the token first runs: an inclusive join must see it at once
            scope.pos[proc] = node

    def process(self, generator: Any) -> TokenProcess:
        """Run ``generator`` as a simpy process (a token-like helper)."""
        return TokenProcess(self.env, generator)

    def later(self, fn: Callable[[], None], delay: float = 0.0) -> None:
        """Call ``fn`` after ``delay`` (0: at this instant, after what runs now)."""
        ev = Timeout(self.env, delay)
        ev.callbacks.append(lambda _: fn())  # type: ignore[union-attr]

    def event(self) -> Any:
        """A bare event: ``succeed()`` makes it due now (a normal event); its ``callbacks``
        run when it is processed (a message listener, behaviours.messages.on_message)."""
        return simpy.Event(self.env)

    def run_event_subprocess(self, scope: Scope, node: int, start: int) -> None:
        """Run an instance of the event subprocess ``node`` of ``scope`` from its start
        ``start`` (a token-like process of ``scope`` until the instance ends)."""
        TokenProcess(self.env, event_subprocess_instance(self, scope, node, start))

    def interrupt(self, me: Any, cause: object) -> None:
        """Interrupt token ``me`` (waiting in an activity) with ``cause``, if it still runs."""
        if me.is_alive:
            me.interrupt(cause)

    def start_scope(self, graph: Graph, case: Case, parent: Scope | None,
                    done: Event | None, *, start: int = -1,
                    catch: list[Any] | None = None) -> Scope:
        """A new instance of ``graph``: tokens on its start nodes (or leaving ``start``)."""
        scope = Scope(graph, case, parent, done)
        scope.catch = catch
        if parent is None:
            if case.scopes is None:
                case.scopes = [scope]
            else:
                case.scopes.append(scope)
        starts = graph.starts if start < 0 else (start,)
        if not starts:
            self.finish_scope(scope)
            return scope
        for n in starts:
            self.spawn(scope, n, 0, leaving=start >= 0)
        if graph.event_subs:
            arm_scope(self, scope)
        return scope

    def finish_scope(self, scope: Scope) -> None:
        if scope.undo:
            for undo in scope.undo:
                undo()
        if scope.done is not None:
            self.scope_done(scope)
            return
        case = scope.case
        case.open -= 1
        if case.open == 0:
            case.end = self.clock()
            if self.ended is None:
                self.ends[case.id] = case.end
            else:
                self.ended.extend((case.id, case.arrival, case.end, 0.0))
            del self.open_cases[case.id]
            case.scopes = None  # (case <-> scope: freed by reference counting, not the collector)
            self.finished += 1
            if len(self.log.pending) >= PACK:  # (rows of cases ending after the last arrival)
                self.log.pack()
            self.last_end = case.end

    def scope_done(self, scope: Scope) -> None:
        """A subprocess or called process ``scope`` ended: its activity goes on."""
        scope.done.succeed()  # type: ignore[union-attr]

    def token_gone(self, scope: Scope) -> None:
        """A token of ``scope`` ended or parked at a join."""
        if scope.dead:
            return
        scope.live -= 1
        if scope.or_wait:
            check_or(self, scope)
        if scope.live == 0:
            if scope.joins or scope.or_wait:
                node = next(iter(scope.joins or scope.or_wait))
                g = scope.graph
                self.fail(scope.case, notice("fail-join-waits", element=g.ids[node],
                                             process=g.process_id), g.ids[node], g.path)
                return
            scope.dead = True
            self.finish_scope(scope)

    def note(self, message: Notice) -> None:
        """A warning about the run (each one once; ``notice(code, ...)``)."""
        if message not in self.notes:
            self.notes.append(message)

    def fail(self, case: Case, reason: Notice, element_id: str | None,
             path: str | None) -> None:
        """Mark ``case`` failed (it can never finish): cancel it, record why (a ``fail-*``
        notice), go on."""
        if case.failed:
            return
        case.failed = True
        me = self.current()
        for scope in case.scopes or ():
            self.kill(scope, me)
        now = self.clock()
        case.end = now
        if self.ended is None:
            self.ends[case.id] = now
        else:
            self.ended.extend((case.id, case.arrival, now, 1.0))
        self.open_cases.pop(case.id, None)
        self.failures.append((case.id, element_id, path, (self.replication, now, reason)))
        self.last_end = max(self.last_end, now)

    def kill(self, scope: Scope, me: Process | None) -> None:
        """Cancel every token of ``scope`` (terminate end event, interrupted subprocess)."""
        scope.dead = True
        if scope.undo:
            for undo in scope.undo:
                undo()
            scope.undo = None
        for p in list(scope.tokens):
            if p is not me and p.is_alive:
                p.interrupt(KILL)
        scope.tokens.clear()
        scope.joins.clear()
        scope.or_wait.clear()
        scope.pos.clear()

    def visit(self, scope: Scope, node: int) -> None:
        case = scope.case
        key = (id(scope.graph), node)
        visits = case.visits
        if visits is None:
            visits = case.visits = {}
        n = visits.get(key, 0) + 1
        visits[key] = n
        if n > self.max_visits:
            g = scope.graph
            self.fail(case, notice("fail-endless-loop", element=g.ids[node],
                                   process=g.process_id, limit=self.max_visits),
                      g.ids[node], g.path)
            raise CaseFailed

    def new_case(self, arrival: float) -> None:
        attrs: dict[str, Any] = dict.fromkeys(self._unset)
        for name, values, cum in self._attributes:
            if cum is None:  # continuous, or the replication's value
                attrs[name] = values()
                continue
            u = self._attr_uniform()
            j = bisect.bisect_right(cum, u)
            attrs[name] = values[j if j < len(values) else len(values) - 1]
        log = self.log
        # streamed: every case (a chunk may be due by arrivals alone); in memory: a chunk is
        # kept once packed rows fill it
        if log.external or len(log.pending) >= PACK:
            log.flush()
        cid = self.started
        if cid & _MASK == 0 and cid:
            self._forget(next(iter(self.open_cases), cid))
        case = Case(cid, arrival, attrs)
        for rule, level in self._case_priority:
            if rule(attrs):
                case.priority = level
                break
        self.started += 1
        self.arrivals.append(arrival)
        if self.ended is None:
            self.ends.append(_NAN)
        self.open_cases[case.id] = case
        roots = self._roots
        case.open = len(roots)
        for graph in roots:
            self.start_scope(graph, case, None, None)

    # ------------------------------------------------------------------ running

    def _arrivals(self, times: Iterable[list[float]]) -> Any:
        env = self.env
        for block in times:  # made a block at a time (sim/arrivals.py)
            for t in block:
                if t > now(env):
                    yield timeout(env, t - now(env))
                self.new_case(t)

    def loop(self, times: Iterable[list[float]], until: float | None) -> None:
        """Run the replication (arrivals at ``times``) until ``until`` or the last event."""
        TokenProcess(self.env, self._arrivals(times))
        run_until(self.env, until)
        while until is None and self._batched and flush(self):
            run_until(self.env, until)  # the cases left waiting for a batch

    def run(self) -> None:
        s = self.c.scenario
        times = ArrivalTimes(s, self.rng_arrivals)
        self.loop(times, s.horizon)
        if s.horizon is not None:
            self.log_open()
            self.end_time = float(s.horizon)
        else:
            self._check_stuck()
            # the last case's end, not the clock: a timer still pending when every case
            # had ended (a boundary or event-subprocess timer) does not stretch the run
            self.end_time = max(self.last_end, times.last)

    def log_open(self) -> None:
        """Log the task instances still waiting or working when the horizon cut the run."""
        add = self.add
        logged: set[int] = set()
        for waiting in self.batches:  # cases waiting for their batch to fill
            if waiting is not None:
                for case, enable, _ in waiting.cases:
                    add((case.id, waiting.act, -1, enable, np.nan, np.nan))
        for pool in self.pools:
            for req in pool.queue:
                if req.triggered or id(req) in logged:  # (several pools' request)
                    continue
                logged.add(id(req))
                cid, act, enable = req.info  # type: ignore[attr-defined]
                add((cid, act, -1, enable, np.nan, np.nan))
            for person, (cid, act, enable, start) in pool.in_hand():
                add((cid, act, pool.offset + person, enable, start, np.nan))

    def _check_stuck(self) -> None:
        for case in list(self.open_cases.values()):
            if case.open > 0:
                waiting = [k for k, evs in (case.waiters or {}).items() if evs]
                element = self.c.message_target_ids[waiting[0]] if waiting else None
                self.fail(case, notice("fail-message-never-sent", element=element) if element
                          else notice("fail-event-never-comes"), element,
                          self.c.scenario.model.path)


def _own_draw(a: Attribute, attr_ss: np.random.SeedSequence) -> Callable[[], Any]:
    """The draws of attribute ``a`` from a generator of its own (keyed by its name, so the
    other attributes' draws stay as they were): one per case, or one for the whole
    replication when ``a.per_run``."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
        attr_ss.entropy, spawn_key=(*attr_ss.spawn_key, stable_key("attribute", a.name)))))
    if not a.per_run:
        assert a.law is not None
        return Stream(partial(a.law.sample_many, rng))
    if a.law is not None:
        value: Any = float(a.law.sample_many(rng, 1)[0])
    else:
        j = bisect.bisect_right(list(np.cumsum(a.probabilities)), float(rng.random()))
        value = a.values[min(j, len(a.values) - 1)]
    return lambda: value


def _uniforms(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.random(n)
