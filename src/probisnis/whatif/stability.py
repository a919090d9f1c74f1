"""Is the simulated system stable? Offered load against capacity, and growing work in progress.

A queue whose work arrives faster than its people can do it grows without bound: its
waiting times depend on how long one simulates, not on the process, and every average
of such a run misleads. Two checks, per replication, over the *arrival window* (from the
start to the last arrival: after it a case-count run only drains):

* **pool load**: the work the tasks enabled at a pool in the window ask for (their
  mean working duration, as the scenario states it) against what the pool can give in
  the window (its working time x people x availability). A load of 100 % or more means
  the queue keeps growing.
* **work in progress**: in the second half of the window, cases arriving against cases
  finishing; growing when fewer than 80 % finish and the number of open cases rises by
  more than a quarter (and by more than 3).

:func:`stability_records` measures one result (every replication in it) as a DataFrame;
:func:`assess` averages the records over replications and returns the findings and the
warnings to print above the results, in Bahasa Indonesia, naming the pool and both rates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from probisnis.present.numbers import angka, persen

__all__ = ["STABILITY_COLUMNS", "Stability", "assess", "check", "check_stability",
           "pool_names", "stability_records", "verdict_lines"]

#: columns of :func:`stability_records`
STABILITY_COLUMNS: tuple[str, ...] = (
    "replication", "kind", "scope", "window", "offered", "capacity", "load",
    "wip_start", "wip_end",
)
#: a pool at or above this load is unstable
LOAD_LIMIT = 1.0
#: share of arriving cases that must finish in the second half of the window
FINISH_SHARE = 0.8
#: hours in a week (rates are shown per calendar week)
_WEEK = 7 * 86400.0


@dataclass(frozen=True)
class Stability:
    """Stability of a run: ``records`` per replication, ``summary`` per pool and for the
    system (mean over replications, ``unstable`` flag), ``warnings`` to print first."""

    records: pd.DataFrame
    summary: pd.DataFrame
    warnings: tuple[str, ...]

    @property
    def stable(self) -> bool:
        return not self.warnings


def _mean_effort(result: Any) -> dict[tuple[str, str], float]:
    """(process id, element id) -> mean working seconds of effort, from the scenario."""
    from probisnis.sim.compile import compile_scenario

    compiled = compile_scenario(result.scenario)
    tasks = result.scenario.tasks
    out = {}
    for row, dist in zip(compiled.activities, compiled.durations, strict=True):
        spec = tasks.get(row[1])
        batch = spec.batch if spec is not None else None  # a batch shares the person's time
        out[(row[0], row[1])] = float(dist.mean) * (batch.effort() if batch else 1.0)
    return out


def stability_records(result: Any, *, efforts: dict[tuple[str, str], float] | None = None
                      ) -> pd.DataFrame:
    """Offered load of each pool and open cases of the system, per replication of
    ``result`` (a :class:`~probisnis.sim.result.SimulationResult`: its log in memory, or
    streamed to ``result.log_path`` and read back one row group at a time)."""
    efforts = efforts if efforts is not None else _mean_effort(result)
    rows: list[dict[str, Any]] = []
    res = result.resources
    windows = _windows(_case_chunks(result))
    work = _offered_work(_log_chunks(result), windows, efforts)
    system = _system_counts(_case_chunks(result), windows)
    for rep, window in windows.items():
        offered = work.get(rep, {})
        for _, pool in res[res["replication"] == rep].iterrows():
            name = str(pool["resource"])
            cal = result.calendars.get(name)
            working = cal.working_between(0.0, window) if cal is not None else window
            capacity = working * float(pool["count"]) * float(pool["availability"])
            demand = float(offered.get(name, 0.0))
            rows.append({"replication": rep, "kind": "pool", "scope": name,
                         "window": window, "offered": demand, "capacity": capacity,
                         "load": demand / capacity if capacity > 0 else math.inf,
                         "wip_start": math.nan, "wip_end": math.nan})
        arrived, finished, wip_start, wip_end = system[rep]
        rows.append({"replication": rep, "kind": "system", "scope": "process",
                     "window": window, "offered": arrived, "capacity": finished,
                     "load": arrived and finished / arrived,
                     "wip_start": wip_start, "wip_end": wip_end})
    return pd.DataFrame(rows, columns=list(STABILITY_COLUMNS))


def _case_chunks(result: Any) -> Iterator[pd.DataFrame]:
    """The case table of ``result``: in memory, or (a streamed run) its Parquet file one row
    group at a time."""
    path = getattr(result, "cases_path", None)
    if len(result.cases) == 0 and path:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for i in range(pf.num_row_groups):
            yield pf.read_row_group(i, columns=["replication", "arrival", "end"]).to_pandas()
    else:
        yield result.cases


def _windows(chunks: Iterable[pd.DataFrame]) -> dict[int, float]:
    """Per replication, the last arrival (the window measured), where there are at least two
    cases and not all at one instant (else no arrival rate to compare)."""
    last: dict[int, float] = {}
    count: dict[int, int] = {}
    for cases in chunks:
        for rep, arrival in cases.groupby("replication")["arrival"]:
            r = int(rep)  # type: ignore[call-overload]
            count[r] = count.get(r, 0) + len(arrival)
            top = float(np.nanmax(arrival.to_numpy(float), initial=-np.inf))
            last[r] = max(last.get(r, -np.inf), top)
    return {r: t for r, t in sorted(last.items()) if count[r] >= 2 and t > 0}


def _system_counts(chunks: Iterable[pd.DataFrame], windows: dict[int, float]
                   ) -> dict[int, tuple[float, float, float, float]]:
    """Per replication: cases arrived and finished in the second half of the window, and
    cases open at its middle and at its end."""
    out = {r: [0.0, 0.0, 0.0, 0.0] for r in windows}
    for cases in chunks:
        for rep, group in cases.groupby("replication"):
            r = int(rep)  # type: ignore[call-overload]
            if r not in windows:
                continue
            window = windows[r]
            half = window / 2
            arr = group["arrival"].to_numpy(float)
            end = group["end"].to_numpy(float)
            acc = out[r]
            acc[0] += float(((arr > half) & (arr <= window)).sum())
            acc[1] += float(((end > half) & (end <= window)).sum())
            acc[2] += float(((arr <= half) & ~(end <= half)).sum())
            acc[3] += float(((arr <= window) & ~(end <= window)).sum())
    return {r: (a[0], a[1], a[2], a[3]) for r, a in out.items()}


_LOG_NEEDS = ["replication", "process_id", "element_id", "resource", "enable", "start", "end"]


def _log_chunks(result: Any) -> Iterator[pd.DataFrame]:
    """The log of ``result`` in pieces: its in-memory log, else its Parquet log one row
    group at a time (only the columns needed), so a streamed run is never read whole."""
    log = result.log
    if len(log) == 0 and getattr(result, "log_path", None):
        from probisnis.sim.logsink import iter_log_chunks

        yield from iter_log_chunks(result.log_path, columns=_LOG_NEEDS)
    else:  # in slices: the per-row temporaries of the grouping stay small
        for first in range(0, len(log), _SLICE_ROWS):
            yield log.iloc[first:first + _SLICE_ROWS]


#: rows of an in-memory log measured at a time
_SLICE_ROWS = 200_000


def _offered_work(chunks: Iterable[pd.DataFrame], windows: dict[int, float],
                  efforts: dict[tuple[str, str], float]) -> dict[int, dict[str, float]]:
    """Replication -> pool -> the work asked for by the instances enabled in the window:
    each instance's mean effort from the scenario, else (an activity the scenario lacks)
    its logged duration. Counted per activity and pool (no Python object per row)."""
    parts = []
    for lg in chunks:
        rep = lg["replication"].to_numpy(dtype=np.int64)
        window = pd.Series(rep).map(windows).to_numpy(dtype=float)  # NaN: not measured
        resource = lg["resource"]
        keep = (lg["enable"].to_numpy(dtype=float) <= window) & resource.notna().to_numpy() \
            & (resource != "").to_numpy()
        if not keep.any():
            continue
        frame = pd.DataFrame({
            "r": rep[keep],
            # categorical columns stay codes: no string object per row
            "p": lg["process_id"].array[keep],
            "e": lg["element_id"].array[keep],
            "pool": resource.array[keep],
            "done": (lg["end"] - lg["start"]).to_numpy(dtype=float)[keep],
        })
        parts.append(frame.groupby(["r", "p", "e", "pool"], sort=False, observed=True,
                                   dropna=False)["done"].agg(["size", "sum"]))
    if not parts:
        return {}
    total = pd.concat(parts).groupby(level=[0, 1, 2, 3], sort=True, observed=True,
                                     dropna=False).sum()
    out: dict[int, dict[str, float]] = {}
    for (r, p, e, pool), row in total.iterrows():
        effort = efforts.get((str(p), str(e)), math.nan)
        work = float(row["sum"]) if math.isnan(effort) else effort * float(row["size"])
        mine = out.setdefault(int(r), {})
        mine[str(pool)] = mine.get(str(pool), 0.0) + work
    return out


def _per_week(amount: float, window: float) -> float:
    return amount / window * _WEEK if window > 0 else math.nan


#: the sentences of a finding, per language
_TEXT = {
    "id": {
        "pool": "TIDAK STABIL: pelaksana {label} kewalahan: kerja yang datang {offered} "
                "jam/minggu, kapasitasnya {capacity} jam/minggu (beban {load}). Antreannya "
                "terus memanjang; rata-rata hasil bergantung pada lamanya simulasi.",
        "system": "TIDAK STABIL: kasus berjalan terus bertambah: pada paruh kedua masa "
                  "kedatangan datang {came} kasus/hari, yang selesai hanya {done} kasus/hari; "
                  "kasus berjalan naik dari {wip0} menjadi {wip1}.",
        "stable": "stabil: beban tertinggi {label} {load} dari kapasitasnya; kasus selesai "
                  "seiring kedatangannya",
        "none": "stabil (tidak ada kedatangan berkelanjutan untuk diperiksa)",
    },
    "en": {
        "pool": "UNSTABLE: pool {label} is overloaded: work arrives at {offered} hours/week, "
                "its capacity is {capacity} hours/week (load {load}). Its queue keeps "
                "growing; the averages depend on how long the run is.",
        "system": "UNSTABLE: work in progress keeps growing: in the second half of the arrival "
                  "window {came} cases/day arrive and only {done} cases/day finish; work in "
                  "progress rises from {wip0} to {wip1}.",
        "stable": "stable: highest load {label} at {load} of its capacity; cases finish as "
                  "they arrive",
        "none": "stable (no continuing arrivals to check)",
    },
}


def _rate(value: float, lang: str) -> str:
    return angka(value, 3 if abs(value) < 1 else 1 if abs(value) < 1000 else 0, lang=lang)


def assess(records: pd.DataFrame, *, pool_names: dict[str, str] | None = None,
           lang: str = "id") -> Stability:
    """Findings and warnings (in ``lang``) from :func:`stability_records` of one or more
    replications."""
    names = pool_names or {}
    t = _TEXT["en" if lang == "en" else "id"]
    summary_rows = []
    warnings: list[str] = []
    if len(records):
        grouped = records.groupby(["kind", "scope"], sort=False)
        for (kind, scope), g in grouped:
            window = float(g["window"].mean())
            offered, capacity = float(g["offered"].mean()), float(g["capacity"].mean())
            if kind == "pool":
                load = offered / capacity if capacity > 0 else math.inf
                unstable = load >= LOAD_LIMIT
                if unstable:
                    label = names.get(scope) or str(scope)  # the name a person knows
                    warnings.append(t["pool"].format(
                        label=label, load=persen(load, 0, lang=lang),
                        offered=angka(_per_week(offered, window) / 3600, 1, lang=lang),
                        capacity=angka(_per_week(capacity, window) / 3600, 1, lang=lang)))
            else:
                wip0, wip1 = float(g["wip_start"].mean()), float(g["wip_end"].mean())
                load = offered and capacity / offered
                unstable = (offered >= 5 and capacity < FINISH_SHARE * offered
                            and wip1 - wip0 > max(3.0, 0.25 * wip0))
                if unstable:
                    half_days = window / 2 / 86400.0
                    warnings.append(t["system"].format(
                        came=_rate(offered / half_days, lang),
                        done=_rate(capacity / half_days, lang),
                        wip0=angka(wip0, 1, lang=lang), wip1=angka(wip1, 1, lang=lang)))
            summary_rows.append({"kind": kind, "scope": scope, "window": window,
                                 "offered": offered, "capacity": capacity, "load": load,
                                 "unstable": bool(unstable)})
    summary = pd.DataFrame(summary_rows, columns=["kind", "scope", "window", "offered",
                                                  "capacity", "load", "unstable"])
    return Stability(records=records, summary=summary, warnings=tuple(warnings))


def check(result: Any, *, lang: str = "id") -> Stability:
    """:func:`assess` of :func:`stability_records` of ``result``: the one call for a run.

    A result whose log was streamed to Parquet is read back one row group at a time.
    """
    return assess(stability_records(result), pool_names=pool_names(result.scenario),
                  lang=lang)


def pool_names(scenario: Any) -> dict[str, str]:
    """Pool id -> its name in the scenario, else the name of the lane it stands for (lanes
    of subprocess lane sets included)."""
    names = {lane.id: lane.name for d in scenario.definitions
             for proc in d.processes.values() for lane in proc.iter_lanes(subprocesses=True)
             if lane.name}
    names.update({p.id: p.name for p in scenario.pools.values() if p.name})
    return names


def verdict_lines(result: Any, *, lang: str = "id") -> list[str]:
    """The stability verdict of ``result`` as lines for the top of ``simulate``'s page:
    every finding when unstable, else one line naming the most loaded pool."""
    st = check(result, lang=lang)
    if st.warnings:
        return list(st.warnings)
    t = _TEXT["en" if lang == "en" else "id"]
    pools = st.summary[st.summary["kind"] == "pool"]
    if not len(pools):
        return [t["none"]]
    top = pools.loc[pools["load"].idxmax()]
    name = pool_names(result.scenario).get(str(top["scope"]))
    return [t["stable"].format(label=name or str(top["scope"]),
                               load=persen(float(top["load"]), 0, lang=lang))]


#: the public name of :func:`check` (``probisnis.check_stability``)
check_stability = check
