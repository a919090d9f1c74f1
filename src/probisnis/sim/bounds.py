"""Limits of a simulation, checked before anything big is allocated or the clock runs.

The simulation clock counts seconds from the scenario's ``start`` and the calendars end
with the year 9999 (:data:`LATEST`): a start, a horizon, a duration or an arrival stream
that would reach past it is refused when the scenario is read or before the run starts,
with the key that causes it, not after minutes of work. The number of cases, replications,
people and loop visits are bounded by what fits in this machine's memory (an estimate per
case measured on the permit model, ``docs/simulation.md``).
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from probisnis.errors import ScenarioError, say
from probisnis.hints import ribu
from probisnis.present.notices import notice

if TYPE_CHECKING:
    from probisnis.sim.scenario import Scenario

__all__ = [
    "BYTES_PER_CASE",
    "BYTES_PER_CASE_FLAT",
    "BYTES_PER_CASE_STREAMED",
    "LATEST",
    "MAX_BATCH",
    "MAX_COST",
    "MAX_COUNT",
    "MAX_REPLICATIONS",
    "MAX_SECONDS",
    "MAX_VISITS",
    "available_memory",
    "check_run",
    "numeric_warnings",
    "seconds_left",
]

#: the last instant a calendar can reach
LATEST = datetime(9999, 12, 31)
#: longest span a duration, a gap or a horizon may have (about 8000 years)
MAX_SECONDS = 2.5e11
#: most people in one resource pool
MAX_COUNT = 100_000
#: most visits of one node by one case (``max_visits``, Prosimos ``gateway_execution_limit``)
MAX_VISITS = 1_000_000
#: most cases in one arrival batch
MAX_BATCH = 10_000_000
#: highest cost per hour of a person (any currency: far above a wage, far below overflow)
MAX_COST = 1e12
#: most replications of one run
MAX_REPLICATIONS = 100_000
#: memory a simulated case takes with its event log in memory (permit model: about 2.5 KB)
BYTES_PER_CASE = 2_000
#: memory a simulated case takes when the event log streams to disk (``--out``)
BYTES_PER_CASE_STREAMED = 600
#: memory a case takes in a streamed run (``--out DIR --stream``), with a margin: the
#: Parquet files' footer metadata (about 4 bytes a case), and the gaps of an arrival law
#: sampled by rejection, drawn before the run (8 bytes; other laws' arrivals are drawn a
#: block at a time; the case table and the KPIs keep the open cases only)
BYTES_PER_CASE_FLAT = 16
_YEAR = 365.25 * 86_400.0


def seconds_left(start: datetime) -> float:
    """Seconds from ``start`` to :data:`LATEST` (0 when ``start`` is past it)."""
    return max((LATEST - start).total_seconds(), 0.0)


def available_memory() -> int:
    """Bytes of memory available to a new allocation (MemAvailable), or a large number."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, AttributeError):
        return 1 << 62


def _cases_per_replication(s: Scenario) -> float:
    """How many cases one replication will hold (expected for a horizon run)."""
    if s.cases is not None:
        return float(s.cases)
    horizon = s.horizon or 0.0
    batch = sum(size for at, size in s.arrivals.batches if at <= horizon)
    inter = s.arrivals.interarrival
    stream = horizon / inter.mean if inter is not None and inter.mean > 0 else 0.0
    if inter is not None and inter.mean <= 0:
        stream = math.inf
    return batch + stream


def _gb(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e8 else f"{n / 1e6:.0f} MB"


def check_run(s: Scenario, *, streamed: bool = False, flat: bool = False) -> None:
    """Refuse a run of ``s`` that cannot fit in memory or runs past :data:`LATEST`.

    Called by :func:`probisnis.sim.runner.simulate` after the overrides (``--cases``,
    ``--replications``, ``--horizon``) are applied. Raises :class:`ScenarioError` naming
    the scenario file and the key to change.
    """
    path = s.path
    left = seconds_left(s.start)
    if s.replications > MAX_REPLICATIONS:
        raise ScenarioError(say(f"paling banyak {ribu(MAX_REPLICATIONS)} replikasi, bukan "
                                f"{ribu(s.replications)}",
                                f"at most {MAX_REPLICATIONS:,} replications, got "
                                f"{s.replications:,}"), path=path, element_id="replications")
    if s.max_visits > MAX_VISITS:
        raise ScenarioError(say(f"paling banyak {ribu(MAX_VISITS)}, bukan {ribu(s.max_visits)}",
                                f"must be at most {MAX_VISITS:,}, got {s.max_visits:,}"),
                            path=path, element_id="max_visits")
    for pid, pool in s.pools.items():
        if pool.count > MAX_COUNT:
            raise ScenarioError(say(f"paling banyak {ribu(MAX_COUNT)} orang dalam satu kelompok "
                                    "pegawai, "
                                    f"bukan {ribu(pool.count)}",
                                    f"at most {MAX_COUNT:,} people in a pool, got "
                                    f"{pool.count:,}"),
                                path=path, element_id=f"resources.{pid}.count")
    if s.horizon is not None and s.horizon > left - _YEAR:
        raise ScenarioError(say(
            f"rentang waktu {ribu(s.horizon / _YEAR)} tahun sejak {s.start:%Y-%m-%d} melewati "
            f"akhir kalender ({LATEST:%Y-%m-%d}, dengan sisa satu tahun)",
            f"a horizon of {s.horizon / _YEAR:,.0f} years from {s.start:%Y-%m-%d} runs past "
            f"the end of the calendar ({LATEST:%Y-%m-%d}, with a year's margin)"),
            path=path, element_id="horizon")
    for i, (at, _size) in enumerate(s.arrivals.batches):
        if at > left - _YEAR:
            raise ScenarioError(say(f"batch ini datang setelah tahun {LATEST:%Y}, akhir "
                                    "kalender",
                                    f"the batch arrives after {LATEST:%Y}, the end of the "
                                    "calendar"), path=path, element_id=f"arrivals.batch[{i}].at")
    per_rep = _cases_per_replication(s)
    inter = s.arrivals.interarrival
    if s.cases is not None and inter is not None:
        stream = s.cases - sum(size for _, size in s.arrivals.batches)
        span = max(stream, 0) * inter.mean
        if span > left - _YEAR:
            most = max(int((left - _YEAR) / inter.mean), 0) if inter.mean > 0 else 0
            days = f"{inter.mean / 86_400:.3g}".replace(".", ",")
            raise ScenarioError(say(
                f"{ribu(s.cases)} kasus yang datang rata-rata setiap {days} hari akan terus "
                f"datang sampai sekitar tahun {ribu(s.start.year + span / _YEAR)}, melewati "
                f"akhir kalender ({LATEST:%Y-%m-%d}): simulasikan paling banyak sekitar "
                f"{ribu(most)} kasus, atau tulis rentang waktu (horizon)",
                f"{s.cases:,} cases arriving every {inter.mean / 86_400:.3g} days on average "
                f"would keep arriving until about the year "
                f"{s.start.year + span / _YEAR:,.0f}, past the end of the calendar "
                f"({LATEST:%Y-%m-%d}): simulate at most about {most:,} cases, or give a horizon"),
                path=path, element_id="cases")
    per_case = (BYTES_PER_CASE_FLAT if flat else BYTES_PER_CASE_STREAMED if streamed
                else BYTES_PER_CASE)
    # arrival times of every batched case are drawn before the count cuts them (8 B each)
    batched = sum(size for _, size in s.arrivals.batches)
    need = per_rep * s.replications * per_case + s.replications * 20_000 + batched * 16
    have = available_memory()
    if not need <= have:
        hint = ("" if flat else " or stream the case table too (--out DIR --stream)"
                if streamed else " or write the event log to disk (--out DIR --stream)")
        saran = ("" if flat else ", atau alirkan juga tabel kasus ke disk (--out DIR --stream)"
                 if streamed else ", atau tulis log peristiwa ke disk (--out DIR --stream)")
        count = "an unbounded number of" if math.isinf(per_rep) else f"{per_rep:,.0f}"
        jumlah = "tak terbatas" if math.isinf(per_rep) else ribu(per_rep)
        raise ScenarioError(say(
            f"{jumlah} kasus x {ribu(s.replications)} replikasi memerlukan sekitar "
            f"{_gb(need)} memori, komputer ini hanya punya {_gb(have)}: simulasikan lebih "
            f"sedikit kasus atau replikasi{saran}",
            f"{count} cases x {s.replications:,} replication(s) need about {_gb(need)} of "
            f"memory, this machine has {_gb(have)} available: simulate fewer cases or "
            f"replications{hint}"), path=path,
            element_id="cases" if s.cases is not None else "horizon")


@contextmanager
def numeric_warnings(into: list[str]) -> Iterator[None]:
    """Collect numpy's floating-point warnings (overflow, invalid values) raised inside the
    block as sentences in ``into`` instead of letting them reach stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        yield
    seen = dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, RuntimeWarning))
    into.extend(notice("numeric-trouble", detail=text) for text in seen)
