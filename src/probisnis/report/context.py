"""What a report says about the run besides its numbers: the scenario and its assumptions.

``simulate --out DIR`` writes it as ``DIR/run_context.json`` (:func:`write_context`) so that
``probisnis report DIR`` can describe the run later without running anything again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from probisnis.errors import UsageError
from probisnis.present.notices import from_record, record

if TYPE_CHECKING:
    from probisnis.sim.scenario import Scenario

__all__ = ["CONTEXT_FILE", "PoolInfo", "RunContext", "TaskInfo", "context_from_scenario",
           "read_context", "write_context"]

CONTEXT_FILE = "run_context.json"


@dataclass(frozen=True)
class PoolInfo:
    """A resource pool as the scenario states it."""

    id: str
    name: str
    count: int
    availability: float
    cost_per_hour: float
    lanes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskInfo:
    """An activity: its name, lane and the scenario's mean duration (working seconds)."""

    id: str
    name: str
    kind: str
    lane: str | None
    pool: str | None
    mean_duration: float | None
    #: the phase (subprocess or called process) holding it, as the terminal page groups it
    phase: str = ""


@dataclass(frozen=True)
class RunContext:
    """The scenario of a run, as plain data (JSON round trip)."""

    name: str
    scenario_path: str | None
    process_id: str
    model_paths: tuple[str, ...]
    seed: int
    replications: int
    cases: int | None
    horizon_seconds: float | None
    warmup_cases: int
    hours_per_day: float
    start: datetime
    arrivals: str
    pools: tuple[PoolInfo, ...] = ()
    tasks: tuple[TaskInfo, ...] = ()
    lanes: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: the stability verdict of the run (:mod:`probisnis.whatif.stability`), when checked
    stable: bool | None = None
    stability: tuple[str, ...] = ()

    def task_names(self) -> dict[str, str]:
        return {t.id: t.name for t in self.tasks}

    def pool_names(self) -> dict[str, str]:
        return {p.id: p.name or p.id for p in self.pools}


def _arrivals_text(scenario: Scenario) -> str:
    arr = scenario.arrivals
    parts = []
    if arr.interarrival is not None:
        days = arr.interarrival.mean / 86400.0
        from probisnis.report.fmt import number_id

        parts.append(f"rata-rata satu kasus setiap {number_id(days, 1)} hari kalender "
                     f"({type(arr.interarrival).__name__})")
    if arr.batches:
        total = sum(n for _, n in arr.batches)
        parts.append(f"{total} kasus sekaligus pada {len(arr.batches)} waktu tetap")
    return "; ".join(parts) or "semua kasus datang di awal"


def context_from_scenario(scenario: Scenario, *, replications: int | None = None,
                          cases: int | None = None, seed: int | None = None,
                          warmup_cases: int | None = None,
                          warnings: tuple[str, ...] = ()) -> RunContext:
    """The :class:`RunContext` of ``scenario`` as run (overrides from the command line)."""
    lane_pool = dict(scenario.lane_pools)
    lanes: dict[str, str] = {}
    for d in scenario.definitions:
        for proc in d.processes.values():
            for lane in proc.iter_lanes(subprocesses=True):
                lanes[lane.id] = lane.name or lane.id
    pools = tuple(PoolInfo(p.id, p.name or p.id, p.count, p.availability, p.cost_per_hour,
                           tuple(k for k, v in lane_pool.items() if v == p.id))
                  for p in scenario.pools.values())
    from probisnis.present.order import process_order

    phases = {o.node.id: o.phase for o in process_order(scenario.definitions,
                                                         scenario.process_id)}
    tasks = []
    seen = set()
    for d in scenario.definitions:
        for _, node in d.iter_nodes():
            if node.id in seen or not (node.kind.endswith("Task") or node.kind == "task"):
                continue
            seen.add(node.id)
            spec = scenario.tasks.get(node.id)
            dist = spec.duration if spec is not None else scenario.default_duration
            pool = (spec.pool if spec is not None and spec.pool else None) or \
                (lane_pool.get(node.lane) if node.lane else None)
            tasks.append(TaskInfo(node.id, node.name or node.id, node.kind, node.lane, pool,
                                  dist.mean if dist is not None else None,
                                  phases.get(node.id, "")))
    return RunContext(
        name=scenario.name or Path(scenario.path or "skenario").stem,
        scenario_path=os.path.abspath(scenario.path) if scenario.path else None,
        process_id=scenario.process_id,
        model_paths=tuple(os.path.abspath(d.path) for d in scenario.definitions if d.path),
        seed=scenario.seed if seed is None else seed,
        replications=scenario.replications if replications is None else replications,
        cases=scenario.cases if cases is None else cases,
        horizon_seconds=scenario.horizon,
        warmup_cases=scenario.warmup_cases if warmup_cases is None else warmup_cases,
        hours_per_day=scenario.hours_per_day,
        start=scenario.start,
        arrivals=_arrivals_text(scenario),
        pools=pools,
        tasks=tuple(tasks),
        lanes=lanes,
        warnings=tuple(dict.fromkeys((*scenario.warnings, *warnings))),
    )


def write_context(ctx: RunContext, folder: str | os.PathLike[str]) -> Path:
    """Write ``folder/run_context.json`` (UTF-8, via a temporary file)."""
    doc = asdict(ctx)
    doc["start"] = ctx.start.isoformat()
    doc["warnings"] = [record(w, "en") for w in ctx.warnings]  # code, fields and text
    from probisnis.outputs import write_text_atomic  # never through a link in the folder

    return write_text_atomic(Path(folder) / CONTEXT_FILE,
                             json.dumps(doc, ensure_ascii=False, indent=1))


def read_context(folder: str | os.PathLike[str]) -> RunContext:
    """The :class:`RunContext` written by ``simulate --out folder``."""
    path = Path(folder) / CONTEXT_FILE
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: tidak ditemukan; tulis folder hasilnya dengan "
                         "`probisnis simulate ... --out DIR` (versi ini atau sesudahnya)") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: tidak dapat dibaca: {exc}") from None
    try:
        return RunContext(
            name=str(doc["name"]), scenario_path=doc.get("scenario_path"),
            process_id=str(doc["process_id"]), model_paths=tuple(doc.get("model_paths") or ()),
            seed=int(doc["seed"]), replications=int(doc["replications"]),
            cases=doc.get("cases"), horizon_seconds=doc.get("horizon_seconds"),
            warmup_cases=int(doc.get("warmup_cases") or 0),
            hours_per_day=float(doc["hours_per_day"]),
            start=datetime.fromisoformat(doc["start"]), arrivals=str(doc.get("arrivals", "")),
            pools=tuple(PoolInfo(p["id"], p["name"], int(p["count"]), float(p["availability"]),
                                 float(p["cost_per_hour"]), tuple(p.get("lanes") or ()))
                        for p in doc.get("pools") or ()),
            tasks=tuple(TaskInfo(t["id"], t["name"], t["kind"], t.get("lane"), t.get("pool"),
                                 t.get("mean_duration"), str(t.get("phase") or ""))
                        for t in doc.get("tasks") or ()),
            lanes=dict(doc.get("lanes") or {}),
            warnings=tuple(from_record(w) for w in doc.get("warnings") or ()),
            stable=doc.get("stable"),
            stability=tuple(doc.get("stability") or ()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"{path}: [{exc}] isian tidak ada atau rusak") from None
