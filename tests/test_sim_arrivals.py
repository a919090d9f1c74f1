"""Arrival times made block by block equal the times drawn all before the run.

The reference below is the engine's former ``arrival_times`` (every gap drawn in one call,
the stream and the batches sorted together), kept here verbatim in substance: the blocks
of :class:`~probisnis.sim.arrivals.ArrivalTimes` must give the same floats, in the same
order, for every law, with and without an arrival calendar, a case limit, a horizon and
batches (ties included).
"""

from __future__ import annotations

import math
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from probisnis.sim.arrivals import (
    BLOCK,
    ArrivalTimes,
    _accepted,
    _by_rejection,
    draws_in_blocks,
    never_negative,
)
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.distributions import (
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Histogram,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)

LAWS: dict[str, Any] = {
    "fixed": Fixed(600.0),
    "uniform": Uniform(10.0, 3_000.0),
    "triangular": Triangular(10.0, 200.0, 3_000.0),
    "empirical": Empirical((5.0, 60.0, 61.0, 2_000.0, 7.5)),
    "histogram": Histogram((30.0, 600.0, 5_000.0), (0.2, 0.9, 1.0)),
    "exponential": Exponential(1_200.0),
    "exponential truncated": Exponential(1_200.0, 0.0, 0.0, 36_000.0),
    "normal": Normal(1_200.0, 100.0),
    "normal truncated, rejection": Normal(1_200.0, 900.0),
    "normal truncated, inverse": Normal(100.0, 900.0, 2_000.0, 9_000.0),
    "lognormal": LogNormal(6.5, 0.8),
    "lognormal truncated, rejection": LogNormal(6.5, 0.8, 0.0, 2_000.0),
    "gamma": Gamma(2.0, 600.0),
    "gamma truncated, inverse": Gamma(2.0, 600.0, 9_000.0, 20_000.0),
    "gamma truncated, rejection": Gamma(2.0, 600.0, 300.0, 4_000.0),
}
#: laws sampled by rejection in bulk: not the same numbers in blocks
REJECTION = {"normal truncated, rejection", "lognormal truncated, rejection",
             "gamma truncated, rejection"}


@pytest.mark.parametrize("name", sorted(LAWS))
def test_block_draws_claim_is_true(name: str) -> None:
    """Where :func:`draws_in_blocks` says yes, blocks of odd sizes give one call's numbers;
    the rejection laws are the ones it says no for."""
    law = LAWS[name]
    assert draws_in_blocks(law) == (name not in REJECTION)
    assert never_negative(law)
    one = law.sample_many(np.random.default_rng(7), 6_001)
    rng = np.random.default_rng(7)
    parts = np.concatenate([law.sample_many(rng, n) for n in (1, 16, 999, 3, 4_096, 886)])
    if draws_in_blocks(law):
        assert np.array_equal(one, parts)
    else:  # bulk rejection: the parent's draws in [low, high], the parent's the same in pieces
        assert _by_rejection(law) and law.__dict__["_mass"] < 1.0
        raw = law._raw(np.random.default_rng(7), 9_000)
        rng = np.random.default_rng(7)
        assert np.array_equal(raw, np.concatenate([law._raw(rng, n) for n in (1, 4_096, 4_903)]))
        kept = raw[(raw >= law.low) & (raw <= law.high)]
        assert len(kept) >= 6_001 and np.array_equal(one, kept[:6_001])
        assert np.array_equal(np.concatenate(list(_accepted(law, np.random.default_rng(7),
                                                            6_001))), one)
    assert not never_negative(Uniform(-5.0, 3.0))
    assert not draws_in_blocks(object()) and not never_negative(object())


def _reference(s: Any, rng: np.random.Generator) -> list[float]:
    """The engine's arrival times before they were made in blocks (all up front)."""
    horizon = s.horizon if s.horizon is not None else np.inf
    limit = s.cases
    times: list[np.ndarray] = []
    arr = s.arrivals
    if arr.interarrival is not None:
        cal = arr.calendar
        if cal is not None and cal == type(cal).always():
            cal = None
        dist = arr.interarrival
        t = 0.0
        out: list[float] = []
        block = 4096 if limit is None else max(16, limit + 1)
        first = True
        done = False
        if cal is None and limit is not None:
            gaps = np.array(dist.sample_many(rng, block), dtype=float)
            gaps[0] = 0.0
            acc = np.add.accumulate(gaps[:limit])
            times.append(acc[:int(np.searchsorted(acc, horizon, side="right"))])
            done = True
        while not done:
            for x in dist.sample_many(rng, block).tolist():
                if first:
                    first = False
                else:
                    t += x
                if cal is not None:
                    t = cal.next_working(t)
                if t > horizon or (limit is not None and len(out) >= limit):
                    done = True
                    break
                out.append(t)
        if not times:
            times.append(np.array(out))
    for at, size in arr.batches:
        if at <= horizon:
            times.append(np.full(size, at))
    if len(times) == 1 and arr.interarrival is not None:
        all_t = times[0]
    else:
        all_t = np.sort(np.concatenate(times), kind="stable") if times else np.empty(0)
    if limit is not None:
        all_t = all_t[:limit]
    return list(all_t.tolist())


def _scenario(law: Any, *, cases: int | None, horizon: float | None = None,
              calendar: WorkingCalendar | None = None,
              batches: tuple[tuple[float, int], ...] = ()) -> Any:
    return SimpleNamespace(cases=cases, horizon=horizon, arrivals=SimpleNamespace(
        interarrival=law, calendar=calendar, batches=batches))


def _blocks(s: Any, seed: int) -> tuple[list[float], ArrivalTimes]:
    times = ArrivalTimes(s, np.random.default_rng(seed))
    blocks = list(times)
    assert all(0 < len(b) <= BLOCK for b in blocks)
    return [t for b in blocks for t in b], times


OFFICE = WorkingCalendar.from_spec({}, start=datetime(2025, 1, 6, 8), horizon_days=30,
                                   where="calendar")
CASES = (1, 15, 4_096, 4_097, 70_001)


@pytest.mark.parametrize("name", sorted(LAWS))
@pytest.mark.parametrize("cases", CASES)
def test_blocks_equal_the_up_front_times(name: str, cases: int) -> None:
    s = _scenario(LAWS[name], cases=cases)
    got, times = _blocks(s, 11)
    want = _reference(s, np.random.default_rng(11))
    assert got == want and len(got) == cases
    assert times.last == want[-1]


@pytest.mark.parametrize("name", ["exponential truncated", "normal truncated, rejection",
                                  "empirical", "fixed"])
@pytest.mark.parametrize("case", ["calendar", "horizon", "calendar+horizon", "batches",
                                  "batches only", "negative gaps", "cut by horizon"])
def test_blocks_equal_the_up_front_times_in_every_setting(name: str, case: str) -> None:
    law = LAWS[name]
    day = 86_400.0
    # batches at the start (a tie with the first stream arrival), twice at one instant,
    # in the middle, unsorted, one past the horizon
    batches = ((3 * day, 5), (0.0, 4), (3 * day, 2), (400 * day, 7), (10**9, 3))
    s = {
        "calendar": _scenario(law, cases=9_000, calendar=OFFICE),
        "horizon": _scenario(law, cases=None, horizon=60 * day),
        "calendar+horizon": _scenario(law, cases=None, horizon=60 * day, calendar=OFFICE),
        "batches": _scenario(law, cases=30_000, batches=batches),
        "batches only": _scenario(None, cases=None, horizon=500 * day, batches=batches),
        "negative gaps": _scenario(Uniform(-900.0, 1_000.0), cases=9_000,
                                   batches=batches[:4]),
        "cut by horizon": _scenario(law, cases=50_000, horizon=30 * day, batches=batches),
    }[case]
    got, times = _blocks(s, 5)
    want = _reference(s, np.random.default_rng(5))
    assert got == want and len(got) > 0
    assert times.last == want[-1]
    if case == "batches":
        # fixed gaps of 600 s reach 3 days exactly: a tie with the two batches there
        assert got.count(3 * day) == 7 + (name == "fixed") and got[:5] == [0.0] * 5


@pytest.mark.parametrize("name", ["exponential truncated", "normal truncated, rejection"])
def test_nothing_held_per_case(name: str) -> None:
    """A million arrivals pass through blocks without a million-long array behind them
    (a law sampled by rejection too: before, its million gaps were drawn in one call)."""
    import tracemalloc

    s = _scenario(LAWS[name], cases=1_000_000)
    tracemalloc.start()
    try:
        n = sum(len(b) for b in ArrivalTimes(s, np.random.default_rng(1)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 1_000_000
    assert peak < 3_000_000, peak  # a block of gaps and its times: ~1.6 MB; all: 8 MB
    assert math.isfinite(peak)
