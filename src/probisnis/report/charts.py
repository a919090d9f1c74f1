"""The report's charts, drawn with matplotlib (Agg) and returned as PNG bytes.

Labels in Bahasa Indonesia, decimal commas (matplotlib's ``axes.formatter.use_locale``
needs a system locale; a Babel formatter does it without one).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from probisnis.report.data import ReportData
from probisnis.report.fmt import number_id
from probisnis.report.tables import activity_table, pool_table

__all__ = ["CHARTS", "cycle_time_chart", "gantt_chart", "utilisation_chart",
           "waiting_chart", "wip_chart"]

_ID = FuncFormatter(lambda v, _pos: number_id(v, 0 if abs(v) >= 10 or v == int(v) else 1))
_COLOR = "#3b6ea5"


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _short(text: str, width: int = 45) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cycle_time_chart(data: ReportData) -> bytes | None:
    """Histogram of the calendar lead time of finished cases (days)."""
    c = data.cases[data.cases["status"] == "finished"]
    days = ((c["end"] - c["arrival"]) / 86400.0).dropna().to_numpy()
    if len(days) == 0:
        return None
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.hist(days, bins=min(30, max(5, len(days) // 4)), color=_COLOR, edgecolor="white")
    ax.axvline(float(np.mean(days)), color="#c0392b", linestyle="--",
               label=f"rata-rata {number_id(float(np.mean(days)))} hari")
    ax.set_xlabel("Waktu siklus (hari kalender)")
    ax.set_ylabel("Jumlah kasus")
    ax.xaxis.set_major_formatter(_ID)
    ax.legend()
    ax.set_title("Sebaran waktu siklus kasus yang selesai")
    return _png(fig)


def waiting_chart(data: ReportData, top: int = 15) -> bytes | None:
    """Mean waiting time by activity (working days), the longest first."""
    t = activity_table(data)
    if t.empty:
        return None
    t = t.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(t) + 1.2))
    ax.barh([_short(n) for n in t["Aktivitas"]], t["Waktu tunggu (hari kerja)"], color="#d35400",
            label="menunggu")
    ax.barh([_short(n) for n in t["Aktivitas"]], t["Waktu proses (hari kerja)"],
            left=t["Waktu tunggu (hari kerja)"], color="#95a5a6", label="dikerjakan")
    ax.set_xlabel("Rata-rata per kunjungan (hari kerja)")
    ax.xaxis.set_major_formatter(_ID)
    ax.legend(loc="lower right")
    ax.set_title("Waktu tunggu dan waktu proses per aktivitas")
    return _png(fig)


def utilisation_chart(data: ReportData) -> bytes | None:
    """Utilisation of each pool with its confidence interval (percent)."""
    t = pool_table(data).dropna(subset=["Utilisasi (%)"])
    if t.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(t) + 1.2))
    mean = t["Utilisasi (%)"].to_numpy()
    err = np.vstack([mean - t["Utilisasi IK 95% bawah (%)"].fillna(pd.Series(mean)).to_numpy(),
                     t["Utilisasi IK 95% atas (%)"].fillna(pd.Series(mean)).to_numpy() - mean])
    colors = ["#c0392b" if m >= 85 else "#e67e22" if m >= 70 else "#27ae60" for m in mean]
    ax.barh([_short(n, 35) for n in t["Kelompok pegawai"]], mean, xerr=np.clip(err, 0, None),
            color=colors, capsize=3)
    ax.set_xlim(0, max(100.0, float(np.nanmax(mean)) * 1.1))
    ax.axvline(85, color="#7f8c8d", linestyle=":")
    ax.set_xlabel("Utilisasi (%) dengan interval kepercayaan 95%")
    ax.xaxis.set_major_formatter(_ID)
    ax.set_title("Utilisasi per kelompok pegawai")
    return _png(fig)


def wip_chart(data: ReportData) -> bytes | None:
    """Cases in progress over time (calendar days since start), one line per replication."""
    c = data.cases
    if c.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for rep, group in c.groupby("replication"):
        ends = group["end"].fillna(np.inf).to_numpy()
        times = np.concatenate([group["arrival"].to_numpy(), ends[np.isfinite(ends)]])
        steps = np.concatenate([np.ones(len(group)), -np.ones(int(np.isfinite(ends).sum()))])
        order = np.argsort(times, kind="stable")
        ax.step(times[order] / 86400.0, np.cumsum(steps[order]), where="post", linewidth=1,
                label=f"replikasi {int(rep) + 1}")
    ax.set_xlabel("Hari kalender sejak mulai")
    ax.set_ylabel("Kasus dalam proses")
    ax.xaxis.set_major_formatter(_ID)
    if c["replication"].nunique() <= 6:
        ax.legend(fontsize=8)
    ax.set_title("Jumlah kasus dalam proses dari waktu ke waktu")
    return _png(fig)


def gantt_chart(data: ReportData, cases: int = 5) -> bytes | None:
    """Activities of the first few cases of replication 1 on a calendar time axis."""
    c = data.cases[data.cases["replication"] == data.cases["replication"].min()]
    ids = [int(i) for i in c.sort_values("arrival")["case_id"].head(cases)]
    log = data.log_of_cases(int(c["replication"].min()) if len(c) else 0, ids)
    if log.empty:
        return None
    start = pd.Timestamp(data.context.start)
    for col in ("enable", "start", "end"):  # sim seconds (Parquet) or datetimes (CSV)
        if pd.api.types.is_numeric_dtype(log[col]):
            log[col] = log[col].astype(float) / 86400.0
        else:
            log[col] = (pd.to_datetime(log[col]) - start).dt.total_seconds() / 86400.0
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(ids) + 1.5))
    for y, case in enumerate(ids):
        rows = log[log["case_id"] == case]
        for r in rows.itertuples():
            w, s, e = float(r.enable), float(r.start), float(r.end)
            if s > w:
                ax.barh(y, s - w, left=w, color="#f5cba7", height=0.5)
            ax.barh(y, max(e - s, 0.05), left=s, color=_COLOR, height=0.5)
    ax.set_yticks(range(len(ids)), [f"kasus {i}" for i in ids])
    ax.invert_yaxis()
    ax.set_xlabel("Hari kalender sejak mulai (biru: dikerjakan, oranye muda: menunggu)")
    ax.xaxis.set_major_formatter(_ID)
    ax.set_title(f"Gantt {len(ids)} kasus pertama (replikasi 1)")
    return _png(fig)


#: chart key -> (title in the report, function)
CHARTS = {
    "cycle_time": ("Sebaran waktu siklus", cycle_time_chart),
    "waiting": ("Waktu tunggu per aktivitas", waiting_chart),
    "utilisation": ("Utilisasi per kelompok pegawai", utilisation_chart),
    "wip": ("Kasus dalam proses dari waktu ke waktu", wip_chart),
    "gantt": ("Gantt kasus contoh", gantt_chart),
}
