"""The allow-list evaluator on its own: what it computes, what it refuses, its bounds."""

from __future__ import annotations

import pytest

from escapes import PAYLOADS, with_marker
from probisnis.errors import ExpressionError
from probisnis.expressions import compile_expression, compile_script, evaluate, unsafe_reason
from probisnis.expressions.limits import MAX_DEPTH

DATA = {"x": 1, "d": {"a": 2}, "nilai": 85, "status": "baru", "daftar": [3, 1, 2]}


@pytest.mark.parametrize(("text", "value"), [
    ("nilai >= 80 and status in ['baru', 'ulang']", True),
    ("nilai > 90 or not status", False),
    ("(nilai - 5) // 10 * 2 ** 3 % 7", 1),
    ("nilai / 4", 21.25),
    ("daftar[0] + daftar[-1] + len(daftar[1:])", 7),
    ("d['a'] + d.a", 4),
    ("max(daftar) - min(daftar) + sum(daftar) + abs(-2)", 10),
    ("round(2.567, 2)", 2.57),
    ("str(nilai) + status.upper()", "85BARU"),
    ("int('12') + float('0.5') + bool(0)", 12.5),
    ("any([0, x]) and all(daftar)", True),
    ("'ya' if nilai > 80 else 'tidak'", "ya"),
    ("status is not None and x is not null", True),
    ("true and not false", True),
    ("{'k': [1, 2]}['k'][1]", 2),
    ("d.get('b', 7)", 7),
    ("10 ** 9", 10**9),
])
def test_allowed_expressions_compute_what_python_computes(text, value):
    assert evaluate(text, DATA) == value


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_every_escape_attempt_is_refused_and_runs_nothing(name, tmp_path):
    marker = tmp_path / "marker"
    text = with_marker(PAYLOADS[name], str(marker))
    with pytest.raises(ExpressionError) as info:
        compile_expression(text)(DATA)
    assert "ekspresi `" in str(info.value)
    assert not marker.exists()
    with pytest.raises(ExpressionError):
        compile_script(f"y = {text}")({**DATA})
    assert not marker.exists()


@pytest.mark.parametrize(("text", "data", "words"), [
    ("amount > 100", {"amount": "5"}, "jenis atau nilai datanya tidak cocok ('>' not "
                                      "supported between instances of 'str' and 'int') "
                                      "(data: amount = '5')"),
    ("x in 5", {"x": 1}, "'in' memerlukan teks atau daftar di sebelah kanannya, bukan int 5 "
                         "(data: x = 1)"),
    ("-s", {"s": "a"}, "tanda - di depan memerlukan angka, bukan str 'a' (data: s = 'a')"),
    ("a / b", {"a": 1, "b": 0}, "pembagian dengan nol (data: a = 1, b = 0)"),
    ("daftar[9]", {"daftar": []}, "indeks di luar jangkauan daftar atau teks (data: daftar = [])"),
    ("d['z']", {"d": {}}, "tidak ada kunci 'z' (data: d = {})"),
    ("y > 1", {"x": 1}, "'y' tidak ada dalam data (yang ada: x)"),
    ("10.0 ** 400", {}, "angkanya terlalu besar"),
    ("s.upper", {"s": 1}, "int tidak punya isian 'upper'"),
    ("sum(['a'])", {}, "sum() hanya menjumlahkan angka, bukan str 'a'"),
])
def test_type_errors_name_the_expression_and_the_data(text, data, words):
    with pytest.raises(ExpressionError) as info:
        evaluate(text, data)
    assert str(info.value).startswith(f"ekspresi `{text}`: ")
    assert words in str(info.value)


def test_missing_name_is_recorded():
    with pytest.raises(ExpressionError) as info:
        evaluate("nilai_akhir > 1", {})
    assert info.value.missing == "nilai_akhir"


def test_nesting_is_bounded_without_recursion_error():
    deep = "not " * 2400 + "x"  # under the size bound: the depth bound answers
    with pytest.raises(ExpressionError, match=f"bersarang lebih dari {MAX_DEPTH} tingkat"):
        compile_expression(deep)
    assert evaluate("not " * 20 + "x", {"x": True}) is True


def test_size_bounds():
    with pytest.raises(ExpressionError, match=r"lebih panjang dari 10\.000 karakter"):
        compile_expression("1 + " * 3000 + "1")
    with pytest.raises(ExpressionError, match="akan terlalu besar"):
        evaluate("x ** 100000", {"x": 7})
    with pytest.raises(ExpressionError, match="terlalu panjang"):
        evaluate("t + t", {"t": "a" * 600_000})
    assert evaluate("2 ** 4000", {}) == 2**4000


def test_scripts_are_simple_assignments():
    data = {"nilai": 10}
    compile_script('"""hitung"""\ntotal = nilai * 2\ntotal += 1\nlulus = total > 20\npass')(data)
    assert data == {"nilai": 10, "total": 21, "lulus": True}
    refused = {
        "import os": "import bukan penugasan sederhana",
        "x = 1\nprint(x)": "ekspresi lepas (pemanggilan?) bukan penugasan sederhana",
        "for i in [1]:\n    x = i": "perulangan bukan penugasan sederhana",
        "d.a = 1": "yang boleh diberi nilai hanya nama biasa",
        "__x = 1": "nama '__x' tidak boleh diberi nilai",
        "def f():\n    pass": "definisi fungsi bukan penugasan sederhana",
        "x: int = 1": "penugasan beranotasi tidak diperbolehkan",
    }
    for text, words in refused.items():
        with pytest.raises(ExpressionError, match="skrip `") as info:
            compile_script(text)
        assert words in str(info.value), text
    with pytest.raises(ExpressionError, match=r"\(baris 2\)"):
        compile_script("x = 1\nimport os")
    reason = unsafe_reason("x = 1\ny = open('f')", script=True)
    assert reason is not None and reason[1] == 2


def test_script_errors_name_the_line():
    with pytest.raises(ExpressionError, match=r"baris 2: ekspresi `y = x \+ 's'`"):
        compile_script("x = 1\ny = x + 's'")({})


def test_simulate_conditions_fail_cleanly_naming_flow_and_attribute():
    from probisnis.errors import ScenarioError
    from probisnis.sim.expressions import compile_condition

    condition = compile_condition("amount > 100", where="F_besar", path="izin.bpmn")
    assert condition({"amount": 150}) is True
    with pytest.raises(ScenarioError) as info:
        condition({"amount": "150"})
    assert str(info.value) == ("izin.bpmn: [F_besar] kondisi `amount > 100`: jenis atau "
                               "nilai datanya tidak cocok ('>' not supported between instances "
                               "of 'str' and 'int') (data: amount = '150')")
    with pytest.raises(ScenarioError, match=r"\[F\] kondisi .* ditolak: bersarang lebih "):
        compile_condition("not " * 2400 + "x", where="F")
    with pytest.raises(ScenarioError, match="'in' memerlukan teks atau daftar"):
        compile_condition("x in 5", where="F")({"x": 1})
    with pytest.raises(ScenarioError, match="tanda - di depan memerlukan angka"):
        compile_condition("-s > 1", where="F")({"s": "a"})


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_every_escape_attempt_is_refused_by_simulates_conditions(name, tmp_path):
    from probisnis.errors import ScenarioError
    from probisnis.sim.expressions import compile_condition

    marker = tmp_path / "marker"
    with pytest.raises(ScenarioError, match=r"\[F_bad\] kondisi"):
        compile_condition(with_marker(PAYLOADS[name], str(marker)), where="F_bad",
                          path="p.bpmn")(DATA)
    assert not marker.exists()
