"""Issue 7, simulate side: inputs that cannot fit are refused early and cleanly.

Every case is run through ``probisnis simulate`` in process (``main(argv)``): the answer is
one ``file: [key] message`` line on stderr and exit 1 (2 for a bad command-line value),
never a traceback, a hang or a machine out of memory.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.errors import ScenarioError
from probisnis.sim.bounds import BYTES_PER_CASE, available_memory, check_run
from probisnis.sim.calendar import WorkingCalendar
from probisnis.sim.scenario_toml import load_scenario

DATA = Path(__file__).parent / "data" / "sim"
ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["simulate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def permit(tmp_path: Path) -> Path:
    """The permit scenario as a base file in ``tmp_path``."""
    text = (DATA / "permit.toml").read_text(encoding="utf-8")
    model = (BENCH / "permit.bpmn").resolve()
    text = text.replace('model = "../../../../shared/bench/permit.bpmn"', f'model = "{model}"')
    base = tmp_path / "base.toml"
    base.write_text(text, encoding="utf-8")
    return base


def variant(permit: Path, body: str) -> Path:
    path = permit.parent / "variant.toml"
    path.write_text(f'extends = "base.toml"\n{body}\n', encoding="utf-8")
    return path


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], key: str,
            needle: str, code: int = 1) -> str:
    got, out, err = run(capsys, *argv)
    assert got == code, err
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"[{key}] " in lines[0] and needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("body", "key", "needle"),
    [
        ("max_visits = 1_000_000_000", "max_visits", "paling banyak 1.000.000"),
        ("replications = 1_000_000_000", "replications", "paling banyak 100.000"),
        ("[resources.clerk]\ncount = 1_000_000_000", "resources.clerk.count", "banyak 100.000"),
        ("[[arrivals.batch]]\nat = 2025-01-06T09:00:00\nsize = 1_000_000_000",
         "arrivals.batch[0].size", "paling banyak 10.000.000"),
        ("start = 9999-12-31T08:00:00", "start", "sebelum tahun 9999"),
        ('horizon = "1000000y"', "horizon", "lebih panjang dari jangkauan kalender"),
        ('start = 9000-01-06T09:00:00\nhorizon = "999y"', "horizon",
         "melewati akhir kalender"),
        ("[tasks.T_fee]\nduration = { dist = \"exponential\", mean = 1e308 }",
         "tasks.T_fee.duration.mean", "lebih panjang dari jangkauan kalender"),
        ("[resources.clerk]\ncost_per_hour = 1e308", "resources.clerk.cost_per_hour", "<= 1e+12"),
        ("cases = 1_000_000_000", "cases", "melewati akhir kalender"),
    ],
)
def test_scenario_values_that_cannot_fit(capsys: pytest.CaptureFixture[str], permit: Path,
                                         body: str, key: str, needle: str) -> None:
    line = refused(capsys, [str(variant(permit, body))], key, needle)
    assert line.startswith(f"{permit.parent / 'variant.toml'}: ")


@pytest.mark.parametrize(
    ("argv", "key", "needle"),
    [
        (["--cases", str(10**9)], "cases", "melewati akhir kalender"),
        (["--cases", "100000", "--replications", "100000"], "cases", "memori"),
    ],
)
def test_command_line_values_that_cannot_fit(capsys: pytest.CaptureFixture[str], permit: Path,
                                             argv: list[str], key: str, needle: str) -> None:
    refused(capsys, [str(permit), *argv], key, needle)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--seed", "-1"], "--seed harus bilangan bulat >= 0"),
        (["--replications", str(10**9)], "--replications paling banyak 100.000"),
        (["--cases", "0"], "--cases harus >= 1"),
    ],
)
def test_bad_command_line_values_are_usage_errors(capsys: pytest.CaptureFixture[str],
                                                  permit: Path, argv: list[str],
                                                  needle: str) -> None:
    code, _, err = run(capsys, str(permit), *argv)
    assert code == 2 and needle in err and "Traceback" not in err


def test_default_scenario_with_200000_cases_is_refused_before_running(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Two kegiatan a month for 200,000 kegiatan reach past the year 9999: said at once."""
    line = refused(capsys, ["--cases", "200000"], "cases", "melewati akhir kalender")
    assert "m1_sekretariat_daerah.toml: [cases]" in line and "tahun 10.358" in line
    assert "paling banyak sekitar 191.371 kasus" in line


def test_memory_estimate_counts_streamed_cases_cheaper(permit: Path) -> None:
    s = load_scenario(permit)
    from dataclasses import replace

    have = available_memory()
    n = int(have / BYTES_PER_CASE * 1.5)  # does not fit in memory, fits when streamed
    # cases far enough apart in time for the calendar: 1 s apart
    from probisnis.sim.distributions import Fixed

    fast = replace(s, cases=n, arrivals=replace(s.arrivals, interarrival=Fixed(1.0)))
    with pytest.raises(ScenarioError, match="tulis log peristiwa ke disk"):
        check_run(fast)
    check_run(fast, streamed=True)


@pytest.mark.parametrize("kind", ["directory", "fifo", "dev_zero", "not_utf8", "missing"])
def test_extends_that_is_no_scenario_file(capsys: pytest.CaptureFixture[str], permit: Path,
                                          kind: str) -> None:
    folder = permit.parent
    target = {"directory": str(folder), "fifo": "pipe.toml", "dev_zero": "/dev/zero",
              "not_utf8": "latin.toml", "missing": "nope.toml"}[kind]
    needle = {"directory": "adalah folder", "fifo": "bukan berkas biasa",
              "dev_zero": "bukan berkas biasa", "not_utf8": "bukan teks UTF-8",
              "missing": "tidak ditemukan"}[kind]
    if kind == "fifo":
        os.mkfifo(folder / "pipe.toml")
    if kind == "not_utf8":
        (folder / "latin.toml").write_bytes(b'name = "Kota Probolinggo \xe9"\n')
    path = folder / "v.toml"
    path.write_text(f'extends = "{target}"\n', encoding="utf-8")
    line = refused(capsys, [str(path)], "extends", needle)
    assert line.startswith(f"{path}: [extends] ")


def test_scenario_itself_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"name = \"\xff\"\n")
    code, _, err = run(capsys, str(path))
    assert code == 1 and err.startswith(f"{path}: bukan teks UTF-8") and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"resource_profiles": [], "x": ' + "9" * 5000 + "}", "lebih dari 40 digit"),
        ('{"x": 1.' + "5" * 5000 + "}", "lebih dari 40 digit"),
        ('{"x": NaN}', "tidak terhingga"),
        ('{"x": -Infinity}', "tidak terhingga"),
        ("[" * 100_000 + "]" * 100_000, "JSON tidak dapat dibaca"),
    ],
)
def test_prosimos_json_numbers_and_nesting(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           text: str, needle: str) -> None:
    params = tmp_path / "p.json"
    params.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, str(BENCH / "permit.bpmn"), "--prosimos", str(params))
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"{params}: ") and needle in err, err


def test_prosimos_large_values_name_the_json_path(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    doc = json.loads((BENCH / "permit.json").read_text(encoding="utf-8"))
    doc["resource_profiles"][0]["resource_list"][0]["amount"] = 10**12
    doc["gateway_execution_limit"] = 10**12
    params = tmp_path / "p.json"
    params.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, str(BENCH / "permit.bpmn"), "--prosimos", str(params))
    assert code == 1
    assert "[resource_profiles[0].resource_list[0].amount] paling banyak 100.000" in err
    doc["resource_profiles"][0]["resource_list"][0]["amount"] = 3
    params.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, str(BENCH / "permit.bpmn"), "--prosimos", str(params))
    assert code == 1 and "[gateway_execution_limit] paling banyak 1.000.000" in err


def test_endless_loop_stops_at_the_stated_bound(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    shutil.copy(DATA / "rework.bpmn", tmp_path / "rework.bpmn")
    path = tmp_path / "loop.toml"
    path.write_text('model = "rework.bpmn"\ncases = 3\nmax_visits = 5000\n'
                    "[arrivals]\nrate = 1\nper = \"d\"\n"
                    "[gateways.G_ok]\nf_ok = 0.0\nf_redo = 1.0\n", encoding="utf-8")
    code, out, err = run(capsys, str(path), "--json")
    assert code == 0 and "Traceback" not in err
    doc = json.loads(out)
    assert doc["status"] == {"failed": 3}  # each case stops at the bound, the run goes on
    failed = next(w for w in doc["warnings"] if w["code"] == "cases-failed")
    reason = failed["fields"]["reason"]
    assert reason["code"] == "fail-endless-loop" and reason["fields"]["limit"] == 5000
    assert failed["fields"]["more"] == 2  # three cases, one warning
    assert "lebih dari 5.000 kali" in failed["text"] and "max_visits" in failed["text"]


def test_calendar_end_is_a_clean_error() -> None:
    """Past 31 December 9999 the calendar says so (a SimulationError, not OverflowError)."""
    from datetime import datetime

    from probisnis.errors import SimulationError

    cal = WorkingCalendar.from_spec({}, start=datetime(9997, 1, 6, 8), horizon_days=10,
                                    where="calendar")
    assert cal.add_working(0.0, 3600.0) > 0
    with pytest.raises(SimulationError, match="end of the calendar"):
        cal.add_working(0.0, 3600.0 * 7.5 * 2000)


def test_numeric_warnings_become_result_warnings(capsys: pytest.CaptureFixture[str],
                                                 permit: Path) -> None:
    """hours_per_day = 1e-300 overflows the spread of throughput per working day: a warning
    in the result, no numpy noise on stderr."""
    path = permit.parent / "tiny_day.toml"
    base = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
    path.write_text(f'extends = "{base}"\nhours_per_day = 1e-300\ncases = 5\n'
                    "replications = 2\n", encoding="utf-8")
    code, out, err = run(capsys, str(path), "--json")
    assert code == 0, err
    doc = json.loads(out)
    trouble = [w for w in doc["warnings"] if w["code"] == "numeric-trouble"]
    assert trouble and "masalah numerik" in trouble[0]["text"], doc["warnings"]
    assert "RuntimeWarning" not in err and "numpy" not in err

