"""Outputs whole or absent: atomic files, links refused, the manifest, a failing disk.

The disk failures here are injected (an ``OSError(ENOSPC)`` raised by the writer at a
chosen moment); ``test_simulate_signals.py`` fills a real small file system and sends
real signals to a real process.
"""

from __future__ import annotations

import ast
import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from kpi_fixtures import three_cases
from probisnis.cli import main
from probisnis.errors import OutputError
from probisnis.outputs import (
    Manifest,
    OutputFolder,
    atomic_open,
    file_digest,
    read_manifest,
    write_text_atomic,
)
from probisnis.sim.export import write_csv, write_parquet
from signal_senders import OtherThread, to_main_thread

ROOT = Path(__file__).resolve().parents[1]
PERMIT = ROOT / "tests" / "data" / "sim" / "permit.toml"
MONDAY = __import__("datetime").datetime(2025, 1, 6, 8, 0)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_atomic_write_replaces_whole_or_leaves_the_old(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("half of the new")
        raise RuntimeError("boom")
    assert target.read_text() == "old" and leftovers(tmp_path) == []
    write_text_atomic(target, "new")
    assert target.read_text() == "new" and leftovers(tmp_path) == []
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # as open() would make it


def test_the_umask_is_read_not_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The umask is the process's, shared by its threads: setting it to 0 for a moment (to
    read it) would give a file another thread makes then permissions for everyone."""
    old = os.umask(0o027)
    try:
        def refuse(mask: int) -> int:
            raise AssertionError("the umask was changed while a file was written")

        monkeypatch.setattr(os, "umask", refuse)
        write_text_atomic(tmp_path / "a.txt", "x")
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640


def test_a_link_in_the_output_folder_is_refused_and_its_target_untouched(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "kpis.csv").symlink_to(victim)
    code = main(["simulate", str(PERMIT), "--cases", "20", "--out", str(out)])
    assert code == 1
    assert victim.read_text() == "precious"
    assert (out / "kpis.csv").is_symlink()
    # refused before the simulation: nothing written
    assert sorted(p.name for p in out.iterdir()) == ["kpis.csv"]
    with pytest.raises(OutputError, match="tautan simbolik"):
        write_text_atomic(out / "kpis.csv", "x")
    assert victim.read_text() == "precious"


def test_link_refused_message_is_one_line(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "event_log.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert main(["simulate", str(PERMIT), "--cases", "20", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "event_log.csv adalah tautan simbolik" in err and "Traceback" not in err
    assert not (tmp_path / "elsewhere.csv").exists()


def test_a_folder_at_an_output_name_is_refused(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    (out / "cases.csv").mkdir(parents=True)
    assert main(["simulate", str(PERMIT), "--cases", "20", "--out", str(out)]) == 1
    assert "cases.csv sudah ada dan bukan berkas biasa" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["simulate", str(PERMIT), "--cases", "20", "--out", str(tmp_path / "file")]) == 1
    assert f"{tmp_path / 'file'}: sudah ada dan bukan folder" in capsys.readouterr().err


def test_complete_run_has_a_manifest_with_digests(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["simulate", str(PERMIT), "--cases", "50", "--seed", "3", "--out", str(out)]) == 0
    doc = read_manifest(out)
    assert doc["status"] == "complete" and doc["command"] == "simulate"
    assert doc["seed"] == 3 and doc["cases"] == 50
    assert doc["arguments"]["cases"] == 50
    assert doc["scenario"]["digest"].startswith("sha256:")
    assert set(doc["files"]) == {"event_log_parquet", "event_log_csv", "kpis",
                                 "kpis_per_replication", "cases", "resources",
                                 "run_context"}
    for entry in doc["files"].values():
        size, digest = file_digest(out / entry["path"])
        assert (entry["bytes"], entry["sha256"]) == (size, digest)
    assert doc["files"]["event_log_parquet"]["rows"] == pq.ParquetFile(
        out / "event_log.parquet").metadata.num_rows
    assert leftovers(out) == []


def _failing_after(calls: int) -> Any:
    """A ``write_table`` that raises ENOSPC on call number ``calls``."""
    count = {"n": 0}

    def fail(original: Any) -> Any:
        def write_table(self: Any, table: Any, *args: Any, **kwargs: Any) -> Any:
            count["n"] += 1
            if count["n"] >= calls:
                raise OSError(errno.ENOSPC, "No space left on device")
            return original(self, table, *args, **kwargs)
        return write_table
    return fail


def test_disk_full_during_streamed_parquet_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    """The streamed event log hits a full disk mid-run: one line, exit 1, no file that
    looks whole, the manifest says failed."""
    monkeypatch.setattr(pq.ParquetWriter, "write_table",
                        _failing_after(2)(pq.ParquetWriter.write_table))
    out = tmp_path / "out"
    code = main(["simulate", str(PERMIT), "--cases", "10000", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "disk penuh saat menulis event_log.parquet" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (out / "event_log.parquet").exists() and leftovers(out) == []
    doc = read_manifest(out)
    assert doc["status"] == "failed" and "disk penuh" in doc["message"]
    assert doc["files"] == {}


def test_disk_full_during_csv_keeps_the_complete_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    import pyarrow.csv as pacsv

    import probisnis.sim.export as export

    real = pacsv.CSVWriter

    class FullDisk:
        def __init__(self, path: str, schema: Any, write_options: Any = None) -> None:
            self._inner = real(path, schema, write_options=write_options)

        def write_table(self, table: Any) -> None:
            self._inner.write_table(table)
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self._inner.close()

    monkeypatch.setattr(export.pacsv, "CSVWriter", FullDisk)
    out = tmp_path / "out"
    old = out / "event_log.csv"
    out.mkdir()
    old.write_text("an earlier run's log\n")
    code = main(["simulate", str(PERMIT), "--cases", "200", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "disk penuh saat menulis event_log.csv" in err
    assert "Traceback" not in err
    doc = read_manifest(out)
    assert doc["status"] == "failed"
    assert set(doc["files"]) == {"event_log_parquet"}  # whole, and listed
    assert pq.ParquetFile(out / "event_log.parquet").metadata.num_rows > 0
    # no truncated CSV, and no earlier run's CSV posing as this run's
    assert not old.exists() and leftovers(out) == []


def test_export_functions_are_atomic_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log, _, _ = three_cases()
    good = write_parquet(log, tmp_path / "log.parquet", start=MONDAY)
    before = good.read_bytes()
    monkeypatch.setattr(pq.ParquetWriter, "write_table",
                        _failing_after(1)(pq.ParquetWriter.write_table))
    with pytest.raises(OutputError, match="disk penuh"):
        write_parquet(log, good, start=MONDAY)
    assert good.read_bytes() == before and leftovers(tmp_path) == []
    with pytest.raises(OutputError, match="tautan simbolik"):
        (tmp_path / "link.csv").symlink_to(tmp_path / "other.csv")
        write_csv(log, tmp_path / "link.csv", start=MONDAY)
    assert not (tmp_path / "other.csv").exists()


def test_output_folder_records_only_whole_files(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path / "o", Manifest("test", {"x": 1}), names=("a.txt",))
    assert read_manifest(tmp_path / "o")["status"] == "running"
    with folder.file("a", "a.txt") as tmp:
        tmp.write_text("hello")
    with pytest.raises(ValueError), folder.file("b", "b.txt") as tmp:
        tmp.write_text("half")
        raise ValueError
    folder.finish("complete")
    doc = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert list(doc["files"]) == ["a"] and doc["files"]["a"]["bytes"] == 5
    assert doc["arguments"] == {"x": 1} and doc["status"] == "complete"
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.txt", "manifest.json"]


def test_storage_does_not_import_kpis() -> None:
    """Layers without circles: the log's storage and exports never import the KPI code."""
    storage = ["logsink.py", "eventlog.py", "export.py", "xes.py"]
    for name in storage:
        tree = ast.parse((ROOT / "src" / "probisnis" / "sim" / name).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in imported if m and m.startswith("probisnis.sim.kpis")}, name


def _signal_right_after_mkstemp(monkeypatch: pytest.MonkeyPatch, made: list[str],
                                send: Callable[[], None]) -> None:
    """A real SIGINT to this process the moment a temporary file exists (the window the CI
    once hit: Ctrl-C between making the file and the code that would remove it)."""
    import tempfile

    import probisnis.outputs.atomic as atomic

    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)
        made.append(Path(name).name)
        send()
        return fd, name

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_a_signal_as_the_temporary_is_made_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str,
) -> None:
    """Also when the signal reaches another thread of the process (pyarrow's pool): the CI
    saw a leftover ``.a.txt.*.part`` when the SIGINT went there, while the main thread
    only blocked it."""
    from probisnis.outputs import Interrupted, stop_on_signals

    folder = OutputFolder(tmp_path / "o", Manifest("test", {}), names=("b.txt",))
    made: list[str] = []
    # the other threads are started before the moment, as pyarrow's are
    senders = [OtherThread(), OtherThread()] if by == "other thread" else []
    _signal_right_after_mkstemp(monkeypatch, made, to_main_thread if by == "main thread"
                                else lambda: senders.pop().send())
    (tmp_path / "a.txt").write_text("old")
    with pytest.raises(Interrupted), stop_on_signals():
        write_text_atomic(tmp_path / "a.txt", "new")
    with pytest.raises(Interrupted), stop_on_signals(), folder.file("b", "b.txt") as tmp:
        tmp.write_text("never")
    assert len(made) == 2 and not senders  # the files were made, and both were removed
    assert (tmp_path / "a.txt").read_text() == "old" and leftovers(tmp_path) == []
    assert leftovers(tmp_path / "o") == [] and "b" not in folder.manifest.files


def test_the_csv_log_in_an_output_folder_is_one_temporary_file_not_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    import probisnis.outputs.atomic as atomic

    made: list[str] = []
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made.append(kwargs["prefix"])
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    assert main(["simulate", str(PERMIT), "--cases", "20", "--out", str(tmp_path)]) == 0
    # each output is written once into its own temporary, never a temporary of a temporary
    assert ".event_log.csv." in made
    assert not [p for p in made if p.startswith("..")]


@pytest.mark.parametrize("name", ["event_log.parquet", "cases.parquet"])
def test_a_signal_as_a_streamed_table_is_renamed_keeps_it_listed_with_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, name: str,
) -> None:
    """A real SIGINT right after the finished Parquet file is renamed: it stays, listed with
    its rows (they were once added to the manifest in a later step, which the stop skipped)."""
    import signal

    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        real(src, dst)
        if Path(dst).name == name:
            to_main_thread(signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "out"
    code = main(["simulate", str(PERMIT), "--cases", "50", "--stream", "--out", str(out)])
    monkeypatch.setattr(os, "replace", real)
    assert code == 130, capsys.readouterr().err
    doc = read_manifest(out)
    key = name.replace(".", "_")
    assert doc["status"] == "partial" and key in doc["files"]
    entry = doc["files"][key]
    assert entry["rows"] == pq.ParquetFile(out / name).metadata.num_rows > 0
    assert file_digest(out / name) == (entry["bytes"], entry["sha256"])
    assert leftovers(out) == []


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_a_signal_as_the_folder_is_set_up_marks_it_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, by: str,
) -> None:
    """A real SIGINT right after the new run's manifest ("running") is in place: the folder
    is marked partial and an earlier run's files go (they once stayed, next to a manifest
    saying "running" that listed none of them)."""
    import signal

    out = tmp_path / "out"
    assert main(["simulate", str(PERMIT), "--cases", "5", "--out", str(out)]) == 0
    capsys.readouterr()
    send = to_main_thread if by == "main thread" else OtherThread().send
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        real(src, dst)
        if Path(dst).name == "manifest.json":
            monkeypatch.setattr(os, "replace", real)
            send(signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)
    code = main(["simulate", str(PERMIT), "--cases", "5", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 130 and "dihentikan oleh SIGINT" in err, err
    doc = read_manifest(out)
    assert doc["status"] == "partial" and doc["files"] == {}
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


def test_a_signal_as_the_complete_manifest_is_written_leaves_it_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    """A real SIGINT while the final manifest is written (held until it is): the run was
    complete and stays so (it was once rewritten as partial, "before the run was complete")."""
    import signal

    real = OutputFolder.finish

    def finish(self: OutputFolder, status: str, message: str | None = None) -> Path:
        done = real(self, status, message)
        if status == "complete":
            to_main_thread(signal.SIGINT)
        return done

    monkeypatch.setattr(OutputFolder, "finish", finish)
    out = tmp_path / "out"
    code = main(["simulate", str(PERMIT), "--cases", "20", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 130 and "setelah semua berkas selesai ditulis" in err, err
    doc = read_manifest(out)
    assert doc["status"] == "complete" and "event_log_csv" in doc["files"]
    for entry in doc["files"].values():
        assert file_digest(out / entry["path"]) == (entry["bytes"], entry["sha256"])


def test_a_second_signal_as_the_stop_is_recorded_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    """SIGINT stops the run; SIGTERM comes while the partial manifest is written: the stop
    is recorded and reported as the first one (the second once cut the message short and
    made the exit status 130 whatever came first)."""
    import signal

    real_finish = OutputFolder.finish
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:  # the first: as the log is renamed into place
        real_replace(src, dst)
        if Path(dst).name == "event_log.parquet":
            monkeypatch.setattr(os, "replace", real_replace)
            to_main_thread(signal.SIGTERM)

    def finish(self: OutputFolder, status: str, message: str | None = None) -> Path:
        if status == "partial":
            to_main_thread(signal.SIGINT)  # the second, held until the manifest is written
        return real_finish(self, status, message)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(OutputFolder, "finish", finish)
    out = tmp_path / "out"
    code = main(["simulate", str(PERMIT), "--cases", "20", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 143 and "dihentikan oleh SIGTERM sebelum simulasi selesai" in err, err
    doc = read_manifest(out)
    assert doc["status"] == "partial" and list(doc["files"]) == ["event_log_parquet"]
