"""Start-up time of the ``probisnis`` command against a bare Python, in one run.

Each command runs ``--repeat`` times in a fresh interpreter (the same ``sys.executable``);
the median wall-clock time of each is printed with its ratio to ``python -c pass`` (the
peer: an interpreter that starts and does nothing) and the extra milliseconds over it.
``simulate permit, 1 case`` is the permit benchmark model (Prosimos files) simulated for
one case: the start-up of a simulation. Bytecode is cached as for an installed package.
``all subcommands imported`` is what ``--version`` cost before subcommands were loaded
lazily (every subcommand module imported to build the parser), for comparison.

    .venv/bin/python benchmarks/bench_cli_startup.py             # 7 runs each
    .venv/bin/python benchmarks/bench_cli_startup.py --repeat 15

Nothing is asserted (tests never assert on time); ``tests/test_cli_startup.py`` checks
instead that ``--version`` and ``--help`` import no heavy module.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
PERMIT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "permit"

CASES: list[tuple[str, list[str]]] = [
    ("python -c pass (peer)", [PY, "-c", "pass"]),
    ("import probisnis", [PY, "-c", "import probisnis"]),
    ("probisnis --version", [PY, "-m", "probisnis", "--version"]),
    ("probisnis --help", [PY, "-m", "probisnis", "--help"]),
    ("console script --version", [shutil.which("probisnis", path=str(Path(PY).parent))
                                  or "probisnis", "--version"]),
    ("simulate permit, 1 case", [PY, "-m", "probisnis", "simulate", f"{PERMIT}.bpmn",
                                 "--prosimos", f"{PERMIT}.json", "--cases", "1"]),
    ("all subcommands imported", [PY, "-c", "from probisnis.cli import _build_parser; "
                                            "_build_parser()"]),
]


def _median_seconds(argv: list[str], repeat: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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
        results = [(name, _median_seconds(cmd, args.repeat, env)) for name, cmd in CASES]
    peer = results[0][1]
    print(f"median of {args.repeat} runs each, {sys.version.split()[0]}")
    print(f"{'command':<28} {'seconds':>8} {'x peer':>7} {'+ms over peer':>14}")
    for name, seconds in results:
        print(f"{name:<28} {seconds:8.3f} {seconds / peer:7.1f} {1000 * (seconds - peer):14.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
