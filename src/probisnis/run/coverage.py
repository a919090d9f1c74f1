"""Sequence-flow coverage of a set of runs.

A flow counts as traversed when SpiffWorkflow's task tree shows a token
passing along it (see :func:`probisnis.run.trace.traversed_flows`). The flows
in scope are those of the processes the runs executed: the process run, the
processes its call activities called and its embedded subprocesses, or the
processes named by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from probisnis.run.engine import RunResult
from probisnis.run.trace import traversed_flows

__all__ = ["FlowCoverage", "flow_coverage", "flows_of"]

COVERAGE_COLUMNS = ["process_id", "container", "flow_id", "source", "target", "runs"]


def flows_of(result: RunResult) -> set[tuple[str, str]]:
    """(container, flow id) of every sequence flow this run traversed."""
    return traversed_flows(result.run.library, result.workflow)


@dataclass(frozen=True)
class FlowCoverage:
    """One row per flow in scope; ``runs`` counts the runs that traversed it."""

    flows: pd.DataFrame

    @property
    def total(self) -> int:
        return len(self.flows)

    @property
    def covered(self) -> int:
        return int((self.flows["runs"] > 0).sum())

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0

    @property
    def missing(self) -> list[str]:
        return list(self.flows.loc[self.flows["runs"] == 0, "flow_id"])

    def __str__(self) -> str:
        text = f"sequence-flow coverage {self.covered}/{self.total} ({self.ratio:.1%})"
        if self.missing:
            text += "; not traversed: " + ", ".join(self.missing)
        return text


def flow_coverage(
    results: Iterable[RunResult], *, processes: Iterable[str] | None = None
) -> FlowCoverage:
    """Coverage of the flows of ``processes`` (default: every process the runs executed)."""
    results = list(results)
    if not results:
        raise ValueError("flow_coverage needs at least one run")
    library = results[0].run.library
    if processes is None:
        scope: set[str] = set()
        for result in results:
            scope.add(result.process_id)
            scope.update(result.workflow.subprocess_specs)
    else:
        scope = set(processes)
        for name in list(scope):
            process = library.processes.get(name)
            if process is not None:
                # embedded subprocess bodies of a named process belong to it
                scope.update(c.spec_name for c in library.containers.values()
                             if c.process_id == process.process_id)
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        for key in flows_of(result):
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for name in sorted(scope):
        container = library.containers.get(name)
        if container is None:
            continue
        for flow in container.flows.values():
            rows.append({
                "process_id": container.process_id,
                "container": name,
                "flow_id": flow.id,
                "source": flow.source,
                "target": flow.target,
                "runs": counts.get((name, flow.id), 0),
            })
    return FlowCoverage(pd.DataFrame(rows, columns=COVERAGE_COLUMNS))
