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
from pathlib import Path

from lxml import etree

from probisnis.bpmn.model import Definitions
from probisnis.bpmn.writer import write
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.files import file_builder
from probisnis.library.kedudukan_rules import (
    BACAAN,
    BACAAN_BAKU,
    JENIS_UNIT,
    KELAS_JABATAN,
    MEKANISME,
    RULES,
    KedudukanRule,
    decide,
)
from probisnis.library.roles import ROLES, lane_id

__all__ = [
    "BACAAN",
    "BACAAN_BAKU",
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
