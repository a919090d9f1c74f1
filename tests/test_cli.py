"""The CLI dispatcher itself: help, usage errors, and a closed pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from probisnis.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "pilihan tidak dikenal: 'frobnicate'" in capsys.readouterr().err


@pytest.mark.slow
def test_closed_pipe_ends_quietly_without_traceback():
    miwg = ROOT.parent / "shared" / "interop" / "miwg"
    if not miwg.is_dir():
        pytest.skip("../shared/interop/miwg not present")
    # > 100 kB of JSON: more than a pipe buffer, so the writer must meet the closed pipe
    cmd = (
        f"{sys.executable} -m probisnis validate {miwg} --json | head -c 10 >/dev/null; "
        "exit ${PIPESTATUS[0]}"
    )
    proc = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (1, 141)


def test_simulate_does_not_load_the_execution_engine():
    code = (
        "import sys; from probisnis.cli import main; "
        "rc = main(['simulate', '--cases', '3']); "
        "assert rc == 0, rc; "
        "assert 'SpiffWorkflow' not in sys.modules, 'simulate imported SpiffWorkflow'"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr


def test_subcommand_help_works_alone(capsys):
    assert main(["validate", "--help"]) == 0
    assert "--json" in capsys.readouterr().out


def test_other_help_lines_are_read_only_for_the_top_level_help(monkeypatch, capsys):
    import probisnis.cli as cli

    def refuse(name):
        raise AssertionError(f"help line of {name} read")

    monkeypatch.setattr(cli, "command_help", refuse)
    assert main(["validate", "--help"]) == 0  # a subcommand's run never shows the others'
    with pytest.raises(AssertionError, match="help line of"):
        main(["--help", "validate"])  # the top-level help does


def test_out_writes_the_event_log_in_chunks(tmp_path, capsys):
    bench = ROOT.parent / "shared" / "bench"
    if not (bench / "permit.json").is_file():
        pytest.skip("../shared/bench not present")
    pq = pytest.importorskip("pyarrow.parquet")
    code = main(["simulate", str(bench / "permit.bpmn"), "--prosimos", str(bench / "permit.json"),
                 "--cases", "5000", "--out", str(tmp_path)])
    assert code == 0
    log = pq.ParquetFile(tmp_path / "event_log.parquet")
    # > 20,000 activity instances, written as row groups while the run went
    assert log.metadata.num_rows > 20_000
    assert log.num_row_groups >= 2
    assert f"Ditulis: {tmp_path / 'event_log.csv'}" in capsys.readouterr().out


@pytest.mark.parametrize(("raised", "status", "said"), [
    ("sigterm", 143, "dihentikan (SIGTERM)"),
    ("sigint", 130, "dihentikan (SIGINT)"),
    ("plain", 130, "dihentikan (SIGINT)"),
])
def test_a_stop_that_escapes_a_command_keeps_its_signal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    raised: str, status: int, said: str,
) -> None:
    import signal

    import probisnis.cli.validate_cmd as validate_cmd
    from probisnis.outputs import Interrupted

    def execute(args: object) -> int:
        if raised == "plain":
            raise KeyboardInterrupt
        raise Interrupted(signal.SIGTERM if raised == "sigterm" else signal.SIGINT)

    monkeypatch.setattr(validate_cmd, "execute", execute)
    assert main(["validate", "processes/"]) == status
    assert capsys.readouterr().err.strip() == said


@pytest.mark.parametrize("command", [["validate"], ["trace"], ["review"]])
def test_a_folder_without_bpmn_files_is_refused_not_reported_clean(command, tmp_path, capsys):
    """A wrong folder (no BPMN file in it) is a usage error naming the folder, not "no
    findings in 0 files" with exit status 0."""
    (tmp_path / "catatan.txt").write_text("bukan BPMN\n", encoding="utf-8")
    assert main([*command, str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "tidak ada berkas *.bpmn" in err and str(tmp_path) in err
