"""Random streams of the engine, keyed for common random numbers.

Two scenarios run with the same seed must draw the same numbers wherever they do the
same thing, so that a what-if comparison sees only the effect of the change (common
random numbers). A shared generator cannot give that: a changed head count reorders
the events and so the order in which activities draw. Here every random quantity has
its own stream, keyed by what it is for and indexed by the case number:

* the duration of activity ``A`` for case ``c`` at its ``v``-th visit (0: the first) is
  value ``c`` of the stream ``(replication seed, DURATION, key(A), v)``: revisits (loops,
  multi-instance, a process called twice) are keyed by their number too, so they do not
  depend on the order in which cases come back;
* the uniform of gateway ``G`` (of flow ``j`` for an inclusive gateway) and the delay
  of timer ``T``: the same, keyed by the element;
* arrivals and case attributes: one stream each, drawn in case order.

``key(A)`` is a stable hash of the process and element ids (:func:`stable_key`), so
adding, removing or changing another element, pool or probability leaves the draws of
``A`` as they were. Values are produced a block of :data:`CASES_PER_BLOCK` cases at a
time from ``Generator(PCG64(SeedSequence(entropy, spawn_key=(..., key, block))))`` and
kept while a case of the block is open (:meth:`Keyed.forget`, called by the engine); a
block dropped and needed again is drawn again, identically.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable

import numpy as np

from probisnis.sim.state import Case

__all__ = ["BRANCH", "CASES_PER_BLOCK", "DURATION", "TIMER", "Keyed", "stable_key"]

#: purposes of keyed streams (part of every stream's key)
DURATION, BRANCH, TIMER = 1, 2, 3
#: case numbers per drawn block (a power of two)
CASES_PER_BLOCK = 1024
_SHIFT = CASES_PER_BLOCK.bit_length() - 1
_MASK = CASES_PER_BLOCK - 1
#: blocks kept per stream at most (more only when cases far apart are open together)
_CACHE = 64


def stable_key(*parts: str) -> int:
    """A 64-bit number for ``parts``, the same in every run, process and Python version."""
    h = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8)
    return int.from_bytes(h.digest(), "little")


def _generator(entropy: int, spawn_key: tuple[int, ...]) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(entropy, spawn_key=spawn_key)))


class Keyed:
    """Values by case number and visit: ``stream(case)``; see the module text.

    ``slot`` is this stream's bit in :attr:`Case.drawn` (which streams the case has
    drawn its first value from); it must be unique within one engine.
    """

    __slots__ = ("bit", "blocks", "entropy", "fill", "later", "prefix")

    def __init__(self, seed: np.random.SeedSequence, purpose: int, key: int, slot: int,
                 fill: Callable[[np.random.Generator, int], np.ndarray]) -> None:
        entropy = seed.entropy
        assert isinstance(entropy, int)  # SeedSequence(int) or one spawned from it
        self.entropy = entropy
        self.prefix = (*seed.spawn_key, purpose, key)
        self.fill = fill
        self.bit = 1 << slot
        self.blocks: dict[int, array[float]] = {}  # first visits, by block
        self.later: dict[tuple[int, int], array[float]] = {}  # (visit, block): revisits

    def _draw(self, visit: int, b: int) -> array[float]:
        rng = _generator(self.entropy, (*self.prefix, visit, b))
        return array("d", np.asarray(self.fill(rng, CASES_PER_BLOCK),
                                     dtype=np.float64).tobytes())

    def block(self, b: int) -> array[float]:
        """First-visit values of cases ``b * CASES_PER_BLOCK ...`` (drawn, or cached)."""
        blocks = self.blocks
        buf = blocks.get(b)
        if buf is None:
            if len(blocks) >= _CACHE:
                del blocks[min(blocks)]
            buf = blocks[b] = self._draw(0, b)
        return buf

    def again(self, case: Case) -> float:
        """The value of the case's next visit (the second, third...): keyed by the visit's
        number too, so it does not depend on the order in which cases come back."""
        visits = case.revisits
        if visits is None:
            visits = case.revisits = {}
        v = visits.get(self.bit, 0) + 1
        visits[self.bit] = v
        cid = case.id
        key = (v, cid >> _SHIFT)
        later = self.later
        buf = later.get(key)
        if buf is None:
            if len(later) >= _CACHE:
                del later[min(later, key=lambda k: k[1])]
            buf = later[key] = self._draw(v, cid >> _SHIFT)
        return buf[cid & _MASK]

    def forget(self, before: int) -> None:
        """Drop the blocks of cases numbered below ``before`` (all finished)."""
        blocks = self.blocks
        for b in [b for b in blocks if (b + 1) << _SHIFT <= before]:
            del blocks[b]
        later = self.later
        for k in [k for k in later if (k[1] + 1) << _SHIFT <= before]:
            del later[k]

    def __call__(self, case: Case) -> float:
        bit = self.bit
        drawn = case.drawn
        if drawn & bit:
            return self.again(case)
        case.drawn = drawn | bit
        cid = case.id
        buf = self.blocks.get(cid >> _SHIFT)
        if buf is None:
            buf = self.block(cid >> _SHIFT)
        return buf[cid & _MASK]


def uniform(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` uniforms on [0, 1) (the fill of branch streams)."""
    return rng.random(n)
