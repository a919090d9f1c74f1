"""Headless execution of BPMN processes with SpiffWorkflow.

``run(process, decisions=...)`` parses the process library once (cached),
completes human tasks from a decisions file, lets SpiffWorkflow evaluate the
gateways, and returns a :class:`RunResult` whose ``trace`` DataFrame lists the
completed elements in order. :func:`save`/:func:`restore` persist a
half-finished run with SpiffWorkflow's serializer. See ``docs/running.md``.
"""

from probisnis.run.decisions import Decisions, load_decisions
from probisnis.run.engine import Run, RunResult, run
from probisnis.run.loader import LoadedLibrary, clear_cache, load_library
from probisnis.run.persist import restore, save

#: aliases for re-export from ``probisnis`` itself, where ``run`` would shadow this package
run_process = run
save_run = save
restore_run = restore

__all__ = [
    "Decisions",
    "LoadedLibrary",
    "Run",
    "RunResult",
    "clear_cache",
    "load_decisions",
    "load_library",
    "restore",
    "restore_run",
    "run",
    "run_process",
    "save",
    "save_run",
]
