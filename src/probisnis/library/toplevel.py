"""The top-level process of a work mechanism and the file that holds its phases."""

from __future__ import annotations

from probisnis.bpmn.model import Definitions, Process
from probisnis.library.builder import DefinitionsBuilder, ProcessBuilder
from probisnis.library.clauses import Reference

__all__ = ["PHASES_REF", "collect", "top_level"]

#: the general three phases (Lampiran II.A)
PHASES_REF = Reference(
    "Lampiran II.A",
    "mekanisme kerja pasca penyederhanaan struktur organisasi terbagi menjadi 3 (tiga) tahapan",
)

_DATA_NOTE = (
    "Data keputusan yang dibaca gerbang: bentuk ('tim'/'individu'), lintas_unit, ketua_tim, "
    "sesuai_target, dan sesuai_<peninjau> pada evaluasi (lihat docs/processes/); bila "
    "lintas_unit, disetujui pada penunjukkan lintas unit (PG_1b_penunjukkan_lintas_unit) yang "
    "dipanggil dari perencanaan."
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


def collect(number: int, slug: str, name: str, processes: list[Process]) -> Definitions:
    """The file of mechanism ``number``: one pool per process, laid out."""
    d = DefinitionsBuilder(f"M{number}_{slug}", name=name, path=f"processes/m{number}_{slug}.bpmn")
    for process in processes:
        d.pool(process)
    return d.build()
