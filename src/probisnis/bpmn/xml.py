"""Hardened XML parsing for untrusted BPMN files.

Only this module (and the schema check) hands bytes to lxml. The parser never
resolves entities, never touches the network, never loads a DTD and keeps
libxml2's limits on (``huge_tree=False``). Files that declare a DOCTYPE (the
vehicle of "billion laughs" entity bombs and external-entity tricks) are
refused outright: BPMN never needs one. Files over :data:`MAX_BYTES` are
refused before parsing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from probisnis.errors import BpmnError
from probisnis.present.notices import Notice, Term, notice

__all__ = [
    "BPMNDI_NS",
    "BPMN_NS",
    "DC_NS",
    "DI_NS",
    "MAX_BYTES",
    "bpmn_tag",
    "element_term",
    "local_name",
    "make_parser",
    "parse_bytes",
    "parse_file",
    "read_limited",
]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"

#: files bigger than this are refused unread (50 MiB; the largest MIWG file is under 2 MiB)
MAX_BYTES = 50 * 1024 * 1024

# markers of a document type declaration; checked on the prolog before parsing
_DTD_MARKERS = (
    b"<!DOCTYPE",
    b"<!ENTITY",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def make_parser() -> etree.XMLParser:
    """A fresh lxml parser with every dangerous feature off."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def bpmn_tag(name: str) -> str:
    """The BPMN element ``name`` as lxml spells its tag (``{BPMN_NS}userTask``)."""
    return f"{{{BPMN_NS}}}{name}"


def element_term(element: etree._Element) -> Term:
    """The element as a notice field: its kind and its name on one line."""
    return Term(local_name(element), " ".join((element.get("name") or "").split()))


def local_name(element: etree._Element) -> str:
    """The tag's local name (``"userTask"`` for ``{ns}userTask``); ``""`` for comments/PIs."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def read_limited(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing directories, missing files and files over ``limit``."""
    p = Path(path)
    label = str(path)
    if not p.exists():
        raise BpmnError(notice("parse.no-such-file"), path=label)
    if p.is_dir():
        raise BpmnError(notice("parse.is-directory"), path=label)
    if not p.is_file():
        raise BpmnError(notice("parse.not-regular"), path=label)
    try:
        size = p.stat().st_size
        if size > limit:
            raise BpmnError(notice("parse.too-big", size=size, limit=limit), path=label)
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise BpmnError(notice("parse.cannot-read", reason=str(exc.strerror or exc)),
                        path=label) from exc
    if len(data) > limit:  # grew while reading, or a special file
        raise BpmnError(notice("parse.grew", limit=limit), path=label)
    return data


def _refuse_doctype(data: bytes, path: str) -> None:
    # The DOCTYPE must come before the root element; look only at the prolog, so
    # that a "<!DOCTYPE html>" inside a CDATA script or documentation is no matter.
    root_start = _ROOT_START.search(data, 0, 65536)
    head = data[: root_start.start()] if root_start else data[:65536]
    for marker in _DTD_MARKERS:
        pos = head.find(marker)
        if pos >= 0:
            line = head[:pos].count(b"\n") + 1
            raise BpmnError(notice("parse.doctype"), path=path, line=line)


#: files a person gives where a BPMN or DMN file is meant, and what they are
_NOT_XML = {
    ".toml": notice("parse.file-is-scenario"),
    ".json": notice("parse.file-is-json"),
    ".xlsx": notice("parse.file-is-workbook"),
    ".csv": notice("parse.file-is-table"),
}


#: what a file is, by its first bytes, when a person gave it as a model: an export in a
#: tool's own zipped format, a workbook or a document, or the picture of a diagram
_BINARY = (
    (b"PK\x03\x04", "parse.file-is-zip"),
    (b"\xd0\xcf\x11\xe0", "parse.file-is-zip"),  # Office 97-2003 (.doc, .xls, .vsd)
    (b"\x89PNG", "parse.file-is-image"),
    (b"\xff\xd8\xff", "parse.file-is-image"),
    (b"GIF8", "parse.file-is-image"),
    (b"%PDF", "parse.file-is-pdf"),
)


#: libxml2's most common messages about malformed XML -> the catalogue code that words them
_XML_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Opening and ending tag mismatch: (?P<opened>\S+) line (?P<opened_line>\d+) "
                r"and (?P<closed>\S+)$"), "parse.xml-tag-mismatch"),
    (re.compile(r"Premature end of data in tag (?P<tag>\S+) line (?P<opened_line>\d+)$"),
     "parse.xml-premature-end"),
    (re.compile(r"Attribute (?P<attribute>\S+) redefined$"), "parse.xml-attribute-twice"),
    (re.compile(r"Specification mandates value for attribute (?P<attribute>\S+)$"),
     "parse.xml-attribute-no-value"),
    (re.compile(r"AttValue: \" or ' expected$"), "parse.xml-quote-expected"),
    (re.compile(r"Entity '(?P<entity>[^']*)' not defined$"), "parse.xml-entity-unknown"),
    (re.compile(r"xmlParseEntityRef: no name$"), "parse.xml-ampersand"),
    (re.compile(r"Unescaped '<' not allowed in attributes values$"),
     "parse.xml-less-than-in-attribute"),
    (re.compile(r"Extra content at the end of the document$"), "parse.xml-extra-content"),
    (re.compile(r"Start tag expected, '<' not found$"), "parse.xml-no-start-tag"),
    (re.compile(r"Comment not terminated$"), "parse.xml-comment-open"),
    (re.compile(r"Invalid bytes in character encoding$"), "parse.xml-encoding"),
    (re.compile(r"Namespace prefix (?P<prefix>\S+) on (?P<tag>\S+) is not defined$"),
     "parse.xml-prefix-undeclared"),
)
_XML_AT = re.compile(r"^(?P<problem>.*), line (?P<line>\d+), column (?P<column>\d+)$")


def _xml_detail(message: str) -> str | Notice:
    """libxml2's English ``message`` as a catalogue code where it is a common one (with its
    column: the line is in the location already); else as it is."""
    at = _XML_AT.match(message)
    problem = at.group("problem") if at else message
    for pattern, code in _XML_MESSAGES:
        match = pattern.match(problem)
        if match is not None:
            worded = notice(code, **match.groupdict())
            if at is None:
                return worded
            return notice("parse.xml-at", problem=worded, line=at.group("line"),
                          column=at.group("column"))
    return message


def _malformed(path: str, data: bytes, message: str) -> Notice:
    """Malformed XML, saying what the file is when a person gave a scenario, a table or
    JSON as a model."""
    suffix = os.path.splitext(path)[1].lower()
    detail = _xml_detail(message)
    for magic, code in _BINARY:
        if data.startswith(magic):
            return notice("parse.not-xml", kind=notice(code))
    if suffix in _NOT_XML and not data.lstrip().startswith(b"<"):
        return notice("parse.malformed-not-model", detail=detail, kind=_NOT_XML[suffix])
    return notice("parse.malformed", detail=detail)


def parse_bytes(data: bytes, path: str = "<bytes>") -> etree._ElementTree:
    """Parse ``data`` with the hardened parser; any failure is a :class:`BpmnError`."""
    if len(data) > MAX_BYTES:
        raise BpmnError(notice("parse.document-too-big", size=len(data), limit=MAX_BYTES),
                        path=path)
    if not data.strip():
        raise BpmnError(notice("parse.empty"), path=path, line=1)
    _refuse_doctype(data, path)
    try:
        root = etree.fromstring(data, make_parser(), base_url=None)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        msg = exc.msg or str(exc)
        # lxml appends "(<string>, line N)"; the location is already in the prefix
        msg = msg.split(", line ")[0] if msg.endswith(")") and ", line " in msg else msg
        raise BpmnError(_malformed(path, data, msg), path=path, line=line) from None
    except (ValueError, etree.LxmlError) as exc:
        raise BpmnError(notice("parse.cannot-parse", detail=str(exc)), path=path) from None
    tree = root.getroottree()
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # belt and braces
        raise BpmnError(notice("parse.doctype-late"), path=path, line=1)
    return tree


def parse_file(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Read and parse ``path`` with the hardened parser (size cap, no DOCTYPE)."""
    return parse_bytes(read_limited(path), str(path))
