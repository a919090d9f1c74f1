"""What the evaluator may call and how big anything may get.

:data:`FUNCTIONS` is the whole list of callable names (``len``, ``min``...);
:data:`METHODS` the few methods a value may have called on it, keyed by the
value's type. Every result is checked by :func:`check_size` so that an
expression of a few characters (``"a" * 10**9``, ``9**9**9``) cannot fill the
memory: the size is estimated *before* the work where the work is the risk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_INT_BITS",
    "MAX_LENGTH",
    "MAX_NODES",
    "MAX_SCRIPT_CHARS",
    "MAX_SOURCE_CHARS",
    "METHODS",
    "Refused",
    "Unsuitable",
    "check_size",
    "power_fits",
    "repeat_fits",
]

#: characters in one expression (a condition, a DMN entry)
MAX_SOURCE_CHARS = 10_000
#: characters in one script (a scriptTask body)
MAX_SCRIPT_CHARS = 100_000
#: nesting depth of the syntax tree (``not not ... x``, ``((((...))))``)
MAX_DEPTH = 60
#: syntax-tree nodes in one expression or script
MAX_NODES = 20_000
#: bits of an integer result (about 1,200 decimal digits)
MAX_INT_BITS = 4_096
#: characters of a string, items of a list/tuple/set/dict result
MAX_LENGTH = 1_000_000


class Refused(Exception):
    """Internal: the evaluator refuses an operation (becomes an ExpressionError)."""


class Unsuitable(Exception):
    """Internal: the data does not suit an allowed operation (``sum`` of a text, ``-`` of a
    list); its message is already in Bahasa Indonesia (becomes an ExpressionError)."""


def check_size(value: Any) -> Any:
    """``value`` unchanged if within the bounds; raise :class:`Refused` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise Refused(f"hasilnya lebih dari {_dots(MAX_INT_BITS)} bit")
    elif isinstance(value, (str, list, tuple, set, frozenset, dict)) and len(value) > MAX_LENGTH:
        raise Refused(f"hasilnya lebih panjang dari {_dots(MAX_LENGTH)} unsur")
    return value


def _dots(number: int) -> str:
    """``1000000`` -> ``1.000.000`` (the Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


def repeat_fits(sequence: Any, times: Any) -> bool:
    """Whether ``sequence * times`` stays within :data:`MAX_LENGTH`."""
    if isinstance(times, bool) or not isinstance(times, int):
        return True  # the operation itself raises TypeError
    return times <= 0 or len(sequence) * times <= MAX_LENGTH


def power_fits(base: Any, exponent: Any) -> bool:
    """Whether ``base ** exponent`` (integers) stays within :data:`MAX_INT_BITS`."""
    if not isinstance(base, int) or not isinstance(exponent, int):
        return True  # floats overflow with OverflowError, caught by the caller
    if exponent < 0 or base in (-1, 0, 1):
        return True
    return (base.bit_length() - 1) * exponent <= MAX_INT_BITS


def _numbers(values: Iterable[Any]) -> list[Any]:
    out = list(values)
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in out):
        bad = next(v for v in out if isinstance(v, bool) or not isinstance(v, (int, float)))
        raise Unsuitable(f"sum() hanya menjumlahkan angka, bukan {type(bad).__name__} {bad!r}")
    return out


def _sum(values: Iterable[Any], start: Any = 0) -> Any:
    return sum(_numbers(values), _numbers([start])[0])


def _round(value: Any, digits: Any = None) -> Any:
    if digits is not None and (not isinstance(digits, int) or abs(digits) > 100):
        raise Unsuitable("round() menerima jumlah digit antara -100 dan 100")
    return round(value) if digits is None else round(value, digits)


def _int(value: Any, *base: Any) -> int:
    if isinstance(value, str) and len(value) > 1_000:
        raise Unsuitable("int() atas teks yang lebih panjang dari 1.000 karakter")
    return int(value, *base)


def _str(value: Any) -> str:
    if isinstance(value, (list, tuple, set, dict)) and len(value) > 10_000:
        raise Unsuitable("str() atas kumpulan yang berisi lebih dari 10.000 unsur")
    return str(value)


#: name -> function; nothing else can be called by name
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": abs,
    "all": all,
    "any": any,
    "bool": bool,
    "float": float,
    "int": _int,
    "len": len,
    "max": max,
    "min": min,
    "round": _round,
    "str": _str,
    "sum": _sum,
}

#: value type -> method names that may be called on a value of that type
METHODS: dict[type, frozenset[str]] = {
    str: frozenset({"lower", "upper", "strip", "startswith", "endswith", "casefold", "title"}),
    dict: frozenset({"get"}),
}
