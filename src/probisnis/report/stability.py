"""Is the run in a steady state? A verdict a reader can act on, with its reasons.

Two signs of a queue that grows without bound: a pool busy (nearly) all of its available
time, and cases that take ever longer the later they arrive. When the ``whatif`` package
provides its own stability check, :func:`stability_verdict` uses that instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from probisnis.report.data import ReportData
from probisnis.report.fmt import number_id, percent_id

__all__ = ["Verdict", "stability_verdict"]

#: utilisation above which waiting grows out of proportion (and at 100 % without bound)
BUSY = 0.95
#: ratio of the last third's mean lead time to the first third's that signals a trend
TREND = 1.5


@dataclass(frozen=True)
class Verdict:
    """``level``: ``stabil``, ``waspada`` or ``tidak stabil``; ``reasons`` in Bahasa Indonesia."""

    level: str
    reasons: tuple[str, ...]


def _trend_ratios(data: ReportData) -> list[float]:
    ratios = []
    c = data.cases[data.cases["status"] == "finished"]
    for _, group in c.groupby("replication"):
        g = group.sort_values("arrival", kind="stable")
        lead = (g["end"] - g["arrival"]).to_numpy(dtype=float)
        third = len(lead) // 3
        if third < 3:
            continue
        first, last = float(np.mean(lead[:third])), float(np.mean(lead[-third:]))
        if first > 0:
            ratios.append(last / first)
    return ratios


def stability_verdict(data: ReportData) -> Verdict:
    """The verdict for one run: the one the simulation recorded (``probisnis.whatif``'s
    offered load and work-in-progress check) when there is one, else utilisation of every
    pool and the lead-time trend by arrival."""
    if data.context.stable is not None:
        level = "stabil" if data.context.stable else "tidak stabil"
        # the recorded sentences start with the level ("stabil: ..."), which the verdict
        # already shows: not twice
        said = tuple(r[len(level) + 1:].strip() if r.lower().startswith(level + ":") else r
                     for r in data.context.stability)
        return Verdict(level, said or ("tidak ada temuan",))
    reasons: list[str] = []
    level = "stabil"
    util = data.kpis[data.kpis["name"] == "utilization"]
    names = data.context.pool_names()
    for r in util.itertuples():
        if float(r.mean) >= BUSY:
            level = "tidak stabil"
            reasons.append(f"{names.get(str(r.scope), r.scope)} sibuk {percent_id(r.mean)} dari "
                           "waktu tersedianya: antrean di depannya terus bertambah")
        elif np.isfinite(r.ci_high) and float(r.ci_high) >= BUSY:
            level = "waspada" if level == "stabil" else level
            reasons.append(f"{names.get(str(r.scope), r.scope)}: utilisasi {percent_id(r.mean)},"
                           " batas atas interval kepercayaan "
                           f"{percent_id(min(1.0, float(r.ci_high)))}")
    ratios = _trend_ratios(data)
    if ratios:
        rising = [x for x in ratios if x > TREND]
        if len(rising) * 2 > len(ratios):
            level = "tidak stabil"
            reasons.append("kasus yang datang belakangan selesai jauh lebih lama: sepertiga "
                           f"terakhir {number_id(float(np.median(ratios)), 1)} kali sepertiga "
                           "pertama (median antar replikasi)")
    if not reasons:
        reasons.append("tidak ada kelompok pegawai yang sibuk >= "
                       f"{percent_id(BUSY, 0)} dan waktu siklus tidak memanjang "
                       "seiring waktu kedatangan")
    return Verdict(level, tuple(reasons))
