"""Work mechanisms 4-6 (Lampiran II.D.4-6): units led by an Administrator, a Pengawas, a JF.

Same scheme as :mod:`probisnis.library.mechanisms` (which re-exports
``mechanism_4`` .. ``mechanism_6``).
"""

from __future__ import annotations

from probisnis.bpmn.model import Definitions, Process
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.kedudukan_rules import BACAAN_BAKU
from probisnis.library.penugasan_common import DITETAPKAN_PPK
from probisnis.library.phase_pelaksanaan import pelaksanaan_led_by
from probisnis.library.phases import (
    LOOP_NOTE,
    PENUNJUKKAN_DALAM_UNIT,
    Reviewer,
    Step,
    evaluasi,
    perencanaan,
)
from probisnis.library.toplevel import collect, phase_builder, top_level

__all__ = ["M4_BACAAN_NOTE", "mechanism_4", "mechanism_5", "mechanism_6"]

_EXPLICIT_LOOP = (
    "Teks mekanisme ini eksplisit: hasil yang tidak sesuai dengan target ataupun ekspektasi "
    "dikembalikan kepada individu atau Tim Kerja (Pejabat Fungsional dan/atau Pejabat "
    "Pelaksana) untuk disesuaikan kembali, lalu ditinjau ulang."
)


# -- Mechanism 4: unit led by an Administrator, 2 levels (Lampiran II.D.4) -----------------

_M4_UNIT = Reference(
    "Lampiran II.D.4",
    "Pada unit organisasi 2 (dua) level struktur ini, kedudukan Pejabat Fungsional dan Pejabat "
    "Pelaksana berada di bawah dan bertanggung jawab langsung kepada Pejabat Level 1, yaitu "
    "Pejabat Administrator",
)
_M4_PUK = Reference(
    "Lampiran II.D.4",
    "Pejabat Pengawas yang merupakan Pejabat Level 2 dalam struktur ini berperan sebagai "
    "Pimpinan Unit Kerja",
)
_M4_NOTE = (
    "Teks mekanisme 4 menyebut Pejabat Pengawas sebagai 'Pimpinan Unit Kerja' (judul bagian: "
    "'Pejabat Pengawas sebagai Pimpinan Unit Organisasi'); lajur memakai nama jabatan Pejabat "
    "Pengawas."
)
_M4_LANE_NOTES = {"L_PENGAWAS": _M4_NOTE}
_PENUGASAN = Reference(
    "Lampiran II.B.2",
    "Atas usulan dari Pimpinan Unit Organisasi, Pejabat Penilai Kinerja menugaskan Pejabat "
    "Fungsional dan/atau Pejabat Pelaksana untuk membantu pelaksanaan tugas Pimpinan Unit "
    "Organisasi. Penugasan tersebut dilakukan, baik dalam Unit Organisasi atau lintas Unit "
    "Organisasi.",
)
_M4_PENUGASAN_NOTE = (
    "Kalimat D4.a.3 mengulang pembuka Lampiran II.B.2 (penugasan atas usulan Pimpinan Unit "
    "Organisasi oleh Pejabat Penilai Kinerja) dan II.B.2 huruf c. JF/JP yang ditugaskan berada "
    "dalam unit organisasi yang sama, maka langkah ini memanggil Mekanisme Penunjukkan dalam "
    "Unit Organisasi (Lampiran II.B.2 1) a); call activity PG_1a_penunjukkan_dalam_unit, berkas "
    "penugasan_1a_penunjukkan_dalam_unit.bpmn). Lajur 'Pimpinan Unit Organisasi' di proses yang "
    "dipanggil dijalankan oleh Pejabat Administrator, yang menurut D4.a.3 menugaskan (selaku "
    "Pejabat Penilai Kinerja, atas rekomendasi Pejabat Pengawas); judul mekanisme 4 menyebut "
    "Pejabat Pengawas sebagai Pimpinan Unit Organisasi. Ketidaksesuaian teks ini dibiarkan "
    "tampak. Kebutuhan lintas unit (D4.a.4) diproses pada strategi (D4.a.6)."
)


_KEDUDUKAN_C = Reference(
    "Lampiran II.B.1.c",
    "Pada Unit Organisasi yang dipimpin oleh Pejabat Administrator, maka Pejabat Administrator "
    "sebagai Pimpinan Unit Organisasi dan Unit Organisasi Pemilik Kinerja. Kelompok Jabatan "
    "Fungsional dan/atau Jabatan Pelaksana berkedudukan di bawah Pejabat Pengawas sebagai "
    "Pejabat Level II yang berperan selaku Pejabat Penilai Kinerja.",
)

_M4_TITLE = "Unit dipimpin Administrator, 2 level"


def _m4_perencanaan() -> Process:
    b, p, lanes = phase_builder(
        4,
        "a",
        _M4_TITLE,
        refs=(_M4_UNIT, _M4_PUK),
        cites=("D4.a.1", "D4.c.4"),
        roles=("L_ADM", "L_PENGAWAS", "L_JFJP"),
        note=_M4_NOTE,
        lane_notes=_M4_LANE_NOTES,
    )
    perencanaan(
        b,
        p,
        lanes,
        head=(
            Step("susun_pk", "Menyusun dan menetapkan perjanjian kinerja", "L_ADM", ("D4.a.1",)),
            Step(
                "bagi_tanggung_jawab",
                "Membagi tanggung jawab target kepada Pengawas",
                "L_ADM",
                ("D4.a.2",),
                note="Kalimat pasif; ditempatkan di lajur Pejabat Administrator (D4.a.3).",
            ),
            Step(
                "rekomendasi_jfjp",
                "Merekomendasikan kebutuhan JF/JP",
                "L_PENGAWAS",
                ("D4.a.3", "D4.a.4"),
                note="Rekomendasi menimbang jumlah, jenis, jenjang dan kebutuhan lintas unit.",
            ),
            Step(
                "tugaskan_jfjp",
                "Menugaskan JF/JP dalam unit",
                "L_ADM",
                ("D4.a.3", "B2.1a.1"),
                refs=(_PENUGASAN, DITETAPKAN_PPK),
                note=_M4_PENUGASAN_NOTE,
                calls=PENUNJUKKAN_DALAM_UNIT,
            ),
        ),
        pimpinan="L_PENGAWAS",
        strategy_cites=("D4.a.5",),
        strategy_note=(
            "Kebutuhan lintas unit sudah dipertimbangkan dalam rekomendasi (D4.a.4) dan diputuskan "
            "lagi dalam strategi (D4.a.5); teks menyebut keduanya."
        ),
        lintas_cites=("D4.a.5", "D4.a.6"),
        bentuk_cites=("D4.a.5",),
        ketua_cites=("D4.a.5",),
        rencana_cites=("D4.a.7",),
    )
    _m4_bacaan(b, p, lanes)
    return b.build()


#: the two readings of who assesses in mechanism 4 (values of ``bacaan``, as in kedudukan.dmn)
M4_BACAAN_NOTE = (
    "Dua bagian teks bertentangan untuk unit yang dipimpin Pejabat Administrator. Judul "
    "Lampiran II.D.4 dan D4.a.1/D4.a.3: Pejabat Administrator Pejabat Penilai Kinerja, Pejabat "
    "Pengawas Pimpinan Unit Organisasi; Administrator menugaskan JF/JP atas rekomendasi "
    "Pengawas. Lampiran II.B.1.c: Pejabat Administrator Pimpinan Unit Organisasi, Pejabat "
    "Pengawas Pejabat Penilai Kinerja; menurut pembuka Lampiran II.B.2, Pejabat Penilai Kinerja "
    "yang menugaskan. Kondisi pada data: bacaan ('II.D' mengikuti judul II.D.4, 'II.B.1' "
    "mengikuti II.B.1.c), sama dengan input 'bacaan' tabel keputusan kedudukan.dmn; pilih di "
    "skenario ([attributes.bacaan]) atau berkas keputusan. Tanpa pilihan berlaku bacaan "
    f"'{BACAAN_BAKU}' (baku yang sama dipakai kedudukan.decide() dan skenario M4)."
)


def _m4_bacaan(b: ProcessBuilder, p: str, lanes: dict[str, str]) -> None:
    """Who assigns the JF/JP: the Administrator (II.D.4) or the Pengawas (II.B.1.c)."""
    b.remove_flow(f"{p}_rekomendasi_jfjp__{p}_tugaskan_jfjp")
    b.remove_flow(f"{p}_tugaskan_jfjp__{p}_rumuskan_strategi")
    gw = b.xor(
        f"{p}_gw_bacaan",
        "Penilai Kinerja: II.D.4 atau II.B.1.c?",
        lane=lanes["L_PENGAWAS"],
        cites=("D4.a.1", "D4.a.3"),
        refs=(_KEDUDUKAN_C,),
        note=M4_BACAAN_NOTE,
    )
    pengawas = b.call(
        f"{p}_tugaskan_jfjp_pengawas",
        "Menugaskan JF/JP (bacaan II.B.1.c)",
        PENUNJUKKAN_DALAM_UNIT,
        lane=lanes["L_PENGAWAS"],
        cites=("D4.a.3", "B2.1a.1"),
        refs=(_KEDUDUKAN_C, _PENUGASAN),
        note=(
            "Memanggil PG_1a_penunjukkan_dalam_unit (berkas "
            "penugasan_1a_penunjukkan_dalam_unit.bpmn); lajur 'Pimpinan Unit Organisasi' di "
            "sana dijalankan oleh Pejabat Pengawas selaku Pejabat Penilai Kinerja menurut "
            "II.B.1.c. " + M4_BACAAN_NOTE
        ),
    )
    join = b.xor(f"{p}_gabung_bacaan", lane=lanes["L_PENGAWAS"], cites=("D4.a.3",))
    b.flow(f"{p}_rekomendasi_jfjp", gw)
    # the reading of BACAAN_BAKU is the default flow (no bacaan given), the other is asked for
    branches = {"II.B.1": (pengawas, "II.B.1.c: Pengawas"),
                "II.D": (f"{p}_tugaskan_jfjp", "II.D.4: Administrator")}
    for reading, (target, label) in branches.items():
        if reading == BACAAN_BAKU:
            b.flow(gw, target, name=label, default=True)
        else:
            b.flow(gw, target, name=label, condition=f'bacaan == "{reading}"')
    b.flow(pengawas, join)
    b.flow(f"{p}_tugaskan_jfjp", join)
    b.flow(join, f"{p}_rumuskan_strategi")


def _m4_pelaksanaan() -> Process:
    b, p, lanes = phase_builder(
        4,
        "b",
        _M4_TITLE,
        refs=(_M4_UNIT, _M4_PUK),
        cites=("D4.b.1", "D4.c.4"),
        roles=("L_PENGAWAS", "L_KETUA_TIM", "L_JFJP"),
        note=_M4_NOTE,
        lane_notes=_M4_LANE_NOTES,
    )
    pelaksanaan_led_by(b, p, lanes, "L_PENGAWAS", number=4)
    return b.build()


def _m4_evaluasi() -> Process:
    b, p, lanes = phase_builder(
        4,
        "c",
        _M4_TITLE,
        refs=(_M4_UNIT, _M4_PUK),
        cites=("D4.c.1", "D4.c.3", "D4.c.4"),
        roles=("L_ADM", "L_PENGAWAS", "L_JFJP"),
        note=_M4_NOTE,
        lane_notes=_M4_LANE_NOTES,
    )
    evaluasi(
        b,
        p,
        lanes,
        (
            Reviewer("L_PENGAWAS", "sesuai_pengawas", ("D4.c.1",)),
            Reviewer("L_ADM", "sesuai_adm", ("D4.c.2",)),
        ),
        end_cites=("D4.c.3",),
        rework_cites=("D4.c.2",),
        rework_note=LOOP_NOTE,
    )
    return b.build()


def mechanism_4() -> Definitions:
    """Mekanisme Kerja pada unit dipimpin Pejabat Administrator (Lampiran II.D.4)."""
    return collect(
        4,
        "administrator",
        "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh Pejabat Administrator",
        [
            top_level(
                4, "Unit dipimpin Pejabat Administrator", refs=(_M4_UNIT,), cites=("D4.c.4",)
            ),
            _m4_perencanaan(),
            _m4_pelaksanaan(),
            _m4_evaluasi(),
        ],
    )


# -- Mechanism 5: unit led by a Pengawas, 1 level (Lampiran II.D.5) -------------------------

_M5_UNIT = Reference(
    "Lampiran II.D.5",
    "Pada unit organisasi 1 (satu) level struktur ini, kedudukan Pejabat Fungsional dan/atau "
    "Pejabat Pelaksana berada di bawah dan bertanggung jawab langsung kepada Pejabat Level 1, "
    "yaitu Pejabat Pengawas",
)


_M5_TITLE = "Unit dipimpin Pejabat Pengawas"


def _m5_perencanaan() -> Process:
    b, p, lanes = phase_builder(
        5,
        "a",
        _M5_TITLE,
        refs=(_M5_UNIT,),
        cites=("D5.a.1", "D5.c.4"),
        roles=("L_PENGAWAS", "L_JFJP"),
    )
    perencanaan(
        b,
        p,
        lanes,
        head=(
            Step(
                "susun_pk", "Menyusun dan menetapkan perjanjian kinerja", "L_PENGAWAS", ("D5.a.1",)
            ),
        ),
        pimpinan="L_PENGAWAS",
        strategy_name="Memberi arahan dan merumuskan strategi",
        strategy_cites=("D5.a.2",),
        lintas_cites=("D5.a.2", "D5.a.3"),
        bentuk_cites=("D5.a.2",),
        ketua_cites=("D5.a.2",),
        rencana_cites=("D5.a.4",),
        strategy_note=(
            "Teks mencampur 'lintas unit kerja' (D5.a.2, akhir D5.a.3) dan 'lintas unit "
            "organisasi' (awal D5.a.3); dimodelkan sebagai satu keputusan lintas unit."
        ),
    )
    return b.build()


def _m5_pelaksanaan() -> Process:
    b, p, lanes = phase_builder(
        5,
        "b",
        _M5_TITLE,
        refs=(_M5_UNIT,),
        cites=("D5.b.1", "D5.c.4"),
        roles=("L_PENGAWAS", "L_KETUA_TIM", "L_JFJP"),
    )
    pelaksanaan_led_by(b, p, lanes, "L_PENGAWAS", number=5)
    return b.build()


def _m5_evaluasi() -> Process:
    b, p, lanes = phase_builder(
        5,
        "c",
        _M5_TITLE,
        refs=(_M5_UNIT,),
        cites=("D5.c.1", "D5.c.3", "D5.c.4"),
        roles=("L_PENGAWAS", "L_JFJP"),
    )
    evaluasi(
        b,
        p,
        lanes,
        (
            Reviewer(
                "L_PENGAWAS",
                "sesuai_pengawas",
                ("D5.c.1",),
                note="D5.c.3: selesai bila 'sesuai dengan ekspektasinya' (bukan 'target').",
            ),
        ),
        end_cites=("D5.c.3",),
        rework_cites=("D5.c.2",),
        rework_note=_EXPLICIT_LOOP,
    )
    return b.build()


def mechanism_5() -> Definitions:
    """Mekanisme Kerja pada unit dipimpin Pejabat Pengawas (Lampiran II.D.5)."""
    return collect(
        5,
        "pengawas",
        "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh Pejabat Pengawas",
        [
            top_level(5, "Unit dipimpin Pejabat Pengawas", refs=(_M5_UNIT,), cites=("D5.c.4",)),
            _m5_perencanaan(),
            _m5_pelaksanaan(),
            _m5_evaluasi(),
        ],
    )


# -- Mechanism 6: unit led by a Pejabat Fungsional (Lampiran II.D.6) ------------------------

_M6_UNIT = Reference(
    "Lampiran II.D.6",
    "Pada unit organisasi 1 (satu) level struktur ini, kedudukan Pejabat Fungsional dan/atau "
    "Pejabat Pelaksana berada di bawah dan bertanggung jawab langsung kepada Pejabat Level 1, "
    "yaitu Pejabat Fungsional yang memimpin unit kerja",
)


_M6_TITLE = "Unit dipimpin Pejabat Fungsional"


def _m6_perencanaan() -> Process:
    b, p, lanes = phase_builder(
        6,
        "a",
        _M6_TITLE,
        refs=(_M6_UNIT,),
        cites=("D6.a.1", "D6.c.4"),
        roles=("L_JF_PIMPINAN", "L_JFJP"),
    )
    perencanaan(
        b,
        p,
        lanes,
        head=(
            Step(
                "susun_pk",
                "Menyusun dan menetapkan perjanjian kinerja",
                "L_JF_PIMPINAN",
                ("D6.a.1",),
            ),
        ),
        pimpinan="L_JF_PIMPINAN",
        strategy_name="Memberi arahan dan merumuskan strategi",
        strategy_cites=("D6.a.2",),
        lintas_cites=("D6.a.2", "D6.a.3"),
        bentuk_cites=("D6.a.2",),
        ketua_cites=("D6.a.2",),
        rencana_cites=("D6.a.4",),
    )
    return b.build()


def _m6_pelaksanaan() -> Process:
    b, p, lanes = phase_builder(
        6,
        "b",
        _M6_TITLE,
        refs=(_M6_UNIT,),
        cites=("D6.b.1", "D6.c.4"),
        roles=("L_JF_PIMPINAN", "L_KETUA_TIM", "L_JFJP"),
    )
    pelaksanaan_led_by(b, p, lanes, "L_JF_PIMPINAN", number=6)
    return b.build()


def _m6_evaluasi() -> Process:
    b, p, lanes = phase_builder(
        6,
        "c",
        _M6_TITLE,
        refs=(_M6_UNIT,),
        cites=("D6.c.1", "D6.c.3", "D6.c.4"),
        roles=("L_JF_PIMPINAN", "L_JFJP"),
    )
    evaluasi(
        b,
        p,
        lanes,
        (
            Reviewer(
                "L_JF_PIMPINAN",
                "sesuai_jf_pimpinan",
                ("D6.c.1",),
                note="D6.c.3: selesai bila 'sesuai dengan ekspektasinya' (bukan 'target').",
            ),
        ),
        end_cites=("D6.c.3",),
        rework_cites=("D6.c.2",),
        rework_note=_EXPLICIT_LOOP,
    )
    return b.build()


def mechanism_6() -> Definitions:
    """Mekanisme Kerja pada unit dipimpin Pejabat Fungsional (Lampiran II.D.6)."""
    return collect(
        6,
        "pejabat_fungsional",
        "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh Pejabat Fungsional",
        [
            top_level(6, "Unit dipimpin Pejabat Fungsional", refs=(_M6_UNIT,), cites=("D6.c.4",)),
            _m6_perencanaan(),
            _m6_pelaksanaan(),
            _m6_evaluasi(),
        ],
    )
