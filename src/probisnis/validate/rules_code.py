"""Rules about code in the model: conditions and scripts the run would refuse."""

from __future__ import annotations

from collections.abc import Iterator

from probisnis.bpmn.xml import parse_file
from probisnis.errors import BpmnError
from probisnis.expressions.audit import Refusal, dmn_code, model_code, refused
from probisnis.present.notices import Notice, Term, notice
from probisnis.validate.context import CheckContext
from probisnis.validate.finding import Finding

__all__ = ["dmn_unsafe_code", "rule_unsafe_code"]


def rule_unsafe_code(ctx: CheckContext) -> Iterator[Finding]:
    """unsafe-code: conditions and scripts stay within what ``run`` evaluates safely.

    Every sequence-flow condition, scriptTask script and loop/multi-instance
    expression goes through the allow-list of :mod:`probisnis.expressions`:
    data names, literals, comparisons, ``and``/``or``/``not``, arithmetic,
    subscripts and len/min/max/abs/round/sum/any/all/str/int/float/bool;
    scripts only ``name = expression`` lines. Anything else (imports, ``__``
    names, other calls, lambdas, loops...) is reported: ``run`` refuses it
    unless given ``--trust-scripts``. Text that is not Python at all (prose
    in a descriptive model) is not reported.
    """
    yield from _findings(refused(model_code(ctx.defs)))


def dmn_unsafe_code(path: str) -> Iterator[Finding]:
    """unsafe-code in a DMN file: its input expressions, input entries and output entries
    (composed as SpiffWorkflow composes them) stay within the allow-list, as ``run``
    checks before it starts. A file the hardened parser refuses is one ``parse`` finding."""
    try:
        root = parse_file(path).getroot()
    except BpmnError as exc:
        yield Finding(exc.path or path, exc.line, exc.element_id or None, "parse", exc.message)
        return
    yield from _findings(refused(dmn_code(root, path)))


def _message(refusal: Refusal) -> Notice:
    code = refusal.code
    if refusal.script_line:
        return notice("unsafe-code.refused-script-line", line=refusal.script_line,
                      snippet=refusal.shown, reason=refusal.reason)
    if code.kind == "flowCondition":
        return notice("unsafe-code.refused-condition", flow=code.element_id,
                      snippet=refusal.shown, reason=refusal.reason)
    return notice("unsafe-code.refused", what=Term(code.kind or "script"), snippet=refusal.shown,
                  reason=refusal.reason)


def _findings(refusals: Iterator[Refusal]) -> Iterator[Finding]:
    for refusal in refusals:
        code = refusal.code
        yield Finding(code.path, code.line, code.element_id, "unsafe-code", _message(refusal),
                      "error")
