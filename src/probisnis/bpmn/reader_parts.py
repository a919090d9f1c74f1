"""Small readers the BPMN reader shares: ids, refs, text, event definitions, loops.

Everything here turns one lxml element into plain values or a model object
and reports problems as :class:`BpmnError` with ``path:line: [id]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from probisnis.bpmn.model import EventDefinition, LoopCharacteristics, Source, frozen_map
from probisnis.bpmn.xml import BPMN_NS, local_name
from probisnis.errors import BpmnError
from probisnis.present.notices import Notice, Term, notice

__all__ = [
    "Context",
    "attrs_of",
    "bpmn_children",
    "child_text",
    "documentation_of",
    "parse_bool",
    "read_event_definitions",
    "read_loop",
    "ref",
    "text_of",
]


@dataclass
class Context:
    """State of one read: the file, the ids seen so far, root-level event definitions."""

    path: str
    ids: dict[str, int | None] = field(default_factory=dict)
    event_definitions: dict[str, etree._Element] = field(default_factory=dict)

    def source(self, element: etree._Element) -> Source:
        return Source(self.path, element.sourceline)

    def error(
        self, element: etree._Element, message: Notice, element_id: str | None = None
    ) -> BpmnError:
        return BpmnError(
            message,
            path=self.path,
            line=element.sourceline,
            element_id=element_id if element_id is not None else element.get("id"),
            tag=local_name(element),
        )

    def claim(self, element: etree._Element, what: str) -> str:
        """The element's id, refusing a missing or duplicate one; ``what`` is the kind of
        element (``flowNode``, ``sequenceFlow``... as :class:`Term` words it)."""
        ident = (element.get("id") or "").strip()
        if not ident:
            raise self.error(element, notice("parse.no-id", what=Term(what),
                                             tag=local_name(element)), element_id="")
        if ident in self.ids:
            first = self.ids[ident]
            message = (notice("parse.duplicate-id", id=ident, first=str(first))
                       if first is not None else notice("parse.duplicate-id-again", id=ident))
            raise self.error(element, message, element_id=ident)
        self.ids[ident] = element.sourceline
        return ident


def bpmn_children(element: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(local name, child) for the BPMN-namespace element children of ``element``."""
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith("{" + BPMN_NS + "}"):
            yield tag[len(BPMN_NS) + 2 :], child


def ref(element: etree._Element, value: str | None) -> str | None:
    """An id reference without a declared namespace prefix (``tns:Msg_1`` -> ``Msg_1``)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    prefix, sep, rest = value.partition(":")
    if sep and prefix in (element.nsmap or {}):
        return rest
    return value


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first BPMN child called ``name`` (``None`` when absent)."""
    for ln, child in bpmn_children(element):
        if ln == name:
            return text_of(child)
    return None


def documentation_of(element: etree._Element) -> str:
    """All ``documentation`` children's text, joined by blank lines."""
    texts = [text_of(c) for ln, c in bpmn_children(element) if ln == "documentation"]
    return "\n\n".join(t for t in texts if t)


def parse_bool(ctx: Context, element: etree._Element, name: str, default: bool) -> bool:
    value = element.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ctx.error(element, notice("parse.bad-boolean", attribute=name, value=value))


def attrs_of(element: etree._Element, skip: frozenset[str]) -> dict[str, str]:
    """Attributes not already modelled: plain names as is, vendor ones as ``{ns}name``."""
    out = {}
    for key, value in element.attrib.items():
        name = str(key)
        if name in skip:
            continue
        out[name] = str(value)
    return out


_REF_ATTRS = ("messageRef", "signalRef", "errorRef", "escalationRef", "activityRef")
_EVENT_DEF_SKIP = frozenset({"id", *_REF_ATTRS})
_TIMER_PARTS = ("timeDate", "timeDuration", "timeCycle")


def _event_definition(ctx: Context, el: etree._Element) -> EventDefinition:
    kind = local_name(el)[: -len("EventDefinition")]
    reference = None
    for attr in _REF_ATTRS:
        reference = ref(el, el.get(attr))
        if reference:
            break
    attrs = attrs_of(el, _EVENT_DEF_SKIP)
    if kind == "timer":
        for part in _TIMER_PARTS:
            text = child_text(el, part)
            if text is not None:
                attrs[part] = text
    elif kind == "conditional":
        text = child_text(el, "condition")
        if text is not None:
            attrs["condition"] = text
    elif kind == "link":
        for part in ("source", "target"):
            text = child_text(el, part)
            if text:
                attrs[part] = text
    return EventDefinition(kind=kind, id=el.get("id"), ref=reference, attrs=frozen_map(attrs))


def read_event_definitions(ctx: Context, event: etree._Element) -> tuple[EventDefinition, ...]:
    """The event's own ``*EventDefinition`` children and resolved ``eventDefinitionRef``s."""
    out = []
    for ln, child in bpmn_children(event):
        if ln.endswith("EventDefinition") and ln != "EventDefinition":
            out.append(_event_definition(ctx, child))
        elif ln == "eventDefinitionRef":
            target_id = ref(child, text_of(child))
            target = ctx.event_definitions.get(target_id or "")
            if target is None:
                raise ctx.error(child, notice("parse.event-definition-ref", ref=target_id),
                                element_id=event.get("id"))
            out.append(_event_definition(ctx, target))
    return tuple(out)


def read_loop(ctx: Context, activity: etree._Element) -> LoopCharacteristics | None:
    """The activity's standard loop or multi-instance marker, if any."""
    for ln, child in bpmn_children(activity):
        if ln == "standardLoopCharacteristics":
            maximum = child.get("loopMaximum")
            loop_max: int | None = None
            if maximum is not None and maximum.strip():
                try:
                    loop_max = int(maximum.strip())
                except ValueError:
                    raise ctx.error(child, notice("parse.loop-maximum", value=maximum),
                                    element_id=activity.get("id")) from None
            return LoopCharacteristics(
                kind="standard",
                loop_condition=child_text(child, "loopCondition") or None,
                loop_maximum=loop_max,
                test_before=parse_bool(ctx, child, "testBefore", False),
            )
        if ln == "multiInstanceLoopCharacteristics":
            return LoopCharacteristics(
                kind="multiInstance",
                is_sequential=parse_bool(ctx, child, "isSequential", False),
                cardinality=child_text(child, "loopCardinality") or None,
                completion_condition=child_text(child, "completionCondition") or None,
            )
    return None
