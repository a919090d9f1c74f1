"""``probisnis compare BASE.toml VARIANT.toml [MORE.toml ...]``: a verdict per KPI.

Runs every scenario for the same paired replications (same seed: common random numbers),
prints what differs between the scenarios after ``extends``, a stability warning above the
results for any scenario whose queues keep growing, then per KPI the base and variant
means, the paired difference with its 95 % interval, the relative change and a verdict in
Bahasa Indonesia (:mod:`probisnis.whatif.compare`). Replications run on all cores
(``--workers``) or on a Dask cluster (``--scheduler``); Ctrl-C prints the replications
that finished, marked partial, and exits with status 130.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from probisnis.cli.argparse_id import whole_number
from probisnis.cli.files import need
from probisnis.errors import ScenarioError, UsageError, say
from probisnis.outputs import atomic_path, folder_lock

HELP = "bandingkan skenario (dasar lebih dulu): selisih berpasangan dan putusan per KPI"

DESCRIPTION = (
    "Menjalankan setiap skenario dengan replikasi berpasangan yang sama (benih sama: "
    "bilangan acak bersama), mencetak apa yang berbeda antar skenario, peringatan "
    "kestabilan bila antrean suatu skenario terus memanjang, lalu per KPI rata-rata dasar "
    "dan varian, selisih berpasangan dengan selang 95 %, perubahan relatif dan putusannya. "
    "Replikasi berjalan di semua inti prosesor (--workers) atau di klaster Dask "
    "(--scheduler); Ctrl-C mencetak replikasi yang sudah selesai, ditandai sebagian."
)

EXAMPLES = (
    "probisnis compare simulations/m1_sekretariat_daerah.toml "
    "simulations/m1_jfjp_berkurang.toml",
)


def add_run_options(parser: argparse.ArgumentParser, *, replications: int) -> None:
    """Options shared by ``compare`` and ``sweep``."""
    parser.add_argument("--replications", type=whole_number, metavar="R", default=replications,
                        help=f"replikasi berpasangan per skenario (bawaan: {replications})")
    parser.add_argument("--seed", type=whole_number, metavar="S",
                        help="benih acak untuk setiap skenario (bawaan: benih skenario dasar)")
    parser.add_argument("--cases", type=whole_number, metavar="N",
                        help="kasus per replikasi (bawaan: jumlah di setiap skenario)")
    parser.add_argument("--horizon", metavar="SPAN",
                        help='rentang waktu yang disimulasikan sebagai ganti jumlah kasus, '
                             'misalnya "1y"')
    parser.add_argument("--warmup-cases", type=whole_number, metavar="N",
                        help="N kasus pertama setiap replikasi tidak dihitung dalam KPI")
    parser.add_argument("--workers", type=whole_number, metavar="N",
                        help="jumlah proses pekerja di komputer ini (bawaan: semua inti)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="jalankan di scheduler Dask distributed di ADDRESS "
                             "(tcp://host:8786), bukan di komputer ini")
    parser.add_argument("--json", action="store_true", help="cetak hasilnya sebagai JSON")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="bahasa hasil yang dicetak: id = Bahasa Indonesia (bawaan), "
                             "en = Inggris")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE.toml", help="skenario dasar")
    parser.add_argument("variants", nargs="+", metavar="VARIANT.toml",
                        help="satu atau beberapa skenario varian")
    add_run_options(parser, replications=10)
    parser.add_argument("--threshold", metavar="PCT", default="0%",
                        help='perubahan relatif terkecil yang berarti, misalnya "5%%": '
                             "perubahan yang nyata tetapi lebih kecil disebut 'berbeda tetapi "
                             "kecil' (bawaan 0%%)")
    parser.add_argument("--all", action="store_true",
                        help="semua KPI (aktivitas, lajur, tahap), tidak hanya proses dan "
                             "kelompok pegawainya")
    parser.add_argument("--out", metavar="DIR",
                        help="tulis comparison.csv dan kpis_per_replication.csv ke sini")
    parser.add_argument("--report", metavar="FILE.html",
                        help="tulis juga perbandingannya berdampingan sebagai laporan HTML")
    parser.add_argument("--xlsx", metavar="FILE.xlsx",
                        help="tulis juga perbandingannya sebagai buku kerja Excel")


def parse_threshold(text: str) -> float:
    """``"5%"`` or ``"0.05"`` -> 0.05."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise UsageError(say(f"--threshold: perlu persentase seperti 5%, bukan {text!r}",
                             f"--threshold: needs a percentage like 5%, got {text!r}")) from None
    if not raw.endswith("%") and value >= 1:
        raise UsageError(say(f"--threshold: tulis persentase dengan %, misalnya {raw}%",
                             f"--threshold: write a percentage with %, e.g. {raw}%"))
    if not 0 <= value < 1:
        raise UsageError(say(f"--threshold harus antara 0% dan 100%, bukan {text}",
                             f"--threshold must be between 0% and 100%, got {text}"))
    return value


def check_run_options(args: argparse.Namespace) -> float | None:
    """Validate the shared options; the horizon in seconds (or None)."""
    from probisnis.sim.scenario import parse_span

    for name in ("replications", "cases", "workers"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UsageError(say(f"--{name} harus >= 1, bukan {value}",
                                 f"--{name} must be >= 1, got {value}"))
    if args.warmup_cases is not None and args.warmup_cases < 0:
        raise UsageError(say(f"--warmup-cases harus >= 0, bukan {args.warmup_cases}",
                             f"--warmup-cases must be >= 0, got {args.warmup_cases}"))
    if args.seed is not None and args.seed < 0:
        raise UsageError(say(f"--seed harus >= 0, bukan {args.seed}",
                             f"--seed must be >= 0, got {args.seed}"))
    if args.workers is not None and args.scheduler:
        raise UsageError(say("pilih salah satu: --workers (komputer ini) atau --scheduler "
                             "(Dask)", "give either --workers (this machine) or --scheduler "
                             "(Dask)"))
    if args.cases is not None and args.horizon:  # cases won, the horizon was ignored
        raise UsageError(say("pilih salah satu: --cases (jumlah kasus) atau --horizon (rentang "
                             "waktu)", "give either --cases (a number of cases) or --horizon "
                             "(a span of time)"))
    if not args.horizon:
        return None
    try:
        return parse_span(args.horizon, where="--horizon", path=None)
    except ScenarioError as exc:
        english = getattr(exc.message, "en", exc.message)
        raise UsageError(say(f"--horizon: {exc.message}", f"--horizon: {english}")) from None


def scenario_file(path: str) -> str:
    p = need(path, "berkas skenario", (".toml",))
    if p.suffix.lower() != ".toml":
        raise UsageError(say(f"{path}: berikan berkas skenario TOML (buat satu untuk sebuah "
                             "model dengan `probisnis scenario init MODEL.bpmn > "
                             "skenario.toml`)", f"{path}: give a scenario TOML file (make one "
                             "for a model with `probisnis scenario init MODEL.bpmn > "
                             "scenario.toml`)"))
    return str(p)


def progress_wanted(args: argparse.Namespace) -> bool:
    return not args.json and sys.stderr.isatty()


def execute(args: argparse.Namespace) -> int:
    from probisnis.whatif.compare import as_records, compare
    from probisnis.whatif.executor import make_executor
    from probisnis.whatif.text import comparison_lines

    horizon = check_run_options(args)
    threshold = parse_threshold(args.threshold)
    if args.report and not args.report.lower().endswith((".html", ".htm")):
        raise UsageError(say(f"--report: perlu nama berkas .html, bukan {args.report}",
                             f"--report: needs a .html file name, got {args.report}"))
    if args.xlsx and not args.xlsx.lower().endswith(".xlsx"):
        raise UsageError(say(f"--xlsx: perlu nama berkas .xlsx, bukan {args.xlsx}",
                             f"--xlsx: needs a .xlsx file name, got {args.xlsx}"))
    base = scenario_file(args.base)
    variants = [scenario_file(v) for v in args.variants]
    out = Path(args.out) if args.out else None
    with holding(out, "compare", args.lang):
        with make_executor(args.workers, args.scheduler) as executor:
            result = compare(base, variants, replications=args.replications, seed=args.seed,
                             cases=args.cases, horizon=horizon, warmup_cases=args.warmup_cases,
                             threshold=threshold, executor=executor,
                             progress=progress_wanted(args))
        files: dict[str, str] = {}
        if out is not None:
            files = _write(out, result)
    if args.report or args.xlsx:  # probisnis.report reads the comparison
        from probisnis.report.comparison import write_comparison_html, write_comparison_xlsx

        if args.report:
            files["report"] = str(write_comparison_html(result, args.report))
        if args.xlsx:
            files["xlsx"] = str(write_comparison_xlsx(result, args.xlsx))
    if args.json:
        doc: dict[str, Any] = {
            "base": result.labels[0],
            "variants": list(result.labels[1:]),
            "names": dict(zip(result.labels, result.names, strict=True)),
            "replications": result.replications,
            "completed": result.completed,
            "partial": result.partial,
            "seed": result.seed,
            "common_random_numbers": result.common_random_numbers,
            "threshold": result.threshold,
            "differences": {k: [{"key": d.key, "base": d.base, "variant": d.variant}
                                for d in v] for k, v in result.differences.items()},
            "stability": {k: {"stable": st.stable, "warnings": list(st.warnings)}
                          for k, st in result.stability.items()},
            "kpis": as_records(result),
            "files": files,
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        for line in comparison_lines(result, all_kpis=args.all, lang=args.lang):
            print(line)
        for path in files.values():
            print(f"{'Ditulis' if args.lang == 'id' else 'Written'}: {path}")
    return 130 if result.partial else 0


@contextlib.contextmanager
def holding(out: Path | None, command: str, lang: str) -> Iterator[None]:
    """The output folder ``out`` held for this run (another run writing into it: refused
    before this one runs; a killed run's lock taken over with a note); nothing without
    ``out``."""
    if out is None:
        yield
        return
    with folder_lock(out, command) as lock:
        note = lock.stale_note(lang)
        if note:
            print(f"probisnis: {note}", file=sys.stderr)
        yield


def _write(out: Path, result: Any) -> dict[str, str]:
    """The comparison's tables in ``out`` (made and held by :func:`folder_lock`)."""
    files = {}
    for name, frame in (("comparison", result.table),
                        ("kpis_per_replication", result.per_replication)):
        path = out / f"{name}.csv"
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False)
        files[name] = str(path)
    return files
