"""In-memory rewrites that let SpiffWorkflow run a BPMN file as the analyst wrote it.

Nothing here touches the file on disk; every rewrite is on the lxml tree handed
to the SpiffWorkflow parser, and lines (``sourceline``) stay the user's lines.

1. **Reserved ids.** SpiffWorkflow adds its own task specs to every process
   (``Start``, ``End``, ``<process>.EndJoin``, ``StartEventSplit``/``Join``,
   ``<id>.BoundaryEventSplit``/``Join``, ``<id> [child]``; ``Root`` in older
   serialisations). A flow node with such an id is renamed (``Start`` ->
   ``Start__bpmn``) together with every reference to it; the trace maps names back.
2. **Descriptive gateways.** A diverging exclusive/inclusive gateway whose
   outgoing flows carry no condition at all is routed by the decisions file:
   each flow gets the condition ``probisnis_route("<flow id>")``, which the
   runner's script engine answers from the decisions for that gateway.
3. **Message tasks without a partner.** A ``sendTask``/``receiveTask`` whose
   message nobody in the library catches/throws is run as a plain task (so the
   decisions file completes it); the trace keeps its real kind.
4. **Non-executable processes** (only when asked): ``isExecutable`` is set to
   true and loop/multi-instance markers that SpiffWorkflow cannot run
   (no cardinality, no loop condition/maximum) are dropped, so the activity
   runs once.
5. **Documents.** Data input/output associations are dropped: a process's
   data objects describe the documents a task needs and yields (an SOP's
   Kelengkapan and Output), not variables, and SpiffWorkflow would stop at a
   task reading a data object nothing wrote. The data objects stay, unused.
6. **BPMN's implicit rules** (always): implicit splits after activities and events,
   the start of a body without a start event, several start events in a subprocess,
   the end of a subprocess without an end event, data stores dropped
   (:mod:`probisnis.run.implicit`).
7. **What a descriptive model leaves out** (only when asked, with 4): service, script,
   business-rule tasks and call activities SpiffWorkflow could not run become plain
   steps, timers without a time pass at once (:mod:`probisnis.run.gaps`).

Rewrites 6 and 7 are announced: :class:`PreparedDocument` carries a notice per element
(``path:line: [id] ...``), which ``run`` prints.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from probisnis.bpmn.xml import bpmn_tag, element_term, local_name
from probisnis.errors import format_location
from probisnis.present.notices import Notice, Term, notice
from probisnis.run.gaps import fill_gaps
from probisnis.run.implicit import make_implicit_explicit
from probisnis.run.index import FLOW_NODE_KINDS

__all__ = [
    "ROUTE_FUNCTION",
    "PreparedDocument",
    "drop_data_associations",
    "is_reserved",
    "message_names",
    "prepare_document",
    "reserved_renames",
    "signal_names",
]

ROUTE_FUNCTION = "probisnis_route"
ROUTE_PATTERN = re.compile(rf'^\s*{ROUTE_FUNCTION}\("((?:[^"\\]|\\.)*)"\)\s*$')

_RESERVED = frozenset({"Start", "End", "Root", "StartEventSplit", "StartEventJoin"})
_RESERVED_SUFFIXES = (".EndJoin", ".BoundaryEventSplit", ".BoundaryEventJoin", " [child]")
_RENAME_SUFFIX = "__bpmn"
_REF_TEXT_TAGS = frozenset({"flowNodeRef", "incoming", "outgoing", "sourceRef", "targetRef"})
_DIVERGING_CONDITIONAL = frozenset({"exclusiveGateway", "inclusiveGateway", "complexGateway"})
_THROW_TAGS = frozenset({"intermediateThrowEvent", "endEvent"})
_CATCH_TAGS = frozenset({"startEvent", "intermediateCatchEvent", "boundaryEvent"})


def is_reserved(element_id: str) -> bool:
    """True when ``element_id`` collides with a task spec name SpiffWorkflow creates itself."""
    return element_id in _RESERVED or element_id.endswith(_RESERVED_SUFFIXES)


def _message_name(root: etree._Element, ref: str | None) -> str | None:
    if not ref:
        return None
    for message in root.iter(bpmn_tag("message")):
        if message.get("id") == ref:
            return message.get("name") or ref
    return ref


def _signal_name(root: etree._Element, ref: str | None, event: etree._Element) -> str | None:
    """A signal event's name as SpiffWorkflow takes it: its signal's, else the event's."""
    if ref:
        for signal in root.iter(bpmn_tag("signal")):
            if signal.get("id") == ref:
                return signal.get("name") or ref
        return ref
    return event.get("name")


def signal_names(root: etree._Element) -> set[str]:
    """Signals thrown in one document (by end and intermediate throw events), by name."""
    thrown: set[str] = set()
    for definition in root.iter(bpmn_tag("signalEventDefinition")):
        event = definition.getparent()
        if event is not None and local_name(event) in _THROW_TAGS:
            name = _signal_name(root, definition.get("signalRef"), event)
            if name:
                thrown.add(name)
    return thrown


def message_names(root: etree._Element) -> tuple[set[str], set[str]]:
    """(messages thrown, messages caught) in one document, by message name."""
    thrown: set[str] = set()
    caught: set[str] = set()
    for element in root.iter():
        kind = local_name(element)
        if kind == "sendTask":
            name = _message_name(root, element.get("messageRef"))
            if name:
                thrown.add(name)
        elif kind == "receiveTask":
            name = _message_name(root, element.get("messageRef"))
            if name:
                caught.add(name)
        elif kind == "messageEventDefinition":
            parent = element.getparent()
            parent_kind = local_name(parent) if parent is not None else ""
            name = _message_name(root, element.get("messageRef"))
            if not name:
                continue
            if parent_kind in _THROW_TAGS:
                thrown.add(name)
            elif parent_kind in _CATCH_TAGS:
                caught.add(name)
    return thrown, caught


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A BPMN document rewritten for SpiffWorkflow.

    ``renamed`` maps original ids to new ids; ``routed`` lists the descriptive
    gateways (original ids) whose flows the decisions file chooses; ``plain`` the elements
    traced as plain steps (original ids); ``notices`` pairs each rewrite's notice with the
    id of the top-level process it is in.
    """

    renamed: dict[str, str]
    routed: frozenset[str]
    plain: frozenset[str] = frozenset()
    notices: tuple[tuple[str, Notice], ...] = ()


def _new_id(old: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w.-]", "_", old) + _RENAME_SUFFIX
    candidate, n = base, 1
    while candidate in taken or is_reserved(candidate):
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def _rename(root: etree._Element, renamed: dict[str, str]) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr, value in element.attrib.items():
            name = attr.rsplit("}", 1)[-1]
            if value in renamed and (
                attr == "id" or name.endswith("Ref") or name in ("default", "bpmnElement")
            ):
                element.set(attr, renamed[value])
        if (
            local_name(element) in _REF_TEXT_TAGS
            and len(element) == 0
            and element.text
            and element.text.strip() in renamed
        ):
            element.text = renamed[element.text.strip()]


def _has_condition(flow: etree._Element) -> bool:
    """Whether the flow's ``conditionExpression`` says something (an empty one does not)."""
    return any("".join(c.itertext()).strip() for c in flow.findall(bpmn_tag("conditionExpression")))


def _readable(flow: etree._Element) -> bool:
    """Whether the flow's condition is an expression at all (FEEL, JUEL ``${...}``, XPath or
    a sentence written as a condition is not: a label for the person reading the map)."""
    text = " ".join("".join(c.itertext()) for c in flow.findall(bpmn_tag("conditionExpression")))
    try:
        ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # too deep: no expression
        return False
    return True


def _route_gateways(root: etree._Element, mixed: bool = False,
                    where: Callable[[etree._Element], str] | None = None
                    ) -> tuple[set[str], list[Notice]]:
    """Route descriptive gateways by the decisions file (rewrite 2); with ``mixed``, also
    gateways where only some non-default flows carry a condition, or a condition that is no
    expression (a notice each)."""
    routed: set[str] = set()
    notices: list[Notice] = []
    flows_by_source: dict[str, list[etree._Element]] = {}
    for flow in root.iter(bpmn_tag("sequenceFlow")):
        flows_by_source.setdefault(flow.get("sourceRef", ""), []).append(flow)
    for element in root.iter():
        if local_name(element) not in _DIVERGING_CONDITIONAL:
            continue
        gid = element.get("id", "")
        outgoing = flows_by_source.get(gid, [])
        if len(outgoing) < 2:
            continue
        default = element.get("default")
        bare = [f.get("id", "") for f in outgoing
                if f.get("id") != default and not _has_condition(f)]
        prose = [f.get("id", "") for f in outgoing
                 if mixed and _has_condition(f) and not _readable(f)]
        term = element_term(element)
        if len(bare) < len(outgoing) - (1 if default else 0):  # some flow has a condition
            if not (mixed and (bare or prose)):
                continue
            if where is not None and prose:
                notices.append(notice("run-condition-as-label", where=where(element),
                                      element=term, flows=prose))
            elif where is not None:
                notices.append(notice("run-gateway-routed", where=where(element),
                                      element=term, flows=bare))
        for flow in outgoing:
            for old in flow.findall(bpmn_tag("conditionExpression")):
                flow.remove(old)
            if flow.get("id") == default:
                continue
            condition = etree.SubElement(flow, bpmn_tag("conditionExpression"))
            condition.text = f'{ROUTE_FUNCTION}("{flow.get("id")}")'
        routed.add(gid)
    return routed, notices


#: message task kind -> the notice saying it has no partner
_PARTNERLESS = {"sendTask": "run-plain-send", "receiveTask": "run-plain-receive"}


def _plain_message_tasks(root: etree._Element, thrown: set[str], caught: set[str],
                         where: Callable[[etree._Element], str] | None = None) -> list[Notice]:
    notices = []
    for element in list(root.iter(bpmn_tag("sendTask"), bpmn_tag("receiveTask"))):
        kind = local_name(element)
        name = _message_name(root, element.get("messageRef"))
        partners = caught if kind == "sendTask" else thrown
        if name is None or name not in partners:
            if where is not None:
                notices.append(notice(_PARTNERLESS[kind], where=where(element),
                                      element=Term(kind, " ".join(
                                          (element.get("name") or "").split())),
                                      message=name or "-"))
            element.tag = bpmn_tag("task")
            element.attrib.pop("messageRef", None)
    return notices


def _make_executable(root: etree._Element) -> None:
    for process in root.iter(bpmn_tag("process")):
        process.set("isExecutable", "true")
    for marker in list(root.iter(bpmn_tag("multiInstanceLoopCharacteristics"))):
        if (
            marker.find(bpmn_tag("loopCardinality")) is None
            and marker.find(bpmn_tag("loopDataInputRef")) is None
        ):
            marker.getparent().remove(marker)  # type: ignore[union-attr]
    for marker in list(root.iter(bpmn_tag("standardLoopCharacteristics"))):
        if marker.find(bpmn_tag("loopCondition")) is None and marker.get("loopMaximum") is None:
            marker.getparent().remove(marker)  # type: ignore[union-attr]


def drop_data_associations(root: etree._Element) -> None:
    """Remove every data input/output association (rewrite 5), in place."""
    for assoc in list(root.iter(bpmn_tag("dataInputAssociation"),
                                bpmn_tag("dataOutputAssociation"))):
        assoc.getparent().remove(assoc)  # type: ignore[union-attr]


def reserved_renames(root: etree._Element) -> dict[str, str]:
    """Original id -> new id for every flow node whose id collides with a SpiffWorkflow name."""
    taken = {e.get("id", "") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    renamed: dict[str, str] = {}
    for element in root.iter():
        element_id = element.get("id") if isinstance(element.tag, str) else None
        if element_id and local_name(element) in FLOW_NODE_KINDS and is_reserved(element_id):
            renamed[element_id] = _new_id(element_id, taken)
    return renamed


def prepare_document(
    root: etree._Element,
    *,
    renamed: dict[str, str] | None = None,
    thrown: Iterable[str] = (),
    caught: Iterable[str] = (),
    allow_non_executable: bool = False,
    path: str = "",
    decisions: Iterable[str] = (),
    signals: Iterable[str] = (),
) -> PreparedDocument:
    """Rewrite ``root`` in place for SpiffWorkflow (see the module docstring).

    ``renamed`` is :func:`reserved_renames` of ``root`` (computed when not
    given); ``thrown``/``caught`` are the message names thrown/caught anywhere
    in the library, to decide which message tasks have a partner; ``path`` is the file
    as the notices name it; ``decisions`` the DMN decision ids of the library; ``signals``
    the names of the signals thrown anywhere in it.
    """
    if renamed is None:
        renamed = reserved_renames(root)
    # a notice's place -> (the id of the process it is in, its line)
    owner: dict[str, tuple[str, int]] = {}

    def where(element: etree._Element) -> str:
        place = format_location(path or None, element.sourceline, element.get("id"))
        process = element if element.tag == bpmn_tag("process") else next(
            element.iterancestors(bpmn_tag("process")), None)
        owner[place] = (process.get("id", "") if process is not None else "",
                        element.sourceline or 0)
        return place

    drop_data_associations(root)
    notices = _plain_message_tasks(root, set(thrown), set(caught), where)
    plain: list[str] = []
    if allow_non_executable:
        _make_executable(root)
        heard = {"messageEventDefinition": set(thrown),
                 "signalEventDefinition": set(signals)}

        def unsent(tag: str, ref: str | None, event: etree._Element) -> str | None:
            if tag == "messageEventDefinition":
                name = _message_name(root, ref) if ref else None
            else:
                name = _signal_name(root, ref, event)
            return None if name is not None and name in heard[tag] else (name or "-")

        filled, plain = fill_gaps(root, where, decisions, unsent)
        notices += filled
    notices += make_implicit_explicit(root, where)
    routed, said = _route_gateways(root, allow_non_executable, where)
    notices += said
    if renamed:
        _rename(root, renamed)
    places = [owner.get(str(n.fields.get("where", "")), ("", 0)) for n in notices]
    located = tuple((process, said) for (process, _), said in sorted(
        zip(places, notices, strict=True), key=lambda pair: pair[0][1]))
    return PreparedDocument(renamed=dict(renamed), routed=frozenset(routed),
                            plain=frozenset(plain), notices=located)
