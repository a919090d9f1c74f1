"""``probisnis report RESULT [--out laporan.html]``: the HTML report of a simulation run.

RESULT is the folder ``probisnis simulate --out DIR`` wrote. Without ``--out`` the report
goes next to the results it reads, ``RESULT/laporan.html`` (not into whatever folder the
terminal happens to be in); the path written is printed either way. The report is one HTML file
that works offline (pictures inlined), in Bahasa Indonesia: scenario and assumptions, KPIs
with confidence intervals, a stability verdict, the heat diagram (drawn with bpmn-js in
headless Chromium when installed), charts and tables. ``--xlsx FILE`` also writes the
Excel workbook.
"""

from __future__ import annotations

import argparse

from probisnis.errors import UsageError

HELP = "tulis laporan HTML (dan buku kerja Excel) dari folder simulate --out"

DESCRIPTION = (
    "Membuat laporan HTML dari folder yang ditulis probisnis simulate --out DIR: skenario dan "
    "asumsinya, KPI dengan selang kepercayaan, penilaian kestabilan, diagram panas (digambar "
    "bpmn-js di Chromium bila terpasang), grafik dan tabel, dalam Bahasa Indonesia. Satu "
    "berkas yang dapat dibuka tanpa internet, ditulis ke RESULT/laporan.html bila --out tidak "
    "diberikan. --xlsx FILE menulis juga buku kerja Excel."
)

EXAMPLES = (
    "probisnis simulate --replications 5 --out hasil/m1",
    "probisnis report hasil/m1 --out laporan.html --xlsx laporan.xlsx",
)

#: the report's file name inside RESULT when ``--out`` is not given
DEFAULT_NAME = "laporan.html"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("result", metavar="RESULT",
                        help="folder yang ditulis simulate --out")
    parser.add_argument("--out", metavar="FILE", default=None,
                        help="berkas HTML yang ditulis (bawaan: laporan.html di dalam RESULT, "
                             "di samping hasil yang dibacanya)")
    parser.add_argument("--xlsx", metavar="FILE", help="tulis juga buku kerja Excel ke sini")
    parser.add_argument("--heat-by", default="waiting",
                        choices=("waiting", "processing", "utilisation", "cost"),
                        help="pewarna tugas di diagram panas: waiting = waktu tunggu "
                             "(bawaan), processing = waktu pengerjaan, utilisation = utilisasi "
                             "kelompok pegawai, cost = biaya")
    parser.add_argument("--no-heat", action="store_true",
                        help="tanpa diagram panas (tidak perlu Chromium)")


def execute(args: argparse.Namespace) -> int:
    import contextlib
    import os
    from pathlib import Path

    from probisnis.outputs import folder_lock
    from probisnis.report import load_result, write_report, write_xlsx

    out = Path(args.result) / DEFAULT_NAME if args.out is None else Path(args.out)
    if not str(out).lower().endswith((".html", ".htm")):
        raise UsageError(f"--out: perlu berkas .html, bukan {args.out}")
    folder = Path(args.result)
    # not while another run (simulate, compare, sweep) writes the folder: refused at once,
    # as a second run into it is (a folder this user cannot write is only read)
    held = (folder_lock(folder, "report") if folder.is_dir() and os.access(folder, os.W_OK)
            else contextlib.nullcontext())
    with held:
        data = load_result(args.result)
        html = write_report(data, out, heat=not args.no_heat, heat_by=args.heat_by)
        print(f"Ditulis: {html}")
        if args.xlsx:
            print(f"Ditulis: {write_xlsx(data, args.xlsx)}")
    return 0
