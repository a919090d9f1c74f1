"""What the penugasan variants share: lane names, the quoted Pasal, notes, small helpers.

Used by :mod:`.penugasan` (variants 1a, 1b, 2a, 2b) and :mod:`.penugasan_1c`
(the collaboration across agencies).
"""

from __future__ import annotations

from typing import Any

from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.roles import ROLES

__all__ = [
    "DITETAPKAN_PPK",
    "LANES",
    "PASAL_10_2",
    "PASAL_11_2",
    "PASAL_11_3",
    "PASAL_11_4",
    "PASAL_12",
    "PASAL_12_NOTE",
    "SILENT_NO",
    "SURAT",
    "decision",
    "lanes",
    "receive_letter",
    "yes_no",
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

PASAL_10_2 = Reference(
    "Pasal 10 ayat (2)",
    "Penugasan secara individu dan/atau dalam Tim Kerja sebagaimana dimaksud pada ayat (1), "
    "dapat melibatkan Pejabat Fungsional dan/atau Pejabat Pelaksana yang berasal dari dalam "
    "satu unit organisasi, lintas unit organisasi, dan/atau lintas Instansi Pemerintah.",
)
PASAL_11_2 = Reference(
    "Pasal 11 ayat (2)",
    "Penunjukkan sebagaimana dimaksud pada ayat (1) huruf a, merupakan penugasan langsung "
    "kepada Pejabat Fungsional dan/atau Pejabat Pelaksana oleh Pejabat Penilai Kinerja dan/atau "
    "Pimpinan Unit Organisasi untuk melaksanakan kinerja tertentu.",
)
PASAL_11_3 = Reference(
    "Pasal 11 ayat (3)",
    "Pengajuan sukarela sebagaimana dimaksud pada ayat (1) huruf b, merupakan penugasan Pejabat "
    "Fungsional dan/atau Pejabat Pelaksana atas dasar permohonan aktif dari Pejabat Fungsional "
    "dan/atau Pejabat Pelaksana untuk melaksanakan kinerja tertentu.",
)
PASAL_11_4 = Reference(
    "Pasal 11 ayat (4)",
    "Penugasan sebagaimana dimaksud pada Ayat (1), ditetapkan oleh Pejabat Penilai Kinerja atau "
    "Pimpinan Unit Organisasi.",
)
SURAT = Reference(
    "Lampiran II.B.2",
    "Pejabat Fungsional dan/atau Pejabat Pelaksana tersebut diberikan surat penugasan dan/atau "
    "bukti penugasan tertulis lainnya yang berbentuk fisik ataupun elektronik.",
)
DITETAPKAN_PPK = Reference(
    "Lampiran II.B.2 huruf c",
    "Penugasan Pejabat Fungsional dan/atau Pejabat Pelaksana untuk melaksanakan tugas di bawah "
    "Pimpinan Unit Organisasi ditetapkan oleh Pejabat Penilai Kinerja bersangkutan atas usulan "
    "dari Pimpinan Unit Organisasi",
)
PASAL_12 = Reference(
    "Pasal 12",
    "Rincian Penugasan sebagaimana dimaksud dalam Pasal 13 tercantum dalam Lampiran yang "
    "merupakan bagian tidak terpisahkan dalam Peraturan Wali Kota ini.",
)
PASAL_12_NOTE = (
    "Pasal 12 merujuk 'Pasal 13' (pelaksanaan tugas); yang dimaksud tampaknya Pasal 11 "
    "(penugasan). Rincian penugasan ada di Lampiran II.B.2."
)
SILENT_NO = (
    "Teks hanya mengatur apa yang terjadi bila permohonan disetujui; cabang 'tidak disetujui' "
    "diakhiri secara eksplisit tanpa penugasan dan tanpa langkah lain yang tidak ditulis teks."
)


def lanes(b: ProcessBuilder, prefix: str, *keys: str) -> dict[str, str]:
    """Declare the lanes ``<prefix>_<key>`` (ids unique per file, role key kept as suffix)."""
    return {key: b.lane(f"{prefix}_{key}", LANES[key]) for key in keys}


def decision(
    b: ProcessBuilder,
    task_id: str,
    task_name: str,
    gateway_id: str,
    gateway_name: str,
    *,
    variable: str,
    lane: str,
    cites: tuple[str, ...],
    gateway_cites: tuple[str, ...] = (),
    **task_fields: Any,
) -> str:
    """A user task deciding the boolean ``variable``, then the gateway asking it (same lane).

    The gateway cites ``gateway_cites`` (default: the task's ``cites``). Returns the gateway id.
    """
    b.user_task(
        task_id,
        task_name,
        lane=lane,
        cites=cites,
        documentation=f"Keputusan: {variable} (True/False).",
        **task_fields,
    )
    return b.xor(gateway_id, gateway_name, lane=lane, cites=gateway_cites or cites)


def yes_no(
    b: ProcessBuilder,
    gateway: str,
    yes: str,
    no: str,
    variable: str,
    *,
    yes_cites: tuple[str, ...] = (),
    no_cites: tuple[str, ...] = (),
) -> None:
    """The two branches of a decision gateway: ``Ya`` when ``variable``, ``Tidak`` when not."""
    b.flow(gateway, yes, name="Ya", condition=variable, cites=yes_cites)
    b.flow(gateway, no, name="Tidak", condition=f"not {variable}", cites=no_cites)


def receive_letter(
    b: ProcessBuilder,
    prefix: str,
    *,
    lane: str,
    cites: tuple[str, ...],
    refs: tuple[Reference, ...] = (),
) -> tuple[str, str]:
    """JF/JP receives the surat penugasan (``<prefix>_terima``), then ends assigned.

    Returns the ids of the task and of the end event ``<prefix>_ditugaskan``.
    """
    task = b.user_task(
        f"{prefix}_terima",
        "Menerima surat penugasan untuk dilaksanakan",
        lane=lane,
        cites=cites,
        refs=refs,
    )
    end = b.end(f"{prefix}_ditugaskan", "JF/JP ditugaskan", lane=lane, cites=cites)
    return task, end
