"""What the Pasal 20 maps quote and list: the Pasal they cite, the tables they are drawn from.

Used by :mod:`.maps`, which re-exports the public tables (``MECHANISMS``, ``PENUGASAN``,
``SHAPE_NAMES``, ``LINTAS_FUNGSI``...).
"""

from __future__ import annotations

from probisnis.library.clauses import Reference

__all__ = [
    "ACTIVITY_CODES",
    "KEDUDUKAN",
    "KENDALA_LINTAS_INSTANSI",
    "KENDALA_LINTAS_UNIT",
    "KINERJA",
    "KOLABORASI",
    "LEVEL_1",
    "LINTAS_FUNGSI",
    "MAP_CODES",
    "MECHANISMS",
    "MECHANISMS_SHORT",
    "MECHANISM_HEADINGS",
    "PASAL_7",
    "PASAL_11_1",
    "PASAL_13_1",
    "PASAL_19_1",
    "PASAL_19_2",
    "PASAL_20_1",
    "PASAL_20_3",
    "PASAL_20_4",
    "PELAKSANAAN",
    "PENUGASAN",
    "PENUGASAN_REF",
    "PERTANGGUNGJAWABAN",
    "PETA_LEVEL_1",
    "PETA_RELASI",
    "PETA_SUBPROSES",
    "REVIU_PROCESS_ID",
    "SHAPE_NAMES",
    "TIK",
    "TIK_PROCESS_ID",
    "TIM_TRANSFORMASI",
    "coded_name",
    "level_1_box_id",
    "level_1_id",
]

PASAL_20_4 = Reference(
    "Pasal 20 ayat (4)",
    "Reviu dan evaluasi sebagaimana dimaksud pada ayat (3), dilakukan terhadap :",
)
PETA_SUBPROSES = Reference("Pasal 20 ayat (4) huruf a", "peta subproses;")
PETA_RELASI = Reference("Pasal 20 ayat (4) huruf b", "peta relasi;")
PETA_LEVEL_1 = Reference("Pasal 20 ayat (4) huruf d", "peta level 1 dan turunannya.")
PASAL_20_1 = Reference(
    "Pasal 20 ayat (1)",
    "Penyusunan Proses Bisnis merupakan acuan untuk menggambarkan hubungan kerja yang efektif "
    "dan efisien antar unit organisasi.",
)
PASAL_20_3 = Reference(
    "Pasal 20 ayat (3)",
    "Perbaikan dan pengembangan Proses Bisnis melalui reviu dan evaluasi dapat dilakukan dengan "
    "penyesuaian standar operasional prosedur.",
)
PASAL_7 = Reference(
    "Pasal 7 ayat (1)",
    "Mekanisme Kerja sebagaimana dimaksud dalam Pasal 3 ayat (2), terdiri atas :",
)
KEDUDUKAN = Reference("Pasal 7 ayat (1) huruf a", "kedudukan;")
PENUGASAN_REF = Reference("Pasal 7 ayat (1) huruf b", "penugasan;")
PELAKSANAAN = Reference("Pasal 7 ayat (1) huruf c", "pelaksanaan tugas;")
PERTANGGUNGJAWABAN = Reference("Pasal 7 ayat (1) huruf d", "pertanggungjawaban pelaksanaan tugas;")
KINERJA = Reference("Pasal 7 ayat (1) huruf e", "pengelolaan kinerja; dan")
TIK = Reference("Pasal 7 ayat (1) huruf f", "pemanfaatan teknologi, informasi, dan komunikasi.")
PASAL_11_1 = Reference(
    "Pasal 11 ayat (1)",
    "Penugasan Pejabat Fungsional dan/atau Pejabat Pelaksana dilakukan melalui :",
)
PASAL_13_1 = Reference(
    "Pasal 13 ayat (1)",
    "Pelaksanaan tugas Pejabat Fungsional dan/atau Pejabat Pelaksana, meliputi pelaksanaan "
    "tugas yang bersifat dalam unit organisasi, lintas unit organisasi, dan lintas instansi "
    "pemerintah.",
)
PASAL_19_1 = Reference(
    "Pasal 19 ayat (1)",
    "Pimpinan Instansi Pemerintah memastikan setiap Unit Organisasi menggunakan aplikasi umum "
    "berbagi pakai sebagaimana dimaksud dalam Pasal 18 ayat (2).",
)
PASAL_19_2 = Reference(
    "Pasal 19 ayat (2)",
    "Keterpaduan pemanfaatan teknologi, informasi, dan komunikasi dalam mendukung sistem kerja "
    "dikoordinasikan oleh Tim Koordinasi SPBE Instansi Pemerintah.",
)
TIM_TRANSFORMASI = Reference(
    "Lampiran II.C",
    "Selanjutnya, agar optimal dalam penerapannya, maka pelaksanaan penyesuaian sistem kerja "
    "dikawal, dikendalikan, dan didukung oleh Tim Transformasi Manajemen.",
)
KOLABORASI = Reference(
    "Lampiran II.D.1.b",
    "Dalam melaksanakan kegiatan, Pejabat Fungsional dan/atau Pejabat Pelaksana berkolaborasi "
    "dengan semua pihak yang terkait dengan kegiatan tersebut.",
)
KENDALA_LINTAS_UNIT = Reference(
    "Lampiran II.B.3.b angka 4)",
    "Dalam hal diperlukan kolaborasi lintas Pimpinan Unit Organisasi dalam menyelesaikan "
    "permasalahan dan kendala dimaksud, Tim Kerja dapat menyampaikan permasalahan dan kendala "
    "beserta alternatif rekomendasi kepada masing-masing Pimpinan Unit Organisasi",
)
KENDALA_LINTAS_INSTANSI = Reference(
    "Lampiran II.B.3.c angka 5)",
    "Dalam hal diperlukan kolaborasi lintas Pimpinan Unit Organisasi atau lintas Instansi "
    "Pemerintah dalam menyelesaikan permasalahan dan kendala dimaksud",
)

#: mechanism number -> the unit type it applies to (short, for decision outcomes)
MECHANISMS_SHORT: dict[int, str] = {
    1: "Sekretariat Daerah",
    2: "JPT Pratama, 2 level",
    3: "JPT Pratama, 1 level",
    4: "Administrator",
    5: "Pengawas",
    6: "Pejabat Fungsional",
}
#: mechanism number -> the unit type it applies to
MECHANISMS: dict[int, str] = {
    1: "Sekretariat Daerah",
    2: "Unit Organisasi dipimpin Pejabat Pimpinan Tinggi Pratama, dua level struktur",
    3: "Unit Organisasi dipimpin Pejabat Pimpinan Tinggi Pratama, satu level struktur",
    4: "Unit Organisasi dipimpin Pejabat Administrator",
    5: "Unit Organisasi dipimpin Pejabat Pengawas",
    6: "Unit Organisasi dipimpin Pejabat Fungsional",
}
MECHANISM_HEADINGS: dict[int, str] = {
    1: "Mekanisme Kerja pada Sekretariat Daerah",
    2: "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh Pejabat Pimpinan Tinggi Pratama",
    3: "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh Pejabat Pimpinan Tinggi Pratama",
    4: "Mekanisme Kerja pada Unit Organisasi yang dipimpin oleh Pejabat Administrator",
    5: "Mekanisme Kerja pada Unit Organisasi yang dipimpin oleh Pejabat Pengawas",
    6: "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh Pejabat Fungsional",
}

#: code -> (name, process id called, Lampiran II.B.2 heading quoted)
PENUGASAN: dict[str, tuple[str, str, str]] = {
    "03.01.01": (
        "Penunjukkan dalam unit organisasi",
        "PG_1a_penunjukkan_dalam_unit",
        "Mekanisme Penunjukkan dalam Unit Organisasi",
    ),
    "03.01.02": (
        "Penunjukkan lintas unit organisasi",
        "PG_1b_penunjukkan_lintas_unit",
        "Mekanisme Penunjukkan yang Bersifat Lintas Unit Organisasi.",
    ),
    "03.01.03": (
        "Penunjukkan lintas instansi pemerintah",
        "PG_1c_instansi_pemohon",
        "Mekanisme Penunjukkan yang Bersifat Lintas Instansi",
    ),
    "03.01.04": (
        "Pengajuan sukarela dalam unit organisasi",
        "PG_2a_sukarela_dalam_unit",
        "Mekanisme Pengajuan Sukarela dalam Unit Organisasi",
    ),
    "03.01.05": (
        "Pengajuan sukarela lintas unit organisasi",
        "PG_2b_sukarela_lintas_unit",
        "Mekanisme Pengajuan Sukarela yang Bersifat Lintas Unit Organisasi",
    ),
}

#: code -> the short name drawn in a call activity of a map (at most three lines of a
#: 100 px shape, clear of the call marker); the full name is the flow label or the called map
SHAPE_NAMES: dict[str, str] = {
    "01.03": "01.03 Reviu dan Evaluasi",
    "03.03": "03.03 Pemanfaatan TIK",
    "02.01": "02.01 Pelaksanaan Tugas",
    "03.02": "03.02 Pertanggungjawaban",
    "03.01.01": "03.01.01 Penunjukkan dalam unit",
    "03.01.02": "03.01.02 Penunjukkan lintas unit",
    "03.01.03": "03.01.03 Penunjukkan lintas instansi",
    "03.01.04": "03.01.04 Sukarela dalam unit",
    "03.01.05": "03.01.05 Sukarela lintas unit",
}

#: the peta lintas fungsi (Pasal 20 ayat (4) huruf c): swimlane process files of the library
LINTAS_FUNGSI: dict[str, str] = {
    **{f"m{n}": f"02.01.0{n} Mekanisme Kerja {n}: {unit}" for n, unit in MECHANISMS.items()},
    **{
        f"penugasan_{pid.split('_')[1]}": f"{code} {name}"
        for code, (name, pid, _) in PENUGASAN.items()
    },
    "pertanggungjawaban": "03.02 Pertanggungjawaban pelaksanaan tugas",
    "pengelolaan_kinerja": "01.02 Pengelolaan kinerja",
    "reviu_evaluasi_proses_bisnis": "01.03 Reviu dan evaluasi proses bisnis dan SOP",
    "penentuan_penilai_kinerja": "01.01 Penetapan kedudukan (Pejabat Penilai Kinerja)",
    "pemanfaatan_tik": "03.03 Pemanfaatan teknologi, informasi, dan komunikasi",
}

#: the process id of 01.03, the reviu dan evaluasi proses bisnis dan SOP (Pasal 20 ayat (3)-(4))
REVIU_PROCESS_ID = "RV_reviu_evaluasi_proses_bisnis"
#: the process id of 03.03, pemanfaatan TIK (Pasal 18-19)
TIK_PROCESS_ID = "TIK_pemanfaatan_tik"

#: process id -> its code on the maps (the box calling it): the same table draws the maps
#: and is written into the documentation of each process and of each of its activities
#: (``Kode peta: 02.01.01.01``), so an activity links to its map box and its Nomor SOP
MAP_CODES: dict[str, str] = {
    "KD_penentuan_penilai_kinerja": "01.01",
    "PK_pengelolaan_kinerja": "01.02",
    REVIU_PROCESS_ID: "01.03",
    "PETA_SUB_02_01_pelaksanaan_tugas": "02.01",
    **{f"M{n}_mekanisme": f"02.01.0{n}" for n in MECHANISMS},
    **{
        f"M{n}_{phase}": f"02.01.0{n}.0{i}"
        for n in MECHANISMS
        for i, phase in enumerate(("perencanaan", "pelaksanaan", "evaluasi"), start=1)
    },
    "PETA_SUB_03_01_penugasan": "03.01",
    **{pid: code for code, (_, pid, _) in PENUGASAN.items()},
    "PG_1c_instansi_dituju": "03.01.03",  # the other pool of the 03.01.03 collaboration
    "PJ_pertanggungjawaban": "03.02",
    "PJ_permintaan_sewaktu": "03.02.04",  # the event subprocess inside 03.02
    TIK_PROCESS_ID: "03.03",
}

#: a level-1 box: (code, name drawn, ids of the activities of the detailed process it groups)
Level1Box = tuple[str, str, tuple[str, ...]]

#: level-0 box code -> (name, id of the swimlane process detailing it, its level-1 boxes):
#: the peta level 1 of each level-0 box whose swimlane process has no called parts (02.01
#: and 03.01 are decomposed into called processes in ``maps``). Each box groups activities
#: of the swimlane process in the order of the text; the activities carry the box's code.
LEVEL_1: dict[str, tuple[str, str, tuple[Level1Box, ...]]] = {
    "01.01": (
        "Penetapan Kedudukan",
        "KD_penentuan_penilai_kinerja",
        (
            ("01.01.01", "Pengisian data jabatan", ("KD_isi_data",)),
            ("01.01.02", "Penentuan Pejabat Penilai Kinerja", ("KD_tentukan",)),
            ("01.01.03", "Penetapan kedudukan", ("KD_tetapkan",)),
        ),
    ),
    "01.02": (
        "Pengelolaan Kinerja",
        "PK_pengelolaan_kinerja",
        (
            ("01.02.01", "Perencanaan kinerja", ("PK_penetapan", "PK_klarifikasi")),
            (
                "01.02.02",
                "Pelaksanaan, pemantauan, dan pembinaan kinerja",
                ("PK_dokumentasi", "PK_umpan_balik", "PK_pengembangan"),
            ),
            ("01.02.03", "Penilaian kinerja", ("PK_evaluasi",)),
            (
                "01.02.04",
                "Tindak lanjut hasil evaluasi kinerja",
                (
                    "PK_pilih_penghargaan",
                    "PK_piagam",
                    "PK_nominasi",
                    "PK_bimtek",
                    "PK_telaah_sanksi",
                    "PK_beri_sanksi",
                ),
            ),
        ),
    ),
    "01.03": (
        "Reviu dan Evaluasi Proses Bisnis dan SOP",
        REVIU_PROCESS_ID,
        (
            ("01.03.01", "Reviu peta proses bisnis", ("RV_reviu_peta",)),
            ("01.03.02", "Reviu SOP terhadap peta lintas fungsi", ("RV_reviu_sop",)),
            (
                "01.03.03",
                "Evaluasi dan usulan penyesuaian SOP",
                ("RV_usulan", "RV_tanggapan", "RV_putuskan"),
            ),
            ("01.03.04", "Penyesuaian SOP dan peta", ("RV_kawal", "RV_sesuaikan")),
        ),
    ),
    "03.02": (
        "Pertanggungjawaban Pelaksanaan Tugas",
        "PJ_pertanggungjawaban",
        (
            ("03.02.01", "Penyiapan laporan pelaksanaan tugas", ("PJ_siapkan",)),
            (
                "03.02.02",
                "Pelaporan tugas individu",
                ("PJ_lapor_individu", "PJ_terima_individu"),
            ),
            (
                "03.02.03",
                "Pelaporan Tim Kerja secara berkala",
                ("PJ_lapor_anggota", "PJ_lapor_ketua", "PJ_terima_berkala"),
            ),
            (
                "03.02.04",
                "Permintaan laporan sewaktu-waktu",
                ("PJ_permintaan_sewaktu",),
            ),
        ),
    ),
    "03.03": (
        "Pemanfaatan Teknologi, Informasi, dan Komunikasi",
        TIK_PROCESS_ID,
        (
            (
                "03.03.01",
                "Identifikasi layanan administrasi berbasis elektronik",
                ("TIK_identifikasi",),
            ),
            (
                "03.03.02",
                "Penyediaan aplikasi umum berbagi pakai",
                ("TIK_telaah", "TIK_koordinasi"),
            ),
            ("03.03.03", "Penggunaan aplikasi umum berbagi pakai", ("TIK_gunakan",)),
            ("03.03.04", "Pemastian penggunaan aplikasi umum", ("TIK_pastikan",)),
        ),
    ),
}

#: (process id, activity id) -> the level-1 code of its box (overrides the process's code)
ACTIVITY_CODES: dict[tuple[str, str], str] = {
    (process_id, activity): code
    for _, process_id, boxes in LEVEL_1.values()
    for code, _, activities in boxes
    for activity in activities
}


def level_1_id(code: str) -> str:
    """The process id of the peta level 1 of level-0 box ``code`` (``PETA_SUB_01_02``)."""
    return f"PETA_SUB_{code.replace('.', '_')}"


def level_1_box_id(code: str) -> str:
    """The node id of the box ``code`` on its peta level 1 (``PS010201``)."""
    return "PS" + code.replace(".", "")


MAP_CODES.update({level_1_id(code): code for code in LEVEL_1})
# each box of a peta level 1 carries its own code
ACTIVITY_CODES.update(
    {
        (level_1_id(parent), level_1_box_id(code)): code
        for parent, (_, _, boxes) in LEVEL_1.items()
        for code, _, _ in boxes
    }
)


def coded_name(process_id: str, name: str) -> str:
    """``name`` led by the process's map code (``02.01.01.01 Mekanisme 1 ...``), once."""
    code = MAP_CODES.get(process_id)
    if not code or name.startswith(f"{code} "):
        return name
    return f"{code} {name}"
