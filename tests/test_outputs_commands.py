"""Every command's files go through ``probisnis.outputs`` (issue 7, "Nothing lost"):
a link at an output name is refused and its target left untouched, and nothing but the
finished file is left in the folder (no ``.tmp``/``.part`` files) - for the SOP export,
``scenario init``, the BPMN writer and the saved run state, not only ``simulate --out``."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.bpmn import read
from probisnis.bpmn.writer import write
from probisnis.cli import main

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "processes" / "m1_sekretariat_daerah.bpmn"
PERMIT = ROOT.parent / "shared" / "bench" / "permit.bpmn"


def _victim(tmp_path: Path, name: str) -> tuple[Path, Path]:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    link = out / name
    link.symlink_to(victim)
    return link, victim


def _only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_sop_export_refuses_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   fmt: str) -> None:
    link, victim = _victim(tmp_path, f"sop.{fmt}")
    code = main(["sop", "export", str(M1), "--format", fmt, "--out", str(link)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "tautan simbolik" in err and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    _only(link.parent, link.name)


def test_sop_export_leaves_only_the_file(tmp_path: Path) -> None:
    out = tmp_path / "sop.html"
    assert main(["sop", "export", str(M1), "--format", "html", "--out", str(out)]) == 0
    _only(tmp_path, "sop.html")
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_scenario_init_refuses_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link, victim = _victim(tmp_path, "s.toml")
    code = main(["scenario", "init", str(PERMIT), "--out", str(link), "--force"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_bpmn_writer_refuses_a_link(tmp_path: Path) -> None:
    from probisnis.errors import OutputError

    link, victim = _victim(tmp_path, "p.bpmn")
    with pytest.raises(OutputError, match="tautan"):
        write(read(PERMIT), link)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    target = tmp_path / "out" / "q.bpmn"
    write(read(PERMIT), target)
    _only(target.parent, "p.bpmn", "q.bpmn")
    assert read(target).processes
