"""An SOP as a BPMN process with lanes and a layout, plus a scenario ready to simulate.

Rows become a start event (mulai; a later mulai row becomes what its Keterangan says:
a boundary event on the row it watches or an event subprocess of the rows it starts, with
a timer when the time is given, see :mod:`probisnis.sop.starts`), user tasks
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
from dataclasses import replace
from pathlib import Path
from typing import Any

from probisnis.bpmn.model import Definitions, EventDefinition
from probisnis.bpmn.writer import write
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.library.documents import INPUT, OUTPUT, Document
from probisnis.outputs import atomic_path
from probisnis.sop.model import IDENTITY_FIELDS, Sop
from probisnis.sop.starts import StartTrigger, start_trigger, timer_attrs
from probisnis.sop.waktu import format_waktu

__all__ = ["process_id_for", "sop_definitions", "sop_scenario_toml", "start_triggers",
           "write_imported"]


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


def _reach(sop: Sop, first: int) -> set[int]:
    """Rows reachable from row ``first`` over Lanjut/Ya/Tidak."""
    seen: set[int] = set()
    todo = [first]
    while todo:
        no = todo.pop()
        if no in seen or not 1 <= no <= len(sop.steps):
            continue
        seen.add(no)
        todo += [n for _, n in sop.step(no).targets()]
    return seen


def start_triggers(sop: Sop) -> dict[int, StartTrigger]:
    """Each later mulai row's trigger (:func:`~probisnis.sop.starts.start_trigger`), with
    the rows of an event subprocess checked to stay apart from the rest of the table."""
    triggers = {s.no: start_trigger(sop, s) for s in sop.steps[1:] if s.kind == "mulai"}
    main = _reach(sop, 1)
    for no, t in triggers.items():
        if t.kind != "event_subprocess":
            main |= _reach(sop, no)
    for no, t in triggers.items():
        if t.kind == "event_subprocess" and not t.problem and _reach(sop, no) & main:
            shared = sorted(_reach(sop, no) & main)
            triggers[no] = replace(t, kind="start", problem=(
                f"No {no}: subproses peristiwa {t.name} berbagi langkah dengan alur utama "
                f"(No {', '.join(map(str, shared[:5]))}); diimpor sebagai awal yang tidak "
                "pernah terpicu: langkah subproses peristiwa harus berakhir sendiri"))
    return triggers


def _event_subprocesses(
    sop: Sop, process_id: str, triggers: dict[int, StartTrigger]
) -> list[tuple[int, str, list[int], dict[str, str]]]:
    """(start row, subprocess id, its rows, Pelaksana -> its lane id) of each event subprocess."""
    out = []
    for no, t in triggers.items():
        if t.kind != "event_subprocess" or t.problem:
            continue
        members = sorted(_reach(sop, no))
        sub_id = f"{_node_id(process_id, no)}_subproses"
        names = list(dict.fromkeys(sop.step(m).pelaksana for m in members))
        out.append((no, sub_id, members,
                    {name: f"{sub_id}_L{i + 1}" for i, name in enumerate(names)}))
    return out


def sop_definitions(sop: Sop, process_id: str, path: str = "") -> Definitions:
    """The laid-out :class:`Definitions` of ``sop`` (one pool, one lane per Pelaksana).

    A later mulai row becomes what its Keterangan says (:func:`start_triggers`): a boundary
    event on the row it watches, or an event subprocess holding the rows from it to their
    end; with a timer when the Keterangan gives the time. A row it cannot place is a start
    waiting for a signal (the review finding ``sop.mulai`` says why).
    """
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
    triggers = start_triggers(sop)
    # rows of each event subprocess: their own builder, their own lanes
    builder_of: dict[int, ProcessBuilder] = {}
    lanes_of: dict[int, dict[str, str]] = {}
    subs: list[tuple[int, ProcessBuilder, dict[str, str]]] = []
    for no, sub_id, members, sub_lanes in _event_subprocesses(sop, process_id, triggers):
        sb = ProcessBuilder(sub_id, triggers[no].name,
                            documents=lambda task: documents.get(task, ()))
        for name, lane_id in sub_lanes.items():
            sb.lane(lane_id, name or "Pelaksana")
        for m in members:
            builder_of[m], lanes_of[m] = sb, sub_lanes
        subs.append((no, sb, sub_lanes))
    incoming: dict[int, list[tuple[int, str]]] = {}
    for s in sop.steps:
        for label, target in s.targets():
            incoming.setdefault(target, []).append((s.no, label))
    for s in sop.steps:
        nid = _node_id(process_id, s.no)
        pb = builder_of.get(s.no, b)
        row_lanes = lanes_of.get(s.no, lanes)
        lane = row_lanes.get(s.pelaksana, next(iter(row_lanes.values()), first_lane))
        doc = [f"{k}: {v}" for k, v in (("Kelengkapan", s.kelengkapan), ("Output", s.output),
                                        ("Waktu", format_waktu(s.waktu, sop.hours_per_day)),
                                        ("Keterangan", s.keterangan)) if v]
        kw: dict[str, Any] = {"lane": lane, "refs": (Reference(f"{source} No {s.no}", s.kegiatan),),
              "documentation": "\n".join(doc)}
        trigger = triggers.get(s.no)
        if trigger is not None:
            if trigger.timer and not trigger.problem:
                definition = EventDefinition("timer", id=f"{nid}_def",
                                             attrs=timer_attrs(trigger.timer))
            else:  # the table does not say what starts it: a start waiting for a signal
                # (the process keeps one none start, the simulation one arrival stream)
                definition = EventDefinition("signal", id=f"{nid}_def")
            if trigger.kind == "boundary" and not trigger.problem:
                pb.node("boundaryEvent", nid, s.kegiatan, attached_to=_node_id(
                    process_id, trigger.attached_to or 0), cancel_activity=trigger.interrupting,
                    event_definitions=(definition,), **kw)
            else:
                attrs = ({"isInterrupting": "false"}
                         if trigger.kind == "event_subprocess" and not trigger.interrupting
                         else {})
                pb.start(nid, s.kegiatan, event_definitions=(definition,), attrs=attrs, **kw)
        elif s.kind == "keputusan":
            pb.xor(nid, s.kegiatan, **kw)
        elif s.kind == "selesai" and "menghentikan semua" in s.keterangan:
            pb.terminate_end(nid, s.kegiatan, **kw)
        else:
            {"mulai": pb.start, "selesai": pb.end}.get(s.kind, pb.user_task)(nid, s.kegiatan, **kw)
        if len(incoming.get(s.no, [])) > 1:
            pb.xor(f"{nid}_gabung", "", lane=lane,
                   refs=(Reference(f"{source} No {s.no}", "beberapa langkah menuju langkah ini"),))
            pb.flow(f"{nid}_gabung", nid)
    for s in sop.steps:
        pb = builder_of.get(s.no, b)
        for label, target in s.targets():
            tid = _node_id(process_id, target)
            if len(incoming.get(target, [])) > 1:
                tid = f"{tid}_gabung"
            pb.flow(_node_id(process_id, s.no), tid, name=label,
                    flow_id=f"{_node_id(process_id, s.no)}__{label or 'lanjut'}")
    for no, sb, _ in subs:
        step = sop.step(no)
        t = triggers[no]
        b.node("subProcess", sb.process_id, t.name, lane=lanes.get(step.pelaksana, first_lane),
               refs=(Reference(f"{source} No {no}", t.name),), triggered_by_event=True,
               subprocess=sb.build(),
               documentation=f"subproses peristiwa dari No {no}: {step.keterangan}")
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
    # a row of an event subprocess (a lane of its own there) is done by its Pelaksana's pool
    pool_of = {name: f"P{i}" for i, name in enumerate(lanes, start=1)}
    in_sub = {m: pool_of.get(sop.step(m).pelaksana, "P1")
              for _, _, members, _ in _event_subprocesses(sop, process_id, start_triggers(sop))
              for m in members}
    for s in sop.steps:
        if s.kind == "kegiatan" and (s.waktu is not None or s.no in in_sub):
            out.append(f"[tasks.{_node_id(process_id, s.no)}]  # {s.kegiatan[:60]}")
            if s.waktu is not None:
                out.append(f'duration = {{ dist = "fixed", value = {s.waktu / 3600.0:.6g}, '
                           'unit = "h" }')
            if s.no in in_sub:
                out.append(f'resource = "{in_sub[s.no]}"')
            out.append("")
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
