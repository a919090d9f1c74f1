"""Rules about code in the model: conditions and scripts the run would refuse."""

from __future__ import annotations

from collections.abc import Iterator

from probisnis.expressions.audit import model_code, refused
from probisnis.validate.context import CheckContext
from probisnis.validate.finding import Finding

__all__ = ["rule_unsafe_code"]


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
    for refusal in refused(model_code(ctx.defs)):
        code = refusal.code
        yield Finding(code.path, code.line, code.element_id, "unsafe-code",
                      f"run refuses this {refusal.message} (only with --trust-scripts, for "
                      "files whose author you trust)", "error")
