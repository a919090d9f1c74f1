"""The event log as XES (IEEE 1849-2016), written incrementally with lxml.

Public API::

    write_xes(log, path, *, start, utc_offset="+07:00", name="probisnis simulation") -> Path

One ``<trace>`` per case (``concept:name`` = the case id, or ``"<replication>-<case id>"``
when the log holds several replications; cases without a started activity are
left out), with two events per activity instance: ``lifecycle:transition``
``start`` at its start and ``complete`` at its end (only ``start`` when it was
still running at the horizon; instances that never started have no event).
Events carry ``concept:name`` (the activity's name, or its id when unnamed),
``time:timestamp`` (ISO 8601 with the ``utc_offset`` of the simulation's local
time, Asia/Jakarta = +07:00), ``org:resource`` (the resource instance, e.g.
``KABAG#1``, or the pool), ``org:role`` (the lane) and the ``probisnis:``
attributes ``element_id``, ``process_id``, ``pool``, ``enable`` (a date) and, for an
instance done in a batch, ``batch_id`` (an int: the batch's number in its replication).
Within a trace events are in time order; at equal times an instance's start
precedes its complete and an earlier-started instance's events come first.
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd
from lxml import etree

from probisnis.errors import UsageError
from probisnis.outputs.atomic import atomic_path
from probisnis.sim.kpi_inputs import LOG_COLUMNS

__all__ = ["XES_NAMESPACE", "write_xes"]

XES_NAMESPACE = "http://www.xes-standard.org/"
_EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
)
_OFFSET = re.compile(r"^[+-](?:0\d|1[0-4]):[0-5]\d$|^Z$")


def _tag(name: str) -> str:
    return f"{{{XES_NAMESPACE}}}{name}"


def _top(tag: str, **attrs: str) -> etree._Element:
    """A child of ``<log>``, written on its own by the incremental writer."""
    return etree.Element(_tag(tag), attrs, nsmap={None: XES_NAMESPACE})


def _attr(parent: etree._Element, kind: str, key: str, value: str) -> None:
    etree.SubElement(parent, _tag(kind), key=key, value=value)


def _stamps(start: datetime, seconds: np.ndarray, offset: str) -> np.ndarray:
    """ISO 8601 strings with milliseconds and ``offset`` (None for NaN)."""
    secs = np.asarray(seconds, dtype=float)
    ok = ~np.isnan(secs)
    millis = np.zeros(secs.shape, dtype=np.int64)
    millis[ok] = np.round(secs[ok] * 1000.0).astype(np.int64)
    moments = np.datetime64(start, "ms") + millis.astype("timedelta64[ms]")
    text = np.char.add(np.datetime_as_string(moments, unit="ms"), offset).astype(object)
    text[~ok] = None
    return text


def _quote(text: str) -> str:
    return quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def write_xes(
    log: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    start: datetime,
    utc_offset: str = "+07:00",
    name: str = "probisnis simulation",
) -> Path:
    """Write the event log as an XES file (see the module docstring)."""
    missing = [c for c in LOG_COLUMNS if c not in log.columns]
    if missing:
        raise UsageError(f"event log lacks columns {missing}")
    if not isinstance(start, datetime) or start.tzinfo is not None:
        raise UsageError(f"start must be a naive local datetime, got {start!r}")
    if not _OFFSET.match(utc_offset):
        raise UsageError(f"utc_offset must look like +07:00, got {utc_offset!r}")
    target = Path(path)
    rows = log[log["start"].notna()].reset_index(drop=True)
    several = log["replication"].nunique() > 1
    offset = "+00:00" if utc_offset == "Z" else utc_offset

    starts = rows["start"].to_numpy(float)
    ends = rows["end"].to_numpy(float)
    has_end = ~np.isnan(ends)
    events = pd.DataFrame(
        {
            "row": np.concatenate([np.arange(len(rows)), np.flatnonzero(has_end)]),
            "time": np.concatenate([starts, ends[has_end]]),
            "order": np.concatenate([starts, starts[has_end]]),
            "transition": ["start"] * len(rows) + ["complete"] * int(has_end.sum()),
            "rank": np.concatenate([np.zeros(len(rows)), np.ones(int(has_end.sum()))]),
        }
    )
    events["replication"] = rows["replication"].to_numpy(np.int64)[events["row"]]
    events["case_id"] = rows["case_id"].to_numpy(np.int64)[events["row"]]
    events = events.sort_values(
        ["replication", "case_id", "time", "order", "row", "rank"], kind="stable"
    ).reset_index(drop=True)
    ev_row = events["row"].to_numpy(np.int64)
    ev_transition = events["transition"].to_numpy(dtype=object)
    ev_rep = events["replication"].to_numpy(np.int64)
    ev_case = events["case_id"].to_numpy(np.int64)
    new_trace = np.ones(len(events), dtype=bool)
    new_trace[1:] = (ev_rep[1:] != ev_rep[:-1]) | (ev_case[1:] != ev_case[:-1])
    bounds = [*np.flatnonzero(new_trace).tolist(), len(events)]
    stamp = _stamps(start, events["time"].to_numpy(float), offset)
    enable = _stamps(start, rows["enable"].to_numpy(float), offset)
    quote = lru_cache(maxsize=None)(_quote)
    label = [
        str(n) if isinstance(n, str) and n.strip() else str(e)
        for n, e in zip(rows["name"], rows["element_id"], strict=True)
    ]
    head = [f'<string key="concept:name" value={quote(x)}/>' for x in label]
    columns = {
        col: [v if isinstance(v, str) and v else None for v in rows[col]]
        for col in ("lane", "resource", "resource_instance", "process_id", "element_id")
    }
    batch = (rows["batch_id"].to_numpy(float) if "batch_id" in rows.columns
             else np.full(len(rows), np.nan))
    tail = []
    for row in range(len(rows)):
        parts = []
        for key, text in (
            ("org:resource", columns["resource_instance"][row] or columns["resource"][row]),
            ("org:role", columns["lane"][row]),
            ("probisnis:element_id", columns["element_id"][row]),
            ("probisnis:process_id", columns["process_id"][row]),
            ("probisnis:pool", columns["resource"][row]),
        ):
            if text:
                parts.append(f'<string key="{key}" value={quote(text)}/>')
        if enable[row] is not None:
            parts.append(f'<date key="probisnis:enable" value="{enable[row]}"/>')
        if batch[row] == batch[row]:  # (not NaN)
            parts.append(f'<int key="probisnis:batch_id" value="{int(batch[row])}"/>')
        tail.append("".join(parts))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)

    with atomic_path(target) as tmp, etree.xmlfile(str(tmp), encoding="utf-8") as xf:
        xf.write_declaration()

        def put(element: etree._Element) -> None:
            xf.write(element, pretty_print=True)

        with xf.element(_tag("log"), {"xes.version": "1849-2016"},
                        nsmap={None: XES_NAMESPACE}):
            for ext_name, prefix, uri in _EXTENSIONS:
                put(_top("extension", name=ext_name, prefix=prefix, uri=uri))
            trace_global = _top("global", scope="trace")
            _attr(trace_global, "string", "concept:name", "__INVALID__")
            event_global = _top("global", scope="event")
            _attr(event_global, "string", "concept:name", "__INVALID__")
            _attr(event_global, "string", "lifecycle:transition", "complete")
            _attr(event_global, "date", "time:timestamp",
                  "1970-01-01T00:00:00.000+00:00")
            put(trace_global)
            put(event_global)
            put(_top("classifier", name="Activity", keys="concept:name"))
            put(_top("classifier", name="Activity and transition",
                     keys="concept:name lifecycle:transition"))
            put(_top("string", key="concept:name", value=name))
            put(_top("date", key="probisnis:start",
                     value=str(_stamps(start, np.zeros(1), offset)[0])))
            for first, stop in itertools.pairwise(bounds):
                rep, case = int(ev_rep[first]), int(ev_case[first])
                trace_name = f"{rep}-{case}" if several else str(case)
                pieces = [f'<trace xmlns="{XES_NAMESPACE}">'
                        f'<string key="concept:name" value={quote(trace_name)}/>'
                        f'<int key="probisnis:replication" value="{rep}"/>']
                for i in range(first, stop):
                    row = int(ev_row[i])
                    pieces.append(
                        f'<event>{head[row]}<string key="lifecycle:transition" '
                        f'value="{ev_transition[i]}"/><date key="time:timestamp" '
                        f'value="{stamp[i]}"/>{tail[row]}</event>'
                    )
                pieces.append("</trace>")
                # lxml parses each trace (a well-formedness check) and writes it
                trace = etree.fromstring("".join(pieces), parser)
                put(trace)
    return target
