"""The business-process maps of Pasal 20 ayat (4), as descriptive BPMN.

Pasal 20 ayat (4) names four kinds of map that the reviu and evaluasi of
proses bisnis looks at. They are built here from the processes of the library:

- ``processes/peta_level_0.bpmn``: the value chain (*rantai nilai*) with lanes
  *Proses Manajemen*, *Proses Inti*, *Proses Pendukung*; each activity carries a
  hierarchical code (``01.01``) and is a call activity of the level-1 process
  that details it, so "peta level 1 dan turunannya" (huruf d) hangs from it.
  Order of the chain: the components of Pasal 7 ayat (1) a-e, with pemanfaatan
  TIK (huruf f) alongside.
- ``processes/peta_subproses.bpmn``: *peta subproses* (huruf a) and the peta level 1
  of every level-0 box, one pool per map in code order: 02.01 and 03.01 decomposed into
  called processes (``02.01`` -> ``02.01.01`` ... ``02.01.01.03``; the parts are call
  activities of the mechanism phases and of the penugasan variants), the boxes detailed by
  one swimlane process (01.01-01.03, 03.02, 03.03) into coded parts (:mod:`.maps_level1`).
- ``processes/peta_relasi.bpmn``: *peta relasi* (huruf b): a collaboration of the
  unit that owns the performance with the parties the text names, and a message
  flow for what passes between them.
- *peta lintas fungsi* (huruf c) are the swimlane process files themselves
  (mechanisms 1-6, penugasan, pertanggungjawaban, pengelolaan kinerja,
  kedudukan): :data:`LINTAS_FUNGSI` lists them; docs/processes/peta.md is the page.

The maps are descriptive (``isExecutable="false"``); the decision gateways of the
subprocess maps have named outcomes and no conditions (the runner routes them
from a decisions file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from probisnis.bpmn.model import Definitions, EventDefinition
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.library.files import definitions_of, file_builder, write_all
from probisnis.library.kedudukan import PASAL_8_3
from probisnis.library.kinerja import PASAL_17_2B
from probisnis.library.labels import place_labels
from probisnis.library.maps_level1 import level_1_maps
from probisnis.library.maps_reviu import STEM as REVIU_STEM
from probisnis.library.maps_reviu import build_reviu
from probisnis.library.maps_texts import (
    KEDUDUKAN,
    KENDALA_LINTAS_INSTANSI,
    KENDALA_LINTAS_UNIT,
    KINERJA,
    KOLABORASI,
    LINTAS_FUNGSI,
    MECHANISM_HEADINGS,
    MECHANISMS,
    MECHANISMS_SHORT,
    PASAL_7,
    PASAL_11_1,
    PASAL_13_1,
    PASAL_19_1,
    PASAL_19_2,
    PASAL_20_1,
    PASAL_20_3,
    PASAL_20_4,
    PELAKSANAAN,
    PENUGASAN,
    PENUGASAN_REF,
    PERTANGGUNGJAWABAN,
    PETA_LEVEL_1,
    PETA_RELASI,
    PETA_SUBPROSES,
    SHAPE_NAMES,
    TIK,
    TIM_TRANSFORMASI,
    level_1_id,
)
from probisnis.library.penugasan_common import PASAL_10_2
from probisnis.library.tik import STEM as TIK_STEM
from probisnis.library.tik import build_tik

__all__ = [
    "LIBRARY",
    "LINTAS_FUNGSI",
    "MECHANISMS",
    "MECHANISMS_SHORT",
    "PENUGASAN",
    "SHAPE_NAMES",
    "build",
    "build_level_0",
    "build_relasi",
    "build_subproses",
    "definitions",
]

_DESCRIPTIVE = (
    "Peta deskriptif (isExecutable=false): menggambarkan susunan proses, bukan untuk dijalankan."
)


def _collect(stem: str, name: str, builders: list[ProcessBuilder], **kw: str) -> DefinitionsBuilder:
    d = file_builder(stem, name, **kw)
    for b in builders:
        d.pool(b.build())
    return d


# -- level 0: rantai nilai ----------------------------------------------------------------------
#: the scope of level 0, stated in the documentation of the process and of the file
SCOPE = (
    "Cakupan: sistem kerja unit organisasi menurut Perwali 88/2024, bukan seluruh proses "
    "Pemkot Probolinggo."
)


def _level_0_process(prefix: str, process_id: str, name: str) -> ProcessBuilder:
    b = ProcessBuilder(
        process_id,
        name,
        executable=False,
        documentation_refs=(PASAL_20_4, PETA_LEVEL_1, PASAL_7),
        note=(
            _DESCRIPTIVE + " " + SCOPE + " Rantai nilai: satu baris kotak per kelompok "
            "(proses manajemen, inti, pendukung); panah hanya di dalam satu baris, menurut "
            "urutan Pasal 7 ayat (1) huruf a-f, tanpa gateway. Pengelompokan "
            "manajemen/inti/pendukung adalah usulan pemodel; Perwali tidak mengelompokkan."
        ),
    )
    b.lane(f"{prefix}_L_MANAJEMEN", "01 Proses Manajemen")
    b.lane(f"{prefix}_L_INTI", "02 Proses Inti")
    b.lane(f"{prefix}_L_PENDUKUNG", "03 Proses Pendukung")
    return b


#: the penugasan variants that cross the unit's border: drawn apart on the peta relasi
_RELASI_PENUGASAN = ("03.01.02", "03.01.05", "03.01.03")


def _level_0_body(b: ProcessBuilder, p: str, *, penugasan_parts: bool = False) -> None:
    """The value chain's boxes into builder ``b`` (ids start with ``p``): a row per group.

    With ``penugasan_parts`` (the peta relasi) 03.01 is drawn as the penugasan variants
    that exchange letters with other units and agencies, so each letter has its activity.
    """
    man, inti, duk = f"{p}_L_MANAJEMEN", f"{p}_L_INTI", f"{p}_L_PENDUKUNG"
    b.call(
        f"{p}_01_01",
        "01.01 Penetapan Kedudukan",
        level_1_id("01.01"),
        lane=man,
        refs=(KEDUDUKAN, PASAL_8_3),
    )
    b.call(
        f"{p}_01_02",
        "01.02 Pengelolaan Kinerja",
        level_1_id("01.02"),
        lane=man,
        refs=(KINERJA,),
    )
    b.call(
        f"{p}_01_03",
        SHAPE_NAMES["01.03"],
        level_1_id("01.03"),
        lane=man,
        refs=(PASAL_20_3, PASAL_20_4),
        documentation="01.03 Reviu dan Evaluasi Proses Bisnis dan SOP.",
    )
    b.call(
        f"{p}_02_01",
        SHAPE_NAMES["02.01"],
        "PETA_SUB_02_01_pelaksanaan_tugas",
        lane=inti,
        refs=(PELAKSANAAN, PASAL_13_1),
        documentation="02.01 Pelaksanaan Tugas menurut Mekanisme Kerja.",
    )
    if penugasan_parts:
        penugasan = []
        for code in _RELASI_PENUGASAN:
            _, process_id, heading = PENUGASAN[code]
            penugasan.append(
                b.call(
                    f"{p}_{code.replace('.', '_')}",
                    SHAPE_NAMES[code],
                    process_id,
                    lane=duk,
                    cites=(f"B2.{process_id.split('_')[1]}.1",),
                    refs=(Reference("Lampiran II.B.2", heading), PENUGASAN_REF),
                )
            )
    else:
        penugasan = [
            b.call(
                f"{p}_03_01",
                "03.01 Penugasan",
                "PETA_SUB_03_01_penugasan",
                lane=duk,
                refs=(PENUGASAN_REF, PASAL_11_1),
            )
        ]
    b.call(
        f"{p}_03_02",
        SHAPE_NAMES["03.02"],
        level_1_id("03.02"),
        lane=duk,
        refs=(PERTANGGUNGJAWABAN,),
        documentation="03.02 Pertanggungjawaban Pelaksanaan Tugas.",
    )
    b.call(
        f"{p}_03_03",
        SHAPE_NAMES["03.03"],
        level_1_id("03.03"),
        lane=duk,
        refs=(TIK, PASAL_19_1, PASAL_19_2),
        documentation="03.03 Pemanfaatan Teknologi, Informasi, dan Komunikasi.",
    )
    rows = {
        "01": (man, (f"{p}_01_01", f"{p}_01_02", f"{p}_01_03")),
        "02": (inti, (f"{p}_02_01",)),
        # on the peta relasi the boxes stand over the pools they write to: 03.02 (no letters
        # of its own) under 02.01, the variants over the unit and agency they write to
        "03": (
            duk,
            (f"{p}_03_02", *penugasan, f"{p}_03_03")
            if penugasan_parts
            else (*penugasan, f"{p}_03_02", f"{p}_03_03"),
        ),
    }
    for group, (lane, boxes) in rows.items():
        # one none start per process: the other rows start on the message that starts them
        start = (
            {}
            if group == "01"
            else {
                "event_definitions": (
                    EventDefinition("message", id=f"{p}_{group}_mulai_def", ref=ROW_MESSAGE),
                )
            }
        )
        b.start(
            f"{p}_{group}_mulai",
            "" if group == "01" else "Target kinerja ditetapkan",
            lane=lane,
            refs=(PASAL_7,),
            **start,
        )
        b.end(f"{p}_{group}_selesai", "", lane=lane, refs=(PASAL_7,))
        b.chain(f"{p}_{group}_mulai", *boxes, f"{p}_{group}_selesai")


TIM_TRANSFORMASI_UNSUR = Reference(
    "Lampiran II.C",
    "Pimpinan Unit yang Bertanggung jawab atas Sumber Daya Manusia, Pimpinan Unit yang "
    "bertanggung jawab atas Perencanaan Kinerja dan Anggaran.",
)
PASAL_17_2 = Reference(
    "Pasal 17 ayat (2)",
    "Pemberian penghargaan sebagaimana dimaksud pada ayat (1) huruf d diberikan bagi ASN yang "
    "penilaian kinerjanya (sasaran kinerja pegawai) diatas ekspektasi",
)

#: the message that starts the rows 02 and 03: the targets set by the management row
ROW_MESSAGE = "MSG_PETA_target_kinerja"


def build_level_0(*, layout: bool = True) -> Definitions:
    """``peta_level_0.bpmn``: the value chain, coded activities calling the level-1 processes."""
    b = _level_0_process(
        "PETA0", "PETA_L0_sistem_kerja", "Peta Proses Bisnis Level 0: Sistem Kerja"
    )
    _level_0_body(b, "PETA0")
    d = _collect(
        "peta_level_0",
        "Peta Proses Bisnis Level 0: Sistem Kerja Unit Organisasi (Perwali 88/2024)",
        [b],
    )
    d.message(ROW_MESSAGE, "Target kinerja unit organisasi ditetapkan")
    return d.build(layout=layout)


# -- peta subproses -----------------------------------------------------------------------------
def _sub_pelaksanaan() -> ProcessBuilder:
    p = "PS0201"
    b = ProcessBuilder(
        "PETA_SUB_02_01_pelaksanaan_tugas",
        "02.01 Pelaksanaan Tugas menurut Mekanisme Kerja",
        executable=False,
        documentation_refs=(PETA_SUBPROSES, PELAKSANAAN, PASAL_13_1),
        note=_DESCRIPTIVE,
    )
    b.start(f"{p}_mulai", "Target kinerja unit organisasi", refs=(PELAKSANAAN,))
    b.xor(
        f"{p}_jenis_unit",
        "Jenis unit organisasi?",
        refs=(PELAKSANAAN,),
        note="Tabel keputusan kedudukan (processes/kedudukan.dmn) memakai jenis unit yang sama.",
    )
    b.xor(f"{p}_gabung", "", refs=(PELAKSANAAN,))
    b.end(f"{p}_selesai", "Kegiatan selesai", refs=(PELAKSANAAN,))
    b.chain(f"{p}_mulai", f"{p}_jenis_unit")
    for n, unit in MECHANISMS.items():
        node = b.call(
            f"{p}_0{n}",
            f"02.01.0{n} Mekanisme Kerja {n}",
            f"M{n}_mekanisme",
            refs=(Reference(f"Lampiran II.D.{n}", MECHANISM_HEADINGS[n]), PASAL_13_1),
            documentation=unit,
        )
        b.flow(f"{p}_jenis_unit", node, name=MECHANISMS_SHORT[n])
        b.chain(node, f"{p}_gabung")
    b.chain(f"{p}_gabung", f"{p}_selesai")
    return b


#: mechanism -> the sentence of Lampiran II.D.n.c saying when the activity is finished
_SELESAI = {1: "D1.c.4", 2: "D2.c.3", 3: "D3.c.2", 4: "D4.c.3", 5: "D5.c.3", 6: "D6.c.3"}


def _sub_mekanisme(n: int) -> ProcessBuilder:
    p = f"PS02010{n}"
    code = f"02.01.0{n}"
    heading = Reference(f"Lampiran II.D.{n}", MECHANISM_HEADINGS[n])
    b = ProcessBuilder(
        f"PETA_SUB_02_01_0{n}_mekanisme_{n}",
        f"{code} Mekanisme Kerja {n} ({MECHANISMS_SHORT[n]})",
        executable=False,
        documentation_refs=(PETA_SUBPROSES, heading),
        note=_DESCRIPTIVE + f" Rincian tiap tahap: proses M{n}_<tahap> (peta lintas fungsi).",
    )
    b.start(f"{p}_mulai", "Mulai", cites=(f"D{n}.a.1",), refs=(heading,))
    phases = []
    for i, (phase, title, letter) in enumerate(
        (("perencanaan", "Perencanaan", "a"), ("pelaksanaan", "Pelaksanaan", "b")), start=1
    ):
        phases.append(
            b.call(
                f"{p}_{i:02d}",
                f"{code}.0{i} Tahap {title}",
                f"M{n}_{phase}",
                cites=(f"D{n}.{letter}.1",),
            )
        )
    phases.append(
        b.call(f"{p}_03", f"{code}.03 Tahap Evaluasi", f"M{n}_evaluasi", cites=(f"D{n}.c.1",))
    )
    b.end(f"{p}_selesai", "Kegiatan selesai", cites=(_SELESAI[n],), refs=(heading,))
    b.chain(f"{p}_mulai", *phases, f"{p}_selesai")
    return b


def _sub_penugasan() -> ProcessBuilder:
    p = "PS0301"
    b = ProcessBuilder(
        "PETA_SUB_03_01_penugasan",
        "03.01 Penugasan",
        executable=False,
        documentation_refs=(PETA_SUBPROSES, PENUGASAN_REF, PASAL_11_1, PASAL_10_2),
        note=_DESCRIPTIVE,
    )
    b.start(f"{p}_mulai", "Kebutuhan JF/JP", refs=(PASAL_10_2,))
    b.xor(f"{p}_cara", "Cara penugasan?", refs=(PASAL_11_1,))
    b.xor(f"{p}_gabung", "", refs=(PASAL_11_1,))
    b.end(f"{p}_selesai", "JF/JP ditugaskan atau permohonan berakhir", refs=(PASAL_11_1,))
    b.chain(f"{p}_mulai", f"{p}_cara")
    for code, (name, process_id, heading) in PENUGASAN.items():
        node = b.call(
            f"{p}_{code[-2:]}",
            SHAPE_NAMES[code],
            process_id,
            cites=(f"B2.{process_id.split('_')[1]}.1",),
            refs=(Reference("Lampiran II.B.2", heading),),
            note=(
                "Lintas instansi adalah kolaborasi dua pool "
                "(PG_1c_penunjukkan_lintas_instansi); yang dipanggil di sini adalah pool "
                "instansi pemohon."
                if process_id == "PG_1c_instansi_pemohon"
                else ""
            ),
        )
        b.flow(f"{p}_cara", node, name=name)
        b.chain(node, f"{p}_gabung")
    b.chain(f"{p}_gabung", f"{p}_selesai")
    return b


def build_subproses(*, layout: bool = True) -> Definitions:
    """``peta_subproses.bpmn``: the peta level 1 of each level-0 box; each mechanism by phase."""
    level_1 = level_1_maps()
    builders = [
        *(level_1[code] for code in ("01.01", "01.02", "01.03")),
        _sub_pelaksanaan(),
        *(_sub_mekanisme(n) for n in MECHANISMS),
        _sub_penugasan(),
        *(level_1[code] for code in ("03.02", "03.03")),
    ]
    d = _collect("peta_subproses", "Peta Subproses: Sistem Kerja", builders)
    defs = d.build(layout=layout)
    if not layout:
        return defs
    # the outcomes of the n-way decisions share one trunk: give each label its own spot
    fanned = [
        flow_id
        for process in defs.processes.values()
        for node in process.nodes.values()
        if node.is_gateway and len(node.outgoing) > 2
        for flow_id in node.outgoing
    ]
    return place_labels(defs, fanned)


# -- peta relasi --------------------------------------------------------------------------------
def build_relasi(*, layout: bool = True) -> Definitions:
    """``peta_relasi.bpmn``: the owning unit, its partners, and what passes between them."""
    p = "PR"
    b = _level_0_process(
        p, "PETA_RELASI_unit_pemilik_kinerja", "Unit Organisasi Pemilik Kinerja (Perangkat Daerah)"
    )
    _level_0_body(b, p, penugasan_parts=True)
    d = DefinitionsBuilder(
        "peta_relasi_definitions",
        name="Peta Relasi: Sistem Kerja",
        path="processes/peta_relasi.bpmn",
        collaboration_id="PETA_RELASI",
        documentation=(
            f"{PETA_RELASI.citation()}\n{PASAL_20_1.citation()}\n\n"
            "Unit organisasi pemilik kinerja dan pihak yang disebut teks; setiap message flow "
            "adalah dokumen atau koordinasi yang berpindah antara keduanya."
        ),
    )
    # parties of the management lane (top) above the unit's pool, the others below it
    # parties side by side, each over (under) the column it talks to, so the flows of
    # one pool reach it apart (a pool beside its box gets them all at its nearest corner)
    above = {
        "PR_P_pembina": ("Pejabat Pembina Kepegawaian", (PASAL_8_3,)),
        "PR_P_sdm": ("Unit yang bertanggung jawab atas SDM (BKPSDM)", (TIM_TRANSFORMASI_UNSUR,)),
        "PR_P_organisasi": ("Bagian Organisasi (Sekretariat Daerah)", (PASAL_20_3,)),
        "PR_P_transformasi": ("Tim Transformasi Manajemen", (TIM_TRANSFORMASI,)),
        "PR_P_pusat": ("Pemerintah Pusat", (PASAL_17_2B,)),
    }
    below = {
        "PR_P_perencanaan": (
            "Unit perencanaan kinerja dan anggaran",
            (TIM_TRANSFORMASI_UNSUR,),
        ),
        "PR_P_unit_lain": ("Unit Organisasi lain (dituju)", (PASAL_10_2,)),
        "PR_P_instansi_lain": ("Instansi Pemerintah lain", (PASAL_10_2,)),
        "PR_P_spbe": ("Tim Koordinasi SPBE Instansi Pemerintah", (PASAL_19_2,)),
    }
    d.message(ROW_MESSAGE, "Target kinerja unit organisasi ditetapkan")
    for ident, (name, refs) in above.items():
        d.black_box(ident, name, documentation="\n".join(r.citation() for r in refs))
    d.pool(b.build(), participant_id="PR_P_unit", name="Unit Organisasi Pemilik Kinerja")
    for ident, (name, refs) in below.items():
        d.black_box(ident, name, documentation="\n".join(r.citation() for r in refs))
    lintas_unit, sukarela, lintas_instansi = (
        f"{p}_{code.replace('.', '_')}" for code in _RELASI_PENUGASAN
    )
    relations: tuple[tuple[str, str, str, tuple[str, ...], tuple[Reference, ...]], ...] = (
        (
            "PR_P_pembina",
            f"{p}_01_01",
            "Struktur organisasi dan kedudukan yang ditetapkan",
            (),
            (PASAL_8_3,),
        ),
        (lintas_unit, "PR_P_unit_lain", "Surat permohonan pelibatan", ("B2.1b.1",), ()),
        ("PR_P_unit_lain", lintas_unit, "Surat penugasan", ("B2.1b.3",), ()),
        ("PR_P_unit_lain", lintas_unit, "Surat jawaban penolakan", ("B2.1b.4",), ()),
        (lintas_instansi, "PR_P_instansi_lain", "Permohonan antar-PyB", ("B2.1c.2",), ()),
        ("PR_P_instansi_lain", lintas_instansi, "Surat jawaban permohonan", ("B2.1c.6",), ()),
        ("PR_P_unit_lain", sukarela, "Surat permohonan sukarela", ("B2.2b.1",), ()),
        (
            f"{p}_02_01",
            "PR_P_unit_lain",
            "Kendala dan rekomendasi lintas unit",
            (),
            (KENDALA_LINTAS_UNIT, KOLABORASI),
        ),
        (
            f"{p}_02_01",
            "PR_P_instansi_lain",
            "Kendala dan rekomendasi lintas instansi",
            (),
            (KENDALA_LINTAS_INSTANSI,),
        ),
        (f"{p}_01_02", "PR_P_pusat", "Usulan nominasi award ASN", (), (PASAL_17_2B,)),
        (
            "PR_P_spbe",
            f"{p}_03_03",
            "Koordinasi keterpaduan pemanfaatan TIK",
            (),
            (PASAL_19_2, PASAL_19_1),
        ),
        (
            "PR_P_organisasi",
            f"{p}_01_03",
            "Hasil evaluasi dan usulan penyesuaian SOP",
            (),
            (PASAL_20_3, PASAL_20_4),
        ),
        (
            f"{p}_01_03",
            "PR_P_organisasi",
            "Tanggapan dan SOP yang disesuaikan",
            (),
            (PASAL_20_3,),
        ),
        (
            f"{p}_01_02",
            "PR_P_sdm",
            "Hasil penilaian kinerja (SKP) untuk penghargaan",
            (),
            (PASAL_17_2, TIM_TRANSFORMASI_UNSUR),
        ),
        (
            f"{p}_02_01",
            "PR_P_perencanaan",
            "Rencana pelaksanaan kegiatan dan anggaran",
            ("D1.a.6",),
            (TIM_TRANSFORMASI_UNSUR,),
        ),
        (
            "PR_P_transformasi",
            f"{p}_01_03",
            "Pengawalan, pengendalian, dan dukungan penyesuaian sistem kerja",
            (),
            (TIM_TRANSFORMASI,),
        ),
    )
    for i, (source, target, name, cites, flow_refs) in enumerate(relations, start=1):
        d.message_flow(
            source, target, name=name, flow_id=f"PR_MF_{i:02d}", cites=cites, refs=flow_refs
        )
    return d.build(layout=layout)


#: file stem (in processes/) -> builder; the shape of ``probisnis.library.build.LIBRARY``
LIBRARY: dict[str, Callable[..., Definitions]] = {
    "peta_level_0": build_level_0,
    "peta_subproses": build_subproses,
    "peta_relasi": build_relasi,
    REVIU_STEM: build_reviu,
    TIK_STEM: build_tik,
}


def definitions(*, layout: bool = True) -> dict[str, Definitions]:
    """Every map file, stem -> :class:`Definitions`."""
    return definitions_of(LIBRARY, layout=layout)


def build(out_dir: str | Path) -> list[Path]:
    """Write the three map files into ``out_dir``; returns their paths."""
    return write_all(LIBRARY, out_dir)
