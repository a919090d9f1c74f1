"""Bounded work in validation: a file with tens of thousands of schema findings is read in
linear time (no per-finding scan of the tree) and its findings are capped, saying so."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from probisnis.bpmn.schema import MAX_ISSUES, _Locator, bpmn_schema, schema_errors
from probisnis.validate import validate_paths

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<definitions '
         'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
         'xmlns:b="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">\n'
         '<process id="P" isExecutable="true">\n')


def _many_attributes(path: Path, tasks: int, per_task: int) -> Path:
    lines = [_HEAD, '<startEvent id="S"/><endEvent id="E"/>\n']
    previous = "S"
    for i in range(tasks):
        attrs = " ".join(f'durasi{j}="{j}"' for j in range(per_task))
        lines.append(f'<task id="T{i}" name="t" {attrs}/>\n')
        lines.append(f'<sequenceFlow id="F{i}" sourceRef="{previous}" targetRef="T{i}"/>\n')
        previous = f"T{i}"
    lines.append(f'<sequenceFlow id="Fe" sourceRef="{previous}" targetRef="E"/>\n')
    lines.append("</process></definitions>\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_tens_of_thousands_of_unknown_attributes_are_capped(tmp_path):
    path = _many_attributes(tmp_path / "big.bpmn", tasks=3_000, per_task=10)
    assert path.stat().st_size > 300_000
    findings = [f for f in validate_paths([path]) if f.rule == "schema"]
    assert len(findings) == MAX_ISSUES + 1
    summary = [f for f in findings if f.line is None]
    assert len(summary) == 1
    assert "and 29,800 more schema findings not listed" in summary[0].message
    findings = [f for f in findings if f.line is not None]
    first = findings[0]
    assert (first.element_id, first.line) == ("T0", 5)
    assert first.message == ("Element 'task', attribute 'durasi0': The attribute 'durasi0' is "
                             "not allowed.")
    assert all(f.element_id == f"T{(f.line - 5) // 2}" for f in findings)


def test_the_locator_finds_what_xpath_finds(tmp_path):
    """The constant-time locator agrees with lxml's XPath on every error of a file whose
    errors libxml2 reports (unknown child elements, wrong attribute values)."""
    body = []
    for i in range(60):
        body.append(f'<task id="T{i}"><b:bogus/></task>' if i % 3 == 0 else
                    f'<userTask id="U{i}" startQuantity="x{i}"/>')
    text = _HEAD + "".join(body) + "</process></definitions>"
    tree = etree.ElementTree(etree.fromstring(text.encode()))
    schema = bpmn_schema()
    schema.validate(tree)
    locator = _Locator(tree)
    entries = list(schema.error_log)
    assert len(entries) >= 40
    for entry in entries:
        expected = tree.xpath(entry.path, namespaces={"b": MODEL})[0]
        assert locator._walk(entry.path) is expected, entry.path
    path = tmp_path / "e.bpmn"
    path.write_text(text, encoding="utf-8")
    ids = {issue.element_id for issue in schema_errors(path)}
    assert ids == {f"T{i}" for i in range(0, 60, 3)} | {f"U{i}" for i in range(60) if i % 3}


def test_attributes_inside_extension_elements_are_left_to_the_schema(tmp_path):
    text = _HEAD.replace('<process id="P" isExecutable="true">\n', "") + (
        '<process id="P"><extensionElements><Grid color="1" spacing="2"/></extensionElements>'
        '<task id="T" durasi="3"/></process></definitions>')
    path = tmp_path / "x.bpmn"
    path.write_text(text, encoding="utf-8")
    messages = [(i.element_id, i.message) for i in schema_errors(path)]
    # the unknown attribute of the task, and the grid's being in BPMN's own namespace
    # (##other), but not the grid's attributes: the XSD does not check inside it
    assert [m[0] for m in messages] == ["T", "P"]
    assert "'durasi'" in messages[0][1] and "Element 'Grid': This element is not expected" \
        in messages[1][1]
