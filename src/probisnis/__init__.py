"""probisnis: Perwali Kota Probolinggo 88/2024 as BPMN that can be checked, executed and simulated."""

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

__all__ = [
    "BpmnError",
    "DeadlockError",
    "ProbisnisError",
    "RunError",
    "ScenarioError",
    "SimulationError",
    "StuckRunError",
    "UsageError",
    "__version__",
]
