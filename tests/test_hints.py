"""The project's one did-you-mean (``probisnis.hints``): what is guessed for a misspelling,
and how the hint reads in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from probisnis.cli import main
from probisnis.errors import Bilingual
from probisnis.hints import maksudnya, suggest, suggest_file


@pytest.mark.parametrize(("word", "known", "expected"), [
    ("cout", ["count", "cost_per_hour"], "count"),  # one letter left out
    ("JFPJ", ["JFJP", "SEKDA"], "JFJP"),  # two letters swapped
    ("Simulate", ["simulate", "run"], "simulate"),  # capitals do not count
    ("replikasi", ["replications", "cases"], "replications"),  # the Indonesian word
    ("mean", ["min", "max"], ""),  # short words sharing two letters are not alike
    ("xyz", ["validate", "run"], ""),
    ("rnu", ["run", "sop"], "run"),  # a short word: two letters swapped
    ("sip", ["sop", "run"], "sop"),  # a short word: one letter wrong
    ("to", ["at", "from"], ""),  # two letters sharing one are not alike
    ("Mereviu", ["Mereviu hasil kerja", "Menyusun rencana"], "Mereviu hasil kerja"),  # begun
    ("sim", ["simulate", "sop", "sweep"], "simulate"),
    ("me", ["Mereviu", "Menyusun"], ""),  # the beginning of several, or too short
])
def test_suggest(word: str, known: list[str], expected: str) -> None:
    assert suggest(word, known) == expected


@pytest.mark.parametrize(("name", "names", "expected"), [
    ("m1_sekretaris_daerah.toml", ["m1_sekretariat_daerah.toml", "m5_pengawas.toml"],
     "m1_sekretariat_daerah.toml"),
    ("m1_jfjp_berkrang", ["m1_jfjp_berkurang.toml"], "m1_jfjp_berkurang.toml"),  # no extension
    ("m5_pengawas.bpmn", ["m1.toml", "m5_pengawas.toml"], "m5_pengawas.toml"),  # another one
    ("m1_sekretariat_dareah.bpmn", ["m1_sekretariat_daerah.bpmn20.xml"],
     "m1_sekretariat_daerah.bpmn20.xml"),
    # the shared extension does not make two short names alike (0.86 with it, 0.5 without)
    ("m1.toml", ["m2.toml"], ""),
])
def test_suggest_file_compares_names_without_their_extension(name: str, names: list[str],
                                                             expected: str) -> None:
    assert suggest_file(name, names) == expected


def test_maksudnya_is_the_hint_in_both_languages() -> None:
    hint = maksudnya("month")
    assert isinstance(hint, Bilingual)
    assert (str(hint), hint.en) == ("; mungkin maksudnya 'month'?", "; did you mean 'month'?")
    bare = maksudnya("count", quote=False)
    assert (str(bare), bare.en) == ("; mungkin maksudnya count?", "; did you mean count?")
    none = maksudnya("")
    assert not none and none.en == ""
    # appended to a bilingual refusal, each wording gets its own
    said = Bilingual("kunci tidak dikenal", "unknown key") + bare
    assert (str(said), said.en) == ("kunci tidak dikenal; mungkin maksudnya count?",
                                    "unknown key; did you mean count?")


def test_a_missing_file_is_not_matched_to_another_by_its_extension(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m2.toml").write_text("", encoding="utf-8")
    (tmp_path / "dasar.toml").write_text("", encoding="utf-8")
    assert main(["simulate", "m1.toml"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "kesalahan: berkas skenario tidak ditemukan: m1.toml")
    assert main(["simulate", "dasr.toml"]) == 2
    assert capsys.readouterr().err.strip().endswith("; mungkin maksudnya dasar.toml?")
