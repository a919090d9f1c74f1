"""The ``[batches.TASK]`` tables of a scenario TOML: tasks done for several cases together.

::

    [batches.B_tanda_tangan]
    kind = "sequential"      # or "parallel"
    size = 3                 # the batch starts when the 3rd case arrives
    scale = {3 = 0.5}        # batch size -> duration coefficient (optional)
    alone = 0.2              # a case finding no batch open is done alone (optional)

The same semantics as a Prosimos ``size`` firing rule (:class:`~probisnis.sim.scenario.Batch`,
:mod:`probisnis.sim.behaviours.batch`); the task needs its ``[tasks.TASK]`` entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from probisnis.errors import say
from probisnis.sim.bounds import MAX_COUNT
from probisnis.sim.keyed import Keyed, short
from probisnis.sim.scenario import Batch, TaskSpec

__all__ = ["read_batches"]

_KINDS = ("parallel", "sequential")


def read_batches(r: Keyed, doc: Mapping[str, Any], tasks: dict[str, TaskSpec]) -> None:
    """Give each task of ``doc["batches"]`` its :class:`Batch` (``tasks`` is updated)."""
    for tid, spec in r.table(doc.get("batches", {}), "batches").items():
        key = f"batches.{tid}"
        spec = r.table(spec, key)
        r.keys(spec, {"kind", "size", "scale", "alone"}, key)
        if tid not in tasks:
            raise r.fail(key, say(f"tulis juga [tasks.{tid}] (lama kerja dan pool tugas ini)",
                                  f"give [tasks.{tid}] too (the task's duration and pool)"))
        kind = spec.get("kind", "parallel")
        if kind not in _KINDS:
            raise r.fail(f"{key}.kind", say(
                f"harus \"parallel\" atau \"sequential\", bukan {short(kind)}",
                f"must be \"parallel\" or \"sequential\", got {short(kind)}"))
        if "size" not in spec:
            raise r.fail(f"{key}.size", say(
                "tidak ada: tulis jumlah kasus satu kelompok, misalnya size = 3",
                "missing: the number of cases in a batch"))
        size = r.integer(spec["size"], f"{key}.size", minimum=2, maximum=MAX_COUNT)
        scales = {1: 1.0}
        for n, value in r.table(spec.get("scale", {}), f"{key}.scale").items():
            where = f"{key}.scale.{n}"
            count = r.integer(n, where, minimum=1, maximum=MAX_COUNT, text=True)
            scales[count] = r.number(value, where, high=1e6)
        alone = r.number(spec.get("alone", 0.0), f"{key}.alone", high=1.0)
        tasks[tid] = dataclasses.replace(tasks[tid], batch=Batch(
            kind, size, MappingProxyType(scales), alone))
