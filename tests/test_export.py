"""Exports (CSV, Parquet, XES read back by pm4py) and the chunked Parquet log sink."""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from kpi_fixtures import IntervalCalendar, mm1_log, three_cases
from probisnis.errors import OutputError, UsageError
from probisnis.sim.export import (
    case_frame,
    event_log_frame,
    read_csv_log,
    read_parquet_log,
    write_csv,
    write_parquet,
)
from probisnis.sim.kpis import LOG_COLUMNS, kpis, kpis_from_parquet
from probisnis.sim.logsink import (
    ParquetLogSink,
    iter_log_chunks,
    read_log,
    read_log_metadata,
)
from probisnis.sim.xes import write_xes

MONDAY = datetime(2025, 1, 6, 8, 0)
PM4PY_WARNINGS = pytest.mark.filterwarnings(
    "ignore:Install the optional requirement:UserWarning")


def test_event_log_frame_by_hand() -> None:
    log, _, _ = three_cases()
    cal = IntervalCalendar([(0, 50), (60, 100)])
    f = event_log_frame(log, start=MONDAY, calendars={"R2": cal})
    assert list(f.columns) == [*LOG_COLUMNS[:9], "enable", "start", "end", "waiting_seconds",
                               "processing_seconds", "waiting_working_seconds",
                               "processing_working_seconds"]
    b1 = f.iloc[1]  # B of case 1: enable 10, start 12, end 30
    assert b1["start"] == pd.Timestamp("2025-01-06 08:00:12")
    assert b1["waiting_seconds"] == 2.0 and b1["processing_seconds"] == 18.0
    b3 = f.iloc[5]  # B of case 3 still running: end NaT
    assert pd.isna(b3["end"]) and math.isnan(b3["processing_seconds"])
    # R1 has no calendar and there is no process calendar: working columns NaN
    assert f.loc[f.resource.eq("R1"), "processing_working_seconds"].isna().all()
    plain = event_log_frame(log, start=MONDAY)
    assert "waiting_working_seconds" not in plain.columns


def test_event_log_frame_with_real_working_calendar() -> None:
    from probisnis.sim.calendar import WorkingCalendar

    cal = WorkingCalendar.from_spec({}, start=MONDAY, horizon_days=30, where="calendar",
                                    path=None)
    log, _, _ = three_cases()
    # Friday 15:00 to Monday 09:00: one working hour on Friday and one on Monday
    friday = 4 * 86_400 + 7 * 3600.0
    monday = 7 * 86_400 + 1 * 3600.0
    log.loc[0, ["enable", "start", "end"]] = [friday, friday, monday]
    f = event_log_frame(log, start=MONDAY, process_calendar=cal)
    assert f.loc[0, "end"] == pd.Timestamp("2025-01-13 09:00")
    assert f.loc[0, "processing_seconds"] == monday - friday
    assert f.loc[0, "processing_working_seconds"] == pytest.approx(2 * 3600.0)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_round_trip(tmp_path: Path, fmt: str) -> None:
    log, _, _ = three_cases()
    log.loc[2, "lane"] = None  # missing strings survive as None
    log.loc[3, "lane"] = "NA"  # and a lane called NA is not missing
    log.loc[0, "start"] = 0.0004  # rounded to the millisecond
    cal = IntervalCalendar([(0, 50), (60, 100)])
    expected = event_log_frame(log, start=MONDAY, calendars={"R1": cal, "R2": cal})
    writer, reader = {"csv": (write_csv, read_csv_log),
                      "parquet": (write_parquet, read_parquet_log)}[fmt]
    path = writer(log, tmp_path / f"log.{fmt}", start=MONDAY, calendars={"R1": cal, "R2": cal})
    back = reader(path)
    pd.testing.assert_frame_equal(back, expected)
    assert back.loc[2, "lane"] is None
    assert back.loc[0, "start"] == pd.Timestamp("2025-01-06 08:00:00")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_chunked_export_equals_whole(tmp_path: Path, fmt: str) -> None:
    log, _, _ = mm1_log(np.random.default_rng(2), 50)
    writer, reader = {"csv": (write_csv, read_csv_log),
                      "parquet": (write_parquet, read_parquet_log)}[fmt]
    whole = reader(writer(log, tmp_path / f"a.{fmt}", start=MONDAY))
    chunks = [log.iloc[i:i + 7] for i in range(0, len(log), 7)]
    parts = reader(writer(iter(chunks), tmp_path / f"b.{fmt}", start=MONDAY))
    pd.testing.assert_frame_equal(parts, whole)
    assert len(whole) == 50


def test_csv_is_plain_for_spreadsheets(tmp_path: Path) -> None:
    log, _, _ = three_cases()
    log.loc[1, "name"] = 'Verifikasi, "cek" berkas'  # a comma and quotes in a name
    text = write_csv(log, tmp_path / "log.csv", start=MONDAY).read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header.startswith("case_id,replication,process_id,element_id,name,kind,lane")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:12] == ["1", "0", "P", "A", "Task A", "userTask", "L1", "R1", "R1#1",
                            "2025-01-06 08:00:00.000", "2025-01-06 08:00:00.000",
                            "2025-01-06 08:00:10.000"]
    assert rows[2][4] == 'Verifikasi, "cek" berkas'
    assert rows[1][13] == "10"  # processing seconds


def test_csv_locale_id_for_indonesian_spreadsheets(tmp_path: Path) -> None:
    """``locale="id"``: fields separated by ``;``, a decimal comma; same values."""
    log, _, _ = three_cases()
    log.loc[0, "end"] = 10.25
    path = write_csv(log, tmp_path / "log.csv", start=MONDAY, locale="id")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("case_id;replication;process_id;element_id")
    back = pd.read_csv(path, sep=";", decimal=",")
    assert back.loc[0, "processing_seconds"] == 10.25
    assert back.loc[0, "end"] == "2025-01-06 08:00:10.250"
    english = pd.read_csv(write_csv(log, tmp_path / "en.csv", start=MONDAY))
    pd.testing.assert_frame_equal(back, english)
    with pytest.raises(UsageError, match="locale"):
        write_csv(log, tmp_path / "x.csv", start=MONDAY, locale="fr")


def test_bad_export_input(tmp_path: Path) -> None:
    log, _, _ = three_cases()
    with pytest.raises(UsageError, match="lacks columns"):
        write_csv(log.drop(columns=["end"]), tmp_path / "x.csv", start=MONDAY)
    with pytest.raises(OutputError, match="tidak dapat menulis"):
        write_csv(log, tmp_path / "missing-dir" / "x.csv", start=MONDAY)
    (tmp_path / "junk.csv").write_text("a,b\n1,2\n")
    with pytest.raises(UsageError, match="not an exported event log") as info:
        read_csv_log(tmp_path / "junk.csv")
    assert str(info.value).startswith(str(tmp_path / "junk.csv"))
    with pytest.raises(UsageError, match="utc_offset"):
        write_xes(log, tmp_path / "x.xes", start=MONDAY, utc_offset="WIB")


@PM4PY_WARNINGS
def test_xes_read_back_by_pm4py(tmp_path: Path) -> None:
    import pm4py

    log, _, _ = mm1_log(np.random.default_rng(4), 30, reps=2)
    log = log.assign(name=np.where(log["case_id"] % 3 == 0, "Telaah surat", "Paraf"))
    log.loc[5, ["end"]] = np.nan  # in service at the horizon: start event only
    log.loc[6, ["start", "end"]] = np.nan  # never started: no event
    path = write_xes(log, tmp_path / "log.xes", start=MONDAY)
    df = pm4py.read_xes(str(path))
    started = log["start"].notna().sum()
    assert len(df) == started + log["end"].notna().sum() == 2 * 60 - 3
    # "<replication>-<case>"; case 6 of replication 0 never started anything: no trace
    assert df["case:concept:name"].nunique() == 59
    assert "0-6" not in set(df["case:concept:name"]) and "1-6" in set(df["case:concept:name"])
    assert set(df["concept:name"]) == {"Telaah surat", "Paraf"}
    assert set(df["lifecycle:transition"]) == {"start", "complete"}
    assert set(df["org:role"]) == {"L"} and set(df["org:resource"]) == {"R#1"}
    # timestamps are the sim seconds after Monday 08:00 in Jakarta (UTC+7)
    row = log.iloc[10]
    name = f"{row['replication']}-{row['case_id']}"
    ev = df[(df["case:concept:name"] == name) & (df["lifecycle:transition"] == "complete")]
    want = pd.Timestamp("2025-01-06 01:00", tz="UTC") + pd.to_timedelta(row["end"], unit="s")
    got = pd.Timestamp(ev["time:timestamp"].iloc[0]).tz_convert("UTC")
    assert abs((got - want).total_seconds()) < 1e-3
    # events of a trace are in time order
    for _, trace in df.groupby("case:concept:name"):
        stamps = pd.to_datetime(trace["time:timestamp"], utc=True)
        assert stamps.is_monotonic_increasing


@PM4PY_WARNINGS
def test_xes_single_replication_trace_names_and_zero_duration(tmp_path: Path) -> None:
    import pm4py

    log, _, _ = three_cases()
    log.loc[2, "end"] = log.loc[2, "start"]  # zero-duration: start still before complete
    odd = 'Telaah & paraf "Sekda" <1>\tuntuk Wali Kota'
    log.loc[0, "name"] = odd  # markup characters are escaped, not lost
    log.loc[1, "name"] = ""  # no name: the element id stands in
    df = pm4py.read_xes(str(write_xes(log, tmp_path / "x.xes", start=MONDAY)))
    assert set(df["concept:name"]) == {odd, "B", "Task A", "Task B"}
    assert sorted(df["case:concept:name"].unique()) == ["1", "2", "3"]
    case2 = df[df["case:concept:name"] == "2"]
    assert case2["lifecycle:transition"].tolist()[:2] == ["start", "complete"]
    assert len(df) == 11


def test_sink_writes_row_groups_and_reads_back(tmp_path: Path) -> None:
    log, cases, resources = mm1_log(np.random.default_rng(9), 1050)
    path = tmp_path / "log.parquet"
    with ParquetLogSink(path, chunk_rows=100, metadata={"start": MONDAY.isoformat()}) as sink:
        for i in range(0, len(log), 37):
            part = log.iloc[i:i + 37]
            sink.append({c: part[c].to_numpy() for c in LOG_COLUMNS})
            assert sink._buffered < 100  # never more than one chunk held
    assert sink.rows_written == 1050 and sink.row_groups == 11
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [100] * 10 + [50]
    back = read_log(path)
    expected = log.astype({c: object for c in ("lane", "resource", "resource_instance")})
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    assert back["case_id"].dtype == np.int64 and back["end"].dtype == np.float64
    assert read_log_metadata(path) == {"start": "2025-01-06T08:00:00"}
    assert [len(c) for c in iter_log_chunks(path)][:2] == [100, 100]
    whole = kpis(log, cases, resources, warmup_cases=50)
    streamed = kpis_from_parquet(path, cases, resources, warmup_cases=50)
    pd.testing.assert_frame_equal(streamed, whole, rtol=1e-10)


def test_sink_rejects_bad_rows(tmp_path: Path) -> None:
    sink = ParquetLogSink(tmp_path / "x.parquet")
    row = {c: [1.0] if c in ("enable", "start", "end") else ["x"] for c in LOG_COLUMNS}
    row["case_id"] = [1]
    row["replication"] = [0]
    with pytest.raises(UsageError, match="missing \\['end'\\]"):
        sink.append({k: v for k, v in row.items() if k != "end"})
    with pytest.raises(UsageError, match="differ in length"):
        sink.append({**row, "case_id": [1, 2]})
    with pytest.raises(UsageError, match="'lane' needs string"):
        sink.append({**row, "lane": [3]})
    with pytest.raises(UsageError, match="'enable' needs double"):
        sink.append({**row, "enable": ["soon"]})
    sink.append({**row, "lane": [None]})
    sink.close()
    sink.close()
    with pytest.raises(UsageError, match="closed"):
        sink.append(row)
    back = read_log(tmp_path / "x.parquet")
    assert len(back) == 1 and pd.isna(back["lane"].iloc[0])  # None (pandas 2) or NaN (3)
    with pytest.raises(UsageError, match="positive integer"):
        ParquetLogSink(tmp_path / "y.parquet", chunk_rows=0)
    (tmp_path / "z.parquet").write_text("not parquet")
    with pytest.raises(UsageError, match="Parquet yang dapat dibaca"):
        read_log(tmp_path / "z.parquet")


def test_case_frame_by_hand() -> None:
    _, cases, _ = three_cases()
    cal = IntervalCalendar([(0, 20), (40, 100)])
    f = case_frame(cases, start=MONDAY, process_calendar=cal)
    assert list(f.columns) == ["case_id", "replication", "status", "arrival", "end",
                               "cycle_seconds", "cycle_working_seconds"]
    assert f["end"].iloc[1] == pd.Timestamp("2025-01-06 08:00:50")
    assert f["cycle_seconds"].tolist()[:2] == [30.0, 40.0]
    assert f["cycle_working_seconds"].tolist()[:2] == [20.0, 20.0]  # 0-20 | 10-20 + 40-50
    assert pd.isna(f["end"].iloc[2]) and math.isnan(f["cycle_working_seconds"].iloc[2])
    assert "cycle_working_seconds" not in case_frame(cases, start=MONDAY).columns
