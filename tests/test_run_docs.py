"""The examples of docs/running.md run, and print what the page shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from probisnis import cli
from probisnis.run import clear_cache

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "running.md"
BLOCK = re.compile(r"^```(console|sh)\n(.*?)^```", re.S | re.M)


def _blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]


def _console_examples() -> list[tuple[str, str]]:
    examples = []
    for kind, body in _blocks():
        if kind != "console":
            continue
        for chunk in re.split(r"^(?=\$ )", body, flags=re.M):
            if chunk.strip():
                command, _, output = chunk.partition("\n")
                examples.append((command[2:], output))
    return examples


@pytest.fixture
def main(monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", {"run": "run_cmd"})
    monkeypatch.chdir(ROOT)
    clear_cache()
    return cli.main


def test_page_has_examples():
    assert len(_console_examples()) >= 3
    assert any(kind == "sh" for kind, _ in _blocks())


@pytest.mark.parametrize(("command", "expected"), _console_examples(),
                         ids=lambda v: v.split()[2] if v.startswith("probisnis") else "")
def test_console_example_prints_what_the_page_shows(main, capsys, command, expected):
    argv = shlex.split(command)
    assert argv[0] == "probisnis"
    code = main(argv[1:])
    captured = capsys.readouterr()
    assert captured.out + captured.err == expected
    assert code == (1 if captured.err else 0)


def test_sh_examples_exit_0(main, tmp_path, capsys):
    for kind, body in _blocks():
        if kind != "sh":
            continue
        for line in body.splitlines():
            if line.startswith("probisnis "):
                argv = shlex.split(line.replace("/tmp/", f"{tmp_path}/"))
                assert main(argv[1:]) == 0, line
    capsys.readouterr()
