"""Property tests (issue 7): other tools' BPMN files, mutated, never make ``validate``,
``run``, ``simulate`` or the layout raise anything but a :class:`ProbisnisError`.

Each example takes a real file of the MIWG corpus (six tools' exports and the reference
models) and applies one to three edits to its XML: an element deleted, duplicated (so ids
clash), moved under another parent, or given another BPMN tag; an attribute removed or set
to a hostile value (empty, huge, negative, a dangling or self reference). ``main(argv)``
catches only the package's own errors, so any other exception fails the test; a refusal
must say why on stderr and never print a traceback.
"""

from __future__ import annotations

import contextlib
import copy
import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from probisnis.bpmn import read
from probisnis.cli import main
from probisnis.errors import ProbisnisError
from probisnis.layout import layout_definitions

MIWG = Path(__file__).resolve().parents[1].parent / "shared" / "interop" / "miwg"
FILES = sorted(MIWG.glob("*/*.bpmn")) if MIWG.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"MIWG corpus not found at {MIWG}")

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_TAGS = ["task", "userTask", "exclusiveGateway", "parallelGateway", "inclusiveGateway",
         "eventBasedGateway", "startEvent", "endEvent", "intermediateCatchEvent",
         "boundaryEvent", "subProcess", "callActivity", "sequenceFlow", "lane",
         "timerEventDefinition", "conditionExpression", "multiInstanceLoopCharacteristics"]
_HOSTILE = ["", " ", "-1", "0", "1e308", "NaN", "x" * 2000, "Start", "__class__",
            "${__import__('os').system('touch /tmp/pwn')}", "P1Y", "R/2025-01-01/PT1H",
            "9999-12-31T23:59:59", "true", "\u202e"]
_ATTRS = ["id", "sourceRef", "targetRef", "attachedToRef", "calledElement", "processRef",
          "default", "bpmnElement", "cancelActivity", "isInterrupting", "name"]

_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


def _tree(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


@functools.cache
def _source(path: Path) -> bytes:
    """The file's XML, parsed once per test session (each example edits a fresh copy)."""
    return etree.tostring(_tree(path))


@st.composite
def mutated_bpmn(draw: Any) -> bytes:
    """A MIWG file with 1-3 edits to its XML (see the module docstring)."""
    path = draw(st.sampled_from(FILES))
    root = etree.fromstring(_source(path), etree.XMLParser(resolve_entities=False))
    for _ in range(draw(st.integers(1, 3))):
        elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
        if not elements:
            break
        el = draw(st.sampled_from(elements))
        parent = el.getparent()
        edit = draw(st.sampled_from(["delete", "duplicate", "move", "retag", "attr", "attr",
                                     "unset"]))
        if edit == "delete" and parent is not None:
            parent.remove(el)
        elif edit == "duplicate" and parent is not None:
            parent.append(copy.deepcopy(el))
        elif edit == "move" and parent is not None:
            target = draw(st.sampled_from(elements))
            if target is not el and el not in target.iterancestors():
                target.append(el)
        elif edit == "retag":
            el.tag = f"{{{BPMN}}}{draw(st.sampled_from(_TAGS))}"
        elif edit == "attr":
            ids = [e.get("id") for e in elements if e.get("id")]
            value = draw(st.sampled_from([*_HOSTILE, *(ids[:5] or ["x"])]))
            el.set(draw(st.sampled_from(_ATTRS)), value)
        elif edit == "unset" and el.attrib:
            del el.attrib[draw(st.sampled_from(sorted(el.attrib)))]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    code = main(list(argv))
    _, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, err
    if code:
        assert err.strip() or argv[0] == "validate", f"{argv}: a refusal must say why"
    return code


@_SETTINGS
@given(doc=mutated_bpmn())
def test_mutated_files_validate_run_simulate(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, doc: bytes) -> None:
    path = tmp_path / "m.bpmn"
    path.write_bytes(doc)
    _cli(capsys, "validate", str(path))
    _cli(capsys, "run", str(path), "--allow-non-executable", "--max-steps", "200")
    _cli(capsys, "simulate", str(path), "--cases", "5", "--replications", "1")


@_SETTINGS
@given(doc=mutated_bpmn())
def test_mutated_files_lay_out(tmp_path: Path, doc: bytes) -> None:
    path = tmp_path / "m.bpmn"
    path.write_bytes(doc)
    with contextlib.suppress(ProbisnisError):
        layout_definitions(read(path, schema="off"))
