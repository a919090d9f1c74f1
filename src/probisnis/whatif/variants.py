"""Scenarios as what-if analysis sees them: resolved documents, overrides and differences.

A :class:`ScenarioRef` names a scenario TOML file plus overrides of dotted keys
(``resources.JFJP.count = 29``): small and picklable, so it travels to worker processes
and Dask workers, which load it once each (:func:`load`). :func:`resolved` is the
scenario's document after ``extends``; :func:`differences` lists what differs between
two documents, key by key (``resources.JFJP.count: 30 -> 29``).
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from probisnis.errors import ScenarioError, say
from probisnis.hints import maksudnya, suggest
from probisnis.sim.check import checked
from probisnis.sim.scenario import Scenario

__all__ = ["Difference", "ScenarioRef", "differences", "flatten", "load", "resolved"]

#: keys that say nothing about what is simulated
_IGNORED = {"name", "description"}


@dataclass(frozen=True)
class ScenarioRef:
    """A scenario file and overrides of its dotted keys (applied after ``extends``)."""

    path: str
    overrides: tuple[tuple[str, Any], ...] = ()

    def __hash__(self) -> int:  # an override may be a list or a table (``multitask``)
        return hash((self.path, repr(self.overrides)))

    def with_overrides(self, **values: Any) -> ScenarioRef:
        """A copy with ``values`` (dotted key -> value) added to the overrides."""
        return ScenarioRef(self.path, (*self.overrides, *values.items()))

    @property
    def label(self) -> str:
        """The file name, with the overrides (``m1.toml [resources.JFJP.count=29]``)."""
        name = os.path.basename(self.path)
        if not self.overrides:
            return name
        return f"{name} [" + ", ".join(f"{k}={v}" for k, v in self.overrides) + "]"


@dataclass(frozen=True)
class Difference:
    """One dotted key whose value differs between two scenarios (``None``: absent)."""

    key: str
    base: Any
    variant: Any

    def __str__(self) -> str:
        return f"{self.key}: {_show(self.base)} -> {_show(self.variant)}"


def _show(value: Any) -> str:
    if value is None:
        return "(tidak ada)"
    if isinstance(value, _Table):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def resolved(ref: ScenarioRef | str) -> dict[str, Any]:
    """The document of the scenario ``ref`` after ``extends`` and its overrides."""
    if isinstance(ref, str):
        ref = ScenarioRef(ref)
    return _with_overrides(_resolved_file(ref.path), ref)


@functools.lru_cache(maxsize=64)
def _resolved_cached(path: str, mtime: float) -> dict[str, Any]:
    # the reader's own resolution of ``extends`` (its private helpers: one place knows it)
    from probisnis.sim.scenario_toml import _extend, _read_toml

    return _extend(_read_toml(path, path), path, {os.path.abspath(path)})


def _resolved_file(path: str) -> dict[str, Any]:
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        raise ScenarioError(say("berkas skenario tidak ditemukan", "scenario file not found"),
                            path=path) from None
    return copy.deepcopy(_resolved_cached(path, mtime))


def _with_overrides(doc: dict[str, Any], ref: ScenarioRef) -> dict[str, Any]:
    for key, value in ref.overrides:
        *parents, last = key.split(".")
        table: Any = doc
        walked: list[str] = []
        for part in parents:
            walked.append(part)
            if not isinstance(table, dict) or part not in table:
                have = ", ".join(sorted(table)) if isinstance(table, dict) else "none"
                near = suggest(part, sorted(table)) if isinstance(table, dict) else ""
                raise ScenarioError(say(
                    f"tidak ada tabel {'.'.join(walked)!r} di skenario untuk diubah",
                    f"no table {'.'.join(walked)!r} in the scenario to change")
                    + maksudnya(".".join([*walked[:-1], near]) if near else "") + say(
                    f" (yang ada: {have if have != 'none' else 'tidak ada'})",
                    f" (it has: {have})"), path=ref.path, element_id=key)
            table = table[part]
        if not isinstance(table, dict) or not last:
            raise ScenarioError(say("bukan kunci sebuah tabel di skenario",
                                    "not a key of a table in the scenario"), path=ref.path,
                                element_id=key)
        old = table.get(last)
        if isinstance(old, Mapping):
            raise ScenarioError(say("ini tabel; ubah salah satu kuncinya (misalnya "
                                    f"{key}.{next(iter(old), 'KUNCI')})",
                                    "is a table; vary one of its keys"), path=ref.path,
                                element_id=key)
        table[last] = value
    # a changed arrival rate replaces an interarrival law, a case count a horizon
    keys = {k for k, _ in ref.overrides}
    if "cases" in keys and "horizon" not in keys:
        doc.pop("horizon", None)
    if "horizon" in keys and "cases" not in keys:
        doc.pop("cases", None)
    arrivals = doc.get("arrivals")
    if isinstance(arrivals, dict):
        if "arrivals.rate" in keys and "arrivals.interarrival" not in keys:
            arrivals.pop("interarrival", None)
        if "arrivals.interarrival" in keys and "arrivals.rate" not in keys:
            arrivals.pop("rate", None)
    return doc


def load(ref: ScenarioRef | str) -> Scenario:
    """The checked :class:`Scenario` of ``ref`` (cached per process while the file is
    unchanged: every replication on a worker reuses it)."""
    if isinstance(ref, str):
        ref = ScenarioRef(ref)
    try:
        mtime = os.path.getmtime(ref.path)
    except OSError:
        raise ScenarioError(say("berkas skenario tidak ditemukan", "scenario file not found"),
                            path=ref.path) from None
    return _load_cached(ref, mtime)


@functools.lru_cache(maxsize=32)
def _load_cached(ref: ScenarioRef, mtime: float) -> Scenario:
    from probisnis.sim.scenario_toml import _build

    return checked(_build(resolved(ref), ref.path))


def flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted key -> value of every non-table value of ``doc``."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def differences(base: ScenarioRef | str, variant: ScenarioRef | str) -> list[Difference]:
    """What differs between two scenarios after ``extends`` and overrides, key by key.

    A table only one side has is one difference (``resources.KASUBBAG: (tabel, 5 kunci) ->
    (tidak ada)``). Paths (``model``, ``library``) are compared as the files they name,
    so a variant in another folder that simulates the same model shows no difference there.
    """
    a, b = (r if isinstance(r, ScenarioRef) else ScenarioRef(r) for r in (base, variant))
    da, db = (_paths_from_here(resolved(r), r.path) for r in (a, b))
    out: list[Difference] = []
    _diff(da, db, "", out)
    return sorted(out, key=lambda d: _order(d.key))


class _Table(dict):  # type: ignore[type-arg]
    """A whole table shown as one value."""

    def __str__(self) -> str:
        return f"(tabel, {len(flatten(self))} kunci)"

    __repr__ = __str__


def _diff(a: Mapping[str, Any], b: Mapping[str, Any], prefix: str,
          out: list[Difference]) -> None:
    for key in list(a) + [k for k in b if k not in a]:
        dotted = f"{prefix}{key}"
        if not prefix and key in _IGNORED:
            continue
        x, y = a.get(key), b.get(key)
        if isinstance(x, Mapping) and isinstance(y, Mapping):
            _diff(x, y, dotted + ".", out)
        elif x != y:
            out.append(Difference(dotted, _Table(x) if isinstance(x, Mapping) else x,
                                  _Table(y) if isinstance(y, Mapping) else y))


def _order(key: str) -> tuple[int, str]:
    head = key.split(".", 1)[0]
    rank = ["model", "process", "library", "cases", "horizon", "seed", "replications",
            "arrivals", "resources", "tasks", "gateways", "attributes"]
    return (rank.index(head) if head in rank else len(rank), key)


def _paths_from_here(doc: dict[str, Any], path: str) -> dict[str, Any]:
    """``model`` and ``library`` as paths from the working directory (the same file
    named from two folders compares equal, and reads as the user would type it)."""
    base = os.path.dirname(os.path.abspath(path))

    def here(p: str) -> str:
        return Path(os.path.relpath(os.path.join(base, p))).as_posix()

    out = dict(doc)
    if isinstance(out.get("model"), str):
        out["model"] = here(out["model"])
    lib = out.get("library")
    if isinstance(lib, str):
        lib = [lib]
    if isinstance(lib, list):
        out["library"] = [here(x) if isinstance(x, str) else x for x in lib]
    return out
