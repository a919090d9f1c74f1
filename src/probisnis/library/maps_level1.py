"""The peta level 1 of the level-0 boxes whose swimlane process has no called parts.

02.01 and 03.01 are refined into called processes (the mechanisms, the penugasan
variants) in :mod:`.maps`. The other boxes of level 0 (01.01 kedudukan, 01.02
pengelolaan kinerja, 01.03 reviu dan evaluasi, 03.02 pertanggungjawaban, 03.03
pemanfaatan TIK) are each detailed by one swimlane process; their peta level 1
(:data:`.maps_texts.LEVEL_1`) shows the parts of that process as coded boxes
(``01.02.01`` ...), in the order and with the branches of the process. Each box
cites what the activities it groups cite (taken from the built process, so the two
cannot drift apart) and names them; those activities carry the box's code
(``Kode peta: 01.02.01``), so an activity of the peta lintas fungsi leads to its box.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from probisnis.bpmn.model import Definitions, Process
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.kedudukan import build_penentuan
from probisnis.library.kinerja import build_pengelolaan_kinerja, build_pertanggungjawaban
from probisnis.library.maps_reviu import build_reviu
from probisnis.library.maps_texts import (
    LEVEL_1,
    PETA_LEVEL_1,
    PETA_SUBPROSES,
    REVIU_PROCESS_ID,
    TIK_PROCESS_ID,
    level_1_box_id,
    level_1_id,
)
from probisnis.library.tik import build_tik

__all__ = ["DETAILED_BY", "level_1_maps"]

#: the swimlane process each peta level 1 details -> the builder of its file
DETAILED_BY: dict[str, Callable[..., Definitions]] = {
    "KD_penentuan_penilai_kinerja": build_penentuan,
    "PK_pengelolaan_kinerja": build_pengelolaan_kinerja,
    REVIU_PROCESS_ID: build_reviu,
    "PJ_pertanggungjawaban": build_pertanggungjawaban,
    TIK_PROCESS_ID: build_tik,
}

_DESCRIPTIVE = (
    "Peta deskriptif (isExecutable=false): menggambarkan susunan proses, bukan untuk dijalankan."
)
_CITE = re.compile(r"^\[([A-Z0-9.a-z]+)\] ")
_QUOTE = re.compile(r"^((?:Pasal|Lampiran) [^:]+): (.+)$")


def _citations(documentation: str) -> tuple[list[str], list[Reference]]:
    """The clause ids and references an element's documentation cites."""
    cites, refs = [], []
    for line in documentation.splitlines():
        if m := _CITE.match(line):
            cites.append(m.group(1))
        elif m := _QUOTE.match(line):
            refs.append(Reference(m.group(1), m.group(2)))
    return cites, refs


def _activities(process: Process) -> dict[str, tuple[str, str]]:
    """Every activity of ``process`` and of its event subprocesses: id -> (name, documentation)."""
    found = {}
    for node in process.iter_nodes():
        if node.is_activity:
            found[node.id] = (node.name, node.documentation)
    return found


def _level_1(code: str) -> ProcessBuilder:
    name, process_id, boxes = LEVEL_1[code]
    detailed = DETAILED_BY[process_id](layout=False).process(process_id)
    activities = _activities(detailed)
    p = f"PS{code.replace('.', '')}"
    b = ProcessBuilder(
        level_1_id(code),
        f"{code} {name}",
        executable=False,
        documentation_refs=(PETA_SUBPROSES, PETA_LEVEL_1),
        note=(
            f"{_DESCRIPTIVE} Peta level 1 dari kotak {code} peta level 0; rincian tiap kotak: "
            f"proses {process_id} (peta lintas fungsi), yang aktivitasnya memuat kode kotaknya."
        ),
    )
    nodes: dict[str, str] = {}
    for box_code, box_name, grouped in boxes:
        cites: list[str] = []
        refs: list[Reference] = []
        for activity in grouped:
            c, r = _citations(activities[activity][1])
            cites += [x for x in c if x not in cites]
            refs += [x for x in r if x not in refs]
        names = "; ".join(f"{a} ({activities[a][0]})" for a in grouped)
        nodes[box_code] = b.task(
            level_1_box_id(box_code),
            f"{box_code} {box_name}",
            cites=cites,
            refs=refs,
            documentation=f"Rincian pada {process_id}: {names}.",
        )
    first_cites, first_refs = _citations(detailed.documentation)
    ends = {"cites": first_cites[:1], "refs": first_refs[:1]}
    b.start(f"{p}_mulai", "Mulai", **ends)
    b.end(f"{p}_selesai", "Selesai", **ends)
    _SHAPES[code](b, p, [nodes[c] for c, _, _ in boxes], ends)
    return b


def _sequence(b: ProcessBuilder, p: str, boxes: list[str], ends: dict) -> None:
    b.chain(f"{p}_mulai", *boxes, f"{p}_selesai")


def _reviu(b: ProcessBuilder, p: str, boxes: list[str], ends: dict) -> None:
    """01.03: the SOP is adjusted (01.03.04) only when the evaluation decides so."""
    b.xor(f"{p}_perlu", "Perlu penyesuaian SOP?", **ends)
    b.chain(f"{p}_mulai", *boxes[:3], f"{p}_perlu")
    b.flow(f"{p}_perlu", boxes[3], name="Ya")
    b.chain(boxes[3], f"{p}_selesai")
    b.end(f"{p}_tetap", "SOP tetap berlaku", **ends)
    b.flow(f"{p}_perlu", f"{p}_tetap", name="Tidak")


def _pertanggungjawaban(b: ProcessBuilder, p: str, boxes: list[str], ends: dict) -> None:
    """03.02: individu or Tim Kerja; a Tim Kerja's periodic reports run beside requests."""
    b.xor(f"{p}_bentuk", "Individu atau Tim Kerja?", **ends)
    b.parallel(f"{p}_tim", "", **ends)
    b.parallel(f"{p}_tim_gabung", "", **ends)
    b.end(f"{p}_selesai_tim", "Laporan Tim Kerja diterima", **ends)
    b.chain(f"{p}_mulai", boxes[0], f"{p}_bentuk")
    b.flow(f"{p}_bentuk", boxes[1], name="Individu")
    b.chain(boxes[1], f"{p}_selesai")
    b.flow(f"{p}_bentuk", f"{p}_tim", name="Tim Kerja")
    for box in boxes[2:]:
        b.chain(f"{p}_tim", box, f"{p}_tim_gabung")
    b.chain(f"{p}_tim_gabung", f"{p}_selesai_tim")


_SHAPES: dict[str, Callable[[ProcessBuilder, str, list[str], dict], None]] = {
    "01.01": _sequence,
    "01.02": _sequence,
    "01.03": _reviu,
    "03.02": _pertanggungjawaban,
    "03.03": _sequence,
}


def level_1_maps() -> dict[str, ProcessBuilder]:
    """Level-0 box code -> the builder of its peta level 1, in code order."""
    return {code: _level_1(code) for code in LEVEL_1}
