"""Penugasan (Pasal 10-12; Lampiran II.B.2): the five ways a JF/JP gets assigned.

One file per variant, ids as in the clause table (``B2.<variant>.<n>``):

====  =====================================  ==========================================
1a    ``PG_1a_penunjukkan_dalam_unit``        penunjukkan within the unit
1b    ``PG_1b_penunjukkan_lintas_unit``       penunjukkan across units
1c    ``PG_1c_penunjukkan_lintas_instansi``   penunjukkan across agencies (collaboration)
2a    ``PG_2a_sukarela_dalam_unit``           pengajuan sukarela within the unit
2b    ``PG_2b_sukarela_lintas_unit``          pengajuan sukarela across units
====  =====================================  ==========================================

Every process is executable: each decision is a user task that sets a
boolean (``disetujui``, ``tersedia``...) and the exclusive gateway after it
routes on it. Every "not approved" branch ends in its own named end event,
even where the text only says what happens when the request *is* approved
(the ``Catatan`` of such an end event says so).

1c is a collaboration of two pools, *Instansi Pemohon* and *Instansi Dituju*,
with a message flow for every letter between them; SpiffWorkflow 3.2 runs it
as a collaboration (``BpmnParser.get_collaboration``): the requesting pool
throws message events, the other catches them (its start event is a message
start event). When the requesting PyB declines, the target agency never
receives a letter; that path is run with the *Instansi Pemohon* process alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from probisnis.bpmn.model import Definitions
from probisnis.library.builder import ProcessBuilder
from probisnis.library.files import definitions_of, single_file, write_all
from probisnis.library.penugasan_1c import COLLABORATION_1C, build_1c
from probisnis.library.penugasan_common import (
    DITETAPKAN_PPK,
    LANES,
    PASAL_10_2,
    PASAL_11_2,
    PASAL_11_3,
    PASAL_11_4,
    PASAL_12,
    PASAL_12_NOTE,
    SILENT_NO,
    SURAT,
    decision,
    lanes,
    receive_letter,
    yes_no,
)

__all__ = [
    "COLLABORATION_1C",
    "LANES",
    "LIBRARY",
    "build",
    "build_1a",
    "build_1b",
    "build_1c",
    "build_2a",
    "build_2b",
    "definitions",
]


# -- 1a penunjukkan dalam unit ------------------------------------------------------------------
def build_1a(*, layout: bool = True) -> Definitions:
    """Penunjukkan within the unit: the Pimpinan Unit Organisasi appoints directly (B2.1a.1)."""
    b = ProcessBuilder(
        "PG_1a_penunjukkan_dalam_unit",
        "Penugasan: penunjukkan dalam unit organisasi",
        documentation_cites=("B2.1a.1",),
        documentation_refs=(PASAL_11_2, PASAL_12),
        note=PASAL_12_NOTE,
    )
    L = lanes(b, "PG1a", "L_PIMPINAN", "L_JFJP")
    b.start("PG1a_mulai", "Kebutuhan JF/JP dalam unit", lane=L["L_PIMPINAN"], cites=("B2.1a.1",))
    b.user_task(
        "PG1a_tunjuk",
        "Menunjuk langsung JF/JP dalam unit organisasi",
        lane=L["L_PIMPINAN"],
        cites=("B2.1a.1",),
        refs=(PASAL_11_2,),
    )
    b.user_task(
        "PG1a_surat",
        "Memberikan surat penugasan",
        lane=L["L_PIMPINAN"],
        cites=("B2.1a.1",),
        refs=(SURAT, DITETAPKAN_PPK),
        note=(
            "II.B.2.1)a) menyebut penunjukkan 'dilakukan langsung oleh Pimpinan Unit Organisasi', "
            "sedangkan II.B.2 huruf c menyebut penugasan ditetapkan oleh Pejabat Penilai Kinerja "
            "atas usulan Pimpinan Unit Organisasi; pada unit yang Pimpinan Unit-nya juga PPK "
            "keduanya sama. Langkah ini mengikuti II.B.2.1)a)."
        ),
    )
    receive_letter(b, "PG1a", lane=L["L_JFJP"], cites=("B2.1a.1",), refs=(SURAT,))
    b.chain("PG1a_mulai", "PG1a_tunjuk", "PG1a_surat", "PG1a_terima", "PG1a_ditugaskan")
    return single_file("penugasan_1a_penunjukkan_dalam_unit", b, layout=layout)


# -- 1b penunjukkan lintas unit -----------------------------------------------------------------
def build_1b(*, layout: bool = True) -> Definitions:
    """Penunjukkan across units: request letter to the target unit's PPK (B2.1b.1-5)."""
    b = ProcessBuilder(
        "PG_1b_penunjukkan_lintas_unit",
        "Penugasan: penunjukkan lintas unit organisasi",
        documentation_cites=("B2.1b.1",),
        documentation_refs=(PASAL_10_2, PASAL_11_2),
    )
    L = lanes(b, "PG1b", "L_PIMPINAN_PEMILIK", "L_PPK_TUJUAN", "L_PIMPINAN_TUJUAN", "L_JFJP")
    b.start(
        "PG1b_mulai",
        "Kebutuhan JF/JP dari unit lain",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.1",),
        refs=(PASAL_10_2,),
    )
    b.user_task(
        "PG1b_kirim_permohonan",
        "Mengirim surat permohonan pelibatan JF/JP kepada PPK dituju",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.1",),
        note="Tembusan kepada Pejabat Penilai Kinerja bersangkutan (unit pemilik kinerja).",
    )
    decision(
        b,
        "PG1b_proses",
        "Memproses dan menjawab permohonan pelibatan",
        "PG1b_disetujui",
        "Permohonan disetujui?",
        variable="disetujui",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1b.2",),
        gateway_cites=("B2.1b.3", "B2.1b.4"),
    )
    b.user_task(
        "PG1b_rekomendasi",
        "Memberikan rekomendasi JF/JP yang sesuai kriteria pemohon",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.1b.3",),
    )
    b.user_task(
        "PG1b_susun_surat",
        "Menyusun surat penugasan JF/JP sesuai kriteria pemohon",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1b.3",),
    )
    receive_letter(b, "PG1b", lane=L["L_JFJP"], cites=("B2.1b.5",))
    b.user_task(
        "PG1b_jawab_tolak",
        "Menjawab surat permohonan dengan alasan penolakan",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1b.4",),
    )
    b.user_task(
        "PG1b_terima_penolakan",
        "Menerima jawaban penolakan beserta alasannya",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.1", "B2.1b.4"),
        note=(
            "B2.1b.4: PPK dituju 'menjawab Surat Permohonan Pelibatan tersebut dengan alasan'; "
            "jawaban itu diterima pemohon, yang memutuskan kelanjutannya pada perencanaan."
        ),
    )
    b.user_task(
        "PG1b_terima_persetujuan",
        "Menerima jawaban persetujuan pelibatan",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.1", "B2.1b.2", "B2.1b.3"),
        note=(
            "B2.1b.2: PPK dituju 'memproses dan menjawab' permohonan; teks tidak menyebut "
            "tembusan surat penugasan kepada pemohon. Dimodelkan: pemohon menerima jawaban "
            "persetujuan sebelum JF/JP menerima surat penugasan."
        ),
    )
    b.end(
        "PG1b_ditolak",
        "Permohonan ditolak",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.4",),
    )
    b.chain("PG1b_mulai", "PG1b_kirim_permohonan", "PG1b_proses", "PG1b_disetujui")
    b.flow(
        "PG1b_disetujui", "PG1b_rekomendasi", name="Ya", condition="disetujui", cites=("B2.1b.3",)
    )
    b.chain(
        "PG1b_rekomendasi",
        "PG1b_susun_surat",
        "PG1b_terima_persetujuan",
        "PG1b_terima",
        "PG1b_ditugaskan",
    )
    b.flow(
        "PG1b_disetujui",
        "PG1b_jawab_tolak",
        name="Tidak",
        condition="not disetujui",
        cites=("B2.1b.4",),
    )
    b.chain("PG1b_jawab_tolak", "PG1b_terima_penolakan", "PG1b_ditolak")
    return single_file("penugasan_1b_penunjukkan_lintas_unit", b, layout=layout)


# -- 2a pengajuan sukarela dalam unit -----------------------------------------------------------
def build_2a(*, layout: bool = True) -> Definitions:
    """Pengajuan sukarela within the unit: an oral request to the Pimpinan (B2.2a.1-3)."""
    b = ProcessBuilder(
        "PG_2a_sukarela_dalam_unit",
        "Penugasan: pengajuan sukarela dalam unit organisasi",
        documentation_cites=("B2.2a.1",),
        documentation_refs=(PASAL_11_3,),
    )
    L = lanes(b, "PG2a", "L_JFJP", "L_PIMPINAN")
    b.start(
        "PG2a_mulai",
        "Keinginan terlibat dalam kinerja tertentu",
        lane=L["L_JFJP"],
        cites=("B2.2a.1",),
        refs=(PASAL_11_3,),
    )
    b.user_task(
        "PG2a_sampaikan",
        "Menyampaikan keinginan secara lisan",
        lane=L["L_JFJP"],
        cites=("B2.2a.1",),
    )
    decision(
        b,
        "PG2a_putuskan",
        "Memutuskan keinginan keterlibatan JF/JP",
        "PG2a_disetujui",
        "Disetujui?",
        variable="disetujui",
        lane=L["L_PIMPINAN"],
        cites=("B2.2a.2",),
    )
    b.user_task(
        "PG2a_tugaskan",
        "Menugaskan JF/JP melaksanakan kinerja tertentu",
        lane=L["L_PIMPINAN"],
        cites=("B2.2a.2",),
    )
    receive_letter(b, "PG2a", lane=L["L_JFJP"], cites=("B2.2a.3",))
    b.end(
        "PG2a_ditolak",
        "Permohonan tidak disetujui",
        lane=L["L_PIMPINAN"],
        cites=("B2.2a.2",),
        note=SILENT_NO,
    )
    b.chain("PG2a_mulai", "PG2a_sampaikan", "PG2a_putuskan", "PG2a_disetujui")
    yes_no(b, "PG2a_disetujui", "PG2a_tugaskan", "PG2a_ditolak", "disetujui")
    b.chain("PG2a_tugaskan", "PG2a_terima", "PG2a_ditugaskan")
    return single_file("penugasan_2a_sukarela_dalam_unit", b, layout=layout)


# -- 2b pengajuan sukarela lintas unit ----------------------------------------------------------
def build_2b(*, layout: bool = True) -> Definitions:
    """Pengajuan sukarela across units: a request letter to the target Pimpinan (B2.2b.1-3)."""
    b = ProcessBuilder(
        "PG_2b_sukarela_lintas_unit",
        "Penugasan: pengajuan sukarela lintas unit organisasi",
        documentation_cites=("B2.2b.1",),
        documentation_refs=(PASAL_11_3,),
    )
    L = lanes(b, "PG2b", "L_JFJP", "L_PIMPINAN_TUJUAN", "L_PPK")
    b.start(
        "PG2b_mulai",
        "Keinginan terlibat dalam kinerja unit lain",
        lane=L["L_JFJP"],
        cites=("B2.2b.1",),
        refs=(PASAL_11_3,),
    )
    b.user_task(
        "PG2b_kirim_permohonan",
        "Mengirim surat permohonan kepada Pimpinan dituju",
        lane=L["L_JFJP"],
        cites=("B2.2b.1",),
        note="Tembusan kepada Pejabat Penilai Kinerja dan Pimpinan Unit Organisasi bersangkutan.",
    )
    decision(
        b,
        "PG2b_putuskan",
        "Memutuskan surat permohonan",
        "PG2b_disetujui",
        "Disetujui?",
        variable="disetujui",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.2b.2",),
    )
    b.end(
        "PG2b_ditolak",
        "Permohonan tidak disetujui",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.2b.2",),
        note=SILENT_NO,
    )
    b.user_task(
        "PG2b_teruskan",
        "Meneruskan surat yang disetujui kepada PPK",
        lane=L["L_JFJP"],
        cites=("B2.2b.2",),
        note=(
            "Tembusan kepada Pimpinan Unit Organisasi bersangkutan. Teks tidak menegaskan PPK "
            "yang mana (unit asal atau unit dituju); lane ini disebut 'Pejabat Penilai Kinerja' "
            "seperti teks."
        ),
    )
    b.user_task(
        "PG2b_tetapkan",
        "Menetapkan surat penugasan",
        lane=L["L_PPK"],
        cites=("B2.2b.2",),
        refs=(PASAL_11_4,),
        note=(
            "II.B.2.2)b) tidak menyebut siapa menerbitkan surat penugasan; Pasal 11 ayat (4) "
            "menetapkan penugasan oleh PPK atau Pimpinan Unit Organisasi. Dimodelkan pada PPK "
            "yang menerima surat permohonan yang telah disetujui."
        ),
    )
    receive_letter(b, "PG2b", lane=L["L_JFJP"], cites=("B2.2b.3",))
    b.chain("PG2b_mulai", "PG2b_kirim_permohonan", "PG2b_putuskan", "PG2b_disetujui")
    yes_no(b, "PG2b_disetujui", "PG2b_teruskan", "PG2b_ditolak", "disetujui")
    b.chain("PG2b_teruskan", "PG2b_tetapkan", "PG2b_terima", "PG2b_ditugaskan")
    return single_file("penugasan_2b_sukarela_lintas_unit", b, layout=layout)


#: file stem (in processes/) -> builder; the shape of ``probisnis.library.build.LIBRARY``
LIBRARY: dict[str, Callable[..., Definitions]] = {
    "penugasan_1a_penunjukkan_dalam_unit": build_1a,
    "penugasan_1b_penunjukkan_lintas_unit": build_1b,
    "penugasan_1c_penunjukkan_lintas_instansi": build_1c,
    "penugasan_2a_sukarela_dalam_unit": build_2a,
    "penugasan_2b_sukarela_lintas_unit": build_2b,
}


def definitions(*, layout: bool = True) -> dict[str, Definitions]:
    """Every penugasan file, stem -> :class:`Definitions` (laid out unless ``layout=False``)."""
    return definitions_of(LIBRARY, layout=layout)


def build(out_dir: str | Path) -> list[Path]:
    """Write the five penugasan files into ``out_dir``; returns their paths."""
    return write_all(LIBRARY, out_dir)
