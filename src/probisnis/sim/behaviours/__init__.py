"""How each BPMN element behaves in the simulation, one module per element family.

* :mod:`~.walk`: the token, a simpy process walking the compiled graph;
* :mod:`~.table`: kind code -> the element's ``enter`` (where a new kind goes);
* :mod:`~.task`: tasks (the hot path), multi-instance;
* :mod:`~.batch`: tasks done for several cases together (Prosimos's batch processing);
* :mod:`~.gateways`: joins and routing (exclusive, inclusive, event-based);
* :mod:`~.subprocess`: embedded subprocesses and call activities;
* :mod:`~.events`: boundary events, event subprocesses, end/terminate, errors,
  escalations, signals, conditions;
* :mod:`~.messages`: message flows, catch events, receive tasks;
* :mod:`~.timers`: timer catch events and armed (repeating) timers;
* :mod:`~.runtime`: what a behaviour may use of the engine.
"""
