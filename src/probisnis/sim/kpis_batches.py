"""Busy time of parallel batches counted once (for
:class:`~probisnis.sim.kpis_streaming.StreamingKpis`): a parallel batch writes one log row
per case for the same person over overlapping intervals; summed, the person would count
busy up to k times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from probisnis.sim.columns import Columns

__all__ = ["BatchKey", "once_per_batch"]

#: a batch: (replication, person, task, start)
BatchKey = tuple[int, str, str, float]


def once_per_batch(df: Columns, mask: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                   length: np.ndarray, *, parallel: frozenset[str],
                   ends: dict[BatchKey, tuple[float, float]],
                   seconds: Callable[[Columns, np.ndarray, np.ndarray], np.ndarray] | None
                   ) -> None:
    """Busy time of a parallel batch counted once. Its rows (one per case: the same
    person, task and start) overlap; the person does the batch from its start until
    the end of its last case (the one enabled last; on a tie the later end), when the
    engine (as Prosimos) frees them. ``length`` (each row's busy seconds in the window)
    is changed in place: per batch, the first row of this chunk gets the change of the
    batch's busy time from what earlier chunks counted, the others 0; exact in any row
    order. ``ends``: per batch, (enable, end) of its last case counted so far; updated
    (pass a copy for rows still open at the end, which ``result()`` measures without
    keeping). ``seconds``: working seconds of rows between two times (None: clock time)."""
    element, person = df.coded("element_id"), df.coded("resource_instance")
    batched = np.array([str(n) in parallel for n in element.names] + [False])
    sel = mask & batched[element.codes] & person.present()
    if not sel.any():
        return
    idx = np.flatnonzero(sel)
    rep = df.array("replication", np.int64)[idx].tolist()
    who, task = person.values()[idx].tolist(), element.values()[idx].tolist()
    start = df.array("start", float)[idx].tolist()
    enable = df.array("enable", float)[idx]
    top = hi[idx]
    # per batch, its first row here and its last case here (latest enable, then end)
    batches: dict[BatchKey, list[Any]] = {}
    for k in np.lexsort((top, enable)).tolist():  # stable: by enable, then end
        key = (int(rep[k]), str(who[k]), str(task[k]), float(start[k]))
        seen_here = batches.get(key)
        if seen_here is None:
            batches[key] = [int(idx[k]), float(enable[k]), float(top[k])]
        else:
            seen_here[0] = min(seen_here[0], int(idx[k]))
            seen_here[1], seen_here[2] = float(enable[k]), float(top[k])
    first = np.array([g[0] for g in batches.values()], dtype=np.int64)
    base = lo[first]
    old = base.copy()
    new = np.array([g[2] for g in batches.values()], dtype=float)
    for k, (key, g) in enumerate(batches.items()):
        seen = ends.get(key)
        if seen is not None:
            old[k] = seen[1]
            if (seen[0], seen[1]) > (g[1], new[k]):
                new[k] = seen[1]
                continue
        ends[key] = (g[1], float(new[k]))
    # (an end counted before the window's start was known counts nothing now)
    old, new = np.maximum(old, base), np.maximum(new, base)
    a, b = np.minimum(old, new), np.maximum(old, new)
    if seconds is not None:
        added = seconds(df.take(first), a, b)
        added = np.where(np.isnan(added), b - a, added)
    else:
        added = b - a
    length[idx] = 0.0
    length[first] = np.where(new < old, -added, added)
