"""Expressions compiled once into closures compute what the tree interpreter computes.

:mod:`probisnis.expressions.closures` must agree with
:func:`probisnis.expressions.interpret.evaluate_node` on every allowed tree: the same
value, or the same exception with the same message (the order of evaluation decides which
error a bad expression reports). Checked on hand-picked texts reaching every node type and
every refusal, and on generated expressions over generated data.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probisnis.errors import ExpressionError
from probisnis.expressions import compile_expression
from probisnis.expressions.closures import compile_node
from probisnis.expressions.interpret import evaluate_node
from probisnis.expressions.syntax import parse_expression

DATA: dict[str, Any] = {"a": 3, "b": 2.5, "s": "Teks", "l": [1, 2, 3], "d": {"x": 1, "y": "z"},
                        "n": None, "t": True, "big": 10**300, "z": 0}

TEXTS = [
    "a + b * 2 - a / b // 1 % 2", "a ** 2", "2 ** 5000", "-a", "+b", "-s", "not a",
    "a < b <= 3 < 4", "a > b > 10", "a == 3 != 4", "s in 'xTeksy'", "a in 5", "a not in l",
    "n is None", "n is not None", "a and b", "z and a", "z or a", "a or n", "t and z or s",
    "a if t else missing", "missing if z else b", "[a, b, s]", "(a, b)", "{a, b}",
    "{'k': a, s: b}", "l[0]", "l[1:]", "l[::-1]", "s[1:3]", "d['x']", "d.y", "d.q", "a.x",
    "a[0]", "l[10]", "d['nope']", "len(l)", "min(a, b)", "max(l)", "sum(l)", "sum(s)",
    "round(b)", "round(b, 200)", "int('12')", "str(a)", "abs(-b)", "s.lower()",
    "s.upper().strip()", "d.lower()", "a.get(1)", "d.get('x')", "missing + 1",
    "'a' * 10**7", "s % 2", "'%s' % s", "l + l", "a / z", "a // z", "1.0 * big * big",
    "big * big * big * big * big", "true and false or null", "True", "sum(l, 1)",
    "s > a", "s[a]", "n[0]", "bool(l) and float(a) > 2.9",
]


def _outcome(fn: Any, data: dict[str, Any]) -> tuple[str, Any]:
    try:
        value = fn(data)
    except Exception as exc:  # the same kind and message on both sides
        return type(exc).__name__, str(exc)
    if isinstance(value, float) and math.isnan(value):
        return "nan", None
    return type(value).__name__, value


@pytest.mark.parametrize("text", TEXTS)
def test_every_node_and_refusal_agrees_with_the_interpreter(text: str) -> None:
    tree = parse_expression(text)
    assert _outcome(compile_node(tree.body), DATA) == _outcome(
        lambda d: evaluate_node(tree.body, d), DATA)
    assert _outcome(compile_node(tree), DATA) == _outcome(
        lambda d: evaluate_node(tree, d), DATA)


def test_a_compiled_expression_still_names_the_expression_and_the_data() -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression("s > a")(DATA)
    assert "s > a" in info.value.message and "a = 3" in info.value.message
    with pytest.raises(ExpressionError) as missing:
        compile_expression("nilai >= 80")({"status": "baru"})
    assert missing.value.missing == "nilai"


_names = st.sampled_from(["a", "b", "s", "l", "d", "n", "t", "z", "missing", "true"])
_atoms = st.one_of(_names, st.integers(-5, 5).map(str), st.sampled_from(
    ["'x'", "'Teks'", "2.5", "None", "[1, 2]", "{'x': 1}", "(1, 'a')"]))


def _grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "<", "<=", "==", "!=",
                              ">", "in", "not in", "is", "and", "or"])
    return st.one_of(
        st.tuples(inner, binary, inner).map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
        st.tuples(inner, st.sampled_from(["<", "=="]), inner, st.sampled_from(["<", "!="]),
                  inner).map(lambda p: f"({p[0]} {p[1]} {p[2]} {p[3]} {p[4]})"),
        st.tuples(st.sampled_from(["not ", "-", "+"]), inner).map(lambda p: f"({p[0]}{p[1]})"),
        st.tuples(inner, inner, inner).map(lambda p: f"({p[0]} if {p[1]} else {p[2]})"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(inner, inner).map(lambda p: f"{{{p[0]}: {p[1]}}}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]}[{p[1]}]"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]}[{p[1]}:]"),
        st.tuples(st.sampled_from(["len", "min", "max", "abs", "str", "bool", "sum", "round"]),
                  st.lists(inner, min_size=1, max_size=2)).map(
            lambda p: f"{p[0]}({', '.join(p[1])})"),
        inner.map(lambda x: f"{x}.lower()"),
        inner.map(lambda x: f"{x}.x"),
    )


_expressions = st.recursive(_atoms, _grow, max_leaves=8)
_values = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-3, 3),
                    st.sampled_from(["", "x", "Teks"]), st.lists(st.integers(0, 2), max_size=3),
                    st.just({"x": 1}))


@settings(max_examples=400, deadline=None)
@given(text=_expressions, a=_values, s=_values, n=_values)
def test_generated_expressions_agree_with_the_interpreter(text: str, a: Any, s: Any,
                                                           n: Any) -> None:
    try:
        tree = parse_expression(text)
    except Exception:  # refused by the allow-list: nothing to evaluate
        return
    data = {**DATA, "a": a, "s": s, "n": n}
    assert _outcome(compile_node(tree.body), data) == _outcome(
        lambda d: evaluate_node(tree.body, d), data)
