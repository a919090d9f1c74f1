"""What a simulation run returns: the event log, case and resource tables and run metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from probisnis.sim.calendar import WorkingCalendar
    from probisnis.sim.scenario import Scenario

__all__ = ["CASE_COLUMNS", "RESOURCE_COLUMNS", "SimulationResult"]

CASE_COLUMNS: tuple[str, ...] = ("case_id", "replication", "arrival", "end", "status")
RESOURCE_COLUMNS: tuple[str, ...] = (
    "resource", "replication", "count", "availability", "available_seconds", "busy_seconds",
    "cost_per_hour",
)


@dataclass(frozen=True)
class SimulationResult:
    """One or more replications of a scenario (the ``replication`` column tells them apart).

    ``log``: one row per activity instance (columns :data:`probisnis.sim.eventlog.LOG_COLUMNS`;
    empty when the log was streamed to ``log_path``); ``cases``: one row per case;
    ``resources``: one row per pool and replication; ``start``: the datetime of sim time 0;
    ``horizon``: the end of the observed window in sim seconds (the scenario's horizon, or
    the last event of the longest replication); ``calendars``: the working calendar of each
    pool; ``warnings``: what the engine assumed (equal branch splits, default durations...).
    """

    log: pd.DataFrame
    cases: pd.DataFrame
    resources: pd.DataFrame
    start: datetime
    horizon: float
    calendars: Mapping[str, WorkingCalendar]
    scenario: Scenario
    warnings: tuple[str, ...] = ()
    log_path: str | None = None
    #: sim seconds at which each replication stopped (horizon, or its last event)
    ends: tuple[float, ...] = field(default=())
    #: the scenario's default calendar (working-time cycle times; tasks without a pool)
    process_calendar: WorkingCalendar | None = None
    #: the event loop that ran it: "heap" (sim/kernel.py) or "simpy" (docs/simulation.md)
    kernel: str = "simpy"

    @property
    def replications(self) -> int:
        return int(self.cases["replication"].nunique()) if len(self.cases) else 0
