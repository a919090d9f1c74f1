"""Presence: a person who is at work in a given hour only with some probability.

Prosimos's FUZZY calendars, given one meaning. A pool's ``presence``
(:attr:`ResourcePool.presence`) states, for each weekday and each granule of the day (an
hour unless said otherwise), the probability that its person is present. In every
replication each granule of each day is drawn once, independently: present for the whole
granule or absent for the whole of it, and never on the closed dates (holidays, cuti
bersama) of the scenario's calendar. Absent, the person neither starts nor continues
work: a task pauses over an absent granule as over a closed period of a calendar. The
presence is thus a working calendar drawn at random (:class:`PresenceCalendar`), one per
person: a presence pool has exactly one person, so a role of several people with fuzzy
calendars is several such pools (``prosimos.py`` makes them). Utilisation counts the time
the person was present.

Prosimos 2.1 instead draws anew at every question it asks about a granule (is the
resource working now, when is it next available, is this granule of the task's work
available), so the same person at the same minute can be present for one question and
absent for the next; ``docs/simulation.md`` has the measurement.

The draws of day ``d`` come from a generator keyed by the replication's seed, the pool's
id and ``d``, so the calendar is the same whichever order its days are asked in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np

from probisnis.errors import say
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.calendar_spec import Weekly, merge_periods
from probisnis.sim.streams import stable_key

if TYPE_CHECKING:
    from probisnis.sim.bind import Context
    from probisnis.sim.scenario import Scenario

__all__ = ["Presence", "PresenceCalendar", "check_presence"]

DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class Presence:
    """Per weekday (Monday first) the probability of presence in each ``granule`` seconds
    of the day (``86400 / granule`` of them)."""

    probabilities: tuple[tuple[float, ...], ...]
    granule: float = 3600.0

    def possible(self) -> Weekly:
        """The periods in which the person may be present (probability above 0)."""
        g = self.granule
        return tuple(merge_periods((i * g, (i + 1) * g) for i, p in enumerate(day) if p > 0)
                     for day in self.probabilities)

    def realize(self, start: datetime, seed: np.random.SeedSequence, pool: str,
                closed: WorkingCalendar | None = None) -> PresenceCalendar:
        """The presence of one replication: a calendar drawn granule by granule, closed on
        the closed dates (holidays, cuti bersama, extra dates) of ``closed``."""
        holidays, cuti, extra = (None, False, frozenset()) if closed is None else (
            closed.holidays, closed.cuti_bersama, closed.extra_closed)
        return PresenceCalendar(start, self.possible(), holidays, cuti, extra, 366,
                                presence=self, entropy=seed.entropy,  # type: ignore[arg-type]
                                spawn_key=(*seed.spawn_key, stable_key("presence", pool)))


@dataclass(frozen=True)
class PresenceCalendar(WorkingCalendar):
    """A working calendar whose periods are the granules drawn present (see the module)."""

    presence: Presence = field(default=Presence(()), compare=False)
    entropy: int = 0
    spawn_key: tuple[int, ...] = ()

    def _periods(self, day: date) -> Sequence[tuple[float, float]]:
        probs = self.presence.probabilities[day.weekday()]
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            self.entropy, spawn_key=(*self.spawn_key, day.toordinal()))))
        drawn = rng.random(len(probs))
        g = self.presence.granule
        return merge_periods((i * g, (i + 1) * g) for i, p in enumerate(probs) if drawn[i] < p)


def check_presence(ctx: Context, s: Scenario) -> None:
    """A presence pool has one person, no calendar of its own and a probability for every
    granule of every weekday, some above 0."""
    for pid, pool in s.pools.items():
        presence = pool.presence
        if presence is None:
            continue
        key = f"resources.{pid}.presence"
        if pool.count != 1:
            raise ctx.fail(f"resources.{pid}.count", say(
                "kelompok pegawai dengan presence berisi tepat 1 orang (kehadiran diundi per "
                "orang), bukan "
                f"{pool.count}: buat satu kelompok pegawai per orang",
                f"a pool with presence has exactly 1 person (presence is drawn per person), "
                f"not {pool.count}: make a pool per person"))
        if pool.calendar is not None:
            raise ctx.fail(f"resources.{pid}.calendar", say(
                "kelompok pegawai dengan presence tidak memakai kalender: kehadirannya adalah "
                "kalendernya",
                "a pool with presence takes no calendar: its presence is its calendar"))
        g = presence.granule
        if not (60 <= g <= DAY and (DAY / g).is_integer()):
            raise ctx.fail(key, say(
                f"satuan waktu {g:g} detik harus membagi habis sehari (paling sedikit 60)",
                f"the granule of {g:g} s must divide a day (at least 60)"))
        if len(presence.probabilities) != 7 or any(
                len(day) != int(DAY / g) for day in presence.probabilities):
            raise ctx.fail(key, say(
                f"harus 7 hari x {int(DAY / g)} peluang", f"must be 7 days x {int(DAY / g)} "
                "probabilities"))
        for day in presence.probabilities:
            for p in day:
                if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
                    raise ctx.fail(key, say(f"peluang harus di antara 0 dan 1, bukan {p!r}",
                                            f"a probability must be in [0, 1], got {p!r}"))
        if not any(any(day) for day in presence.probabilities):
            raise ctx.fail(key, say("orang ini tidak pernah hadir (semua peluang 0)",
                                    "this person is never present (every probability is 0)"))
