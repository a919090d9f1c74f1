"""``probisnis run``: execute a process headlessly with SpiffWorkflow and print its trace."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from probisnis.errors import RunError
from probisnis.run.decisions import load_decisions
from probisnis.run.engine import Run, RunResult
from probisnis.run.persist import restore, save

HELP = "Run a process with SpiffWorkflow, completing its tasks from a decisions file."


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "process", nargs="?",
        help="a .bpmn file, or a process id of the library (default library: processes/)",
    )
    parser.add_argument("--process", dest="process_id", metavar="ID",
                        help="which process of the file to run (when it holds several)")
    parser.add_argument("--decisions", metavar="FILE",
                        help="decisions file (.json or .toml): element id -> data or flow")
    parser.add_argument("--library", metavar="DIR",
                        help="folder whose .bpmn/.dmn files call activities and business-rule "
                        "tasks resolve against (default: the folder of the file)")
    parser.add_argument("--allow-non-executable", action="store_true",
                        help='run processes marked isExecutable="false" as descriptive models')
    parser.add_argument("--trust-scripts", action="store_true",
                        help="run conditions, scripts and DMN entries as unrestricted Python "
                        "(only for files whose author you trust; by default they go through "
                        "an allow-list and anything else is refused)")
    parser.add_argument("--max-steps", type=_positive, default=None, metavar="N",
                        help="stop with an error after N completed elements without reaching "
                        "an end event (default 1000): a loop whose exit never comes; SpiffWorkflow "
                        "slows down as a run grows, so raise it only for a long run")
    parser.add_argument("--stop-after", type=int, metavar="N",
                        help="stop after N human tasks (use with --save)")
    parser.add_argument("--save", metavar="FILE", help="save the run state (JSON) at the end")
    parser.add_argument("--resume", metavar="FILE",
                        help="continue a run saved with --save (PROCESS is then not needed)")
    parser.add_argument("--paths", action="store_true",
                        help="enumerate every path instead: one decisions set per path, and "
                        "the sequence-flow coverage (exit 1 when a flow that decisions can "
                        "reach is never traversed; flows only a timer or event reaches are "
                        "listed apart and do not count)")
    parser.add_argument("--max-repeat", type=int, default=2, metavar="N",
                        help="with --paths: take each gateway answer at most N times per "
                        "path, so a loop goes back at most N times (default 2)")
    parser.add_argument("--max-paths", type=_positive, default=None, metavar="N",
                        help="with --paths: stop after N paths and say so (default 2000; each "
                        "path costs two runs)")
    parser.add_argument("--cover", action="store_true",
                        help="with --paths: only enough paths to take every gateway outcome "
                        "(for a top-level process whose paths multiply)")
    parser.add_argument("--write-decisions", metavar="DIR",
                        help="with --paths: write each path's decisions to DIR/path-<n>.json")
    parser.add_argument("--task-time", action="append", default=[], metavar="[TASK=]DURATION",
                        help="let time pass while a human task is open (ISO 8601 duration, "
                             "e.g. P5D; TASK=P5D for one element, a bare P1D for every other "
                             "task; repeatable), so boundary timers, timer event subprocesses "
                             "and timeCycle timers fire; by default no time passes; with "
                             "--paths, each path's decisions run again with time passing")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--width", type=_positive, default=100, metavar="N",
                        help="width of the printed tables in characters (default 100)")


def _payload(result: RunResult, error: str | None = None) -> dict[str, Any]:
    container = result.run.library.processes.get(result.process_id)
    return {
        "process_id": result.process_id,
        "process_name": container.name if container is not None else "",
        "completed": result.completed,
        "error": error,
        "trace": result.trace.to_dict(orient="records"),
        "data": result.data,
    }


def _print(result: RunResult, args: argparse.Namespace, error: str | None = None) -> None:
    if args.json:
        json.dump(_payload(result, error), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    from probisnis.present.run_view import run_lines

    for line in run_lines(result, width=args.width, stuck=error is not None):
        print(line)


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

        lines = path_lines(paths, files=files, replay=_replay_command(args), width=args.width)
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
            raise UsageError(f"--task-time {value!r}: give TASK=DURATION or DURATION")
        if key in spec:
            raise UsageError(f"--task-time: {key!r} given twice")
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
        raise UsageError("--task-time works on a whole run: not with --save, --resume "
                         "or --stop-after (the run's clock is not saved)")
    if args.paths:
        if not args.process:
            raise UsageError("--paths needs a PROCESS")
        return _paths(args)
    if args.resume:
        state = restore(args.resume, decisions=args.decisions, trust_scripts=args.trust_scripts)
    else:
        if not args.process:
            raise UsageError("give a PROCESS (.bpmn file or process id) or --resume FILE")
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
