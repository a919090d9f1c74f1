"""Columns and rows: which rank (column) and row each flow node of one scope gets.

Ranks are longest-path layers of the flow graph with the back edges of loops
removed (found by a depth-first search from the start nodes, in document
order). Boundary events sit on their host and are not ranked; their outgoing
flows count as leaving the host. Rows: each node takes, in its lane's band, the
row of its first placed predecessor in the same band if that cell (column, row)
is free, else the next free row below, so no two shapes share a cell.
Everything iterates in document order, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from probisnis.bpmn.model import FlowNode, Process

__all__ = ["Grid", "back_edges", "grid_of", "ranks"]


def _graph(process: Process) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Ranked node ids (not boundary events) and edges (flow id, source, target) between them."""
    nodes = process.nodes
    ranked = [n.id for n in nodes.values() if n.kind != "boundaryEvent"]
    host = {n.id: n.attached_to for n in nodes.values() if n.kind == "boundaryEvent"}
    edges = []
    for flow in process.flows.values():
        source = host.get(flow.source_ref) or flow.source_ref
        target = flow.target_ref
        if (
            source in nodes
            and target in nodes
            and nodes[target].kind != "boundaryEvent"
            and nodes[source].kind != "boundaryEvent"
        ):
            edges.append((flow.id, source, target))
    return ranked, edges


def back_edges(order: Sequence[str], edges: Sequence[tuple[str, str, str]]) -> set[str]:
    """Ids of the edges closing a cycle in a DFS from the sources (no incoming), in order."""
    succ: dict[str, list[tuple[str, str]]] = {n: [] for n in order}
    has_in: set[str] = set()
    for flow_id, s, t in edges:
        succ[s].append((flow_id, t))
        if s != t:
            has_in.add(t)
    state: dict[str, int] = {}  # 1 on stack, 2 done
    back: set[str] = set()
    roots = [n for n in order if n not in has_in] + list(order)
    for root in roots:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            if i < len(succ[node]):
                stack[-1] = (node, i + 1)
                flow_id, t = succ[node][i]
                if state.get(t) == 1:
                    back.add(flow_id)
                elif t not in state:
                    state[t] = 1
                    stack.append((t, 0))
            else:
                state[node] = 2
                stack.pop()
    return back


def ranks(process: Process) -> tuple[dict[str, int], set[str]]:
    """(node id -> rank, ids of back-edge flows) for the ranked nodes of ``process``."""
    order, edges = _graph(process)
    back = back_edges(order, edges)
    forward = [(f, s, t) for f, s, t in edges if f not in back]
    indegree = {n: 0 for n in order}
    succ: dict[str, list[str]] = {n: [] for n in order}
    for _, s, t in forward:
        succ[s].append(t)
        indegree[t] += 1
    rank = {n: 0 for n in order}
    position = {n: i for i, n in enumerate(order)}
    ready = [n for n in order if indegree[n] == 0]
    while ready:
        ready.sort(key=position.__getitem__)
        node = ready.pop(0)
        for t in succ[node]:
            rank[t] = max(rank[t], rank[node] + 1)
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return rank, back


@dataclass(frozen=True)
class Grid:
    """Where the ranked nodes of one scope go.

    ``column``/``row``: node id -> rank and row within its band; ``bands``: band
    keys (lane ids, ``None`` for unlaned nodes) top to bottom; ``rows``: rows per
    band (at least 1); ``back``: ids of back-edge flows.
    """

    column: dict[str, int]
    row: dict[str, int]
    band: dict[str, str | None]
    bands: tuple[str | None, ...]
    rows: dict[str | None, int]
    back: frozenset[str]

    @property
    def columns(self) -> int:
        return max(self.column.values(), default=-1) + 1


def grid_of(process: Process, bands: Sequence[str | None]) -> Grid:
    """Ranks and rows of ``process``'s nodes, each in the band of its lane (``bands`` in order)."""
    rank, back = ranks(process)
    known = set(bands)
    band = {}
    for node_id in rank:
        lane = process.nodes[node_id].lane
        band[node_id] = lane if lane in known else None
    band_list = list(bands)
    if None in band.values() and None not in known:
        band_list.append(None)
    preds: dict[str, list[str]] = {n: [] for n in rank}
    for flow in process.flows.values():
        if flow.id in back:
            continue
        source = process.nodes.get(flow.source_ref)
        if source is not None and source.kind == "boundaryEvent":
            source = process.nodes.get(source.attached_to or "")
        if source is not None and source.id in rank and flow.target_ref in rank:
            preds[flow.target_ref].append(source.id)
    position = {n: i for i, n in enumerate(rank)}
    order = sorted(rank, key=lambda n: (rank[n], position[n]))
    taken: set[tuple[str | None, int, int]] = set()
    row: dict[str, int] = {}
    for node_id in order:
        want = 0
        for p in preds[node_id]:
            if p in row and band[p] == band[node_id]:
                want = row[p]
                break
        r = want
        while (band[node_id], rank[node_id], r) in taken:
            r += 1
        taken.add((band[node_id], rank[node_id], r))
        row[node_id] = r
    rows = {b: 1 for b in band_list}
    for node_id, r in row.items():
        rows[band[node_id]] = max(rows[band[node_id]], r + 1)
    return Grid(
        column=dict(rank),
        row=row,
        band=band,
        bands=tuple(band_list),
        rows=rows,
        back=frozenset(back),
    )


def boundary_hosts(process: Process) -> dict[str, list[FlowNode]]:
    """host id -> its boundary events in document order."""
    out: dict[str, list[FlowNode]] = {}
    for node in process.nodes.values():
        if node.kind == "boundaryEvent" and node.attached_to in process.nodes:
            out.setdefault(node.attached_to or "", []).append(node)
    return out
