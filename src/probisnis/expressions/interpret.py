"""Interpret a checked syntax tree over the process data (never ``eval``).

One function per node type in :data:`_HANDLERS`; Python's own exceptions
(``TypeError`` on ``"5" > 100``, ``ZeroDivisionError``...) are left to the
caller, which turns them into an :class:`~probisnis.errors.ExpressionError`.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any

from probisnis.expressions.limits import (
    FUNCTIONS,
    MAX_LENGTH,
    METHODS,
    Refused,
    Unsuitable,
    check_size,
    power_fits,
    repeat_fits,
)
from probisnis.expressions.syntax import LITERAL_NAMES

__all__ = ["COMPARE", "Missing", "attribute_of", "binary", "call", "check_indexable",
           "evaluate_node", "unary"]


class Missing(Exception):
    """Internal: a name is neither in the data nor a literal."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


Scope = Mapping[str, Any]

#: comparison operator type -> its function
COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


def binary(op: ast.operator, left: Any, right: Any) -> Any:
    """``left op right`` within the size limits."""
    if isinstance(op, ast.Add):
        sequences = (str, list, tuple)
        if isinstance(left, sequences) and isinstance(right, sequences) \
                and len(left) + len(right) > MAX_LENGTH:
            raise Refused("hasilnya akan terlalu panjang")
        return left + right
    if isinstance(op, ast.Sub):
        return left - right
    if isinstance(op, ast.Mult):
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and not repeat_fits(sequence, times):
                raise Refused("teks atau daftar yang diulang akan terlalu panjang")
        return left * right
    if isinstance(op, ast.Div):
        return left / right
    if isinstance(op, ast.FloorDiv):
        return left // right
    if isinstance(op, ast.Mod):
        if isinstance(left, str):
            raise Refused("pemformatan teks dengan '%' tidak diperbolehkan")
        return left % right
    if isinstance(op, ast.Pow):
        if not power_fits(left, right):
            raise Refused(f"{left!r} ** {right!r} akan terlalu besar")
        return left**right
    raise Refused(f"{type(op).__name__} tidak diperbolehkan")  # pragma: no cover - checked before


def _name(node: ast.Name, scope: Scope) -> Any:
    if node.id in scope:
        return scope[node.id]
    if node.id in LITERAL_NAMES:
        return LITERAL_NAMES[node.id]
    raise Missing(node.id)


def _compare(node: ast.Compare, scope: Scope) -> Any:
    left = evaluate_node(node.left, scope)
    for op, comparator in zip(node.ops, node.comparators, strict=True):
        right = evaluate_node(comparator, scope)
        if isinstance(op, (ast.In, ast.NotIn)) and not isinstance(
            right, (str, list, tuple, set, frozenset, dict)
        ):
            raise Unsuitable(f"'in' memerlukan teks atau daftar di sebelah kanannya, bukan "
                             f"{type(right).__name__} {right!r}")
        if not COMPARE[type(op)](left, right):
            return False
        left = right
    return True


def _bool_op(node: ast.BoolOp, scope: Scope) -> Any:
    value: Any = None
    for operand in node.values:
        value = evaluate_node(operand, scope)
        if isinstance(node.op, ast.And) and not value:
            return value
        if isinstance(node.op, ast.Or) and value:
            return value
    return value


def unary(op: ast.unaryop, value: Any) -> Any:
    """``not``, ``-`` or ``+`` of ``value`` (the signs on numbers only)."""
    if isinstance(op, ast.Not):
        return not value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        sign = "-" if isinstance(op, ast.USub) else "+"
        raise Unsuitable(f"tanda {sign} di depan memerlukan angka, bukan {type(value).__name__} "
                         f"{value!r}")
    return -value if isinstance(op, ast.USub) else +value


def check_indexable(value: Any) -> None:
    """Refuse to index anything but a text, a list, a tuple or a table of data."""
    if not isinstance(value, (str, list, tuple, dict)):
        raise Unsuitable(f"{type(value).__name__} {value!r} tidak dapat diindeks")


def _subscript(node: ast.Subscript, scope: Scope) -> Any:
    value = evaluate_node(node.value, scope)
    check_indexable(value)
    if isinstance(node.slice, ast.Slice):
        parts = [None if p is None else evaluate_node(p, scope)
                 for p in (node.slice.lower, node.slice.upper, node.slice.step)]
        return value[slice(*parts)]
    return value[evaluate_node(node.slice, scope)]


def attribute_of(value: Any, attr: str) -> Any:
    """``value.attr`` on a table of data (read as ``value[attr]``)."""
    if isinstance(value, Mapping):
        if attr in value:
            return value[attr]
        raise KeyError(attr)
    raise Unsuitable(f"{type(value).__name__} tidak punya isian {attr!r} (hanya tabel "
                     "data yang punya isian)")


def call(owner: Any, name: str, args: list[Any], *, method: bool = False) -> Any:
    """The allowed function ``name`` (``method``: the allowed method of ``owner``) of
    ``args``."""
    if not method:
        return FUNCTIONS[name](*args)
    allowed = METHODS.get(type(owner), frozenset())
    if name not in allowed:
        raise Refused(f"{type(owner).__name__} tidak punya metode {name!r} yang "
                      "diperbolehkan")
    return getattr(owner, name)(*args)


def _call(node: ast.Call, scope: Scope) -> Any:
    args = [evaluate_node(a, scope) for a in node.args]
    func = node.func
    if isinstance(func, ast.Name):
        return call(None, func.id, args)
    assert isinstance(func, ast.Attribute)
    return call(evaluate_node(func.value, scope), func.attr, args, method=True)


def _dict(node: ast.Dict, scope: Scope) -> Any:
    out = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:
            raise Refused("pembongkaran '**' tidak diperbolehkan")
        out[evaluate_node(key, scope)] = evaluate_node(value, scope)
    return out


_HANDLERS: dict[type, Callable[[Any, Scope], Any]] = {
    ast.Expression: lambda n, s: evaluate_node(n.body, s),
    ast.Constant: lambda n, s: n.value,
    ast.Name: _name,
    ast.Compare: _compare,
    ast.BoolOp: _bool_op,
    ast.UnaryOp: lambda n, s: unary(n.op, evaluate_node(n.operand, s)),
    ast.BinOp: lambda n, s: binary(n.op, evaluate_node(n.left, s), evaluate_node(n.right, s)),
    ast.IfExp: lambda n, s: evaluate_node(n.body if evaluate_node(n.test, s) else n.orelse, s),
    ast.List: lambda n, s: [evaluate_node(e, s) for e in n.elts],
    ast.Tuple: lambda n, s: tuple(evaluate_node(e, s) for e in n.elts),
    ast.Set: lambda n, s: {evaluate_node(e, s) for e in n.elts},
    ast.Dict: _dict,
    ast.Subscript: _subscript,
    ast.Attribute: lambda n, s: attribute_of(evaluate_node(n.value, s), n.attr),
    ast.Call: _call,
}


#: nodes whose result can be larger than their parts (the others need no size check)
_GROWING = frozenset({ast.BinOp, ast.Call, ast.List, ast.Tuple, ast.Set, ast.Dict})


def evaluate_node(node: ast.AST, scope: Scope) -> Any:
    """The value of a checked node over ``scope``; results that can grow are size-checked."""
    kind = type(node)
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise Refused(f"{kind.__name__} tidak diperbolehkan")
    if kind in _GROWING:
        return check_size(handler(node, scope))
    return handler(node, scope)
