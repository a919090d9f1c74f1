"""``probisnis sweep SCENARIO --vary KEY=A..B [--vary KEY=V1,V2] [--out DIR]``.

Runs every point of the grid for the same replications and seed
(:func:`probisnis.whatif.sweep.sweep`), prints per point the main KPIs with their 95 %
intervals, the busiest pool and whether the point is stable, and names the saturation
point (the first value, from the least loaded end, where a pool passes 85 % utilisation
or the system becomes unstable). ``--out DIR`` writes the tidy results (``results.parquet``
and ``.csv``, ``points.csv``, ``kpis_per_replication.csv``) and a PNG per KPI.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from probisnis.cli.compare_cmd import (
    add_run_options,
    check_run_options,
    holding,
    progress_wanted,
    scenario_file,
)
from probisnis.errors import Bilingual, ProbisnisError, UsageError, say
from probisnis.outputs import atomic_path

HELP = "jalankan skenario atas kisi nilai parameter dan temukan titik jenuhnya"

DESCRIPTION = (
    "Menjalankan setiap titik kisi dengan replikasi dan benih yang sama, mencetak per titik "
    "KPI utamanya dengan selang 95 %, kelompok pegawai tersibuk dan apakah titik itu stabil, lalu "
    "menyebut titik jenuh (nilai pertama, dari ujung yang paling ringan, tempat suatu kelompok "
    "pegawai "
    "melewati utilisasi 85 % atau sistem menjadi tidak stabil). --out DIR menulis hasil rapi "
    "(results.parquet dan .csv, points.csv, kpis_per_replication.csv) dan satu PNG per KPI."
)

EXAMPLES = (
    "probisnis sweep simulations/m1_sekretariat_daerah.toml --vary resources.JFJP.count=3..12",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO.toml", help="skenario yang divariasikan")
    parser.add_argument("--vary", action="append", metavar="KEY=VALUES", required=True,
                        help="kunci skenario bertitik dan nilai-nilainya: A..B (bilangan "
                             "bulat), A..B:STEP, atau V1,V2,... (desimal dengan titik: 0.5); "
                             "ulangi untuk kisi (misalnya resources.JFJP.count=3..12)")
    add_run_options(parser, replications=5)
    parser.add_argument("--report", metavar="FILE.html",
                        help="tulis juga sapuannya (titik, titik jenuh, grafik) sebagai HTML")
    parser.add_argument("--xlsx", metavar="FILE.xlsx",
                        help="tulis juga sapuannya sebagai buku kerja Excel")
    parser.add_argument("--out", metavar="DIR",
                        help="tulis hasil (Parquet, CSV) dan satu PNG per KPI ke sini")


def execute(args: argparse.Namespace) -> int:
    from probisnis.whatif.executor import make_executor
    from probisnis.whatif.sweep import parse_vary, sweep

    horizon = check_run_options(args)
    if args.report and not args.report.lower().endswith((".html", ".htm")):
        raise UsageError(say(f"--report: perlu nama berkas .html, bukan {args.report}",
                             f"--report: needs a .html file name, got {args.report}"))
    if args.xlsx and not args.xlsx.lower().endswith(".xlsx"):
        raise UsageError(say(f"--xlsx: perlu nama berkas .xlsx, bukan {args.xlsx}",
                             f"--xlsx: needs a .xlsx file name, got {args.xlsx}"))
    path = scenario_file(args.scenario)
    vary: dict[str, list[Any]] = {}
    for spec in args.vary:
        key, values = parse_vary(spec)
        if key in vary:
            raise UsageError(say(f"--vary {key} disebut dua kali",
                                 f"--vary {key} is given twice"))
        vary[key] = values
    out = Path(args.out) if args.out else None
    with holding(out, "sweep", args.lang):
        try:
            with make_executor(args.workers, args.scheduler) as executor:
                result = sweep(path, vary, replications=args.replications, seed=args.seed,
                               cases=args.cases, horizon=horizon,
                               warmup_cases=args.warmup_cases, executor=executor,
                               progress=progress_wanted(args))
        except ProbisnisError as exc:
            raise _with_comma_hint(exc, args.vary) from None
        files = write_sweep(result, out) if out is not None else {}
    if args.report or args.xlsx:  # probisnis.report reads the sweep
        from probisnis.report.sweep import write_sweep_html, write_sweep_xlsx

        if args.report:
            files["report"] = str(write_sweep_html(result, args.report))
        if args.xlsx:
            files["xlsx"] = str(write_sweep_xlsx(result, args.xlsx))
    if args.json:
        doc = {
            "scenario": result.scenario, "name": result.name, "keys": list(result.keys),
            "replications": result.replications, "seed": result.seed,
            "partial": result.partial,
            "points": _records(result.points),
            "saturation": [{"key": s.key, "fixed": dict(s.fixed), "value": s.value,
                            "last_safe": s.last_safe, "reason": s.reason,
                            "busiest_pool": s.busiest}
                           for s in result.saturation],
            "warnings": {str(k): list(v) for k, v in result.warnings.items() if v},
            "kpis": _records(result.summary),
            "files": files,
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        from probisnis.whatif.text import sweep_lines

        for line in sweep_lines(result, lang=args.lang):
            print(line)
        if files:
            print()
        for file in files.values():
            print(f"{'Ditulis' if args.lang == 'id' else 'Written'}: {file}")
        if out is None:
            print("(tambahkan --out FOLDER untuk menyimpan tabel lengkap dan grafik per KPI)"
                  if args.lang == "id" else
                  "(add --out FOLDER to keep the full tables and a chart per KPI)")
    return 130 if result.partial else 0


def _en(message: str) -> str:
    return message.text("en") if isinstance(message, Bilingual) else str(message)


def _with_comma_hint(exc: ProbisnisError, specs: list[str]) -> ProbisnisError:
    """``exc``, told that commas separate values when a refused value came from a list
    written with an Indonesian decimal comma (``availability=0,5`` is the values 0 and 5)."""
    for spec in specs:
        key, _, rest = spec.partition("=")
        text = str(exc.message)
        # (a whole-number key such as a count: a decimal would be refused too)
        value_refused = text.startswith(("harus", "paling banyak")) and "bulat" not in text
        if exc.element_id == key.strip() and value_refused \
                and re.fullmatch(r"\s*\d+,\d+\s*", rest):
            fixed = f"{key.strip()}={rest.strip().replace(',', '.')}"
            exc.message = say(f"{exc.message} (--vary {spec}: koma memisahkan nilai; tulis "
                              f"desimal dengan titik: {fixed})",
                              f"{_en(exc.message)} (--vary {spec}: a comma separates values; "
                              f"write a decimal with a point: {fixed})")
    return exc


def _records(frame: Any) -> list[dict[str, Any]]:
    return [{k: (None if isinstance(v, float) and not math.isfinite(v) else
                 v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def write_sweep(result: Any, out: Path) -> dict[str, str]:
    """The sweep's tables (Parquet and CSV) and charts in ``out``; name -> path."""
    from probisnis.whatif.charts import sweep_charts

    files: dict[str, str] = {}
    summary = result.summary.copy()
    for key in result.keys:  # a column of mixed types cannot go to Parquet
        if summary[key].map(type).nunique() > 1:
            summary[key] = summary[key].astype(str)
    for name, frame, parquet in (("results", summary, True), ("points", result.points, False),
                                 ("kpis_per_replication", result.per_replication, False)):
        path = out / f"{name}.csv"
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False)
        files[f"{name}_csv"] = str(path)
        if parquet:
            ppath = out / f"{name}.parquet"
            with atomic_path(ppath) as ptmp:
                frame.to_parquet(ptmp, index=False)
            files[f"{name}_parquet"] = str(ppath)
    for png in sweep_charts(result, out):
        files[f"chart_{png.stem}"] = str(png)
    return files
