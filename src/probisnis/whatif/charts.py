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

from probisnis.outputs import atomic_path
from probisnis.present.labels import kpi_label
from probisnis.whatif.text import display

__all__ = ["CHART_KPIS", "comparison_chart", "sweep_charts"]

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
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format="png", metadata={"Software": None})
            plt.close(fig)
        written.append(path)
    return written


def _numeric(series: pd.Series) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in series)


def comparison_chart(comparison: Any, path: str | os.PathLike[str], *,
                     name: str = "cycle_time_working", scope: str = "process") -> Path:
    """A bar per scenario of a :class:`~probisnis.whatif.compare.Comparison`: the mean of
    ``name`` over its replications with the 95 % interval as an error bar."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from probisnis.sim.stats import t_interval

    per = comparison.per_replication
    per = per[(per["name"] == name) & (per["scope"] == scope)]
    means, lows, highs = [], [], []
    for label in comparison.labels:
        part = per[per["scenario"] == label]
        unit = str(part["unit"].iloc[0]) if len(part) else "s"
        mean, low, high = (display(name, unit, v, comparison.hours_per_day)
                           for v in t_interval(part["value"]))
        means.append(mean)
        lows.append(mean - low if math.isfinite(low) else 0.0)
        highs.append(high - mean if math.isfinite(high) else 0.0)
    fig, ax = plt.subplots(figsize=(7.5, 4.0), dpi=110)
    x = list(range(len(comparison.labels)))
    colors = ["#4c72b0"] + ["#dd8452"] * (len(x) - 1)
    ax.bar(x, means, yerr=[lows, highs], capsize=6, color=colors)
    ax.set_xticks(x, [_wrap(n) for n in comparison.names], fontsize=8)
    ax.set_ylabel(kpi_label(name))
    ax.set_title(f"{kpi_label(name)}: rata-rata dan selang 95%", fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    target = Path(path)
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", metadata={"Software": None})
        plt.close(fig)
    return target


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)
