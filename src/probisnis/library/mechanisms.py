"""The six work mechanisms of Lampiran II.D as executable BPMN (built with :mod:`.builder`).

Each ``mechanism_<n>()`` returns a laid-out :class:`Definitions`: one pool per
phase process (``M<n>_perencanaan``, ``M<n>_pelaksanaan``, ``M<n>_evaluasi``)
and a top-level ``M<n>_mekanisme`` pool chaining them with call activities.
Ids: phase prefixes ``M<n>a``/``M<n>b``/``M<n>c``; lanes ``M<n>a_L_KABAG``
(see :mod:`.roles`). Decision variables: :mod:`.phases`.
"""

from __future__ import annotations

from probisnis.bpmn.model import Definitions, Process
from probisnis.library.builder import DefinitionsBuilder, ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.phases import LOOP_NOTE, Reviewer, add_lanes, evaluasi, pelaksanaan, strategi

__all__ = ["PHASES_REF", "mechanism_1", "top_level"]

#: the general three phases (Lampiran II.A)
PHASES_REF = Reference(
    "Lampiran II.A",
    "mekanisme kerja pasca penyederhanaan struktur organisasi terbagi menjadi 3 (tiga) tahapan",
)

_DATA_NOTE = (
    "Data keputusan yang dibaca gerbang: bentuk ('tim'/'individu'), lintas_unit, ketua_tim, "
    "sesuai_target, dan sesuai_<peninjau> pada evaluasi (lihat docs/processes/)."
)


def top_level(
    number: int, unit: str, *, refs: tuple[Reference, ...], cites: tuple[str, ...] = ()
) -> Process:
    """``M<n>_mekanisme``: start -> the three phases as call activities -> end."""
    m = f"M{number}"
    b = ProcessBuilder(
        f"{m}_mekanisme",
        f"Mekanisme Kerja {number}: {unit}",
        documentation_cites=cites,
        documentation_refs=(*refs, PHASES_REF),
        note=_DATA_NOTE,
    )
    start = b.start(f"{m}_mulai", "Mulai", cites=(f"D{number}.a.1",))
    phases = []
    for letter, phase, title in (
        ("a", "perencanaan", "Tahap Perencanaan"),
        ("b", "pelaksanaan", "Tahap Pelaksanaan"),
        ("c", "evaluasi", "Tahap Evaluasi"),
    ):
        phases.append(
            b.call(
                f"{m}_tahap_{phase}",
                title,
                f"{m}_{phase}",
                cites=(f"D{number}.{letter}.1",),
                refs=(PHASES_REF,),
            )
        )
    last_evaluasi = {1: "D1.c.4", 2: "D2.c.3", 3: "D3.c.2", 4: "D4.c.3", 5: "D5.c.3", 6: "D6.c.3"}
    end = b.end(f"{m}_selesai", "Kegiatan selesai", cites=(last_evaluasi[number],))
    b.chain(start, *phases, end)
    return b.build()


def _collect(number: int, slug: str, name: str, processes: list[Process]) -> Definitions:
    d = DefinitionsBuilder(f"M{number}_{slug}", name=name, path=f"processes/m{number}_{slug}.bpmn")
    for process in processes:
        d.pool(process)
    return d.build()


# -- Mechanism 1: Sekretariat Daerah (Lampiran II.D.1) ---------------------------------------

_M1_UNIT = Reference(
    "Lampiran II.D.1",
    "Pada unit organisasi Sekretariat Daerah, kedudukan Pejabat Fungsional dan/atau Pejabat "
    "Pelaksana berada di bawah dan bertanggung jawab langsung kepada Pejabat Level 3, yaitu "
    "Kepala Bagian",
)


def _m1_perencanaan() -> Process:
    p = "M1a"
    b = ProcessBuilder(
        "M1_perencanaan",
        "Mekanisme 1 (Sekretariat Daerah): Tahap Perencanaan",
        documentation_refs=(_M1_UNIT,),
        documentation_cites=("D1.a.1",),
    )
    lanes = add_lanes(b, p, ("L_SEKDA", "L_ASISTEN", "L_KABAG", "L_JFJP"))
    start = b.start(
        f"{p}_mulai", "Tahap perencanaan dimulai", lane=lanes["L_SEKDA"], cites=("D1.a.1",)
    )
    susun_pk = b.user_task(
        f"{p}_susun_pk",
        "Menyusun dan menetapkan perjanjian kinerja",
        lane=lanes["L_SEKDA"],
        cites=("D1.a.1",),
    )
    rhk = b.user_task(
        f"{p}_rencana_hasil_kerja_asisten",
        "Menentukan rencana hasil kerja Asisten Sekretaris Daerah",
        lane=lanes["L_SEKDA"],
        cites=("D1.a.2", "D1.a.3"),
        note=(
            "Kalimat D1.a.2 pasif dan tidak menyebut pelaku. D1.a.3 menyebut perjanjian kinerja "
            "'ditetapkan dan dibagi oleh Sekretaris Daerah', maka penentuan ini ditempatkan di "
            "lajur Sekretaris Daerah."
        ),
    )
    tunjuk = b.user_task(
        f"{p}_tunjuk_kabag",
        "Membagi target dan menunjuk Kepala Bagian",
        lane=lanes["L_ASISTEN"],
        cites=("D1.a.3",),
    )
    first, last = strategi(
        b,
        p,
        lanes,
        pimpinan="L_KABAG",
        cites=("D1.a.4",),
        lintas_cites=("D1.a.4", "D1.a.5"),
        ketua_cites=("D1.a.4",),
        bentuk_cites=("D1.a.4",),
    )
    rencana = b.user_task(
        f"{p}_susun_rencana",
        "Menyusun rencana pelaksanaan kegiatan dan anggaran",
        lane=lanes["L_JFJP"],
        cites=("D1.a.6",),
        note=(
            "Disusun JF/JP (individu atau Tim Kerja) bersama Kepala Bagian; "
            "dimodelkan di lajur JF/JP."
        ),
    )
    end = b.end(
        f"{p}_selesai",
        "Rencana kegiatan dan anggaran tersusun",
        lane=lanes["L_JFJP"],
        cites=("D1.a.6",),
    )
    b.chain(start, susun_pk, rhk, tunjuk, first)
    b.chain(last, rencana, end)
    return b.build()


def _m1_pelaksanaan() -> Process:
    p = "M1b"
    b = ProcessBuilder(
        "M1_pelaksanaan",
        "Mekanisme 1 (Sekretariat Daerah): Tahap Pelaksanaan",
        documentation_refs=(_M1_UNIT,),
        documentation_cites=("D1.b.1",),
    )
    lanes = add_lanes(b, p, ("L_KABAG", "L_KETUA_TIM", "L_JFJP"))
    pelaksanaan(
        b,
        p,
        lanes,
        pimpinan="L_KABAG",
        pemantau="L_KABAG",
        penerima="L_KABAG",
        cites_rincian=("D1.b.1", "D1.b.2"),
        cites_bagi_peran=("D1.b.4",),
        cites_laksanakan=("D1.b.3", "D1.b.5", "D1.b.6"),
        cites_pantau=("D1.b.7",),
        cites_sampaikan=("D1.b.8",),
        rincian_note=(
            "Pada Tim Kerja rincian disusun bersama; teks menyebut JF/JP sebagai penyusun."
        ),
    )
    return b.build()


def _m1_evaluasi() -> Process:
    p = "M1c"
    b = ProcessBuilder(
        "M1_evaluasi",
        "Mekanisme 1 (Sekretariat Daerah): Tahap Evaluasi",
        documentation_refs=(_M1_UNIT,),
        documentation_cites=("D1.c.1", "D1.c.4"),
    )
    lanes = add_lanes(b, p, ("L_SEKDA", "L_ASISTEN", "L_KABAG", "L_JFJP"))
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
    return _collect(
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
