"""Project-level guards: the Quickstart contract and the pinned public API."""

from __future__ import annotations

import importlib.util
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


def test_public_api_is_pinned():
    assert probisnis.__all__ == sorted(probisnis.__all__)
    for name in probisnis.__all__:
        assert hasattr(probisnis, name), name
