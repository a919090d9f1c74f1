"""``python -m probisnis.sop.examples [--check]``: the example SOPs in ``docs/sop/``.

One SOP per work mechanism's pelaksanaan (Lampiran II.D.1-6 b), exported from
``processes/`` with the Waktu of the bundled scenario in ``simulations/``: HTML (printable on
F4) and the ``Tabel SOP`` as CSV (what ``sop import`` reads). ``--check`` writes nothing and
exits 1 when a committed file differs (a test runs it).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from probisnis.sim.scenario_toml import load_scenario
from probisnis.sop.excel import TABLE_COLUMNS, table_rows
from probisnis.sop.from_bpmn import sop_from_bpmn
from probisnis.sop.html import render_sop_html

__all__ = ["EXAMPLES", "outputs"]

#: docs/sop/<stem> -> (process file, process id, scenario)
EXAMPLES = {
    f"m{n}_pelaksanaan": (f"processes/{stem}.bpmn", f"M{n}_pelaksanaan", f"simulations/{stem}.toml")
    for n, stem in enumerate(("m1_sekretariat_daerah", "m2_jpt_dua_level", "m3_jpt_satu_level",
                              "m4_administrator", "m5_pengawas", "m6_pejabat_fungsional"),
                             start=1)
}


def outputs(root: Path, out: Path) -> Iterator[tuple[Path, bytes]]:
    """(path, bytes) of every example file under ``out`` (paths of the inputs from ``root``)."""
    for stem, (model, process, scenario) in EXAMPLES.items():
        sop = sop_from_bpmn(root / model, process, scenario=load_scenario(root / scenario))
        yield out / f"{stem}.html", render_sop_html(sop).encode("utf-8")
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(TABLE_COLUMNS)
        for row in table_rows(sop):
            writer.writerow(["" if v is None else v for v in row])
        yield out / f"{stem}.csv", buf.getvalue().encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m probisnis.sop.examples",
                                     description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/sop"))
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = []
    for path, data in outputs(Path.cwd(), args.out):
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        print(f"{'differs' if args.check else 'wrote'}: {path}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
