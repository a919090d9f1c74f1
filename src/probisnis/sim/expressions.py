"""Safe evaluation of gateway conditions over case attributes, and ISO 8601 durations.

Conditions on sequence flows (``tim_kerja == true``, ``${strategi in ["tim", "individu"]}``)
are parsed once with :mod:`ast` and checked against a whitelist: names, constants,
lists/tuples/sets of them, comparisons (``== != < <= > >= in not in``) and boolean
operators (``and or not``). Anything else (calls, attributes, subscripts, arithmetic,
lambdas...) is refused with a :class:`~probisnis.errors.ScenarioError`. Nothing is ever
handed to :func:`eval`; the checked tree is interpreted by :func:`_eval` below.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from probisnis.errors import ScenarioError

__all__ = ["Condition", "compile_condition", "parse_iso_duration"]

_CMP: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_LITERAL_NAMES = {"true": True, "false": False, "True": True, "False": False, "null": None,
                  "None": None}
_WRAPPER = re.compile(r"^\s*[$#]\{(.*)\}\s*$", re.DOTALL)


class Condition:
    """A checked condition; call it with the case attributes to get a bool."""

    __slots__ = ("names", "text", "tree")

    def __init__(self, text: str, tree: ast.expr, names: frozenset[str]) -> None:
        self.text = text
        self.tree = tree
        self.names = names

    def __call__(self, attrs: Mapping[str, Any]) -> bool:
        return bool(_eval(self.tree, attrs))

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


def _normalise(text: str) -> str:
    m = _WRAPPER.match(text)
    body = m.group(1) if m else text
    # the Java/JUEL spellings seen in BPMN files
    body = body.replace("&&", " and ").replace("||", " or ")
    body = re.sub(r"!(?!=)", " not ", body)
    return body.strip()


def _check(node: ast.AST, names: set[str], where: str, path: str | None) -> None:
    if isinstance(node, ast.Expression):
        _check(node.body, names, where, path)
    elif isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v, names, where, path)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        _check(node.operand, names, where, path)
    elif isinstance(node, ast.Compare):
        if not all(type(op) in _CMP for op in node.ops):
            raise ScenarioError("condition uses an operator that is not allowed",
                                path=path, element_id=where)
        _check(node.left, names, where, path)
        for c in node.comparators:
            _check(c, names, where, path)
    elif isinstance(node, ast.Name):
        if node.id not in _LITERAL_NAMES:
            names.add(node.id)
    elif isinstance(node, ast.Constant):
        if not isinstance(node.value, str | int | float | bool | type(None)):
            raise ScenarioError("condition holds an unsupported constant", path=path,
                                element_id=where)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for e in node.elts:
            _check(e, names, where, path)
    else:
        raise ScenarioError(
            f"condition uses {type(node).__name__}, which is not allowed (only names, constants, "
            "comparisons, 'in' and and/or/not)", path=path, element_id=where)


def compile_condition(text: str, *, where: str, path: str | None = None) -> Condition:
    """Parse and whitelist-check ``text``; raise :class:`ScenarioError` naming ``where``."""
    body = _normalise(text)
    if not body:
        raise ScenarioError("empty condition", path=path, element_id=where)
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        raise ScenarioError(f"condition {text!r} is not a valid expression: {exc.msg}",
                            path=path, element_id=where) from None
    names: set[str] = set()
    _check(tree, names, where, path)
    return Condition(text, tree.body, frozenset(names))


def _eval(node: ast.AST, attrs: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in attrs:
            return attrs[node.id]
        return _LITERAL_NAMES[node.id]
    if isinstance(node, ast.Compare):
        left = _eval(node.left, attrs)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, attrs)
            if not _CMP[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(v, attrs) for v in node.values)
        return any(_eval(v, attrs) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, attrs)
        return (not value) if isinstance(node.op, ast.Not) else -value
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [_eval(e, attrs) for e in node.elts]
    raise AssertionError(f"unchecked node {type(node).__name__}")  # pragma: no cover


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
