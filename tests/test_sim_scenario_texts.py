"""Issue 12: the errors of a scenario file and its inputs in Bahasa Indonesia, saying what to
write instead; ``--lang en`` gives the English wording.

The expected lines below were written for this test from what an analyst should read (the
mistake, where it is, and the fix), not pasted from the program's output. The mistakes are
the ones people make: a misspelt or Indonesian key, a decimal comma, a percentage, a quoted
number, an unknown distribution, a negative head count, a time written 08.00, a date written
day first, a model path with a typo, and a Prosimos JSON of another model.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from probisnis.cli import main
from probisnis.errors import Bilingual, ProbisnisError, ScenarioError
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.scenario_toml import load_scenario
from strategies import mutated, toml_text

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
BENCH = ROOT.parent / "shared" / "bench"
DATA = Path(__file__).parent / "data" / "sim"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    """The bundled M1 scenario with ``old`` (once, it must be there) replaced by ``new``."""
    text = M1.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1).replace('"../processes/', f'"{ROOT / "processes"}/')
    path = tmp_path / "skenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key", "expected"), [
    ("replications = 5", "replikasi = 5", "replikasi",
     "kunci tidak dikenal; mungkin maksudnya replications?"),
    ("count = 3", "cout = 3", "resources.ASISTEN.cout",
     "kunci tidak dikenal; mungkin maksudnya count?"),
    ('holidays = "ID"', 'libur = "ID"', "calendar.libur",
     "kunci kalender tidak dikenal; mungkin maksudnya holidays?"),
    ("cases = 60", 'cases = "banyak"', "cases", "harus bilangan bulat >= 1, bukan 'banyak'"),
    ("cases = 60", 'cases = "60"', "cases",
     "harus bilangan bulat >= 1, bukan '60': tulis angka tanpa tanda kutip: 60"),
    ("availability = 0.8", 'availability = "0,8"', "resources.SEKDA.availability",
     "harus angka > 0 dan <= 1, bukan '0,8': tulis desimal dengan titik dan tanpa tanda "
     "kutip: 0.8"),
    ("availability = 0.8", 'availability = "80%"', "resources.SEKDA.availability",
     "harus angka > 0 dan <= 1, bukan '80%': tulis persen sebagai pecahan tanpa tanda kutip: "
     "0.8 (bukan 80%)"),
    ("count = 3", "count = -2", "resources.ASISTEN.count", "harus bilangan bulat >= 1, bukan -2"),
    ("availability = 0.8", "availability = 80", "resources.SEKDA.availability",
     "harus angka > 0 dan <= 1, bukan 80: tulis pecahan, misalnya 0.8 untuk 80 %"),
    ("start = 2025-01-06T08:00:00", 'start = "06-01-2025"', "start",
     "bukan '06-01-2025': tulis 2025-01-06T08:00:00"),
    ('from = "08:00"', 'from = "08.00"', "calendar.weekly[0].from",
     'harus jam seperti "08:00" (00:00 sampai 24:00, dalam tanda kutip), bukan \'08.00\': '
     'pakai titik dua, "08:00"'),
    ('to = "12:00" }', 'to = "25:00" }', "calendar.weekly[0].to",
     'harus jam seperti "08:00" (00:00 sampai 24:00, dalam tanda kutip), bukan \'25:00\''),
    ('days = "mon-fri", from = "08:00"', 'days = "senen-jumat", from = "08:00"',
     "calendar.weekly[0].days",
     "hari 'senen-jumat' tidak dikenal: pakai nama hari Senin sampai Minggu (senin, selasa, "
     "rabu, kamis, jumat, sabtu, minggu, atau mon ... sun) dan rentang seperti senin-jumat"),
    ("cuti_bersama = true", 'cuti_bersama = true\nextra_closed = ["17-08-2025"]',
     "calendar.extra_closed[0]",
     'harus tanggal seperti "2025-01-02" (tahun-bulan-tanggal), bukan \'17-08-2025\': tulis '
     '"2025-08-17"'),
    ('per = "month"', 'per = "bulan"', "arrivals.per",
     "satuan 'bulan' tidak dikenal; mungkin maksudnya 'month'?"),
    ('dist = "exponential"', 'dist = "eksponensial"', None,
     "'dist' = 'eksponensial' tidak dikenal; mungkin maksudnya 'exponential'?"),
    ("[tasks.M1a_susun_pk]", "[tasks.M1a_susun_pkk]", "tasks.M1a_susun_pkk",
     "id tugas 'M1a_susun_pkk' tidak ada di proses M1_mekanisme atau proses yang dipanggilnya; "
     "mungkin maksudnya 'M1a_susun_pk'?"),
    ("m1_sekretariat_daerah.bpmn", "m1_sekretariat_dareah.bpmn", "model",
     "berkas model tidak ditemukan: "),
])
def test_a_mistake_is_told_in_indonesian_with_the_fix(tmp_path: Path, old: str, new: str,
                                                      key: str | None, expected: str) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    error = info.value
    assert error.path == str(path)
    if key is not None:
        assert error.element_id == key
    assert expected in error.message, error.message
    assert str(error) == f"{path}: [{error.element_id}] {error.message}"
    assert isinstance(error.message, Bilingual) and error.message.en != str(error.message)


def test_a_misspelt_model_file_names_the_near_one(tmp_path: Path) -> None:
    path = _variant(tmp_path, "m1_sekretariat_daerah.bpmn", "m1_sekretariat_dareah.bpmn")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.message.endswith("; mungkin maksudnya "
                                       f"{ROOT / 'processes' / 'm1_sekretariat_daerah.bpmn'}?")


@pytest.mark.parametrize(("old", "new", "indonesian", "english"), [
    # a key is written bare, as in the file
    ("count = 3", "cout = 3", "kunci tidak dikenal; mungkin maksudnya count? (yang dikenal: ",
     "unknown key; did you mean count? (allowed: "),
    ("mean = 336", "maen = 336", 'kunci maen tidak dikenal untuk dist = "exponential"; mungkin '
     "maksudnya mean? (yang dikenal: ", 'unknown key(s) maen for dist = "exponential"; did you '
     "mean mean? (allowed: "),
    # an id or a value in quotes, as the refusal names the misspelt one
    ('dist = "exponential"', 'dist = "eksponensial"', "'dist' = 'eksponensial' tidak dikenal; "
     "mungkin maksudnya 'exponential'? (pilih salah satu: ", "got 'eksponensial'; did you mean "
     "'exponential'?"),
    ('"M1c_L_SEKDA"]', '"M1c_L_SEKDX"]', "id lajur 'M1c_L_SEKDX' tidak ada di model; mungkin "
     "maksudnya 'M1c_L_SEKDA'?", "unknown lane id 'M1c_L_SEKDX'; did you mean 'M1c_L_SEKDA'?"),
    ("[timers.M1b_sewaktu_mulai]", "[timers.M1b_sewaktu_mulia]", "; mungkin maksudnya "
     "'M1b_sewaktu_mulai'?", "; did you mean 'M1b_sewaktu_mulai'?"),
    ('per = "month"', 'per = "mont"', "satuan 'mont' tidak dikenal; mungkin maksudnya 'month'? "
     "(pakai ", "unknown unit 'mont'; did you mean 'month'? (use "),
    ('calendar = "default"', 'calendar = "defualt"', "kalender 'defualt' tidak dikenal; mungkin "
     "maksudnya 'default'? (yang dikenal: ", "unknown calendar 'defualt'; did you mean "
     "'default'? (known: "),
    ('resource = "KABAG"', 'resource = "KABAK"', "kelompok pegawai 'KABAK' tidak dikenal; "
     "mungkin maksudnya 'KABAG'? (yang ada di [resources]: ", "unknown resource pool 'KABAK'; "
     "did you mean 'KABAG'? (defined: "),
    ("M1c_gw_sesuai_sekda__M1c_selesai =", "M1c_gw_sesuai_sekda__M1c_seelsai =",
     "id alur 'M1c_gw_sesuai_sekda__M1c_seelsai' tidak dikenal; mungkin maksudnya "
     "'M1c_gw_sesuai_sekda__M1c_selesai'?: alur keluar dari ", "unknown flow id "
     "'M1c_gw_sesuai_sekda__M1c_seelsai'; did you mean 'M1c_gw_sesuai_sekda__M1c_selesai'?: "
     "the outgoing flows of "),
])
def test_a_misspelling_gets_the_hint_in_both_languages(tmp_path: Path, old: str, new: str,
                                                        indonesian: str, english: str) -> None:
    """The "mungkin maksudnya" of hints.maksudnya, and its English under --lang en (which the
    refusals of a misspelt lane, key or distribution key wrote by hand, or not at all)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(_variant(tmp_path, old, new))
    message = info.value.message
    assert isinstance(message, Bilingual)
    assert indonesian in message, message
    assert english in message.en, message.en
    assert "maksudnya" not in message.en


def test_lang_en_prints_the_english_wording(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _variant(tmp_path, "count = 3", "count = -2")
    assert main(["simulate", str(path)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{path}: [resources.ASISTEN.count] harus bilangan bulat >= 1, bukan -2")
    assert main(["simulate", str(path), "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{path}: [resources.ASISTEN.count] must be an integer >= 1, got -2")


def test_a_prosimos_json_of_another_model_is_named_so(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_prosimos(DATA / "rework.bpmn", BENCH / "permit.json")
    error = info.value
    assert error.element_id == "task_resource_distribution"
    assert "berkas JSON ini tampaknya untuk model lain" in error.message
    assert "seems to belong to another model" in error.message.en


def test_a_misspelt_sweep_key_names_the_near_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sweep", str(M1), "--vary", "resource.JFJP.count=3,4", "--replications", "2",
                 "--cases", "5", "--workers", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith(f"{M1}: [resource.JFJP.count] tidak ada tabel 'resource' di "
                          "skenario untuk diubah; mungkin maksudnya 'resources'?"), err
    assert main(["sweep", str(M1), "--vary", "resource.JFJP.count=3,4", "--replications", "2",
                 "--cases", "5", "--workers", "1", "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip().startswith(
        f"{M1}: [resource.JFJP.count] no table 'resource' in the scenario to change; did you "
        "mean 'resources'? (it has: ")


_PERMIT = tomllib.loads((DATA / "permit.toml").read_text(encoding="utf-8"))
_PERMIT["model"] = str((BENCH / "permit.bpmn").resolve())


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=mutated(_PERMIT))
def test_every_refusal_of_a_scenario_has_indonesian_words(tmp_path: Path,
                                                          doc: dict[str, Any]) -> None:
    """Whatever is wrong in a scenario, the refusal reads in Bahasa Indonesia (and keeps an
    English wording for ``--lang en``)."""
    path = tmp_path / "s.toml"
    path.write_text(toml_text(doc), encoding="utf-8")
    try:
        load_scenario(path)
    except ScenarioError as exc:
        assert isinstance(exc.message, Bilingual), exc.message
    except ProbisnisError:  # the model file itself (the reader's words: validate's catalogue)
        pass


#: the modules whose refusals a person reads while loading a scenario and its inputs
_READERS = ("sim/scenario.py", "sim/scenario_toml.py", "sim/keyed.py", "sim/bind.py",
            "sim/compile.py", "sim/bounds.py", "sim/distribution_spec.py", "sim/calendar_spec.py",
            "sim/prosimos.py", "sim/prosimos_laws.py", "sim/prosimos_pools.py",
            "sim/prosimos_rules.py", "sim/prosimos_batch.py", "sim/scenario_batches.py",
            "sim/expressions.py", "whatif/variants.py",
            "whatif/sweep.py", "whatif/compare.py", "whatif/executor.py")
_RAISERS = {"ScenarioError", "UsageError", "InvalidValueError", "fail"}


def _plain_messages(source: str) -> list[int]:
    """Lines where a refusal is raised with a bare string (not ``say(id, en)``)."""
    import ast

    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node.func, ast.Name) else ""
        if name not in _RAISERS:
            continue
        worded = any(isinstance(a, ast.Call) and isinstance(a.func, ast.Name)
                     and a.func.id == "say" for a in node.args)
        literal = [a for a in node.args if isinstance(a, ast.Constant | ast.JoinedStr)
                   and (not isinstance(a, ast.Constant) or isinstance(a.value, str))]
        # fail(key, message): the key may be a literal; the message is the last argument
        bare = literal[-1] is node.args[-1] if name == "fail" and literal else bool(literal)
        if bare and not worded:
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("module", _READERS)
def test_no_refusal_is_written_in_one_language_only(module: str) -> None:
    """Each refusal is ``say("bahasa Indonesia", "English")``: shown in Indonesian, and in
    English under ``--lang en``; a bare string literal would be one language only."""
    path = ROOT / "src" / "probisnis" / module
    assert _plain_messages(path.read_text(encoding="utf-8")) == [], module


def test_the_guard_finds_a_bare_message() -> None:
    assert _plain_messages('raise ScenarioError(f"bad {x}", path=p)\n'
                           'raise r.fail("k", "bad")\nraise r.fail("k", say("a", "b"))\n') \
        == [1, 2]


def test_a_misspelt_sweep_key_is_not_told_about_decimal_commas(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``cont=3,4`` is two values of a misspelt key, not a decimal written with a comma."""
    code = main(["sweep", str(M1), "--vary", "resources.JFJP.cont=3,4", "--replications", "2",
                 "--cases", "5", "--workers", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == (f"{M1}: [resources.JFJP.cont] kunci tidak dikenal; mungkin maksudnya count? "
                   "(yang dikenal: availability, calendar, cost_per_hour, count, lanes, multitask, "
                   "multitask_hours, name, presence)")


@pytest.mark.parametrize(("argv", "indonesian", "english"), [
    (["simulate", "--seed", "-1"], "probisnis simulate: kesalahan: --seed harus bilangan bulat "
     ">= 0, bukan -1", "probisnis simulate: error: --seed must be an integer >= 0, got -1"),
    (["compare", "a.toml", "b.toml", "--threshold", "5"], "probisnis compare: kesalahan: "
     "--threshold: tulis persentase dengan %, misalnya 5%", "probisnis compare: error: "
     "--threshold: write a percentage with %, e.g. 5%"),
    (["simulate", "simulations/m1_sekretariat_daeah.toml"], "probisnis simulate: kesalahan: "
     "berkas skenario tidak ditemukan: simulations/m1_sekretariat_daeah.toml; mungkin maksudnya "
     "simulations/m1_sekretariat_daerah.toml?", "probisnis simulate: error: scenario file not "
     "found: simulations/m1_sekretariat_daeah.toml; did you mean "
     "simulations/m1_sekretariat_daerah.toml?"),
    (["sweep", str(M1), "--vary", "cases=1..2", "--vary", "cases=3"], "probisnis sweep: "
     "kesalahan: --vary cases disebut dua kali", "probisnis sweep: error: --vary cases is "
     "given twice"),
])
def test_option_mistakes_follow_lang(argv: list[str], indonesian: str, english: str,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == indonesian
    assert main([*argv, "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == english


def _guide_rows() -> list[tuple[str, str]]:
    """(written, message) of the guide's table of common scenario mistakes."""
    import re

    text = (ROOT / "docs" / "panduan.md").read_text(encoding="utf-8")
    table = text.split("| Ditulis | Pesan (setelah `berkas: [kunci]`) |", 1)[1]
    rows = []
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        found = re.fullmatch(r"\| `(.+)` \| `(.+)` \|", line.strip())
        assert found, line
        rows.append((found.group(1), found.group(2)))
    return rows


def test_the_guides_table_of_mistakes_is_what_simulate_prints(tmp_path: Path) -> None:
    """Each row written into the bundled scenario (where its key is) gives the message the
    guide quotes (its parts around "...", in order)."""
    import re

    checked = 0
    for written, message in _guide_rows():
        key = written.split(" = ", 1)[0]
        text = M1.read_text(encoding="utf-8")
        where = re.search(rf"(?m)(^|\{{ |, ){re.escape(key)} = (\"[^\"]*\"|[^\s,}}]+)", text)
        if "..." in written or where is None:
            continue
        path = _variant(tmp_path, where.group(0), where.group(1) + written)
        try:
            load_scenario(path)
        except ScenarioError as exc:
            shown = str(exc).split("] ", 1)[-1] if "[" in str(exc) else str(exc)
        else:
            raise AssertionError(f"{written}: accepted")
        position = 0
        for part in message.split("..."):
            position = shown.find(part.strip(), position)
            assert position >= 0, (written, part, shown)
        checked += 1
    assert checked >= 8
