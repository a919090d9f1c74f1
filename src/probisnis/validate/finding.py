"""A validation finding: one problem, located in a file, worded in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from probisnis.errors import format_location
from probisnis.present.notices import Notice, record, text

__all__ = ["Finding", "Severity"]

Severity = Literal["error", "warning"]

_ONE_LINE = re.compile(r"[ \t]*[\r\n]+[ \t]*")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by ``probisnis validate``.

    ``message`` is a :class:`~probisnis.present.notices.Notice` (a ``code`` and its
    ``fields``, worded from the catalogue :mod:`probisnis.present.finding_texts`; as a
    ``str`` its English sentence) or, for findings worded elsewhere (the SOP review), a
    plain string. ``str(finding)`` is ``path:line: [element id] rule: message`` in Bahasa
    Indonesia, the same location prefix as every probisnis error, so editors can jump to
    it; :meth:`text` words it in another language.
    """

    path: str
    line: int | None
    element_id: str | None
    rule: str
    message: str
    severity: Severity = "error"

    @property
    def code(self) -> str | None:
        """The catalogue code of the message (``None`` for a plain-text message)."""
        return self.message.code if isinstance(self.message, Notice) else None

    @property
    def fields(self) -> Mapping[str, Any]:
        """The message's fields (element ids, names, counts); empty for plain text."""
        return self.message.fields if isinstance(self.message, Notice) else {}

    def text(self, lang: str = "id") -> str:
        """``path:line: [id] rule: message`` with the message in ``lang`` (``id`` or ``en``)."""
        prefix = format_location(self.path, self.line, self.element_id)
        message = _ONE_LINE.sub(" ", text(self.message, lang).strip())  # names with line breaks
        body = f"{self.rule}: {message}"
        return f"{prefix} {body}" if prefix else body

    def __str__(self) -> str:
        return self.text("id")

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        """A JSON-ready dict: location, rule, severity, ``code`` and ``fields`` (ids, names,
        BPMN kinds, numbers: no sentence), and ``message`` worded in ``lang``."""
        worded = record(self.message, lang)
        return {"path": self.path, "line": self.line, "element_id": self.element_id,
                "rule": self.rule, "severity": self.severity, "code": worded["code"],
                "fields": worded["fields"], "message": _ONE_LINE.sub(" ", worded["text"].strip())}
