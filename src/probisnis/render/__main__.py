"""``python -m probisnis.render OUT_DIR PATH...``: check files in bpmn-js and write their PNGs.

Each PATH is a ``.bpmn`` file or a folder (its ``*.bpmn`` files, sorted). For
every file, prints one line in Bahasa Indonesia (elements drawn, diagrams, picture size, seconds),
each bpmn-js warning and each layout issue (overflowing text, overlapping
labels: reported, not failing); writes ``OUT_DIR/<stem>.png`` unless ``--no-png``.
``--strips DIR`` also draws each pool of a file of several unconnected pools (a
mechanism's phases) alone, in strips a page can show (:mod:`probisnis.render.phases`);
``--pages DIR`` then refreshes the pictures section of ``DIR/<stem>.md``.
Exit status: 0 when every file imports cleanly, 1 when any has warnings, an
error or undrawn elements, 2 on bad arguments or a missing browser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from probisnis.errors import ProbisnisError, UsageError
from probisnis.present.numbers import angka
from probisnis.render.browser import check_bpmnjs


def expand(paths: Sequence[str]) -> list[Path]:
    """Files named directly, plus the sorted ``*.bpmn`` files of each folder named."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.glob("*.bpmn")))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"berkas atau folder tidak ditemukan: {raw}")
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m probisnis.render",
        description="Import BPMN files into bpmn-js (headless Chromium) and write PNG pictures.",
    )
    parser.add_argument("out_dir", help="folder for <stem>.png pictures")
    parser.add_argument("paths", nargs="+", help=".bpmn files or folders of them")
    parser.add_argument("--no-png", action="store_true", help="only check, write no pictures")
    parser.add_argument(
        "--strips",
        metavar="DIR",
        help="also draw each pool of a file of several unconnected pools alone, in strips "
        "about 1,000 px wide, into DIR (probisnis.render.phases)",
    )
    parser.add_argument(
        "--pages",
        metavar="DIR",
        help="with --strips: refresh the pictures section of DIR/<stem>.md where it exists",
    )
    args = parser.parse_args(argv)
    try:
        files = expand(args.paths)
        if not files:
            raise UsageError("tidak ada berkas .bpmn di " + " ".join(args.paths))
        results = check_bpmnjs(files, png_dir=None if args.no_png else args.out_dir)
    except UsageError as exc:
        print(f"probisnis render: kesalahan: {exc}", file=sys.stderr)
        return 2
    except ProbisnisError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    failed = 0
    for result in results:
        status = "baik" if result.ok else "BERMASALAH"
        picture = f", {result.png} {result.width}x{result.height} px" if result.png else ""
        print(
            f"{result.path}: {status}, {result.elements} elemen tergambar, "
            f"{result.diagrams} diagram{picture}, {angka(result.seconds, 2)} detik"
        )
        for line in result.problems():
            print(f"  {line}")
        if result.layout:
            print(f"  {len(result.layout)} masalah tata letak (bukan kesalahan impor):")
            for issue in result.layout:
                print(f"    {issue}")
        failed += not result.ok
    if args.strips and not failed:
        from probisnis.bpmn.reader import read
        from probisnis.render.phases import refresh_page, strips, write_strips

        written = write_strips(files, args.strips)
        print(f"{len(written)} gambar potongan di {args.strips}")
        for path in files if args.pages else []:
            page = Path(args.pages) / f"{path.stem}.md"
            planned = strips(read(path), path.stem)
            if planned and page.is_file() and refresh_page(page, planned, path.stem):
                print(f"{page}: bagian gambar diperbarui")
    total = sum(r.seconds for r in results)
    print(f"{len(results)} berkas, {failed} bermasalah, {angka(total, 2)} detik di bpmn-js")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
