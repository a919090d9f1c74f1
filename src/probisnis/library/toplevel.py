"""The frame of a work mechanism: its phase processes, its top-level process, its file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from probisnis.bpmn.model import Definitions, Process
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.library.phases import add_lanes

__all__ = ["PHASES", "PHASES_REF", "collect", "phase_builder", "top_level"]

#: the general three phases (Lampiran II.A)
PHASES_REF = Reference(
    "Lampiran II.A",
    "mekanisme kerja pasca penyederhanaan struktur organisasi terbagi menjadi 3 (tiga) tahapan",
)

#: phase letter -> (process id suffix, title), in the order of Lampiran II.A
PHASES: dict[str, tuple[str, str]] = {
    "a": ("perencanaan", "Tahap Perencanaan"),
    "b": ("pelaksanaan", "Tahap Pelaksanaan"),
    "c": ("evaluasi", "Tahap Evaluasi"),
}

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
    for letter, (phase, title) in PHASES.items():
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


def phase_builder(
    number: int,
    letter: str,
    unit: str,
    *,
    refs: Sequence[Reference],
    cites: Sequence[str],
    roles: Sequence[str],
    note: str = "",
    lane_notes: Mapping[str, str] | None = None,
) -> tuple[ProcessBuilder, str, dict[str, str]]:
    """The builder of phase ``letter`` of mechanism ``number``, its id prefix and its lanes.

    Process ``M<n>_<phase>`` named ``Mekanisme <n> (<unit>): Tahap ...``, documented with
    ``refs``, ``cites`` and ``note``; one lane per role key of ``roles`` (top to bottom,
    ids ``M<n><letter>_<role>``, ``lane_notes`` as in :func:`.phases.add_lanes`).
    """
    phase, title = PHASES[letter]
    prefix = f"M{number}{letter}"
    b = ProcessBuilder(
        f"M{number}_{phase}",
        f"Mekanisme {number} ({unit}): {title}",
        documentation_refs=refs,
        documentation_cites=cites,
        note=note,
    )
    return b, prefix, add_lanes(b, prefix, roles, lane_notes)
