"""Batches started by the clock in a scenario TOML (``max_wait``, ``max_wait_working``,
``idle``, ``at``, ``days``, ``min_size``): closed forms on fixed times, the ``batch_id``
column on every path (memory, Parquet, streamed, CSV, XES), and located messages in
Indonesian for wrong input. ``tests/test_prosimos_batch_firing.py`` checks the same
engine against Prosimos."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.export import read_csv_log, read_parquet_log, write_result
from probisnis.sim.scenario import Firing
from probisnis.sim.scenario_toml import load_scenario
from test_prosimos_batch import GAP, WORK
from test_sim_batch import SCENARIO

H = 3600.0
DAY = 86_400.0


def _load(tmp_path: Path, batch: str, base: str = SCENARIO) -> object:
    path = tmp_path / "s.toml"
    path.write_text(base + "\n[batches.B]\n" + batch, encoding="utf-8")
    return load_scenario(path)


def _b(tmp_path: Path, batch: str, base: str = SCENARIO) -> pd.DataFrame:
    return simulate(_load(tmp_path, batch, base)).log.query(  # type: ignore[arg-type]
        "element_id == 'B'").sort_values("case_id")


def test_the_keys_become_or_groups(tmp_path: Path) -> None:
    s = _load(tmp_path, 'kind = "parallel"\nsize = 5\nmax_wait = "2d"\nidle = "4h"\n'
                        'max_wait_working = "15h"\nat = ["14:00", "09:30:15"]\n'
                        'days = ["senin", "Thursday"]\nmin_size = 2\n')
    batch = s.tasks["B"].batch  # type: ignore[attr-defined]
    assert batch.rules == (
        (Firing("size", 5, 5),), (Firing("oldest", 2 * DAY, 2 * DAY),),
        (Firing("oldest_working", 15 * H, 15 * H),), (Firing("idle", 4 * H, 4 * H),),
        (Firing("at", 14 * H), Firing("weekday", 0)), (Firing("at", 14 * H), Firing("weekday", 3)),
        (Firing("at", 9.5 * H + 15), Firing("weekday", 0)),
        (Firing("at", 9.5 * H + 15), Firing("weekday", 3)))
    assert batch.least == 2 and batch.size == 5
    assert batch.effort() == 1.0  # the stability check: the plain duration (size unknown)


def test_size_alone_stays_the_plain_rule(tmp_path: Path) -> None:
    batch = _load(tmp_path, "size = 3\n").tasks["B"].batch  # type: ignore[attr-defined]
    assert batch.rules == () and batch.least == 2


def test_max_wait_or_size(tmp_path: Path) -> None:
    """Arrivals every 30 min from Monday 08:00; 3 cases or the oldest waiting 45 min:
    cases 0 and 1 go at 45 min (case 2 comes at 60), then 2 and 3 at 105 min, ...
    Parallel, so every case of a batch starts together and takes 10 min x 2."""
    b = _b(tmp_path, 'kind = "parallel"\nsize = 3\nmax_wait = "45min"\n')
    first = [2 * (c // 2) * GAP + 0.75 * H for c in range(7)]
    first[6] = 6 * GAP + 0.75 * H  # the seventh waits alone its 45 min
    assert b["start"].tolist() == first
    assert (b["end"] - b["start"]).tolist() == [2 * WORK] * 6 + [WORK]
    assert b["batch_id"].tolist() == [1, 1, 2, 2, 3, 3, 4]


def test_at_a_time_of_day_or_size(tmp_path: Path) -> None:
    """Size 3 or every day at 09:15: two batches of 3 by size (at 09:00 and 10:30), the
    seventh case (11:00) waits for the next day's 09:15."""
    b = _b(tmp_path, 'kind = "parallel"\nsize = 3\nat = "09:15"\n')
    assert b["start"].tolist() == [2 * GAP] * 3 + [5 * GAP] * 3 + [DAY + 1.25 * H]
    assert b["batch_id"].tolist() == [1, 1, 1, 2, 2, 2, 3]


def test_idle(tmp_path: Path) -> None:
    """No new case for 40 min: never while cases come every 30 min, so all seven go
    together 40 min after the last one (11:00 + 40 min), one after another, with the
    default calendar's lunch break at 12:00-12:30."""
    b = _b(tmp_path, 'kind = "sequential"\nidle = "40min"\n')
    begin = 6 * GAP + 40 * 60
    assert b["start"].tolist() == [begin, begin + WORK] + [4.5 * H + c * WORK
                                                          for c in range(5)]
    assert set(b["batch_id"]) == {1}


def test_days_at(tmp_path: Path) -> None:
    """On Tuesdays at 08:00: the seven Monday cases go on Tuesday 08:00 (one day in)."""
    b = _b(tmp_path, 'kind = "parallel"\nat = "08:00"\ndays = ["selasa"]\n')
    assert b["start"].tolist() == [DAY] * 7
    assert (b["end"] - b["start"]).tolist() == [7 * WORK] * 7


def test_min_size(tmp_path: Path) -> None:
    """At 09:15 and 10:15 daily with at least 3 cases: 09:15 finds 3 (08:00, 08:30, 09:00),
    10:15 finds 2 (09:30, 10:00) and lets them wait for the next day's 09:15, when they go
    with the ones that came later (10:30, 11:00)."""
    b = _b(tmp_path, 'kind = "parallel"\nat = ["09:15", "10:15"]\nmin_size = 3\n')
    assert b["start"].tolist() == [1.25 * H] * 3 + [DAY + 1.25 * H] * 4


WORKING = SCENARIO.replace("start = 2025-01-06T08:00:00", "start = 2025-01-10T11:00:00") + '''
[calendar]
weekly = [{ days = "mon-fri", from = "08:00", to = "12:00" }]
'''


def test_max_wait_working_counts_working_hours(tmp_path: Path) -> None:
    """From Friday 11:00 on a 08:00-12:00 weekday calendar, 2 working hours are Friday
    11:00-12:00 and Monday 08:00-09:00: the batch goes on Monday at 09:00, with every case
    that came over the weekend; with ``max_wait = "2h"`` (calendar time) batches go on Friday
    at 13:00 and 15:00 and wait for the head's Monday morning."""
    monday_9 = 3 * DAY - 2 * H
    b = _b(tmp_path, 'kind = "parallel"\nmax_wait_working = "2h"\n', WORKING)
    assert b["start"].tolist() == [monday_9] * 7
    b = _b(tmp_path, 'kind = "parallel"\nmax_wait = "2h"\n', WORKING)
    monday_8 = 3 * DAY - 3 * H
    assert b["batch_id"].tolist() == [1] * 4 + [2] * 3  # 13:00 finds four, 15:00 three
    assert b["start"].tolist() == [monday_8] * 4 + [monday_8 + 4 * WORK] * 3


def test_the_batch_id_on_every_path(tmp_path: Path) -> None:
    """The same numbers in memory, in the Parquet log, in a streamed run and in the CSV and
    XES exports; no ``batch_id`` column for a scenario without batches."""
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO + '\n[batches.B]\nkind = "parallel"\nsize = 3\n'
                    'max_wait = "45min"\n', encoding="utf-8")
    s = load_scenario(path)
    memory = simulate(s).log
    ids = memory.query("element_id == 'B'").sort_values("case_id")["batch_id"].tolist()
    assert ids == [1, 1, 2, 2, 3, 3, 4]
    assert memory.query("element_id != 'B'")["batch_id"].isna().all()
    simulate(s, log_path=tmp_path / "log.parquet")
    simulate(s, log_path=tmp_path / "s.parquet", cases_path=tmp_path / "c.parquet")
    from probisnis.sim.logsink import read_log

    for other in (read_log(tmp_path / "log.parquet"), read_log(tmp_path / "s.parquet")):
        key = ["case_id", "element_id"]
        a = memory.sort_values(key)["batch_id"].to_numpy()
        b = other.sort_values(key)["batch_id"].to_numpy(dtype=float)
        assert np.array_equal(a, b, equal_nan=True)
    out = tmp_path / "out"
    assert main(["simulate", str(path), "--out", str(out)]) == 0
    csv = pd.read_csv(out / "event_log.csv")
    assert csv.query("element_id == 'B'").sort_values("case_id")["batch_id"].tolist() == ids
    assert csv.query("element_id != 'B'")["batch_id"].isna().all()
    assert read_csv_log(out / "event_log.csv")["batch_id"].notna().sum() == 7
    assert read_log(out / "event_log.parquet")["batch_id"].notna().sum() == 7
    exported = write_result(simulate(s), tmp_path / "e.parquet", "parquet")
    assert read_parquet_log(exported)["batch_id"].notna().sum() == 7
    text = write_result(simulate(s), tmp_path / "log.xes", "xes").read_text(encoding="utf-8")
    assert text.count('<int key="probisnis:batch_id" value="') == 7 * 2  # start, complete
    plain = tmp_path / "plain.toml"
    plain.write_text(SCENARIO, encoding="utf-8")
    assert "batch_id" not in simulate(load_scenario(plain)).log.columns


BAD = [
    ('size = 3\nmax_wait = "soon"\n', "batches.B.max_wait", "rentang waktu"),
    # a bare number would be seconds: the unit is asked for
    ('size = 3\nmax_wait = 2\n', "batches.B.max_wait", 'misalnya "2d" (hari) atau "2h"'),
    ('size = 3\nidle = 1.5\n', "batches.B.idle", 'misalnya "1.5d"'),
    ('at = "25:00"\n', "batches.B.at", "jam seperti"),
    ('at = ["9:00"]\n', "batches.B.at[0]", "jam seperti"),
    ('at = []\n', "batches.B.at", "tidak boleh kosong"),
    ('at = "09:00"\ndays = ["senen"]\n', "batches.B.days[0]", "bukan nama hari"),
    ('size = 3\ndays = ["senin"]\n', "batches.B.days", "at"),
    ('size = 3\nmin_size = 2\n', "batches.B.min_size", "at"),
    ('at = "09:00"\nmin_size = 0\n', "batches.B.min_size", ""),
    ('kind = "parallel"\n', "batches.B.size", "max_wait"),
    ('size = 3\nmaks_tunggu = "2d"\n', "batches.B.maks_tunggu", "max_wait"),
]


@pytest.mark.parametrize(("batch", "key", "needle"), BAD, ids=[b[1] + str(i)
                                                              for i, b in enumerate(BAD)])
def test_wrong_input_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                batch: str, key: str, needle: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO + "\n[batches.B]\n" + batch, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: [{key}] "), str(info.value)
    assert needle in info.value.message, info.value.message
    assert main(["simulate", str(path), "--cases", "3"]) == 1
    err = capsys.readouterr().err
    assert f"[{key}]" in err and "Traceback" not in err


def test_a_batch_started_outside_working_hours_waits_for_its_person(tmp_path: Path) -> None:
    """``at = "14:00"`` every day from Friday 11:00, head working 08:00-12:00 on weekdays:
    Friday 14:00 starts the six cases come by then (the seventh comes at 14:00 itself, just
    after), Saturday 14:00 the seventh; the head does both on Monday, one after the other."""
    b = _b(tmp_path, 'kind = "parallel"\nat = "14:00"\n', WORKING)
    monday_8 = 3 * DAY - 3 * H
    assert b["batch_id"].tolist() == [1] * 6 + [2]
    assert b["start"].tolist() == [monday_8] * 6 + [monday_8 + 6 * WORK]


def test_a_case_terminated_while_waiting_leaves_a_clock_batch(tmp_path: Path) -> None:
    """Each case is ended by a terminate event 5 min after arriving, before its 20-min idle
    limit: no case of B starts, and the wake-ups left behind do not start an empty batch."""
    from test_sim_batch import TERMINATE

    model = tmp_path / "t.bpmn"
    model.write_text(TERMINATE, encoding="utf-8")
    path = tmp_path / "t.toml"
    path.write_text(f'model = "{model.as_posix()}"\ncases = 4\n[arrivals]\n'
                    'interarrival = {dist = "fixed", value = 30, unit = "min"}\n'
                    '[tasks.B]\nduration = {dist = "fixed", value = 10, unit = "min"}\n'
                    '[tasks.T]\nduration = {dist = "fixed", value = 5, unit = "min"}\n'
                    '[batches.B]\nidle = "20min"\n', encoding="utf-8")
    log = simulate(load_scenario(path)).log
    b = log[log["element_id"] == "B"].sort_values("case_id")
    assert b["case_id"].tolist() == [0, 1, 2, 3]
    assert b["start"].isna().all() and b["batch_id"].isna().all()
