"""The report, Excel workbook and heat diagram, checked against the run's own KPI files.

Truth: ``kpis.csv`` and ``cases.csv`` written by the same ``simulate --out`` (the workbook
must hold the same numbers, converted by the stated unit); the HTML is opened in headless
Chromium with the network cut (no console error, every image decoded, printable to A4 PDF);
the heat SVG's hottest task must be the activity with the largest waiting time in kpis.csv.
Browser tests skip locally without Chromium and fail under CI, as tests/test_bpmnjs.py does.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from openpyxl import load_workbook

from probisnis import cli
from probisnis.render import browser_unavailable
from probisnis.report import load_result
from probisnis.report.fmt import date_id, duration_id, number_id, percent_id

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(ROOT / "simulations" / "m1_sekretariat_daerah.toml")
HPD = 7.5


def _require_browser() -> None:
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser check cannot run under CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def result_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    code = cli.main(["simulate", SCENARIO, "--cases", "24", "--replications", "3", "--seed", "7",
                     "--out", str(out / "hasil"), "--xlsx", str(out / "hasil.xlsx")])
    assert code == 0
    return out


def test_indonesian_formats() -> None:
    assert number_id(1234.5) == "1.234,5"
    assert number_id(-0.25, 2) == "-0,25"
    assert number_id(float("nan")) == "–"
    assert percent_id(0.456) == "45,6%"
    assert date_id(date(2025, 8, 17)) == "17 Agustus 2025"
    assert duration_id(2 * HPD * 3600, HPD) == "2,0 hari kerja"
    assert duration_id(5400, HPD) == "1,5 jam"


def test_xlsx_holds_the_kpis_as_numbers(result_dir: Path) -> None:
    kpis = pd.read_csv(result_dir / "hasil" / "kpis.csv").set_index(["name", "scope"])
    wb = load_workbook(result_dir / "hasil.xlsx")
    assert wb.sheetnames == ["Skenario", "KPI", "Per aktivitas", "Per kelompok pegawai", "Kasus"]
    rows = list(wb["KPI"].iter_rows(values_only=True))
    head = rows[0]
    assert head[:4] == ("Indikator", "Rata-rata", "Batas bawah IK 95%", "Batas atas IK 95%")
    by_label = {r[0]: r for r in rows[1:]}
    cycle = by_label["Waktu siklus (hari kerja)"]
    assert isinstance(cycle[1], float)
    want = kpis.loc[("cycle_time_working", "process"), "mean"] / (HPD * 3600)
    assert cycle[1] == pytest.approx(want, rel=1e-12)
    hours = by_label["Waktu siklus (jam kerja)"][1]
    assert hours == pytest.approx(kpis.loc[("cycle_time_working", "process"), "mean"] / 3600)
    cost = by_label["Biaya per kasus (Rp)"][1]
    assert cost == pytest.approx(kpis.loc[("cost", "process"), "mean"])
    assert wb["KPI"]["B2"].number_format == "#,##0.00"
    # per activity: waiting in working days, the largest first
    act = list(wb["Per aktivitas"].iter_rows(values_only=True))
    h = act[0]
    i_id, i_wait = h.index("ID aktivitas"), h.index("Waktu tunggu (hari kerja)")
    waits = {r[i_id]: r[i_wait] for r in act[1:]}
    truth = kpis.xs("waiting_time_working", level="name")["mean"] / (HPD * 3600)
    assert set(waits) == set(truth.index)
    for task, value in waits.items():
        assert value == pytest.approx(truth[task], rel=1e-12, abs=1e-15)
    assert [r[i_wait] for r in act[1:]] == sorted(waits.values(), reverse=True)
    # rows of tasks with the same name and lane are told apart by their phase
    i_name, i_phase, i_lane = h.index("Aktivitas"), h.index("Tahap"), h.index("Pelaksana")
    shown = [(r[i_name], r[i_phase], r[i_lane]) for r in act[1:]]
    assert len(shown) == len(set(shown))
    # per pool: utilisation in percent
    pool = list(wb["Per kelompok pegawai"].iter_rows(values_only=True))
    i_util = pool[0].index("Utilisasi (%)")
    util = kpis.xs("utilization", level="name")["mean"]
    for r in pool[1:]:
        assert r[i_util] == pytest.approx(100 * util[r[0]])
    # cases: real dates, as many rows as cases.csv
    cases = pd.read_csv(result_dir / "hasil" / "cases.csv")
    ws = wb["Kasus"]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) - 1 == len(cases)
    assert isinstance(rows[1][2], datetime) and rows[1][2] >= datetime(2025, 1, 6, 8)
    assert ws["C2"].number_format.startswith("[$-421]")
    first = cases.iloc[0]
    assert rows[1][4] == pytest.approx((first["end"] - first["arrival"]) / 86400)


def test_report_needs_a_result_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", str(tmp_path / "none"), "--out", str(tmp_path / "a.html")]) == 2
    assert f"folder hasil tidak ditemukan: {tmp_path / 'none'}" in capsys.readouterr().err
    (tmp_path / "half").mkdir()
    assert cli.main(["report", str(tmp_path / "half"), "--out", str(tmp_path / "a.html")]) == 2
    assert (f"{tmp_path / 'half'} bukan folder hasil simulate --out: kpis.csv tidak ditemukan "
            "di dalamnya") in capsys.readouterr().err
    assert not (tmp_path / "a.html").exists()
    assert cli.main(["simulate", SCENARIO, "--cases", "3", "--xlsx", "x.csv"]) == 2


def test_report_of_the_wrong_folder_says_which_one_to_give(
        result_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The folder above the results, a misspelt one, a run stopped by Ctrl-C."""
    out = str(tmp_path / "a.html")
    assert cli.main(["report", str(result_dir), "--out", out]) == 2
    assert (f"{result_dir} bukan folder hasil simulate --out (tidak ada kpis.csv); folder hasil "
            f"di dalamnya: {result_dir / 'hasil'}") in capsys.readouterr().err
    assert cli.main(["report", str(result_dir / "hasl"), "--out", out]) == 2
    assert f"; mungkin maksudnya {result_dir / 'hasil'}?" in capsys.readouterr().err
    stopped = tmp_path / "stopped"
    stopped.mkdir()
    (stopped / "manifest.json").write_text('{"status": "partial"}', encoding="utf-8")
    assert cli.main(["report", str(stopped), "--out", out]) == 2
    assert (f"{stopped}: simulasi di folder ini tidak selesai (manifest.json berstatus partial)"
            in capsys.readouterr().err)
    assert not (tmp_path / "a.html").exists()


def test_report_reads_a_folder_written_for_indonesian_spreadsheets(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """simulate --csv-locale id writes ';' and decimal commas: report used to refuse the
    folder ("[name] kolom ini tidak ada")."""
    for locale in ("en", "id"):
        assert cli.main(["simulate", SCENARIO, "--cases", "4", "--replications", "2", "--out",
                         str(tmp_path / locale), "--csv-locale", locale]) == 0
    capsys.readouterr()
    en, id_ = load_result(tmp_path / "en"), load_result(tmp_path / "id")
    assert ";" in (tmp_path / "id" / "kpis.csv").read_text(encoding="utf-8").splitlines()[0]
    pd.testing.assert_frame_equal(en.kpis, id_.kpis)
    pd.testing.assert_frame_equal(en.cases, id_.cases)
    pd.testing.assert_frame_equal(en.resources, id_.resources)
    assert cli.main(["report", str(tmp_path / "id"), "--no-heat"]) == 0


def test_report_html_is_self_contained(result_dir: Path, tmp_path: Path) -> None:
    html = tmp_path / "laporan.html"
    assert cli.main(["report", str(result_dir / "hasil"), "--out", str(html), "--no-heat"]) == 0
    text = html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:|//)""", text)
    assert text.count('src="data:image/png;base64,') == 5  # the five charts
    data = load_result(result_dir / "hasil")
    mean = data.value("cycle_time_working")[0] / (HPD * 3600)
    assert number_id(mean, 2) in text  # the KPI table, Indonesian format
    assert "Kestabilan:" in text and "6 Januari 2025" in text
    verdict = re.search(r"<b>Kestabilan: ([^<]+)</b>\. ([^<]+)</p>", text)
    assert verdict is not None
    assert not verdict[2].lower().startswith(verdict[1].lower() + ":")  # said once, not twice


def test_report_without_out_goes_next_to_the_results(
        result_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # the terminal's folder stays untouched
    folder = result_dir / "hasil"
    assert cli.main(["report", str(folder), "--no-heat"]) == 0
    assert capsys.readouterr().out == f"Ditulis: {folder / 'laporan.html'}\n"
    assert (folder / "laporan.html").stat().st_size > 0
    assert list(tmp_path.iterdir()) == []
    load_result(folder)  # the folder still reads as a result


@pytest.mark.browser
def test_report_opens_and_prints_in_chromium(result_dir: Path, tmp_path: Path) -> None:
    _require_browser()
    from playwright.sync_api import sync_playwright

    from probisnis.render.browser import BROWSER_ARGS, find_chromium

    html = tmp_path / "laporan.html"
    assert cli.main(["report", str(result_dir / "hasil"), "--out", str(html)]) == 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True,
                                    args=list(BROWSER_ARGS))
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def route(r: object) -> None:
                url = r.request.url  # type: ignore[attr-defined]
                if url.startswith(("file:", "data:")):
                    r.continue_()  # type: ignore[attr-defined]
                else:
                    requests.append(url)
                    r.abort()  # type: ignore[attr-defined]

            page.route("**/*", route)
            page.goto(html.as_uri())
            images = page.evaluate(
                "Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth])")
            words = page.evaluate("document.body.innerText.length")
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()
    assert errors == [] and requests == []
    assert len(images) == 6 and images[0][0] == "Diagram panas"
    assert all(done and width > 100 for _, done, width in images), images
    assert words > 1000
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 2
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf  # A4 width in points


def _hottest(svg: Path) -> str:
    """The task whose drawn fill is reddest (YlOrRd: least green) in the SVG picture."""
    tree = etree.parse(str(svg), etree.XMLParser(resolve_entities=False, no_network=True))
    best, green = "", 256
    for rect in tree.iter("{http://www.w3.org/2000/svg}rect"):
        fill = rect.get("data-heat-fill")
        if not fill:
            continue
        g = int(fill[3:5], 16)
        owner = rect.getparent().getparent()
        if g < green:
            best, green = owner.get("data-element-id"), g
    return best


@pytest.mark.browser
def test_heat_hottest_task_is_the_longest_wait(result_dir: Path, tmp_path: Path) -> None:
    _require_browser()
    model = ROOT / "processes" / "m1_sekretariat_daerah.bpmn"
    assert cli.main(["render", str(model), "--heat", str(result_dir / "hasil"),
                     "--out", str(tmp_path)]) == 0
    png, svg = tmp_path / "m1_sekretariat_daerah.heat.png", \
        tmp_path / "m1_sekretariat_daerah.heat.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    kpis = pd.read_csv(result_dir / "hasil" / "kpis.csv")
    waits = kpis[kpis["name"] == "waiting_time_working"].set_index("scope")["mean"]
    text = model.read_text(encoding="utf-8")
    in_model = waits[[f'id="{i}"' in text and not i.startswith("PG") for i in waits.index]]
    assert in_model.max() > 0
    assert _hottest(svg) == in_model.idxmax()
    assert "Rata-rata waktu tunggu" in svg.read_text(encoding="utf-8")
    # by utilisation the tasks of the busiest pool are hottest
    assert cli.main(["render", str(model), "--heat", str(result_dir / "hasil"), "--heat-by",
                     "utilisation", "--out", str(tmp_path / "u"), "--no-png"]) == 0
    hot = _hottest(tmp_path / "u" / "m1_sekretariat_daerah.heat.svg")
    util = kpis[kpis["name"] == "utilization"].set_index("scope")["mean"]
    pool_of = {t.id: t.pool for t in load_result(result_dir / "hasil").context.tasks}
    assert pool_of[hot] == util.idxmax()


@pytest.mark.browser
def test_report_of_a_model_without_diagram_says_why(tmp_path: Path) -> None:
    _require_browser()
    bench = ROOT.parent / "shared" / "bench"
    html = tmp_path / "r.html"
    assert cli.main(["simulate", str(bench / "permit.bpmn"), "--prosimos",
                     str(bench / "permit.json"), "--cases", "50", "--report", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "Tidak digambar: diagram tidak dapat digambar" in text
    assert text.count('src="data:image/png;base64,') == 5


def test_the_heat_figure_opens_at_full_size_on_a_click_without_a_script() -> None:
    from probisnis.report.html import _figure

    png = b"\x89PNG\r\n\x1a\n"
    zoomed, plain = _figure("Diagram panas", png, "Warna.", zoom=True), _figure("Grafik", png)
    assert '<figure class="zoom"><label' in zoomed and '<input type="checkbox">' in zoomed
    assert "memperbesar" in zoomed and "<script" not in zoomed and "onclick" not in zoomed
    assert plain.startswith("<figure><img") and "checkbox" not in plain


def test_a_near_result_folder_is_found_among_many(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seven result folders side by side: the misspelt last one is still guessed (only the
    first five were looked at), and the listing names five and counts the rest."""
    names = ["a_dasar", "b_revisi", "c_jfjp", "d_kedatangan", "e_kabag", "f_tim",
             "g_sebelum_penyederhanaan"]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "kpis.csv").write_text("name,scope\n", encoding="utf-8")
    out = str(tmp_path / "a.html")
    assert cli.main(["report", str(tmp_path / "g_sebelum_penyederhanan"), "--out", out]) == 2
    assert f"; mungkin maksudnya {tmp_path / names[-1]}?" in capsys.readouterr().err
    assert cli.main(["report", str(tmp_path), "--out", out]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'e_kabag'} dan 2 lainnya" in err and "f_tim" not in err
