"""The documents each task needs and yields (SOP *Kelengkapan* and *Output*), from the text.

An SOP AP (PermenPAN 35/2012) lists, per activity, its input documents (Kelengkapan) and
its output. The regulation names them (perjanjian kinerja, rencana pelaksanaan kegiatan dan
anggaran, surat permohonan pelibatan, surat penugasan, hasil pelaksanaan kegiatan,
laporan...). :data:`TASK_DOCUMENTS` says which task handles which document and the phrase
that names it in the text; the clause is *found* in ``clauses.tsv`` (first sentence of the
stated clause group whose text contains the phrase), never typed by hand, so each entry
cites the sentence that names the document. A document whose phrase the text does not
have for some mechanism is left out for that mechanism, not invented.

The builder's hooks, called by :meth:`probisnis.library.builder.ProcessBuilder.build`:
:func:`with_documents` writes them into each task's documentation as
``Kelengkapan: <name> [<clause id>]`` and ``Output: ...`` lines, where the SOP export
(:mod:`probisnis.sop`) reads them; :func:`document_data` makes them BPMN data: one
``dataObject`` and one ``dataObjectReference`` per document per process (citing the clauses
that name it), a ``dataInputAssociation`` from the reference to each task that needs it and a
``dataOutputAssociation`` from each task that yields it. A document one task yields and the
next needs is one reference, so the diagram shows it passing from task to task.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from probisnis.bpmn.model import DataAssociation, DataElement, Source
from probisnis.library.clauses import citation, clauses

__all__ = [
    "INPUT",
    "OUTPUT",
    "TASK_DOCUMENTS",
    "Document",
    "document_data",
    "documents_of",
    "with_documents",
]

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


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def document_data(
    process_id: str, task_ids: Iterable[str], source: Source,
    documents: Callable[[str], Sequence[Document]] | None = None,
) -> tuple[tuple[DataElement, ...], dict[str, tuple[DataAssociation, ...]]]:
    """The documents of a process's tasks as BPMN data.

    Returns the data elements (a ``dataObject`` then its ``dataObjectReference``, per
    document in order of first use) and, per task id with documents, its data input
    associations (reference -> a ``property`` of the task) then output associations
    (task -> reference). Ids: ``<process>_dok_<name>`` (the reference; its object adds
    ``_obj``), ``<task>_in_<name>``/``<task>_out_<name>`` (associations).
    ``documents`` gives a task's documents (default :func:`documents_of`, the regulation's
    table; an imported SOP passes its own Kelengkapan/Output, whose clause may be empty).
    """
    documents = documents or documents_of
    used: dict[str, list[str]] = {}  # reference id -> clause ids naming the document
    names: dict[str, str] = {}
    associations: dict[str, tuple[DataAssociation, ...]] = {}
    for task_id in task_ids:
        docs = documents(task_id)
        if not docs:
            continue
        inputs: list[DataAssociation] = []
        outputs: list[DataAssociation] = []
        for doc in docs:
            slug = _slug(doc.name)
            ref_id = f"{process_id}_dok_{slug}"
            names.setdefault(ref_id, doc.name)
            cites = used.setdefault(ref_id, [])
            if doc.clause and doc.clause not in cites:
                cites.append(doc.clause)
            if doc.role == INPUT:
                ident = f"{task_id}_in_{slug}"
                inputs.append(DataAssociation(
                    ident, "dataInputAssociation", source, ref_id, f"{ident}_target"))
            else:
                ident = f"{task_id}_out_{slug}"
                outputs.append(DataAssociation(
                    ident, "dataOutputAssociation", source, None, ref_id))
        associations[task_id] = (*inputs, *outputs)
    data: list[DataElement] = []
    for ref_id, cites in used.items():
        text = "\n".join(citation(c) for c in cites)
        data.append(DataElement(f"{ref_id}_obj", "dataObject", source, names[ref_id]))
        data.append(DataElement(ref_id, "dataObjectReference", source, names[ref_id],
                                f"{ref_id}_obj", text))
    return tuple(data), associations
