"""A process as an SOP reads it: embedded subprocesses opened, "dan/atau" choices as questions.

An SOP AP has no symbol for a collapsed subprocess nor for an inclusive choice ("satu atau
keduanya"). So that the table says who really does each step, :func:`flatten` returns a copy
of the process in which

- an embedded subprocess (not an event subprocess, no boundary event on it, one plain
  start) is replaced by its body: the flows into it lead to its first step, its ends
  lead to what followed it, its lanes join the process's lanes;
- an inclusive split whose branches are simple chains meeting at one inclusive join
  becomes one Ya/Tidak question per branch, asked in turn ("Dipantau oleh Ketua Tim?",
  then "Dipantau oleh Pimpinan?"): each branch, when taken, goes on to the next question,
  so one, several or all branches are done, as the inclusive gateway allows.

The notes (node id -> text) say what was rewritten; :mod:`probisnis.sop.from_bpmn` puts them
in Keterangan. The model itself is never changed.
"""

from __future__ import annotations

from dataclasses import replace

from probisnis.bpmn.model import FlowNode, Lane, Process, SequenceFlow

__all__ = ["flatten"]


def _rewire(process: Process, nodes: dict[str, FlowNode],
            flows: dict[str, SequenceFlow], lanes: tuple[Lane, ...] = ()) -> Process:
    """``process`` with ``nodes``/``flows``, each node's incoming/outgoing taken from flows."""
    incoming: dict[str, list[str]] = {n: [] for n in nodes}
    outgoing: dict[str, list[str]] = {n: [] for n in nodes}
    for fid, f in flows.items():
        if f.source_ref in outgoing:
            outgoing[f.source_ref].append(fid)
        if f.target_ref in incoming:
            incoming[f.target_ref].append(fid)
    fixed = {nid: replace(n, incoming=tuple(incoming[nid]), outgoing=tuple(outgoing[nid]))
             for nid, n in nodes.items()}
    return replace(process, nodes=fixed, flows=flows, lanes=(*process.lanes, *lanes))


def _inline(process: Process, notes: dict[str, str]) -> Process:
    nodes = dict(process.nodes)
    flows = dict(process.flows)
    extra_lanes: list[Lane] = []
    attached = {n.attached_to for n in nodes.values() if n.attached_to}
    for nid, node in process.nodes.items():
        if (node.kind != "subProcess" or node.triggered_by_event or node.subprocess is None
                or nid in attached or len(node.outgoing) != 1 or node.loop is not None):
            continue
        body = flatten_with_notes(node.subprocess, notes)
        starts = [n for n in body.nodes.values() if n.kind == "startEvent"]
        ends = [n for n in body.nodes.values() if n.kind == "endEvent"]
        if (len(starts) != 1 or starts[0].event_kinds or len(starts[0].outgoing) != 1
                or not ends or any(e.event_kinds for e in ends)
                or any(n.triggered_by_event or n.attached_to for n in body.nodes.values())):
            continue
        start = starts[0]
        first = body.flows[start.outgoing[0]].target_ref
        after_flow = node.outgoing[0]
        after = flows[after_flow].target_ref
        if first in {e.id for e in ends}:
            continue
        end_ids = {e.id for e in ends}
        del nodes[nid]
        del flows[after_flow]
        for fid in node.incoming:
            flows[fid] = replace(flows[fid], target_ref=first)
        for bid, bnode in body.nodes.items():
            if bid != start.id and bid not in end_ids:
                nodes[bid] = bnode
        for fid, f in body.flows.items():
            if fid == start.outgoing[0] or f.source_ref in end_ids:
                continue
            flows[fid] = replace(f, target_ref=after) if f.target_ref in end_ids else f
        extra_lanes += body.lanes
        # the subprocess's own lane names stand for its steps: its name goes to the first one
        notes.setdefault(first, f"langkah subproses {node.name or nid}")
    return _rewire(process, nodes, flows, tuple(extra_lanes))


def _branch_end(process: Process, flow_id: str) -> tuple[str, str] | None:
    """(join id, last flow id) where the simple chain over ``flow_id`` meets an inclusive
    join; ``None`` when the branch splits or ends first."""
    seen: set[str] = set()
    while True:
        target = process.flows[flow_id].target_ref
        node = process.nodes.get(target)
        if node is None or target in seen:
            return None
        if node.kind == "inclusiveGateway" and len(node.incoming) > 1:
            return target, flow_id
        if len(node.outgoing) != 1 or (node.kind.endswith("Gateway") and len(node.incoming) > 1):
            return None
        seen.add(target)
        flow_id = node.outgoing[0]


def _question(gateway: FlowNode, label: str, lane: str) -> str:
    question = (gateway.name or "Dipilih?").strip().rstrip("?").strip()
    who = label or lane
    if label and lane and label.lower() not in lane.lower() and lane.lower() not in label.lower():
        who = f"{label} ({lane})"
    joint = " " if question.lower().endswith((" oleh", " kepada")) else ": "
    return f"{question}{joint}{who}?"


def _questions(process: Process, notes: dict[str, str]) -> Process:
    nodes = dict(process.nodes)
    flows = dict(process.flows)
    lane_names = {lane.id: lane.name or lane.id for lane in process.iter_lanes()}
    for gid, gateway in process.nodes.items():
        if gateway.kind != "inclusiveGateway" or len(gateway.outgoing) < 2:
            continue
        ends = [_branch_end(process, f) for f in gateway.outgoing]
        joins = {e[0] for e in ends if e is not None}
        if None in ends or len(joins) != 1:
            continue
        (join,) = joins
        branches = list(gateway.outgoing)
        k = len(branches)
        ids = [gid] + [f"{gid}__{i + 1}" for i in range(1, k)]
        labels = []
        for i, (fid, qid) in enumerate(zip(branches, ids, strict=True)):
            flow = process.flows[fid]
            target = process.nodes[flow.target_ref]
            lane = lane_names.get(target.lane or "", "")
            labels.append(flow.name or lane)
            nodes[qid] = replace(gateway, id=qid, kind="exclusiveGateway", default=None,
                                 name=_question(gateway, flow.name, lane))
            flows[fid] = replace(flow, source_ref=qid, name="Ya")
            nxt = ids[i + 1] if i + 1 < k else join
            flows[f"{qid}__tidak"] = SequenceFlow(f"{qid}__tidak", qid, nxt, gateway.source,
                                                  name="Tidak")
            if i + 1 < k:
                last = ends[i][1]  # type: ignore[index]
                flows[last] = replace(flows[last], target_ref=nxt)
        nodes[join] = replace(nodes[join], kind="exclusiveGateway", default=None)
        question = (gateway.name or "Dipilih").strip().rstrip("?").strip()
        notes[gid] = (f"{question} " + " dan/atau ".join(lab for lab in labels if lab)
                      + f": satu atau lebih (gerbang inklusif, ditulis sebagai {k} "
                      "pertanyaan berurutan)")
    return _rewire(process, nodes, flows)


def flatten_with_notes(process: Process, notes: dict[str, str]) -> Process:
    """:func:`flatten`, adding its notes to ``notes``."""
    return _questions(_inline(process, notes), notes)


def flatten(process: Process) -> tuple[Process, dict[str, str]]:
    """The process with embedded subprocesses opened and inclusive choices as questions,
    and a note per rewritten node (its id -> text for Keterangan)."""
    notes: dict[str, str] = {}
    return flatten_with_notes(process, notes), notes
