"""Validation against the OMG BPMN 2.0 XML schemas.

The XSDs are the ones SpiffWorkflow ships (``SpiffWorkflow/bpmn/parser/schema``):
``BPMN20.xsd`` includes ``Semantic.xsd`` and imports BPMNDI/DC/DI. The compiled
:class:`lxml.etree.XMLSchema` is built once per process and cached.

The schema allows vendor extensions: any element in another namespace inside
``extensionElements`` and any attribute in another namespace on every BPMN
element (``processContents="lax"``), so Camunda, Signavio, Bizagi... extensions
are not findings. Everything else the XSD rejects is a :class:`SchemaIssue`.
"""

from __future__ import annotations

import copy as copy_module
import functools
import importlib.util
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from probisnis.bpmn.xml import parse_file
from probisnis.errors import BpmnError, format_location
from probisnis.present.notices import Notice, notice

__all__ = ["SchemaIssue", "bpmn_schema", "check_tree", "schema_errors", "schema_path"]


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One XSD violation: where it is and what (libxml2's message as a catalogue code
    with its fields where the message is a common one, else as ``schema.xsd``)."""

    path: str
    line: int | None
    element_id: str | None
    message: Notice

    def __str__(self) -> str:
        return f"{format_location(self.path, self.line, self.element_id)} {self.message}"


def schema_path() -> Path:
    """Filesystem path of SpiffWorkflow's ``BPMN20.xsd``."""
    spec = importlib.util.find_spec("SpiffWorkflow.bpmn.parser")
    if spec is None or not spec.submodule_search_locations:
        raise BpmnError("SpiffWorkflow is not installed; cannot find the BPMN 2.0 XSD")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "schema" / "BPMN20.xsd"
        if candidate.is_file():
            return candidate
    raise BpmnError("SpiffWorkflow ships no schema/BPMN20.xsd; cannot validate BPMN")


_schema_lock = threading.Lock()


@functools.cache
def bpmn_schema() -> etree.XMLSchema:
    """The compiled BPMN 2.0 schema (built on first use, then cached)."""
    with _schema_lock:
        xsd = schema_path()
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        doc = etree.parse(str(xsd), parser)
        return etree.XMLSchema(doc)


_STEP = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<n>\d+)\])?$")


class _Locator:
    """Finds the element an XSD error is about, in constant time per error.

    libxml2 reports an error's element as a positional path (``/*/*/*[2002]``;
    ``*`` counts every element sibling, ``prefix:name`` the siblings of that
    name) and a line. Evaluating the path with XPath, or lxml's ``getpath``,
    costs a scan of the siblings each time, which made a file with tens of
    thousands of findings quadratic; here each parent's children are grouped
    once and every step is a list index.
    """

    def __init__(self, tree: etree._ElementTree) -> None:
        self.root = tree.getroot()
        self._groups: dict[etree._Element, dict[str, list[etree._Element]]] = {}
        self._by_line: dict[int, etree._Element] | None = None

    def _group(self, parent: etree._Element) -> dict[str, list[etree._Element]]:
        groups = self._groups.get(parent)
        if groups is None:
            groups = {"*": []}
            for child in parent:
                if not isinstance(child.tag, str):
                    continue
                groups["*"].append(child)
                local = etree.QName(child).localname
                name = f"{child.prefix}:{local}" if child.prefix else local
                groups.setdefault(name, []).append(child)
            self._groups[parent] = groups
        return groups

    def _walk(self, xpath: str) -> etree._Element | None:
        if not xpath.startswith("/"):
            return None
        node: etree._Element | None = None
        for step in xpath[1:].split("/"):
            match = _STEP.match(step)
            if match is None:
                return None
            index = int(match.group("n") or 1) - 1
            candidates = [self.root] if node is None else self._group(node).get(
                match.group("name"), [])
            if index >= len(candidates):
                return None
            node = candidates[index]
        return node

    def _at_line(self, line: int) -> etree._Element | None:
        if self._by_line is None:
            self._by_line = {}
            for element in self.root.iter():
                if isinstance(element.tag, str) and element.sourceline is not None:
                    self._by_line.setdefault(element.sourceline, element)
        return self._by_line.get(line)

    def element_id(self, xpath: str | None, line: int | None) -> str | None:
        """The id of the element (or of its nearest ancestor with one)."""
        element = self._walk(xpath) if xpath else None
        if element is None and line is not None:
            element = self._at_line(line)
        while element is not None:
            ident = element.get("id")
            if ident:
                return str(ident)
            element = element.getparent()
        return None


def _clean(message: str) -> str:
    # "Element '{ns}task': ..." -> "Element 'task': ..." (namespaces make lines unreadable)
    out = []
    for token in message.split("'"):
        out.append(token.rpartition("}")[2] if token.startswith("{") else token)
    return "'".join(out)


_ELEMENT = r"^Element '(?P<element>[^']*)'"
_EXPECTED = r"Expected is (?:one of )?\( (?P<expected>.*) \)\.$"
#: libxml2's common XSD messages -> the catalogue code that words them
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(_ELEMENT + r", attribute '(?P<attribute>[^']*)': The attribute '[^']*' is "
                r"not allowed\.$"), "schema.attribute-not-allowed"),
    (re.compile(_ELEMENT + r": The attribute '(?P<attribute>[^']*)' is required but "
                r"missing\.$"), "schema.attribute-missing"),
    (re.compile(_ELEMENT + r", attribute '(?P<attribute>[^']*)': '(?P<value>[^']*)' is not a "
                r"valid value of the (?P<type_kind>[\w ]+?) type '(?P<type>[^']*)'\.$"),
     "schema.value-not-valid"),
    (re.compile(_ELEMENT + r": This element is not expected\. " + _EXPECTED),
     "schema.element-not-expected"),
    (re.compile(_ELEMENT + r": This element is not expected\.$"),
     "schema.element-not-expected-here"),
    (re.compile(_ELEMENT + r": Missing child element\(s\)\. " + _EXPECTED),
     "schema.missing-child"),
)


def _worded(message: str) -> Notice:
    """libxml2's English ``message`` as a catalogue code with its fields."""
    message = _clean(message.strip())
    for pattern, code in _MESSAGES:
        match = pattern.match(message)
        if match is None:
            continue
        fields: dict[str, object] = dict(match.groupdict())
        if "expected" in fields:  # "{ns}documentation, {ns}extensionElements" -> local names
            fields["expected"] = [re.sub(r"\{[^}]*\}", "", name.strip())
                                  for name in str(fields["expected"]).split(",")]
        return notice(code, **fields)
    return notice("schema.xsd", detail=message)


#: schema findings reported per file at most; the rest are counted in one last finding
MAX_ISSUES = 200

_XSD = "{http://www.w3.org/2001/XMLSchema}"


@functools.lru_cache(maxsize=1)
def declared_attributes() -> dict[str, frozenset[str]]:
    """Target namespace -> every attribute name its XSD file(s) declare, on any element."""
    names: dict[str, set[str]] = {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for xsd in sorted(schema_path().parent.glob("*.xsd")):
        root = etree.parse(str(xsd), parser).getroot()
        bucket = names.setdefault(root.get("targetNamespace", ""), set())
        for element in root.iter(f"{_XSD}attribute"):
            if element.get("name"):
                bucket.add(element.get("name", ""))
    # the diagram namespaces derive from each other's types: one set for all three
    model = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    diagram = frozenset().union(*(found for ns, found in names.items() if ns != model))
    return {ns: frozenset(found) if ns == model else diagram for ns, found in names.items()}


@functools.lru_cache(maxsize=1)
def declared_elements() -> frozenset[str]:
    """Every element name the BPMN 2.0 XSD files declare."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return frozenset(
        element.get("name", "")
        for xsd in sorted(schema_path().parent.glob("*.xsd"))
        for element in etree.parse(str(xsd), parser).iter(f"{_XSD}element")
        if element.get("name")
    )


def _undeclared(tree: etree._ElementTree, path: str) -> tuple[etree._ElementTree,
                                                              list[SchemaIssue]]:
    """Attributes (no namespace) that no BPMN element declares, as issues, and a copy of
    ``tree`` without them (``tree`` itself when there are none).

    libxml2 spends time proportional to an element's preceding siblings on every error,
    so tens of thousands of such attributes made validation quadratic; they are found
    here in one pass and only the rest is left to the XSD.
    """
    declared = declared_attributes()
    elements_declared = declared_elements()
    issues: list[SchemaIssue] = []
    undeclared: list[tuple[int, str]] = []  # (element number in document order, name)
    lax_until: etree._Element | None = None  # inside extensionElements: the XSD is lax
    for number, element in enumerate(tree.getroot().iter()):
        if not isinstance(element.tag, str):
            continue
        if lax_until is not None:
            if any(a is lax_until for a in element.iterancestors()):
                continue
            lax_until = None
        qname = etree.QName(element)
        if qname.localname == "extensionElements":
            lax_until = element
            continue
        known = declared.get(qname.namespace or "")
        if known is None or qname.localname not in elements_declared:
            continue  # not a BPMN element the XSD knows: it decides
        for name in element.attrib:
            if not name.startswith("{") and name not in known:
                undeclared.append((number, name))
                local = etree.QName(element).localname
                owner = element.get("id") or None
                issues.append(SchemaIssue(path, element.sourceline, owner, notice(
                    "schema.attribute-not-allowed", element=local, attribute=name)))
    if not issues:
        return tree, issues
    copy = etree.ElementTree(copy_module.deepcopy(tree.getroot()))
    elements = list(copy.getroot().iter())
    for number, name in undeclared:
        elements[number].attrib.pop(name, None)
    return copy, issues


def check_tree(tree: etree._ElementTree, path: str) -> list[SchemaIssue]:
    """Every XSD violation in ``tree`` (an empty list when it is schema-valid).

    At most :data:`MAX_ISSUES` are listed; past that, one more issue says how
    many were left out.
    """
    schema = bpmn_schema()
    checked, issues = _undeclared(tree, path)
    schema.validate(checked)
    locator = _Locator(checked)
    for entry in schema.error_log:
        line = entry.line or None
        issues.append(
            SchemaIssue(
                path=path,
                line=line,
                element_id=locator.element_id(entry.path, line),
                message=_worded(entry.message),
            )
        )
    issues.sort(key=lambda issue: issue.line or 0)
    if len(issues) > MAX_ISSUES:
        rest = len(issues) - MAX_ISSUES
        issues = issues[:MAX_ISSUES]
        issues.append(SchemaIssue(
            path=path, line=None, element_id=None,
            message=notice("schema.more", rest=rest, shown=MAX_ISSUES)))
    return issues


# Results of read(..., schema="warn"), keyed by the file's identity, so that
# schema_errors(path) right after read(path) does not validate twice.
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, int, int], list[SchemaIssue]] = OrderedDict()
_cache_lock = threading.Lock()


def _file_key(path: str | os.PathLike[str]) -> tuple[str, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)


def remember(path: str | os.PathLike[str], issues: list[SchemaIssue]) -> None:
    """Record the schema findings of a file just read (used by the reader in "warn" mode)."""
    key = _file_key(path)
    if key is None:
        return
    with _cache_lock:
        _cache[key] = list(issues)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def schema_errors(source: str | os.PathLike[str] | etree._ElementTree) -> list[SchemaIssue]:
    """The XSD violations of a BPMN file (a path) or an already parsed tree.

    For a path the file is read with the hardened parser (so a malformed file
    raises :class:`BpmnError`); results of a recent ``read(path)`` are reused.
    """
    if isinstance(source, etree._ElementTree):
        return check_tree(source, source.docinfo.URL or "<tree>")
    key = _file_key(source)
    if key is not None:
        with _cache_lock:
            cached = _cache.get(key)
        if cached is not None:
            return list(cached)
    issues = check_tree(parse_file(source), str(source))
    remember(source, issues)
    return issues
