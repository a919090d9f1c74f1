"""Simulation of BPMN processes on simpy: scenarios, engine, KPIs, exports.

Typical use::

    from probisnis.sim import load_scenario, simulate
    result = simulate(load_scenario("simulations/m1_sekretariat_daerah.toml"))
    result.log        # one row per activity instance
    result.cases      # one row per case
"""

from probisnis.sim.compile import compile_scenario
from probisnis.sim.result import SimulationResult
from probisnis.sim.runner import run_replication, simulate
from probisnis.sim.scenario import (
    Arrivals,
    Attribute,
    ResourcePool,
    Scenario,
    TaskSpec,
)
from probisnis.sim.scenario_toml import load_scenario

__all__ = [
    "Arrivals",
    "Attribute",
    "ResourcePool",
    "Scenario",
    "SimulationResult",
    "TaskSpec",
    "compile_scenario",
    "load_scenario",
    "run_replication",
    "simulate",
]
