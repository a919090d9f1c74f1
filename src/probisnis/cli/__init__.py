"""The ``probisnis`` command line: a thin layer over the public API.

Each subcommand lives in its own module of this package, exposing ``HELP``,
``add_arguments(parser)`` and ``execute(args) -> int``. ``main(argv)`` is what
the console script calls and what the tests call in process.

Exit status: 0 success, 1 findings or a :class:`~probisnis.errors.ProbisnisError`
(printed as one ``path:line: [id] message`` line on stderr), 2 usage errors.

Start-up is kept short: ``probisnis --version`` and ``probisnis --help`` import no subcommand
module (the help line of each is read from its source, :func:`command_help`), and a
subcommand imports only its own module (``simulate`` need not load SpiffWorkflow).
``benchmarks/bench_cli_startup.py`` measures it; ``tests/test_cli_startup.py`` checks that no
heavy module is imported.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import gc
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from probisnis.cli.argparse_id import TEXTS, Parser, examples
from probisnis.errors import ProbisnisError, UsageError

__all__ = ["COMMANDS", "command_help", "main"]

#: subcommand name -> module (under probisnis.cli) implementing it
COMMANDS: dict[str, str] = {
    "validate": "validate_cmd",
    "run": "run_cmd",
    "simulate": "simulate_cmd",
    "render": "render_cmd",
    "trace": "trace_cmd",
    "scenario": "scenario_cmd",
    "report": "report_cmd",
    "compare": "compare_cmd",
    "sweep": "sweep_cmd",
    "sop": "sop_cmd",
    "review": "review_cmd",
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named by ``argv``, if any (its first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


@cache
def command_help(name: str) -> str:
    """The one-line help of subcommand ``name``: its module's ``HELP`` string, read from the
    source without importing the module (which may load pandas, simpy or SpiffWorkflow)."""
    module_name = f"probisnis.cli.{COMMANDS[name]}"
    spec = importlib.util.find_spec(module_name)
    origin = spec.origin if spec is not None else None
    source = None
    # read the file itself: loaders differ (pytest's assertion rewriter has no get_source)
    if origin and origin.endswith(".py"):
        with contextlib.suppress(OSError):
            source = Path(origin).read_text(encoding="utf-8")
    if source:
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "HELP" for t in node.targets):
                try:
                    return str(ast.literal_eval(node.value))
                except ValueError:
                    break  # HELP is computed: ask the module itself
    return str(importlib.import_module(module_name).HELP)


#: what ``probisnis --help`` says first
DESCRIPTION = ("Perwali Kota Probolinggo 88/2024 sebagai proses BPMN: periksa, jalankan, "
               "simulasikan, bandingkan skenario, dan susun SOP AP. Panduannya dalam "
               "Bahasa Indonesia: docs/panduan.md.")

#: the example commands at the end of ``probisnis --help``
EXAMPLES = (
    "probisnis validate processes/",
    "probisnis simulate simulations/m1_sekretariat_daerah.toml",
    "probisnis simulate --help",
)

#: ``_build_parser(ALL)`` imports every subcommand (for the generated reference, docs/cli.md)
ALL = "*"


def _build_parser(only: str | None = ALL, *, helps: bool = True,
                  ) -> tuple[argparse.ArgumentParser, dict[str, object]]:
    """The parser. With ``only`` a subcommand name, just that module is imported, the other
    subcommands are names with their help line (:func:`command_help`; without ``helps`` just
    names: the line is shown only by ``probisnis --help``); with ``None`` no subcommand module
    is imported (``--version``, ``--help``); with :data:`ALL` all are."""
    parser = Parser(prog="probisnis", description=DESCRIPTION, epilog=examples(EXAMPLES))
    from probisnis import __version__

    parser.add_argument("--version", action="version", version=f"probisnis {__version__}",
                        help="tampilkan versi probisnis lalu keluar")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                help="yang dikerjakan (rinciannya: probisnis COMMAND --help)")
    modules: dict[str, object] = {}
    for name, module_name in COMMANDS.items():
        if only not in (name, ALL):
            sub.add_parser(name, help=command_help(name) if helps else None)
            continue
        module = importlib.import_module(f"probisnis.cli.{module_name}")
        sp = sub.add_parser(name, help=module.HELP,
                            description=getattr(module, "DESCRIPTION", module.HELP),
                            epilog=examples(getattr(module, "EXAMPLES", ())))
        module.add_arguments(sp)
        modules[name] = module
    return parser, modules


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


#: thread-count variables of the BLAS libraries numpy may use, set to 1 by the program itself
#: when not set already (see :func:`main`)
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Without ``argv`` this is the program itself (the ``probisnis`` command, ``python -m
    probisnis``), which exits next: the garbage collector is then frozen (``gc.freeze``), so
    that the interpreter's last collection at exit does not walk every object the run made
    and every module it imported again (about 20 ms of a 0.35 s ``simulate``; files are
    closed by the commands themselves, never left to the collector). The program also
    runs numpy's BLAS on one thread unless the user's environment says otherwise
    (:data:`ONE_THREAD`): probisnis does no large linear algebra, and OpenBLAS's threads,
    started when numpy is imported, spin on the other cores (about 0.1 s CPU of a 0.35 s
    ``simulate`` on an idle 2-core machine)."""
    if argv is None:
        for name in ONE_THREAD:
            os.environ.setdefault(name, "1")
    status = _main(list(argv) if argv is not None else sys.argv[1:])
    if argv is None:
        gc.freeze()
    return status


def _main(words: list[str]) -> int:
    named = _command_in(words)
    # the other subcommands' help lines are read only when the top-level help may be shown
    before = words[:words.index(named)] if named else words
    parser, modules = _build_parser(named, helps=named is None
                                    or not {"-h", "--help"}.isdisjoint(before))
    try:
        args, unknown = parser.parse_known_args(words)
        if unknown:  # told by the command's own parser, with its usage line
            command = _subparsers(parser).get(args.command or "", parser)
            command.error(TEXTS["unrecognized arguments: %s"] % " ".join(unknown))
    except SystemExit as exc:  # argparse: --help (0) or usage error (2)
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    lang = getattr(args, "lang", None) or "id"  # --lang en: errors with English words in English
    try:
        return int(modules[args.command].execute(args))  # type: ignore[attr-defined]
    except UsageError as exc:
        word = "error" if lang == "en" else "kesalahan"
        print(f"{_prog(parser, args.command, words)}: {word}: {exc.text(lang)}",
              file=sys.stderr)
        return 2
    except ProbisnisError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # Interrupted (SIGINT/SIGTERM) knows which signal it was
        name = getattr(exc, "signal_name", "SIGINT")
        print(f"dihentikan ({name})" if lang != "en" else f"stopped ({name})", file=sys.stderr)
        return int(getattr(exc, "exit_status", 130))
    except BrokenPipeError:
        # the reader went away (``probisnis run ... | head``): stop quietly, like other CLIs
        _silence_stdout()
        return 141


def _prog(parser: argparse.ArgumentParser, command: str, words: list[str]) -> str:
    """``probisnis COMMAND`` (``probisnis sop export`` for a command's action), as argparse
    names the command in its own errors."""
    actions = _subparsers(_subparsers(parser)[command])
    rest = words[words.index(command) + 1:]
    action = next((w for w in rest if not w.startswith("-")), None)
    return f"probisnis {command} {action}" if action in actions else f"probisnis {command}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
