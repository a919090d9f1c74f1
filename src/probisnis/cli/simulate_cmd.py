"""``probisnis simulate [SCENARIO]``: run a simulation scenario and report its KPIs.

Without SCENARIO the bundled scenario of mechanism 1 (Sekretariat Daerah) runs.
SCENARIO is a scenario TOML file, or a BPMN model: with ``--prosimos PARAMS.json``
Prosimos simulation parameters drive it, without them stated placeholder assumptions
(:func:`probisnis.sim.model_only.scenario_for_model`) check the model's structure.
The KPI table (mean and 95 % confidence interval over the replications) goes to the
terminal, or as JSON with ``--json``; ``--out DIR`` writes the event log (CSV and
Parquet), the KPI tables and the case and resource tables; the event log goes to
``DIR/event_log.parquet`` in chunks while the simulation runs and the KPIs are computed from
that file, so memory stays bounded however long the run. Replications run on the cores of
this machine (``--workers``; by default all of them when that ends sooner) or on a Dask
cluster (``--scheduler``), with the same result as one after another
(:mod:`probisnis.sim.parallel`); ``--stream`` on this machine's cores only.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from probisnis.cli.argparse_id import whole_number
from probisnis.cli.files import need
from probisnis.errors import ScenarioError, UsageError, say
from probisnis.sim.bounds import MAX_REPLICATIONS, numeric_warnings, seconds_left
from probisnis.sim.scenario import Scenario, parse_span
from probisnis.sim.scenario_toml import load_scenario

if TYPE_CHECKING:
    import pandas as pd

HELP = "simulasikan skenario (bawaan: mekanisme 1, Sekretariat Daerah) dan laporkan KPI-nya"

DEFAULT_SCENARIO = "simulations/m1_sekretariat_daerah.toml"

DESCRIPTION = (
    "Menyimulasikan sebuah skenario: kasus datang, tugas menunggu pegawai di kelompoknya "
    "menurut kalender kerja, dan hasilnya diringkas sebagai KPI (waktu siklus dalam hari "
    "kerja, waktu tunggu, utilisasi kelompok pegawai, biaya) dengan selang kepercayaan 95 % atas "
    "replikasinya.\n\n"
    "SCENARIO adalah berkas skenario TOML, atau model BPMN: model BPMN disimulasikan dengan "
    "parameter Prosimos dari --prosimos PARAMS.json, atau tanpa itu dengan angka pengisi "
    "yang disebutkan di Peringatan (hanya untuk memeriksa strukturnya; skenario sungguhan: "
    "probisnis scenario init MODEL.bpmn). Tanpa SCENARIO, skenario bawaan mekanisme 1 yang "
    "dijalankan. --out DIR menyimpan log kejadian (CSV dan Parquet) dan tabel KPI; "
    "probisnis report DIR membuat laporan HTML darinya."
)

EXAMPLES = (
    "probisnis simulate",
    "probisnis simulate simulations/m1_sekretariat_daerah.toml --replications 10 --out hasil/m1",
    "probisnis simulate processes/m5_pengawas.bpmn --cases 20",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO",
                        help="berkas skenario TOML, atau model BPMN (dengan --prosimos, atau "
                             f"sendiri dengan asumsi sementara) (bawaan: {DEFAULT_SCENARIO})")
    parser.add_argument("--process", metavar="ID",
                        help="proses dari model BPMN yang disimulasikan (bawaan: proses "
                             "executable pertamanya)")
    parser.add_argument("--library", metavar="DIR", action="append",
                        help="folder (atau berkas .bpmn) tempat call activity model BPMN "
                             "dicari (bawaan: folder model itu); boleh diulang")
    parser.add_argument("--cases", type=whole_number, metavar="N",
                        help="jumlah kasus per replikasi")
    parser.add_argument("--horizon", metavar="SPAN",
                        help='rentang waktu yang disimulasikan sebagai ganti jumlah kasus, '
                             'misalnya "90d", "1y"')
    parser.add_argument("--seed", type=whole_number, metavar="S",
                        help="benih acak: benih sama, hasil sama")
    parser.add_argument("--replications", type=whole_number, metavar="R",
                        help="jumlah replikasi yang saling bebas (selang kepercayaan perlu "
                             "R >= 2)")
    parser.add_argument("--workers", type=whole_number, metavar="N",
                        help="jumlah proses pekerja di komputer ini (bawaan: semua inti bila "
                             "replikasinya cukup lama untuk menutup biaya memulai proses, "
                             "diukur pada replikasi pertama; satu replikasi selalu berjalan "
                             "di proses ini); hasilnya sama persis berapa pun N")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="jalankan di scheduler Dask distributed di ADDRESS "
                             "(tcp://host:8786), bukan di komputer ini")
    parser.add_argument("--warmup-cases", type=whole_number, metavar="N",
                        help="N kasus pertama setiap replikasi tidak dihitung dalam KPI "
                             "(masa pemanasan)")
    parser.add_argument("--utilization-window", choices=("run", "tasks"), default=None,
                        help="dari mana utilisasi kelompok pegawai diukur: run (seluruh periode "
                             "simulasi) "
                             "atau tasks (sejak tugas pertama dimulai, seperti Prosimos); "
                             "bawaan: utilization_window skenario (run; tasks untuk "
                             "--prosimos)")
    parser.add_argument("--start", metavar="DATETIME",
                        help="saat waktu simulasi dimulai, misalnya 2025-01-06T08:00, untuk "
                             "--prosimos atau model BPMN saja (bawaan 2025-01-06T08:00; "
                             "berkas skenario menetapkan mulainya sendiri)")
    parser.add_argument("--prosimos", metavar="PARAMS.json",
                        help="parameter simulasi Prosimos untuk model BPMN SCENARIO")
    parser.add_argument("--out", metavar="DIR",
                        help="simpan log kejadian dan tabel KPI di folder ini")
    parser.add_argument("--stream", action="store_true",
                        help="dengan --out: memori tidak bertambah dengan jumlah kasus "
                             "(tabel kasus ke DIR/cases.parquet begitu kasus selesai, KPI "
                             "dihitung selama simulasi); tanpa ini --out tetap menulis log "
                             "kejadian sedikit demi sedikit")
    parser.add_argument("--csv-locale", choices=("en", "id"), default="en",
                        help="berkas CSV dari --out: en (dipisah koma, titik desimal) atau id "
                             "(dipisah titik koma, koma desimal, untuk spreadsheet berbahasa "
                             "Indonesia)")
    parser.add_argument("--json", action="store_true",
                        help="cetak KPI sebagai JSON (satuan mesin dan id, beserta nama)")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="bahasa hasil yang dicetak: id = Bahasa Indonesia (bawaan), "
                             "en = Inggris")
    parser.add_argument("--width", type=whole_number, default=100, metavar="COLUMNS",
                        help="lebar baris terpanjang hasil yang dicetak (bawaan 100)")
    parser.add_argument("--xlsx", metavar="FILE",
                        help="tulis juga KPI, aktivitas, kelompok pegawai dan kasus sebagai buku "
                             "kerja "
                             "Excel (format angka Indonesia, satuan di judul kolom)")
    parser.add_argument("--report", metavar="FILE",
                        help="tulis juga laporan HTML (Bahasa Indonesia, dapat dibuka tanpa "
                             "internet)")


def default_scenario_path() -> Path:
    """The bundled mechanism-1 scenario: in the working directory, source tree or package."""
    tried = []
    here = Path.cwd() / DEFAULT_SCENARIO
    tried.append(here)
    import probisnis

    root = Path(probisnis.__file__).resolve().parents[2] / DEFAULT_SCENARIO
    tried.append(root)
    for path in tried:
        if path.is_file():
            return path
    from importlib import resources  # (here: it imports tempfile, random, zipfile...)

    packaged = resources.files("probisnis").joinpath("_data", DEFAULT_SCENARIO)
    if packaged.is_file():
        return Path(str(packaged))
    where = ", ".join(str(p) for p in tried)
    raise UsageError(say("tidak ada skenario yang diberikan dan skenario bawaan tidak ditemukan "
                         f"(dicari di {where} dan di paket terpasang)",
                         "no scenario given and the default scenario was not found (looked "
                         f"in {where} and in the installed package)"))


def _load(args: argparse.Namespace) -> Scenario:
    if args.prosimos:
        if not args.scenario:
            raise UsageError(say("--prosimos perlu model BPMN sebagai SCENARIO",
                                 "--prosimos needs the BPMN model as SCENARIO"))
        from probisnis.sim.prosimos import load_prosimos

        need(args.scenario, "berkas model", (".bpmn", ".bpmn20.xml"))
        need(args.prosimos, "berkas parameter Prosimos", (".json",))
        return load_prosimos(args.scenario, args.prosimos, cases=args.cases or 1000,
                             seed=args.seed or 0, replications=args.replications or 1,
                             start=_start(args))
    path = need(args.scenario, "berkas skenario", (".toml", ".bpmn", ".bpmn20.xml")) \
        if args.scenario else default_scenario_path()
    if path.name.lower().endswith((".bpmn", ".bpmn20.xml")):  # Camunda/Activiti: .bpmn20.xml
        from probisnis.sim.model_only import scenario_for_model

        for lib in args.library or ():
            if not Path(lib).exists():
                raise UsageError(say(f"--library: folder atau berkas tidak ditemukan: {lib}",
                                     f"--library: no such folder or file: {lib}"))
        return scenario_for_model(path, process_id=args.process, cases=args.cases or 100,
                                  seed=args.seed or 0, replications=args.replications or 1,
                                  library=tuple(args.library or ()), start=_start(args))
    if args.library:
        raise UsageError(say("--library hanya untuk model BPMN; skenario menyebut pustakanya "
                             "sendiri (kunci 'library')",
                             "--library is for a BPMN model only; a scenario names its own "
                             "library (key 'library')"))
    if args.process:
        raise UsageError(say("--process hanya untuk model BPMN; skenario menyebut prosesnya "
                             "sendiri (kunci 'process')",
                             "--process is for a BPMN model only; a scenario names its own "
                             "process (key 'process')"))
    if args.start:
        raise UsageError(say("--start hanya untuk --prosimos atau model BPMN saja; berkas "
                             "skenario menetapkan 'start' sendiri (kalendernya dihitung dari "
                             "situ)", "--start is for --prosimos or a bare BPMN model only; a "
                             "scenario file sets its own 'start' (its calendars count from it)"))
    return load_scenario(path)


def _start(args: argparse.Namespace) -> datetime:
    """``--start``, or Monday 6 January 2025, 08:00 (the importers' default)."""
    if not args.start:
        return datetime(2025, 1, 6, 8, 0)
    try:
        start = datetime.fromisoformat(args.start)
    except ValueError:
        raise UsageError(say(f"--start harus tanggal dan jam seperti 2025-01-06T08:00, bukan "
                             f"{args.start!r}", f"--start must be a date and time like "
                             f"2025-01-06T08:00, got {args.start!r}")) from None
    if start.tzinfo is not None:
        raise UsageError(say("--start: tulis tanggal dan jam setempat tanpa zona waktu "
                             "(dianggap Asia/Jakarta)", "--start: give a local date and time "
                             "without a time zone (Asia/Jakarta assumed)"))
    if seconds_left(start) < 2 * 366 * 86_400:
        raise UsageError(say("--start harus sebelum tahun 9998 (kalendernya berakhir pada "
                             "9999)", "--start must be before the year 9998 (the calendars "
                             "end with 9999)"))
    return start


def _check(args: argparse.Namespace) -> None:
    for name in ("cases", "replications", "workers"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UsageError(say(f"--{name} harus >= 1, bukan {value}",
                                 f"--{name} must be >= 1, got {value}"))
    if args.cases is not None and args.horizon:  # cases won, the horizon was ignored
        raise UsageError(say("pilih salah satu: --cases (jumlah kasus) atau --horizon (rentang "
                             "waktu)", "give either --cases (a number of cases) or --horizon "
                             "(a span of time)"))
    if args.seed is not None and args.seed < 0:
        raise UsageError(say(f"--seed harus bilangan bulat >= 0, bukan {args.seed}",
                             f"--seed must be an integer >= 0, got {args.seed}"))
    if args.replications is not None and args.replications > MAX_REPLICATIONS:
        raise UsageError(say(f"--replications paling banyak {MAX_REPLICATIONS:_}, "
                             f"bukan {args.replications:_}".replace("_", "."),
                             f"--replications at most {MAX_REPLICATIONS:,}, "
                             f"got {args.replications:,}"))
    if args.warmup_cases is not None and args.warmup_cases < 0:
        raise UsageError(say(f"--warmup-cases harus >= 0, bukan {args.warmup_cases}",
                             f"--warmup-cases must be >= 0, got {args.warmup_cases}"))
    if args.stream and not args.out:
        raise UsageError(say("--stream perlu --out DIR", "--stream needs --out DIR"))
    if args.workers is not None and args.scheduler:
        raise UsageError(say("pilih salah satu: --workers (komputer ini) atau --scheduler "
                             "(Dask)", "give either --workers (this machine) or --scheduler "
                             "(Dask)"))
    if args.stream and args.scheduler:
        print(say("probisnis: catatan: --stream menulis berkasnya di komputer ini: replikasi "
                  "berjalan satu per satu di proses ini (--scheduler diabaikan; --workers N "
                  "memakai inti komputer ini)",
                  "probisnis: note: --stream writes its files on this machine: the "
                  "replications run one after another in this process (--scheduler is "
                  "ignored; --workers N uses this machine's cores)").text(args.lang),
              file=sys.stderr)
    if args.width < 60:
        raise UsageError(say(f"--width harus >= 60, bukan {args.width}",
                             f"--width must be >= 60, got {args.width}"))
    if args.xlsx and not args.xlsx.lower().endswith(".xlsx"):
        raise UsageError(say(f"--xlsx: perlu nama berkas .xlsx, bukan {args.xlsx}",
                             f"--xlsx: needs a .xlsx file name, got {args.xlsx}"))
    if args.report and not args.report.lower().endswith((".html", ".htm")):
        raise UsageError(say(f"--report: perlu nama berkas .html, bukan {args.report}",
                             f"--report: needs a .html file name, got {args.report}"))


def execute(args: argparse.Namespace) -> int:
    _check(args)
    scenario = _load(args)
    if args.utilization_window is not None:
        scenario = replace(scenario, utilization_window=args.utilization_window)
    horizon = None
    if args.horizon:
        try:
            horizon = parse_span(args.horizon, where="--horizon", path=None)
        except ScenarioError as exc:
            english = getattr(exc.message, "en", exc.message)
            raise UsageError(say(f"--horizon: {exc.message}", f"--horizon: {english}")) from None
    warmup = args.warmup_cases if args.warmup_cases is not None else scenario.warmup_cases
    if args.out is None:
        result, per_rep, table = _run(scenario, args, horizon, None)
        files: dict[str, str] = {}
        if args.xlsx or args.report:
            files.update(_write_documents(args, result, *_frames(per_rep, table), warmup,
                                          None, None))
    else:  # every file whole or absent, a manifest, Ctrl-C / SIGTERM finish cleanly
        if args.scheduler and not args.stream:  # a wrong address: said before the folder
            from probisnis.whatif.scheduler import reach, scheduler_address  # is touched

            reach(scheduler_address(args.scheduler), args.scheduler)
        from probisnis.outputs import Interrupted, folder_lock, signals_deferred, stop_on_signals
        from probisnis.sim.outputs import SimulationOutputs

        outputs: SimulationOutputs | None = None
        # another run writing into the folder: refused before anything there is read
        with stop_on_signals(), folder_lock(args.out, "simulate") as lock:
            earlier = _earlier_run(Path(args.out), args.lang)
            if earlier:
                print(f"probisnis: {earlier}", file=sys.stderr)
            try:
                # a stop as the folder is set up (its manifest then says "running") waits
                # until it can be marked partial and cleared of an earlier run's files
                with signals_deferred():
                    outputs = SimulationOutputs(args.out, scenario, arguments=vars(args),
                                                inputs=[args.prosimos], seed=args.seed)
                if outputs.leftovers:
                    print(f"probisnis: catatan: {outputs.leftovers}", file=sys.stderr)
                elif lock.stale is not None:
                    print(f"probisnis: {lock.stale_note(args.lang)}", file=sys.stderr)
                result, per_rep, table = _run(scenario, args, horizon, outputs)
                per_rep_frame, table_frame = _frames(per_rep, table)
                files = outputs.write(result, per_rep_frame, table_frame,
                                      csv_locale=args.csv_locale)
                documents = _write_documents(args, result, per_rep_frame, table_frame, warmup,
                                             outputs.path, Path(str(result.log_path)))
                outputs.record_others(documents)
                files.update(documents)
                files["manifest"] = str(outputs.complete())
            except Interrupted as exc:
                if outputs is None:  # stopped before the folder was touched
                    print("probisnis: " + ("stopped" if args.lang == "en" else "dihentikan"),
                          file=sys.stderr)
                    return exc.exit_status
                print(f"probisnis: {outputs.interrupted(exc, args.lang)}", file=sys.stderr)
                return exc.exit_status
            except BaseException as exc:
                if outputs is not None:
                    outputs.failed(exc)
                raise
    from probisnis.present.notices import record
    from probisnis.present.simulation import render_simulation, simulation_view

    s = result.scenario
    scope_names = _names(result)
    view = simulation_view(result, warmup_cases=warmup, stability=_stability(result, args.lang),
                           files=files)
    if args.json:
        doc = {
            "scenario": s.name,
            "scenario_path": s.path,
            "process": s.process_id,
            "cases": result.n_cases,
            "replications": result.replications,
            "seed": s.seed,
            "warmup_cases": warmup,
            "status": result.case_status(),
            "pools": [{"id": p.id, "name": p.name, "count": p.count,
                       "availability": p.availability} for p in view.pools],
            "activities": [{"id": a.id, "name": a.name, "phase": a.phase, "pool": a.pool}
                           for a in view.activities],
            "kpis": [_record(r, scope_names) for r in table],
            "warnings": [record(w, args.lang)
                         for w in dict.fromkeys((*s.warnings, *result.warnings))],
            "files": files,
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(render_simulation(view, table, lang=args.lang, width=args.width))
    return 0


def _run(scenario: Scenario, args: argparse.Namespace, horizon: float | None, outputs: Any
         ) -> tuple[Any, list[tuple[Any, ...]], list[dict[str, Any]]]:
    """Simulate (the log streamed to the output folder when there is one) and compute KPIs:
    the per-replication KPI rows (tuples of ``REPLICATION_KPI_COLUMNS``) and the summary
    records (dicts), computed from the run's light tables without pandas when the run
    stayed in memory (:func:`_frames` makes the DataFrames the files need)."""
    from probisnis.present.estimates import clipped_records
    from probisnis.sim.kpis import kpi_rows, kpis_from_parquet, parallel_batches_of
    from probisnis.sim.multitask import multitask_pools
    from probisnis.sim.runner import simulate
    from probisnis.sim.stats import summary_rows

    options: dict[str, Any] = {
        "cases": args.cases, "seed": args.seed, "replications": args.replications,
        "horizon": horizon, "scheduler": args.scheduler,
        "workers": "auto" if args.workers is None and not args.scheduler else args.workers,
        "progress": not args.json and sys.stderr.isatty(),
    }
    noted: list[str] = []  # numpy's floating-point warnings, as result warnings
    warmup = args.warmup_cases if args.warmup_cases is not None else scenario.warmup_cases
    with numeric_warnings(noted):
        result = (outputs.simulate(scenario, stream=args.stream, warmup_cases=warmup,
                                   **options) if outputs
                  else simulate(scenario, **options))
    # each replication is observed until its own end (the horizon, or its last event)
    horizons = dict(enumerate(result.ends)) if result.ends else result.horizon
    kpi_options: dict[str, Any] = {
        "calendars": dict(result.calendars), "process_calendar": result.process_calendar,
        "horizon": horizons, "warmup_cases": warmup,
        "utilization_window": scenario.utilization_window,
        "parallel_batches": parallel_batches_of(result),
    }
    with numeric_warnings(noted):
        per_rep: list[tuple[Any, ...]]
        if result.per_replication is not None:  # --stream: computed while the run went
            per_rep = _tuples(result.per_replication)
        elif result.log_path is not None:
            per_rep = _tuples(kpis_from_parquet(result.log_path, result.cases,
                                                result.resources, **kpi_options))
        else:
            per_rep = kpi_rows(result.light("log"), result.light("cases"),
                               result.light("resources"), **kpi_options)
        # an interval past a physical bound (negative time, utilisation > 100 %) means "too
        # few replications": clipped to the bound and flagged ci_clipped
        table = clipped_records(summary_rows(per_rep), multitask=multitask_pools(scenario))
    if noted:
        result = result.replaced(warnings=(*result.warnings, *noted))
    return result, per_rep, table


def _tuples(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """A per-replication KPI table's rows as tuples (``REPLICATION_KPI_COLUMNS``)."""
    from probisnis.sim.stats import REPLICATION_KPI_COLUMNS

    return list(frame[list(REPLICATION_KPI_COLUMNS)].itertuples(index=False, name=None))


def _frames(per_rep: list[tuple[Any, ...]], table: list[dict[str, Any]]
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The per-replication KPI table and the summary as the DataFrames the files take."""
    import pandas as pd

    from probisnis.sim.kpis import kpi_frame

    return kpi_frame(per_rep), pd.DataFrame(
        table, columns=["name", "scope", "mean", "ci_low", "ci_high", "unit", "ci_clipped"]
    ).astype({"mean": float, "ci_low": float, "ci_high": float, "ci_clipped": bool})


def _earlier_run(folder: Path, lang: str) -> str | None:
    """A note that ``folder`` holds an earlier run this one replaces (its manifest says it
    ended: complete, partial or failed; a run that was killed is told by the outputs)."""
    from probisnis.outputs.manifest import manifest_status

    if manifest_status(folder) not in ("complete", "partial", "failed"):
        return None
    if lang == "en":
        return (f"note: {folder} holds an earlier run; this run replaces its files "
                "(give another --out to keep both)")
    return (f"catatan: {folder} berisi hasil simulasi sebelumnya; berkasnya diganti oleh "
            "simulasi ini (pakai --out lain untuk menyimpan keduanya)")


def _names(result: Any) -> dict[str, str]:
    """Scope id -> the name a person knows it by (activities, lanes, phases, pools)."""
    s = result.scenario
    names: dict[str, str] = {}
    for d in s.definitions:
        for proc in d.processes.values():
            names.setdefault(proc.id, proc.name)
            for lane in proc.iter_lanes(subprocesses=True):
                names.setdefault(lane.id, lane.name)
            for node in proc.iter_nodes():
                names.setdefault(node.id, " ".join(node.name.split()))
    for pid, pool in s.pools.items():
        if pool.name:
            names[pid] = pool.name
    return {k: v for k, v in names.items() if v}


def _stability(result: Any, lang: str) -> list[str] | None:
    """The stability verdict lines for the page, from :mod:`probisnis.whatif.stability`
    when that module is installed; ``None`` (no line on the page) otherwise."""
    import importlib

    try:
        stability = importlib.import_module("probisnis.whatif.stability")
    except ImportError:
        return None
    verdict = getattr(stability, "verdict_lines", None)
    return list(verdict(result, lang=lang)) if verdict is not None else None


def _record(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, float) and not math.isfinite(v):
            v = None
        out[k] = v
        if k == "scope":
            out["scope_name"] = names.get(str(v))
    return out


def _write_documents(args: argparse.Namespace, result: Any, per_rep: pd.DataFrame,
                     table: pd.DataFrame, warmup: int, out: Path | None,
                     log_path: Path | None) -> dict[str, str]:
    """The run's context (with ``--out``), Excel workbook and HTML report."""
    from probisnis.report import context_from_scenario, from_run, write_context

    ctx = context_from_scenario(result.scenario, replications=result.replications,
                                cases=args.cases, seed=args.seed, warmup_cases=warmup,
                                warnings=result.warnings)
    try:
        from probisnis.whatif.stability import check, verdict_lines

        stable = check(result).stable
        ctx = replace(ctx, stable=stable, stability=tuple(verdict_lines(result)))
    except ImportError:  # the what-if package is optional for the report
        pass
    files = {}
    if out is not None:
        files["run_context"] = str(write_context(ctx, out))
    if not (args.xlsx or args.report):
        return files
    # a --stream run's case table is read whole here: the documents show every case
    data = from_run(ctx, table, per_rep, result.case_table(), result.resources,
                    log=result.log if log_path is None else None,
                    log_path=str(log_path) if log_path is not None else None)
    if args.xlsx:
        from probisnis.report import write_xlsx

        files["xlsx"] = str(write_xlsx(data, args.xlsx))
    if args.report:
        from probisnis.report import write_report

        files["report"] = str(write_report(data, args.report))
    return files
