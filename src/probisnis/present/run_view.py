"""A headless run as a person reads it: header, trace table and final data, in Bahasa Indonesia.

One renderer for ``probisnis run`` and the pytest plugin's failure messages, so both show the
same table. :func:`run_lines` takes a :class:`~probisnis.run.engine.RunResult` (or anything
with its ``trace``, ``completed``, ``data`` and ``process_id``): a header naming the process
and whether it ended, the trace as a :func:`~probisnis.present.table.render_table` table (No,
Langkah, Kode, Lajur, Jenis, and Waktu when ``task_time`` let time pass), then the data at the
end as ``nama = nilai`` lines.

>>> kind_word("userTask")
'tugas'
>>> kind_word("startEvent", ("timer",))
'mulai (pewaktu)'
>>> kind_word("boundaryEvent", ("timer",)), kind_word("boundaryEvent", ("message",), lang="en")
('pewaktu (batas)', 'message (boundary)')
>>> kind_word("exclusiveGateway", lang="en")
'gateway'
>>> value_text(True), value_text(None), value_text(1500000), value_text([1, "a"])
('ya', '–', '1500000', '[1, "a"]')
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from probisnis.present.numbers import MISSING, check_lang, durasi
from probisnis.present.table import Column, paragraph, render_table

__all__ = ["KIND_WORDS", "data_lines", "kind_word", "run_header", "run_lines", "trace_table",
           "value_text"]

#: BPMN kind -> (Bahasa Indonesia, English); a kind not listed shows as it is
KIND_WORDS: dict[str, tuple[str, str]] = {
    "startEvent": ("mulai", "start"),
    "endEvent": ("selesai", "end"),
    "intermediateCatchEvent": ("menunggu", "wait"),
    "intermediateThrowEvent": ("peristiwa", "event"),
    "boundaryEvent": ("peristiwa batas", "boundary event"),
    "task": ("tugas", "task"),
    "userTask": ("tugas", "task"),
    "manualTask": ("tugas manual", "manual task"),
    "sendTask": ("tugas kirim", "send task"),
    "receiveTask": ("tugas terima", "receive task"),
    "scriptTask": ("skrip", "script"),
    "serviceTask": ("layanan", "service"),
    "businessRuleTask": ("aturan keputusan", "decision rule"),
    "callActivity": ("subproses", "subprocess"),
    "subProcess": ("subproses", "subprocess"),
    "transaction": ("transaksi", "transaction"),
    "adHocSubProcess": ("subproses ad hoc", "ad hoc subprocess"),
    "exclusiveGateway": ("gerbang", "gateway"),
    "inclusiveGateway": ("gerbang dan/atau", "inclusive gateway"),
    "parallelGateway": ("gerbang paralel", "parallel gateway"),
    "eventBasedGateway": ("gerbang peristiwa", "event gateway"),
    "complexGateway": ("gerbang kompleks", "complex gateway"),
}

#: a boundary event is named by what triggers it, then this (``pewaktu (batas)``)
BOUNDARY_WORDS = ("batas", "boundary")

#: event definition kind -> what triggers it (Bahasa Indonesia, English)
EVENT_WORDS: dict[str, tuple[str, str]] = {
    "timer": ("pewaktu", "timer"),
    "message": ("pesan", "message"),
    "signal": ("sinyal", "signal"),
    "error": ("kesalahan", "error"),
    "escalation": ("eskalasi", "escalation"),
    "conditional": ("kondisi", "condition"),
    "terminate": ("hentikan semua", "terminate"),
    "compensate": ("kompensasi", "compensation"),
    "cancel": ("batal", "cancel"),
    "link": ("tautan", "link"),
}

_TEXT = {
    "id": {
        "head": "Proses {name} ({pid}): {state}, {n} langkah",
        "done": "selesai",
        "stuck": "MACET, tidak sampai akhir",
        "stopped": "berhenti sebelum akhir",
        "no": "No", "step": "Langkah", "id": "Kode", "lane": "Lajur", "kind": "Jenis",
        "time": "Waktu berlalu",
        "data": "Data pada akhir jalannya:",
        "nodata": "Data pada akhir jalannya: (kosong)",
        "yes": "ya", "false": "tidak",
    },
    "en": {
        "head": "Process {name} ({pid}): {state}, {n} steps",
        "done": "completed",
        "stuck": "STUCK, did not reach the end",
        "stopped": "stopped before the end",
        "no": "No", "step": "Step", "id": "Id", "lane": "Lane", "kind": "Kind",
        "time": "Time passed",
        "data": "Data at the end of the run:",
        "nodata": "Data at the end of the run: (empty)",
        "yes": "yes", "false": "no",
    },
}


def kind_word(kind: str, events: Sequence[str] = (), *, lang: str = "id") -> str:
    """The kind of an element in words (``"gerbang"``), with what triggers an event
    (``"mulai (pewaktu)"``; a boundary event by its trigger first: ``"pewaktu (batas)"``);
    an unknown kind is shown as written."""
    i = 0 if check_lang(lang) == "id" else 1
    word = KIND_WORDS[kind][i] if kind in KIND_WORDS else kind
    triggers = [EVENT_WORDS[e][i] if e in EVENT_WORDS else e for e in events]
    if kind == "boundaryEvent" and triggers:
        return f"{', '.join(triggers)} ({BOUNDARY_WORDS[i]})"
    return f"{word} ({', '.join(triggers)})" if triggers else word


def value_text(value: Any, *, lang: str = "id") -> str:
    """A data value as a person reads it: ``ya``/``tidak`` for true/false, ``–`` for none,
    text as it is, numbers and lists as written (JSON)."""
    t = _TEXT[check_lang(lang)]
    if value is True:
        return t["yes"]
    if value is False:
        return t["false"]
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def data_lines(data: Mapping[str, Any], *, width: int = 100, lang: str = "id") -> list[str]:
    """The data at the end of a run: one ``nama = nilai`` line per name (wrapped)."""
    t = _TEXT[check_lang(lang)]
    if not data:
        return [t["nodata"]]
    out = [t["data"]]
    for name, value in data.items():
        out += paragraph(f"{name} = {value_text(value, lang=lang)}", width=width, indent="  ",
                         hang="      ")
    return out


def _events_of(result: Any) -> dict[str, tuple[str, ...]]:
    """Element id -> kinds of its event definitions, from the run's library (if any)."""
    library = getattr(getattr(result, "run", None), "library", None)
    if library is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for container in library.containers.values():
        for node in container.nodes.values():
            if node.events:
                out.setdefault(node.id, tuple(node.events))
    return out


def _title(result: Any) -> str:
    library = getattr(getattr(result, "run", None), "library", None)
    process = getattr(library, "processes", {}).get(result.process_id) if library else None
    name = " ".join(str(getattr(process, "name", "") or "").split())
    return name or result.process_id


def run_header(result: Any, *, stuck: bool | None = None, lang: str = "id") -> str:
    """``Proses <nama> (<id>): selesai, 24 langkah`` (or ``MACET``)."""
    t = _TEXT[check_lang(lang)]
    title = _title(result)
    if result.completed:
        state = t["done"]
    else:
        state = t["stuck"] if stuck is None or stuck else t["stopped"]
    head = t["head"].format(name=title, pid=result.process_id, state=state, n=len(result.trace))
    return head.replace(f" ({result.process_id})", "") if title == result.process_id else head


def trace_table(result: Any, *, width: int = 100, mark: str | None = None,
                lang: str = "id") -> list[str]:
    """The trace as table lines within ``width``: No, Langkah, Kode, Lajur, Jenis, and
    Waktu berlalu (calendar time on the run's clock) when time passed in the run; the rows
    of step ``mark`` (id or name) are flagged with ``>``."""
    t = _TEXT[check_lang(lang)]
    events = _events_of(result)
    records = result.trace.to_dict("records")
    timed = any(float(r.get("elapsed") or 0.0) > 0 for r in records)
    rows: list[list[str]] = []
    for r in records:
        name = str(r["name"] or "") if isinstance(r["name"], str) else ""
        flag = ">" if mark is not None and mark in (r["element_id"], name) else ""
        lane = r["lane"] if isinstance(r["lane"], str) else ""
        row = [f"{flag}{r['order']}", name, str(r["element_id"]), lane,
               kind_word(str(r["kind"]), events.get(str(r["element_id"]), ()), lang=lang)]
        if timed:
            row.append(durasi(float(r.get("elapsed") or 0.0), lang=lang)
                       if r.get("elapsed") else "0")
        rows.append(row)
    columns = [Column(t["no"], align="right"), Column(t["step"], wrap=True),
               Column(t["id"], wrap=True), Column(t["lane"], wrap=True),
               Column(t["kind"], wrap=True)]
    if timed:
        columns.append(Column(t["time"], align="right"))
    return render_table(columns, rows, width=width)


def run_lines(result: Any, *, width: int = 100, stuck: bool | None = None,
              lang: str = "id") -> list[str]:
    """The whole page of ``probisnis run``: header, trace table, blank line, final data."""
    out = paragraph(run_header(result, stuck=stuck, lang=lang), width=width)
    if len(result.trace):
        out += trace_table(result, width=width, lang=lang)
    out.append("")
    out += data_lines(result.data, width=width, lang=lang)
    return out
