"""Run a scenario: replications on independent seed streams, one :class:`SimulationResult` out."""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from probisnis.errors import UsageError, say
from probisnis.present.notices import Notice, notice
from probisnis.progress import progress_bar
from probisnis.sim.bounds import check_run
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.check import compiled_for
from probisnis.sim.columns import Coded, Columns
from probisnis.sim.compile import Compiled
from probisnis.sim.engine import Engine
from probisnis.sim.eventlog import LogColumns, release_freed_memory
from probisnis.sim.kernel import engine_for
from probisnis.sim.result import CASE_COLUMNS, RESOURCE_COLUMNS, ByReplication, SimulationResult
from probisnis.sim.scenario import Scenario, has_batches

if TYPE_CHECKING:
    from probisnis.sim import parallel
    from probisnis.sim.streamed import StreamedRun
    from probisnis.whatif.executor import Executor

__all__ = ["combine", "run_replication", "simulate"]


def _labels(compiled: Compiled) -> list[str]:
    out: list[str] = []
    for p in compiled.pools:
        out.extend(f"{p.id}#{i + 1}" for i in range(p.count))
    return out


def run_replication(
    compiled: Compiled,
    seed: np.random.SeedSequence,
    replication: int = 0,
    *,
    sink: Callable[[Any], None] | None = None,
    chunk_rows: int = 20_000,
    stream: StreamedRun | None = None,
) -> SimulationResult:
    """Simulate one replication of ``compiled`` with randomness from ``seed`` only.

    With ``stream`` (a :class:`~probisnis.sim.streamed.StreamedRun`) the log, the case table
    and the KPIs go to it while the run goes; ``sink`` is then ignored and the result's log
    and case table are empty."""
    s = compiled.scenario
    if stream is not None:
        sink = stream.chunk
    log = LogColumns(compiled.activities, [p.id for p in compiled.pools], _labels(compiled),
                     replication, sink=sink, chunk_rows=chunk_rows,
                     batched=has_batches(compiled.scenario))
    engine = engine_for(compiled, replication=replication, seed=seed, log=log)
    if stream is not None:
        stream.begin(engine, log, replication)
    engine.run()
    end_time = engine.end_time
    if sink is not None:
        log.flush(force=True)
    arrival = np.array(engine.arrivals, dtype=float)
    ends = np.array(engine.ends, dtype=float)
    if stream is not None:  # the cases went to the stream as they ended
        arrival = ends = np.zeros(0)
    n = len(arrival)
    # references to two str objects, not a new str per case
    codes = np.isnan(ends).view(np.int8)
    failed = [f[0] for f in engine.failures] if stream is None else []
    if failed:
        codes = codes.copy()
        codes[failed] = 2
    # the status as a code per case into three names (a column of str objects in the frame)
    status = Coded(codes, ["finished", "in_flight", "failed"], category=False)
    cases = Columns(dict(zip(CASE_COLUMNS, (
        np.arange(n, dtype=np.int64), np.full(n, replication, dtype=np.int64), arrival,
        ends, status), strict=True)))
    rows = []
    calendars: dict[str, WorkingCalendar | ByReplication] = {}
    for pool in engine.pools:
        spec = pool.spec
        # a presence is drawn anew in each replication: kept as this replication's
        calendars[spec.id] = (pool.calendar if spec.presence is None
                              else ByReplication({replication: pool.calendar}))
        rows.append((
            spec.id, replication, spec.count, spec.availability,
            pool.calendar.working_between(0.0, end_time) * spec.count * spec.availability,
            pool.busy, spec.cost_per_hour,
        ))
    resources = _resource_columns(rows)
    warnings = (*compiled.warnings, *engine.notes, *_failure_warnings(engine))
    if stream is not None:
        stream.end(end_time, resources)
    kernel = engine.kernel
    # the engine's state (tokens, pools, per-case arrays) goes before the log becomes a frame
    del engine
    if sink is not None:
        frame = log.columns()  # empty: the rows went to the sink
        release_freed_memory()  # the run's freed heap back to the OS (columns() does it too)
    else:
        frame = log.columns()
    return SimulationResult(
        log=frame,
        cases=cases,
        resources=resources,
        start=s.start,
        horizon=end_time,
        calendars=calendars,
        scenario=s,
        warnings=warnings,
        ends=(end_time,),
        process_calendar=s.calendar or WorkingCalendar.always(),
        kernel=kernel,
    )


def _failure_warnings(engine: Engine) -> tuple[Notice, ...]:
    """One warning per distinct reason cases failed (deadlock, endless loop, lost error)."""
    by_element: dict[str | None, list[Any]] = {}
    for f in engine.failures:
        by_element.setdefault(f[1], []).append(f)
    out = []
    for element, fs in by_element.items():
        case, _, path, (replication, time, reason) = fs[0]
        where = ": ".join(x for x in (path, f"[{element}]" if element else None) if x)
        fields: dict[str, Any] = {"case": case, "replication": replication, "time": time,
                                  "reason": reason, "element": element or ""}
        if where:
            fields["where"] = where
        if len(fs) > 1:
            out.append(notice("cases-failed", more=len(fs) - 1, **fields))
        else:
            out.append(notice("case-failed", **fields))
    return tuple(out)


def _resource_columns(rows: list[tuple[Any, ...]]) -> Columns:
    """The resource table (:data:`RESOURCE_COLUMNS`) of one row per pool."""
    values = list(zip(*rows, strict=True)) if rows else [()] * len(RESOURCE_COLUMNS)
    types: tuple[Any, ...] = (None, np.int64, np.int64, float, float, float, float)
    data: dict[str, Any] = {}
    for name, column, dtype in zip(RESOURCE_COLUMNS, values, types, strict=True):
        data[name] = (Coded.of(list(column)) if dtype is None
                      else np.array([np.nan if v is None else v for v in column], dtype=dtype))
    return Columns(data)


def simulate(
    scenario: Scenario,
    *,
    cases: int | None = None,
    seed: int | None = None,
    replications: int | None = None,
    horizon: float | None = None,
    log_path: str | os.PathLike[str] | None = None,
    chunk_rows: int = 20_000,
    cases_path: str | os.PathLike[str] | None = None,
    warmup_cases: int | None = None,
    period: str = "day",
    workers: int | Literal["auto"] | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
    progress: bool = False,
) -> SimulationResult:
    """Simulate ``scenario`` (its own cases, seed, replications unless overridden).

    Replication ``i`` draws from ``SeedSequence(seed).spawn(R)[i]`` (the same streams as
    :func:`probisnis.sim.replicate.spawn_seeds`), so the same seed gives the same log.
    With ``log_path`` the event log is written to that Parquet file in row groups of
    ``chunk_rows`` as the run goes and ``result.log`` is empty.

    With ``cases_path`` as well (a streamed run: memory flat in the number of cases) the
    case table goes to that Parquet file as cases end and the KPIs are computed while the
    run goes (:class:`probisnis.sim.kpis_live.LiveKpis`, with ``warmup_cases``, default the
    scenario's, and ``period``): ``result.cases`` is empty, ``result.cases_path``,
    ``result.per_replication`` (the KPI table :func:`probisnis.sim.kpis.kpis` would give)
    and ``result.status_counts`` are set.

    Replications run one after another in this process unless ``workers`` (processes on
    this machine; ``"auto"``: all cores when that ends sooner, judged by timing the first
    replication here), ``scheduler`` (a Dask distributed address) or an ``executor``
    (:mod:`probisnis.whatif.executor`, left open) says otherwise; the result is the same
    bytes however they run (:mod:`probisnis.sim.parallel`). A streamed run (``cases_path``)
    writes its files here: with a cluster it runs them one after another. ``progress``
    shows a bar on stderr. Ctrl-C stops the run (:class:`KeyboardInterrupt`); with
    ``log_path`` the replications that finished are in the file first.
    """
    auto = workers == "auto"
    count = None if auto else workers
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                              or count < 1):
        raise UsageError(say(f"--workers harus >= 1 atau 'auto', bukan {workers!r}",
                             f"--workers must be >= 1 or 'auto', got {workers!r}"))
    base = scenario
    changes: dict[str, object] = {}
    if cases is not None:
        if cases < 1:
            raise UsageError(f"cases must be >= 1, got {cases}")
        changes["cases"] = cases
        if horizon is None and scenario.horizon is not None and scenario.cases is None:
            changes["horizon"] = None
    if horizon is not None:
        if not (horizon > 0 and math.isfinite(horizon)):
            raise UsageError(f"horizon must be > 0 seconds, got {horizon}")
        changes["horizon"] = horizon
        if cases is None:
            changes["cases"] = None
    if seed is not None:
        changes["seed"] = seed
    if replications is not None:
        if replications < 1:
            raise UsageError(f"replications must be >= 1, got {replications}")
        changes["replications"] = replications
    if changes:
        scenario = replace(scenario, **changes)  # type: ignore[arg-type]
    check_run(scenario, streamed=log_path is not None, flat=cases_path is not None)
    compiled = compiled_for(scenario, base=base)  # compiled once, when it was checked
    seeds = np.random.SeedSequence(scenario.seed).spawn(scenario.replications)
    results = []
    stream = None
    if cases_path is not None:
        if log_path is None:
            raise UsageError("cases_path needs log_path (a streamed run writes both)")
        from probisnis.sim.parallel import Stream

        stream = Stream(os.fspath(cases_path), scenario.warmup_cases if warmup_cases is None
                        else warmup_cases, period)
    # a cluster named is used even for one replication (an unreachable one is said so),
    # but a streamed run writes its files here: on this machine's cores only
    far = bool(scheduler) or (executor is not None and not _local(executor))
    if (far and stream is None) or (not far and len(seeds) > 1 and (
            executor is not None or auto or (count or 1) > 1)):
        from probisnis.whatif.executor import make_executor

        own = executor is None
        runner = make_executor(count, scheduler) if executor is None else executor
        try:
            if far or runner.workers > 1:
                return _simulate_on(runner, compiled, seeds, log_path, chunk_rows, progress,
                                    pilot=compiled if auto and executor is None
                                    and not scheduler else None, stream=stream)
        finally:
            if own:
                runner.close()
    # a bar over the replications run here (none for one, or if not wanted)
    bar = progress_bar(len(seeds), progress and len(seeds) > 1)
    if stream is not None and log_path is not None:
        return _simulate_streamed(compiled, seeds, log_path, stream.cases_part, chunk_rows,
                                  stream.warmup_cases, period, bar)
    if log_path is None:
        with bar:
            for i, ss in enumerate(seeds):
                results.append(run_replication(compiled, ss, i, chunk_rows=chunk_rows))
                bar.update()
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from probisnis.sim.logsink import cannot_write, log_schema

        try:
            writer = pq.ParquetWriter(os.fspath(log_path),
                                      log_schema(batched=has_batches(compiled.scenario)))
        except OSError as exc:
            raise UsageError(cannot_write("event log", exc),
                             path=os.fspath(log_path)) from None
        try:
            with bar:
                for i, ss in enumerate(seeds):
                    results.append(run_replication(compiled, ss, i, sink=writer.write_table,
                                                   chunk_rows=chunk_rows))
                    bar.update()
        finally:
            writer.close()
            pa.default_memory_pool().release_unused()
    return combine(results, log_path=os.fspath(log_path) if log_path is not None else None)


def _local(executor: Executor) -> bool:
    from probisnis.whatif.executor import LocalExecutor

    return isinstance(executor, LocalExecutor)


def _simulate_on(executor: Executor, compiled: Compiled,
                 seeds: list[np.random.SeedSequence], log_path: str | os.PathLike[str] | None,
                 chunk_rows: int, progress: bool, pilot: Compiled | None,
                 stream: parallel.Stream | None = None) -> SimulationResult:
    """The replications on ``executor`` (:mod:`probisnis.sim.parallel`); with ``log_path``
    each writes a temporary part next to it and the parts are joined in order, and so are
    the case tables of a streamed run (``stream``), whose KPIs come back per replication."""
    from probisnis.outputs.interrupt import signals_deferred
    from probisnis.sim import parallel

    parts: list[str] | None = None
    case_parts: list[str] = []
    try:
        with signals_deferred():  # the parts exist only once the finally below can see them
            parts = None if log_path is None else parallel.part_paths(log_path, len(seeds))
            case_parts = ([] if stream is None
                          else parallel.part_paths(stream.cases_part, len(seeds)))
        streams = None if stream is None else [replace(stream, cases_part=p)
                                               for p in case_parts]
        results, stop = parallel.run_replications(executor, compiled.scenario, seeds,
                                                  chunk_rows=chunk_rows, log_parts=parts,
                                                  progress=progress, pilot=pilot,
                                                  ship_logs=not _local(executor),
                                                  streams=streams)
        finished = [r is not None for r in results]
        if stream is not None and log_path is not None:  # regrouped as one run groups them
            from probisnis.sim.streamed import StreamedRun, cases_writer, log_writer

            rows = StreamedRun.group_rows
            parallel.join_parts(
                [p for p, f in zip(parts or (), finished, strict=True) if f], log_path,
                writer=lambda path: log_writer(path, compiled, group_rows=rows))
            parallel.join_parts(
                [p for p, f in zip(case_parts, finished, strict=True) if f],
                stream.cases_part, writer=lambda path: cases_writer(path, group_rows=rows))
        elif parts is not None and log_path is not None:  # the finished ones, in order
            from probisnis.sim.logsink import log_schema

            parallel.join_parts([p for p, f in zip(parts, finished, strict=True) if f],
                                log_path, schema=log_schema(
                                    batched=has_batches(compiled.scenario)))
    finally:
        with signals_deferred():  # a second Ctrl-C waits until the parts are gone
            parallel.remove([p for p in (*(parts or ()), *case_parts) if os.path.exists(p)])
    if stop is not None:
        raise stop
    done = [r for r in results if r is not None]
    whole = combine(done, log_path=os.fspath(log_path) if log_path is not None else None)
    if stream is None:
        return whole
    import pandas as pd

    status: Counter[str] = Counter()
    for r in done:
        status.update(r.status_counts or {})
    return whole.replaced(
        cases=parallel.empty_cases(), cases_path=stream.cases_part,
        per_replication=pd.concat([r.per_replication for r in done], ignore_index=True),
        status_counts=dict(status))


def _simulate_streamed(compiled: Compiled, seeds: list[np.random.SeedSequence],
                       log_path: str | os.PathLike[str], cases_path: str | os.PathLike[str],
                       chunk_rows: int, warmup_cases: int, period: str, bar: Any
                       ) -> SimulationResult:
    from probisnis.sim.streamed import StreamedRun

    stream = StreamedRun(compiled, log_path, cases_path, warmup_cases=warmup_cases,
                         period=period,
                         utilization_window=compiled.scenario.utilization_window)
    results = []
    try:
        with bar:
            for i, ss in enumerate(seeds):
                results.append(run_replication(compiled, ss, i, chunk_rows=chunk_rows,
                                               stream=stream))
                bar.update()
    finally:
        stream.close()
    per_replication = stream.kpis.result()
    whole = combine(results, log_path=os.fspath(log_path))
    return whole.replaced(cases=stream.result_cases(), cases_path=os.fspath(cases_path),
                   per_replication=per_replication, status_counts=dict(stream.status),
                   process_calendar=stream.process_calendar)


def combine(results: list[SimulationResult], *, log_path: str | None = None) -> SimulationResult:
    """One result holding several replications (tables concatenated)."""
    first = results[0]
    if len(results) == 1 and log_path is None:
        return first
    return SimulationResult(
        log=_joined(results, "log"),
        cases=_joined(results, "cases"),
        resources=_joined(results, "resources"),
        start=first.start,
        horizon=max(r.horizon for r in results),
        calendars=joined_calendars(results),
        scenario=first.scenario,
        warnings=joined_warnings(results),
        log_path=log_path,
        ends=tuple(e for r in results for e in r.ends),
        process_calendar=first.process_calendar,
        kernel=first.kernel,
    )


_FAILED = ("case-failed", "cases-failed")


def joined_warnings(results: list[SimulationResult]) -> tuple[str, ...]:
    """The warnings of several replications, each once, in order of first appearance; the
    cases that failed at one element in any replication are one warning counting them all
    (with the first such case's details)."""
    out: list[str] = []
    failed: dict[Any, tuple[int, int]] = {}  # element -> (index in out, cases)
    for result in results:
        for w in result.warnings:
            if isinstance(w, Notice) and w.code in _FAILED:
                n = 1 + int(w.fields.get("more", 0))
                key = w.fields.get("element", "")
                if key in failed:
                    at, seen = failed[key]
                    first = out[at]
                    assert isinstance(first, Notice)
                    fields = {k: v for k, v in first.fields.items() if k != "more"}
                    out[at] = notice("cases-failed", more=seen + n - 1, **fields)
                    failed[key] = (at, seen + n)
                    continue
                failed[key] = (len(out), n)
            if w not in out:
                out.append(w)
    return tuple(out)


def joined_calendars(results: list[SimulationResult]) -> dict[str, Any]:
    """The pools' calendars of several replications: the first's, except that a calendar
    kept per replication (:class:`~probisnis.sim.kpi_inputs.ByReplication`, a presence)
    holds every replication's."""
    out: dict[str, Any] = dict(results[0].calendars)
    for pid, cal in out.items():
        if isinstance(cal, ByReplication):
            for r in results[1:]:
                more = r.calendars[pid]
                assert isinstance(more, ByReplication)  # (the same scenario's presence)
                cal = cal.joined(more)
            out[pid] = cal
    return out


def _joined(results: list[SimulationResult], table: str) -> Any:
    """The rows of ``table`` of every result, as light columns (each result's DataFrame
    when one was made already)."""
    held = [r.__dict__["_" + table] for r in results]
    if all(isinstance(h, Columns) for h in held):
        return Columns.concat(held)
    import pandas as pd

    return pd.concat([getattr(r, table) for r in results], ignore_index=True)
