"""Enumerate the paths of a process and write a decisions set for each.

:func:`enumerate_paths` explores every combination of gateway outcomes
depth-first, replaying the process with SpiffWorkflow for each prefix of
choices. At a diverging gateway it picks an outgoing flow and finds data that
makes exactly that flow's condition true (values taken from the literals that
gateway's conditions compare against, then those of the whole library, plus
``True``/``False``); the data is
credited to the human task that completed last before the gateway, as that
task's entry for that visit. A descriptive gateway (no conditions) gets its
answer directly.

Rules that keep paths meaningful and finite:

- a variable is *owned* by the task that first set it in the path; later it
  may change only at that task again (``sesuai`` at each review pass, but
  ``bentuk`` stays what the strategy task chose);
- each (gateway, flow) pair is taken at most ``max_repeat`` times per path,
  so a review loop goes back 0, 1, ... ``max_repeat`` times (and a gateway
  inside the loop may give the same answer on every pass);
- a task's entry for one visit is written once: a later gateway cannot
  change what it already decided.

Every path found is then run again from scratch with the normal runner and
only its decisions set; its trace must equal the explored one (a
:class:`~probisnis.errors.RunError` otherwise), so what the caller gets are
decisions sets that provably reproduce the paths.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from probisnis.bpmn.model import TASK_KINDS
from probisnis.errors import RunError
from probisnis.present.numbers import angka
from probisnis.run.conditions import condition_values
from probisnis.run.decisions import Decisions
from probisnis.run.engine import Run
from probisnis.run.explorer import DeadEnd, ProcessPath, explore, setup
from probisnis.run.pathcount import paths_at_least

__all__ = ["DEFAULT_MAX_PATHS", "PathLimitError", "ProcessPath", "condition_values",
           "enumerate_paths", "replay_path"]

#: paths ``enumerate_paths`` finds at most (each costs two runs of the process)
DEFAULT_MAX_PATHS = 2_000


class PathLimitError(RunError):
    """More paths than ``max_paths``; ``paths`` holds those found before the cut."""

    def __init__(self, message: str, *, paths: list[ProcessPath], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.paths = paths


def enumerate_paths(
    process: str | os.PathLike[str],
    *,
    process_id: str | None = None,
    library: str | os.PathLike[str] | None = None,
    decisions: Decisions | Mapping[str, Any] | None = None,
    allow_non_executable: bool = False,
    max_repeat: int = 2,
    max_paths: int = DEFAULT_MAX_PATHS,
    deciders: Mapping[str, str] | None = None,
    cover: bool = False,
    trust_scripts: bool = False,
    task_time: Any = None,
) -> list[ProcessPath]:
    """Every path of ``process`` (see the module docstring), each with its decisions set.

    ``decisions`` are base data merged under the synthesised entries (for
    data that no gateway reads but a DMN table or script needs). ``deciders``
    maps a variable to the task that decides it (element id, or
    ``PROCESS:ID``); by default the human task completed last before the
    gateway is credited.

    ``cover=True`` stops short of every path: an alternative is explored only
    while its gateway outcome is not yet on a path found, which gives a few
    paths that still take every outcome of every gateway (for a top-level
    process whose paths are the product of its phases').

    ``task_time`` lets time pass while human tasks are open, as for
    :func:`~probisnis.run.engine.run`: the paths are found as without it (choices of
    data), then each path's decisions run once more with time passing, and that run is the
    path's ``result``, so the flows only timers start (a boundary timer's, an event
    subprocess's) count in its coverage too.
    """
    prepared = setup(process, process_id, library, decisions, allow_non_executable,
                     trust_scripts)
    advice = ("pakai --cover (beberapa jalur yang menempuh setiap hasil gerbang), naikkan "
              "--max-paths, atau pecah prosesnya")
    if not cover:
        least = paths_at_least(prepared.library, prepared.process_id, max_paths)
        if least > max_paths:
            raise PathLimitError(
                f"lebih dari {angka(max_paths)} jalur (gerbang tanpa kondisinya saja sudah "
                f"menghasilkan lebih), jadi jalurnya tidak didaftar: {advice}", paths=[],
                element_id=prepared.process_id)
    found: list[ProcessPath] = []
    for path in explore(prepared, max_repeat=max_repeat, deciders=deciders or {}, cover=cover,
                        max_attempts=max(20 * max_paths, 1_000)):
        if len(found) >= max_paths:
            raise PathLimitError(f"berhenti setelah {angka(max_paths)} jalur, dan prosesnya "
                                 f"punya lebih banyak: {advice}", paths=found,
                                 element_id=prepared.process_id)
        if task_time:
            timed = Run(prepared.library, prepared.process_id,
                        Decisions.from_mapping(path.decisions),
                        trust_scripts=prepared.trust_scripts, task_time=task_time).run()
            path = replace(path, result=timed)
        found.append(path)
    return found


def replay_path(
    process: str | os.PathLike[str],
    activities: Sequence[str],
    *,
    process_id: str | None = None,
    library: str | os.PathLike[str] | None = None,
    decisions: Decisions | Mapping[str, Any] | None = None,
    allow_non_executable: bool = False,
    kinds: Collection[str] = TASK_KINDS,
    ordered: bool = True,
    deciders: Mapping[str, str] | None = None,
    trust_scripts: bool = False,
) -> ProcessPath:
    """The path of ``process`` whose completed elements of ``kinds`` are ``activities``.

    For checking a path produced elsewhere (a simulation's case, an event
    log) against SpiffWorkflow: the explorer follows only gateway answers
    that keep the trace a prefix of ``activities`` and returns the path with
    a decisions set that reproduces it. ``ordered=False`` compares as a
    multiset (tasks of parallel branches may interleave in any order).
    Raises :class:`~probisnis.errors.RunError` when no path produces them,
    naming how far the longest attempt matched.
    """
    target = list(activities)
    prepared = setup(process, process_id, library, decisions, allow_non_executable,
                     trust_scripts)
    best: list[str] = []

    def done(run: Run) -> list[str]:
        frame = run.result().trace
        return list(frame.loc[frame["kind"].isin(kinds), "element_id"])

    def fits(got: list[str], whole: bool) -> bool:
        if ordered:
            return got == target if whole else got == target[: len(got)]
        need, have = Counter(target), Counter(got)
        return have == need if whole else all(have[k] <= need[k] for k in have)

    def watch(run: Run) -> None:
        nonlocal best
        got = done(run)
        if len(got) > len(best) and fits(got, whole=False):
            best = got
        if not fits(got, whole=run.completed):
            raise DeadEnd()

    repeat = max(Counter(target).values(), default=1) + 1
    for path in explore(prepared, max_repeat=repeat, deciders=deciders or {}, watch=watch):
        return path
    shown = " > ".join(best) or "(tidak ada)"
    following = target[len(best)] if ordered and len(best) < len(target) else None
    where = f"; tidak ada jalur yang berlanjut ke {following}" if following else ""
    raise RunError(f"tidak ada jalur proses yang menyelesaikan tepat {len(target)} elemen ini; "
                   f"yang terpanjang yang cocok: {shown}{where}", element_id=prepared.process_id)
