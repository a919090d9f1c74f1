"""compare and sweep pages in English (``--lang en``); Bahasa Indonesia stays the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.whatif.verdicts import verdict

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
MORE = ROOT / "simulations" / "m1_kegiatan_bertambah.toml"

# Indonesian words of the what-if pages that must not stay on an English page
_INDONESIAN = re.compile(r"\b(replikasi|dasar|varian|selisih|lebih|nyata|pelaksana|kasus|"
                         r"proses|titik|jenuh|PERINGATAN|TIDAK|STABIL|kewalahan|Ditulis|"
                         r"jam|minggu|hari)\b")


def _page(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_compare_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["compare", str(M1), str(MORE), "--replications", "2", "--cases", "30",
            "--workers", "1"]
    page = _page(capsys, *argv, "--lang", "en")
    assert page.startswith("Comparison of scenarios: 2 paired replications, seed 2025, common "
                           "random numbers\n")
    assert "WARNING [m1_kegiatan_bertambah.toml] UNSTABLE: pool Sekretaris Daerah is " \
           "overloaded" in page
    assert "Variant m1_kegiatan_bertambah.toml against the base" in page
    # scenario names are the scenario's own words; everything else is English
    body = page.replace("Mekanisme 1 - Sekretariat Daerah (skenario dasar)", "") \
               .replace("Mekanisme 1 - kegiatan bertambah (4 per bulan)", "")
    assert _INDONESIAN.findall(body) == []
    assert all(len(line) <= 100 for line in page.splitlines())
    default = _page(capsys, *argv)
    assert default.startswith("Perbandingan skenario: 2 replikasi berpasangan")
    assert "PERINGATAN [m1_kegiatan_bertambah.toml] TIDAK STABIL: pelaksana Sekretaris Daerah " \
           "kewalahan" in " ".join(default.split())


def test_sweep_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sweep", str(M1), "--vary", "resources.SEKDA.count=1..2", "--replications", "2",
            "--cases", "30", "--workers", "1"]
    page = _page(capsys, *argv, "--lang", "en")
    assert page.startswith("Sweep Mekanisme 1 - Sekretariat Daerah (skenario dasar) "
                           "[m1_sekretariat_daerah.toml]: 2 points x 2\nreplications")
    assert "Busiest pool" in page and "Saturation point" in page
    body = page.replace("Mekanisme 1 - Sekretariat Daerah (skenario dasar)", "")
    assert _INDONESIAN.findall(body) == []
    assert all(len(line) <= 100 for line in page.splitlines())
    default = _page(capsys, *argv)
    assert "Titik jenuh" in default and "Pelaksana" in default and "Stabil" in default
    # the saturation reason names the pool as the scenario does, not by its code
    assert "SEKDA " not in default.split("Titik jenuh")[1]


def test_a_rounding_difference_is_no_difference() -> None:
    """The same costs summed in another order differ by ~1e-9 with a zero-width interval:
    'tidak berbeda nyata', not 'lebih buruk'."""
    assert verdict("cost", 3.7e-8, 3.7e-8, 3.7e-8, 3.7e-8 / 3.4e7) == "tidak berbeda nyata"
    assert verdict("cost", 1000.0, 900.0, 1100.0, 1000.0 / 3.4e7) == "lebih buruk"
