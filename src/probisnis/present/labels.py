"""What a KPI, a column and a unit are called, in Bahasa Indonesia and English.

One table keyed by KPI name (as :mod:`probisnis.sim.kpis` writes it) gives its label and the
unit it is shown in; one table of units converts from the machine unit (seconds, fraction,
IDR, ...) to what a person reads (hari kerja, %, Rp, ...). A KPI nobody has labelled yet shows
its own name, so a new KPI is never hidden.

>>> kpi_label("cycle_time_working")
'Waktu siklus (hari kerja)'
>>> kpi_label("cycle_time_working", lang="en")
'Cycle time (working days)'
>>> kpi_label("utilization")
'Utilisasi (%)'
>>> to_display(3 * 7.5 * 3600, "s", "working_day", hours_per_day=7.5)
3.0
>>> column("activity")
'Kegiatan'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from probisnis.errors import UsageError
from probisnis.present.numbers import check_lang

__all__ = [
    "COLUMNS",
    "KPIS",
    "UNITS",
    "KpiLabel",
    "Unit",
    "column",
    "kpi_label",
    "kpi_unit",
    "to_display",
    "unit_label",
]


@dataclass(frozen=True)
class Unit:
    """A unit a person reads: its words and how one machine value converts to it.

    ``machine`` is the KPI unit it converts from; ``per`` the number of machine units in
    one of it (``None``: a working day, whose length is the scenario's ``hours_per_day``).
    """

    id: str
    en: str
    machine: str
    per: float | None = 1.0


#: display unit key -> :class:`Unit`
UNITS: dict[str, Unit] = {
    "day": Unit("hari kalender", "calendar days", "s", 86400.0),
    "working_day": Unit("hari kerja", "working days", "s", None),
    "hour": Unit("jam", "hours", "s", 3600.0),
    "working_hour": Unit("jam kerja", "working hours", "s", 3600.0),
    "minute": Unit("menit", "minutes", "s", 60.0),
    "percent": Unit("%", "%", "fraction", 0.01),
    "rupiah": Unit("Rp", "IDR", "IDR"),
    "cases": Unit("kasus", "cases", "cases"),
    "cases_per_day": Unit("kasus/hari", "cases/day", "cases/day"),
    "cases_per_month": Unit("kasus/bulan", "cases/month", "cases/day", 1 / 30.4375),
    "tasks": Unit("tugas", "tasks", "instances"),
    "people": Unit("orang", "people", "people"),
}


@dataclass(frozen=True)
class KpiLabel:
    """A KPI's name in both languages and the :data:`UNITS` key it is shown in."""

    id: str
    en: str
    unit: str


#: KPI name (as the KPI tables write it) -> :class:`KpiLabel`
KPIS: dict[str, KpiLabel] = {
    "cycle_time": KpiLabel("Waktu siklus", "Cycle time", "day"),
    "cycle_time_working": KpiLabel("Waktu siklus", "Cycle time", "working_day"),
    "cost": KpiLabel("Biaya per kasus", "Cost per case", "rupiah"),
    "waiting_time": KpiLabel("Waktu tunggu", "Waiting time", "hour"),
    "waiting_time_working": KpiLabel("Waktu tunggu", "Waiting time", "working_hour"),
    "processing_time": KpiLabel("Waktu proses", "Processing time", "hour"),
    "processing_time_working": KpiLabel("Waktu proses", "Processing time", "working_hour"),
    "throughput": KpiLabel("Keluaran", "Throughput", "cases_per_day"),
    "failed_cases": KpiLabel("Kasus gagal", "Failed cases", "cases"),
    "wip": KpiLabel("Kasus berjalan", "Work in progress", "cases"),
    "phase_wip": KpiLabel("Kasus berjalan per tahap", "Work in progress per phase", "cases"),
    "lane_wip": KpiLabel("Tugas berjalan", "Tasks in progress", "tasks"),
    "lane_queue_length": KpiLabel("Antrean", "Queue", "tasks"),
    "queue_length": KpiLabel("Antrean", "Queue", "tasks"),
    "utilization": KpiLabel("Utilisasi", "Utilisation", "percent"),
}

#: column key -> (Bahasa Indonesia, English)
COLUMNS: dict[str, tuple[str, str]] = {
    "process": ("Proses", "Process"),
    "phase": ("Tahap", "Phase"),
    "pool": ("Pelaksana", "Resource pool"),
    "lane": ("Lajur", "Lane"),
    "activity": ("Kegiatan", "Activity"),
    "id": ("Kode", "Id"),
    "staff": ("Jumlah (orang)", "Staff (people)"),
    "availability": ("Ketersediaan (%)", "Availability (%)"),
    "scenario": ("Skenario", "Scenario"),
    "cases": ("Kasus", "Cases"),
    "replications": ("Replikasi", "Replications"),
    "seed": ("Seed", "Seed"),
    "kpi": ("Ukuran", "Measure"),
    "mean": ("Rata-rata", "Mean"),
    "ci": ("Selang kepercayaan 95%", "95% confidence interval"),
    "difference": ("Selisih", "Difference"),
    "verdict": ("Kesimpulan", "Verdict"),
    "step": ("Langkah", "Step"),
    "state": ("Status", "State"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if check_lang(lang) == "id" else pair[1]


def unit_label(unit: str, *, lang: str = "id") -> str:
    """The words of a :data:`UNITS` key: ``"hari kerja"``."""
    u = UNITS.get(unit)
    if u is None:
        raise UsageError(f"unknown display unit {unit!r}: choose one of {', '.join(UNITS)}")
    return _pick((u.id, u.en), lang)


def kpi_unit(name: str) -> str | None:
    """The :data:`UNITS` key a KPI is shown in (``None`` for a KPI nobody labelled)."""
    label = KPIS.get(name)
    return label.unit if label else None


def kpi_label(name: str, *, lang: str = "id", unit: str | None = None) -> str:
    """A KPI's label with its unit: ``"Waktu siklus (hari kerja)"``.

    ``unit`` overrides the KPI's usual display unit; an unknown KPI shows its own name.
    """
    label = KPIS.get(name)
    if label is None:
        check_lang(lang)
        return name
    words = _pick((label.id, label.en), lang)
    return f"{words} ({unit_label(unit or label.unit, lang=lang)})"


def column(key: str, *, lang: str = "id") -> str:
    """A column heading from :data:`COLUMNS`; an unknown key is shown as it is."""
    pair = COLUMNS.get(key)
    if pair is None:
        check_lang(lang)
        return key
    return _pick(pair, lang)


def to_display(value: float, machine_unit: str, unit: str, *, hours_per_day: float = 7.5) -> float:
    """``value`` in ``machine_unit`` converted to the display unit ``unit``.

    A working day is ``hours_per_day`` hours of working seconds. A unit that does not
    convert from ``machine_unit`` is a :class:`UsageError`.
    """
    u = UNITS.get(unit)
    if u is None:
        raise UsageError(f"unknown display unit {unit!r}: choose one of {', '.join(UNITS)}")
    if u.machine != machine_unit:
        raise UsageError(f"cannot show a value in {machine_unit!r} as {unit!r}")
    per = u.per if u.per is not None else hours_per_day * 3600.0
    if not math.isfinite(value):
        return value
    return value / per
