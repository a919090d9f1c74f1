"""KPIs of a run while it goes: :class:`LiveKpis` holds state only for the cases still open.

:class:`~probisnis.sim.kpis_streaming.StreamingKpis` needs the whole case table up front (one
row per case: the warm-up cut, the phase spans and the cost of every case). A streamed run
(``simulate(..., cases_path=...)``, ``probisnis simulate --out DIR --stream``) feeds
:class:`LiveKpis` instead, at every chunk of the event log:

* the arrivals of the cases started since the last chunk (case ids in order),
* the log rows of the chunk,
* ``(case, arrival, end, failed)`` of the cases that ended since the last chunk.

Per-row statistics (waiting and processing times, queue lengths, lane WIP, busy time) are
the base class's; per-case statistics (cycle time, its working-time variant, cost, failed
cases, throughput, WIP, phase WIP) are added up when a case is *closed*: one chunk after it
ended (a row of a case cancelled by a failure may come a little after its end), and only
once the warm-up's ``t0`` is known. The arrays per case hold the open cases only; what is
kept per closed case is nothing. The result is the same table as :func:`kpis` on the whole
log and case table, exactly but for the order in which floating-point sums are added (a
few units in the last place; tested on the bundled scenarios and the permit benchmark).

Why it is exact without the window's end ``t1``: in a run every interval that has ended
ends at or before the replication's end, which is ``t1``; so cutting a closed interval to
``[t0, t1]`` needs ``t0`` only. Intervals still open at the end (cases in flight, instances
cut by the horizon) are measured in :meth:`finish`, when ``t1`` is known; :meth:`finish`
checks that no row ended after ``t1``.

The warm-up deletes the first N cases by arrival; case ids are given in arrival order (the
engine numbers cases as they arrive), so these are the cases with ids below N, and ``t0`` is
the arrival of case N. Before case N has arrived no interval reaches past ``t0``: rows of
such chunks add nothing to the window sums, and the cases closed then wait until ``t0`` is
known (at most the N warm-up cases and those ending meanwhile).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.errors import SimulationError, UsageError, say
from probisnis.sim.columns import Coded, Columns, columns_of
from probisnis.sim.kpi_inputs import (
    CASE_COLUMNS,
    LOG_COLUMNS,
    PERIOD_SECONDS,
    RESOURCE_COLUMNS,
    SECONDS,
    ByReplication,
    CalendarLike,
    check_log,
    clip,
    working_seconds,
)
from probisnis.sim.kpis_streaming import KpiRow, StreamingKpis
from probisnis.sim.stats import Moments

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LiveKpis"]

_Row = KpiRow


class _Closed:
    """What one replication keeps of its closed cases: moments, counts and sums."""

    def __init__(self) -> None:
        self.cycle = Moments()
        self.cycle_working = Moments()
        self.cost = Moments()
        self.cases = 0
        self.failed = 0
        self.finished_in = 0  # finished at or after t0 (and, as every end, before t1)
        self.wip = 0.0  # case-seconds inside the window
        self.phase_count: dict[int, int] = {}
        self.phase_spent: dict[int, float] = {}


class LiveKpis(StreamingKpis):
    """KPIs fed while the run goes (see the module docstring); ``result()`` equals
    :func:`probisnis.sim.kpis.kpis` on the run's whole log and case table."""

    def __init__(
        self,
        resources: Any = None,
        *,
        calendars: Mapping[str, CalendarLike | ByReplication] | None = None,
        process_calendar: CalendarLike | None = None,
        warmup_cases: int = 0,
        period: str = "day",
        utilization_window: str = "run",
        parallel_batches: Collection[str] = (),
    ) -> None:
        """``resources``: one row per pool (cost per hour and availability are read now;
        each replication's own rows are given to :meth:`finish`)."""
        empty = Columns({"case_id": np.zeros(0, np.int64),
                         "replication": np.zeros(0, np.int64), "arrival": np.zeros(0),
                         "end": np.zeros(0),
                         "status": Coded(np.zeros(0, np.int64), [], category=False)})
        super().__init__(empty, resources, calendars=calendars,
                         process_calendar=process_calendar, horizon=None, warmup_cases=0,
                         period=period, utilization_window=utilization_window,
                         parallel_batches=parallel_batches)
        self._warmup = int(warmup_cases)
        self._t0 = {}
        self._final: dict[int, Columns] = {}  # resource rows given to finish()
        self._closed: dict[int, _Closed] = {}
        self._t1: dict[int, float] = {}
        self._rep: int | None = None
        self._new_open()

    # ------------------------------------------------------------------ open cases
    def _new_open(self) -> None:
        self._ids = np.zeros(0, dtype=np.int64)  # sorted: cases arrive in id order
        self._arrival = np.zeros(0)
        self._end = np.zeros(0)  # NaN: still running
        self._failed = np.zeros(0, dtype=bool)
        self._due = np.zeros(0, dtype=bool)  # ended before the last chunk: close now
        self._span_first, self._span_last, self._span_open = [], [], []
        self._case_cost = None
        self._next_id = 0
        self._last_arrival = -math.inf

    def start(self, replication: int) -> None:
        """Begin a replication (one at a time)."""
        if self._rep is not None:
            raise UsageError(f"replication {self._rep} is not finished")
        if replication in self._closed:
            raise UsageError(f"replication {replication} was already fed")
        self._rep = replication
        self._closed[replication] = _Closed()
        self._new_open()
        if not self._warmup:
            self._t0[replication] = 0.0

    def feed(self, arrivals: np.ndarray, log: Any, ended: np.ndarray) -> None:
        """One chunk of the current replication: the arrival times of the next cases (ids
        go on from the last ones), its log rows (columns ``LOG_COLUMNS``) and the cases
        that ended, as an ``(n, 4)`` array of case id, arrival, end, failed (1.0)."""
        r = self._require()
        self._arrive(r, np.asarray(arrivals, dtype=float))
        if log is not None and len(log):
            self._rows(r, log)
        closing = self._due.copy()
        ended = np.asarray(ended, dtype=float).reshape(-1, 4)
        if len(ended):
            ids = ended[:, 0].astype(np.int64)
            at = np.searchsorted(self._ids, ids)
            if (at >= len(self._ids)).any() or (self._ids[np.minimum(at, len(self._ids) - 1)]
                                                != ids).any():
                raise SimulationError("a case ended that never arrived (internal error)")
            self._end[at] = ended[:, 2]
            self._failed[at] = ended[:, 3] > 0
            self._due[at] = True
        if r in self._t0 and closing.any():
            self._close(r, closing, t1=None)
        if self._batch_ends:
            self._forget_batches(r)

    def _forget_batches(self, r: int) -> None:
        """Forget the parallel batches (:mod:`probisnis.sim.kpis_batches`) no open case can add a
        row to any more: a batch's cases arrived before it started, so a batch that started
        before the oldest open case arrived has all its rows counted (memory stays with the
        batches of the open cases, not of the whole run; those of earlier replications stay for
        their rows still open at the end)."""
        oldest = float(self._arrival[0]) if len(self._arrival) else self._last_arrival
        ends = self._batch_ends
        done = [key for key in ends if key[0] == r and key[3] < oldest]
        for key in done:
            del ends[key]

    def finish(self, horizon: float, resources: Any) -> pd.DataFrame:
        """End the current replication at ``horizon`` (its end: where the window closes)
        with its resource rows; return the cases still in flight (``CASE_COLUMNS``)."""
        r = self._require()
        if r not in self._t0:
            raise UsageError(say(
                f"warmup_cases={self._warmup} membuang seluruh {self._next_id} kasus replikasi "
                f"{r}: kurangi kasus pemanasan (--warmup-cases) atau tambah kasus (--cases)",
                f"warmup_cases={self._warmup} deletes all {self._next_id} cases "
                f"of replication {r}"))
        t1 = float(horizon)
        last = self._last.get(r, -math.inf)
        if last > t1:
            raise SimulationError(f"replication {r} has an event at {last} s after its end "
                                  f"{t1} s (internal error)")
        self._t1[r] = t1
        import pandas as pd

        flight = np.isnan(self._end)
        inflight = pd.DataFrame({
            "case_id": self._ids[flight], "replication": np.full(int(flight.sum()), r),
            "arrival": self._arrival[flight], "end": self._end[flight],
            "status": np.full(int(flight.sum()), "in_flight", dtype=object),
        }, columns=list(CASE_COLUMNS))
        self._close(r, np.ones(len(self._ids), dtype=bool), t1=t1)
        self._final[r] = columns_of(resources, RESOURCE_COLUMNS, "resource table")
        self._rep = None
        self._new_open()
        return inflight

    def _require(self) -> int:
        if self._rep is None:
            raise UsageError("no replication started (call start(replication) first)")
        return self._rep

    def _arrive(self, r: int, times: np.ndarray) -> None:
        if not len(times):
            return
        if (np.diff(times) < 0).any() or times[0] < self._last_arrival:
            raise SimulationError("cases must be fed in the order they arrive")
        first = self._next_id
        self._next_id += len(times)
        self._last_arrival = float(times[-1])
        if r not in self._t0 and first <= self._warmup < self._next_id:
            self._t0[r] = float(times[self._warmup - first])
        n = len(times)
        self._ids = np.concatenate([self._ids, np.arange(first, first + n, dtype=np.int64)])
        self._arrival = np.concatenate([self._arrival, times])
        self._end = np.concatenate([self._end, np.full(n, np.nan)])
        self._failed = np.concatenate([self._failed, np.zeros(n, dtype=bool)])
        self._due = np.concatenate([self._due, np.zeros(n, dtype=bool)])
        self._span_first = [np.concatenate([a, np.full(n, np.nan)]) for a in self._span_first]
        self._span_last = [np.concatenate([a, np.full(n, np.nan)]) for a in self._span_last]
        self._span_open = [np.concatenate([a, np.zeros(n, dtype=bool)])
                           for a in self._span_open]
        if self._case_cost is not None:
            self._case_cost = np.concatenate([self._case_cost, np.zeros(n)])

    def _rows(self, r: int, chunk: Any) -> None:
        df = columns_of(chunk, LOG_COLUMNS, "event log chunk")
        check_log(df)
        rep = df.array("replication", np.int64)
        if (rep != r).any():
            raise SimulationError(f"log rows of another replication than {r}")
        case_ids = df.array("case_id", np.int64)
        at = np.minimum(np.searchsorted(self._ids, case_ids), max(len(self._ids) - 1, 0))
        if not len(self._ids) or (self._ids[at] != case_ids).any():
            bad = case_ids[~np.isin(case_ids, self._ids)][0]
            raise SimulationError(f"log row of case {bad}, which is not open (internal error)",
                                  element_id=str(df.coded("element_id").name(0)))
        retained = case_ids >= self._warmup
        # before case N has arrived no interval of this chunk reaches t0: any t0 at or past
        # the chunk's last time cuts them all to nothing (see the module docstring)
        guess = r not in self._t0
        if guess:
            times = np.stack([df.array(c, float) for c in ("enable", "start", "end")])
            self._t0[r] = float(np.nanmax(times)) if np.isfinite(times).any() else 0.0
        try:
            w_proc = self._update_rows(df, rep, retained)
        finally:
            if guess:
                del self._t0[r]
        self._update_cases(df, at, len(self._ids), w_proc)

    def _close(self, r: int, which: np.ndarray, *, t1: float | None) -> None:
        """Add the cases ``which`` (a mask over the open arrays) to the replication's sums
        and drop them; with ``t1`` None (while running) a case with an instance still open
        waits for :meth:`finish`."""
        if t1 is None and self._span_open:
            which = which & ~np.logical_or.reduce(self._span_open)
        if not which.any():
            return
        c = self._closed[r]
        t0 = self._t0[r]
        bound = math.inf if t1 is None else t1
        ids, arrival, end = self._ids[which], self._arrival[which], self._end[which]
        failed = self._failed[which]
        finished = ~failed & ~np.isnan(end)
        done = finished & (ids >= self._warmup)
        c.cases += len(ids)
        c.failed += int(failed.sum())
        c.cycle.add_batch(end[done] - arrival[done])
        if self._process_calendar is not None and done.any():
            c.cycle_working.add_batch(_finite(working_seconds(self._process_calendar,
                                                              arrival[done], end[done])))
        if self._with_cost:
            cost = (self._case_cost[which] if self._case_cost is not None
                    else np.zeros(len(ids)))
            c.cost.add_batch(cost[done])
        c.finished_in += int((finished & (end >= t0) & (end <= bound)).sum())
        lo, hi = clip(arrival, np.where(np.isnan(end), bound, end), t0, bound)
        c.wip += float((hi - lo).sum())
        for code in range(len(self._span_first)):
            first = self._span_first[code][which]
            seen = ~np.isnan(first)
            count = int(seen.sum())
            if not count:
                continue
            last = np.where(self._span_open[code][which], bound,
                            self._span_last[code][which])[seen]
            lo, hi = clip(first[seen], last, t0, bound)
            c.phase_count[code] = c.phase_count.get(code, 0) + count
            c.phase_spent[code] = c.phase_spent.get(code, 0.0) + float((hi - lo).sum())
        keep = ~which
        self._ids, self._arrival, self._end = self._ids[keep], self._arrival[keep], self._end[keep]
        self._failed, self._due = self._failed[keep], self._due[keep]
        self._span_first = [a[keep] for a in self._span_first]
        self._span_last = [a[keep] for a in self._span_last]
        self._span_open = [a[keep] for a in self._span_open]
        if self._case_cost is not None:
            self._case_cost = self._case_cost[keep]

    # ------------------------------------------------------------------ result
    def rows(self) -> list[KpiRow]:
        """The per-replication KPI table of the finished replications (as :func:`kpis`)."""
        if self._rep is not None:
            raise UsageError(f"replication {self._rep} is not finished")
        rows: list[_Row] = []
        sums = dict(self._sums)
        if self._open:
            opened = Columns.concat(self._open)
            for key, v in self._window_sums(opened, fill_open=True, t1=self._t1).items():
                sums[key] = sums.get(key, 0.0) + v
        if self._final:
            self._resources = Columns.concat(list(self._final.values()))
        names = list(self._phases)
        for r in sorted(self._t1):
            c = self._closed[r]
            t0, t1 = self._t0[r], self._t1[r]
            window = t1 - t0
            rows.append(_moments_row(r, "cycle_time", c.cycle, SECONDS))
            if self._process_calendar is not None:
                rows.append(_moments_row(r, "cycle_time_working", c.cycle_working, SECONDS))
            if self._with_cost:
                rows.append(_moments_row(r, "cost", c.cost, "IDR"))
            for name in ("waiting_time", "processing_time", "waiting_time_working",
                         "processing_time_working"):
                for (mr, mname, scope), m in sorted(self._moments.items()):
                    if mr == r and mname == name:
                        rows.append((r, name, scope, m.mean, float(m.n), m.std, SECONDS))
            failed = float(c.failed)
            rows.append((r, "failed_cases", "process", failed, failed, math.nan, "cases"))
            if window <= 0:
                continue
            done = float(c.finished_in)
            rows.append((r, "throughput", "process", done / (window / PERIOD_SECONDS[self._period]),
                         done, math.nan, f"cases/{self._period}"))
            rows.append((r, "wip", "process", c.wip / window, float(c.cases), math.nan,
                         "cases"))
            for code in sorted(range(len(names)), key=lambda k: names[k]):
                if c.phase_count.get(code):
                    rows.append((r, "phase_wip", names[code], c.phase_spent[code] / window,
                                 float(c.phase_count[code]), math.nan, "cases"))
            for kind in ("lane_wip", "lane_queue_length", "queue_length"):
                for (sr, sk, scope), total in sorted(sums.items()):
                    if sr == r and sk == kind:
                        rows.append((r, kind, scope, total / window, math.nan, math.nan,
                                     "instances"))
            rows.extend(self._utilization_rows(r, t0, t1, sums))
        return rows



def _finite(values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    return v[~np.isnan(v)]


def _moments_row(r: int, name: str, m: Moments, unit: str) -> _Row:
    return (r, name, "process", m.mean if m.n else math.nan, float(m.n), m.std, unit)
