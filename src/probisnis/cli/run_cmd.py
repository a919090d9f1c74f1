"""``probisnis run``: execute a process headlessly with SpiffWorkflow and print its trace."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import pandas as pd

from probisnis.errors import RunError
from probisnis.run.engine import Run, RunResult
from probisnis.run.persist import restore, save

HELP = "Run a process with SpiffWorkflow, completing its tasks from a decisions file."


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
    parser.add_argument("--stop-after", type=int, metavar="N",
                        help="stop after N human tasks (use with --save)")
    parser.add_argument("--save", metavar="FILE", help="save the run state (JSON) at the end")
    parser.add_argument("--resume", metavar="FILE",
                        help="continue a run saved with --save (PROCESS is then not needed)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _payload(result: RunResult, error: str | None = None) -> dict[str, Any]:
    return {
        "process_id": result.process_id,
        "completed": result.completed,
        "error": error,
        "trace": result.trace.to_dict(orient="records"),
        "data": result.data,
    }


def _print(result: RunResult, as_json: bool, error: str | None = None) -> None:
    if as_json:
        json.dump(_payload(result, error), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    frame = result.trace.fillna({"lane": ""})
    status = "completed" if result.completed else "not completed"
    print(f"process {result.process_id}: {status}, {len(frame)} elements")
    if not frame.empty:
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(frame.to_string(index=False))
    if result.data:
        print(f"data: {json.dumps(result.data, ensure_ascii=False, default=str)}")


def execute(args: argparse.Namespace) -> int:
    from probisnis.errors import UsageError

    if args.resume:
        state = restore(args.resume, decisions=args.decisions)
    else:
        if not args.process:
            raise UsageError("give a PROCESS (.bpmn file or process id) or --resume FILE")
        state = Run.start(
            args.process,
            process_id=args.process_id,
            decisions=args.decisions,
            library=args.library,
            allow_non_executable=args.allow_non_executable,
        )
    try:
        result = state.run(stop_after=args.stop_after)
    except RunError as exc:
        _print(state.result(), args.json, error=str(exc))
        if args.save:
            save(state, args.save)
        raise
    if args.save:
        save(result, args.save)
    _print(result, args.json)
    return 0
