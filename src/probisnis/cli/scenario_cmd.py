"""``probisnis scenario init MODEL.bpmn``: print a commented starter scenario.

``probisnis scenario init MODEL.bpmn > scenario.toml`` writes a scenario that loads and
simulates as written (:func:`probisnis.whatif.starter.starter_scenario`): one pool per
lane role, a duration per task, a probability per gateway flow and the default calendar,
every number marked as an assumption to replace. With ``--out FILE`` it is written there
(paths inside relative to FILE's folder; an existing file is kept unless ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from probisnis.cli.argparse_id import examples
from probisnis.cli.files import need
from probisnis.errors import UsageError
from probisnis.outputs import write_text_atomic

HELP = "tulis skenario awal untuk model BPMN (scenario init MODEL.bpmn > skenario.toml)"

DESCRIPTION = (
    "scenario init MODEL.bpmn mencetak skenario awal berkomentar yang langsung dapat "
    "disimulasikan: satu kelompok pegawai per peran lajur, satu durasi per tugas, satu peluang "
    "per alur "
    "gerbang dan kalender bawaan, setiap angka ditandai sebagai asumsi yang perlu diganti."
)

EXAMPLES = (
    "probisnis scenario init processes/m5_pengawas.bpmn --out m5.toml",
    "probisnis simulate m5.toml",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION",
                                help="yang dikerjakan: init")
    init = sub.add_parser(
        "init", help="cetak skenario awal berkomentar untuk MODEL.bpmn",
        description="Mencetak skenario awal berkomentar untuk MODEL.bpmn (dengan --out: "
                    "menuliskannya ke FILE; jalur di dalamnya relatif terhadap folder FILE).",
        epilog=examples(EXAMPLES))
    init.add_argument("model", metavar="MODEL.bpmn", help="model BPMN yang akan disimulasikan")
    init.add_argument("--process", metavar="ID",
                      help="proses yang disimulasikan (bawaan: proses executable pertama di "
                           "berkas itu)")
    init.add_argument("--library", metavar="DIR", action="append",
                      help="folder (atau berkas .bpmn) tempat proses yang dipanggil dicari "
                           "(bawaan: folder model itu); boleh diulang")
    init.add_argument("--out", metavar="FILE",
                      help="tulis skenario ke FILE, bukan ke layar")
    init.add_argument("--force", action="store_true",
                      help="timpa FILE --out yang sudah ada")


def execute(args: argparse.Namespace) -> int:
    from probisnis.whatif.starter import starter_scenario

    if args.action != "init":
        raise UsageError("sebutkan yang dikerjakan: probisnis scenario init MODEL.bpmn")
    need(args.model, "berkas model", (".bpmn", ".bpmn20.xml"))
    for lib in args.library or ():
        if not Path(lib).exists():
            raise UsageError(f"--library: folder atau berkas tidak ditemukan: {lib}")
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        raise UsageError(f"{out} sudah ada; tambahkan --force untuk menimpanya")
    text = starter_scenario(args.model, process_id=args.process,
                            library=tuple(args.library or ()),
                            relative_to=out.parent if out is not None else ".")
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(out, text)
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {out}: {exc}") from None
    print(f"Ditulis: {out}", file=sys.stderr)
    return 0
