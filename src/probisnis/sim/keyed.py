"""The one keyed reader of simulation input files: located errors and bounded file reading.

Every simulation input (a scenario TOML and the files it ``extends``, a Prosimos JSON, a
duration table, a calendar) is read through :class:`Keyed`: typed access to a parsed
document where each mistake is a :class:`~probisnis.errors.ScenarioError` printed as
``file: [dotted.key] message`` (``permit.json: [task_resource_distribution[2].resources[0]]
...``, ``x.toml: [tasks.T_review.duration] ...``).

:func:`read_text` opens the file itself with the limits every untrusted input gets: a
regular file only (no directory, FIFO or device such as ``/dev/zero``), at most
:data:`MAX_BYTES`, UTF-8. :func:`read_toml` and :func:`read_json` parse it; JSON numbers
longer than :data:`MAX_DIGITS` digits and ``NaN``/``Infinity`` are refused.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from probisnis.errors import ScenarioError

__all__ = ["MAX_BYTES", "MAX_DIGITS", "Keyed", "read_json", "read_text", "read_toml", "short"]

#: largest input file read (a scenario or Prosimos JSON is a few kilobytes)
MAX_BYTES = 20 * 1024 * 1024
#: longest number accepted in a JSON file
MAX_DIGITS = 40


def short(value: Any, width: int = 60) -> str:
    """``repr(value)`` cut to ``width`` characters (untrusted values can be huge)."""
    try:
        text = repr(value)
    except ValueError:  # an int too long for repr
        text = f"<bilangan lebih dari {MAX_DIGITS} angka>"
    return text if len(text) <= width else text[: width - 3] + "..."


def read_text(path: str, *, label: str | None = None, key: str | None = None,
              what: str = "berkas") -> str:
    """The UTF-8 text of the regular file ``path``.

    Errors name ``label`` (the file that refers to ``path``) and ``key`` when given,
    else ``path`` itself.
    """
    where = label if label is not None else path

    def fail(message: str) -> ScenarioError:
        return ScenarioError(message, path=where, element_id=key)

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _raise(fail(f"{what} tidak ditemukan: {path}" if key
                           else f"{what} tidak ditemukan"))
    except OSError as exc:
        return _raise(fail(f"tidak dapat membaca {path}: {exc.strerror or exc}"))
    if stat.S_ISDIR(info.st_mode):
        return _raise(fail(f"{path} adalah folder, bukan {what}"))
    if not stat.S_ISREG(info.st_mode):
        return _raise(fail(f"{path} bukan berkas biasa (sebuah pipe atau perangkat): "
                           f"berikan {what}"))
    if info.st_size > MAX_BYTES:
        return _raise(fail(f"{path} berukuran {info.st_size} byte, lebih dari yang mungkin "
                           f"untuk {what} (paling banyak {MAX_BYTES})"))
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open() won't hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return _raise(fail(f"tidak dapat membaca {path}: {exc.strerror or exc}"))
    if len(data) > MAX_BYTES:
        return _raise(fail(f"{path} lebih dari {MAX_BYTES} byte"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(f"bukan teks UTF-8 (byte {exc.start}, baris {line}): simpan "
                            "berkasnya sebagai UTF-8",
                            path=path if label is None or key is None else where,
                            element_id=key if label is not None else None) from None


def _raise(exc: ScenarioError) -> str:
    raise exc


def read_toml(path: str, *, label: str | None = None, key: str | None = None,
              what: str = "berkas skenario") -> dict[str, Any]:
    """The TOML document of ``path`` (see :func:`read_text` for ``label`` and ``key``)."""
    text = read_text(path, label=label, key=key, what=what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        hint = _toml_hint(text.splitlines()[line - 1]) \
            if line is not None and line <= len(text.splitlines()) else ""
        raise ScenarioError(f"bukan TOML yang sah: {exc}{hint}", path=path, line=line) from None
    except RecursionError:
        raise ScenarioError("bukan TOML yang sah: bersarang terlalu dalam", path=path) from None


def _toml_hint(line: str) -> str:
    """What a person most likely got wrong on ``line`` of a TOML file that does not parse."""
    code = line.split("#", 1)[0]
    value = code.split("=", 1)[1].strip() if "=" in code else ""
    if re.fullmatch(r"[-+]?\d+,\d+", value):
        return (f"; tulis desimal dengan titik: {value.replace(',', '.')} "
                f"(bukan {value})")
    if "=" not in code and code.strip() and not code.strip().startswith("["):
        return "; setiap baris berbentuk `kunci = nilai` (atau judul [tabel])"
    if value and not re.match(r"[-+0-9\"'\[{]|(true|false|inf|nan)\b", value):
        return f'; apit teks dengan tanda kutip: "{value}"'
    return ""


def _thousands(number: int) -> str:
    """``100000`` as ``100.000`` (thousands marked the Indonesian way)."""
    return f"{number:_}".replace("_", ".")


class _TooLong(Exception):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(text[:20])
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_DIGITS + 10:
        raise _TooLong(text[:20])
    return float(text)


def _parse_constant(text: str) -> float:
    raise _TooLong(text)


def read_json(path: str) -> Any:
    """The JSON document of ``path``; numbers of more than :data:`MAX_DIGITS` digits,
    ``NaN`` and ``Infinity`` are refused."""
    text = read_text(path, what="berkas JSON")
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"bukan JSON yang sah: {exc.msg}", path=path, line=exc.lineno) from None
    except _TooLong as exc:
        raise ScenarioError(f"sebuah bilangan ({exc.args[0]}...) tidak hingga atau lebih dari "
                            f"{MAX_DIGITS} angka", path=path) from None
    except (RecursionError, ValueError) as exc:
        raise ScenarioError(f"JSON tidak dapat dibaca: {type(exc).__name__}", path=path) from None


class Keyed:
    """Typed access to a parsed document; every error names ``path`` and the dotted key.

    Keys are written as the file writes them: ``tasks.T_review.duration`` in TOML,
    ``task_resource_distribution[2].resources[0]`` in JSON. ``prefix`` is put before every
    key (a duration table read at ``tasks.T_review.duration``).
    """

    def __init__(self, path: str | None, prefix: str = "", *, json: bool = False) -> None:
        self.path = path
        self.prefix = prefix
        self.json = json
        self.table_noun = "objek" if json else "tabel"

    def at(self, prefix: str) -> Keyed:
        """The same reader with every key under ``prefix``."""
        return Keyed(self.path, self.key(prefix), json=self.json)

    def key(self, key: str) -> str:
        if not self.prefix:
            return key
        if not key:
            return self.prefix
        return f"{self.prefix}{key}" if key.startswith("[") else f"{self.prefix}.{key}"

    def fail(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(message, path=self.path, element_id=self.key(key) or None)

    # ------------------------------------------------------------------ structure

    def table(self, value: object, key: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"harus berupa {self.table_noun}, bukan {short(value)}")
        return value

    def array(self, value: object, key: str, *, empty: bool = True) -> Sequence[Any]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            raise self.fail(key, f"harus berupa daftar (array), bukan {short(value)}")
        if not empty and not value:
            raise self.fail(key, "harus berupa daftar (array) yang tidak kosong")
        return value

    def keys(self, table: Mapping[str, Any], allowed: set[str] | frozenset[str],
             key: str) -> None:
        unknown = sorted(map(str, set(table) - set(allowed)))
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}" if key else unknown[0],
                            f"kunci tidak dikenal (yang boleh: {', '.join(sorted(allowed))})")

    def get(self, table: Mapping[str, Any], name: str, key: str = "") -> Any:
        if name not in table:
            raise self.fail(f"{key}.{name}" if key else name, "tidak ada (wajib diisi)")
        return table[name]

    # ------------------------------------------------------------------ values

    def string(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(key, f"harus berupa teks yang tidak kosong, bukan {short(value)}")
        return value

    def integer(self, value: object, key: str, *, minimum: int = 0,
                maximum: int | None = None, text: bool = False) -> int:
        """A whole number in [minimum, maximum]; with ``text`` also ``"12"``."""
        out: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            out = value
        elif text and isinstance(value, str) and value.strip().isdigit() \
                and len(value.strip()) <= MAX_DIGITS:
            out = int(value)
        if out is None or out < minimum:
            raise self.fail(key, f"harus bilangan bulat >= {minimum}, bukan {short(value)}")
        if maximum is not None and out > maximum:
            raise self.fail(key, f"paling banyak {_thousands(maximum)}, bukan {_thousands(out)}"
                            if out.bit_length() < 128 else
                            f"paling banyak {_thousands(maximum)}")
        return out

    def number(self, value: object, key: str, *, low: float | None = 0.0,
               high: float = math.inf, low_open: bool = False, text: bool = False) -> float:
        """A finite number in the range; ``low=None`` for no lower bound; with ``text``
        also a number written as a string (pix_framework calls ``float()`` on it)."""
        out: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                out = float(value)
            except OverflowError:
                out = None
        elif text and isinstance(value, str) and len(value) <= MAX_DIGITS:
            try:
                out = float(value)
            except ValueError:
                out = None
        ok = out is not None and math.isfinite(out) and out <= high
        if ok and low is not None:
            ok = out > low if low_open else out >= low  # type: ignore[operator]
        if not ok:
            bound = "hingga" if low is None else f"{'>' if low_open else '>='} {low:g}"
            if high < math.inf:
                bound += f" dan <= {high:g}"
            raise self.fail(key, f"harus bilangan {bound}, bukan {short(value)}")
        return out  # type: ignore[return-value]

    def boolean(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"harus true atau false, bukan {short(value)}")
        return value

    def moment(self, value: object, key: str) -> datetime:
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                raise self.fail(key, "tulis tanggal dan jam setempat tanpa zona waktu "
                                     "(dianggap Asia/Jakarta)")
            return value
        if isinstance(value, date):
            return datetime.combine(value, time(0, 0))
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, f"harus tanggal dan jam seperti 2025-01-06T08:00:00, bukan "
                             f"{short(value)}")
