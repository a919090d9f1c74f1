"""Time that passes in a headless run: how long a human task stays open (``task_time``).

SpiffWorkflow measures timers against the wall clock, and a headless run completes a
task the instant its decisions allow, so on its own no time passes while a task waits:
a non-interrupting boundary timer on a task, a timer-started event subprocess or a
``timeCycle`` ("secara berkala") never fires. ``task_time`` says how long each human
task (by element id, or ``"*"`` for every one) stays open; before the run completes
such a task, :func:`pass_time` moves the run's own clock forward by that much, firing
every timer that falls due on the way, in order of time, each one's follow-up
(engine steps, the next occurrence of a cycle) included before the next.

The run's clock is the wall clock plus an offset. A timer's due time is computed by
SpiffWorkflow from the wall clock when it starts waiting; :class:`Clock` notes the
offset in force then, so a timer armed "later" in the run's time falls due later.
Date timers (``timeDate``) are absolute and fire when the run's clock reaches them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from probisnis.errors import RunError, UsageError
from probisnis.present.numbers import angka
from probisnis.run.trace import all_tasks

if TYPE_CHECKING:
    from probisnis.run.engine import Run

__all__ = ["EVERY_TASK", "MAX_FIRINGS", "Clock", "advance_to", "parse_task_time", "pass_time",
           "shift_waiting_timers", "wall_now"]

#: the key of ``task_time`` that applies to every human task not named
EVERY_TASK = "*"
#: timer firings within one task's time after which the run stops (a cycle with no end)
MAX_FIRINGS = 1_000

_PAST = "2000-01-01T00:00:00+00:00"
_DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?[YMWD])*(T(?=\d)(\d+(\.\d+)?[HMS])*)?$")


def wall_now() -> datetime:
    """The wall clock (UTC), as SpiffWorkflow reads it to arm a timer."""
    return datetime.now(UTC)


def parse_duration(text: str, where: str) -> timedelta:
    """An ISO 8601 duration (``P3D``, ``PT4H``; months as 30 days) as a timedelta."""
    value = text.strip().upper()
    if not _DURATION.match(value):
        raise UsageError(f"{where}: {text!r} bukan durasi ISO 8601 (contoh: P3D = 3 hari, "
                         "PT4H = 4 jam, P1DT2H = 1 hari 2 jam)")
    parsed = TimerEventDefinition.parse_iso_duration(value)
    days = parsed.pop("days", 0) + 30 * parsed.pop("months", 0) + 365 * parsed.pop("years", 0)
    return timedelta(days=days, **parsed)


def parse_task_time(spec: Mapping[str, Any] | str | None) -> dict[str, timedelta]:
    """``{"M1b_laksanakan": "P10D", "*": "PT4H"}`` (or one duration for every task)."""
    if spec is None:
        return {}
    if isinstance(spec, str):
        return {EVERY_TASK: parse_duration(spec, "task_time")}
    parsed = {}
    for key, value in spec.items():
        if isinstance(value, timedelta):
            parsed[str(key)] = value
        else:
            parsed[str(key)] = parse_duration(str(value), f"task_time[{key}]")
        if parsed[str(key)] < timedelta(0):
            raise UsageError(f"task_time[{key}]: durasi tidak boleh negatif (tugas tidak dapat "
                             "terbuka selama waktu negatif)")
    return parsed


def _timer_definitions(definition: Any) -> list[Any]:
    if isinstance(definition, TimerEventDefinition):
        return [definition]
    if isinstance(definition, MultipleEventDefinition):
        return [d for d in definition.event_definitions if isinstance(d, TimerEventDefinition)]
    return []


@dataclass
class Clock:
    """A run's clock: wall clock + ``offset``; the offset each waiting timer was armed at."""

    offset: timedelta = timedelta(0)
    armed: dict[Any, timedelta] = field(default_factory=dict)

    def now(self) -> datetime:
        return wall_now() + self.offset

    def due(self, task: Task) -> datetime | None:
        """When the waiting timer ``task`` fires on this clock (``None``: not a timer)."""
        if task.state != TaskState.WAITING:
            return None
        definitions = _timer_definitions(getattr(task.task_spec, "event_definition", None))
        if not definitions:
            return None
        armed = self.armed.setdefault(task.id, self.offset)
        value = task._get_internal_data("event_value")
        if value is None:
            return None
        if isinstance(definitions[0], CycleTimerEventDefinition):
            if not isinstance(value, dict) or value.get("cycles") == 0:
                return None
            return _aware(datetime.fromisoformat(value["next"])) + armed
        try:
            when = TimerEventDefinition.parse_time_or_duration(value)
        except Exception:  # an unparsable value is reported as waiting, not fired
            return None
        if not isinstance(when, datetime):
            return None
        if isinstance(definitions[0], TimeDateEventDefinition) and len(definitions) == 1:
            return _aware(when)
        return _aware(when) + armed


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def shift_waiting_timers(workflow: Any, by: timedelta) -> None:
    """Move the wall-clock due time of every waiting duration or cycle timer later by ``by``:
    the time a saved run spent on disk is no time on its clock (a 3-day deadline resumed a
    day later still has its 3 days). A date timer (``timeDate``) is a date: it stays."""
    for task in all_tasks(workflow):
        if task.state != TaskState.WAITING:
            continue
        definitions = _timer_definitions(getattr(task.task_spec, "event_definition", None))
        if not definitions or (isinstance(definitions[0], TimeDateEventDefinition)
                               and len(definitions) == 1):
            continue
        value = task._get_internal_data("event_value")
        if isinstance(definitions[0], CycleTimerEventDefinition):
            if isinstance(value, dict) and isinstance(value.get("next"), str):
                later = _aware(datetime.fromisoformat(value["next"])) + by
                task._set_internal_data(event_value={**value, "next": later.isoformat()})
            continue
        if not isinstance(value, str):
            continue
        try:
            when = TimerEventDefinition.parse_time_or_duration(value)
        except Exception:  # an unparsable value is reported as waiting, as in due()
            continue
        if isinstance(when, datetime):
            task._set_internal_data(event_value=(_aware(when) + by).isoformat())


def advance_to(clock: Clock, when: datetime) -> None:
    """Move ``clock`` forward to ``when`` (never back), to the whole second.

    A due time is SpiffWorkflow's wall-clock arming time plus the timer's duration; the
    fraction of a second the run itself took since then is not the process's time.
    """
    ahead = timedelta(seconds=round((when - wall_now()).total_seconds()))
    clock.offset = max(clock.offset, ahead)


def _fire(task: Task) -> bool:
    """Fire the waiting timer ``task`` now; a cycle keeps its own schedule for the next.

    Returns whether it was a recurring timer (which stays waiting: its firing is noted
    on the trace by the caller; a one-off timer completes and is traced as it is)."""
    value = task._get_internal_data("event_value")
    definition = _timer_definitions(task.task_spec.event_definition)[0]
    if isinstance(definition, CycleTimerEventDefinition) and isinstance(value, dict):
        scheduled = value["next"]
        task._set_internal_data(event_value={**value, "next": _PAST})
        task.task_spec._update(task)
        after = task._get_internal_data("event_value")
        if isinstance(after, dict) and after.get("cycles") != 0:
            step = timedelta(seconds=after["duration"])
            after["next"] = (_aware(datetime.fromisoformat(scheduled)) + step).isoformat()
            task._set_internal_data(event_value=after)
        return True
    task._set_internal_data(event_value=_PAST)
    task.task_spec._update(task)
    return False


def pass_time(run: Run, delta: timedelta) -> int:
    """Move ``run``'s clock forward by ``delta``, firing the timers due on the way.

    Returns how many timers fired. Each firing is followed by the engine steps it
    causes (a boundary path, an event subprocess, the next occurrence of a cycle)
    before the next timer is looked at.
    """
    clock = run.clock
    end = clock.offset + delta
    fired = 0
    while True:
        wall = wall_now()
        due = [(when, task) for task in all_tasks(run.workflow)
               if (when := clock.due(task)) is not None]
        due = [(when, task) for when, task in due if when <= wall + end]
        if not due:
            break
        first = min(when for when, _ in due)
        advance_to(clock, first)
        for when, task in due:
            if when == first:
                run.timer_fired()
                if _fire(task):
                    run.stamper.fire(task)
                fired += 1
        if fired > MAX_FIRINGS:
            raise RunError(
                f"lebih dari {angka(MAX_FIRINGS)} pewaktu berbunyi selama satu tugas terbuka: "
                "timeCycle yang lebih pendek daripada waktu tugas? Beri tugas waktu yang lebih "
                "singkat (--task-time)",
                element_id=run.process_id,
            )
        run._advance()
    clock.offset = max(clock.offset, end)
    return fired
