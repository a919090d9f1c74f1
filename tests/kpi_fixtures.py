"""Small hand-built simulation outputs whose KPIs are computed by hand in the tests."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

NAN = math.nan


class IntervalCalendar:
    """A working calendar given as sorted, disjoint ``[from, to)`` working periods."""

    def __init__(self, periods: Sequence[tuple[float, float]]) -> None:
        self.lo = np.array([p[0] for p in periods], dtype=float)
        self.hi = np.array([p[1] for p in periods], dtype=float)
        self.before = np.concatenate([[0.0], np.cumsum(self.hi - self.lo)])

    def _worked_before(self, x: float) -> float:
        i = int(np.searchsorted(self.hi, x, side="right"))  # periods fully before x
        partial = max(0.0, x - self.lo[i]) if i < len(self.lo) else 0.0
        return float(self.before[i] + partial)

    def working_between(self, a: float, b: float) -> float:
        return max(0.0, self._worked_before(b) - self._worked_before(a)) if b > a else 0.0


def log_frame(rows: Sequence[tuple]) -> pd.DataFrame:
    """rows: (case_id, process_id, element_id, lane, resource, enable, start, end)."""
    df = pd.DataFrame(
        rows,
        columns=["case_id", "process_id", "element_id", "lane", "resource", "enable", "start",
                 "end"],
    )
    df.insert(1, "replication", 0)
    df.insert(4, "name", df["element_id"].map(lambda e: f"Task {e}"))
    df.insert(5, "kind", "userTask")
    df.insert(8, "resource_instance", df["resource"].map(lambda r: f"{r}#1" if r else None))
    return df.astype({"case_id": "int64", "replication": "int64", "enable": float,
                      "start": float, "end": float})


def three_cases() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Three cases of process P, tasks A (lane L1, pool R1) then B (lane L2, pool R2).

    Case 3 is still in flight at the horizon 100: its B is in service since 40.
    """
    log = log_frame(
        [
            (1, "P", "A", "L1", "R1", 0, 0, 10),
            (1, "P", "B", "L2", "R2", 10, 12, 30),
            (2, "P", "A", "L1", "R1", 10, 10, 25),
            (2, "P", "B", "L2", "R2", 25, 25, 50),
            (3, "P", "A", "L1", "R1", 20, 25, 40),
            (3, "P", "B", "L2", "R2", 40, 40, NAN),
        ]
    )
    cases = pd.DataFrame(
        {
            "case_id": np.array([1, 2, 3], dtype=np.int64),
            "replication": np.zeros(3, dtype=np.int64),
            "arrival": [0.0, 10.0, 20.0],
            "end": [30.0, 50.0, NAN],
            "status": ["finished", "finished", "in_flight"],
        }
    )
    resources = pd.DataFrame(
        {
            "resource": ["R1", "R2"],
            "replication": np.zeros(2, dtype=np.int64),
            "count": [1, 2],
            "availability": [1.0, 1.0],
            "available_seconds": [100.0, 200.0],
            "busy_seconds": [40.0, 103.0],
            "cost_per_hour": [36.0, 0.0],
        }
    )
    return log, cases, resources


def mm1_log(
    rng: np.random.Generator, n: int, reps: int = 1, lam: float = 1.0, mu: float = 1.25
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A FIFO single-server queue (Lindley's recursion) as a one-task process."""
    logs, case_tables, res = [], [], []
    for r in range(reps):
        arrival = np.cumsum(rng.exponential(1 / lam, n))
        service = rng.exponential(1 / mu, n)
        start = np.empty(n)
        end = np.empty(n)
        free = 0.0
        for i in range(n):
            start[i] = max(arrival[i], free)
            end[i] = free = start[i] + service[i]
        ids = np.arange(n, dtype=np.int64)
        lg = log_frame([(int(i), "P", "T", "L", "R", a, s, e)
                        for i, a, s, e in zip(ids, arrival, start, end, strict=True)])
        logs.append(lg.assign(replication=r))
        case_tables.append(pd.DataFrame({"case_id": ids, "replication": r, "arrival": arrival,
                                         "end": end, "status": "finished"}))
        horizon = float(end.max())
        res.append(("R", r, 1, 1.0, horizon, float(service.sum()), 0.0))
    resources = pd.DataFrame(res, columns=["resource", "replication", "count", "availability",
                                           "available_seconds", "busy_seconds",
                                           "cost_per_hour"])
    return (pd.concat(logs, ignore_index=True), pd.concat(case_tables, ignore_index=True),
            resources)
