"""Pools and lanes are shown by the names the BPMN and the scenario give them, not by code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from probisnis import cli, read
from probisnis.whatif.sweep import saturation_points

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "processes" / "m1_sekretariat_daerah.bpmn"


def test_lanes_of_subprocess_lane_sets_are_found_with_their_names():
    process = read(M1).processes["M1_pelaksanaan"]
    own = {lane.id for lane in process.iter_lanes()}
    every = {lane.id: lane.name for lane in process.iter_lanes(subprocesses=True)}
    # the monitoring subprocesses draw their own lanes (M1bP_*), named in the file
    nested = {k: v for k, v in every.items() if k not in own}
    assert nested and all(k.startswith("M1b") for k in nested)
    assert nested["M1bP_L_KETUA_TIM"] == "Ketua Tim"
    assert set(own) <= set(every)


def test_simulate_without_scenario_names_the_pools_of_subprocess_lanes(monkeypatch, capsys):
    monkeypatch.setattr(cli, "COMMANDS", {"simulate": "simulate_cmd"})
    assert cli.main(["simulate", str(M1), "--cases", "5"]) == 0
    out = capsys.readouterr().out
    start = out.index("\nPelaksana (urut proses)")
    table = out[start:out.index("\n\n", start + 1)]
    assert "M1bP" not in table, table
    assert sum(line.startswith("Ketua Tim ") for line in table.splitlines()) == 3


def test_the_saturation_reason_names_the_pool_and_keeps_its_code():
    points = pd.DataFrame({
        "k": [3, 4, 5], "stable": [False, True, True],
        "max_utilization": [0.97, 0.9, 0.7], "busiest_pool": ["SEKDA"] * 3,
        "saturated": [True, True, False]})
    (s,) = saturation_points(points, ["k"], pool_names={"SEKDA": "Sekretaris Daerah"})
    assert s.reason == "utilisasi Sekretaris Daerah 90% > 85%"
    assert s.busiest == "SEKDA"
    unstable = points.assign(stable=False)
    (s,) = saturation_points(unstable, ["k"], pool_names={"SEKDA": "Sekretaris Daerah"})
    assert s.reason == "sistem tidak stabil; pelaksana tersibuk Sekretaris Daerah 90%"
    # a pool nobody named keeps its code
    (s,) = saturation_points(points, ["k"])
    assert "SEKDA 90%" in s.reason
