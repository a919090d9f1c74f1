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

#: friendly names for what is refused most often
_REFUSED_NAMES: dict[type, str] = {
    ast.Lambda: "a lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a generator expression",
    ast.JoinedStr: "an f-string", ast.FormattedValue: "an f-string", ast.NamedExpr: "':='",
    ast.Starred: "'*' unpacking", ast.Await: "await", ast.Yield: "yield",
    ast.YieldFrom: "yield", ast.BitAnd: "'&'", ast.BitOr: "'|'", ast.BitXor: "'^'",
    ast.LShift: "'<<'", ast.RShift: "'>>'", ast.Invert: "'~'", ast.MatMult: "'@'",
    ast.Import: "import", ast.ImportFrom: "import", ast.Expr: "a bare expression (a call?)",
    ast.FunctionDef: "a function definition", ast.ClassDef: "a class definition",
    ast.For: "a loop", ast.While: "a loop", ast.With: "'with'", ast.Try: "'try'",
    ast.Global: "'global'", ast.Nonlocal: "'nonlocal'", ast.Delete: "'del'",
}


class Problem(Exception):
    """Internal: why a text is refused, and the 1-based line of the cause."""

    def __init__(self, reason: str, line: int | None = None, *, syntax: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        #: not Python at all (rather than Python that is not allowed)
        self.syntax = syntax


def _describe(node: ast.AST) -> str:
    name = _REFUSED_NAMES.get(type(node))
    if name is not None:
        return name
    return type(node).__name__


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
            raise Problem(f"nested more than {MAX_DEPTH} levels deep", where)
        if count > MAX_NODES:
            raise Problem(f"more than {MAX_NODES:,} parts", where)
        if type(node) not in _ALLOWED:
            raise Problem(f"{_describe(node)} is not allowed", where)
        _check_node(node, where)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_node(node: ast.AST, where: int | None) -> None:
    if isinstance(node, ast.Name) and node.id.startswith("__"):
        raise Problem(f"the name {node.id!r} is not allowed", where)
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        raise Problem(f"the attribute {node.attr!r} is not allowed", where)
    if isinstance(node, ast.Constant) and not isinstance(
        node.value, (str, int, float, bool, type(None))
    ):
        raise Problem(f"the constant {node.value!r} is not allowed", where)
    if isinstance(node, ast.Call):
        if node.keywords:
            raise Problem("keyword arguments are not allowed", where)
        func = node.func
        if isinstance(func, ast.Name):
            if func.id not in FUNCTIONS:
                allowed = ", ".join(sorted(FUNCTIONS))
                raise Problem(f"calling {func.id!r} is not allowed (allowed: {allowed})", where)
        elif isinstance(func, ast.Attribute):
            if func.attr not in _METHOD_NAMES:
                allowed = ", ".join(sorted(_METHOD_NAMES))
                raise Problem(f"calling the method {func.attr!r} is not allowed "
                              f"(allowed: {allowed})", where)
        else:
            raise Problem("only functions named in the allow-list can be called", where)


def _parse(text: str, mode: str, limit: int) -> ast.AST:
    if not isinstance(text, str):
        raise Problem(f"expected text, got {type(text).__name__}")
    if len(text) > limit:
        raise Problem(f"longer than {limit:,} characters")
    try:
        return ast.parse(text, mode=mode)
    except SyntaxError as exc:
        raise Problem(f"not a valid expression: {exc.msg}", exc.lineno, syntax=True) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise Problem(f"cannot be read: {type(exc).__name__}") from None


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
                raise Problem(f"{_describe(statement.op)} is not allowed", line)
        elif isinstance(statement, ast.AnnAssign):
            raise Problem("an annotated assignment is not allowed", line)
        else:
            what = _REFUSED_NAMES.get(type(statement), f"a {type(statement).__name__} statement")
            raise Problem(f"{what} is not a simple assignment `name = expression`", line)
        check_tree(statement.value)  # type: ignore[attr-defined]
        statements.append(statement)
    return statements


def _check_target(target: ast.expr, line: int) -> None:
    if not isinstance(target, ast.Name):
        raise Problem("only a plain name can be assigned to (`name = expression`)", line)
    if target.id.startswith("_") or target.id in LITERAL_NAMES:
        raise Problem(f"the name {target.id!r} cannot be assigned to", line)
