"""Parse an expression or a script and check it against the allow-list.

What is allowed (anything else is refused before evaluation, with the reason):

- literals (numbers, text, ``True``/``False``/``None``, also spelled ``true``/
  ``false``/``null``), lists, tuples, sets and dicts of expressions;
- names of the process data (never a name starting with ``__``);
- comparisons (``== != < <= > >= in not in is is not``), ``and or not``,
  ``+ - * / // % **``, ``a if c else b``;
- subscripts and slices (``daftar[0]``, ``data["x"]``), and ``data.x`` on a
  table of data (read as ``data["x"]``; no name starting with ``_``);
- calls of the functions in :data:`~probisnis.expressions.limits.FUNCTIONS`
  and of the text methods in :data:`~probisnis.expressions.limits.METHODS`,
  positional arguments only.

No imports, lambdas, comprehensions, f-strings, ``:=``, ``*args``, attribute
access on anything but a table of data. A script is a sequence of simple
assignments (``x = expr``, ``x += expr``, ``pass``).
"""

from __future__ import annotations

import ast
from typing import Any

from probisnis.expressions.limits import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_NODES,
    MAX_SCRIPT_CHARS,
    MAX_SOURCE_CHARS,
    METHODS,
)
from probisnis.present.finding_texts import KIND_WORDS
from probisnis.present.notices import Notice, Term, notice

__all__ = ["LITERAL_NAMES", "Problem", "check_tree", "parse_expression", "parse_script"]

LITERAL_NAMES: dict[str, Any] = {
    "True": True, "False": False, "None": None, "true": True, "false": False, "null": None,
}

_METHOD_NAMES = frozenset().union(*METHODS.values())

_ALLOWED: dict[type, str] = {
    ast.Expression: "", ast.Constant: "", ast.Name: "", ast.Load: "", ast.Store: "",
    ast.BoolOp: "", ast.And: "", ast.Or: "", ast.UnaryOp: "", ast.Not: "", ast.USub: "",
    ast.UAdd: "", ast.BinOp: "", ast.Add: "", ast.Sub: "", ast.Mult: "", ast.Div: "",
    ast.FloorDiv: "", ast.Mod: "", ast.Pow: "", ast.Compare: "", ast.Eq: "", ast.NotEq: "",
    ast.Lt: "", ast.LtE: "", ast.Gt: "", ast.GtE: "", ast.In: "", ast.NotIn: "", ast.Is: "",
    ast.IsNot: "", ast.IfExp: "", ast.List: "", ast.Tuple: "", ast.Set: "", ast.Dict: "",
    ast.Subscript: "", ast.Slice: "", ast.Attribute: "", ast.Call: "",
}

class Problem(Exception):
    """Internal: why a text is refused (a notice: a code of
    :mod:`probisnis.present.finding_texts` plus fields; as a ``str`` its English sentence),
    and the 1-based line of the cause."""

    def __init__(self, reason: Notice, line: int | None = None, *, syntax: bool = False
                 ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        #: not Python at all (rather than Python that is not allowed)
        self.syntax = syntax


def _describe(node: ast.AST) -> Term:
    """What ``node`` is, as a person names it (the AST class name when there is no word)."""
    return Term(type(node).__name__)


def check_tree(tree: ast.AST, *, line_offset: int = 0) -> None:
    """Raise :class:`Problem` unless every node of ``tree`` is allowed (iterative walk)."""
    for node in ast.walk(tree):  # the most telling reason first: a hidden name
        if (isinstance(node, ast.Name) and node.id.startswith("__")) or (
            isinstance(node, ast.Attribute) and node.attr.startswith("_")
        ):
            line = getattr(node, "lineno", None)
            _check_node(node, None if line is None else line + line_offset)
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        line = getattr(node, "lineno", None)
        where = None if line is None else line + line_offset
        if depth > MAX_DEPTH:
            raise Problem(notice("expr.too-deep", limit=MAX_DEPTH), where)
        if count > MAX_NODES:
            raise Problem(notice("expr.too-many-parts", limit=MAX_NODES), where)
        if type(node) not in _ALLOWED:
            raise Problem(notice("expr.not-allowed", what=_describe(node)), where)
        _check_node(node, where)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_node(node: ast.AST, where: int | None) -> None:
    if isinstance(node, ast.Name) and node.id.startswith("__"):
        raise Problem(notice("expr.name", name=node.id), where)
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        raise Problem(notice("expr.attribute", name=node.attr), where)
    if isinstance(node, ast.Constant) and not isinstance(
        node.value, (str, int, float, bool, type(None))
    ):
        raise Problem(notice("expr.constant", value=repr(node.value)), where)
    if isinstance(node, ast.Call):
        if node.keywords:
            raise Problem(notice("expr.keywords"), where)
        func = node.func
        if isinstance(func, ast.Name):
            if func.id not in FUNCTIONS:
                raise Problem(notice("expr.call", name=func.id, allowed=sorted(FUNCTIONS)),
                              where)
        elif isinstance(func, ast.Attribute):
            if func.attr not in _METHOD_NAMES:
                raise Problem(notice("expr.method", name=func.attr,
                                     allowed=sorted(_METHOD_NAMES)), where)
        else:
            raise Problem(notice("expr.call-other"), where)


def _parse(text: str, mode: str, limit: int) -> ast.AST:
    if not isinstance(text, str):
        raise Problem(notice("expr.not-text", type=type(text).__name__))
    if len(text) > limit:
        raise Problem(notice("expr.too-long", limit=limit))
    try:
        return ast.parse(text, mode=mode)
    except SyntaxError as exc:
        raise Problem(notice("expr.syntax", detail=str(exc.msg)), exc.lineno,
                      syntax=True) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise Problem(notice("expr.unreadable", error=type(exc).__name__)) from None


def parse_expression(text: str) -> ast.Expression:
    """The checked syntax tree of one expression; raise :class:`Problem`."""
    tree = _parse(text, "eval", MAX_SOURCE_CHARS)
    assert isinstance(tree, ast.Expression)
    check_tree(tree)
    return tree


def parse_script(text: str) -> list[ast.stmt]:
    """The checked statements of a script (simple assignments only); raise :class:`Problem`."""
    tree = _parse(text, "exec", MAX_SCRIPT_CHARS)
    assert isinstance(tree, ast.Module)
    statements: list[ast.stmt] = []
    for statement in tree.body:
        line = statement.lineno
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
                and isinstance(statement.value.value, str):
            continue  # a docstring-like comment
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                _check_target(target, line)
        elif isinstance(statement, ast.AugAssign):
            _check_target(statement.target, line)
            if type(statement.op) not in _ALLOWED:
                raise Problem(notice("expr.not-allowed", what=_describe(statement.op)), line)
        elif isinstance(statement, ast.AnnAssign):
            raise Problem(notice("expr.annotated"), line)
        elif type(statement).__name__ in KIND_WORDS:
            raise Problem(notice("expr.not-assignment", what=_describe(statement)), line)
        else:
            raise Problem(notice("expr.statement-not-assignment",
                                 statement=type(statement).__name__), line)
        check_tree(statement.value)  # type: ignore[attr-defined]
        statements.append(statement)
    return statements


def _check_target(target: ast.expr, line: int) -> None:
    if not isinstance(target, ast.Name):
        raise Problem(notice("expr.assign-target"), line)
    if target.id.startswith("_") or target.id in LITERAL_NAMES:
        raise Problem(notice("expr.assign-name", name=target.id), line)
