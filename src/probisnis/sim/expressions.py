"""Gateway conditions over case attributes, and ISO 8601 durations.

Conditions on sequence flows (``tim_kerja == true``, ``${strategi in ["tim", "individu"]}``)
go through the shared allow-list evaluator :mod:`probisnis.expressions` (the one ``run``
and DMN use), after the Java/JUEL spellings seen in BPMN files (``${...}``, ``&&``, ``||``,
``!``) are turned into Python's. A refused condition is a
:class:`~probisnis.errors.ScenarioError` naming the flow when the scenario is loaded; a
condition that fails on a case's attributes (``amount > 100`` with a text value) is one
naming the flow, the expression and the attribute values when the case reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from probisnis.errors import ExpressionError, ScenarioError, say
from probisnis.expressions import Expression, compile_expression

__all__ = ["Condition", "compile_condition", "parse_iso_duration"]

_WRAPPER = re.compile(r"^\s*[$#]\{(.*)\}\s*$", re.DOTALL)


class Condition:
    """A checked condition; call it with the case attributes to get a bool."""

    __slots__ = ("expression", "names", "path", "text", "where")

    def __init__(self, text: str, expression: Expression, where: str, path: str | None) -> None:
        self.text = text
        self.expression = expression
        self.names = expression.names
        self.where = where
        self.path = path

    def __call__(self, attrs: Mapping[str, Any]) -> bool:
        try:
            return bool(self.expression(attrs))
        except ExpressionError as exc:
            detail = exc.message.removeprefix("ekspresi ")
            raise ScenarioError(say(f"kondisi {detail}", f"condition {detail}"),
                                path=self.path, element_id=self.where) from None

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


def _normalise(text: str) -> str:
    m = _WRAPPER.match(text)
    body = m.group(1) if m else text
    # the Java/JUEL spellings seen in BPMN files
    body = body.replace("&&", " and ").replace("||", " or ")
    body = re.sub(r"!(?!=)", " not ", body)
    return body.strip()


def compile_condition(text: str, *, where: str, path: str | None = None) -> Condition:
    """Parse and allow-list-check ``text``; raise :class:`ScenarioError` naming ``where``."""
    body = _normalise(text)
    if not body:
        raise ScenarioError(say("kondisi kosong", "empty condition"), path=path,
                            element_id=where)
    try:
        expression = compile_expression(body)
    except ExpressionError as exc:
        from probisnis.expressions.syntax import Problem
        alasan = exc.message.split("`: ", 1)[-1]
        problem = exc.__context__  # the refusal, with its reason as a notice
        reason = str(problem.reason) if isinstance(problem, Problem) else alasan
        raise ScenarioError(say(f"kondisi {text!r} ditolak: {alasan}",
                                f"condition {text!r} is refused: {reason}"),
                            path=path, element_id=where) from None
    return Condition(text, expression, where, path)


_ISO = re.compile(
    r"^P(?:(?P<y>\d+(?:[.,]\d+)?)Y)?(?:(?P<mo>\d+(?:[.,]\d+)?)M)?(?:(?P<w>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<d>\d+(?:[.,]\d+)?)D)?(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<mi>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)
_ISO_SECONDS = {"y": 365 * 86400.0, "mo": 30 * 86400.0, "w": 7 * 86400.0, "d": 86400.0,
                "h": 3600.0, "mi": 60.0, "s": 1.0}


def parse_iso_duration(text: str) -> float:
    """Seconds in an ISO 8601 duration (``PT2H``, ``P3D``, ``P1DT4H30M``); raise ValueError.

    Years count 365 days and months 30 days (calendar time, no calendar arithmetic).
    """
    s = text.strip()
    m = _ISO.match(s)
    if not m or s in ("P", "PT") or s.endswith("T"):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    total = 0.0
    for key, factor in _ISO_SECONDS.items():
        v = m.group(key)
        if v is not None:
            total += float(v.replace(",", ".")) * factor
    return total
