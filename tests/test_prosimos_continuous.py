"""Prosimos import: continuous case attributes in branch rules (issue 9).

``tests/data/prosimos/continuous.json`` routes ``rules.bpmn``'s exclusive gateway by a
discrete attribute (jenis: baru 0.3, ulang 0.7) and a continuous one (nilai uniform on
[0, 200]): new -> A, a renewal of nilai in [0, 50] -> B, above 50 -> C, so the shares are
0.3, 0.7 x 0.25 = 0.175 and 0.525; A, B and C take 10, 20 and 40 minutes on average
from two clerks, so routing shows in the case duration too.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos
from prosimos_runner import run_prosimos, welch
from strategies import mutated

DATA = Path(__file__).parent / "data" / "prosimos"
BPMN = DATA / "rules.bpmn"
JSON = DATA / "continuous.json"
START = datetime(2025, 1, 6, 9, 0)
SHARES = {"A": 0.3, "B": 0.175, "C": 0.525}


def test_continuous_attribute_rules_become_conditions() -> None:
    s = load_prosimos(BPMN, JSON, cases=20_000, start=START, seed=2)
    assert dict(s.conditions) == {
        "f_a": "(jenis in ['baru'])",
        "f_b": "(jenis in ['ulang'] and (nilai >= 0.0 and nilai <= 50.0))",
        "f_c": "(jenis in ['ulang'] and nilai > 50.0)"}
    nilai = s.attributes[1]
    assert nilai.name == "nilai" and nilai.law is not None and nilai.law.mean == 100.0
    result = simulate(s)
    log = result.log
    for task, p in SHARES.items():
        share = float((log["element_id"] == task).mean())
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / len(log)), (task, share)


@pytest.mark.parametrize("edit", ["gap", "overlap"])
def test_continuous_rules_with_gaps_or_overlaps_draw_as_prosimos(tmp_path: Path,
                                                                 edit: str) -> None:
    """Renewals of nilai in (40, 50] match no rule (gap: Prosimos draws among all flows
    by the probabilities 0.34/0.33/0.33), or in (50, 60] two (overlap: B or C by 0.33/0.33
    scaled to 1/2)."""
    s = load_prosimos(BPMN, _edited(tmp_path, edit), cases=40_000, start=START, seed=3)
    assert [a.name for a in s.attributes] == ["jenis", "nilai", "_u_G_kind"]
    log = simulate(s).log
    odd = 0.7 * 10 / 200  # renewals in the piece of 10 that changed
    if edit == "gap":
        shares = {"A": 0.3 + odd * 0.34, "B": 0.7 * 40 / 200 + odd * 0.33,
                  "C": 0.525 + odd * 0.33}
    else:
        shares = {"A": 0.3, "B": 0.175 + odd / 2, "C": 0.525 - odd / 2}
    for task, p in shares.items():
        share = float((log["element_id"] == task).mean())
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / len(log)), (task, share, p)


def test_continuous_draws_are_reproducible_and_keep_discrete_streams() -> None:
    """The same seed gives the same log; adding a continuous attribute leaves the draws of
    the discrete one as they were (it has a stream of its own)."""
    a = simulate(load_prosimos(BPMN, JSON, cases=300, start=START, seed=4)).log
    b = simulate(load_prosimos(BPMN, JSON, cases=300, start=START, seed=4)).log
    assert a.equals(b)


def _edited(tmp_path: Path, edit: str) -> Path:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    if edit == "gap":  # renewals of nilai in (40, 50] match no rule
        doc["branch_rules"][1]["rules"][0][1]["value"] = ["0", "40"]
    elif edit == "overlap":  # renewals of nilai in (50, 60] match two rules
        doc["branch_rules"][1]["rules"][0][1]["value"] = ["0", "60"]
    elif edit == "both":  # nilai < 20: no rule (gap); 40 < nilai <= 60: two rules (overlap)
        doc["branch_rules"][1]["rules"][0][1]["value"] = ["20", "60"]
        doc["branch_rules"][2]["rules"][0][1]["value"] = "40"
    elif edit == "loop":  # rules that may overlap on the permit model's rework loop
        doc = json.loads((Path(__file__).resolve().parents[2] / "shared" / "bench"
                          / "permit.json").read_text(encoding="utf-8"))
        doc["case_attributes"] = [{"name": "nilai", "type": "continuous", "values": {
            "distribution_name": "uniform", "distribution_params": [{"value": 0},
                                                                    {"value": 200}]}}]
        doc["branch_rules"] = [
            {"id": "r_yes", "rules": [[{"attribute": "nilai", "comparison": ">", "value": 20}]]},
            {"id": "r_no", "rules": [[{"attribute": "nilai", "comparison": "<", "value": 50}]]}]
        for item, rule in zip(doc["gateway_branching_probabilities"][0]["probabilities"],
                              ("r_yes", "r_no"), strict=True):
            item["condition_id"] = rule
    elif edit == "bad_law":
        doc["case_attributes"][1]["values"]["distribution_name"] = "weibull"
    path = tmp_path / f"{edit}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "key", "needle"),
    [
        ("bad_law", "case_attributes[1].values.distribution_name", "tidak didukung"),
        ("loop", "gateway_branching_probabilities[0].probabilities", "ada pada putaran"),
    ],
)
def test_bad_continuous_attributes_are_refused(tmp_path: Path, edit: str, key: str,
                                                           needle: str) -> None:
    path = _edited(tmp_path, edit)
    model = BPMN if edit != "loop" else path.parents[0] / "permit.bpmn"
    if edit == "loop":
        model.write_bytes((Path(__file__).resolve().parents[2] / "shared" / "bench"
                           / "permit.bpmn").read_bytes())
    with pytest.raises(ScenarioError) as info:
        load_prosimos(model, path)
    assert str(info.value).startswith(f"{path}: [{key}] "), str(info.value)
    assert needle in info.value.message, info.value.message


@pytest.mark.slow
@pytest.mark.parametrize("edit", ["exact", "both"])
def test_continuous_attribute_rules_agree_with_prosimos(tmp_path: Path, edit: str) -> None:
    """5 replications x 2,000 cases a side: each task's share within 4 standard errors of
    Prosimos's, and 0 inside the 95 % interval of the difference of mean case durations;
    ``both``: rules with a gap and an overlap, where Prosimos draws by probability."""
    path = JSON if edit == "exact" else _edited(tmp_path, edit)
    cases, reps = 2000, 5
    shares: dict[str, list[float]] = {t: [] for t in SHARES}
    cycles = []
    for seed in range(60, 60 + reps):
        run = run_prosimos(BPMN, path, cases, seed=seed, start=START)
        cycles.append(run.cycle_time)
        for task in SHARES:
            shares[task].append(run.count(task) / cases)
    result = simulate(load_prosimos(BPMN, path, cases=cases, start=START, seed=61,
                                    replications=reps))
    log = result.log
    c = result.cases.assign(d=result.cases["end"] - result.cases["arrival"])
    ours = c.groupby("replication")["d"].mean().tolist()
    low, high = welch(ours, cycles)
    assert low <= 0.0 <= high, (np.mean(ours), np.mean(cycles), low, high)
    n = cases * reps
    for task in SHARES:
        mine = float((log["element_id"] == task).sum()) / n
        theirs = float(np.mean(shares[task]))
        p = (mine + theirs) / 2
        assert abs(mine - theirs) < 4 * np.sqrt(2 * p * (1 - p) / n), (task, mine, theirs)


@pytest.mark.parametrize("edit", ["exact", "both"])
def test_both_kernels_give_the_same_log(tmp_path: Path, edit: str) -> None:
    """Continuous attributes and the hidden uniforms of the fallback are drawn by the engine
    both kernels share: the heap kernel and simpy give the identical log."""
    from test_sim_kernel import assert_same

    path = JSON if edit == "exact" else _edited(tmp_path, edit)
    log = assert_same(load_prosimos(BPMN, path, cases=400, start=START, seed=5))
    assert set(log["element_id"].astype(str)) == {"A", "B", "C"}


# ---------------------------------------------------------------------- global attributes

GLOBAL = DATA / "global.json"  # musim (hujan 0.4, kemarau 0.6), drawn once per run


def _classes(shares: list[dict[str, float]]) -> dict[bool, dict[str, float]]:
    """Pooled task shares of the runs in the rainy season (new applications take A) and
    the dry one (they have no rule: Prosimos draws A, B, C by 0.34/0.33/0.33)."""
    out = {}
    for rainy in (True, False):
        runs = [s for s in shares if (s["A"] > 0.2) == rainy]
        assert runs, f"no {'rainy' if rainy else 'dry'} run among {len(shares)}"
        out[rainy] = {t: float(np.mean([s[t] for s in runs])) for t in SHARES}
    return out


def test_a_global_attribute_is_drawn_once_per_replication() -> None:
    s = load_prosimos(BPMN, GLOBAL, cases=1000, start=START, seed=1, replications=10)
    musim = next(a for a in s.attributes if a.name == "musim")
    assert musim.per_run and musim.values == ("hujan", "kemarau")
    log = simulate(s).log
    shares = [{t: float((g["element_id"] == t).mean()) for t in SHARES}
              for _, g in log.groupby("replication")]
    got = _classes(shares)
    expected = {True: {"A": 0.3, "B": 0.175, "C": 0.525},
                False: {"A": 0.3 * 0.34, "B": 0.175 + 0.3 * 0.33, "C": 0.525 + 0.3 * 0.33}}
    for rainy in (True, False):
        for task, p in expected[rainy].items():
            assert abs(got[rainy][task] - p) < 0.03, (rainy, task, got[rainy][task], p)


def test_a_global_attribute_that_is_a_case_attribute_too_is_refused(tmp_path: Path) -> None:
    doc = json.loads(GLOBAL.read_text(encoding="utf-8"))
    doc["global_attributes"][0]["name"] = "jenis"
    path = tmp_path / "both.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert info.value.element_id == "global_attributes[0].name"
    assert "kasus yang mulai paling akhir" in info.value.message


@pytest.mark.slow
def test_global_attribute_rules_agree_with_prosimos() -> None:
    """8 runs x 1,000 cases a side; the runs of each season pooled: task shares within
    4 standard errors of Prosimos's."""
    cases, reps = 1000, 8
    theirs = []
    for seed in range(70, 70 + reps):
        run = run_prosimos(BPMN, GLOBAL, cases, seed=seed, start=START)
        theirs.append({t: run.count(t) / cases for t in SHARES})
    log = simulate(load_prosimos(BPMN, GLOBAL, cases=cases, start=START, seed=3,
                                 replications=reps)).log
    ours = [{t: float((g["element_id"] == t).mean()) for t in SHARES}
            for _, g in log.groupby("replication")]
    mine, their = _classes(ours), _classes(theirs)
    for rainy in (True, False):
        n = cases * min(sum((s["A"] > 0.2) == rainy for s in x) for x in (ours, theirs))
        for task in SHARES:
            p = (mine[rainy][task] + their[rainy][task]) / 2
            assert abs(mine[rainy][task] - their[rainy][task]) < 4 * np.sqrt(
                2 * p * (1 - p) / n), (rainy, task, mine[rainy][task], their[rainy][task])


# ---------------------------------------------------------------------- inclusive fallback

OR_BPMN = DATA / "inclusive.bpmn"
OR_RULES = DATA / "inclusive_rules.json"  # A when nilai > 150; no rule on B
#: nilai > 150 (0.25): A only; else Prosimos's get_multiple_flows over 0.3 / 0.7 (none drawn:
#: 0.7 x 0.3 = 0.21, then one by 0.3 / 0.7)
OR_SHARES = {"A": 0.25 + 0.75 * (0.3 + 0.21 * 0.3), "B": 0.75 * (0.7 + 0.21 * 0.7)}


def test_inclusive_rules_that_may_all_fail_draw_as_prosimos() -> None:
    s = load_prosimos(OR_BPMN, OR_RULES, cases=30_000, start=START, seed=1)
    assert [a.name for a in s.attributes] == ["nilai", "_u_G_or_0", "_u_G_or_1", "_u_G_or_one"]
    log = simulate(s).log
    for task, p in OR_SHARES.items():
        share = float((log["element_id"] == task).sum()) / 30_000
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / 30_000), (task, share, p)


@pytest.mark.slow
def test_inclusive_rules_fallback_agrees_with_prosimos() -> None:
    """Task instances per case, 5 runs x 2,000 cases a side, within 4 standard errors."""
    cases, reps = 2000, 5
    theirs = {t: 0 for t in OR_SHARES}
    for seed in range(80, 80 + reps):
        run = run_prosimos(OR_BPMN, OR_RULES, cases, seed=seed, start=START)
        for t in OR_SHARES:
            theirs[t] += run.count(t)
    log = simulate(load_prosimos(OR_BPMN, OR_RULES, cases=cases, start=START, seed=8,
                                 replications=reps)).log
    n = cases * reps
    for task in OR_SHARES:
        mine, their = float((log["element_id"] == task).sum()) / n, theirs[task] / n
        p = (mine + their) / 2
        assert abs(mine - their) < 4 * np.sqrt(2 * p * (1 - p) / n), (task, mine, their)


# ---------------------------------------------------------------------- hostile input

_GLOBAL_DOC = json.loads(GLOBAL.read_text(encoding="utf-8"))
_OR_DOC = json.loads(OR_RULES.read_text(encoding="utf-8"))


_FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


def _clean(capsys: pytest.CaptureFixture[str], tmp_path: Path, model: Path,
           doc: dict[str, Any]) -> None:
    """Exit 0 or a one-line error naming the file, never a traceback."""
    from probisnis.cli import main

    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    code = main(["simulate", str(model), "--prosimos", str(path), "--cases", "20",
                 "--replications", "1"])
    _, err = capsys.readouterr()
    assert code in (0, 1), (code, err)
    assert "Traceback" not in err
    if code == 1:
        assert err.startswith(f"{path}: ") or "simulation" in err, err


@_FUZZ
@given(doc=mutated(_GLOBAL_DOC))
def test_mutated_global_and_continuous_attributes(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, doc: dict[str, Any]) -> None:
    _clean(capsys, tmp_path, BPMN, doc)


@_FUZZ
@given(doc=mutated(_OR_DOC))
def test_mutated_inclusive_fallback(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    doc: dict[str, Any]) -> None:
    _clean(capsys, tmp_path, OR_BPMN, doc)
