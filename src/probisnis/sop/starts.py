"""What starts a later "mulai" row of an SOP table, read from its Keterangan.

The export (:mod:`probisnis.sop.from_bpmn`) writes what has no SOP symbol into Keterangan:
a boundary event as ``selama No 7 berjalan, tidak menghentikannya``, an event subprocess as
``subproses peristiwa <name>: sewaktu-waktu selama proses berjalan, tidak menghentikan
proses``, a timer as ``menunggu waktu: <name> (R/P7D)`` (an ISO 8601 cycle, duration or
date in brackets). :func:`start_trigger` reads it back, so the import
(:mod:`probisnis.sop.to_bpmn`) gives the row a start that a run or a simulation can
trigger; where the table does not say enough, :attr:`StartTrigger.problem` says what is
missing (a review finding, ``sop.mulai``) and the row becomes a start that never fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from probisnis.sop.model import Sop, SopStep

__all__ = ["StartTrigger", "start_trigger", "timer_attrs"]

_WATCH = re.compile(r"selama No (\d+) berjalan, (tidak )?menghentikannya")
_EVENT_SUB = re.compile(
    r"subproses peristiwa (.+?): sewaktu-waktu selama proses berjalan, (tidak )?menghentikan"
)
_TIMER = re.compile(r"menunggu waktu:([^;]*)")
_ISO = re.compile(
    r"\((R\d*/P(?:\d|T)[0-9A-Z.]*|P(?:\d|T)[0-9A-Z.]*|\d{4}-\d{2}-\d{2}(?:T[0-9:.+Z-]+)?)\)"
)
_HOW = ("tulis di Keterangan, misalnya \"menunggu waktu: setiap minggu (R/P7D)\" "
        "(format waktu ISO 8601)")


@dataclass(frozen=True)
class StartTrigger:
    """How a later mulai row starts.

    ``kind``: ``"boundary"`` (while row ``attached_to`` runs), ``"event_subprocess"``
    (``name``: the subprocess's name) or ``"start"`` (a start event of its own);
    ``interrupting``: whether it stops what runs; ``timer``: the ISO 8601 value (``""``:
    not a timer, or not known); ``problem``: why no run can trigger it (``""``: one can).
    """

    kind: str
    attached_to: int | None = None
    name: str = ""
    interrupting: bool = False
    timer: str = ""
    problem: str = ""


def start_trigger(sop: Sop, step: SopStep) -> StartTrigger:
    """How ``step`` (a mulai row after the first) of ``sop`` starts, read from its Keterangan."""
    text = step.keterangan
    timer_text = _TIMER.search(text)
    iso = _ISO.search(timer_text.group(1)) if timer_text else None
    timer = iso.group(1) if iso else ""
    problem = ""
    if timer_text is None:
        problem = (f"No {step.no}: mulai tanpa pemicu yang diketahui (Keterangan tidak "
                   f"menyebut waktunya); diimpor sebagai awal yang tidak pernah terpicu: {_HOW}")
    elif not timer:
        problem = (f"No {step.no}: mulai menunggu waktu tanpa menyebut kapan "
                   f"(\"{timer_text.group(1).strip()}\"); diimpor sebagai awal yang tidak "
                   f"pernah terpicu: {_HOW}")
    watch = _WATCH.search(text)
    if watch:
        no = int(watch.group(1))
        if not 1 <= no <= len(sop.steps) or sop.step(no).kind != "kegiatan":
            return StartTrigger("start", problem=(
                f"No {step.no}: Keterangan menyebut \"selama No {no} berjalan\", tetapi No {no} "
                "bukan kegiatan; diimpor sebagai awal yang tidak pernah terpicu"))
        return StartTrigger("boundary", attached_to=no, interrupting=not watch.group(2),
                            timer=timer, problem=problem)
    sub = _EVENT_SUB.search(text)
    if sub:
        return StartTrigger("event_subprocess", name=sub.group(1).strip(),
                            interrupting=not sub.group(2), timer=timer, problem=problem)
    if timer:  # at given times while the process runs: an event subprocess of the row
        return StartTrigger("event_subprocess", name=step.kegiatan, timer=timer)
    return StartTrigger("start", timer=timer, problem=problem)


def timer_attrs(value: str) -> dict[str, str]:
    """The timer definition's attribute for an ISO 8601 value, quoted as SpiffWorkflow
    evaluates it: ``R/...`` a cycle, ``P...`` a duration, else a date."""
    key = ("timeCycle" if value.startswith("R") else
           "timeDuration" if value.startswith("P") else "timeDate")
    return {key: f"'{value}'"}
