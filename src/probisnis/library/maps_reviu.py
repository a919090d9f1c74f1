"""01.03 Reviu dan evaluasi proses bisnis dan SOP (Pasal 20 ayat (2)-(4)), a swimlane process.

The Bagian Organisasi's own process, the one this toolkit serves: the analyst reviews
the maps Pasal 20 ayat (4) lists (peta subproses, peta relasi, peta lintas fungsi,
peta level 1 dan turunannya) and the SOP written from them, the unit owning the SOP
answers, the Kepala Bagian Organisasi decides whether the SOP is adjusted (ayat (3)),
and the Tim Transformasi Manajemen guards the adjustment of the sistem kerja
(Lampiran II.C). Pasal 20 names no actor: the lanes are the modeller's reading
(stated in the documentation); ayat (5) leaves the procedure to other regulation.
"""

from __future__ import annotations

from probisnis.bpmn.model import Definitions
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.files import single_file
from probisnis.library.maps_texts import (
    PASAL_20_3,
    PASAL_20_4,
    PETA_LEVEL_1,
    PETA_RELASI,
    PETA_SUBPROSES,
    REVIU_PROCESS_ID,
    TIM_TRANSFORMASI,
)

__all__ = ["STEM", "build_reviu"]

#: the file stem in processes/
STEM = "reviu_evaluasi_proses_bisnis"

PASAL_20_2 = Reference(
    "Pasal 20 ayat (2)",
    "Untuk Penyesuaian Sistem Kerja perlu dilakukan perbaikan dan pengembangan Proses Bisnis.",
)
PETA_LINTAS_FUNGSI = Reference("Pasal 20 ayat (4) huruf c", "peta lintas fungsi; dan/atau")
SINERGITAS = Reference(
    "Lampiran II.C",
    "Penguatan kolaborasi dan sinergitas antar unit organisasi di Lingkungan Pemerintah Kota "
    "Probolinggo",
)

_ROLES = (
    "Peran dibaca pemodel: Pasal 20 tidak menyebut pelaksana reviu; di Pemkot Probolinggo "
    "tugas ini ada pada Bagian Organisasi Sekretariat Daerah."
)


def build_reviu(*, layout: bool = True) -> Definitions:
    """``processes/reviu_evaluasi_proses_bisnis.bpmn``: 01.03 with four lanes."""
    p = "RV"
    b = ProcessBuilder(
        REVIU_PROCESS_ID,
        "01.03 Reviu dan Evaluasi Proses Bisnis dan SOP",
        documentation_refs=(PASAL_20_2, PASAL_20_3, PASAL_20_4),
        note=_ROLES,
    )
    analis = b.lane(f"{p}_L_ANALIS", "Analis Bagian Organisasi")
    kabag = b.lane(f"{p}_L_KABAG", "Kepala Bagian Organisasi")
    unit = b.lane(f"{p}_L_UNIT", "Unit Organisasi pemilik SOP")
    tim = b.lane(f"{p}_L_TIM", "Tim Transformasi Manajemen")
    b.start(
        f"{p}_mulai",
        "Jadwal reviu berkala atau usulan perubahan",
        lane=analis,
        refs=(PASAL_20_2,),
    )
    b.user_task(
        f"{p}_reviu_peta",
        "Mereviu peta subproses, peta relasi, dan peta level 1",
        lane=analis,
        refs=(PASAL_20_4, PETA_SUBPROSES, PETA_RELASI, PETA_LEVEL_1),
    )
    b.user_task(
        f"{p}_reviu_sop",
        "Mereviu SOP terhadap peta lintas fungsi",
        lane=analis,
        refs=(PETA_LINTAS_FUNGSI, PASAL_20_3),
        note="SOP disusun dari peta lintas fungsi; Nomor SOP = kode peta (Kode peta).",
    )
    b.user_task(
        f"{p}_usulan",
        "Menyusun hasil evaluasi dan usulan penyesuaian SOP",
        lane=analis,
        refs=(PASAL_20_3,),
    )
    b.user_task(
        f"{p}_tanggapan",
        "Menanggapi hasil evaluasi dan usulan penyesuaian",
        lane=unit,
        refs=(PASAL_20_3, SINERGITAS),
    )
    b.user_task(
        f"{p}_putuskan",
        "Memutuskan penyesuaian SOP",
        lane=kabag,
        refs=(PASAL_20_3,),
        documentation="Keputusan: perlu_penyesuaian (True/False).",
    )
    b.xor(f"{p}_perlu", "Perlu penyesuaian SOP?", lane=kabag, refs=(PASAL_20_3,))
    b.user_task(
        f"{p}_kawal",
        "Mengawal dan mengendalikan penyesuaian sistem kerja",
        lane=tim,
        refs=(TIM_TRANSFORMASI, PASAL_20_2),
    )
    b.user_task(
        f"{p}_sesuaikan",
        "Menyesuaikan SOP dan peta proses bisnis",
        lane=unit,
        refs=(PASAL_20_3, PASAL_20_2),
    )
    b.end(f"{p}_disesuaikan", "SOP disesuaikan", lane=unit, refs=(PASAL_20_3,))
    b.end(f"{p}_tetap", "SOP tetap berlaku", lane=kabag, refs=(PASAL_20_3,))
    b.chain(
        f"{p}_mulai",
        f"{p}_reviu_peta",
        f"{p}_reviu_sop",
        f"{p}_usulan",
        f"{p}_tanggapan",
        f"{p}_putuskan",
        f"{p}_perlu",
    )
    b.flow(
        f"{p}_perlu",
        f"{p}_kawal",
        name="Ya",
        condition="perlu_penyesuaian",
        refs=(PASAL_20_3,),
    )
    b.flow(
        f"{p}_perlu",
        f"{p}_tetap",
        name="Tidak",
        condition="not perlu_penyesuaian",
        refs=(PASAL_20_3,),
    )
    b.chain(f"{p}_kawal", f"{p}_sesuaikan", f"{p}_disesuaikan")
    return single_file(STEM, b, layout=layout)
