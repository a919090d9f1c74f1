"""Every process ready to simulate: bundled scenarios, ``scenario init``, ``simulate --library``."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.sim import load_scenario, simulate

ROOT = Path(__file__).resolve().parents[1]
SIMULATIONS = sorted((ROOT / "simulations").glob("*.toml"))
#: every process the regulation describes as work (the maps are not simulated)
PROCESSES = sorted(p for p in (ROOT / "processes").glob("*.bpmn")
                   if not p.name.startswith("peta_"))


def test_a_scenario_for_every_mechanism_penugasan_pertanggungjawaban_and_kinerja() -> None:
    models = {Path(load_scenario(p).model.path or "").name for p in SIMULATIONS}
    wanted = {p.name for p in PROCESSES} - {"penentuan_penilai_kinerja.bpmn"}
    assert wanted <= models, sorted(wanted - models)


@pytest.mark.parametrize("path", SIMULATIONS, ids=lambda p: p.stem)
def test_bundled_scenario_simulates_every_case_on_stated_probabilities(path: Path) -> None:
    scenario = load_scenario(path)
    text = path.read_text(encoding="utf-8")
    if "extends" in text:  # a variant: its base says so
        base = text.split('extends = "', 1)[1].split('"', 1)[0]
        text = (path.parent / base).read_text(encoding="utf-8")
    assert "ASUMSI" in text and "data" in text  # says its numbers are assumptions
    result = simulate(scenario, cases=15, replications=1)
    assert (result.cases["status"] == "finished").all()
    assert len(result.log) > 15
    # every gateway and task has its own numbers (no silent equal split or default)
    assert not [w for w in result.warnings if "no branch probabilities" in w
                or "no duration" in w], result.warnings


@pytest.mark.parametrize("model", PROCESSES, ids=lambda p: p.stem)
def test_scenario_init_writes_a_scenario_that_simulates_as_written(
        model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["scenario", "init", str(model)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Skenario awal") and "ASUMSI" in out
    (tmp_path / "scenario.toml").write_text(out, encoding="utf-8")
    scenario = load_scenario(tmp_path / "scenario.toml")
    lanes = {lane.id for d in scenario.definitions for p in d.processes.values()
             for lane in p.iter_lanes(subprocesses=True) if not lane.children}
    assert lanes and set(scenario.lane_pools) == lanes  # also the lanes inside subprocesses
    result = simulate(scenario, cases=5, replications=1)
    assert len(result.cases) == 5
    assert not [w for w in result.warnings if "no branch probabilities" in w]
    # a lane without its pool would be assumed one person with a warning
    assert not [w for w in (*scenario.warnings, *result.warnings)
                if "no [resources] entry" in w], result.warnings


def test_scenario_init_out_file_paths_are_relative_to_it(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    target = tmp_path / "sub" / "m3.toml"
    target.parent.mkdir()
    model = ROOT / "processes" / "m3_jpt_satu_level.bpmn"
    assert main(["scenario", "init", str(model), "--out", str(target)]) == 0
    assert "library = [" in target.read_text(encoding="utf-8")
    assert load_scenario(target).process_id == "M3_mekanisme"
    # never overwrites without --force
    assert main(["scenario", "init", str(model), "--out", str(target)]) == 2
    assert "sudah ada; tambahkan --force" in capsys.readouterr().err


def test_scenario_init_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "init", str(tmp_path / "nope.bpmn")]) == 2
    assert "berkas model tidak ditemukan" in capsys.readouterr().err
    model = ROOT / "processes" / "m3_jpt_satu_level.bpmn"
    assert main(["scenario", "init", str(model), "--process", "X"]) == 2
    assert "tidak ada proses 'X'" in capsys.readouterr().err
    assert main(["scenario", "init", str(model), "--library", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "PG_1b_penunjukkan_lintas_unit" in err and str(tmp_path) in err
    assert main(["scenario"]) == 2


def test_simulate_bare_model_resolves_called_processes_from_its_folder(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = ROOT / "processes" / "m3_jpt_satu_level.bpmn"
    assert main(["simulate", str(model), "--cases", "5"]) == 0
    assert "M3_mekanisme" in capsys.readouterr().out
    # --library elsewhere: refused, naming where it looked
    assert main(["simulate", str(model), "--cases", "5", "--library", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "PG_1b_penunjukkan_lintas_unit" in err and str(tmp_path) in err
    assert main(["simulate", str(model), "--library", str(tmp_path / "x")]) == 2
    assert "folder atau berkas tidak ditemukan" in capsys.readouterr().err
    # a copy alone in another folder: the message names that folder
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / model.name).write_bytes(model.read_bytes())
    assert main(["simulate", str(alone / model.name), "--cases", "5"]) == 1
    assert str(alone) in capsys.readouterr().err
    # with --library pointing at the processes it runs again
    assert main(["simulate", str(alone / model.name), "--cases", "5",
                 "--library", str(ROOT / "processes")]) == 0
    capsys.readouterr()


def test_simulate_library_is_for_bare_models(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
    assert main(["simulate", str(path), "--library", str(ROOT / "processes")]) == 2
    assert "skenario menyebut pustakanya sendiri" in capsys.readouterr().err
