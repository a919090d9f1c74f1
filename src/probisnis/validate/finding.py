"""A validation finding: one problem, located in a file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from probisnis.errors import format_location

__all__ = ["Finding", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by ``probisnis validate``.

    ``str(finding)`` is ``path:line: [element id] rule: message``, the same
    location prefix as every probisnis error, so editors can jump to it.
    """

    path: str
    line: int | None
    element_id: str | None
    rule: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = format_location(self.path, self.line, self.element_id)
        return f"{prefix} {self.rule}: {self.message}" if prefix else f"{self.rule}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the fields."""
        return asdict(self)
