"""Start-up time of the ``probisnis`` command against a bare Python, in one run.

Each command runs ``--repeat`` times in a fresh interpreter (the same ``sys.executable``);
the median wall-clock time and the median CPU time (user + system of the child process,
the steadier number on a shared machine) of each are printed with the wall-clock ratio to
``python -c pass`` (the peer: an interpreter that starts and does nothing) and the extra
milliseconds over it, and the load average before and after. ``simulate permit, 1 case``
is the permit benchmark model (Prosimos files) simulated for one case: the start-up of a
simulation; ``10,000 cases`` the whole process ``bench_prosimos.py --whole`` compares with
Prosimos; ``simulate M1 revisi 30`` a bundled scenario (5 replications, holidays) for one
case. ``import pandas`` (with the numpy and pyarrow it loads) is what a plain simulate no
longer imports (its summary is computed from light numpy columns). Bytecode is cached as
for an installed package. ``all subcommands imported`` is what ``--version`` cost before
subcommands were loaded lazily (every subcommand module imported to build the parser), for
comparison.

    .venv/bin/python benchmarks/bench_cli_startup.py             # 7 runs each
    .venv/bin/python benchmarks/bench_cli_startup.py --repeat 15

Nothing is asserted (tests never assert on time); ``tests/test_cli_startup.py`` checks
instead that ``--version`` and ``--help`` import no heavy module.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
ROOT = Path(__file__).resolve().parents[1]
PERMIT = ROOT.parent / "shared" / "bench" / "permit"

CASES: list[tuple[str, list[str]]] = [
    ("python -c pass (peer)", [PY, "-c", "pass"]),
    ("import probisnis", [PY, "-c", "import probisnis"]),
    ("probisnis --version", [PY, "-m", "probisnis", "--version"]),
    ("probisnis --help", [PY, "-m", "probisnis", "--help"]),
    ("console script --version", [shutil.which("probisnis", path=str(Path(PY).parent))
                                  or "probisnis", "--version"]),
    ("simulate permit, 1 case", [PY, "-m", "probisnis", "simulate", f"{PERMIT}.bpmn",
                                 "--prosimos", f"{PERMIT}.json", "--cases", "1"]),
    ("simulate permit, 10,000", [PY, "-m", "probisnis", "simulate", f"{PERMIT}.bpmn",
                                 "--prosimos", f"{PERMIT}.json", "--cases", "10000"]),
    ("simulate M1 revisi 30, 1", [PY, "-m", "probisnis", "simulate",
                                  str(ROOT / "simulations" / "m1_revisi_30.toml"),
                                  "--cases", "1"]),
    ("import pandas", [PY, "-c", "import pandas"]),
    ("all subcommands imported", [PY, "-c", "from probisnis.cli import _build_parser; "
                                            "_build_parser()"]),
]


def _cpu() -> float:
    """CPU seconds (user + system) of the children that ended so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median_seconds(argv: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``repeat`` runs of ``argv``."""
    times, cpu = [], []
    for _ in range(repeat):
        c0, t0 = _cpu(), time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env)
        times.append(time.perf_counter() - t0)
        cpu.append(_cpu() - c0)
    return statistics.median(times), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (median kept)")
    args = parser.parse_args(argv)
    # bytecode cached as for an installed package (PYTHONDONTWRITEBYTECODE would recompile
    # probisnis's own modules at every start); one warm-up run of each fills the cache and
    # keeps the first measurement from paying for a cold disk cache
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for _, cmd in CASES:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env)
        load = os.getloadavg()[0]
        results = [(name, *_median_seconds(cmd, args.repeat, env)) for name, cmd in CASES]
    peer = results[0][1]
    print(f"median of {args.repeat} runs each, {sys.version.split()[0]}, load average "
          f"{load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'command':<28} {'wall s':>8} {'CPU s':>7} {'x peer':>7} {'+ms over peer':>14}")
    for name, seconds, cpu in results:
        print(f"{name:<28} {seconds:8.3f} {cpu:7.3f} {seconds / peer:7.1f} "
              f"{1000 * (seconds - peer):14.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
