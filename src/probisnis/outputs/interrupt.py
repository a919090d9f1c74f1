"""Ctrl-C (SIGINT) and SIGTERM as one exception, so a long run can finish its files cleanly.

Public API::

    with stop_on_signals():      # SIGINT / SIGTERM raise Interrupted(signum) in the main thread
        ...
    with signals_deferred():     # a signal arriving here waits until the block is done
        ...
    Interrupted(signum).signal_name, .exit_status   # "SIGTERM", 143

Without a handler SIGTERM kills the process at once (a Parquet file without its footer)
and SIGINT raises :class:`KeyboardInterrupt` wherever the program happens to be. With
:func:`stop_on_signals` both raise :class:`Interrupted` (a :class:`KeyboardInterrupt`),
which unwinds through ``finally`` blocks: open writers close, temporary files go, and
the command records what it kept. Python runs a signal handler between bytecodes, never
inside a C call, so a pyarrow write in progress completes first.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["HANDLED_SIGNALS", "Interrupted", "signals_deferred", "stop_on_signals"]

HANDLED_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by SIGINT (Ctrl-C) or SIGTERM."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(int(signum))
        self.signum = int(signum)

    @property
    def signal_name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    @property
    def exit_status(self) -> int:
        """The shell's convention: 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM)."""
        return 128 + self.signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` inside the block (main thread only;
    elsewhere the block runs unchanged). The previous handlers come back afterwards."""
    if not _main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in HANDLED_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs (a rename and its record in the
    manifest happen together or not at all); a held signal is delivered at the end."""
    if not _main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, set(HANDLED_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
