"""``probisnis trace [PATH...] [--out FILE] [--json]``: which element cites which clause.

Reads the ``documentation`` of every element of the BPMN files (default:
``processes/``) and gathers its citations of Perwali 88/2024: clause ids of the
clause table (``[D1.a.3]``), Pasal (``Pasal 10 ayat (2)``) and Lampiran parts.
This is ``python -m probisnis.trace`` as a subcommand, over the same functions
(:func:`probisnis.trace.trace`, :func:`probisnis.trace.render_markdown`):

- ``--out FILE`` writes the traceability page (Markdown, in Bahasa Indonesia) and
  prints one summary line, exactly as ``python -m probisnis.trace FILE PATH...``;
- without ``--out`` the page goes to standard output;
- ``--json`` prints the summary and the gaps as JSON instead (and still writes
  the page when ``--out`` is given).

Gaps (clauses no element cites, flow nodes citing nothing, citations of clauses
or Pasal that do not exist) are reported, not failures: exit status 0 when the
files were read, 1 when one cannot be read, 2 for a missing path.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from probisnis.trace import Trace, render_markdown, trace
from probisnis.trace.__main__ import main as trace_main
from probisnis.trace.report import expand_paths

HELP = "tunjukkan elemen BPMN mana mengutip pasal mana dari Perwali 88/2024 (ketertelusuran)"

DEFAULT_PATHS = ("processes/",)

DESCRIPTION = (
    "Membaca documentation setiap elemen berkas BPMN (bawaan: processes/) dan mengumpulkan "
    "kutipannya atas Perwali 88/2024: id butir tabel pasal ([D1.a.3]), Pasal (Pasal 10 ayat "
    "(2)) dan bagian Lampiran. Hasilnya halaman ketertelusuran (Markdown, Bahasa Indonesia): "
    "ke berkas dengan --out, selain itu ke layar.\n\n"
    "Celah (pasal yang tidak dikutip elemen mana pun, elemen alur yang tidak mengutip apa "
    "pun, kutipan pasal yang tidak ada) dilaporkan, bukan kegagalan: status keluar 0 bila "
    "berkasnya terbaca, 1 bila ada yang tidak terbaca, 2 bila berkas tidak ditemukan."
)

EXAMPLES = (
    "probisnis trace processes/ --out ketertelusuran.md",
    "probisnis trace processes/m1_sekretariat_daerah.bpmn --json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="berkas .bpmn atau folder berisinya (bawaan: processes/)")
    parser.add_argument("--out", metavar="FILE",
                        help="tulis halaman Markdown ke sini (bawaan: cetak ke layar)")
    parser.add_argument("--json", action="store_true",
                        help="cetak jumlah, pasal dan elemen alur yang tidak dikutip, dan "
                             "kutipan yang salah sebagai JSON")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
        for r in frame.astype(object).to_dict(orient="records")
    ]


def summary(result: Trace) -> dict[str, Any]:
    """The traceability result as a JSON-ready dict: counts and every gap."""
    uncited = result.uncited_clauses()
    total = len(result.clauses)
    return {
        "files": list(result.files),
        "clauses": total,
        "clauses_cited": total - len(uncited),
        "uncited_clauses": uncited,
        "flow_nodes": int(result.elements["is_flow_node"].sum()) if len(result.elements) else 0,
        "uncited_flow_nodes": _records(result.uncited_flow_nodes()),
        "invalid_citations": _records(result.invalid()),
    }


def execute(args: argparse.Namespace) -> int:
    paths = list(args.paths) or list(DEFAULT_PATHS)
    expand_paths(paths)  # UsageError (exit 2) for a missing path, before anything is written
    if args.out and not args.json:
        return trace_main([args.out, *paths])
    result = trace(paths)
    page = render_markdown(result)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
    if args.json:
        json.dump(summary(result), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(page)
    return 0
