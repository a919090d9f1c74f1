"""Building simulation scenarios in tests straight from the dataclasses (no TOML)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from probisnis.bpmn.reader import read
from probisnis.sim import Arrivals, Attribute, ResourcePool, Scenario, TaskSpec
from probisnis.sim.distributions import Distribution, Exponential, Fixed

DATA = Path(__file__).parent / "data" / "sim"


def exp(mean: float) -> Exponential:
    return Exponential(scale=mean)


def fixed(value: float) -> Fixed:
    return Fixed(value)


def scenario(
    *models: str,
    process: str,
    tasks: Mapping[str, Distribution | tuple[Distribution, str]] | None = None,
    pools: Mapping[str, int] | None = None,
    lane_pools: Mapping[str, str] | None = None,
    interarrival: Distribution | None = None,
    cases: int | None = 100,
    **kw: Any,
) -> Scenario:
    """A 24/7 scenario over fixture models (the first holds ``process``).

    ``tasks`` maps a task id to its duration, or to (duration, pool id).
    """
    defs = tuple(read(DATA / m) for m in models)
    specs = {}
    for tid, spec in (tasks or {}).items():
        if isinstance(spec, tuple):
            specs[tid] = TaskSpec(spec[0], spec[1])
        else:
            specs[tid] = TaskSpec(spec)
    return Scenario(
        definitions=defs,
        process_id=process,
        cases=cases,
        arrivals=Arrivals(interarrival if interarrival is not None else exp(10.0)),
        pools={pid: ResourcePool(pid, count) for pid, count in (pools or {}).items()},
        lane_pools=dict(lane_pools or {}),
        tasks=specs,
        **kw,
    )


__all__ = ["DATA", "Attribute", "exp", "fixed", "scenario"]
