"""Which loop runs a compiled scenario: :func:`heap_refusal` says whether the heap kernel
can (and why not), :func:`engine_for` builds the engine of one replication."""

from __future__ import annotations

import numpy as np

from probisnis.errors import UsageError
from probisnis.sim.behaviours.table import acting
from probisnis.sim.compile import Compiled
from probisnis.sim.engine import Engine
from probisnis.sim.eventlog import LogColumns
from probisnis.sim.graph import (
    BOUNDARY,
    CALL,
    END,
    MSG_CATCH,
    R_ALL,
    R_EVENT,
    R_NONE,
    R_ONE,
    R_OR_C,
    R_OR_P,
    R_XOR_C,
    R_XOR_P,
    SIGNAL_CATCH,
    START,
    SUB,
    TASK,
    TERMINATE,
    THROW,
    TIMER,
)
from probisnis.sim.kernel.heap import HeapEngine

__all__ = ["HEAP", "SIMPY", "engine_for", "heap_refusal"]

HEAP, SIMPY = HeapEngine.kernel, Engine.kernel

#: the boundary-event and event-subprocess triggers the kernel runs (an error, escalation
#: or condition runs on simpy)
_TRIGGERS = ("timer", "message", "signal")
#: the routing codes the walker (:mod:`probisnis.sim.kernel.walker`) knows; its last branch
#: routes as an inclusive gateway, so a new code must be refused here until it is taught
_ROUTES = frozenset((R_NONE, R_ONE, R_ALL, R_XOR_P, R_XOR_C, R_OR_P, R_OR_C, R_EVENT))


def heap_refusal(compiled: Compiled) -> str | None:
    """Why the heap kernel cannot run ``compiled``, or None when it can (see
    :mod:`probisnis.sim.kernel`)."""
    if any(p.multitask or p.multitask_hours for p in compiled.pools):  # (sim/multitask.py)
        return "people who hold several tasks at once (multitask)"
    if any(p.presence is not None for p in compiled.pools):  # (sim/presence.py: simpy only)
        return "people present by probability (presence)"
    tasks = compiled.scenario.tasks
    todo = [compiled.graphs[pid] for pid in (compiled.root, *compiled.co_start,
                                              *compiled.message_starts.values())]
    seen: set[int] = set()
    while todo:  # every graph a case may enter: the processes started with it or by a
        # message, subprocess bodies, called ones
        g = todo.pop()
        if id(g) in seen:
            continue
        seen.add(id(g))
        for node, (thrown, _) in g.throws.items():
            if thrown != "signal":
                return f"{thrown} thrown by {g.ids[node]}"
        for node in g.receives:
            if g.kinds[node] not in (MSG_CATCH, TASK, BOUNDARY, START):  # (START: an event
                # subprocess's message start; BOUNDARY: checked below, with its trigger)
                return f"{g.bpmn_kinds[node]} {g.ids[node]} receiving a message"
        for node, _, _ in g.event_subs:
            trigger = g.trigger[node][0]
            if trigger not in _TRIGGERS:
                return f"event subprocess {g.ids[node]} started by {trigger}"
            todo.append(g.child[node])
        for node, acts in enumerate(acting(g)):
            if g.route[node] == R_EVENT:
                for f in g.succ[node]:  # (kernel/mail.py: messages and timers only)
                    if not (g.kinds[f] in (TIMER, SIGNAL_CATCH) or (
                            g.kinds[f] == MSG_CATCH and f in g.receives)):  # (no receive
                        # task: see mail.race)
                        what = g.trigger[f][0] + " " if f in g.trigger else ""
                        return (f"event-based gateway {g.ids[node]} followed by "
                                f"{what}{g.bpmn_kinds[f]} {g.ids[f]}")
            if g.route[node] not in _ROUTES:
                return f"routing code {g.route[node]} of {g.ids[node]}"
            if not acts:
                continue
            kind = g.kinds[node]
            if kind in (TERMINATE, TIMER, END, THROW, SIGNAL_CATCH):  # (an END acts when
                continue  # it sends messages or throws: signals only, checked above)
            if kind == MSG_CATCH:
                if node not in g.receives:
                    return f"{g.bpmn_kinds[node]} {g.ids[node]} without a message flow in"
                continue
            if kind not in (TASK, SUB, CALL) or node in g.multi:
                return f"{g.bpmn_kinds[node]} {g.ids[node]}"
            for bnode, _ in g.boundary.get(node, ()):
                trigger = g.trigger[bnode][0]
                if trigger not in _TRIGGERS:
                    return f"{trigger} boundary event {g.ids[bnode]}"
            if kind != TASK:
                todo.append(g.child[node] if node in g.child else compiled.graphs[g.called[node]])
                continue
            spec = tasks.get(g.ids[node])
            if spec is not None and spec.sets:
                return f"task {g.ids[node]} sets case attributes"
            if spec is not None and spec.batch is not None:
                return f"task {g.ids[node]} is done in batches"
            if spec is not None and (spec.alternatives or spec.by_pool):
                return f"task {g.ids[node]} may be done by several pools"
    return None


def engine_for(compiled: Compiled, *, replication: int, seed: np.random.SeedSequence,
               log: LogColumns, kernel: str = "auto") -> Engine:
    """The engine for one replication: the heap kernel where it applies (``kernel="auto"``),
    or the one asked for (``"heap"`` refuses a model it cannot run; ``"simpy"``)."""
    if kernel not in ("auto", HEAP, SIMPY):
        raise UsageError(f"kernel must be auto, heap or simpy, not {kernel!r}")
    if kernel != SIMPY:
        why = heap_refusal(compiled)
        if why is None:
            return HeapEngine(compiled, replication=replication, seed=seed, log=log)
        if kernel == HEAP:
            raise UsageError(f"the heap kernel cannot run this model: {why}")
    return Engine(compiled, replication=replication, seed=seed, log=log)
