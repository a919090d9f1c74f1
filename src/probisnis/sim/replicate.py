"""Independent replications of a simulation and their KPI confidence intervals.

Public API::

    replicate(run_one, replications, seed, *, warmup_cases=0, period="day",
              confidence=0.95, progress=False, kpi_fn=None) -> Replications

``run_one(seed_sequence, index)`` runs replication ``index`` (0-based) with
randomness drawn only from ``numpy.random.default_rng(seed_sequence)`` and
returns a :class:`probisnis.sim.result.SimulationResult` (anything with ``log``,
``cases``, ``resources``, ``horizon``, ``calendars`` and ``warnings``). The seed
sequences are ``numpy.random.SeedSequence(seed).spawn(replications)``: streams
that are independent of each other and the same for the same ``seed``, so a run
is reproducible and replication *i* does not change when more replications are
asked for.

Each result becomes per-replication KPIs (:func:`probisnis.sim.kpis.result_kpis`,
or ``kpi_fn(result)``), and :func:`probisnis.sim.stats.summarize` turns those
into KPI records ``name, scope, mean, ci_low, ci_high, unit`` with a Student-t
interval over replications (NaN bounds with one replication).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from probisnis.errors import SimulationError, UsageError
from probisnis.present.notices import notice
from probisnis.sim.kpis import result_kpis
from probisnis.sim.stats import summarize

__all__ = ["Replications", "replicate", "spawn_seeds"]


@dataclass(frozen=True)
class Replications:
    """KPIs of R replications: ``kpis`` per replication and ``summary`` records with CIs."""

    kpis: pd.DataFrame
    summary: pd.DataFrame
    warnings: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """Number of replications run."""
        return int(self.kpis["replication"].nunique()) if len(self.kpis) else 0


def spawn_seeds(
    seed: int | np.random.SeedSequence | None, replications: int
) -> list[np.random.SeedSequence]:
    """The independent seed sequences of ``replications`` replications of ``seed``."""
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise UsageError(f"replications must be a positive integer, got {replications!r}")
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return root.spawn(replications)


def replicate(
    run_one: Callable[[np.random.SeedSequence, int], Any],
    replications: int,
    seed: int | np.random.SeedSequence | None,
    *,
    warmup_cases: int = 0,
    period: str = "day",
    confidence: float = 0.95,
    progress: bool = False,
    kpi_fn: Callable[[Any], pd.DataFrame] | None = None,
) -> Replications:
    """Run ``replications`` replications on independent streams and summarize their KPIs.

    ``kpi_fn(result)`` replaces the default per-replication KPIs
    (``result_kpis(result, warmup_cases=..., period=...)``); it must return a table with
    columns ``name, scope, value, unit``. Its ``replication`` column, if any, is set to the
    replication index.
    """
    seeds = spawn_seeds(seed, replications)
    tables: list[pd.DataFrame] = []
    warnings: list[str] = []
    for index in tqdm(range(replications), desc="replications", disable=not progress):
        result = run_one(seeds[index], index)
        if kpi_fn is None:
            reps = pd.unique(result.cases["replication"])
            if len(reps) > 1:
                raise SimulationError(
                    f"replication {index} returned cases of several replications "
                    f"{sorted(int(r) for r in reps)}"
                )
            table = result_kpis(result, warmup_cases=warmup_cases, period=period)
        else:
            table = kpi_fn(result)
        table = table.copy()
        if "replication" in table.columns:
            table["replication"] = index
        else:
            table.insert(0, "replication", index)
        tables.append(table)
        warnings.extend(notice("in-replication", replication=index, warning=w)
                        for w in getattr(result, "warnings", ()))
    per_replication = pd.concat(tables, ignore_index=True).astype({"replication": "int64"})
    return Replications(
        kpis=per_replication,
        summary=summarize(per_replication, confidence),
        warnings=tuple(warnings),
    )
