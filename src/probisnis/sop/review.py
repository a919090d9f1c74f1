"""``probisnis review``: what an analyst checks in a process model or an SOP table.

Findings (:class:`~probisnis.validate.Finding`, printed ``path:line: [id] rule: message``):

- structural: every ``probisnis validate`` finding of a BPMN file;
- SOP format (table :data:`SOP_RULES`): decisions with a question and Ya/Tidak-labelled
  branches, one Pelaksana per row, Mutu Baku (Kelengkapan, Waktu, Output) filled, the identity
  part complete, activities written as active verbs, posts that no longer exist after the
  penyederhanaan birokrasi (Kepala Seksi, Kasubbag...), constructs the SOP had to flatten,
  later start rows whose Keterangan does not say what starts them (``sop.mulai``);
- lead time: the simulated mean working lead time against the sum of the SOP's stated
  Waktu along its main path (with a scenario).

:func:`review_html` writes the findings with the PermenPAN 35/2012 evaluation checklist as a
form to fill in.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from probisnis.sop.model import Sop
from probisnis.sop.waktu import format_waktu
from probisnis.validate import Finding

if TYPE_CHECKING:
    from probisnis.sim.scenario import Scenario

__all__ = ["CHECKLIST", "OLD_POSTS", "SOP_RULES", "Reviewed", "lead_time_finding",
           "main_path_waktu", "review_sop", "sop_findings"]

#: posts removed by the penyederhanaan birokrasi (former echelon IV): pattern -> name
OLD_POSTS: dict[str, str] = {
    r"\bkepala\s+seksi\b|\bkasi\b": "Kepala Seksi",
    r"\bkepala\s+sub\s*-?\s*bagian\b|\bkasubbag\b|\bkasubag\b": "Kepala Subbagian (Kasubbag)",
    r"\bkepala\s+sub\s*-?\s*bidang\b|\bkasubbid\b": "Kepala Subbidang (Kasubbid)",
    r"\bkepala\s+sub\s*-?\s*seksi\b": "Kepala Subseksi",
    r"\beselon\s+(iv|4)\b": "pejabat eselon IV",
}

#: the evaluation criteria of an SOP AP (PermenPAN 35/2012, as used in practice)
CHECKLIST = (
    "Mampu mendorong peningkatan kinerja",
    "Mudah dipahami",
    "Mudah dilaksanakan",
    "Semua orang dapat menjalankan perannya masing-masing",
    "Mampu mengatasi permasalahan yang berkaitan dengan proses",
    "Mampu menjawab kebutuhan peningkatan kinerja",
    "Sistem berjalan sinergi satu dengan lainnya",
)

_VERB = re.compile(r"^(me|ber|ter|di)[a-z]", re.IGNORECASE)


@dataclass(frozen=True)
class Reviewed:
    """One reviewed SOP: where it came from, the SOP, and its findings."""

    path: str
    sop: Sop
    findings: tuple[Finding, ...]


def _f(path: str, step_line: int | None, element: str | None, rule: str, message: str,
       severity: str = "warning") -> Finding:
    return Finding(path, step_line, element or None, rule, message,
                   severity="error" if severity == "error" else "warning")


def _decisions(path: str, sop: Sop) -> Iterator[Finding]:
    for s in sop.steps:
        if s.kind != "keputusan":
            continue
        if not s.kegiatan.strip() or s.kegiatan == s.element_id:
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.keputusan",
                     f"No {s.no}: keputusan tanpa pertanyaan")
        if "(tanpa label)" in s.keterangan:
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.keputusan",
                     f"No {s.no}: cabang keputusan tanpa label Ya/Tidak")
        if "cabang lain:" in s.keterangan:
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.keputusan",
                     f"No {s.no}: lebih dari dua cabang; SOP hanya mengenal Ya/Tidak")


def _pelaksana(path: str, sop: Sop) -> Iterator[Finding]:
    for s in sop.steps:
        if s.kind in ("kegiatan", "keputusan") and not s.pelaksana:
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.pelaksana",
                     f"No {s.no}: tanpa Pelaksana (tidak berada di lajur mana pun)")
        elif re.search(r"[,;&+]|\s/\s", s.pelaksana):
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.pelaksana",
                     f"No {s.no}: lebih dari satu Pelaksana ({s.pelaksana}); satu baris "
                     "satu Pelaksana")


def _mutu_baku(path: str, sop: Sop) -> Iterator[Finding]:
    for s in sop.steps:
        if s.kind != "kegiatan":
            continue
        empty = [name for name, value in (("Kelengkapan", s.kelengkapan),
                                          ("Waktu", s.waktu), ("Output", s.output))
                 if not value]
        if empty:
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.mutu-baku",
                     f"No {s.no} {s.kegiatan}: Mutu Baku belum diisi: {', '.join(empty)}")


def _identity(path: str, sop: Sop) -> Iterator[Finding]:
    missing = sop.identity.missing()
    if missing:
        yield _f(path, None, sop.process_id or None, "sop.identitas",
                 "identitas SOP belum lengkap: " + ", ".join(missing))


def _verbs(path: str, sop: Sop) -> Iterator[Finding]:
    for s in sop.steps:
        if s.kind == "kegiatan" and not _VERB.match(s.kegiatan):
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.kegiatan",
                     f"No {s.no}: kegiatan sebaiknya kata kerja aktif tanpa subjek "
                     f"(\"Menyusun ...\"), tertulis \"{s.kegiatan}\"")


def _old_posts(path: str, sop: Sop) -> Iterator[Finding]:
    texts = [(s, f"{s.pelaksana} | {s.kegiatan} | {s.keterangan}") for s in sop.steps]
    for s, text in texts:
        for pattern, name in OLD_POSTS.items():
            if re.search(pattern, text, re.IGNORECASE):
                yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.jabatan",
                         f"No {s.no}: {name} tidak ada lagi setelah penyederhanaan birokrasi "
                         "(jabatan eselon IV dialihkan ke jabatan fungsional; Perwali 88/2024 "
                         "Lampiran I): tulis Pejabat Fungsional/Ketua Tim/Pimpinan Unit",
                         severity="error")


def _flattened(path: str, sop: Sop) -> Iterator[Finding]:
    marks = ("bersamaan", "menunggu waktu", "pesan:", "menunggu semua", "satu atau lebih")
    for s in sop.steps:
        if any(m in s.keterangan for m in marks):
            yield _f(path, s.line, s.element_id or f"No {s.no}", "sop.disederhanakan",
                     f"No {s.no}: tidak ada simbol SOP untuk cabang sejajar, pilihan dan/atau, "
                     "timer atau pesan; "
                     f"ditulis di Keterangan: {s.keterangan}")


def _starts(path: str, sop: Sop) -> Iterator[Finding]:
    """A later mulai row whose Keterangan does not say what starts it: imported, it is a
    start no run or simulation triggers (:mod:`probisnis.sop.starts`)."""
    from probisnis.sop.to_bpmn import start_triggers

    for no, trigger in start_triggers(sop).items():
        if trigger.problem:
            s = sop.step(no)
            yield _f(path, s.line, s.element_id or f"No {no}", "sop.mulai", trigger.problem)


#: rule name -> the check (each yields findings for one SOP)
SOP_RULES: dict[str, Callable[[str, Sop], Iterator[Finding]]] = {
    "sop.keputusan": _decisions,
    "sop.pelaksana": _pelaksana,
    "sop.mutu-baku": _mutu_baku,
    "sop.identitas": _identity,
    "sop.kegiatan": _verbs,
    "sop.jabatan": _old_posts,
    "sop.disederhanakan": _flattened,
    "sop.mulai": _starts,
}


def sop_findings(path: str, sop: Sop) -> list[Finding]:
    """Every SOP-format finding of ``sop`` (read from ``path``)."""
    return [f for check in SOP_RULES.values() for f in check(path, sop)]


def main_path_waktu(sop: Sop) -> float | None:
    """The stated Waktu summed along the main path: from the start, next or Ya, each row once."""
    total, seen = 0.0, set()
    no: int | None = 1
    stated = False
    while no is not None and no not in seen and 1 <= no <= len(sop.steps):
        seen.add(no)
        s = sop.step(no)
        if s.waktu is not None:
            total += s.waktu
            stated = True
        no = s.ya if s.kind == "keputusan" else s.next
    return total if stated else None


def lead_time_finding(path: str, sop: Sop, scenario: Scenario, *, cases: int = 200,
                      replications: int = 3) -> Finding | None:
    """Simulated mean working lead time of ``scenario`` against :func:`main_path_waktu`."""
    stated = main_path_waktu(sop)
    if stated is None:
        return _f(path, None, sop.process_id or None, "sop.waktu",
                  "tidak ada Waktu di SOP: waktu penyelesaian tidak dapat dibandingkan")
    from probisnis.sim.kpis import kpis, parallel_batches_of
    from probisnis.sim.runner import simulate
    from probisnis.sim.stats import summarize

    result = simulate(scenario, cases=cases, replications=replications)
    horizons = dict(enumerate(result.ends)) if result.ends else result.horizon
    table = summarize(kpis(result.log, result.cases, result.resources,
                           calendars=dict(result.calendars),
                           process_calendar=result.process_calendar, horizon=horizons,
                           parallel_batches=parallel_batches_of(result)))
    row = table[(table["name"] == "cycle_time_working") & (table["scope"] == "process")]
    if row.empty:
        return None
    mean = float(row["mean"].iloc[0])
    hpd = sop.hours_per_day
    text = (f"waktu penyelesaian hasil simulasi {format_waktu(mean, hpd)} (rata-rata, "
            f"{replications} replikasi x {cases} kasus) dibanding jumlah Waktu SOP pada jalur "
            f"utama {format_waktu(stated, hpd)}")
    if mean > 1.1 * stated:
        return _f(path, None, sop.process_id or None, "sop.waktu",
                  text + ": lebih lama, karena menunggu pelaksana yang sibuk dan putaran "
                  "perbaikan; Waktu SOP terlalu optimistis atau pelaksana kurang")
    if mean < 0.9 * stated:
        return _f(path, None, sop.process_id or None, "sop.waktu",
                  text + ": lebih singkat (sebagian kasus tidak melewati semua langkah jalur "
                  "utama)", severity="warning")
    return _f(path, None, sop.process_id or None, "sop.waktu", text + ": sesuai")


def review_sop(path: str | os.PathLike[str], sop: Sop) -> Reviewed:
    """The SOP-format findings of one SOP."""
    return Reviewed(str(path), sop, tuple(sop_findings(str(path), sop)))

