"""The result of ``probisnis simulate`` as a person reads it, in Bahasa Indonesia or English.

:func:`simulation_view` gathers what the page needs from a run (names, staff counts, process
order); :func:`render_simulation` writes it: the answer first (waktu siklus in hari kerja,
the busiest pool, the stability verdict when one is given, cost and throughput), then one
table per pool and one per activity in process order, every line within ``width`` columns.
Numbers follow the language's conventions (:mod:`probisnis.present.numbers`); an interval that
crosses a physical bound is marked and explained (:mod:`probisnis.present.estimates`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from probisnis.present.estimates import MARK, estimate
from probisnis.present.labels import column, kpi_label, unit_label
from probisnis.present.notices import text
from probisnis.present.numbers import angka, check_lang, persen, tanggal
from probisnis.present.order import process_order
from probisnis.present.table import Column, Row, paragraph, render_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ActivityInfo", "PoolInfo", "SimulationView", "render_simulation", "simulation_view"]


@dataclass(frozen=True, slots=True)
class PoolInfo:
    """A resource pool as the scenario names it, with the staff the run used."""

    id: str
    name: str
    count: int
    availability: float


@dataclass(frozen=True, slots=True)
class ActivityInfo:
    """An activity in process order: its name, the phase holding it, the pool doing it."""

    id: str
    name: str
    phase: str
    pool: str | None


@dataclass(frozen=True)
class SimulationView:
    """Everything besides the KPI table that the page shows, in the order it shows it."""

    title: str
    process_id: str
    start: datetime
    cases: int
    status: Mapping[str, int]
    replications: int
    seed: int
    warmup_cases: int
    hours_per_day: float
    pools: tuple[PoolInfo, ...]
    activities: tuple[ActivityInfo, ...]
    warnings: tuple[str, ...] = ()
    #: the stability verdict, one line per finding, already in the page's language
    #: (from :mod:`probisnis.whatif.stability` when available; ``None``: not checked)
    stability: tuple[str, ...] | None = None
    files: Mapping[str, str] = field(default_factory=dict)
    #: the scenario's case-priority rules (``[[case_priority]]``): condition, priority
    case_priority: tuple[tuple[str, int], ...] = ()
    #: ids of the pools whose people may hold several tasks at once (``multitask``)
    multitask: tuple[str, ...] = ()
    #: ids of the pools whose presence is drawn hour by hour (``presence``)
    presence: tuple[str, ...] = ()

    def pool_name(self, pool_id: str | None) -> str:
        for p in self.pools:
            if p.id == pool_id:
                return p.name
        return pool_id or ""


_TEXT: dict[str, dict[str, str]] = {
    "id": {
        "process": "Proses {process}, mulai {start}: {cases} kasus ({status}), {reps} replikasi, "
                   "seed {seed}",
        "warmup": "; {n} kasus pertama tiap replikasi tidak dihitung",
        "priority": "Prioritas kasus (didahulukan di setiap antrean): {rules}; kasus lain "
                    "prioritas 0",
        "rule": "prioritas {level} bila {when}",
        "warnings": "Peringatan",
        "answer": "Jawaban",
        "cycle": "Waktu siklus",
        "cycle_calendar": "{value} hari kalender",
        "busiest": "Pelaksana tersibuk",
        "busiest_text": "{name} ({count} {people}): utilisasi {value}",
        "no_pool": "tidak ada pelaksana yang bekerja",
        "stability": "Stabilitas",
        "cost": "Biaya per kasus",
        "throughput": "Keluaran",
        "throughput_text": "{value} kasus selesai per bulan; rata-rata {wip} kasus berjalan",
        "ci": "Angka: rata-rata ± setengah lebar selang kepercayaan 95% atas {reps} replikasi; "
              "1 hari kerja = {hours} jam.",
        "person": "orang", "people": "orang",
        "one_rep": "Angka dari 1 replikasi, tanpa selang kepercayaan: jalankan "
                   "--replications 5 atau lebih untuk mengukur ketidakpastian. "
                   "1 hari kerja = {hours} jam.",
        "crossed": "{mark} Selang kepercayaan 95% melewati batas fisik (waktu di bawah 0 atau "
                   "utilisasi di atas 100%): hasil ini belum pasti, tambah replikasi "
                   "(--replications).",
        "lone": "Angka tanpa ±: selangnya sangat sempit (dibulatkan menjadi nol), atau kegiatan "
                "itu hanya terjadi dalam satu replikasi sehingga belum ada selangnya (tambah "
                "replikasi atau kasus).",
        "pools": "Pelaksana (urut proses)",
        "activities": "Kegiatan (urut proses)",
        "no": "No",
        "more": "Ukuran lain (per lajur dan tahap, waktu kalender): --json atau --out DIR.",
        "multitask": "Utilisasi {names} dapat melebihi 100%: pegawainya dapat memegang beberapa "
                     "tugas sekaligus (multitask), dan waktu semua tugas itu dijumlahkan.",
        "presence": "Kehadiran {names} diundi jam demi jam (presence): utilisasinya dihitung "
                    "atas jam hadir; kolom Ketersediaan tidak memuat kehadiran itu.",
        "wrote": "Ditulis",
        "finished": "selesai", "in_flight": "masih berjalan", "failed": "gagal",
    },
    "en": {
        "process": "Process {process}, starting {start}: {cases} cases ({status}), {reps} "
                   "replication{s}, seed {seed}",
        "warmup": "; the first {n} cases of each replication left out",
        "priority": "Case priority (served first in every queue): {rules}; other cases "
                    "priority 0",
        "rule": "priority {level} when {when}",
        "warnings": "Warnings",
        "answer": "Answer",
        "cycle": "Cycle time",
        "cycle_calendar": "{value} calendar days",
        "busiest": "Busiest pool",
        "busiest_text": "{name} ({count} {people}): utilisation {value}",
        "no_pool": "no pool did any work",
        "stability": "Stability",
        "cost": "Cost per case",
        "throughput": "Throughput",
        "throughput_text": "{value} cases finished per month; on average {wip} cases in progress",
        "ci": "Numbers: mean ± half-width of the 95% confidence interval over {reps} "
              "replications; 1 working day = {hours} hours.",
        "person": "person", "people": "people",
        "one_rep": "Numbers from 1 replication, without a confidence interval: run "
                   "--replications 5 or more to measure the uncertainty. "
                   "1 working day = {hours} hours.",
        "crossed": "{mark} The 95% confidence interval crosses a physical bound (a time below 0 "
                   "or a utilisation above 100%): this result is not yet reliable, add "
                   "replications (--replications).",
        "lone": "A number without ±: its interval is very narrow (rounds to zero), or the "
                "activity occurred in one replication only, so it has no interval yet (add "
                "replications or cases).",
        "pools": "Resource pools (process order)",
        "activities": "Activities (process order)",
        "no": "No",
        "more": "More measures (per lane and phase, calendar time): --json or --out DIR.",
        "multitask": "The utilisation of {names} may exceed 100%: its people may hold several "
                     "tasks at once (multitask), and the time of all of them is added up.",
        "presence": "The presence of {names} is drawn hour by hour (presence): its utilisation "
                    "is over the hours present; the Availability column does not include it.",
        "wrote": "Written",
        "finished": "finished", "in_flight": "in progress", "failed": "failed",
    },
}

#: days per month for throughput (a mean Gregorian month)
_MONTH_DAYS = 365.25 / 12


def simulation_view(result: Any, *, warmup_cases: int = 0,
                    stability: Sequence[str] | None = None,
                    files: Mapping[str, str] | None = None) -> SimulationView:
    """The :class:`SimulationView` of a :class:`~probisnis.sim.result.SimulationResult`."""
    from probisnis.sim.multitask import multitask_pools

    s = result.scenario
    order = [o for o in process_order(s.definitions, s.process_id) if o.node.is_activity]
    resources = _resources(result)
    counts: dict[str, Any] = {}
    avail: dict[str, Any] = {}
    for name, count, share in zip(resources.array("resource").tolist(),
                                  resources.array("count").tolist(),
                                  resources.array("availability").tolist(), strict=True):
        counts.setdefault(name, count)  # a pool's first row, as its first replication has it
        avail.setdefault(name, share)
    lane_names = {lane.id: lane.name for d in s.definitions for p in d.processes.values()
                  for lane in p.iter_lanes(subprocesses=True)}

    def pool_of(node: Any) -> str | None:
        task = s.tasks.get(node.id)
        if task is not None and task.pool:
            return str(task.pool)
        if node.lane is None:
            return None
        pool = s.lane_pools.get(node.lane, node.lane)
        return str(pool) if pool in counts else None

    activities = tuple(ActivityInfo(o.node.id, " ".join(o.node.name.split()) or o.node.id,
                                    o.phase, pool_of(o.node)) for o in order)
    pool_ids = list(dict.fromkeys([a.pool for a in activities if a.pool] + list(counts)))

    def pool_name(pid: str) -> str:
        spec = s.pools.get(pid)
        return (spec.name if spec is not None and spec.name else lane_names.get(pid)) or pid

    pools = tuple(PoolInfo(pid, pool_name(pid), int(counts[pid]), float(avail[pid]))
                  for pid in pool_ids if pid in counts)
    status = result.case_status()
    multitasking = multitask_pools(s)
    return SimulationView(
        title=s.name or s.process_id, process_id=s.process_id, start=result.start,
        cases=result.n_cases, status=status, replications=result.replications,
        seed=s.seed, warmup_cases=warmup_cases, hours_per_day=s.hours_per_day,
        pools=pools, activities=activities,
        warnings=tuple(dict.fromkeys((*s.warnings, *result.warnings))),
        stability=tuple(stability) if stability is not None else None,
        files=dict(files or {}), case_priority=tuple(s.case_priority),
        multitask=tuple(p.id for p in pools if p.id in multitasking),
        presence=tuple(p.id for p in pools if _spec(s, p.id, "presence") is not None))


def _spec(s: Any, pool_id: str, field: str) -> Any:
    """``field`` of the scenario's pool ``pool_id`` (None when the scenario has no such pool)."""
    spec = s.pools.get(pool_id)
    return getattr(spec, field, None) if spec is not None else None


def _resources(result: Any) -> Any:
    """The result's resource table as light columns (no DataFrame made for it)."""
    from probisnis.sim.columns import columns_of

    light = getattr(result, "light", None)
    table = light("resources") if light is not None else result.resources
    return columns_of(table, ("resource", "count", "availability"), "resource table")


class _Cells:
    """Formatted KPI cells of one summary table, remembering whether any interval crossed."""

    def __init__(self, table: Any, view: SimulationView, lang: str) -> None:
        records = table.to_dict("records") if hasattr(table, "to_dict") else list(table)
        self.rows = {(str(r["name"]), str(r["scope"])): r for r in records}
        self.view = view
        self.lang = lang
        self.crossed = False
        #: a mean shown without an interval because one replication alone had a value
        self.lone = False

    def mean(self, name: str, scope: str) -> float | None:
        row = self.rows.get((name, scope))
        return None if row is None else float(row["mean"])

    def __call__(self, name: str, scope: str, unit: str, digits: int) -> str:
        row = self.rows.get((name, scope))
        if row is None:
            return "–"
        if self.view.replications > 1 and _alone(row):
            self.lone = True
        free = name == "utilization" and scope in self.view.multitask  # may pass 100 %
        est = estimate(row["mean"], row["ci_low"], row["ci_high"], unit, digits=digits,
                       lang=self.lang, hours_per_day=self.view.hours_per_day,
                       clipped=bool(row.get("ci_clipped", False)),
                       bounds=(0.0, math.inf) if free else None)
        self.crossed |= est.crossed
        return est.text


def _alone(row: Mapping[str, Any]) -> bool:
    """A KPI row with a mean but no interval: one replication alone gave it a value."""
    def finite(x: Any) -> bool:
        return isinstance(x, int | float) and math.isfinite(x)

    return finite(row["mean"]) and not (finite(row["ci_low"]) and finite(row["ci_high"]))


def _answer(view: SimulationView, cells: _Cells, t: Mapping[str, str], lang: str) -> list[Row]:
    rows: list[Row] = []
    cal = cells("cycle_time", "process", "day", 1)
    rows.append([t["cycle"], f"{cells('cycle_time_working', 'process', 'working_day', 1)} "
                 f"{unit_label('working_day', lang=lang)} ("
                 + t["cycle_calendar"].format(value=cal) + ")"])
    used = [(cells.mean("utilization", p.id) or 0.0, p) for p in view.pools]
    if used and max(u for u, _ in used) > 0:
        _, top = max(used, key=lambda x: x[0])
        rows.append([t["busiest"], t["busiest_text"].format(
            name=top.name, count=angka(top.count, lang=lang),
            people=t["person"] if top.count == 1 else t["people"],
            value=cells("utilization", top.id, "percent", 1))])
    else:
        rows.append([t["busiest"], t["no_pool"]])
    if view.stability is not None:
        rows.append([t["stability"], "\n".join(view.stability)])
    if cells.mean("cost", "process"):  # no cost rates in the scenario: no line
        rows.append([t["cost"], cells("cost", "process", "rupiah", 0)])
    rows.append([t["throughput"], t["throughput_text"].format(
        value=cells("throughput", "process", "cases_per_month", 1),
        wip=cells("wip", "process", "cases", 1))])
    return rows


def render_simulation(view: SimulationView, table: pd.DataFrame | Sequence[Mapping[str, Any]],
                      *, lang: str = "id", width: int = 100) -> str:
    """The page for ``table`` (the KPI summary: ``name, scope, mean, ci_low, ci_high, unit``;
    a DataFrame, or its records as dicts)."""
    t = _TEXT[check_lang(lang)]
    cells = _Cells(table, view, lang)
    out: list[str] = []
    if view.warnings:
        out.append(t["warnings"])
        for w in view.warnings:
            out += paragraph(text(w, lang), width=width, indent="! ", hang="  ")
        out.append("")
    out.append(view.title)
    status = ", ".join(f"{angka(n, lang=lang)} {t.get(k, k)}" for k, n in view.status.items())
    line = t["process"].format(process=view.process_id, start=tanggal(view.start, lang=lang),
                               cases=angka(view.cases, lang=lang), status=status,
                               reps=view.replications, seed=view.seed,
                               s="" if view.replications == 1 else "s")
    if view.warmup_cases:
        line += t["warmup"].format(n=view.warmup_cases)
    out += paragraph(line, width=width)
    if view.case_priority:
        rules = "; ".join(t["rule"].format(when=when, level=angka(level, lang=lang))
                          for when, level in view.case_priority)
        out += paragraph(t["priority"].format(rules=rules), width=width)
    out.append("")

    answer = _answer(view, cells, t, lang)
    out.append(t["answer"])
    out += ["  " + x for x in render_table([Column(""), Column("", wrap=True)], answer,
                                           width=width - 2, header=False)]
    out.append("")

    kpis = ("queue_length",)
    pool_rows: list[Row] = [
        [p.name, angka(p.count, lang=lang), persen(p.availability, 0, lang=lang),
         cells("utilization", p.id, "percent", 1),
         cells(kpis[0], p.id, "tasks", 2)]
        for p in view.pools]
    out.append(t["pools"])
    out += render_table(
        [Column(column("pool", lang=lang), wrap=True),
         Column(column("staff", lang=lang), align="right"),
         Column(column("availability", lang=lang), align="right"),
         Column(kpi_label("utilization", lang=lang), align="right"),
         Column(kpi_label("queue_length", lang=lang), align="right")], pool_rows, width=width)
    out.append("")

    act_rows: list[Row] = []
    phase = None
    number = 0
    for a in view.activities:
        if ("waiting_time_working", a.id) not in cells.rows and \
                ("processing_time_working", a.id) not in cells.rows:
            continue  # a call activity or an activity no case reached
        if a.phase != phase:
            phase = a.phase
            act_rows.append(phase)
        number += 1
        act_rows.append([str(number), a.name, view.pool_name(a.pool),
                         cells("waiting_time_working", a.id, "working_day", 2),
                         cells("processing_time_working", a.id, "working_day", 2)])
    out.append(t["activities"])
    out += render_table(
        [Column(t["no"], align="right"), Column(column("activity", lang=lang), wrap=True),
         Column(column("pool", lang=lang), wrap=True),
         Column(kpi_label("waiting_time_working", lang=lang, unit="working_day"),
                align="right"),
         Column(kpi_label("processing_time_working", lang=lang, unit="working_day"),
                align="right")], act_rows, width=width)
    out.append("")

    hours = angka(view.hours_per_day, 1, lang=lang).removesuffix(",0").removesuffix(".0")
    notes = [(t["ci"] if view.replications > 1 else t["one_rep"]).format(
        reps=view.replications, hours=hours)]
    if cells.crossed:
        notes.append(t["crossed"].format(mark=MARK))
    if cells.lone:
        notes.append(t["lone"])
    for key in ("multitask", "presence"):
        names = getattr(view, key)
        if names:
            notes.append(t[key].format(names=", ".join(view.pool_name(n) for n in names)))
    notes.append(t["more"])
    for note in notes:
        out += paragraph(note, width=width)
    for path in view.files.values():
        out.append(f"{t['wrote']}: {path}")
    return "\n".join(out) + "\n"
