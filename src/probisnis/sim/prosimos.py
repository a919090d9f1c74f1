"""Import a Prosimos 2.1 simulation scenario (BPMN + JSON parameters) as a :class:`Scenario`.

Prosimos (the simulator of the Simod toolkit) keeps simulation parameters in a JSON
file next to the BPMN model. :func:`load_prosimos` reads the parts probisnis can
simulate faithfully:

* ``resource_profiles``: every resource type (``resource_list`` entry) becomes a
  :class:`~probisnis.sim.scenario.ResourcePool` with its ``amount``, ``calendar`` and
  ``cost_per_hour`` (the pool id is the resource id, e.g. ``clerk``); a task that several
  resources may do (Simod's roles) gets one pool of them all when they share a calendar
  and a duration law, else its first resource's pool with the others as alternatives
  (:mod:`probisnis.sim.prosimos_pools`);
* ``resource_calendars`` and ``arrival_time_calendar``: Prosimos weekly time periods,
  no holidays (:meth:`WorkingCalendar.from_prosimos`); without an arrival calendar,
  Prosimos uses the union of the calendars of the resources doing the first tasks,
  and so do we;
* ``arrival_time_distribution`` and every ``task_resource_distribution``: the
  Prosimos distributions ``fix``, ``uniform``, ``expon``, ``norm``, ``lognorm``,
  ``gamma`` with pix_framework's parameters and min/max truncation
  (``docs/distributions.md``), and ``histogram_sampling`` (bin midpoints drawn by their
  cumulative probabilities);
* ``gateway_branching_probabilities``: branch probabilities by outgoing flow id
  (a missing ``value`` gets an equal share of the remainder, as in Prosimos); entries of
  joins and parallel gateways are checked and ignored, as Prosimos ignores them; an
  inclusive gateway that draws no flow takes one by the probabilities (Prosimos's rule);
* ``gateway_execution_limit``: the loop limit per case;
* ``event_distribution``: the duration of each intermediate catch event, a clock-time delay
  (``Scenario.timers``).

``case_attributes`` (discrete or continuous) and ``branch_rules`` are read where they always
pick a flow (:mod:`probisnis.sim.prosimos_rules`); ``batch_processing`` where a ``size`` rule
fires a Parallel or Sequential batch or its sizes are drawn from ``size_distrib``
(:mod:`probisnis.sim.prosimos_batch`, other firing rules refused by JSON path);
``prioritisation_rules`` as case priority rules with a notice (a priority queue per pool,
not Prosimos's whole-run ordering: :mod:`probisnis.sim.prosimos_priority`); ``multitask``
of the ``global`` type as people holding several tasks at once
(:mod:`probisnis.sim.prosimos_multitask`; the ``local`` type is refused by JSON path).
FUZZY calendars as people present by probability, each granule drawn once per person
(:mod:`probisnis.sim.prosimos_fuzzy`, :mod:`probisnis.sim.presence`). Global
attributes are drawn once per replication; event attributes (discrete or continuous)
are set by their task as it completes (``TaskSpec.sets``). A task whose resources take
different duration laws draws the law of whoever does it (``TaskSpec.by_pool``). The JSON is
untrusted: every bad value raises :class:`ScenarioError`
naming the JSON file and the key path
(``task_resource_distribution[2].resources[0].distribution_params[1]``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from probisnis.bpmn.model import Definitions, Process
from probisnis.errors import ScenarioError, say
from probisnis.present.notices import Term, notice
from probisnis.sim.bounds import MAX_COST, MAX_COUNT, MAX_VISITS
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.check import checked
from probisnis.sim.distributions import Distribution
from probisnis.sim.keyed import Keyed, maksudnya, read_json, short, suggest
from probisnis.sim.presence import Presence
from probisnis.sim.prosimos_batch import batches
from probisnis.sim.prosimos_fuzzy import fuzzy_calendars, one_pool_per_person
from probisnis.sim.prosimos_laws import prosimos_distribution
from probisnis.sim.prosimos_multitask import multitasking, refuse_batched
from probisnis.sim.prosimos_periods import calendar_entries
from probisnis.sim.prosimos_pools import Option, pools_for_tasks
from probisnis.sim.prosimos_priority import case_priority
from probisnis.sim.prosimos_rules import case_attributes, event_attributes, rule_conditions
from probisnis.sim.scenario import Arrivals, ResourcePool, Scenario, TaskSpec

__all__ = ["DEFAULT_START", "load_prosimos", "prosimos_distribution"]

#: Monday 6 January 2025, 08:00 (Prosimos itself defaults to "now").
DEFAULT_START = datetime(2025, 1, 6, 8, 0)

_KNOWN = {
    "global_attributes",
    "event_attributes",
    "resource_profiles",
    "arrival_time_distribution",
    "arrival_time_calendar",
    "gateway_branching_probabilities",
    "task_resource_distribution",
    "resource_calendars",
    "gateway_execution_limit",
    "event_distribution",
    "case_attributes",
    "branch_rules",
    "model_type",
    "granule_size",
    "batch_processing",
    "prioritisation_rules",
    "multitask",
}
# ---------------------------------------------------------------------- loading


def _read_json(path: str) -> Mapping[str, Any]:
    doc = read_json(path)
    if not isinstance(doc, Mapping):
        raise ScenarioError(say("parameter Prosimos harus berupa objek JSON { ... }",
                                "a Prosimos scenario must be a JSON object"), path=path)
    return doc


def _the_process(defs: Definitions, json_path: str) -> Process:
    procs = [p for p in defs.processes.values() if p.start_events()]
    if len(procs) != 1:
        raise ScenarioError(say(
            f"Prosimos menyimulasikan satu proses; model ini punya {len(procs)} proses dengan "
            "peristiwa mulai",
            f"Prosimos simulates one process; the model has {len(procs)} with a start event"),
            path=json_path,
        )
    return procs[0]


def _first_tasks(proc: Process) -> list[str]:
    """Tasks reachable from the start events through gateways and events only."""
    starts = [n.id for n in proc.start_events()]
    seen: set[str] = set()
    out: list[str] = []
    todo = list(starts)
    while todo:
        nid = todo.pop()
        node = proc.nodes.get(nid)
        if nid in seen or node is None:
            continue
        seen.add(nid)
        if node.is_task and nid not in starts:
            out.append(nid)
            continue
        todo.extend(proc.flows[f].target_ref for f in node.outgoing if f in proc.flows)
    return out


def _calendars(
    j: Keyed, doc: Mapping[str, Any], start: datetime, horizon_days: int
) -> dict[str, WorkingCalendar]:
    calendars: dict[str, WorkingCalendar] = {}
    for key, item, cid in calendar_entries(j, doc):
        calendars[cid] = WorkingCalendar.from_prosimos(
            item, start=start, horizon_days=horizon_days, where=key, path=j.path
        )
    return calendars


def _count(j: Keyed, value: Any, key: str) -> int:
    return j.integer(value, key, minimum=1, maximum=MAX_COUNT, text=True)


def _pools(
    j: Keyed, doc: Mapping[str, Any], calendars: Mapping[str, WorkingCalendar | Presence]
) -> tuple[dict[str, ResourcePool], dict[str, frozenset[str]]]:
    """One pool per ``resource_list`` entry, and each profile's resource ids."""
    pools: dict[str, ResourcePool] = {}
    members: dict[str, frozenset[str]] = {}
    profiles = j.array(j.get(doc, "resource_profiles", ""), "resource_profiles", empty=False)
    for i, profile in enumerate(profiles):
        pkey = f"resource_profiles[{i}]"
        profile = j.table(profile, pkey)
        pname = str(profile.get("name", profile.get("id", "")))
        resources = j.array(j.get(profile, "resource_list", pkey), f"{pkey}.resource_list")
        ids = []
        for k, res in enumerate(resources):
            key = f"{pkey}.resource_list[{k}]"
            res = j.table(res, key)
            rid = j.string(j.get(res, "id", key), f"{key}.id")
            count = _count(j, j.get(res, "amount", key), f"{key}.amount")
            cal_id = j.string(j.get(res, "calendar", key), f"{key}.calendar")
            if cal_id not in calendars:
                raise j.fail(f"{key}.calendar", say(
                    f"kalender {cal_id!r} tidak ada di resource_calendars (yang ada: "
                    f"{', '.join(calendars) or 'tidak ada'})",
                    f"unknown calendar {cal_id!r} (resource_calendars has: "
                    f"{', '.join(calendars) or 'none'})"))
            name = str(res.get("name", rid))
            pool = ResourcePool(
                id=rid,
                count=count,
                name=f"{pname} / {name}" if pname and pname != name else name,
                calendar=cal if isinstance(cal := calendars[cal_id], WorkingCalendar) else None,
                presence=None if isinstance(cal, WorkingCalendar) else cal,
                cost_per_hour=j.number(res.get("cost_per_hour", 0), f"{key}.cost_per_hour",
                                       high=MAX_COST, text=True),
            )
            ids.append(rid)
            first = pools.get(rid)
            if first is None:
                pools[rid] = pool
            elif (first.count, first.calendar, first.cost_per_hour) != (
                    pool.count, pool.calendar, pool.cost_per_hour):
                # the same resource listed in several profiles must be the same people
                raise j.fail(f"{key}.id", say(
                    f"sumber daya {rid!r} tercantum lagi dengan amount, kalender atau biaya yang "
                    "lain", f"resource {rid!r} is listed again with another "
                    "amount, calendar or cost"))
        if "id" in profile and ids:
            members[str(profile["id"])] = frozenset(ids)
    return pools, members


def _tasks(
    j: Keyed, doc: Mapping[str, Any], proc: Process, pools: Mapping[str, ResourcePool], model: str
) -> dict[str, tuple[str, list[Option]]]:
    """Task id -> (JSON path of its entry, the resources that may do it with their laws)."""
    nodes = {n.id: n for n in proc.iter_nodes()}
    tasks: dict[str, tuple[str, list[Option]]] = {}
    trd = j.array(j.get(doc, "task_resource_distribution", ""), "task_resource_distribution")
    named = [e.get("task_id") for e in trd if isinstance(e, Mapping)]
    if named and not any(isinstance(t, str) and t in nodes for t in named):
        raise j.fail("task_resource_distribution", say(
            f"tidak satu pun dari {len(named)} task_id di sini ada di model {model}: berkas "
            "JSON ini tampaknya untuk model lain (berikan model BPMN yang ditemukan bersamanya)",
            f"none of its {len(named)} task ids is in the model {model}: this JSON seems to "
            "belong to another model"))
    for i, entry in enumerate(trd):
        key = f"task_resource_distribution[{i}]"
        entry = j.table(entry, key)
        tid = j.string(j.get(entry, "task_id", key), f"{key}.task_id")
        if tid not in nodes or not nodes[tid].is_task:
            near = suggest(tid, [n for n, v in nodes.items() if v.is_task])
            apa = say(f"adalah {Term(nodes[tid].kind).text('id')}, bukan tugas",
                      f"is a {nodes[tid].kind}, not a task") if tid in nodes else \
                say("tidak ada di model", "is not in the model") + maksudnya(near)
            raise j.fail(f"{key}.task_id", say(f"{tid!r} ", f"{tid!r} ") + apa + f" ({model})")
        if tid in tasks:
            raise j.fail(f"{key}.task_id", say(f"tugas {tid!r} tercantum dua kali",
                                               f"task {tid!r} is listed twice"))
        opts: list[Option] = []
        for k, option in enumerate(j.array(j.get(entry, "resources", key), f"{key}.resources",
                                           empty=False)):
            rkey = f"{key}.resources[{k}]"
            option = j.table(option, rkey)
            rid = j.string(j.get(option, "resource_id", rkey), f"{rkey}.resource_id")
            if rid not in pools:
                near = suggest(rid, pools)
                raise j.fail(f"{rkey}.resource_id", say(
                    f"sumber daya {rid!r} tidak ada di resource_profiles",
                    f"unknown resource {rid!r}") + maksudnya(near))
            if any(rid == other for other, _, _ in opts):
                raise j.fail(f"{rkey}.resource_id", say(
                    f"sumber daya {rid!r} tercantum dua kali",
                    f"resource {rid!r} is listed twice"))
            opts.append((rid, prosimos_distribution(option, where=rkey, path=j.path), rkey))
        tasks[tid] = (key, opts)
    missing = [n.id for n in nodes.values() if n.is_task and n.id not in tasks]
    if missing:
        raise j.fail("task_resource_distribution", say(
            f"tugas {', '.join(missing)} tidak punya durasi dan sumber daya di sini",
            f"no duration and resource for task(s) {', '.join(missing)}"))
    return tasks


def _branching(
    j: Keyed, doc: Mapping[str, Any], proc: Process, warnings: list[str]
) -> dict[str, Mapping[str, float]]:
    nodes = {n.id: n for n in proc.iter_nodes()}
    branching: dict[str, Mapping[str, float]] = {}
    gbp = doc.get("gateway_branching_probabilities", [])
    for i, entry in enumerate(j.array(gbp, "gateway_branching_probabilities")):
        key = f"gateway_branching_probabilities[{i}]"
        entry = j.table(entry, key)
        gid = j.string(j.get(entry, "gateway_id", key), f"{key}.gateway_id")
        gateway = nodes.get(gid)
        if gateway is None or not gateway.is_gateway:
            what = f"is a {gateway.kind}, not a gateway" if gateway else "is not in the model"
            apa = (f"adalah {Term(gateway.kind).text('id')}, bukan gerbang" if gateway else
                   "tidak ada di model")
            raise j.fail(f"{key}.gateway_id", say(f"{gid!r} {apa}", f"{gid!r} {what}"))
        if gid in branching:
            raise j.fail(f"{key}.gateway_id", say(f"gerbang {gid!r} tercantum dua kali",
                                                  f"gateway {gid!r} is listed twice"))
        probs: dict[str, float | None] = {}
        items = j.array(j.get(entry, "probabilities", key), f"{key}.probabilities", empty=False)
        for k, item in enumerate(items):
            pk = f"{key}.probabilities[{k}]"
            item = j.table(item, pk)
            fid = j.string(j.get(item, "path_id", pk), f"{pk}.path_id")
            if fid not in gateway.outgoing:
                raise j.fail(f"{pk}.path_id", say(
                    f"{fid!r} bukan alur keluar dari {gid} "
                    f"(alur keluarnya: {', '.join(gateway.outgoing) or 'tidak ada'})",
                    f"{fid!r} is not an outgoing flow of {gid} "
                    f"(outgoing: {', '.join(gateway.outgoing) or 'none'})"))
            if fid in probs:
                raise j.fail(f"{pk}.path_id", say(f"alur {fid!r} tercantum dua kali",
                                                  f"flow {fid!r} is listed twice"))
            probs[fid] = (j.number(item["value"], f"{pk}.value", text=True)
                          if "value" in item else None)
        # like Prosimos: flows without a value share what the others leave
        blanks = [f for f, v in probs.items() if v is None]
        share = (1.0 - sum(v for v in probs.values() if v is not None)) / max(len(blanks), 1)
        final = {f: (share if v is None else v) for f, v in probs.items()}
        if gateway.kind == "parallelGateway" or len(gateway.outgoing) < 2:
            # Simod and Prosimos list joins (one outgoing flow, probability 1) and parallel
            # gateways too: nothing to choose there, Prosimos ignores the entry as well
            if any(v < 0 or v > 1 for v in final.values()):
                raise j.fail(f"{key}.probabilities", say(
                    "peluang harus di antara 0 dan 1", "probabilities must lie in [0, 1]"))
            continue
        if any(v < 0 or v > 1 for v in final.values()) or abs(sum(final.values()) - 1.0) > 1e-6:
            raise j.fail(f"{key}.probabilities", say(
                "peluang harus di antara 0 dan 1 dan berjumlah 1,"
                f" jumlahnya {sum(final.values()):.9g}",
                "probabilities must lie in [0, 1] and sum to 1,"
                f" they sum to {sum(final.values()):.9g}"))
        if blanks:
            warnings.append(notice("prosimos-flows-share", where=j.path, gateway=gid,
                                   flows=list(blanks), share=share))
        branching[gid] = MappingProxyType(final)
    return branching


def _events(j: Keyed, doc: Mapping[str, Any], proc: Process) -> dict[str, Distribution]:
    """``event_distribution``: how long each intermediate catch event takes (clock time)."""
    nodes = {n.id: n for n in proc.iter_nodes()}
    delays: dict[str, Distribution] = {}
    for i, entry in enumerate(j.array(doc.get("event_distribution", []), "event_distribution")):
        key = f"event_distribution[{i}]"
        entry = j.table(entry, key)
        eid = j.string(j.get(entry, "event_id", key), f"{key}.event_id")
        node = nodes.get(eid)
        if node is None or node.kind != "intermediateCatchEvent":
            what = f"is a {node.kind}" if node else "is not in the model"
            apa = f"adalah {Term(node.kind).text('id')}" if node else "tidak ada di model"
            raise j.fail(f"{key}.event_id", say(
                f"{eid!r} {apa}: Prosimos memberi durasi hanya kepada peristiwa tangkap "
                "perantara (intermediateCatchEvent)",
                f"{eid!r} {what}: Prosimos gives durations to intermediate catch events"))
        if eid in delays:
            raise j.fail(f"{key}.event_id", say(f"peristiwa {eid!r} tercantum dua kali",
                                                f"event {eid!r} is listed twice"))
        delays[eid] = prosimos_distribution(entry, where=key, path=j.path)
    return delays


def _arrival_calendar(
    j: Keyed,
    doc: Mapping[str, Any],
    proc: Process,
    tasks: Mapping[str, TaskSpec],
    pools: Mapping[str, ResourcePool],
    start: datetime,
    horizon_days: int,
) -> WorkingCalendar:
    if "arrival_time_calendar" in doc:
        return WorkingCalendar.from_prosimos(
            doc["arrival_time_calendar"],
            start=start,
            horizon_days=horizon_days,
            where="arrival_time_calendar",
            path=j.path,
        )
    # Prosimos' find_arrival_calendar: the calendars of the first tasks' resources combined
    cals = []
    for task_id in _first_tasks(proc):
        pool_id = tasks[task_id].pool
        cal = pools[pool_id].calendar if pool_id is not None else None
        if cal is not None:
            cals.append(cal)
    if not cals:
        return WorkingCalendar.always()
    return WorkingCalendar.union(cals, start=start, horizon_days=horizon_days)


def load_prosimos(
    bpmn_path: str | os.PathLike[str],
    json_path: str | os.PathLike[str],
    *,
    cases: int = 1000,
    start: datetime = DEFAULT_START,
    seed: int = 0,
    replications: int = 1,
) -> Scenario:
    """Read a Prosimos BPMN + JSON pair into a validated :class:`Scenario`.

    ``cases`` cases arriving from ``start`` (Prosimos' ``total_cases`` and
    ``starting_at``). Raises :class:`BpmnError` for an unreadable model and
    :class:`ScenarioError` (``file: [json.key.path] message``) for bad parameters.
    """
    from probisnis.bpmn.reader import read

    jpath = os.fspath(json_path)
    if isinstance(cases, bool) or not isinstance(cases, int) or cases < 1:
        raise ScenarioError(say(f"jumlah kasus harus bilangan bulat >= 1, bukan {cases!r}",
                                f"cases must be a whole number >= 1, got {cases!r}"),
                            path=jpath)
    doc = _read_json(jpath)
    defs = read(bpmn_path, schema="off")
    proc = _the_process(defs, jpath)
    j = Keyed(jpath, json=True)
    warnings: list[str] = []

    model_type = doc.get("model_type", "CRISP")
    if model_type not in ("CRISP", "FUZZY"):
        raise j.fail("model_type", say(
            f"harus \"CRISP\" atau \"FUZZY\", bukan {short(model_type)}",
            f"must be \"CRISP\" or \"FUZZY\", got {short(model_type)}"))
    warnings.extend(notice("prosimos-unknown-key", where=jpath, key=k)
                    for k in sorted(set(doc) - _KNOWN))

    arrival = prosimos_distribution(
        j.get(doc, "arrival_time_distribution", ""), where="arrival_time_distribution", path=jpath
    )
    # calendars are precomputed this far (twice the expected arrival span) and grow lazily
    horizon_days = int(min(cases * arrival.mean / 86_400.0 * 2.0 + 31, 20 * 366))
    # FUZZY: each calendar a presence by probability (sim/prosimos_fuzzy.py)
    calendars: Mapping[str, WorkingCalendar | Presence] = (
        fuzzy_calendars(j, doc) if model_type == "FUZZY"
        else _calendars(j, doc, start, horizon_days))
    if model_type == "FUZZY":
        granule = next(iter(c.granule for c in calendars.values() if isinstance(c, Presence)), 0)
        warnings.append(notice("prosimos-fuzzy", where=jpath, granule=f"{granule / 60:g}"))
    resources, profiles = _pools(j, doc, calendars)
    resources = multitasking(j, doc, resources, warnings)
    options = _tasks(j, doc, proc, resources, os.fspath(bpmn_path))
    resources, profiles, options = one_pool_per_person(resources, profiles, options)
    pools, tasks = pools_for_tasks(j, resources, profiles, options, warnings)
    branching = _branching(j, doc, proc, warnings)
    attributes = case_attributes(j, doc, warnings)
    sets = event_attributes(j, doc, proc, attributes)
    if sets and any(n.kind in ("parallelGateway", "inclusiveGateway") for n in proc.iter_nodes()):
        warnings.append(notice("prosimos-event-attributes-parallel", where=jpath,
                               tasks=", ".join(sorted(sets))))
    tasks = {t: (dataclasses.replace(spec, sets=sets[t]) if t in sets else spec)
             for t, spec in tasks.items()}
    batched = batches(j, doc, proc, warnings)
    refuse_batched(j, batched, tasks, pools)
    for i, tid in enumerate(batched):
        spec = tasks[tid]
        if spec.alternatives or spec.by_pool or spec.sets:
            raise j.fail(f"batch_processing[{i}].task_id", say(
                f"tugas {tid!r} dikerjakan berkelompok sekaligus dikerjakan sumber daya "
                "dengan durasi masing-masing, oleh beberapa kelompok pegawai, atau menetapkan "
                "atribut "
                "peristiwa: gabungan itu tidak disimulasikan",
                f"task {tid!r} is batched and also done by resources with their own "
                "durations, by several pools or sets event attributes: not simulated "
                "together"))
    tasks = {t: (dataclasses.replace(spec, batch=batched[t]) if t in batched else spec)
             for t, spec in tasks.items()}
    conditions, hidden = rule_conditions(j, doc, proc, attributes,
                                         [a for found in sets.values() for a in found])
    priority = case_priority(j, doc, attributes, warnings)
    attributes = (*attributes, *hidden)
    # a gateway decided by branch rules does not also draw by probability
    branching = {g: p for g, p in branching.items() if not set(p) & set(conditions)}
    arrival_cal = _arrival_calendar(j, doc, proc, tasks, pools, start, horizon_days)
    limit = j.integer(doc.get("gateway_execution_limit", 1000), "gateway_execution_limit",
                      minimum=1, maximum=MAX_VISITS)

    scenario = Scenario(
        definitions=(defs,),
        process_id=proc.id,
        start=start,
        cases=cases,
        horizon=None,
        seed=seed,
        replications=replications,
        arrivals=Arrivals(interarrival=arrival, calendar=arrival_cal),
        pools=MappingProxyType(pools),
        tasks=MappingProxyType(tasks),
        branching=MappingProxyType(branching),
        timers=MappingProxyType(_events(j, doc, proc)),
        attributes=attributes,
        conditions=conditions,
        case_priority=priority,
        calendar=WorkingCalendar.always(),
        max_visits=limit,
        inclusive_none="one",
        utilization_window="tasks",  # Prosimos measures utilisation from the first task start
        name=Path(jpath).stem,
        path=jpath,
        warnings=tuple(warnings),
    )
    return checked(scenario)
