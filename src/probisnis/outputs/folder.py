"""An output folder whose files appear whole or not at all, listed in its ``manifest.json``.

Public API::

    folder = OutputFolder(path, manifest, names=("event_log.csv", "kpis.csv"))
        # creates the folder, refuses links/folders at those names, writes the manifest
        # with status "running"
    with folder.file("kpis", "kpis.csv") as tmp:   # write tmp; renamed and recorded after
        frame.to_csv(tmp)
    with folder.file("event_log_parquet", "event_log.parquet",
                     partial="event_log.partial.parquet", describe=rows_of) as tmp:
        ...   # interrupted: the whole-as-a-file part is kept under the partial name
    folder.finish("complete" | "partial" | "failed", message=None)

How a file is written is :func:`probisnis.outputs.atomic.atomic_path`'s: a temporary
file next to it, flushed, renamed over the name (never through a link); the rename and
its entry in the manifest happen with SIGINT/SIGTERM held back, so the manifest lists
exactly the files that are there.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from probisnis.errors import OutputError, say
from probisnis.outputs.atomic import (
    check_target,
    fsync_path,
    new_temporary,
    os_error_message,
    unlink_quietly,
    write_text_atomic,
)
from probisnis.outputs.interrupt import Interrupted, signals_deferred
from probisnis.outputs.manifest import MANIFEST_NAME, Manifest, file_digest

__all__ = ["OutputFolder"]


class OutputFolder:
    """A folder of one command's outputs and its manifest (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str], manifest: Manifest, *,
                 names: Iterable[str] = ()) -> None:
        self.path = Path(path)
        self.manifest = manifest
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(say("sudah ada dan bukan folder: pilih folder keluaran lain",
                                  "exists and is not a folder: choose another output folder"),
                              path=str(self.path))
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(os_error_message(exc, f"folder {self.path}"),
                              path=str(self.path)) from None
        for name in (*names, MANIFEST_NAME):
            check_target(self.path / name)
        self.status = "running"
        self._write_manifest(None)

    @contextlib.contextmanager
    def file(
        self,
        key: str,
        name: str,
        *,
        partial: str | None = None,
        describe: Callable[[Path], Mapping[str, Any]] | None = None,
        **extra: Any,
    ) -> Iterator[Path]:
        """A temporary path that becomes ``name`` (recorded as ``key``, with ``extra`` and
        what ``describe(tmp)`` returns, in the same step as the rename) when the block ends.

        If the block is interrupted (:class:`Interrupted`) and ``partial`` is given, what
        was written is kept as ``partial`` and recorded as ``KEY_partial`` with
        ``complete: false`` (plus what ``describe(tmp)`` returns; if it raises, the file
        is dropped). Any other exception removes the temporary file; an :class:`OSError`
        becomes :class:`OutputError` (disk full: one line, exit status 1).
        """
        target = check_target(self.path / name)
        tmp: Path | None = None
        try:
            with signals_deferred():  # as in atomic_path: never a new file no one will remove
                tmp = Path(new_temporary(target))
            yield tmp
            fsync_path(str(tmp))
            digest = file_digest(tmp)
            info = {**extra, **(describe(tmp) if describe is not None else {})}
            with signals_deferred():
                check_target(target)
                os.replace(tmp, target)
                self.manifest.record(key, target, digest=digest, **info)
        except BaseException as exc:
            with signals_deferred():  # a second Ctrl-C waits until the file is kept or gone
                if isinstance(exc, Interrupted) and partial is not None and tmp is not None:
                    self._keep_partial(tmp, key, partial, describe)
                unlink_quietly(tmp)
            if isinstance(exc, OSError):
                raise OutputError(os_error_message(exc, name), path=str(target)) from None
            if isinstance(exc, OutputError) and tmp is not None:
                # a writer of its own reports the temporary's name
                raise OutputError(exc.message.replace(tmp.name, name),
                                  path=str(target)) from None
            raise

    def _keep_partial(self, tmp: Path, key: str, name: str,
                      describe: Callable[[Path], Mapping[str, Any]] | None) -> None:
        try:
            info = dict(describe(tmp)) if describe is not None else {}
            digest = file_digest(tmp)
            target = check_target(self.path / name)
            with signals_deferred():
                os.replace(tmp, target)
                self.manifest.record(f"{key}_partial", target, complete=False, digest=digest,
                                     **info)
        except Exception:
            unlink_quietly(tmp)

    def record(self, key: str, path: str | os.PathLike[str], **extra: Any) -> None:
        """List a file written by other means (already whole under its name)."""
        self.manifest.record(key, path, **extra)

    def finish(self, status: str, message: str | None = None) -> Path:
        """Write the final manifest (``complete``, ``partial`` or ``failed``)."""
        self.status = status
        return self._write_manifest(message)

    def _write_manifest(self, message: str | None) -> Path:
        doc = self.manifest.to_dict(self.status, message)
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        with signals_deferred():
            return write_text_atomic(self.path / MANIFEST_NAME, text)
