"""What a simulation run returns: the event log, case and resource tables and run metadata.

The tables are pandas DataFrames to whoever reads ``log``, ``cases`` or ``resources``; the run
hands them over as light :class:`~probisnis.sim.columns.Columns` and each becomes its
DataFrame on first use (:class:`_Frame`), so the KPIs and the terminal summary, which read
:meth:`SimulationResult.light`, never load pandas.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.errors import UsageError
from probisnis.sim.columns import Columns, columns_of, distinct
from probisnis.sim.eventlog import LOG_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from probisnis.sim.calendar import WorkingCalendar
    from probisnis.sim.scenario import Scenario

__all__ = ["CASE_COLUMNS", "RESOURCE_COLUMNS", "ByReplication", "SimulationResult"]

CASE_COLUMNS: tuple[str, ...] = ("case_id", "replication", "arrival", "end", "status")
RESOURCE_COLUMNS: tuple[str, ...] = (
    "resource", "replication", "count", "availability", "available_seconds", "busy_seconds",
    "cost_per_hour",
)


@dataclass(frozen=True)
class ByReplication:
    """A pool's calendars when they differ from one replication to the next: a presence
    drawn anew in each (:mod:`probisnis.sim.presence`). ``calendars``: replication number ->
    that replication's calendar. A result's ``calendars`` holds one for each presence pool;
    whatever reads working time reads it with the row's replication
    (:func:`~probisnis.sim.kpi_inputs.calendar_in`,
    :func:`~probisnis.sim.kpi_inputs.row_working_seconds`), never one replication's draw
    for another's rows."""

    calendars: Mapping[int, WorkingCalendar]

    def of(self, replication: int) -> WorkingCalendar:
        try:
            return self.calendars[replication]
        except KeyError:
            raise UsageError(f"no calendar of replication {replication} (calendars of "
                             f"replications {sorted(self.calendars)})") from None

    def joined(self, other: ByReplication) -> ByReplication:
        return ByReplication({**self.calendars, **other.calendars})


class _Frame:
    """A table field given out as a pandas DataFrame: stored as given (a DataFrame, or light
    :class:`~probisnis.sim.columns.Columns`), made a DataFrame on first read and kept so."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = "_" + name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.key]
        if isinstance(value, Columns):
            value = value.frame()
            obj.__dict__[self.key] = value
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.key] = value


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """One or more replications of a scenario (the ``replication`` column tells them apart).

    ``log``: one row per activity instance (columns :data:`probisnis.sim.eventlog.LOG_COLUMNS`;
    empty when the log was streamed to ``log_path``); ``cases``: one row per case;
    ``resources``: one row per pool and replication; ``start``: the datetime of sim time 0;
    ``horizon``: the end of the observed window in sim seconds (the scenario's horizon, or
    the last event of the longest replication); ``calendars``: the working calendar of each
    pool (a presence pool's: :class:`ByReplication`, each replication's draw);
    ``warnings``: what the engine assumed (equal branch splits, default durations...).

    ``log``, ``cases`` and ``resources`` are made DataFrames on first read from the light
    columns the run handed over (:meth:`light` reads those without pandas); results compare
    by identity (``==`` would compare whole tables).
    """

    log: pd.DataFrame
    cases: pd.DataFrame
    resources: pd.DataFrame
    start: datetime
    horizon: float
    calendars: Mapping[str, WorkingCalendar | ByReplication]
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

    def light(self, table: str) -> Columns:
        """``table`` ("log", "cases" or "resources") as light
        :class:`~probisnis.sim.columns.Columns`, without making a DataFrame (the columns
        of the DataFrame when one was made)."""
        required = {"log": LOG_COLUMNS, "cases": CASE_COLUMNS,
                    "resources": RESOURCE_COLUMNS}[table]
        value = self.__dict__["_" + table]
        return columns_of(value, required, table)

    def replaced(self, **changes: Any) -> SimulationResult:
        """A copy with ``changes`` (as :func:`dataclasses.replace`, but the tables are not
        made DataFrames on the way)."""
        out = copy.copy(self)
        for name, value in changes.items():
            if name not in self.__dataclass_fields__:
                raise TypeError(f"SimulationResult has no field {name!r}")
            object.__setattr__(out, name, value)
        return out

    @property
    def replications(self) -> int:
        cases = self.light("cases")
        if self.cases_path is not None and not len(cases):
            return len(self.ends)
        return len(distinct(cases["replication"])) if len(cases) else 0

    @property
    def n_cases(self) -> int:
        """Cases simulated (all replications), also when the case table is in a file."""
        cases = self.light("cases")
        if self.status_counts is not None and not len(cases):
            return int(sum(self.status_counts.values()))
        return len(cases)

    def case_status(self) -> dict[str, int]:
        """Cases per status (finished, in_flight, failed), also for a streamed run; most
        cases first."""
        cases = self.light("cases")
        if self.status_counts is not None and not len(cases):
            return {str(k): int(v) for k, v in self.status_counts.items() if v}
        status = cases.coded("status")
        counts = np.bincount(status.codes[status.codes >= 0], minlength=len(status.names))
        seen, first = np.unique(status.codes, return_index=True)
        at = dict(zip(seen.tolist(), first.tolist(), strict=True))
        order = sorted((c for c in at if c >= 0 and counts[c]), key=lambda c: (-counts[c], at[c]))
        return {str(status.names[c]): int(counts[c]) for c in order}

    def case_table(self) -> pd.DataFrame:
        """The whole case table: ``cases``, or read from ``cases_path`` (all of it in
        memory: for reports, not for a run of millions of cases)."""
        if self.cases_path is not None and not len(self.cases):
            import pyarrow.parquet as pq

            table = pq.read_table(self.cases_path).to_pandas()
            return table.sort_values(["replication", "case_id"], ignore_index=True)
        return self.cases


# the three tables are light columns until read (set after the dataclass made its __init__,
# which stores each table through the descriptor)
for _table in ("log", "cases", "resources"):
    _descriptor = _Frame()
    _descriptor.__set_name__(SimulationResult, _table)
    setattr(SimulationResult, _table, _descriptor)
del _table, _descriptor
