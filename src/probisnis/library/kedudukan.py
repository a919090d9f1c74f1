"""Kedudukan (Pasal 8-9; Lampiran II.B.1 a-e) as a DMN 1.3 decision table.

Who is the *Pejabat Penilai Kinerja* of a Pejabat Fungsional (JF)? Lampiran
II.B.1 answers per kind of unit organisasi (letters a-e, with b split into b.1
and b.2), and gives an exception when the JF's *kelas jabatan* is equal to or
above a post the text names: then a higher official assesses.

The table keeps the text's own words for the output, including where the text
is ambiguous ("Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi
yang bersangkutan"); ``catatan`` says what is unclear or contradicts another
part of the Lampiran. Nothing is resolved silently.

``jenis_unit`` values follow the six mechanisms of Lampiran II.D (numbered 1-6);
:data:`MEKANISME` maps them. Lampiran II.B.1 has five letters (a-e) but six
cases, because b is split into b.1 (JPT Pratama, one level) and b.2 (JPT
Pratama, two levels); letter b.1 is mechanism 3 and b.2 mechanism 2, so the
order of the letters and the mechanism numbers differ.

SpiffWorkflow evaluates the table (its DMN engine reads input and output
entries as Python expressions; quoted strings are valid FEEL and Python alike).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from probisnis.bpmn.model import Definitions
from probisnis.bpmn.writer import write
from probisnis.errors import UsageError
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.files import file_builder
from probisnis.library.roles import ROLES, lane_id

__all__ = [
    "BACAAN",
    "CAMUNDA_NS",
    "DECISION_ID",
    "DMN_LIBRARY",
    "DMN_NS",
    "JENIS_UNIT",
    "KELAS_JABATAN",
    "LIBRARY",
    "MEKANISME",
    "PROCESS_ID",
    "RULES",
    "KedudukanRule",
    "build",
    "build_penentuan",
    "decide",
    "dmn_bytes",
    "write_dmn",
]

DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/"
DECISION_ID = "penentuan_pejabat_penilai_kinerja"
PROCESS_ID = "KD_penentuan_penilai_kinerja"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"

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


def decide(jenis_unit: str, kelas_jabatan_jf: str, bacaan: str = "II.B.1") -> KedudukanRule:
    """The row of :data:`RULES` for the inputs; :class:`UsageError` for unknown values.

    ``bacaan`` (``"II.B.1"`` or ``"II.D"``) chooses between the two readings where
    Lampiran II.B.1 and the headings of Lampiran II.D disagree (units led by an
    Administrator, and by a JPT Pratama with two levels); elsewhere it is ignored.
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


def _q(text: str) -> str:
    """A string literal valid in FEEL and in Python (SpiffWorkflow evaluates it as Python)."""
    return json.dumps(text, ensure_ascii=False)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{DMN_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


_OUTPUTS = (
    ("pejabat_penilai_kinerja", "Pejabat Penilai Kinerja"),
    ("pimpinan_unit_organisasi", "Pimpinan Unit Organisasi"),
    ("mekanisme_kerja", "Nomor mekanisme kerja (Lampiran II.D)"),
    ("dasar_hukum", "Dasar hukum"),
    ("rumusan_teks", "Rumusan teks (bila teks menyebut dua pejabat)"),
    ("bacaan_bertentangan", "Bacaan yang bertentangan (kedua bagian teks)"),
    ("catatan", "Catatan atas teks"),
)


def dmn_bytes() -> bytes:
    """The decision table as a DMN 1.3 document (UTF-8, pretty-printed)."""
    root = etree.Element(
        f"{{{DMN_NS}}}definitions",
        {
            "id": "Definitions_kedudukan",
            "name": "Kedudukan Pejabat Fungsional dan/atau Pejabat Pelaksana",
            "namespace": "https://probisnis.local/perwali-probolinggo-88-2024",
        },
        nsmap={None: DMN_NS},
    )
    decision = _sub(root, "decision", id=DECISION_ID, name="Penentuan Pejabat Penilai Kinerja")
    _sub(
        decision,
        "description",
        "[Pasal 8] [Pasal 9] Lampiran II.B.1 a-e: Pejabat Penilai Kinerja bagi Pejabat "
        "Fungsional dan/atau Pejabat Pelaksana menurut jenis unit organisasi dan kelas jabatan "
        "JF terhadap pejabat pembanding yang disebut teks. jenis_unit mengikuti nomor "
        "mekanisme Lampiran II.D: " + ", ".join(f"{k}={v}" for k, v in MEKANISME.items()) + ". "
        "bacaan memilih bagian teks yang diikuti bila Lampiran II.B.1 dan judul Lampiran II.D "
        "bertentangan (unit dipimpin Pejabat Administrator; unit dipimpin JPT Pratama dua "
        "level): " + "; ".join(f"{k} = {v}" for k, v in BACAAN.items()) + "; baris lain "
        "tidak membacanya ('-').",
    )
    table = _sub(decision, "decisionTable", id="DT_kedudukan", hitPolicy="UNIQUE")
    for name, label, values in (
        ("jenis_unit", "Jenis unit organisasi", JENIS_UNIT),
        ("kelas_jabatan_jf", "Kelas jabatan JF terhadap pejabat pembanding", KELAS_JABATAN),
        ("bacaan", "Bacaan teks (II.B.1 atau judul II.D)", tuple(BACAAN)),
    ):
        inp = _sub(table, "input", id=f"in_{name}", label=label)
        expr = _sub(inp, "inputExpression", id=f"in_{name}_expr", typeRef="string")
        _sub(expr, "text", name)
        values_el = _sub(inp, "inputValues", id=f"in_{name}_values")
        _sub(values_el, "text", ",".join(_q(v) for v in values))
    for name, label in _OUTPUTS:
        type_ref = "number" if name == "mekanisme_kerja" else "string"
        _sub(table, "output", id=f"out_{name}", label=label, name=name, typeRef=type_ref)
    for rule in RULES:
        row = _sub(table, "rule", id=rule.id)
        desc = f"{rule.dasar_hukum}; pembanding kelas jabatan: {rule.pembanding}."
        if rule.catatan:
            desc += " Catatan: " + rule.catatan
        _sub(row, "description", desc)
        for i, value in enumerate((rule.jenis_unit, rule.kelas_jabatan_jf, rule.bacaan)):
            entry = _sub(row, "inputEntry", id=f"{rule.id}_in{i}")
            _sub(entry, "text", _q(value) if value else "-")
        outputs = (
            _q(rule.pejabat_penilai_kinerja),
            _q(rule.pimpinan_unit_organisasi),
            str(rule.mekanisme),
            _q(rule.dasar_hukum),
            _q(rule.rumusan_teks or rule.pejabat_penilai_kinerja),
            _q(rule.bacaan_bertentangan),
            _q(rule.catatan),
        )
        for i, value in enumerate(outputs):
            entry = _sub(row, "outputEntry", id=f"{rule.id}_out{i}")
            _sub(entry, "text", value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_dmn(path: str | Path) -> Path:
    """Write :func:`dmn_bytes` to ``path`` (parent directories must exist)."""
    out = Path(path)
    out.write_bytes(dmn_bytes())
    return out


# -- the executable process around the decision ------------------------------------------------
PASAL_8_3 = Reference(
    "Pasal 8 ayat (3)",
    "Penentuan kedudukan dan tanggung jawab sebagaimana dimaksud pada Ayat (1) dan Ayat (2) "
    "disesuaikan dengan struktur organisasi pada masing-masing perangkat daerah yang ditetapkan "
    "oleh Pejabat Pembina Kepegawaian.",
)
_PASAL_9 = Reference(
    "Pasal 9",
    "Rincian kedudukan sebagaimana dimaksud dalam Pasal 8 tercantum dalam Lampiran yang "
    "merupakan bagian tidak terpisahkan dalam Peraturan Wali Kota ini.",
)
_LAMPIRAN = Reference(
    "Lampiran II.B.1",
    "Penggambaran kedudukan Pejabat Fungsional dan/atau Pejabat Pelaksana pada unit organisasi "
    "terbagi dalam beberapa kondisi sebagai berikut :",
)


def build_penentuan(*, layout: bool = True) -> Definitions:
    """A small executable process whose business-rule task evaluates :data:`DECISION_ID`.

    The task names the decision with ``camunda:decisionRef`` (the runner's parser
    also accepts SpiffWorkflow's ``calledDecisionId``).
    """
    b = ProcessBuilder(
        PROCESS_ID,
        "Penentuan Pejabat Penilai Kinerja (kedudukan)",
        documentation_refs=(PASAL_8_3, _PASAL_9, _LAMPIRAN),
        note=(
            "Tabel keputusan: processes/kedudukan.dmn (decision "
            f"'{DECISION_ID}'). Teks tidak menjadikan penentuan kedudukan sebuah alur; "
            "proses kecil ini hanya membungkus keputusan agar dapat dijalankan."
        ),
    )
    lane = b.lane(lane_id("KD", "L_PEMBINA"), ROLES["L_PEMBINA"].name)
    b.start("KD_mulai", "Kedudukan JF/JP perlu ditentukan", lane=lane, refs=(PASAL_8_3,))
    b.user_task(
        "KD_isi_data",
        "Mengisi jenis unit organisasi dan kelas jabatan JF",
        lane=lane,
        refs=(_PASAL_9, _LAMPIRAN),
        documentation=(
            "Data: jenis_unit ("
            + ", ".join(JENIS_UNIT)
            + "); kelas_jabatan_jf ("
            + ", ".join(KELAS_JABATAN)
            + ") terhadap pejabat pembanding yang disebut teks; bacaan ("
            + ", ".join(BACAAN)
            + ") bila jenis_unit administrator atau jpt_dua_level: bagian teks yang diikuti "
            "di mana Lampiran II.B.1 dan judul Lampiran II.D bertentangan."
        ),
    )
    b.node(
        "businessRuleTask",
        "KD_tentukan",
        "Menentukan Pejabat Penilai Kinerja",
        lane=lane,
        refs=(_PASAL_9, _LAMPIRAN),
        attrs={f"{{{CAMUNDA_NS}}}decisionRef": DECISION_ID},
    )
    b.user_task(
        "KD_tetapkan",
        "Menetapkan kedudukan dan Pejabat Penilai Kinerja",
        lane=lane,
        refs=(PASAL_8_3,),
    )
    b.end("KD_selesai", "Pejabat Penilai Kinerja ditetapkan", lane=lane, refs=(PASAL_8_3,))
    b.chain("KD_mulai", "KD_isi_data", "KD_tentukan", "KD_tetapkan", "KD_selesai")
    d = file_builder("penentuan_penilai_kinerja", b.name)
    d.pool(b.build(), name="Pemerintah Kota Probolinggo")
    return d.build(layout=layout)


#: file stem (in processes/) -> builder; the shape of ``probisnis.library.build.LIBRARY``
LIBRARY = {"penentuan_penilai_kinerja": build_penentuan}

#: DMN file stem (in processes/) -> its bytes; merged into ``probisnis.library.build.DMN``
DMN_LIBRARY: dict[str, Callable[[], bytes]] = {"kedudukan": dmn_bytes}


def build(out_dir: str | Path) -> list[Path]:
    """Write ``kedudukan.dmn`` and ``penentuan_penilai_kinerja.bpmn`` into ``out_dir``."""
    out = Path(out_dir)
    return [
        write_dmn(out / "kedudukan.dmn"),
        write(build_penentuan(), out / "penentuan_penilai_kinerja.bpmn"),
    ]
