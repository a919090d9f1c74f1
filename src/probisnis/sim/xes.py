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
attributes ``element_id``, ``process_id``, ``pool`` and ``enable`` (a date).
Within a trace events are in time order; at equal times an instance's start
precedes its complete and an earlier-started instance's events come first.
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from probisnis.errors import UsageError
from probisnis.sim.kpis import LOG_COLUMNS

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
    times = pd.Timestamp(start) + pd.to_timedelta(pd.Series(seconds, dtype=float), unit="s")
    text = times.dt.round("ms").dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + offset
    return text.to_numpy(dtype=object)


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
    label = [
        str(n) if isinstance(n, str) and n.strip() else str(e)
        for n, e in zip(rows["name"], rows["element_id"], strict=True)
    ]
    optional = {
        col: [v if isinstance(v, str) and v else None for v in rows[col]]
        for col in ("lane", "resource", "resource_instance", "process_id")
    }
    element_ids = rows["element_id"].astype(str).tolist()

    try:
        with etree.xmlfile(str(target), encoding="utf-8") as xf:
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
                    trace = _top("trace")
                    trace_name = f"{rep}-{case}" if several else str(case)
                    _attr(trace, "string", "concept:name", trace_name)
                    _attr(trace, "int", "probisnis:replication", str(rep))
                    for i in range(first, stop):
                        row = int(ev_row[i])
                        event = etree.SubElement(trace, _tag("event"))
                        _attr(event, "string", "concept:name", label[row])
                        _attr(event, "string", "lifecycle:transition", str(ev_transition[i]))
                        _attr(event, "date", "time:timestamp", stamp[i])
                        who = optional["resource_instance"][row] or optional["resource"][row]
                        for key, text in (
                            ("org:resource", who),
                            ("org:role", optional["lane"][row]),
                            ("probisnis:element_id", element_ids[row]),
                            ("probisnis:process_id", optional["process_id"][row]),
                            ("probisnis:pool", optional["resource"][row]),
                        ):
                            if text:
                                _attr(event, "string", key, text)
                        _attr(event, "date", "probisnis:enable", enable[row])
                    put(trace)
    except OSError as exc:
        raise UsageError(f"cannot write the XES event log: {exc}", path=str(target)) from exc
    return target
