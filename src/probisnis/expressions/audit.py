"""Find the code in a model that the allow-list evaluator would refuse.

:func:`model_code` lists the conditions and scripts of a BPMN model,
:func:`dmn_code` the input/output entries of a DMN file (composed as
SpiffWorkflow composes them); :func:`refused` keeps those the evaluator
refuses. ``run`` refuses to start on any of them (unless ``--trust-scripts``)
and ``validate`` reports them (rule ``unsafe-code``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from probisnis.bpmn.model import Definitions, FlowNode
from probisnis.expressions.syntax import Problem, parse_expression, parse_script
from probisnis.present.notices import Term, text

__all__ = ["Code", "Refusal", "dmn_code", "model_code", "refused"]

_QUESTION = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")


@dataclass(frozen=True, slots=True)
class Code:
    """One piece of code in a file: what it is, where, and its text."""

    path: str
    line: int | None
    element_id: str
    what: str  # "condition of flow F", "script", "DMN input entry", ...
    text: str
    script: bool = False
    #: the kind of code, for words in another language: "script", "flowCondition",
    #: "loopCondition", "completionCondition", "loopCardinality", "dmnInputExpression",
    #: "dmnInputEntry", "dmnOutputEntry"
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A piece of code the evaluator refuses, and why."""

    code: Code
    reason: str
    line_in_text: int | None

    @property
    def script_line(self) -> int | None:
        """The line of a script the refusal is about (``None`` for an expression)."""
        return self.line_in_text if self.code.script and self.line_in_text else None

    @property
    def shown(self) -> str:
        """The refused text (the script's line) on one line, at most 80 characters."""
        text = self.code.text.strip()
        if self.script_line:
            lines = self.code.text.splitlines()
            if 0 < self.script_line <= len(lines):
                text = lines[self.script_line - 1].strip()
        text = " ".join(text.split())
        return text if len(text) <= 80 else text[:77] + "..."

    @property
    def message(self) -> str:
        """``kondisi alur F `x.__class__`: ...``: what is refused and why, in Bahasa Indonesia
        (the code's kind worded as ``validate`` words it)."""
        code = self.code
        what = f"kondisi alur {code.element_id}" if code.kind == "flowCondition" \
            else Term(code.kind or "script").text()
        if self.script_line:
            what += f" baris {self.script_line}"
        return f"{what} `{self.shown}`: {text(self.reason, 'id')}"


def _node_code(path: str, node: FlowNode) -> Iterator[Code]:
    line = node.source.line
    script = node.attrs.get("script") if node.kind == "scriptTask" else None
    if script:
        yield Code(path, line, node.id, "script", script, script=True, kind="script")
    loop = node.loop
    if loop is not None:
        for what, kind, text in (
                ("loop condition", "loopCondition", loop.loop_condition),
                ("completion condition", "completionCondition", loop.completion_condition),
                ("loop cardinality", "loopCardinality", loop.cardinality)):
            if text:
                yield Code(path, line, node.id, what, text, kind=kind)


def model_code(defs: Definitions) -> Iterator[Code]:
    """Every condition and script of ``defs`` (flows, script tasks, loop markers)."""
    for process in defs.processes.values():
        for node in process.iter_nodes():
            yield from _node_code(node.source.path, node)
        for flow in process.iter_flows():
            if flow.condition and flow.condition.strip():
                yield Code(flow.source.path, flow.source.line, flow.id,
                           f"condition of flow {flow.id}", flow.condition,
                           kind="flowCondition")


def _parses(text: str) -> bool:
    try:
        ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _text(element: Any) -> str:
    for child in element:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "text":
            return str(child.text or "")
    return ""


def dmn_code(root: Any, path: str) -> Iterator[Code]:
    """Input expressions, input entries and output entries of a DMN document (lxml root)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag not in ("inputExpression", "inputEntry", "outputEntry"):
            continue
        text = _text(element).strip()
        if not text or (tag == "inputEntry" and text == "-"):
            continue
        owner = element.getparent()
        ident = element.get("id") or (owner.get("id") if owner is not None else "") or tag
        what = {"inputExpression": "DMN input expression", "inputEntry": "DMN input entry",
                "outputEntry": "DMN output entry"}[tag]
        if tag == "inputEntry":
            # as SpiffWorkflow's DMNEngine composes it with the input expression
            if "?" in text:
                text = _QUESTION.sub("dmninputexpr", text)
            elif _parses(text):
                text = f"(dmninputexpr) == ({text})"
            else:
                text = f"dmninputexpr {text}"
        yield Code(path, element.sourceline, ident, what, text,
                   kind="dmn" + tag[0].upper() + tag[1:])


def refused(codes: Iterable[Code], *, syntax: bool = False) -> Iterator[Refusal]:
    """The pieces of code the allow-list evaluator refuses.

    Text that is not Python at all (a condition written as prose) is left out
    unless ``syntax``: it cannot do harm, and the run names it when reached.
    """
    for code in codes:
        try:
            if code.script:
                parse_script(code.text)
            else:
                parse_expression(code.text.strip())
        except Problem as problem:
            if syntax or not problem.syntax:
                yield Refusal(code, problem.reason, problem.line)
