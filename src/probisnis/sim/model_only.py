"""A scenario for a bare BPMN model: simulate a file drawn in another tool with no parameters.

Analysts receive descriptive models from Bizagi, ADONIS, Signavio, ARIS or Camunda Modeler
with no simulation data at all. :func:`scenario_for_model` gives such a model a scenario
whose every assumption is stated in ``Scenario.warnings`` (the CLI prints them):

- every lane is a pool of one person (lanes missing: one pool per task, see the engine);
- every task takes ``default_duration`` of work (exponential, mean one working hour, unless
  given);
- gateways without conditions split equally; implicit splits are parallel;
- Poisson arrivals with a mean gap of one working day, 24/7 clock (no calendar).

The numbers are placeholders for structure checks (does every path end? where do tokens
pile up?), not estimates; a real study writes a scenario TOML (``docs/simulation.md``).
"""

from __future__ import annotations

import os
from datetime import datetime

from probisnis.bpmn.reader import read
from probisnis.errors import UsageError
from probisnis.present.notices import notice
from probisnis.sim.check import checked
from probisnis.sim.distribution_spec import make_distribution
from probisnis.sim.distributions import Distribution
from probisnis.sim.scenario import Arrivals, Scenario

__all__ = ["DEFAULT_START", "scenario_for_model"]

#: Monday 6 January 2025, 08:00: when the simulated time of a bare model begins by default
DEFAULT_START = datetime(2025, 1, 6, 8, 0)

_ASSUMED = notice("model-only-assumed")


def scenario_for_model(
    path: str | os.PathLike[str],
    *,
    process_id: str | None = None,
    cases: int = 100,
    seed: int = 0,
    replications: int = 1,
    default_duration: Distribution | None = None,
    library: tuple[str, ...] = (),
    start: datetime = DEFAULT_START,
) -> Scenario:
    """A :class:`Scenario` simulating ``process_id`` of the BPMN file ``path`` on assumptions.

    Call activities resolve against ``library`` (folders or .bpmn files), by default the
    model's own folder, as ``run`` does.

    Raises :class:`~probisnis.errors.BpmnError` when the file cannot be read and
    :class:`~probisnis.errors.UsageError` for an unknown process id.
    """
    label = os.fspath(path)
    defs = read(label)
    if not defs.processes:
        raise UsageError(f"{label}: berkas ini tidak memuat proses untuk disimulasikan")
    if process_id is None:
        process_id = defs.process().id
    elif process_id not in defs.processes:
        raise UsageError(
            f"{label}: tidak ada proses {process_id!r}; berkas ini memuat "
            f"{', '.join(defs.processes)}"
        )
    duration = default_duration or make_distribution(
        {"dist": "exponential", "mean": 1, "unit": "h"}, where="default_duration", path=label
    )
    gap = make_distribution(
        {"dist": "exponential", "mean": 1, "unit": "d"}, where="arrivals", path=label,
        hours_per_day=24.0,
    )
    from probisnis.sim.scenario_toml import load_library

    called = {n.called_element for _, n in defs.iter_nodes() if n.called_element}
    definitions, library_warnings = load_library(label, library, called, defs)
    scenario = Scenario(
        definitions=definitions,
        process_id=process_id,
        start=start,
        cases=cases,
        seed=seed,
        replications=replications,
        arrivals=Arrivals(interarrival=gap),
        default_duration=duration,
        name=f"{os.path.basename(label)} (tanpa skenario: parameter pengisi)",
        path=label,
        library=library or (os.path.dirname(label) or ".",),
        warnings=(_ASSUMED, *library_warnings),
    )
    return checked(scenario)
