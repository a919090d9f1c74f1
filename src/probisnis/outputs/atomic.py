"""Write a file under its name only once it is whole, and never through a link.

Public API::

    check_target(path) -> Path            # refuse a link, folder, FIFO... at that name
    with atomic_path(path) as tmp: ...     # write tmp; renamed to path when the block ends
    with atomic_open(path, "w") as fh: ...
    write_text_atomic(path, text) -> Path
    write_bytes_atomic(path, data) -> Path
    os_error_message(exc, what) -> str     # "disk full while writing ...", in one line

The temporary file is created next to the target (``.NAME.XXXX.part``, ``O_EXCL``, so
never through a link), flushed to disk, then renamed over the target
(:func:`os.replace`: atomic on one file system, and it replaces a link itself, never
its target). If the block raises (a full disk, Ctrl-C, a bug), the temporary file is
removed and the target keeps whatever it held before: a reader sees the old file or
the new one, never half of one. An :class:`OSError` (disk full, no permission)
becomes :class:`~probisnis.errors.OutputError`, which the CLI prints in one line
with exit status 1.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from probisnis.errors import OutputError, say
from probisnis.outputs.interrupt import signals_deferred

__all__ = [
    "atomic_open",
    "atomic_path",
    "check_target",
    "fsync_path",
    "new_temporary",
    "os_error_message",
    "unlink_quietly",
    "write_bytes_atomic",
    "write_text_atomic",
]

_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def os_error_message(exc: BaseException, what: str) -> str:
    """One line saying why ``what`` could not be written (disk full gets its own words), in
    Bahasa Indonesia with its English wording (:func:`probisnis.errors.say`)."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    why = getattr(exc, "strerror", None) or text
    if code in _DISK_FULL or "No space left" in text or "Disk quota" in text:
        return say(f"disk penuh saat menulis {what}: tidak ada yang ditulis dengan nama itu; "
                   "kosongkan sebagian ruang disk atau pilih folder keluaran lain",
                   f"disk full while writing {what}: nothing was written under its name; "
                   "free some space or choose another output folder")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return say(f"tidak ada izin menulis {what}: {why}",
                   f"no permission to write {what}: {why}")
    return say(f"tidak dapat menulis {what}: {why}", f"cannot write {what}: {why}")


def check_target(path: str | os.PathLike[str]) -> Path:
    """``path`` if a file may be written there: absent, or a regular file (not a link).

    A symbolic link is refused, never followed: an output folder someone else can write
    to could otherwise point ``kpis.csv`` at any file of the user's.
    """
    target = Path(path)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(os_error_message(exc, target.name), path=str(target)) from None
    if stat.S_ISLNK(st.st_mode):
        try:
            to = f" (to {os.readlink(target)})"
        except OSError:
            to = ""
        raise OutputError(say(
            f"{target.name} adalah tautan simbolik{to.replace(' (to ', ' (ke ')}; probisnis "
            "tidak pernah menulis melalui tautan: hapus tautannya atau pilih folder keluaran "
            "lain",
            f"{target.name} is a symbolic link{to}; probisnis never writes through a link: "
            "remove the link or choose another output folder"), path=str(target))
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(say(
            f"{target.name} sudah ada dan bukan berkas biasa (folder, FIFO atau perangkat); "
            "hapus atau pilih folder keluaran lain",
            f"{target.name} exists and is not a regular file (a folder, FIFO or device); "
            "remove it or choose another output folder"), path=str(target))
    return target


def fsync_path(path: str) -> None:
    """Flush a written file to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask, read without changing it where Linux says it (setting it to 0 and
    back would let a file another thread makes meanwhile be writable by everyone)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0)  # (another system, or a Linux before 4.7)
    os.umask(mask)
    return mask


def new_temporary(target: Path) -> str:
    """A new empty file next to ``target`` (``O_EXCL``: never an existing file or link),
    with the permissions a plain ``open()`` would give it (mkstemp's are owner-only)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(os_error_message(exc, target.name), path=str(target)) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
    except OSError as exc:
        unlink_quietly(tmp)
        raise OutputError(os_error_message(exc, target.name), path=str(target)) from None
    finally:
        os.close(fd)
    return tmp


def unlink_quietly(path: str | os.PathLike[str] | None) -> None:
    """Remove the file ``path`` if it is there and can be removed; ``None``: nothing."""
    if path is None:  # the temporary file was never made
        return
    with contextlib.suppress(OSError):
        os.unlink(path)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, durable: bool = True) -> Iterator[Path]:
    """A temporary path next to ``path``; renamed to ``path`` when the block ends cleanly.

    ``durable`` flushes the file to disk before the rename (so a power cut leaves the
    old file or the new one). On any exception the temporary file is removed.
    """
    target = check_target(path)
    tmp: str | None = None
    try:
        with signals_deferred():  # a Ctrl-C now would leave the new file with no one to remove it
            tmp = new_temporary(target)
        yield Path(tmp)
        if durable:
            fsync_path(tmp)
        check_target(target)  # a link put there meanwhile: refuse (the rename would not follow)
        os.replace(tmp, target)
    except BaseException as exc:
        with signals_deferred():  # a second Ctrl-C waits until the temporary file is gone
            unlink_quietly(tmp)
        if isinstance(exc, OSError):
            raise OutputError(os_error_message(exc, target.name), path=str(target)) from None
        raise


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", *, encoding: str | None = "utf-8",
    newline: str | None = "", durable: bool = True,
) -> Iterator[IO[Any]]:
    """An open file that becomes ``path`` when the block ends cleanly (see :func:`atomic_path`)."""
    if "b" in mode:
        encoding = newline = None
    with atomic_path(path, durable=durable) as tmp, open(
        tmp, mode, encoding=encoding, newline=newline
    ) as fh:
        yield fh


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; return the path."""
    with atomic_open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return the path."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)
