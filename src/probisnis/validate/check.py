"""Validating files and models: the entry points behind ``probisnis validate``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from probisnis.bpmn.model import Definitions
from probisnis.bpmn.reader import element_index, read
from probisnis.errors import BpmnError, UsageError
from probisnis.validate.context import CheckContext
from probisnis.validate.finding import Finding
from probisnis.validate.rules import RULES
from probisnis.validate.rules_code import dmn_unsafe_code

__all__ = ["collect_files", "validate_definitions", "validate_paths"]

_CALLABLE_TAGS = frozenset({"process"}) | frozenset(
    f"global{kind}"
    for kind in (
        "Task",
        "UserTask",
        "ManualTask",
        "ScriptTask",
        "BusinessRuleTask",
    )
)


def _sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line or 0, finding.rule, finding.element_id or "")


def _index_of(defs: Definitions) -> dict[str, str]:
    """id -> tag of every BPMN element of the file behind ``defs`` (or of the model alone)."""
    path = Path(defs.path)
    if path.is_file():
        try:
            return element_index(path)
        except BpmnError:
            pass
    index: dict[str, str] = {defs.id: "definitions"} if defs.id else {}
    for proc in defs.processes.values():
        index[proc.id] = "process"
        index.update({lane.id: "lane" for lane in proc.iter_lanes()})
        index.update({d.id: d.kind for d in proc.data})
    for _proc, node in defs.iter_nodes():
        index[node.id] = node.kind
    for proc in defs.processes.values():
        index.update({flow.id: "sequenceFlow" for flow in proc.iter_flows()})
    for collab in defs.collaborations:
        index[collab.id] = "collaboration"
        index.update({p.id: "participant" for p in collab.participants})
        index.update({m.id: "messageFlow" for m in collab.message_flows})
    index.update({m.id: m.kind for m in defs.messages.values()})
    return index


def validate_definitions(
    defs: Definitions,
    *,
    rules: Iterable[str] | None = None,
    callables: Iterable[str] = (),
) -> list[Finding]:
    """Every finding of the rules (default: all of :data:`RULES`) on one loaded model.

    ``callables`` adds ids a call activity may name besides this file's own
    processes and global tasks (e.g. processes of the files validated with it).
    """
    chosen = list(RULES) if rules is None else list(rules)
    unknown = [name for name in chosen if name not in RULES]
    if unknown:
        raise UsageError(f"aturan tidak dikenal: {', '.join(unknown)}; "
                         f"yang ada: {', '.join(RULES)}")
    index = _index_of(defs)
    own = {ident for ident, tag in index.items() if tag in _CALLABLE_TAGS}
    ctx = CheckContext(defs, index, frozenset(own | set(defs.processes) | set(callables)))
    findings: list[Finding] = []
    for name in chosen:
        findings.extend(RULES[name](ctx))
    return sorted(findings, key=_sort_key)


def collect_files(paths: Sequence[str | os.PathLike[str]], *, dmn: bool = False) -> list[Path]:
    """The files to validate: files as given, folders searched recursively for ``*.bpmn``
    and ``*.bpmn20.xml`` (Camunda's and Activiti's name for BPMN files), and ``*.dmn``
    (decision tables) when ``dmn``."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            patterns = ("*.bpmn", "*.bpmn20.xml", "*.dmn")[:3 if dmn else 2]
            found = sorted(p for pattern in patterns for p in path.rglob(pattern)
                           if p.is_file())
            if not found:  # (a wrong folder is not a clean one)
                raise UsageError(f"tidak ada berkas {', '.join(patterns)} di folder "
                                 f"{os.fspath(raw)} maupun subfoldernya: periksa foldernya")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"berkas atau folder tidak ditemukan: {os.fspath(raw)}")
    return files


def validate_paths(
    paths: Sequence[str | os.PathLike[str]], *, rules: Iterable[str] | None = None
) -> list[Finding]:
    """Validate BPMN files and folders (recursing into ``*.bpmn``, ``*.bpmn20.xml`` and
    ``*.dmn``: only the code in a decision table is checked, rule ``unsafe-code``).

    A file the reader refuses becomes one finding with rule ``parse``; a path
    that does not exist is a :class:`UsageError`. Call activities may name a
    process of any file validated in the same call.
    """
    chosen = None if rules is None else list(rules)
    loaded: list[Definitions] = []
    findings: list[Finding] = []
    for path in collect_files(paths, dmn=True):
        if path.suffix.lower() == ".dmn":  # decision tables: only the code in them is checked
            if chosen is None or "unsafe-code" in chosen:
                findings.extend(dmn_unsafe_code(str(path)))
            continue
        try:
            loaded.append(read(path, schema="warn"))
        except BpmnError as exc:
            findings.append(
                Finding(
                    exc.path or str(path), exc.line, exc.element_id or None, "parse", exc.message
                )
            )
    processes = {pid for defs in loaded for pid in defs.processes}
    for defs in loaded:
        findings.extend(validate_definitions(defs, rules=chosen, callables=processes))
    return sorted(findings, key=_sort_key)
