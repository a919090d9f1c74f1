"""Is the simulated system stable? Offered load against capacity, and growing work in progress.

A queue whose work arrives faster than its people can do it grows without bound: its
waiting times depend on how long one simulates, not on the process, and every average
of such a run misleads. Two checks, per replication, over the *arrival window* (from the
start to the last arrival: after it a case-count run only drains):

* **pool load**: the work the tasks enabled at a pool in the window ask for (their
  mean working duration, as the scenario states it) against what the pool can give in
  the window (its working time x people x availability, x the mean number of tasks a
  person holds when work is always waiting for a pool whose people multitask:
  :func:`probisnis.sim.multitask.at_saturation`). A load of 100 % or more means the queue
  keeps growing.
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
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.present.numbers import angka, persen
from probisnis.sim.columns import Coded, Columns, columns_of, distinct, groups
from probisnis.sim.kpi_inputs import ByReplication, calendar_in
from probisnis.sim.multitask import weekly_at_saturation

if TYPE_CHECKING:
    import pandas as pd

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
    from probisnis.sim.check import compiled_for

    compiled = compiled_for(result.scenario)  # the run's own, when it was compiled
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
    import pandas as pd

    return pd.DataFrame(_records(result, efforts), columns=list(STABILITY_COLUMNS))


def _records(result: Any, efforts: dict[tuple[str, str], float] | None = None
             ) -> list[dict[str, Any]]:
    """The rows of :func:`stability_records`, as dicts (no pandas)."""
    efforts = efforts if efforts is not None else _mean_effort(result)
    rows: list[dict[str, Any]] = []
    res = _light(result, "resources")
    res_rep = res.array("replication", np.int64)
    res_name, res_count = res.array("resource"), res.array("count", float)
    res_avail = res.array("availability", float)
    windows = _windows(_case_chunks(result))
    work = _offered_work(_log_chunks(result), windows, efforts)
    system = _system_counts(_case_chunks(result), windows)
    # a person holding several tasks at once gets through more than one person's work
    pools = getattr(getattr(result, "scenario", None), "pools", {})
    at_once = {pid: weekly_at_saturation(p, _weekly(result.calendars.get(pid)))
               for pid, p in pools.items() if p.multitask or p.multitask_hours}
    for rep, window in windows.items():
        offered = work.get(rep, {})
        for i in np.flatnonzero(res_rep == rep).tolist():
            name = str(res_name[i])
            cal = calendar_in(result.calendars.get(name), rep)  # (a presence: rep's own)
            working = cal.working_between(0.0, window) if cal is not None else window
            capacity = working * float(res_count[i]) * float(res_avail[i]) * at_once.get(name, 1)
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
    return rows


def _weekly(cal: Any) -> Any:
    """The weekly periods of a pool's calendar (a presence: the hours its person may be
    present, the same in every replication)."""
    if isinstance(cal, ByReplication):
        cal = next(iter(cal.calendars.values()), None)
    return getattr(cal, "weekly", None)


def _light(result: Any, table: str) -> Columns:
    """``result``'s ``table`` as light columns (no DataFrame made for it)."""
    light = getattr(result, "light", None)
    return light(table) if light is not None else columns_of(getattr(result, table), (), table)


def _arrow_columns(table: Any) -> Columns:
    """A pyarrow Table's columns as light columns (strings as codes)."""
    import pyarrow as pa

    data: dict[str, Any] = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            enc = col.combine_chunks().dictionary_encode()
            codes = enc.indices.to_numpy(zero_copy_only=False)
            codes = np.where(enc.indices.is_null().to_numpy(zero_copy_only=False), -1, codes)
            data[name] = Coded(codes.astype(np.int64), enc.dictionary.to_pylist())
        else:
            data[name] = col.to_numpy()
    return Columns(data, rows=table.num_rows)


def _case_chunks(result: Any) -> Iterator[Columns]:
    """The case table of ``result``: in memory, or (a streamed run) its Parquet file a slice
    at a time."""
    path = getattr(result, "cases_path", None)
    cases = _light(result, "cases")
    if len(cases) == 0 and path:
        from probisnis.sim.logsink import SLICE_ROWS, iter_slices

        for table in iter_slices(path, ["replication", "arrival", "end"], 5 * SLICE_ROWS,
                                 what="case table"):
            yield _arrow_columns(table)
    else:
        yield cases


def _windows(chunks: Iterable[Columns]) -> dict[int, float]:
    """Per replication, the last arrival (the window measured), where there are at least two
    cases and not all at one instant (else no arrival rate to compare)."""
    last: dict[int, float] = {}
    count: dict[int, int] = {}
    for cases in chunks:
        rep = cases.array("replication", np.int64)
        arrival = cases.array("arrival", float)
        for r in distinct(rep).tolist():
            mine = arrival[rep == r]
            count[r] = count.get(r, 0) + len(mine)
            top = float(np.nanmax(mine, initial=-np.inf))
            last[r] = max(last.get(r, -np.inf), top)
    return {r: t for r, t in sorted(last.items()) if count[r] >= 2 and t > 0}


def _system_counts(chunks: Iterable[Columns], windows: dict[int, float]
                   ) -> dict[int, tuple[float, float, float, float]]:
    """Per replication: cases arrived and finished in the second half of the window, and
    cases open at its middle and at its end."""
    out = {r: [0.0, 0.0, 0.0, 0.0] for r in windows}
    for cases in chunks:
        rep = cases.array("replication", np.int64)
        arrival = cases.array("arrival", float)
        ends = cases.array("end", float)
        for r in distinct(rep).tolist():
            if r not in windows:
                continue
            window = windows[r]
            half = window / 2
            mine = rep == r
            arr, end = arrival[mine], ends[mine]
            acc = out[r]
            acc[0] += float(((arr > half) & (arr <= window)).sum())
            acc[1] += float(((end > half) & (end <= window)).sum())
            acc[2] += float(((arr <= half) & ~(end <= half)).sum())
            acc[3] += float(((arr <= window) & ~(end <= window)).sum())
    return {r: (a[0], a[1], a[2], a[3]) for r, a in out.items()}


_LOG_NEEDS = ["replication", "process_id", "element_id", "resource", "enable", "start", "end"]


def _log_chunks(result: Any) -> Iterator[Columns]:
    """The log of ``result`` in pieces: its in-memory log, else its Parquet log one row
    group at a time (only the columns needed), so a streamed run is never read whole."""
    log = _light(result, "log")
    if len(log) == 0 and getattr(result, "log_path", None):
        from probisnis.sim.logsink import iter_log_tables

        for table in iter_log_tables(result.log_path, columns=_LOG_NEEDS):
            yield _arrow_columns(table)
    else:  # in slices: the per-row temporaries of the grouping stay small
        for first in range(0, len(log), _SLICE_ROWS):
            yield log.take(slice(first, first + _SLICE_ROWS))


#: rows of an in-memory log measured at a time
_SLICE_ROWS = 200_000


def _offered_work(chunks: Iterable[Columns], windows: dict[int, float],
                  efforts: dict[tuple[str, str], float]) -> dict[int, dict[str, float]]:
    """Replication -> pool -> the work asked for by the instances enabled in the window:
    each instance's mean effort from the scenario, else (an activity the scenario lacks)
    its logged duration. Counted per activity and pool (no Python object per row)."""
    total: dict[tuple[int, str, str, str], list[float]] = {}
    for lg in chunks:
        rep = lg.array("replication", np.int64)
        reps, inverse = np.unique(rep, return_inverse=True)
        window = np.array([windows.get(int(r), math.nan) for r in reps])[inverse]
        resource = lg.coded("resource")
        named = np.array([str(n) != "" for n in resource.names] + [False])[resource.codes]
        keep = (lg.array("enable", float) <= window) & named  # NaN window: not measured
        if not keep.any():
            continue
        process, element = lg.coded("process_id"), lg.coded("element_id")
        done = (lg.array("end", float) - lg.array("start", float))[keep]
        found, group = groups(rep[keep], process.codes[keep], element.codes[keep],
                              resource.codes[keep])
        size = np.bincount(group)
        # NaN durations (instances not done) count as missing in the sum, as pandas does
        summed = np.bincount(group, weights=np.where(np.isnan(done), 0.0, done))
        for (r, p, e, pool), n, d in zip(found.tolist(), size.tolist(), summed.tolist(),
                                         strict=True):
            key = (int(r), _name(process, p), _name(element, e), _name(resource, pool))
            acc = total.setdefault(key, [0.0, 0.0])
            acc[0] += n
            acc[1] += d
    out: dict[int, dict[str, float]] = {}
    for (r, p, e, pool), (size_, sum_) in sorted(total.items()):
        effort = efforts.get((p, e), math.nan)
        work = sum_ if math.isnan(effort) else effort * size_
        mine = out.setdefault(r, {})
        mine[pool] = mine.get(pool, 0.0) + work
    return out


def _name(column: Coded, code: int) -> str:
    return str(column.names[code]) if code >= 0 else "nan"


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
    import pandas as pd

    summary_rows, warnings = _assess(records.to_dict("records") if len(records) else [],
                                     pool_names or {}, lang)
    summary = pd.DataFrame(summary_rows, columns=list(_SUMMARY_COLUMNS))
    return Stability(records=records, summary=summary, warnings=tuple(warnings))


_SUMMARY_COLUMNS = ("kind", "scope", "window", "offered", "capacity", "load", "unstable")


def _mean(values: list[float]) -> float:
    """The mean of the values that are not NaN (NaN when none is)."""
    kept = [v for v in values if not math.isnan(v)]
    return float(np.sum(np.array(kept)) / len(kept)) if kept else math.nan


def _assess(records: list[dict[str, Any]], names: dict[str, str], lang: str
            ) -> tuple[list[dict[str, Any]], list[str]]:
    """The summary rows (per kind and scope, in order of first appearance) and the
    warnings of :func:`assess`, from records as dicts (no pandas)."""
    t = _TEXT["en" if lang == "en" else "id"]
    summary_rows = []
    warnings: list[str] = []
    grouped: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for rec in records:
        grouped.setdefault((rec["kind"], rec["scope"]), []).append(rec)
    for (kind, scope), g in grouped.items():
        def mean(column: str, g: list[dict[str, Any]] = g) -> float:
            return _mean([float(r[column]) for r in g])

        window = mean("window")
        offered, capacity = mean("offered"), mean("capacity")
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
            wip0, wip1 = mean("wip_start"), mean("wip_end")
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
    return summary_rows, warnings


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
    summary, warnings = _assess(_records(result), pool_names(result.scenario), lang)
    if warnings:
        return list(warnings)
    t = _TEXT["en" if lang == "en" else "id"]
    pools = [row for row in summary if row["kind"] == "pool"]
    if not pools:
        return [t["none"]]
    loads = [row["load"] for row in pools if not math.isnan(row["load"])]
    top = pools[[row["load"] for row in pools].index(max(loads))] if loads else pools[0]
    name = pool_names(result.scenario).get(str(top["scope"]))
    return [t["stable"].format(label=name or str(top["scope"]),
                               load=persen(float(top["load"]), 0, lang=lang))]


#: the public name of :func:`check` (``probisnis.check_stability``)
check_stability = check
