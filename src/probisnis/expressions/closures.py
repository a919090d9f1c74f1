"""A checked syntax tree turned once into nested Python closures (never ``eval``).

:func:`compile_node` gives, for a node the allow-list accepted, a function of the data
that computes what :func:`~probisnis.expressions.interpret.evaluate_node` computes, in the
same order, with the same checks and the same exceptions; only the walk over the tree and
the lookup of a handler per node happen once, when the expression is compiled, instead of
at every evaluation (a gateway condition is evaluated once per case that reaches it).
``tests/test_expressions.py`` checks both agree, value and error, on generated trees.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from probisnis.expressions.interpret import (
    COMPARE,
    Missing,
    attribute_of,
    binary,
    call,
    check_indexable,
    unary,
)
from probisnis.expressions.limits import Refused, Unsuitable, check_size
from probisnis.expressions.syntax import LITERAL_NAMES

__all__ = ["Compiled", "compile_node"]

Scope = Mapping[str, Any]
#: the compiled form of a node: data -> value
Compiled = Callable[[Scope], Any]

_CONTAINERS = (str, list, tuple, set, frozenset, dict)


def compile_node(node: ast.AST) -> Compiled:
    """The closure computing ``node`` over the data (see the module text)."""
    kind = type(node)
    build = _BUILDERS.get(kind)
    if build is None:  # refused when evaluated, as evaluate_node does
        def refused(scope: Scope) -> Any:
            raise Refused(f"{kind.__name__} tidak diperbolehkan")
        return refused
    return build(node)


def _constant(node: ast.Constant) -> Compiled:
    value = node.value
    return lambda scope: value


def _name(node: ast.Name) -> Compiled:
    name = node.id
    if name in LITERAL_NAMES:
        literal = LITERAL_NAMES[name]

        def read_or_literal(scope: Scope) -> Any:
            if name in scope:
                return scope[name]
            return literal
        return read_or_literal

    def read(scope: Scope) -> Any:
        if name in scope:
            return scope[name]
        raise Missing(name)
    return read


def _compare(node: ast.Compare) -> Compiled:
    left = compile_node(node.left)
    steps = [(COMPARE[type(op)], isinstance(op, (ast.In, ast.NotIn)), compile_node(c))
             for op, c in zip(node.ops, node.comparators, strict=True)]
    if len(steps) == 1:
        test, membership, right_of = steps[0]

        def compare_one(scope: Scope) -> Any:
            a = left(scope)
            b = right_of(scope)
            if membership and not isinstance(b, _CONTAINERS):
                _not_a_container(b)
            return bool(test(a, b))
        return compare_one

    def compare(scope: Scope) -> Any:
        a = left(scope)
        for test, membership, right_of in steps:
            b = right_of(scope)
            if membership and not isinstance(b, _CONTAINERS):
                _not_a_container(b)
            if not test(a, b):
                return False
            a = b
        return True
    return compare


def _not_a_container(right: Any) -> None:
    raise Unsuitable(f"'in' memerlukan teks atau daftar di sebelah kanannya, bukan "
                     f"{type(right).__name__} {right!r}")


def _bool_op(node: ast.BoolOp) -> Compiled:
    operands = [compile_node(v) for v in node.values]
    if isinstance(node.op, ast.And):
        def all_of(scope: Scope) -> Any:
            value: Any = None
            for operand in operands:
                value = operand(scope)
                if not value:
                    return value
            return value
        return all_of

    def any_of(scope: Scope) -> Any:
        value: Any = None
        for operand in operands:
            value = operand(scope)
            if value:
                return value
        return value
    return any_of


def _unary(node: ast.UnaryOp) -> Compiled:
    operand = compile_node(node.operand)
    op = node.op
    if isinstance(op, ast.Not):
        return lambda scope: not operand(scope)
    return lambda scope: unary(op, operand(scope))


def _bin_op(node: ast.BinOp) -> Compiled:
    left, right = compile_node(node.left), compile_node(node.right)
    op = node.op
    return lambda scope: check_size(binary(op, left(scope), right(scope)))


def _if_exp(node: ast.IfExp) -> Compiled:
    test, body, orelse = compile_node(node.test), compile_node(node.body), \
        compile_node(node.orelse)
    return lambda scope: body(scope) if test(scope) else orelse(scope)


def _list(node: ast.List) -> Compiled:
    items = [compile_node(e) for e in node.elts]
    return lambda scope: check_size([item(scope) for item in items])


def _tuple(node: ast.Tuple) -> Compiled:
    items = [compile_node(e) for e in node.elts]
    return lambda scope: check_size(tuple(item(scope) for item in items))


def _set(node: ast.Set) -> Compiled:
    items = [compile_node(e) for e in node.elts]
    return lambda scope: check_size({item(scope) for item in items})


def _dict(node: ast.Dict) -> Compiled:
    pairs = [(None if k is None else compile_node(k), compile_node(v))
             for k, v in zip(node.keys, node.values, strict=True)]

    def build(scope: Scope) -> Any:
        out = {}
        for key, value in pairs:
            if key is None:
                raise Refused("pembongkaran '**' tidak diperbolehkan")
            out[key(scope)] = value(scope)
        return check_size(out)
    return build


def _subscript(node: ast.Subscript) -> Compiled:
    value = compile_node(node.value)
    if isinstance(node.slice, ast.Slice):
        parts = [None if p is None else compile_node(p)
                 for p in (node.slice.lower, node.slice.upper, node.slice.step)]

        def sliced(scope: Scope) -> Any:
            v = value(scope)
            check_indexable(v)
            return v[slice(*[None if p is None else p(scope) for p in parts])]
        return sliced
    index = compile_node(node.slice)

    def indexed(scope: Scope) -> Any:
        v = value(scope)
        check_indexable(v)
        return v[index(scope)]
    return indexed


def _attribute(node: ast.Attribute) -> Compiled:
    value = compile_node(node.value)
    attr = node.attr
    return lambda scope: attribute_of(value(scope), attr)


def _call(node: ast.Call) -> Compiled:
    args = [compile_node(a) for a in node.args]
    func = node.func
    if isinstance(func, ast.Name):
        name = func.id
        return lambda scope: check_size(call(None, name, [a(scope) for a in args]))
    assert isinstance(func, ast.Attribute)
    owner = compile_node(func.value)
    attr = func.attr

    def method(scope: Scope) -> Any:
        values = [a(scope) for a in args]
        return check_size(call(owner(scope), attr, values, method=True))
    return method


def _expression(node: ast.Expression) -> Compiled:
    return compile_node(node.body)


_BUILDERS: dict[type, Callable[[Any], Compiled]] = {
    ast.Expression: _expression,
    ast.Constant: _constant,
    ast.Name: _name,
    ast.Compare: _compare,
    ast.BoolOp: _bool_op,
    ast.UnaryOp: _unary,
    ast.BinOp: _bin_op,
    ast.IfExp: _if_exp,
    ast.List: _list,
    ast.Tuple: _tuple,
    ast.Set: _set,
    ast.Dict: _dict,
    ast.Subscript: _subscript,
    ast.Attribute: _attribute,
    ast.Call: _call,
}
