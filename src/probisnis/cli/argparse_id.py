"""argparse in Bahasa Indonesia, for the probisnis parsers only.

argparse words its own texts ("usage:", "the following arguments are required: %s",
"show this help message and exit") through gettext: it looks up the names ``argparse._``
and ``argparse.ngettext`` each time it needs one. :class:`Parser` binds those two names to
the catalogue :data:`TEXTS` while one of its own methods runs and puts the originals back
afterwards, so every other parser (another program in the same interpreter, pytest's own)
keeps its language; argparse has no per-parser catalogue, so only a parser working in
another thread at that very moment would see Indonesian too. A text missing from the
catalogue stays English rather than failing (``tests/test_cli_help.py`` lists argparse's
texts that a person can meet and checks each is in :data:`TEXTS`).

:class:`Formatter` keeps the help within :data:`WIDTH` columns however wide the terminal,
and keeps the paragraphs of a description and the example commands of an epilog (lines
indented by two spaces) as written. :func:`whole_number` and :func:`positive_number` are
argparse types whose refusals are Indonesian sentences.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from probisnis.hints import maksudnya, suggest

__all__ = ["TEXTS", "WIDTH", "Formatter", "Parser", "examples", "indonesian",
           "positive_number", "whole_number"]

#: widest line of ``--help`` (a wider terminal does not widen it)
WIDTH = 100

#: argparse's English texts (its gettext message ids) -> Bahasa Indonesia; the placeholders
#: stay as they are. A plural (``ngettext``) is keyed by its singular and plural ids.
TEXTS: dict[str | tuple[str, str], str] = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "subcommands": "subperintah",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diberikan: %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diberikan",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak dikenal: %(value)r (pilih salah satu dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "expected one argument": "harus diikuti satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "harus diikuti paling sedikit satu nilai",
    ("expected %s argument", "expected %s arguments"): "harus diikuti %s nilai",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi %(option)s tidak jelas: bisa berarti %(matches)s",
    "unexpected option string: %s": "opsi tidak terduga: %s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan (opsi ini tidak menerima nilai)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah tidak dikenal %(parser_name)r (pilihan: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
}


def _gettext(message: str) -> str:
    # argparse also asks for ``_(None)`` (a subparsers group without description)
    return TEXTS.get(message, message) if isinstance(message, str) else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return TEXTS.get((singular, plural), singular if n == 1 else plural)


_lock = threading.RLock()


@contextlib.contextmanager
def indonesian() -> Iterator[None]:
    """argparse speaks Bahasa Indonesia inside the ``with`` block (nested blocks are fine)."""
    with _lock:
        saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _speaking_indonesian(method: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with indonesian():
            return method(*args, **kwargs)

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


class Formatter(argparse.HelpFormatter):
    """Help at most :data:`WIDTH` columns wide; descriptions and epilogs keep their
    paragraphs, and their lines indented by two spaces (example commands) as written."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 28,
                 width: int | None = None) -> None:
        if width is None:
            width = shutil.get_terminal_size().columns - 2
        super().__init__(prog, indent_increment, max_help_position, min(width, WIDTH))

    def _split_lines(self, text: str, width: int) -> list[str]:
        # an option name or a rule id is not broken at its hyphen
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for paragraph in text.strip("\n").split("\n\n"):
            lines = paragraph.splitlines()
            if all(line.startswith("  ") for line in lines[1:]) and lines[0].endswith(":"):
                # "Contoh:" and its commands
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(textwrap.fill(" ".join(paragraph.split()), width,
                                                initial_indent=indent, subsequent_indent=indent,
                                                break_on_hyphens=False))
        return "\n\n".join(paragraphs)


class Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose own texts are Bahasa Indonesia and whose
    help is drawn by :class:`Formatter`; its subparsers are of the same class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        with indonesian():
            super().__init__(*args, **kwargs)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """argparse's check of a choice, plus the nearest choice for a misspelt one."""
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError as exc:
            choices = [str(c) for c in action.choices or ()]
            near = suggest(str(value), choices)
            if not near:
                raise
            raise argparse.ArgumentError(action, exc.message + maksudnya(near)) from None


# every method in which argparse asks gettext for a text
for _name in ("add_subparsers", "parse_args", "parse_known_args", "format_usage",
              "format_help", "error"):
    setattr(Parser, _name, _speaking_indonesian(getattr(argparse.ArgumentParser, _name)))


def examples(commands: Sequence[str]) -> str | None:
    """An epilog listing example ``commands`` (``None`` when there are none)."""
    if not commands:
        return None
    return "Contoh:\n" + "\n".join(f"  {command}" for command in commands)


def whole_number(text: str) -> int:
    """An argparse type: a whole number (``0``, ``12``, ``-3``)."""
    try:
        return int(text)
    except ValueError:
        hint = ""
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 10.000: a thousands point
            hint = f"; tulis tanpa titik ribuan: {text.replace('.', '')}"
        elif re.fullmatch(r"-?\d+[.,]\d+", text):
            hint = "; tulis bilangan bulat tanpa desimal"
        raise argparse.ArgumentTypeError(f"bukan bilangan bulat: {text!r}{hint}") from None


def positive_number(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"harus paling sedikit 1, bukan {value}")
    return value
