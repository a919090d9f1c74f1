"""One run at a time in an ``--out`` folder (:mod:`probisnis.outputs.lock`).

Real processes: a second ``probisnis simulate`` started while the first writes into the
folder, a process holding the lock that is killed outright (SIGKILL), a worker it forked
that outlives it. The waits are on files and lines, with a generous timeout only against
a hang.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.errors import OutputError
from probisnis.outputs import LOCK_NAME, FolderLock, read_manifest
from probisnis.outputs import lock as lock_module
from test_simulate_signals import (
    PERMIT,
    ROOT,
    WAIT,
    finish,
    log_has_a_row_group,
    part,
    start,
    wait_for,
)

M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"

#: holds FOLDER's lock until killed; with a second argument it forks a child that sleeps
#: (prints the child's pid), as a worker pool forked by the run would
HOLDER = """
import os, sys, time
from probisnis.outputs import folder_lock
with folder_lock(sys.argv[1], "simulate"):
    child = 0
    if len(sys.argv) > 2:
        child = os.fork()
        if child == 0:
            time.sleep(120)
            os._exit(0)
    print("held", child, flush=True)
    time.sleep(120)
"""


def hold(folder: Path, *, fork: bool = False) -> tuple[subprocess.Popen[str], int]:
    """A process holding ``folder``'s lock (and the pid of the child it forked, or 0)."""
    cmd = [sys.executable, "-c", HOLDER, str(folder), *(["fork"] if fork else [])]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # (blocks until the lock is held, or the process ends)
    if not line.startswith("held"):
        proc.kill()
        pytest.fail(f"the holder did not take the lock: {line!r} {proc.communicate()[1]}")
    return proc, int(line.split()[1])


@pytest.fixture
def holders() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; any still running at its end are killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def _kill_pid(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def test_a_second_simulate_into_the_same_folder_is_refused_at_once(tmp_path: Path) -> None:
    """Before: the second run took the first's manifest ("running") for a killed run's,
    removed the first's temporary event log and overwrote its manifest; the first then
    failed (or removed the second's files as it ended)."""
    out = tmp_path / "hasil"
    first = start(out, 1_000_000)
    try:
        wait_for(first, lambda: log_has_a_row_group(out))
        manifest = (out / "manifest.json").read_bytes()
        parts = part(out, "event_log.parquet")
        began = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "probisnis", "simulate", str(PERMIT), "--cases", "30",
             "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=WAIT)
        took = time.monotonic() - began
        assert second.returncode == 1, second.stderr
        assert second.stdout == "" and "Traceback" not in second.stderr
        err = " ".join(second.stderr.split())
        assert f"folder {out} sedang dipakai oleh run probisnis lain (simulate, proses " \
               f"{first.pid}, mulai " in err
        assert "Tunggu sampai run itu selesai" in err and "pakai --out lain" in err
        assert f"kill {first.pid}" in err
        print(f"the second run was refused in {took:.2f} s (interpreter start included)")
        # the first run's files are as they were, and it goes on
        assert (out / "manifest.json").read_bytes() == manifest
        assert all(p.exists() for p in parts) and first.poll() is None
        first.send_signal(signal.SIGINT)
        code, err_first = finish(first)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert code == 130, err_first
    doc = read_manifest(out)
    assert doc["status"] == "partial" and list(doc["files"]) == ["event_log_parquet_partial"]
    assert doc["files"]["event_log_parquet_partial"]["rows"] > 0
    # the lock file is gone with the run: the folder holds what the manifest lists
    assert {p.name for p in out.iterdir()} == {"manifest.json", "event_log.partial.parquet"}


@pytest.mark.parametrize("command", [
    ["simulate", str(PERMIT), "--cases", "20"],
    ["compare", str(M1), str(M1), "--replications", "2", "--cases", "10", "--workers", "1"],
    ["sweep", str(M1), "--vary", "resources.JFJP.count=3,4", "--replications", "2",
     "--cases", "10", "--workers", "1"],
], ids=["simulate", "compare", "sweep"])
def test_every_command_with_an_output_folder_is_refused_while_another_holds_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        holders: list[subprocess.Popen[str]], command: list[str]) -> None:
    out = tmp_path / "hasil"
    proc, _ = hold(out)
    holders.append(proc)
    lock_text = (out / LOCK_NAME).read_bytes()
    assert main([*command, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = " ".join(captured.err.split())
    assert err.startswith(f"folder {out} sedang dipakai oleh run probisnis lain (simulate, "
                          f"proses {proc.pid}, mulai ")
    # nothing in the folder was read or written: only the holder's lock file is there
    assert [p.name for p in out.iterdir()] == [LOCK_NAME]
    assert (out / LOCK_NAME).read_bytes() == lock_text
    assert proc.poll() is None


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        holders: list[subprocess.Popen[str]]) -> None:
    out = tmp_path / "hasil"
    proc, _ = hold(out)
    holders.append(proc)
    proc.kill()  # SIGKILL: nothing lets go of the lock but the kernel
    proc.communicate()
    left = json.loads((out / LOCK_NAME).read_text(encoding="utf-8"))
    assert left["pid"] == proc.pid  # the file is still there, naming a dead process
    assert main(["compare", str(M1), str(M1), "--replications", "2", "--cases", "10",
                 "--workers", "1", "--out", str(out)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert f"catatan: run sebelumnya ke folder {out} (simulate, proses {proc.pid}, mulai " in err
    assert "berhenti tanpa melepas folder itu" in err
    assert sorted(p.name for p in out.iterdir()) == ["comparison.csv",
                                                     "kpis_per_replication.csv"]


def test_a_worker_forked_by_a_killed_run_does_not_hold_the_folder(
        tmp_path: Path, holders: list[subprocess.Popen[str]]) -> None:
    """Pool workers outlive a run killed outright (SIGKILL); had they kept the lock file
    open, the folder would stay locked until they ended."""
    out = tmp_path / "hasil"
    proc, child = hold(out, fork=True)
    holders.append(proc)
    try:
        proc.kill()
        proc.wait()  # (not communicate: the child keeps the pipes open)
        os.kill(child, 0)  # the forked child still runs
        lock = FolderLock(out, "simulate").acquire()
        assert lock.stale is not None and lock.stale["pid"] == proc.pid
        lock.release()
    finally:
        _kill_pid(child)
    assert not (out / LOCK_NAME).exists()


def test_the_lock_is_released_and_removed_and_a_folder_it_made_goes_if_empty(
        tmp_path: Path) -> None:
    out = tmp_path / "a" / "hasil"
    with FolderLock(out, "compare") as lock:
        assert out.is_dir() and lock.stale is None
        with pytest.raises(OutputError, match="sedang dipakai oleh run probisnis lain"):
            FolderLock(out, "sweep").acquire()  # (flock: also within one process)
    assert not out.exists()  # it made the folder and nothing was written there
    out.mkdir()
    (out / "mine.txt").write_text("kept\n")
    with FolderLock(out, "compare"):
        pass
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_a_link_at_the_lock_name_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "hasil"
    out.mkdir()
    target = tmp_path / "elsewhere.txt"
    target.write_text("not probisnis's\n")
    (out / LOCK_NAME).symlink_to(target)
    with pytest.raises(OutputError, match="tautan simbolik"):
        FolderLock(out, "simulate").acquire()
    assert target.read_text() == "not probisnis's\n"


def test_without_flock_the_process_id_in_the_file_decides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        holders: list[subprocess.Popen[str]]) -> None:
    monkeypatch.setattr(lock_module, "fcntl", None)  # (no fcntl: as on a system without it)
    out = tmp_path / "hasil"
    out.mkdir()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    holders.append(alive)  # type: ignore[arg-type]
    (out / LOCK_NAME).write_text(json.dumps({"pid": alive.pid, "host": os.uname().nodename,
                                             "command": "sweep"}))
    with pytest.raises(OutputError) as caught:
        FolderLock(out, "simulate").acquire()
    message = str(caught.value)
    assert f"(sweep, proses {alive.pid})" in message
    assert f"bila run itu sudah tidak berjalan, hapus berkas {out / LOCK_NAME}" in message
    alive.kill()
    alive.wait()  # now a dead process id: the folder is free
    with FolderLock(out, "simulate") as lock:
        assert lock.stale is not None and lock.stale["pid"] == alive.pid
        mine = json.loads((out / LOCK_NAME).read_text(encoding="utf-8"))
        assert mine["pid"] == os.getpid() and mine["command"] == "simulate"
    assert not (out / LOCK_NAME).exists()


def test_report_is_refused_while_another_run_writes_the_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        holders: list[subprocess.Popen[str]]) -> None:
    """``report`` reads the folder and writes laporan.html into it: not while a run holds
    it (it read half-written tables), and it holds the folder itself while it works."""
    out = tmp_path / "hasil"
    assert main(["simulate", str(PERMIT), "--cases", "20", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc, _ = hold(out)
    holders.append(proc)
    capsys.readouterr()
    assert main(["report", str(out)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"folder {out} sedang dipakai oleh run probisnis lain" in err
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.name != LOCK_NAME}
    assert after == before  # no laporan.html written, nothing changed
    proc.kill()
    proc.wait()
    assert main(["report", str(out)]) == 0  # the holder gone: the report is written
    assert (out / "laporan.html").is_file() and not (out / LOCK_NAME).exists()
