"""Prosimos 2.1 run the way every comparison test runs it (one place instead of a copy per test).

Prosimos draws from the global ``numpy.random`` and ``random`` states: :func:`run_prosimos`
seeds both, restores them afterwards, silences Prosimos's warnings and prints, and starts the
simulation at ``start`` (a naive datetime read as UTC). With ``log_dir`` it also writes
Prosimos's event log and statistics there and returns the log with ``enable``, ``start`` and
``end`` in seconds since ``start`` (the columns probisnis's own log has).
"""

from __future__ import annotations

import contextlib
import io
import random
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ProsimosRun", "run_prosimos", "welch"]


@dataclass(frozen=True)
class ProsimosRun:
    """What one Prosimos run gives: its KPI report (process KPIs, task KPIs, resource KPIs,
    ...) and its execution info (``trace_list``); or, when the run wrote files, its event
    log alone (Prosimos then returns no report)."""

    report: Any
    info: Any
    log: pd.DataFrame | None = None

    @property
    def process(self) -> Any:
        return self.report[0]

    @property
    def tasks(self) -> Any:
        return self.report[1]

    @property
    def resources(self) -> Any:
        return self.report[2]

    @property
    def cycle_time(self) -> float:
        """Mean case duration, arrival to last completion (Prosimos ``idle_cycle_time``)."""
        return float(self.process.idle_cycle_time.avg)

    def count(self, task_id: str) -> int:
        """How many times ``task_id`` was done in the run."""
        return sum(ev.task_id == task_id for tr in self.info.trace_list for ev in tr.event_list)


def run_prosimos(bpmn: Path, json_path: Path, cases: int, *, seed: int, start: datetime,
                 log_dir: Path | None = None) -> ProsimosRun:
    """Run Prosimos on ``bpmn`` with ``json_path`` for ``cases`` cases from ``start``."""
    from prosimos.simulation_engine import run_simulation

    paths: dict[str, str] = {}
    if log_dir is not None:
        paths = {"log_out_path": str(log_dir / f"prosimos-{seed}.csv"),
                 "stat_out_path": str(log_dir / f"prosimos-{seed}.stat.csv")}
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        np.random.seed(seed)
        random.seed(seed)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            out = run_simulation(str(bpmn), str(json_path), cases,
                                 starting_at=start.isoformat() + ".000+00:00", **paths)
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    if log_dir is None:
        report, info = out
        return ProsimosRun(report, info)
    log = pd.read_csv(paths["log_out_path"])
    t0 = pd.Timestamp(start, tz="UTC")
    for col in ("enable", "start", "end"):
        log[col] = (pd.to_datetime(log[f"{col}_time"], format="ISO8601") - t0).dt.total_seconds()
    return ProsimosRun(None, None, log)  # with files Prosimos returns no report


def welch(a: Any, b: Any, confidence: float = 0.95) -> tuple[float, float]:
    """The Welch interval of ``mean(a) - mean(b)`` (independent samples, unequal variances)."""
    from scipy import stats

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * float(np.sqrt(va + vb))
    diff = float(a.mean() - b.mean())
    return diff - half, diff + half
