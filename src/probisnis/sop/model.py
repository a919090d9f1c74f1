"""An SOP AP (PermenPAN 35/2012) as data: the identity part and the flowchart rows.

The same :class:`Sop` comes from a BPMN process (:mod:`probisnis.sop.from_bpmn`) or from a
table (:mod:`probisnis.sop.table`), and goes out as HTML, Excel or BPMN. Fields the source
cannot know stay empty strings: the documents show them as visibly empty, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["IDENTITY_FIELDS", "KINDS", "Sop", "SopIdentity", "SopStep"]

#: row kind -> its SOP symbol (the five symbols: capsule, rectangle, diamond, arrow, pentagon)
KINDS: dict[str, str] = {
    "mulai": "kapsul",
    "kegiatan": "persegi panjang",
    "keputusan": "belah ketupat",
    "selesai": "kapsul",
}

#: identity field -> its heading in the SOP (PermenPAN 35/2012 identity part)
IDENTITY_FIELDS: dict[str, str] = {
    "unit": "Unit kerja",
    "nomor": "Nomor SOP",
    "tanggal_pembuatan": "Tanggal Pembuatan",
    "tanggal_revisi": "Tanggal Revisi",
    "tanggal_efektif": "Tanggal Efektif",
    "pengesahan": "Disahkan oleh (jabatan, nama, NIP)",
    "judul": "Judul SOP",
    "dasar_hukum": "Dasar Hukum",
    "kualifikasi": "Kualifikasi Pelaksana",
    "keterkaitan": "Keterkaitan",
    "peralatan": "Peralatan/Perlengkapan",
    "peringatan": "Peringatan",
    "pencatatan": "Pencatatan dan Pendataan",
    "pelaksana": "Pelaksana",
}


@dataclass(frozen=True)
class SopIdentity:
    """The identity part; empty string = not known from the source (left visibly empty)."""

    unit: str = ""
    nomor: str = ""
    tanggal_pembuatan: str = ""
    tanggal_revisi: str = ""
    tanggal_efektif: str = ""
    pengesahan: str = ""
    judul: str = ""
    dasar_hukum: str = ""
    kualifikasi: str = ""
    keterkaitan: str = ""
    peralatan: str = ""
    peringatan: str = ""
    pencatatan: str = ""
    pelaksana: str = ""

    def missing(self) -> list[str]:
        """Headings of the fields left empty."""
        return [label for key, label in IDENTITY_FIELDS.items() if not getattr(self, key)]


@dataclass(frozen=True)
class SopStep:
    """One row of the flowchart table.

    ``kind``: a key of :data:`KINDS`. ``next``: the No of the row that follows (``None`` at
    an end); a decision has ``ya``/``tidak`` instead. ``waktu`` in working seconds
    (``None``: not stated). ``element_id``: the BPMN element the row comes from.
    """

    no: int
    kind: str
    kegiatan: str
    pelaksana: str
    kelengkapan: str = ""
    waktu: float | None = None
    output: str = ""
    keterangan: str = ""
    next: int | None = None
    ya: int | None = None
    tidak: int | None = None
    element_id: str = ""
    #: line of the row in its source (BPMN start tag, or table row), for findings
    line: int | None = None

    def targets(self) -> list[tuple[str, int]]:
        """(label, No) of every outgoing arrow: ``("", n)``, or ``("Ya", n)``/``("Tidak", m)``."""
        if self.kind == "keputusan":
            return [(lab, n) for lab, n in (("Ya", self.ya), ("Tidak", self.tidak))
                    if n is not None]
        return [("", self.next)] if self.next is not None else []


@dataclass(frozen=True)
class Sop:
    """Identity, the Pelaksana columns (lane names, in order) and the rows."""

    identity: SopIdentity
    pelaksana: tuple[str, ...]
    steps: tuple[SopStep, ...]
    hours_per_day: float = 7.5
    process_id: str = ""
    notes: tuple[str, ...] = field(default=())

    def step(self, no: int) -> SopStep:
        return self.steps[no - 1]
