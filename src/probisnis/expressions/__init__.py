"""The one allow-list evaluator for conditions, scripts and DMN entries.

``run`` (gateway conditions, scriptTask bodies, DMN input/output entries, via
:mod:`probisnis.run.sandbox`), ``simulate`` (flow conditions, via
:mod:`probisnis.sim.expressions`) and ``validate`` (the ``unsafe-code`` rule)
all go through here. A text is parsed with :mod:`ast`, checked against the
allow-list of :mod:`probisnis.expressions.syntax`, and the checked tree is
interpreted by :mod:`probisnis.expressions.interpret` (a script) or turned once into
closures by :mod:`probisnis.expressions.closures` (an expression, evaluated many times);
nothing is handed to ``eval`` or ``exec``. Every failure is an
:class:`~probisnis.errors.ExpressionError` naming the expression and the data it read,
worded in Bahasa Indonesia (the refusal reasons through the catalogue of
:mod:`probisnis.present.finding_texts`)::

    >>> from probisnis.expressions import compile_expression
    >>> compile_expression("nilai >= 80 and status in ['baru', 'ulang']")({"nilai": 85,
    ...                                                                     "status": "baru"})
    True
    >>> compile_expression("__import__('os')")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    probisnis.errors.ExpressionError: ekspresi `__import__('os')`: nama '__import__' tidak...
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping, MutableMapping
from typing import Any

from probisnis.errors import ExpressionError
from probisnis.expressions.closures import compile_node
from probisnis.expressions.interpret import Missing, evaluate_node
from probisnis.expressions.limits import Refused, Unsuitable
from probisnis.expressions.syntax import LITERAL_NAMES, Problem, parse_expression, parse_script
from probisnis.present.notices import text as worded

__all__ = [
    "Expression",
    "Script",
    "compile_expression",
    "compile_script",
    "evaluate",
    "execute",
    "unsafe_reason",
]

#: Python's own errors that an allowed expression may raise on unsuitable data
_DATA_ERRORS = (TypeError, ValueError, ArithmeticError, KeyError, IndexError, Refused, Unsuitable,
                RecursionError, MemoryError)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _names(tree: ast.AST) -> frozenset[str]:
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name)) - set(LITERAL_NAMES)


def _failure(text: str, names: frozenset[str], scope: Mapping[str, Any],
             exc: BaseException) -> ExpressionError:
    if isinstance(exc, Missing):
        known = ", ".join(sorted(k for k in scope if not k.startswith("_"))[:20]) or "tidak ada"
        return ExpressionError(
            f"ekspresi `{_short_text(text)}`: {exc.name!r} tidak ada dalam data (yang ada: "
            f"{known})", expression=text, missing=exc.name)
    if isinstance(exc, KeyError):
        reason = f"tidak ada kunci {exc.args[0]!r}" if exc.args else "kuncinya tidak ada"
    elif isinstance(exc, Refused):
        reason = f"ditolak: {exc}"
    elif isinstance(exc, (RecursionError, MemoryError)):
        reason = "perhitungannya terlalu berat"
    elif isinstance(exc, OverflowError):
        reason = "angkanya terlalu besar"
    elif isinstance(exc, ZeroDivisionError):
        reason = "pembagian dengan nol"
    elif isinstance(exc, IndexError):
        reason = "indeks di luar jangkauan daftar atau teks"
    elif isinstance(exc, (TypeError, ValueError)):  # Python's words, e.g. '>' on a text
        reason = f"jenis atau nilai datanya tidak cocok ({exc})"
    else:
        reason = f"{exc}" or type(exc).__name__
    shown = ", ".join(f"{n} = {_short(scope[n])}" for n in sorted(names) if n in scope)
    data = f" (data: {shown})" if shown else ""
    return ExpressionError(f"ekspresi `{_short_text(text)}`: {reason}{data}", expression=text,
                           refused=isinstance(exc, (Refused, RecursionError, MemoryError)))


def _short_text(text: str) -> str:
    return text if len(text) <= 200 else text[:197] + "..."


class Expression:
    """A checked expression; call it with the data (a mapping of names) to get its value."""

    __slots__ = ("compiled", "names", "text", "tree")

    def __init__(self, text: str, tree: ast.Expression) -> None:
        self.text = text
        self.tree = tree
        #: the data names the expression reads
        self.names = _names(tree)
        #: the checked tree as closures, built once (:mod:`probisnis.expressions.closures`)
        self.compiled = compile_node(tree.body)

    def __call__(self, data: Mapping[str, Any]) -> Any:
        try:
            return self.compiled(data)
        except (*_DATA_ERRORS, Missing) as exc:
            raise _failure(self.text, self.names, data, exc) from None

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


class Script:
    """A checked script: simple assignments run in order over a data mapping."""

    __slots__ = ("statements", "text")

    def __init__(self, text: str, statements: list[ast.stmt]) -> None:
        self.text = text
        self.statements = statements

    def __call__(self, data: MutableMapping[str, Any]) -> None:
        """Run the assignments, writing their results into ``data``."""
        for statement in self.statements:
            value_node = statement.value  # type: ignore[attr-defined]
            source = ast.get_source_segment(self.text, statement) or self.text
            try:
                value = evaluate_node(value_node, data)
                if isinstance(statement, ast.AugAssign):
                    assert isinstance(statement.target, ast.Name)
                    target = ast.Name(id=statement.target.id, ctx=ast.Load())
                    combined = ast.BinOp(left=target, op=statement.op,
                                         right=ast.Constant(value=value))
                    value = evaluate_node(combined, data)
                    data[statement.target.id] = value
                    continue
            except (*_DATA_ERRORS, Missing) as exc:
                error = _failure(source, _names(statement), data, exc)
                error.message = f"baris {statement.lineno}: {error.message}"
                raise error from None
            for target in statement.targets:  # type: ignore[attr-defined]
                data[target.id] = value

    def __repr__(self) -> str:
        return f"Script({self.text[:40]!r})"


def _refused(text: str, problem: Problem, what: str) -> ExpressionError:
    line = f" (baris {problem.line})" if problem.line and "\n" in text.strip() else ""
    return ExpressionError(f"{what} `{_short_text(text)}`{line}: {worded(problem.reason, 'id')}",
                           expression=text, line=problem.line, refused=True)


@functools.lru_cache(maxsize=4096)
def compile_expression(text: str) -> Expression:
    """Parse and check one expression; raise :class:`ExpressionError` when refused."""
    try:
        return Expression(text, parse_expression(text.strip()))
    except Problem as problem:
        raise _refused(text, problem, "ekspresi") from None


@functools.lru_cache(maxsize=1024)
def compile_script(text: str) -> Script:
    """Parse and check a script (simple assignments only); raise :class:`ExpressionError`."""
    try:
        return Script(text, parse_script(text))
    except Problem as problem:
        raise _refused(text, problem, "skrip") from None


def evaluate(text: str, data: Mapping[str, Any]) -> Any:
    """The value of expression ``text`` over ``data`` (compiled once, cached)."""
    return compile_expression(text)(data)


def execute(text: str, data: MutableMapping[str, Any]) -> None:
    """Run script ``text`` over ``data``, writing its assignments into it."""
    compile_script(text)(data)


def unsafe_reason(text: str, *, script: bool = False) -> tuple[str, int | None] | None:
    """Why ``text`` is refused (reason, line in the text), or ``None`` when it is allowed."""
    try:
        if script:
            parse_script(text)
        else:
            parse_expression(text.strip())
    except Problem as problem:
        return problem.reason, problem.line
    return None
