"""A quick lower bound on the number of paths ``run --paths`` would find.

Enumerating paths runs the process once per path (and once more to check the
decisions written for it), so a process whose paths multiply (24 descriptive
gateways in a row: 2^24 paths) cannot be enumerated. :func:`paths_at_least`
counts, on the process graph without its loops, the choices that are surely
free: a descriptive gateway (no conditions; its flow is the analyst's
choice) adds its outgoing branches' paths; any other node keeps the largest
of them (conditions may tie gateways together; parallel branches all run).
The count is a lower bound, so refusing on it never refuses a process that
has fewer paths than the limit.
"""

from __future__ import annotations

from collections import defaultdict

from probisnis.run.loader import LoadedLibrary

__all__ = ["paths_at_least"]

_CHOICE_KINDS = frozenset({"exclusiveGateway", "inclusiveGateway", "complexGateway"})


def paths_at_least(library: LoadedLibrary, process_id: str, cap: int) -> int:
    """A lower bound on the paths of the top-level ``process_id`` (at most ``cap + 1``)."""
    container = library.processes.get(process_id)
    if container is None:
        return 1  # a collaboration: no bound computed
    successors: dict[str, list[str]] = defaultdict(list)
    for flow in container.flows.values():
        if flow.source in container.nodes and flow.target in container.nodes:
            successors[flow.source].append(flow.target)
    starts = [n.id for n in container.nodes.values() if n.kind == "startEvent"]
    # depth-first from the starts: drop the edges back to a node on the current route
    count: dict[str, int] = {}
    on_route: set[str] = set()
    for start in starts:
        if start in count:
            continue
        stack = [start]
        while stack:
            node = stack[-1]
            on_route.add(node)
            pending = [t for t in successors.get(node, []) if t not in on_route and t not in count]
            if pending:
                stack.append(pending[0])
                continue
            stack.pop()
            on_route.discard(node)
            values = [count[t] for t in successors.get(node, []) if t in count] or [1]
            free = container.nodes[node].kind in _CHOICE_KINDS and (
                container.spec_name, node) in library.routed
            count[node] = min(cap + 1, sum(values) if free else max(values))
    return max((count.get(s, 1) for s in starts), default=1)
