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

:func:`signals_deferred` holds a signal back with a handler, not with the thread's signal
mask: the kernel gives a signal the main thread blocks to any other thread (pyarrow's
pool, a progress bar's monitor), and Python then runs the handler in the main thread all
the same, in the middle of the block. The handler notes the signal while a block runs and
it is delivered when the outermost block ends.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

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


#: how many signals_deferred blocks the main thread is in, and the signals they held back
_depth = 0
_held: list[int] = []


def _raise(signum: int, frame: FrameType | None) -> None:
    if _depth:  # inside signals_deferred: delivered when the block ends
        if signum not in _held:
            _held.append(signum)
        return
    raise Interrupted(signum)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _restore(previous: dict[int, Any]) -> None:
    """Put the handlers back, SIGTERM's first: a SIGINT landing on its restored handler
    (a :class:`KeyboardInterrupt`) then leaves no handler of ours behind."""
    for sig in sorted(previous, reverse=True):
        signal.signal(sig, previous[sig])


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` inside the block (main thread only;
    elsewhere the block runs unchanged). The previous handlers come back afterwards."""
    if not _main_thread():
        yield
        return
    # read first, then replace: a signal between two replacements leaves none of ours behind
    previous = {sig: signal.getsignal(sig) for sig in HANDLED_SIGNALS}
    try:
        for sig in HANDLED_SIGNALS:
            signal.signal(sig, _raise)
        yield
    finally:
        _restore({s: h for s, h in previous.items() if h is not None})


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs (a rename and its record in the
    manifest happen together or not at all); a held signal is delivered when the outermost
    block ends, to the handler that was there before (:class:`Interrupted` under
    :func:`stop_on_signals`, :class:`KeyboardInterrupt` or the end of the process without)."""
    global _depth, _held
    if not _main_thread():
        yield
        return
    replaced: dict[int, Any] = {}
    _depth += 1  # (no call: no handler can run before the try)
    try:
        for sig in HANDLED_SIGNALS:
            handler = signal.getsignal(sig)
            if handler is not _raise and handler is not None:
                signal.signal(sig, _raise)
                replaced[sig] = handler
        yield
    finally:
        try:
            _restore(replaced)
        finally:
            _depth -= 1
            if not _depth:
                held, _held = _held, []
                for signum in held:  # to the handler put back: Interrupted, or as before
                    signal.raise_signal(signum)
