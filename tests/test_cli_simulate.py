"""``probisnis simulate`` called in process through ``main(argv)``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from probisnis.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "sim"
BENCH = ROOT.parent / "shared" / "bench"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["simulate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_default_scenario_prints_a_kpi_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--cases", "10", "--replications", "2")
    assert code == 0, err
    assert "Mekanisme 1" in out and "M1_mekanisme" in out
    assert "20 kasus (20 selesai), 2 replikasi" in out
    for label in ("Waktu siklus", "Waktu tunggu", "Waktu proses", "Utilisasi (%)"):
        assert label in out
    assert "Sekretaris Daerah" in out and "selang kepercayaan 95%" in out
    # the answer, then one table of pools and one of activities (tests/test_present_simulation)
    lines = out.splitlines()
    assert any(line.startswith("  Waktu siklus ") for line in lines)
    sekda = next(line for line in lines if line.startswith("Sekretaris Daerah ") and "%" in line)
    assert "±" in sekda or "*" in sekda


def test_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(DATA / "permit.toml"), "--cases", "200", "--json",
                       "--replications", "3", "--seed", "4")
    assert code == 0
    doc = json.loads(out)
    assert doc["process"] == "Process_permit" and doc["replications"] == 3
    assert doc["cases"] == 600 and doc["seed"] == 4
    assert doc["status"] == {"finished": 600}
    rec = {(k["name"], k["scope"]): k for k in doc["kpis"]}
    assert set(doc["kpis"][0]) == {"name", "scope", "scope_name", "mean", "ci_low", "ci_high",
                                   "unit", "ci_clipped"}
    cycle = rec[("cycle_time", "process")]
    assert cycle["ci_low"] <= cycle["mean"] <= cycle["ci_high"]
    assert ("utilization", "clerk") in rec and ("waiting_time", "T_assess") in rec


def test_out_dir_gets_log_and_kpi_files(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, _ = run(capsys, str(DATA / "permit.toml"), "--cases", "100", "--out",
                       str(out_dir), "--seed", "1")
    assert code == 0
    for name in ("event_log.csv", "event_log.parquet", "kpis.csv", "kpis_per_replication.csv",
                 "cases.csv", "resources.csv"):
        assert (out_dir / name).is_file(), name
    log = pd.read_csv(out_dir / "event_log.csv")
    assert {"case_id", "element_id", "resource_instance"} <= set(log.columns)
    assert log["case_id"].nunique() == 100
    kpis = pd.read_csv(out_dir / "kpis.csv")
    assert list(kpis.columns) == ["name", "scope", "mean", "ci_low", "ci_high", "unit",
                                  "ci_clipped"]


def test_streaming_gives_the_same_kpis(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    args = [str(DATA / "permit.toml"), "--cases", "300", "--seed", "2", "--json"]
    _, plain, _ = run(capsys, *args)
    code, streamed, _ = run(capsys, *args, "--out", str(tmp_path), "--stream")
    assert code == 0
    a = {(k["name"], k["scope"]): k["mean"] for k in json.loads(plain)["kpis"]}
    b = {(k["name"], k["scope"]): k["mean"] for k in json.loads(streamed)["kpis"]}
    assert a.keys() == b.keys()
    for key, value in a.items():
        assert b[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


@pytest.mark.skipif(not (BENCH / "permit.json").is_file(), reason="shared bench not present")
def test_prosimos_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(BENCH / "permit.bpmn"), "--prosimos",
                         str(BENCH / "permit.json"), "--cases", "200", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["cases"] == 200
    assert any(k["scope"] == "T_decide" for k in doc["kpis"])


def test_bad_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.toml"))
    assert code == 2 and "berkas skenario tidak ditemukan" in err
    # a bare model simulates on stated placeholder assumptions (tests/test_sim_model_only.py)
    code, out, err = run(capsys, str(DATA / "rework.bpmn"), "--cases", "3")
    assert code == 0 and "bukan perkiraan" in out.split("Jawaban")[0]  # warnings lead the page
    code, _, err = run(capsys, "--cases", "0")
    assert code == 2
    code, _, err = run(capsys, "--stream")
    assert code == 2 and "--out" in err
    code, _, err = run(capsys, "--horizon", "soon")
    assert code == 2 and "--horizon" in err
    bad = tmp_path / "bad.toml"
    bad.write_text(f'model = "{DATA / "rework.bpmn"}"\n[tasks.T_x]\n'
                   'duration = {{ dist = "fixed", value = 1 }}\n'.replace("{{", "{")
                   .replace("}}", "}") + '[arrivals]\nrate = 1\n', encoding="utf-8")
    code, _, err = run(capsys, str(bad))
    assert code == 1
    assert err.strip().startswith(f"{bad}: [tasks.T_x] id tugas 'T_x' tidak ada di proses")
    code, _, err = run(capsys, str(bad), "--lang", "en")  # the same error in English
    assert code == 1
    assert err.strip().startswith(f"{bad}: [tasks.T_x] unknown task id 'T_x' in process")


def test_deadlock_fails_the_cases_and_is_reported(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "dead.toml"
    path.write_text(f'model = "{DATA / "deadlock.bpmn"}"\ncases = 3\n[calendar]\n'
                    'holidays = false\n[arrivals]\nrate = 1\nper = "h"\n'
                    '[defaults]\nduration = { dist = "fixed", value = 60 }\n',
                    encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 0  # the run goes on; the cases are marked failed and the reason is given
    assert "3 gagal" in out
    shown = " ".join((out + err).split())  # (wrapped lines)
    assert "[G_andjoin]" in shown and "kasus 0" in shown and "deadlock.bpmn" in shown


def test_horizon_run_reports_cases_in_flight(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(DATA / "permit.toml"), "--horizon", "10d", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc["status"]) <= {"finished", "in_flight"} and doc["status"]["finished"] > 0


def test_json_kpis_are_those_of_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    from probisnis.sim import load_scenario, simulate
    from probisnis.sim.kpis import result_kpis
    from probisnis.sim.stats import summarize

    code, out, _ = run(capsys, str(DATA / "permit.toml"), "--cases", "300", "--json",
                       "--replications", "3", "--seed", "8")
    assert code == 0
    cli = {(k["name"], k["scope"]): k["mean"] for k in json.loads(out)["kpis"]}
    result = simulate(load_scenario(DATA / "permit.toml"), cases=300, replications=3, seed=8)
    api = summarize(result_kpis(result))
    assert len(api) == len(cli)
    for row in api.itertuples():
        assert cli[(row.name, row.scope)] == pytest.approx(row.mean, rel=1e-12, abs=1e-12)
