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

HELP = "periksa berkas BPMN (atau folder berisinya) terhadap skema XSD dan aturan pemodelan"

DESCRIPTION = (
    "Memeriksa berkas BPMN (.bpmn, .bpmn20.xml; sebuah folder: semua berkas BPMN di "
    "dalamnya) terhadap skema XSD BPMN 2.0 dan aturan pemodelan: peristiwa mulai dan "
    "selesai, elemen yang tidak tersambung, lajur, nama cabang gerbang, rujukan yang "
    "hilang. Setiap temuan satu baris (berkas:baris: [id] aturan: pesan), lalu satu baris "
    "ringkasan.\n\n"
    "Status keluar: 0 tanpa temuan, 1 bila ada temuan, 2 bila perintahnya salah (misalnya "
    "berkas tidak ditemukan)."
)

EXAMPLES = (
    "probisnis validate processes/",
    "probisnis validate processes/m1_sekretariat_daerah.bpmn --rule lane",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="berkas BPMN atau folder")
    parser.add_argument("--json", action="store_true",
                        help="cetak temuan sebagai daftar JSON")
    parser.add_argument(
        "--rule",
        action="append",
        choices=sorted(RULES),
        metavar="RULE",
        help=f"jalankan aturan ini saja (boleh diulang; salah satu dari: {', '.join(RULES)})",
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
