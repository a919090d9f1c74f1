"""The one exception tree of probisnis.

Every error the package raises on purpose derives from :class:`ProbisnisError`.
Errors about a file carry its path, the line (lxml's ``sourceline``), the
element id and tag, and print as ``path:line: [id] message`` so that editors
and CI logs can jump to the spot. The CLI turns any of them into that one line
on stderr and exit status 1.
"""

from __future__ import annotations

__all__ = [
    "Bilingual",
    "BpmnError",
    "ClusterError",
    "DeadlockError",
    "ExpressionError",
    "InvalidValueError",
    "OutputError",
    "ProbisnisError",
    "RunError",
    "ScenarioError",
    "SimulationError",
    "StepLimitError",
    "StuckRunError",
    "UsageError",
    "format_location",
    "say",
]


class Bilingual(str):
    """A message in Bahasa Indonesia (its ``str`` value, what the analyst reads) that also
    knows its English wording, printed by commands run with ``--lang en``.

    >>> m = say("harus bilangan bulat", "must be an integer")
    >>> str(m), m.text("en")
    ('harus bilangan bulat', 'must be an integer')
    """

    en: str

    def __new__(cls, id_text: str, en_text: str) -> Bilingual:
        self = super().__new__(cls, id_text)
        self.en = en_text
        return self

    def __reduce__(self) -> tuple[object, ...]:  # pickled with its English (worker processes)
        return (Bilingual, (str(self), self.en))

    def text(self, lang: str = "id") -> str:
        """The message in ``lang`` (``"id"`` or ``"en"``)."""
        return self.en if lang == "en" else str(self)

    def __add__(self, other: str) -> Bilingual:  # type: ignore[override]
        return Bilingual(str(self) + str(other), self.en + _text(other, "en"))


def say(id_text: str, en_text: str) -> Bilingual:
    """A message in Bahasa Indonesia with its English wording (see :class:`Bilingual`)."""
    return Bilingual(id_text, en_text)


def _text(message: str, lang: str) -> str:
    """``message`` in ``lang`` when it knows its wordings (a :class:`Bilingual`, a notice)."""
    words = getattr(message, "text", None)  # a Bilingual, or a catalogue notice
    return str(words(lang)) if isinstance(message, str) and callable(words) else str(message)


def format_location(
    path: str | None, line: int | None = None, element_id: str | None = None
) -> str:
    """Return the ``path:line: [id]`` prefix used by every message about a file."""
    parts = []
    if path:
        parts.append(f"{path}:{line}:" if line is not None else f"{path}:")
    if element_id:
        parts.append(f"[{element_id}]")
    return " ".join(parts)


class ProbisnisError(Exception):
    """Root of every error probisnis raises on purpose.

    ``path``, ``line``, ``element_id`` and ``tag`` locate the cause when it is
    in a file; ``str(error)`` is ``path:line: [id] message``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        element_id: str | None = None,
        tag: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.element_id = element_id
        self.tag = tag

    def __str__(self) -> str:
        prefix = format_location(self.path, self.line, self.element_id)
        return f"{prefix} {self.message}" if prefix else self.message

    def text(self, lang: str = "id") -> str:
        """``path:line: [id] message`` with the message in ``lang`` when it knows its wordings
        (a :class:`Bilingual`, a catalogue notice of the BPMN reader); a message written as one
        sentence is printed as it is."""
        prefix = format_location(self.path, self.line, self.element_id)
        message = _text(self.message, lang)
        return f"{prefix} {message}" if prefix else message


class UsageError(ProbisnisError):
    """The caller asked for something that cannot be done (bad argument, missing file)."""


class OutputError(ProbisnisError):
    """An output file cannot be written (disk full, no permission, a link in the way).

    Nothing half-written is left under the output's name: see :mod:`probisnis.outputs`.
    """


class ClusterError(ProbisnisError):
    """The Dask scheduler ``--scheduler`` names cannot be used: not an address of the form
    ``tcp://host:8786``, nothing listening there, or not a Dask scheduler answering."""


class InvalidValueError(ProbisnisError, ValueError):
    """A value object (a distribution, a calendar) was given an impossible value; also a
    :class:`ValueError`, so code catching that keeps working."""


class BpmnError(ProbisnisError):
    """A BPMN file cannot be read into the model: malformed XML, schema or reference errors."""


class ScenarioError(ProbisnisError):
    """A simulation scenario file is invalid; ``element_id`` holds the offending key."""


class ExpressionError(ProbisnisError):
    """An expression or script is refused by the allow-list evaluator or fails on its data.

    ``expression`` is the text as written; ``missing`` names the variable that
    is not in the data when that is the cause (else ``None``); ``refused`` is true
    when the evaluator refused the text or an operation (rather than the data not
    suiting an allowed expression).
    """

    def __init__(
        self, message: str, *, expression: str = "", missing: str | None = None,
        refused: bool = False, **kw: object
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.expression = expression
        self.missing = missing
        self.refused = refused


class RunError(ProbisnisError):
    """Executing a process with SpiffWorkflow failed."""


class StuckRunError(RunError):
    """A run has no ready task but is not complete; the message says who waits on what."""

    def __init__(
        self, message: str, *, waiting: dict[str, str] | None = None, **kw: object
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.waiting = dict(waiting or {})


class StepLimitError(RunError):
    """A run reached its step limit (``--max-steps``) before an end event."""


class SimulationError(ProbisnisError):
    """A simulation cannot proceed or produced an impossible state."""


class DeadlockError(SimulationError):
    """A simulated case can never finish (an AND-join waiting forever, a loop past its limit)."""
