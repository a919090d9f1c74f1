"""Case priority (``[[case_priority]]``, ``Scenario.case_priority``): a non-preemptive
priority queue per pool, ranked by task priority, then case priority, then arrival.

Truth: Cobham's formula for the M/M/1 queue with two classes and non-preemptive priority
(mean wait of class k: ``W_k = W0 / ((1 - s_{k-1}) (1 - s_k))``, ``W0 = sum l_i E[S_i^2] / 2``,
``s_k`` the load of the classes 1..k), and the queue discipline itself checked at every
start of a random run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.scenario import Attribute, TaskSpec
from probisnis.sim.scenario_toml import load_scenario
from sim_helpers import DATA, exp, fixed, scenario

MEAN_S, GAP = 600.0, 600.0 / 0.7  # service 10 min, load 0.7
HIGH = 0.3  # share of the "tinggi" class


def _two_classes(**kw: object) -> object:
    return scenario("two_classes.bpmn", process="P_two",
                    tasks={"T": (exp(MEAN_S), "petugas"), "H": fixed(0.0), "L": fixed(0.0)},
                    pools={"petugas": 1}, interarrival=exp(GAP),
                    attributes=(Attribute("kelas", ("tinggi", "rendah"), (HIGH, 1 - HIGH)),),
                    case_priority=(('kelas == "tinggi"', 1),), **kw)


def _waits(log: pd.DataFrame, warmup: int) -> pd.DataFrame:
    """Per replication and class (H, L), the mean wait at T of the cases after the warm-up."""
    t = log[log["element_id"] == "T"].set_index(["replication", "case_id"])
    cls = log[log["element_id"].isin(["H", "L"])].set_index(["replication", "case_id"])
    t = t.assign(cls=cls["element_id"].astype(str), wait=t["start"] - t["enable"])
    t = t[t.index.get_level_values("case_id") >= warmup].dropna(subset=["cls", "wait"])
    return t.groupby(["replication", "cls"])["wait"].mean().unstack()


def _interval(values: np.ndarray) -> tuple[float, float]:
    from scipy import stats

    half = float(stats.t.ppf(0.975, len(values) - 1)) * values.std(ddof=1) / np.sqrt(len(values))
    return float(values.mean()) - half, float(values.mean()) + half


def test_two_classes_wait_as_cobham_says() -> None:
    """M/M/1, load 0.7, 30 % of cases of the high class: W0 = l E[S^2] / 2 = 0.7 x 600 =
    420 s; high class W1 = 420 / (1 - 0.21) = 531.6 s, low class W2 = 420 / (0.79 x 0.3) =
    1,772.2 s (first come, first served: 1,400 s for both). 20 replications x 10,000 cases
    (the first 500 left out): each class's 95 % interval holds its value, and not 1,400."""
    lam, es2 = 1.0 / GAP, 2.0 * MEAN_S**2
    w0 = lam * es2 / 2.0
    s1, s2 = lam * HIGH * MEAN_S, lam * MEAN_S
    expected = {"H": w0 / (1.0 - s1), "L": w0 / ((1.0 - s1) * (1.0 - s2))}
    assert expected["H"] == pytest.approx(531.65, abs=0.01)
    assert expected["L"] == pytest.approx(1772.15, abs=0.01)
    result = simulate(_two_classes(cases=10_000), replications=20, seed=9)
    assert result.kernel == "heap"
    waits = _waits(result.log, 500)
    for cls, value in expected.items():
        low, high = _interval(waits[cls].to_numpy())
        assert low <= value <= high, (cls, value, low, high)
        assert not low <= 1400.0 <= high


def _check_discipline(log: pd.DataFrame, ranks: dict[str, int], high: set[int]) -> int:
    """At every start of the pool's work, the request started has the best (task priority,
    case priority) of those waiting then, and among equals the earliest enabling time;
    return the number of starts that had a choice."""
    rows = log[log["resource"].astype(str) == "petugas"].dropna(subset=["start"])
    rows = rows.assign(rank=[ranks[str(e)] * 1001 + (1 if c in high else 0)
                             for e, c in zip(rows["element_id"], rows["case_id"], strict=True)])
    enable, start = rows["enable"].to_numpy(), rows["start"].to_numpy()
    rank = rows["rank"].to_numpy()
    choices = 0
    for i in range(len(rows)):
        t = start[i]
        if enable[i] == t:
            continue  # taken at once: nobody was waiting for a person
        waiting = (enable < t) & (start >= t)
        waiting[i] = False
        if not waiting.any():
            continue
        choices += 1
        best = rank[waiting].max()
        assert rank[i] >= best, (i, rank[i], best)
        if rank[i] == best:
            assert enable[i] <= enable[waiting & (rank == best)].min()
    return choices


def test_task_priority_first_then_case_priority_then_arrival() -> None:
    """H and L (after T) are done by the same person, H with task priority 2: at every
    start the request chosen has the highest task priority, then case priority, then the
    earliest enabling time. Run on both kernels."""
    sc = _two_classes(cases=1500)
    tasks = dict(sc.tasks)
    tasks["H"] = TaskSpec(exp(60.0), "petugas", priority=2)
    tasks["L"] = TaskSpec(exp(60.0), "petugas")
    sc = replace(sc, tasks=tasks)
    result = simulate(sc, seed=3)
    log = result.log
    high = set(log.loc[log["element_id"] == "H", "case_id"].astype(int))
    assert 300 < len(high) < 600
    choices = _check_discipline(log, {"T": 0, "H": 2, "L": 0}, high)
    assert choices > 500  # the queue was often long enough to choose


TOML = '''
model = "{model}"
cases = 50
[arrivals]
interarrival = {{dist = "exponential", mean = 10, unit = "min"}}
[resources.petugas]
count = 1
[tasks.T]
duration = {{dist = "exponential", mean = 8, unit = "min"}}
resource = "petugas"
[attributes.kelas]
values = ["tinggi", "rendah"]
probabilities = [0.3, 0.7]
'''


def _toml(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(TOML.format(model=(DATA / "two_classes.bpmn").as_posix()) + extra,
                    encoding="utf-8")
    return path


def test_the_toml_key(tmp_path: Path) -> None:
    s = load_scenario(_toml(tmp_path, '[[case_priority]]\nwhen = \'kelas == "tinggi"\'\n'
                            'priority = 3\n[[case_priority]]\nwhen = "True"\npriority = 1\n'))
    assert s.case_priority == (('kelas == "tinggi"', 3), ("True", 1))


@pytest.mark.parametrize(("extra", "key", "needle"), [
    ("[[case_priority]]\nwhen = 'kelass == \"tinggi\"'\npriority = 1\n",
     "case_priority[0].when", "mungkin maksudnya 'kelas'"),
    ("[[case_priority]]\nwhen = 'kelas =='\npriority = 1\n", "case_priority[0].when",
     "ditolak"),
    ("[[case_priority]]\nwhen = 'kelas == \"tinggi\"'\npriority = 0\n",
     "case_priority[0].priority", ">= 1"),
    ("[[case_priority]]\nwhen = 'kelas == \"tinggi\"'\npriority = 1001\n",
     "case_priority[0].priority", "paling banyak 1.000"),
    ("[[case_priority]]\npriority = 1\n", "case_priority[0].when", "tidak ada"),
    ("[[case_priority]]\nwhen = 'True'\nprioritas = 1\n", "case_priority[0].prioritas",
     "kunci tidak dikenal"),
    ("[case_priority]\nwhen = 'True'\n", "case_priority", "daftar"),
    ("[[prioritas_kasus]]\nwhen = 'True'\n", "prioritas_kasus",
     "mungkin maksudnya case_priority?"),
    ("[[case_priority]]\nsyarat = 'True'\npriority = 1\n", "case_priority[0].syarat",
     "mungkin maksudnya when?"),
])
def test_bad_rules_name_the_key(tmp_path: Path, extra: str, key: str, needle: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(_toml(tmp_path, extra))
    assert info.value.element_id == key, info.value
    assert needle in str(info.value), str(info.value)


def test_a_misspelt_attribute_gets_the_hint_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(_toml(tmp_path, "[[case_priority]]\nwhen = 'kelass == \"tinggi\"'\n"
                                      "priority = 1\n"))
    message = info.value.message
    assert message.startswith("atribut kasus 'kelass' tidak dikenal; mungkin maksudnya 'kelas'? "
                              "(yang ada di [attributes]: ")
    assert getattr(message, "en", "").startswith(
        "unknown case attribute 'kelass'; did you mean 'kelas'? (defined: ")


def test_a_rule_no_value_can_meet_is_a_warning_not_silence(tmp_path: Path) -> None:
    # a misspelt value ("tingi") makes a rule that never holds: the run would give no case
    # priority without a word; the check names the rule and the values it could have read
    s = load_scenario(_toml(tmp_path, "[[case_priority]]\nwhen = 'kelas == \"tingi\"'\n"
                            "priority = 1\n[[case_priority]]\nwhen = 'kelas == \"rendah\"'\n"
                            "priority = 2\n"))
    never = [w for w in s.warnings if "case_priority" in str(w)]
    assert len(never) == 1
    assert "case_priority[0]" in never[0].text("id")
    assert "tidak pernah terpenuhi" in never[0].text("id")
    assert "kelas: 'tinggi', 'rendah'" in never[0].text("id")
    assert "holds for none" in never[0].text("en")
    # a rule some value meets: no warning
    ok = load_scenario(_toml(tmp_path, "[[case_priority]]\nwhen = 'kelas == \"tinggi\"'\n"
                             "priority = 1\n"))
    assert not [w for w in ok.warnings if "case_priority" in str(w)]


def test_the_printed_page_names_the_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          ) -> None:
    from probisnis.cli import main

    path = _toml(tmp_path, "[[case_priority]]\nwhen = 'kelas == \"tinggi\"'\npriority = 3\n")
    assert main(["simulate", str(path), "--cases", "20", "--replications", "1"]) == 0
    out = capsys.readouterr().out
    assert ("Prioritas kasus (didahulukan di setiap antrean): prioritas 3 bila "
            'kelas == "tinggi"; kasus lain prioritas 0') in " ".join(out.split())
    assert main(["simulate", str(path), "--cases", "20", "--replications", "1",
                 "--lang", "en"]) == 0
    assert 'priority 3 when kelas == "tinggi"' in capsys.readouterr().out
    # a scenario without rules prints no such line
    assert main(["simulate", str(_toml(tmp_path, "")), "--cases", "20"]) == 0
    assert "Prioritas kasus" not in capsys.readouterr().out
