"""What-if results as a person reads them: Indonesian tables for the terminal and the docs.

Numbers go through :mod:`probisnis.present.numbers` (Babel), KPI names and units
through :mod:`probisnis.present.labels`; times are shown in (working) days, utilisation
in percent, money in rupiah.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from probisnis.present.labels import KPIS, kpi_label, to_display
from probisnis.present.numbers import MISSING, angka, persen
from probisnis.present.table import Column, paragraph, render_table

__all__ = ["MAIN_KPIS", "SWEEP_KPIS", "comparison_lines", "display", "format_table",
           "frame_lines", "kpi_cell", "stability_lines", "sweep_lines"]

#: KPIs shown by default: the process and its pools (``--all`` adds activities, lanes...)
MAIN_KPIS: tuple[str, ...] = ("cycle_time_working", "cycle_time", "cost", "throughput", "wip",
                              "utilization", "queue_length")

#: scope words
_SCOPE = {"process": "proses"}


def display(name: str, unit: str, value: float, hours_per_day: float = 7.5) -> float:
    """``value`` of KPI ``name`` (machine ``unit``) in the unit a person reads it in."""
    label = KPIS.get(name)
    if label is None or not math.isfinite(value):
        return value
    try:
        return to_display(value, unit, label.unit, hours_per_day=hours_per_day)
    except Exception:  # a unit the label table does not convert: show it as it is
        return value


def _digits(values: Sequence[float]) -> int:
    finite = [abs(v) for v in values if math.isfinite(v)]
    top = max(finite) if finite else 0.0
    if top >= 1000:
        return 0
    if top >= 10:
        return 1
    if top >= 0.1:
        return 2
    return 4


def kpi_cell(name: str, value: float, digits: int) -> str:
    if not math.isfinite(value):
        return MISSING
    if KPIS.get(name) is not None and KPIS[name].unit == "percent":
        return angka(value, digits=max(1, min(digits, 2))) + "%"
    return angka(value, digits=digits)


def _signed(text: str, value: float) -> str:
    return ("+" + text) if math.isfinite(value) and value > 0 else text


def format_table(head: Sequence[str], rows: Sequence[Sequence[str]],
                 right: Sequence[bool] | None = None) -> list[str]:
    """Rows as aligned text columns (``right``: which columns align right)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(head)]
    right = right or [False] * len(head)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w)
                         for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    return [line(head), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def stability_lines(label: str, warnings: Sequence[str], width: int = 100) -> list[str]:
    """Each stability warning as a paragraph within ``width`` columns."""
    return [line for w in warnings
            for line in paragraph(f"PERINGATAN [{label}] {w}", width=width, hang="  ")]


def comparison_lines(comparison: Any, *, all_kpis: bool = False,
                     width: int = 100) -> list[str]:
    """The terminal text of a :class:`~probisnis.whatif.compare.Comparison`: within
    ``width`` columns, a section per KPI, pools by the scenario's names."""
    c = comparison
    out: list[str] = []
    total = c.replications
    crn = "bilangan acak bersama" if c.common_random_numbers else "aliran acak terpisah"
    out.append(f"Perbandingan skenario: {total} replikasi berpasangan, seed {c.seed}, {crn}")
    if c.partial:
        done = ", ".join(f"{label} {n}/{total}" for label, n in c.completed.items())
        out.append(f"HASIL SEBAGIAN: dihentikan sebelum selesai; replikasi selesai: {done}. "
                   "Hanya pasangan yang lengkap yang dibandingkan.")
    out.append(f"  dasar : {c.names[0]}  [{c.labels[0]}]")
    for label, name in zip(c.labels[1:], c.names[1:], strict=True):
        out.append(f"  varian: {name}  [{label}]")
    out.append("")
    out.append("Yang berbeda dari skenario dasar (setelah extends):")
    for label in c.labels[1:]:
        diffs = c.differences.get(label, ())
        out.append(f"  {label}:" + ("" if diffs else " tidak ada (skenario sama)"))
        out.extend(f"    {d}" for d in diffs)
    warned = [(label, st.warnings) for label, st in c.stability.items() if st.warnings]
    if warned:
        out.append("")
        for label, ws in warned:
            out.extend(stability_lines(label, ws))
    table = c.table
    if not all_kpis:
        table = table[table["name"].isin(MAIN_KPIS)]
        order = {n: i for i, n in enumerate(MAIN_KPIS)}
        table = table.assign(_o=table["name"].map(order)).sort_values(
            ["variant", "_o"], kind="stable")
    columns = [Column("Lingkup", wrap=True), Column("Dasar", "right"),
               Column("Varian", "right"), Column("Selisih (perubahan)", "right", wrap=True),
               Column("Selang 95% selisih", "right", wrap=True), Column("Kesimpulan")]
    for label in c.labels[1:]:
        part = table[table["variant"] == label]
        out.append("")
        out.append(f"Varian {label} dibanding dasar"
                   + (f" (ambang perubahan kecil {persen(c.threshold, 0)})"
                      if c.threshold else ""))
        rows: list[Sequence[str] | str] = []
        section = None
        for r in part.to_dict("records"):
            name, unit = str(r["name"]), str(r["unit"])
            if kpi_label(name) != section:  # a section row per KPI
                section = kpi_label(name)
                rows.append(section)
            vals = [display(name, unit, float(r[k]), c.hours_per_day)
                    for k in ("base", "value", "difference", "ci_low", "ci_high")]
            digits = _digits(vals[:2])
            base, value, diff, low, high = (kpi_cell(name, v, digits) for v in vals)
            ci = f"[{low}; {high}]" if low != MISSING else MISSING
            scope = str(r["scope"])
            relative = _signed(persen(float(r["relative"]), 1), float(r["relative"]))
            rows.append([
                _SCOPE.get(scope, c.scope_names.get(scope, scope)), base, value,
                f"{_signed(diff, vals[2])} ({relative})", ci, str(r["verdict"]),
            ])
        out.extend(render_table(columns, rows, width=width))
    out.append("")
    out.extend(paragraph("Selisih = varian - dasar, rata-rata selisih per replikasi "
                         "berpasangan; perubahan relatif terhadap dasar dalam kurung. "
                         "'tidak berbeda nyata': selang 95% selisih memuat 0.", width=width))
    return out


def frame_lines(frame: pd.DataFrame) -> list[str]:
    """A small DataFrame as aligned text (numbers Indonesian-formatted)."""
    head = [str(c) for c in frame.columns]
    rows = [[angka(v, 2) if isinstance(v, float) else str(v) for v in row]
            for row in frame.itertuples(index=False)]
    return format_table(head, rows)


def _mean_pm(name: str, row: Any, hours_per_day: float) -> str:
    mean = display(name, str(row["unit"]), float(row["mean"]), hours_per_day)
    low = display(name, str(row["unit"]), float(row["ci_low"]), hours_per_day)
    high = display(name, str(row["unit"]), float(row["ci_high"]), hours_per_day)
    digits = _digits([mean])
    text = kpi_cell(name, mean, digits)
    if math.isfinite(low) and math.isfinite(high) and high > low:
        text += " ±" + kpi_cell(name, (high - low) / 2, digits)
    return text


#: KPIs in the sweep table (process scope)
SWEEP_KPIS: tuple[str, ...] = ("cycle_time_working", "throughput", "wip")


def sweep_lines(result: Any, *, width: int = 100) -> list[str]:
    """The terminal text of a :class:`~probisnis.whatif.sweep.SweepResult` (within
    ``width`` columns, pools by the scenario's names)."""
    r = result
    keys = list(r.keys)
    out = paragraph(f"Sweep {r.name} [{r.scenario}]: {len(r.points)} titik x "
                    f"{r.replications} replikasi, seed {r.seed} (bilangan acak bersama antar "
                    "titik)", width=width)
    if r.partial:
        out.append("HASIL SEBAGIAN: dihentikan sebelum selesai; hanya replikasi yang selesai "
                   "yang dihitung (kolom 'replikasi').")
    points = r.points.reset_index(drop=True)
    warned = [(k, ws) for k, ws in r.warnings.items() if ws]
    if warned:
        out.append("")
    for k, ws in warned:
        where = ", ".join(f"{key}={points.loc[k, key]}" for key in keys) \
            if k < len(points) else str(k)
        out.extend(stability_lines(where, ws))
    summary = r.summary[r.summary["scope"] == "process"]
    index = {tuple(row[key] for key in keys): row for row in points.to_dict("records")}
    rows = []
    for point, row in index.items():
        cells = [str(v) for v in point]
        part = summary
        for key, value in zip(keys, point, strict=True):
            part = part[part[key] == value]
        by_name = {str(x["name"]): x for x in part.to_dict("records")}
        for name in SWEEP_KPIS:
            cells.append(_mean_pm(name, by_name[name], r.hours_per_day)
                         if name in by_name else MISSING)
        util = row["max_utilization"]
        busiest = str(row["busiest_pool"])
        cells.append(f"{r.pool_names.get(busiest, busiest)} {persen(util, 0)}" if busiest
                     else MISSING)
        cells.append("ya" if row["stable"] else "TIDAK")
        cells.append(str(row["replications"]))
        rows.append(cells)
    out.append("")
    out.extend(render_table(
        [*(Column(k, "right", wrap=True) for k in keys),
         *(Column(kpi_label(n), "right", wrap=True) for n in SWEEP_KPIS),
         Column("Pelaksana tersibuk", wrap=True), Column("Stabil"),
         Column("Replikasi", "right")], rows, width=width))
    out.append("")
    for s in r.saturation:
        where = (" (" + ", ".join(f"{k}={v}" for k, v in s.fixed) + ")") if s.fixed else ""
        if s.value is None:
            out.extend(paragraph(f"Titik jenuh{where}: tidak ada di rentang ini; tidak ada "
                                 "pelaksana di atas 85% utilisasi dan sistem stabil di setiap "
                                 "titik.", width=width))
        else:
            safe = (f"; nilai terakhir yang aman: {s.key} = {s.last_safe}"
                    if s.last_safe is not None else "; seluruh rentang sudah jenuh")
            out.extend(paragraph(f"Titik jenuh{where}: {s.key} = {s.value} ({s.reason}){safe}.",
                                 width=width))
    out.append("Nilai: rata-rata ±setengah lebar selang kepercayaan 95% antar replikasi.")
    return out
