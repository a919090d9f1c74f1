"""``manifest.json``: what a command wrote into an output folder, and whether it finished.

Public API::

    Manifest(command, arguments=None, scenario=None, seed=None)
        .record(key, path, complete=True, **extra)   # size and SHA-256 of a written file
        .to_dict(status, message=None) -> dict
    file_digest(path) -> (size, sha256 hex)
    scenario_digest(paths) -> "sha256:..."          # of the input files, in order
    read_manifest(folder) -> dict
    manifest_status(folder) -> "complete" ... or None   # never raises
    STATUSES = ("running", "complete", "partial", "failed")

``status`` is ``running`` while the command works (a manifest still saying so after the
process has gone means it was killed outright, e.g. by SIGKILL or a power cut),
``complete`` when every output is written, ``partial`` when the run was stopped
(Ctrl-C, SIGTERM) and only the files listed were kept, ``failed`` when an error stopped
it (the message says which). Every file listed is whole: it was renamed into place
after it was written; ``complete: false`` marks a file that is whole as a file but
holds only part of the run (the event log up to the interruption).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from probisnis.errors import UsageError

__all__ = [
    "MANIFEST_NAME",
    "MANIFEST_VERSION",
    "STATUSES",
    "Manifest",
    "file_digest",
    "manifest_status",
    "read_manifest",
    "scenario_digest",
]

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
STATUSES = ("running", "complete", "partial", "failed")
_BLOCK = 1 << 20


def file_digest(path: str | os.PathLike[str]) -> tuple[int, str]:
    """``(size in bytes, SHA-256 in hex)`` of a file."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            h.update(block)
            size += len(block)
    return size, h.hexdigest()


def scenario_digest(paths: Iterable[str | os.PathLike[str]]) -> str:
    """One SHA-256 over the input files (scenario, BPMN models, Prosimos JSON), in order:
    the same inputs give the same digest whatever folder they sit in."""
    h = hashlib.sha256()
    for path in paths:
        _, digest = file_digest(path)
        h.update(bytes.fromhex(digest))
    return f"sha256:{h.hexdigest()}"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class Manifest:
    """The record of one command's outputs; :class:`probisnis.outputs.OutputFolder` writes it."""

    def __init__(
        self,
        command: str,
        arguments: Mapping[str, Any] | None = None,
        *,
        scenario: Mapping[str, Any] | None = None,
        seed: int | None = None,
    ) -> None:
        from probisnis import __version__

        self.command = command
        self.arguments = {k: v for k, v in (arguments or {}).items()
                          if isinstance(v, str | int | float | bool) and v is not False
                          and k != "command"}
        self.scenario = dict(scenario or {})
        self.seed = seed
        self.tool = f"probisnis {__version__}"
        self.started = _now()
        self.files: dict[str, dict[str, Any]] = {}
        self.extra: dict[str, Any] = {}

    def record(self, key: str, path: str | os.PathLike[str], *, complete: bool = True,
               digest: tuple[int, str] | None = None, **extra: Any) -> None:
        """Add a written file (its name relative to the manifest's folder when inside it)."""
        size, sha = digest if digest is not None else file_digest(path)
        entry: dict[str, Any] = {"path": Path(path).name, "bytes": size, "sha256": sha}
        if not complete:
            entry["complete"] = False
        entry.update(extra)
        self.files[key] = entry

    def to_dict(self, status: str, message: str | None = None) -> dict[str, Any]:
        if status not in STATUSES:
            raise UsageError(f"manifest status must be one of {STATUSES}, got {status!r}")
        doc: dict[str, Any] = {
            "manifest_version": MANIFEST_VERSION,
            "tool": self.tool,
            "command": self.command,
            "arguments": self.arguments,
            "status": status,
        }
        if message:
            doc["message"] = message
        if self.scenario:
            doc["scenario"] = self.scenario
        if self.seed is not None:
            doc["seed"] = self.seed
        doc.update(self.extra)
        doc["started"] = self.started
        if status != "running":
            doc["finished"] = _now()
        doc["files"] = self.files
        return doc


def read_manifest(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of an output folder (:class:`UsageError` when absent or unreadable)."""
    path = Path(folder) / MANIFEST_NAME
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the manifest: {exc}", path=str(path)) from None
    if not isinstance(doc, dict) or doc.get("status") not in STATUSES:
        raise UsageError("not a probisnis manifest (no valid status)", path=str(path))
    return doc


def manifest_status(folder: str | os.PathLike[str]) -> str | None:
    """The status an output folder's manifest gives (``complete``, ``running`` ...), or
    ``None`` when there is no readable manifest."""
    try:
        status = json.loads((Path(folder) / MANIFEST_NAME).read_text(encoding="utf-8")).get(
            "status")
    except (OSError, ValueError, AttributeError):
        return None
    return status if isinstance(status, str) else None
