"""What-if results as a person reads them: tables for the terminal and the docs, in Bahasa
Indonesia (``lang="id"``, the default) or English (``lang="en"``).

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
from probisnis.present.numbers import MISSING, angka, check_lang, persen
from probisnis.present.table import Column, paragraph, render_table
from probisnis.whatif.stability import assess

__all__ = ["MAIN_KPIS", "SWEEP_KPIS", "comparison_lines", "display", "format_table",
           "frame_lines", "kpi_cell", "stability_lines", "sweep_lines"]

#: KPIs shown by default: the process and its pools (``--all`` adds activities, lanes...)
MAIN_KPIS: tuple[str, ...] = ("cycle_time_working", "cycle_time", "cost", "throughput", "wip",
                              "utilization", "queue_length")

#: the words of the pages, by language
_TEXT: dict[str, dict[str, str]] = {
    "id": {
        "process": "proses", "crn": "bilangan acak bersama", "indep": "aliran acak terpisah",
        "head": "Perbandingan skenario: {n} replikasi berpasangan, seed {seed}, {crn}",
        "partial": "HASIL SEBAGIAN: dihentikan sebelum selesai; replikasi selesai: {done}. "
                   "Hanya pasangan yang lengkap yang dibandingkan.",
        "base": "  dasar : ", "variant": "  varian: ",
        "differs": "Yang berbeda dari skenario dasar (setelah extends):",
        "same": " tidak ada (skenario sama)",
        "scope": "Lingkup", "base_col": "Dasar", "variant_col": "Varian",
        "diff_col": "Selisih (perubahan)", "ci_col": "Selang 95% selisih",
        "verdict_col": "Kesimpulan",
        "versus": "Varian {label} dibanding dasar",
        "threshold": " (ambang perubahan kecil {pct})",
        "note": "Selisih = varian - dasar, rata-rata selisih per replikasi berpasangan; "
                "perubahan relatif terhadap dasar dalam kurung. 'tidak berbeda nyata': selang "
                "95% selisih memuat 0.",
        "warning": "PERINGATAN",
        "sweep": "Sweep {name} [{scenario}]: {points} titik x {reps} replikasi, seed {seed} "
                 "(bilangan acak bersama antar titik)",
        "sweep_partial": "HASIL SEBAGIAN: dihentikan sebelum selesai; hanya replikasi yang "
                         "selesai yang dihitung (kolom 'replikasi').",
        "busiest": "Pelaksana tersibuk", "stable": "Stabil", "reps": "Replikasi",
        "yes": "ya", "no": "TIDAK",
        "no_saturation": "Titik jenuh{where}: tidak ada di rentang ini; tidak ada pelaksana di "
                         "atas 85% utilisasi dan sistem stabil di setiap titik.",
        "saturation": "Titik jenuh{where}: {key} = {value} ({reason}){safe}.",
        "last_safe": "; nilai terakhir yang aman: {key} = {value}",
        "all_saturated": "; seluruh rentang sudah jenuh",
        "unstable": "sistem tidak stabil", "unstable_pool": "; pelaksana tersibuk {pool} {pct}",
        "utilization": "utilisasi {pool} {pct} > {limit}",
        "values": "Nilai: rata-rata ±setengah lebar selang kepercayaan 95% antar replikasi.",
        "crossed": "* Selang kepercayaan 95% melewati 0 (nilai yang mustahil): hasil ini belum "
                   "pasti, tambah replikasi (--replications).",
    },
    "en": {
        "process": "process", "crn": "common random numbers", "indep": "independent streams",
        "head": "Comparison of scenarios: {n} paired replications, seed {seed}, {crn}",
        "partial": "PARTIAL RESULT: stopped before the end; replications done: {done}. Only "
                   "complete pairs are compared.",
        "base": "  base   : ", "variant": "  variant: ",
        "differs": "What differs from the base scenario (after extends):",
        "same": " nothing (the same scenario)",
        "scope": "Scope", "base_col": "Base", "variant_col": "Variant",
        "diff_col": "Difference (change)", "ci_col": "95% interval of the difference",
        "verdict_col": "Verdict",
        "versus": "Variant {label} against the base",
        "threshold": " (threshold of a small change {pct})",
        "note": "Difference = variant - base, the mean of the paired replications' "
                "differences; the change relative to the base in brackets. 'no significant "
                "difference': the 95% interval of the difference holds 0.",
        "warning": "WARNING",
        "sweep": "Sweep {name} [{scenario}]: {points} points x {reps} replications, seed "
                 "{seed} (common random numbers across points)",
        "sweep_partial": "PARTIAL RESULT: stopped before the end; only the replications done "
                         "are counted (column 'Replications').",
        "busiest": "Busiest pool", "stable": "Stable", "reps": "Replications",
        "yes": "yes", "no": "NO",
        "no_saturation": "Saturation point{where}: none in this range; no pool above 85% "
                         "utilisation and the system stable at every point.",
        "saturation": "Saturation point{where}: {key} = {value} ({reason}){safe}.",
        "last_safe": "; last safe value: {key} = {value}",
        "all_saturated": "; the whole range is saturated",
        "unstable": "the system is unstable", "unstable_pool": "; busiest pool {pool} {pct}",
        "utilization": "utilisation of {pool} {pct} > {limit}",
        "values": "Values: mean ±half-width of the 95% confidence interval over replications.",
        "crossed": "* The 95% confidence interval crosses 0 (an impossible value): this result "
                   "is not yet reliable, add replications (--replications).",
    },
}

#: the verdicts of :mod:`probisnis.whatif.verdicts` in English
_VERDICT_EN = {
    "lebih baik": "better", "lebih buruk": "worse", "tidak berbeda nyata":
    "no significant difference", "berbeda tetapi kecil": "different but small",
    "naik": "up", "turun": "down", "tidak dapat dinilai": "cannot be judged",
}


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


def kpi_cell(name: str, value: float, digits: int, lang: str = "id") -> str:
    if not math.isfinite(value):
        return MISSING
    if KPIS.get(name) is not None and KPIS[name].unit == "percent":
        return angka(value, digits=max(1, min(digits, 2)), lang=lang) + "%"
    return angka(value, digits=digits, lang=lang)


def _ci_cells(name: str, low: float, high: float, digits: int, lang: str
              ) -> tuple[str, str] | None:
    """The bounds of an interval that excludes 0 with enough digits that neither reads as
    zero ("[-9,6%; 0,0%] turun" looked like an interval holding 0); None when the usual
    digits do."""
    if not (math.isfinite(low) and math.isfinite(high)) or low * high <= 0:
        return None
    percent = KPIS.get(name) is not None and KPIS[name].unit == "percent"
    shown = max(1, min(digits, 2)) if percent else digits
    for extra in range(5):
        cells = tuple(angka(v, digits=shown + extra, lang=lang) for v in (low, high))
        if all(any(ch in "123456789" for ch in c) for c in cells):
            if extra == 0:
                return None
            return (cells[0] + "%", cells[1] + "%") if percent else cells  # type: ignore[return-value]
    return None


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


def stability_lines(label: str, warnings: Sequence[str], width: int = 100,
                    lang: str = "id") -> list[str]:
    """Each stability warning as a paragraph within ``width`` columns."""
    word = _TEXT[check_lang(lang)]["warning"]
    return [line for w in warnings
            for line in paragraph(f"{word} [{label}] {w}", width=width, hang="  ")]


def _warnings(stability: Any, pool_names: dict[str, str], lang: str) -> tuple[str, ...]:
    """A stability check's warnings in ``lang`` (they are kept in Bahasa Indonesia)."""
    if lang == "id" or not stability.warnings:
        return tuple(stability.warnings)
    return assess(stability.records, pool_names=pool_names, lang=lang).warnings


def comparison_lines(comparison: Any, *, all_kpis: bool = False,
                     width: int = 100, lang: str = "id") -> list[str]:
    """The terminal text of a :class:`~probisnis.whatif.compare.Comparison`: within
    ``width`` columns, a section per KPI, pools by the scenario's names."""
    c = comparison
    t = _TEXT[check_lang(lang)]
    out: list[str] = []
    total = c.replications
    out.append(t["head"].format(n=total, seed=c.seed,
                                crn=t["crn"] if c.common_random_numbers else t["indep"]))
    if c.partial:
        done = ", ".join(f"{label} {n}/{total}" for label, n in c.completed.items())
        out.append(t["partial"].format(done=done))
    out.append(f"{t['base']}{c.names[0]}  [{c.labels[0]}]")
    for label, name in zip(c.labels[1:], c.names[1:], strict=True):
        out.append(f"{t['variant']}{name}  [{label}]")
    out.append("")
    out.append(t["differs"])
    for label in c.labels[1:]:
        diffs = c.differences.get(label, ())
        out.append(f"  {label}:" + ("" if diffs else t["same"]))
        out.extend(f"    {d}" for d in diffs)
    warned = [(label, _warnings(st, dict(c.scope_names), lang))
              for label, st in c.stability.items() if st.warnings]
    if warned:
        out.append("")
        for label, ws in warned:
            out.extend(stability_lines(label, ws, lang=lang))
    table = c.table
    if not all_kpis:
        table = table[table["name"].isin(MAIN_KPIS)]
        order = {n: i for i, n in enumerate(MAIN_KPIS)}
        table = table.assign(_o=table["name"].map(order)).sort_values(
            ["variant", "_o"], kind="stable")
    columns = [Column(t["scope"], wrap=True), Column(t["base_col"], "right"),
               Column(t["variant_col"], "right"), Column(t["diff_col"], "right", wrap=True),
               Column(t["ci_col"], "right", wrap=True), Column(t["verdict_col"])]
    for label in c.labels[1:]:
        part = table[table["variant"] == label]
        out.append("")
        out.append(t["versus"].format(label=label)
                   + (t["threshold"].format(pct=persen(c.threshold, 0, lang=lang))
                      if c.threshold else ""))
        rows: list[Sequence[str] | str] = []
        section = None
        for r in part.to_dict("records"):
            name, unit = str(r["name"]), str(r["unit"])
            if kpi_label(name, lang=lang) != section:  # a section row per KPI
                section = kpi_label(name, lang=lang)
                rows.append(section)
            vals = [display(name, unit, float(r[k]), c.hours_per_day)
                    for k in ("base", "value", "difference", "ci_low", "ci_high")]
            digits = _digits(vals[:2])
            base, value, diff, low, high = (kpi_cell(name, v, digits, lang) for v in vals)
            low, high = _ci_cells(name, vals[3], vals[4], digits, lang) or (low, high)
            ci = f"[{low}; {high}]" if low != MISSING else MISSING
            scope = str(r["scope"])
            relative = _signed(persen(float(r["relative"]), 1, lang=lang), float(r["relative"]))
            verdict = str(r["verdict"])
            rows.append([
                t["process"] if scope == "process" else c.scope_names.get(scope, scope),
                base, value, f"{_signed(diff, vals[2])} ({relative})", ci,
                _VERDICT_EN.get(verdict, verdict) if lang == "en" else verdict,
            ])
        out.extend(render_table(columns, rows, width=width))
    out.append("")
    out.extend(paragraph(t["note"], width=width))
    return out


def frame_lines(frame: pd.DataFrame) -> list[str]:
    """A small DataFrame as aligned text (numbers Indonesian-formatted)."""
    head = [str(c) for c in frame.columns]
    rows = [[angka(v, 2) if isinstance(v, float) else str(v) for v in row]
            for row in frame.itertuples(index=False)]
    return format_table(head, rows)


def _mean_pm(name: str, row: Any, hours_per_day: float, lang: str = "id") -> tuple[str, bool]:
    """``mean ±h`` of a sweep's non-negative KPI, or ``mean *`` (and True) when the interval
    reaches below 0, as the simulate page marks it."""
    mean = display(name, str(row["unit"]), float(row["mean"]), hours_per_day)
    low = display(name, str(row["unit"]), float(row["ci_low"]), hours_per_day)
    high = display(name, str(row["unit"]), float(row["ci_high"]), hours_per_day)
    digits = _digits([mean])
    text = kpi_cell(name, mean, digits, lang)
    if math.isfinite(low) and math.isfinite(high) and high > low:
        if low < 0 <= mean:
            return text + " *", True
        text += " ±" + kpi_cell(name, (high - low) / 2, digits, lang)
    return text, False


def _reason(s: Any, pool_names: dict[str, str], t: dict[str, str], lang: str) -> str:
    """Why the sweep saturates at ``s``, naming the pool as the scenario does."""
    from probisnis.whatif.sweep import UTILIZATION_LIMIT

    pool = pool_names.get(s.busiest, s.busiest)
    pct = persen(s.utilization, 0, lang=lang)
    if not s.stable:
        return t["unstable"] + (t["unstable_pool"].format(pool=pool, pct=pct) if pool else "")
    return t["utilization"].format(pool=pool, pct=pct,
                                   limit=persen(UTILIZATION_LIMIT, 0, lang=lang))


#: KPIs in the sweep table (process scope)
SWEEP_KPIS: tuple[str, ...] = ("cycle_time_working", "throughput", "wip")


def sweep_lines(result: Any, *, width: int = 100, lang: str = "id") -> list[str]:
    """The terminal text of a :class:`~probisnis.whatif.sweep.SweepResult` (within
    ``width`` columns, pools by the scenario's names)."""
    r = result
    t = _TEXT[check_lang(lang)]
    keys = list(r.keys)
    out = paragraph(t["sweep"].format(name=r.name, scenario=r.scenario, points=len(r.points),
                                      reps=r.replications, seed=r.seed), width=width)
    if r.partial:
        out.append(t["sweep_partial"])
    points = r.points.reset_index(drop=True)
    stabilities = getattr(r, "stability", {})
    warned = [(k, _warnings(stabilities[k], r.pool_names, lang) if k in stabilities else ws)
              for k, ws in r.warnings.items() if ws]
    if warned:
        out.append("")
    for k, ws in warned:
        where = ", ".join(f"{key}={points.loc[k, key]}" for key in keys) \
            if k < len(points) else str(k)
        out.extend(stability_lines(where, ws, lang=lang))
    summary = r.summary[r.summary["scope"] == "process"]
    index = {tuple(row[key] for key in keys): row for row in points.to_dict("records")}
    rows = []
    crossed = False
    for point, row in index.items():
        cells = [str(v) for v in point]
        part = summary
        for key, value in zip(keys, point, strict=True):
            part = part[part[key] == value]
        by_name = {str(x["name"]): x for x in part.to_dict("records")}
        for name in SWEEP_KPIS:
            text, cut = (_mean_pm(name, by_name[name], r.hours_per_day, lang)
                         if name in by_name else (MISSING, False))
            cells.append(text)
            crossed |= cut
        util = row["max_utilization"]
        busiest = str(row["busiest_pool"])
        cells.append(f"{r.pool_names.get(busiest, busiest)} {persen(util, 0, lang=lang)}"
                     if busiest else MISSING)
        cells.append(t["yes"] if row["stable"] else t["no"])
        cells.append(str(row["replications"]))
        rows.append(cells)
    out.append("")
    out.extend(render_table(
        [*(Column(k, "right", wrap=True) for k in keys),
         *(Column(kpi_label(n, lang=lang), "right", wrap=True) for n in SWEEP_KPIS),
         Column(t["busiest"], wrap=True), Column(t["stable"]),
         Column(t["reps"], "right")], rows, width=width))
    out.append("")
    for s in r.saturation:
        where = (" (" + ", ".join(f"{k}={v}" for k, v in s.fixed) + ")") if s.fixed else ""
        if s.value is None:
            out.extend(paragraph(t["no_saturation"].format(where=where), width=width))
        else:
            safe = (t["last_safe"].format(key=s.key, value=s.last_safe)
                    if s.last_safe is not None else t["all_saturated"])
            reason = _reason(s, r.pool_names, t, lang) if s.busiest or not s.stable \
                else s.reason
            out.extend(paragraph(t["saturation"].format(where=where, key=s.key, value=s.value,
                                                        reason=reason, safe=safe),
                                 width=width))
    out.append(t["values"])
    if crossed:
        out.extend(paragraph(t["crossed"], width=width))
    return out
