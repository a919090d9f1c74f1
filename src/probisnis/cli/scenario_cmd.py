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

from probisnis.cli.files import need
from probisnis.errors import UsageError
from probisnis.outputs import write_text_atomic

HELP = "write a starter scenario for a BPMN model (scenario init MODEL.bpmn > scenario.toml)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    init = sub.add_parser("init", help="print a commented starter scenario for MODEL.bpmn",
                          description="print a commented starter scenario for MODEL.bpmn")
    init.add_argument("model", metavar="MODEL.bpmn", help="the BPMN model to simulate")
    init.add_argument("--process", metavar="ID",
                      help="process to simulate (default: the file's first executable one)")
    init.add_argument("--library", metavar="DIR", action="append",
                      help="folder (or .bpmn file) where called processes are looked up "
                           "(default: the model's folder); may be repeated")
    init.add_argument("--out", metavar="FILE",
                      help="write the scenario to FILE instead of standard output")
    init.add_argument("--force", action="store_true", help="overwrite an existing --out FILE")


def execute(args: argparse.Namespace) -> int:
    from probisnis.whatif.starter import starter_scenario

    if args.action != "init":
        raise UsageError("say what to do: probisnis scenario init MODEL.bpmn")
    need(args.model, "model file", (".bpmn", ".bpmn20.xml"))
    for lib in args.library or ():
        if not Path(lib).exists():
            raise UsageError(f"--library: no such folder or file: {lib}")
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        raise UsageError(f"{out} exists; give --force to overwrite it")
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
        raise UsageError(f"cannot write {out}: {exc}") from None
    print(f"Ditulis: {out}", file=sys.stderr)
    return 0
