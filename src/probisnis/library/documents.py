"""The documents each task needs and yields (SOP *Kelengkapan* and *Output*), from the text.

An SOP AP (PermenPAN 35/2012) lists, per activity, its input documents (Kelengkapan) and
its output. The regulation names them (perjanjian kinerja, rencana pelaksanaan kegiatan dan
anggaran, surat permohonan pelibatan, surat penugasan, hasil pelaksanaan kegiatan,
laporan...). :data:`TASK_DOCUMENTS` says which task handles which document and the phrase
that names it in the text; the clause is *found* in ``clauses.tsv`` (first sentence of the
stated clause group whose text contains the phrase), never typed by hand, so each entry
cites the sentence that names the document. A document whose phrase the text does not
have for some mechanism is left out for that mechanism, not invented.

The builder's hook (:func:`with_documents`, called by
:meth:`probisnis.library.builder.ProcessBuilder.build`) writes them into each task's
documentation as ``Kelengkapan: <name> [<clause id>]`` and ``Output: ...`` lines, where the
SOP export (:mod:`probisnis.sop`) reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from probisnis.library.clauses import clauses

__all__ = ["INPUT", "OUTPUT", "TASK_DOCUMENTS", "Document", "documents_of", "with_documents"]

INPUT = "Kelengkapan"
OUTPUT = "Output"


@dataclass(frozen=True)
class Document:
    """A document named in the text: its name, the clause naming it, input or output."""

    name: str
    clause: str
    role: str  # INPUT or OUTPUT


#: (name, phrase in the text, clause group): ``{n}`` is the mechanism number of the task,
#: the group is a clause-id prefix searched in order
PK = ("Perjanjian kinerja", "perjanjian kinerja", "D{n}.a.")
RENCANA = ("Rencana pelaksanaan kegiatan dan anggaran", "rencana pelaksanaan kegiatan",
           "D{n}.a.")
RENCANA_B = ("Rencana pelaksanaan kegiatan dan anggaran",
             r"(rencana pelaksanaan kegiatan|kegiatan dan anggaran yang telah disusun)", "D{n}.b.")
RINCIAN = ("Rincian pelaksanaan kegiatan dan anggaran", "rincian pelaksanaan", "D{n}.b.")
HASIL_B = ("Hasil pelaksanaan kegiatan", "hasil pelaksanaan kegiatan", "D{n}.b.")
HASIL_C = ("Hasil pelaksanaan kegiatan", "hasil pelaksanaan kegiatan", "D{n}.c.")
HASIL_KEMBALI = ("Hasil pelaksanaan kegiatan yang dikembalikan", "dikembalikan", "D{n}.c.")
RENCANA_HASIL = ("Rencana hasil kerja", "rencana hasil kerja", "D{n}.a.")
PERMOHONAN_1B = ("Surat permohonan pelibatan JF/JP", "surat permohonan pelibatan", "B2.1b.")
PENUGASAN_1B = ("Surat penugasan", r"surat penugasan|penugasan", "B2.1b.")
JAWABAN_1B = ("Surat jawaban penolakan beserta alasan", r"alasan", "B2.1b.")
PERMOHONAN_2B = ("Surat permohonan untuk dilibatkan", "surat permohonan", "B2.2b.")
PENUGASAN_2A = ("Surat penugasan", "surat penugasan", "B2.2a.")
PENUGASAN_2B = ("Surat penugasan", "surat penugasan", "B2.2b.")
LAPORAN_INDIVIDU = ("Laporan pelaksanaan tugas", "melaporkan pelaksanaan tugas", "B3.p.1")
LAPORAN_ANGGOTA = ("Laporan pelaksanaan tugas Anggota Tim", "melaporkan pelaksanaan tugas",
                   "B3.p.2")
LAPORAN_TIM = ("Laporan pelaksanaan tugas Tim Kerja", "melaporkan pelaksanaan tugas Tim Kerja",
               "B3.p.3")

#: task id pattern (``{n}``: mechanism 1-6) -> (Kelengkapan, Output)
TASK_DOCUMENTS: dict[str, tuple[tuple[tuple[str, str, str], ...],
                                tuple[tuple[str, str, str], ...]]] = {
    "M{n}a_susun_pk": ((), (PK,)),
    "M{n}a_rencana_hasil_kerja_asisten": ((PK,), (RENCANA_HASIL,)),
    "M{n}a_tunjuk_kabag": ((PK,), ()),
    "M{n}a_bagi_tanggung_jawab": ((PK,), ()),
    "M{n}a_susun_rencana": ((), (RENCANA,)),
    "M{n}b_susun_rincian": ((RENCANA_B,), (RINCIAN,)),
    "M{n}b_laksanakan": ((RINCIAN,), (HASIL_B,)),
    "M{n}b_sampaikan_ketua": ((HASIL_B,), (HASIL_B,)),
    "M{n}b_sampaikan_individu": ((HASIL_B,), (HASIL_B,)),
    "M{n}c_tinjau_\\w+": ((HASIL_C,), ()),
    "M{n}c_sesuaikan": ((HASIL_KEMBALI,), (HASIL_C,)),
    "PG1b_kirim_permohonan": ((), (PERMOHONAN_1B,)),
    "PG1b_proses": ((PERMOHONAN_1B,), ()),
    "PG1b_susun_surat": ((), (PENUGASAN_1B,)),
    "PG1b_jawab_tolak": ((PERMOHONAN_1B,), (JAWABAN_1B,)),
    "PG1b_terima": ((PENUGASAN_1B,), ()),
    "PG2a_terima": ((PENUGASAN_2A,), ()),
    "PG2b_kirim_permohonan": ((), (PERMOHONAN_2B,)),
    "PG2b_terima": ((PENUGASAN_2B,), ()),
    "PJ_lapor_individu": ((), (LAPORAN_INDIVIDU,)),
    "PJ_lapor_anggota": ((), (LAPORAN_ANGGOTA,)),
    "PJ_lapor_ketua": ((), (LAPORAN_TIM,)),
}

_PATTERNS = [(re.compile("^" + k.replace("{n}", "(?P<n>[1-6])") + "$"), v)
             for k, v in TASK_DOCUMENTS.items()]


@cache
def _find(phrase: str, group: str) -> str | None:
    """The first clause id starting with ``group`` whose text contains ``phrase``."""
    pattern = re.compile(phrase, re.IGNORECASE)
    for cid, c in clauses().items():
        if (cid == group or cid.startswith(group)) and pattern.search(c.text):
            return cid
    return None


def documents_of(task_id: str) -> tuple[Document, ...]:
    """The documents of ``task_id`` (Kelengkapan first), each citing the clause naming it."""
    for pattern, (inputs, outputs) in _PATTERNS:
        m = pattern.match(task_id)
        if not m:
            continue
        n = m.groupdict().get("n") or ""
        found = []
        for role, specs in ((INPUT, inputs), (OUTPUT, outputs)):
            for name, phrase, group in specs:
                cid = _find(phrase, group.replace("{n}", n))
                if cid is not None:
                    found.append(Document(name, cid, role))
        return tuple(found)
    return ()


def documents_text(documents: tuple[Document, ...]) -> str:
    """``Kelengkapan: a [id]; b [id]`` and ``Output: ...`` lines (empty roles left out)."""
    lines = []
    for role in (INPUT, OUTPUT):
        docs = [f"{d.name} [{d.clause}]" for d in documents if d.role == role]
        if docs:
            lines.append(f"{role}: " + "; ".join(docs))
    return "\n".join(lines)


def with_documents(node_id: str, documentation: str) -> str:
    """``documentation`` of a task with its documents appended (unchanged if it has none)."""
    text = documents_text(documents_of(node_id))
    if not text or text in documentation:
        return documentation
    return f"{documentation}\n{text}" if documentation else text
