"""``probisnis --version`` and ``--help`` start without loading any subcommand.

Checked by the modules a fresh interpreter holds afterwards, not by wall-clock time
(``benchmarks/bench_cli_startup.py`` measures the time).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from probisnis.cli import COMMANDS, command_help

#: libraries (and our own heavy packages) that the bare command line must not import
HEAVY = ("pandas", "numpy", "scipy", "simpy", "SpiffWorkflow", "lxml", "matplotlib",
         "pyarrow", "babel", "pydantic", "holidays", "tqdm", "openpyxl", "playwright",
         "probisnis.sim", "probisnis.run", "probisnis.bpmn", "probisnis.present")


def _modules_after(argv: list[str]) -> set[str]:
    code = ("import contextlib, io, json, sys\n"
            "from probisnis.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), "
            "contextlib.redirect_stderr(io.StringIO()):\n"
            f"    status = main({argv!r})\n"
            "print(json.dumps([status, sorted(sys.modules)]))\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    status, modules = json.loads(out)
    assert status == 0
    return set(modules)


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_bare_command_line_imports_no_heavy_module(argv):
    modules = _modules_after(argv)
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert heavy == [], f"probisnis {argv[0]} imported {heavy[:10]}"
    commands = sorted(m for m in modules if m.startswith("probisnis.cli.") and
                      m.endswith("_cmd"))
    assert commands == []


def test_a_subcommand_imports_only_its_own_module():
    modules = _modules_after(["trace", "--help"])
    loaded = {m.rsplit(".", 1)[1] for m in modules if m.startswith("probisnis.cli.")}
    assert "trace_cmd" in loaded
    assert not {"simulate_cmd", "run_cmd", "render_cmd"} & loaded


#: what a plain ``simulate`` (no ``--out``, no chart) must not import: each is imported inside
#: the function that needs it. The terminal summary is computed from the run's light columns
#: (probisnis.sim.columns): pandas and pyarrow (about half of a 1-case run's start) are loaded
#: only when a DataFrame is asked for
NOT_FOR_PLAIN_SIMULATE = ("pandas", "pyarrow", "scipy.stats", "dask", "matplotlib",
                          "openpyxl", "SpiffWorkflow", "probisnis.run", "probisnis.report",
                          "probisnis.sim.export", "probisnis.sim.logsink",
                          # the page's numbers and dates are written without Babel
                          # (present/numbers.py); malloc_trim is found without ldconfig
                          "babel", "subprocess",
                          # these models run on the heap kernel: simpy is the simpy loop's
                          "simpy", "probisnis.sim.clock",
                          "probisnis.sim.behaviours.task", "probisnis.sim.behaviours.walk")

ROOT = Path(__file__).resolve().parents[1]
PERMIT = ROOT.parent / "shared" / "bench" / "permit"


@pytest.mark.parametrize(("argv", "also_not"), [
    # Prosimos calendars name no holidays; the normal, log-normal and gamma laws' masses
    # are computed without scipy (sim/special.py)
    # (and without holidays nothing reads a package's metadata or resources: simpy did, for
    # its version; the bundled default scenario is looked up only when none is given)
    ([f"{PERMIT}.bpmn", "--prosimos", f"{PERMIT}.json"],
     ("holidays", "scipy", "importlib.metadata", "importlib.resources", "tomllib")),
    ([str(ROOT / "tests" / "data" / "sim" / "permit.toml")],
     ("holidays", "scipy", "importlib.metadata", "importlib.resources")),
    # triangular and exponential laws, 5 replications with 95 % intervals: no scipy
    ([str(ROOT / "simulations" / "m1_revisi_30.toml")], ("scipy",)),
], ids=["prosimos", "scenario", "bundled-replications"])
def test_a_plain_simulate_imports_only_what_it_uses(argv, also_not):
    # --workers 1: by default ("auto") the replications go to a pool of processes when the
    # first one took long enough, as it may on a loaded machine, and a pool imports subprocess
    modules = _modules_after(["simulate", *argv, "--cases", "50", "--seed", "1",
                              "--workers", "1"])
    # it did simulate and print its summary (the KPI and page modules ran)
    assert {"probisnis.sim.engine", "probisnis.sim.kpis_streaming",
            "probisnis.present.simulation"} <= modules
    loaded = sorted(m for m in modules if m.startswith(NOT_FOR_PLAIN_SIMULATE + also_not))
    assert loaded == [], f"a plain simulate imported {loaded[:10]}"


@pytest.mark.parametrize("options", [
    ["--cases", "1"],
    ["--cases", "300", "--replications", "3", "--warmup-cases", "20", "--seed", "4"],
    ["--horizon", "20d", "--start", "2025-03-03T07:30", "--lang", "en"],
    ["--cases", "40", "--json"],
], ids=["one-case", "replications-warmup", "horizon-start", "json"])
def test_the_terminal_summary_needs_neither_pandas_nor_pyarrow(options):
    modules = _modules_after(["simulate", f"{PERMIT}.bpmn", "--prosimos", f"{PERMIT}.json",
                              *options])
    assert "probisnis.present.simulation" in modules
    loaded = sorted(m for m in modules if m.split(".")[0] in ("pandas", "pyarrow"))
    assert loaded == [], f"simulate {' '.join(options)} imported {loaded[:5]}"


def test_the_frames_are_made_when_asked_for():
    """The lazy DataFrames are real: reading ``result.log`` imports pandas and gives the
    contract's frame; until then the run held light columns only."""
    code = ("import sys\n"
            "from probisnis.sim import load_scenario, simulate\n"
            f"result = simulate(load_scenario({str(ROOT / 'simulations' / 'm1_revisi_30.toml')!r}),"
            " cases=5, replications=2)\n"
            "before = 'pandas' in sys.modules\n"
            "status = result.case_status()\n"
            "log = result.log\n"
            "import pandas as pd\n"
            "print(before, type(log).__name__, list(log.columns) == ["
            "'case_id', 'replication', 'process_id', 'element_id', 'name', 'kind', 'lane', "
            "'resource', 'resource_instance', 'enable', 'start', 'end'], "
            "str(log['element_id'].dtype), str(result.cases['status'].dtype), "
            "sum(status.values()) == len(result.cases), result.log is log)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    # the status column holds Python strings: 'object' under pandas 2, 'str' under pandas 3
    assert out[4] in ("object", "str")
    assert out[:4] + out[5:] == ["False", "DataFrame", "True", "category", "True", "True"]


def test_a_calendar_with_holidays_still_imports_them():
    """The lazy import is real: a calendar that names a country loads ``holidays``."""
    code = ("import sys\n"
            "from datetime import date\n"
            "from probisnis.sim.calendar import closed_days\n"
            "assert 'holidays' not in sys.modules\n"
            "days = closed_days(date(2025, 1, 1), date(2025, 12, 31))\n"
            "print(days[date(2025, 8, 17)], 'holidays' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.split()[-1] == "True" and out.strip() != "True"


@pytest.mark.slow
def test_the_heavy_list_is_real():
    """The check above can fail: building the full parser does import the heavy modules."""
    code = ("import sys; from probisnis.cli import _build_parser; _build_parser(); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "True"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_read_from_source_equals_the_module_help(name):
    module = importlib.import_module(f"probisnis.cli.{COMMANDS[name]}")
    assert command_help(name) == module.HELP


def test_only_the_program_itself_freezes_the_collector_before_it_exits(monkeypatch, capsys):
    """``main()`` without argv (the ``probisnis`` command) freezes the garbage collector, as
    the process exits next; ``main(argv)`` called in a process that goes on does not."""
    import gc

    from probisnis.cli import main

    gc.unfreeze()
    assert main(["--version"]) == 0 and gc.get_freeze_count() == 0
    monkeypatch.setattr(sys, "argv", ["probisnis", "--version"])
    try:
        assert main() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_program_writes_complete_outputs_with_the_collector_frozen(tmp_path):
    out = tmp_path / "hasil"
    done = subprocess.run([sys.executable, "-m", "probisnis", "simulate", "--cases", "20",
                           "--out", str(out)], capture_output=True, text=True, check=True)
    assert "Jawaban" in done.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    for name, entry in manifest["files"].items():
        assert (out / entry["path"]).stat().st_size == entry["bytes"], name


def test_only_the_program_itself_keeps_blas_on_one_thread(monkeypatch, capsys):
    """The ``probisnis`` command sets the BLAS thread counts to 1 unless the user set them
    (OpenBLAS's idle threads otherwise spin on the other cores); ``main(argv)`` in a
    process that goes on leaves the environment alone."""
    import gc

    from probisnis.cli import ONE_THREAD, main

    for name in ONE_THREAD:
        monkeypatch.delenv(name, raising=False)
    assert main(["--version"]) == 0
    assert not any(name in os.environ for name in ONE_THREAD)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")  # the user's own choice is kept
    monkeypatch.setattr(sys, "argv", ["probisnis", "--version"])
    try:
        assert main() == 0
    finally:
        gc.unfreeze()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and os.environ["MKL_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "4"
