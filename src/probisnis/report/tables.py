"""The report's tables as DataFrames in the reader's units, headers in Bahasa Indonesia.

Working-time KPIs (``*_working``, working seconds) become *hari kerja* (the scenario's
``hours_per_day`` each) and *jam*; fractions become percent; sim seconds become dates.
Excel (:mod:`probisnis.report.excel`) and HTML (:mod:`probisnis.report.html`) both show these.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from probisnis.report.data import ReportData

__all__ = ["activity_table", "case_table", "kpi_table", "pool_table"]

#: process-level KPI -> (label with unit, scale kind)
PROCESS_KPIS: tuple[tuple[str, str, str], ...] = (
    ("cycle_time_working", "Waktu siklus (hari kerja)", "day"),
    ("cycle_time_working", "Waktu siklus (jam kerja)", "hour"),
    ("cycle_time", "Waktu siklus kalender (hari)", "calendar_day"),
    ("cost", "Biaya per kasus (Rp)", "one"),
    ("throughput", "Keluaran (kasus selesai per hari)", "one"),
    ("wip", "Kasus dalam proses (rata-rata)", "one"),
)


def _scale(kind: str, hours_per_day: float) -> float:
    return {"day": 1.0 / (hours_per_day * 3600.0), "hour": 1.0 / 3600.0,
            "calendar_day": 1.0 / 86400.0, "percent": 100.0, "one": 1.0}[kind]


def kpi_table(data: ReportData) -> pd.DataFrame:
    """Process KPIs: Indikator, Rata-rata, Batas bawah / atas IK 95 % (same unit)."""
    rows = []
    hpd = data.context.hours_per_day
    for name, label, kind in PROCESS_KPIS:
        mean, low, high = data.value(name)
        if not np.isfinite(mean):
            continue
        k = _scale(kind, hpd)
        # none of these can be negative: a normal-theory interval of few replications can
        low = max(low, 0.0)
        rows.append({"Indikator": label, "Rata-rata": mean * k,
                     "Batas bawah IK 95%": low * k if np.isfinite(low) else np.nan,
                     "Batas atas IK 95%": high * k if np.isfinite(high) else np.nan,
                     "Kode KPI": name})
    return pd.DataFrame(rows, columns=["Indikator", "Rata-rata", "Batas bawah IK 95%",
                                       "Batas atas IK 95%", "Kode KPI"])


def _pivot(data: ReportData, names: tuple[str, ...]) -> pd.DataFrame:
    k = data.kpis[data.kpis["name"].isin(names)]
    return k.pivot_table(index="scope", columns="name", values="mean", aggfunc="first")


def activity_table(data: ReportData) -> pd.DataFrame:
    """One row per activity: waiting and processing in working days and hours, by lane."""
    hpd = data.context.hours_per_day
    names = ("waiting_time_working", "processing_time_working", "waiting_time",
             "processing_time")
    wide = _pivot(data, names)
    ci = data.kpis[data.kpis["name"] == "waiting_time_working"].set_index("scope")
    tasks = {t.id: t for t in data.context.tasks}
    lanes = data.context.lanes
    rows = []
    for scope, row in wide.iterrows():
        t = tasks.get(str(scope))
        wait = row.get("waiting_time_working", np.nan)
        proc = row.get("processing_time_working", np.nan)
        half = np.nan
        if str(scope) in ci.index:
            lo, hi = ci.loc[str(scope), "ci_low"], ci.loc[str(scope), "ci_high"]
            if np.isfinite(lo) and np.isfinite(hi):
                half = (hi - lo) / 2 / (hpd * 3600.0)
        rows.append({
            "ID aktivitas": str(scope),
            "Aktivitas": t.name if t else str(scope),
            "Tahap": t.phase if t else "",
            "Pelaksana": lanes.get(t.lane, t.lane) if t and t.lane else "",
            "Waktu tunggu (hari kerja)": wait / (hpd * 3600.0),
            "± IK 95% tunggu (hari kerja)": half,
            "Waktu tunggu (jam kerja)": wait / 3600.0,
            "Waktu proses (hari kerja)": proc / (hpd * 3600.0),
            "Waktu proses (jam kerja)": proc / 3600.0,
            "Waktu tunggu kalender (hari)": row.get("waiting_time", np.nan) / 86400.0,
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    if not frame["Tahap"].astype(bool).any():  # results written before phases were recorded
        frame = frame.drop(columns="Tahap")
    return frame.sort_values("Waktu tunggu (hari kerja)", ascending=False,
                             kind="stable").reset_index(drop=True)


def pool_table(data: ReportData) -> pd.DataFrame:
    """One row per pool: people, availability, utilisation (mean and CI) and queue length."""
    util = data.kpis[data.kpis["name"] == "utilization"].set_index("scope")
    queue = data.kpis[data.kpis["name"] == "queue_length"].set_index("scope")
    rows = []
    pools = {p.id: p for p in data.context.pools}
    for pid in dict.fromkeys([*pools, *util.index.astype(str)]):
        p = pools.get(pid)
        u = util.loc[pid] if pid in util.index else None
        rows.append({
            "ID": pid,
            "Kelompok pegawai": p.name if p else pid,
            "Jumlah orang": p.count if p else np.nan,
            "Porsi waktu (%)": 100.0 * p.availability if p else np.nan,
            "Utilisasi (%)": 100.0 * float(u["mean"]) if u is not None else np.nan,
            # a utilisation lies in [0, 100] %: so does its interval
            "Utilisasi IK 95% bawah (%)": 100.0 * min(1.0, max(0.0, float(u["ci_low"])))
            if u is not None else np.nan,
            "Utilisasi IK 95% atas (%)": 100.0 * min(1.0, max(0.0, float(u["ci_high"])))
            if u is not None else np.nan,
            "Antrean rata-rata (pekerjaan)": float(queue.loc[pid, "mean"])
            if pid in queue.index else np.nan,
            "Biaya per jam (Rp)": p.cost_per_hour if p else np.nan,
        })
    return pd.DataFrame(rows)


def case_table(data: ReportData) -> pd.DataFrame:
    """One row per case: arrival and end as datetimes, calendar lead time in days."""
    c = data.cases
    start = pd.Timestamp(data.context.start)
    arrival = start + pd.to_timedelta(c["arrival"].astype(float), unit="s")
    end = pd.to_datetime([start + timedelta(seconds=float(e)) if pd.notna(e) else pd.NaT
                          for e in c["end"]])
    return pd.DataFrame({
        "Replikasi": c["replication"].astype(int) + 1,
        "Kasus": c["case_id"].astype(int),
        "Datang": arrival,
        "Selesai": end,
        "Waktu siklus kalender (hari)": (c["end"].astype(float) - c["arrival"].astype(float))
        / 86400.0,
        "Status": c["status"].map({"finished": "selesai"}).fillna(c["status"].astype(str)),
    })
