"""What every rule sees: the model, an index of the file's element ids, and its scopes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from probisnis.bpmn.model import Definitions, FlowNode, Process, Source
from probisnis.present.notices import Notice, Term
from probisnis.validate.finding import Finding, Severity

__all__ = ["CheckContext", "Scope", "scopes"]


@dataclass(frozen=True, slots=True)
class Scope:
    """A process or an embedded subprocess body, with what kind of container it is.

    ``kind`` is ``"process"``, ``"subProcess"``, ``"transaction"``,
    ``"adHocSubProcess"`` or ``"eventSubProcess"``; ``owner`` is the subprocess
    node holding the body (``None`` for a top-level process).
    """

    process: Process
    kind: str
    owner: FlowNode | None
    top: Process

    @property
    def label(self) -> Term:
        """The scope as a finding names it: ``process 'Name'`` (its id when unnamed)."""
        what = "process" if self.owner is None else self.kind
        name = self.process.name or (self.owner.name if self.owner else "")
        return Term(what, name or self.process.id)

    @property
    def source(self) -> Source:
        return self.owner.source if self.owner is not None else self.process.source


def scopes(defs: Definitions) -> Iterator[Scope]:
    """Every top-level process and every embedded subprocess body, depth first."""

    def walk(proc: Process, kind: str, owner: FlowNode | None, top: Process) -> Iterator[Scope]:
        yield Scope(proc, kind, owner, top)
        for node in proc.nodes.values():
            if node.subprocess is not None:
                sub_kind = "eventSubProcess" if node.triggered_by_event else node.kind
                yield from walk(node.subprocess, sub_kind, node, top)

    for proc in defs.processes.values():
        yield from walk(proc, "process", None, proc)


@dataclass
class CheckContext:
    """Input of the rules.

    ``index`` maps every BPMN element id in the file to its tag (including
    elements the model does not keep, like text annotations); ``callables``
    are ids a call activity may name (processes and global tasks of this file
    and of the files validated with it).
    """

    defs: Definitions
    index: dict[str, str]
    callables: frozenset[str]
    scopes: list[Scope] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.scopes:
            self.scopes = list(scopes(self.defs))

    def finding(
        self,
        source: Source,
        element_id: str | None,
        rule: str,
        message: Notice,
        severity: Severity = "error",
    ) -> Finding:
        return Finding(source.path, source.line, element_id or None, rule, message, severity)
