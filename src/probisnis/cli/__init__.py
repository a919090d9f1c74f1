"""The ``probisnis`` command line: a thin layer over the public API.

Each subcommand lives in its own module of this package, exposing ``HELP``,
``add_arguments(parser)`` and ``execute(args) -> int``. ``main(argv)`` is what
the console script calls and what the tests call in process.

Exit status: 0 success, 1 findings or a :class:`~probisnis.errors.ProbisnisError`
(printed as one ``path:line: [id] message`` line on stderr), 2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from probisnis.errors import ProbisnisError, UsageError

__all__ = ["COMMANDS", "main"]

#: subcommand name -> module (under probisnis.cli) implementing it
COMMANDS: dict[str, str] = {
    "validate": "validate_cmd",
    "run": "run_cmd",
    "simulate": "simulate_cmd",
    "render": "render_cmd",
    "trace": "trace_cmd",
    "scenario": "scenario_cmd",
    "report": "report_cmd",
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named by ``argv``, if any (its first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, object]]:
    """The parser; with ``only``, just that subcommand's module is imported (fast start:
    ``simulate`` need not load SpiffWorkflow), the others are bare names."""
    parser = argparse.ArgumentParser(
        prog="probisnis",
        description="Perwali Kota Probolinggo 88/2024 as BPMN: validate, run, simulate.",
    )
    from probisnis import __version__

    parser.add_argument("--version", action="version", version=f"probisnis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, object] = {}
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        module = importlib.import_module(f"probisnis.cli.{module_name}")
        sp = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sp)
        modules[name] = module
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    words = list(argv) if argv is not None else sys.argv[1:]
    parser, modules = _build_parser(_command_in(words))
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse: --help (0) or usage error (2)
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(modules[args.command].execute(args))  # type: ignore[attr-defined]
    except UsageError as exc:
        print(f"probisnis {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except ProbisnisError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``probisnis run ... | head``): stop quietly, like other CLIs
        _silence_stdout()
        return 141


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
