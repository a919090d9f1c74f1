"""Candidate data for gateway conditions: which variables they read, which values matter.

Read with Python's ``ast`` (SpiffWorkflow conditions are Python expressions):
``x > 80`` makes 80, 81 and 79 worth trying for ``x``; ``bentuk == "tim"``
makes ``"tim"`` and a value equal to none of the literals; a variable tested
on its own (``sesuai``) makes ``True`` and ``False``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

__all__ = ["condition_values", "variable_names"]

_NOT_VARIABLES = frozenset({"True", "False", "None"})


def variable_names(expression: str) -> set[str]:
    """The variables an expression reads (``True``/``False``/``None`` are not)."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - _NOT_VARIABLES


def condition_values(conditions: Iterable[str]) -> dict[str, list[Any]]:
    """Candidate values per variable, from the literals the conditions compare it with.

    Numbers bring their neighbours (``x > 80``: 80, 81, 79), strings a value
    equal to none of them (``"<lain>"``), and a variable tested on its own
    (``if sesuai``) or compared with nothing brings ``True`` and ``False``.
    """
    literals: dict[str, list[Any]] = {}
    bare: set[str] = set()
    seen: set[str] = set()

    def add(name: str, value: Any) -> None:
        bucket = literals.setdefault(name, [])
        if all(not (type(value) is type(v) and value == v) for v in bucket):
            bucket.append(value)

    for expression in conditions:
        try:
            tree = ast.parse(expression, mode="eval")
        except SyntaxError:
            continue
        compared: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            names = [o.id for o in operands if isinstance(o, ast.Name)]
            compared.update(id(o) for o in operands if isinstance(o, ast.Name))
            for operand in operands:
                constants: list[Any] = []
                if isinstance(operand, ast.Constant):
                    constants = [operand.value]
                elif isinstance(operand, (ast.Tuple, ast.List, ast.Set)):
                    constants = [e.value for e in operand.elts if isinstance(e, ast.Constant)]
                for name in names:
                    for constant in constants:
                        add(name, constant)
                        if isinstance(constant, (int, float)) and not isinstance(constant, bool):
                            add(name, constant + 1)
                            add(name, constant - 1)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id not in _NOT_VARIABLES:
                seen.add(node.id)
                if id(node) not in compared:
                    bare.add(node.id)
    values: dict[str, list[Any]] = {}
    for name in sorted(seen):
        pool = list(literals.get(name, []))
        if any(isinstance(v, str) for v in pool):
            pool.append("<lain>")
        if name in bare or not pool:
            pool.extend(v for v in (True, False) if all(v is not p for p in pool))
        values[name] = pool
    return values
