"""Regenerate docs/whatif/ (the example what-if studies) and the hypothetical model.

    .venv/bin/python scripts/make_whatif_docs.py            # all cores
    .venv/bin/python scripts/make_whatif_docs.py --workers 1

Writes simulations/hipotetis/m1_sebelum_penyederhanaan.bpmn, docs/whatif/<study>.md and
.png for every study of probisnis.whatif.studies.STUDIES, and docs/whatif/index.md.
tests/test_whatif_studies.py fails when the committed pages differ from what this writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from probisnis.whatif.executor import LocalExecutor
from probisnis.whatif.studies import write_studies

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", default=str(ROOT / "docs" / "whatif"))
    args = parser.parse_args()
    with LocalExecutor(args.workers) as executor:
        files = write_studies(ROOT, args.out, executor=executor,
                              progress=lambda s: print(f"study {s}", file=sys.stderr))
    for f in files:
        print(f"wrote {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
