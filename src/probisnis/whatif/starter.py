"""A commented starter scenario for a BPMN model (``probisnis scenario init MODEL.bpmn``).

:func:`starter_scenario` writes the TOML text of a scenario that loads and simulates as
written: one pool per lane role (lanes of the same role in several phases share a pool),
a working duration per task, a probability per outgoing flow of every deciding gateway,
a duration per timer without one, the ASN working calendar and Poisson arrivals. Every
number is a marked assumption (``# ASUMSI``) for the analyst to replace with the unit's
own data; the comments are in Bahasa Indonesia, the keys are those of ``docs/simulation.md``.
Call activities are resolved like ``simulate`` does: from ``library`` or the model's folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from probisnis.bpmn.model import TASK_KINDS, Definitions, FlowNode, Lane
from probisnis.bpmn.reader import read
from probisnis.errors import UsageError

__all__ = ["starter_scenario"]

#: default working duration of a task: triangular min/mode/max in working days
DEFAULT_TASK_DAYS = (0.5, 1.0, 2.0)


def _pool_id(lane: Lane) -> str:
    """A pool id for a lane: the role after ``_L_`` in the house lane ids, else the name."""
    if "_L_" in lane.id:
        return lane.id.split("_L_", 1)[1]
    text = re.sub(r"[^0-9A-Za-z]+", "_", lane.name or lane.id).strip("_").upper()
    return text or lane.id


def _simulated_processes(defs: tuple[Definitions, ...], process_id: str) -> set[str]:
    """The processes a simulation of ``process_id`` runs: itself, those it calls, and the
    partners it exchanges messages with (as the compiler finds them)."""
    from probisnis.sim.compile import compile_scenario
    from probisnis.sim.distributions import Fixed
    from probisnis.sim.scenario import Arrivals, Scenario

    probe = Scenario(definitions=defs, process_id=process_id, default_duration=Fixed(1.0),
                     arrivals=Arrivals(interarrival=Fixed(1.0)))
    return set(compile_scenario(probe).graphs)


def _leaf_lanes(defs: Iterable[Definitions], included: set[str]) -> list[Lane]:
    out: list[Lane] = []
    for d in defs:
        for p in d.processes.values():
            if p.id not in included:
                continue
            out.extend(lane for lane in p.iter_lanes(subprocesses=True) if not lane.children)
    return out


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(text: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise."""
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _q(text)


def _shares(n: int) -> list[float]:
    """``n`` equal shares written with two decimals that sum to exactly 1."""
    base = int(100 / n) / 100
    shares = [base] * n
    shares[0] = round(1.0 - base * (n - 1), 2)
    return shares


def _called(d: Definitions) -> set[str]:
    return {n.called_element for _, n in d.iter_nodes() if n.called_element}


def starter_scenario(model: str | os.PathLike[str], *, process_id: str | None = None,
                     library: tuple[str, ...] = (), relative_to: str | os.PathLike[str] = ".",
                     ) -> str:
    """The TOML text of a starter scenario for ``process_id`` of the BPMN file ``model``.

    Paths in the text are relative to the folder ``relative_to`` (where the scenario will
    be saved). Raises :class:`~probisnis.errors.BpmnError` for an unreadable model and
    :class:`~probisnis.errors.UsageError` for an unknown process id.
    """
    from probisnis.sim.scenario_toml import load_library

    label = os.fspath(model)
    first = read(label)
    if not first.processes:
        raise UsageError(f"{label}: berkas ini tidak memuat proses untuk disimulasikan")
    if process_id is None:
        process_id = first.process().id
    elif process_id not in first.processes:
        raise UsageError(f"{label}: tidak ada proses {process_id!r}; berkas ini memuat "
                         f"{', '.join(first.processes)}")
    defs, _ = load_library(label, library, _called(first), first)
    known = {pid for d in defs for pid in d.processes}
    missing = sorted({c for d in defs for c in _called(d)} - known)
    if missing:
        looked = ", ".join(library) if library else f"folder model {Path(label).parent}"
        raise UsageError(f"{label}: proses yang dipanggil ({', '.join(missing)}) tidak ada di "
                         f"model maupun di pustaka (dicari di {looked}); berikan --library DIR")
    base = Path(relative_to)

    def rel(p: str) -> str:
        return Path(os.path.relpath(os.path.abspath(p), os.path.abspath(base))).as_posix()

    included = _simulated_processes(defs, process_id)
    nodes: list[FlowNode] = [n for d in defs for proc, n in d.iter_nodes()
                             if proc.id in included]
    lanes = _leaf_lanes(defs, included)
    pools: dict[str, list[Lane]] = {}
    for lane in lanes:
        pools.setdefault(_pool_id(lane), []).append(lane)
    names = {n.id: n.name for n in nodes}
    out: list[str] = []
    w = out.append
    w(f"# Skenario awal untuk {Path(label).name} (proses {process_id}),")
    w("# dibuat oleh `probisnis scenario init`.")
    w("#")
    w("# SEMUA ANGKA DI BAWAH INI ADALAH ASUMSI (ditandai ASUMSI), bukan hasil pengukuran.")
    w("# Ganti dengan data unit kerja sendiri sebelum menarik kesimpulan: jumlah pegawai,")
    w("# porsi waktu kerja, lama setiap tugas (hari kerja 7,5 jam), peluang setiap cabang,")
    w("# dan jumlah kasus yang datang per bulan. Format: docs/panduan.md bagian 6.2.")
    w(f"name = {_q((first.processes[process_id].name or process_id) + ' (skenario awal)')}")
    w(f"model = {_q(rel(label))}")
    w(f"process = {_q(process_id)}")
    if len(defs) > 1:
        paths = [p for p in (_path_of(d) for d in defs[1:]) if p]
        w("# proses yang dipanggil oleh call activity")
        w("library = [" + ", ".join(_q(rel(p)) for p in paths) + "]")
    w("cases = 50")
    w("seed = 1")
    w("replications = 5")
    w("hours_per_day = 7.5")
    w("")
    w("# Jam kerja ASN 37,5 jam/minggu (Perpres 21/2023): Senin-Jumat 08:00-12:00 dan")
    w("# 12:30-16:00; libur nasional dan cuti bersama dari paket `holidays`.")
    w("[calendar]")
    w("weekly = [")
    w('  { days = "senin-jumat", from = "08:00", to = "12:00" },')
    w('  { days = "senin-jumat", from = "12:30", to = "16:00" },')
    w("]")
    w('holidays = "ID"')
    w("cuti_bersama = true")
    w("")
    w("# ASUMSI: kasus datang acak (Poisson), rata-rata 2 per bulan, pada jam kerja.")
    w("[arrivals]")
    w("rate = 2")
    w('per = "month"')
    w('calendar = "default"')
    if pools:
        w("")
        w("# Siapa yang mengerjakan: satu kelompok pegawai per peran (lajur, juga lajur di")
        w("# dalam subproses). count = jumlah orang, availability = porsi waktu kerja untuk")
        w("# pekerjaan ini. ASUMSI: 1 orang, 50 %.")
    for pid, members in pools.items():
        w("")
        w(f"[resources.{_key(pid)}]")
        w(f"name = {_q(members[0].name or pid)}")
        w("count = 1")
        w("lanes = [" + ", ".join(_q(m.id) for m in members) + "]")
        w("availability = 0.5")
    gateways = [n for n in nodes if n.kind in ("exclusiveGateway", "inclusiveGateway",
                                               "complexGateway") and len(n.outgoing) > 1]
    if gateways:
        w("")
        w("# Peluang setiap cabang. ASUMSI: sama rata (gateway inklusif: tiap cabang 0,5).")
    for g in gateways:
        w("")
        w(f"[gateways.{_key(g.id)}]" + (f"  # {_one_line(g.name)}" if g.name else ""))
        shares = _shares(len(g.outgoing)) if g.kind == "exclusiveGateway" \
            else [0.5] * len(g.outgoing)
        for fid, share in zip(g.outgoing, shares, strict=True):
            w(f"{_key(fid)} = {share:g}")
    tasks = [n for n in nodes if n.kind in TASK_KINDS]
    if tasks:
        lo, mode, hi = DEFAULT_TASK_DAYS
        w("")
        w("# Lama kerja setiap tugas dalam hari kerja (d = 7,5 jam). ASUMSI: segitiga")
        w(f"# min {lo:g}, paling sering {mode:g}, maks {hi:g} hari kerja.")
    for t in tasks:
        w(f"[tasks.{_key(t.id)}]" + (f"  # {_one_line(names.get(t.id, ''))}"
                                      if names.get(t.id) else ""))
        w(f'duration = {{ dist = "triangular", min = {DEFAULT_TASK_DAYS[0]:g}, '
          f'mode = {DEFAULT_TASK_DAYS[1]:g}, max = {DEFAULT_TASK_DAYS[2]:g}, unit = "d" }}')
    timers = [n for n in nodes if n.kind in ("intermediateCatchEvent", "boundaryEvent",
                                             "startEvent") and "timer" in n.event_kinds
              and n.kind != "startEvent"]
    if timers:
        w("")
        w("# Lama tunggu setiap timer, dalam waktu kalender (jam dinding; d = 7,5 jam).")
        w("# ASUMSI: 5 hari kalender (120 jam).")
    for t in timers:
        w(f"[timers.{_key(t.id)}]" + (f"  # {_one_line(t.name)}" if t.name else ""))
        w('duration = { dist = "fixed", value = 120, unit = "h" }')
    return "\n".join(out) + "\n"


def _one_line(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _path_of(d: Definitions) -> str | None:
    for p in d.processes.values():
        if p.source.path:
            return str(p.source.path)
    return None
