"""``probisnis render`` and ``probisnis trace``: the subcommands over probisnis.render/trace.

Truth: the clause ids are read again here straight from the files' ``documentation`` with
lxml, the page is compared with what ``python -m probisnis.trace`` writes, and the PNG's
own header is read for its size. Render tests need Chromium and bpmn-js: they skip
locally without them and fail under CI (env ``CI``), as tests/test_bpmnjs.py does.
"""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path

import pytest
from lxml import etree

from probisnis import cli
from probisnis.render import browser_unavailable
from probisnis.render.__main__ import main as render_main
from probisnis.trace import load_clauses, render_markdown, trace
from probisnis.trace.__main__ import main as trace_main

ROOT = Path(__file__).resolve().parents[1]
M5 = "processes/m5_pengawas.bpmn"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    return cli.main


def _cited_ids(path: Path) -> set[str]:
    """Clause ids in square brackets in every documentation element of the file."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    ids: set[str] = set()
    for doc in tree.iter(f"{{{BPMN_NS}}}documentation"):
        for bracket in re.findall(r"\[([^\]]+)\]", doc.text or ""):
            ids.update(part.strip() for part in re.split(r"[,;]", bracket))
    return ids


# --- trace ----------------------------------------------------------------------------------------


def test_trace_json_counts_the_clauses_the_file_cites(main, capsys) -> None:
    assert main(["trace", M5, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    table = set(load_clauses()["id"])
    cited = _cited_ids(ROOT / M5) & table
    assert any(c.startswith("D5.") for c in cited)
    assert summary["files"] == [M5]
    assert summary["clauses"] == len(table) == 133
    assert summary["clauses_cited"] == len(cited)
    assert set(summary["uncited_clauses"]) == table - cited
    assert summary["uncited_flow_nodes"] == []
    assert summary["invalid_citations"] == []
    assert summary["flow_nodes"] > 0


def test_trace_json_reports_gaps(main, capsys, tmp_path: Path) -> None:
    text = (ROOT / M5).read_text(encoding="utf-8")
    first = re.search(r"<bpmn:documentation>\[D5\.a\.1\]", text)
    assert first is not None
    broken = text[: first.start()] + "<bpmn:documentation>[D9.z.9] tidak ada" + text[first.end():]
    path = tmp_path / "m5_rusak.bpmn"
    path.write_text(broken, encoding="utf-8")
    assert main(["trace", str(path), "--json"]) == 0  # gaps are reported, not failures
    summary = json.loads(capsys.readouterr().out)
    invalid = summary["invalid_citations"]
    assert [(i["citation"], i["problem"]) for i in invalid] == [
        ("D9.z.9", "unknown clause id D9.z.9")]
    assert invalid[0]["path"] == str(path)


def test_trace_out_is_python_m_probisnis_trace(main, capsys, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours" / "page.md", tmp_path / "theirs.md"
    assert main(["trace", "processes/", "--out", str(ours)]) == 0
    line = capsys.readouterr().out
    assert trace_main([str(theirs), "processes/"]) == 0
    assert capsys.readouterr().out == line.replace(str(ours), str(theirs))
    assert ours.read_bytes() == theirs.read_bytes()
    assert re.fullmatch(
        r".*: \d+ berkas BPMN, 133 dari 133 klausul dikutip, 0 node alur tanpa kutipan, "
        r"0 kutipan tidak merujuk ke teks yang ada\n", line)


def test_trace_default_prints_the_page_of_processes(main, capsys) -> None:
    assert main(["trace"]) == 0
    out = capsys.readouterr().out
    assert out == render_markdown(trace(["processes/"]))
    files = len(list((ROOT / "processes").glob("*.bpmn")))
    assert f"- Berkas BPMN: {files}\n" in out


def test_trace_json_with_out_writes_the_page_too(main, capsys, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    assert main(["trace", M5, "--json", "--out", str(page)]) == 0
    assert json.loads(capsys.readouterr().out)["files"] == [M5]
    assert page.read_text(encoding="utf-8") == render_markdown(trace([M5]))


def test_trace_missing_path_is_a_usage_error_and_writes_nothing(main, capsys, tmp_path) -> None:
    page = tmp_path / "page.md"
    assert main(["trace", M5, "tidak_ada/", "--out", str(page)]) == 2
    err = capsys.readouterr().err
    assert err == "probisnis trace: kesalahan: berkas atau folder tidak ditemukan: tidak_ada/\n"
    assert not page.exists()


def test_trace_unreadable_file_is_one_located_line(main, capsys) -> None:
    assert main(["trace", "tests/data/bad/malformed.bpmn"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tests/data/bad/malformed.bpmn:5: XML rusak: ")
    assert captured.err.count("\n") == 1


# --- render ---------------------------------------------------------------------------------------


def _require_browser() -> None:
    reason = browser_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bpmn-js browser check cannot run under CI: {reason}")
        pytest.skip(reason)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_render_missing_browser_is_a_usage_error(main, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PROBISNIS_CHROMIUM", str(tmp_path / "tidak_ada"))
    assert main(["render", M5, "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("probisnis render: kesalahan: Chromium tidak ditemukan")
    assert captured.err.rstrip().endswith("jalankan bash scripts/install-browser.sh")
    assert list(tmp_path.iterdir()) == []


def test_render_missing_path_and_empty_folder(main, capsys, tmp_path) -> None:
    assert main(["render", "tidak_ada.bpmn"]) == 2
    assert capsys.readouterr().err == (
        "probisnis render: kesalahan: berkas atau folder tidak ditemukan: tidak_ada.bpmn\n")
    assert main(["render", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"probisnis render: kesalahan: tidak ada berkas .bpmn di {tmp_path}\n")


@pytest.mark.browser
def test_render_json_writes_the_png_it_reports(main, capsys, tmp_path) -> None:
    _require_browser()
    out = tmp_path / "gambar"
    assert main(["render", M5, "--out", str(out), "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    png = out / "m5_pengawas.png"
    assert record["path"] == M5
    assert record["ok"] is True
    assert record["warnings"] == [] and record["undrawn"] == [] and record["error"] is None
    assert record["png"] == str(png)
    assert _png_size(png) == (record["width"], record["height"])
    # the collaboration, and a drill-down plane per collapsed subprocess (the monitoring)
    planes = etree.parse(M5, etree.XMLParser(resolve_entities=False, no_network=True)).findall(
        ".//{http://www.omg.org/spec/BPMN/20100524/DI}BPMNDiagram")
    assert record["diagrams"] == len(planes) == 4 and record["elements"] > 0


@pytest.mark.browser
def test_render_text_is_python_m_probisnis_render(main, capsys, tmp_path) -> None:
    _require_browser()

    def without_seconds(text: str) -> str:
        return re.sub(r"\d+,\d\d detik", "T detik", text)

    assert main(["render", M5, "--no-png", "--out", str(tmp_path)]) == 0
    ours = capsys.readouterr().out
    assert render_main([str(tmp_path), M5, "--no-png"]) == 0
    assert without_seconds(ours) == without_seconds(capsys.readouterr().out)
    assert ours.startswith(f"{M5}: baik, ")
    assert list(tmp_path.iterdir()) == []  # --no-png writes nothing


@pytest.mark.browser
def test_render_problems_exit_1(main, capsys, tmp_path) -> None:
    _require_browser()
    bad = "tests/data/bad/rule_dangling_ref.bpmn"
    assert main(["render", bad, "--no-png", "--json"]) == 1
    [record] = json.loads(capsys.readouterr().out)
    assert record["ok"] is False
    assert "unresolved reference <Ghost>" in record["warnings"]
    assert main(["render", bad, M5, "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: BERMASALAH" in out and f"{M5}: baik" in out
    assert out.rstrip().splitlines()[-1].startswith("2 berkas, 1 bermasalah")
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["m5_pengawas.png", "rule_dangling_ref.png"]
