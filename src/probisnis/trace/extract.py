"""Citations of the regulation in BPMN ``documentation``: clause ids, Pasal and Lampiran.

Every element modelled from Perwali 88/2024 cites its source in its
documentation (``shared/domain/README.md``):

- a clause id of the clause table in brackets, ``[D1.a.3]``, ``[B2.1b.2]``,
  ``[B3.p.1]``, or several in one bracket, ``[D1.a.3, D1.a.4]``; the library
  writes it as ``[D1.a.3] Lampiran II.D.1.a: <clause text>``, and the location
  right after the bracket belongs to that citation;
- a Pasal: ``Pasal 14``, ``Pasal 10 ayat (2)``, ``Pasal 11 ayat (1) huruf a``,
  ``Pasal 1 angka 10``, ranges ``Pasal 8-9`` (one citation per Pasal);
- a part of the Lampiran the clause table does not cut into sentences,
  ``Lampiran II.B.1``.

:func:`extract` reads one text; :func:`citations` and :func:`elements` read a
whole :class:`~probisnis.bpmn.model.Definitions` into DataFrames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from probisnis.bpmn.model import Definitions, Process
from probisnis.trace.table import load_clauses

__all__ = [
    "CITATION_COLUMNS",
    "ELEMENT_COLUMNS",
    "Citation",
    "citations",
    "elements",
    "extract",
]

_ID = r"[A-Z][0-9]+\.[0-9a-z]+\.[0-9]+"
_BRACKET = re.compile(rf"\[\s*({_ID}(?:\s*[,;]\s*{_ID})*)\s*\]")
_ONE_ID = re.compile(_ID)
_PASAL = re.compile(
    r"\bPasal\s+(?P<pasal>\d+)"
    r"(?:\s*(?:-|–|s\.\s?d\.?|sampai\s+dengan)\s*(?:Pasal\s+)?(?P<to>\d+))?"
    r"(?:\s+ayat\s*\((?P<ayat>\d+)\))?"
    r"(?:\s+huruf\s+(?P<huruf>[a-z])\b)?"
    r"(?:\s+angka\s+(?P<angka>\d+))?",
    re.IGNORECASE,
)
_LAMPIRAN = re.compile(r"\bLampiran\s+(?:Bab\s+)?(?P<part>[IVX]+(?:\.[A-Za-z0-9]+)*)")

#: columns of :func:`citations`: one row per (element, citation)
CITATION_COLUMNS = (
    "path",
    "process_id",
    "element_id",
    "kind",
    "name",
    "clause_id",
    "pasal",
    "lampiran",
)
#: columns of :func:`elements`: one row per documented-or-not element
ELEMENT_COLUMNS = (
    "path",
    "process_id",
    "element_id",
    "kind",
    "name",
    "is_flow_node",
    "clauses",
    "pasal",
    "lampiran",
)


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation found in a text.

    ``kind`` is ``"clause"``, ``"pasal"`` or ``"lampiran"``; ``ref`` the
    normalised citation (``"D1.a.3"``, ``"Pasal 10 ayat (2)"``,
    ``"Lampiran II.B.1"``); ``pasal``/``ayat`` the numbers of a Pasal citation.
    """

    kind: str
    ref: str
    pasal: int | None = None
    ayat: int | None = None


def extract(text: str, locations: Mapping[str, str] | None = None) -> tuple[Citation, ...]:
    """Every citation in ``text``, in order of first appearance, without repeats.

    ``locations`` maps clause id -> its location (default: the clause table);
    the location right after a bracketed id is part of that citation, not a
    separate Lampiran citation.
    """
    if locations is None:
        locations = _table_locations()
    found: list[tuple[int, Citation]] = []
    masked = list(text)
    for match in _BRACKET.finditer(text):
        ids = _ONE_ID.findall(match.group(1))
        found += [(match.start(), Citation("clause", i)) for i in ids]
        end = match.end()
        rest = text[end:]
        stripped = rest.lstrip()
        for location in sorted({locations.get(i, "") for i in ids}, key=len, reverse=True):
            if location and stripped.startswith(location):
                end += len(rest) - len(stripped) + len(location)
                break
        masked[match.start() : end] = " " * (end - match.start())
    plain = "".join(masked)
    for match in _PASAL.finditer(plain):
        first, last = int(match["pasal"]), int(match["to"] or match["pasal"])
        if last > first:  # a range: one citation per Pasal, ayat/huruf cannot apply
            found += [
                (match.start(), Citation("pasal", f"Pasal {n}", n)) for n in range(first, last + 1)
            ]
            continue
        ayat = int(match["ayat"]) if match["ayat"] else None
        ref = f"Pasal {first}"
        if ayat is not None:
            ref += f" ayat ({ayat})"
        if match["huruf"]:
            ref += f" huruf {match['huruf'].lower()}"
        if match["angka"]:
            ref += f" angka {int(match['angka'])}"
        found.append((match.start(), Citation("pasal", ref, first, ayat)))
    for match in _LAMPIRAN.finditer(plain):
        found.append((match.start(), Citation("lampiran", f"Lampiran {match['part']}")))
    seen: set[Citation] = set()
    ordered = []
    for _, citation in sorted(found, key=lambda pair: pair[0]):
        if citation not in seen:
            seen.add(citation)
            ordered.append(citation)
    return tuple(ordered)


def _table_locations() -> Mapping[str, str]:
    table = load_clauses()
    return dict(zip(table["id"], table["location"], strict=True))


def _documented(defs: Definitions) -> Iterator[tuple[str, str, str, str, str, bool]]:
    """(process_id, element_id, kind, name, documentation, is_flow_node) of every element."""
    for collaboration in defs.collaborations:
        yield (
            "",
            collaboration.id,
            "collaboration",
            collaboration.name,
            collaboration.documentation,
            False,
        )
        for p in collaboration.participants:
            yield p.process_ref or "", p.id, "participant", p.name, p.documentation, False
        for m in collaboration.message_flows:
            yield "", m.id, "messageFlow", m.name, m.documentation, False
    for process in defs.processes.values():
        yield process.id, process.id, "process", process.name, process.documentation, False
        # lanes drawn inside embedded subprocesses (an event subprocess's own lane set) too
        for lane in process.iter_lanes(subprocesses=True):
            yield process.id, lane.id, "lane", lane.name, lane.documentation, False
        for node in process.iter_nodes():
            yield process.id, node.id, node.kind, node.name, node.documentation, True
        for flow in process.iter_flows():
            yield process.id, flow.id, "sequenceFlow", flow.name, flow.documentation, False
        for body in _bodies(process):
            for data in body.data:
                yield process.id, data.id, data.kind, data.name, data.documentation, False


def _bodies(process: Process) -> Iterator[Process]:
    """``process`` and the body of every subprocess embedded in it, at any depth."""
    yield process
    for node in process.iter_nodes():
        if node.subprocess is not None:
            yield node.subprocess


def citations(defs: Definitions, locations: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per (element, citation) of a file; columns :data:`CITATION_COLUMNS`.

    Exactly one of ``clause_id``, ``pasal``, ``lampiran`` is set in each row
    (the others are ``None``). Elements citing nothing have no row: see
    :func:`elements`.
    """
    if locations is None:
        locations = _table_locations()
    rows = []
    for process_id, element_id, kind, name, text, _ in _documented(defs):
        for c in extract(text, locations):
            rows.append(
                (
                    defs.path,
                    process_id,
                    element_id,
                    kind,
                    name,
                    c.ref if c.kind == "clause" else None,
                    c.ref if c.kind == "pasal" else None,
                    c.ref if c.kind == "lampiran" else None,
                )
            )
    return pd.DataFrame(rows, columns=list(CITATION_COLUMNS)).astype(object)


def elements(defs: Definitions, locations: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every element of a file with how many clauses, Pasal and Lampiran parts it cites.

    Columns :data:`ELEMENT_COLUMNS`. ``elements(defs).query("is_flow_node and
    clauses == 0 and pasal == 0")`` lists the flow nodes citing neither a
    clause nor a Pasal.
    """
    if locations is None:
        locations = _table_locations()
    rows = []
    for process_id, element_id, kind, name, text, flow_node in _documented(defs):
        found = extract(text, locations)
        counts = [sum(c.kind == k for c in found) for k in ("clause", "pasal", "lampiran")]
        rows.append((defs.path, process_id, element_id, kind, name, flow_node, *counts))
    frame = pd.DataFrame(rows, columns=list(ELEMENT_COLUMNS))
    return frame.astype({"is_flow_node": bool, "clauses": int, "pasal": int, "lampiran": int})
