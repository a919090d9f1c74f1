"""Replications of one scenario on several processes or a Dask cluster, with the result of
running them one after another.

:func:`run_replications` hands each replication to an
:class:`~probisnis.whatif.executor.Executor` as a small picklable :class:`Replication`:
the scenario pickled once (:func:`pack`; a compiled scenario holds closures and is not
sent), the replication's own :class:`numpy.random.SeedSequence` (``SeedSequence(seed)
.spawn(R)[i]``, the stream the sequential run gives replication ``i``) and, when the log
goes to a file, the path of a temporary part for it. A worker compiles the scenario once
(cached by the pickle's digest) and runs :func:`probisnis.sim.runner.run_replication`;
its tables come back as light columns and the caller puts them in replication order, so
the log, case table, resource table and KPIs are the same bytes for any number of workers.

Parts of the event log (:func:`join_parts`) are written next to the final file under
temporary names (``.NAME.XXXX.part``) and copied into it row group by row group in
replication order, then removed: no file that looks whole is ever half written. A streamed
replication (:class:`Stream`) is a :class:`~probisnis.sim.streamed.StreamedRun` of its own in
its worker: its log and case table go to parts, its per-replication KPI rows come back.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import re
import tempfile
import threading
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.errors import UsageError
from probisnis.progress import progress_bar

if TYPE_CHECKING:
    from probisnis.sim.compile import Compiled
    from probisnis.sim.result import SimulationResult
    from probisnis.sim.scenario import Scenario
    from probisnis.whatif.executor import Executor

__all__ = ["POOL_START", "Replication", "Stream", "empty_cases", "join_parts", "pack",
           "part_paths", "run_one", "run_replications", "unpack", "worth_a_pool"]


def _proxy(items: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(items)


class _Pickler(pickle.Pickler):
    """A pickler that also takes the read-only mappings (``MappingProxyType``) the scenario
    model is built of; plain :func:`pickle.loads` reads what it writes."""

    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[types.MappingProxyType] = lambda m: (_proxy, (dict(m),))


def pack(value: Any) -> bytes:
    """``value`` pickled, read-only mappings included (:func:`unpack` reads it back)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def unpack(data: bytes) -> Any:
    return pickle.loads(data)


@dataclass(frozen=True)
class Replication:
    """Replication ``index`` of the packed scenario, drawn from ``seed`` only.

    ``log_part``: write the event log to this Parquet file (in row groups of
    ``chunk_rows``) instead of returning it; with ``ship_log`` (a worker on another
    machine) the file is written on the worker and its bytes sent back instead."""

    scenario: bytes
    digest: str
    index: int
    seed: np.random.SeedSequence
    chunk_rows: int = 20_000
    log_part: str | None = None
    ship_log: bool = False
    stream: Stream | None = None


@dataclass(frozen=True)
class Stream:
    """A streamed replication (:class:`~probisnis.sim.streamed.StreamedRun`): its case table
    to ``cases_part`` as cases end, its KPIs computed while it runs."""

    cases_part: str
    warmup_cases: int
    period: str


@dataclass(frozen=True)
class _Part:
    """What a worker sends back: one replication's tables and run facts, no scenario."""

    index: int
    log: Any
    cases: Any
    resources: Any
    horizon: float
    calendars: dict[str, Any]
    warnings: tuple[Any, ...]
    ends: tuple[float, ...]
    kernel: str
    log_file: bytes | None = None
    per_replication: Any = None
    status_counts: dict[str, int] | None = None


_HELD = threading.local()  # per thread: a Dask worker may run replications in threads


def _compiled(item: Replication) -> Compiled:
    """The scenario of ``item`` compiled, once per worker (process or thread) and scenario
    (a compiled scenario keeps running state such as calendar periods: never shared)."""
    held: dict[str, Compiled] = _HELD.__dict__.setdefault("compiled", {})
    hit = held.get(item.digest)
    if hit is None:
        from probisnis.sim.compile import compile_scenario

        if len(held) >= 4:
            held.clear()
        hit = held[item.digest] = compile_scenario(unpack(item.scenario))
    return hit


def _replicate(compiled: Compiled, seed: np.random.SeedSequence, index: int,
               chunk_rows: int, log_part: str | None, stream: Stream | None = None
               ) -> SimulationResult:
    """One replication, its log to ``log_part`` when given; streamed with ``stream`` (the
    result then carries its ``per_replication`` KPIs and ``status_counts``)."""
    from probisnis.sim.runner import run_replication

    if stream is not None and log_part is not None:
        run = _part_run()(compiled, log_part, stream.cases_part,
                          warmup_cases=stream.warmup_cases, period=stream.period,
                          utilization_window=compiled.scenario.utilization_window)
        try:
            result = run_replication(compiled, seed, index, chunk_rows=chunk_rows, stream=run)
        finally:
            run.close()
        return result.replaced(per_replication=run.kpis.result(),
                               status_counts=dict(run.status))
    if log_part is None:
        return run_replication(compiled, seed, index, chunk_rows=chunk_rows)
    import pyarrow.parquet as pq

    from probisnis.sim.logsink import log_schema
    from probisnis.sim.scenario import has_batches

    writer = pq.ParquetWriter(log_part, log_schema(batched=has_batches(compiled.scenario)))
    try:
        return run_replication(compiled, seed, index, sink=writer.write_table,
                               chunk_rows=chunk_rows)
    finally:
        writer.close()


class _Pieces:
    """A Parquet file with one row group per :meth:`write`: a streamed replication's part
    keeps the pieces its run wrote, so that joining the parts hands the final file's
    :class:`~probisnis.sim.logsink.RowGroupWriter` the very tables one run one after
    another hands it (it regroups them; its string dictionaries follow the pieces)."""

    def __init__(self, path: str, schema: Any) -> None:
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(path, schema)

    def write(self, table: Any) -> None:
        if table.num_rows:
            self._writer.write_table(table, row_group_size=table.num_rows)

    def close(self) -> None:
        self._writer.close()


def _part_run() -> type:
    """:class:`~probisnis.sim.streamed.StreamedRun` writing its files piece by piece
    (:class:`_Pieces`)."""
    from probisnis.sim.logsink import log_schema
    from probisnis.sim.scenario import has_batches
    from probisnis.sim.streamed import CASE_SCHEMA, StreamedRun

    class PartRun(StreamedRun):
        def open_log(self, path: str, compiled: Compiled) -> Any:
            return _Pieces(path, log_schema(batched=has_batches(compiled.scenario)))

        def open_cases(self, path: str) -> Any:
            return _Pieces(path, CASE_SCHEMA)

    return PartRun


def run_one(item: Replication) -> bytes:
    """Run one replication (in a worker); its tables, packed (:class:`_Part`)."""
    log_file = None
    if item.ship_log:
        fd, here = tempfile.mkstemp(suffix=".parquet")
        os.close(fd)
        try:
            result = _replicate(_compiled(item), item.seed, item.index, item.chunk_rows, here)
            log_file = Path(here).read_bytes()
        finally:
            os.unlink(here)
    else:
        result = _replicate(_compiled(item), item.seed, item.index, item.chunk_rows,
                            item.log_part, item.stream)
    d = result.__dict__
    return pack(_Part(item.index, d["_log"], d["_cases"], d["_resources"], result.horizon,
                      dict(result.calendars), tuple(result.warnings), tuple(result.ends),
                      str(result.kernel), log_file, result.per_replication,
                      None if result.status_counts is None else dict(result.status_counts)))


# what starting worker processes costs, in seconds (fork, the scenario compiled in each,
# the tables sent back): "auto" uses them only when they save more than this
POOL_START = 0.25


def worth_a_pool(first: float, remaining: int, workers: int) -> bool:
    """Whether ``remaining`` replications of about ``first`` seconds each end sooner on
    ``workers`` processes than one after another here."""
    if workers < 2 or remaining < 1:
        return False
    rounds = -(-remaining // min(workers, remaining))
    return (remaining - rounds) * first > POOL_START


def run_replications(executor: Executor, scenario: Scenario,
                     seeds: Sequence[np.random.SeedSequence], *, chunk_rows: int = 20_000,
                     log_parts: Sequence[str] | None = None, progress: bool = False,
                     pilot: Compiled | None = None, ship_logs: bool = False,
                     streams: Sequence[Stream] | None = None,
                     ) -> tuple[list[SimulationResult | None], BaseException | None]:
    """Every replication of ``scenario`` (run settings applied) on ``executor``: the results
    in replication order (``None`` for one that did not finish) and the interruption
    (Ctrl-C, SIGTERM) that stopped the run, if one did.

    With ``pilot`` (``scenario`` compiled) the first replication runs here and is timed;
    the others go to ``executor`` only if that is sooner (:func:`worth_a_pool`), else they
    run here too. ``ship_logs``: the workers do not share this file system (a Dask
    cluster): each sends its part's bytes, written here into ``log_parts``. ``streams``:
    each replication streamed (:class:`Stream`, with ``log_parts``; never shipped)."""
    from probisnis.sim.calendar import WorkingCalendar
    from probisnis.sim.result import SimulationResult

    results: list[SimulationResult | None] = [None] * len(seeds)
    parts: Sequence[str | None] = [None] * len(seeds) if log_parts is None else log_parts
    streamed: Sequence[Stream | None] = [None] * len(seeds) if streams is None else streams
    if streams is not None and (log_parts is None or ship_logs):
        raise UsageError("a streamed replication writes its files here (log_parts, no "
                         "ship_logs)")
    first = 0
    if pilot is not None:
        try:
            began = time.perf_counter()
            results[0] = _replicate(pilot, seeds[0], 0, chunk_rows, parts[0], streamed[0])
            took = time.perf_counter() - began
            first = 1
            if not worth_a_pool(took, len(seeds) - 1, executor.workers):
                with progress_bar(len(seeds), progress) as bar:
                    bar.update()
                    for i in range(1, len(seeds)):
                        results[i] = _replicate(pilot, seeds[i], i, chunk_rows, parts[i],
                                                streamed[i])
                        bar.update()
                return results, None
        except KeyboardInterrupt as exc:
            return results, exc
    data = pack(scenario)
    digest = hashlib.sha256(data).hexdigest()
    items = [Replication(data, digest, i, seeds[i], chunk_rows,
                         None if ship_logs else parts[i], ship_logs and parts[i] is not None,
                         streamed[i])
             for i in range(first, len(seeds))]
    outcome = executor.run(run_one, items, progress=progress, desc="replikasi")
    process_calendar = scenario.calendar or WorkingCalendar.always()
    for packed in outcome.results:
        if packed is None:
            continue
        part: _Part = unpack(packed)
        if part.log_file is not None:
            Path(str(parts[part.index])).write_bytes(part.log_file)
        results[part.index] = SimulationResult(
            log=part.log, cases=part.cases, resources=part.resources, start=scenario.start,
            horizon=part.horizon, calendars=part.calendars, scenario=scenario,
            warnings=part.warnings, ends=part.ends, process_calendar=process_calendar,
            kernel=part.kernel, per_replication=part.per_replication,
            status_counts=part.status_counts)
    stop = None
    if outcome.interrupted:
        stop = outcome.stop if outcome.stop is not None else KeyboardInterrupt()
    return results, stop


def part_paths(target: str | os.PathLike[str], count: int) -> list[str]:
    """``count`` new empty temporary files next to ``target`` (``.NAME.XXXX.part``; when
    ``target`` is itself such a temporary file, NAME is the name it will get, so a killed
    run's parts are the leftovers the next run into the folder removes). Each part is made
    with SIGINT/SIGTERM held back, so that none exists before it is on the list that removes
    them all if one cannot be made or the run is stopped meanwhile."""
    from probisnis.outputs.atomic import new_temporary
    from probisnis.outputs.interrupt import signals_deferred

    path = Path(target)
    final = re.fullmatch(r"\.(.+)\.[^.]+\.part", path.name)
    named = path.with_name(final.group(1)) if final else path
    parts: list[str] = []
    try:
        for _ in range(count):
            with signals_deferred():
                parts.append(new_temporary(named))
    except BaseException:
        remove(parts)
        raise
    return parts


def remove(paths: Sequence[str]) -> None:
    from probisnis.outputs.atomic import unlink_quietly

    for p in paths:
        unlink_quietly(p)


def join_parts(parts: Sequence[str | None], target: str | os.PathLike[str], *,
               schema: Any = None, writer: Callable[[str], Any] | None = None,
               what: str = "event log") -> None:
    """Copy the Parquet ``parts`` (``None``: skipped) into ``target`` in order, row group by
    row group (memory: one row group), removing each part once copied: through a
    ``pyarrow.parquet.ParquetWriter`` of ``schema`` (the row groups as they are), or
    through ``writer(path)`` (a :class:`~probisnis.sim.logsink.RowGroupWriter`: regrouped as
    the run one after another groups them). Ctrl-C and SIGTERM wait until the copy is
    done, so the file holds whole replications."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from probisnis.outputs.interrupt import signals_deferred
    from probisnis.sim.logsink import cannot_write

    with signals_deferred():
        if writer is not None:
            out = writer(os.fspath(target))
            put = out.write
        else:
            try:
                out = pq.ParquetWriter(os.fspath(target), schema)
            except OSError as exc:
                raise UsageError(cannot_write(what, exc),
                                 path=os.fspath(target)) from None
            put = out.write_table
        try:
            for part in parts:
                if part is None:
                    continue
                source = pq.ParquetFile(part)
                try:
                    for group in range(source.num_row_groups):
                        put(source.read_row_group(group))
                finally:
                    source.close()
                os.unlink(part)
        finally:
            out.close()
            pa.default_memory_pool().release_unused()


def empty_cases() -> Any:
    """The (empty) case table a streamed result carries, as
    :meth:`probisnis.sim.streamed.StreamedRun.result_cases` gives it."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
        ("case_id", "int64"), ("replication", "int64"), ("arrival", "float64"),
        ("end", "float64"), ("status", "object"))})
