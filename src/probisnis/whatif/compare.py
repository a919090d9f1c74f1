"""Compare scenarios: paired differences over common random numbers, with a verdict per KPI.

:func:`compare` runs replication ``i`` of the base and of every variant with the same
seed sequence, so they share arrivals, case attributes and the duration and branch
draws of every element the change does not touch (common random numbers,
``sim/streams.py``). The difference of replication ``i`` (variant - base) then carries
little noise, and its Student-t interval over replications is much narrower than that
of two independent runs. Each KPI gets base and variant means, the mean paired
difference with its 95 % interval, the relative change and a verdict
(:func:`probisnis.whatif.verdicts.verdict`). What differs between the scenarios (after
``extends``) and whether each is stable come with the result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from probisnis.errors import UsageError, say
from probisnis.sim.stats import t_interval
from probisnis.whatif.executor import Executor, LocalExecutor
from probisnis.whatif.jobs import Job, JobResult, run_job
from probisnis.whatif.stability import Stability, assess
from probisnis.whatif.stability import pool_names as names_of_pools
from probisnis.whatif.variants import Difference, ScenarioRef, differences, load
from probisnis.whatif.verdicts import verdict

__all__ = ["COMPARISON_COLUMNS", "Comparison", "compare", "paired_table"]

#: columns of :attr:`Comparison.table`
COMPARISON_COLUMNS: tuple[str, ...] = (
    "variant", "name", "scope", "unit", "base", "value", "difference", "ci_low", "ci_high",
    "relative", "verdict", "pairs",
)
#: keys a comparison sets alike for every scenario (not shown as differences)
_RUN_KEYS = {"seed", "replications"}


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`; ``table`` has :data:`COMPARISON_COLUMNS`."""

    labels: tuple[str, ...]  # base first
    names: tuple[str, ...]
    differences: dict[str, tuple[Difference, ...]]
    table: pd.DataFrame
    per_replication: pd.DataFrame
    stability: dict[str, Stability]
    replications: int
    completed: dict[str, int]
    seed: int
    threshold: float
    partial: bool = False
    common_random_numbers: bool = True
    hours_per_day: float = 7.5
    warnings: tuple[str, ...] = field(default=())
    #: pool id -> the scenario's name for it (base scenario first)
    scope_names: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.labels[0]


def _labels(refs: Sequence[ScenarioRef]) -> tuple[str, ...]:
    out: list[str] = []
    for ref in refs:
        label = ref.label
        while label in out:
            label += "'"
        out.append(label)
    return tuple(out)


def paired_table(per_replication: pd.DataFrame, base: str, variant: str, *,
                 threshold: float = 0.0, confidence: float = 0.95) -> pd.DataFrame:
    """Paired differences ``variant - base`` per KPI from a per-replication table with
    columns ``scenario, replication, name, scope, value, unit``."""
    keys = ["replication", "name", "scope"]
    a = per_replication[per_replication["scenario"] == base]
    b = per_replication[per_replication["scenario"] == variant]
    pairs = a[[*keys, "value", "unit"]].merge(b[[*keys, "value"]], on=keys,
                                                suffixes=("_base", "_variant"))
    pairs = pairs.dropna(subset=["value_base", "value_variant"])
    rows = []
    for (name, scope), g in pairs.groupby(["name", "scope"], sort=False):
        base_mean = float(g["value_base"].mean())
        var_mean = float(g["value_variant"].mean())
        d = (g["value_variant"] - g["value_base"]).to_numpy(dtype=float)
        mean, low, high = t_interval(d, confidence)
        relative = (mean / abs(base_mean) if base_mean != 0
                    else 0.0 if mean == 0 else math.nan)
        rows.append({
            "variant": variant, "name": name, "scope": scope, "unit": g["unit"].iloc[0],
            "base": base_mean, "value": var_mean, "difference": mean, "ci_low": low,
            "ci_high": high, "relative": relative,
            "verdict": verdict(str(name), mean, low, high, relative, threshold),
            "pairs": len(d),
        })
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def compare(
    base: ScenarioRef | str,
    variants: Sequence[ScenarioRef | str],
    *,
    replications: int = 10,
    seed: int | None = None,
    cases: int | None = None,
    horizon: float | None = None,
    warmup_cases: int | None = None,
    threshold: float = 0.0,
    executor: Executor | None = None,
    progress: bool = False,
    common_random_numbers: bool = True,
) -> Comparison:
    """Compare ``base`` with each of ``variants`` over ``replications`` paired replications.

    ``seed`` (default: the base scenario's) is used for every scenario; with
    ``common_random_numbers=False`` scenario ``k`` uses ``seed + k`` instead (independent
    streams, for showing what CRN gains). ``threshold`` is the smallest relative change
    that matters (0.05 = 5 %). ``executor`` runs the replications (default: one after the
    other in this process; ``LocalExecutor()`` uses every core, from a script guarded by
    ``if __name__ == "__main__":``). Interrupted by Ctrl-C, the result holds the replications
    finished for both sides and ``partial`` is set.
    """
    if not variants:
        raise UsageError(say("compare memerlukan skenario dasar dan paling sedikit satu varian",
                             "compare needs a base scenario and at least one variant"))
    if isinstance(replications, bool) or replications < 1:
        raise UsageError(say(f"--replications harus >= 1, bukan {replications}",
                             f"--replications must be >= 1, got {replications}"))
    if not 0.0 <= threshold < 1.0:
        raise UsageError(say(f"--threshold harus di antara 0% dan 100%, bukan {threshold:g}",
                             f"--threshold must be between 0% and 100%, got {threshold:g}"))
    refs = [r if isinstance(r, ScenarioRef) else ScenarioRef(str(r)) for r in (base, *variants)]
    scenarios = [load(r) for r in refs]  # every file checked before anything runs
    labels = _labels(refs)
    seed = scenarios[0].seed if seed is None else seed
    # replication by replication, so that an interrupted run still holds whole pairs
    jobs = [Job(ref, i, seed + (k if not common_random_numbers else 0), cases, horizon,
                warmup_cases, tag=k)
            for i in range(replications) for k, ref in enumerate(refs)]
    executor = executor or LocalExecutor(1)
    outcome = executor.run(run_job, jobs, progress=progress, desc="replikasi")
    done: list[JobResult] = [r for r in outcome.results if r is not None]
    frames = []
    for r in done:
        frame = r.kpis[["replication", "name", "scope", "value", "unit"]].copy()
        frame.insert(0, "scenario", labels[r.tag])
        frames.append(frame)
    per_rep = (pd.concat(frames, ignore_index=True) if frames else
               pd.DataFrame(columns=["scenario", "replication", "name", "scope", "value",
                                     "unit"]))
    completed = {label: sum(1 for r in done if r.tag == k) for k, label in enumerate(labels)}
    tables = [paired_table(per_rep, labels[0], label, threshold=threshold)
              for label in labels[1:]]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(
        columns=list(COMPARISON_COLUMNS))
    stability = {}
    for k, (label, sc) in enumerate(zip(labels, scenarios, strict=True)):
        records = [r.stability for r in done if r.tag == k]
        stab = pd.concat(records, ignore_index=True) if records else pd.DataFrame()
        stability[label] = assess(stab, pool_names=names_of_pools(sc))
    diffs = {label: tuple(d for d in differences(refs[0], ref) if d.key not in _RUN_KEYS)
             for label, ref in zip(labels[1:], refs[1:], strict=True)}
    warnings = tuple(dict.fromkeys(w for r in done for w in r.warnings))
    scope_names: dict[str, str] = {}
    for sc in scenarios:
        for pool in sc.pools.values():
            scope_names.setdefault(pool.id, pool.name or pool.id)
    return Comparison(
        labels=labels, names=tuple(s.name for s in scenarios), differences=diffs,
        table=table, per_replication=per_rep, stability=stability,
        replications=replications, completed=completed, seed=seed, threshold=threshold,
        partial=outcome.interrupted or len(done) < len(jobs),
        common_random_numbers=common_random_numbers,
        hours_per_day=scenarios[0].hours_per_day, warnings=warnings, scope_names=scope_names,
    )


def as_records(comparison: Comparison) -> list[dict[str, Any]]:
    """The comparison table as JSON-ready records (NaN as ``None``)."""
    out = []
    for row in comparison.table.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                    for k, v in row.items()})
    return out
