"""``probisnis validate PATH... [--json]``: check BPMN files and folders.

One line per finding (``path:line: [id] rule: message``) and a summary line;
``--json`` prints a JSON list of finding objects instead. Exit status 0 when
there is no finding, 1 when there is any, 2 on usage errors (no such path).
"""

from __future__ import annotations

import argparse
import json
import sys

from probisnis.validate import RULES, collect_files, validate_paths

HELP = ("check BPMN files (or folders of *.bpmn and *.bpmn20.xml) against the XSD and the "
        "modelling rules")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="BPMN file or folder")
    parser.add_argument("--json", action="store_true", help="print findings as a JSON list")
    parser.add_argument(
        "--rule",
        action="append",
        choices=sorted(RULES),
        metavar="RULE",
        help=f"run only this rule (repeatable; one of: {', '.join(RULES)})",
    )


def execute(args: argparse.Namespace) -> int:
    files = collect_files(args.paths, dmn=True)  # UsageError (exit 2) for a missing path
    findings = validate_paths(files, rules=args.rule)
    if args.json:
        json.dump([f.to_dict() for f in findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if findings else 0
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    checked = _plural(len(files), "file")
    if findings:
        counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        print(f"{_plural(len(findings), 'finding')} ({counts}) in {checked}")
        return 1
    print(f"no findings in {checked}")
    return 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
