"""What to write instead: the nearest known spelling of a misspelt key, id, choice or file
name (or the English key an Indonesian word stands for), the "mungkin maksudnya ...?" hint
that names it, and numbers as an Indonesian reader writes them.

The project's one did-you-mean: every refusal that guesses what was meant (scenario and
Prosimos readers, the run's library, the CLI's files and choices, ``report``'s folders, the
pytest plugin's steps) asks :func:`suggest` or :func:`suggest_file` and words the guess with
:func:`maksudnya`, so how alike a misspelling must be (:data:`CUTOFF`), that case does not
count, that an Indonesian word stands for its English key (:data:`SYNONYMS`) and how the hint
reads are decided here. It imports only :mod:`probisnis.errors` (which imports nothing of the
package), so the bare command line, the model layer and ``run`` use it without loading the
simulator.
"""

from __future__ import annotations

from collections.abc import Iterable

from probisnis.errors import Bilingual, say

__all__ = ["CUTOFF", "SHORT_CUTOFF", "SYNONYMS", "maksudnya", "ribu", "suggest", "suggest_file"]

#: how alike (difflib's ratio, case ignored) a misspelling and the spelling guessed for it
#: must be: one letter wrong, left out or doubled in a word of four letters or more
#: (``cout``/``count`` 0.89, ``JFPJ``/``JFJP`` 0.75), while two unrelated short words
#: sharing a letter or two (``mean``/``min`` 0.57, ``to``/``at`` 0.5) get no guess
CUTOFF = 0.7
#: the same for a word of three letters or fewer, where one letter wrong or two swapped is
#: already a ratio of 0.67 (``rnu``/``run``, ``sip``/``sop``)
SHORT_CUTOFF = 0.6


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
    """``word`` as spelt nearest among ``known`` (a misspelt key, id, choice or name, the
    same in other capitals, an Indonesian word for it: ``replikasi`` for ``replications``,
    or the first three letters or more of one name only), or ``""``."""
    import difflib

    lowered = {k.lower(): k for k in map(str, known)}
    if word.lower() in lowered:
        return lowered[word.lower()]
    same = SYNONYMS.get(word.lower().replace("-", "_").replace(" ", "_"))
    if same is not None and same.lower() in lowered:
        return lowered[same.lower()]
    cutoff = CUTOFF if len(word) > 3 else SHORT_CUTOFF
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    if close:
        return lowered[close[0]]
    # the beginning of one name only (a step written by its first word: "Mereviu")
    begun = [k for k in lowered if k.startswith(word.lower())] if len(word) >= 3 else []
    return lowered[begun[0]] if len(begun) == 1 else ""


def _stem(name: str) -> str:
    """``name`` without its extension (``.bpmn20.xml`` counting as one)."""
    lowered = name.lower()
    if lowered.endswith(".bpmn20.xml"):
        return name[: -len(".bpmn20.xml")]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def suggest_file(name: str, names: Iterable[str]) -> str:
    """The file among ``names`` (in one folder) whose name is nearest ``name``, or ``""``.

    Names are compared without their extensions: the candidates share the one asked for,
    which would make any two short names look alike (``m1.toml`` and ``m2.toml`` are 0.86
    alike, ``m1`` and ``m2`` 0.5), and ``name`` may have left it out or written another
    (``m5_pengawas.bpmn`` for ``m5_pengawas.toml``)."""
    stems: dict[str, str] = {}
    for n in sorted(names):
        stems.setdefault(_stem(n), n)
    near = suggest(_stem(name), stems)
    return stems[near] if near else ""


def maksudnya(near: str, *, quote: bool = True) -> Bilingual:
    """The hint appended to a refusal, ``"; mungkin maksudnya 'X'?"`` (in English
    ``"; did you mean 'X'?"``, printed under ``--lang en``), or ``""`` without a near
    spelling. ``near`` is written as the refusal writes what it refuses: an id, a value or a
    choice in quotes, a key or a path bare (``quote=False``)."""
    if not near:
        return say("", "")
    shown = repr(near) if quote else near
    return say(f"; mungkin maksudnya {shown}?", f"; did you mean {shown}?")
