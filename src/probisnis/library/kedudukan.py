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


@dataclass(frozen=True, slots=True)
class KedudukanRule:
    """One row of the decision table.

    ``pembanding`` is the post whose kelas jabatan the text compares the JF's
    with (the input ``kelas_jabatan_jf`` is relative to it).
    """

    id: str
    jenis_unit: str
    kelas_jabatan_jf: str
    pejabat_penilai_kinerja: str
    dasar_hukum: str
    pembanding: str
    catatan: str = ""

    @property
    def mekanisme(self) -> int:
        return MEKANISME[self.jenis_unit]


_A = "Lampiran II.B.1.a (Sekretariat Daerah)"
_B1 = "Lampiran II.B.1.b.1) (dipimpin Pejabat Pimpinan Tinggi Pratama, satu level)"
_B2 = "Lampiran II.B.1.b.2) (dipimpin Pejabat Pimpinan Tinggi Pratama, dua level)"
_C = "Lampiran II.B.1.c (dipimpin Pejabat Administrator)"
_D = "Lampiran II.B.1.d (dipimpin Pejabat Pengawas)"
_E = "Lampiran II.B.1.e (dipimpin Pejabat Fungsional)"

_NOTE_A = (
    "Teks membandingkan kelas jabatan JF dengan 'Pejabat Administrator atau Penilai Kinerja' "
    "dan menyebut penilai pengganti 'Asisten Sekretaris Daerah atau Sekretaris Daerah' tanpa "
    "menentukan kapan Asisten dan kapan Sekretaris Daerah; keduanya dibiarkan sebagai pilihan."
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
    "yang menetapkan Pejabat Pengawas; tabel mengikuti II.B.1.c."
)
_NOTE_D = (
    "Rumusan teks ambigu: 'Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi yang "
    "bersangkutan' tidak menentukan siapa di antara keduanya, dan pada struktur ini Pejabat "
    "Pengawas sendiri adalah Unit Organisasi Pemilik Kinerja; dibiarkan seperti teks."
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
    "pemimpin unit; dibiarkan seperti teks."
)

RULES: tuple[KedudukanRule, ...] = (
    KedudukanRule(
        "R1_setda_rendah",
        "sekretariat_daerah",
        "lebih_rendah",
        "Kepala Bagian",
        _A,
        "Pejabat Administrator atau Penilai Kinerja (Kepala Bagian)",
    ),
    KedudukanRule(
        "R2_setda_tinggi",
        "sekretariat_daerah",
        "setara_atau_lebih_tinggi",
        "Asisten Sekretaris Daerah atau Sekretaris Daerah",
        _A,
        "Pejabat Administrator atau Penilai Kinerja (Kepala Bagian)",
        _NOTE_A,
    ),
    KedudukanRule(
        "R3_jpt2_rendah",
        "jpt_dua_level",
        "lebih_rendah",
        "Pejabat Administrator",
        _B2,
        "Pejabat Administrator",
        _NOTE_B2,
    ),
    KedudukanRule(
        "R4_jpt2_tinggi",
        "jpt_dua_level",
        "setara_atau_lebih_tinggi",
        "Pejabat Pimpinan Tinggi Pratama",
        _B2,
        "Pejabat Administrator",
    ),
    KedudukanRule(
        "R5_jpt1_rendah",
        "jpt_satu_level",
        "lebih_rendah",
        "Pejabat Pimpinan Tinggi Pratama",
        _B1,
        "Pejabat Pimpinan Tinggi Pratama",
    ),
    KedudukanRule(
        "R6_jpt1_tinggi",
        "jpt_satu_level",
        "setara_atau_lebih_tinggi",
        "Pejabat Pimpinan Tinggi Pratama",
        _B1,
        "Pejabat Pimpinan Tinggi Pratama",
        _NOTE_B1,
    ),
    KedudukanRule(
        "R7_adm_rendah",
        "administrator",
        "lebih_rendah",
        "Pejabat Pengawas",
        _C,
        "Pejabat Pengawas",
        _NOTE_C,
    ),
    KedudukanRule(
        "R8_adm_tinggi",
        "administrator",
        "setara_atau_lebih_tinggi",
        "Pejabat Administrator",
        _C,
        "Pejabat Pengawas",
    ),
    KedudukanRule(
        "R9_pengawas_rendah",
        "pengawas",
        "lebih_rendah",
        "Pejabat Pengawas",
        _D,
        "Pejabat Pengawas",
    ),
    KedudukanRule(
        "R10_pengawas_tinggi",
        "pengawas",
        "setara_atau_lebih_tinggi",
        "Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi yang bersangkutan",
        _D,
        "Pejabat Pengawas",
        _NOTE_D,
    ),
    KedudukanRule(
        "R11_jf_rendah",
        "fungsional",
        "lebih_rendah",
        "Pejabat Fungsional yang memimpin unit organisasi",
        _E,
        "Pejabat Pengawas",
        _NOTE_E_BASE,
    ),
    KedudukanRule(
        "R12_jf_tinggi",
        "fungsional",
        "setara_atau_lebih_tinggi",
        "Pejabat Tinggi Pratama atau Unit Organisasi Pemilik Kinerja yang bersangkutan",
        _E,
        "Pejabat Pengawas",
        _NOTE_E,
    ),
)


def decide(jenis_unit: str, kelas_jabatan_jf: str) -> KedudukanRule:
    """The row of :data:`RULES` for the inputs; :class:`UsageError` for unknown values."""
    if jenis_unit not in MEKANISME:
        raise UsageError(
            f"jenis_unit {jenis_unit!r} unknown; expected one of {', '.join(JENIS_UNIT)}"
        )
    if kelas_jabatan_jf not in KELAS_JABATAN:
        raise UsageError(
            f"kelas_jabatan_jf {kelas_jabatan_jf!r} unknown; "
            f"expected one of {', '.join(KELAS_JABATAN)}"
        )
    for rule in RULES:
        if rule.jenis_unit == jenis_unit and rule.kelas_jabatan_jf == kelas_jabatan_jf:
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
    ("mekanisme_kerja", "Nomor mekanisme kerja (Lampiran II.D)"),
    ("dasar_hukum", "Dasar hukum"),
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
        "mekanisme Lampiran II.D: " + ", ".join(f"{k}={v}" for k, v in MEKANISME.items()) + ".",
    )
    table = _sub(decision, "decisionTable", id="DT_kedudukan", hitPolicy="UNIQUE")
    for name, label, values in (
        ("jenis_unit", "Jenis unit organisasi", JENIS_UNIT),
        ("kelas_jabatan_jf", "Kelas jabatan JF terhadap pejabat pembanding", KELAS_JABATAN),
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
        for i, value in enumerate((rule.jenis_unit, rule.kelas_jabatan_jf)):
            entry = _sub(row, "inputEntry", id=f"{rule.id}_in{i}")
            _sub(entry, "text", _q(value))
        outputs = (
            _q(rule.pejabat_penilai_kinerja),
            str(rule.mekanisme),
            _q(rule.dasar_hukum),
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
            + ") terhadap pejabat pembanding yang disebut teks."
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
