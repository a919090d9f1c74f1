"""Markdown tables of a library file for the analysts' pages in ``docs/processes/`` (Indonesian).

``python -m probisnis.library.build`` rewrites the part of each page between
``<!-- tabel:mulai -->`` and ``<!-- tabel:selesai -->`` with :func:`tables`, so
the tables always say what the BPMN file says (a test checks it).
"""

from __future__ import annotations

import re

from probisnis.bpmn.model import Definitions, Process

__all__ = ["BEGIN", "END", "replace_tables", "tables"]

BEGIN = "<!-- tabel:mulai -->"
END = "<!-- tabel:selesai -->"

_CITED = re.compile(r"^\[([A-Za-z0-9.]+)\]", re.MULTILINE)
_REF = re.compile(r"^((?:Lampiran|Pasal) [^:]+):", re.MULTILINE)


def _cites(documentation: str) -> str:
    found = _CITED.findall(documentation) + _REF.findall(documentation)
    return ", ".join(found)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _next_named(process: Process, node_id: str) -> str:
    """The name of ``node_id``, looking through unnamed merge gateways to what follows."""
    seen = set()
    node = process.nodes[node_id]
    while node.is_gateway and not node.name and len(node.outgoing) == 1 and node.id not in seen:
        seen.add(node.id)
        node = process.nodes[process.flows[node.outgoing[0]].target_ref]
    if node.is_gateway and node.name:
        return f"keputusan '{node.name}'"
    return node.name or node.id


def _process_table(process: Process) -> list[str]:
    rows = [
        f"#### {process.name} (`{process.id}`)",
        "",
        "| No | Kegiatan | Pelaksana | Dasar | Id |",
        "|---|---|---|---|---|",
    ]
    n = 0
    for node in process.nodes.values():
        if not (node.is_task or node.kind == "callActivity"):
            continue
        n += 1
        lane = process.lane_name(node.id) or "-"
        what = node.name + (f" (memanggil `{node.called_element}`)" if node.called_element else "")
        rows.append(
            f"| {n} | {_cell(what)} | {_cell(lane)} | {_cites(node.documentation)} | `{node.id}` |"
        )
    decisions = []
    for node in process.nodes.values():
        if not node.is_gateway or len(node.outgoing) < 2:
            continue
        branches = []
        for flow_id in node.outgoing:
            flow = process.flows[flow_id]
            rule = "bawaan" if flow_id == node.default else f"`{flow.condition}`"
            label = flow.name or "-"
            branches.append(f"{label} ({rule}) → {_next_named(process, flow.target_ref)}")
        decisions.append(
            f"| {_cell(node.name)} | {_cell(process.lane_name(node.id) or '-')} | "
            f"{_cell('; '.join(branches))} | `{node.id}` |"
        )
    if decisions:
        rows += [
            "",
            "| Keputusan | Lajur | Cabang (kondisi) | Id |",
            "|---|---|---|---|",
            *decisions,
        ]
    return rows


def tables(defs: Definitions) -> str:
    """The tasks (with post and cited clauses) and decisions of every process of ``defs``."""
    out: list[str] = []
    for process in defs.processes.values():
        out += _process_table(process)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def replace_tables(page: str, defs: Definitions) -> str:
    """``page`` with the text between :data:`BEGIN` and :data:`END` replaced by :func:`tables`."""
    start = page.find(BEGIN)
    stop = page.find(END)
    if start < 0 or stop < start:
        return page
    return page[: start + len(BEGIN)] + "\n" + tables(defs) + page[stop:]
