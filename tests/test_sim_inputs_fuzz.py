"""Property tests (issue 7): mutated scenario files and Prosimos parameters never make
``probisnis simulate`` raise anything but a :class:`ProbisnisError` (exit 1 or 2).

The documents are real ones (the permit scenario and its Prosimos twin) with a few values
replaced by hostile ones, keys dropped or unknown keys added (``tests/strategies.py``).
``main(argv)`` catches only the package's own errors, so any other exception fails the test.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from probisnis.cli import main
from strategies import definitions, mutated, toml_text

DATA = Path(__file__).parent / "data" / "sim"
BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"

_PERMIT = tomllib.loads((DATA / "permit.toml").read_text(encoding="utf-8"))
_PERMIT["model"] = str((BENCH / "permit.bpmn").resolve())
_PERMIT["cases"] = 20
_PROSIMOS = json.loads((BENCH / "permit.json").read_text(encoding="utf-8"))
_RULES = Path(__file__).parent / "data" / "prosimos" / "rules.bpmn"
_RULES_DOC = json.loads(_RULES.with_suffix(".json").read_text(encoding="utf-8"))

_SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


def _simulate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["simulate", *argv, "--replications", "1"])
    _, err = capsys.readouterr()
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    if code:
        assert err.strip(), "a refusal must say why"
    return code, err


@_SETTINGS
@given(doc=mutated(_PERMIT))
def test_mutated_scenario_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               doc: dict[str, Any]) -> None:
    path = tmp_path / "s.toml"
    path.write_text(toml_text(doc), encoding="utf-8")
    code, err = _simulate(capsys, str(path), "--cases", "20")
    if code == 1:
        assert err.startswith(f"{path}") or "model" in err or "simulation" in err, err


@_SETTINGS
@given(doc=mutated(_PROSIMOS))
def test_mutated_prosimos_json(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               doc: dict[str, Any]) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    code, err = _simulate(capsys, str(BENCH / "permit.bpmn"), "--prosimos", str(path),
                          "--cases", "20")
    if code == 1:
        assert err.startswith(f"{path}: ") or "simulation" in err, err


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(defs=definitions(layout=False), doc=mutated({
    "cases": 5, "seed": 1, "hours_per_day": 7.5, "max_visits": 50,
    "arrivals": {"rate": 3, "per": "d"},
    "defaults": {"duration": {"dist": "exponential", "mean": 2, "unit": "h"}},
}, max_edits=2))
def test_generated_models_and_scenarios(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        defs: Any, doc: dict[str, Any]) -> None:
    """A random sound model, simulated bare and with a mutated scenario of its own."""
    from probisnis.bpmn.writer import write

    model = write(defs, tmp_path / "acak.bpmn")
    code, _ = _simulate(capsys, str(model), "--cases", "5")
    assert code == 0  # a sound model with stated assumptions always simulates
    path = tmp_path / "acak.toml"
    path.write_text(toml_text({"model": "acak.bpmn", **doc}), encoding="utf-8")
    _simulate(capsys, str(path))


@_SETTINGS
@given(doc=mutated(_RULES_DOC))
def test_mutated_prosimos_branch_rules(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       doc: dict[str, Any]) -> None:
    """Case attributes and branch rules, mutated: a clean answer every time."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    code, err = _simulate(capsys, str(_RULES), "--prosimos", str(path), "--cases", "20")
    if code == 1:
        assert err.startswith(f"{path}: ") or "simulation" in err, err
