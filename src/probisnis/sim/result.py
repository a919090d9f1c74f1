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
    #: a streamed run (``simulate(..., cases_path=...)``): the case table is in this Parquet
    #: file (``cases`` is empty), the KPIs were computed while the run went
    #: (``per_replication``, the table :func:`probisnis.sim.kpis.kpis` gives) and the cases
    #: were counted per status (``status_counts``)
    cases_path: str | None = None
    per_replication: pd.DataFrame | None = None
    status_counts: Mapping[str, int] | None = None

    @property
    def replications(self) -> int:
        if self.cases_path is not None and not len(self.cases):
            return len(self.ends)
        return int(self.cases["replication"].nunique()) if len(self.cases) else 0

    @property
    def n_cases(self) -> int:
        """Cases simulated (all replications), also when the case table is in a file."""
        if self.status_counts is not None and not len(self.cases):
            return int(sum(self.status_counts.values()))
        return len(self.cases)

    def case_status(self) -> dict[str, int]:
        """Cases per status (finished, in_flight, failed), also for a streamed run."""
        if self.status_counts is not None and not len(self.cases):
            return {str(k): int(v) for k, v in self.status_counts.items() if v}
        return {str(k): int(v) for k, v in self.cases["status"].value_counts().items()}

    def case_table(self) -> pd.DataFrame:
        """The whole case table: ``cases``, or read from ``cases_path`` (all of it in
        memory: for reports, not for a run of millions of cases)."""
        if self.cases_path is not None and not len(self.cases):
            import pyarrow.parquet as pq

            table = pq.read_table(self.cases_path).to_pandas()
            return table.sort_values(["replication", "case_id"], ignore_index=True)
        return self.cases
