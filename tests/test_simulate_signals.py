"""Nothing lost: real signals sent to a real ``probisnis simulate --out`` process, and a real
file system that fills up.

Each run is a child process; the test waits until the run is at the stage it wants (the
event log's temporary file has a row group; the CSV's temporary file exists), then
sends SIGINT or SIGTERM with :func:`os.kill`. Never a wall-clock assertion: the waits
are on files, with a generous timeout only against a hang.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from probisnis.outputs import file_digest, read_manifest

ROOT = Path(__file__).resolve().parents[1]
PERMIT = ROOT / "tests" / "data" / "sim" / "permit.toml"
WAIT = 120.0  # seconds, only against a hang


def start(out: Path, cases: int, *extra: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "probisnis", "simulate", str(PERMIT), "--cases", str(cases),
           "--out", str(out), *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)


def wait_for(proc: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not ready():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the run ended before the stage was reached: {proc.returncode}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run never reached the stage")
        time.sleep(0.005)


def part(out: Path, name: str) -> list[Path]:
    return [p for p in out.glob(f".{name}.*.part")] if out.is_dir() else []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # renamed or removed since it was listed
        return 0


def log_has_a_row_group(out: Path) -> bool:
    return any(_size(p) > 4 for p in part(out, "event_log.parquet"))  # > "PAR1"


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=WAIT)
    return proc.returncode, err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_during_the_simulation_keeps_a_marked_partial_log(
    tmp_path: Path, sig: signal.Signals,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "kpis.csv").write_text("an earlier run's KPIs\n")
    proc = start(out, 1_000_000)
    wait_for(proc, lambda: log_has_a_row_group(out))
    os.kill(proc.pid, sig)
    code, err = finish(proc)
    assert code == 128 + sig, err
    assert "Traceback" not in err and f"dihentikan oleh {sig.name}" in err
    assert "sebelum simulasi selesai; yang disimpan: event_log.partial.parquet" in err
    doc = read_manifest(out)
    assert doc["status"] == "partial" and sig.name in doc["message"]
    assert list(doc["files"]) == ["event_log_parquet_partial"]
    entry = doc["files"]["event_log_parquet_partial"]
    assert entry["complete"] is False and entry["path"] == "event_log.partial.parquet"
    partial = out / "event_log.partial.parquet"
    meta = pq.ParquetFile(partial).metadata  # a whole Parquet file: it has its footer
    assert meta.num_rows == entry["rows"] > 0
    assert file_digest(partial) == (entry["bytes"], entry["sha256"])
    # nothing that looks like a complete run: no event_log.parquet, no stale KPIs
    assert sorted(p.name for p in out.iterdir()) == ["event_log.partial.parquet",
                                                     "manifest.json"]


def test_sigint_during_csv_export_keeps_the_complete_parquet(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = start(out, 60_000)
    wait_for(proc, lambda: bool(part(out, "event_log.csv")))
    os.kill(proc.pid, signal.SIGINT)
    code, err = finish(proc)
    doc = read_manifest(out)
    assert code == 130 and "Traceback" not in err
    assert doc["status"] == "partial"
    assert "event_log_parquet" in doc["files"] and "event_log_csv" not in doc["files"]
    log = out / "event_log.parquet"
    entry = doc["files"]["event_log_parquet"]
    assert pq.ParquetFile(log).metadata.num_rows == entry["rows"]
    assert file_digest(log) == (entry["bytes"], entry["sha256"])
    assert not (out / "event_log.csv").exists() and not part(out, "event_log.csv")
    assert not list(out.glob(".*.part"))


def _small_file_system(tmp_path: Path) -> tuple[Path, Callable[[], None]]:
    """A 1 MB tmpfs (root), else a plain folder whose writes a file-size limit cuts off."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode == 0:
        return mount, lambda: subprocess.run(["umount", str(mount)], check=False)
    return mount, lambda: None


def test_full_disk_is_a_clean_error_with_nothing_half_written(tmp_path: Path) -> None:
    """A real small file system (tmpfs of 1 MB when mounting is allowed; otherwise the
    kernel's file-size limit, RLIMIT_FSIZE, which fails the write the same way)."""
    mount, cleanup = _small_file_system(tmp_path)
    try:
        out = mount / "out"
        limited = os.path.ismount(mount)
        preexec = None
        if not limited:
            import resource

            def preexec() -> None:  # type: ignore[misc]
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

        cmd = [sys.executable, "-m", "probisnis", "simulate", str(PERMIT), "--cases", "30000",
               "--out", str(out)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False,
                              preexec_fn=preexec, timeout=WAIT)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert ("disk penuh saat menulis" in done.stderr if limited
                else "tidak dapat menulis" in done.stderr)
        assert not list(out.glob(".*.part"))
        doc = read_manifest(out)
        assert doc["status"] == "failed"
        for entry in doc["files"].values():  # what is listed is whole
            assert file_digest(out / entry["path"]) == (entry["bytes"], entry["sha256"])
        for name in ("event_log.csv", "kpis.csv"):
            assert name not in {e["path"] for e in doc["files"].values()}
            assert not (out / name).exists()
    finally:
        cleanup()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG)")
def test_local_workers_end_when_their_run_is_killed() -> None:
    """``kill -9`` of a run on two local workers: the workers end too (they used to wait
    forever on the pool's pipe, and ignored SIGTERM with the handler they were forked with)."""
    import psutil

    cmd = [sys.executable, "-m", "probisnis", "simulate", str(PERMIT), "--cases", "200000",
           "--replications", "6", "--workers", "2"]
    # (no pipes: a worker left alive would hold them open)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=ROOT)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + WAIT
    while len(parent.children(recursive=True)) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "no workers started"
        time.sleep(0.01)
    workers = parent.children(recursive=True)
    proc.kill()
    proc.wait(timeout=WAIT)
    _, alive = psutil.wait_procs(workers, timeout=30)
    for p in alive:  # (do not leave them behind whatever the outcome)
        p.kill()
    assert not alive, [p.pid for p in alive]
