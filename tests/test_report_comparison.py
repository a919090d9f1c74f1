"""``compare --report/--xlsx``: the side-by-side table, against the comparison's own CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from probisnis import cli

ROOT = Path(__file__).resolve().parents[1]
BASE = str(ROOT / "simulations" / "m1_sekretariat_daerah.toml")
VARIANT = str(ROOT / "simulations" / "m1_jfjp_berkurang.toml")


def test_compare_report_and_workbook(tmp_path: Path) -> None:
    html, xlsx = tmp_path / "banding.html", tmp_path / "banding.xlsx"
    assert cli.main(["compare", BASE, VARIANT, "--replications", "3", "--cases", "15",
                     "--workers", "1", "--out", str(tmp_path / "out"), "--report", str(html),
                     "--xlsx", str(xlsx)]) == 0
    truth = pd.read_csv(tmp_path / "out" / "comparison.csv")
    row = truth[(truth["name"] == "cycle_time_working") & (truth["scope"] == "process")].iloc[0]
    sheet = list(load_workbook(xlsx)["Perbandingan"].iter_rows(values_only=True))
    head = sheet[0]
    got = next(r for r in sheet[1:] if r[1] == "Waktu siklus (hari kerja)"
               and r[2] == "process")
    day = 7.5 * 3600
    assert got[head.index("Dasar")] == pytest.approx(row["base"] / day)
    assert got[head.index("Selisih")] == pytest.approx(row["difference"] / day)
    assert got[head.index("IK 95% bawah")] == pytest.approx(row["ci_low"] / day)
    assert got[head.index("Kesimpulan")] == row["verdict"]
    text = html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\\s*=\\s*["'](https?:|//)""", text)
    assert "data:image/png;base64," in text and str(row["verdict"]) in text
    assert "JF/JP berkurang" in text
    assert cli.main(["compare", BASE, VARIANT, "--report", "x.pdf"]) == 2


def test_sweep_report_and_workbook(tmp_path: Path) -> None:
    html, xlsx = tmp_path / "sapuan.html", tmp_path / "sapuan.xlsx"
    assert cli.main(["sweep", BASE, "--vary", "resources.SEKDA.count=1..2", "--replications",
                     "2", "--cases", "12", "--workers", "1", "--out", str(tmp_path / "out"),
                     "--report", str(html), "--xlsx", str(xlsx)]) == 0
    truth = pd.read_csv(tmp_path / "out" / "results.csv")
    truth = truth[(truth["name"] == "cycle_time_working") & (truth["scope"] == "process")]
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Titik", "Indikator"]
    rows = list(wb["Indikator"].iter_rows(values_only=True))
    head = rows[0]
    got = {r[0]: r[head.index("Rata-rata")] for r in rows[1:]
           if r[head.index("Ukuran")] == "Waktu siklus (hari kerja)"}
    for r in truth.itertuples():
        assert got[r[1]] == pytest.approx(r.mean / (7.5 * 3600))
    text = html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\\s*=\\s*["'](https?:|//)""", text)
    assert text.count("data:image/png;base64,") >= 1 and "resources.SEKDA.count" in text
