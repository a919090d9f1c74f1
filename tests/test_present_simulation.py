"""The page ``probisnis simulate`` prints: language, width, order, names, bounds.

``tests/data/present/simulation_*.txt`` were written by hand from a made-up result (below):
every number, width and line break in them was worked out on paper from the rules (Indonesian
number format, one unit per column, text columns wrap, number headings onto two lines,
intervals past a physical bound marked ``*``), not copied from the program's output.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.present.estimates import clip_ci
from probisnis.present.simulation import (
    ActivityInfo,
    PoolInfo,
    SimulationView,
    render_simulation,
)

DATA = Path(__file__).parent / "data" / "present"
WD = 7.5 * 3600
DAY = 86400.0


def _view() -> SimulationView:
    return SimulationView(
        title="Skenario uji", process_id="P", start=datetime(2025, 8, 18, 8, 0), cases=20,
        status={"finished": 18, "in_flight": 2}, replications=3, seed=7, warmup_cases=0,
        hours_per_day=7.5,
        pools=(PoolInfo("KB", "Kepala Bagian", 2, 0.5), PoolInfo("STAF", "Staf Pelaksana", 4, 1.0)),
        activities=(
            ActivityInfo("T1", "Menyusun rencana kerja dan anggaran tahunan bagian",
                         "Tahap Perencanaan", "STAF"),
            ActivityInfo("T2", "Menyetujui rencana", "Tahap Perencanaan", "KB"),
            ActivityInfo("T3", "Melaksanakan kegiatan", "Tahap Pelaksanaan", "STAF"),
        ),
        warnings=("branch split of G1 assumed equal",),
        stability=("Tidak stabil: antrean Kepala Bagian terus tumbuh",),
    )


def _table() -> pd.DataFrame:
    nan = math.nan
    rows = [
        ("cycle_time_working", "process", 10 * WD, 8 * WD, 12 * WD, "s"),
        ("cycle_time", "process", 14 * DAY, 13 * DAY, 15 * DAY, "s"),
        ("utilization", "KB", 0.9, 0.7, 1.1, "fraction"),
        ("utilization", "STAF", 0.4, 0.35, 0.45, "fraction"),
        ("queue_length", "KB", 1.5, 1.0, 2.0, "instances"),
        ("queue_length", "STAF", 0.0, 0.0, 0.0, "instances"),
        ("cost", "process", 1_234_567.4, 1_200_000.0, 1_269_134.8, "IDR"),
        ("throughput", "process", 0.1, 0.09, 0.11, "cases/day"),
        ("wip", "process", 2.5, 2.0, 3.0, "cases"),
        ("waiting_time_working", "T1", 0.5 * WD, 0.0, 1.0 * WD, "s"),
        ("waiting_time_working", "T2", 2.25 * WD, -0.25 * WD, 4.75 * WD, "s"),
        ("waiting_time_working", "T3", 0.0, nan, nan, "s"),
        ("processing_time_working", "T1", 3 * WD, 2.5 * WD, 3.5 * WD, "s"),
        ("processing_time_working", "T2", 0.1 * WD, 0.09 * WD, 0.11 * WD, "s"),
        ("processing_time_working", "T3", 10 * WD, nan, nan, "s"),
    ]
    return pd.DataFrame(rows, columns=["name", "scope", "mean", "ci_low", "ci_high", "unit"])


def test_page_in_indonesian_matches_the_hand_made_snapshot():
    page = render_simulation(_view(), clip_ci(_table()))
    assert page == (DATA / "simulation_id.txt").read_text(encoding="utf-8")


def test_page_in_english_matches_the_hand_made_snapshot():
    page = render_simulation(_view(), clip_ci(_table()), lang="en")
    expected = (DATA / "simulation_en.txt").read_text(encoding="utf-8")
    assert page.startswith(expected)
    assert "Resource pools (process order)" in page and "Kegiatan" not in page


def test_a_narrow_page_wraps_names_whole():
    page = render_simulation(_view(), clip_ci(_table()), width=70)
    lines = page.splitlines()
    assert max(len(x) for x in lines) <= 70
    # the long name wraps at a word boundary onto the next line, nothing cut or elided
    assert "…" not in page
    first = next(i for i, x in enumerate(lines) if "Menyusun rencana" in x)
    name_cells = [lines[i][4:28].strip() for i in range(first, first + 3)]
    assert " ".join(name_cells) == "Menyusun rencana kerja dan anggaran tahunan bagian"
    assert lines[first + 1].startswith("    ")  # continuation lines leave No and pool empty


def test_no_interval_without_replications():
    view = _view()
    one = SimulationView(**{**view.__dict__, "replications": 1, "stability": None})
    table = _table().assign(ci_low=math.nan, ci_high=math.nan)
    page = render_simulation(one, table)
    assert "±" not in page.split("Angka")[0] and " *" not in page
    assert "1 replikasi, tanpa selang kepercayaan" in page
    assert "Stabilitas" not in page  # not checked: no line, rather than a guess


def run(capsys, *argv):
    code = main(["simulate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def m1_json():
    """The bundled scenario with 2 replications: wide intervals, some past the bounds."""
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["simulate", "--cases", "12", "--replications", "2", "--json"]) == 0
    return json.loads(buf.getvalue())


def test_bundled_scenario_page(capsys, m1_json):
    code, out, err = run(capsys, "--cases", "12", "--replications", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= 100
    # the answer leads, then pools, then activities
    order = [out.index(h) for h in ("Jawaban", "Waktu siklus", "Pelaksana tersibuk",
                                    "Pelaksana (urut proses)", "Kegiatan (urut proses)")]
    assert order == sorted(order)
    # names, not codes; whole task names; Indonesian words and number format
    assert "Sekretaris Daerah" in out
    tables = out[out.index("Pelaksana (urut proses)"):]
    for code_name in ("SEKDA", "M1a_L_SEKDA", "cycle_time", "M1a_susun_pk", " replication"):
        assert code_name not in tables
    assert "cycle_time" not in out and " replication" not in out
    assert "Menentukan rencana hasil kerja" in out and "…" not in out
    assert re.search(r"\d,\d hari kerja", out)
    assert not re.search(r"\d\.\d+ hari", out)
    assert not re.search(r"\de[+-]\d", out)  # no scientific notation
    # activities in process order: planning before execution before evaluation
    plan, act, rev = (out.index(n) for n in ("Menyusun dan menetapkan", "Melaksanakan kegiatan",
                                             "Menyesuaikan kembali"))
    assert plan < act < rev
    # one unit per column: the activity times are all in hari kerja, no "h"/"min"/"d"
    table = out.split("Kegiatan (urut proses)")[1]
    assert not re.search(r"\d (h|min|d|wd)\b", table)
    # staff counts used are shown
    sekda = next(x for x in lines if x.startswith("Sekretaris Daerah "))
    assert re.search(r"Sekretaris Daerah\s+1\s+80%", sekda)


def test_bundled_scenario_page_in_english(capsys):
    code, out, _ = run(capsys, "--cases", "12", "--replications", "2", "--lang", "en")
    assert code == 0
    assert "Cycle time" in out and "working days" in out and "Waktu siklus" not in out
    assert re.search(r"\d\.\d working days", out)


def test_json_keeps_ids_and_units_and_gains_names(m1_json):
    kpis = m1_json["kpis"]
    by = {(k["name"], k["scope"]): k for k in kpis}
    assert by[("cycle_time_working", "process")]["unit"] == "s"  # machine units stay
    assert by[("utilization", "SEKDA")]["scope_name"] == "Sekretaris Daerah"
    assert by[("waiting_time", "M1a_susun_pk")]["scope_name"] == \
        "Menyusun dan menetapkan perjanjian kinerja"
    assert {"id": "SEKDA", "name": "Sekretaris Daerah", "count": 1, "availability": 0.8} \
        in m1_json["pools"]
    # no interval crosses a physical bound; a clipped one says so
    for k in kpis:
        if k["ci_low"] is None:
            continue
        if k["unit"] in ("s", "IDR", "cases", "instances", "cases/day"):
            assert k["ci_low"] >= 0, k
        if k["unit"] == "fraction":
            assert k["ci_low"] >= 0 and k["ci_high"] <= 1, k
    assert any(k["ci_clipped"] for k in kpis)  # 2 replications: some intervals are too wide


def test_warnings_come_first(capsys):
    model = Path(__file__).parent / "data" / "sim" / "rework.bpmn"
    code, out, _ = run(capsys, str(model), "--cases", "3")
    assert code == 0
    assert out.startswith("Peringatan\n! ")
    assert "bukan perkiraan" in out.split("Jawaban")[0]
    code, out, _ = run(capsys, str(model), "--cases", "3", "--lang", "en")
    assert out.startswith("Warnings\n! ") and "placeholders" in out.split("Answer")[0]


#: a scenario for tests/data/sim/lanes.bpmn that leaves out what the engine then assumes:
#: the JF/JP lane's people, three tasks' durations, the gateway's odds
_HALF_GIVEN = """\
model = "{model}"
cases = 3
[arrivals]
rate = 1
per = "d"
[resources.KABAG]
count = 1
lanes = ["L_KABAG"]
[tasks.Plan]
duration = {{ dist = "fixed", value = 2, unit = "h" }}
"""

#: written by hand from the catalogue's Indonesian templates (not pasted from the output)
_WARNINGS_ID = """\
Peringatan
! P_lanes: gerbang G_x tidak punya peluang cabang di skenario (dan tidak ada kondisi atas atribut
  kasus yang dinyatakan): setiap cabang dianggap berpeluang sama
! P_lanes: tugas Do tidak punya durasi di skenario dan tidak ada durasi [defaults]: lamanya 0 detik
! lajur L_JFJP tidak punya entri [resources]: dianggap dikerjakan satu orang
! P_lanes: tugas X1 tidak punya durasi di skenario dan tidak ada durasi [defaults]: lamanya 0 detik
! P_lanes: tugas X2 tidak punya durasi di skenario dan tidak ada durasi [defaults]: lamanya 0 detik

"""

# English words that would give away a warning left untranslated (none is Indonesian)
_ENGLISH = re.compile(r"\b(the|has|no|is|are|of|and|every|one|person|assumed|duration|takes|"
                      r"gateway|lane|task|pool|does|this|scenario|split|equal|branch)\b")


def test_an_indonesian_page_of_a_scenario_with_several_warnings_has_no_english_sentence(
        capsys, tmp_path):
    model = Path(__file__).parent / "data" / "sim" / "lanes.bpmn"
    path = tmp_path / "setengah.toml"
    path.write_text(_HALF_GIVEN.format(model=model.as_posix()), encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 0, err
    block = out.split("\n\n")[0] + "\n\n"
    assert block == _WARNINGS_ID
    assert not _ENGLISH.findall(block.replace("[defaults]", "").replace("[resources]", ""))
    assert all(len(line) <= 100 for line in out.splitlines())
    code, out, err = run(capsys, str(path), "--lang", "en")
    assert "! lane L_JFJP has no [resources] entry: one person assumed" in out
    assert "gateway G_x has no branch probabilities" in " ".join(out.split())
    code, out, err = run(capsys, str(path), "--json")
    codes = [w["code"] for w in json.loads(out)["warnings"]]
    assert sorted(codes) == sorted(["task-no-duration", "lane-one-person", "gateway-equal-split",
                                    "task-no-duration", "task-no-duration"])
