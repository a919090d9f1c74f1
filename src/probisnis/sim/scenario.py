"""Simulation scenarios: what to simulate, with which people, durations and branch odds.

The model layer: frozen dataclasses and nothing above them. Readers produce a
:class:`Scenario`: a TOML file in ``simulations/`` (``scenario_toml.load_scenario``,
format in ``docs/simulation.md``), a Prosimos JSON (``prosimos.load_prosimos``), a bare
model (``model_only.scenario_for_model``), or a program building the dataclasses. Each
ends in ``check.checked``, which compiles it against the model once, so every bad id or
probability is a :class:`ScenarioError` naming the file and the dotted key
(``simulations/x.toml: [tasks.T_foo] unknown task id ...``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from probisnis.bpmn.model import Definitions
from probisnis.errors import ScenarioError, say
from probisnis.sim.bounds import MAX_SECONDS
from probisnis.sim.distributions import Distribution

if TYPE_CHECKING:
    from probisnis.sim.calendar import WorkingCalendar
    from probisnis.sim.presence import Presence

__all__ = [
    "MAX_CASE_PRIORITY",
    "Arrivals",
    "Attribute",
    "Batch",
    "Firing",
    "ResourcePool",
    "Scenario",
    "TaskSpec",
    "has_batches",
    "parse_span",
]

_EMPTY: Mapping[str, Any] = MappingProxyType({})

#: the highest case priority (``Scenario.case_priority``; the same bound as a task's)
MAX_CASE_PRIORITY = 1000

#: calendar seconds per unit of ``horizon`` and arrival ``per`` (month = year / 12)
SPAN_SECONDS: Mapping[str, float] = MappingProxyType({
    "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "w": 7 * 86400.0, "week": 7 * 86400.0,
    "m": 365.25 * 86400.0 / 12, "month": 365.25 * 86400.0 / 12,
    "y": 365.25 * 86400.0, "year": 365.25 * 86400.0,
})
_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$")


@dataclass(frozen=True, slots=True)
class ResourcePool:
    """People who do the work: ``count`` of them, each available ``availability`` of the time.

    ``calendar`` is ``None`` for the scenario's default calendar. ``availability`` (0, 1]
    is the share of a person's working time given to this process: a task needing ``d``
    working seconds occupies its performer for ``d / availability`` working seconds.

    ``multitask`` lets a person hold several tasks at once: entry ``k - 1`` is the
    probability that a person holding ``k`` tasks takes one more, decided anew each time
    the number they hold changes (Prosimos's global multitasking table,
    :mod:`probisnis.sim.multitask`); empty: one task at a time. ``multitask_hours``: such a
    table for each hour of the week (168 of them, Monday 00:00-01:00 first; the hour in
    which the decision is made; Prosimos's local multitasking), empty: ``multitask``.
    ``presence``: the probability that the (one) person is at work in each hour of the week,
    drawn once per hour per replication and used as their calendar
    (:mod:`probisnis.sim.presence`, Prosimos's FUZZY calendars).
    """

    id: str
    count: int = 1
    name: str = ""
    calendar: WorkingCalendar | None = None
    availability: float = 1.0
    cost_per_hour: float = 0.0
    multitask: tuple[float, ...] = ()
    multitask_hours: tuple[tuple[float, ...], ...] = ()
    presence: Presence | None = None


@dataclass(frozen=True, slots=True)
class Attribute:
    """A case attribute sampled once per case: from a discrete distribution (``values``
    with ``probabilities``), or, when ``law`` is given, a number drawn from that law
    (``values`` and ``probabilities`` empty; Prosimos's continuous case attributes).
    ``per_run``: drawn once per replication, the same for every case (Prosimos's global
    attributes)."""

    name: str
    values: tuple[Any, ...]
    probabilities: tuple[float, ...]
    law: Distribution | None = None
    per_run: bool = False


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """How long an activity takes (working seconds) and which pool does it.

    ``pool`` ``None`` means "the pool of the activity's lane" (no lane: no resource,
    the activity is a pure delay on the default calendar). ``alternatives``: other pools
    whose people may do it too (the first free person of ``pool``, then of each
    alternative in order; else whoever is freed first). ``priority``: in a pool's queue,
    requests of a higher priority are served first (first come, first served within one).
    ``by_pool``: pool id -> the duration law when a person of that pool does the task
    (Prosimos gives every resource of a task its own law); pools not listed take
    ``duration``. A task with such laws takes, among its free people, the one free the
    longest (Prosimos's rule: who does it changes how long it takes).
    """

    duration: Distribution
    pool: str | None = None
    priority: int = 0
    alternatives: tuple[str, ...] = ()
    by_pool: Mapping[str, Distribution] = field(default_factory=lambda: _EMPTY)
    #: case attributes the task draws anew each time it completes (Prosimos's event
    #: attributes); until then the case's value is None
    sets: tuple[Attribute, ...] = ()
    #: done for several cases together (None: one case at a time)
    batch: Batch | None = None


@dataclass(frozen=True, slots=True)
class Firing:
    """One condition of a batch's firing rule (:attr:`Batch.rules`), checked at time ``t``
    on the ``n`` cases waiting (oldest first):

    * ``"size"``: ``n >= low``; the batch then takes at most ``high`` cases (0: all);
    * ``"oldest"``: the oldest has waited ``low`` calendar seconds (``high`` when it waits
      alone); ``"oldest_working"``: the same in working seconds of the task's calendar;
    * ``"idle"``: no case has come for ``low`` seconds (``high`` when one waits alone);
    * ``"hours"``: the time of day lies in ``[low, high)`` (seconds after midnight);
    * ``"at"``: the time of day is ``low`` (a moment each day);
    * ``"weekday"``: the day of the week is ``low`` (0 = Monday).
    """

    kind: str
    low: float = 0.0
    high: float = 0.0


@dataclass(frozen=True, slots=True)
class Batch:
    """A task done for several cases together (Prosimos's batch processing).

    Cases reaching the task wait until ``size`` of them are there; then one person does
    them all: ``"parallel"``: all at once, each case taking its own drawn duration times
    ``scale(size) * size`` (Prosimos: the batch's whole time), the person busy until the
    last case of the batch ends; ``"sequential"``: one after another, each taking its
    drawn duration times ``scale(size)``. ``scales``: batch size -> duration coefficient
    (a size not listed takes the nearest listed one, the smaller on a tie; a single case
    always takes its plain duration). Cases still waiting when nothing else can happen
    are done as one (smaller) batch. ``alone``: the probability that a case finding no
    batch open is done alone, as a plain task (Prosimos's first ``size_distrib`` entry).
    ``sizes``: (size, probability) pairs; when given, each batch's size is drawn from them
    as the batch opens (Prosimos's ``size_distrib`` without firing rules; a size of 1 is a
    batch of one) and ``size`` is not used. ``rules``: firing rules by the clock and by
    count (an OR of AND groups of :class:`Firing`); when given, they decide when a batch
    starts and ``size`` is only the largest ``size`` condition (0: none).
    """

    kind: str
    size: int
    scales: Mapping[int, float] = field(default_factory=lambda: MappingProxyType({}))
    alone: float = 0.0
    sizes: tuple[tuple[int, float], ...] = ()
    #: firing rules: the batch starts as soon as every condition of one group holds (OR of
    #: ANDs, Prosimos's ``firing_rules``); empty: the ``size`` (or ``sizes``) rule alone
    rules: tuple[tuple[Firing, ...], ...] = ()
    #: with ``rules``: the fewest cases a group without a waiting-time condition starts
    #: (Prosimos: 2; a scenario TOML's ``min_size``, 1 by default)
    least: int = 2

    def group_least(self, group: tuple[Firing, ...]) -> int:
        """The fewest cases ``group`` starts: 1 with a waiting-time condition (a case
        waiting alone past its limit goes alone, as Prosimos's ``ready_wt``/``large_wt``)."""
        if any(f.kind in ("oldest", "oldest_working", "idle") for f in group):
            return 1
        return self.least

    def effort(self) -> float:
        """The person's mean time per case as a share of a case's mean duration: the
        coefficient of the batch size a case meets (a case done alone: 1). Parallel
        batches take each case's duration x scale x n for n cases at once, so per case
        the same share as sequential ones; leftover batches are not counted."""
        if self.sizes:  # sizes drawn per batch: the size a case meets, by case counts
            mass = sum(n * p for n, p in self.sizes)
            batched = sum(n * p * self.scale(n) for n, p in self.sizes) / mass
        elif self.rules:  # the size depends on the clock: counted at the plain duration
            batched = 1.0
        else:
            batched = self.scale(self.size)
        return self.alone + (1.0 - self.alone) * batched

    def scale(self, n: int) -> float:
        """The duration coefficient of a batch of ``n`` cases (Prosimos's rule)."""
        if n == 1:
            return 1.0
        if n in self.scales:
            return self.scales[n]
        best, distance = 1.0, None
        for key in sorted(self.scales):
            d = abs(n - key)
            if distance is not None and d >= distance:
                break
            best, distance = self.scales[key], d
        return best


def has_batches(scenario: Scenario) -> bool:
    """True when a task of ``scenario`` is done in batches (its event log then has the
    ``batch_id`` column)."""
    return any(t.batch is not None for t in scenario.tasks.values())


@dataclass(frozen=True, slots=True)
class Arrivals:
    """When cases arrive.

    ``interarrival``: calendar seconds between arrivals (exponential = Poisson arrivals);
    ``calendar``: arrivals falling outside its working periods move to its next working
    instant (as Prosimos does); ``batches``: (sim seconds, number of cases) arriving at
    fixed instants, e.g. the annual perjanjian kinerja in January. Both may be given.
    """

    interarrival: Distribution | None = None
    calendar: WorkingCalendar | None = None
    batches: tuple[tuple[float, int], ...] = ()


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Scenario:
    """Everything a simulation run needs besides the seed.

    ``definitions`` holds the model file first, then any library files searched for
    call activities' ``calledElement`` (see ``library``). Keys of ``tasks``, ``branching``
    and ``timers`` are element ids; ``lane_pools`` maps a lane id to a pool id (lanes
    not listed get a pool of their own named after the lane, one person, with a warning).
    Exactly one of ``cases`` and ``horizon`` (seconds) must be set, or both (the run stops
    at whichever comes first).
    """

    definitions: tuple[Definitions, ...]
    process_id: str
    start: datetime = datetime(2025, 1, 6, 8, 0)
    cases: int | None = 100
    horizon: float | None = None
    seed: int = 0
    replications: int = 1
    warmup_cases: int = 0
    arrivals: Arrivals = field(default_factory=Arrivals)
    pools: Mapping[str, ResourcePool] = field(default_factory=lambda: _EMPTY)
    lane_pools: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    tasks: Mapping[str, TaskSpec] = field(default_factory=lambda: _EMPTY)
    default_duration: Distribution | None = None
    branching: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: _EMPTY)
    attributes: tuple[Attribute, ...] = ()
    #: flow id -> condition on case attributes, replacing the model's (Prosimos branch rules)
    conditions: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    #: case priority rules: (condition on case attributes, priority 1..MAX_CASE_PRIORITY);
    #: a case takes the priority of the first rule its attributes (drawn as it arrives)
    #: meet, else 0. In a pool's queue a request ranks by its task's ``priority``, then by
    #: its case's priority (higher first; first come, first served among equals);
    #: non-preemptive: a person finishes the task in hand
    case_priority: tuple[tuple[str, int], ...] = ()
    timers: Mapping[str, Distribution] = field(default_factory=lambda: _EMPTY)
    calendar: WorkingCalendar | None = None
    hours_per_day: float = 7.5
    max_visits: int = 1000
    #: an inclusive gateway with branch probabilities that draws no flow: "redraw" (draw
    #: every flow again until one is taken) or "one" (take one flow, chosen by the
    #: probabilities: Prosimos's rule, used for imported Prosimos files)
    inclusive_none: str = "redraw"
    #: where resource utilisation is measured from: "run" (the whole observed period) or
    #: "tasks" (from the first task start, as Prosimos; imported Prosimos files use it)
    utilization_window: str = "run"
    name: str = ""
    path: str | None = None
    library: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def model(self) -> Definitions:
        """The model file the scenario simulates."""
        return self.definitions[0]


def parse_span(value: object, *, where: str, path: str | None) -> float:
    """Calendar seconds of ``"90d"``, ``"1y"``, ``"6month"``, ``"2w"``, ``"12h"`` or a number."""
    out: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0 or not math.isfinite(value):
            raise ScenarioError(say(f"harus > 0, bukan {value!r}", f"must be > 0, got {value!r}"),
                                path=path, element_id=where)
        out = float(value)
    elif isinstance(value, str) and len(value) <= 40:
        m = _SPAN.match(value.lower())
        if m and m.group(2) in SPAN_SECONDS and float(m.group(1)) > 0:
            out = float(m.group(1)) * SPAN_SECONDS[m.group(2)]
    if out is not None:
        if not out <= MAX_SECONDS:
            raise ScenarioError(say(f"{value!r} lebih panjang dari jangkauan kalender (kalender "
                                    "berakhir pada tahun 9999)",
                                    f"{value!r} is longer than the calendars reach (they end "
                                    "with the year 9999)"), path=path, element_id=where)
        return out
    raise ScenarioError(say(
        f"harus rentang waktu seperti \"90d\" (90 hari kalender), \"6month\", \"1y\" (satuan "
        f"{', '.join(SPAN_SECONDS)}), "
        f"bukan {value!r}" + _span_hint(value),
        f"expected a span like \"90d\", \"6month\", \"1y\" (units {', '.join(SPAN_SECONDS)}), "
        f"got {value!r}"), path=path, element_id=where)


#: Indonesian units a person may write for a span, and the unit to write instead
_SATUAN = {"hari": "d", "minggu": "w", "pekan": "w", "bulan": "month", "bln": "month",
           "tahun": "y", "thn": "y", "jam": "h", "menit": "min", "detik": "s"}


def _span_hint(value: object) -> str:
    if not isinstance(value, str) or len(value) > 40:
        return ""
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([a-z]+)\s*", value.lower())
    if m is None:
        return ""
    number = m.group(1).replace(",", ".")
    unit = _SATUAN.get(m.group(2), m.group(2) if m.group(2) in SPAN_SECONDS else "")
    return f': tulis "{number}{unit}"' if unit else ""
