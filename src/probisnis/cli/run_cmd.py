"""``probisnis run``: execute a process headlessly with SpiffWorkflow and print its trace."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from probisnis.cli.argparse_id import positive_number, whole_number
from probisnis.errors import RunError
from probisnis.present.notices import Notice, notice, record, text
from probisnis.run.decisions import load_decisions
from probisnis.run.engine import Run, RunResult
from probisnis.run.persist import restore, save

HELP = "jalankan proses dengan SpiffWorkflow, tugasnya diselesaikan dari berkas keputusan"

DESCRIPTION = (
    "Menjalankan satu proses BPMN tanpa layar dengan SpiffWorkflow: setiap tugas manusia "
    "diselesaikan dengan data dari berkas keputusan (--decisions), setiap gerbang mengikuti "
    "kondisinya, dan jejaknya (elemen demi elemen, dengan lajurnya) dicetak. Dengan --paths "
    "semua jalur proses dijelajahi dan cakupan alurnya dilaporkan.\n\n"
    "Status keluar: 0 bila proses berjalan tanpa kesalahan (juga bila berhenti karena "
    "--stop-after), 1 bila proses macet atau gagal (dengan --paths: bila ada alur yang dapat "
    "dicapai lewat keputusan tetapi tidak pernah dilalui; alur yang hanya dicapai pewaktu atau "
    "peristiwa tidak dihitung), 2 bila perintahnya salah."
)

EXAMPLES = (
    "probisnis run processes/pertanggungjawaban.bpmn",
    "probisnis run processes/m1_sekretariat_daerah.bpmn --process M1_perencanaan --paths",
)


def _width(text: str) -> int:
    """An argparse type: a terminal width of at least 60 columns."""
    value = positive_number(text)
    if value < 60:
        raise argparse.ArgumentTypeError(f"harus paling sedikit 60, bukan {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "process", nargs="?", metavar="PROCESS",
        help="berkas .bpmn, atau id proses di pustaka (pustaka bawaan: processes/)",
    )
    parser.add_argument("--process", dest="process_id", metavar="ID",
                        help="proses mana dari berkas itu yang dijalankan (bila ada beberapa)")
    parser.add_argument("--decisions", metavar="FILE",
                        help="berkas keputusan (.json atau .toml): id elemen -> data atau alur")
    parser.add_argument("--library", metavar="DIR",
                        help="folder tempat berkas .bpmn/.dmn yang dipanggil call activity dan "
                             "business-rule task dicari (bawaan: folder berkas itu)")
    parser.add_argument("--allow-non-executable", action="store_true",
                        help='jalankan juga proses bertanda isExecutable="false" (model '
                             "deskriptif): tugas layanan, skrip, aturan bisnis dan aktivitas "
                             "pemanggil yang tidak dapat dijalankan ditelusuri sebagai langkah "
                             "biasa, pewaktu tanpa waktu langsung lewat; setiap anggapan "
                             "dicetak sebelum jejaknya")
    parser.add_argument("--trust-scripts", action="store_true",
                        help="jalankan kondisi, skrip dan isian DMN sebagai Python tanpa "
                             "batasan (hanya untuk berkas yang pembuatnya Anda percayai; "
                             "tanpa opsi ini semuanya melalui daftar yang diizinkan dan "
                             "selebihnya ditolak)")
    parser.add_argument("--max-steps", type=positive_number, default=None, metavar="N",
                        help="berhenti dengan pesan kesalahan setelah N elemen selesai tanpa "
                             "mencapai peristiwa selesai (bawaan 1000): perulangan yang tak "
                             "pernah keluar; SpiffWorkflow makin lambat bila jejaknya panjang, "
                             "jadi naikkan hanya untuk proses yang memang panjang")
    parser.add_argument("--stop-after", type=whole_number, metavar="N",
                        help="berhenti setelah N tugas manusia (dipakai bersama --save)")
    parser.add_argument("--save", metavar="FILE",
                        help="simpan keadaan proses (JSON) di akhir")
    parser.add_argument("--resume", metavar="FILE",
                        help="lanjutkan proses yang disimpan dengan --save (PROCESS tidak perlu "
                             "disebut)")
    parser.add_argument("--paths", action="store_true",
                        help="jelajahi semua jalur: satu set keputusan per jalur, dan cakupan "
                             "alur (sequence flow); status keluar 1 bila ada alur yang dapat "
                             "dicapai keputusan tetapi tidak pernah dilalui (alur yang hanya "
                             "dicapai timer atau peristiwa didaftar terpisah dan tidak dihitung)")
    parser.add_argument("--max-repeat", type=whole_number, default=2, metavar="N",
                        help="dengan --paths: setiap jawaban gerbang paling banyak N kali per "
                             "jalur, jadi perulangan kembali paling banyak N kali (bawaan 2)")
    parser.add_argument("--max-paths", type=positive_number, default=None, metavar="N",
                        help="dengan --paths: berhenti setelah N jalur dan katakan demikian "
                             "(bawaan 2000; setiap jalur dua kali dijalankan)")
    parser.add_argument("--cover", action="store_true",
                        help="dengan --paths: cukup jalur yang melalui setiap jawaban gerbang "
                             "(untuk proses puncak yang jalurnya berlipat ganda)")
    parser.add_argument("--write-decisions", metavar="DIR",
                        help="dengan --paths: tulis keputusan setiap jalur ke "
                             "DIR/path-<n>.json")
    parser.add_argument("--task-time", action="append", default=[], metavar="[TASK=]DURATION",
                        help="biarkan waktu berlalu selama tugas manusia terbuka (durasi ISO "
                             "8601, misalnya P5D; TASK=P5D untuk satu elemen, P1D saja untuk "
                             "semua tugas lainnya; boleh diulang), sehingga timer batas, "
                             "subproses peristiwa timer dan timer timeCycle berbunyi; tanpa "
                             "opsi ini waktu tidak berjalan; dengan --paths keputusan setiap "
                             "jalur dijalankan sekali lagi dengan waktu berlalu")
    parser.add_argument("--json", action="store_true", help="cetak hasilnya sebagai JSON")
    parser.add_argument("--width", type=_width, default=100, metavar="N",
                        help="lebar tabel yang dicetak, dalam karakter (bawaan 100, paling "
                             "sedikit 60)")


def _payload(result: RunResult, error: str | None = None) -> dict[str, Any]:
    container = result.run.library.processes.get(result.process_id)
    return {
        "process_id": result.process_id,
        "process_name": container.name if container is not None else "",
        "completed": result.completed,
        "error": error,
        "trace": result.trace.to_dict(orient="records"),
        "data": result.data,
        "notices": [record(n) for n in result.notices],
    }


def _print(result: RunResult, args: argparse.Namespace, error: str | None = None) -> None:
    if args.json:
        json.dump(_payload(result, error), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    from probisnis.present.run_view import run_lines

    for line in notice_lines(result.notices, width=args.width):
        print(line)
    for line in run_lines(result, width=args.width, stuck=error is not None):
        print(line)


def notice_lines(notices: tuple[Notice, ...], *, width: int = 100) -> list[str]:
    """What the run assumed about the file, one ``! path:line: [id] ...`` each, then a
    blank line (nothing when it assumed nothing)."""
    from probisnis.present.table import paragraph

    if not notices:
        return []
    out = ["Anggapan (yang tidak disebut berkas ini, atau tidak dijalankan SpiffWorkflow):"]
    for said in notices:
        where = str(said.fields.get("where", ""))
        if not where:
            out += paragraph(text(said), width=width, indent="! ", hang="  ")
            continue
        # the place on a line of its own: the sentence wraps the same wherever the file is
        body = notice(said.code, **{k: v for k, v in said.fields.items() if k != "where"})
        out.append(f"! {where}")
        out += paragraph(text(body), width=width, indent="  ", hang="  ")
    return [*out, ""]


def _paths(args: argparse.Namespace) -> int:

    from probisnis.run.coverage import flow_coverage
    from probisnis.run.paths import DEFAULT_MAX_PATHS, PathLimitError, enumerate_paths

    try:
        paths = _enumerate(args, enumerate_paths, DEFAULT_MAX_PATHS)
    except PathLimitError as exc:
        if exc.paths and not args.json:
            from probisnis.present.paths_view import path_lines

            for line in path_lines(exc.paths, cut=True, width=args.width):
                print(line)
        raise
    return _report_paths(args, paths, flow_coverage)


def _enumerate(args: argparse.Namespace, enumerate_paths: Any, default_max: int) -> Any:
    return enumerate_paths(
        args.process,
        process_id=args.process_id,
        library=args.library,
        decisions=load_decisions(args.decisions),
        allow_non_executable=args.allow_non_executable,
        max_repeat=args.max_repeat,
        cover=args.cover,
        trust_scripts=args.trust_scripts,
        max_paths=default_max if args.max_paths is None else args.max_paths,
        task_time=_task_time(args.task_time),
    )


def _replay_command(args: argparse.Namespace) -> str:
    """The ``probisnis run`` command that replays one path (without ``--decisions``)."""
    import shlex

    parts = ["probisnis", "run", str(args.process)]
    if args.process_id:
        parts += ["--process", args.process_id]
    if args.library:
        parts += ["--library", str(args.library)]
    if args.allow_non_executable:
        parts.append("--allow-non-executable")
    if args.trust_scripts:
        parts.append("--trust-scripts")
    for value in args.task_time:
        parts += ["--task-time", value]
    return shlex.join(parts)


def _report_paths(args: argparse.Namespace, paths: Any, flow_coverage: Any) -> int:
    """Print the paths and the coverage; 0 when every flow decisions can reach was
    traversed (flows only time or an event reaches do not count), else 1."""
    from pathlib import Path

    coverage = flow_coverage([p.result for p in paths])
    files: dict[int, str] = {}
    if args.write_decisions:
        folder = Path(args.write_decisions)
        folder.mkdir(parents=True, exist_ok=True)
        for number, path in enumerate(paths, start=1):
            target = folder / f"path-{number}.json"
            target.write_text(json.dumps(path.decisions, ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")
            files[number] = str(target)
    library = paths[0].result.run.library
    waiting = coverage.waiting_for_events
    if args.json:
        from probisnis.present.paths_view import Names

        names = Names(library)
        container = library.processes.get(paths[0].process_id)
        payload = {
            "process_id": paths[0].process_id,
            "process_name": container.name if container is not None else "",
            "notices": [record(n) for n in paths[0].result.notices],
            "paths": [
                {"choices": [list(c) for c in p.choices],
                 "choice_names": [[names.node(g), names.flow(f)] for g, f in p.choices],
                 "activities": p.activities,
                 "activity_names": [names.node(a) for a in p.activities],
                 "decisions": p.decisions,
                 **({"decisions_file": files[n]} if n in files else {})}
                for n, p in enumerate(paths, start=1)
            ],
            "coverage": {"covered": coverage.covered, "total": coverage.total,
                         "missing": coverage.missing,
                         "missing_by_decisions": coverage.missing_by_decisions,
                         "needs_time_or_event": [
                             {"flow_id": r.flow_id, "trigger": r.trigger, "timer": bool(r.timer)}
                             for r in waiting.itertuples()]},
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        from probisnis.present.paths_view import coverage_lines, path_lines

        lines = notice_lines(paths[0].result.notices, width=args.width)
        lines += path_lines(paths, files=files, replay=_replay_command(args), width=args.width)
        lines += ["", *coverage_lines(coverage, library, width=args.width)]
        for line in lines:
            print(line)
    return 0 if not coverage.missing_by_decisions else 1


def _task_time(values: list[str]) -> dict[str, str] | None:
    """``--task-time`` values as the API's ``task_time`` mapping (``*``: every other task)."""
    from probisnis.errors import UsageError
    from probisnis.run.clock import EVERY_TASK, parse_task_time

    spec: dict[str, str] = {}
    for value in values:
        task, sep, duration = value.rpartition("=")
        key = task.strip() if sep else EVERY_TASK
        if not key:
            raise UsageError(f"--task-time {value!r}: tulis TUGAS=DURASI atau DURASI (contoh: "
                             "PJ_lapor_ketua=P12D, atau P2D untuk semua tugas)")
        if key in spec:
            raise UsageError(f"--task-time: {key!r} disebut dua kali")
        spec[key] = duration.strip()
    try:
        parse_task_time(spec)
    except UsageError as exc:
        raise UsageError(f"--task-time: {exc}") from None
    return spec or None


def execute(args: argparse.Namespace) -> int:
    from probisnis.errors import UsageError

    task_time = _task_time(args.task_time)
    if task_time and (args.resume or args.save or args.stop_after):
        raise UsageError("--task-time berlaku untuk satu proses utuh: tidak bersama --save, "
                         "--resume atau --stop-after (jam prosesnya tidak disimpan)")
    if args.paths:
        if not args.process:
            raise UsageError("--paths perlu PROCESS")
        return _paths(args)
    if args.resume:
        state = restore(args.resume, decisions=args.decisions, trust_scripts=args.trust_scripts)
    else:
        if not args.process:
            raise UsageError("sebutkan PROCESS (berkas .bpmn atau id proses) atau --resume FILE")
        state = Run.start(
            args.process,
            process_id=args.process_id,
            decisions=args.decisions,
            library=args.library,
            allow_non_executable=args.allow_non_executable,
            trust_scripts=args.trust_scripts,
            advance=False,
            task_time=task_time,
        )
    try:
        result = state.run(stop_after=args.stop_after, max_steps=args.max_steps)
    except RunError as exc:
        _print(state.result(), args, error=str(exc))
        if args.save:
            save(state, args.save)
        raise
    if args.save:
        save(result, args.save)
    _print(result, args)
    return 0
