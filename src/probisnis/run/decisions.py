"""The decisions file: what the people in the process decide, keyed by element id.

JSON or TOML (by extension). Keys are element ids as written in the BPMN file
(``PROCESS:ID`` narrows an id used in several processes). Values:

- a **task** id -> a table of data (``{"sesuai": true}``): merged into the task's
  data every time the task completes; or a **list** of tables, one per visit,
  consumed in order (a task in a loop). A task not listed completes with no data;
  a task whose list is used up makes the run stuck.
- a **descriptive gateway** id (a diverging gateway whose flows carry no
  condition) -> the flow to take, by sequence-flow id or target element id;
  a list gives one answer per visit; for an inclusive gateway an answer may
  itself be a list of flows.

Gateways with conditions are not listed: their conditions read the data the
tasks before them produced.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from probisnis.errors import RunError, UsageError
from probisnis.present.notices import Term
from probisnis.run.index import ContainerInfo, NodeInfo
from probisnis.run.loader import LoadedLibrary
from probisnis.run.reasons import json_reason, os_reason

__all__ = ["DECIDED_KINDS", "Decisions", "load_decisions"]

#: element kinds whose completion takes data from the decisions file (human tasks, and
#: message tasks that run as human tasks when no partner sends or receives)
DECIDED_KINDS = frozenset({"task", "userTask", "manualTask", "sendTask", "receiveTask"})
#: where tomllib says the error is (its message is English; the line goes in the prefix)
_TOML_WHERE = re.compile(r"\(at line (\d+), column \d+\)")


def _lookup(values: Mapping[str, Any], node: NodeInfo) -> Any:
    qualified = f"{node.process_id}:{node.id}"
    if qualified in values:
        return values[qualified]
    return values.get(node.id)


@dataclass(frozen=True, slots=True)
class Decisions:
    """Parsed decisions; ``raw`` is the mapping as given (kept for save/restore)."""

    raw: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, Any] | None, source: str | None = None
    ) -> Decisions:
        if mapping is None:
            return cls({}, source)
        if not isinstance(mapping, Mapping):
            raise RunError("berkas keputusan harus berupa tabel yang memetakan id elemen ke "
                           "datanya (tugas) atau ke alur yang dipilih (gerbang)", path=source)
        for key, value in mapping.items():
            if not isinstance(key, str):
                raise RunError(f"kunci {key!r} bukan id elemen: kunci berkas keputusan adalah id "
                               "tugas atau gerbang", path=source)
            if isinstance(value, list):
                for item in value:
                    if not isinstance(item, (dict, str, list)):
                        raise RunError(
                            f"isi daftar harus tabel data (untuk tugas) atau id alur (untuk "
                            f"gerbang), bukan {item!r}", path=source, element_id=key,
                        )
            elif not isinstance(value, (dict, str)):
                raise RunError(
                    f"nilainya harus tabel data, daftar tabel data, atau id alur, bukan "
                    f"{value!r}",
                    path=source, element_id=key,
                )
        return cls(json.loads(json.dumps(dict(mapping))), source)

    def check(self, library: LoadedLibrary) -> None:
        """Every key names an element of the library, with a value that fits its kind."""
        for key, value in self.raw.items():
            nodes = library.nodes_by_id(key)
            if not nodes:
                raise RunError(f"tidak ada elemen dengan id ini di pustaka proses "
                               f"({len(library.files)} berkas): periksa ejaannya (id tampil di "
                               "kolom Kode keluaran `probisnis run`)",
                               path=self.source, element_id=key)
            for node in nodes:
                routed = (node.container, node.id) in library.routed
                items = value if isinstance(value, list) else [value]
                if routed:
                    container = library.containers[node.container]
                    for item in items:
                        for ref in item if isinstance(item, list) else [item]:
                            self._flow(container, node, ref)
                elif node.kind.endswith("Gateway"):
                    raise RunError(
                        "gerbang ini punya kondisi pada alurnya, jadi alurnya tidak dipilih di "
                        "sini: berikan data yang diuji kondisinya kepada tugas sebelum gerbang "
                        "ini", path=self.source, element_id=key,
                    )
                elif node.kind not in DECIDED_KINDS and \
                        (node.container, node.id) not in library.plain:
                    raise RunError(
                        f"{Term(node.kind).text()} tidak menerima keputusan, jadi entri ini "
                        "akan diabaikan: berikan data kepada tugas manusia (tugas pengguna, "
                        "manual, atau biasa) yang menghasilkannya, dan id alur kepada gerbang "
                        "tanpa kondisi",
                        path=self.source, element_id=key,
                    )
                elif any(not isinstance(item, dict) for item in items):
                    raise RunError(
                        f"{Term(node.kind).text()} menerima tabel data atau daftar tabel "
                        "data (satu per putaran)",
                        path=self.source, element_id=key,
                    )

    def _flow(self, container: ContainerInfo, gateway: NodeInfo, ref: Any) -> str:
        outgoing = container.outgoing(gateway.id)
        for flow in outgoing:
            if ref in (flow.id, flow.target):
                return flow.id
        options = ", ".join(f"{f.id} (-> {f.target})" for f in outgoing)
        raise RunError(f"{ref!r} bukan alur keluar gerbang ini; pilih salah satu: {options}",
                       path=self.source, element_id=gateway.id)

    def is_listed(self, node: NodeInfo) -> bool:
        return _lookup(self.raw, node) is not None

    def task_data(self, node: NodeInfo, visit: int) -> dict[str, Any] | None:
        """Data for the ``visit``-th (0-based) completion of ``node``; ``None`` when used up."""
        value = _lookup(self.raw, node)
        if value is None:
            return {}
        if isinstance(value, dict):
            return dict(value)
        if visit < len(value):
            item = value[visit]
            return dict(item) if isinstance(item, dict) else {}
        return None

    def list_length(self, node: NodeInfo) -> int | None:
        value = _lookup(self.raw, node)
        return len(value) if isinstance(value, list) else None

    def route(
        self, container: ContainerInfo, gateway: NodeInfo, visit: int
    ) -> tuple[str, ...] | None:
        """Flow ids chosen at the ``visit``-th pass of a descriptive gateway (``None``: none)."""
        value = _lookup(self.raw, gateway)
        if value is None:
            return None
        if isinstance(value, list):
            if visit >= len(value):
                return None
            value = value[visit]
        refs = value if isinstance(value, list) else [value]
        return tuple(self._flow(container, gateway, ref) for ref in refs)


def load_decisions(path: str | Path | None) -> Decisions:
    """Read a decisions file (``.json`` or ``.toml``); ``None`` gives empty decisions."""
    if path is None:
        return Decisions()
    p = Path(path)
    if p.suffix.lower() not in (".json", ".toml"):
        raise UsageError(f"berkas keputusan harus berakhiran .json atau .toml: {p}")
    try:
        text = p.read_bytes()
    except OSError as exc:
        raise UsageError(f"tidak dapat membaca berkas keputusan {p}: {os_reason(exc)}"
                         ) from None
    if p.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            where = _TOML_WHERE.search(str(exc))
            raise RunError(f"TOML tidak sah: {exc}", path=str(p),
                           line=int(where.group(1)) if where else None) from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RunError(f"JSON tidak sah: {json_reason(exc)}", path=str(p),
                           line=exc.lineno) from None
    return Decisions.from_mapping(data, source=str(p))
