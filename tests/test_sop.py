"""SOP AP export, import and review, checked against the BPMN files and the scenarios.

Truth: the process graph itself (each row's targets are the rows BPMN reaches over merges),
the map code written on ``processes/peta_subproses.bpmn`` (read here with lxml), the bundled
scenario's task durations, Chromium's print of the HTML on F4, and the fixed point of
export -> import -> export for every mechanism's pelaksanaan.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from probisnis import cli
from probisnis.bpmn import read
from probisnis.errors import UsageError
from probisnis.render import browser_unavailable
from probisnis.sim.scenario_toml import load_scenario
from probisnis.sop import read_sop_table, sop_from_bpmn, write_imported, write_sop_xlsx
from probisnis.sop.examples import EXAMPLES
from probisnis.sop.examples import main as examples_main
from probisnis.sop.excel import table_rows
from probisnis.sop.html import render_sop_html
from probisnis.sop.review import main_path_waktu
from probisnis.sop.svg import paginate
from probisnis.sop.waktu import format_waktu, parse_waktu

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "processes" / "m1_sekretariat_daerah.bpmn"
M1_TOML = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}


@pytest.fixture(scope="module")
def m1_sop():  # type: ignore[no-untyped-def]
    return sop_from_bpmn(M1, "M1_pelaksanaan", scenario=load_scenario(M1_TOML))


def test_rows_follow_the_process_graph(m1_sop) -> None:  # type: ignore[no-untyped-def]
    proc = read(M1).processes["M1_pelaksanaan"]
    by_element = {s.element_id: s for s in m1_sop.steps}
    rows = {s.element_id for s in m1_sop.steps}
    # every task, start, end, boundary event and splitting exclusive gateway is a row; an
    # event subprocess ("sewaktu-waktu") stands as the rows of its body; the collapsed
    # monitoring subprocess is opened (its steps are rows, its plain start and end are not),
    # and its inclusive choice "Dipantau oleh?" is one question per branch
    sewaktu = proc.nodes["M1b_pantau_sewaktu"]
    assert sewaktu.triggered_by_event
    scopes = [proc, sewaktu.subprocess]
    opened = [n for p in scopes for n in p.nodes.values()
              if n.kind == "subProcess" and not n.triggered_by_event]
    assert {n.id for n in opened} == {"M1b_pemantauan", "M1b_pemantauan_sewaktu"}
    expected: set[str] = set()
    for p in scopes:
        for n in p.nodes.values():
            if n in opened or n.triggered_by_event:
                continue
            if n.is_activity or n.is_event or (n.kind == "exclusiveGateway"
                                               and len(n.outgoing) > 1):
                expected.add(n.id)
    for sub in opened:
        for n in sub.subprocess.nodes.values():
            if n.kind == "inclusiveGateway" and len(n.outgoing) > 1:
                expected |= {n.id, f"{n.id}__2"}
            elif n.is_activity or (n.is_event and n.name):
                expected.add(n.id)
    assert rows == expected
    # the periodic monitoring: a start row of its own, named by the row it watches, with
    # the model's period
    berkala = by_element["M1b_pantau_berkala"]
    laksanakan = by_element["M1b_laksanakan"]
    assert berkala.kind == "mulai" and berkala.next == by_element["M1b_gw_pemantau"].no
    assert f"selama No {laksanakan.no} berjalan, tidak menghentikannya" in berkala.keterangan
    assert "(R/P7D)" in berkala.keterangan
    assert f"lihat No {berkala.no}" in laksanakan.keterangan
    mulai = by_element["M1b_sewaktu_mulai"]
    assert mulai.kind == "mulai" and "subproses peristiwa" in mulai.keterangan
    assert mulai.next == by_element["M1b_gw_pemantau_sewaktu"].no
    assert "menghentikan semua" in by_element["M1b_selesai"].keterangan
    # "Dipantau oleh?": Ketua Tim, then the Pimpinan; each monitors when chosen, and one
    # who monitors goes on to the next question (both may monitor, as "dan/atau" allows)
    for suffix in ("", "_sewaktu"):
        q1, q2 = by_element[f"M1b_gw_pemantau{suffix}"], by_element[f"M1b_gw_pemantau{suffix}__2"]
        ketua = by_element[f"M1b_pantau_ketua{suffix}"]
        kabag = by_element[f"M1b_pantau_pimpinan{suffix}"]
        end = by_element[f"M1b_pantau_selesai{suffix}"]
        assert (q1.kegiatan, q2.kegiatan) == ("Dipantau oleh Ketua Tim?",
                                              "Dipantau oleh Pimpinan (Kepala Bagian)?")
        assert (q1.ya, q1.tidak, ketua.next) == (ketua.no, q2.no, q2.no)
        assert (q2.ya, q2.tidak, kabag.next) == (kabag.no, end.no, end.no)
        assert (ketua.pelaksana, kabag.pelaksana) == ("Ketua Tim", "Kepala Bagian")
        assert "dan/atau" in q1.keterangan and "gerbang inklusif" in q1.keterangan
    check = by_element["M1b_gw_sesuai_target"]
    assert check.kind == "keputusan" and check.kegiatan == "Hasil sesuai target?"
    assert check.tidak == by_element["M1b_laksanakan"].no  # a return: "ke No 7"
    assert check.ya == check.no + 1
    assert by_element["M1b_gw_kendala"].ya == check.no
    assert [s.kind for s in m1_sop.steps][0::len(m1_sop.steps) - 1] == ["mulai", "selesai"]
    assert m1_sop.pelaksana == ("Kepala Bagian", "Ketua Tim",
                                "Pejabat Fungsional dan/atau Pejabat Pelaksana")


def _clause(cid: str) -> str:
    from probisnis.library.clauses import clauses

    return clauses()[cid].text


@pytest.mark.parametrize("n", range(1, 7))
def test_monitoring_rows_name_who_the_regulation_says_monitors(n: int) -> None:
    """Lampiran II.D.<n>.b: "Monitoring ... secara berkala atau sewaktu-waktu oleh <X> dan/atau
    Ketua Tim": in the exported SOP both the periodic and the "sewaktu-waktu" monitoring
    have a row done by <X> and one by the Ketua Tim (issue 11)."""
    from probisnis.library.roles import ROLES

    text = next(_clause(f"D{n}.b.{k}") for k in range(1, 12)
                if _clause(f"D{n}.b.{k}").startswith("Monitoring perkembangan"))
    who = re.search(r"sewaktu-waktu oleh (.+?) dan/atau Ketua Tim", text)
    assert who, text
    names = {r.name for r in ROLES.values()}
    pimpinan = who.group(1)
    if pimpinan not in names:  # the text's "Pejabat Pimpinan Tinggi Pratama" is a lane too
        pimpinan = next(name for name in names if name.lower() == pimpinan.lower())
    model, process, scenario = EXAMPLES[f"m{n}_pelaksanaan"]
    sop = sop_from_bpmn(ROOT / model, process, scenario=load_scenario(ROOT / scenario))
    starts = [s.no for s in sop.steps[1:] if s.kind == "mulai"]
    assert len(starts) == 2  # "secara berkala" and "sewaktu-waktu"
    for first, last in zip(starts, [*starts[1:], len(sop.steps) + 1], strict=True):
        doers = {s.pelaksana for s in sop.steps[first:last - 1]
                 if s.kind == "kegiatan" and s.kegiatan.startswith("Memantau")}
        assert doers == {pimpinan, "Ketua Tim"}, (n, first, doers)


def test_mutu_baku_and_identity(m1_sop) -> None:  # type: ignore[no-untyped-def]
    scenario = load_scenario(M1_TOML)
    for s in m1_sop.steps:
        if s.kind == "kegiatan":
            spec = scenario.tasks.get(s.element_id)
            dist = spec.duration if spec else scenario.default_duration
            if dist is None:  # a subprocess: its tasks have the durations
                assert s.waktu is None and s.element_id.startswith("M1b_pemantauan")
                continue
            assert s.waktu == pytest.approx(dist.mean)
    rincian = next(s for s in m1_sop.steps if s.element_id == "M1b_susun_rincian")
    assert rincian.kelengkapan == "Rencana pelaksanaan kegiatan dan anggaran"
    assert rincian.output == "Rincian pelaksanaan kegiatan dan anggaran"
    # Nomor SOP: the code the map gives the call activity of M1_pelaksanaan
    tree = etree.parse(str(ROOT / "processes" / "peta_subproses.bpmn"),
                       etree.XMLParser(resolve_entities=False, no_network=True))
    names = [e.get("name") for e in tree.iterfind(".//bpmn:callActivity", NS)
             if e.get("calledElement") == "M1_pelaksanaan"]
    assert names and names[0].startswith(m1_sop.identity.nomor + " ")
    assert "Lampiran II.D.1.b" in m1_sop.identity.dasar_hukum
    assert m1_sop.identity.pengesahan == "" and "Disahkan oleh (jabatan, nama, NIP)" in \
        m1_sop.identity.missing()


def test_waktu_text_round_trips() -> None:
    assert format_waktu(2.5 * 7.5 * 3600) == "2,5 hari kerja"
    assert format_waktu(3 * 3600) == "3 jam"
    assert format_waktu(1800) == "30 menit"
    assert parse_waktu("2,5 hari kerja") == 2.5 * 7.5 * 3600
    assert parse_waktu("1.5 jam") == 5400


def test_html_has_the_five_symbols_and_f4_pages(m1_sop) -> None:  # type: ignore[no-untyped-def]
    html = render_sop_html(m1_sop)
    assert "size: 330mm 215mm" in html
    for symbol in ("sop-kapsul", "sop-kegiatan", "sop-keputusan", "sop-panah", "sop-konektor"):
        assert f'class="{symbol}"' in html, symbol
    pages = paginate(m1_sop)
    assert len(pages) >= 2 and html.count("<svg") == len(pages)
    assert "ke No 7" in html and ">Ya<" in html
    assert "Ya: hal. 2" in html or "Tidak: hal. 2" in html  # an off-page connector
    assert "(belum diisi)" in html and "02.01.01.02" in html


@pytest.mark.browser
def test_html_prints_on_f4_in_chromium(m1_sop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    from probisnis.render.browser import BROWSER_ARGS, find_chromium

    page_file = tmp_path / "sop.html"
    page_file.write_text(render_sop_html(m1_sop), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True,
                                    args=list(BROWSER_ARGS))
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    assert errors == []
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1 + len(paginate(m1_sop))
    assert re.search(rb"/MediaBox \[0 0 93[45](\.\d+)? 60[89]", pdf)  # 330 x 215 mm in points


STABLE = {**EXAMPLES, "pertanggungjawaban": (
    "processes/pertanggungjawaban.bpmn", "PJ_pertanggungjawaban",
    "simulations/pertanggungjawaban.toml")}


@pytest.mark.parametrize("stem", sorted(STABLE))
def test_export_import_export_is_stable(stem: str, tmp_path: Path) -> None:
    """Every mechanism's pelaksanaan, and Pasal 15's event subprocess of requests."""
    model, process, scenario = STABLE[stem]
    first = sop_from_bpmn(ROOT / model, process, scenario=load_scenario(ROOT / scenario))
    write_sop_xlsx(first, tmp_path / "a.xlsx")
    table = read_sop_table(tmp_path / "a.xlsx")
    bpmn, toml = write_imported(table, tmp_path / "imp.bpmn")
    assert toml is not None
    imported_scenario = load_scenario(toml)
    second = sop_from_bpmn(bpmn, scenario=imported_scenario)
    assert table_rows(second) == table_rows(first)
    assert second.identity == first.identity
    write_sop_xlsx(second, tmp_path / "b.xlsx")
    sheet = [list(r) for r in load_workbook(tmp_path / "b.xlsx")["Tabel SOP"]
             .iter_rows(min_row=2, values_only=True)]
    assert sheet == table_rows(first)
    assert cli.main(["validate", str(bpmn)]) == 0
    _check_documents_are_data_objects(table, bpmn)


def _check_documents_are_data_objects(table, bpmn: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 10: the imported BPMN holds each row's Kelengkapan/Output as data objects, one
    reference per document, an input association per Kelengkapan and an output per Output,
    every reference drawn."""
    from probisnis.bpmn import read

    (process,) = read(bpmn).processes.values()
    refs = {d.id: d.name for d in process.data if d.kind == "dataObjectReference"}
    expected: dict[str, tuple[set[str], set[str]]] = {}
    for step in table.steps:
        if step.kind != "kegiatan":
            continue
        split = [{n.strip() for n in cell.split(";") if n.strip()}
                 for cell in (step.kelengkapan, step.output)]
        if any(split):
            expected[step.kegiatan + f"#{step.no}"] = (split[0], split[1])
    assert expected, "the example SOP lists documents"
    got: dict[str, tuple[set[str], set[str]]] = {}
    for node in process.nodes.values():
        links = node.data_associations
        if not links:
            continue
        ins = {refs[a.source_ref] for a in links if a.kind == "dataInputAssociation"}
        outs = {refs[a.target_ref] for a in links if a.kind == "dataOutputAssociation"}
        no = int(node.id.rsplit("_", 1)[-1]) if node.id.rsplit("_", 1)[-1].isdigit() else -1
        step = next(s for s in table.steps if s.no == no)
        got[step.kegiatan + f"#{no}"] = (ins, outs)
    assert got == expected
    names = {n for ins, outs in expected.values() for n in ins | outs}
    assert sorted(refs.values()) == sorted(names)  # one reference per document
    drawn = {element for d in read(bpmn).diagrams for element in d.shapes}
    assert set(refs) <= drawn


def test_cli_export_import_and_simulate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, html = tmp_path / "m1.xlsx", tmp_path / "m1.html"
    assert cli.main(["sop", "export", str(M1), "--process", "M1_pelaksanaan", "--scenario",
                     str(M1_TOML), "--out", str(xlsx)]) == 0
    assert cli.main(["sop", "export", str(M1), "--process", "M1_pelaksanaan", "--format",
                     "html", "--out", str(html)]) == 0
    assert load_workbook(xlsx).sheetnames == ["Identitas", "Diagram Alir", "Tabel SOP"]
    assert cli.main(["sop", "import", str(xlsx), "--out", str(tmp_path / "p.bpmn")]) == 0
    out = capsys.readouterr().out
    assert "p.toml" in out
    assert cli.main(["simulate", str(tmp_path / "p.toml"), "--cases", "5", "--replications",
                     "1"]) == 0


def test_a_scenario_of_another_model_is_refused_not_read_as_default_durations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    m5 = ROOT / "simulations" / "m5_pengawas.toml"
    out = tmp_path / "m1.html"
    assert cli.main(["sop", "export", str(M1), "--process", "M1_pelaksanaan", "--scenario",
                     str(m5), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "ditulis untuk model" in err and "m5_pengawas.bpmn" in err and "Traceback" not in err
    assert not out.exists()
    # a file the scenario reads as its library (a called process) is the scenario's too
    called = ROOT / "processes" / "penugasan_1b_penunjukkan_lintas_unit.bpmn"
    assert cli.main(["sop", "export", str(called), "--scenario", str(M1_TOML),
                     "--out", str(out)]) == 0


BAD = [  # (table, Indonesian message, English message with --lang en)
    ("Kegiatan,Pelaksana\nA,B\n", "1: [No] kolom tidak ada", "1: [No] column missing"),
    ("No,Kegiatan,Pelaksana\n1,Mulai,X\n3,Susun,X\n", "3: [No] harus 2", "3: [No] expected 2"),
    ("No,Jenis,Kegiatan,Pelaksana,Ya ke No\n1,mulai,Mulai,X,\n2,keputusan,Sesuai?,X,1\n"
     "3,selesai,Selesai,X,\n", "3: keputusan perlu [Ya ke No] dan [Tidak ke No]",
     "3: decision needs both [Ya ke No] and [Tidak ke No]"),
    ("No,Kegiatan,Pelaksana,Waktu\n1,Mulai,X,\n2,Susun,X,dua hari\n", "3: [Waktu]", "3: [Waktu]"),
    ("No,Kegiatan,Pelaksana,Lanjut ke No\n1,Mulai,X,9\n2,Susun,X,\n",
     "2: [Lanjut ke No] tidak ada baris 9", "2: [Lanjut ke No] no row 9"),
    ("No,Kegiatan,Pelaksana\n1,Mulai,X\n2,Menyusun,\n3,Selesai,X\n",
     "3: [Pelaksana] kosong: siapa", "3: [Pelaksana] empty"),
    ("No,Jenis,Kegiatan,Pelaksana\n1,awal,Mulai,X\n", "2: [Jenis] harus salah satu dari",
     "2: [Jenis] expected one of"),
]


@pytest.mark.parametrize(("text", "message", "english"), BAD)
def test_malformed_table_names_file_and_row(text: str, message: str, english: str,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "sop.csv"
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "x.bpmn"
    assert cli.main(["sop", "import", str(table), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{table}:{message}" in err, err
    assert not out.exists()
    with pytest.raises(UsageError) as exc:  # the API's English wording (Bilingual.text)
        read_sop_table(table)
    assert f"{table}:{english}" in exc.value.message.text("en")  # type: ignore[attr-defined]


def test_review_finds_what_an_analyst_looks_for(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "lama.csv"
    table.write_text(
        "No;Jenis;Kegiatan;Pelaksana;Kelengkapan;Waktu;Output;Ya ke No;Tidak ke No\n"
        "1;mulai;Mulai;Kepala Seksi;;;;;\n"
        "2;kegiatan;Menyusun konsep surat;Kepala Seksi;Disposisi;2 hari kerja;Konsep surat;;\n"
        "3;kegiatan;Kepala Bagian memeriksa konsep;Kepala Bagian, Kasubbag;Konsep surat;;;;\n"
        "4;keputusan;Sesuai?;Kepala Bagian;;;;5;2\n"
        "5;selesai;Surat terkirim;Kepala Bagian;;;;;\n", encoding="utf-8")
    html = tmp_path / "reviu.html"
    assert cli.main(["review", str(table), "--out", str(html)]) == 1
    out = capsys.readouterr().out
    assert f"{table}:2: [No 1] sop.jabatan: No 1: Kepala Seksi tidak ada lagi" in out
    assert "sop.jabatan: No 3: Kepala Subbagian (Kasubbag)" in out
    assert f"{table}:4: [No 3] sop.pelaksana: No 3: lebih dari satu Pelaksana" in out
    assert "sop.mutu-baku: No 3 Kepala Bagian memeriksa konsep: Mutu Baku belum diisi: " \
           "Waktu, Output" in out
    assert "sop.kegiatan: No 3: kegiatan sebaiknya kata kerja aktif" in out
    assert "sop.identitas: identitas SOP belum lengkap: Unit kerja, Nomor SOP" in out
    assert "sop.waktu: waktu penyelesaian hasil simulasi" in out
    page = html.read_text(encoding="utf-8")
    assert page.count('type="radio"') == 14 and "Mudah dipahami" in page
    # a library process: structure (call activities resolved by the neighbours) + format
    assert cli.main(["review", str(M1), "--process", "M1_pelaksanaan"]) == 1
    out = capsys.readouterr().out
    assert "dangling-ref" not in out and "sop.mutu-baku" in out and "sop.jabatan" not in out


def test_main_path_waktu_follows_ya(m1_sop) -> None:  # type: ignore[no-untyped-def]
    total = main_path_waktu(m1_sop)
    path = [s for s in m1_sop.steps if s.element_id in (
        "M1b_susun_rincian", "M1b_bagi_peran_ketua", "M1b_laksanakan",
        "M1b_sampaikan_ketua", "M1b_lapor_kinerja_anggota")]
    assert total == pytest.approx(sum(s.waktu for s in path))


def test_docs_sop_examples_are_current(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert examples_main(["--check"]) == 0, capsys.readouterr().out
    assert len(list((ROOT / "docs" / "sop").glob("m?_pelaksanaan.html"))) == 6


def test_constructs_without_a_symbol_are_flattened_and_noted() -> None:
    # pelaksanaan: a boundary timer, an event subprocess, a terminate end; penugasan 1c:
    # messages
    pj = sop_from_bpmn(M1, "M1_pelaksanaan")
    kinds = {s.kind for s in pj.steps}
    assert kinds <= {"mulai", "kegiatan", "keputusan", "selesai"}
    notes = " ".join(s.keterangan for s in pj.steps)
    assert "menunggu waktu: Setiap periode pemantauan" in notes
    assert "subproses peristiwa Pemantauan sewaktu-waktu" in notes
    c1 = sop_from_bpmn(ROOT / "processes" / "penugasan_1c_penunjukkan_lintas_instansi.bpmn",
                       "PG_1c_instansi_dituju")
    notes = " ".join(s.keterangan for s in c1.steps)
    assert "menerima pesan:" in notes and "mengirim pesan:" in notes
    assert not any(s.element_id.startswith(("PG1cB_gw_gabung",)) for s in c1.steps)


DOCS_SOP = sorted((ROOT / "docs" / "sop").glob("*.csv"))


@pytest.mark.parametrize("table", DOCS_SOP, ids=[p.stem for p in DOCS_SOP])
def test_docs_sop_tables_import_as_processes_whose_later_starts_fire(table: Path,
                                                                     tmp_path: Path) -> None:
    """Each docs/sop table -> BPMN -> run and simulate: the later mulai rows (the periodic
    monitoring while No 7 runs, the "sewaktu-waktu" one) come back as a non-interrupting
    boundary timer and an event subprocess with a timer start, both fire, the monitoring is
    done by the Pimpinan and the Ketua Tim, and the table exports back unchanged."""
    from probisnis.run import run
    from probisnis.sim.runner import simulate
    from probisnis.sop.to_bpmn import start_triggers

    sop = read_sop_table(table)
    triggers = start_triggers(sop)
    assert [t.kind for t in triggers.values()] == ["boundary", "event_subprocess"]
    assert all(t.timer and not t.problem for t in triggers.values())
    bpmn, toml = write_imported(sop, tmp_path / "imp.bpmn")
    assert toml is not None and cli.main(["validate", str(bpmn)]) == 0
    defs = read(bpmn)
    nodes = {n.id: n for _, n in defs.iter_nodes()}
    (boundary_no, boundary), (sub_no, _) = triggers.items()
    pid = next(iter(defs.processes))
    edge = nodes[f"{pid}_{boundary_no:02d}"]
    assert edge.kind == "boundaryEvent" and not edge.cancel_activity
    assert edge.attached_to == f"{pid}_{boundary.attached_to:02d}"
    assert edge.event_kinds == ("timer",)
    start = nodes[f"{pid}_{sub_no:02d}"]
    assert start.kind == "startEvent" and start.event_kinds == ("timer",)
    assert nodes[f"{pid}_{sub_no:02d}_subproses"].triggered_by_event
    # a run: every question answered Ya, the watched task open 15 days (two weekly
    # timers, one of the 10-day "sewaktu-waktu")
    decisions = {n.id: f for n in nodes.values() if n.kind == "exclusiveGateway"
                 for f in n.outgoing if f.endswith("__Ya")}
    result = run(bpmn, decisions=decisions, task_time={edge.attached_to: "P15D"})
    assert result.completed
    trace = result.trace
    monitors = trace[trace["name"].str.startswith("Memantau")]
    assert set(monitors["lane"]) == {s.pelaksana for s in sop.steps
                                     if s.kegiatan.startswith("Memantau")}
    assert len(set(monitors["lane"])) == 2
    boundary_rows = {f"{pid}_{m:02d}" for m in range(boundary_no, sub_no)}
    assert len(set(monitors["element_id"]) & boundary_rows) == 2
    assert len(set(monitors["element_id"]) - boundary_rows) == 2
    # a simulation: the monitoring is counted for both posts
    result_sim = simulate(load_scenario(toml), cases=10, replications=1)
    log = result_sim.log
    done = set(log["activity"]) if "activity" in log else set(log["element_id"])
    assert set(monitors["element_id"]) <= done
    # and back: the same table
    again = sop_from_bpmn(bpmn, scenario=load_scenario(toml))
    assert table_rows(again) == table_rows(sop)


def test_a_later_start_the_table_does_not_explain_is_a_review_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "pantau.csv"
    table.write_text(
        "No;Jenis;Kegiatan;Pelaksana;Waktu;Keterangan;Lanjut ke No\n"
        "1;mulai;Mulai;Pelaksana;;;2\n"
        "2;kegiatan;Menyusun laporan;Pelaksana;2 hari kerja;;3\n"
        "3;selesai;Selesai;Pelaksana;;;\n"
        "4;mulai;Saat pemantauan;Pimpinan;;selama No 2 berjalan, tidak menghentikannya;5\n"
        "5;kegiatan;Memantau laporan;Pimpinan;1 jam;;6\n"
        "6;selesai;Dipantau;Pimpinan;;;\n", encoding="utf-8")
    assert cli.main(["sop", "import", str(table), "--out", str(tmp_path / "p.bpmn")]) == 0
    out = capsys.readouterr().out
    assert f"Peringatan: {table}: No 4: mulai tanpa pemicu yang diketahui" in out
    assert cli.main(["review", str(table)]) == 1
    out = capsys.readouterr().out
    assert f"{table}:5: [No 4] sop.mulai: No 4: mulai tanpa pemicu yang diketahui" in out
    # the time given: a boundary timer on No 2, no finding
    table.write_text(table.read_text(encoding="utf-8").replace(
        "tidak menghentikannya;5", "tidak menghentikannya, menunggu waktu: setiap hari (R/P1D);5"),
        encoding="utf-8")
    assert cli.main(["sop", "import", str(table), "--out", str(tmp_path / "q.bpmn")]) == 0
    assert "Peringatan" not in capsys.readouterr().out
    (node,) = [n for _, n in read(tmp_path / "q.bpmn").iter_nodes() if n.kind == "boundaryEvent"]
    assert node.attached_to.endswith("_02") and node.event_definitions[0].attrs == {
        "timeCycle": "'R/P1D'"}
