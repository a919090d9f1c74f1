"""Warnings a person reads: a code and its fields, worded at the edge in the page's language.

The readers and the engine never write a warning sentence. They make a :class:`Notice`,

>>> w = notice("task-no-duration", where="M1", task="T_cek")
>>> w.code, dict(w.fields)
('task-no-duration', {'where': 'M1', 'task': 'T_cek'})

and the page words it with :func:`text` from the catalogue
:data:`probisnis.present.notice_texts.TEXTS` (one ``id`` and one ``en`` template per code):

>>> text(w, "id")
'M1: tugas T_cek tidak punya durasi di skenario dan tidak ada durasi [defaults]: lamanya 0 detik'

A notice is also a ``str`` holding its English sentence, so code that stores, deduplicates,
pickles or logs warnings as strings keeps working:

>>> w == text(w, "en") and "no duration" in w
True

``where`` (a file, a process or ``file: [element]``) is the one field every template may
start with; numbers are written in the language's format, a nested notice in the same
language. :func:`record` is what ``--json`` prints: the code, the fields and the text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from probisnis.present import finding_texts, notice_texts
from probisnis.present.numbers import angka, check_lang

__all__ = ["TEXTS", "Notice", "Term", "from_record", "notice", "record", "text"]

#: every code this module words: simulation warnings and validation findings
TEXTS: dict[str, dict[str, str]] = {**notice_texts.TEXTS, **finding_texts.TEXTS}
assert len(TEXTS) == len(notice_texts.TEXTS) + len(finding_texts.TEXTS), "a code twice"


@dataclass(frozen=True, slots=True)
class Term:
    """A BPMN element (or a kind of code) as a field: its ``kind`` (the BPMN tag, e.g.
    ``userTask``) worded through :data:`~probisnis.present.finding_texts.KIND_WORDS`, and
    its ``name``, quoted, when it has one (``tugas 'Cek berkas'`` / ``task 'Cek berkas'``).
    In ``--json`` it stays ``{"kind", "name"}``."""

    kind: str
    name: str = ""

    def text(self, lang: str = "id") -> str:
        words = finding_texts.KIND_WORDS.get(self.kind)
        word = words[check_lang(lang)] if words else self.kind
        name = " ".join(self.name.split())  # a name drawn on two lines reads as one
        return f"{word} {name!r}" if name else word

    def record(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name}


class Notice(str):
    """A warning as ``code`` plus ``fields``; its ``str`` value is the English sentence."""

    code: str
    fields: Mapping[str, Any]

    def __new__(cls, code: str, fields: Mapping[str, Any]) -> Notice:
        if code not in TEXTS:
            raise KeyError(f"no text for code {code!r}: add it to "
                           "probisnis.present.notice_texts.TEXTS (warnings) or "
                           "probisnis.present.finding_texts.TEXTS (findings), id and en")
        self = super().__new__(cls, _render(code, fields, "en"))
        self.code = code
        self.fields = dict(fields)
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as code + fields (worker processes)
        return (Notice, (self.code, self.fields))

    def text(self, lang: str = "id") -> str:
        """The sentence in ``lang``."""
        return _render(self.code, self.fields, lang)


def notice(code: str, **fields: Any) -> Notice:
    """The warning ``code`` with ``fields`` (strings, numbers, lists of them or notices)."""
    return Notice(code, fields)


def text(warning: str, lang: str = "id") -> str:
    """``warning`` in ``lang`` (a plain string, e.g. already worded by the caller, as is)."""
    return warning.text(lang) if isinstance(warning, Notice) else str(warning)


def record(warning: str, lang: str = "id") -> dict[str, Any]:
    """``{"code", "text", "fields"}`` of ``warning`` for JSON (``code`` None for plain text)."""
    if not isinstance(warning, Notice):
        return {"code": None, "text": str(warning), "fields": {}}
    return {"code": warning.code, "text": warning.text(lang),
            "fields": {k: _plain(v, lang) for k, v in warning.fields.items()}}


def from_record(saved: Any) -> str:
    """The notice a :func:`record` was made from (a saved ``run_context.json``); a plain
    string, or a record of a code this version no longer knows, as its text."""
    if isinstance(saved, str):
        return saved
    if isinstance(saved, Mapping) and saved.get("code") in TEXTS:
        fields = {k: from_record(v) if isinstance(v, Mapping) and "code" in v else v
                  for k, v in (saved.get("fields") or {}).items()}
        return Notice(str(saved["code"]), fields)
    return str(saved.get("text", "")) if isinstance(saved, Mapping) else str(saved)


def _plain(value: Any, lang: str) -> Any:
    if isinstance(value, Notice):
        return record(value, lang)
    if isinstance(value, Term):
        return value.record()
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v, lang) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_plain(v, lang) for v in value]
    return str(value)


def _render(code: str, fields: Mapping[str, Any], lang: str) -> str:
    template = TEXTS[code][check_lang(lang)]
    shown = {k: _show(v, lang) for k, v in fields.items()}
    body = template.format_map(shown)
    where = shown.get("where")
    if not where:
        return body
    return f"{where} {body}" if where.endswith("]") else f"{where}: {body}"  # path: [id] text


def _show(value: Any, lang: str) -> str:
    if isinstance(value, Notice | Term):
        return value.text(lang)
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return angka(value, lang=lang)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        short = f"{value:.6g}"
        if "e" in short:
            return short
        digits = len(short.split(".")[1]) if "." in short else 0
        return angka(value, digits, lang=lang)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_show(v, lang)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence):
        return ", ".join(_show(v, lang) for v in value)
    return str(value)
