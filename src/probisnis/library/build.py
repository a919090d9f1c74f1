"""(Re)generate ``processes/`` from the library: ``python -m probisnis.library.build``.

``python -m probisnis.library.build [--out DIR] [--docs DIR] [--check] [NAME ...]``
writes each process file (laid out, deterministic) and each decision table
(``*.dmn``), and refreshes the generated tables of a BPMN file's page
``docs/processes/<name>.md`` if that page exists; ``--check`` writes nothing and
exits 1 when a committed file differs from what the library builds (use it in CI).
Every file of ``processes/`` is produced here: :func:`outputs` lists them all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from probisnis.bpmn.model import Definitions
from probisnis.bpmn.writer import to_bytes
from probisnis.errors import UsageError
from probisnis.library import kedudukan, kinerja, maps, mechanisms, penugasan
from probisnis.library.doc_tables import replace_tables

__all__ = ["DMN", "LIBRARY", "MECHANISMS", "build", "main", "outputs"]

#: the six work mechanisms (Lampiran II.D): file stem in processes/ -> its builder
MECHANISMS: dict[str, Callable[[], Definitions]] = {
    "m1_sekretariat_daerah": mechanisms.mechanism_1,
    "m2_jpt_dua_level": mechanisms.mechanism_2,
    "m3_jpt_satu_level": mechanisms.mechanism_3,
    "m4_administrator": mechanisms.mechanism_4,
    "m5_pengawas": mechanisms.mechanism_5,
    "m6_pejabat_fungsional": mechanisms.mechanism_6,
}

#: every BPMN file of processes/: the mechanisms, penugasan, pertanggungjawaban and
#: pengelolaan kinerja, the penentuan penilai kinerja (kedudukan) and the Pasal 20 maps
#: (each module keeps its own ``LIBRARY``)
LIBRARY: dict[str, Callable[[], Definitions]] = {
    **MECHANISMS,
    **penugasan.LIBRARY,
    **kinerja.LIBRARY,
    **kedudukan.LIBRARY,
    **maps.LIBRARY,
}

#: every DMN file of processes/: file stem -> its bytes (the kedudukan decision table)
DMN: dict[str, Callable[[], bytes]] = {**kedudukan.DMN_LIBRARY}


def _known() -> list[str]:
    return [*LIBRARY, *DMN]


def outputs(
    out: Path, names: Sequence[str] = (), *, docs: Path | None = None
) -> Iterator[tuple[Path, bytes]]:
    """(path, bytes) of every file the library produces under ``out`` (and pages in ``docs``).

    ``names``: file stems to produce (default: all, BPMN then DMN).
    """
    unknown = [n for n in names if n not in LIBRARY and n not in DMN]
    if unknown:
        raise UsageError(
            f"unknown process file(s): {', '.join(unknown)}; known: {', '.join(_known())}"
        )
    for name in names or _known():
        if name in DMN:
            yield out / f"{name}.dmn", DMN[name]()
            continue
        defs = LIBRARY[name]()
        yield out / f"{name}.bpmn", to_bytes(defs)
        page = docs / f"{name}.md" if docs is not None else None
        if page is not None and page.exists():
            text = page.read_text(encoding="utf-8")
            yield page, replace_tables(text, defs).encode("utf-8")


def build(
    out: Path, names: Sequence[str] = (), *, docs: Path | None = None, check: bool = False
) -> list[Path]:
    """Write (``check``: compare) the files under ``out`` and ``docs``; returns changed paths."""
    changed = []
    for path, data in outputs(out, names, docs=docs):
        if path.exists() and path.read_bytes() == data:
            continue
        changed.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m probisnis.library.build", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"files to build (default: {', '.join(_known())})")
    parser.add_argument("--out", type=Path, default=Path("processes"), help="default processes/")
    parser.add_argument(
        "--docs", type=Path, default=Path("docs/processes"), help="pages to refresh"
    )
    parser.add_argument("--check", action="store_true", help="only report files that would change")
    args = parser.parse_args(argv)
    try:
        changed = build(args.out, args.names, docs=args.docs, check=args.check)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"{'differs' if args.check else 'wrote'}: {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
