"""What the heat diagram shows: a value per task and per lane from simulation results.

``--heat-by`` picks the task value (table :data:`HEAT_BY`): mean waiting time (working
time), mean processing time, the utilisation of the task's pool, or the cost of one
visit (processing hours x the pool's rate). Lanes always show their pool's utilisation.
:func:`heat_spec` turns that into colours for :func:`probisnis.render.heat.render_heat`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
from matplotlib import colormaps
from matplotlib.colors import to_hex

from probisnis.errors import UsageError
from probisnis.render.heat import HeatSpec
from probisnis.report.data import ReportData
from probisnis.report.fmt import number_id, percent_id

__all__ = ["HEAT_BY", "HeatMeasure", "heat_spec", "heat_values", "lane_utilisation"]

_CMAP = colormaps["YlOrRd"]
_LANES = colormaps["Blues"]


def _short_duration(seconds: float, hpd: float) -> str:
    if seconds >= hpd * 3600.0:
        return f"{number_id(seconds / (hpd * 3600.0), 1)} hari"
    if seconds >= 3600.0:
        return f"{number_id(seconds / 3600.0, 1)} jam"
    return f"{number_id(seconds / 60.0, 0)} mnt"


@dataclass(frozen=True)
class HeatMeasure:
    """How one ``--heat-by`` choice reads its values and writes them."""

    title: str
    values: Callable[[ReportData], dict[str, float]]
    label: Callable[[float, float], str]  # (value, hours_per_day) -> text


def _kpi(name: str) -> Callable[[ReportData], dict[str, float]]:
    def read(data: ReportData) -> dict[str, float]:
        rows = data.kpis[data.kpis["name"] == name]
        tasks = {t.id for t in data.context.tasks}
        return {str(r.scope): float(r.mean) for r in rows.itertuples()
                if str(r.scope) in tasks and math.isfinite(float(r.mean))}
    return read


def _pool_util(data: ReportData) -> dict[str, float]:
    rows = data.kpis[data.kpis["name"] == "utilization"]
    return {str(r.scope): float(r.mean) for r in rows.itertuples()}


def _task_util(data: ReportData) -> dict[str, float]:
    util = _pool_util(data)
    return {t.id: util[t.pool] for t in data.context.tasks if t.pool in util}


def _task_cost(data: ReportData) -> dict[str, float]:
    proc = _kpi("processing_time_working")(data)
    rate = {p.id: p.cost_per_hour for p in data.context.pools}
    return {t.id: proc[t.id] / 3600.0 * rate[t.pool] for t in data.context.tasks
            if t.id in proc and t.pool in rate}


#: ``--heat-by`` value -> what it measures
HEAT_BY: dict[str, HeatMeasure] = {
    "waiting": HeatMeasure("Rata-rata waktu tunggu sebelum aktivitas (waktu kerja)",
                           _kpi("waiting_time_working"), _short_duration),
    "processing": HeatMeasure("Rata-rata waktu proses aktivitas (waktu kerja)",
                              _kpi("processing_time_working"), _short_duration),
    "utilisation": HeatMeasure("Utilisasi kelompok pegawai yang mengerjakan aktivitas",
                               _task_util, lambda v, _h: percent_id(v, 0)),
    "cost": HeatMeasure("Biaya per pelaksanaan aktivitas (Rp, jam proses x tarif per jam)",
                        _task_cost, lambda v, _h: "Rp" + number_id(v, 0)),
}


def heat_values(data: ReportData, by: str = "waiting") -> dict[str, float]:
    """Task id -> the value ``by`` measures (tasks the run did not measure are absent)."""
    if by not in HEAT_BY:
        raise UsageError(f"--heat-by: expected one of {', '.join(HEAT_BY)}, got {by!r}")
    return HEAT_BY[by].values(data)


def lane_utilisation(data: ReportData) -> dict[str, float]:
    """Lane id -> utilisation of the pool working in it."""
    util = _pool_util(data)
    lanes: dict[str, float] = {}
    for p in data.context.pools:
        for lane in p.lanes:
            if p.id in util:
                lanes[lane] = util[p.id]
    for lane in data.context.lanes:  # lanes without a stated pool get one named after them
        if lane not in lanes and lane in util:
            lanes[lane] = util[lane]
    return lanes


def _colour(fraction: float) -> str:
    return str(to_hex(_CMAP(0.08 + 0.92 * min(1.0, max(0.0, fraction)))))


def _lane_colour(utilisation: float) -> str:
    return str(to_hex(_LANES(0.05 + 0.8 * min(1.0, max(0.0, utilisation)))))


def heat_spec(data: ReportData, by: str = "waiting") -> HeatSpec:
    """Colours and labels for every measured task and lane, with the legend."""
    values = heat_values(data, by)  # UsageError for an unknown ``by``
    measure = HEAT_BY[by]
    hpd = data.context.hours_per_day
    top = max(values.values(), default=0.0)
    scale = top if top > 0 else 1.0
    tasks = {k: (_colour(v / scale), measure.label(v, hpd)) for k, v in values.items()}
    lanes = {k: (_lane_colour(v), f"Utilisasi {percent_id(v, 0)}")
             for k, v in lane_utilisation(data).items()}
    steps = tuple((_colour(f), measure.label(f * scale, hpd)) for f in (0, .25, .5, .75, 1))
    return HeatSpec(tasks=tasks, lanes=lanes, legend_title=measure.title, legend=steps,
                    lane_legend="Warna lajur: utilisasi kelompok pegawai di lajur itu "
                                "(biru muda 0 % sampai biru tua 100 %)")
