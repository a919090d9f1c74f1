"""BPMN's implicit semantics written out, so that SpiffWorkflow runs what BPMN 2.0 defines.

Models drawn in other tools (Bizagi, ADONIS, Signavio, ARIS, Trisotech) lean on rules
the BPMN 2.0 specification states but SpiffWorkflow does not implement. Each rewrite
below makes one such rule explicit in the in-memory tree handed to SpiffWorkflow; the
elements it adds get ids ending in ``__bpmn_*`` and never reach the trace (the index holds
the model as written, so the trace, the coverage and the messages keep the user's
elements, flows and lines). Each rewrite is announced by a notice
(:data:`probisnis.present.notice_texts.TEXTS`, codes ``run-*``).

1. **Implicit split** (BPMN 2.0 §10.3.1, 13.2.1): an activity or event with several
   outgoing sequence flows sends a token along each unconditional one (a parallel
   split) and along each conditional one whose condition holds, its default flow only
   when none of the conditional ones holds (an inclusive choice). Gateways are put right
   after the element: a parallel one for the unconditional flows, and an inclusive one
   for the conditional flows and the default (behind the parallel one when there are
   both; when no condition holds and there is no default, its token ends there).
2. **Start of a body without a start event** (§13.5.1): a subprocess (or process)
   with no start event starts at every activity, gateway and intermediate event with
   no incoming sequence flow. A start event is added with a flow to each of them.
3. **Several start events in a subprocess** (§10.5.2, "likewise"): they all start
   together: each becomes a pass-through event behind one added start event.
4. **End of a subprocess without an end event** (§13.5.1): it ends when no token is
   left. SpiffWorkflow needs an end event to finish a subprocess, so one is added
   behind every element with no outgoing flow; it waits for every path anyway.
5. **Data stores** do not take part in control flow: their definitions and references
   are dropped (SpiffWorkflow asks for an implementation of each data store by name).
6. **References** to a message, signal, error or escalation are QNames: a prefixed one
   (``semantic:Message_1``) names the definition ``Message_1``. One that names nothing
   in the file is dropped (the event is then an unnamed one of its kind).
7. **Compensation** is not run by SpiffWorkflow: a compensation boundary event is
   dropped (its handler is reached only by compensation, never by a sequence flow).
8. **An empty pool** (a process without any flow node) has nothing to run; it is left
   out when a collaboration runs.
9. **Timer literals**: a ``timeDate``/``timeDuration``/``timeCycle`` written as a bare
   ISO 8601 value (``P7D``, ``R1/P5D``, ``2025-01-08T08:00``), as most tools write it, is
   that value; SpiffWorkflow evaluates the text as an expression, so it is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from probisnis.bpmn.xml import BPMN_NS, bpmn_tag, element_term, local_name
from probisnis.present.notices import Notice, Term, notice

__all__ = ["CHOICE_MARK", "SYNTHETIC_MARK", "make_implicit_explicit", "unique_ids"]

#: part of every id this module (and :mod:`probisnis.run.gaps`) adds
SYNTHETIC_MARK = "__bpmn_"
#: in the id of the inclusive gateway written for the conditional flows leaving an activity
CHOICE_MARK = f"{SYNTHETIC_MARK}choice"

_GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway", "parallelGateway",
                       "complexGateway", "eventBasedGateway"})
_BODIES = frozenset({"process", "subProcess", "transaction"})
_FLOW_NODES = frozenset({
    "task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask",
    "sendTask", "receiveTask", "callActivity", "subProcess", "transaction",
    "adHocSubProcess", "startEvent", "endEvent", "intermediateCatchEvent",
    "intermediateThrowEvent", "boundaryEvent", *_GATEWAYS,
})
_EVENT_DEFINITION_SUFFIX = "EventDefinition"

#: where a notice points: ``path:line: [id]``
Where = Callable[[etree._Element], str]


def unique_ids(root: etree._Element) -> Callable[[str], str]:
    """A function giving fresh ids (``<base>__bpmn_<what>``) unused anywhere in ``root``."""
    taken = {e.get("id", "") for e in root.iter() if isinstance(e.tag, str)}

    def fresh(base: str) -> str:
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        return candidate

    return fresh


def _children(body: etree._Element) -> Iterator[etree._Element]:
    for child in body:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{BPMN_NS}}}"):
            yield child


def _nodes(body: etree._Element) -> list[etree._Element]:
    return [c for c in _children(body) if local_name(c) in _FLOW_NODES and c.get("id")]


def _flows(body: etree._Element) -> list[etree._Element]:
    return [c for c in _children(body) if local_name(c) == "sequenceFlow"]


def _condition(flow: etree._Element) -> etree._Element | None:
    """The flow's ``conditionExpression`` when it says something (an empty one does not)."""
    element = flow.find(bpmn_tag("conditionExpression"))
    if element is None or not "".join(element.itertext()).strip():
        return None
    return element


def _event_kinds(node: etree._Element) -> list[str]:
    return [local_name(d)[: -len(_EVENT_DEFINITION_SUFFIX)] for d in node
            if isinstance(d.tag, str) and local_name(d).endswith(_EVENT_DEFINITION_SUFFIX)]


def _add(body: etree._Element, after: etree._Element | None, tag: str,
         **attrs: str) -> etree._Element:
    element = etree.Element(bpmn_tag(tag), attrs)
    if after is None:
        body.insert(0, element)
    else:
        after.addnext(element)
    return element


def _connect(body: etree._Element, fresh: Callable[[str], str], source: str,
             target: str) -> etree._Element:
    flow = etree.SubElement(body, bpmn_tag("sequenceFlow"))
    flow.set("id", fresh(f"{source}{SYNTHETIC_MARK}flow"))
    flow.set("sourceRef", source)
    flow.set("targetRef", target)
    return flow


def _split(body: etree._Element, fresh: Callable[[str], str], where: Where) -> list[Notice]:
    notices = []
    by_source: dict[str, list[etree._Element]] = {}
    for flow in _flows(body):
        by_source.setdefault(flow.get("sourceRef", ""), []).append(flow)
    for node in _nodes(body):
        kind = local_name(node)
        outgoing = by_source.get(node.get("id", ""), [])
        if kind in _GATEWAYS or len(outgoing) < 2:
            continue
        conditional = [f for f in outgoing if _condition(f) is not None]
        if kind == "startEvent" and not conditional:
            continue  # SpiffWorkflow already starts every outgoing flow of a start event
        node_id = node.get("id", "")
        default = node.attrib.pop("default", None) if conditional else None
        for flow in outgoing:
            if _condition(flow) is None:  # an empty conditionExpression says nothing
                for empty in flow.findall(bpmn_tag("conditionExpression")):
                    flow.remove(empty)
        always = [f for f in outgoing if f not in conditional and f.get("id") != default]
        chooser = None
        if conditional:
            # the conditional flows (and the default) leave from an inclusive gateway
            chooser = _add(body, node, "inclusiveGateway",
                           id=fresh(f"{node_id}{CHOICE_MARK}"))
            for flow in outgoing:
                if flow in conditional or flow.get("id") == default:
                    flow.set("sourceRef", chooser.get("id", ""))
            if default:
                chooser.set("default", default)
            elif always:  # no condition holds: the token goes on the other flows only
                end = etree.SubElement(body, bpmn_tag("endEvent"),
                                       id=fresh(f"{node_id}{SYNTHETIC_MARK}none"))
                nothing = _connect(body, fresh, chooser.get("id", ""), end.get("id", ""))
                chooser.set("default", nothing.get("id", ""))
        if len(always) + (chooser is not None) >= 2:
            fork = _add(body, node, "parallelGateway", id=fresh(f"{node_id}{SYNTHETIC_MARK}split"))
            for flow in always:
                flow.set("sourceRef", fork.get("id", ""))
            if chooser is not None:
                _connect(body, fresh, fork.get("id", ""), chooser.get("id", ""))
            _connect(body, fresh, node_id, fork.get("id", ""))
        elif chooser is not None:
            _connect(body, fresh, node_id, chooser.get("id", ""))
        flows = [f.get("id", "") for f in outgoing]
        if conditional:
            notices.append(notice("run-implicit-choice", where=where(node),
                                  element=element_term(node), flows=flows,
                                  conditional=[f.get("id", "") for f in conditional]))
        else:
            notices.append(notice("run-implicit-split", where=where(node),
                                  element=element_term(node), flows=flows))
    return notices


def _loose(body: etree._Element, ref: str, own: tuple[str, ...],
           link: str) -> list[etree._Element]:
    """Elements of ``body`` no sequence flow names as its ``ref`` (``targetRef``: where a
    body without a start event starts; ``sourceRef``: where a path ends without an end
    event), leaving out the kinds ``own`` (start or end events themselves), event
    subprocesses, compensation handlers and ``link`` events (a link throw goes on at its
    catch, a link catch is reached from its throw)."""
    named = {f.get(ref) for f in _flows(body)}
    return [node for node in _nodes(body)
            if node.get("id") not in named and local_name(node) not in own
            and node.get("triggeredByEvent") != "true"
            and node.get("isForCompensation") != "true"
            and not (local_name(node) == link and "link" in _event_kinds(node))]


def _entries(body: etree._Element) -> list[etree._Element]:
    """Elements a body without a start event starts at: no incoming sequence flow."""
    return _loose(body, "targetRef", ("boundaryEvent", "startEvent"), "intermediateCatchEvent")


def _leaves(body: etree._Element) -> list[etree._Element]:
    """Elements a path ends at without an end event: no outgoing sequence flow."""
    return _loose(body, "sourceRef", ("endEvent",), "intermediateThrowEvent")


def _starts(body: etree._Element, fresh: Callable[[str], str], where: Where) -> list[Notice]:
    body_id = body.get("id", "")
    starts = [n for n in _nodes(body) if local_name(n) == "startEvent"]
    if len(starts) == 1 or (starts and local_name(body) == "process"):
        return []  # a process's start events are alternatives; SpiffWorkflow runs them so
    if starts:
        targets = starts
        for start in starts:  # each one passes its token on as soon as it gets it
            start.tag = bpmn_tag("intermediateThrowEvent")
            for child in list(start):
                if isinstance(child.tag, str) and local_name(child).endswith(
                        _EVENT_DEFINITION_SUFFIX):
                    start.remove(child)
            start.attrib.pop("isInterrupting", None)
            start.attrib.pop("parallelMultiple", None)
        code = "run-several-starts"
    else:
        targets = _entries(body)
        if not targets:
            return []
        code = "run-implicit-start"
    start = _add(body, None, "startEvent", id=fresh(f"{body_id}{SYNTHETIC_MARK}start"))
    for target in targets:
        _connect(body, fresh, start.get("id", ""), target.get("id", ""))
    return [notice(code, where=where(body), element=element_term(body),
                   starts=[t.get("id", "") for t in targets])]


def _ends(body: etree._Element, fresh: Callable[[str], str]) -> None:
    if local_name(body) == "process" or any(local_name(n) == "endEvent" for n in _nodes(body)):
        return  # a process ends when its last token is consumed, end event or not
    end = etree.SubElement(body, bpmn_tag("endEvent"),
                           id=fresh(f"{body.get('id', '')}{SYNTHETIC_MARK}end"))
    for leaf in _leaves(body):
        _connect(body, fresh, leaf.get("id", ""), end.get("id", ""))


def _drop_data_stores(root: etree._Element) -> None:
    for element in list(root.iter(bpmn_tag("dataStore"), bpmn_tag("dataStoreReference"))):
        element.getparent().remove(element)  # type: ignore[union-attr]


_REFS = {"messageRef": "message", "signalRef": "signal", "errorRef": "error",
         "escalationRef": "escalation"}


def _references(root: etree._Element, where: Where) -> list[Notice]:
    defined = {kind: {e.get("id", "") for e in root.iter(bpmn_tag(kind))}
               for kind in _REFS.values()}
    notices = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr, kind in _REFS.items():
            ref = element.get(attr)
            if ref is None or ref in defined[kind]:
                continue
            local = ref.rpartition(":")[2]
            if local in defined[kind]:
                element.set(attr, local)
                continue
            del element.attrib[attr]
            event = element.getparent() if local_name(element).endswith(
                _EVENT_DEFINITION_SUFFIX) else element
            if event is None:
                continue
            notices.append(notice("run-undefined-ref", where=where(event),
                                  element=element_term(event), what=Term(kind), ref=ref))
    return notices


def _compensation(root: etree._Element, where: Where) -> list[Notice]:
    notices = []
    for event in list(root.iter(bpmn_tag("boundaryEvent"))):
        if "compensate" in _event_kinds(event) and event.getparent() is not None:
            notices.append(notice("run-compensation", where=where(event),
                                  element=element_term(event)))
            event.getparent().remove(event)  # type: ignore[union-attr]
    return notices


_ISO_TIME = re.compile(r"(R\d*/)?(-?P[\dYMWDTHS.,]+|\d{4}-\d{2}-\d{2}[\dT:.Z+-]*)"
                       r"(/(P[\dYMWDTHS.,]+|\d{4}-\d{2}-\d{2}[\dT:.Z+-]*))?")


def _timer_literals(root: etree._Element) -> None:
    for element in root.iter(*(bpmn_tag(t) for t in ("timeDate", "timeDuration", "timeCycle"))):
        text = (element.text or "").strip()
        if len(element) == 0 and _ISO_TIME.fullmatch(text):
            element.text = repr(text)


def _empty_pools(root: etree._Element) -> None:
    for process in root.iter(bpmn_tag("process")):
        if not _nodes(process):
            process.set("isExecutable", "false")


def make_implicit_explicit(root: etree._Element, where: Where,
                           fresh: Callable[[str], str] | None = None) -> list[Notice]:
    """Rewrite ``root`` in place (see the module docstring); the notices, in document order.

    ``where`` gives the ``path:line: [id]`` of an element for its notice.
    """
    fresh = fresh or unique_ids(root)
    _drop_data_stores(root)
    _empty_pools(root)
    _timer_literals(root)
    notices = _references(root, where) + _compensation(root, where)
    bodies = [b for b in root.iter(*(bpmn_tag(t) for t in _BODIES))
              if b.get("triggeredByEvent") != "true"]
    for body in bodies:
        notices += _starts(body, fresh, where)
        _ends(body, fresh)
        notices += _split(body, fresh, where)
    return notices
