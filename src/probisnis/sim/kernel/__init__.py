"""The heap kernel: a whole replication on one ``heapq`` event loop, without simpy.

Most models are tasks on pools joined by gateways. For them a simpy process per token
costs several Python calls per event (a generator resumed by its process,
an event object, a callback list); here a token is a small object, an event is a heap
entry ``(time, sequence, token)`` and the loop calls no simpy code at all. The engine
(:class:`~probisnis.sim.engine.Engine`) keeps the rest: arrivals, case attributes, keyed
random streams, pools, scopes, joins, failures, the log.

:func:`heap_refusal` (:mod:`~.choice`) says which compiled scenarios the kernel runs: a
case's processes (the main one, those started with it and those started by a message),
with start and end events (no error or escalation thrown), terminate end events,
intermediate timer events, messages (sent by tasks, intermediate throw events and end
events; caught by intermediate catch events and receive tasks, :mod:`~.mail`), event-based
gateways followed by message or signal catch events and timers, plain tasks (one pool or none; no
multi-instance, alternative pool or batch), embedded subprocesses and
call activities (without multi-instance) whose contents are of the same kinds, exclusive,
parallel and inclusive gateways, boundary events and event subprocesses started by a timer
(``timeDuration``, ``timeCycle``, ``timeDate``, or ``[timers.ID]`` of the scenario), a
message (the listener is a :class:`~.mail.HeapEvent`, :meth:`HeapEngine.event`) or a
signal (thrown by intermediate and end events; also caught by intermediate events,
:class:`~.mail.Hearing`),
interrupting or not, and intermediate events that only pass the token on.
Everything else runs on simpy (:func:`engine_for` chooses; ``SimulationResult.kernel``
tells which ran).

Timers and event subprocesses use the behaviours of the simpy path
(:mod:`probisnis.sim.behaviours.events`, :mod:`probisnis.sim.behaviours.timers`) through
three engine hooks the kernel implements on its heap: :meth:`HeapEngine.later` (a
callback after a delay: a heap entry holding a :class:`~.tokens.Call`),
:meth:`HeapEngine.run_event_subprocess` (an instance as a token of its scope, started by
an urgent entry, as simpy starts a process) and :meth:`HeapEngine.interrupt` (an
interrupting boundary event: an urgent entry; the token leaves through the event as a new
token object in the old one's place, so events still pending for the old one are void).

The kernel keeps simpy's event order exactly, so both give the same log for the same seed
(``tests/test_sim_kernel.py``): simpy orders events by (time, priority, insertion); the
urgent ones (a token's start, an interrupt) are always due now and run first in the order
they were made, which is the deque :attr:`HeapEngine.urgent`; the normal ones (a task's
end, a person handed to a waiting request, the next arrival) are the heap, with the
sequence number taken at the same moment simpy takes its event id. Times are computed as
simpy does (``now + (end - now)``), so even the rounding agrees.

The kernel in modules:

* :mod:`~.choice`: which models it runs (:func:`heap_refusal`), :func:`engine_for`;
* :mod:`~.heap`: :class:`HeapEngine`, the engine hooks on the heap, cancelling and
  interrupting tokens, entering subprocesses;
* :mod:`~.walker`: the walk of a graph's tokens (routing, joins, entering tasks), made
  once per graph;
* :mod:`~.loop`: the event loop and the arrivals;
* :mod:`~.tokens`: the token, a timer's call, the codes of a token's state;
* :mod:`~.mail`: a token waiting for a message or at an event-based gateway.
"""

from probisnis.sim.kernel.choice import HEAP, SIMPY, engine_for, heap_refusal
from probisnis.sim.kernel.heap import HeapEngine

__all__ = ["HEAP", "SIMPY", "HeapEngine", "engine_for", "heap_refusal"]
