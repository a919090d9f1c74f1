"""An SOP as a BPMN process with lanes and a layout, plus a scenario ready to simulate.

Rows become a start event (mulai; a later mulai row, which stands for a boundary
event or an event subprocess, a start event waiting for a signal), user tasks
(kegiatan), exclusive gateways with flows named Ya/Tidak (keputusan) and end events
(selesai), each in the lane of its Pelaksana;
a row reached from several rows gets an explicit merging gateway. What the SOP says per
row (Kelengkapan, Output, Waktu, Keterangan) and its identity part go into documentation
lines that :mod:`probisnis.sop.from_bpmn` reads back, so export -> import -> export keeps
the table. The layout is :mod:`probisnis.layout`'s (through the library builder). The
scenario (TOML) gives each task its Waktu as a fixed working duration; everything else in it
is marked ASUMSI.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from probisnis.bpmn.model import Definitions, EventDefinition
from probisnis.bpmn.writer import write
from probisnis.library.builder import DefinitionsBuilder, ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.documents import INPUT, OUTPUT, Document
from probisnis.outputs import atomic_path
from probisnis.sop.model import IDENTITY_FIELDS, Sop
from probisnis.sop.waktu import format_waktu

__all__ = ["process_id_for", "sop_definitions", "sop_scenario_toml", "write_imported"]


def process_id_for(text: str) -> str:
    """A readable process id from a title or file stem: ``SOP_<words>``."""
    words = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")
    return f"SOP_{words[:40]}" if words else "SOP_proses"


def _node_id(pid: str, no: int) -> str:
    return f"{pid}_{no:02d}"


def _lane_ids(pid: str, sop: Sop) -> dict[str, str]:
    return {name: f"{pid}_L{i + 1}" for i, name in enumerate(sop.pelaksana)}


def _documents(sop: Sop, process_id: str) -> dict[str, tuple[Document, ...]]:
    """Per task id, the documents its row lists (``;``-separated Kelengkapan, then Output)."""
    out: dict[str, tuple[Document, ...]] = {}
    for s in sop.steps:
        if s.kind != "kegiatan":
            continue
        docs = [Document(name.strip(), "", role)
                for role, cell in ((INPUT, s.kelengkapan), (OUTPUT, s.output))
                for name in cell.split(";") if name.strip()]
        if docs:
            out[_node_id(process_id, s.no)] = tuple(dict.fromkeys(docs))
    return out


def sop_definitions(sop: Sop, process_id: str, path: str = "") -> Definitions:
    """The laid-out :class:`Definitions` of ``sop`` (one pool, one lane per Pelaksana)."""
    ident = sop.identity
    title = ident.judul or process_id
    lines = [f"{label}: {getattr(ident, key)}" for key, label in IDENTITY_FIELDS.items()
             if getattr(ident, key)]
    source = f"SOP {ident.nomor or title}"
    documents = _documents(sop, process_id)  # the rows' Kelengkapan/Output: data objects
    b = ProcessBuilder(process_id, f"{ident.nomor} {title}".strip(),
                       documentation_refs=(Reference(source, "dibuat dari tabel SOP"),),
                       documentation="\n".join(lines),
                       documents=lambda task: documents.get(task, ()))
    lanes = _lane_ids(process_id, sop)
    for name, lane_id in lanes.items():
        b.lane(lane_id, name)
    first_lane = next(iter(lanes.values()), None)
    incoming: dict[int, list[tuple[int, str]]] = {}
    for s in sop.steps:
        for label, target in s.targets():
            incoming.setdefault(target, []).append((s.no, label))
    for s in sop.steps:
        nid = _node_id(process_id, s.no)
        lane = lanes.get(s.pelaksana, first_lane)
        doc = [f"{k}: {v}" for k, v in (("Kelengkapan", s.kelengkapan), ("Output", s.output),
                                        ("Waktu", format_waktu(s.waktu, sop.hours_per_day)),
                                        ("Keterangan", s.keterangan)) if v]
        kw: dict[str, Any] = {"lane": lane, "refs": (Reference(f"{source} No {s.no}", s.kegiatan),),
              "documentation": "\n".join(doc)}
        if s.kind == "mulai" and s is not sop.steps[0]:
            # a row started by something other than the case (a boundary event, an event
            # subprocess: see from_bpmn): a start event waiting for a signal, so the process
            # keeps one none start and the simulation one arrival stream
            kw["event_definitions"] = (EventDefinition("signal", id=f"{nid}_def"),)
        if s.kind == "keputusan":
            b.xor(nid, s.kegiatan, **kw)
        else:
            {"mulai": b.start, "selesai": b.end}.get(s.kind, b.user_task)(nid, s.kegiatan, **kw)
        if len(incoming.get(s.no, [])) > 1:
            b.xor(f"{nid}_gabung", "", lane=lane,
                  refs=(Reference(f"{source} No {s.no}", "beberapa langkah menuju langkah ini"),))
            b.flow(f"{nid}_gabung", nid)
    for s in sop.steps:
        for label, target in s.targets():
            tid = _node_id(process_id, target)
            if len(incoming.get(target, [])) > 1:
                tid = f"{tid}_gabung"
            b.flow(_node_id(process_id, s.no), tid, name=label,
                   flow_id=f"{_node_id(process_id, s.no)}__{label or 'lanjut'}")
    d = DefinitionsBuilder(f"{process_id}_definisi", name=title, path=path)
    d.pool(b.build(), name=title)
    return d.build()


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rate(sop: Sop) -> float:
    """Cases per month that keep the busiest Pelaksana about a third busy (2 significant digits;
    rework loops come on top)."""
    day = sop.hours_per_day * 3600.0
    work: dict[str, float] = {}
    for s in sop.steps:
        if s.waktu:
            work[s.pelaksana] = work.get(s.pelaksana, 0.0) + s.waktu / day
    busiest = max(work.values(), default=0.0)
    if busiest <= 0:
        return 2.0
    return float(f"{0.35 * 21.0 / busiest:.2g}")


def sop_scenario_toml(sop: Sop, process_id: str, model_path: str) -> str:
    """A scenario for the imported model: each task's Waktu as a fixed working duration."""
    lanes = _lane_ids(process_id, sop)
    out = [f"# Skenario dari SOP {sop.identity.nomor} {sop.identity.judul} "
           "(probisnis sop import).".replace("  ", " "),
           "# Lama setiap kegiatan = kolom Waktu SOP (tetap, hari kerja 7,5 jam). Angka lain",
           "# (kedatangan, jumlah dan porsi waktu pegawai, peluang Ya/Tidak) adalah ASUMSI:",
           "# ganti dengan data unit kerja. Format: docs/simulation.md.",
           f"name = {_toml_str('SOP ' + (sop.identity.judul or process_id))}",
           f"model = {_toml_str(model_path)}", f"process = {_toml_str(process_id)}",
           "cases = 50", "seed = 1", "replications = 5", f"hours_per_day = {sop.hours_per_day:g}",
           "", "[calendar]", "weekly = [",
           '  { days = "mon-fri", from = "08:00", to = "12:00" },',
           '  { days = "mon-fri", from = "12:30", to = "16:00" },', "]",
           'holidays = "ID"', "cuti_bersama = true", "",
           f"# ASUMSI: rata-rata {_rate(sop):g} kasus per bulan, datang pada jam kerja (agar",
           "# pelaksana tersibuk terpakai sekitar sepertiga dari 21 hari kerja sebulan,",
           "# sebelum putaran perbaikan).",
           "[arrivals]", f"rate = {_rate(sop):g}", 'per = "month"', 'calendar = "default"', ""]
    for i, (name, lane_id) in enumerate(lanes.items(), start=1):
        out += ["# ASUMSI: satu orang, seluruh waktu kerjanya untuk SOP ini.",
                f"[resources.P{i}]", f"name = {_toml_str(name)}", "count = 1",
                f"lanes = [{_toml_str(lane_id)}]", "availability = 1.0", ""]
    for s in sop.steps:
        if s.kind == "kegiatan" and s.waktu is not None:
            out += [f"[tasks.{_node_id(process_id, s.no)}]  # {s.kegiatan[:60]}",
                    f'duration = {{ dist = "fixed", value = {s.waktu / 3600.0:.6g}, '
                    'unit = "h" }', ""]
    for s in sop.steps:
        if s.kind == "keputusan":
            nid = _node_id(process_id, s.no)
            out += [f"# ASUMSI: peluang Ya 0,8 dan Tidak 0,2 ({s.kegiatan[:50]})",
                    f"[gateways.{nid}]", f"{nid}__Ya = 0.8", f"{nid}__Tidak = 0.2", ""]
    return "\n".join(out)


def write_imported(sop: Sop, bpmn_path: str | os.PathLike[str], *,
                   scenario_path: str | os.PathLike[str] | None = None,
                   process_id: str | None = None) -> tuple[Path, Path | None]:
    """Write the BPMN file and (unless ``scenario_path`` is ``""``) its scenario TOML."""
    out = Path(bpmn_path)
    pid = process_id or process_id_for(sop.identity.nomor or sop.identity.judul or out.stem)
    defs = sop_definitions(sop, pid, path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        write(defs, tmp)
    toml = None
    if scenario_path != "":
        toml = Path(scenario_path) if scenario_path else out.with_suffix(".toml")
        rel = os.path.relpath(out.resolve(), toml.resolve().parent)
        toml.write_text(sop_scenario_toml(sop, pid, rel) + "\n", encoding="utf-8")
    return out, toml
