"""Reading scenario TOML files: typed access with dotted-key errors, variants, model library.

:func:`read_document` turns a scenario file (and the base files it ``extends``) into a
:class:`~probisnis.sim.scenario.Scenario`; :func:`probisnis.sim.scenario.load_scenario`
then checks it against the model. The format is documented in ``docs/simulation.md``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from probisnis.bpmn.model import Definitions
from probisnis.errors import BpmnError, ScenarioError, say
from probisnis.hints import suggest_file
from probisnis.present.notices import notice
from probisnis.sim.bounds import (
    MAX_BATCH,
    MAX_COST,
    MAX_COUNT,
    MAX_REPLICATIONS,
    MAX_VISITS,
    seconds_left,
)
from probisnis.sim.check import checked
from probisnis.sim.distribution_spec import LAW_KEYS, build_distribution
from probisnis.sim.distributions import Distribution, Exponential
from probisnis.sim.keyed import Keyed, maksudnya, read_toml, short, suggest
from probisnis.sim.scenario import (
    SPAN_SECONDS,
    Arrivals,
    Attribute,
    ResourcePool,
    Scenario,
    TaskSpec,
    parse_span,
)
from probisnis.sim.scenario_batches import read_batches
from probisnis.sim.scenario_people import multitask_hours, presence, probabilities
from probisnis.sim.scenario_priority import read_case_priority

if TYPE_CHECKING:
    from probisnis.sim.calendar import WorkingCalendar

__all__ = ["load_library", "load_scenario", "read_document"]

#: a calendar named at a key (``cal_ref(value, key)``) and a law read at a key
#: (``dist(table, key)``), as :func:`_build` reads them for the sections it hands out
CalendarRef = Callable[[object, str], "WorkingCalendar"]
LawReader = Callable[[object, str], Distribution]


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read, build and validate the scenario TOML file at ``path``.

    Raises :class:`ScenarioError` (``path: [dotted.key] message``) for any invalid entry,
    including ids the model does not have; :class:`BpmnError` when the model cannot be read.
    """
    return checked(read_document(os.fspath(path)))


def read_document(label: str) -> Scenario:
    """The scenario of the TOML file ``label`` (with its base files), not yet model-checked."""
    doc = _extend(_read_toml(label, label), label, {os.path.abspath(label)})
    return _build(doc, label)


_TOP_KEYS = {
    "name", "model", "process", "library", "start", "cases", "horizon", "seed", "replications",
    "warmup_cases", "hours_per_day", "max_visits", "calendar", "calendars", "arrivals",
    "resources", "tasks", "defaults", "gateways", "attributes", "timers", "description",
    "extends", "utilization_window", "batches", "case_priority",
}


def _library_files(folders: tuple[str, ...]) -> list[str]:
    """The .bpmn files of the library folders (or the files named), in sorted order."""
    out: list[str] = []
    for folder in folders:
        p = Path(folder)
        files = sorted(p.glob("*.bpmn")) if p.is_dir() else [p]
        out.extend(str(f) for f in files)
    return out


def _read_model(path: str) -> Definitions:
    from probisnis.bpmn.reader import read

    return read(path, schema="off")


def load_library(model_path: str, library: tuple[str, ...], called: set[str],
                 first: Definitions) -> tuple[tuple[Definitions, ...], tuple[str, ...]]:
    """The model file plus the library files needed to resolve ``called`` process ids.

    Files are read lazily, folder by folder in sorted order, until every id is found; a
    file read before it was needed (a called process that itself calls a file sorted
    earlier) is taken when it becomes needed, so the result is the fixed point whatever the
    order. A file that cannot be read is skipped with a warning (second item of the result)
    when it merely sits in a library folder, and is an error when the library names it.
    """
    warnings: list[str] = []
    named = {os.path.abspath(x) for x in library if not Path(x).is_dir()}
    defs = [first]
    known = set(first.processes)
    missing = called - known
    seen = {os.path.abspath(model_path)}
    folders = library or (str(Path(model_path).parent),)
    unused: list[Definitions] = []  # read, not (yet) needed
    for f in _library_files(folders):
        if not missing:
            break
        if os.path.abspath(f) in seen:
            continue
        seen.add(os.path.abspath(f))
        try:
            unused.append(_read_model(f))
        except BpmnError as exc:
            if os.path.abspath(f) in named:
                raise
            warnings.append(notice("library-file-skipped", file=str(f), reason=str(exc)))
            continue
        # take every file read so far that holds a missing process, until none does
        while missing and (d := next((u for u in unused if set(u.processes) & missing),
                                     None)) is not None:
            unused.remove(d)
            defs.append(d)
            known |= set(d.processes)
            missing -= known
            missing |= _called_ids(d) - known
    return tuple(defs), tuple(warnings)


def _called_ids(d: Definitions) -> set[str]:
    return {n.called_element for _, n in d.iter_nodes() if n.called_element}


def _read_toml(path: str, label: str, key: str | None = None) -> dict[str, Any]:
    if key is None:
        return read_toml(path, what="scenario file")
    return read_toml(path, label=label, key=key, what="base scenario")


#: keys of which a variant's choice replaces the base's alternative
_EXCLUSIVE = (("cases", "horizon"), ("arrivals.rate", "arrivals.interarrival"))


def _extend(doc: dict[str, Any], label: str, seen: set[str]) -> dict[str, Any]:
    """A variant (``extends = "base.toml"``): the base document with this one merged over it.

    Tables merge key by key, anything else (numbers, strings, arrays, arrays of tables)
    replaces the base's value. Giving ``cases`` drops the base's ``horizon`` and the other
    way round; likewise ``arrivals.rate`` and ``arrivals.interarrival``. The base's
    ``model`` and ``library`` stay relative to the base file.
    """
    if "extends" not in doc:
        return doc
    rel = doc["extends"]
    if not isinstance(rel, str) or not rel:
        raise ScenarioError(say(f"harus jalur berkas skenario dasar (dalam tanda kutip), bukan "
                                f"{short(rel)}",
                                f"must be the path of a scenario file, got {rel!r}"),
                            path=label, element_id="extends")
    base_path = str(Path(label).parent / rel)
    if os.path.abspath(base_path) in seen:
        raise ScenarioError(say(f"{base_path} memperluas dirinya sendiri (langsung atau lewat "
                                "berkas lain)",
                                f"{base_path} extends itself (directly or through others)"),
                            path=label, element_id="extends")
    base = _extend(_read_toml(base_path, label, "extends"), base_path,
                   seen | {os.path.abspath(base_path)})
    base_dir, here = Path(base_path).parent, Path(label).parent

    def rebase(p: str) -> str:  # a path of the base file, as seen from this file
        return os.path.relpath(base_dir / p, here)

    if isinstance(base.get("model"), str):
        base["model"] = rebase(base["model"])
    lib = base.get("library")
    if isinstance(lib, str):
        lib = [lib]
    if isinstance(lib, list):
        base["library"] = [rebase(x) if isinstance(x, str) else x for x in lib]
    own = {k: v for k, v in doc.items() if k != "extends"}
    for a, b in _EXCLUSIVE:
        for mine, theirs in ((a, b), (b, a)):
            if _get(own, mine) is not None and _get(own, theirs) is None:
                _drop(base, theirs)
    return _merge(base, own)


def _get(doc: Mapping[str, Any], dotted: str) -> Any:
    value: Any = doc
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _drop(doc: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        doc = doc.get(part)  # type: ignore[assignment]
        if not isinstance(doc, dict):
            return
    doc.pop(last, None)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` (a variant's ``extends``) written over it, table by table and
    key by key; a duration given another law (``dist``) keeps none of the old law's
    parameters (a triangular's ``mode`` is nothing to an exponential), only its ``unit``."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if isinstance(value, Mapping) and isinstance(old, dict):
            if "dist" in value and old.get("dist", value["dist"]) != value["dist"]:
                old = {k: v for k, v in old.items() if k not in LAW_KEYS}
            out[key] = _merge(old, value)
        else:
            out[key] = value
    return out


def _utilization_window(r: Keyed, value: object) -> str:
    """The ``utilization_window`` key: one of :data:`UTILIZATION_WINDOWS`."""
    from probisnis.sim.kpi_inputs import UTILIZATION_WINDOWS

    if value not in UTILIZATION_WINDOWS:
        raise r.fail("utilization_window", say(
            f"harus {' atau '.join(repr(w) for w in UTILIZATION_WINDOWS)}, bukan {short(value)}",
            f"must be {' or '.join(repr(w) for w in UTILIZATION_WINDOWS)}, got {short(value)}"))
    return str(value)


def _build(doc: Mapping[str, Any], label: str) -> Scenario:
    from probisnis.sim.calendar import WorkingCalendar

    r = Keyed(label)
    r.keys(doc, _TOP_KEYS, "")
    base = Path(label).parent
    if "model" not in doc:
        raise r.fail("model", say(
            'tidak ada: tulis berkas BPMN yang disimulasikan, relatif terhadap berkas ini, '
            'misalnya model = "../processes/m1.bpmn"',
            "missing: the BPMN file to simulate, relative to this file"))
    model_rel = r.string(doc["model"], "model")
    model_path = str(base / model_rel)
    if not Path(model_path).is_file():
        found = Path(model_path).parent
        near = suggest_file(Path(model_path).name, [f.name for f in found.glob("*.bpmn")]) \
            if found.is_dir() else ""
        raise r.fail("model", say(
            (f"{model_path} adalah folder: sebutkan berkas .bpmn di dalamnya"
             if Path(model_path).is_dir() else f"berkas model tidak ditemukan: {model_path}"),
            f"model file not found: {model_path}")
            + (maksudnya(str(Path(model_rel).parent / near), quote=False) if near else say(
                " (jalur dibaca relatif terhadap folder berkas skenario ini)", "")))
    first = _read_model(model_path)
    if "process" in doc:
        process_id = r.string(doc["process"], "process")
        if process_id not in first.processes:
            raise r.fail("process", say(
                f"id proses {process_id!r} tidak ada di {model_path} "
                f"(yang ada: {', '.join(first.processes) or 'tidak ada'})",
                f"unknown process id {process_id!r} in {model_path} "
                f"(has: {', '.join(first.processes) or 'none'})"))
    else:
        try:
            process_id = first.process().id
        except KeyError:
            raise r.fail("model", say(f"{model_path} tidak memuat proses",
                                      f"{model_path} holds no process")) from None
    lib_raw = doc.get("library", [])
    if isinstance(lib_raw, str):
        lib_raw = [lib_raw]
    if not isinstance(lib_raw, list):
        raise r.fail("library", say("harus daftar folder atau berkas .bpmn, misalnya "
                                    'library = ["../processes"]',
                                    "must be a list of folders or .bpmn files"))
    library = tuple(str(base / r.string(x, f"library[{i}]")) for i, x in enumerate(lib_raw))
    definitions, library_warnings = load_library(model_path, library, _called_ids(first), first)

    hpd = r.number(doc.get("hours_per_day", 7.5), "hours_per_day", low=0, high=24, low_open=True)
    start = r.moment(doc.get("start", datetime(2025, 1, 6, 8, 0)), "start")
    cases = r.integer(doc["cases"], "cases", minimum=1) if "cases" in doc else None
    horizon = parse_span(doc["horizon"], where="horizon", path=label) if "horizon" in doc else None
    if cases is None and horizon is None:
        cases = 100
    # calendars: enough days to cover the horizon, or a generous span for a case count
    left = seconds_left(start) - 366 * 86400.0
    if left <= 0:
        raise r.fail("start", say("harus sebelum tahun 9999: kalender berakhir pada tahun itu, "
                                  "dengan sisa satu tahun",
                                  "must be before the year 9999: the calendars end with it, "
                                  "after a year's margin"))
    if horizon is not None and horizon > left:
        raise r.fail("horizon", say(
            f"{doc['horizon']!r} sejak {start:%Y-%m-%d} melewati akhir kalender (tahun 9999, "
            "dengan sisa satu tahun)",
            f"{doc['horizon']!r} from {start:%Y-%m-%d} runs past the end of "
            "the calendars (the year 9999, with a year's margin)"))
    # calendars are precomputed over the horizon (at most ten years) and grow lazily
    horizon_days = min(math.ceil((horizon or 0) / 86400.0) + 3 * 366, 10 * 366)

    def calendar(spec: object, key: str) -> WorkingCalendar:
        return WorkingCalendar.from_spec(r.table(spec, key), start=start,
                                         horizon_days=horizon_days, where=key, path=label)

    default_cal = calendar(doc.get("calendar", {}), "calendar")
    named: dict[str, WorkingCalendar] = {"default": default_cal,
                                         "always": WorkingCalendar.always()}
    for name, spec in r.table(doc.get("calendars", {}), "calendars").items():
        if name in named:
            raise r.fail(f"calendars.{name}", say(
                f"nama '{name}' sudah dipakai oleh probisnis: pilih nama lain",
                f"'{name}' is reserved"))
        named[name] = calendar(spec, f"calendars.{name}")

    def cal_ref(value: object, key: str) -> WorkingCalendar:
        name = r.string(value, key)
        if name not in named:
            near = suggest(name, named)
            raise r.fail(key, say(f"kalender {name!r} tidak dikenal", f"unknown calendar {name!r}")
                         + maksudnya(near) + say(
                f" (yang dikenal: {', '.join(named)}; kalender baru ditulis di "
                f"[calendars.{name}])", f" (known: {', '.join(named)})"))
        return named[name]

    def dist(spec: object, key: str) -> Distribution:
        return build_distribution(r.table(spec, key), where=key, path=label, hours_per_day=hpd)

    arrivals = _arrivals(r, doc, start, cal_ref, dist)
    pools, lane_pools = _pools(r, doc, cal_ref)
    tasks = _tasks(r, doc, pools, dist)

    read_batches(r, doc, tasks)

    defaults = r.table(doc.get("defaults", {}), "defaults")
    r.keys(defaults, {"duration"}, "defaults")
    default_duration = (dist(defaults["duration"], "defaults.duration")
                        if "duration" in defaults else None)

    branching: dict[str, Mapping[str, float]] = {}
    for gid, spec in r.table(doc.get("gateways", {}), "gateways").items():
        spec = r.table(spec, f"gateways.{gid}")
        branching[gid] = MappingProxyType({
            fid: r.number(p, f"gateways.{gid}.{fid}", low=0, high=1) for fid, p in spec.items()
        })

    attributes = []
    for name, spec in r.table(doc.get("attributes", {}), "attributes").items():
        key = f"attributes.{name}"
        spec = r.table(spec, key)
        r.keys(spec, {"values", "probabilities"}, key)
        values = spec.get("values")
        if not isinstance(values, list) or not values:
            raise r.fail(f"{key}.values", say("harus daftar yang tidak kosong, misalnya "
                                          'values = ["baru", "perpanjangan"]',
                                          "must be a non-empty list"))
        probs_raw = spec.get("probabilities", [1.0 / len(values)] * len(values))
        if not isinstance(probs_raw, list) or len(probs_raw) != len(values):
            raise r.fail(f"{key}.probabilities", say(
                f"harus daftar {len(values)} angka (satu untuk setiap nilai di values)",
                f"must be a list of {len(values)} numbers"))
        probs = tuple(r.number(p, f"{key}.probabilities[{i}]", high=1)
                      for i, p in enumerate(probs_raw))
        if abs(sum(probs) - 1.0) > 1e-9:
            raise r.fail(f"{key}.probabilities", say(
                f"jumlahnya harus 1, tertulis berjumlah {sum(probs):.12g}",
                f"must sum to 1, they sum to {sum(probs):.12g}"))
        attributes.append(Attribute(name, tuple(values), probs))

    timers: dict[str, Distribution] = {}
    timer_notes = []
    for tid, spec in r.table(doc.get("timers", {}), "timers").items():
        spec = r.table(spec, f"timers.{tid}")
        r.keys(spec, {"duration"}, f"timers.{tid}")
        if "duration" not in spec:
            raise r.fail(f"timers.{tid}.duration", say(
                'tidak ada: tulis lama tunggu timer dalam waktu kalender, misalnya duration = '
                '{dist = "fixed", value = 72, unit = "h"} (3 hari)', "missing"))
        timers[tid] = dist(spec["duration"], f"timers.{tid}.duration")
        if isinstance(spec["duration"], dict) and spec["duration"].get("unit") == "d":
            # a timer waits calendar time: "d" is hours_per_day hours of it, not a day
            timer_notes.append(notice("timer-working-day", where=label, timer=tid, hours=hpd))

    return Scenario(
        definitions=definitions,
        process_id=process_id,
        start=start,
        cases=cases,
        horizon=horizon,
        seed=r.integer(doc.get("seed", 0), "seed"),
        replications=r.integer(doc.get("replications", 1), "replications", minimum=1,
                               maximum=MAX_REPLICATIONS),
        warmup_cases=r.integer(doc.get("warmup_cases", 0), "warmup_cases"),
        utilization_window=_utilization_window(r, doc.get("utilization_window", "run")),
        arrivals=arrivals,
        pools=MappingProxyType(pools),
        lane_pools=MappingProxyType(lane_pools),
        tasks=MappingProxyType(tasks),
        default_duration=default_duration,
        branching=MappingProxyType(branching),
        attributes=tuple(attributes),
        case_priority=read_case_priority(r, doc),
        timers=MappingProxyType(timers),
        calendar=default_cal,
        hours_per_day=hpd,
        max_visits=r.integer(doc.get("max_visits", 1000), "max_visits", minimum=1,
                             maximum=MAX_VISITS),
        name=str(doc.get("name", Path(label).stem)),
        path=label,
        library=library,
        warnings=(*library_warnings, *timer_notes),
    )


def _arrivals(r: Keyed, doc: Mapping[str, Any], start: datetime, cal_ref: CalendarRef,
              dist: LawReader) -> Arrivals:
    """``[arrivals]``: a Poisson ``rate`` per unit or an ``interarrival`` law, its
    ``calendar``, and ``[[arrivals.batch]]`` cases arriving together."""
    arr = r.table(doc.get("arrivals", {}), "arrivals")
    r.keys(arr, {"rate", "per", "interarrival", "calendar", "batch"}, "arrivals")
    inter: Distribution | None = None
    if "interarrival" in arr and "rate" in arr:
        raise r.fail("arrivals.rate", say(
            "tulis 'rate' (kedatangan Poisson) atau 'interarrival', jangan keduanya",
            "give either 'rate' (Poisson) or 'interarrival', not both"))
    if "rate" in arr:
        rate = r.number(arr["rate"], "arrivals.rate", low=0, low_open=True)
        per = r.string(arr.get("per", "month"), "arrivals.per")
        if per not in SPAN_SECONDS:
            near = suggest(per, SPAN_SECONDS)
            raise r.fail("arrivals.per", say(
                f"satuan {per!r} tidak dikenal", f"unknown unit {per!r}") + maksudnya(near) + say(
                f" (pakai {', '.join(SPAN_SECONDS)}; misalnya per = \"month\" untuk per bulan)",
                f" (use {', '.join(SPAN_SECONDS)})"))
        inter = Exponential(scale=SPAN_SECONDS[per] / rate)
    elif "interarrival" in arr:
        inter = dist(arr["interarrival"], "arrivals.interarrival")
    batches = []
    raw_batches = arr.get("batch", [])
    if not isinstance(raw_batches, list):
        raise r.fail("arrivals.batch", say("harus daftar tabel [[arrivals.batch]]",
                                           "must be an array of tables [[arrivals.batch]]"))
    for i, b in enumerate(raw_batches):
        key = f"arrivals.batch[{i}]"
        b = r.table(b, key)
        r.keys(b, {"at", "size"}, key)
        if "at" not in b:
            raise r.fail(f"{key}.at", say("tidak ada: tulis tanggal-jam batch, misalnya "
                                          "at = 2025-01-06T08:00:00",
                                          "missing: the date-time of the batch"))
        at = (r.moment(b["at"], f"{key}.at") - start).total_seconds()
        if at < 0:
            raise r.fail(f"{key}.at", say(f"sebelum awal skenario (start = {start:%Y-%m-%dT%H:%M})",
                                          "is before the scenario start"))
        batches.append((at, r.integer(b.get("size", 1), f"{key}.size", minimum=1,
                                      maximum=MAX_BATCH)))
    if inter is None and not batches:
        raise r.fail("arrivals", say(
            "tulis 'rate' (misalnya rate = 20 dengan per = \"month\"), 'interarrival', atau "
            "paling sedikit satu [[arrivals.batch]]",
            "give 'rate', 'interarrival' or at least one [[arrivals.batch]]"))
    return Arrivals(inter, cal_ref(arr["calendar"], "arrivals.calendar")
                      if "calendar" in arr else None, tuple(sorted(batches)))


def _pools(r: Keyed, doc: Mapping[str, Any], cal_ref: CalendarRef
           ) -> tuple[dict[str, ResourcePool], dict[str, str]]:
    """``[resources.ID]``: each pool of people, and the pool of each lane it names (a lane
    is one pool's)."""
    pools: dict[str, ResourcePool] = {}
    lane_pools: dict[str, str] = {}
    for pid, spec in r.table(doc.get("resources", {}), "resources").items():
        key = f"resources.{pid}"
        spec = r.table(spec, key)
        r.keys(spec, {"count", "name", "lanes", "calendar", "availability", "cost_per_hour",
                      "multitask", "multitask_hours", "presence"}, key)
        lanes = spec.get("lanes", [pid])
        if not isinstance(lanes, list):
            raise r.fail(f"{key}.lanes", say('harus daftar id lajur, misalnya lanes = ["L_a", '
                                         '"L_b"]', "must be a list of lane ids"))
        for j, lane in enumerate(lanes):
            lane = r.string(lane, f"{key}.lanes[{j}]")
            if lane in lane_pools:
                raise r.fail(f"{key}.lanes[{j}]", say(
                    f"lajur {lane!r} sudah diberikan ke kelompok pegawai {lane_pools[lane]!r}",
                    f"lane {lane!r} is already given to pool {lane_pools[lane]!r}"))
            lane_pools[lane] = pid
        pools[pid] = ResourcePool(
            id=pid,
            count=r.integer(spec.get("count", 1), f"{key}.count", minimum=1,
                            maximum=MAX_COUNT),
            name=str(spec.get("name", "")),
            calendar=cal_ref(spec["calendar"], f"{key}.calendar") if "calendar" in spec else None,
            availability=r.number(spec.get("availability", 1.0), f"{key}.availability",
                                  low=0, high=1, low_open=True),
            cost_per_hour=r.number(spec.get("cost_per_hour", 0.0), f"{key}.cost_per_hour",
                                   high=MAX_COST),
            multitask=probabilities(r, spec.get("multitask", []), f"{key}.multitask"),
            multitask_hours=multitask_hours(r, spec["multitask_hours"], f"{key}.multitask_hours")
            if "multitask_hours" in spec else (),
            presence=presence(r, spec["presence"], f"{key}.presence")
            if "presence" in spec else None,
        )
    return pools, lane_pools


def _tasks(r: Keyed, doc: Mapping[str, Any], pools: Mapping[str, ResourcePool],
           dist: LawReader) -> dict[str, TaskSpec]:
    """``[tasks.ID]``: each task's duration law, its pool (or pools, in order) and priority."""
    tasks: dict[str, TaskSpec] = {}
    for tid, spec in r.table(doc.get("tasks", {}), "tasks").items():
        key = f"tasks.{tid}"
        spec = r.table(spec, key)
        r.keys(spec, {"duration", "resource", "priority"}, key)
        if "duration" not in spec:
            raise r.fail(f"{key}.duration", say(
                'tidak ada: tulis lama kerja tugas ini, misalnya duration = {dist = "fixed", '
                'value = 2, unit = "h"}', "missing: the task's working duration"))
        pool = None
        alternatives: tuple[str, ...] = ()
        if "resource" in spec:
            given = spec["resource"]
            # one pool, or a list: pools any of whose people may do the task (in order)
            names = [r.string(x, f"{key}.resource[{j}]") for j, x in enumerate(given)] \
                if isinstance(given, list) else [r.string(given, f"{key}.resource")]
            if not names or len(set(names)) != len(names):
                raise r.fail(f"{key}.resource", say(
                    "tulis satu kelompok pegawai atau daftar kelompok pegawai yang berbeda-beda",
                    "give one pool or a list of different pools"))
            for name in names:
                if name not in pools:
                    near = suggest(name, pools)
                    raise r.fail(f"{key}.resource", say(
                        f"kelompok pegawai {name!r} tidak dikenal",
                        f"unknown resource pool {name!r}") + maksudnya(near) + say(
                        f" (yang ada di [resources]: {', '.join(pools) or 'tidak ada'})",
                        f" (defined: {', '.join(pools) or 'none'})"))
            pool, alternatives = names[0], tuple(names[1:])
        priority = r.integer(spec["priority"], f"{key}.priority", maximum=1000) \
            if "priority" in spec else 0
        tasks[tid] = TaskSpec(dist(spec["duration"], f"{key}.duration"), pool, priority,
                              alternatives)
    return tasks
