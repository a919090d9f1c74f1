"""What to write instead: the nearest known spelling of a misspelt key or id (or the
English key an Indonesian word stands for), and numbers as an Indonesian reader writes them.

Used by the readers of simulation inputs (:mod:`probisnis.sim.keyed` and the modules that
check a scenario against its model) for their "mungkin maksudnya ...?" hints; it imports
nothing of the package, so the model layer may use it too.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SYNONYMS", "maksudnya", "ribu", "suggest"]


def ribu(n: float) -> str:
    """A whole number with Indonesian thousands dots (``100.000``)."""
    return f"{n:,.0f}".replace(",", ".")


#: Indonesian words a person may write for an English key or value
SYNONYMS = {
    "replikasi": "replications", "ulangan": "replications", "kasus": "cases",
    "jumlah_kasus": "cases", "mulai": "start", "awal": "start", "benih": "seed",
    "jam_per_hari": "hours_per_day", "kalender": "calendar", "kedatangan": "arrivals",
    "sumber_daya": "resources", "pegawai": "resources", "tugas": "tasks", "gerbang": "gateways",
    "atribut": "attributes", "nama": "name", "jumlah": "count", "orang": "count",
    "lajur": "lanes", "biaya": "cost_per_hour", "biaya_per_jam": "cost_per_hour",
    "ketersediaan": "availability", "durasi": "duration", "lama": "duration",
    "prioritas": "priority", "pool": "resource", "sumber": "resource", "libur": "holidays",
    "hari_libur": "holidays", "tanggal_libur": "extra_closed", "libur_tambahan": "extra_closed",
    "mingguan": "weekly", "jam_kerja": "weekly", "hari": "days", "dari": "from",
    "sampai": "to", "hingga": "to", "nilai": "values", "peluang": "probabilities",
    "probabilitas": "probabilities", "rata_rata": "mean", "rerata": "mean", "satuan": "unit",
    "distribusi": "dist", "sebaran": "dist", "tetap": "fixed", "seragam": "uniform",
    "segitiga": "triangular", "eksponensial": "exponential", "lognormal": "lognormal",
    "empiris": "empirical", "per_bulan": "month", "bulan": "month", "tahun": "year",
    "minggu": "week", "pekan": "week", "hari_kerja": "d", "jam": "h", "menit": "min",
    "detik": "s", "laju": "rate", "ukuran": "size", "pada": "at", "batas_kunjungan":
    "max_visits", "pemanasan": "warmup_cases", "model_bpmn": "model", "proses": "process",
    "pustaka": "library", "prioritas_kasus": "case_priority", "jika": "when", "bila": "when",
    "syarat": "when", "kondisi": "when",
}


def suggest(word: str, known: Iterable[str]) -> str:
    """``word`` as spelt nearest among ``known`` (a misspelt key or id, or an Indonesian
    word for it: ``replikasi`` for ``replications``), or ``""``."""
    import difflib

    lowered = {k.lower(): k for k in map(str, known)}
    if word.lower() in lowered:
        return lowered[word.lower()]
    same = SYNONYMS.get(word.lower().replace("-", "_").replace(" ", "_"))
    if same is not None and same.lower() in lowered:
        return lowered[same.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.7)
    return lowered[close[0]] if close else ""


def maksudnya(near: str) -> str:
    """The hint appended to a refusal: ``"; mungkin maksudnya 'X'?"``, or ``""`` without
    a near spelling."""
    return f"; mungkin maksudnya {near!r}?" if near else ""
