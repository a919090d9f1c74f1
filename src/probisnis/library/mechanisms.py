"""The six work mechanisms of Lampiran II.D as executable BPMN (built with :mod:`.builder`).

Each ``mechanism_<n>()`` returns a laid-out :class:`Definitions`: one pool per
phase process (``M<n>_perencanaan``, ``M<n>_pelaksanaan``, ``M<n>_evaluasi``)
and a top-level ``M<n>_mekanisme`` pool chaining them with call activities.
Ids: phase prefixes ``M<n>a``/``M<n>b``/``M<n>c``; lanes ``M<n>a_L_KABAG``
(see :mod:`.roles`). Decision variables: :mod:`.phases`.
"""

from __future__ import annotations

from probisnis.bpmn.model import Definitions, Process
from probisnis.library.clauses import Reference
from probisnis.library.mechanisms_4_6 import mechanism_4, mechanism_5, mechanism_6
from probisnis.library.phase_pelaksanaan import pelaksanaan, pelaksanaan_led_by
from probisnis.library.phases import (
    LOOP_NOTE,
    Reviewer,
    Step,
    evaluasi,
    perencanaan,
)
from probisnis.library.toplevel import PHASES_REF, collect, phase_builder, top_level

__all__ = [
    "PHASES_REF",
    "collect",
    "mechanism_1",
    "mechanism_2",
    "mechanism_3",
    "mechanism_4",
    "mechanism_5",
    "mechanism_6",
    "top_level",
]

# -- Mechanism 1: Sekretariat Daerah (Lampiran II.D.1) ---------------------------------------

_M1_UNIT = Reference(
    "Lampiran II.D.1",
    "Pada unit organisasi Sekretariat Daerah, kedudukan Pejabat Fungsional dan/atau Pejabat "
    "Pelaksana berada di bawah dan bertanggung jawab langsung kepada Pejabat Level 3, yaitu "
    "Kepala Bagian",
)


_M1_TITLE = "Sekretariat Daerah"


def _m1_perencanaan() -> Process:
    b, p, lanes = phase_builder(
        1,
        "a",
        _M1_TITLE,
        refs=(_M1_UNIT,),
        cites=("D1.a.1",),
        roles=("L_SEKDA", "L_ASISTEN", "L_KABAG", "L_JFJP"),
    )
    perencanaan(
        b,
        p,
        lanes,
        head=(
            Step("susun_pk", "Menyusun dan menetapkan perjanjian kinerja", "L_SEKDA", ("D1.a.1",)),
            Step(
                "rencana_hasil_kerja_asisten",
                "Menentukan rencana hasil kerja Asisten Sekretaris Daerah",
                "L_SEKDA",
                ("D1.a.2", "D1.a.3"),
                note=(
                    "Kalimat D1.a.2 pasif dan tidak menyebut pelaku. D1.a.3 menyebut perjanjian "
                    "kinerja 'ditetapkan dan dibagi oleh Sekretaris Daerah', maka penentuan ini "
                    "ditempatkan di lajur Sekretaris Daerah."
                ),
            ),
            Step(
                "tunjuk_kabag",
                "Membagi target dan menunjuk Kepala Bagian",
                "L_ASISTEN",
                ("D1.a.3",),
            ),
        ),
        pimpinan="L_KABAG",
        strategy_cites=("D1.a.4",),
        lintas_cites=("D1.a.4", "D1.a.5"),
        bentuk_cites=("D1.a.4",),
        ketua_cites=("D1.a.4",),
        rencana_cites=("D1.a.6",),
    )
    return b.build()


def _m1_pelaksanaan() -> Process:
    b, p, lanes = phase_builder(
        1,
        "b",
        _M1_TITLE,
        refs=(_M1_UNIT,),
        cites=("D1.b.1",),
        roles=("L_KABAG", "L_KETUA_TIM", "L_JFJP"),
    )
    pelaksanaan_led_by(
        b,
        p,
        lanes,
        "L_KABAG",
        number=1,
        rincian_note=(
            "Pada Tim Kerja rincian disusun bersama; teks menyebut JF/JP sebagai penyusun."
        ),
    )
    return b.build()


def _m1_evaluasi() -> Process:
    b, p, lanes = phase_builder(
        1,
        "c",
        _M1_TITLE,
        refs=(_M1_UNIT,),
        cites=("D1.c.1", "D1.c.4"),
        roles=("L_SEKDA", "L_ASISTEN", "L_KABAG", "L_JFJP"),
    )
    evaluasi(
        b,
        p,
        lanes,
        (
            Reviewer("L_KABAG", "sesuai_kabag", ("D1.c.1",)),
            Reviewer("L_ASISTEN", "sesuai_asisten", ("D1.c.2",)),
            Reviewer(
                "L_SEKDA",
                "sesuai_sekda",
                ("D1.c.3",),
                note=(
                    "Teks: hasil yang sesuai dengan target 'ataupun ekspektasi' "
                    "ditinjau Sekretaris Daerah."
                ),
            ),
        ),
        end_cites=("D1.c.4",),
        rework_cites=("D1.c.2",),
        rework_note=LOOP_NOTE,
    )
    return b.build()


def mechanism_1() -> Definitions:
    """Mekanisme Kerja pada Sekretariat Daerah (Lampiran II.D.1)."""
    return collect(
        1,
        "sekretariat_daerah",
        "Mekanisme Kerja pada Sekretariat Daerah",
        [
            top_level(1, "Sekretariat Daerah", refs=(_M1_UNIT,)),
            _m1_perencanaan(),
            _m1_pelaksanaan(),
            _m1_evaluasi(),
        ],
    )


# -- Mechanism 2: unit led by a JPT Pratama, 2 levels (Lampiran II.D.2) ---------------------

_M2_UNIT = Reference(
    "Lampiran II.D.2",
    "Pada unit organisasi 2 (dua) level struktur ini, kedudukan Pejabat Fungsional dan/atau "
    "Pejabat Pelaksana berada dibawah dan bertanggung jawab langsung kepada Pejabat Level 2, "
    "yakni Pejabat Administrator",
)
_M2_QUIRK = (
    "Teks mekanisme 2 menyebut Pejabat Pimpinan Tinggi Pratama, bukan Pejabat Administrator "
    "(Pejabat Penilai Kinerja dan Pimpinan Unit Organisasi), sebagai pemantau dan penerima "
    "hasil pada tahap pelaksanaan (D2.b.8, D2.b.9), sedangkan evaluasi dimulai dari tinjauan "
    "Pejabat Administrator (D2.c.1). Dimodelkan sesuai teks."
)


_M2_TITLE = "Unit dipimpin JPT Pratama, 2 level"


def _m2_perencanaan() -> Process:
    b, p, lanes = phase_builder(
        2,
        "a",
        _M2_TITLE,
        refs=(_M2_UNIT,),
        cites=("D2.a.1", "D2.c.4"),
        roles=("L_JPT", "L_ADM", "L_JFJP"),
    )
    perencanaan(
        b,
        p,
        lanes,
        head=(
            Step("susun_pk", "Menyusun dan menetapkan perjanjian kinerja", "L_JPT", ("D2.a.1",)),
            Step(
                "bagi_tanggung_jawab",
                "Membagi tanggung jawab target kepada Administrator",
                "L_JPT",
                ("D2.a.2",),
                note=(
                    "Kalimat pasif; pelaku tidak disebut. Ditempatkan di lajur Pejabat Pimpinan "
                    "Tinggi Pratama yang menetapkan perjanjian kinerja."
                ),
            ),
            Step(
                "beri_arahan",
                "Memberikan arahan dan koordinasi pencapaian target kinerja",
                "L_JPT",
                ("D2.a.3",),
            ),
        ),
        pimpinan="L_ADM",
        strategy_name="Merumuskan strategi pencapaian target kinerja",
        strategy_cites=("D2.a.4",),
        strategy_note=(
            "Teks mekanisme 2 tidak merinci isi strategi; bentuk Tim Kerja/individu (D2.a.7) dan "
            "penunjukan Ketua Tim (D2.a.8) disebut terpisah dan diputuskan Pejabat Administrator."
        ),
        after_strategy=(
            Step(
                "sampaikan_arahan",
                "Menyampaikan arahan dan ekspektasi target kinerja kepada JF/JP",
                "L_ADM",
                ("D2.a.5",),
            ),
        ),
        lintas_cites=("D2.a.6",),
        bentuk_cites=("D2.a.7",),
        ketua_cites=("D2.a.8",),
        rencana_cites=("D2.a.9",),
    )
    return b.build()


def _m2_pelaksanaan() -> Process:
    b, p, lanes = phase_builder(
        2,
        "b",
        _M2_TITLE,
        refs=(_M2_UNIT,),
        cites=("D2.b.1", "D2.c.4"),
        roles=("L_JPT", "L_ADM", "L_KETUA_TIM", "L_JFJP"),
        note=_M2_QUIRK,
    )
    pelaksanaan(
        b,
        p,
        lanes,
        pimpinan="L_ADM",
        pemantau="L_JPT",
        penerima="L_JPT",
        cites_rincian=("D2.b.1", "D2.b.2"),
        cites_bagi_peran=("D2.b.3", "D2.b.4"),
        cites_laksanakan=("D2.b.5", "D2.b.6", "D2.b.7"),
        cites_pantau=("D2.b.8",),
        cites_sampaikan=("D2.b.9",),
        rincian_note=(
            "Teks: rincian diuraikan 'oleh individu, Tim Kerja, atau Ketua Tim'; dimodelkan di "
            "lajur Pejabat Fungsional dan/atau Pejabat Pelaksana."
        ),
        pantau_note=_M2_QUIRK,
        sampaikan_note=_M2_QUIRK,
    )
    # the hand-off the text leaves implicit: results go to the JPT (D2.b.9), the review
    # starts with the Administrator (D2.c.1)
    b.remove_node(f"{p}_selesai")
    b.user_task(
        f"{p}_teruskan_adm",
        "Meneruskan hasil kepada Pejabat Administrator untuk ditinjau",
        lane=lanes["L_JPT"],
        cites=("D2.b.9", "D2.c.1"),
        note=(
            "Teks tidak menyebut langkah ini: pelaksanaan berakhir dengan hasil diterima "
            "Pejabat Pimpinan Tinggi Pratama (D2.b.9), evaluasi dimulai dengan tinjauan Pejabat "
            "Administrator (D2.c.1). Serah terima dibuat tampak agar tidak ada celah. " + _M2_QUIRK
        ),
    )
    b.terminate_end(
        f"{p}_selesai",
        "Hasil diterima Pejabat Administrator untuk ditinjau",
        lane=lanes["L_ADM"],
        cites=("D2.b.9", "D2.c.1"),
        note="Akhir yang menghentikan semua (terminate): pemantauan ikut berakhir.",
    )
    b.chain(f"{p}_gabung_penyampai", f"{p}_teruskan_adm", f"{p}_selesai")
    return b.build()


def _m2_evaluasi() -> Process:
    b, p, lanes = phase_builder(
        2,
        "c",
        _M2_TITLE,
        refs=(_M2_UNIT,),
        cites=("D2.c.1", "D2.c.3", "D2.c.4"),
        roles=("L_JPT", "L_ADM", "L_JFJP"),
        note=_M2_QUIRK,
    )
    evaluasi(
        b,
        p,
        lanes,
        (
            Reviewer("L_ADM", "sesuai_adm", ("D2.c.1",), note=_M2_QUIRK),
            Reviewer("L_JPT", "sesuai_jpt", ("D2.c.2",)),
        ),
        end_cites=("D2.c.3",),
        rework_cites=("D2.c.2",),
        rework_note=LOOP_NOTE,
    )
    return b.build()


def mechanism_2() -> Definitions:
    """Mekanisme Kerja pada unit dipimpin JPT Pratama, 2 level struktur (Lampiran II.D.2)."""
    return collect(
        2,
        "jpt_dua_level",
        "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh JPT Pratama (2 level)",
        [
            top_level(
                2, "Unit dipimpin JPT Pratama (2 level)", refs=(_M2_UNIT,), cites=("D2.c.4",)
            ),
            _m2_perencanaan(),
            _m2_pelaksanaan(),
            _m2_evaluasi(),
        ],
    )


# -- Mechanism 3: unit led by a JPT Pratama, 1 level (Lampiran II.D.3) ---------------------

_M3_UNIT = Reference(
    "Lampiran II.D.3",
    "Pada unit organisasi (satu) level struktur ini, kedudukan Pejabat Fungsional dan/atau "
    "Pejabat Pelaksana berada di bawah dan bertanggung jawab langsung kepada Pejabat Pimpinan "
    "Tinggi Pratama",
)


_M3_TITLE = "Unit dipimpin JPT Pratama, 1 level"


def _m3_perencanaan() -> Process:
    b, p, lanes = phase_builder(
        3, "a", _M3_TITLE, refs=(_M3_UNIT,), cites=("D3.a.1", "D3.c.3"), roles=("L_JPT", "L_JFJP")
    )
    perencanaan(
        b,
        p,
        lanes,
        head=(
            Step("susun_pk", "Menyusun dan menetapkan perjanjian kinerja", "L_JPT", ("D3.a.1",)),
        ),
        pimpinan="L_JPT",
        strategy_name="Memberi arahan dan merumuskan strategi",
        strategy_cites=("D3.a.2",),
        strategy_note=(
            "Teks mekanisme 3 tidak merinci isi strategi; bentuk Tim Kerja/individu (D3.a.5) dan "
            "penunjukan Ketua Tim (D3.a.6) disebut terpisah."
        ),
        after_strategy=(
            Step(
                "sampaikan_arahan",
                "Menyampaikan arahan dan ekspektasi target kinerja kepada JF/JP",
                "L_JPT",
                ("D3.a.3",),
            ),
        ),
        lintas_cites=("D3.a.4",),
        bentuk_cites=("D3.a.5",),
        ketua_cites=("D3.a.6",),
        rencana_cites=("D3.a.7",),
    )
    return b.build()


def _m3_pelaksanaan() -> Process:
    b, p, lanes = phase_builder(
        3,
        "b",
        _M3_TITLE,
        refs=(_M3_UNIT,),
        cites=("D3.b.1", "D3.c.3"),
        roles=("L_JPT", "L_KETUA_TIM", "L_JFJP"),
    )
    pelaksanaan_led_by(b, p, lanes, "L_JPT", number=3)
    return b.build()


def _m3_evaluasi() -> Process:
    b, p, lanes = phase_builder(
        3,
        "c",
        _M3_TITLE,
        refs=(_M3_UNIT,),
        cites=("D3.c.1", "D3.c.2", "D3.c.3"),
        roles=("L_JPT", "L_JFJP"),
    )
    evaluasi(
        b,
        p,
        lanes,
        (Reviewer("L_JPT", "sesuai_jpt", ("D3.c.1",)),),
        end_cites=("D3.c.2",),
        rework_cites=("D3.c.2",),
        rework_note=LOOP_NOTE,
    )
    return b.build()


def mechanism_3() -> Definitions:
    """Mekanisme Kerja pada unit dipimpin JPT Pratama, 1 level struktur (Lampiran II.D.3)."""
    return collect(
        3,
        "jpt_satu_level",
        "Mekanisme Kerja pada Unit Organisasi yang Dipimpin oleh JPT Pratama (1 level)",
        [
            top_level(
                3, "Unit dipimpin JPT Pratama (1 level)", refs=(_M3_UNIT,), cites=("D3.c.3",)
            ),
            _m3_perencanaan(),
            _m3_pelaksanaan(),
            _m3_evaluasi(),
        ],
    )
