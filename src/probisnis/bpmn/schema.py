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

import functools
import importlib.util
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from probisnis.bpmn.xml import parse_file
from probisnis.errors import BpmnError, format_location

__all__ = ["SchemaIssue", "bpmn_schema", "check_tree", "schema_errors", "schema_path"]


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One XSD violation: where it is and lxml's message."""

    path: str
    line: int | None
    element_id: str | None
    message: str

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


def _element_id_at(tree: etree._ElementTree, xpath: str | None, line: int | None) -> str | None:
    """The id of the element an XSD error is about (or of its nearest ancestor with one)."""
    element = None
    if xpath:
        try:
            found = tree.xpath(xpath)
        except etree.XPathError:
            found = None
        if isinstance(found, list) and found and isinstance(found[0], etree._Element):
            element = found[0]
    if element is None and line is not None:
        for candidate in tree.getroot().iter():
            if isinstance(candidate.tag, str) and candidate.sourceline == line:
                element = candidate
                break
    while element is not None:
        ident = element.get("id")
        if ident:
            return ident
        element = element.getparent()
    return None


def _clean(message: str) -> str:
    # "Element '{ns}task': ..." -> "Element 'task': ..." (namespaces make lines unreadable)
    out = []
    for token in message.split("'"):
        out.append(token.rpartition("}")[2] if token.startswith("{") else token)
    return "'".join(out)


def check_tree(tree: etree._ElementTree, path: str) -> list[SchemaIssue]:
    """Every XSD violation in ``tree`` (an empty list when it is schema-valid)."""
    schema = bpmn_schema()
    schema.validate(tree)
    issues = []
    for entry in schema.error_log:
        line = entry.line or None
        issues.append(
            SchemaIssue(
                path=path,
                line=line,
                element_id=_element_id_at(tree, entry.path, line),
                message=_clean(entry.message),
            )
        )
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
