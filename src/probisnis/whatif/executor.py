"""Where replications run: one interface, a local process pool and a Dask cluster behind it.

:meth:`Executor.run` maps a picklable top-level function over a list of items and
returns an :class:`Outcome` whose ``results`` keep the items' order (``None`` where an
item did not finish). Each item carries its own seed, so the results are the same for
any number of workers and any order of completion. Ctrl-C stops the run: work not yet
started is cancelled, what finished is returned with ``interrupted`` set.

* :class:`LocalExecutor`: ``workers`` processes on this machine (forked while the caller
  has one thread, else started by a fork server; Ctrl-C ignored in the workers so only the
  caller decides); one worker runs in this process with no pool at all.
* :class:`DaskExecutor`: Dask distributed's futures API (``Client.submit`` and
  ``as_completed``) on the scheduler at ``address`` (reached through
  :func:`probisnis.whatif.scheduler.connect`: a wrong or unanswered address is a
  :class:`~probisnis.errors.ClusterError` within seconds) or on a given ``Client``; work
  already submitted is cancelled when a Ctrl-C or an error stops the run.

A progress bar with an ETA (:func:`probisnis.progress.progress_bar`) goes to stderr when
``progress`` is true.
"""

from __future__ import annotations

import contextlib
import os
import signal
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from probisnis.errors import UsageError, say
from probisnis.progress import progress_bar

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "Outcome", "default_workers",
           "make_executor", "progress_bar"]


@dataclass(frozen=True)
class Outcome:
    """Results in the order of the items (``None``: not finished); ``interrupted``: Ctrl-C
    (``stop``: the :class:`KeyboardInterrupt` itself, e.g. SIGTERM's, to raise again)."""

    results: list[Any]
    interrupted: bool = False
    stop: BaseException | None = None

    @property
    def finished(self) -> int:
        return sum(r is not None for r in self.results)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Executor(ABC):
    """Runs ``fn`` over items somewhere; see the module text."""

    @property
    @abstractmethod
    def workers(self) -> int:
        """How many items may run at once."""

    @abstractmethod
    def run(self, fn: Callable[[Any], Any], items: Sequence[Any], *, progress: bool = False,
            desc: str = "") -> Outcome:
        """``fn(item)`` for every item; see :class:`Outcome`."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release what the executor holds (a pool, a client)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: prctl's option asking the kernel to send a signal when the parent process ends (Linux)
_PR_SET_PDEATHSIG = 1


def _worker_start() -> None:
    """A local worker: Ctrl-C is the parent's to handle (it cancels the pool); SIGTERM
    ends the worker, not the parent's handler it was forked with; and the worker ends when
    its parent does, even by ``kill -9`` (Linux: ``prctl(PR_SET_PDEATHSIG)``), instead of
    waiting forever on the pipe of a pool nobody reads."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:  # (the parent ended before the request was made)
        os._exit(1)


def _start_method() -> str:
    """``fork`` while this process runs one thread (workers start at once, with the
    modules and caches already loaded), else ``forkserver`` (forking a process with
    threads may deadlock the child)."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class LocalExecutor(Executor):
    """A pool of ``workers`` local processes (default: all cores); 1 runs in-process."""

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and (isinstance(workers, bool) or workers < 1):
            raise UsageError(say(f"--workers harus >= 1, bukan {workers}",
                                 f"--workers must be >= 1, got {workers}"))
        self._workers = workers or default_workers()

    @property
    def workers(self) -> int:
        return self._workers

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any], *, progress: bool = False,
            desc: str = "") -> Outcome:
        results: list[Any] = [None] * len(items)
        if self._workers == 1 or len(items) <= 1:
            with progress_bar(len(items), progress, desc) as bar:
                try:
                    for i, item in enumerate(items):
                        results[i] = fn(item)
                        bar.update()
                except KeyboardInterrupt as exc:
                    return Outcome(results, interrupted=True, stop=exc)
            return Outcome(results)
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        context = multiprocessing.get_context(_start_method())
        # (the pool starts its processes at the first submit, inside the try: a Ctrl-C while
        # they start or items are handed over shuts them down too, rather than leaving them
        # to work through every item before the program may exit)
        pool = ProcessPoolExecutor(max_workers=min(self._workers, len(items)),
                                   mp_context=context, initializer=_worker_start)
        futures: dict[Any, int] = {}
        interrupted = False
        stop: BaseException | None = None
        with progress_bar(len(items), progress, desc) as bar:
            try:
                for i, item in enumerate(items):
                    futures[pool.submit(fn, item)] = i
                pending = set(futures)
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        results[futures[f]] = f.result()
                        bar.update()
            except KeyboardInterrupt as exc:
                interrupted, stop = True, exc
                for f in futures:
                    f.cancel()
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        if interrupted:  # keep what finished while the others were being cancelled
            for f, i in futures.items():
                if results[i] is None and f.done() and not f.cancelled() \
                        and f.exception() is None:
                    results[i] = f.result()
        return Outcome(results, interrupted=interrupted, stop=stop)


class DaskExecutor(Executor):
    """Dask distributed: the scheduler at ``address`` (``tcp://host:8786``) or a ``Client``."""

    def __init__(self, address: str | Any) -> None:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - a dependency of the package
            raise UsageError(say("--scheduler memerlukan dask[distributed] terpasang",
                                 "--scheduler needs dask[distributed] installed")) from None
        if isinstance(address, Client):
            self._client, self._own = address, False
        else:  # a wrong address or no scheduler there: ClusterError, soon, in Indonesian
            from probisnis.whatif.scheduler import connect

            self._client, self._own = connect(str(address)), True

    @property
    def workers(self) -> int:
        info = self._client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any], *, progress: bool = False,
            desc: str = "") -> Outcome:
        from distributed import as_completed

        results: list[Any] = [None] * len(items)
        futures: list[Any] = []
        interrupted = False
        stop: BaseException | None = None
        with progress_bar(len(items), progress, desc) as bar:
            # (submitting inside the try: a Ctrl-C or an error while items are handed over
            # cancels those already on the cluster too, rather than leaving them to run)
            try:
                for item in items:
                    futures.append(self._client.submit(fn, item, pure=False))
                index = {f.key: i for i, f in enumerate(futures)}
                for f in as_completed(futures):
                    results[index[f.key]] = f.result()
                    bar.update()
            except KeyboardInterrupt as exc:
                interrupted, stop = True, exc
            finally:
                unfinished = [f for f in futures if not f.done()]
                if unfinished:
                    with contextlib.suppress(Exception):  # (the cluster may be gone)
                        self._client.cancel(unfinished)
        if interrupted:  # keep what finished before the stop
            for i, f in enumerate(futures):
                if results[i] is None and f.status == "finished":
                    with contextlib.suppress(Exception):
                        results[i] = f.result()
        return Outcome(results, interrupted=interrupted, stop=stop)

    def close(self) -> None:
        if self._own:
            self._client.close()


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor the CLI options ask for: Dask with ``scheduler``, else local."""
    if scheduler:
        if workers is not None:
            raise UsageError(say("pilih salah satu: --workers (komputer ini) atau --scheduler "
                                 "(Dask)",
                                 "give either --workers (this machine) or --scheduler (Dask)"))
        return DaskExecutor(scheduler)
    return LocalExecutor(workers)
