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

from probisnis.bpmn.model import Definitions, EventDefinition
from probisnis.bpmn.writer import write
from probisnis.library.builder import DefinitionsBuilder, ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.roles import ROLES

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

#: role key -> lane name (the regulation's own role names, from :data:`.roles.ROLES`)
LANES: dict[str, str] = {
    key: ROLES[key].name
    for key in (
        "L_PIMPINAN",
        "L_PIMPINAN_PEMILIK",
        "L_PPK_TUJUAN",
        "L_PIMPINAN_TUJUAN",
        "L_PPK",
        "L_PYB_PEMOHON",
        "L_PYB_TUJUAN",
        "L_JFJP",
    )
}

COLLABORATION_1C = "PG_1c_penunjukkan_lintas_instansi"

_PASAL_10_2 = Reference(
    "Pasal 10 ayat (2)",
    "Penugasan secara individu dan/atau dalam Tim Kerja sebagaimana dimaksud pada ayat (1), "
    "dapat melibatkan Pejabat Fungsional dan/atau Pejabat Pelaksana yang berasal dari dalam "
    "satu unit organisasi, lintas unit organisasi, dan/atau lintas Instansi Pemerintah.",
)
_PASAL_11_2 = Reference(
    "Pasal 11 ayat (2)",
    "Penunjukkan sebagaimana dimaksud pada ayat (1) huruf a, merupakan penugasan langsung "
    "kepada Pejabat Fungsional dan/atau Pejabat Pelaksana oleh Pejabat Penilai Kinerja dan/atau "
    "Pimpinan Unit Organisasi untuk melaksanakan kinerja tertentu.",
)
_PASAL_11_3 = Reference(
    "Pasal 11 ayat (3)",
    "Pengajuan sukarela sebagaimana dimaksud pada ayat (1) huruf b, merupakan penugasan Pejabat "
    "Fungsional dan/atau Pejabat Pelaksana atas dasar permohonan aktif dari Pejabat Fungsional "
    "dan/atau Pejabat Pelaksana untuk melaksanakan kinerja tertentu.",
)
_PASAL_11_4 = Reference(
    "Pasal 11 ayat (4)",
    "Penugasan sebagaimana dimaksud pada Ayat (1), ditetapkan oleh Pejabat Penilai Kinerja atau "
    "Pimpinan Unit Organisasi.",
)
_SURAT = Reference(
    "Lampiran II.B.2",
    "Pejabat Fungsional dan/atau Pejabat Pelaksana tersebut diberikan surat penugasan dan/atau "
    "bukti penugasan tertulis lainnya yang berbentuk fisik ataupun elektronik.",
)
_DITETAPKAN_PPK = Reference(
    "Lampiran II.B.2 huruf c",
    "Penugasan Pejabat Fungsional dan/atau Pejabat Pelaksana untuk melaksanakan tugas di bawah "
    "Pimpinan Unit Organisasi ditetapkan oleh Pejabat Penilai Kinerja bersangkutan atas usulan "
    "dari Pimpinan Unit Organisasi",
)
_PASAL_12 = Reference(
    "Pasal 12",
    "Rincian Penugasan sebagaimana dimaksud dalam Pasal 13 tercantum dalam Lampiran yang "
    "merupakan bagian tidak terpisahkan dalam Peraturan Wali Kota ini.",
)
_PASAL_12_NOTE = (
    "Pasal 12 merujuk 'Pasal 13' (pelaksanaan tugas); yang dimaksud tampaknya Pasal 11 "
    "(penugasan). Rincian penugasan ada di Lampiran II.B.2."
)
_SILENT_NO = (
    "Teks hanya mengatur apa yang terjadi bila permohonan disetujui; cabang 'tidak disetujui' "
    "diakhiri secara eksplisit tanpa penugasan dan tanpa langkah lain yang tidak ditulis teks."
)


def _lanes(b: ProcessBuilder, prefix: str, *keys: str) -> dict[str, str]:
    """Declare the lanes ``<prefix>_<key>`` (ids unique per file, role key kept as suffix)."""
    return {key: b.lane(f"{prefix}_{key}", LANES[key]) for key in keys}


def _single(file_stem: str, process_builder: ProcessBuilder, layout: bool) -> Definitions:
    d = DefinitionsBuilder(
        f"{file_stem}_definitions", name=process_builder.name, path=f"processes/{file_stem}.bpmn"
    )
    d.pool(process_builder.build())
    return d.build(layout=layout)


# -- 1a penunjukkan dalam unit ------------------------------------------------------------------
def build_1a(*, layout: bool = True) -> Definitions:
    """Penunjukkan within the unit: the Pimpinan Unit Organisasi appoints directly (B2.1a.1)."""
    b = ProcessBuilder(
        "PG_1a_penunjukkan_dalam_unit",
        "Penugasan: penunjukkan dalam unit organisasi",
        documentation_cites=("B2.1a.1",),
        documentation_refs=(_PASAL_11_2, _PASAL_12),
        note=_PASAL_12_NOTE,
    )
    L = _lanes(b, "PG1a", "L_PIMPINAN", "L_JFJP")
    b.start("PG1a_mulai", "Kebutuhan JF/JP dalam unit", lane=L["L_PIMPINAN"], cites=("B2.1a.1",))
    b.user_task(
        "PG1a_tunjuk",
        "Menunjuk langsung JF/JP dalam unit organisasi",
        lane=L["L_PIMPINAN"],
        cites=("B2.1a.1",),
        refs=(_PASAL_11_2,),
    )
    b.user_task(
        "PG1a_surat",
        "Memberikan surat penugasan",
        lane=L["L_PIMPINAN"],
        cites=("B2.1a.1",),
        refs=(_SURAT, _DITETAPKAN_PPK),
        note=(
            "II.B.2.1)a) menyebut penunjukkan 'dilakukan langsung oleh Pimpinan Unit Organisasi', "
            "sedangkan II.B.2 huruf c menyebut penugasan ditetapkan oleh Pejabat Penilai Kinerja "
            "atas usulan Pimpinan Unit Organisasi; pada unit yang Pimpinan Unit-nya juga PPK "
            "keduanya sama. Langkah ini mengikuti II.B.2.1)a)."
        ),
    )
    b.user_task(
        "PG1a_terima",
        "Menerima surat penugasan untuk dilaksanakan",
        lane=L["L_JFJP"],
        cites=("B2.1a.1",),
        refs=(_SURAT,),
    )
    b.end("PG1a_ditugaskan", "JF/JP ditugaskan", lane=L["L_JFJP"], cites=("B2.1a.1",))
    b.chain("PG1a_mulai", "PG1a_tunjuk", "PG1a_surat", "PG1a_terima", "PG1a_ditugaskan")
    return _single("penugasan_1a_penunjukkan_dalam_unit", b, layout)


# -- 1b penunjukkan lintas unit -----------------------------------------------------------------
def build_1b(*, layout: bool = True) -> Definitions:
    """Penunjukkan across units: request letter to the target unit's PPK (B2.1b.1-5)."""
    b = ProcessBuilder(
        "PG_1b_penunjukkan_lintas_unit",
        "Penugasan: penunjukkan lintas unit organisasi",
        documentation_cites=("B2.1b.1",),
        documentation_refs=(_PASAL_10_2, _PASAL_11_2),
    )
    L = _lanes(b, "PG1b", "L_PIMPINAN_PEMILIK", "L_PPK_TUJUAN", "L_PIMPINAN_TUJUAN", "L_JFJP")
    b.start(
        "PG1b_mulai",
        "Kebutuhan JF/JP dari unit lain",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.1",),
        refs=(_PASAL_10_2,),
    )
    b.user_task(
        "PG1b_kirim_permohonan",
        "Mengirim surat permohonan pelibatan JF/JP kepada PPK dituju",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.1",),
        note="Tembusan kepada Pejabat Penilai Kinerja bersangkutan (unit pemilik kinerja).",
    )
    b.user_task(
        "PG1b_proses",
        "Memproses dan menjawab permohonan pelibatan",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1b.2",),
        documentation="Keputusan: disetujui (True/False).",
    )
    b.xor(
        "PG1b_disetujui",
        "Permohonan disetujui?",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1b.3", "B2.1b.4"),
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
    b.user_task(
        "PG1b_terima",
        "Menerima surat penugasan untuk dilaksanakan",
        lane=L["L_JFJP"],
        cites=("B2.1b.5",),
    )
    b.end("PG1b_ditugaskan", "JF/JP ditugaskan", lane=L["L_JFJP"], cites=("B2.1b.5",))
    b.user_task(
        "PG1b_jawab_tolak",
        "Menjawab surat permohonan dengan alasan penolakan",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1b.4",),
    )
    b.end(
        "PG1b_ditolak",
        "Permohonan ditolak",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1b.4",),
        note=(
            "Jawaban penolakan beserta alasannya sampai pada Pimpinan Unit Organisasi "
            "Pemilik Kinerja."
        ),
    )
    b.chain("PG1b_mulai", "PG1b_kirim_permohonan", "PG1b_proses", "PG1b_disetujui")
    b.flow(
        "PG1b_disetujui", "PG1b_rekomendasi", name="Ya", condition="disetujui", cites=("B2.1b.3",)
    )
    b.chain("PG1b_rekomendasi", "PG1b_susun_surat", "PG1b_terima", "PG1b_ditugaskan")
    b.flow(
        "PG1b_disetujui",
        "PG1b_jawab_tolak",
        name="Tidak",
        condition="not disetujui",
        cites=("B2.1b.4",),
    )
    b.chain("PG1b_jawab_tolak", "PG1b_ditolak")
    return _single("penugasan_1b_penunjukkan_lintas_unit", b, layout)


# -- 1c penunjukkan lintas instansi (collaboration) ---------------------------------------------
_MSG_PERMOHONAN = "MSG_PG1c_permohonan"
_MSG_JAWABAN = "MSG_PG1c_jawaban"
_MSG_PENOLAKAN = "MSG_PG1c_penolakan"
_MSG_TEMBUSAN = "MSG_PG1c_tembusan"
_SILENT_1C = (
    "Teks II.B.2.1)c) hanya mengatur langkah bila disetujui/tersedia. Agar instansi pemohon "
    "tidak menunggu tanpa akhir, penolakan dijawab dengan surat jawaban kepada PyB instansi "
    "pemohon, sejalan dengan penunjukkan lintas unit (B2.1b.4: menjawab dengan alasan)."
)


def _message(node_id: str, message_id: str) -> tuple[EventDefinition, ...]:
    return (EventDefinition("message", id=f"{node_id}_def", ref=message_id),)


def _pemohon_1c() -> ProcessBuilder:
    b = ProcessBuilder(
        "PG_1c_instansi_pemohon",
        "Penunjukkan lintas instansi: instansi pemohon",
        documentation_cites=("B2.1c.1",),
        documentation_refs=(_PASAL_10_2,),
    )
    L = _lanes(b, "PG1cA", "L_PIMPINAN_PEMILIK", "L_PYB_PEMOHON")
    b.start(
        "PG1cA_mulai",
        "Kebutuhan JF/JP dari instansi lain",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.1",),
        refs=(_PASAL_10_2,),
    )
    b.user_task(
        "PG1cA_kirim_permohonan",
        "Mengirim surat permohonan pelibatan JF/JP kepada PyB",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.1",),
        note=(
            "Isi minimal: maksud dan tujuan; kompetensi, keahlian, dan/atau keterampilan; "
            "ekspektasi/target kinerja; durasi pelibatan. Tembusan kepada Pimpinan Unit "
            "Organisasi atau PPK bersangkutan di instansinya."
        ),
    )
    b.user_task(
        "PG1cA_proses",
        "Memproses surat permohonan pelibatan",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.2",),
        documentation="Keputusan: disetujui_pyb_pemohon (True/False).",
    )
    b.xor(
        "PG1cA_setuju", "PyB instansi pemohon setuju?", lane=L["L_PYB_PEMOHON"], cites=("B2.1c.2",)
    )
    b.end(
        "PG1cA_tidak_diteruskan",
        "Permohonan tidak diteruskan",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.2",),
        note=_SILENT_NO,
    )
    b.node(
        "intermediateThrowEvent",
        "PG1cA_kirim_ke_tujuan",
        "Surat permohonan dikirim kepada PyB instansi dituju",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.2",),
        event_definitions=_message("PG1cA_kirim_ke_tujuan", _MSG_PERMOHONAN),
    )
    b.node(
        "eventBasedGateway",
        "PG1cA_tunggu_jawaban",
        "Menunggu jawaban instansi dituju",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.6",),
    )
    b.node(
        "intermediateCatchEvent",
        "PG1cA_terima_jawaban",
        "Surat jawaban permohonan pelibatan diterima",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.6",),
        event_definitions=_message("PG1cA_terima_jawaban", _MSG_JAWABAN),
    )
    b.node(
        "intermediateCatchEvent",
        "PG1cA_terima_tembusan",
        "Tembusan surat penugasan diterima",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.8",),
        event_definitions=_message("PG1cA_terima_tembusan", _MSG_TEMBUSAN),
    )
    b.end(
        "PG1cA_ditugaskan",
        "JF/JP instansi dituju ditugaskan",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.8",),
    )
    b.node(
        "intermediateCatchEvent",
        "PG1cA_terima_penolakan",
        "Surat jawaban penolakan diterima",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.3",),
        note=_SILENT_1C,
        event_definitions=_message("PG1cA_terima_penolakan", _MSG_PENOLAKAN),
    )
    b.end(
        "PG1cA_ditolak",
        "Permohonan ditolak instansi dituju",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.3",),
        note=_SILENT_1C,
    )
    b.chain("PG1cA_mulai", "PG1cA_kirim_permohonan", "PG1cA_proses", "PG1cA_setuju")
    b.flow(
        "PG1cA_setuju",
        "PG1cA_kirim_ke_tujuan",
        name="Ya",
        condition="disetujui_pyb_pemohon",
        cites=("B2.1c.2",),
    )
    b.flow(
        "PG1cA_setuju",
        "PG1cA_tidak_diteruskan",
        name="Tidak",
        condition="not disetujui_pyb_pemohon",
        cites=("B2.1c.2",),
    )
    b.chain("PG1cA_kirim_ke_tujuan", "PG1cA_tunggu_jawaban")
    b.chain(
        "PG1cA_tunggu_jawaban", "PG1cA_terima_jawaban", "PG1cA_terima_tembusan", "PG1cA_ditugaskan"
    )
    b.chain("PG1cA_tunggu_jawaban", "PG1cA_terima_penolakan", "PG1cA_ditolak")
    return b


def _dituju_1c() -> ProcessBuilder:
    b = ProcessBuilder(
        "PG_1c_instansi_dituju",
        "Penunjukkan lintas instansi: instansi dituju",
        documentation_cites=("B2.1c.3",),
    )
    L = _lanes(b, "PG1cB", "L_PYB_TUJUAN", "L_PPK_TUJUAN", "L_PIMPINAN_TUJUAN", "L_JFJP")
    b.start(
        "PG1cB_mulai",
        "Surat permohonan pelibatan diterima",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.2",),
        event_definitions=_message("PG1cB_mulai", _MSG_PERMOHONAN),
    )
    b.user_task(
        "PG1cB_proses",
        "Memproses surat permohonan pelibatan",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.3",),
        documentation="Keputusan: disetujui_pyb_dituju (True/False).",
    )
    b.xor("PG1cB_setuju", "PyB instansi dituju setuju?", lane=L["L_PYB_TUJUAN"], cites=("B2.1c.3",))
    b.end(
        "PG1cB_ditolak_pyb",
        "Permohonan ditolak (surat jawaban penolakan)",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.3",),
        note=_SILENT_1C,
        event_definitions=_message("PG1cB_ditolak_pyb", _MSG_PENOLAKAN),
    )
    b.user_task(
        "PG1cB_instruksi",
        "Menginstruksikan PPK menugaskan JF/JP sesuai kriteria",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.3",),
    )
    b.user_task(
        "PG1cB_rekomendasi",
        "Memberikan rekomendasi JF/JP yang sesuai kriteria",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.1c.4",),
    )
    b.user_task(
        "PG1cB_jawab_ketersediaan",
        "Menjawab ketersediaan JF/JP sesuai kriteria",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.4",),
        documentation="Keputusan: tersedia (True/False).",
    )
    b.xor("PG1cB_tersedia", "JF/JP tersedia?", lane=L["L_PPK_TUJUAN"], cites=("B2.1c.5",))
    b.end(
        "PG1cB_tidak_tersedia",
        "JF/JP tidak tersedia (surat jawaban penolakan)",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.5",),
        note=_SILENT_1C,
        event_definitions=_message("PG1cB_tidak_tersedia", _MSG_PENOLAKAN),
    )
    b.user_task(
        "PG1cB_kirim_daftar",
        "Mengirim surat jawaban dan daftar JF/JP kepada PyB",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.6",),
    )
    b.user_task(
        "PG1cB_periksa_daftar",
        "Memeriksa surat jawaban dan daftar JF/JP",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.6",),
        documentation="Keputusan: daftar_disetujui (True/False).",
    )
    b.xor(
        "PG1cB_daftar_setuju", "Daftar JF/JP disetujui?", lane=L["L_PYB_TUJUAN"], cites=("B2.1c.6",)
    )
    b.end(
        "PG1cB_daftar_ditolak",
        "Daftar JF/JP tidak disetujui (surat jawaban penolakan)",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.6",),
        note=_SILENT_1C,
        event_definitions=_message("PG1cB_daftar_ditolak", _MSG_PENOLAKAN),
    )
    b.node(
        "intermediateThrowEvent",
        "PG1cB_kirim_jawaban",
        "Surat jawaban permohonan pelibatan dikirim kepada PyB pemohon",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.6",),
        event_definitions=_message("PG1cB_kirim_jawaban", _MSG_JAWABAN),
    )
    b.user_task(
        "PG1cB_tugaskan",
        "Menugaskan JF/JP sesuai daftar yang ditugaskan",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.7",),
        note="Teks: 'Pejabat Penilai Kinerja atau Pimpinan Unit Organisasi yang dituju'; "
        "dimodelkan pada PPK.",
    )
    b.user_task(
        "PG1cB_surat_penugasan",
        "Memberikan surat penugasan",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.1c.8",),
        note="Tembusan: PyB instansi bersangkutan, PPK bersangkutan, dan PyB instansi pemohon.",
    )
    b.node(
        "intermediateThrowEvent",
        "PG1cB_kirim_tembusan",
        "Tembusan surat penugasan dikirim kepada PyB pemohon",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.1c.8",),
        event_definitions=_message("PG1cB_kirim_tembusan", _MSG_TEMBUSAN),
    )
    b.user_task(
        "PG1cB_terima",
        "Menerima surat penugasan untuk dilaksanakan",
        lane=L["L_JFJP"],
        cites=("B2.1c.9",),
    )
    b.end("PG1cB_ditugaskan", "JF/JP ditugaskan", lane=L["L_JFJP"], cites=("B2.1c.9",))
    b.chain("PG1cB_mulai", "PG1cB_proses", "PG1cB_setuju")
    b.flow("PG1cB_setuju", "PG1cB_instruksi", name="Ya", condition="disetujui_pyb_dituju")
    b.flow("PG1cB_setuju", "PG1cB_ditolak_pyb", name="Tidak", condition="not disetujui_pyb_dituju")
    b.chain("PG1cB_instruksi", "PG1cB_rekomendasi", "PG1cB_jawab_ketersediaan", "PG1cB_tersedia")
    b.flow(
        "PG1cB_tersedia", "PG1cB_kirim_daftar", name="Ya", condition="tersedia", cites=("B2.1c.5",)
    )
    b.flow("PG1cB_tersedia", "PG1cB_tidak_tersedia", name="Tidak", condition="not tersedia")
    b.chain("PG1cB_kirim_daftar", "PG1cB_periksa_daftar", "PG1cB_daftar_setuju")
    b.flow("PG1cB_daftar_setuju", "PG1cB_kirim_jawaban", name="Ya", condition="daftar_disetujui")
    b.flow(
        "PG1cB_daftar_setuju",
        "PG1cB_daftar_ditolak",
        name="Tidak",
        condition="not daftar_disetujui",
    )
    b.chain(
        "PG1cB_kirim_jawaban",
        "PG1cB_tugaskan",
        "PG1cB_surat_penugasan",
        "PG1cB_kirim_tembusan",
        "PG1cB_terima",
        "PG1cB_ditugaskan",
    )
    return b


def build_1c(*, layout: bool = True) -> Definitions:
    """Penunjukkan across agencies: two pools and a message flow per letter (B2.1c.1-9)."""
    d = DefinitionsBuilder(
        "penugasan_1c_penunjukkan_lintas_instansi_definitions",
        name="Penugasan: penunjukkan lintas instansi pemerintah",
        path="processes/penugasan_1c_penunjukkan_lintas_instansi.bpmn",
        collaboration_id=COLLABORATION_1C,
        documentation=(
            "[B2.1c.1]-[B2.1c.9] Lampiran II.B.2 Penugasan 1) c): penunjukkan lintas instansi. "
            "Dua pool (instansi pemohon dan instansi dituju); setiap surat antarinstansi adalah "
            "message flow."
        ),
    )
    d.message(_MSG_PERMOHONAN, "Surat Permohonan Pelibatan JF/JP lintas instansi")
    d.message(_MSG_JAWABAN, "Surat Jawaban Permohonan Pelibatan lintas instansi")
    d.message(_MSG_PENOLAKAN, "Surat Jawaban Penolakan Permohonan Pelibatan lintas instansi")
    d.message(_MSG_TEMBUSAN, "Tembusan Surat Penugasan lintas instansi")
    d.pool(_pemohon_1c().build(), participant_id="P_PG1c_pemohon", name="Instansi Pemohon")
    d.pool(_dituju_1c().build(), participant_id="P_PG1c_dituju", name="Instansi Dituju")
    d.message_flow(
        "PG1cA_kirim_ke_tujuan",
        "PG1cB_mulai",
        name="Surat permohonan pelibatan",
        message=_MSG_PERMOHONAN,
        cites=("B2.1c.2",),
    )
    d.message_flow(
        "PG1cB_kirim_jawaban",
        "PG1cA_terima_jawaban",
        name="Surat jawaban permohonan pelibatan",
        message=_MSG_JAWABAN,
        cites=("B2.1c.6",),
    )
    for source in ("PG1cB_ditolak_pyb", "PG1cB_tidak_tersedia", "PG1cB_daftar_ditolak"):
        d.message_flow(
            source,
            "PG1cA_terima_penolakan",
            name="Surat jawaban penolakan",
            message=_MSG_PENOLAKAN,
            cites=("B2.1c.3",),
            note=_SILENT_1C,
        )
    d.message_flow(
        "PG1cB_kirim_tembusan",
        "PG1cA_terima_tembusan",
        name="Tembusan surat penugasan",
        message=_MSG_TEMBUSAN,
        cites=("B2.1c.8",),
    )
    return d.build(layout=layout)


# -- 2a pengajuan sukarela dalam unit -----------------------------------------------------------
def build_2a(*, layout: bool = True) -> Definitions:
    """Pengajuan sukarela within the unit: an oral request to the Pimpinan (B2.2a.1-3)."""
    b = ProcessBuilder(
        "PG_2a_sukarela_dalam_unit",
        "Penugasan: pengajuan sukarela dalam unit organisasi",
        documentation_cites=("B2.2a.1",),
        documentation_refs=(_PASAL_11_3,),
    )
    L = _lanes(b, "PG2a", "L_JFJP", "L_PIMPINAN")
    b.start(
        "PG2a_mulai",
        "Keinginan terlibat dalam kinerja tertentu",
        lane=L["L_JFJP"],
        cites=("B2.2a.1",),
        refs=(_PASAL_11_3,),
    )
    b.user_task(
        "PG2a_sampaikan",
        "Menyampaikan keinginan secara lisan",
        lane=L["L_JFJP"],
        cites=("B2.2a.1",),
    )
    b.user_task(
        "PG2a_putuskan",
        "Memutuskan keinginan keterlibatan JF/JP",
        lane=L["L_PIMPINAN"],
        cites=("B2.2a.2",),
        documentation="Keputusan: disetujui (True/False).",
    )
    b.xor("PG2a_disetujui", "Disetujui?", lane=L["L_PIMPINAN"], cites=("B2.2a.2",))
    b.user_task(
        "PG2a_tugaskan",
        "Menugaskan JF/JP melaksanakan kinerja tertentu",
        lane=L["L_PIMPINAN"],
        cites=("B2.2a.2",),
    )
    b.user_task(
        "PG2a_terima",
        "Menerima surat penugasan untuk dilaksanakan",
        lane=L["L_JFJP"],
        cites=("B2.2a.3",),
    )
    b.end("PG2a_ditugaskan", "JF/JP ditugaskan", lane=L["L_JFJP"], cites=("B2.2a.3",))
    b.end(
        "PG2a_ditolak",
        "Permohonan tidak disetujui",
        lane=L["L_PIMPINAN"],
        cites=("B2.2a.2",),
        note=_SILENT_NO,
    )
    b.chain("PG2a_mulai", "PG2a_sampaikan", "PG2a_putuskan", "PG2a_disetujui")
    b.flow("PG2a_disetujui", "PG2a_tugaskan", name="Ya", condition="disetujui")
    b.flow("PG2a_disetujui", "PG2a_ditolak", name="Tidak", condition="not disetujui")
    b.chain("PG2a_tugaskan", "PG2a_terima", "PG2a_ditugaskan")
    return _single("penugasan_2a_sukarela_dalam_unit", b, layout)


# -- 2b pengajuan sukarela lintas unit ----------------------------------------------------------
def build_2b(*, layout: bool = True) -> Definitions:
    """Pengajuan sukarela across units: a request letter to the target Pimpinan (B2.2b.1-3)."""
    b = ProcessBuilder(
        "PG_2b_sukarela_lintas_unit",
        "Penugasan: pengajuan sukarela lintas unit organisasi",
        documentation_cites=("B2.2b.1",),
        documentation_refs=(_PASAL_11_3,),
    )
    L = _lanes(b, "PG2b", "L_JFJP", "L_PIMPINAN_TUJUAN", "L_PPK")
    b.start(
        "PG2b_mulai",
        "Keinginan terlibat dalam kinerja unit lain",
        lane=L["L_JFJP"],
        cites=("B2.2b.1",),
        refs=(_PASAL_11_3,),
    )
    b.user_task(
        "PG2b_kirim_permohonan",
        "Mengirim surat permohonan kepada Pimpinan dituju",
        lane=L["L_JFJP"],
        cites=("B2.2b.1",),
        note="Tembusan kepada Pejabat Penilai Kinerja dan Pimpinan Unit Organisasi bersangkutan.",
    )
    b.user_task(
        "PG2b_putuskan",
        "Memutuskan surat permohonan",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.2b.2",),
        documentation="Keputusan: disetujui (True/False).",
    )
    b.xor("PG2b_disetujui", "Disetujui?", lane=L["L_PIMPINAN_TUJUAN"], cites=("B2.2b.2",))
    b.end(
        "PG2b_ditolak",
        "Permohonan tidak disetujui",
        lane=L["L_PIMPINAN_TUJUAN"],
        cites=("B2.2b.2",),
        note=_SILENT_NO,
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
        refs=(_PASAL_11_4,),
        note=(
            "II.B.2.2)b) tidak menyebut siapa menerbitkan surat penugasan; Pasal 11 ayat (4) "
            "menetapkan penugasan oleh PPK atau Pimpinan Unit Organisasi. Dimodelkan pada PPK "
            "yang menerima surat permohonan yang telah disetujui."
        ),
    )
    b.user_task(
        "PG2b_terima",
        "Menerima surat penugasan untuk dilaksanakan",
        lane=L["L_JFJP"],
        cites=("B2.2b.3",),
    )
    b.end("PG2b_ditugaskan", "JF/JP ditugaskan", lane=L["L_JFJP"], cites=("B2.2b.3",))
    b.chain("PG2b_mulai", "PG2b_kirim_permohonan", "PG2b_putuskan", "PG2b_disetujui")
    b.flow("PG2b_disetujui", "PG2b_teruskan", name="Ya", condition="disetujui")
    b.flow("PG2b_disetujui", "PG2b_ditolak", name="Tidak", condition="not disetujui")
    b.chain("PG2b_teruskan", "PG2b_tetapkan", "PG2b_terima", "PG2b_ditugaskan")
    return _single("penugasan_2b_sukarela_lintas_unit", b, layout)


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
    return {stem: make(layout=layout) for stem, make in LIBRARY.items()}


def build(out_dir: str | Path) -> list[Path]:
    """Write the five penugasan files into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    return [write(defs, out / f"{stem}.bpmn") for stem, defs in definitions().items()]
