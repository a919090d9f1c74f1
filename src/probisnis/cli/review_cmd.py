"""``probisnis review PATH...``: review process models and SOP tables as an analyst would.

PATH is a ``.bpmn`` file or folder (structural findings of ``validate``, then SOP-format
findings for each process with activities, or only ``--process ID``), or an SOP table
(``.xlsx``/``.csv``, as ``sop import`` reads). With ``--scenario`` (BPMN) or always for a
table (its Waktu as durations, other numbers assumed), the simulated lead time is set against
the SOP's stated Waktu. ``--out FILE.html`` writes the findings with the PermenPAN 35/2012
evaluation checklist as a form. Exit status 1 when anything is found.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from probisnis.cli.files import need
from probisnis.errors import UsageError

if TYPE_CHECKING:
    from probisnis.sim.scenario import Scenario
    from probisnis.sop.review import Reviewed
    from probisnis.validate import Finding

HELP = "reviu proses BPMN dan tabel SOP: struktur, format SOP, waktu penyelesaian vs Waktu"

DESCRIPTION = (
    "Mereviu model proses dan tabel SOP seperti seorang analis. PATH adalah berkas atau "
    "folder .bpmn (temuan struktural validate, lalu temuan format SOP untuk setiap proses "
    "yang beraktivitas, atau hanya --process ID), atau tabel SOP (.xlsx/.csv, seperti yang "
    "dibaca sop import). Dengan --scenario (BPMN), atau selalu untuk tabel, waktu "
    "penyelesaian hasil simulasi dibandingkan dengan Waktu yang tertulis di SOP.\n\n"
    "--out FILE.html menulis temuannya beserta daftar periksa evaluasi PermenPAN 35/2012 "
    "sebagai formulir. Status keluar 1 bila ada temuan."
)

EXAMPLES = (
    "probisnis review processes/m5_pengawas.bpmn --process M5_pelaksanaan",
    "probisnis review docs/sop/m5_pelaksanaan.csv --out reviu.html",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="berkas atau folder .bpmn, atau tabel SOP .xlsx/.csv")
    parser.add_argument("--process", metavar="ID",
                        help="reviu hanya proses ini dari berkas BPMN")
    parser.add_argument("--scenario", metavar="TOML",
                        help="skenario proses yang direviu: Waktu dan waktu penyelesaian "
                             "hasil simulasi")
    parser.add_argument("--no-lead-time", action="store_true",
                        help="jangan simulasikan waktu penyelesaiannya")
    parser.add_argument("--out", metavar="FILE.html",
                        help="tulis temuan dan formulir daftar periksa evaluasi ke sini")
    parser.add_argument("--json", action="store_true", help="cetak temuan sebagai JSON")


def _bpmn(path: Path, args: argparse.Namespace,
          scenario: Scenario | None) -> tuple[list[Finding], list[Reviewed]]:
    from probisnis.bpmn import read
    from probisnis.sop.from_bpmn import sop_from_process
    from probisnis.sop.review import lead_time_finding, review_sop
    from probisnis.validate import validate_paths

    # the neighbours resolve call activities; only this file's findings are kept
    neighbours = [p for p in sorted(path.parent.glob("*.bpmn")) if p != path]
    structural = [f for f in validate_paths([path, *neighbours])
                  if Path(f.path).resolve() == path.resolve()]
    if any(f.rule == "parse" for f in structural):
        return structural, []
    defs = read(path)
    if args.process and args.process not in defs.processes:
        raise UsageError(f"tidak ada proses {args.process!r}; berkas ini memuat: "
                         + ", ".join(defs.processes), path=str(path))
    reviews: list[Reviewed] = []
    for process in defs.processes.values():
        if args.process and process.id != args.process:
            continue
        if not any(n.is_activity for n in process.iter_nodes()):
            continue
        sop = sop_from_process(defs, process, scenario=scenario, folder=path.parent)
        reviewed = review_sop(path, sop)
        if scenario is not None and not args.no_lead_time and scenario.process_id == process.id:
            found = lead_time_finding(str(path), sop, scenario)
            if found is not None:
                reviewed = type(reviewed)(reviewed.path, sop, (*reviewed.findings, found))
        reviews.append(reviewed)
    return structural, reviews


def _table(path: Path, args: argparse.Namespace) -> tuple[list[Finding], list[Reviewed]]:
    from probisnis.sim.scenario_toml import load_scenario
    from probisnis.sop import read_sop_table, write_imported
    from probisnis.sop.review import lead_time_finding, review_sop
    from probisnis.validate import Finding

    try:
        sop = read_sop_table(path)
    except UsageError as exc:
        message = str(exc.message)
        prefix = f"{path}:"
        line = None
        if message.startswith(prefix):
            head, _, message = message[len(prefix):].partition(": ")
            line = int(head) if head.isdigit() else None
        return [Finding(str(path), line, None, "sop.tabel", message)], []
    reviewed = review_sop(path, sop)
    if not args.no_lead_time:
        with tempfile.TemporaryDirectory(prefix="probisnis-review-") as tmp:
            _, toml = write_imported(sop, Path(tmp) / "sop.bpmn")
            assert toml is not None
            found = lead_time_finding(str(path), sop, load_scenario(toml))
        if found is not None:
            reviewed = type(reviewed)(reviewed.path, sop, (*reviewed.findings, found))
    return [], [reviewed]


def execute(args: argparse.Namespace) -> int:
    from probisnis.validate import collect_files

    scenario = None
    if args.scenario:
        from probisnis.sim.scenario_toml import load_scenario

        need(args.scenario, "berkas skenario", (".toml",))
        scenario = load_scenario(args.scenario)
    structural: list[Finding] = []
    reviews: list[Reviewed] = []
    for raw in args.paths:
        path = Path(raw)
        if path.suffix.lower() == ".toml":
            raise UsageError(f"{raw} adalah skenario: berikan dengan --scenario {raw}, sesudah "
                             "proses BPMN atau tabel SOP yang direviu")
        if path.suffix.lower() in (".xlsx", ".csv"):
            need(raw, "tabel SOP", (".xlsx", ".csv"))
            s, r = _table(path, args)
            structural += s
            reviews += r
            continue
        for file in collect_files([path]):
            s, r = _bpmn(file, args, scenario)
            structural += s
            reviews += r
    findings = [*structural, *(f for r in reviews for f in r.findings)]
    if args.out:
        from probisnis.sop.review_html import write_review_html

        write_review_html(reviews, structural, args.out)
    if args.json:
        json.dump({"findings": [f.to_dict() for f in findings],
                   "sops": [{"path": r.path, "process": r.sop.process_id,
                             "nomor": r.sop.identity.nomor, "steps": len(r.sop.steps)}
                            for r in reviews]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for f in findings:
            print(f.text("id"))
        print(f"{len(findings)} temuan pada {len(reviews)} SOP"
              + (f"; ditulis: {args.out}" if args.out else ""))
    problems = [f for f in findings if not (f.rule == "sop.waktu" and f.message.endswith("sesuai"))]
    return 1 if problems else 0
