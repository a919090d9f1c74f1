"""Penugasan 1c, penunjukkan lintas instansi (Lampiran II.B.2.1)c)): a collaboration.

Two pools, *Instansi Pemohon* and *Instansi Dituju*, with a message flow for every
letter between them (see :mod:`.penugasan`).
"""

from __future__ import annotations

from probisnis.bpmn.model import Definitions, EventDefinition
from probisnis.library.builder import ProcessBuilder
from probisnis.library.files import file_builder
from probisnis.library.penugasan_common import (
    PASAL_10_2,
    SILENT_NO,
    decision,
    lanes,
    receive_letter,
    yes_no,
)

__all__ = ["COLLABORATION_1C", "build_1c"]

COLLABORATION_1C = "PG_1c_penunjukkan_lintas_instansi"

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


def _refusal(
    b: ProcessBuilder, node_id: str, name: str, *, lane: str, cites: tuple[str, ...]
) -> str:
    """An end of the target agency that sends the surat jawaban penolakan (a message end)."""
    return b.end(
        node_id,
        name,
        lane=lane,
        cites=cites,
        note=_SILENT_1C,
        event_definitions=_message(node_id, _MSG_PENOLAKAN),
    )


def _pemohon_1c() -> ProcessBuilder:
    b = ProcessBuilder(
        "PG_1c_instansi_pemohon",
        "Penunjukkan lintas instansi: instansi pemohon",
        documentation_cites=("B2.1c.1",),
        documentation_refs=(PASAL_10_2,),
    )
    L = lanes(b, "PG1cA", "L_PIMPINAN_PEMILIK", "L_PYB_PEMOHON")
    b.start(
        "PG1cA_mulai",
        "Kebutuhan JF/JP dari instansi lain",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.1",),
        refs=(PASAL_10_2,),
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
    decision(
        b,
        "PG1cA_proses",
        "Memproses surat permohonan pelibatan",
        "PG1cA_setuju",
        "PyB instansi pemohon setuju?",
        variable="disetujui_pyb_pemohon",
        lane=L["L_PYB_PEMOHON"],
        cites=("B2.1c.2",),
    )
    outcome = (
        "Teks tidak menyebut bagaimana Pimpinan Unit Organisasi Pemilik Kinerja mengetahui hasil "
        "permohonannya; dimodelkan: PyB instansi pemohon meneruskan jawaban kepadanya, agar "
        "perencanaan yang memanggil penugasan ini dapat memutuskan kelanjutannya."
    )
    b.user_task(
        "PG1cA_terima_tidak_diteruskan",
        "Menerima pemberitahuan permohonan tidak diteruskan",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.1", "B2.1c.2"),
        note=outcome,
    )
    b.user_task(
        "PG1cA_terima_hasil",
        "Menerima jawaban dan daftar JF/JP yang ditugaskan",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.1", "B2.1c.6", "B2.1c.8"),
        note=outcome,
    )
    b.user_task(
        "PG1cA_terima_hasil_tolak",
        "Menerima jawaban penolakan instansi dituju",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.1", "B2.1c.3"),
        note=outcome,
    )
    b.end(
        "PG1cA_tidak_diteruskan",
        "Permohonan tidak diteruskan",
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.2",),
        note=SILENT_NO,
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
        lane=L["L_PIMPINAN_PEMILIK"],
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
        lane=L["L_PIMPINAN_PEMILIK"],
        cites=("B2.1c.3",),
        note=_SILENT_1C,
    )
    b.chain("PG1cA_mulai", "PG1cA_kirim_permohonan", "PG1cA_proses", "PG1cA_setuju")
    yes_no(
        b,
        "PG1cA_setuju",
        "PG1cA_kirim_ke_tujuan",
        "PG1cA_terima_tidak_diteruskan",
        "disetujui_pyb_pemohon",
        yes_cites=("B2.1c.2",),
        no_cites=("B2.1c.2",),
    )
    b.chain("PG1cA_terima_tidak_diteruskan", "PG1cA_tidak_diteruskan")
    b.chain("PG1cA_kirim_ke_tujuan", "PG1cA_tunggu_jawaban")
    b.chain(
        "PG1cA_tunggu_jawaban",
        "PG1cA_terima_jawaban",
        "PG1cA_terima_tembusan",
        "PG1cA_terima_hasil",
        "PG1cA_ditugaskan",
    )
    b.chain(
        "PG1cA_tunggu_jawaban",
        "PG1cA_terima_penolakan",
        "PG1cA_terima_hasil_tolak",
        "PG1cA_ditolak",
    )
    return b


def _dituju_1c() -> ProcessBuilder:
    b = ProcessBuilder(
        "PG_1c_instansi_dituju",
        "Penunjukkan lintas instansi: instansi dituju",
        documentation_cites=("B2.1c.3",),
    )
    L = lanes(b, "PG1cB", "L_PYB_TUJUAN", "L_PPK_TUJUAN", "L_PIMPINAN_TUJUAN", "L_JFJP")
    b.start(
        "PG1cB_mulai",
        "Surat permohonan pelibatan diterima",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.2",),
        event_definitions=_message("PG1cB_mulai", _MSG_PERMOHONAN),
    )
    decision(
        b,
        "PG1cB_proses",
        "Memproses surat permohonan pelibatan",
        "PG1cB_setuju",
        "PyB instansi dituju setuju?",
        variable="disetujui_pyb_dituju",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.3",),
    )
    _refusal(
        b,
        "PG1cB_ditolak_pyb",
        "Permohonan ditolak (surat jawaban penolakan)",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.3",),
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
    decision(
        b,
        "PG1cB_jawab_ketersediaan",
        "Menjawab ketersediaan JF/JP sesuai kriteria",
        "PG1cB_tersedia",
        "JF/JP tersedia?",
        variable="tersedia",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.4",),
        gateway_cites=("B2.1c.5",),
    )
    _refusal(
        b,
        "PG1cB_tidak_tersedia",
        "JF/JP tidak tersedia (surat jawaban penolakan)",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.5",),
    )
    b.user_task(
        "PG1cB_kirim_daftar",
        "Mengirim surat jawaban dan daftar JF/JP kepada PyB",
        lane=L["L_PPK_TUJUAN"],
        cites=("B2.1c.6",),
    )
    decision(
        b,
        "PG1cB_periksa_daftar",
        "Memeriksa surat jawaban dan daftar JF/JP",
        "PG1cB_daftar_setuju",
        "Daftar JF/JP disetujui?",
        variable="daftar_disetujui",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.6",),
    )
    _refusal(
        b,
        "PG1cB_daftar_ditolak",
        "Daftar JF/JP tidak disetujui (surat jawaban penolakan)",
        lane=L["L_PYB_TUJUAN"],
        cites=("B2.1c.6",),
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
    receive_letter(b, "PG1cB", lane=L["L_JFJP"], cites=("B2.1c.9",))
    b.chain("PG1cB_mulai", "PG1cB_proses", "PG1cB_setuju")
    yes_no(b, "PG1cB_setuju", "PG1cB_instruksi", "PG1cB_ditolak_pyb", "disetujui_pyb_dituju")
    b.chain("PG1cB_instruksi", "PG1cB_rekomendasi", "PG1cB_jawab_ketersediaan", "PG1cB_tersedia")
    yes_no(
        b,
        "PG1cB_tersedia",
        "PG1cB_kirim_daftar",
        "PG1cB_tidak_tersedia",
        "tersedia",
        yes_cites=("B2.1c.5",),
    )
    b.chain("PG1cB_kirim_daftar", "PG1cB_periksa_daftar", "PG1cB_daftar_setuju")
    yes_no(
        b, "PG1cB_daftar_setuju", "PG1cB_kirim_jawaban", "PG1cB_daftar_ditolak", "daftar_disetujui"
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
    d = file_builder(
        "penugasan_1c_penunjukkan_lintas_instansi",
        "Penugasan: penunjukkan lintas instansi pemerintah",
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
