"""Project-level guards: the Quickstart contract and the pinned public API."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import probisnis

ROOT = Path(__file__).resolve().parents[1]


def _quickstart():
    spec = importlib.util.spec_from_file_location("quickstart", ROOT / "scripts" / "quickstart.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_quickstart_has_exactly_two_commands():
    cmds = _quickstart().quickstart_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(cmds) == 2
    run, test = cmds
    assert "probisnis simulate" in run
    assert "pytest" in test and ".[test]" in test


def test_ci_runs_the_readme_test_command():
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "quickstart.py"), "test"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert "pytest" in out
    assert "quickstart.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


PUBLIC_API = [
    "BpmnError", "DeadlockError", "Definitions", "DefinitionsBuilder", "Distribution", "Finding",
    "ProbisnisError", "ProcessBuilder", "RunError", "RunResult", "Scenario", "ScenarioError",
    "ScenarioRef",
    "SimulationError", "SimulationResult", "StuckRunError", "UsageError", "WorkingCalendar",
    "__version__", "check_bpmnjs", "check_stability",
    "citations", "compare", "layout_definitions", "load_clauses",
    "load_prosimos", "load_scenario", "make_distribution", "read", "read_bytes", "render_png",
    "restore_run", "result_kpis", "run_process", "save_run", "schema_errors", "simulate",
    "starter_scenario", "summarize", "sweep",
    "to_bytes", "validate_definitions", "validate_paths", "write",
    "load_result", "write_report", "write_xlsx",
    "read_sop_table", "sop_from_bpmn", "write_sop_html", "write_sop_xlsx",
]


def test_public_api_is_pinned():
    assert probisnis.__all__ == sorted(PUBLIC_API)
    for name in probisnis.__all__:
        assert getattr(probisnis, name) is not None, name


def test_public_functions_are_not_shadowed_by_subpackages():
    import types

    import probisnis.run

    for name in probisnis.__all__:
        assert not isinstance(getattr(probisnis, name), types.ModuleType), name


def test_every_lazy_name_is_public():
    assert set(probisnis._LAZY) <= set(probisnis.__all__)


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError):
        probisnis.no_such_thing  # noqa: B018


def test_errors_share_one_root():
    for name in probisnis.__all__:
        obj = getattr(probisnis, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, probisnis.ProbisnisError), name


def test_architecture_page_names_every_module():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    src = ROOT / "src" / "probisnis"
    missing = [
        str(path.relative_to(src))
        for path in sorted(src.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py")
        and not re.search(rf"(?<![\w]){re.escape(path.name)}", text)
    ]
    assert not missing, f"docs/architecture.md does not mention: {missing}"


def test_every_test_marked_slow_by_the_conftest_table_exists():
    """A renamed test must not silently fall out of the slow lane's table."""
    from conftest import SLOW_TESTS

    missing = []
    for name in SLOW_TESTS:
        path, _, function = name.partition("::")
        source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else ""
        if not re.search(rf"^(async )?def {re.escape(function)}\(", source, re.M):
            missing.append(name)
    assert not missing, f"tests/conftest.py SLOW_TESTS names tests that do not exist: {missing}"
