"""A BPMN process as an SOP AP: rows in reading order, one Pelaksana column per lane.

Mapping (``../shared/domain/README.md``, SOP AP): start/end event -> capsule row; task, call
activity or subprocess -> rectangle row; exclusive gateway that splits -> diamond row in the
deciding lane with Ya/Tidak; lane -> Pelaksana column; task documentation lines
``Kelengkapan:``/``Output:`` -> Mutu Baku; the scenario's mean duration -> Waktu; call
activities -> Keterkaitan. Constructs without an SOP symbol (merging gateways are simply
skipped; parallel and inclusive splits, timers, messages, boundary events) are flattened
and said in Keterangan. Rows are numbered in a topological order of the flow without its
loops, each branch in the order its first element is met (the "Ya" branch first).

What happens alongside the flow has no SOP symbol either: a boundary event (a deadline, or
"secara berkala" monitoring while a task runs) becomes a start row of its own (mulai) whose
Keterangan names the row it watches, and an event subprocess ("sewaktu-waktu") is listed
after the main flow as its own rows, from its start event to its end; an imported table
gives each such start row a start event, so export -> import -> export keeps the rows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from probisnis.bpmn import Definitions, FlowNode, Process, read
from probisnis.errors import UsageError
from probisnis.sop.flatten import flatten_with_notes
from probisnis.sop.model import IDENTITY_FIELDS, Sop, SopIdentity, SopStep
from probisnis.sop.waktu import parse_waktu

if TYPE_CHECKING:
    from probisnis.sim.scenario import Scenario

__all__ = ["REGULATION", "map_code", "sop_from_bpmn", "sop_from_process", "timer_value"]

REGULATION = "Peraturan Wali Kota Probolinggo Nomor 88 Tahun 2024"
_CODE = re.compile(r"^(\d{2}(?:\.\d{2})+)\s+")
_CLAUSE = re.compile(r"\[([A-Z][0-9]+\.[0-9a-z]+\.[0-9]+)\]")
_PASAL = re.compile(r"\bPasal\s+\d+(?:\s+ayat\s*\(\d+\))?")
_DOC_LINE = re.compile(r"^(Kelengkapan|Output|Waktu|Keterangan):\s*(.*)$", re.M)
_CITE = re.compile(r"\s*\[[^\]]*\]")

_SPLIT_NOTE = {
    "parallelGateway": "dikerjakan bersamaan (cabang sejajar)",
    "inclusiveGateway": "satu atau lebih cabang sesuai kondisi",
    "eventBasedGateway": "cabang menurut kejadian yang datang lebih dulu",
    "complexGateway": "cabang menurut aturan gabungan",
}


def _is_row(node: FlowNode) -> bool:
    if node.triggered_by_event:  # an event subprocess: its own rows stand for it
        return False
    if node.kind in ("startEvent", "endEvent", "boundaryEvent") or node.is_activity:
        return True
    return node.kind == "exclusiveGateway" and len(node.outgoing) > 1


def _segments(process: Process, notes: dict[str, str]) -> list[tuple[Process, list[str]]]:
    """The process in row order, then each event subprocess's body (its own start to end);
    each with its embedded subprocesses opened and inclusive choices as questions
    (:func:`probisnis.sop.flatten.flatten`, its notes added to ``notes``)."""
    process = flatten_with_notes(process, notes)
    out = [(process, _order(process))]
    for node in process.nodes.values():
        if node.triggered_by_event and node.subprocess is not None:
            out += _segments(node.subprocess, notes)
    return out


def _interrupts(cancels: bool) -> str:
    return "menghentikan" if cancels else "tidak menghentikan"


def _event_note(node: FlowNode) -> str:
    kinds = node.event_kinds
    name = node.name or node.id
    if "timer" in kinds:
        when = timer_value(node)
        return f"menunggu waktu: {name}" + (f" ({when})" if when else "")
    if "message" in kinds:
        sending = node.kind == "intermediateThrowEvent"
        return f"{'mengirim' if sending else 'menerima'} pesan: {name}"
    if "terminate" in kinds:
        return f"akhir yang menghentikan semua yang masih berjalan: {name}"
    if "signal" in kinds or "conditional" in kinds:
        return f"menunggu: {name}"
    return f"kejadian: {name}"


def timer_value(node: FlowNode) -> str:
    """The ISO 8601 value of a timer event (``R/P7D``, ``PT2H``, a date), unquoted, or ``""``."""
    for definition in node.event_definitions:
        if definition.kind != "timer":
            continue
        for key in ("timeCycle", "timeDuration", "timeDate"):
            value = (definition.attrs.get(key) or "").strip().strip("'\"")
            if value:
                return value
    return ""


def _skipped_note(node: FlowNode) -> str:
    if node.is_gateway:
        if len(node.outgoing) > 1:
            return _SPLIT_NOTE.get(node.kind, "cabang")
        return "" if node.kind == "exclusiveGateway" else "menunggu semua cabang selesai"
    if node.is_event:
        return _event_note(node)
    return ""


def _flow_order(process: Process, node: FlowNode) -> list[str]:
    """Outgoing flow ids, a flow named "Ya" first."""
    flows = list(node.outgoing)
    return sorted(flows, key=lambda f: 0 if process.flows[f].name.strip().lower() == "ya" else 1)


def _order(process: Process) -> list[str]:
    """Node ids in a topological order of the flow without back edges (DFS first-seen ties)."""
    nodes = process.nodes
    starts = [n for n in nodes.values() if n.kind == "startEvent" and not n.incoming] or \
        [n for n in nodes.values() if not n.incoming] or list(nodes.values())[:1]
    seen: dict[str, int] = {}
    on_stack: set[str] = set()
    back: set[str] = set()

    def dfs(nid: str) -> None:
        seen[nid] = len(seen)
        on_stack.add(nid)
        for fid in _flow_order(process, nodes[nid]):
            target = process.flows[fid].target_ref
            if target not in nodes:
                continue
            if target in on_stack:
                back.add(fid)
            elif target not in seen:
                dfs(target)
        on_stack.discard(nid)

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * len(nodes) + 100))
    try:
        for s in starts:
            if s.id not in seen:
                dfs(s.id)
        for n in nodes:  # unreachable parts last
            if n not in seen:
                dfs(n)
    finally:
        sys.setrecursionlimit(limit)
    indegree = {n: 0 for n in nodes}
    for fid, f in process.flows.items():
        if fid not in back and f.target_ref in indegree and f.source_ref in nodes:
            indegree[f.target_ref] += 1
    import heapq

    ready = [(seen[n], n) for n, d in indegree.items() if d == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, nid = heapq.heappop(ready)
        order.append(nid)
        for fid in nodes[nid].outgoing:
            f = process.flows[fid]
            if fid in back or f.target_ref not in indegree:
                continue
            indegree[f.target_ref] -= 1
            if indegree[f.target_ref] == 0:
                heapq.heappush(ready, (seen[f.target_ref], f.target_ref))
    return order


def _reach(process: Process, flow_id: str, rows: set[str],
           after: str | None = None) -> tuple[str | None, list[str]]:
    """The first row node reached over ``flow_id`` through skipped nodes, and their notes.

    ``after``: the row that follows in the table. A branch that ends at a join of branches
    run side by side (parallel or inclusive) goes on there: the table lists the branches one
    after another, so every row stays reachable (the last branch's next row is the join's
    own successor, which the table order puts after all branches).
    """
    notes: list[str] = []
    target = process.flows[flow_id].target_ref
    visited: set[str] = set()
    while target not in rows:
        if target in visited or target not in process.nodes:
            return None, notes
        visited.add(target)
        node = process.nodes[target]
        note = _skipped_note(node)
        if note:
            notes.append(note)
        if (after is not None and node.kind in ("parallelGateway", "inclusiveGateway")
                and len(node.incoming) > 1):
            return after, notes
        if not node.outgoing:
            return None, notes
        target = process.flows[_flow_order(process, node)[0]].target_ref
    return target, notes


def _doc_lines(documentation: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in _DOC_LINE.findall(documentation):
        found[key] = _CITE.sub("", value).strip()
    return found


def _identity_lines(documentation: str) -> dict[str, str]:
    found = {}
    for key, label in IDENTITY_FIELDS.items():
        m = re.search(rf"^{re.escape(label)}:\s*(.+)$", documentation, re.M)
        if m:
            found[key] = m.group(1).strip()
    return found


def _bpmn_files(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.glob("*.bpmn"))


def map_code(process_id: str, folder: Path) -> str:
    """The process's code on the business-process maps in ``folder`` (``02.01.01.02``), or ``""``.

    The maps (``peta_*.bpmn``) name each call activity with its code; the one calling
    ``process_id`` gives it.
    """
    for path in sorted(folder.glob("peta_*.bpmn")):
        try:
            defs = read(path)
        except Exception:
            continue
        for _, node in defs.iter_nodes():
            if node.called_element == process_id:
                m = _CODE.match(node.name)
                if m:
                    return m.group(1)
    return ""


def _process_names(defs: Definitions, folder: Path) -> dict[str, str]:
    names = {pid: p.name or pid for pid, p in defs.processes.items()}
    for path in _bpmn_files(folder):
        if path.name.startswith("peta_") or Path(defs.path).resolve() == path.resolve():
            continue
        try:
            other = read(path)
        except Exception:
            continue
        for pid, p in other.processes.items():
            names.setdefault(pid, p.name or pid)
    return names


def _dasar_hukum(process: Process) -> str:
    from probisnis.library.clauses import clauses

    table = clauses()
    places: list[str] = []
    texts = [process.documentation, *(n.documentation for n in process.iter_nodes())]
    for text in texts:
        for cid in _CLAUSE.findall(text):
            if cid in table:
                places.append(table[cid].location)
        places += _PASAL.findall(text)
    places = list(dict.fromkeys(places))
    if not places:
        return ""
    return f"{REGULATION} ({'; '.join(places)})"


def _waktu(node: FlowNode, scenario: Scenario | None, lines: dict[str, str]) -> float | None:
    if scenario is not None and node.is_activity:
        spec = scenario.tasks.get(node.id)
        dist = spec.duration if spec is not None else scenario.default_duration
        if dist is not None:
            return float(dist.mean)
    if lines.get("Waktu"):
        hpd = scenario.hours_per_day if scenario is not None else 7.5
        return parse_waktu(lines["Waktu"], hpd)
    return None


def sop_from_process(defs: Definitions, process: Process, *,
                     scenario: Scenario | None = None, folder: Path | None = None) -> Sop:
    """The :class:`Sop` of one process of ``defs``."""
    folder = folder or Path(defs.path).parent
    rewritten: dict[str, str] = {}
    segments = [(p, [n for n in order if _is_row(p.nodes[n])])
                for p, order in _segments(process, rewritten)]
    rows = [n for _, seg in segments for n in seg]
    owner = {n: p for p, seg in segments for n in seg}
    event_subprocess = {sub.subprocess.id: sub for p, _ in segments for sub in p.nodes.values()
                        if sub.triggered_by_event and sub.subprocess is not None}
    number = {nid: i + 1 for i, nid in enumerate(rows)}
    row_set = set(rows)
    lanes = {lane.id: lane.name or lane.id for p, _ in segments for lane in p.iter_lanes()}
    names = _process_names(defs, folder)
    hours = scenario.hours_per_day if scenario is not None else 7.5
    boundary: dict[str, list[FlowNode]] = {}
    for p, _ in segments:
        for node in p.nodes.values():
            if node.attached_to:
                boundary.setdefault(node.attached_to, []).append(node)
    related: list[str] = []
    steps = []
    following = {nid: (seg[i + 1] if i + 1 < len(seg) else None)
                 for _, seg in segments for i, nid in enumerate(seg)}
    for nid in rows:
        proc = owner[nid]
        node = proc.nodes[nid]
        after = following[nid]
        notes: list[str] = []
        lines = _doc_lines(node.documentation)
        kind = {"startEvent": "mulai", "boundaryEvent": "mulai",
                "endEvent": "selesai"}.get(node.kind, "kegiatan")
        if node.is_gateway:
            kind = "keputusan"
        kegiatan = " ".join((node.name or node.id).split())
        if nid in rewritten:
            notes.append(rewritten[nid])
        if node.kind == "boundaryEvent" and node.attached_to in number:
            notes.append(f"selama No {number[node.attached_to]} berjalan, "
                         f"{_interrupts(node.cancel_activity)}nya")
        sub = event_subprocess.get(proc.id)
        if node.kind == "startEvent" and sub is not None:
            interrupting = node.attrs.get("isInterrupting", "true") != "false"
            notes.append(f"subproses peristiwa {sub.name or sub.id}: sewaktu-waktu selama "
                         f"proses berjalan, {_interrupts(interrupting)} proses")
        if node.kind in ("startEvent", "boundaryEvent") and node.event_kinds:
            notes.append(_event_note(node))
        if node.kind == "endEvent" and node.event_kinds:
            notes.append(_event_note(node))
        if node.kind == "callActivity" and node.called_element:
            title = names.get(node.called_element, node.called_element)
            code = map_code(node.called_element, folder)
            related.append(f"{code} {title}".strip())
            notes.append(f"menjalankan proses {title}")
        for b in boundary.get(nid, ()):
            notes.append(f"{_event_note(b)}: lihat No {number[b.id]}")
        ya = tidak = nxt = None
        if kind == "keputusan":
            flows = _flow_order(proc, node)
            labels = [proc.flows[f].name.strip() for f in flows]
            reached = [_reach(proc, f, row_set, after) for f in flows]
            ya = number.get(reached[0][0] or "")
            tidak = number.get(reached[1][0] or "")
            if [lab.lower() for lab in labels[:2]] != ["ya", "tidak"]:
                question = kegiatan.rstrip("?").strip()
                first = labels[0] or "cabang pertama"
                if first.lower() not in question.lower():
                    joint = " " if question.lower().endswith((" oleh", " kepada")) else ": "
                    kegiatan = f"{question}{joint}{first}?"
                notes.append(f"Ya = {labels[0] or '(tanpa label)'}; "
                             f"Tidak = {labels[1] or '(tanpa label)'}")
            for f, (_, ns) in zip(flows, reached, strict=True):
                notes += [f"{proc.flows[f].name or 'cabang'}: {n}" for n in ns]
            if len(flows) > 2:
                extra = [f"{labels[i] or 'cabang'} ke No {number.get(reached[i][0] or '', '?')}"
                         for i in range(2, len(flows))]
                notes.append("cabang lain: " + "; ".join(extra))
        else:
            targets = [_reach(proc, f, row_set, after) for f in node.outgoing]
            found = [number[t] for t, _ in targets if t is not None]
            for _, ns in targets:
                notes += ns
            if found:
                nxt = min(found)
                if len(found) > 1:
                    notes.append("lalu No " + " dan No ".join(str(n) for n in sorted(found))
                                 + " dikerjakan bersamaan")
        steps.append(SopStep(
            no=number[nid], kind=kind, kegiatan=kegiatan,
            pelaksana=lanes.get(node.lane or "", ""),
            kelengkapan=lines.get("Kelengkapan", ""), output=lines.get("Output", ""),
            waktu=_waktu(node, scenario, lines) if kind == "kegiatan" else None,
            # a Keterangan line (an imported SOP) is the row's own note
            keterangan=lines.get("Keterangan") or "; ".join(dict.fromkeys(n for n in notes if n)),
            next=nxt, ya=ya, tidak=tidak, element_id=nid, line=node.source.line,
        ))
    used = list(dict.fromkeys(s.pelaksana for s in steps if s.pelaksana))
    columns = tuple(dict.fromkeys([*(lanes[lid] for lid in lanes if lanes[lid] in used), *used]))
    given = _identity_lines(process.documentation)
    title = _CODE.sub("", process.name or process.id)
    identity = SopIdentity(
        nomor=given.get("nomor") or map_code(process.id, folder),
        judul=given.get("judul") or title,
        dasar_hukum=given.get("dasar_hukum") or _dasar_hukum(process),
        keterkaitan=given.get("keterkaitan") or "; ".join(dict.fromkeys(related)),
        pelaksana=given.get("pelaksana") or ", ".join(columns),
        **{k: v for k, v in given.items()
           if k not in ("nomor", "judul", "dasar_hukum", "keterkaitan", "pelaksana")},
    )
    return Sop(identity=identity, pelaksana=columns, steps=tuple(steps), hours_per_day=hours,
               process_id=process.id)


def sop_from_bpmn(path: str | os.PathLike[str], process_id: str | None = None, *,
                  scenario: Scenario | None = None) -> Sop:
    """Read ``path`` and return the SOP of ``process_id`` (default: the file's only process,
    else its first executable one)."""
    defs = read(path)
    if scenario is not None:
        files = {Path(d.path).resolve() for d in scenario.definitions if d.path}
        if Path(path).resolve() not in files:
            model = os.path.normpath(scenario.definitions[0].path) if scenario.definitions \
                else "?"
            raise UsageError(
                f"skenario {scenario.path or ''} ditulis untuk model {model}, bukan untuk "
                "berkas ini: kolom Waktu akan berisi durasi yang salah; pakai skenario model "
                "ini (probisnis scenario init BERKAS.bpmn membuatnya)", path=str(path))
    if process_id is not None and process_id not in defs.processes:
        raise UsageError(f"tidak ada proses {process_id!r}; berkas ini memuat: "
                         + ", ".join(defs.processes), path=str(path))
    try:
        process = defs.process(process_id)
    except KeyError:
        raise UsageError("berkas ini tidak memuat proses", path=str(path)) from None
    return sop_from_process(defs, process, scenario=scenario, folder=Path(path).parent)

