"""Binding a scenario's numbers to graph nodes, and checking the scenario against the model.

Durations and pools of activities, branch probabilities or conditions of gateways, timer
delays; every mistake is a :class:`ScenarioError` naming the scenario file and key.
"""

from __future__ import annotations

import contextlib
import math
from datetime import datetime
from typing import Any

from probisnis.bpmn.model import FlowNode, Process
from probisnis.errors import Bilingual, ScenarioError, say
from probisnis.present.notices import Term, notice
from probisnis.sim.distributions import Distribution, Fixed
from probisnis.sim.expressions import Condition, compile_condition, parse_iso_duration
from probisnis.sim.graph import (
    CALL,
    END,
    EVENT_GW,
    OR,
    R_ALL,
    R_EVENT,
    R_NONE,
    R_ONE,
    R_OR_C,
    R_OR_P,
    R_XOR_C,
    R_XOR_P,
    SUB,
    TERMINATE,
    XOR,
    Graph,
)
from probisnis.sim.keyed import Keyed, maksudnya, suggest
from probisnis.sim.scenario import ResourcePool, Scenario

__all__ = ["Context", "bind_activity", "bind_timer", "check_calendars", "check_unused",
           "route_of", "timeless", "timer_delay"]

_PROB_TOL = 1e-9


class Context:
    """What compiling one scenario collects: warnings, activities, pools, used keys."""

    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.path = scenario.path
        self.keyed = Keyed(scenario.path)
        self.warnings: list[str] = []
        self.activities: list[tuple[str, str, str, str, str | None, int]] = []
        self.durations: list[Distribution] = []
        self.pool_index: dict[str, int] = {}
        self.pools: list[ResourcePool] = []
        self.used_tasks: set[str] = set()
        self.used_gateways: set[str] = set()
        self.used_timers: set[str] = set()
        self.used_conditions: set[str] = set()
        self.all_ids: set[str] = set()
        self.gateway_ids: dict[str, FlowNode] = {}
        self.msg_key: dict[tuple[str, str], int] = {}
        self.attr_names = {a.name for a in scenario.attributes} | {
            a.name for t in scenario.tasks.values() for a in t.sets}
        self.processes: dict[str, Process] = {}
        for d in scenario.definitions:
            for pid, p in d.processes.items():
                self.processes.setdefault(pid, p)

    def fail(self, key: str, message: str) -> ScenarioError:
        return self.keyed.fail(key, message)

    def near(self, word: str, kinds: tuple[str, ...] = ()) -> Bilingual:
        """`` mungkin maksudnya 'X'?`` for a misspelt id (or a name written for the id) among the
        elements of the processes (of a BPMN kind ending with one of ``kinds``), else ``""``."""
        nodes = [n for p in self.processes.values() for n in p.iter_nodes()
                 if not kinds or n.kind.endswith(kinds)]
        by_name = {(n.name or "").strip().lower(): n.id for n in nodes if n.name}
        if word.strip().lower() in by_name:
            found = by_name[word.strip().lower()]
            return say(f"; {word!r} adalah nama, tulis id-nya: {found!r}",
                       f"; {word!r} is a name, write its id: {found!r}")
        return maksudnya(suggest(word, [n.id for n in nodes]))

    def warn(self, code: str, **fields: Any) -> None:
        """Record the warning ``code`` (worded in :mod:`probisnis.present.notice_texts`)."""
        message = notice(code, **fields)
        if message not in self.warnings:
            self.warnings.append(message)

    def pool(self, pool_id: str, lane_name: str = "") -> int:
        if pool_id in self.pool_index:
            return self.pool_index[pool_id]
        pool = self.s.pools.get(pool_id)
        if pool is None:
            pool = ResourcePool(id=pool_id, count=1, name=lane_name)
            self.warn("lane-one-person", lane=pool_id)
        self.pool_index[pool_id] = len(self.pools)
        self.pools.append(pool)
        return self.pool_index[pool_id]


def timer_delay(n: FlowNode, ctx: Context, proc_id: str) -> Distribution | None:
    if n.id in ctx.s.timers:
        ctx.used_timers.add(n.id)
        return ctx.s.timers[n.id]
    for d in n.event_definitions:
        if d.kind != "timer":
            continue
        text = d.attrs.get("timeDuration")
        if text:
            try:
                return Fixed(parse_iso_duration(text.strip().strip("'\"")))
            except ValueError:
                pass
            raise ScenarioError(say(
                f"timer {n.id} di proses {proc_id}: timeDuration {text!r} bukan durasi ISO 8601 "
                f"(PT2H = 2 jam, P3D = 3 hari); tulis durasinya di skenario: [timers.{n.id}] "
                'duration = {dist = "fixed", value = 2, unit = "h"}',
                f"timer {n.id} in process {proc_id}: timeDuration {text!r} is not an ISO 8601 "
                f"duration (PT2H, P3D); give [timers.{n.id}] duration in the scenario"),
                path=ctx.path, element_id=f"timers.{n.id}")
        ctx.warn("timer-no-duration", where=proc_id, timer=n.id)
        return Fixed(0.0)
    return None


#: the attributes that give a timer its time
_TIME_KEYS = ("timeDuration", "timeCycle", "timeDate")


def timeless(n: FlowNode, ctx: Context) -> bool:
    """Timer ``n`` has no time at all: no ``[timers.ID]``, no duration, cycle or date."""
    d = next((d for d in n.event_definitions if d.kind == "timer"), None)
    attrs = d.attrs if d is not None else {}
    return n.id not in ctx.s.timers and not any((attrs.get(k) or "").strip()
                                                for k in _TIME_KEYS)


def bind_timer(n: FlowNode, ctx: Context, proc_id: str, g: Graph, i: int) -> None:
    """The delay of timer ``n``: ``[timers.ID]`` of the scenario, else its ``timeDuration``,
    ``timeCycle`` (the period; repetitions in ``g.cycle``) or ``timeDate`` (an instant,
    ``g.timer_at``: seconds from the scenario's start; one in the past fires at once)."""
    d = next((d for d in n.event_definitions if d.kind == "timer"), None)
    attrs = d.attrs if d is not None else {}
    cycle = (attrs.get("timeCycle") or "").strip().strip("'\"")
    date = (attrs.get("timeDate") or "").strip().strip("'\"")
    if cycle:
        g.cycle[i] = _repetitions(cycle)
    if n.id in ctx.s.timers or not (cycle or date):
        g.timer[i] = timer_delay(n, ctx, proc_id) or Fixed(0.0)
    elif cycle:
        g.timer[i] = _cycle_period(cycle, n, ctx, proc_id)
    else:
        g.timer[i] = Fixed(0.0)
        g.timer_at[i] = _instant(date, n, ctx, proc_id)
    if cycle and g.timer[i].mean <= 0:
        raise ctx.fail(f"timers.{n.id}", say(
            f"timer berulang {n.id} di proses {proc_id} perlu periode > 0",
            f"the repeating timer {n.id} in process {proc_id} needs a period > 0"))


def _instant(text: str, n: FlowNode, ctx: Context, proc_id: str) -> float:
    """Seconds from the scenario's start to the ISO 8601 date-time ``text``."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ScenarioError(say(
            f"timer {n.id} di proses {proc_id}: timeDate {text!r} bukan tanggal-jam ISO 8601 "
            f"(2025-03-01T09:00); tulis durasinya di skenario: [timers.{n.id}] duration",
            f"timer {n.id} in process {proc_id}: timeDate {text!r} is not an ISO 8601 date "
            f"and time (2025-03-01T09:00); give [timers.{n.id}] duration in the scenario"),
            path=ctx.path, element_id=f"timers.{n.id}") from None
    start = ctx.s.start
    if when.tzinfo is not None and start.tzinfo is None:
        when = when.replace(tzinfo=None)  # the scenario's clock is local time
    return (when - start).total_seconds()


def _cycle_period(cycle: str, n: FlowNode, ctx: Context, proc_id: str) -> Distribution:
    """The period of ``R[n]/[start/]PERIOD`` as a fixed delay."""
    try:
        return Fixed(parse_iso_duration(cycle.rsplit("/", 1)[-1].strip()))
    except ValueError:
        raise ScenarioError(say(
            f"timer {n.id} di proses {proc_id}: timeCycle {cycle!r} bukan selang berulang "
            f"ISO 8601 (R/PT3H, R4/P1D); tulis durasinya di skenario: [timers.{n.id}] duration",
            f"timer {n.id} in process {proc_id}: timeCycle {cycle!r} is not an ISO 8601 "
            f"repeating interval (R/PT3H, R4/P1D); give [timers.{n.id}] duration in the "
            "scenario"), path=ctx.path, element_id=f"timers.{n.id}") from None


def _repetitions(cycle: str) -> int:
    """Repetitions of an ISO 8601 repeating interval ``R5/PT1H`` (-1: ``R/...``, no end)."""
    head = cycle.split("/", 1)[0].strip().upper()
    if head.startswith("R") and head[1:].isdigit():
        return int(head[1:])
    return -1


def route_of(n: FlowNode, kind: int, flows: list[Any], g: Graph, i: int, ctx: Context,
           proc_id: str) -> int:
    m = len(flows)
    if kind in (END, TERMINATE) or m == 0:
        return R_NONE
    if kind == EVENT_GW:
        return R_EVENT
    if kind not in (XOR, OR):
        return R_ONE if m == 1 else R_ALL  # implicit parallel split
    if m == 1:
        return R_ONE
    ctx.gateway_ids[n.id] = n
    given = ctx.s.branching.get(n.id)
    flow_ids = [f.id for f in flows]
    if given is not None:
        ctx.used_gateways.add(n.id)
        for fid in given:
            if fid not in flow_ids:
                near = suggest(fid, flow_ids)
                raise ctx.fail(f"gateways.{n.id}.{fid}", say(
                    f"id alur {fid!r} tidak dikenal", f"unknown flow id {fid!r}")
                    + maksudnya(near) + say(
                    f": alur keluar dari {n.id} adalah {', '.join(flow_ids)}",
                    f": the outgoing flows of {n.id} are {', '.join(flow_ids)}"))
        probs = [float(given.get(fid, 0.0)) for fid in flow_ids]
        if kind == XOR:
            total = sum(probs)
            if abs(total - 1.0) > _PROB_TOL:
                raise ctx.fail(f"gateways.{n.id}", say(
                    f"peluang cabang harus berjumlah 1, jumlahnya {total:.12g} (tulis pecahan: "
                    "0.7 dan 0.3, bukan 70 dan 30)" if total > 1.5 else
                    f"peluang cabang harus berjumlah 1, jumlahnya {total:.12g}",
                    f"branch probabilities must sum to 1, they sum to {total:.12g}"))
            g.probs[i] = _cumulative(probs)
            return R_XOR_P
        if not any(p > 0 for p in probs):
            raise ctx.fail(f"gateways.{n.id}", say(
                "gerbang inklusif perlu paling sedikit satu alur dengan peluang > 0",
                "an inclusive gateway needs a flow with p > 0"))
        g.probs[i] = tuple(probs)
        return R_OR_P
    # conditions on case attributes?
    conds: list[Condition | None] = []
    default = -1
    usable = True
    for j, f in enumerate(flows):
        text = ctx.s.conditions.get(f.id)  # the scenario's condition replaces the model's
        if text is not None:
            ctx.used_conditions.add(f.id)
        elif f.id == n.default:
            default = j
            conds.append(None)
            continue
        else:
            text = f.condition
        if not text or not text.strip():
            usable = False
            break
        try:
            c = compile_condition(text, where=f.id, path=n.source.path if f.id not in
                                  ctx.s.conditions else ctx.path)
        except ScenarioError as exc:
            if ctx.attr_names:  # the scenario means its conditions: a bad one is an error
                raise
            # a descriptive model's condition in another tool's language (FEEL, prose):
            # with no case attributes declared it cannot decide anything, so it is a label
            ctx.warn("condition-as-label", where=proc_id, gateway=n.id, flow=f.id,
                     reason=exc.message)
            usable = False
            break
        if not c.names <= ctx.attr_names:
            usable = False
            break
        conds.append(c)
    if usable and any(c is not None for c in conds):
        g.conds[i] = (tuple(conds), default)
        return R_XOR_C if kind == XOR else R_OR_C
    share = 1.0 / m
    ctx.warn("gateway-equal-split" if kind == XOR else "gateway-half-each", where=proc_id,
             gateway=n.id)
    if kind == XOR:
        g.probs[i] = _cumulative([share] * m)
        return R_XOR_P
    g.probs[i] = tuple([0.5] * m)
    return R_OR_P


def _cumulative(probs: list[float]) -> tuple[float, ...]:
    out, acc = [], 0.0
    for p in probs:
        acc += p
        out.append(acc)
    out[-1] = math.inf  # guards against rounding: the last flow takes the rest
    return tuple(out)


def bind_activity(n: FlowNode, i: int, g: Graph, ctx: Context, proc: Process, label: str) -> None:
    s = ctx.s
    spec = s.tasks.get(n.id)
    kind = g.kinds[i]
    if spec is not None:
        ctx.used_tasks.add(n.id)
    if kind in (SUB, CALL):
        if spec is not None:
            raise ctx.fail(f"tasks.{n.id}", say(
                f"{n.id} adalah {Term(n.kind).text('id')}: waktunya adalah "
                "waktu isinya, beri durasi pada tugas-tugas di dalamnya",
                f"{n.id} is a {n.kind}: its time is that of its "
                "content, give durations to the tasks inside"))
        return
    if spec is not None:
        duration = spec.duration
    elif s.default_duration is not None:
        duration = s.default_duration
    else:
        duration = Fixed(0.0)
        ctx.warn("task-no-duration", where=proc.id, task=n.id)
    pool_id = spec.pool if spec is not None and spec.pool else None
    if pool_id is None and n.lane is not None:
        pool_id = s.lane_pools.get(n.lane, n.lane)
        lane_name = ""
        with contextlib.suppress(KeyError):
            lane_name = proc.lane(n.lane).name
        pidx = ctx.pool(pool_id, lane_name)
    elif pool_id is not None:
        pidx = ctx.pool(pool_id)
    else:
        pidx = -1
    for alt in spec.alternatives if spec is not None else ():
        ctx.pool(alt)  # pools that may do the task too (the engine picks)
    for pid in spec.by_pool if spec is not None else ():
        if pid != pool_id and pid not in spec.alternatives:  # type: ignore[union-attr]
            raise ctx.fail(f"tasks.{n.id}", say(
                f"ada durasi untuk kelompok pegawai {pid!r}, padahal kelompok itu tidak "
                "mengerjakan tugas ini "
                "(bukan pelaksananya dan bukan alternatifnya)",
                f"a duration for pool {pid!r}, which does not do "
                "the task (neither its pool nor an alternative)"))
    if n.loop is not None and n.loop.kind == "multiInstance":
        text = (n.loop.cardinality or "").strip()
        card = text.strip("${}").strip()
        count = _data_count(text, n, ctx) if text and not card.isdigit() else None
        if card.isdigit() and int(card) > 0:
            g.multi[i] = (int(card), n.loop.is_sequential)
        elif count is not None:  # a count read from the case attributes
            g.multi[i] = (count, n.loop.is_sequential)
        else:
            ctx.warn("multi-instance-one", where=proc.id, task=n.id)
    g.act[i] = len(ctx.activities)
    ctx.activities.append((label, n.id, n.name or n.id, n.kind, n.lane, pidx))
    ctx.durations.append(duration)


def _data_count(text: str, n: FlowNode, ctx: Context) -> Condition | None:
    """A loopCardinality over case attributes (``${jumlah_anggota}``), or None."""
    try:
        cond = compile_condition(text, where=n.id, path=n.source.path)
    except ScenarioError:
        return None
    return cond if cond.names and cond.names <= ctx.attr_names else None


def check_calendars(ctx: Context, s: Scenario) -> None:
    """Every calendar must count its seconds from the scenario's start."""
    cals = [("calendar", s.calendar), ("arrivals.calendar", s.arrivals.calendar)]
    cals += [(f"resources.{pid}.calendar", p.calendar) for pid, p in s.pools.items()]
    for key, cal in cals:
        if cal is None or type(cal).__name__ == "_AlwaysCalendar":
            continue
        if cal.start != s.start:
            raise ctx.fail(key, say(
                f"kalender mulai {cal.start}, skenario mulai {s.start}: buat kalender dengan "
                "awal skenario",
                f"the calendar starts at {cal.start}, the scenario at {s.start}: "
                "build calendars with the scenario's start"))


def check_unused(ctx: Context, s: Scenario) -> None:
    if s.inclusive_none not in ("redraw", "one"):
        raise ctx.fail("inclusive_none", say(f"harus \"redraw\" atau \"one\", bukan "
                                             f"{s.inclusive_none!r}",
                                             f"must be \"redraw\" or \"one\", got "
                                             f"{s.inclusive_none!r}"))
    where = f"process {s.process_id}" + (" or the processes it calls" if len(ctx.processes) > 1
                                          else "")
    di = f"proses {s.process_id}" + (" atau proses yang dipanggilnya"
                                     if len(ctx.processes) > 1 else "")
    for tid in s.tasks:
        if tid not in ctx.used_tasks:
            if tid in ctx.all_ids:
                raise ctx.fail(f"tasks.{tid}", say(
                    f"{tid!r} bukan tugas (aktivitas) di {di}: durasi hanya untuk tugas",
                    f"{tid!r} is not a task in {where}"))
            raise ctx.fail(f"tasks.{tid}", say(f"id tugas {tid!r} tidak ada di {di}",
                                               f"unknown task id {tid!r} in {where}")
                           + ctx.near(tid, ("Task", "task")))
    for gid in s.branching:
        if gid not in ctx.used_gateways:
            if gid in ctx.all_ids:
                raise ctx.fail(f"gateways.{gid}", say(
                    f"{gid!r} di {di} bukan gerbang eksklusif/inklusif dengan beberapa alur "
                    "keluar: peluang cabang hanya untuk gerbang seperti itu",
                    f"not an exclusive/inclusive gateway with several outgoing flows "
                    f"{gid!r} in {where}"))
            raise ctx.fail(f"gateways.{gid}", say(f"id gerbang {gid!r} tidak ada di {di}",
                                                  f"unknown gateway id {gid!r} in {where}")
                           + ctx.near(gid, ("Gateway",)))
    for fid in s.conditions:
        if fid not in ctx.used_conditions:
            raise ctx.fail(f"conditions.{fid}", say(
                f"{fid!r} bukan alur keluar dari gerbang eksklusif atau inklusif di {di}",
                f"{fid!r} is not an outgoing flow of an "
                f"exclusive or inclusive gateway in {where}"))
    for tid in s.timers:
        if tid not in ctx.used_timers:
            raise ctx.fail(f"timers.{tid}", say(f"id peristiwa timer {tid!r} tidak ada di {di}",
                                                f"unknown timer event id {tid!r} in {where}")
                           + ctx.near(tid, ("Event",)))
    lanes: set[str] = set()
    for p in ctx.processes.values():
        lanes.update(lane.id for lane in p.iter_lanes(subprocesses=True))
    for lane, pid in s.lane_pools.items():
        if lane not in lanes and lane != pid:
            close = suggest(lane, lanes)
            raise ctx.fail(f"resources.{pid}.lanes", say(
                f"id lajur {lane!r} tidak ada di model", f"unknown lane id {lane!r}")
                + (maksudnya(close) if close else
                   say(f" (lajurnya: {', '.join(sorted(lanes)) or 'tidak ada'})", "")))
    for pid in s.pools:
        if pid in ctx.pool_index:
            continue
        own = [lane for lane, p in s.lane_pools.items() if p == pid]
        if own == [pid] and pid not in lanes:  # `lanes` left out and no lane has its id
            # a misspelt pool in a variant ([resources.JFPJ] for JFJP) would change nothing
            near = suggest(pid, lanes | set(s.pools) - {pid})
            example = ", ".join(repr(x) for x in sorted(lanes)[:3])
            raise ctx.fail(f"resources.{pid}", say(
                f"tidak ada lajur {pid!r} di model dan tidak ada tugas yang menyebut kelompok "
                "pegawai ini", f"no lane {pid!r} in the model and no task names this pool")
                + (maksudnya(near) if near else say(
                    f"; sebutkan lajurnya, misalnya lanes = [{example}]",
                    f"; give its lanes, e.g. lanes = [{', '.join(sorted(lanes)[:3])}]")))
        if not own:
            ctx.warn("pool-unused", pool=pid)


