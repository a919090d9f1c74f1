"""``probisnis validate PATH... [--json]``: check BPMN files and folders.

One line per finding (``path:line: [id] rule: message``, the message in Bahasa Indonesia,
or English with ``--lang en``) and a summary line; ``--json`` prints a JSON list of finding
objects instead (``code`` and ``fields`` for programs, ``message`` in the chosen language).
Exit status 0 when there is no finding, 1 when there is any, 2 on usage errors (no such path).
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
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="bahasa temuan: id = Bahasa Indonesia (bawaan), en = English")


def execute(args: argparse.Namespace) -> int:
    files = collect_files(args.paths, dmn=True)  # UsageError (exit 2) for a missing path
    findings = validate_paths(files, rules=args.rule)
    if args.json:
        json.dump([f.to_dict(args.lang) for f in findings], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
        return 1 if findings else 0
    for finding in findings:
        print(finding.text(args.lang))
    errors = sum(1 for f in findings if f.severity == "error")
    print(summary(len(findings), errors, len(files), args.lang))
    return 1 if findings else 0


#: the summary line's words: (no findings, findings) per language
_SUMMARY = {
    "id": ("tidak ada temuan di {files} berkas",
           "{findings} temuan ({errors} kesalahan, {warnings} peringatan) di {files} berkas"),
    "en": ("no findings in {files}",
           "{findings} ({errors}, {warnings}) in {files}"),
}


def summary(findings: int, errors: int, files: int, lang: str = "id") -> str:
    """The last line: how many findings (errors, warnings) in how many files."""
    clean, found = _SUMMARY[lang]
    counts: dict[str, object]
    if lang == "en":
        counts = {"findings": _plural(findings, "finding"), "errors": _plural(errors, "error"),
                  "warnings": _plural(findings - errors, "warning"),
                  "files": _plural(files, "file")}
    else:
        counts = {"findings": findings, "errors": errors, "warnings": findings - errors,
                  "files": files}
    return (found if findings else clean).format(**counts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
