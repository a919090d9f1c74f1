"""Issue 9, layers without circles: the scenario model and its readers import one way.

model (``sim/scenario.py``, ``distributions``, ``calendar``) <- readers (``keyed``,
``scenario_toml``, ``distribution_spec``, ``calendar_spec``, ``prosimos``, ``model_only``)
-> compiler (``check``, ``compile``, ``bind``). Imports inside functions count too; those
under ``if TYPE_CHECKING:`` do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

#: the scenario layer: none of these may sit on an import cycle
SCENARIO_LAYER = {
    f"probisnis.sim.{m}" for m in (
        "scenario", "scenario_toml", "keyed", "bounds", "check", "bind", "compile",
        "distributions", "distribution_spec", "calendar", "calendar_spec", "prosimos",
        "prosimos_laws", "prosimos_pools", "prosimos_rules", "model_only",
    )
}
#: what the scenario model may import from the package
MODEL_IMPORTS = {"probisnis.bpmn.model", "probisnis.errors", "probisnis.sim.bounds",
                 "probisnis.sim.distributions", "probisnis.sim.calendar"}


def _modules() -> dict[str, Path]:
    out = {}
    for f in (SRC / "probisnis").rglob("*.py"):
        parts = f.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = {id(n) for node in ast.walk(tree)
              if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
              for n in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in known}


def _graph() -> dict[str, set[str]]:
    known = _modules()
    packages = {m for m, f in known.items() if f.name == "__init__.py"}
    return {m: _imports(f, known) - packages - {m} for m, f in known.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_scenario_layer_is_on_no_import_cycle() -> None:
    bad = [sorted(c) for c in _cycles(_graph()) if c & SCENARIO_LAYER]
    assert bad == []


def test_scenario_model_imports_nothing_above_it() -> None:
    graph = _graph()
    assert graph["probisnis.sim.scenario"] <= MODEL_IMPORTS, graph["probisnis.sim.scenario"]
    for model in ("probisnis.sim.distributions", "probisnis.sim.calendar", "probisnis.sim.bounds"):
        readers = {m for m in graph[model] if m in SCENARIO_LAYER} - MODEL_IMPORTS
        assert not readers - {"probisnis.sim.calendar_spec"}, (model, readers)


def test_the_detector_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_a_scenario_is_compiled_once(monkeypatch: object) -> None:
    """load_scenario compiles to check; simulate (even with --cases/--seed) reuses it."""
    import pytest

    from probisnis.sim import check, simulate
    from probisnis.sim.scenario_toml import load_scenario

    calls: list[object] = []
    real = check.compile_scenario

    def counting(s: object) -> object:
        calls.append(s)
        return real(s)  # type: ignore[arg-type]

    mp = pytest.MonkeyPatch()
    mp.setattr(check, "compile_scenario", counting)
    try:
        s = load_scenario(Path(__file__).parent / "data" / "sim" / "permit.toml")
        assert len(calls) == 1
        a = simulate(s, cases=30, seed=3)
        b = simulate(s, cases=30, seed=3)
        assert len(calls) == 1
        assert a.log.equals(b.log) and len(a.cases) == 30
        from dataclasses import replace

        simulate(replace(s, hours_per_day=8.0), cases=5)  # a model change: compiled anew
        assert len(calls) == 2
    finally:
        mp.undo()


def test_value_objects_raise_inside_the_error_tree() -> None:
    import pytest

    from probisnis.errors import InvalidValueError, ProbisnisError
    from probisnis.sim.calendar import WorkingCalendar
    from probisnis.sim.distributions import Normal

    with pytest.raises(ProbisnisError):
        WorkingCalendar.always().add_working(0.0, -1.0)
    with pytest.raises(InvalidValueError):
        Normal(0.0, 1.0, 100.0, 101.0)
    assert issubclass(InvalidValueError, ValueError)
