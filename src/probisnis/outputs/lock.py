"""One run at a time in an output folder: a lock file inside it, held while the run writes.

Public API::

    with folder_lock(folder, "simulate") as lock:   # the folder is made when missing
        lock.stale      # the run that held it and died without letting go, or None
        ...
    lock.stale_note(lang) -> str | None              # that, as a note for the terminal
    LOCK_NAME                                        # ".probisnis.lock"

A second run into a folder another run is writing is refused at once with
:class:`~probisnis.errors.OutputError` (exit status 1), before it reads or touches anything
there: the message names the folder and the other run (its command, process id and start)
and says what to do. Without the lock the second run took the first's manifest (status
``running``) for a killed run's, removed its temporary files and overwrote its manifest, and
whichever ended last removed the other's files.

The lock is :func:`fcntl.flock` on ``FOLDER/.probisnis.lock``: the kernel lets go of it when
the process ends, however it ends, so a run killed outright (SIGKILL, a power cut) never
blocks the next one; the file it leaves behind (hidden, never in the manifest) says who it was
(:attr:`FolderLock.stale`) and is taken over. Where ``flock`` is not available (no
:mod:`fcntl`, a network file system without locks) the process id written in the file
decides: a process still alive on this computer holds the folder, a dead one does not.

Processes the run forks after taking the lock (a local worker pool) close their copy at once
(:func:`os.register_at_fork`), so a worker outliving a killed run does not hold the folder.
The lock file is removed when the run ends, while still locked; a run that opened the old file
just before then finds, once it has the lock, that the name is no longer that file, and
starts again with a new one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from probisnis.errors import OutputError, say
from probisnis.outputs.atomic import check_target, os_error_message
from probisnis.outputs.interrupt import signals_deferred

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "FolderLock", "folder_lock"]

LOCK_NAME = ".probisnis.lock"

#: errors of a file system that cannot lock (then the process id decides)
_NO_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL)

#: lock files this process holds: closed in a forked child (see the module text)
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OSError:
        return False
    return True


def _read_holder(fd: int) -> dict[str, Any] | None:
    """Who wrote the lock file (``pid``, ``host``, ``command``, ``started``), or ``None``."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        doc = json.loads(os.read(fd, 4096).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("pid"), int):
        return None
    return doc


def _who(holder: dict[str, Any] | None, lang: str) -> str:
    """``simulate, proses 1234, mulai 2026-12-04 16:40:02`` (or in English)."""
    if not holder:
        return ""
    parts = [str(holder.get("command") or "probisnis")]
    parts.append(f"{'process' if lang == 'en' else 'proses'} {holder['pid']}")
    started = str(holder.get("started") or "")
    if started:
        parts.append(f"{'started' if lang == 'en' else 'mulai'} "
                     f"{started.replace('T', ' ')[:19]}")
    host = holder.get("host")
    if host and host != socket.gethostname():
        parts.append(f"{'on computer' if lang == 'en' else 'di komputer'} {host}")
    return ", ".join(parts)


def _same_host(holder: dict[str, Any]) -> bool:
    return holder.get("host") in (None, socket.gethostname())


class FolderLock:
    """The lock of one output folder (see the module text); :func:`folder_lock` holds it
    for a ``with`` block."""

    def __init__(self, folder: str | os.PathLike[str], command: str) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self.command = command
        #: the run that held the folder and ended without letting go (killed outright):
        #: ``{"pid", "host", "command", "started"}``, or ``None``
        self.stale: dict[str, Any] | None = None
        self._fd: int | None = None
        self._made = False
        self._by_pid = False  # no flock here: the process id in the file decided

    def acquire(self) -> FolderLock:
        """Take the folder (made when missing) or raise :class:`OutputError` at once."""
        try:
            with signals_deferred():  # a Ctrl-C now would leave a lock no one lets go of
                self._make_folder()
                for _ in range(20):  # each round: a run ending just then removed the file
                    if self._try_once():
                        break
                else:  # pragma: no cover - twenty runs ending one after another meanwhile
                    raise self._refusal(None, flock=True)
        except BaseException:  # (a signal held back above is raised as the block ends)
            self.release()
            raise
        return self

    def _make_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError(say("sudah ada dan bukan folder: pilih folder keluaran lain",
                                  "exists and is not a folder: choose another output folder"),
                              path=str(self.folder))
        if not self.folder.exists():
            try:
                self.folder.mkdir(parents=True)
                self._made = True
            except FileExistsError:  # another run made it meanwhile
                pass
            except OSError as exc:
                raise OutputError(os_error_message(exc, f"folder {self.folder}"),
                                  path=str(self.folder)) from None

    def _try_once(self) -> bool:
        """One attempt: ``True`` with the lock held, ``False`` to try again."""
        check_target(self.path)  # a link at the lock's name is refused, never followed
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(
            os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise OutputError(os_error_message(exc, f"{LOCK_NAME} (kunci folder)"),
                              path=str(self.path)) from None
        try:
            holder = _read_holder(fd)
            if not self._lock(fd, holder):
                raise self._refusal(holder, flock=not self._by_pid)
            try:  # the name must still be this file (a run ending removes it)
                now = os.lstat(self.path)
            except FileNotFoundError:
                now = None
            here = os.fstat(fd)
            if now is None or (now.st_dev, now.st_ino) != (here.st_dev, here.st_ino):
                os.close(fd)
                return False
            if holder is not None and holder.get("pid") != os.getpid():
                self.stale = holder
            self._write(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        self._fd = fd
        _HELD.add(fd)
        return True

    def _lock(self, fd: int, holder: dict[str, Any] | None) -> bool:
        """Lock ``fd``: ``False`` when another run holds it."""
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                return False
            except OSError as exc:
                if exc.errno not in _NO_LOCKS:
                    raise OutputError(os_error_message(exc, f"{LOCK_NAME} (kunci folder)"),
                                      path=str(self.path)) from None
        self._by_pid = True
        if holder is None or holder["pid"] == os.getpid():
            return True
        return not (_alive(int(holder["pid"])) or not _same_host(holder))

    def _write(self, fd: int) -> None:
        doc = {"pid": os.getpid(), "host": socket.gethostname(), "command": self.command,
               "started": datetime.now().astimezone().isoformat(timespec="seconds")}
        data = (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
        except OSError as exc:
            raise OutputError(os_error_message(exc, f"{LOCK_NAME} (kunci folder)"),
                              path=str(self.path)) from None

    def _refusal(self, holder: dict[str, Any] | None, *, flock: bool) -> OutputError:
        who_id, who_en = _who(holder, "id"), _who(holder, "en")
        if not flock:  # the process id decided: it may be wrong (a reused id, another host)
            hint_id = (f"; bila run itu sudah tidak berjalan, hapus berkas {self.path} lalu "
                       "ulangi")
            hint_en = f"; if that run is no longer running, remove {self.path} and try again"
        else:
            hint_id = hint_en = ""
        stop_id = stop_en = ""
        if holder and _same_host(holder):
            stop_id = f" (menghentikannya: Ctrl-C di terminalnya, atau kill {holder['pid']})"
            stop_en = f" (to stop it: Ctrl-C in its terminal, or kill {holder['pid']})"
        return OutputError(say(
            f"folder {self.folder} sedang dipakai oleh run probisnis lain"
            f"{f' ({who_id})' if who_id else ''}; run ini berhenti tanpa menyentuh folder itu. "
            f"Tunggu sampai run itu selesai{stop_id}, atau pakai --out lain{hint_id}",
            f"the folder {self.folder} is in use by another probisnis run"
            f"{f' ({who_en})' if who_en else ''}; this run stopped without touching it. "
            f"Wait until that run ends{stop_en}, or give another --out{hint_en}"),
            path=None)

    def stale_note(self, lang: str = "id") -> str | None:
        """A note that the folder was held by a run that died without letting go (or
        ``None``): its files may be unfinished; this run replaces them."""
        if self.stale is None:
            return None
        if lang == "en":
            return (f"note: the earlier run into {self.folder} ({_who(self.stale, 'en')}) "
                    "ended without releasing the folder (killed outright?); this run takes "
                    "it over")
        return (f"catatan: run sebelumnya ke folder {self.folder} ({_who(self.stale, 'id')}) "
                "berhenti tanpa melepas folder itu (dimatikan paksa?); run ini "
                "mengambil alih")

    def release(self) -> None:
        """Let go: the lock file removed (still locked, so no other run takes the old one),
        then closed; a folder this lock made and nothing else filled is removed too."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with signals_deferred():
            try:
                with contextlib.suppress(OSError):
                    here, now = os.fstat(fd), os.lstat(self.path)
                    if (here.st_dev, here.st_ino) == (now.st_dev, now.st_ino):
                        os.unlink(self.path)
            finally:
                _HELD.discard(fd)
                with contextlib.suppress(OSError):
                    os.close(fd)
            if self._made:
                with contextlib.suppress(OSError):
                    self.folder.rmdir()  # only when empty

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str], command: str) -> Iterator[FolderLock]:
    """Hold ``folder`` for one run of ``command`` (see the module text)."""
    with FolderLock(folder, command) as lock:
        yield lock
