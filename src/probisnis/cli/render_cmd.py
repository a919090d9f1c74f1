"""``probisnis render [PATH...] [--out DIR] [--no-png] [--json]``: draw BPMN files with bpmn-js.

Imports each file into bpmn-js (the viewer inside Camunda Modeler) in headless
Chromium, reports its import warnings, undrawn elements and layout issues, and
writes ``DIR/<stem>.png`` of the first diagram. This is
``python -m probisnis.render`` as a subcommand: the same functions
(:func:`probisnis.render.__main__.expand`, :func:`probisnis.render.check_bpmnjs`)
and, without ``--json``, the same report. Exit status 0 when every file imports
cleanly, 1 when any has warnings, an error or undrawn elements, 2 on a missing
path or a missing browser (``scripts/install-browser.sh``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from probisnis.errors import UsageError
from probisnis.render import ImportResult, browser_unavailable, check_bpmnjs
from probisnis.render.__main__ import expand
from probisnis.render.__main__ import main as render_main

HELP = "gambar berkas BPMN dengan bpmn-js (penampil Camunda Modeler): cek impor dan gambar PNG"

DEFAULT_PATHS = ("processes/",)

DESCRIPTION = (
    "Membuka setiap berkas BPMN di bpmn-js (penampil di dalam Camunda Modeler) lewat "
    "Chromium tanpa layar, melaporkan peringatan impornya, elemen yang tidak tergambar dan "
    "masalah tata letak, lalu menulis DIR/<nama>.png dari diagram pertamanya. Dengan --heat "
    "tugas dan lajur diwarnai menurut hasil simulasi.\n\n"
    "Status keluar: 0 bila setiap berkas terbuka bersih, 1 bila ada peringatan, kesalahan "
    "atau elemen yang tidak tergambar, 2 bila berkas tidak ditemukan atau browser belum "
    "terpasang (scripts/install-browser.sh)."
)

EXAMPLES = (
    "probisnis render processes/m1_sekretariat_daerah.bpmn --out gambar",
    "probisnis render processes/m1_sekretariat_daerah.bpmn --heat hasil/m1 --out gambar",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="berkas .bpmn atau folder berisinya (bawaan: processes/)")
    parser.add_argument("--out", metavar="DIR", default=".",
                        help="folder untuk gambar <nama>.png (bawaan: folder saat ini)")
    parser.add_argument("--no-png", action="store_true",
                        help="hanya periksa impornya, tanpa menulis gambar")
    parser.add_argument("--heat", metavar="RESULT",
                        help="warnai tugas dan lajur menurut hasil di RESULT (folder dari "
                             "simulate --out): menulis <nama>.heat.png dan <nama>.heat.svg")
    parser.add_argument("--heat-by", default="waiting",
                        choices=("waiting", "processing", "utilisation", "cost"),
                        help="nilai tugas untuk --heat: waiting = rata-rata waktu tunggu "
                             "(bawaan), processing = waktu pengerjaan, utilisation = utilisasi "
                             "kelompok pegawainya, cost = biaya satu kunjungan")
    parser.add_argument("--json", action="store_true",
                        help="cetak satu objek JSON per berkas (sebuah daftar) sebagai ganti "
                             "laporannya")


def result_record(result: ImportResult) -> dict[str, Any]:
    """One file's import result as a JSON-ready dict (its fields plus ``ok``)."""
    record = dataclasses.asdict(result)
    for key in ("warnings", "undrawn", "layout"):
        record[key] = list(record[key])
    record["ok"] = result.ok
    return record


#: what --heat-by colours by, as the line after a heat picture says it
_HEAT_WORDS = {"waiting": "waktu tunggu", "processing": "waktu proses",
               "utilisation": "utilisasi kelompok pegawai", "cost": "biaya"}


def execute(args: argparse.Namespace) -> int:
    if args.heat:
        return _heat(args)
    paths = list(args.paths) or list(DEFAULT_PATHS)
    files = expand(paths)  # UsageError (exit 2) for a missing path
    if not files:
        raise UsageError("tidak ada berkas .bpmn di " + " ".join(paths))
    reason = browser_unavailable()
    if reason is not None:
        raise UsageError(reason)
    if not args.json:
        argv = [args.out, *paths] + (["--no-png"] if args.no_png else [])
        return render_main(argv)
    results = check_bpmnjs(files, png_dir=None if args.no_png else args.out)
    json.dump([result_record(r) for r in results], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if all(r.ok for r in results) else 1


def _heat(args: argparse.Namespace) -> int:
    """``render PROCESS --heat RESULT``: the heat picture of each file (PNG and SVG)."""
    from pathlib import Path

    from probisnis.render.heat import render_heat
    from probisnis.report.data import load_result
    from probisnis.report.heat import heat_spec

    data = load_result(args.heat)
    paths = list(args.paths) or list(data.context.model_paths[:1])
    files = expand(paths)
    if not files:
        raise UsageError("tidak ada berkas .bpmn di " + " ".join(paths))
    reason = browser_unavailable()
    if reason is not None:
        raise UsageError(reason)
    spec = heat_spec(data, args.heat_by)
    records: list[dict[str, Any]] = []
    for path in files:
        png = Path(args.out) / f"{path.stem}.heat.png"
        svg = png.with_suffix(".svg")
        drawn = render_heat(path, spec, png=None if args.no_png else png, svg=svg)
        from probisnis.render.browser import read_xml_text

        text = read_xml_text(path)
        missing = sorted(i for i in set(spec.tasks) - set(drawn) if f'id="{i}"' in text)
        records.append({"path": str(path), "png": None if args.no_png else str(png),
                        "svg": str(svg), "tasks_coloured": len(drawn),
                        "measured_not_drawn": missing})
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for r in records:
        print(f"{r['path']}: {r['tasks_coloured']} aktivitas diwarnai menurut "
              f"{_HEAT_WORDS.get(args.heat_by, args.heat_by)}")
        for key in ("png", "svg"):
            if r[key]:
                print(f"Ditulis: {r[key]}")
        if r["measured_not_drawn"]:
            print("  tidak tergambar di diagram pertama: "
                  + ", ".join(r["measured_not_drawn"]))
    return 0
