"""Resource priorities and tasks that one of several pools may do (exact times, 24/7)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from probisnis.sim import TaskSpec, load_scenario, simulate
from sim_helpers import DATA, fixed, scenario


def test_higher_priority_requests_are_served_first() -> None:
    # one clerk does A and B of every case (in parallel branches); cases arrive faster than
    # she works, so a queue builds; B has priority: no A starts while a B waits
    sc = scenario("parallel.bpmn", process="P_parallel",
                  tasks={"A": (fixed(10), "desk"), "B": (fixed(10), "desk")},
                  pools={"desk": 1}, interarrival=fixed(15), cases=40)
    tasks = dict(sc.tasks)
    tasks["B"] = TaskSpec(fixed(10), "desk", priority=5)
    from dataclasses import replace

    r = simulate(replace(sc, tasks=tasks))
    log = r.log
    a, b = log[log["element_id"] == "A"], log[log["element_id"] == "B"]
    for s in a["start"]:
        waiting_b = b[(b["enable"] < s) & (b["start"] > s)]
        assert waiting_b.empty, s
    wait = (log["start"] - log["enable"]).groupby(log["element_id"], observed=True).mean()
    assert wait["B"] < wait["A"]
    fifo = simulate(sc).log  # without the priority: first come, first served
    fifo_wait = (fifo["start"] - fifo["enable"]).groupby(fifo["element_id"], observed=True).mean()
    assert abs(fifo_wait["A"] - fifo_wait["B"]) < wait["A"] - wait["B"]


def test_a_task_one_of_several_pools_may_do(tmp_path: Path) -> None:
    # arrivals every 10 s, work 15 s: one desk falls behind, desk + backup never wait
    (tmp_path / "s.toml").write_text(f"""
model = "{DATA / 'single.bpmn'}"
process = "P_single"
cases = 50
[calendar]
holidays = false
weekly = [{{ days = "mon-sun", from = "00:00", to = "24:00" }}]
[arrivals]
interarrival = {{ dist = "fixed", value = 10 }}
[resources.desk]
count = 1
[resources.backup]
count = 1
[tasks.T]
duration = {{ dist = "fixed", value = 15 }}
resource = ["desk", "backup"]
priority = 2
""", encoding="utf-8")
    sc = load_scenario(tmp_path / "s.toml")
    assert sc.tasks["T"].alternatives == ("backup",) and sc.tasks["T"].priority == 2
    r = simulate(sc)
    log = r.log
    assert np.allclose(log["start"], log["enable"])  # never waits
    assert set(log["resource"]) == {"desk", "backup"}
    assert set(log["resource_instance"]) == {"desk#1", "backup#1"}
    assert (log["resource"] == log["resource_instance"].str.split("#").str[0]).all()
    busy = r.resources.set_index("resource")["busy_seconds"]
    assert busy["desk"] + busy["backup"] == 50 * 15
    alone = simulate(scenario("single.bpmn", process="P_single",
                              tasks={"T": (fixed(15), "desk")}, pools={"desk": 1},
                              interarrival=fixed(10), cases=50))
    assert (alone.log["start"] - alone.log["enable"]).max() > 200


def test_a_list_of_pools_must_name_known_pools(tmp_path: Path) -> None:
    import pytest

    from probisnis.errors import ScenarioError

    (tmp_path / "s.toml").write_text(f"""
model = "{DATA / 'single.bpmn'}"
process = "P_single"
[arrivals]
interarrival = {{ dist = "fixed", value = 10 }}
[resources.desk]
count = 1
[tasks.T]
duration = {{ dist = "fixed", value = 15 }}
resource = ["desk", "nobody"]
""", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"tasks\.T\.resource.*nobody"):
        load_scenario(tmp_path / "s.toml")
