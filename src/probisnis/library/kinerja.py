"""Pertanggungjawaban (Pasal 14-16) and pengelolaan kinerja (Pasal 17) as executable processes.

``PJ_pertanggungjawaban`` (processes/pertanggungjawaban.bpmn): a JF/JP working
alone reports straight to the Pimpinan Unit Organisasi (Pasal 14, [B3.p.1]); in
a Tim Kerja, Anggota Tim report to the Ketua Tim ([B3.p.2]) and the Ketua Tim
reports to the Pimpinan periodically ([B3.p.3], Pasal 15 ayat (2)), a loop that
ends when the Pimpinan records the team's task as finished. Pasal 15 ayat (3)
lets the Pimpinan ask for a report *at any time*: a non-interrupting event
subprocess (``PJ_permintaan_sewaktu``, started by a repeating timer) in which the
Pimpinan asks, the Ketua Tim answers and the Pimpinan receives the report, as
often as the timer fires, while the periodic reporting goes on.

``PK_pengelolaan_kinerja`` (processes/pengelolaan_kinerja.bpmn): the four parts
of Pasal 17 ayat (1) in order: perencanaan (penetapan, klarifikasi spesifikasi),
pelaksanaan/pemantauan/pembinaan (pendokumentasian, umpan balik berkelanjutan,
pengembangan; repeated until the period ends), penilaian (evaluasi kinerja),
tindak lanjut. Above expectation -> penghargaan (Pasal 17 ayat (2)); its three
forms are alternatives the text lists without making them exclusive, so an
*inclusive* gateway lets one, two or all three be given. Otherwise the text
names sanksi but not when; whether a sanksi applies is a decision taken under
the peraturan perundang-undangan Pasal 17 ayat (3) refers to, and both outcomes
end explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from probisnis.bpmn.model import Definitions, EventDefinition, Process
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.files import definitions_of, single_file, write_all
from probisnis.library.labels import place_labels

__all__ = [
    "LIBRARY",
    "build",
    "build_pengelolaan_kinerja",
    "build_pertanggungjawaban",
    "definitions",
]

_JFJP = "Pejabat Fungsional dan/atau Pejabat Pelaksana"

_PASAL_10_1 = Reference(
    "Pasal 10 ayat (1)",
    "Dalam pelaksanaan tugas, Pejabat Fungsional dan/atau Pejabat Pelaksana dapat bekerja "
    "secara individu dan/atau dalam Tim Kerja dengan mengedepankan profesionalisme, "
    "kompetensi, serta kolaborasi berdasarkan keahlian dan/atau keterampilan.",
)
_PASAL_14 = Reference(
    "Pasal 14",
    "Pejabat Fungsional dan/atau Pejabat Pelaksana yang ditugaskan secara individu melaporkan "
    "pelaksanaan tugasnya secara langsung kepada Pimpinan Unit Organisasi.",
)
_PASAL_15_1 = Reference(
    "Pasal 15 ayat (1)",
    "Dalam rangka pertanggungjawaban pelaksanaan tugas, Pejabat Fungsional dan/atau Pejabat "
    "Pelaksana yang berperan sebagai Anggota Tim melaporkan pelaksanaan tugas kepada Ketua Tim.",
)
_PASAL_15_2 = Reference(
    "Pasal 15 ayat (2)",
    "Pejabat Fungsional dan/atau Pejabat Pelaksana yang berperan sebagai Ketua Tim melaporkan "
    "pelaksanaan tugas Tim Kerja kepada Pimpinan Unit Organisasi secara berkala.",
)
_PASAL_15_3 = Reference(
    "Pasal 15 ayat (3)",
    "Pimpinan Unit Organisasi secara sewaktu-waktu berwenang untuk meminta laporan kepada "
    "Ketua Tim dan/atau Anggota Tim Kerja.",
)
_PASAL_16 = Reference(
    "Pasal 16",
    "Rincian pertanggungjawaban pelaksanaan tugas sebagaimana dimaksud dalam Pasal 16 dan "
    "Pasal 17 tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dalam "
    "Peraturan Wali Kota ini.",
)
_PASAL_17_1A = Reference(
    "Pasal 17 ayat (1) huruf a",
    "perencanaan kinerja, yang meliputi penetapan dan klarifikasi spesifikasi;",
)
_PASAL_17_1B = Reference(
    "Pasal 17 ayat (1) huruf b",
    "pelaksanaan, pemantauan, dan pembinaan kinerja, yang meliputi pendokumentasian kinerja, "
    "pemberian umpan balik berkelanjutan, dan pengembangan kinerja pegawai;",
)
_PASAL_17_1C = Reference(
    "Pasal 17 ayat (1) huruf c", "penilaian kinerja, yang meliputi evaluasi kinerja pegawai; dan"
)
_PASAL_17_1D = Reference(
    "Pasal 17 ayat (1) huruf d",
    "tindak lanjut hasil evaluasi kinerja, yang meliputi pemberian penghargaan dan sanksi.",
)
_PASAL_17_2 = Reference(
    "Pasal 17 ayat (2)",
    "Pemberian penghargaan sebagaimana dimaksud pada ayat (1) huruf d diberikan bagi ASN yang "
    "penilaian kinerjanya (sasaran kinerja pegawai) diatas ekspektasi",
)
_PASAL_17_2A = Reference("Pasal 17 ayat (2) huruf a", "piagam penghargaan;")
PASAL_17_2B = Reference(
    "Pasal 17 ayat (2) huruf b", "diusulkan dalam usulan nominasi award ASN Pemerintah Pusat;"
)
_PASAL_17_2C = Reference(
    "Pasal 17 ayat (2) huruf c",
    "pengusulan bimbingan teknis ataupun diklat sesuai dengan kelas jabatannya.",
)
_PASAL_17_3 = Reference(
    "Pasal 17 ayat (3)",
    "Pengelolaan kinerja Pejabat Fungsional dan/atau Pejabat Pelaksana sebagaimana dimaksud "
    "ayat (1), dilaksanakan berdasarkan ketentuan peraturan perundang-undangan yang berlaku "
    "yang mengatur mengenai pengelolaan kinerja Pejabat Fungsional dan/atau Pejabat Pelaksana.",
)
_TJ_PIMPINAN = Reference(
    "Lampiran II.B.3 (tanggung jawab Pimpinan Unit Organisasi)",
    "memberikan arahan terpadu, input, dan *feedback* atas pelaksanaan kegiatan;",
)
_TJ_KETUA = Reference(
    "Lampiran II.B.3 (tanggung jawab Ketua Tim)",
    "melaporkan hasil kinerja anggota timnya kepada Pejabat Penilai Kinerja dan Pimpinan Unit "
    "Organisasi yang bersangkutan sebagai bahan pertimbangan penilaian kinerja Pejabat "
    "Fungsional dan/atau Pejabat Pelaksana; dan",
)
_TERMINATE = (
    "Akhir yang menghentikan semua (terminate): dengan selesainya pertanggungjawaban, "
    "kewenangan meminta laporan sewaktu-waktu (Pasal 15 ayat (3)) atas tugas ini ikut berakhir."
)
_NO_ACTOR = (
    "Pasal 17 tidak menyebut pelaku langkah ini; diletakkan pada Pejabat Penilai Kinerja, "
    "yang menurut Pasal 1 angka 10 adalah atasan langsung penilai kinerja JF/JP."
)


def _single(
    stem: str, b: ProcessBuilder, layout: bool, relabel: tuple[str, ...] = ()
) -> Definitions:
    defs = single_file(stem, b, layout=layout)
    return place_labels(defs, relabel) if layout and relabel else defs


# -- pertanggungjawaban -------------------------------------------------------------------------
def build_pertanggungjawaban(*, layout: bool = True) -> Definitions:
    """Reporting lines of Pasal 14-15 / Lampiran II.B Pertanggungjawaban ([B3.p.1]-[B3.p.3])."""
    b = ProcessBuilder(
        "PJ_pertanggungjawaban",
        "Pertanggungjawaban pelaksanaan tugas",
        documentation_cites=("B3.p.1", "B3.p.2", "B3.p.3"),
        documentation_refs=(_PASAL_14, _PASAL_15_1, _PASAL_15_2, _PASAL_15_3, _PASAL_16),
        note=(
            "Pasal 16 merujuk 'Pasal 16 dan Pasal 17' untuk rincian pertanggungjawaban; yang "
            "dimaksud tampaknya Pasal 14 dan 15. Jalur Tim Kerja mengandaikan ada Ketua Tim "
            "(B3.p.2); teks tidak mengatur pelaporan Tim Kerja tanpa Ketua Tim."
        ),
    )
    jfjp = b.lane("PJ_L_JFJP", _JFJP, documentation="Individu atau Anggota Tim.")
    ketua = b.lane("PJ_L_KETUA_TIM", "Ketua Tim")
    pimpinan = b.lane("PJ_L_PIMPINAN", "Pimpinan Unit Organisasi")
    b.start("PJ_mulai", "Tugas dilaksanakan", lane=jfjp, cites=("B3.p.1",), refs=(_PASAL_10_1,))
    b.user_task(
        "PJ_siapkan",
        "Menyiapkan laporan pelaksanaan tugas",
        lane=jfjp,
        cites=("B3.p.1", "B3.p.2"),
        documentation="Data: bentuk ('individu' | 'tim_kerja'), bentuk pelaksanaan tugas.",
    )
    b.xor("PJ_bentuk", "Individu atau Tim Kerja?", lane=jfjp, refs=(_PASAL_10_1,))
    # individu
    b.user_task(
        "PJ_lapor_individu",
        "Melaporkan tugas langsung kepada Pimpinan",
        lane=jfjp,
        cites=("B3.p.1",),
        refs=(_PASAL_14,),
    )
    b.user_task(
        "PJ_terima_individu",
        "Menerima laporan pelaksanaan tugas individu",
        lane=pimpinan,
        cites=("B3.p.1",),
        refs=(_PASAL_14,),
    )
    b.terminate_end(
        "PJ_selesai_individu",
        "Laporan individu diterima",
        lane=pimpinan,
        cites=("B3.p.1",),
        note=_TERMINATE,
    )
    # tim kerja: periodic reporting (Pasal 15 ayat (2))
    b.xor("PJ_tim_mulai", "", lane=ketua, cites=("B3.p.2", "B3.p.3"))
    b.user_task(
        "PJ_lapor_anggota",
        "Melaporkan pelaksanaan tugas kepada Ketua Tim",
        lane=jfjp,
        cites=("B3.p.2",),
        refs=(_PASAL_15_1,),
    )
    b.user_task(
        "PJ_lapor_ketua",
        "Melaporkan tugas Tim Kerja kepada Pimpinan",
        lane=ketua,
        cites=("B3.p.3",),
        refs=(_PASAL_15_2,),
    )
    b.user_task(
        "PJ_terima_berkala",
        "Menerima laporan berkala Tim Kerja",
        lane=pimpinan,
        cites=("B3.p.3",),
        refs=(_PASAL_15_2,),
        documentation="Data: tugas_selesai (True/False), tugas Tim Kerja telah selesai.",
    )
    b.xor(
        "PJ_tugas_selesai",
        "Tugas Tim Kerja selesai?",
        lane=pimpinan,
        refs=(_PASAL_15_2,),
        note="'Secara berkala': tiap periode laporan diulang sampai tugas Tim Kerja selesai.",
    )
    b.terminate_end(
        "PJ_selesai_tim",
        "Laporan Tim Kerja diterima",
        lane=pimpinan,
        cites=("B3.p.3",),
        note=_TERMINATE,
    )
    # Pasal 15 ayat (3): a request at any time, while the reporting runs
    b.node(
        "subProcess",
        "PJ_permintaan_sewaktu",
        "Permintaan laporan sewaktu-waktu",
        lane=pimpinan,
        refs=(_PASAL_15_3,),
        triggered_by_event=True,
        subprocess=_permintaan_sewaktu(),
        note=(
            "Subproses peristiwa (event subprocess) yang tidak menyela: selama pertanggungjawaban "
            "berjalan, Pimpinan Unit Organisasi dapat meminta laporan kapan saja, berapa kali "
            "pun, tanpa menghentikan pelaporan berkala. Pemicunya pewaktu berulang "
            f"({PERMINTAAN_SIKLUS}); selang antarpermintaan diatur di skenario simulasi "
            "([timers.PJ_minta_mulai])."
        ),
    )

    b.chain("PJ_mulai", "PJ_siapkan", "PJ_bentuk")
    b.flow("PJ_bentuk", "PJ_lapor_individu", name="Individu", condition="bentuk == 'individu'")
    b.chain("PJ_lapor_individu", "PJ_terima_individu", "PJ_selesai_individu")
    b.flow("PJ_bentuk", "PJ_tim_mulai", name="Tim Kerja", condition="bentuk == 'tim_kerja'")
    b.chain("PJ_tim_mulai", "PJ_lapor_anggota", "PJ_lapor_ketua", "PJ_terima_berkala")
    b.chain("PJ_terima_berkala", "PJ_tugas_selesai")
    b.flow("PJ_tugas_selesai", "PJ_tim_mulai", name="Tidak", condition="not tugas_selesai")
    b.flow("PJ_tugas_selesai", "PJ_selesai_tim", name="Ya", condition="tugas_selesai")
    # the loop back leaves its gateway beside the way out: keep their labels apart
    relabel = ("PJ_tugas_selesai__PJ_selesai_tim", "PJ_tugas_selesai__PJ_tim_mulai")
    return _single("pertanggungjawaban", b, layout, relabel)


#: how often, at most, the Pimpinan's requests come in the model (ISO 8601 repeating interval;
#: the simulation scenario sets its own interval)
PERMINTAAN_SIKLUS = "R/P10D"


def _permintaan_sewaktu() -> Process:
    """The body of the event subprocess: request, report, receipt (Pasal 15 ayat (3))."""
    b = ProcessBuilder("PJ_permintaan_sewaktu", "Permintaan laporan sewaktu-waktu")
    pimpinan = b.lane("PJS_L_PIMPINAN", "Pimpinan Unit Organisasi")
    ketua = b.lane("PJS_L_KETUA_TIM", "Ketua Tim")
    cycle = {"timeCycle": f"'{PERMINTAAN_SIKLUS}'"}  # quoted: SpiffWorkflow evaluates it
    timer = EventDefinition("timer", id="PJ_minta_mulai_def", attrs=cycle)
    b.start(
        "PJ_minta_mulai",
        "Pimpinan memerlukan laporan",
        lane=pimpinan,
        refs=(_PASAL_15_3,),
        event_definitions=(timer,),
        attrs={"isInterrupting": "false"},
    )
    b.user_task(
        "PJ_minta_laporan",
        "Meminta laporan kepada Ketua Tim dan/atau Anggota Tim",
        lane=pimpinan,
        refs=(_PASAL_15_3,),
    )
    b.user_task(
        "PJ_lapor_sewaktu",
        "Menyampaikan laporan yang diminta Pimpinan",
        lane=ketua,
        refs=(_PASAL_15_3,),
        note="Teks: kepada Ketua Tim dan/atau Anggota Tim; dimodelkan pada Ketua Tim.",
    )
    b.user_task(
        "PJ_terima_sewaktu",
        "Menerima laporan yang diminta",
        lane=pimpinan,
        refs=(_PASAL_15_3,),
    )
    b.end("PJ_minta_selesai", "Laporan yang diminta diterima", lane=pimpinan, refs=(_PASAL_15_3,))
    b.chain("PJ_minta_mulai", "PJ_minta_laporan", "PJ_lapor_sewaktu", "PJ_terima_sewaktu")
    b.flow("PJ_terima_sewaktu", "PJ_minta_selesai")
    return b.build()


# -- pengelolaan kinerja ------------------------------------------------------------------------
def build_pengelolaan_kinerja(*, layout: bool = True) -> Definitions:
    """Pasal 17: perencanaan, pelaksanaan/pemantauan/pembinaan, penilaian, tindak lanjut."""
    b = ProcessBuilder(
        "PK_pengelolaan_kinerja",
        "Pengelolaan kinerja Pejabat Fungsional dan/atau Pejabat Pelaksana",
        documentation_refs=(_PASAL_17_1A, _PASAL_17_1B, _PASAL_17_1C, _PASAL_17_1D, _PASAL_17_3),
        note=(
            "Pasal 17 ayat (3) merujuk peraturan perundang-undangan tentang pengelolaan kinerja "
            "untuk rinciannya; proses ini hanya memuat yang ditulis Pasal 17."
        ),
    )
    ppk = b.lane("PK_L_PPK", "Pejabat Penilai Kinerja")
    pimpinan = b.lane("PK_L_PIMPINAN", "Pimpinan Unit Organisasi")
    jfjp = b.lane("PK_L_JFJP", _JFJP)
    b.start("PK_mulai", "Periode kinerja dimulai", lane=ppk, refs=(_PASAL_17_1A,))
    # a. perencanaan kinerja
    b.user_task(
        "PK_penetapan",
        "Menetapkan kinerja pegawai",
        lane=ppk,
        refs=(_PASAL_17_1A,),
        note=_NO_ACTOR,
    )
    b.user_task(
        "PK_klarifikasi",
        "Mengklarifikasi spesifikasi kinerja",
        lane=jfjp,
        refs=(_PASAL_17_1A,),
        note="Pasal 17 tidak menyebut pelaku; klarifikasi oleh pegawai yang dinilai.",
    )
    # b. pelaksanaan, pemantauan, pembinaan
    b.user_task(
        "PK_dokumentasi",
        "Melaksanakan tugas dan mendokumentasikan kinerja",
        lane=jfjp,
        refs=(_PASAL_17_1B,),
    )
    b.user_task(
        "PK_umpan_balik",
        "Memberikan umpan balik berkelanjutan",
        lane=pimpinan,
        refs=(_PASAL_17_1B, _TJ_PIMPINAN),
    )
    b.user_task(
        "PK_pengembangan",
        "Mengembangkan kinerja pegawai",
        lane=ppk,
        refs=(_PASAL_17_1B,),
        note=_NO_ACTOR,
        documentation="Data: periode_berakhir (True/False).",
    )
    b.xor("PK_periode", "Periode penilaian berakhir?", lane=ppk, refs=(_PASAL_17_1B,))
    # c. penilaian kinerja
    b.user_task(
        "PK_evaluasi",
        "Mengevaluasi kinerja pegawai",
        lane=ppk,
        refs=(_PASAL_17_1C, _TJ_KETUA),
        documentation="Data: di_atas_ekspektasi (True/False).",
    )
    # d. tindak lanjut
    b.xor("PK_hasil", "Di atas ekspektasi?", lane=ppk, refs=(_PASAL_17_1D, _PASAL_17_2))
    b.user_task(
        "PK_pilih_penghargaan",
        "Menentukan bentuk penghargaan",
        lane=ppk,
        refs=(_PASAL_17_2,),
        note=_NO_ACTOR,
        documentation=(
            "Data: penghargaan_piagam, penghargaan_nominasi_award, penghargaan_bimtek_diklat "
            "(True/False; sekurang-kurangnya satu True)."
        ),
    )
    b.node(
        "inclusiveGateway",
        "PK_bentuk_penghargaan",
        "Bentuk penghargaan",
        lane=ppk,
        refs=(_PASAL_17_2,),
        note=(
            "Gateway inklusif: Pasal 17 ayat (2) menyebut tiga bentuk penghargaan 'yang bisa "
            "diberikan' tanpa menyatakan hanya salah satu; satu, dua, atau ketiganya dapat "
            "diberikan bersama."
        ),
    )
    b.user_task("PK_piagam", "Memberikan piagam penghargaan", lane=ppk, refs=(_PASAL_17_2A,))
    b.user_task(
        "PK_nominasi",
        "Mengusulkan nominasi award ASN Pemerintah Pusat",
        lane=ppk,
        refs=(PASAL_17_2B,),
    )
    b.user_task(
        "PK_bimtek",
        "Mengusulkan bimbingan teknis atau diklat sesuai kelas jabatan",
        lane=ppk,
        refs=(_PASAL_17_2C,),
    )
    b.node("inclusiveGateway", "PK_penghargaan_gabung", "", lane=ppk, refs=(_PASAL_17_2,))
    b.end("PK_penghargaan_diberikan", "Penghargaan diberikan", lane=ppk, refs=(_PASAL_17_2,))
    b.user_task(
        "PK_telaah_sanksi",
        "Menelaah perlunya sanksi",
        lane=ppk,
        refs=(_PASAL_17_1D, _PASAL_17_3),
        documentation="Data: sanksi (True/False).",
        note=(
            "Pasal 17 ayat (1) huruf d menyebut sanksi tanpa kriteria; kriterianya ada pada "
            "peraturan perundang-undangan yang dirujuk Pasal 17 ayat (3), tidak dikarang di sini."
        ),
    )
    b.xor("PK_sanksi", "Sanksi dijatuhkan?", lane=ppk, refs=(_PASAL_17_1D, _PASAL_17_3))
    b.user_task(
        "PK_beri_sanksi",
        "Memberikan sanksi sesuai peraturan perundang-undangan",
        lane=ppk,
        refs=(_PASAL_17_1D, _PASAL_17_3),
    )
    b.end("PK_sanksi_diberikan", "Sanksi diberikan", lane=ppk, refs=(_PASAL_17_1D,))
    b.end(
        "PK_tanpa_tindak_lanjut",
        "Tanpa penghargaan maupun sanksi",
        lane=ppk,
        refs=(_PASAL_17_1D,),
    )

    b.chain("PK_mulai", "PK_penetapan", "PK_klarifikasi", "PK_dokumentasi")
    b.chain("PK_dokumentasi", "PK_umpan_balik", "PK_pengembangan", "PK_periode")
    b.flow("PK_periode", "PK_dokumentasi", name="Tidak", condition="not periode_berakhir")
    b.flow("PK_periode", "PK_evaluasi", name="Ya", condition="periode_berakhir")
    b.chain("PK_evaluasi", "PK_hasil")
    b.flow("PK_hasil", "PK_pilih_penghargaan", name="Ya", condition="di_atas_ekspektasi")
    b.chain("PK_pilih_penghargaan", "PK_bentuk_penghargaan")
    for var, task in (
        ("penghargaan_piagam", "PK_piagam"),
        ("penghargaan_nominasi_award", "PK_nominasi"),
        ("penghargaan_bimtek_diklat", "PK_bimtek"),
    ):
        b.flow("PK_bentuk_penghargaan", task, condition=var)
        b.chain(task, "PK_penghargaan_gabung")
    b.chain("PK_penghargaan_gabung", "PK_penghargaan_diberikan")
    b.flow("PK_hasil", "PK_telaah_sanksi", name="Tidak", condition="not di_atas_ekspektasi")
    b.chain("PK_telaah_sanksi", "PK_sanksi")
    b.flow("PK_sanksi", "PK_beri_sanksi", name="Ya", condition="sanksi")
    b.chain("PK_beri_sanksi", "PK_sanksi_diberikan")
    b.flow("PK_sanksi", "PK_tanpa_tindak_lanjut", name="Tidak", condition="not sanksi")
    return _single("pengelolaan_kinerja", b, layout)


#: file stem (in processes/) -> builder; the shape of ``probisnis.library.build.LIBRARY``
LIBRARY: dict[str, Callable[..., Definitions]] = {
    "pertanggungjawaban": build_pertanggungjawaban,
    "pengelolaan_kinerja": build_pengelolaan_kinerja,
}


def definitions(*, layout: bool = True) -> dict[str, Definitions]:
    """Both files, stem -> :class:`Definitions`."""
    return definitions_of(LIBRARY, layout=layout)


def build(out_dir: str | Path) -> list[Path]:
    """Write pertanggungjawaban.bpmn and pengelolaan_kinerja.bpmn into ``out_dir``."""
    return write_all(LIBRARY, out_dir)
