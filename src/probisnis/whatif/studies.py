"""The example what-if studies of ``docs/whatif/``: one table of studies, one page each.

Every study is a question an analyst of the Bagian Organisasi asks about mechanism 1,
answered by ``probisnis compare`` or ``probisnis sweep`` on the bundled scenarios. The
pages (Bahasa Indonesia: question, command, table with verdicts, chart, what can be
concluded) and the hypothetical "before simplification" model are written by
``scripts/make_whatif_docs.py`` and checked current by ``tests/test_whatif_studies.py``.
The conclusions are sentences built from the results, never typed-in numbers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from probisnis.bpmn.model import Definitions, FlowNode, Lane, Process, SequenceFlow
from probisnis.present.labels import kpi_label
from probisnis.present.numbers import angka, persen
from probisnis.whatif.executor import Executor, LocalExecutor
from probisnis.whatif.text import MAIN_KPIS, display, kpi_cell

__all__ = ["REPLICATIONS", "STUDIES", "Study", "hypothetical_before", "write_studies"]

#: replications of every study (paired across scenarios and sweep points)
REPLICATIONS = 10
BASE = "simulations/m1_sekretariat_daerah.toml"
HYPOTHETICAL = "simulations/hipotetis/m1_sebelum_penyederhanaan.bpmn"


@dataclass(frozen=True)
class Study:
    """One page: ``variants`` for a comparison, or ``vary`` for a sweep."""

    slug: str
    title: str
    question: str
    note: str
    variants: tuple[str, ...] = ()
    vary: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    base: str = BASE
    pools: tuple[str, ...] = field(default=())  # pools whose utilisation the page shows

    @property
    def command(self) -> str:
        if self.vary:
            parts = " ".join(f"--vary {k}={','.join(str(v) for v in vs)}" for k, vs in self.vary)
            return f"probisnis sweep {self.base} {parts} --replications {REPLICATIONS}"
        return (f"probisnis compare {self.base} {' '.join(self.variants)} "
                f"--replications {REPLICATIONS} --threshold 5%")


STUDIES: tuple[Study, ...] = (
    Study(
        "jumlah_jfjp", "Berapa JF/JP yang dibutuhkan?",
        "Mulai jumlah Pejabat Fungsional/Pelaksana berapa waktu penyelesaian kegiatan "
        "Sekretariat Daerah mulai memburuk, dan di mana titik jenuhnya?",
        "Jumlah JF/JP di sini adalah orang yang tersedia untuk kegiatan ini, masing-masing "
        "dengan 70% waktu kerjanya. Sebelum memutuskan formasi, ganti lama pelaksanaan "
        "kegiatan dan laju kedatangan dengan data Bagian sendiri.",
        vary=(("resources.JFJP.count", tuple(range(3, 13))),), pools=("JFJP",)),
    Study(
        "ketua_tim", "Ketua Tim atau tidak?",
        "Apa akibatnya bila tidak ada Ketua Tim (Kepala Bagian memimpin sendiri setiap Tim "
        "Kerja), atau bila setiap Tim Kerja dipimpin Ketua Tim?",
        "Ketua Tim mengambil alih pembagian peran, pemantauan dan penyampaian hasil dari "
        "Kepala Bagian. Perhatikan utilisasi Kepala Bagian: pekerjaan itu tidak hilang, "
        "hanya berpindah.",
        variants=("simulations/m1_tanpa_ketua_tim.toml", "simulations/m1_selalu_ketua_tim.toml"),
        pools=("KABAG", "KETUA_TIM")),
    Study(
        "lintas_unit", "Berapa besar pengaruh pekerjaan lintas unit?",
        "Bagaimana waktu penyelesaian berubah bila tidak ada, atau separuh, kegiatan "
        "memerlukan JF/JP dari unit lain (penugasan 1b)? Dasar: 20%.",
        "Permohonan lintas unit menambah satu rangkaian surat-menyurat dan persetujuan di "
        "unit tujuan (PPK dan pimpinan unit tujuan) sebelum pelaksanaan dapat dimulai.",
        variants=("simulations/m1_lintas_unit_0.toml", "simulations/m1_lintas_unit_50.toml"),
        pools=("PPK_TUJUAN", "PIMPINAN_TUJUAN")),
    Study(
        "ketersediaan_pimpinan", "Seberapa sibuk Kepala Bagian boleh?",
        "Bila Kepala Bagian (pimpinan unit organisasi) hanya dapat memberi 10%, 20%, 30% atau "
        "50% waktunya untuk kegiatan ini, apa akibatnya pada waktu penyelesaian?",
        "Kepala Bagian merumuskan strategi, membagi peran bila tidak ada Ketua Tim, dan "
        "meninjau hasil pertama kali. Ketersediaan yang rendah membuat setiap langkahnya "
        "memakan lebih banyak hari kalender.",
        vary=(("resources.KABAG.availability", (0.1, 0.2, 0.3, 0.5)),), pools=("KABAG",)),
    Study(
        "revisi_evaluasi", "Berapa mahal revisi pada evaluasi?",
        "Bila Kepala Bagian mengembalikan 30% atau 50% hasil kegiatan untuk direvisi "
        "(dasar: 15%), berapa tambahan waktu dan biayanya?",
        "Setiap revisi diulang oleh JF/JP lalu ditinjau lagi oleh Kepala Bagian: revisi "
        "menambah kerja di dua jabatan sekaligus. Target kinerja yang jelas sejak perencanaan "
        "mengurangi revisi.",
        variants=("simulations/m1_revisi_30.toml", "simulations/m1_revisi_50.toml"),
        pools=("KABAG", "JFJP")),
    Study(
        "sebelum_sesudah", "Sebelum dan sesudah penyederhanaan birokrasi (HIPOTETIS)",
        "Seberapa lama kegiatan bila masih ada satu tingkat struktural tambahan (Kepala "
        "Subbagian) antara Kepala Bagian dan JF/JP, seperti sebelum penyederhanaan?",
        "Skenario \"sebelum\" adalah HIPOTETIS: model yang berlaku ditambah Kepala Subbagian "
        "yang menjabarkan strategi dan meninjau hasil sebelum Kepala Bagian "
        f"(`{HYPOTHETICAL}`, dibuat oleh `scripts/make_whatif_docs.py`). Ini bukan proses "
        "yang berlaku dan angkanya asumsi; gunakan untuk menjelaskan arah pengaruh, bukan "
        "besarnya.",
        base="simulations/m1_sebelum_penyederhanaan.toml",
        variants=(BASE,), pools=("KASUBBAG", "KABAG")),
)


# --- the hypothetical model ---------------------------------------------------------------------


def _insert_after(proc: Process, after: str, node: FlowNode, lane: Lane,
                  gateway: tuple[FlowNode, str] | None = None) -> Process:
    """``proc`` with ``node`` (in the new ``lane``) put on the one outgoing flow of
    ``after``; with ``gateway`` = (gateway node, revision target id), a review gateway
    follows the node: one flow on to the old target, one back to the revision target."""
    nodes = dict(proc.nodes)
    flows = dict(proc.flows)
    (out_id,) = nodes[after].outgoing
    old = flows[out_id]
    target = old.target_ref
    flows[out_id] = replace(old, target_ref=node.id)
    new_nodes = [node]
    if gateway is not None:
        gw, revision = gateway
        f_in = SequenceFlow(f"{node.id}__{gw.id}", node.id, gw.id, node.source)
        f_ok = SequenceFlow(f"{gw.id}__{target}", gw.id, target, node.source)
        f_back = SequenceFlow(f"{gw.id}__{revision}", gw.id, revision, node.source)
        flows.update({f.id: f for f in (f_in, f_ok, f_back)})
        new_nodes[0] = replace(node, incoming=(out_id,), outgoing=(f_in.id,))
        new_nodes.append(replace(gw, incoming=(f_in.id,), outgoing=(f_ok.id, f_back.id)))
        nodes[revision] = replace(nodes[revision],
                                  incoming=(*nodes[revision].incoming, f_back.id))
        into_target = f_ok.id
    else:
        f_out = SequenceFlow(f"{node.id}__{target}", node.id, target, node.source)
        flows[f_out.id] = f_out
        new_nodes[0] = replace(node, incoming=(out_id,), outgoing=(f_out.id,))
        into_target = f_out.id
    nodes[target] = replace(nodes[target], incoming=tuple(
        into_target if i == out_id else i for i in nodes[target].incoming))
    for n in new_nodes:
        nodes[n.id] = n
    lanes = (*proc.lanes, replace(lane, flow_node_refs=tuple(n.id for n in new_nodes)))
    return replace(proc, nodes=MappingProxyType(nodes), flows=MappingProxyType(flows),
                   lanes=lanes)


def hypothetical_before(current: Definitions) -> Definitions:
    """Mechanism 1 with the old extra structural level (Kepala Subbagian): HYPOTHETICAL.

    The Kasubbag details the Kepala Bagian's strategy in planning (after
    ``M1a_rumuskan_strategi``) and reviews the result before the Kepala Bagian in
    evaluation (a miss goes to revision like the other reviews). No diagram is drawn for
    the added elements: the file is a simulation input, not a map to print.
    """
    src = current.processes["M1_perencanaan"].nodes["M1a_rumuskan_strategi"].source
    doc = "HIPOTETIS: jabatan struktural sebelum penyederhanaan birokrasi, bukan proses berlaku."
    plan = _insert_after(
        current.processes["M1_perencanaan"], "M1a_rumuskan_strategi",
        FlowNode("M1a_jabarkan_kasubbag", "userTask", src,
                 name="Menjabarkan strategi kepada JF/JP (Kepala Subbagian)",
                 documentation=doc, lane="M1a_L_KASUBBAG"),
        Lane("M1a_L_KASUBBAG", src, name="Kepala Subbagian (hipotetis)"))
    review = _insert_after(
        current.processes["M1_evaluasi"], "M1c_gabung_tinjau",
        FlowNode("M1c_tinjau_kasubbag", "userTask", src,
                 name="Meninjau hasil pelaksanaan kegiatan (Kepala Subbagian)",
                 documentation=doc, lane="M1c_L_KASUBBAG"),
        Lane("M1c_L_KASUBBAG", src, name="Kepala Subbagian (hipotetis)"),
        gateway=(FlowNode("M1c_gw_sesuai_kasubbag", "exclusiveGateway", src,
                          name="Sesuai target?", lane="M1c_L_KASUBBAG"), "M1c_gabung_revisi"))
    processes = dict(current.processes)
    processes.update({"M1_perencanaan": plan, "M1_evaluasi": review})
    return replace(current, id=current.id + "_hipotetis_sebelum",
                   processes=MappingProxyType(processes))


def write_hypothetical(root: Path) -> Path:
    from probisnis.bpmn.reader import read
    from probisnis.bpmn.writer import write

    current = read(root / "processes" / "m1_sekretariat_daerah.bpmn")
    target = root / HYPOTHETICAL
    target.parent.mkdir(parents=True, exist_ok=True)
    return write(hypothetical_before(current), target)


# --- pages ----------------------------------------------------------------------------------


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]],
              right: Sequence[bool]) -> list[str]:
    align = ["---:" if r else "---" for r in right]
    return ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|",
            *("| " + " | ".join(r) + " |" for r in rows)]


def _cell(name: str, unit: str, value: float, hpd: float, digits: int | None = None) -> str:
    shown = display(name, unit, value, hpd)
    if unit == "IDR":  # rupiah: whole numbers
        digits = 0
    return kpi_cell(name, shown, digits if digits is not None else
                    (1 if abs(shown) >= 10 else 2 if abs(shown) >= 0.1 else 4))


def _signed(text: str, value: float) -> str:
    return "+" + text if math.isfinite(value) and value > 0 else text


def _comparison_section(study: Study, c: Any) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    conclusions: list[str] = []
    lines.append(f"Dasar: **{c.names[0]}** (`{study.base}`). {c.replications} replikasi "
                 f"berpasangan, seed {c.seed}, bilangan acak bersama.")
    lines.append("")
    for label, name in zip(c.labels[1:], c.names[1:], strict=True):
        diffs = c.differences[label]
        shown = "; ".join(f"`{d}`" for d in diffs[:6]) + (" ..." if len(diffs) > 6 else "")
        lines.append(f"- Varian **{name}** (`{label}`): {shown or 'tidak ada perbedaan'}")
    lines.append("")
    for label, st in c.stability.items():
        for w in st.warnings:
            lines.append(f"> **PERINGATAN** [`{label}`] {w}")
            lines.append("")
    table = c.table
    keep = table["name"].isin(MAIN_KPIS[:5]) | (
        table["name"].isin(("utilization", "queue_length")) & table["scope"].isin(study.pools))
    table = table[keep]
    order = {n: i for i, n in enumerate(MAIN_KPIS)}
    table = table.assign(_o=table["name"].map(order)).sort_values(["variant", "_o"],
                                                                  kind="stable")
    rows = []
    for r in table.to_dict("records"):
        name, unit = str(r["name"]), str(r["unit"])
        hpd = c.hours_per_day
        low, high = (_cell(name, unit, float(r[k]), hpd) for k in ("ci_low", "ci_high"))
        rows.append([
            str(r["variant"]), kpi_label(name), "proses" if r["scope"] == "process"
            else str(r["scope"]), _cell(name, unit, float(r["base"]), hpd),
            _cell(name, unit, float(r["value"]), hpd),
            _signed(_cell(name, unit, float(r["difference"]), hpd), float(r["difference"])),
            f"{low} s.d. {high}",
            _signed(persen(float(r["relative"]), 1), float(r["relative"])),
            f"*{r['verdict']}*"])
    lines.extend(_md_table(["Varian", "Ukuran", "Lingkup", "Dasar", "Varian", "Selisih",
                            "Selang 95% selisih", "Perubahan", "Kesimpulan"], rows,
                           [False, False, False, True, True, True, True, True, False]))
    key = c.table.set_index(["variant", "name", "scope"])
    for label, name in zip(c.labels[1:], c.names[1:], strict=True):
        r = key.loc[(label, "cycle_time_working", "process")]
        base = display("cycle_time_working", str(r["unit"]), float(r["base"]), c.hours_per_day)
        value = display("cycle_time_working", str(r["unit"]), float(r["value"]),
                        c.hours_per_day)
        change = _signed(persen(float(r["relative"]), 1), float(r["relative"]))
        conclusions.append(
            f"**{name}**: waktu siklus *{r['verdict']}*, dari {angka(base, 1)} menjadi "
            f"{angka(value, 1)} hari kerja ({change}).")
        for pool in study.pools:
            if (label, "utilization", pool) in key.index:
                u = key.loc[(label, "utilization", pool)]
                conclusions.append(
                    f"Utilisasi {pool} {persen(float(u['base']), 1)} → "
                    f"{persen(float(u['value']), 1)} (*{u['verdict']}*).")
        unstable = [lb for lb, st in c.stability.items() if st.warnings]
        if label in unstable:
            conclusions.append(f"Skenario `{label}` TIDAK STABIL: rata-ratanya bergantung "
                               "pada lamanya simulasi; lihat peringatan di atas tabel.")
    return lines, conclusions


def _sweep_section(study: Study, s: Any) -> tuple[list[str], list[str]]:
    key = s.keys[0]
    lines = [f"Skenario: **{s.name}** (`{study.base}`). {s.replications} replikasi per titik, "
             f"seed {s.seed}, bilangan acak bersama antar titik.", ""]
    points = s.points.reset_index(drop=True)
    for k, ws in s.warnings.items():
        for w in ws:
            lines.append(f"> **PERINGATAN** [`{key}={points.loc[k, key]}`] {w}")
            lines.append("")
    proc = s.summary[s.summary["scope"] == "process"]
    rows = []
    for row in points.to_dict("records"):
        v = row[key]
        part = proc[proc[key] == v].set_index("name")
        cells = [str(v)]
        for name in ("cycle_time_working", "throughput", "wip"):
            r = part.loc[name]
            mean = _cell(name, str(r["unit"]), float(r["mean"]), s.hours_per_day)
            half = (float(r["ci_high"]) - float(r["ci_low"])) / 2
            cells.append(mean + (" ±" + _cell(name, str(r["unit"]), half, s.hours_per_day)
                                 if math.isfinite(half) and half > 0 else ""))
        for pool in study.pools:
            u = s.summary[(s.summary[key] == v) & (s.summary["name"] == "utilization")
                          & (s.summary["scope"] == pool)]
            cells.append(persen(float(u["mean"].iloc[0]), 1) if len(u) else "–")
        cells.append("ya" if row["stable"] else "**TIDAK**")
        rows.append(cells)
    lines.extend(_md_table(
        [key, kpi_label("cycle_time_working"), kpi_label("throughput"), kpi_label("wip"),
         *(f"Utilisasi {p}" for p in study.pools), "Stabil"], rows,
        [True, True, True, True, *(True for _ in study.pools), False]))
    conclusions = []
    for sat in s.saturation:
        if sat.value is None:
            conclusions.append(f"Tidak ada titik jenuh di rentang ini ({key}).")
        else:
            conclusions.append(
                f"Titik jenuh: **{key} = {sat.value}** ({sat.reason}); nilai terakhir yang "
                f"aman: {sat.last_safe}.")
    first, last = proc[proc["name"] == "cycle_time_working"].iloc[[0, -1]].to_dict("records")
    hpd = s.hours_per_day
    conclusions.append(
        f"Waktu siklus {angka(display('cycle_time_working', 's', float(first['mean']), hpd), 1)}"
        f" hari kerja pada {key} = {first[key]}, "
        f"{angka(display('cycle_time_working', 's', float(last['mean']), hpd), 1)} hari kerja "
        f"pada {key} = {last[key]}.")
    return lines, conclusions


def _page(study: Study, result: Any, chart: str) -> str:
    out = [f"# {study.title}", "",
           "*Contoh studi what-if probisnis. Semua angka berasal dari skenario ASUMSI di "
           "`simulations/` (lihat catatan di setiap berkas), bukan dari data unit: ulangi "
           "perintahnya dengan skenario Anda sendiri. Halaman ini dibuat oleh "
           "`scripts/make_whatif_docs.py`.*", "",
           "## Pertanyaan", "", study.question, "",
           "## Perintah", "", "```console", f"$ {study.command}", "```", "",
           "## Hasil", ""]
    section, conclusions = (_sweep_section if study.vary else _comparison_section)(
        study, result)
    out.extend(section)
    out.extend(["", f"![{study.title}]({chart})", "",
                "## Yang dapat disimpulkan", ""])
    out.extend(f"- {c}" for c in conclusions)
    out.extend(["", study.note, ""])
    return "\n".join(out)


def _index(studies: Sequence[Study]) -> str:
    out = ["# Contoh studi *what-if*", "",
           "Setiap halaman menjawab satu pertanyaan Bagian Organisasi tentang Mekanisme Kerja 1 "
           "(Sekretariat Daerah) dengan `probisnis compare` atau `probisnis sweep`: "
           "pertanyaan, perintah, tabel dengan kesimpulan, grafik, dan apa yang dapat "
           "disimpulkan. Angkanya berasal dari skenario ASUMSI; cara membaca kesimpulan ada di "
           "[panduan bab 7](../panduan.md#7-analisis-what-if-compare-sweep). Semua halaman "
           "dibuat ulang oleh `python scripts/make_whatif_docs.py`.", ""]
    out.extend(f"- [{s.title}]({s.slug}.md): {s.question}" for s in studies)
    out.append("")
    return "\n".join(out)


def run_study(study: Study, root: Path, executor: Executor) -> Any:
    from probisnis.whatif.compare import compare
    from probisnis.whatif.sweep import sweep

    here = os.getcwd()
    os.chdir(root)  # paths in the pages are relative to the repository
    try:
        if study.vary:
            return sweep(study.base, {k: list(v) for k, v in study.vary},
                         replications=REPLICATIONS, executor=executor)
        return compare(study.base, list(study.variants), replications=REPLICATIONS,
                       threshold=0.05, executor=executor)
    finally:
        os.chdir(here)


def write_studies(root: str | os.PathLike[str], folder: str | os.PathLike[str], *,
                  studies: Sequence[Study] = STUDIES, executor: Executor | None = None,
                  progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the hypothetical model under ``root`` and every study page (with its chart)
    and the index into ``folder``; returns the files written."""
    from probisnis.whatif.charts import comparison_chart, sweep_charts

    base = Path(root)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_hypothetical(base)]
    executor = executor or LocalExecutor()
    for study in studies:
        if progress is not None:
            progress(study.slug)
        result = run_study(study, base, executor)
        chart = out / f"{study.slug}.png"
        if study.vary:
            tmp = out / f".{study.slug}"
            tmp.mkdir(exist_ok=True)
            (path,) = sweep_charts(result, tmp, kpis=("cycle_time_working",))
            path.replace(chart)
            tmp.rmdir()
        else:
            comparison_chart(result, chart)
        page = out / f"{study.slug}.md"
        page.write_text(_page(study, result, chart.name), encoding="utf-8")
        written += [page, chart]
    index = out / "index.md"
    index.write_text(_index(studies), encoding="utf-8")
    written.append(index)
    return written
