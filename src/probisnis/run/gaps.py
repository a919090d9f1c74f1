"""What a descriptive model leaves out, filled in so that its flow can be traced.

A model drawn to describe work (``run --allow-non-executable``) names a service, a script,
a decision table or a called process without giving what executing it needs. SpiffWorkflow
refuses such a file; the analyst wants the flow traced. With ``allow_non_executable`` each
such element is rewritten in the in-memory tree and announced by a notice naming its
``file:line: [id]`` (codes ``run-plain-*``, ``run-*-arrives``, ``run-timer-*``,
``run-condition-*``):

- a service task without an operator (``spiffworkflow:serviceTaskOperator``), a script task
  without a script, a business-rule task whose decision table is not in the library, a call
  activity without ``calledElement`` (or calling a global task, which BPMN runs as that task)
  and a subprocess with nothing inside are traced as plain steps: the decisions file
  completes them like a plain task and nothing of the file is executed (no service is
  called, no network is used);
- an activity's ``ioSpecification`` (the data it needs and yields, like the documents of
  rewrite 5 of :mod:`probisnis.run.prepare`) is dropped: SpiffWorkflow would stop at an
  activity whose inputs no task wrote;
- a process's message or signal start event and such a catch event (not after an
  event-based gateway) whose message or signal nothing in the library sends pass: the case
  traced is the one in which it arrives from outside the model;
- a timer without a time (no ``timeDate``, ``timeDuration`` or ``timeCycle``) and a
  conditional event without a condition pass at once; on a boundary event they never fire
  (they would otherwise cut every activity they sit on at once), and an event subprocess
  they start never starts; the condition of a process's conditional start event holds (the
  instance traced exists because it held).

The index keeps the elements as written, so the trace shows each one's own kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from probisnis.bpmn.xml import bpmn_tag, element_term, local_name
from probisnis.present.notices import Notice, notice
from probisnis.run.implicit import Where
from probisnis.run.parser import CAMUNDA_NS

__all__ = ["decision_ref", "fill_gaps"]

_TIMES = ("timeDate", "timeDuration", "timeCycle")
_PLAIN_KINDS = ("serviceTask", "scriptTask", "businessRuleTask", "callActivity", "subProcess",
                "transaction")
_CONTENT = frozenset({
    "task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask",
    "sendTask", "receiveTask", "callActivity", "subProcess", "transaction",
    "adHocSubProcess", "startEvent", "endEvent", "intermediateCatchEvent",
    "intermediateThrowEvent", "exclusiveGateway", "inclusiveGateway", "parallelGateway",
    "complexGateway", "eventBasedGateway",
})


def decision_ref(node: etree._Element) -> str | None:
    """The decision a business-rule task names (``camunda:decisionRef`` or
    ``spiffworkflow:calledDecisionId``), ``None`` when it names none."""
    ref = node.get(f"{{{CAMUNDA_NS}}}decisionRef")
    if ref and ref.strip():
        return ref.strip()
    for element in node.iter():
        if isinstance(element.tag, str) and local_name(element) == "calledDecisionId":
            text = (element.text or "").strip()
            if text:
                return text
    return None


def _has_descendant(node: etree._Element, name: str) -> bool:
    return any(isinstance(e.tag, str) and local_name(e) == name for e in node.iter())


def _missing(node: etree._Element, decisions: frozenset[str],
             globals_: frozenset[str]) -> str | None:
    """The notice code for what ``node`` lacks for SpiffWorkflow to run it, if anything."""
    kind = local_name(node)
    if kind == "serviceTask" and not _has_descendant(node, "serviceTaskOperator"):
        return "run-plain-operator"
    if kind == "scriptTask":
        scripts = node.findall(bpmn_tag("script"))
        if not any("".join(s.itertext()).strip() for s in scripts):
            return "run-plain-script"
    if kind == "businessRuleTask":
        ref = decision_ref(node)
        if ref is None:
            return "run-plain-decision"
        if ref not in decisions:
            return "run-plain-decision-missing"
    if kind == "callActivity" and not (node.get("calledElement") or "").strip():
        return "run-plain-called"
    if kind == "callActivity" and node.get("calledElement", "").rpartition(":")[2] in globals_:
        return "run-plain-global"
    if kind in ("subProcess", "transaction") and node.get("triggeredByEvent") != "true" and \
            not any(isinstance(c.tag, str) and local_name(c) in _CONTENT for c in node):
        return "run-plain-empty"
    return None


def _plain(node: etree._Element) -> None:
    node.tag = bpmn_tag("task")
    for attr in ("calledElement", "triggeredByEvent", "implementation"):
        node.attrib.pop(attr, None)


def _has_time(definition: etree._Element) -> bool:
    return any("".join(e.itertext()).strip() for t in _TIMES
               for e in definition.findall(bpmn_tag(t)))


def _fill_time(definition: etree._Element) -> None:
    for empty in [e for t in _TIMES for e in definition.findall(bpmn_tag(t))]:
        definition.remove(empty)
    # SpiffWorkflow evaluates the text: a string literal
    etree.SubElement(definition, bpmn_tag("timeDuration")).text = "'PT0S'"


def _has_condition(definition: etree._Element) -> bool:
    return any("".join(c.itertext()).strip() for c in definition.findall(bpmn_tag("condition")))


def _fill_condition(definition: etree._Element) -> None:
    for empty in definition.findall(bpmn_tag("condition")):
        definition.remove(empty)
    etree.SubElement(definition, bpmn_tag("condition")).text = "True"


@dataclass(frozen=True, slots=True)
class _EventGap:
    """An event definition that may lack what triggers it: how to tell, how to fill it in,
    and the notice codes (passes at once / a boundary never fires / an event subprocess
    never starts)."""

    complete: Callable[[etree._Element], bool]
    fill: Callable[[etree._Element], None]
    passes: str
    never: str
    never_starts: str


#: definition tag -> what to do when it says nothing about when it happens
_EVENT_GAPS = {
    "timerEventDefinition": _EventGap(_has_time, _fill_time, "run-timer-passes",
                                      "run-timer-never", "run-timer-never-starts"),
    "conditionalEventDefinition": _EventGap(_has_condition, _fill_condition,
                                            "run-condition-passes", "run-condition-never",
                                            "run-condition-never-starts"),
}


def _process_start_condition(definition: etree._Element, where: Where) -> Notice | None:
    """A process's conditional start event: the instance traced exists because its condition
    held, so it holds (whatever data it reads, which nothing in the run has set)."""
    event = definition.getparent()
    host = event.getparent() if event is not None else None
    if event is None or host is None or local_name(event) != "startEvent" \
            or local_name(host) != "process" or not _has_condition(definition):
        return None
    _fill_condition(definition)
    return notice("run-condition-start-holds", where=where(event), element=element_term(event))


def _event_gaps(root: etree._Element, where: Where) -> list[Notice]:
    notices = []
    for definition in list(root.iter(*(bpmn_tag(t) for t in _EVENT_GAPS))):
        gap = _EVENT_GAPS[local_name(definition)]
        event = definition.getparent()
        if local_name(definition) == "conditionalEventDefinition":
            held = _process_start_condition(definition, where)
            if held is not None:
                notices.append(held)
                continue
        if gap.complete(definition) or event is None:
            continue
        kind = local_name(event)
        host = event.getparent()
        if kind == "boundaryEvent":
            notices.append(notice(gap.never, where=where(event), element=element_term(event)))
            if host is not None:
                host.remove(event)
        elif kind == "startEvent" and host is not None and \
                host.get("triggeredByEvent") == "true":
            notices.append(notice(gap.never_starts, where=where(event), element=element_term(host)))
            outer = host.getparent()
            if outer is not None:
                outer.remove(host)
        else:
            notices.append(notice(gap.passes, where=where(event), element=element_term(event)))
            gap.fill(definition)
    return notices


def _after_event_gateway(event: etree._Element) -> bool:
    body = event.getparent()
    if body is None:
        return False
    gateways = {g.get("id") for g in body if isinstance(g.tag, str)
                and local_name(g) == "eventBasedGateway"}
    return any(local_name(f) == "sequenceFlow" and f.get("targetRef") == event.get("id")
               and f.get("sourceRef") in gateways for f in body if isinstance(f.tag, str))


#: event definition -> (its reference attribute, notice at a process's start, notice mid-way)
_ARRIVALS = {
    "messageEventDefinition": ("messageRef", "run-start-message-arrives", "run-message-arrives"),
    "signalEventDefinition": ("signalRef", "run-start-signal-arrives", "run-signal-arrives"),
}


def _arrival_gaps(root: etree._Element, where: Where,
                  unsent: Callable[[str, str | None, etree._Element], str | None]
                  ) -> list[Notice]:
    """A process's message or signal start event, or such a catch event, whose message or
    signal nothing in the library sends: the case traced is the one in which it arrives (from
    outside the model), so it passes. After an event-based gateway the race is left as is."""
    notices = []
    for definition in list(root.iter(*(bpmn_tag(t) for t in _ARRIVALS))):
        attr, at_start, midway = _ARRIVALS[local_name(definition)]
        event = definition.getparent()
        host = event.getparent() if event is not None else None
        if event is None or host is None:
            continue
        kind = local_name(event)
        if kind == "startEvent" and local_name(host) == "process":
            code = at_start
        elif kind == "intermediateCatchEvent" and not _after_event_gateway(event):
            code = midway
        else:
            continue
        definitions = [d for d in event if isinstance(d.tag, str)
                       and local_name(d).endswith("EventDefinition")]
        unheard = unsent(local_name(definition), definition.get(attr), event)
        if len(definitions) != 1 or unheard is None:
            continue
        notices.append(notice(code, where=where(event), element=element_term(event),
                              message=unheard))
        event.remove(definition)
        if kind == "intermediateCatchEvent":  # a none event that passes its token on
            event.tag = bpmn_tag("intermediateThrowEvent")
    return notices


def fill_gaps(root: etree._Element, where: Where, decisions: Iterable[str] = (),
              unsent: Callable[[str, str | None, etree._Element], str | None] | None = None
              ) -> tuple[list[Notice], list[str]]:
    """Rewrite ``root`` in place (see the module docstring).

    ``decisions`` are the DMN decision ids of the library; ``unsent(definition tag, ref,
    event)`` gives the name of a message or signal nothing in the library sends (else
    ``None``). Returns the notices and the ids of the elements now traced as plain steps.
    """
    known = frozenset(decisions)
    global_tasks = frozenset(e.get("id", "") for e in root if isinstance(e.tag, str)
                             and local_name(e).startswith("global") and e.get("id"))
    for spec in list(root.iter(bpmn_tag("ioSpecification"))):  # documents, as rewrite 5 says
        spec.getparent().remove(spec)  # type: ignore[union-attr]
    notices = _event_gaps(root, where)
    if unsent is not None:
        notices += _arrival_gaps(root, where, unsent)
    plain = []
    for node in list(root.iter(*(bpmn_tag(k) for k in _PLAIN_KINDS))):
        missing = _missing(node, known, global_tasks)
        if missing is None:
            continue
        ref = decision_ref(node) if missing == "run-plain-decision-missing" else None
        notices.append(notice(missing, where=where(node), element=element_term(node),
                              **({"decision": ref} if ref else {})))
        _plain(node)
        plain.append(node.get("id", ""))
    return notices, plain
