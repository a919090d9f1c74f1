"""The mistakes a new analyst makes on the first day, and what the tool answers.

Each message must name the file (and line or key) and say what to do instead; the exit
status is 2 for a wrong argument, 1 for a wrong file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.cli import main

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, " ".join((captured.out + captured.err).split())


@pytest.mark.parametrize(("argv", "expected"), [
    # a folder where a file is meant: name one inside it
    (["simulate", "simulations"], "simulations adalah folder: berikan skenario (.toml"),
    # the extension left out
    (["scenario", "init", "processes/m1_sekretariat_daerah"],
     "mungkin maksudnya processes/m1_sekretariat_daerah.bpmn?"),
    # a near spelling
    (["simulate", "simulations/m1_sekretaris_daerah.toml"],
     "mungkin maksudnya simulations/m1_sekretariat_daerah.toml?"),
    (["compare", "simulations/m1_sekretariat_daerah.toml", "simulations/m1_jfjp_berkurang"],
     "mungkin maksudnya simulations/m1_jfjp_berkurang.toml?"),
    # a scenario where a model is meant, a model where a scenario is meant
    (["scenario", "init", "simulations/m1_sekretariat_daerah.toml"],
     "adalah skenario, bukan model BPMN: berikan model BPMN (.bpmn"),
    (["compare", "processes/m1_sekretariat_daerah.bpmn", "simulations/m1_jfjp_berkurang.toml"],
     "adalah model BPMN, bukan skenario: berikan skenario (.toml"),
    (["sop", "export", "processes/m5_pengawas.bpmn", "--process", "M5_pelaksanaan",
      "--scenario", "simulations/m5_pengawas.bpmn", "--out", "x.html"],
     "mungkin maksudnya simulations/m5_pengawas.toml?"),
    (["review", "simulations/m5_pengawas.toml"],
     "adalah skenario: berikan dengan --scenario simulations/m5_pengawas.toml"),
    (["review", "docs/sop/m5_pelaksana.csv"], "mungkin maksudnya docs/sop/m5_pelaksanaan.csv?"),
    (["sop", "import", "docs/sop/m5_pelaksana.csv", "--out", "x.bpmn"],
     "tabel SOP tidak ditemukan: docs/sop/m5_pelaksana.csv; mungkin maksudnya "
     "docs/sop/m5_pelaksanaan.csv?"),
    (["sop", "import", "processes/m5_pengawas.bpmn", "--out", "x.bpmn"],
     "processes/m5_pengawas.bpmn adalah model BPMN, bukan tabel SOP: berikan tabel SOP"),
    # Prosimos parameters without their model
    (["simulate", "../shared/bench/permit.json"],
     "probisnis simulate MODEL.bpmn --prosimos ../shared/bench/permit.json"),
])
def test_a_wrong_file_says_what_to_give_instead(argv: list[str], expected: str,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, text = run(capsys, *argv)
    assert code == 2 and expected in text, text


@pytest.mark.parametrize(("line", "expected"), [
    ("availability = 0,8", ":49: bukan TOML yang sah: ada tulisan tersisa setelah nilainya "
                           "(kolom 17); tulis desimal dengan titik: 0.8 (bukan 0,8)"),
    ("availability = 80%", ":49: bukan TOML yang sah: ada tulisan tersisa setelah nilainya "
                           "(kolom 18); tulis persen sebagai pecahan: 0.8 (bukan 80%)"),
    ("availability = tinggi", ":49: bukan TOML yang sah: nilai tidak sah (kolom 16); beri "
                              'tanda kutip pada teks: "tinggi"'),
    ("availability 0.8", ":49: bukan TOML yang sah: setelah kunci harus ada '=' (kolom 14); "
                         "setiap baris berbentuk `kunci = nilai` (atau judul [tabel])"),
])
def test_toml_mistakes_name_the_line_and_the_fix(line: str, expected: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    lines = M1.read_text(encoding="utf-8").splitlines()
    assert lines[48] == "availability = 0.8"  # line 49 of the bundled scenario
    lines[48] = line
    path = tmp_path / "salah.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text = run(capsys, "simulate", str(path))
    assert code == 1 and text == f"{path}{expected}"


@pytest.mark.parametrize(("number", "line", "expected"), [
    # a date written day first, as Indonesians do, without quotes
    (15, "start = 06-01-2025", ":15: bukan TOML yang sah: ada tulisan tersisa setelah nilainya "
                               "(kolom 10); tulis tanggal-jam sebagai tahun-bulan-tanggal: "
                               "2025-01-06T08:00:00 (bukan 06-01-2025)"),
    (29, "extra_closed = [17-08-2025]", ":29: bukan TOML yang sah: daftar [ ... ] tidak ditutup "
                                        "(kolom 19); tulis tanggal sebagai tahun-bulan-tanggal "
                                        'dalam tanda kutip: "2025-08-17" (bukan 17-08-2025)'),
    # a date-time without its seconds (TOML 1.0 wants them)
    (15, "start = 2025-01-06 08:00", ":15: bukan TOML yang sah: ada tulisan tersisa setelah "
                                     "nilainya (kolom 20); tulis tanggal-jam lengkap dengan "
                                     "detik: 2025-01-06T08:00:00 (bukan 2025-01-06 08:00)"),
    # a decimal comma inside { ... }, where the comma ends the number
    (155, 'duration = { dist = "triangular", min = 2, mode = 2,5, max = 5, unit = "d" }',
     ":155: bukan TOML yang sah: setelah kunci harus ada '=' (kolom 54); tulis desimal dengan "
     "titik: 2.5 (bukan 2,5)"),
])
def test_toml_dates_and_commas_name_the_fix(number: int, line: str, expected: str,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    lines = M1.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = line
    path = tmp_path / "salah.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text = run(capsys, "simulate", str(path))
    assert code == 1 and text == f"{path}{expected}"


def test_holidays_named_as_the_country_is_the_same_calendar_as_its_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """holidays = "Indonesia" used to give Indonesian holidays without cuti bersama (or, with
    cuti_bersama = true, a refusal asking for "ID"): now it is "ID"."""
    from probisnis.sim import load_scenario

    calendars = []
    for name in ("ID", "Indonesia", "id"):
        path = tmp_path / f"libur_{name}.toml"
        path.write_text(f'extends = "{M1.as_posix()}"\n[calendar]\nholidays = "{name}"\n',
                        encoding="utf-8")
        calendar = load_scenario(str(path)).calendar
        calendars.append((calendar.holidays, calendar.cuti_bersama))
    assert calendars == [("ID", True)] * 3


def test_a_misspelt_pool_in_a_variant_is_an_error_not_a_silent_no_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """[resources.JFPJ] for JFJP used to simulate the base unchanged, without a word."""
    path = tmp_path / "varian.toml"
    path.write_text(f'extends = "{M1.as_posix()}"\n[resources.JFPJ]\ncount = 12\n',
                    encoding="utf-8")
    code, text = run(capsys, "simulate", str(path))
    assert code == 1
    assert text == (f"{path}: [resources.JFPJ] tidak ada lajur 'JFPJ' di model dan tidak ada "
                    "tugas yang menyebut kelompok pegawai ini; mungkin maksudnya 'JFJP'?")
    code, text = run(capsys, "simulate", str(path), "--lang", "en")
    assert code == 1
    assert text == (f"{path}: [resources.JFPJ] no lane 'JFPJ' in the model and no task names "
                    "this pool; did you mean 'JFJP'?")


def test_an_indonesian_decimal_comma_in_a_sweep_is_explained(
        capsys: pytest.CaptureFixture[str]) -> None:
    """availability=0,5 is the two values 0 and 5: the refusal says how to write 0.5."""
    code, text = run(capsys, "sweep", str(M1), "--vary", "resources.JFJP.availability=0,5",
                     "--replications", "2", "--cases", "5", "--workers", "1")
    assert code == 1
    assert text.endswith("[resources.JFJP.availability] harus angka > 0 dan <= 1, bukan 0 "
                         "(--vary resources.JFJP.availability=0,5: koma memisahkan nilai; "
                         "tulis desimal dengan titik: resources.JFJP.availability=0.5)")



def test_no_decimal_hint_for_a_whole_number_key(capsys: pytest.CaptureFixture[str]) -> None:
    """count=0,1 is the values 0 and 1 (a count of 0 is refused); writing 0.1 would be
    refused as well, so no decimal-point hint."""
    code, text = run(capsys, "sweep", str(M1), "--vary", "resources.JFJP.count=0,1",
                     "--replications", "2", "--cases", "5", "--workers", "1")
    assert code == 1
    assert text.endswith("[resources.JFJP.count] harus bilangan bulat >= 1, bukan 0")


def test_an_sop_export_without_process_names_the_other_processes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --process the SOP of a mechanism's top process has 5 steps and no pelaksana:
    the output says which processes the file holds and how to choose one."""
    model = ROOT / "processes" / "m1_sekretariat_daerah.bpmn"
    code, text = run(capsys, "sop", "export", str(model), "--out", str(tmp_path / "sop.html"))
    assert code == 0
    assert ("berkas ini memuat 4 proses (M1_mekanisme, M1_perencanaan, M1_pelaksanaan, "
            "M1_evaluasi); tanpa --process diambil proses utamanya: pilih yang lain dengan "
            "--process ID") in text


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_scenario_given_as_a_model_says_what_it_is(command: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, command, str(M1))
    assert code == 1
    # validate: a finding (rule parse); run: the error line, both in Bahasa Indonesia
    rule = "parse: " if command == "validate" else ""
    assert (f"m1_sekretariat_daerah.toml:1: {rule}XML rusak: " in text
            and "(berkas ini skenario simulasi (TOML), bukan model BPMN: dibaca oleh "
                "`probisnis simulate BERKAS.toml`; modelnya adalah berkas yang disebut "
                "`model =`)" in text), text


def test_a_timer_written_in_working_days_is_warned_about(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A timer waits calendar time, so unit = "d" (7.5 h) is not the day it looks like: the
    bundled pertanggungjawaban scenario once meant "20 hari kerja" and got about 6 days."""
    path = tmp_path / "pewaktu.toml"
    path.write_text(f'extends = "{M1.as_posix()}"\n[timers.M1b_sewaktu_mulai]\n'
                    'duration = { dist = "exponential", mean = 14, unit = "d" }\n',
                    encoding="utf-8")
    code, text = run(capsys, "simulate", str(path), "--cases", "3", "--replications", "1")
    assert code == 0
    assert (f'! {path}: [timers.M1b_sewaktu_mulai] memakai unit = "d": pada pewaktu itu satu '
            "hari kerja, 7,5 jam waktu kalender, bukan sehari") in text
    code, text = run(capsys, "simulate", str(M1), "--cases", "3", "--replications", "1")
    assert code == 0 and "pewaktu itu satu hari kerja" not in text


@pytest.mark.parametrize(("scale", "expected"), [
    ("{ 3 = 50% }", ":4: bukan TOML yang sah: tabel { ... } tidak ditutup (kolom 17); tulis persen "
                    "sebagai pecahan: 0.5 (bukan 50%)"),
    # 50 read as a coefficient made every reviewed result take 50 times as long, silently
    ("{ 3 = 50 }", ": [batches.M1c_tinjau_sekda.scale.3] koefisien 50 berarti setiap berkas dalam "
                   "kelompok 50 kali lamanya bila dikerjakan sendiri; tulis pecahan, misalnya 0.5 "
                   "untuk separuh (50 %), paling besar 5"),
])
def test_a_batch_scale_written_as_a_percentage_is_refused(
        scale: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kelompok.toml"
    path.write_text(f'extends = "{M1.as_posix()}"\n[batches.M1c_tinjau_sekda]\nsize = 3\n'
                    f"scale = {scale}\n", encoding="utf-8")
    code, text = run(capsys, "simulate", str(path), "--cases", "3", "--replications", "1")
    assert code == 1 and text == f"{path}{expected}"


def test_a_bundled_path_from_another_folder_says_where_to_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, text = run(capsys, "simulate", "simulations/m5_pengawas.toml")
    assert code == 2 and text == (
        "probisnis simulate: kesalahan: berkas skenario tidak ditemukan: "
        "simulations/m5_pengawas.toml (tidak ada folder simulations di sini; jalankan perintah "
        "dari folder utama probisnis, yang memuat processes/ dan simulations/)")


def test_a_wrong_file_is_told_in_english_under_lang_en(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """cli/files.py builds both wordings from the same parts: a path holding Indonesian words
    ("di sini", "misalnya") stays as it is in the English one (it was translated with the
    message when the English was the Indonesian with words replaced)."""
    monkeypatch.chdir(tmp_path)
    code, text = run(capsys, "simulate", "simulations/salinan di sini/m5.toml", "--lang", "en")
    assert code == 2 and text == (
        "probisnis simulate: error: scenario file not found: simulations/salinan di sini/m5.toml "
        "(no folder simulations/salinan di sini here; run the command from probisnis's main "
        "folder, which holds processes/ and simulations/)")
    code, text = run(capsys, "simulate", "simulations/salinan di sini/m5.toml")
    assert code == 2 and text.endswith(
        "(tidak ada folder simulations/salinan di sini di sini; jalankan perintah dari folder "
        "utama probisnis, yang memuat processes/ dan simulations/)")
    (tmp_path / "skenario").mkdir()
    (tmp_path / "skenario" / "misalnya.toml").write_text("", encoding="utf-8")
    code, text = run(capsys, "simulate", "skenario", "--lang", "en")
    assert code == 2 and text.startswith("probisnis simulate: error: skenario is a folder: give "
                                         "a scenario (.toml; the bundled processes")
    assert text.endswith("writes one for any model), e.g. skenario/misalnya.toml"), text
    code, text = run(capsys, "simulate", "skenario")
    assert code == 2 and text.endswith("mana pun), misalnya skenario/misalnya.toml"), text
    monkeypatch.chdir(ROOT)
    code, text = run(capsys, "compare", "processes/m1_sekretariat_daerah.bpmn",
                     "simulations/m1_jfjp_berkurang.toml", "--lang", "en")
    assert code == 2 and text.startswith(
        "probisnis compare: error: processes/m1_sekretariat_daerah.bpmn is a BPMN model, not a "
        "scenario: give a scenario (.toml; the bundled processes have theirs in simulations/")


def test_a_binary_file_given_as_a_model_or_a_scenario_says_what_it_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .bpmz/.docx/.xlsx (a zip) or a PNG of the diagram saved as .bpmn, a workbook saved
    as .toml, a scenario saved by Notepad as "Unicode": told as such, not as bad XML/UTF-8."""
    picture = tmp_path / "peta.bpmn"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    archive = tmp_path / "peta_bizagi.bpmn"
    archive.write_bytes(b"PK\x03\x04" + bytes(64))
    code, text = run(capsys, "validate", str(picture), str(archive))
    assert code == 1
    assert (f"{picture}:1: parse: bukan XML: berkas ini gambar, bukan model BPMN: ekspor model "
            "sebagai BPMN 2.0 XML, bukan sebagai gambar") in text
    assert (f"{archive}:1: parse: bukan XML: berkas ini berkas biner (arsip seperti buku kerja "
            "Excel, dokumen Word atau format asli alat pemodelan)") in text
    workbook = tmp_path / "skenario.toml"
    workbook.write_bytes(b"PK\x03\x04" + bytes(64))
    code, text = run(capsys, "simulate", str(workbook))
    assert code == 1 and text == (
        f"{workbook}: bukan berkas teks (tampaknya buku kerja Excel, dokumen Word, PDF atau "
        "gambar): berkas skenario ditulis sebagai teks biasa, misalnya dengan Notepad")
    unicode = tmp_path / "unicode.toml"
    unicode.write_bytes(M1.read_text(encoding="utf-8").encode("utf-16"))
    code, text = run(capsys, "simulate", str(unicode))
    assert code == 1 and text == (
        f'{unicode}: tersimpan sebagai UTF-16 ("Unicode"): simpan ulang dengan pengodean UTF-8')


def test_simulating_into_the_folder_of_an_earlier_run_says_it_replaces_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hasil"
    argv = ["simulate", str(M1), "--cases", "3", "--replications", "1", "--out", str(out)]
    assert main(argv) == 0
    assert "catatan" not in capsys.readouterr().err  # a new folder: nothing to say
    assert main(argv) == 0
    assert capsys.readouterr().err == (
        f"probisnis: catatan: {out} berisi hasil simulasi sebelumnya; berkasnya diganti oleh "
        "simulasi ini (pakai --out lain untuk menyimpan keduanya)\n")


def test_a_misspelt_extends_names_the_base_as_it_would_be_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dasar.toml").write_text(f'extends = "{M1.as_posix()}"\n', encoding="utf-8")
    sub = tmp_path / "varian"
    sub.mkdir()
    path = sub / "v.toml"
    path.write_text('extends = "../dasr.toml"\n', encoding="utf-8")
    code, text = run(capsys, "simulate", str(path))
    assert code == 1 and text.endswith("; mungkin maksudnya ../dasar.toml?"), text
    assert text.startswith(f"{path}: [extends] skenario dasar tidak ditemukan: ")


@pytest.mark.parametrize(("number", "line", "expected"), [
    # TOML reads 120.000 as 120.0: a cost a thousand times too small, silently
    (50, "cost_per_hour = 120.000", ":50: cost_per_hour = 120.000: TOML membacanya sebagai 120, "
                                    "bukan 120000; tulis tanpa titik ribuan: cost_per_hour = "
                                    "120000"),
    (47, "count = 1.000", ":47: count = 1.000: TOML membacanya sebagai 1, bukan 1000; tulis "
                          "tanpa titik ribuan: count = 1000"),
    (50, "cost_per_hour = 1.200.000", ":50: bukan TOML yang sah: ada tulisan tersisa setelah "
                                      "nilainya (kolom 22); tulis tanpa titik ribuan: 1200000"),
])
def test_a_thousands_point_is_refused_not_read_as_a_decimal(
        number: int, line: str, expected: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = M1.read_text(encoding="utf-8").splitlines()
    assert lines[number - 1].split(" = ")[0] == line.split(" = ")[0]
    lines[number - 1] = line
    path = tmp_path / "salah.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text = run(capsys, "simulate", str(path))
    assert code == 1 and text == f"{path}{expected}"


@pytest.mark.parametrize("command", [
    ["simulate"],
    ["compare", "simulations/m1_sekretariat_daerah.toml", "simulations/m1_jfjp_berkurang.toml"],
    ["sweep", "simulations/m1_sekretariat_daerah.toml", "--vary", "resources.JFJP.count=3..4"],
])
def test_cases_and_horizon_together_are_refused_not_one_ignored(
        command: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """--horizon 1y --cases 10 simulated 10 cases and said nothing of the horizon."""
    monkeypatch.chdir(ROOT)
    code, text = run(capsys, *command, "--horizon", "1y", "--cases", "10")
    assert code == 2 and text.endswith(
        "kesalahan: pilih salah satu: --cases (jumlah kasus) atau --horizon (rentang waktu)")
