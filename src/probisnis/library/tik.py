"""03.03 Pemanfaatan teknologi, informasi, dan komunikasi (Pasal 18-19), a swimlane process.

Pasal 7 ayat (1) huruf f makes pemanfaatan TIK a part of the mekanisme kerja; Pasal 18-19
say what it consists of: the instansi puts electronic administration first through
integrated Aplikasi SPBE (ayat (1)), in the form of *aplikasi umum berbagi pakai* (ayat (2));
the Pimpinan Instansi Pemerintah makes sure every Unit Organisasi uses them (Pasal 19 ayat
(1)); the Tim Koordinasi SPBE coordinates their integration (Pasal 19 ayat (2)).

The text gives the duties, not their order: the sequence below is the modeller's reading
(stated in the documentation): the unit names the administrative service it runs
electronically, the Tim Koordinasi SPBE looks for a shared application (and, where none
fits, coordinates one into the integrated whole), the unit uses it, and the Pimpinan
Instansi checks the use, sending the unit back until it is used.
"""

from __future__ import annotations

from probisnis.bpmn.model import Definitions
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.files import single_file
from probisnis.library.maps_texts import PASAL_19_1, PASAL_19_2, TIK, TIK_PROCESS_ID

__all__ = ["LIBRARY", "PASAL_18_1", "PASAL_18_2", "STEM", "build_tik"]

#: the file stem in processes/
STEM = "pemanfaatan_tik"

PASAL_18_1 = Reference(
    "Pasal 18 ayat (1)",
    "Instansi pemerintah mengutamakan layanan administrasi pemerintahan berbasis elektronik "
    "melalui pemanfaatan Aplikasi SPBE yang terintegrasi dalam mendukung sistem kerja "
    "instansi pemerintah.",
)
PASAL_18_2 = Reference(
    "Pasal 18 ayat (2)",
    "Aplikasi SPBE sebagaimana dimaksud pada ayat (1), berupa aplikasi umum berbagi pakai.",
)

_ORDER = (
    "Pasal 18-19 menyebut tugas, bukan urutannya: urutan langkah adalah bacaan pemodel. "
    "Pimpinan Instansi Pemerintah (Pasal 19 ayat (1)) dan Tim Koordinasi SPBE (ayat (2)) "
    "adalah pelaku yang disebut teks; Unit Organisasi diwakili Pimpinan Unit Organisasi."
)


def build_tik(*, layout: bool = True) -> Definitions:
    """``processes/pemanfaatan_tik.bpmn``: 03.03 with three lanes, both decisions explicit."""
    p = "TIK"
    b = ProcessBuilder(
        TIK_PROCESS_ID,
        "Pemanfaatan Teknologi, Informasi, dan Komunikasi",
        documentation_refs=(TIK, PASAL_18_1, PASAL_18_2, PASAL_19_1, PASAL_19_2),
        note=_ORDER,
    )
    pimpinan = b.lane(f"{p}_L_PIMPINAN_INSTANSI", "Pimpinan Instansi Pemerintah")
    unit = b.lane(f"{p}_L_PIMPINAN_UNIT", "Pimpinan Unit Organisasi")
    spbe = b.lane(f"{p}_L_SPBE", "Tim Koordinasi SPBE Instansi Pemerintah")
    b.start(
        f"{p}_mulai",
        "Layanan administrasi perlu dijalankan",
        lane=unit,
        refs=(PASAL_18_1,),
    )
    b.user_task(
        f"{p}_identifikasi",
        "Mengidentifikasi layanan administrasi berbasis elektronik",
        lane=unit,
        refs=(PASAL_18_1, TIK),
    )
    b.user_task(
        f"{p}_telaah",
        "Menelaah ketersediaan aplikasi umum berbagi pakai",
        lane=spbe,
        refs=(PASAL_18_2, PASAL_19_2),
        documentation="Keputusan: aplikasi_tersedia (True/False).",
    )
    b.xor(f"{p}_tersedia", "Aplikasi umum tersedia?", lane=spbe, refs=(PASAL_18_2,))
    b.user_task(
        f"{p}_koordinasi",
        "Mengoordinasikan keterpaduan aplikasi SPBE",
        lane=spbe,
        refs=(PASAL_19_2, PASAL_18_1),
        note=(
            "Teks tidak mengatur bila aplikasi umum belum ada; dibaca sebagai koordinasi "
            "keterpaduan oleh Tim Koordinasi SPBE sebelum unit memakainya."
        ),
    )
    b.xor(f"{p}_siap", "", lane=unit, refs=(PASAL_18_2,))
    b.user_task(
        f"{p}_gunakan",
        "Menggunakan aplikasi umum berbagi pakai",
        lane=unit,
        refs=(PASAL_18_2, PASAL_19_1),
    )
    b.user_task(
        f"{p}_pastikan",
        "Memastikan Unit Organisasi menggunakan aplikasi umum",
        lane=pimpinan,
        refs=(PASAL_19_1,),
        documentation="Keputusan: digunakan (True/False).",
    )
    b.xor(f"{p}_digunakan", "Sudah digunakan?", lane=pimpinan, refs=(PASAL_19_1,))
    b.end(
        f"{p}_selesai",
        "Aplikasi umum berbagi pakai digunakan",
        lane=pimpinan,
        refs=(PASAL_19_1,),
    )
    b.chain(f"{p}_mulai", f"{p}_identifikasi", f"{p}_telaah", f"{p}_tersedia")
    b.flow(f"{p}_tersedia", f"{p}_siap", name="Ya", condition="aplikasi_tersedia")
    b.flow(f"{p}_tersedia", f"{p}_koordinasi", name="Tidak", condition="not aplikasi_tersedia")
    b.chain(f"{p}_koordinasi", f"{p}_siap")
    b.chain(f"{p}_siap", f"{p}_gunakan", f"{p}_pastikan", f"{p}_digunakan")
    b.flow(f"{p}_digunakan", f"{p}_selesai", name="Ya", condition="digunakan")
    b.flow(
        f"{p}_digunakan",
        f"{p}_siap",
        name="Tidak",
        condition="not digunakan",
        refs=(PASAL_19_1,),
    )
    return single_file(STEM, b, layout=layout)


#: file stem (in processes/) -> builder; the shape of ``probisnis.library.build.LIBRARY``
LIBRARY = {STEM: build_tik}
