"""A run killed outright (SIGKILL: nothing can clean up) leaves its manifest at "running"
and hidden ``.part`` files; the next run into the folder says so in Indonesian, removes
them, and ends with a folder holding only its own files."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.outputs import read_manifest
from probisnis.sim.outputs import PARTIAL_LOG
from test_simulate_signals import PERMIT, finish, log_has_a_row_group, part, start, wait_for


def test_a_killed_run_is_reported_and_cleaned_by_the_next(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / PARTIAL_LOG).write_text("an earlier interrupted run's log\n")
    proc = start(out, 1_000_000)
    wait_for(proc, lambda: log_has_a_row_group(out))
    os.kill(proc.pid, signal.SIGKILL)
    code, _ = finish(proc)
    assert code == -signal.SIGKILL
    assert read_manifest(out)["status"] == "running"
    left = part(out, "event_log.parquet")
    assert left
    # a stranger's file that only looks alike is not ours to remove
    (out / ".notes.txt.1.part").write_text("not probisnis's\n")

    assert main(["simulate", str(PERMIT), "--cases", "30", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"catatan: folder {out} berisi sisa run sebelumnya" in err
    assert 'manifest.json masih berstatus "running"' in err
    assert f"{len(left)} berkas sementara (.part) dihapus: {left[0].name}" in err
    assert not part(out, "event_log.parquet") and (out / ".notes.txt.1.part").exists()
    doc = read_manifest(out)
    assert doc["status"] == "complete" and doc["cases"] == 30
    assert not (out / PARTIAL_LOG).exists()  # the earlier run's partial log is not this run's
    listed = {entry["path"] for entry in doc["files"].values()}
    assert {p.name for p in out.iterdir()} == listed | {"manifest.json", ".notes.txt.1.part"}

    # a clean folder: no leftovers to tell of, only that the complete run is replaced
    assert main(["simulate", str(PERMIT), "--cases", "30", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "sisa run sebelumnya" not in err and "berisi hasil simulasi sebelumnya" in err
