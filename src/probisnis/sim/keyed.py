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
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from probisnis.errors import Bilingual, ScenarioError, say
from probisnis.hints import maksudnya, ribu, suggest, suggest_file

__all__ = ["MAX_BYTES", "MAX_DIGITS", "Keyed", "maksudnya", "read_json", "read_text", "read_toml",
           "ribu", "short", "suggest"]

#: largest input file read (a scenario or Prosimos JSON is a few kilobytes)
MAX_BYTES = 20 * 1024 * 1024
#: longest number accepted in a JSON file
MAX_DIGITS = 40


#: the file kinds :func:`read_text` names, in Bahasa Indonesia
_WHAT = {"file": "berkas", "scenario file": "berkas skenario", "base scenario": "skenario dasar",
         "JSON file": "berkas JSON"}


def _listing(known: Iterable[str]) -> str:
    return ", ".join(sorted(map(str, known))) or "-"


def short(value: Any, width: int = 60) -> str:
    """``repr(value)`` cut to ``width`` characters (untrusted values can be huge)."""
    try:
        text = repr(value)
    except ValueError:  # an int too long for repr
        text = f"<number of more than {MAX_DIGITS} digits>"
    return text if len(text) <= width else text[: width - 3] + "..."


def _near_file(path: str, label: str | None) -> str:
    """A file beside ``path`` with the same extension and a near name (a misspelling), as
    it would be written in ``label`` (relative to that file's folder), or ``""``."""
    folder, name = os.path.split(path)
    try:
        names = [n for n in os.listdir(folder or ".")
                 if os.path.splitext(n)[1] == os.path.splitext(name)[1]]
        written = os.path.relpath(folder or ".", os.path.dirname(label) or ".") if label \
            else folder
    except (OSError, ValueError):
        return ""
    close = suggest_file(name, names)
    if not close or written in ("", "."):
        return close
    return os.path.join(written, close).replace(os.sep, "/")


def read_text(path: str, *, label: str | None = None, key: str | None = None,
              what: str = "file") -> str:
    """The UTF-8 text of the regular file ``path``.

    Errors name ``label`` (the file that refers to ``path``) and ``key`` when given,
    else ``path`` itself.
    """
    where = label if label is not None else path
    kata = _WHAT.get(what, what)

    def fail(message: Bilingual) -> ScenarioError:
        return ScenarioError(message, path=where, element_id=key)

    try:
        info = os.stat(path)
    except FileNotFoundError:
        near = _near_file(path, label)
        return _raise(fail(
            say(f"{kata} tidak ditemukan: {path}", f"{what} not found: {path}")
            + (maksudnya(near, quote=False) if near else say(
                " (periksa nama dan foldernya; jalur dibaca relatif terhadap berkas ini)", ""))
            if key else say(f"{kata} tidak ditemukan", f"{what} not found")))
    except OSError as exc:
        return _raise(fail(say(f"{path} tidak dapat dibaca: {exc.strerror or exc}",
                               f"cannot read {path}: {exc.strerror or exc}")))
    if stat.S_ISDIR(info.st_mode):
        return _raise(fail(say(f"{path} adalah folder, bukan {kata}: sebutkan berkasnya",
                               f"{path} is a directory, not a {what}")))
    if not stat.S_ISREG(info.st_mode):
        return _raise(fail(say(f"{path} bukan berkas biasa (pipe atau perangkat): berikan "
                               f"{kata}", f"{path} is not a regular file (a pipe or a "
                               f"device): give a {what}")))
    if info.st_size > MAX_BYTES:
        return _raise(fail(say(f"{path} berukuran {ribu(info.st_size)} bita, lebih dari "
                               f"batas {kata} ({ribu(MAX_BYTES)} bita)",
                               f"{path} has {info.st_size} bytes, more than a {what} can "
                               f"have (at most {MAX_BYTES})")))
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open() won't hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return _raise(fail(say(f"{path} tidak dapat dibaca: {exc.strerror or exc}",
                               f"cannot read {path}: {exc.strerror or exc}")))
    if len(data) > MAX_BYTES:
        return _raise(fail(say(f"{path} lebih dari {ribu(MAX_BYTES)} bita",
                               f"{path} has more than {MAX_BYTES} bytes")))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        return _raise(fail(say(
            "tersimpan sebagai UTF-16 (\"Unicode\"): simpan ulang dengan pengodean UTF-8",
            "saved as UTF-16 (\"Unicode\"): save it again as UTF-8")))
    if b"\x00" in data[:4096] or data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff")):
        return _raise(fail(say(
            f"bukan berkas teks (tampaknya buku kerja Excel, dokumen Word, PDF atau gambar): "
            f"{kata} ditulis sebagai teks biasa, misalnya dengan Notepad",
            f"not a text file (it looks like a workbook, a Word document, a PDF or a "
            f"picture): a {what} is plain text, written e.g. with Notepad")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(say(f"bukan teks UTF-8 (bita {exc.start}, baris {line}): simpan "
                                "berkas dengan pengodean UTF-8",
                                f"not UTF-8 text (byte {exc.start}, line {line}): save the "
                                "file as UTF-8"),
                            path=path if label is None or key is None else where,
                            element_id=key if label is not None else None) from None


def _raise(exc: ScenarioError) -> str:
    raise exc


def read_toml(path: str, *, label: str | None = None, key: str | None = None,
              what: str = "scenario file") -> dict[str, Any]:
    """The TOML document of ``path`` (see :func:`read_text` for ``label`` and ``key``)."""
    import tomllib  # (here: a Prosimos or model-only run reads no TOML)

    text = read_text(path, label=label, key=key, what=what)
    hint = _Hint()
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        if line is not None and line <= len(text.splitlines()):
            hint = _toml_hint(text.splitlines()[line - 1])
        raise ScenarioError(say(f"bukan TOML yang sah: {_toml_detail(str(exc))}{hint.id}",
                                f"not valid TOML: {exc}{hint.en}"),
                            path=path, line=line) from None
    except RecursionError:
        raise ScenarioError(say("bukan TOML yang sah: bersarang terlalu dalam",
                                "not valid TOML: nested too deeply"), path=path) from None
    _refuse_thousands_points(text, path)
    return doc


#: tomllib's reasons, in Bahasa Indonesia (the position is given as the line)
_TOML_WORDS = (
    ("Cannot overwrite a value", "kunci yang sama ditulis dua kali"),
    ("Cannot declare", "tabel yang sama ditulis dua kali"),
    ("Invalid value", "nilai tidak sah"),
    ("Expected '=' after a key in a key/value pair", "setelah kunci harus ada '='"),
    ("Invalid statement", "baris tidak dapat dibaca"),
    ("Unterminated string", "teks tidak ditutup dengan tanda kutip"),
    ("Illegal character", "ada karakter yang tidak diperbolehkan"),
    ("Invalid date or datetime", "tanggal atau tanggal-jam tidak sah"),
    ("Expected newline or end of document after a statement",
     "ada tulisan tersisa setelah nilainya"),
    ("Unclosed array", "daftar [ ... ] tidak ditutup"),
    ("Unclosed inline table", "tabel { ... } tidak ditutup"),
    ("Invalid initial character for a key part", "kunci diawali karakter yang tidak sah"),
)


def _toml_detail(message: str) -> str:
    """tomllib's ``message`` in Bahasa Indonesia (its position as "baris N, kolom M")."""
    found = re.search(r"\(at line (\d+), column (\d+)\)|\(at end of document\)", message)
    where = ("" if found is None else f" (kolom {found.group(2)})"
             if found.group(1) else " (di akhir berkas)")
    head = message[: found.start()].strip() if found else message
    for english, indonesian in _TOML_WORDS:
        if head.startswith(english):
            return indonesian + where
    return head + where


#: keys counted in whole numbers or rupiah, where "1.000" is a thousand written the
#: Indonesian way (TOML reads it as 1.0)
_WHOLE_KEYS = ("count", "cases", "size", "min_size", "replications", "warmup_cases",
               "max_visits", "cost_per_hour")
_THOUSANDS = re.compile(r"(?:^|[{,]|\s)(" + "|".join(_WHOLE_KEYS)
                        + r")\s*=\s*([1-9]\d{0,2}(?:\.\d{3})+)(?=\s*(?:[,}#]|$))")


def _refuse_thousands_points(text: str, path: str) -> None:
    """``cost_per_hour = 120.000`` is 120 to TOML, not 120 000: refused, with the number to
    write (no silent wrong cost or head count)."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = _THOUSANDS.search(line.split("#", 1)[0])
        if found:
            key, value = found.groups()
            digits = value.replace(".", "")
            raise ScenarioError(say(
                f"{key} = {value}: TOML membacanya sebagai {float(value):g}, bukan {digits}; "
                f"tulis tanpa titik ribuan: {key} = {digits}",
                f"{key} = {value}: TOML reads it as {float(value):g}, not {digits}; write it "
                f"without thousands points: {key} = {digits}"), path=path, line=number)


class _Hint:
    def __init__(self, id_text: str = "", en_text: str = "") -> None:
        self.id, self.en = id_text, en_text


def _decimal_hint(written: str) -> _Hint:
    """``0,25`` (a decimal comma) written with a point."""
    fixed = written.replace(",", ".")
    return _Hint(f"; tulis desimal dengan titik: {fixed} (bukan {written})",
                 f"; write decimals with a point: {fixed} (not {written})")


def _percent_hint(number: str, written: str) -> _Hint:
    """``50%`` (``written``; ``number`` without the sign) written as a fraction."""
    fraction = float(number) / 100
    return _Hint(f"; tulis persen sebagai pecahan: {fraction:g} (bukan {written})",
                 f"; write a percentage as a fraction: {fraction:g} (not {written})")


def _toml_hint(line: str) -> _Hint:
    """What a person most likely got wrong on ``line`` of a TOML file that does not parse."""
    code = line.split("#", 1)[0]
    value = code.split("=", 1)[1].strip() if "=" in code else ""
    if re.fullmatch(r"[-+]?\d+,\d+", value):
        return _decimal_hint(value)
    key = code.split("=", 1)[0].strip() if "=" in code else ""
    date = re.search(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b", value)
    if date:  # 17-08-2025: day first, as Indonesians write it
        day, month, year = (int(g) for g in date.groups())
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if key == "start":
            return _Hint(f"; tulis tanggal-jam sebagai tahun-bulan-tanggal: {iso}T08:00:00 "
                         f"(bukan {date[0]})",
                         f"; write the date-time as year-month-day: {iso}T08:00:00 "
                         f"(not {date[0]})")
        return _Hint(f'; tulis tanggal sebagai tahun-bulan-tanggal dalam tanda kutip: "{iso}" '
                     f"(bukan {date[0]})",
                     f'; write a date as year-month-day in quotes: "{iso}" (not {date[0]})')
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3}){2,}", value):  # 1.200.000
        return _Hint(f"; tulis tanpa titik ribuan: {value.replace('.', '')}",
                     f"; write it without thousands points: {value.replace('.', '')}")
    percent = re.search(r"=\s*(\d+(\.\d+)?)\s*%", value)
    if percent:  # { 3 = 50% }
        return _percent_hint(percent[1], f"{percent[1]}%")
    minutes = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})", value)
    if minutes:  # start = 2025-01-06 08:00: TOML wants the seconds too
        fixed = f"{minutes[1]}T{int(minutes[2]):02d}:{minutes[3]}:00"
        return _Hint(f"; tulis tanggal-jam lengkap dengan detik: {fixed} (bukan {value})",
                     f"; write the date-time with its seconds: {fixed} (not {value})")
    comma = re.search(r"=\s*([-+]?\d+,\d+)\b", value)
    if comma:  # { min = 0,25, ... }: the comma ends the number
        return _decimal_hint(comma[1])
    if re.fullmatch(r"[-+]?\d+(\.\d+)?\s*%", value):
        return _percent_hint(value.rstrip("% "), value)
    if "=" not in code and code.strip() and not code.strip().startswith("["):
        return _Hint("; setiap baris berbentuk `kunci = nilai` (atau judul [tabel])",
                     "; each line is `key = value` (or a [table] header)")
    if value and not re.match(r"[-+0-9\"'\[{]|(true|false|inf|nan)\b", value):
        return _Hint(f'; beri tanda kutip pada teks: "{value}"',
                     f'; put text in quotes: "{value}"')
    return _Hint()


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
    text = read_text(path, what="JSON file")
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError(say(f"bukan JSON yang sah: {exc.msg} (baris {exc.lineno}, kolom "
                                f"{exc.colno})", f"not valid JSON: {exc.msg}"),
                            path=path, line=exc.lineno) from None
    except _TooLong as exc:
        raise ScenarioError(say(f"sebuah angka ({exc.args[0]}...) tidak terhingga atau lebih "
                                f"dari {MAX_DIGITS} digit",
                                f"a number ({exc.args[0]}...) is not finite or has more than "
                                f"{MAX_DIGITS} digits"), path=path) from None
    except (RecursionError, ValueError) as exc:
        raise ScenarioError(say(f"JSON tidak dapat dibaca: {type(exc).__name__}",
                                f"cannot read JSON: {type(exc).__name__}"),
                            path=path) from None


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
        self.table_noun = "an object" if json else "a table"
        self.table_kata = "objek JSON { ... }" if json else "tabel"

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
            raise self.fail(key, say(f"harus berupa {self.table_kata}, bukan {short(value)}"
                                     + _quoted_hint(value),
                                     f"must be {self.table_noun}, got {short(value)}"))
        return value

    def array(self, value: object, key: str, *, empty: bool = True) -> Sequence[Any]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            raise self.fail(key, say(f"harus berupa daftar [ ... ], bukan {short(value)}",
                                     f"must be an array, got {short(value)}"))
        if not empty and not value:
            raise self.fail(key, say("daftar ini tidak boleh kosong",
                                     "must be a non-empty array"))
        return value

    def keys(self, table: Mapping[str, Any], allowed: set[str] | frozenset[str],
             key: str) -> None:
        unknown = sorted(map(str, set(table) - set(allowed)))
        if unknown:
            near = suggest(unknown[0], allowed)
            raise self.fail(f"{key}.{unknown[0]}" if key else unknown[0], say(
                "kunci tidak dikenal", "unknown key") + maksudnya(near, quote=False) + say(
                f" (yang dikenal: {_listing(allowed)})",
                f" (allowed: {', '.join(sorted(allowed))})"))

    def get(self, table: Mapping[str, Any], name: str, key: str = "") -> Any:
        if name not in table:
            raise self.fail(f"{key}.{name}" if key else name,
                            say("tidak ada: kunci ini wajib diisi", "missing"))
        return table[name]

    # ------------------------------------------------------------------ values

    def string(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(key, say(f"harus teks yang tidak kosong (dalam tanda kutip), bukan "
                                     f"{short(value)}",
                                     f"must be a non-empty string, got {short(value)}"))
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
            raise self.fail(key, say(f"harus bilangan bulat >= {minimum}, bukan {short(value)}"
                                     + _number_hint(value, whole=True),
                                     f"must be an integer >= {minimum}, got {short(value)}"))
        if maximum is not None and out > maximum:
            raise self.fail(key, say(
                f"paling banyak {ribu(maximum)}, bukan {ribu(out)}"
                if out.bit_length() < 128 else f"paling banyak {ribu(maximum)}",
                f"must be at most {maximum:,}, got {out:,}"
                if out.bit_length() < 128 else f"must be at most {maximum:,}"))
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
            bound = "finite" if low is None else f"{'>' if low_open else '>='} {low:g}"
            batas = "terhingga" if low is None else f"{'>' if low_open else '>='} {low:g}"
            if high < math.inf:
                bound += f" and <= {high:g}"
                batas += f" dan <= {high:g}"
            raise self.fail(key, say(f"harus angka {batas}, bukan {short(value)}"
                                     + _number_hint(value, fraction=high == 1),
                                     f"must be a number {bound}, got {short(value)}"))
        return out  # type: ignore[return-value]

    def boolean(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, say(f"harus true atau false (tanpa tanda kutip), bukan "
                                     f"{short(value)}",
                                     f"must be true or false, got {short(value)}"))
        return value

    def moment(self, value: object, key: str) -> datetime:
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                raise self.fail(key, say("tulis tanggal-jam setempat tanpa zona waktu "
                                         "(dianggap Asia/Jakarta), misalnya "
                                         "2025-01-06T08:00:00",
                                         "give a local date-time without a time zone "
                                         "(Asia/Jakarta assumed)"))
            return value
        if isinstance(value, date):
            return datetime.combine(value, time(0, 0))
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, say(f"harus tanggal-jam seperti 2025-01-06T08:00:00 (tahun-bulan-"
                                 f"tanggal, tanpa tanda kutip), bukan {short(value)}"
                                 + _moment_hint(value),
                                 f"must be a date-time like 2025-01-06T08:00:00, got "
                                 f"{short(value)}"))


def _number_hint(value: object, *, whole: bool = False, fraction: bool = False) -> str:
    """What to write instead of ``value`` when it looks like a number written as a person
    would (``"1,5"``, ``"50%"``, ``"3"``, ``2.5`` for a count); ``""`` otherwise."""
    if isinstance(value, float) and whole and math.isfinite(value):
        return f": tulis bilangan bulat tanpa desimal, misalnya {round(value)}"
    if fraction and isinstance(value, int | float) and not isinstance(value, bool) \
            and 2 <= value <= 100 and float(value).is_integer():
        return f": tulis pecahan, misalnya {value / 100:g} untuk {value:g} %"
    if not isinstance(value, str) or len(value) > MAX_DIGITS:
        return ""
    text = value.strip().replace(" ", "")
    if re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?%", text):
        number = float(text.rstrip("%").replace(",", ".")) / 100
        return (f": tulis persen sebagai pecahan tanpa tanda kutip: {number:g} (bukan {value})"
                if fraction else ": tulis angkanya saja, tanpa % dan tanda kutip")
    if re.fullmatch(r"[-+]?\d+,\d+", text):
        return f": tulis desimal dengan titik dan tanpa tanda kutip: {text.replace(',', '.')}"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text) and whole:
        return f": tulis tanpa pemisah ribuan dan tanpa tanda kutip: {text.replace('.', '')}"
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", text):
        return f": tulis angka tanpa tanda kutip: {text}"
    return ""


def _quoted_hint(value: object) -> str:
    """A hint for a table given as a string (``duration = "2d"``)."""
    if isinstance(value, str):
        return (": tulis sebagai tabel, misalnya { dist = \"fixed\", value = \"2d\" }"
                if re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*[a-z]+\s*", value) else "")
    return ""


def _moment_hint(value: object) -> str:
    """``"06-01-2025"`` (day first): the same instant as it must be written."""
    found = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*",
                         value) if isinstance(value, str) else None
    if found is None:
        return ""
    day, month, year = (int(x) for x in found.groups()[:3])
    hour, minute = int(found.group(4) or 8), int(found.group(5) or 0)
    try:
        return f": tulis {datetime(year, month, day, hour, minute).isoformat()}"
    except ValueError:
        return ""
