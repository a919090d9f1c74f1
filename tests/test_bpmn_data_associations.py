"""Data input/output associations read from other tools' files and written back.

Truth: the BPMN MIWG corpus (``../shared/interop/miwg``: the reference files and six tools'
exports), read independently with lxml. Every association the file has is in the model with
its source and target; writing the model and reading it back keeps them, and the written
file passes the OMG XSD when the original does (the target of an input association is
declared as a ``property`` of its activity, as bpmn.io does).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from probisnis.bpmn import read, read_bytes
from probisnis.bpmn.model import Definitions
from probisnis.bpmn.schema import schema_errors
from probisnis.bpmn.writer import to_bytes

MIWG = Path(__file__).resolve().parents[1].parent / "shared" / "interop" / "miwg"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_KINDS = ("dataInputAssociation", "dataOutputAssociation")


def _files() -> list[Path]:
    out = []
    for path in sorted(MIWG.glob("*/*.bpmn")):
        text = path.read_bytes()
        if b"dataInputAssociation" in text or b"dataOutputAssociation" in text:
            out.append(path)
    return out


FILES = _files() if MIWG.is_dir() else []


def _in_xml(path: Path) -> set[tuple[str, str, str, str | None, str | None]]:
    """(node id, kind, association id, first sourceRef, targetRef) as lxml reads them."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    out = set()
    for kind in _KINDS:
        for el in root.iter(BPMN + kind):
            parent = el.getparent()
            sources = [(s.text or "").strip() for s in el.findall(BPMN + "sourceRef")]
            target = el.find(BPMN + "targetRef")
            out.add((parent.get("id") or "", kind, el.get("id") or "",  # type: ignore[union-attr]
                     sources[0] if sources else None,
                     (target.text or "").strip() if target is not None else None))
    return out


def _in_model(defs: Definitions) -> set[tuple[str, str, str, str | None, str | None]]:
    return {(n.id, a.kind, a.id, a.source_ref, a.target_ref)
            for _, n in defs.iter_nodes() for a in n.data_associations}


def test_the_corpus_has_files_with_data_associations() -> None:
    if not MIWG.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"MIWG corpus not found at {MIWG}")
        pytest.skip(f"MIWG corpus not found at {MIWG}")
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_associations_are_read_and_written_back(path: Path) -> None:
    defs = read(path, schema="off")
    expected = _in_xml(path)
    # associations on flow nodes (the model holds those), each as the file has it
    on_nodes = {row for row in expected if row[0] in {n.id for _, n in defs.iter_nodes()}}
    assert on_nodes, path
    assert _in_model(defs) == on_nodes
    # strict: refuses the written file at its first XSD violation (Bizagi writes empty
    # associations, which no writer can make valid: those files are only read back)
    strict = "strict" if not schema_errors(path) else "off"
    again = read_bytes(to_bytes(defs), f"{path.name} (written)", schema=strict)
    assert _in_model(again) == on_nodes
