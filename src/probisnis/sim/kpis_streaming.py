"""The one KPI accumulator: :class:`StreamingKpis` takes an event log in chunks and gives
the per-replication KPI table (``kpis()`` in :mod:`probisnis.sim.kpis` feeds it the whole log).

Definitions, warm-up and observation window: see :mod:`probisnis.sim.kpis` and
``docs/kpis.md``.

It reads the tables as light :class:`~probisnis.sim.columns.Columns` (numpy arrays, names as
codes; a DataFrame given is turned into them) and groups with numpy: :meth:`StreamingKpis.rows`
gives the KPI table as tuples without importing pandas (what ``probisnis simulate`` prints),
:meth:`StreamingKpis.result` the same rows as a DataFrame.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.errors import SimulationError, UsageError, say
from probisnis.sim.columns import Coded, Columns, columns_of, distinct, groups
from probisnis.sim.kpi_inputs import (
    CASE_COLUMNS,
    LOG_COLUMNS,
    PERIOD_SECONDS,
    RESOURCE_COLUMNS,
    SECONDS,
    UTILIZATION_WINDOWS,
    ByReplication,
    CalendarLike,
    calendar_in,
    check_cases,
    check_log,
    clip,
    horizons,
    row_working_seconds,
    working_seconds,
)
from probisnis.sim.kpis_batches import BatchKey, once_per_batch
from probisnis.sim.stats import REPLICATION_KPI_COLUMNS, Moments

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KpiRow", "StreamingKpis", "kpi_frame"]

#: one row of the per-replication KPI table: replication, name, scope, value, n, std, unit
KpiRow = tuple[int, str, str, float, float, float, str]

# interval kinds summed over the observation window: name -> (from, to, group column)
_WINDOW_INTERVALS: dict[str, tuple[str, str, str]] = {
    "lane_wip": ("enable", "end", "lane"),
    "lane_queue_length": ("enable", "start", "lane"),
    "queue_length": ("enable", "start", "resource"),
    "busy": ("start", "end", "resource"),
}


def kpi_frame(rows: list[KpiRow]) -> pd.DataFrame:
    """The per-replication KPI table (:data:`REPLICATION_KPI_COLUMNS`) of ``rows``."""
    import pandas as pd

    out = pd.DataFrame(rows, columns=list(REPLICATION_KPI_COLUMNS))
    return out.astype({"replication": "int64", "value": float, "n": float, "std": float})


def _number(value: Any, default: float) -> float:
    """``value`` as a float; ``default`` when it is missing (None or NaN)."""
    if value is None:
        return default
    v = float(value)
    return default if math.isnan(v) else v


def _by_rep(rep: np.ndarray, table: Mapping[int, float]) -> np.ndarray:
    """``table[rep_i]`` for each row (NaN where the table lacks the replication)."""
    reps, inverse = np.unique(rep, return_inverse=True)
    return np.array([table.get(int(r), math.nan) for r in reps], dtype=float)[inverse]


class StreamingKpis:
    """Accumulate KPIs over an event log fed in chunks; ``result()`` equals :func:`kpis`.

    The case and resource tables are small (one row per case / resource) and are
    given up front: they fix the warm-up cut and which cases count. The log itself
    is never held: per activity and resource only running moments and sums are kept
    (plus, per case, its cost and per phase its first enable and last end for phase WIP,
    in arrays as long as the case table; and the few activity instances still open at the
    horizon).
    """

    def __init__(
        self,
        cases: Any,
        resources: Any = None,
        *,
        calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
        process_calendar: CalendarLike | None = None,
        horizon: float | Mapping[int, float] | None = None,
        warmup_cases: int = 0,
        period: str = "day",
        utilization_window: str = "run",
        parallel_batches: Collection[str] = (),
    ) -> None:
        #: tasks done in parallel batches: their rows of one person starting together are
        #: one piece of work (busy time counted once, see :mod:`~probisnis.sim.kpis_batches`)
        self._parallel = frozenset(parallel_batches)
        #: (replication, person, task, start) of each parallel batch seen -> (enabling
        #: time, window-clipped end) of its last case seen so far: its busy time counted
        self._batch_ends: dict[BatchKey, tuple[float, float]] = {}
        if period not in PERIOD_SECONDS:
            raise UsageError(f"period must be one of {sorted(PERIOD_SECONDS)}, got {period!r}")
        if utilization_window not in UTILIZATION_WINDOWS:
            raise UsageError(f"utilization_window must be one of "
                             f"{', '.join(UTILIZATION_WINDOWS)}, got {utilization_window!r}")
        self._utilization_window = utilization_window
        #: per replication, the first start of an instance done by a pool (a person's first
        #: task: where the "tasks" utilisation window begins)
        self._first_start: dict[int, float] = {}
        if warmup_cases < 0:
            raise UsageError(f"warmup_cases must be >= 0, got {warmup_cases}")
        cases = columns_of(cases, CASE_COLUMNS, "case table")  # read, never changed
        check_cases(cases)
        if resources is None:
            resources = {c: [] for c in RESOURCE_COLUMNS}
        self._resources = columns_of(resources, RESOURCE_COLUMNS, "resource table")
        self._calendars: dict[str, CalendarLike | ByReplication] = dict(calendars or {})
        self._process_calendar = process_calendar
        self._has_calendar = bool(self._calendars) or process_calendar is not None
        self._horizon = horizons(horizon, cases)
        self._period = period
        self._cases = cases
        c_rep = cases.array("replication", np.int64)
        c_case = cases.array("case_id", np.int64)
        #: (replication, case_id) of every case as one sorted int64 key (see _keys)
        self._case_keys = np.sort(_keys(c_rep, c_case))
        if len(self._case_keys) > 1 and not (np.diff(self._case_keys) > 0).all():
            i = int(np.flatnonzero(np.diff(self._case_keys) == 0)[0])
            rep, case = divmod(int(self._case_keys[i]), 1 << 40)
            raise SimulationError(f"case {case} appears twice in replication {rep}")
        self._t0: dict[int, float] = {}
        dropped: list[np.ndarray] = []
        arrival = cases.array("arrival", float)
        for rep in distinct(c_rep).tolist():
            if not warmup_cases:
                self._t0[int(rep)] = 0.0
                continue
            at = np.flatnonzero(c_rep == rep)
            if warmup_cases >= len(at):
                raise UsageError(say(
                    f"warmup_cases={warmup_cases} membuang seluruh {len(at)} kasus replikasi "
                    f"{rep}: kurangi kasus pemanasan (--warmup-cases) atau tambah kasus "
                    "(--cases)",
                    f"warmup_cases={warmup_cases} deletes all {len(at)} cases of "
                    f"replication {rep}"))
            order = at[np.lexsort((c_case[at], arrival[at]))]  # by arrival, ties by case id
            dropped.append(_keys(c_rep[order[:warmup_cases]], c_case[order[:warmup_cases]]))
            self._t0[int(rep)] = float(arrival[order[warmup_cases]])
        #: (replication, case_id) keys of the cases deleted by the warm-up, sorted
        self._dropped = np.sort(np.concatenate(dropped)) if dropped else np.zeros(0, np.int64)
        self._moments: dict[tuple[int, str, str], Moments] = {}
        self._sums: dict[tuple[int, str, str], float] = {}
        self._open: list[Columns] = []
        #: per phase code, indexed like ``_case_keys``: first enable, last end (NaN: not
        #: seen / not ended) and whether an instance is still open, of each case in that phase
        self._span_first: list[np.ndarray] = []
        self._span_last: list[np.ndarray] = []
        self._span_open: list[np.ndarray] = []
        self._phases: dict[str, int] = {}
        #: cost of each case, indexed like ``_case_keys`` (allocated when costs exist)
        self._case_cost: np.ndarray | None = None
        self._last: dict[int, float] = {}
        self._set_rates(self._resources)

    def _set_rates(self, resources: Columns) -> None:
        """Cost per second and availability of each pool (its first row in ``resources``)."""
        names = resources.array("resource")
        rates = resources.array("cost_per_hour")
        avail = resources.array("availability")
        self._cost_rate: dict[str, float] = {}
        self._availability: dict[str, float] = {}
        for name, rate, share in zip(names.tolist(), rates.tolist(), avail.tolist(),
                                     strict=True):
            self._cost_rate.setdefault(str(name), _number(rate, 0.0) / 3600.0)
            self._availability.setdefault(str(name), _number(share, 1.0))
        self._with_cost = any(v > 0 for v in self._cost_rate.values())

    # ------------------------------------------------------------------ feeding
    def update(self, chunk: Any) -> None:
        """Add a slice of the event log (any rows, any order, any replications): light
        :class:`~probisnis.sim.columns.Columns`, a DataFrame or ``{column: array}``."""
        df = columns_of(chunk, LOG_COLUMNS, "event log chunk")
        if not len(df):
            return
        check_log(df)
        rep = df.array("replication", np.int64)
        unknown = sorted(set(distinct(rep).tolist()) - set(self._t0))
        if unknown:
            raise SimulationError(
                f"event log has replication(s) {unknown} that the case table lacks"
            )
        case_ids = df.array("case_id", np.int64)
        position, known = _positions(_keys(rep, case_ids), self._case_keys)
        if not known.all():
            i = int(np.flatnonzero(~known)[0])
            raise SimulationError(
                f"event log has case {case_ids[i]} of replication {rep[i]} that the case "
                "table lacks",
                element_id=str(df.coded("element_id").name(i)),
            )
        if len(self._resources):
            pools = {str(n) for n in self._resources.array("resource").tolist()}
            stray = sorted(set(df.coded("resource").used()) - pools)
            if stray:
                raise SimulationError(
                    f"event log uses resource(s) {stray} that the resource table lacks"
                )
        retained = self._retained(rep, case_ids)
        w_proc = self._update_rows(df, rep, retained)
        self._update_cases(df, position, len(self._case_keys), w_proc)

    def _update_rows(self, df: Columns, rep: np.ndarray, retained: np.ndarray
                     ) -> np.ndarray | None:
        """The per-row part of :meth:`update` (moments, window sums, open instances, first
        start and last time); return the rows' working processing time (None without
        calendars)."""
        enable = df.array("enable", float)
        start = df.array("start", float)
        end = df.array("end", float)
        reps, inverse = np.unique(rep, return_inverse=True)
        last = np.full(len(reps), -math.inf)
        np.fmax.at(last, inverse, np.fmax(np.fmax(enable, start), end))
        first = np.full(len(reps), math.inf)
        np.fmin.at(first, inverse, np.where(df.coded("resource").present(), start, np.nan))
        for r, t, f in zip(reps.tolist(), last.tolist(), first.tolist(), strict=True):
            self._last[int(r)] = max(self._last.get(int(r), -math.inf), t)
            if f < math.inf:
                self._first_start[int(r)] = min(self._first_start.get(int(r), math.inf), f)

        element = df.coded("element_id")
        waiting = start - enable
        processing = end - start
        self._add_moments("waiting_time", rep, element, waiting, retained)
        self._add_moments("processing_time", rep, element, processing, retained)
        w_proc: np.ndarray | None = None
        if self._has_calendar:
            w_wait = self._calendar_seconds(df, enable, start)
            w_proc = self._calendar_seconds(df, start, end)
            self._add_moments("waiting_time_working", rep, element, w_wait, retained)
            self._add_moments("processing_time_working", rep, element, w_proc, retained)

        for key, v in self._window_sums(df, fill_open=False, busy=w_proc).items():
            self._sums[key] = self._sums.get(key, 0.0) + v
        is_open = np.isnan(start) | np.isnan(end)
        if is_open.any():
            self._open.append(df.take(np.flatnonzero(is_open)))
        return w_proc

    def _update_cases(self, df: Columns, position: np.ndarray, n_cases: int,
                      w_proc: np.ndarray | None) -> None:
        """The per-case part of :meth:`update`: each row's case (at ``position`` in arrays of
        ``n_cases``) gets its phase spans and its cost."""
        enable = df.array("enable", float)
        start = df.array("start", float)
        end = df.array("end", float)
        phase = self._phase_codes(df.coded("process_id"))
        while len(self._span_first) < len(self._phases):
            self._span_first.append(np.full(n_cases, np.nan))
            self._span_last.append(np.full(n_cases, np.nan))
            self._span_open.append(np.zeros(n_cases, dtype=bool))
        ended = np.isnan(end)
        for code in distinct(phase).tolist():
            if code == phase[0] and code == phase[-1] and (phase == code).all():
                at, a, b, o = position, enable, end, ended  # one phase: no selection
            else:
                sel = phase == code
                at, a, b, o = position[sel], enable[sel], end[sel], ended[sel]
            np.fmin.at(self._span_first[code], at, a)
            np.fmax.at(self._span_last[code], at, b)
            np.logical_or.at(self._span_open[code], at, o)
        if self._with_cost:
            res = df.coded("resource")
            per_name = [self._cost_rate.get(str(n), 0.0) * self._availability.get(str(n), 1.0)
                        for n in res.names]
            rate = np.array([*per_name, 0.0], dtype=float)[res.codes]
            proc = w_proc if w_proc is not None else self._calendar_seconds(df, start, end)
            cost = np.where(np.isnan(proc), 0.0, proc) * rate
            if self._case_cost is None:
                self._case_cost = np.zeros(n_cases)
            np.add.at(self._case_cost, position, cost)

    def _phase_codes(self, process_id: Coded) -> np.ndarray:
        """A small integer per process id (stable over chunks: ``self._phases``)."""
        table = np.full(len(process_id.names) + 1, -1, dtype=np.int64)
        for code in distinct(process_id.codes).tolist():
            name = str(process_id.names[code]) if code >= 0 else "None"
            table[code] = self._phases.setdefault(name, len(self._phases))
        return table[process_id.codes]

    def _retained(self, rep: np.ndarray, case_id: np.ndarray) -> np.ndarray:
        """Mask of the rows whose case survives the warm-up deletion."""
        if not len(self._dropped):
            return np.ones(len(rep), dtype=bool)
        _, dropped = _positions(_keys(rep, case_id), self._dropped)
        return ~dropped

    def _add_moments(
        self, name: str, rep: np.ndarray, scope: Coded, values: np.ndarray,
        retained: np.ndarray,
    ) -> None:
        ok = retained & ~np.isnan(values)
        if not ok.any():
            return
        v = values[ok]
        keys, group = groups(rep[ok], scope.codes[ok])
        n = np.bincount(group)
        mean = np.bincount(group, weights=v) / n
        m2 = np.bincount(group, weights=(v - mean[group]) ** 2)
        for (r, code), count, mu, sq in zip(keys.tolist(), n.tolist(), mean.tolist(),
                                            m2.tolist(), strict=True):
            s = str(scope.names[code]) if code >= 0 else "None"
            m = self._moments.setdefault((int(r), name, s), Moments())
            m.merge(int(count), float(mu), float(sq))

    def drawn_calendar(self, pool: str, replication: int, calendar: CalendarLike) -> None:
        """Pool ``pool``'s calendar in replication ``replication`` is ``calendar`` (a
        presence, drawn anew in each replication): its rows of that replication are read
        under it."""
        old = self._calendars.get(pool)
        mine = ByReplication({replication: calendar})  # type: ignore[dict-item]
        self._calendars[pool] = old.joined(mine) if isinstance(old, ByReplication) else mine
        self._has_calendar = True

    def _calendar_for(self, resource: Any, replication: int) -> CalendarLike | None:
        if isinstance(resource, str) and resource in self._calendars:
            return calendar_in(self._calendars[resource], replication)
        return self._process_calendar

    def _calendar_seconds(self, df: Columns, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``b - a`` in working seconds of each row's calendar (plain seconds when there are
        no calendars at all; NaN for a row without a calendar)."""
        if not self._has_calendar:
            with np.errstate(invalid="ignore"):
                return np.where(np.isnan(a) | np.isnan(b), np.nan, np.maximum(b - a, 0.0))
        return row_working_seconds(
            df.coded("resource"), a, b, self._calendars, self._process_calendar,
            df.array("replication", np.int64),
        )

    def _t1_bound(self) -> dict[int, float]:
        return {r: self._horizon.get(r, math.inf) for r in self._t0}

    def _window_sums(
        self,
        df: Columns,
        *,
        fill_open: bool,
        t1: Mapping[int, float] | None = None,
        busy: np.ndarray | None = None,
    ) -> dict[tuple[int, str, str], float]:
        """Sum, per replication, kind and key, the interval lengths inside the window
        (closed intervals, or with ``fill_open`` the open ones ending at ``t1``)."""
        sums: dict[tuple[int, str, str], float] = {}
        rep = df.array("replication", np.int64)
        t0 = _by_rep(rep, self._t0)
        bound = t1 if t1 is not None else self._t1_bound()
        t1v = _by_rep(rep, bound)
        for kind, (a_col, b_col, key_col) in _WINDOW_INTERVALS.items():
            a = df.array(a_col, float)
            b = df.array(b_col, float)
            keys = df.coded(key_col)
            has_key = keys.present()
            if fill_open:
                mask = has_key & ~np.isnan(a) & np.isnan(b)
                b = np.where(mask, t1v, b)
            else:
                mask = has_key & ~np.isnan(a) & ~np.isnan(b)
            if not mask.any():
                continue
            lo, hi = clip(a, b, t0, t1v)
            if kind == "busy" and self._has_calendar:
                # reuse the instance's working time unless the window cuts it
                length = np.full(len(df), np.nan)
                cut = mask.copy()
                if busy is not None and not fill_open:
                    uncut = mask & (lo == a) & (hi == b)
                    length[uncut] = busy[uncut]
                    cut &= ~uncut
                if cut.any():
                    idx = np.flatnonzero(cut)
                    length[idx] = self._calendar_seconds(df.take(idx), lo[idx], hi[idx])
                length = np.where(np.isnan(length), hi - lo, length)
            else:
                length = hi - lo
            if kind == "busy" and self._parallel:
                ends = self._batch_ends if not fill_open else dict(self._batch_ends)
                once_per_batch(df, mask, lo, hi, length, parallel=self._parallel, ends=ends,
                               seconds=self._calendar_seconds if self._has_calendar else None)
            if kind == "busy":  # a person on a task gives it `availability` of that time
                share = np.array([self._availability.get(str(n), 1.0) for n in keys.names]
                                 + [1.0], dtype=float)[keys.codes]
                length = length * share
            found, group = groups(rep[mask], keys.codes[mask])
            total = np.bincount(group, weights=length[mask])
            for (r, code), v in zip(found.tolist(), total.tolist(), strict=True):
                key = (int(r), kind, str(keys.names[code]))
                sums[key] = sums.get(key, 0.0) + float(v)
        return sums

    # ------------------------------------------------------------------ result
    def result(self) -> pd.DataFrame:
        """Return the per-replication KPI table (see the module docstring)."""
        return kpi_frame(self.rows())

    def rows(self) -> list[KpiRow]:
        """The per-replication KPI table as tuples (:data:`REPLICATION_KPI_COLUMNS`)."""
        cases = self._cases
        rows: list[KpiRow] = []
        # the case table as columns, and each replication's rows as positions (a slice when
        # there is one): no per-replication copy of the table
        c_rep = cases.array("replication", np.int64)
        c_case = cases.array("case_id", np.int64)
        c_arrival = cases.array("arrival", float)
        c_end = cases.array("end", float)
        status = cases.coded("status")
        c_finished = status.equals("finished")
        c_failed = status.equals("failed")
        reps = sorted(int(r) for r in distinct(c_rep))
        where: dict[int, slice | np.ndarray] = (
            {reps[0]: slice(None)} if len(reps) == 1
            else {r: np.flatnonzero(c_rep == r) for r in reps}
        )
        t1: dict[int, float] = {}
        for r in reps:
            if r in self._horizon:
                t1[r] = self._horizon[r]
            else:
                at = where[r]
                t1[r] = float(max(np.nanmax(c_arrival[at], initial=-math.inf),
                                  np.nanmax(c_end[at], initial=-math.inf),
                                  self._last.get(r, -math.inf)))
        sums = dict(self._sums)
        if self._open:
            opened = Columns.concat(self._open)
            for key, v in self._window_sums(opened, fill_open=True, t1=t1).items():
                sums[key] = sums.get(key, 0.0) + v
        period_s = PERIOD_SECONDS[self._period]
        for r in reps:
            t0, t1r = self._t0[r], t1[r]
            window = t1r - t0
            at = where[r]
            keep = self._retained(c_rep[at], c_case[at])
            done = keep & c_finished[at]
            arrival = c_arrival[at][done]
            end = c_end[at][done]
            done_ids = c_case[at][done]
            rows.append(_moment_row(r, "cycle_time", "process", end - arrival, SECONDS))
            if self._process_calendar is not None:
                rows.append(
                    _moment_row(
                        r, "cycle_time_working", "process",
                        working_seconds(self._process_calendar, arrival, end), SECONDS,
                    )
                )
            if self._with_cost:
                case_cost = np.zeros(len(done_ids))
                if self._case_cost is not None:
                    want = _keys(np.full(len(done_ids), r, dtype=np.int64), done_ids)
                    case_cost = self._case_cost[np.searchsorted(self._case_keys, want)]
                rows.append(_moment_row(r, "cost", "process", case_cost, "IDR"))
            for name in (
                "waiting_time", "processing_time", "waiting_time_working",
                "processing_time_working",
            ):
                for (mr, mname, scope), m in sorted(self._moments.items()):
                    if mr == r and mname == name:
                        rows.append((r, name, scope, m.mean, float(m.n), m.std, SECONDS))
            failed = float(c_failed[at].sum())
            rows.append((r, "failed_cases", "process", failed, failed, math.nan, "cases"))
            if window <= 0:
                continue
            all_end = c_end[at]
            finished_in = c_finished[at] & (all_end >= t0) & (all_end <= t1r)
            rows.append(
                (r, "throughput", "process", float(finished_in.sum()) / (window / period_s),
                 float(finished_in.sum()), math.nan, f"cases/{self._period}")
            )
            lo, hi = clip(c_arrival[at], np.where(np.isnan(all_end), t1r, all_end), t0, t1r)
            rows.append(
                (r, "wip", "process", float((hi - lo).sum()) / window, float(len(all_end)),
                 math.nan, "cases")
            )
            del lo, hi, all_end, finished_in
            names = list(self._phases)
            lo_r, hi_r = np.searchsorted(self._case_keys, [_key(r, 0), _key(r + 1, 0)])
            for code in sorted(range(len(names)), key=lambda c: names[c]):
                first = self._span_first[code][lo_r:hi_r]
                seen = ~np.isnan(first)
                count = int(seen.sum())
                if not count:
                    continue
                last = np.where(self._span_open[code][lo_r:hi_r], t1r,
                                self._span_last[code][lo_r:hi_r])[seen]
                lo, hi = clip(first[seen], last, t0, t1r)
                spent = float(np.bincount(np.zeros(count, dtype=np.int64), weights=hi - lo)[0])
                rows.append((r, "phase_wip", names[code], spent / window, float(count),
                             math.nan, "cases"))
                del first, seen, last, lo, hi
            for kind, unit in (
                ("lane_wip", "instances"),
                ("lane_queue_length", "instances"),
                ("queue_length", "instances"),
            ):
                for (sr, sk, scope), total in sorted(sums.items()):
                    if sr == r and sk == kind:
                        rows.append((r, kind, scope, total / window, math.nan, math.nan, unit))
            rows.extend(self._utilization_rows(r, t0, t1r, sums))
        return rows

    def _utilization_rows(
        self, r: int, t0: float, t1: float, sums: Mapping[tuple[int, str, str], float]
    ) -> list[KpiRow]:
        res = self._resources
        mine = np.flatnonzero(res.array("replication", np.int64) == r)
        names = res.array("resource")
        available_all = res.array("available_seconds", float)
        rows: list[KpiRow] = []
        # the window's start: t0, or (Prosimos's window) the first task start after it; busy
        # time never lies before the first task start, so only the available time changes
        lo = t0
        if self._utilization_window == "tasks":
            lo = max(t0, min(self._first_start.get(r, t1), t1))
        for i in sorted(mine.tolist(), key=lambda k: str(names[k])):
            name = str(names[i])
            available = float(available_all[i])
            if lo > 0.0:  # the table covers [0, t1]; keep the share inside [lo, t1]
                cal = self._calendar_for(name, r)
                if cal is not None:
                    part, whole = working_seconds(cal, np.array([lo, 0.0]), np.array([t1, t1]))
                else:
                    part, whole = max(t1 - lo, 0.0), t1
                available = available * float(part) / float(whole) if whole > 0 else math.nan
            busy = sums.get((r, "busy", name), 0.0)
            value = busy / available if available > 0 else math.nan
            rows.append((r, "utilization", name, value, math.nan, math.nan, "fraction"))
        return rows


def _keys(rep: np.ndarray, case: np.ndarray) -> np.ndarray:
    """(replication, case id) as one int64 that sorts the same way (ids below 2**40)."""
    return rep.astype(np.int64) * (1 << 40) + case.astype(np.int64)


def _key(rep: int, case: int) -> int:
    return rep * (1 << 40) + case


def _positions(keys: np.ndarray, sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``keys`` is in ``sorted_keys`` (a binary search each: no hash of the
    cases), and which are there at all."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return at, np.asarray(sorted_keys[at] == keys)


def _moment_row(rep: int, name: str, scope: str, values: np.ndarray, unit: str) -> KpiRow:
    m = Moments()
    v = np.asarray(values, dtype=float)
    m.add_batch(v[~np.isnan(v)])
    mean = m.mean if m.n else math.nan
    return (rep, name, scope, mean, float(m.n), m.std, unit)
