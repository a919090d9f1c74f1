"""The arrival times of one replication, made block by block as the run takes them.

A run of ten million cases would otherwise hold ten million arrival times (80 MB) from
its start. :class:`ArrivalTimes` yields them in blocks of at most :data:`BLOCK` Python
floats, drawing the gaps a block at a time, and gives exactly the times that drawing every
gap before the run gave (the same draws in the same order, the same float additions):

* the first case arrives at time 0, each later one a gap (the scenario's interarrival law)
  after the previous one, moved to the next working instant of the arrival calendar if it
  has one; the stream stops past the horizon or at the scenario's number of cases;
* the fixed batches (``arrivals.batch``) are merged in time order, a stream arrival before
  a batch at the same instant, batches at the same instant in the order they are listed;
  the merged sequence is cut at the number of cases.

Drawing a block at a time gives the same numbers as one draw for laws whose
``sample_many(rng, a)`` then ``sample_many(rng, b)`` draws what ``sample_many(rng, a + b)``
draws (:func:`draws_in_blocks`; ``tests/test_sim_arrivals.py`` checks it law by law). A law
sampled by rejection in bulk (a truncated law keeping most of its mass) is not, but its
``sample_many(rng, n)`` is the first ``n`` draws of the parent law that fall in the window,
and the parent's draws are the same drawn in pieces: its gaps are drawn so, a block of the
parent's draws at a time (:func:`_accepted`), instead of all ``n`` in one call (8 bytes a
case for the run). Only the generator's state after the last gap differs (fewer parent
draws are made), and nothing draws from the arrivals' generator after the gaps.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from probisnis.sim import distributions as laws

if TYPE_CHECKING:
    from probisnis.sim.scenario import Scenario

__all__ = ["BLOCK", "ArrivalTimes", "draws_in_blocks"]

#: arrival times handed to the engine at a time (and gaps drawn at a time)
BLOCK = 4096


def _bounded_in_blocks(dist: Any) -> bool:
    if type(dist).sample_many is not laws._Bounded.sample_many:
        return False
    # a truncated law keeping at least _REJECTION_MIN_MASS is sampled by rejection
    # (bulk draws cut to the count asked: not the same numbers in blocks)
    return not (dist.__dict__["_truncated"]
                and dist.__dict__["_mass"] >= laws._REJECTION_MIN_MASS)


def _by_rejection(dist: Any) -> bool:
    """Whether ``dist.sample_many`` is the bulk rejection sampler of a truncated law (the
    first ``n`` of the parent's draws that fall in ``[low, high]``)."""
    try:
        return (type(dist).sample_many is laws._Bounded.sample_many
                and type(dist)._sample_rejection is laws._Bounded._sample_rejection
                and bool(dist.__dict__["_truncated"])
                and dist.__dict__["_mass"] >= laws._REJECTION_MIN_MASS)
    except (AttributeError, KeyError, TypeError):  # internals changed: play safe
        return False


def _accepted(dist: Any, rng: np.random.Generator, n: int) -> Iterator[np.ndarray]:
    """``dist.sample_many(rng, n)`` of a law sampled by rejection, in blocks: the parent's
    draws (the same drawn in pieces) a block at a time, those in ``[low, high]`` kept, until
    ``n`` are kept."""
    low, high = dist.low, dist.high
    left = n
    while left > 0:
        draw = np.asarray(dist._raw(rng, BLOCK), dtype=float)
        kept = draw[(draw >= low) & (draw <= high)][:left]
        if len(kept):
            left -= len(kept)
            yield kept


def _yes(dist: Any) -> bool:
    return True


#: per law kind: (its draws are the same drawn in blocks, it never draws a negative gap)
_KINDS: dict[type, tuple[Callable[[Any], bool], Callable[[Any], bool]]] = {
    laws.Fixed: (_yes, lambda d: d.value >= 0),
    laws.Uniform: (_yes, lambda d: d.low >= 0),
    laws.Triangular: (_yes, lambda d: d.low >= 0),
    laws.Empirical: (_yes, lambda d: min(d.values) >= 0),
    laws.Histogram: (_yes, lambda d: float(np.min(d.__dict__["_values"])) >= 0),
    laws.Exponential: (lambda d: type(d).sample_many is laws.Exponential.sample_many,
                       lambda d: d.low >= 0),
    laws.Normal: (_bounded_in_blocks, lambda d: d.low >= 0),
    laws.LogNormal: (_bounded_in_blocks, lambda d: d.low >= 0),
    laws.Gamma: (_bounded_in_blocks, lambda d: d.low >= 0),
}


def _ask(dist: Any, which: int) -> bool:
    kind = _KINDS.get(type(dist))
    try:
        return bool(kind[which](dist)) if kind is not None else False
    except (AttributeError, KeyError, TypeError, ValueError):  # internals changed: play safe
        return False


def draws_in_blocks(dist: Any) -> bool:
    """Whether ``dist.sample_many`` gives the same numbers drawn in blocks as in one call
    (False for a law it does not know)."""
    return _ask(dist, 0)


def never_negative(dist: Any) -> bool:
    """Whether every draw of ``dist`` is >= 0 (the times of the stream then never go
    back, which merging it lazily with the batches needs)."""
    return _ask(dist, 1)


class ArrivalTimes:
    """The arrival times of one replication of ``scenario`` from ``rng`` (the arrivals'
    own stream), as an iterable of blocks (lists of floats); iterate it once. ``last`` is
    the last time handed out (0.0 before any)."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        self.scenario = scenario
        self.rng = rng
        self.last = 0.0

    def __iter__(self) -> Iterator[list[float]]:
        s = self.scenario
        horizon = s.horizon if s.horizon is not None else math.inf
        limit = s.cases if s.cases is not None else None
        batches = sorted(((at, i, size) for i, (at, size) in enumerate(s.arrivals.batches)
                          if at <= horizon and size > 0))
        stream: Iterator[list[float]] = iter(())
        dist = s.arrivals.interarrival
        if dist is not None and not never_negative(dist):  # gaps < 0: as before, all at once
            yield from self._all_at_once(horizon, limit)
            return
        if dist is not None:
            stream = self._stream(horizon, limit)
        merged = _merge(stream, batches) if batches else stream
        left = math.inf if limit is None else limit
        for block in merged:
            if len(block) >= left:
                block = block[:int(left)]
            if block:
                self.last = block[-1]
                yield block
            left -= len(block)
            if left <= 0:
                return

    def _gaps(self, limit: int | None, whole: bool = False) -> Iterator[np.ndarray]:
        """The gaps as the up-front draw made them: ``limit + 1`` in one call (now in
        blocks when the law allows), or blocks of BLOCK when the horizon ends the run."""
        dist = self.scenario.arrivals.interarrival
        assert dist is not None
        rng = self.rng
        if limit is not None and (whole or not draws_in_blocks(dist)):
            if not whole and _by_rejection(dist):
                yield from _accepted(dist, rng, max(16, limit + 1))
            else:
                yield np.asarray(dist.sample_many(rng, max(16, limit + 1)), dtype=float)
            return
        while True:  # for these laws any block size gives the same numbers
            yield np.asarray(dist.sample_many(rng, BLOCK), dtype=float)

    def _stream(self, horizon: float, limit: int | None, whole: bool = False
                ) -> Iterator[list[float]]:
        """The interarrival stream: the first case at 0, then the gaps."""
        cal = self.scenario.arrivals.calendar
        if cal is not None and cal == type(cal).always():
            cal = None
        if cal is not None:  # a copy of its own: it runs a block of arrivals ahead of the
            cal = replace(cal)  # run, and would push the window of a pool's calendar ahead
        made = 0
        first = True
        t = 0.0
        for gaps in self._gaps(limit, whole):
            if limit is not None:
                gaps = gaps[:limit - made]
            if cal is None and limit is not None:  # add.accumulate adds in order, as t += x
                if first:
                    gaps = gaps.copy()
                    gaps[0] = 0.0  # the first case at 0: its gap is not used
                    acc = np.add.accumulate(gaps)
                    first = False
                else:
                    acc = np.add.accumulate(np.concatenate(([t], gaps)))[1:]
                keep = int(np.searchsorted(acc, horizon, side="right"))
                for lo in range(0, keep, BLOCK):
                    yield acc[lo:min(lo + BLOCK, keep)].tolist()
                made += keep
                if keep < len(acc) or (limit is not None and made >= limit) or not len(acc):
                    return
                t = float(acc[-1])
                continue
            out: list[float] = []
            for lo in range(0, len(gaps), BLOCK):  # Python floats a slice at a time
                for x in gaps[lo:lo + BLOCK].tolist():
                    if first:
                        first = False
                    else:
                        t += x
                    if cal is not None:
                        t = cal.next_working(t)
                    if t > horizon:
                        if out:
                            yield out
                        return
                    out.append(t)
                    if len(out) == BLOCK:
                        yield out
                        out = []
            if out:
                yield out
            made += len(gaps)
            if limit is not None and made >= limit:
                return


    def _all_at_once(self, horizon: float, limit: int | None) -> Iterator[list[float]]:
        """Every time drawn first, then sorted (stable) with the batches: for a law that may
        draw a negative gap (the stream's times may then go back)."""
        s = self.scenario
        times = [np.array([t for block in self._stream(horizon, limit, True)
                           for t in block])]
        times += [np.full(size, at) for at, size in s.arrivals.batches if at <= horizon]
        if len(times) > 1:
            times = [np.sort(np.concatenate(times), kind="stable")]
        all_t = times[0] if limit is None else times[0][:limit]
        for lo in range(0, len(all_t), BLOCK):
            block = all_t[lo:lo + BLOCK].tolist()
            self.last = block[-1]
            yield block


def _merge(stream: Iterator[list[float]], batches: list[tuple[float, int, int]]
           ) -> Iterator[list[float]]:
    """The stream's times and the batches' in time order (a stream time first at a tie,
    batches at the same time in their listed order: a stable sort of stream + batches)."""
    pending = list(batches)
    heapq.heapify(pending)
    out: list[float] = []
    for block in stream:
        for t in block:
            while pending and pending[0][0] < t:
                at, _, size = heapq.heappop(pending)
                out.extend([float(at)] * size)
            out.append(t)
        if len(out) >= BLOCK:
            full = len(out) - len(out) % BLOCK
            for lo in range(0, full, BLOCK):
                yield out[lo:lo + BLOCK]
            out = out[full:]
    for at, _, size in sorted(pending):
        out.extend([float(at)] * size)
    for lo in range(0, len(out), BLOCK):
        yield out[lo:lo + BLOCK]
