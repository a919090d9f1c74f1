"""probisnis: Perwali Kota Probolinggo 88/2024 as BPMN that can be checked, executed and simulated.

The public API, one name each, loaded on first use (so ``import probisnis`` stays cheap and the
CLI starts fast)::

    from probisnis import (load_scenario, read, result_kpis, run_process, simulate,
                           summarize, validate_paths)

    defs = read("processes/m1_sekretariat_daerah.bpmn")          # immutable model
    findings = validate_paths(["processes/"])                    # [] when clean
    trace = run_process("processes/m1_sekretariat_daerah.bpmn", process_id="M1_perencanaan",
                decisions={...}).trace                           # SpiffWorkflow, one row per step
    result = simulate(load_scenario("simulations/m1_sekretariat_daerah.toml"))
    table = summarize(result_kpis(result))                       # KPI means with 95% CIs

Every error raised on purpose is a :class:`ProbisnisError`.
"""

from __future__ import annotations

import importlib
from typing import Any

from probisnis.errors import (
    BpmnError,
    DeadlockError,
    ProbisnisError,
    RunError,
    ScenarioError,
    SimulationError,
    StuckRunError,
    UsageError,
)

__version__ = "0.1.0"

#: public name -> module it lives in (imported lazily by __getattr__)
_LAZY: dict[str, str] = {
    # model, reading and writing BPMN
    "Definitions": "probisnis.bpmn.model",
    "read": "probisnis.bpmn.reader",
    "read_bytes": "probisnis.bpmn.reader",
    "schema_errors": "probisnis.bpmn.schema",
    "write": "probisnis.bpmn.writer",
    "to_bytes": "probisnis.bpmn.writer",
    "layout_definitions": "probisnis.layout",
    "ProcessBuilder": "probisnis.library",
    "DefinitionsBuilder": "probisnis.library",
    # checking
    "Finding": "probisnis.validate",
    "validate_paths": "probisnis.validate",
    "validate_definitions": "probisnis.validate",
    # running with SpiffWorkflow
    "run_process": "probisnis.run",
    "RunResult": "probisnis.run",
    "save_run": "probisnis.run",
    "restore_run": "probisnis.run",
    # simulating
    "Scenario": "probisnis.sim",
    "SimulationResult": "probisnis.sim",
    "load_scenario": "probisnis.sim",
    "simulate": "probisnis.sim",
    "load_prosimos": "probisnis.sim.prosimos",
    "Distribution": "probisnis.sim.distributions",
    "make_distribution": "probisnis.sim.distribution_spec",
    "WorkingCalendar": "probisnis.sim.calendar",
    "result_kpis": "probisnis.sim.kpis",
    "summarize": "probisnis.sim.stats",
    # what-if analysis
    "ScenarioRef": "probisnis.whatif.variants",
    "compare": "probisnis.whatif.compare",
    "sweep": "probisnis.whatif.sweep",
    "check_stability": "probisnis.whatif.stability",
    "starter_scenario": "probisnis.whatif.starter",
    # reports and SOP documents
    "load_result": "probisnis.report",
    "write_report": "probisnis.report",
    "write_xlsx": "probisnis.report",
    "sop_from_bpmn": "probisnis.sop",
    "read_sop_table": "probisnis.sop",
    "write_sop_html": "probisnis.sop",
    "write_sop_xlsx": "probisnis.sop",
    # traceability and pictures
    "citations": "probisnis.trace",
    "load_clauses": "probisnis.trace",
    "check_bpmnjs": "probisnis.render",
    "render_png": "probisnis.render",
}

__all__ = [
    "BpmnError",
    "DeadlockError",
    "Definitions",
    "DefinitionsBuilder",
    "Distribution",
    "Finding",
    "ProbisnisError",
    "ProcessBuilder",
    "RunError",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "ScenarioRef",
    "SimulationError",
    "SimulationResult",
    "StuckRunError",
    "UsageError",
    "WorkingCalendar",
    "__version__",
    "check_bpmnjs",
    "check_stability",
    "citations",
    "compare",
    "layout_definitions",
    "load_clauses",
    "load_prosimos",
    "load_result",
    "load_scenario",
    "make_distribution",
    "read",
    "read_bytes",
    "read_sop_table",
    "render_png",
    "restore_run",
    "result_kpis",
    "run_process",
    "save_run",
    "schema_errors",
    "simulate",
    "sop_from_bpmn",
    "starter_scenario",
    "summarize",
    "sweep",
    "to_bytes",
    "validate_definitions",
    "validate_paths",
    "write",
    "write_report",
    "write_sop_html",
    "write_sop_xlsx",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'probisnis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
