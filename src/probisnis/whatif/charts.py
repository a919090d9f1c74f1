"""Charts of a sweep: one PNG per KPI against the first varied key, with 95 % CI bands.

Drawn with matplotlib's Agg backend (no display needed). Lines: one per scope of the KPI
(each pool for utilisation) and per combination of the other varied keys; the band is
the confidence interval of the mean over replications; a dashed vertical line marks the
saturation point. Labels in Bahasa Indonesia (:mod:`probisnis.present.labels`).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from probisnis.present.labels import kpi_label
from probisnis.whatif.text import display

__all__ = ["CHART_KPIS", "sweep_charts"]

#: KPIs charted: the process's, and the pools' utilisation and queues
CHART_KPIS: tuple[str, ...] = ("cycle_time_working", "throughput", "wip", "cost",
                               "utilization", "queue_length")


def _axis_values(series: pd.Series) -> tuple[list[Any], list[str] | None]:
    """Numeric x values, or positions plus tick labels for other values."""
    values = list(series)
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return values, None
    return list(range(len(values))), [str(v) for v in values]


def sweep_charts(result: Any, folder: str | os.PathLike[str], *,
                 kpis: tuple[str, ...] = CHART_KPIS) -> list[Path]:
    """Write one PNG per KPI of ``result`` (a :class:`~probisnis.whatif.sweep.SweepResult`)
    into ``folder``; returns the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(folder)
    first, others = result.keys[0], list(result.keys[1:])
    written = []
    for name in kpis:
        data = result.summary[result.summary["name"] == name]
        if not len(data):
            continue
        fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=110)
        groups = data.groupby(["scope", *others], sort=False)
        for group_key, g in groups:
            labels = group_key if isinstance(group_key, tuple) else (group_key,)
            scope = labels[0]
            g = g.sort_values(first, kind="stable") if _numeric(g[first]) else g
            x, ticks = _axis_values(g[first])
            conv = [[display(name, str(u), float(v), result.hours_per_day)
                     for v, u in zip(g[col], g["unit"], strict=True)]
                    for col in ("mean", "ci_low", "ci_high")]
            text = "proses" if scope == "process" else str(scope)
            if others:
                text += " (" + ", ".join(f"{k}={v}" for k, v in
                                         zip(others, labels[1:], strict=True)) + ")"
            line, = ax.plot(x, conv[0], marker="o", label=text)
            low = [v if math.isfinite(v) else m for v, m in zip(conv[1], conv[0], strict=True)]
            high = [v if math.isfinite(v) else m for v, m in zip(conv[2], conv[0],
                                                                  strict=True)]
            ax.fill_between(x, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
            if ticks is not None:
                ax.set_xticks(x, ticks)
        for sat in result.saturation:
            if sat.value is not None and isinstance(sat.value, int | float) \
                    and not isinstance(sat.value, bool):
                ax.axvline(sat.value, color="firebrick", linestyle="--", linewidth=1)
                ax.annotate("titik jenuh", (sat.value, 1), xycoords=("data", "axes fraction"),
                            xytext=(3, -12), textcoords="offset points", color="firebrick",
                            fontsize=8)
        if name == "utilization":
            from probisnis.whatif.sweep import UTILIZATION_LIMIT

            ax.axhline(100 * UTILIZATION_LIMIT, color="grey", linestyle=":", linewidth=1)
        ax.set_xlabel(first)
        ax.set_ylabel(kpi_label(name))
        ax.set_title(f"{kpi_label(name)} menurut {first}\n{result.name}", fontsize=10)
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, ncol=2 if data["scope"].nunique() > 6 else 1)
        fig.tight_layout()
        path = out / f"{name}.png"
        tmp = out / f".{name}.png.tmp"
        fig.savefig(tmp, format="png")
        plt.close(fig)
        tmp.replace(path)
        written.append(path)
    return written


def _numeric(series: pd.Series) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in series)
