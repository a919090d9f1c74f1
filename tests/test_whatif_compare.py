"""``compare``: common random numbers, paired differences, verdicts; stability checks."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.sim import simulate
from probisnis.whatif.compare import compare
from probisnis.whatif.stability import check
from probisnis.whatif.variants import ScenarioRef, differences
from probisnis.whatif.verdicts import BETTER, verdict
from sim_helpers import exp, scenario

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"


def _width(comparison, name: str, scope: str) -> float:  # type: ignore[no-untyped-def]
    row = comparison.table.set_index(["name", "scope"]).loc[(name, scope)]
    return float(row["ci_high"] - row["ci_low"])


def test_crn_makes_the_interval_of_a_head_count_difference_at_least_3x_narrower() -> None:
    base = ScenarioRef(str(M1))
    variant = base.with_overrides(**{"resources.JFJP.count": 29})
    paired = compare(base, [variant], replications=10)
    apart = compare(base, [variant], replications=10, common_random_numbers=False)
    ratio = _width(apart, "utilization", "JFJP") / _width(paired, "utilization", "JFJP")
    print(f"CRN: 95% CI of the JF/JP utilisation difference (30 -> 29 JF/JP) is {ratio:.1f}x "
          "narrower than with independent streams")
    assert ratio >= 3
    # the change is real (one person fewer: every JF/JP busier), and CRN sees it
    row = paired.table.set_index(["name", "scope"]).loc[("utilization", "JFJP")]
    assert row["ci_low"] > 0 and row["verdict"] == "naik"
    # a head count JF/JP never queue for leaves the lead time exactly as it was
    lead = paired.table.set_index(["name", "scope"]).loc[("cycle_time_working", "process")]
    assert lead["difference"] == 0 and lead["verdict"] == "tidak berbeda nyata"


def test_comparing_a_scenario_with_itself_gives_differences_of_exactly_zero() -> None:
    c = compare(str(M1), [str(M1)], replications=3, cases=20)
    assert len(c.table) > 50
    assert (c.table["difference"] == 0).all()
    assert (c.table["verdict"] == "tidak berbeda nyata").all()
    assert c.differences[c.labels[1]] == ()
    assert c.labels == ("m1_sekretariat_daerah.toml", "m1_sekretariat_daerah.toml'")


def test_differences_are_resolved_after_extends(tmp_path: Path) -> None:
    base = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
    variant = ROOT / "simulations" / "m1_jfjp_berkurang.toml"
    shown = [str(d) for d in differences(str(base), str(variant))]
    assert shown == ["resources.JFJP.availability: 0.7 -> 0.5", "resources.JFJP.count: 30 -> 12"]
    # a variant elsewhere naming the same model by another relative path: no model change
    other = tmp_path / "v.toml"
    other.write_text(f'extends = "{base}"\n[resources.SEKDA]\ncount = 2\n', encoding="utf-8")
    assert [str(d) for d in differences(str(base), str(other))] == [
        "resources.SEKDA.count: 1 -> 2"]
    ref = ScenarioRef(str(base)).with_overrides(**{"resources.NOPE.count": 3})
    from probisnis.errors import ScenarioError

    with pytest.raises(ScenarioError, match=r"\[resources.NOPE.count\] tidak ada tabel "
                                            r"'resources.NOPE'"):
        differences(str(base), ref)


@pytest.mark.parametrize(("name", "diff", "low", "high", "rel", "threshold", "expected"), [
    ("cycle_time_working", -5.0, -7.0, -3.0, -0.2, 0.0, "lebih baik"),
    ("cycle_time_working", 5.0, 3.0, 7.0, 0.2, 0.0, "lebih buruk"),
    ("throughput", 0.1, 0.05, 0.15, 0.2, 0.0, "lebih baik"),
    ("throughput", -0.1, -0.15, -0.05, -0.2, 0.0, "lebih buruk"),
    ("cycle_time_working", 1.0, -1.0, 3.0, 0.05, 0.0, "tidak berbeda nyata"),
    ("utilization", 0.004, 0.003, 0.005, 0.03, 0.05, "berbeda tetapi kecil"),
    ("utilization", 0.004, 0.003, 0.005, 0.03, 0.0, "naik"),
    ("cycle_time_working", 2.0, math.nan, math.nan, 0.1, 0.0, "tidak dapat dinilai"),
    ("cycle_time_working", 0.0, math.nan, math.nan, 0.0, 0.0, "tidak berbeda nyata"),
])
def test_verdicts(name: str, diff: float, low: float, high: float, rel: float,
                  threshold: float, expected: str) -> None:
    assert verdict(name, diff, low, high, rel, threshold) == expected


def test_every_kpi_has_a_better_direction() -> None:
    from probisnis.present.labels import KPIS

    assert set(KPIS) <= set(BETTER)


def test_compare_cli_prints_differences_then_a_verdict_table(
        capsys: pytest.CaptureFixture[str]) -> None:
    variant = ROOT / "simulations" / "m1_jfjp_berkurang.toml"
    code = main(["compare", str(M1), str(variant), "--replications", "3", "--cases", "20",
                 "--workers", "1", "--threshold", "5%"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert "resources.JFJP.count: 30 -> 12" in out
    assert lines.index("    resources.JFJP.count: 30 -> 12") < next(
        i for i, line in enumerate(lines) if line.startswith("Lingkup"))
    assert "Waktu siklus (hari kerja)" in lines and "Kesimpulan" in out
    assert any(v in out for v in ("lebih buruk", "tidak berbeda nyata"))
    # issue 12: within 100 columns, pools by the scenario's names, not their codes
    assert max(len(line) for line in lines) <= 100
    # (a long name wraps in its column when the numbers are wide: "Sekretaris" / "Daerah")
    assert any(line.startswith("Kepala Bagian ") for line in lines)
    assert any(line.startswith("Sekretaris") for line in lines)
    assert not any(line.startswith(("SEKDA", "JFJP")) for line in lines)


def test_compare_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", str(M1), str(ROOT / "simulations" / "m1_kegiatan_bertambah.toml"),
                 "--replications", "4", "--workers", "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""  # no progress bar under --json
    doc = json.loads(out)
    assert doc["differences"]["m1_kegiatan_bertambah.toml"] == [
        {"key": "arrivals.rate", "base": 2, "variant": 4}]
    # the variant's Sekda is overloaded: said, naming the pool and both rates
    warnings = doc["stability"]["m1_kegiatan_bertambah.toml"]["warnings"]
    # the pool by the name the scenario gives it, not its code
    assert any("pelaksana Sekretaris Daerah kewalahan" in w and "jam/minggu" in w
               for w in warnings), warnings
    assert not any("SEKDA" in w for w in warnings), warnings
    assert doc["stability"]["m1_sekretariat_daerah.toml"]["stable"] is True
    row = next(k for k in doc["kpis"] if k["name"] == "cycle_time_working")
    assert row["verdict"] == "lebih buruk" and row["pairs"] == 4


@pytest.mark.parametrize(("argv", "message"), [
    (["--threshold", "5"], "tulis persentase dengan %"),
    (["--threshold", "abc"], "perlu persentase"),
    (["--replications", "0"], "--replications harus >= 1"),
    (["--workers", "0"], "--workers harus >= 1"),
    (["--workers", "2", "--scheduler", "tcp://x:1"], "pilih salah satu: --workers"),
    (["--horizon", "soon"], "--horizon"),
])
def test_compare_cli_bad_options(argv: list[str], message: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(M1), str(M1), *argv]) == 2
    assert message in capsys.readouterr().err


def test_compare_cli_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(M1), str(tmp_path / "x.toml")]) == 2
    assert "berkas skenario tidak ditemukan" in capsys.readouterr().err
    bpmn = ROOT / "processes" / "m3_jpt_satu_level.bpmn"
    assert main(["compare", str(M1), str(bpmn)]) == 2
    assert "scenario init" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{M1}"\n[resources.JFJP]\ncount = 0\n', encoding="utf-8")
    assert main(["compare", str(M1), str(bad), "--workers", "1"]) == 1
    assert "[resources.JFJP.count]" in capsys.readouterr().err


# --- stability --------------------------------------------------------------------------------


@pytest.mark.parametrize(("rho", "flagged"), [(1.2, True), (0.8, False)])
def test_mm1_is_flagged_unstable_only_when_offered_load_passes_capacity(
        rho: float, flagged: bool) -> None:
    sc = scenario("single.bpmn", process="P_single", tasks={"T": (exp(1.0), "servers")},
                  pools={"servers": 1}, interarrival=exp(1 / rho), cases=3000)
    st = check(simulate(sc, seed=11, replications=3))
    pool = st.summary.set_index("scope").loc["servers"]
    assert pool["load"] == pytest.approx(rho, rel=0.05)
    assert bool(pool["unstable"]) is flagged
    if flagged:
        text = next(w for w in st.warnings if "servers" in w)
        # both rates named: work arriving (1.2 h per hour) and capacity (1 h per hour)
        # 168 hours in a week: 1.2 x 168 = 201.6 hours of work arrive per week
        came = float(text.split("kerja yang datang ")[1].split(" jam")[0].replace(",", "."))
        assert came == pytest.approx(201.6, rel=0.03)
        assert "kapasitasnya 168,0 jam/minggu" in text
        assert "beban 12" in text
    else:
        assert st.warnings == ()


def test_simulate_says_an_unstable_scenario_is_unstable_above_its_results(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "simulations" / "m1_kegiatan_bertambah.toml"
    assert main(["simulate", str(path), "--replications", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if "TIDAK STABIL" in line)
    assert "Stabilitas" in lines[at] and "Sekretaris Daerah" in lines[at]
    assert "SEKDA" not in lines[at]
    assert at < next(i for i, line in enumerate(lines) if line.startswith("Pelaksana ("))
    assert main(["simulate", str(M1), "--replications", "2"]) == 0
    out = capsys.readouterr().out
    assert "TIDAK STABIL" not in out and "stabil: beban tertinggi Sekretaris Daerah" in out


def test_an_interval_that_excludes_zero_never_reads_as_holding_it() -> None:
    """[-9,6%; 0,0%] next to 'turun' looked like an interval holding 0: the bounds of an
    interval that excludes 0 get the digits that show their sign."""
    from probisnis.whatif.text import _ci_cells

    assert _ci_cells("utilization", -9.57, -0.012, 1, "id") == ("-9,57%", "-0,01%")
    assert _ci_cells("wip", 0.00004, 0.3, 2, "id") == ("0,00004", "0,30000")
    assert _ci_cells("utilization", -0.4, 1.1, 1, "id") is None  # holds 0: as before
    assert _ci_cells("wip", 0.5, 1.2, 2, "id") is None  # already readable


def test_a_sweep_value_whose_interval_reaches_below_zero_is_marked_like_simulate() -> None:
    """'225,1 ±300,4' read as 'maybe negative'; simulate prints '225,1 *' and says why."""
    from probisnis.whatif.text import _mean_pm

    day = 7.5 * 3600
    wide = {"unit": "s", "mean": 225.1 * day, "ci_low": -75.3 * day, "ci_high": 525.5 * day}
    narrow = {"unit": "s", "mean": 96.9 * day, "ci_low": 5.8 * day, "ci_high": 188.0 * day}
    assert _mean_pm("cycle_time_working", wide, 7.5) == ("225,1 *", True)
    assert _mean_pm("cycle_time_working", narrow, 7.5) == ("96,9 ±91,1", False)
