"""Prosimos import: batch firing rules beyond ``size = k`` (issue 9).

Each rule kind (``large_wt``, ``ready_wt``, ``daily_hour``, ``week_day``, ``size <``) and
AND / OR combinations run on ``tests/data/prosimos/batch.bpmn`` (task B batched) against
Prosimos 2.1 itself on the same JSON:

* deterministic arrivals and durations: every start of B equals Prosimos's, but for the
  last case of the run (Prosimos starts a batch still waiting when its event queue runs dry
  at the last event's time; probisnis waits for the rule, :func:`flush` only when nothing
  else can happen);
* random arrivals and durations: 0 lies in the 95 % interval of the difference of the mean
  case duration, the mean wait and the mean working time at B (slow).

What Prosimos mishandles is refused or warned about, naming the JSON path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import simulate
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.scenario import Firing
from prosimos_runner import run_prosimos
from prosimos_runner import welch as _welch
from test_prosimos_batch import (
    BPMN,
    START,
    _doc,
    _kpis,
    _prosimos_kpis,
    _prosimos_log,
    _rule,
    _write,
)

#: name -> (firing_rules, arrival gap in seconds, batch type)
RULES: dict[str, tuple[list[list[dict[str, Any]]], float, str]] = {
    "large_wt": ([[_rule("large_wt", "=", 3600)]], 1800, "Parallel"),
    "large_wt_range": ([[_rule("large_wt", ">", 2000), _rule("large_wt", "<", 5000)]],
                       1800, "Parallel"),
    "ready_wt": ([[_rule("ready_wt", "<", 7200)]], 1800, "Parallel"),
    "ready_wt_range": ([[_rule("ready_wt", ">", 1000), _rule("ready_wt", "<", 7200)]],
                       1800, "Parallel"),
    "daily_hour_at": ([[_rule("daily_hour", "=", 10)]], 1800, "Sequential"),
    "daily_hour_after": ([[_rule("daily_hour", ">", 10)]], 1800, "Sequential"),
    "daily_hour_before": ([[_rule("daily_hour", "<", 9)]], 20_000, "Parallel"),
    "week_day": ([[_rule("week_day", "=", "Tuesday")]], 20_000, "Sequential"),
    "size_below": ([[_rule("size", "<", 4)]], 3600, "Parallel"),
    "and_size_hour": ([[_rule("size", "=", 3), _rule("daily_hour", ">", 9)]], 1800,
                      "Parallel"),
    "and_weekday_hour": ([[_rule("week_day", "=", "Tuesday"), _rule("daily_hour", "=", 9)]],
                         20_000, "Sequential"),
    "or_size_large": ([[_rule("size", "=", 4)], [_rule("large_wt", "=", 3000)]], 1800,
                      "Parallel"),
}


def _fixed(tmp_path: Path, name: str) -> Path:
    rules, gap, kind = RULES[name]
    doc = _doc(kind, fixed=True)
    doc["arrival_time_distribution"]["distribution_params"] = [{"value": gap}]
    doc["batch_processing"][0]["firing_rules"] = rules
    return _write(tmp_path, doc, f"{name}.json")


def test_the_rules_are_read_as_prosimos_means_them(tmp_path: Path) -> None:
    """The OR groups of AND conditions, each attribute merged as Prosimos merges it."""
    doc = _doc()
    doc["batch_processing"][0]["firing_rules"] = [
        [_rule("large_wt", ">", 2000), _rule("large_wt", "<", 5000), _rule("size", "<", 6)],
        [_rule("ready_wt", "=", 600), _rule("size", ">=", 3)],
        [_rule("daily_hour", ">=", 9), _rule("daily_hour", "<=", 15),
         _rule("week_day", "=", "friday")],
        [_rule("daily_hour", "=", 14)],
    ]
    batch = load_prosimos(BPMN, _write(tmp_path, doc), cases=5, start=START).tasks["B"].batch
    assert batch is not None
    assert batch.rules == (
        (Firing("oldest", 2001, 5000), Firing("size", 0, 5)),
        (Firing("idle", 600, 600), Firing("size", 3, 0)),
        (Firing("hours", 9 * 3600, 15 * 3600 + 1), Firing("weekday", 4)),
        (Firing("at", 14 * 3600),),
    )
    assert batch.least == 2 and batch.size == 3
    assert [batch.group_least(g) for g in batch.rules] == [1, 1, 2, 2]


@pytest.mark.parametrize("name", list(RULES))
def test_the_same_batch_starts_as_prosimos(tmp_path: Path, name: str) -> None:
    """Deterministic arrivals (every ``gap`` s, from Monday 08:00) and durations: each
    case's start at B is Prosimos's, to the second, but for the run's last cases."""
    path = _fixed(tmp_path, name)
    cases = 12 if RULES[name][1] < 10_000 else 20
    theirs = _prosimos_log(path, cases, tmp_path).query("task == 'B'")
    theirs_start = dict(zip(theirs["case_id"], theirs["start"], strict=True))
    log = simulate(load_prosimos(BPMN, path, cases=cases, start=START)).log
    ours = log[log["element_id"] == "B"]
    ours_start = dict(zip(ours["case_id"], ours["start"], strict=True))
    assert set(ours_start) == set(range(cases))
    # once the last case has come, Prosimos starts a batch still waiting at the last
    # event's time, or never (its event queue ran dry): those cases are not compared
    last = (cases - 1) * RULES[name][1]
    compared = [c for c in range(cases) if theirs_start.get(c, last) != last]
    assert len(compared) >= cases - 3
    assert [ours_start[c] for c in compared] == [theirs_start[c] for c in compared], (
        name, theirs_start, ours_start)
    # a batch id per batch: parallel, the cases starting together share it; sequential,
    # each case of a batch starts as the one before it ends
    assert ours["batch_id"].notna().all()
    for _, batch in ours.sort_values("start").groupby("batch_id"):
        if RULES[name][2] == "Parallel":
            assert batch["start"].nunique() == 1
        else:
            assert batch["start"].tolist()[1:] == batch["end"].tolist()[:-1]
    if RULES[name][2] == "Parallel":
        assert ours.groupby("start")["batch_id"].nunique().eq(1).all()


def _prosimos_runs(path: Path, cases: int, reps: int, tmp_path: Path
                   ) -> tuple[list[tuple[float, float, float]], int]:
    """KPIs of ``reps`` Prosimos runs that finish, and how many crashed on the way.

    Prosimos 2.1 stops with ``ValueError: not enough values to unpack`` in
    ``update_process_state`` on some runs with these rules (it puts a case in two batches
    and finds the task no longer enabled the second time); such a run gives no log and is
    replaced by the next seed, at most ``3 x reps`` seeds in all."""
    out: list[tuple[float, float, float]] = []
    crashed = 0
    for seed in range(100, 100 + 3 * reps):
        try:
            out.extend(_prosimos_kpis(path, range(seed, seed + 1), cases, tmp_path))
        except ValueError as exc:
            assert "not enough values to unpack" in str(exc)
            crashed += 1
        if len(out) == reps:
            break
    return out, crashed


#: rule -> cases a run (Prosimos crashes on most longer runs of size AND daily_hour: 12 of
#: 15 runs of 600 cases); large_wt and ready_wt: see the test after this one; size <:
#: against a hand-written simulation of the same rule (below)
AGREE = {"daily_hour_at": 600, "daily_hour_after": 600, "daily_hour_before": 600,
         "week_day": 600, "and_weekday_hour": 600, "or_size_large": 600, "and_size_hour": 300}


def _random(tmp_path: Path, name: str) -> Path:
    rules, gap, kind = RULES[name]
    doc = _doc(kind)
    doc["arrival_time_distribution"]["distribution_params"] = [
        {"value": gap / 2}, {"value": 0}, {"value": 100 * gap}]
    doc["batch_processing"][0]["firing_rules"] = rules
    return _write(tmp_path, doc, f"{name}.json")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(AGREE))
def test_firing_rules_agree_with_prosimos(tmp_path: Path, name: str) -> None:
    """Random arrivals (exponential, mean ``gap`` / 2) and durations, 5 replications a side:
    0 lies in the 95 % interval of the difference of the mean case duration, the mean wait
    and the mean working time at B."""
    path = _random(tmp_path, name)
    cases, reps = AGREE[name], 5
    theirs, crashed = _prosimos_runs(path, cases, reps, tmp_path)
    assert len(theirs) == reps, f"Prosimos crashed on {crashed} runs"
    s = load_prosimos(BPMN, path, cases=cases, start=START, seed=3, replications=reps)
    log = simulate(s).log.rename(columns={"element_id": "task"})
    ours = [_kpis(rep) for _, rep in log.groupby("replication")]
    for k, what in enumerate(("case duration", "wait at B", "work at B")):
        low, high = _welch([o[k] for o in ours], [t[k] for t in theirs])
        assert low <= 0.0 <= high, (name, what, np.mean([o[k] for o in ours]),
                                    np.mean([t[k] for t in theirs]), low, high, crashed)


# ------------------------------------------------------------------ refused or warned

REFUSED: list[tuple[str, list[list[dict[str, Any]]], str, str]] = [
    ("at_least_alone", [[_rule("size", ">=", 3)]],
     "firing_rules[0][0].comparison", "tidak pernah memulai"),
    ("more_alone", [[_rule("daily_hour", ">", 9), _rule("size", ">", 3)]],
     "firing_rules[0][1].comparison", "ready_wt/large_wt"),
    ("open_wait", [[_rule("large_wt", ">", 3600)]],
     "firing_rules[0][0]", "Invalid range"),
    ("empty_wait", [[_rule("ready_wt", ">", 3600), _rule("ready_wt", "<", 600)]],
     "firing_rules[0][1]", "kosong"),
    ("two_days", [[_rule("week_day", "=", "Monday"), _rule("week_day", "=", "Friday")]],
     "firing_rules[0][1]", "satu aturan week_day"),
    ("day_less", [[_rule("week_day", "<", "Monday")]],
     "firing_rules[0][0].comparison", "week_day hanya"),
    ("no_day", [[_rule("week_day", "=", "Montag")]], "firing_rules[0][0].value",
     "bukan nama hari"),
    ("hours_apart", [[_rule("daily_hour", "<", 9), _rule("daily_hour", ">", 14)]],
     "firing_rules[0][1]", "tidak pernah terpenuhi"),
    ("hour_25", [[_rule("daily_hour", "=", 25)]], "firing_rules[0][0].value", "23"),
    ("three_hours", [[_rule("daily_hour", ">", 8), _rule("daily_hour", "<", 15),
                      _rule("daily_hour", "=", 9)]], "firing_rules[0][2]", "dua aturan"),
    ("cap_one", [[_rule("size", "<", 2)]], "firing_rules[0][0].value", "paling banyak 1"),
    ("unknown", [[_rule("priority", "=", 2)]], "firing_rules[0][0].attribute",
     "tidak dikenal"),
    ("like", [[_rule("size", "~", 2)]], "firing_rules[0][0].comparison", "tidak dikenal"),
    ("empty_group", [[]], "firing_rules[0]", "tidak boleh kosong"),
]


@pytest.mark.parametrize(("name", "rules", "key", "needle"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_rules_prosimos_mishandles_are_refused_by_json_path(
        tmp_path: Path, name: str, rules: list[list[dict[str, Any]]], key: str,
        needle: str) -> None:
    doc = _doc()
    doc["batch_processing"][0]["firing_rules"] = rules
    path = _write(tmp_path, doc, f"{name}.json")
    with pytest.raises(ScenarioError) as info:
        load_prosimos(BPMN, path)
    assert str(info.value).startswith(f"{path}: [batch_processing[0].{key}] "), str(info.value)
    assert needle in info.value.message, info.value.message


def test_prosimos_itself_refuses_an_open_waiting_time_range(tmp_path: Path) -> None:
    """The reason given for refusing ``large_wt > x`` alone: Prosimos 2.1 stops reading."""
    from prosimos.batch_processing_parser import BatchProcessingParser

    doc = _doc()
    doc["batch_processing"][0]["firing_rules"] = [[_rule("large_wt", ">", 3600)]]
    with pytest.raises(Exception, match="Invalid range of large_wt rule"):
        BatchProcessingParser(doc["batch_processing"]).parse()


def test_a_wait_of_a_day_or_more_is_a_notice(tmp_path: Path) -> None:
    """Prosimos measures ready_wt / large_wt with ``timedelta.seconds`` (which wraps every
    day); probisnis uses the true wait and says so."""
    doc = _doc()
    doc["batch_processing"][0]["firing_rules"] = [[_rule("large_wt", "=", 2 * 86_400)]]
    path = _write(tmp_path, doc, "days.json")
    s = load_prosimos(BPMN, path, cases=5, start=START)
    texts = [str(w) for w in s.warnings]
    assert any("batch_processing[0].firing_rules[0][0]" in t and "timedelta.seconds" in t
               for t in texts), texts
    # the wait is the true one: a case waiting alone goes after two days (and a second)
    assert s.tasks["B"].batch.rules == ((Firing("oldest", 172_800, 172_801),),)  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["large_wt", "ready_wt"])
def test_prosimos_cuts_waiting_time_batches_where_probisnis_does_not(tmp_path: Path,
                                                                     name: str) -> None:
    """Why ``large_wt`` and ``ready_wt`` are compared on fixed times only: with random
    arrivals Prosimos 2.1 starts part of a batch (often one case) apart from the rest under
    the same batch id, when it checks the rule later than the moment it turned true;
    probisnis starts each batch whole at that moment. Prosimos's smaller parts make its
    parallel batches shorter: mean work at B 10-13 % below ours (5 runs of 600 cases:
    large_wt 3,159 vs 3,589 s, the range 2,000-5,000 s 2,311 vs 2,651 s; ready_wt < 7,200
    s, 5 runs of 300 cases: 2,223 vs 2,459 s); the case durations and waits agree."""
    path = _random(tmp_path, name)
    theirs = run_prosimos(BPMN, path, 300, seed=100, start=START, log_dir=tmp_path).log
    assert theirs is not None
    theirs = theirs.query("activity == 'Tanda tangan'")
    parts = theirs.groupby("batch_id")["start"].nunique()
    assert (parts > 1).sum() >= 0.1 * len(parts), parts.value_counts()
    log = simulate(load_prosimos(BPMN, path, cases=300, start=START, seed=3)).log
    ours = log[log["element_id"] == "B"].groupby("batch_id")["start"].nunique()
    assert (ours == 1).all()


def _pairs_by_hand(seed: int, cases: int) -> float:
    """Mean wait at B of the ``size_below`` model (``size < 4``: a batch as soon as two
    cases wait, so always pairs) simulated by hand: Poisson arrivals (mean 1,800 s), A by
    two clerks first come first served (exponential, mean 600 s), B by the one head in
    pairs formed in the order A ends, both cases at once for 2 x their exponential
    duration (mean 1,200 s, coefficient 1 for a pair), the head free again when the pair's
    second case ends."""
    import random

    rng = random.Random(seed)
    t, arrivals = 0.0, []
    for _ in range(cases):
        arrivals.append(t)
        t += rng.expovariate(1 / 1800)
    clerks, ready = [0.0, 0.0], []
    for x in arrivals:
        k = 0 if clerks[0] <= clerks[1] else 1
        clerks[k] = max(x, clerks[k]) + rng.expovariate(1 / 600)
        ready.append(clerks[k])
    ready.sort()
    head, waits = 0.0, []
    for first, second in zip(ready[0::2], ready[1::2], strict=False):
        start = max(second, head)
        rng.expovariate(1 / 1200)  # the first case's duration (it ends before or after)
        head = start + 2 * rng.expovariate(1 / 1200)
        waits += [start - first, start - second]
    return float(np.mean(waits))


@pytest.mark.slow
def test_size_below_agrees_with_a_hand_written_simulation(tmp_path: Path) -> None:
    """``size < 4`` at 67 % load: 0 lies in the 95 % interval of the difference of the mean
    wait at B between probisnis (20 replications x 600 cases) and the hand-written
    simulation (40 runs). Prosimos 2.1 waits less on the same model (3,183 s against our
    4,513 s over 5 runs each; it also starts 11 of 300 pairs as two parts under one batch
    id), so the rule is compared with Prosimos on fixed times only."""
    path = _random(tmp_path, "size_below")
    log = simulate(load_prosimos(BPMN, path, cases=600, start=START, seed=11,
                                 replications=20)).log
    b = log[log["element_id"] == "B"]
    ours = [float((rep["start"] - rep["enable"]).mean()) for _, rep in b.groupby("replication")]
    hand = [_pairs_by_hand(seed, 600) for seed in range(40)]
    low, high = _welch(ours, hand)
    assert low <= 0.0 <= high, (np.mean(ours), np.mean(hand), low, high)
    assert set(b.groupby(["replication", "batch_id"]).size()) == {2}
