"""probisnis.present: Indonesian (and English) numbers, dates, durations and KPI labels.

Expectations are written from the CLDR conventions a reader knows (Indonesian: "." groups
thousands, "," marks decimals, month names in Indonesian), not from the code's output.
"""

from __future__ import annotations

import datetime as dt
import doctest
import math

import pytest

from probisnis.errors import ProbisnisError
from probisnis.present import estimates, labels, numbers, table
from probisnis.present.labels import KPIS, UNITS, column, kpi_label, to_display
from probisnis.present.numbers import (
    MISSING,
    angka,
    durasi,
    hari,
    persen,
    rentang,
    rupiah,
    tanggal,
)


@pytest.mark.parametrize("module", [numbers, labels, table, estimates])
def test_doctests(module):
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(("value", "digits", "lang", "text"), [
    (1234.5, 1, "id", "1.234,5"),
    (1234.5, 1, "en", "1,234.5"),
    (1234567.891, 2, "id", "1.234.567,89"),
    (0.5, 0, "id", "0"),        # half to even, as CLDR rounds
    (1.5, 0, "id", "2"),
    (-0.04, 1, "id", "0,0"),    # no "-0,0"
    (-12.5, 1, "id", "-12,5"),
    (7, 0, "id", "7"),
])
def test_angka(value, digits, lang, text):
    assert angka(value, digits, lang=lang) == text


def _numbers_to_check() -> list[float]:
    """Values whose text is easy to get wrong: halves at every decimal, values whose
    shortest text and binary value round differently (2.675), signs, zero, magnitudes
    from 1e-9 to 1e15, integers, numpy floats, and random values."""
    import numpy as np

    rng = np.random.default_rng(7)
    values: list[float] = [0, 0.0, -0.0, 7, -7, 999, 1000, 999_999, 1_000_000, 2.675, 1.005,
                           0.125, 0.375, -0.5, -1.5, 2.5, 1e-9, 1e15, 123456789.987654321,
                           np.float64(1234.5), np.float64(-0.04), 0.1 + 0.2]
    values += [k / 8 for k in range(-40, 41)] + [k / 1000 + 0.0005 for k in range(200)]
    values += list(rng.normal(0, 1e4, 300)) + list(10 ** rng.uniform(-6, 12, 300))
    values += [float(round(x, 3)) for x in rng.uniform(-100, 100, 200)]
    return values


def test_angka_and_tanggal_equal_babel():
    """The plain formatting of angka and tanggal gives Babel's text (CLDR), value by
    value (it replaced Babel on the command line's start-up path)."""
    from babel.dates import format_date
    from babel.numbers import format_decimal

    for lang, locale in (("id", "id_ID"), ("en", "en_GB")):
        for digits in range(5):
            pattern = "#,##0" + ("." + "0" * digits if digits else "")
            for value in _numbers_to_check():
                want = format_decimal(value, format=pattern, locale=locale)
                if want.lstrip("-").strip("0.,") == "":
                    want = want.lstrip("-")
                assert angka(value, digits, lang=lang) == want, (value, digits, lang)
        for year in (1999, 2025, 2026):
            for month in range(1, 13):
                for day in (1, 9, 28):
                    d = dt.date(year, month, day)
                    assert tanggal(d, lang=lang) == format_date(d, format="d MMMM y",
                                                                 locale=locale)


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, -math.inf])
def test_missing_values_print_as_a_dash(missing):
    for f in (angka, persen, rupiah, hari, durasi):
        assert f(missing) == MISSING
    assert rentang(missing, 1.0) == MISSING


def test_percent_rupiah_range():
    assert persen(0.553) == "55,3%"
    assert persen(1.0, 0) == "100%"
    assert persen(0.553, lang="en") == "55.3%"
    assert rupiah(32_480_000) == "Rp32.480.000"
    assert rupiah(32_480_000, lang="en") == "IDR 32,480,000"
    assert rentang(2.5, 3.14) == "2,5–3,1"


@pytest.mark.parametrize(("day", "lang", "text"), [
    (dt.date(2025, 8, 17), "id", "17 Agustus 2025"),
    (dt.date(2025, 1, 6), "id", "6 Januari 2025"),
    (dt.date(2025, 12, 31), "id", "31 Desember 2025"),
    (dt.datetime(2025, 3, 1, 14, 30), "id", "1 Maret 2025"),
    (dt.date(2025, 8, 17), "en", "17 August 2025"),
])
def test_tanggal(day, lang, text):
    assert tanggal(day, lang=lang) == text


@pytest.mark.parametrize(("seconds", "kw", "text"), [
    (45, {}, "45 detik"),
    (59.6, {}, "1 menit"),
    (90 * 60, {}, "1 jam 30 menit"),
    (3600, {}, "1 jam"),
    (2 * 86400 + 3 * 3600 + 59, {}, "2 hari 3 jam"),
    (2 * 86400 + 5 * 60, {}, "2 hari"),  # two largest units: days and hours
    (2 * 7.5 * 3600 + 3600, {"day_seconds": 7.5 * 3600}, "2 hari 1 jam"),
    (90 * 60, {"lang": "en"}, "1 h 30 min"),
])
def test_durasi(seconds, kw, text):
    assert durasi(seconds, **kw) == text


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ProbisnisError, match=r"unknown language 'fr'.*id, en"):
        angka(1, lang="fr")
    with pytest.raises(ProbisnisError, match="unknown language"):
        kpi_label("cycle_time", lang="fr")


def test_kpi_labels_carry_their_unit():
    assert kpi_label("cycle_time_working") == "Waktu siklus (hari kerja)"
    assert kpi_label("cycle_time") == "Waktu siklus (hari kalender)"
    assert kpi_label("cost") == "Biaya per kasus (Rp)"
    assert kpi_label("cost", lang="en") == "Cost per case (IDR)"
    assert kpi_label("waiting_time_working", unit="working_day") == "Waktu tunggu (hari kerja)"
    assert kpi_label("something_new") == "something_new"
    assert column("pool") == "Pelaksana"
    assert column("pool", lang="en") == "Resource pool"


def test_every_kpi_of_the_engine_has_a_label():
    """The KPI names the engine writes (sim/kpis.py and its accumulator,
    sim/kpis_streaming.py) are all labelled here."""
    from pathlib import Path

    import probisnis.sim.kpis as k
    import probisnis.sim.kpis_streaming as ks

    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (k, ks))
    for name in KPIS:
        assert f'"{name}"' in source or name in ("phase_wip", "lane_wip", "wip"), name
    # and each label's unit converts from a machine unit the engine uses
    for label in KPIS.values():
        assert label.unit in UNITS


def test_to_display_conversions():
    assert to_display(86400 * 2, "s", "day") == 2.0
    assert to_display(7.5 * 3600 * 4, "s", "working_day", hours_per_day=7.5) == 4.0
    assert to_display(8 * 3600 * 4, "s", "working_day", hours_per_day=8) == 4.0
    assert to_display(0.25, "fraction", "percent") == 25.0
    assert math.isclose(to_display(1.0, "cases/day", "cases_per_month"), 30.4375)
    with pytest.raises(ProbisnisError, match="cannot show a value in 'fraction' as 'day'"):
        to_display(1.0, "fraction", "day")
    with pytest.raises(ProbisnisError, match="unknown display unit"):
        to_display(1.0, "s", "fortnight")


def test_process_order_follows_the_flow_into_called_processes():
    """Mechanism 1 as Lampiran II.D.1 tells it: the Sekda draws up the perjanjian kinerja,
    then the Asisten's result plan, then the Asisten divides the target; the penugasan 1b
    call comes inside planning; evaluation ends with the Sekda's review."""
    from pathlib import Path

    from probisnis import load_scenario
    from probisnis.present.order import process_order

    root = Path(__file__).resolve().parents[1]
    s = load_scenario(root / "simulations" / "m1_sekretariat_daerah.toml")
    order = [o.node.id for o in process_order(s.definitions, s.process_id)
             if o.node.is_activity]
    assert order[:4] == ["M1_tahap_perencanaan", "M1a_susun_pk",
                         "M1a_rencana_hasil_kerja_asisten", "M1a_tunjuk_kabag"]
    assert order.index("M1a_mohon_lintas_unit") < order.index("PG1b_kirim_permohonan") \
        < order.index("M1_tahap_pelaksanaan") < order.index("M1b_laksanakan") \
        < order.index("M1_tahap_evaluasi")
    assert order[-1] == "M1c_tinjau_sekda"
    assert len(order) == len(set(order))
    phases = {o.node.id: o.phase for o in process_order(s.definitions, s.process_id)}
    assert phases["M1a_susun_pk"] == "Tahap Perencanaan"
    assert phases["PG1b_kirim_permohonan"] == "Permohonan pelibatan JF/JP lintas unit"
    # the periodic and the "sewaktu-waktu" monitoring enter subprocesses of the same name:
    # each is told apart by the phase around it (the table and report rows would repeat)
    periodic = [o for o in process_order(s.definitions, s.process_id)
                if o.process.id == "M1b_pemantauan"]
    anytime = [o for o in process_order(s.definitions, s.process_id)
               if o.process.id == "M1b_pemantauan_sewaktu"]
    assert periodic and anytime
    assert {o.phase for o in periodic} == {"Memantau dan memberi umpan balik (Tahap Pelaksanaan)"}
    assert {o.phase for o in anytime} == {
        "Memantau dan memberi umpan balik (Pemantauan sewaktu-waktu)"}
    # a phase re-entered (planning around the penugasan 1b call) is not qualified
    assert phases["M1a_tunjuk_ketua_tim"] == "Tahap Perencanaan"


def test_process_order_of_a_loop_lists_each_step_once():
    from pathlib import Path

    from probisnis import read
    from probisnis.present.order import process_order

    defs = read(Path(__file__).resolve().parent / "data" / "run" / "loop.bpmn")
    tasks = [o.node.id for o in process_order([defs], "P_loop") if o.node.is_task]
    assert tasks == ["T_draft", "T_review", "T_revise"]
