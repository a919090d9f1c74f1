"""The compiled graph: integer node codes and the per-process arrays the engine walks.

Built by :mod:`probisnis.sim.compile`; read-only afterwards (the engine never changes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from probisnis.sim.distributions import Distribution
from probisnis.sim.expressions import Condition

__all__ = ["Graph"]

# node kind codes
TASK, START, END, TERMINATE, XOR, AND, OR, EVENT_GW, SUB, CALL, TIMER, MSG_CATCH, PASS = range(13)
BOUNDARY = 13
#: intermediate catch of a signal; of a condition; intermediate throw (signal, escalation,
#: error); an event subprocess (entered only by its trigger, never by a flow)
SIGNAL_CATCH, COND_CATCH, THROW, EVENT_SUB = 14, 15, 16, 17

#: routing modes of a node's outgoing flows
R_NONE, R_ONE, R_ALL, R_XOR_P, R_XOR_C, R_OR_P, R_OR_C, R_EVENT = range(8)




@dataclass(eq=False)
class Graph:
    """One process (or subprocess body), compiled. Lists are indexed by node number."""

    process_id: str
    ids: list[str]
    names: list[str]
    kinds: list[int]
    bpmn_kinds: list[str]
    lanes: list[str | None]
    succ: list[tuple[int, ...]]  # target node per outgoing flow
    succ_pos: list[tuple[int, ...]]  # position of that flow among the target's incoming
    out_flow_ids: list[tuple[str, ...]]
    n_in: list[int]
    route: list[int]
    starts: tuple[int, ...]
    #: node -> cumulative probabilities (R_XOR_P) or independent probabilities (R_OR_P)
    probs: dict[int, tuple[float, ...]] = field(default_factory=dict)
    #: node -> (conditions per outgoing flow, None for the default flow), default index or -1
    conds: dict[int, tuple[tuple[Condition | None, ...], int]] = field(default_factory=dict)
    #: activity node -> global activity number (row of Compiled.activities)
    act: list[int] = field(default_factory=list)
    #: embedded subprocess bodies and called processes by node
    child: dict[int, Graph] = field(default_factory=dict)
    called: dict[int, str] = field(default_factory=dict)
    #: activity -> its boundary timer events (node, interrupting)
    boundary: dict[int, tuple[tuple[int, bool], ...]] = field(default_factory=dict)
    #: timer node -> distribution of its delay (calendar seconds)
    timer: dict[int, Distribution] = field(default_factory=dict)
    #: node -> global message-target keys it sends to on completion
    sends: dict[int, tuple[int, ...]] = field(default_factory=dict)
    #: node -> global message key it waits for (catch events, receive tasks)
    receives: dict[int, int] = field(default_factory=dict)
    #: inclusive join -> nodes from which a token can still reach it (not through it)
    or_upstream: dict[int, frozenset[int]] = field(default_factory=dict)
    has_or_join: bool = False
    #: the body of an event subprocess (started by its trigger, not with the scope)
    event_body: bool = False
    #: join nodes on a cycle: entering one counts a visit against the case's loop limit
    counted: list[bool] = field(default_factory=list)
    #: the BPMN file the process was read from (for error messages)
    path: str | None = None
    #: multi-instance activities: node -> (count or its expression over case attributes,
    #: sequential)
    multi: dict[int, tuple[int | Condition, bool]] = field(default_factory=dict)
    #: throwing node (THROW, END) -> (event kind, signal/error/escalation reference or None)
    throws: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    #: boundary event or event subprocess node -> (trigger kind, reference or condition);
    #: timer triggers take their delay from ``timer``, message ones their key from
    #: ``receives`` (boundary) or the body's start node (event subprocess)
    trigger: dict[int, tuple[str, object]] = field(default_factory=dict)
    #: event subprocesses: (node, start node in its body, interrupting)
    event_subs: tuple[tuple[int, int, bool], ...] = ()
    #: timer node -> the instant of its timeDate (seconds from the scenario's start)
    timer_at: dict[int, float] = field(default_factory=dict)
    #: timer node -> number of repetitions of a timeCycle (-1: without end)
    cycle: dict[int, int] = field(default_factory=dict)
    #: conditional catch node -> its condition over case attributes
    conditions: dict[int, Condition] = field(default_factory=dict)
    #: parallel join fed back by a loop -> per incoming flow, the nodes from which a token
    #: can still reach that flow (not through the join): it waits only for those flows
    loop_join: dict[int, tuple[frozenset[int], ...]] = field(default_factory=dict)
