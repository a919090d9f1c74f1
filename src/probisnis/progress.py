"""The progress bar of replications (tqdm, on stderr, with an ETA) and the stand-in used
when none is shown. tqdm is imported only for a bar (about 25 ms: importlib.metadata), so
a run without a terminal never loads it; the stand-in also keeps a process without bar
free of tqdm's thread (a process with threads is not safely forked)."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["NoBar", "progress_bar"]


class NoBar:
    """Stands in for a progress bar when none is shown."""

    def update(self, n: int = 1) -> None:
        pass

    def __enter__(self) -> NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int, progress: bool, desc: str = "replikasi") -> Any:
    """A bar over ``total`` items (``update()``, a context manager); a :class:`NoBar` if
    not ``progress``."""
    if not progress:
        return NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rep", file=sys.stderr, leave=False,
                dynamic_ncols=True)
