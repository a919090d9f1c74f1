"""Real signals sent to this very process at a chosen moment, by the main thread or by
another one.

A process with threads besides the main one (pyarrow's pool, a progress bar's monitor, a
Dask client) may have a signal delivered to any of them; Python then runs the handler in
the main thread at its next bytecode. :class:`OtherThread` makes that happen on purpose:
a thread started before the moment (as pyarrow's pool is) sends the signal to itself, so
the kernel delivers it there whatever the main thread's signal mask; the main thread
waits until it has (``join``), and its next bytecode runs the Python handler.
"""

from __future__ import annotations

import signal
import threading


def to_main_thread(sig: int = signal.SIGINT) -> None:
    """``sig`` delivered to the main thread (kept pending there while it blocks it)."""
    signal.pthread_kill(threading.main_thread().ident or 0, sig)


class OtherThread:
    """A thread waiting to send one signal, delivered to itself (see the module text)."""

    def __init__(self) -> None:
        self._go = threading.Event()
        self._sig = signal.SIGINT
        self._thread = threading.Thread(target=self._run, name="signal-sender", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._go.wait()
        signal.pthread_kill(threading.get_ident(), self._sig)  # handled before this returns

    def send(self, sig: int = signal.SIGINT) -> None:
        """Send ``sig`` from the other thread and wait until it has been delivered there."""
        self._sig = sig
        self._go.set()
        self._thread.join()
