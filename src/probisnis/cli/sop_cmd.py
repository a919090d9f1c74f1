"""``probisnis sop export|import``: SOP AP documents (PermenPAN 35/2012) from and to BPMN.

``sop export PROCESS.bpmn --format html|xlsx --out FILE [--process ID] [--scenario TOML]``
writes the SOP of a process: identity part and flowchart table (HTML printable on F4
landscape, or an Excel workbook). ``--scenario`` fills the Waktu column with each task's
mean duration. ``sop import TABLE.xlsx|csv --out PROCESS.bpmn`` turns a tabular SOP into a
BPMN process with lanes and a layout, and writes ``PROCESS.toml``, a scenario ready for
``probisnis simulate``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from probisnis.cli.argparse_id import examples
from probisnis.cli.files import need
from probisnis.errors import UsageError

HELP = "dokumen SOP AP: ekspor proses sebagai SOP (HTML/Excel), impor tabel SOP sebagai BPMN"

DESCRIPTION = (
    "Dokumen SOP Administrasi Pemerintahan (PermenPAN 35/2012) dari dan ke BPMN. sop export "
    "menulis SOP sebuah proses: bagian identitas dan tabel diagram alir (HTML siap cetak F4 "
    "mendatar, atau buku kerja Excel). sop import mengubah SOP berbentuk tabel menjadi proses "
    "BPMN dengan lajur dan tata letak, beserta skenario yang siap untuk probisnis simulate."
)

EXAMPLES = (
    "probisnis sop export processes/m5_pengawas.bpmn --process M5_pelaksanaan --out sop.html",
    "probisnis sop import docs/sop/m5_pelaksanaan.csv --out m5_pelaksanaan.bpmn",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sop_command", metavar="ACTION",
                                help="yang dikerjakan: export atau import")
    exp = sub.add_parser(
        "export", help="tulis SOP dari proses BPMN (HTML atau Excel)",
        description="Menulis SOP AP sebuah proses BPMN: bagian identitas dan tabel diagram "
                    "alir. --scenario mengisi kolom Waktu dengan rata-rata durasi setiap "
                    "tugas.",
        epilog=examples(EXAMPLES[:1]))
    exp.add_argument("process", metavar="PROCESS", help="berkas BPMN")
    exp.add_argument("--process", dest="process_id", metavar="ID",
                     help="proses di berkas itu (bawaan: satu-satunya proses, atau proses "
                          "executable pertamanya)")
    exp.add_argument("--scenario", metavar="TOML",
                     help="skenario yang rata-rata durasi tugasnya mengisi kolom Waktu")
    exp.add_argument("--format", choices=("html", "xlsx"),
                     help="html (siap cetak, F4 mendatar) atau xlsx (bawaan: menurut --out)")
    exp.add_argument("--out", metavar="FILE", required=True, help="berkas yang ditulis")
    imp = sub.add_parser(
        "import", help="ubah tabel SOP (.xlsx/.csv) menjadi BPMN + skenario",
        description="Mengubah SOP berbentuk tabel (.xlsx atau .csv) menjadi proses BPMN dengan "
                    "lajur dan tata letak, dan menulis skenarionya (PROCESS.toml) yang siap "
                    "untuk probisnis simulate.",
        epilog=examples(EXAMPLES[1:]))
    imp.add_argument("table", metavar="TABLE", help="tabel SOP .xlsx atau .csv")
    imp.add_argument("--out", metavar="PROCESS.bpmn", required=True,
                     help="berkas BPMN yang ditulis")
    imp.add_argument("--scenario-out", metavar="TOML",
                     help="berkas skenario (bawaan: berkas --out dengan akhiran .toml)")
    imp.add_argument("--process-id", metavar="ID", help="id proses (bawaan: dari judulnya)")


def execute(args: argparse.Namespace) -> int:
    if args.sop_command == "export":
        return _export(args)
    if args.sop_command == "import":
        return _import(args)
    raise UsageError("sebutkan yang dikerjakan: sop export ... atau sop import ...")


def _export(args: argparse.Namespace) -> int:
    from probisnis.sop import sop_from_bpmn, write_sop_html, write_sop_xlsx

    fmt = args.format or Path(args.out).suffix.lower().lstrip(".")
    if fmt not in ("html", "xlsx"):
        raise UsageError(f"--format: pilih html atau xlsx (nama --out {args.out} "
                         "tidak menunjukkannya)")
    need(args.process, "berkas model", (".bpmn", ".bpmn20.xml"))
    scenario = None
    if args.scenario:
        from probisnis.sim.scenario_toml import load_scenario

        need(args.scenario, "berkas skenario", (".toml",))
        scenario = load_scenario(args.scenario)
    sop = sop_from_bpmn(args.process, args.process_id, scenario=scenario)
    path = (write_sop_html if fmt == "html" else write_sop_xlsx)(sop, args.out)
    empty = sop.identity.missing()
    print(f"Ditulis: {path} (SOP {sop.identity.nomor or 'tanpa nomor'}, {len(sop.steps)} langkah,"
          f" {len(sop.pelaksana)} pelaksana)")
    if empty:
        print("belum diisi (isi oleh unit kerja): " + ", ".join(empty))
    if args.process_id is None:
        from probisnis.bpmn import read

        processes = list(read(args.process).processes)
        if len(processes) > 1:
            print(f"berkas ini memuat {len(processes)} proses ({', '.join(processes)}); tanpa "
                  "--process diambil proses utamanya: pilih yang lain dengan --process ID")
    return 0


def _import(args: argparse.Namespace) -> int:
    from probisnis.sop import read_sop_table, write_imported

    if not str(args.out).lower().endswith(".bpmn"):
        raise UsageError(f"--out: perlu nama berkas .bpmn, bukan {args.out}")
    need(args.table, "tabel SOP", (".xlsx", ".csv"))
    sop = read_sop_table(args.table)
    bpmn, toml = write_imported(sop, args.out, scenario_path=args.scenario_out,
                                process_id=args.process_id)
    print(f"Ditulis: {bpmn} ({len(sop.steps)} langkah, {len(sop.pelaksana)} lajur)")
    if toml is not None:
        print(f"Ditulis: {toml} (skenario: probisnis simulate {toml})")
    from probisnis.sop.to_bpmn import start_triggers

    for trigger in start_triggers(sop).values():
        if trigger.problem:
            print(f"Peringatan: {args.table}: {trigger.problem}")
    return 0
