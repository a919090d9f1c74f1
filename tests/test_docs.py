"""The analysts' documentation is true: its examples run, its links resolve, its lists are complete.

- Every ```console block of docs/panduan.md, docs/index.md and README.md is run: each
  ``$ probisnis ...`` line goes through :func:`probisnis.cli.main` in process (cwd = the
  repository root), must exit with the status its ``# exit N`` comment states (default 0),
  and the output lines written under it must appear in the output, in order. Whitespace
  runs compare equal, ``...`` inside a line stands for any text, a line ``...`` for any lines.
  Output paths (``--out``, ``--save``, ``--write-decisions``, ``--resume``) go to a temporary
  folder.
- Every ```python block of docs/panduan.md runs in a fresh namespace.
- Every ```toml block parses; one whose first line is ``# simulations/NAME.toml`` is a whole
  scenario and is simulated; a ```json block right after a named ``.json`` file equals it.
- docs/cli.md is what ``python -m probisnis.cli.reference`` prints today.
- docs/index.md links every page of docs/; docs/panduan.md names every file of processes/,
  its page and its picture, and every subcommand; relative links and anchors resolve.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from probisnis import cli
from probisnis.cli import COMMANDS, reference
from probisnis.render import browser_unavailable
from probisnis.run import clear_cache
from probisnis.sim import load_scenario

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PANDUAN = DOCS / "panduan.md"
INDEX = DOCS / "index.md"
CONSOLE_PAGES = (PANDUAN, INDEX, ROOT / "README.md")
LINK_PAGES = (PANDUAN, INDEX, DOCS / "cli.md")

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.S | re.M,
)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
OUTPUT_OPTIONS = {"--out", "--save", "--write-decisions", "--resume", "--xlsx", "--report"}
#: arguments under this folder are outputs of earlier examples (``report hasil/m1`` reads
#: what ``simulate --out hasil/m1`` wrote): they live in one folder shared by the examples
SHARED_OUTPUTS = "hasil/"
LINK = re.compile(r"\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Block:
    page: Path
    lang: str
    body: str
    start: int  # offset of the fence in the page

    @property
    def where(self) -> str:
        text = self.page.read_text(encoding="utf-8")
        name = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page.name
        return f"{name}:{text.count(chr(10), 0, self.start) + 1}"


@dataclass(frozen=True)
class Example:
    where: str
    command: str
    status: int
    expected: tuple[str, ...]


def blocks(page: Path, lang: str) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        if m.group("lang") != lang:
            continue
        indent = len(m.group("indent"))
        body = "".join(line[indent:] for line in m.group("body").splitlines(keepends=True))
        found.append(Block(page, lang, body, m.start()))
    return found


def console_examples(page: Path) -> list[Example]:
    examples = []
    for block in blocks(page, "console"):
        command: str | None = None
        expected: list[str] = []
        for line in [*block.body.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command is not None:
                    match = EXIT.search(command)
                    status = int(match.group(1)) if match else 0
                    examples.append(Example(block.where, command, status, tuple(expected)))
                command, expected = line[2:].strip(), []
            elif command is not None and line.strip():
                expected.append(line)
    return [e for e in examples if e.command]


def _normal(text: str) -> str:
    return " ".join(text.split())


def _pattern(line: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in _normal(line).split("...")]
    return re.compile("[^\n]*?".join(parts))


def missing_lines(expected: tuple[str, ...], output: str) -> list[str]:
    """Expected lines not found in ``output`` in order (empty when all are there)."""
    lines = [_normal(line) for line in output.splitlines()]
    position = 0
    for wanted in expected:
        if wanted.strip() == "...":
            continue
        pattern = _pattern(wanted)
        for index in range(position, len(lines)):
            if pattern.search(lines[index]):
                position = index + 1
                break
        else:
            return [wanted]
    return []


def _redirect_outputs(argv: list[str], folder: Path) -> list[str]:
    out = list(argv)
    for i in range(1, len(out)):
        if (out[i - 1] in OUTPUT_OPTIONS or out[i].startswith(SHARED_OUTPUTS)) \
                and not os.path.isabs(out[i]):
            out[i] = str(folder / out[i])
    return out


def _require_browser() -> None:
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the render example cannot run under CI: {reason}")
        pytest.skip(reason)


ALL_EXAMPLES = [e for page in CONSOLE_PAGES for e in console_examples(page)]


# --- the harness itself ---------------------------------------------------------------------------


def test_expected_lines_match_in_order_with_elisions() -> None:
    output = "process P: completed, 10 elements\n  1   SE   start\n  2   T    Menilai\n"
    assert missing_lines(("process P: completed, ... elements", "...", "2 T Menilai"), output) == []
    assert missing_lines(("2 T Menilai", "1 SE start"), output) == ["1 SE start"]
    assert missing_lines(("process Q: completed",), output) == ["process Q: completed"]
    assert missing_lines(("completed, 1... elements",), output) == []
    assert missing_lines(("completed, 9... elements",), output) == ["completed, 9... elements"]


def test_console_blocks_are_parsed(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```console\n$ probisnis validate x.bpmn  # exit 1\nx.bpmn:3: [T] lane: ...\n"
        "$ probisnis --version\n```\n\n- item\n\n   ```console\n   $ probisnis run a\n   ```\n",
        encoding="utf-8",
    )
    examples = console_examples(page)
    assert [(e.command, e.status, e.expected) for e in examples] == [
        ("probisnis validate x.bpmn  # exit 1", 1, ("x.bpmn:3: [T] lane: ...",)),
        ("probisnis --version", 0, ()),
        ("probisnis run a", 0, ()),
    ]
    assert _redirect_outputs(["simulate", "--out", "hasil/a", "--json"], tmp_path) == [
        "simulate", "--out", str(tmp_path / "hasil/a"), "--json"]


def test_pages_have_examples() -> None:
    panduan = console_examples(PANDUAN)
    assert len(panduan) >= 10
    used = {shlex.split(e.command)[1] for e in panduan}
    assert set(COMMANDS) <= used, f"no console example for {set(COMMANDS) - used}"
    assert blocks(PANDUAN, "python")


# --- examples that run ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One output folder for all examples, in page order (a report reads a simulate's --out)."""
    return tmp_path_factory.mktemp("examples")


#: examples that run many replications (what-if) or Chromium (render, report), and the
#: simulate that writes the report they read: in the full suite, not the fast lane
SLOW_COMMANDS = ("compare", "sweep", "render", "report")


def _slow(e: Example) -> bool:
    return e.command.split()[1] in SLOW_COMMANDS or "--report" in e.command.split()


@pytest.mark.parametrize("example", [
    pytest.param(e, marks=pytest.mark.slow) if _slow(e) else e
    for e in ALL_EXAMPLES], ids=[f"{e.where}:{e.command.split()[1]}" for e in ALL_EXAMPLES])
def test_console_example(example: Example, monkeypatch: pytest.MonkeyPatch, examples_dir: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(example.command, comments=True)
    assert argv[0] == "probisnis", f"{example.where}: a console example runs probisnis"
    if argv[1:2] in (["render"], ["report"]):
        _require_browser()
    monkeypatch.chdir(ROOT)
    clear_cache()
    code = cli.main(_redirect_outputs(argv[1:], examples_dir))
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code == example.status, f"{example.where}: {example.command}\n{output}"
    missing = missing_lines(example.expected, output)
    assert not missing, f"{example.where}: {example.command}\nnot printed: {missing}\n{output}"


@pytest.mark.parametrize("block", blocks(PANDUAN, "python"), ids=lambda b: b.where)
def test_python_example(block: Block, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    clear_cache()
    exec(compile(block.body, block.where, "exec"), {"__name__": "__docs__"})
    capsys.readouterr()


def test_toml_blocks_parse() -> None:
    found = blocks(PANDUAN, "toml")
    assert found
    for block in found:
        tomllib.loads(block.body)


SCENARIOS = [b for b in blocks(PANDUAN, "toml") if re.match(r"# simulations/\w+\.toml\n", b.body)]


def test_there_is_a_whole_scenario() -> None:
    assert SCENARIOS


@pytest.mark.parametrize("block", SCENARIOS, ids=lambda b: b.where)
def test_scenario_example_loads_and_simulates(block: Block, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    name = block.body.split("\n", 1)[0].removeprefix("# ")
    shutil.copytree(ROOT / "processes", tmp_path / "processes")
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_text(block.body, encoding="utf-8")
    scenario = load_scenario(path)
    # complete: every lane has its pool, nothing left to defaults the page does not show
    assert scenario.warnings == (), scenario.warnings
    monkeypatch.chdir(tmp_path)
    code = cli.main(["simulate", name, "--cases", "20", "--replications", "2"])
    output = capsys.readouterr().out
    assert code == 0
    assert "40 kasus (40 selesai), 2 replikasi" in output


@pytest.mark.parametrize(("lang", "load"), [("json", json.loads), ("toml", tomllib.loads)])
def test_blocks_equal_the_files_they_show(lang: str, load) -> None:
    """A block right after a named file of the repository (within 300 characters) shows it."""
    text = PANDUAN.read_text(encoding="utf-8")
    shown = 0
    for block in blocks(PANDUAN, lang):
        data = load(block.body)
        named = re.findall(rf"`([\w./-]+\.{lang})`", text[max(0, block.start - 300):block.start])
        if named and (ROOT / named[-1]).is_file():
            assert data == load((ROOT / named[-1]).read_text(encoding="utf-8")), named[-1]
            shown += 1
    assert shown >= 1


# --- generated reference --------------------------------------------------------------------------


def test_cli_reference_is_current() -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert page == reference.render(), (
        "docs/cli.md is out of date: run `python -m probisnis.cli.reference > docs/cli.md`")


def test_cli_reference_documents_every_option() -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser, _ = cli._build_parser()
    for name, sub in reference._subparsers(parser).items():
        assert f"## probisnis {name}" in page
        for action in sub._actions:
            for option in action.option_strings:
                assert f"`{option}" in page or f", {option}" in page, (name, option)


# --- completeness and links -----------------------------------------------------------------------


def _links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return LINK.findall(text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_slug_is_githubs() -> None:
    assert _slug("3. Membaca peta proses di `processes/`") == "3-membaca-peta-proses-di-processes"
    assert _slug("6.6 Analisis *what-if*: dua skenario") == "66-analisis-what-if-dua-skenario"


@pytest.mark.parametrize("page", LINK_PAGES, ids=lambda p: p.name)
def test_links_resolve(page: Path) -> None:
    for target in _links(page):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = page.parent / path if path else page
        assert linked.exists(), f"{page.name}: broken link {target}"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{page.name}: no heading for {target}"


def test_index_maps_every_page() -> None:
    linked = {(INDEX.parent / t.partition("#")[0]).resolve() for t in _links(INDEX)}
    pages = [p for p in DOCS.rglob("*.md") if p != INDEX]
    missing = [str(p.relative_to(DOCS)) for p in pages if p.resolve() not in linked]
    assert not missing, f"add these pages to docs/index.md: {missing}"
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert notebook.resolve() in linked, f"add {notebook.name} to docs/index.md"


def test_panduan_names_every_process_file_page_and_picture() -> None:
    linked = {(PANDUAN.parent / t.partition("#")[0]).resolve() for t in _links(PANDUAN)}
    wanted = [
        *sorted((ROOT / "processes").glob("*.bpmn")),
        *sorted((ROOT / "processes").glob("*.dmn")),
        *sorted((DOCS / "processes").glob("*.md")),
        *sorted((DOCS / "img").glob("*.png")),
    ]
    missing = [str(p.relative_to(ROOT)) for p in wanted if p.resolve() not in linked]
    assert not missing, f"docs/panduan.md does not link: {missing}"


def test_panduan_covers_every_subcommand() -> None:
    text = PANDUAN.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"probisnis {name}" in text, name
