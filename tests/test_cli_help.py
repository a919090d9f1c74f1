"""``--help`` and argparse's own messages speak Bahasa Indonesia, within 100 columns.

Every text is checked through :func:`probisnis.cli.main` in process: the help of every
command and action, a missing required argument, an unknown choice, a value that is not a
number and an unknown option (exit status 2 each). Other programs' argparse keeps English.
"""

from __future__ import annotations

import argparse
import inspect
import re
import shlex
from pathlib import Path

import pytest

from probisnis.cli import COMMANDS, EXAMPLES, _build_parser, main
from probisnis.cli.argparse_id import TEXTS, WIDTH, Parser

ROOT = Path(__file__).resolve().parents[1]

#: every (sub)command whose ``--help`` is read: the commands and the actions of two of them
HELPS = [[], *([name] for name in COMMANDS), ["scenario", "init"], ["sop", "export"],
         ["sop", "import"]]

#: argparse's English, and English help sentences, that must not reach an analyst
ENGLISH = ("usage:", "show this help", "positional arguments", "options:", "default:",
           "(default", " the ", " of ", " with ", " and ", " or ", " file ")


def _help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main([*argv, "--help"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


@pytest.mark.parametrize("argv", HELPS, ids=lambda a: " ".join(a) or "probisnis")
def test_help_is_indonesian(argv: list[str], capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = _help(capsys, argv)
    assert text.startswith(f"penggunaan: probisnis {' '.join(argv)}".rstrip())
    assert "\nopsi:\n" in text and "-h, --help" in text
    assert "tampilkan bantuan ini lalu keluar" in text
    for word in ENGLISH:
        assert word not in text, (argv, word)
    if argv:  # a command's help says what it does, beyond its one line
        assert len(text.split("\n\n")) >= 4, text


@pytest.mark.parametrize("argv", HELPS, ids=lambda a: " ".join(a) or "probisnis")
@pytest.mark.parametrize("columns", ["60", "250"])
def test_help_fits_100_columns_however_wide_the_terminal(
        argv: list[str], columns: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    lines = _help(capsys, argv).splitlines()
    assert max(map(len, lines)) <= WIDTH, max(lines, key=len)
    if columns == "250":  # the width is used, not left at a narrow default
        assert max(map(len, lines)) > 80


def test_every_argument_has_an_indonesian_help() -> None:
    parser, _ = _build_parser()
    parsers = [parser]
    seen = 0
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
                for choice in action._choices_actions:
                    assert choice.help, (current.prog, choice.dest)
            assert action.help, (current.prog, action.dest)
            seen += 1
    assert seen > 100


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    first, *rest = captured.err.splitlines()
    assert first.startswith(f"penggunaan: probisnis {argv[0]}")
    return rest[-1]


@pytest.mark.parametrize(("argv", "message"), [
    (["compare", "simulations/m1_sekretariat_daerah.toml"],
     "probisnis compare: kesalahan: argumen berikut wajib diberikan: VARIANT.toml"),
    (["sop", "export", "processes/m5_pengawas.bpmn"],
     "probisnis sop export: kesalahan: argumen berikut wajib diberikan: --out"),
    (["validate"], "probisnis validate: kesalahan: argumen berikut wajib diberikan: PATH"),
    (["simulate", "--lang", "jw"],
     "probisnis simulate: kesalahan: argumen --lang: pilihan tidak dikenal: 'jw' "
     "(pilih salah satu dari 'id', 'en')"),
    (["report", "hasil", "--heat-by", "panas"],
     "probisnis report: kesalahan: argumen --heat-by: pilihan tidak dikenal: 'panas' "
     "(pilih salah satu dari 'waiting', 'processing', 'utilisation', 'cost')"),
    (["simulate", "--cases", "sepuluh"],
     "probisnis simulate: kesalahan: argumen --cases: bukan bilangan bulat: 'sepuluh'"),
    (["simulate", "--cases", "10.000"],  # a thousands point, as Indonesians write it
     "probisnis simulate: kesalahan: argumen --cases: bukan bilangan bulat: '10.000'; tulis "
     "tanpa titik ribuan: 10000"),
    (["run", "x.bpmn", "--max-steps", "0"],
     "probisnis run: kesalahan: argumen --max-steps: harus paling sedikit 1, bukan 0"),
    (["simulate", "--cases"], "probisnis simulate: kesalahan: argumen --cases: harus diikuti "
                              "satu nilai"),
    (["simulate", "--replikasi", "3"],
     "probisnis simulate: kesalahan: argumen tidak dikenal: --replikasi"),
    (["simulate", "--re", "3"],
     "probisnis simulate: kesalahan: opsi --re tidak jelas: bisa berarti --replications, "
     "--report"),
])
def test_usage_errors_are_indonesian_with_exit_2(argv: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert _usage_error(capsys, *argv).startswith(message)


@pytest.mark.parametrize(("argv", "hint"), [
    (["simulat"], "; mungkin maksudnya 'simulate'?"),
    (["validat", "processes"], "; mungkin maksudnya 'validate'?"),
    (["simulate", "--utilization-window", "task"], "; mungkin maksudnya 'tasks'?"),
])
def test_a_misspelt_choice_names_the_nearest(argv: list[str], hint: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    message = capsys.readouterr().err.rstrip().splitlines()[-1]
    assert "pilihan tidak dikenal" in message and message.endswith(hint)


def test_a_choice_near_nothing_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xyz"]) == 2
    assert "mungkin maksudnya" not in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "start"), [
    (["sop", "export", "processes/m5_pengawas.bpmn", "--out", "sop.pdf"],
     "probisnis sop export: kesalahan: --format: pilih html atau xlsx"),
    (["scenario", "init", "simulations/m1_sekretariat_daerah.toml"],
     "probisnis scenario init: kesalahan: simulations/m1_sekretariat_daerah.toml adalah "
     "skenario, bukan model BPMN"),
    (["simulate", "--cases", "0"], "probisnis simulate: kesalahan: --cases harus >= 1, bukan 0"),
])
def test_errors_of_the_commands_name_the_command_as_argparse_does(
        argv: list[str], start: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(start)


def test_no_command_prints_the_help_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("penggunaan: probisnis") and "Contoh:" in err


def test_other_programs_keep_english_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    main(["simulate", "--lang", "jw"])
    capsys.readouterr()
    other = argparse.ArgumentParser(prog="lain")
    other.add_argument("--n", type=int, required=True)
    assert "show this help message and exit" in other.format_help()
    assert other.format_help().startswith("usage: lain")
    with pytest.raises(SystemExit):
        other.parse_args(["--n", "x"])
    assert "lain: error: argument --n: invalid int value: 'x'" in capsys.readouterr().err


def test_every_catalogue_entry_is_an_argparse_text() -> None:
    """A text argparse no longer asks for (a new Python reworded it) shows up here."""
    source = inspect.getsource(argparse)
    for key in TEXTS:
        for english in key if isinstance(key, tuple) else (key,):
            assert repr(english)[1:-1] in source or english in source, english


def test_every_text_argparse_asks_for_is_in_the_catalogue() -> None:
    source = inspect.getsource(argparse)
    asked = set(re.findall(r"\b_\(\s*'([^']*)'", source))
    asked |= set(re.findall(r'\b_\(\s*"([^"]*)"', source))
    asked = {text.replace("\\n", "\n") for text in asked}
    # messages for programmers (a parser built wrongly), not for the person typing
    internal = {".__call__() not defined", "conflicting subparser: %s",
                "conflicting subparser alias: %s", "argument \"-\" with mode %r",
                "cannot merge actions - two groups are named %r",
                "'required' is an invalid argument for positionals",
                "invalid option string %(option)r: must start with a character %(prefix_chars)r",
                "dest= is required for options like %r", "invalid conflict_resolution value: %r",
                "mutually exclusive arguments must be optional",
                "cannot have multiple subparser arguments", "%r is not callable",
                "invalid option string %(option)r: ", "must start with a character "}
    missing = sorted(asked - set(TEXTS) - internal)
    assert missing == [] or all(m.startswith(tuple(internal)) for m in missing), missing


def test_the_examples_of_every_help_are_commands_that_parse() -> None:
    """Each example names inputs that exist (or that an earlier example writes)."""
    parser, modules = _build_parser()
    examples = list(EXAMPLES)
    for module in modules.values():
        examples += getattr(module, "EXAMPLES", ())
    written: set[str] = set()
    for example in examples:
        words = shlex.split(example)
        assert words[0] == "probisnis"
        if words[1:] == ["simulate", "--help"]:
            continue
        args = parser.parse_args(words[1:])
        outputs = {getattr(args, name, None) for name in ("out", "xlsx", "report")}
        for word in words[2:]:
            if word.endswith((".bpmn", ".toml", ".csv", ".json")) and word not in outputs:
                assert (ROOT / word).is_file() or word in written, (example, word)
        written |= {str(o) for o in outputs if o}


def test_parser_class_is_used_for_every_subcommand() -> None:
    parser, _ = _build_parser()
    assert isinstance(parser, Parser)
    for sub in (a for a in parser._actions if isinstance(a, argparse._SubParsersAction)):
        assert all(isinstance(p, Parser) for p in sub.choices.values())
