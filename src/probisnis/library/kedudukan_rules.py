"""The rows of the kedudukan decision table (Lampiran II.B.1 a-e), and :func:`decide`.

The table :mod:`.kedudukan` writes as DMN (``processes/kedudukan.dmn``) and wraps in a
process: one :class:`KedudukanRule` per jenis unit and kelas jabatan, in the text's own
words, with both readings where Lampiran II.B.1 and the headings of Lampiran II.D disagree
(input ``bacaan``). Re-exported by :mod:`.kedudukan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from probisnis.errors import UsageError

__all__ = [
    "BACAAN",
    "BACAAN_BAKU",
    "JENIS_UNIT",
    "KELAS_JABATAN",
    "KONFLIK_ADM",
    "KONFLIK_JPT2",
    "MEKANISME",
    "RULES",
    "KedudukanRule",
    "decide",
]

#: jenis_unit -> the mechanism number of Lampiran II.D it corresponds to
MEKANISME: dict[str, int] = {
    "sekretariat_daerah": 1,
    "jpt_dua_level": 2,
    "jpt_satu_level": 3,
    "administrator": 4,
    "pengawas": 5,
    "fungsional": 6,
}
JENIS_UNIT: tuple[str, ...] = tuple(MEKANISME)
KELAS_JABATAN: tuple[str, ...] = ("lebih_rendah", "setara_atau_lebih_tinggi")


#: the two passages that disagree on who assesses and who leads (input ``bacaan``):
#: Lampiran II.B.1 (kedudukan) and the headings of Lampiran II.D (the mechanisms)
BACAAN: dict[str, str] = {
    "II.B.1": "Lampiran II.B.1 (kedudukan per jenis unit)",
    "II.D": "Lampiran II.D (judul mekanisme kerja)",
}
#: the reading used when none is chosen: by :func:`decide`, by the M4 diagram's gateway
#: "Penilai Kinerja: II.D.4 atau II.B.1.c?" (its default flow) and by the M4 scenario
#: (``simulations/m4_administrator.toml``, ``[attributes.bacaan]``). The mechanism's own
#: heading (Lampiran II.D.4) is what a reader of the M4 process meets first.
BACAAN_BAKU = "II.D"


@dataclass(frozen=True, slots=True)
class KedudukanRule:
    """One row of the decision table.

    ``pembanding`` is the post whose kelas jabatan the text compares the JF's
    with (the input ``kelas_jabatan_jf`` is relative to it). ``bacaan`` is the
    passage the row follows where two passages disagree (``""``: every reading).
    ``pejabat_penilai_kinerja`` and ``pimpinan_unit_organisasi`` are posts a process
    can act on (role names of :mod:`.roles`); ``rumusan_teks`` keeps the text's own
    words where they name two posts ("X atau Y"); ``bacaan_bertentangan`` names both
    passages where the row is one of two readings.
    """

    id: str
    jenis_unit: str
    kelas_jabatan_jf: str
    pejabat_penilai_kinerja: str
    dasar_hukum: str
    pembanding: str
    catatan: str = ""
    pimpinan_unit_organisasi: str = ""
    bacaan: str = ""
    rumusan_teks: str = ""
    bacaan_bertentangan: str = ""

    @property
    def mekanisme(self) -> int:
        return MEKANISME[self.jenis_unit]


_A = "Lampiran II.B.1.a (Sekretariat Daerah)"
_B1 = "Lampiran II.B.1.b.1) (dipimpin Pejabat Pimpinan Tinggi Pratama, satu level)"
_B2 = "Lampiran II.B.1.b.2) (dipimpin Pejabat Pimpinan Tinggi Pratama, dua level)"
_C = "Lampiran II.B.1.c (dipimpin Pejabat Administrator)"
_D = "Lampiran II.B.1.d (dipimpin Pejabat Pengawas)"
_E = "Lampiran II.B.1.e (dipimpin Pejabat Fungsional)"
_D2_HEAD = (
    "judul Lampiran II.D.2 (Pejabat Administrator sebagai Pejabat Penilai Kinerja dan "
    "Pimpinan Unit Organisasi)"
)
_D4_HEAD = (
    "judul Lampiran II.D.4 (Pejabat Administrator sebagai Pejabat Penilai Kinerja dan "
    "Pejabat Pengawas sebagai Pimpinan Unit Organisasi)"
)

#: the flags: both passages named, on both rows of each conflicting pair
KONFLIK_ADM = (
    "Lampiran II.B.1.c: Pejabat Administrator Pimpinan Unit Organisasi, Pejabat Pengawas "
    "Pejabat Penilai Kinerja; judul Lampiran II.D.4: Pejabat Administrator Pejabat Penilai "
    "Kinerja, Pejabat Pengawas Pimpinan Unit Organisasi. Pilih bacaan dengan input 'bacaan'."
)
KONFLIK_JPT2 = (
    "Lampiran II.B.1.b.2): Pejabat Pimpinan Tinggi Pratama Pimpinan Unit Organisasi; judul "
    "Lampiran II.D.2: Pejabat Administrator Pejabat Penilai Kinerja dan Pimpinan Unit "
    "Organisasi. Pilih bacaan dengan input 'bacaan'."
)

_NOTE_A = (
    "Teks membandingkan kelas jabatan JF dengan 'Pejabat Administrator atau Penilai Kinerja' "
    "dan menyebut penilai pengganti 'Asisten Sekretaris Daerah atau Sekretaris Daerah' tanpa "
    "menentukan kapan Asisten dan kapan Sekretaris Daerah. Keluaran yang dapat dijalankan: "
    "Asisten Sekretaris Daerah, pejabat yang lebih tinggi langsung di atas Kepala Bagian "
    "(D1.a.3); Sekretaris Daerah bila kelas jabatan JF setara atau lebih tinggi pula dari "
    "Asisten (prinsip 'pejabat yang lebih tinggi' diterapkan lagi). Rumusan teks disimpan di "
    "rumusan_teks."
)
_NOTE_B1 = (
    "Lampiran II.B.1.b.1) tidak mengatur pengecualian kelas jabatan; penilai tetap Pejabat "
    "Pimpinan Tinggi Pratama (Pasal 8 ayat (1)). Penilai di atasnya tidak disebut teks."
)
_NOTE_B2 = (
    "Lampiran II.B.2 (Struktur Penugasan dua level) menyebut penilaian kinerja JF/JP dilakukan "
    "'Pejabat Level I selaku Pejabat Penilai Kinerja', bertentangan dengan II.B.1.b.2) dan "
    "II.D.2 yang menetapkan Pejabat Administrator (Level II); tabel mengikuti II.B.1.b.2)."
)
_NOTE_C = (
    "Lampiran II.D.4 menyatakan Pejabat Penilai Kinerja JF/JP pada struktur ini adalah Pejabat "
    "Administrator (Pejabat Pengawas sebagai Pimpinan Unit Kerja), bertentangan dengan II.B.1.c "
    "yang menetapkan Pejabat Pengawas; baris ini mengikuti II.B.1.c (bacaan 'II.B.1')."
)
_NOTE_C_D4 = (
    "Bacaan judul Lampiran II.D.4 dan kalimat D4.a.1 ('Pejabat Administrator selaku Pejabat "
    "Penilai Kinerja'): Pejabat Administrator menilai, Pejabat Pengawas memimpin unit kerja; "
    "bertentangan dengan II.B.1.c. Pengecualian kelas jabatan tidak disebut II.D.4."
)
_NOTE_D = (
    "Rumusan teks ambigu: 'Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi yang "
    "bersangkutan' tidak menentukan siapa di antara keduanya, dan pada struktur ini Pejabat "
    "Pengawas sendiri adalah Unit Organisasi Pemilik Kinerja. Keluaran yang dapat dijalankan: "
    "Pejabat Pimpinan Tinggi Pratama perangkat daerah induk UPTD (pejabat yang lebih tinggi); "
    "rumusan teks disimpan di rumusan_teks."
)
_NOTE_E_BASE = (
    "Pasal 1 angka 10: Pejabat Penilai Kinerja paling rendah Pejabat Pengawas 'atau pejabat "
    "lain yang diberi pendelegasian kewenangan'; Pejabat Fungsional pemimpin unit hanya masuk "
    "lewat frasa terakhir."
)
_NOTE_E = (
    "Rumusan teks ambigu: 'Pejabat Tinggi Pratama atau Unit Organisasi Pemilik Kinerja yang "
    "bersangkutan' (berbeda urutan kata dengan II.B.1.d) tidak menentukan siapa di antara "
    "keduanya; pembanding kelas jabatan adalah Pejabat Pengawas, bukan Pejabat Fungsional "
    "pemimpin unit. Keluaran yang dapat dijalankan: Pejabat Pimpinan Tinggi Pratama perangkat "
    "daerah induk; rumusan teks disimpan di rumusan_teks."
)

_KABAG, _ASISTEN = "Kepala Bagian", "Asisten Sekretaris Daerah"
_JPT, _ADM = "Pejabat Pimpinan Tinggi Pratama", "Pejabat Administrator"
_PENGAWAS, _JF = "Pejabat Pengawas", "Pejabat Fungsional yang memimpin unit organisasi"

RULES: tuple[KedudukanRule, ...] = (
    KedudukanRule(
        "R1_setda_rendah",
        "sekretariat_daerah",
        "lebih_rendah",
        _KABAG,
        _A,
        "Pejabat Administrator atau Penilai Kinerja (Kepala Bagian)",
        pimpinan_unit_organisasi=_KABAG,
    ),
    KedudukanRule(
        "R2_setda_tinggi",
        "sekretariat_daerah",
        "setara_atau_lebih_tinggi",
        _ASISTEN,
        _A,
        "Pejabat Administrator atau Penilai Kinerja (Kepala Bagian)",
        _NOTE_A,
        pimpinan_unit_organisasi=_KABAG,
        rumusan_teks="Asisten Sekretaris Daerah atau Sekretaris Daerah",
    ),
    KedudukanRule(
        "R3_jpt2_rendah",
        "jpt_dua_level",
        "lebih_rendah",
        _ADM,
        _B2,
        _ADM,
        _NOTE_B2,
        pimpinan_unit_organisasi=_JPT,
        bacaan="II.B.1",
        bacaan_bertentangan=KONFLIK_JPT2,
    ),
    KedudukanRule(
        "R3b_jpt2_rendah_judul_d2",
        "jpt_dua_level",
        "lebih_rendah",
        _ADM,
        f"{_B2}; {_D2_HEAD}",
        _ADM,
        "Bacaan judul Lampiran II.D.2: Pejabat Administrator juga Pimpinan Unit Organisasi. "
        + _NOTE_B2,
        pimpinan_unit_organisasi=_ADM,
        bacaan="II.D",
        bacaan_bertentangan=KONFLIK_JPT2,
    ),
    KedudukanRule(
        "R4_jpt2_tinggi",
        "jpt_dua_level",
        "setara_atau_lebih_tinggi",
        _JPT,
        _B2,
        _ADM,
        pimpinan_unit_organisasi=_JPT,
        bacaan="II.B.1",
        bacaan_bertentangan=KONFLIK_JPT2,
    ),
    KedudukanRule(
        "R4b_jpt2_tinggi_judul_d2",
        "jpt_dua_level",
        "setara_atau_lebih_tinggi",
        _JPT,
        f"{_B2}; {_D2_HEAD}",
        _ADM,
        "Bacaan judul Lampiran II.D.2: Pejabat Administrator Pimpinan Unit Organisasi; penilai "
        "JF berkelas jabatan setara/lebih tinggi tetap Pejabat Pimpinan Tinggi Pratama "
        "(II.B.1.b.2)).",
        pimpinan_unit_organisasi=_ADM,
        bacaan="II.D",
        bacaan_bertentangan=KONFLIK_JPT2,
    ),
    KedudukanRule(
        "R5_jpt1_rendah",
        "jpt_satu_level",
        "lebih_rendah",
        _JPT,
        _B1,
        _JPT,
        pimpinan_unit_organisasi=_JPT,
    ),
    KedudukanRule(
        "R6_jpt1_tinggi",
        "jpt_satu_level",
        "setara_atau_lebih_tinggi",
        _JPT,
        _B1,
        _JPT,
        _NOTE_B1,
        pimpinan_unit_organisasi=_JPT,
    ),
    KedudukanRule(
        "R7_adm_rendah",
        "administrator",
        "lebih_rendah",
        _PENGAWAS,
        _C,
        _PENGAWAS,
        _NOTE_C,
        pimpinan_unit_organisasi=_ADM,
        bacaan="II.B.1",
        bacaan_bertentangan=KONFLIK_ADM,
    ),
    KedudukanRule(
        "R7b_adm_rendah_judul_d4",
        "administrator",
        "lebih_rendah",
        _ADM,
        f"{_C}; {_D4_HEAD}",
        _PENGAWAS,
        _NOTE_C_D4,
        pimpinan_unit_organisasi=_PENGAWAS,
        bacaan="II.D",
        bacaan_bertentangan=KONFLIK_ADM,
    ),
    KedudukanRule(
        "R8_adm_tinggi",
        "administrator",
        "setara_atau_lebih_tinggi",
        _ADM,
        _C,
        _PENGAWAS,
        pimpinan_unit_organisasi=_ADM,
        bacaan="II.B.1",
        bacaan_bertentangan=KONFLIK_ADM,
    ),
    KedudukanRule(
        "R8b_adm_tinggi_judul_d4",
        "administrator",
        "setara_atau_lebih_tinggi",
        _ADM,
        f"{_C}; {_D4_HEAD}",
        _PENGAWAS,
        _NOTE_C_D4,
        pimpinan_unit_organisasi=_PENGAWAS,
        bacaan="II.D",
        bacaan_bertentangan=KONFLIK_ADM,
    ),
    KedudukanRule(
        "R9_pengawas_rendah",
        "pengawas",
        "lebih_rendah",
        _PENGAWAS,
        _D,
        _PENGAWAS,
        pimpinan_unit_organisasi=_PENGAWAS,
    ),
    KedudukanRule(
        "R10_pengawas_tinggi",
        "pengawas",
        "setara_atau_lebih_tinggi",
        _JPT,
        _D,
        _PENGAWAS,
        _NOTE_D,
        pimpinan_unit_organisasi=_PENGAWAS,
        rumusan_teks=(
            "Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi yang bersangkutan"
        ),
    ),
    KedudukanRule(
        "R11_jf_rendah",
        "fungsional",
        "lebih_rendah",
        _JF,
        _E,
        _PENGAWAS,
        _NOTE_E_BASE,
        pimpinan_unit_organisasi=_JF,
    ),
    KedudukanRule(
        "R12_jf_tinggi",
        "fungsional",
        "setara_atau_lebih_tinggi",
        _JPT,
        _E,
        _PENGAWAS,
        _NOTE_E,
        pimpinan_unit_organisasi=_JF,
        rumusan_teks=(
            "Pejabat Tinggi Pratama atau Unit Organisasi Pemilik Kinerja yang bersangkutan"
        ),
    ),
)


def decide(
    jenis_unit: str, kelas_jabatan_jf: str, bacaan: str = BACAAN_BAKU
) -> KedudukanRule:
    """The row of :data:`RULES` for the inputs; :class:`UsageError` for unknown values.

    ``bacaan`` (``"II.B.1"`` or ``"II.D"``) chooses between the two readings where
    Lampiran II.B.1 and the headings of Lampiran II.D disagree (units led by an
    Administrator, and by a JPT Pratama with two levels); elsewhere it is ignored.
    Without it, :data:`BACAAN_BAKU` (the reading the M4 process and scenario default to).
    """
    if jenis_unit not in MEKANISME:
        raise UsageError(
            f"jenis_unit {jenis_unit!r} unknown; expected one of {', '.join(JENIS_UNIT)}"
        )
    if kelas_jabatan_jf not in KELAS_JABATAN:
        raise UsageError(
            f"kelas_jabatan_jf {kelas_jabatan_jf!r} unknown; "
            f"expected one of {', '.join(KELAS_JABATAN)}"
        )
    if bacaan not in BACAAN:
        raise UsageError(f"bacaan {bacaan!r} unknown; expected one of {', '.join(BACAAN)}")
    for rule in RULES:
        if (
            rule.jenis_unit == jenis_unit
            and rule.kelas_jabatan_jf == kelas_jabatan_jf
            and rule.bacaan in ("", bacaan)
        ):
            return rule
    raise AssertionError("RULES does not cover every input")  # pragma: no cover
