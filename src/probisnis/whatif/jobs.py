"""One replication of one scenario as a unit of work for an executor.

A :class:`Job` is small and picklable (a :class:`~probisnis.whatif.variants.ScenarioRef`,
the replication index and the run settings); :func:`run_job` runs it anywhere (in this
process, a worker process, a Dask worker) and returns the replication's KPIs and
stability records, never its event log. Replication ``i`` draws from
``SeedSequence(seed).spawn(R)[i]`` exactly as :func:`probisnis.sim.simulate` does, so a
job gives the same numbers wherever and in whatever order it runs, and two scenarios run
with one seed share their random numbers (common random numbers, ``sim/streams.py``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from probisnis.errors import UsageError
from probisnis.whatif.variants import ScenarioRef, load

__all__ = ["Job", "JobResult", "run_job"]


@dataclass(frozen=True)
class Job:
    """Replication ``replication`` of scenario ``ref`` with these run settings.

    ``tag`` is returned untouched (which scenario or sweep point the job belongs to).
    """

    ref: ScenarioRef
    replication: int
    seed: int
    cases: int | None = None
    horizon: float | None = None
    warmup_cases: int | None = None
    tag: Any = None


@dataclass(frozen=True)
class JobResult:
    """What one replication returns: per-replication KPIs (``name, scope, value, unit``...),
    stability records (:func:`probisnis.whatif.stability.stability_records`), case counts."""

    tag: Any
    replication: int
    kpis: pd.DataFrame
    stability: pd.DataFrame
    cases: int
    finished: int
    warnings: tuple[str, ...] = ()


@functools.lru_cache(maxsize=16)
def _compiled(ref: ScenarioRef, cases: int | None, horizon: float | None) -> Any:
    from probisnis.sim.compile import compile_scenario

    scenario = load(ref)
    changes: dict[str, Any] = {}
    if cases is not None:
        changes["cases"] = cases
        if horizon is None and scenario.horizon is not None and scenario.cases is None:
            changes["horizon"] = None
    if horizon is not None:
        changes["horizon"] = horizon
        if cases is None:
            changes["cases"] = None
    if changes:
        scenario = replace(scenario, **changes)
    compiled = compile_scenario(scenario)
    efforts = {(row[0], row[1]): float(dist.mean)
               for row, dist in zip(compiled.activities, compiled.durations, strict=True)}
    return compiled, efforts


def run_job(job: Job) -> JobResult:
    """Run ``job`` (one replication) and return its KPIs and stability records."""
    from probisnis.sim.kpis import result_kpis
    from probisnis.sim.runner import run_replication
    from probisnis.whatif.stability import stability_records

    if job.replication < 0 or job.seed < 0:
        raise UsageError(f"replication and seed must be >= 0, got {job.replication}, "
                         f"{job.seed}")
    compiled, efforts = _compiled(job.ref, job.cases, job.horizon)
    seed = np.random.SeedSequence(job.seed, spawn_key=(job.replication,))
    result = run_replication(compiled, seed, job.replication)
    kpis = result_kpis(result, warmup_cases=job.warmup_cases)
    stability = stability_records(result, efforts=efforts)
    status = result.cases["status"]
    return JobResult(
        tag=job.tag, replication=job.replication, kpis=kpis, stability=stability,
        cases=len(status), finished=int((status == "finished").sum()),
        warnings=tuple(result.warnings),
    )
