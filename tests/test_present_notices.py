"""Warnings as codes with fields, worded in Bahasa Indonesia and English (present/notices.py)."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

import pytest

from probisnis.present.notices import TEXTS, Notice, notice, record, text

SRC = Path(__file__).resolve().parents[1] / "src" / "probisnis"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_every_code_has_both_languages_with_the_same_fields(code: str) -> None:
    entry = TEXTS[code]
    assert set(entry) == {"id", "en"}, code
    assert entry["id"].strip() and entry["en"].strip()
    assert _fields(entry["id"]) == _fields(entry["en"]), code
    assert "where" not in _fields(entry["en"])  # put before the sentence by the renderer
    assert entry["id"] != entry["en"]


def test_every_code_is_emitted_somewhere_and_every_emitted_code_exists() -> None:
    """The catalogue holds no dead entry, and no source emits a code it lacks (a code held
    in a table, e.g. libxml2 message -> code in bpmn/schema.py, counts as used)."""
    emitted: set[str] = set()
    constants: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name not in ("notice_texts.py", "finding_texts.py"):
            constants.update(n.value for n in ast.walk(tree)
                             if isinstance(n, ast.Constant) and isinstance(n.value, str))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in ("notice", "warn") or not node.args:
                continue
            for arg in ast.walk(node.args[0]):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    emitted.add(arg.value)
    assert emitted - set(TEXTS) == set()
    assert set(TEXTS) - emitted - constants == set()


def test_a_notice_is_its_english_sentence_and_words_itself_in_indonesian() -> None:
    w = notice("task-no-duration", where="M1", task="T_cek")
    assert w == ("M1: task T_cek has no duration in the scenario and there is no [defaults] "
                 "duration: it takes 0 s")
    assert text(w, "id") == ("M1: tugas T_cek tidak punya durasi di skenario dan tidak ada "
                             "durasi [defaults]: lamanya 0 detik")
    assert text(w, "en") == str(w) and w.code == "task-no-duration"
    assert text("already worded", "id") == "already worded"


def test_numbers_and_nested_notices_follow_the_language() -> None:
    reason = notice("fail-endless-loop", element="T", process="P", limit=5000)
    w = notice("case-failed", where="m.bpmn: [T]", case=12, replication=0, time=3600.5,
               reason=reason)
    assert "failed at 3,600.5 s" in w and "more than 5,000 times" in w
    assert text(w, "id") == ("m.bpmn: [T] kasus 12 (replikasi 0) gagal pada detik ke-3.600,5: "
                             "masuk ke T di proses P lebih dari 5.000 kali: perulangan yang "
                             "tidak berakhir (naikkan max_visits di skenario bila memang "
                             "disengaja)")
    share = notice("prosimos-flows-share", gateway="G", flows=["f1", "f2"], share=0.25)
    assert text(share, "id").endswith("alur f1, f2 masing-masing mendapat peluang 0,25")


def test_notices_survive_pickling_and_deduplicate_as_strings() -> None:
    w = notice("pool-unused", pool="SEKDA")
    back = pickle.loads(pickle.dumps(w))
    assert isinstance(back, Notice) and back.code == "pool-unused" and back == w
    assert text(back, "id") == "kelompok pegawai SEKDA tidak mengerjakan tugas apa pun di " \
                               "skenario ini"
    assert list(dict.fromkeys([w, back, notice("pool-unused", pool="X")])) == [w, "resource " \
        "pool X does no task in this scenario"]


def test_json_record_keeps_the_code_fields_and_text() -> None:
    w = notice("lane-one-person", lane="L1")
    assert record(w, "id") == {"code": "lane-one-person",
                               "text": "lajur L1 tidak punya entri [resources]: dianggap "
                                       "dikerjakan satu orang",
                               "fields": {"lane": "L1"}}
    assert record("plain", "id") == {"code": None, "text": "plain", "fields": {}}


def test_an_unknown_code_is_refused_at_once() -> None:
    with pytest.raises(KeyError, match="notice_texts"):  # or finding_texts
        notice("lane X has no [resources] entry")


def test_no_reader_or_engine_writes_a_warning_sentence() -> None:
    """Warnings from sim/ are notices: no f-string or string literal handed to
    ``warnings.append/extend``, ``note``, ``warn`` or as the reason of ``fail``."""
    offenders = []
    for path in (SRC / "sim").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            func, owner = node.func.attr, node.func.value
            owner_name = getattr(owner, "attr", getattr(owner, "id", ""))
            if (func in ("append", "extend") and owner_name == "warnings") or func == "note":
                args = node.args[:1]
            elif func == "fail" and len(node.args) >= 2 and (
                    owner_name == "sim" or (owner_name == "self" and path.name == "engine.py")):
                args = node.args[1:2]
            else:
                continue
            for arg in args:
                text = isinstance(arg, ast.JoinedStr) or (
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str))
                if text or (isinstance(arg, ast.GeneratorExp) and isinstance(
                        arg.elt, ast.JoinedStr)):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
