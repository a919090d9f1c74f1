"""Sweep a scenario over a grid of parameter values: KPIs with CIs per point, saturation.

``sweep(ref, {"resources.JFJP.count": range(3, 13)})`` runs every point of the full grid
(the product of the varied keys' values) for the same replications and seed (common
random numbers across points), and returns a tidy table: one row per point, KPI and
scope with mean and 95 % interval, plus the stability of every point. The **saturation
point** along the first varied key is the first value, walking from the least loaded end
of the range, at which a pool passes :data:`UTILIZATION_LIMIT` utilisation or the system
becomes unstable (:mod:`probisnis.whatif.stability`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from probisnis.errors import UsageError, say
from probisnis.sim.stats import t_interval
from probisnis.whatif.executor import Executor, LocalExecutor
from probisnis.whatif.jobs import Job, JobResult, run_job
from probisnis.whatif.stability import Stability, assess
from probisnis.whatif.stability import pool_names as names_of_pools
from probisnis.whatif.variants import ScenarioRef, load

__all__ = ["UTILIZATION_LIMIT", "Saturation", "SweepResult", "parse_vary", "sweep"]

#: a pool above this utilisation counts as saturated
UTILIZATION_LIMIT = 0.85


@dataclass(frozen=True)
class Saturation:
    """Where saturation starts along ``key`` (the other keys fixed at ``fixed``).

    ``value`` is ``None`` when no point of the range saturates; ``last_safe`` is the
    point before it (from the least loaded end); ``reason`` says which pool (by the
    scenario's name for it) or the system; ``busiest`` keeps the pool's id for programs.
    """

    key: str
    fixed: tuple[tuple[str, Any], ...]
    value: Any
    last_safe: Any
    reason: str
    #: what saturated there, for wording the reason in another language: the busiest pool,
    #: its utilisation, and whether the system stayed stable
    busiest: str = ""
    utilization: float = math.nan
    stable: bool = True


@dataclass(frozen=True)
class SweepResult:
    """``points``: one row per grid point (the varied keys, ``stable``, ``saturated``,
    ``max_utilization``, ``busiest_pool``); ``summary``: tidy KPI table (the varied keys,
    ``name, scope, unit, mean, ci_low, ci_high, n``); ``per_replication``: the KPI of
    every replication."""

    scenario: str
    name: str
    keys: tuple[str, ...]
    points: pd.DataFrame
    summary: pd.DataFrame
    per_replication: pd.DataFrame
    saturation: tuple[Saturation, ...]
    warnings: dict[int, tuple[str, ...]]
    replications: int
    seed: int
    partial: bool = False
    hours_per_day: float = 7.5
    #: pool id -> the scenario's name for it
    pool_names: dict[str, str] = field(default_factory=dict)
    #: the stability check of every point (its records word the warnings in any language)
    stability: dict[int, Stability] = field(default_factory=dict)


def _value(token: str) -> Any:
    text = token.strip()
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        raise UsageError(say(f"--vary: {token!r} bukan angka terhingga",
                             f"--vary: {token!r} is not a finite number"))
    return number


def parse_vary(spec: str) -> tuple[str, list[Any]]:
    """``"resources.JFJP.count=3..12"`` or ``"arrivals.rate=1,2,4"`` -> (key, values).

    ``A..B`` is every integer from A to B inclusive (``A..B:S`` in steps of S).
    """
    key, sep, rest = spec.partition("=")
    key = key.strip()
    if not sep or not key or not rest.strip():
        raise UsageError(say(f"--vary: tulis KUNCI=A..B atau KUNCI=N1,N2,... (misalnya "
                             f"resources.JFJP.count=3..6), bukan {spec!r}",
                             f"--vary: expected KEY=A..B or KEY=V1,V2,..., got {spec!r}"))
    if ".." in rest:
        span, _, step_text = rest.partition(":")
        a_text, _, b_text = span.partition("..")
        try:
            a, b = int(a_text), int(b_text)
            step = int(step_text) if step_text else 1
        except ValueError:
            raise UsageError(say(f"--vary {key}: rentang adalah dua bilangan bulat A..B (atau "
                                 f"A..B:LANGKAH), bukan {rest!r}; untuk desimal tulis "
                                 "nilainya satu per satu: 0.5,0.75,1",
                                 f"--vary {key}: a range is two integers A..B (or A..B:STEP), "
                                 f"got {rest!r}")) from None
        if step < 1 or b < a:
            raise UsageError(say(f"--vary {key}: rentang {rest!r} tidak berisi nilai (perlu "
                                 "A <= B, LANGKAH >= 1)",
                                 f"--vary {key}: the range {rest!r} holds no value (A <= B, "
                                 "STEP >= 1)"))
        values: list[Any] = list(range(a, b + 1, step))
    else:
        values = [_value(t) for t in rest.split(",") if t.strip()]
    if not values:
        raise UsageError(say(f"--vary {key}: tidak ada nilai di {rest!r}",
                             f"--vary {key}: no values in {rest!r}"))
    if len(set(map(repr, values))) != len(values):
        raise UsageError(say(f"--vary {key}: ada nilai yang ditulis dua kali di {rest!r}",
                             f"--vary {key}: a value is given twice in {rest!r}"))
    return key, values


def sweep(
    ref: ScenarioRef | str,
    vary: Mapping[str, Iterable[Any]],
    *,
    replications: int = 5,
    seed: int | None = None,
    cases: int | None = None,
    horizon: float | None = None,
    warmup_cases: int | None = None,
    executor: Executor | None = None,
    progress: bool = False,
) -> SweepResult:
    """Run every point of the grid ``vary`` (dotted key -> values) of scenario ``ref``.

    Every point is loaded and checked before anything runs, so a bad value is an error
    naming its key at once. ``executor`` as for :func:`probisnis.whatif.compare.compare`.
    """
    base = ref if isinstance(ref, ScenarioRef) else ScenarioRef(str(ref))
    if not vary:
        raise UsageError(say("sweep memerlukan paling sedikit satu --vary KUNCI=NILAI",
                             "sweep needs at least one --vary KEY=VALUES"))
    if isinstance(replications, bool) or replications < 1:
        raise UsageError(say(f"--replications harus >= 1, bukan {replications}",
                             f"--replications must be >= 1, got {replications}"))
    keys = tuple(vary)
    grids = [list(v) for v in vary.values()]
    points = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grids)]
    scenario = load(base)
    refs = [ScenarioRef(base.path, (*base.overrides, *p.items())) for p in points]
    for r in refs:
        load(r)
    seed = scenario.seed if seed is None else seed
    # replication by replication: an interrupted sweep still covers every point
    jobs = [Job(r, i, seed, cases, horizon, warmup_cases, tag=k)
            for i in range(replications) for k, r in enumerate(refs)]
    executor = executor or LocalExecutor(1)
    outcome = executor.run(run_job, jobs, progress=progress, desc="titik x replikasi")
    done: list[JobResult] = [r for r in outcome.results if r is not None]
    pool_names = names_of_pools(scenario)
    per_rep_frames, point_rows, summary_rows = [], [], []
    warnings: dict[int, tuple[str, ...]] = {}
    stabilities: dict[int, Stability] = {}
    for k, point in enumerate(points):
        mine = [r for r in done if r.tag == k]
        if not mine:
            continue
        kp = pd.concat([r.kpis[["replication", "name", "scope", "value", "unit"]]
                        for r in mine], ignore_index=True)
        for key in reversed(keys):
            kp.insert(0, key, [point[key]] * len(kp))
        per_rep_frames.append(kp)
        for (name, scope), g in kp.groupby(["name", "scope"], sort=False):
            mean, low, high = t_interval(g["value"])
            summary_rows.append({**point, "name": name, "scope": scope,
                                 "unit": g["unit"].iloc[0], "mean": mean, "ci_low": low,
                                 "ci_high": high, "n": int(g["value"].notna().sum())})
        st = assess(pd.concat([r.stability for r in mine], ignore_index=True),
                    pool_names=pool_names)
        warnings[k] = st.warnings
        stabilities[k] = st
        util = kp[kp["name"] == "utilization"].groupby("scope")["value"].mean()
        busiest = str(util.idxmax()) if len(util) else ""
        point_rows.append({**point, "replications": len(mine), "stable": st.stable,
                           "max_utilization": float(util.max()) if len(util) else math.nan,
                           "busiest_pool": busiest,
                           "saturated": (not st.stable) or (len(util) > 0 and float(
                               util.max()) > UTILIZATION_LIMIT)})
    point_table = pd.DataFrame(point_rows, columns=[
        *keys, "replications", "stable", "max_utilization", "busiest_pool", "saturated"])
    summary = pd.DataFrame(summary_rows, columns=[*keys, "name", "scope", "unit", "mean",
                                                  "ci_low", "ci_high", "n"])
    per_rep = (pd.concat(per_rep_frames, ignore_index=True) if per_rep_frames else
               pd.DataFrame(columns=[*keys, "replication", "name", "scope", "value", "unit"]))
    return SweepResult(
        scenario=base.label, name=scenario.name, keys=keys, points=point_table,
        summary=summary, per_replication=per_rep,
        saturation=saturation_points(point_table, keys, warnings, pool_names=pool_names),
        warnings=warnings, replications=replications, seed=seed,
        partial=outcome.interrupted or len(done) < len(jobs),
        hours_per_day=scenario.hours_per_day, pool_names=pool_names, stability=stabilities,
    )


def saturation_points(points: pd.DataFrame, keys: Sequence[str],
                      warnings: Mapping[int, Sequence[str]] | None = None, *,
                      pool_names: Mapping[str, str] | None = None
                      ) -> tuple[Saturation, ...]:
    """The saturation point along ``keys[0]`` for every combination of the other keys;
    ``pool_names`` (pool id -> the scenario's name) words the reason."""
    names = {k: v for k, v in (pool_names or {}).items() if v}
    if not len(points):
        return ()
    first, others = keys[0], list(keys[1:])
    out = []
    groups = points.groupby(others, sort=False) if others else [((), points)]
    for fixed_values, g in groups:
        fixed_tuple = fixed_values if isinstance(fixed_values, tuple) else (fixed_values,)
        fixed = tuple(zip(others, fixed_tuple, strict=True)) if others else ()
        rows = g.reset_index(drop=True)
        # walk from the end whose busiest pool is less busy
        ends = rows["max_utilization"].iloc[[0, -1]].to_numpy(dtype=float)
        if len(rows) > 1 and (ends[-1] < ends[0] or (math.isnan(ends[0]) and
                                                      not math.isnan(ends[-1]))):
            rows = rows.iloc[::-1].reset_index(drop=True)
        value: Any = None
        last_safe: Any = None
        reason = ""
        seen: dict[str, Any] = {}
        for _, row in rows.iterrows():
            if bool(row["saturated"]):
                value = _plain(row[first])
                busiest = str(row["busiest_pool"] or "")
                pool = names.get(busiest, busiest)
                if not bool(row["stable"]):
                    reason = "sistem tidak stabil"
                    if busiest:
                        reason += f"; pelaksana tersibuk {pool} {_pct(row['max_utilization'])}"
                else:
                    reason = (f"utilisasi {pool} {_pct(row['max_utilization'])}"
                              f" > {_pct(UTILIZATION_LIMIT)}")
                seen = {"busiest": str(row["busiest_pool"] or ""),
                        "utilization": float(row["max_utilization"]),
                        "stable": bool(row["stable"])}
                break
            last_safe = _plain(row[first])
        out.append(Saturation(first, fixed, value, last_safe, reason, **seen))
    return tuple(out)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _pct(value: float) -> str:
    from probisnis.present.numbers import persen

    return persen(float(value), 0)
