"""(Re)generate ``processes/*.bpmn`` from the library: ``python -m probisnis.library.build``.

``python -m probisnis.library.build [--out DIR] [--check] [NAME ...]`` writes each
process file (laid out, deterministic); ``--check`` writes nothing and exits 1
when a committed file differs from what the library builds (use it in CI).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from probisnis.bpmn.model import Definitions
from probisnis.bpmn.writer import to_bytes
from probisnis.library import mechanisms

__all__ = ["LIBRARY", "build", "main"]

#: file stem in processes/ -> function building its Definitions
LIBRARY: dict[str, Callable[[], Definitions]] = {
    "m1_sekretariat_daerah": mechanisms.mechanism_1,
}


def build(out: Path, names: Sequence[str] = (), *, check: bool = False) -> list[Path]:
    """Write (with ``check``: compare) the library's files under ``out``; returns changed paths."""
    unknown = [n for n in names if n not in LIBRARY]
    if unknown:
        raise SystemExit(
            f"unknown process file(s): {', '.join(unknown)}; known: {', '.join(LIBRARY)}"
        )
    changed = []
    for name in names or list(LIBRARY):
        path = out / f"{name}.bpmn"
        data = to_bytes(LIBRARY[name]())
        if path.exists() and path.read_bytes() == data:
            continue
        changed.append(path)
        if not check:
            out.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m probisnis.library.build", description=__doc__)
    parser.add_argument(
        "names", nargs="*", help=f"files to build (default all: {', '.join(LIBRARY)})"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("processes"), help="output folder (default processes/)"
    )
    parser.add_argument("--check", action="store_true", help="only report files that would change")
    args = parser.parse_args(argv)
    changed = build(args.out, args.names, check=args.check)
    for path in changed:
        print(f"{'differs' if args.check else 'wrote'}: {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
