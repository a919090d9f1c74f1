"""``python -m probisnis.trace OUT.md PATH...``: write the traceability page.

Each PATH is a ``.bpmn`` file or a folder (its ``*.bpmn`` files). Prints the
counts (clauses cited of all, flow nodes without citation, invalid
citations). Exit status 0 when the page is written (gaps are reported on the
page, not as failure; the tests gate them), 1 on an unreadable file, 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from probisnis.errors import ProbisnisError, UsageError
from probisnis.trace.report import render_markdown, trace


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m probisnis.trace",
        description="Write the clause -> BPMN element traceability page.",
    )
    parser.add_argument("out", help="Markdown file to write, e.g. docs/traceability.md")
    parser.add_argument("paths", nargs="+", help=".bpmn files or folders of them")
    args = parser.parse_args(argv)
    try:
        result = trace(args.paths)
    except UsageError as exc:
        print(f"probisnis.trace: error: {exc}", file=sys.stderr)
        return 2
    except ProbisnisError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(result), encoding="utf-8")
    total = len(result.clauses)
    uncited = len(result.uncited_clauses())
    print(
        f"{out}: {len(result.files)} berkas BPMN, {total - uncited} dari {total} klausul dikutip, "
        f"{len(result.uncited_flow_nodes())} node alur tanpa kutipan, "
        f"{len(result.invalid())} kutipan tidak merujuk ke teks yang ada"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
