"""The engine's layering: simpy internals in one module, behaviours that do not import the
engine, one behaviour per element kind in the table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from probisnis.sim import graph
from probisnis.sim.behaviours.table import ACTING, enter_table

SIM = Path(__file__).resolve().parents[1] / "src" / "probisnis" / "sim"
#: fields simpy 4 keeps private (events, processes, the environment)
_PRIVATE = re.compile(r"\._(now|queue|eid|active_proc|ok|value|delay|defused|target|"
                      r"generator|resume|callbacks)\b")


def test_only_clock_touches_simpy_internals() -> None:
    offenders = [str(p.relative_to(SIM)) for p in sorted(SIM.rglob("*.py"))
                 if p.name != "clock.py" and _PRIVATE.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_behaviours_never_import_the_engine() -> None:
    for path in sorted((SIM / "behaviours").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "probisnis.sim.engine", path.name


def test_every_kind_that_waits_or_acts_has_a_behaviour() -> None:
    acting = {graph.TASK, graph.SUB, graph.CALL, graph.TIMER, graph.MSG_CATCH, graph.THROW,
              graph.SIGNAL_CATCH, graph.COND_CATCH, graph.END, graph.TERMINATE}
    assert set(enter_table()) == acting == ACTING
    # the rest only route: start events, gateways, plain events, boundary events (entered
    # only when they fire, then leaving), event subprocesses (started by their trigger)
    routing = {graph.START, graph.XOR, graph.AND, graph.OR, graph.EVENT_GW, graph.PASS,
               graph.BOUNDARY, graph.EVENT_SUB}
    assert not acting & routing and len(acting | routing) == 18
