"""``probisnis simulate --out DIR --stream`` end to end: the same page, KPIs and files as
without ``--stream`` (the case table in the order cases end), every file whole or absent,
and a run stopped by a signal or killed outright leaves marked or detectable leftovers."""

from __future__ import annotations

import csv
import io
import os
import signal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from probisnis.cli import main
from probisnis.outputs import file_digest, read_manifest
from test_simulate_signals import PERMIT, finish, log_has_a_row_group, part, start, wait_for


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["simulate", str(PERMIT), "--cases", "300", "--seed", "4",
                 "--warmup-cases", "12", *args]) == 0
    return capsys.readouterr().out


def test_stream_gives_the_same_page_kpis_and_files(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    plain, streamed = tmp_path / "plain", tmp_path / "streamed"
    page = run(capsys, "--out", str(plain))
    page_streamed = run(capsys, "--out", str(streamed), "--stream")

    def shown(text: str) -> list[str]:  # the page without the list of files written
        return [ln for ln in text.splitlines() if not ln.startswith("Ditulis")]

    assert shown(page_streamed) == shown(page)
    assert f"Ditulis: {streamed / 'cases.parquet'}" in page_streamed
    a = pd.read_csv(plain / "kpis.csv")
    b = pd.read_csv(streamed / "kpis.csv")
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)
    assert (plain / "event_log.csv").read_bytes() == (streamed / "event_log.csv").read_bytes()
    key = ["replication", "case_id"]
    cases = pd.read_csv(plain / "cases.csv")
    cases_streamed = pd.read_csv(streamed / "cases.csv")
    assert not cases_streamed["case_id"].is_monotonic_increasing  # in the order they ended
    pd.testing.assert_frame_equal(cases_streamed.sort_values(key, ignore_index=True), cases)
    from_parquet = pq.read_table(streamed / "cases.parquet").to_pandas()
    assert from_parquet["case_id"].tolist() == cases_streamed["case_id"].tolist()
    doc = read_manifest(streamed)
    assert doc["status"] == "complete" and doc["cases"] == 300
    entry = doc["files"]["cases_parquet"]
    assert entry["rows"] == 300
    assert file_digest(streamed / "cases.parquet") == (entry["bytes"], entry["sha256"])


def test_stream_in_id_locale_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    doc = json.loads(run(capsys, "--out", str(tmp_path / "o"), "--stream", "--json",
                         "--csv-locale", "id"))
    assert doc["cases"] == 300 and doc["status"] == {"finished": 300}
    text = (tmp_path / "o" / "cases.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["case_id", "replication", "arrival", "end", "status"]
    assert len(rows) == 301 and "," in rows[1][2]  # decimal comma


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_keeps_both_partial_tables(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out"
    proc = start(out, 1_000_000, "--stream")
    wait_for(proc, lambda: log_has_a_row_group(out))
    os.kill(proc.pid, sig)
    code, err = finish(proc)
    assert code == 128 + sig, err
    assert "Traceback" not in err
    doc = read_manifest(out)
    assert doc["status"] == "partial"
    assert sorted(doc["files"]) == ["cases_parquet_partial", "event_log_parquet_partial"]
    for key, name in (("cases_parquet_partial", "cases.partial.parquet"),
                      ("event_log_parquet_partial", "event_log.partial.parquet")):
        entry = doc["files"][key]
        assert entry["complete"] is False and entry["path"] == name
        assert pq.ParquetFile(out / name).metadata.num_rows == entry["rows"]  # whole files
    assert doc["files"]["event_log_parquet_partial"]["rows"] > 0
    assert sorted(p.name for p in out.iterdir()) == [
        "cases.partial.parquet", "event_log.partial.parquet", "manifest.json"]


def test_a_killed_stream_is_reported_and_cleaned(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    proc = start(out, 1_000_000, "--stream")
    wait_for(proc, lambda: log_has_a_row_group(out))
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc)
    assert read_manifest(out)["status"] == "running"
    left = part(out, "event_log.parquet") + part(out, "cases.parquet")
    assert len(left) == 2  # both tables were being written under temporary names
    assert main(["simulate", str(PERMIT), "--cases", "30", "--out", str(out),
                 "--stream"]) == 0
    err = capsys.readouterr().err
    assert "2 berkas sementara (.part) dihapus" in err
    assert not list(out.glob(".*.part"))
    doc = read_manifest(out)
    assert doc["status"] == "complete" and doc["files"]["cases_parquet"]["rows"] == 30


def test_stream_with_a_workbook_reads_the_case_table_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    book = tmp_path / "hasil.xlsx"
    run(capsys, "--out", str(tmp_path / "o"), "--stream", "--xlsx", str(book))
    sheets = openpyxl.load_workbook(book, read_only=True)
    assert sheets["Kasus"].max_row == 301  # a header and every case of the run
