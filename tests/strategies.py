"""Hypothesis strategies for random valid BPMN process graphs (shared by the test suite).

Graphs are block-structured, so every one is sound: a start event, a body made
of sequences, exclusive choices (with a default branch), parallel blocks and
loops (an exclusive merge, the body, an exclusive split whose "Ya" branch goes
back), and an end event. Tasks may carry an interrupting timer boundary event
leading to its own end event. Nodes are spread over 0-3 lanes. Everything is
built with :class:`probisnis.library.builder.ProcessBuilder`, so ids are
readable and every node cites a clause.

- :func:`blocks`: the shape of a body (nested tuples);
- :func:`processes`: a :class:`~probisnis.bpmn.model.Process`;
- :func:`definitions`: 1-3 processes in the pools of one collaboration, maybe
  with a message flow, laid out (``layout=True``) or without DI;
- :func:`semantic`: a model as plain nested values without ``Source``/path,
  to compare two models for equality (e.g. before and after write -> read).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from probisnis.bpmn.model import Definitions, EventDefinition, Process, frozen_map
from probisnis.library.builder import ProcessBuilder
from probisnis.library.definitions_builder import DefinitionsBuilder

__all__ = ["blocks", "definitions", "hostile_values", "mutated", "processes", "semantic",
           "toml_text"]

Block = Any  # "task" | ("seq"|"xor"|"and", tuple[Block, ...]) | ("loop", Block)

_CITE = ("D1.b.3",)
_TASK_KINDS = ("userTask", "task", "manualTask", "scriptTask")


def blocks(max_leaves: int = 8) -> st.SearchStrategy[Block]:
    """Nested block structures with at most about ``max_leaves`` tasks."""

    def extend(inner: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
        parts = st.lists(inner, min_size=2, max_size=3).map(tuple)
        return st.one_of(
            parts.map(lambda p: ("seq", p)),
            parts.map(lambda p: ("xor", p)),
            parts.map(lambda p: ("and", p)),
            inner.map(lambda b: ("loop", b)),
        )

    return st.recursive(st.just("task"), extend, max_leaves=max_leaves)


class _Compiler:
    def __init__(
        self,
        draw: Any,
        b: ProcessBuilder,
        prefix: str,
        lanes: list[str],
        task_kinds: tuple[str, ...] = _TASK_KINDS,
        boundary_events: bool = True,
    ) -> None:
        self.draw = draw
        self.b = b
        self.prefix = prefix
        self.lanes = lanes
        self.task_kinds = task_kinds
        self.boundary_events = boundary_events
        self.counter = itertools.count(1)

    def _id(self, what: str) -> str:
        return f"{self.prefix}_{what}{next(self.counter)}"

    def _lane(self) -> str | None:
        if not self.lanes:
            return None
        return self.lanes[self.draw(st.integers(0, len(self.lanes) - 1))]

    def node(self, kind: str, what: str, name: str = "", **kw: Any) -> str:
        return self.b.node(kind, self._id(what), name, lane=self._lane(), cites=_CITE, **kw)

    def compile(self, block: Block) -> tuple[str, str]:
        """(entry node id, exit node id) of ``block``."""
        if block == "task":
            kind = self.draw(st.sampled_from(self.task_kinds))
            attrs = {"script": "x = 1"} if kind == "scriptTask" else None
            task = self.node(kind, "t", f"Tugas {self.draw(st.integers(1, 99))}", attrs=attrs)
            if self.boundary_events and self.draw(st.integers(0, 5)) == 0:
                timer = EventDefinition(
                    "timer", id=f"{task}_timer", attrs=frozen_map({"timeDuration": "PT1H"})
                )
                boundary = self.node(
                    "boundaryEvent",
                    "b",
                    "Batas waktu",
                    attached_to=task,
                    event_definitions=(timer,),
                )
                self.b.flow(boundary, self.node("endEvent", "e", "Terlambat"))
            return task, task
        kind, body = block
        if kind == "seq":
            ends = [self.compile(part) for part in body]
            for (_, a), (b, _) in itertools.pairwise(ends):
                self.b.flow(a, b)
            return ends[0][0], ends[-1][1]
        if kind == "loop":
            merge = self.node("exclusiveGateway", "g")
            entry, exit_ = self.compile(body)
            split = self.node("exclusiveGateway", "g", "Ulangi?")
            self.b.flow(merge, entry)
            self.b.flow(exit_, split)
            self.b.flow(split, merge, name="Ya", condition="ulang")
            after = self.node("task", "t", "Lanjut")
            self.b.flow(split, after, name="Tidak", default=True)
            return merge, after
        gateway = "exclusiveGateway" if kind == "xor" else "parallelGateway"
        split = self.node(gateway, "g", "Pilih?" if kind == "xor" else "")
        join = self.node(gateway, "g")
        for i, part in enumerate(body):
            entry, exit_ = self.compile(part)
            if kind == "xor" and i == 0:
                self.b.flow(split, entry, name="Lain", default=True)
            elif kind == "xor":
                self.b.flow(split, entry, name=f"Cabang {i}", condition=f"cabang == {i}")
            else:
                self.b.flow(split, entry)
            self.b.flow(exit_, join)
        return split, join


@st.composite
def processes(
    draw: Any,
    prefix: str = "R",
    *,
    max_leaves: int = 8,
    lanes: int | None = None,
    task_kinds: tuple[str, ...] = _TASK_KINDS,
    boundary_events: bool = True,
) -> Process:
    """A random sound process with ids starting ``prefix``.

    ``lanes``: a fixed lane count (default 0-3); ``task_kinds``: the task tags
    to draw from; ``boundary_events=False`` leaves out the timer boundary
    events (and their extra end events). Exclusive splits route on the data
    variable ``cabang`` (branch 0 is the default), loops repeat while ``ulang``.
    """
    n_lanes = draw(st.integers(0, 3)) if lanes is None else lanes
    b = ProcessBuilder(f"{prefix}_proses", f"Proses acak {prefix}", documentation_cites=_CITE)
    lane_ids = [b.lane(f"{prefix}_L{i}", f"Lajur {i}") for i in range(n_lanes)]
    c = _Compiler(draw, b, prefix, lane_ids, task_kinds, boundary_events)
    start = c.node("startEvent", "s", "Mulai")
    entry, exit_ = c.compile(draw(blocks(max_leaves)))
    end = c.node("endEvent", "e", "Selesai")
    b.flow(start, entry)
    b.flow(exit_, end)
    return b.build()


@st.composite
def definitions(draw: Any, *, layout: bool = True, max_processes: int = 3) -> Definitions:
    """1..``max_processes`` random processes, one pool each, maybe a message flow between pools."""
    count = draw(st.integers(1, max_processes))
    procs = [draw(processes(prefix=f"R{i}", max_leaves=6)) for i in range(count)]
    d = DefinitionsBuilder("Acak_definisi", name="Acak", path="acak.bpmn")
    for process in procs:
        d.pool(process)
    if count > 1 and draw(st.booleans()):
        source = next(n.id for n in procs[0].nodes.values() if n.is_task)
        target = next(n.id for n in procs[1].nodes.values() if n.is_task)
        d.message_flow(source, target, name="Surat", cites=_CITE)
    return d.build(layout=layout)


def semantic(value: Any) -> Any:
    """``value`` (a model object) as nested tuples, dropping every ``source`` and ``path``.

    Order matters everywhere (document order is part of the model) except in
    ``attrs``, unmodelled XML attributes, whose order XML does not keep.
    """
    import dataclasses
    from collections.abc import Mapping

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(
                (
                    f.name,
                    _attrs(getattr(value, f.name))
                    if f.name == "attrs"
                    else semantic(getattr(value, f.name)),
                )
                for f in dataclasses.fields(value)
                if f.name not in ("source", "path")
            ),
        )
    if isinstance(value, Mapping):
        return tuple((k, semantic(v)) for k, v in value.items())
    if isinstance(value, tuple | list):
        return tuple(semantic(v) for v in value)
    return value


def _attrs(value: Any) -> Any:
    return tuple(sorted(value.items()))


# ---------------------------------------------------------------------- hostile inputs

#: values an untrusted scenario or parameter file may hold where a number, a name or a
#: table is expected: huge and negative numbers, NaN and infinities, odd strings, dates at
#: the ends of the calendar, empty and nested containers
hostile_scalars: st.SearchStrategy[Any] = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 1, 10**9, 10**18, 2**63 - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 1e-300, 5e-324, 0.0, -0.0]),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["", "1000000y", "90d", "T_nope", "default", "always", "mon-fri", "08:00",
                     "9" * 60]),
    st.datetimes(min_value=datetime(1, 1, 1),
                 max_value=datetime(9999, 12, 31)),
)
hostile_values: st.SearchStrategy[Any] = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["dist", "mean", "value", "count", "x", "at", "size"]),
                        inner, max_size=3),
    ),
    max_leaves=6,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.extend(_paths(v, (*prefix, i)))
    return out


@st.composite
def mutated(draw: Any, doc: Any, max_edits: int = 3) -> Any:
    """A deep copy of the document ``doc`` (dicts and lists) with 1-``max_edits`` edits:
    a value replaced by a hostile one, a key removed, or an unknown key added."""
    import copy

    out = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, max_edits))):
        paths = _paths(out)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = out
        for step in path[:-1]:
            parent = parent[step]
        edit = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if edit == "replace":
            parent[path[-1]] = draw(hostile_values)
        elif edit == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif edit == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(hostile_values)
    return out


def toml_text(doc: dict[str, Any]) -> str:
    """``doc`` written as TOML (each top-level key one line, tables inline)."""
    import json
    import math
    from datetime import date

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            if math.isnan(v):
                return "nan"
            if math.isinf(v):
                return "inf" if v > 0 else "-inf"
            return repr(v)
        if isinstance(v, datetime | date):
            return v.isoformat()
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(str(k))} = {value(x)}" for k, x in v.items()) + "}"
        raise TypeError(type(v))

    return "".join(f"{json.dumps(str(k))} = {value(v)}\n" for k, v in doc.items())
