"""Kedudukan (Pasal 8-9, Lampiran II.B.1) as DMN, evaluated by SpiffWorkflow's DMN engine.

The expected table below is written from the regulation's text, not from
``probisnis.library.kedudukan``: every row of the committed DMN is evaluated by
SpiffWorkflow and compared with it.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS, BpmnDmnParser

from probisnis.bpmn.reader import read
from probisnis.bpmn.writer import to_bytes
from probisnis.errors import ProbisnisError, UsageError
from probisnis.library import kedudukan
from probisnis.library.roles import ROLES
from probisnis.run import run
from probisnis.validate import validate_paths
from spiff_paths import run_path, sequence_flows, without_di

ROOT = Path(__file__).resolve().parents[1]
DMN = ROOT / "processes" / "kedudukan.dmn"
BPMN_FILE = ROOT / "processes" / "penentuan_penilai_kinerja.bpmn"
SEED = ROOT.parent / "shared" / "seed" / "perwali-probolinggo-88-2024.txt"

RENDAH, TINGGI = "lebih_rendah", "setara_atau_lebih_tinggi"

# (jenis_unit, kelas jabatan JF, bacaan) -> (Pejabat Penilai Kinerja, Pimpinan Unit Organisasi,
# letter of Lampiran II.B.1, mechanism), written from Lampiran II.B.1 a-e and the headings of
# Lampiran II.D.1-6. bacaan "II.B.1" follows the kedudukan section, "II.D" the mechanism
# headings; None: the text has one reading (the row ignores the input).
JPT, ADM, PENGAWAS = "Pejabat Pimpinan Tinggi Pratama", "Pejabat Administrator", "Pejabat Pengawas"
JF = "Pejabat Fungsional yang memimpin unit organisasi"
EXPECTED: dict[tuple[str, str, str | None], tuple[str, str, str, int]] = {
    # a. Sekretariat Daerah: "Kepala Bagian sebagai Pejabat Penilai Kinerja" ... "dilaksanakan
    # oleh pejabat yang lebih tinggi, dimana dalam hal ini adalah Asisten Sekretaris Daerah atau
    # Sekretaris Daerah": the next higher post above the Kepala Bagian is the Asisten (D1.a.3)
    ("sekretariat_daerah", RENDAH, None): ("Kepala Bagian", "Kepala Bagian", "II.B.1.a", 1),
    ("sekretariat_daerah", TINGGI, None): (
        "Asisten Sekretaris Daerah",
        "Kepala Bagian",
        "II.B.1.a",
        1,
    ),
    # b.2) "Pejabat Pimpinan Tinggi Pratama sebagai Pimpinan Unit Organisasi ... Pejabat
    # Administrator ... selaku Pejabat Penilai Kinerja" (II.B.1.b.2)); the heading of II.D.2:
    # "Pejabat Administrator sebagai Pejabat Penilai Kinerja dan Pimpinan Unit Organisasi"
    ("jpt_dua_level", RENDAH, "II.B.1"): (ADM, JPT, "II.B.1.b.2", 2),
    ("jpt_dua_level", RENDAH, "II.D"): (ADM, ADM, "II.B.1.b.2", 2),
    ("jpt_dua_level", TINGGI, "II.B.1"): (JPT, JPT, "II.B.1.b.2", 2),
    ("jpt_dua_level", TINGGI, "II.D"): (JPT, ADM, "II.B.1.b.2", 2),
    # b.1) "di bawah Pejabat Pimpinan Tinggi Pratama ... selaku Pejabat Penilai Kinerja";
    # no exception is written for this case
    ("jpt_satu_level", RENDAH, None): (JPT, JPT, "II.B.1.b.1", 3),
    ("jpt_satu_level", TINGGI, None): (JPT, JPT, "II.B.1.b.1", 3),
    # c. "Pejabat Administrator sebagai Pimpinan Unit Organisasi ... di bawah Pejabat Pengawas
    # sebagai Pejabat Level II yang berperan selaku Pejabat Penilai Kinerja" ... "maka Pejabat
    # Penilai Kinerja dilaksanakan oleh Pejabat Administrator"; the heading of II.D.4:
    # "Pejabat Administrator sebagai Pejabat Penilai Kinerja dan Pejabat Pengawas sebagai
    # Pimpinan Unit Organisasi"
    ("administrator", RENDAH, "II.B.1"): (PENGAWAS, ADM, "II.B.1.c", 4),
    ("administrator", RENDAH, "II.D"): (ADM, PENGAWAS, "II.B.1.c", 4),
    ("administrator", TINGGI, "II.B.1"): (ADM, ADM, "II.B.1.c", 4),
    ("administrator", TINGGI, "II.D"): (ADM, PENGAWAS, "II.B.1.c", 4),
    # d. Pejabat Pengawas ... "dilaksanakan oleh Pejabat Tinggi Pratama atau Pemilik Kinerja
    # Unit Organisasi yang bersangkutan": actionable as the JPT Pratama, the text kept aside
    ("pengawas", RENDAH, None): (PENGAWAS, PENGAWAS, "II.B.1.d", 5),
    ("pengawas", TINGGI, None): (JPT, PENGAWAS, "II.B.1.d", 5),
    # e. "di bawah Pejabat Fungsional sebagai Pimpinan Unit Organisasi yang berperan selaku
    # Pejabat Penilai Kinerja" ... "dilaksanakan oleh Pejabat Tinggi Pratama atau Unit
    # Organisasi Pemilik Kinerja yang bersangkutan"
    ("fungsional", RENDAH, None): (JF, JF, "II.B.1.e", 6),
    ("fungsional", TINGGI, None): (JPT, JF, "II.B.1.e", 6),
}
#: the text's own words where it names two posts ("X atau Y")
VERBATIM = {
    ("sekretariat_daerah", TINGGI): "Asisten Sekretaris Daerah atau Sekretaris Daerah",
    ("pengawas", TINGGI): (
        "Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi yang bersangkutan"
    ),
    ("fungsional", TINGGI): (
        "Pejabat Tinggi Pratama atau Unit Organisasi Pemilik Kinerja yang bersangkutan"
    ),
}


def _data(key: tuple[str, str, str | None]) -> dict[str, str]:
    unit, kelas, bacaan = key
    data = {"jenis_unit": unit, "kelas_jabatan_jf": kelas}
    if bacaan is not None:
        data["bacaan"] = bacaan
    return data


def _letter_text(letter: str) -> str:
    """How the DMN writes a letter of Lampiran II.B.1: b.1 and b.2 as 'b.1)' and 'b.2)'."""
    return "Lampiran " + letter.replace("b.1", "b.1)").replace("b.2", "b.2)")


def _engine():
    parser = BpmnDmnParser()
    parser.add_dmn_file(str(DMN))
    return parser.get_engine(kedudukan.DECISION_ID, None)


def _evaluate(engine, data: dict[str, str]) -> dict:
    # DMNEngine only needs the task's data and the workflow's script engine
    task = SimpleNamespace(data=data, workflow=SimpleNamespace(script_engine=PythonScriptEngine()))
    return dict(engine.result(task))


def test_committed_dmn_is_generated_from_the_rules():
    assert DMN.read_bytes() == kedudukan.dmn_bytes()


def test_dmn_is_valid_against_the_dmn13_schema():
    root = etree.parse(str(DMN)).getroot()
    assert root.nsmap[None] == kedudukan.DMN_NS
    BpmnValidator(SCHEMAS[kedudukan.DMN_NS]).validate(root, str(DMN))  # raises if invalid


def test_every_row_is_hit_by_exactly_the_expected_inputs():
    engine = _engine()
    table = engine.decision_table
    assert table.hit_policy == "UNIQUE"
    assert len(table.rules) == len(EXPECTED) == 16
    hit_rows: set[int] = set()
    for key, (post, pimpinan, letter, mech) in EXPECTED.items():
        data = _data(key)
        matched = engine.decide(
            SimpleNamespace(data=data, workflow=SimpleNamespace(script_engine=PythonScriptEngine()))
        )
        assert len(matched) == 1, key
        hit_rows.add(matched[0].row_number)
        out = _evaluate(engine, data)
        assert out["pejabat_penilai_kinerja"] == post, key
        assert out["pimpinan_unit_organisasi"] == pimpinan, key
        assert out["mekanisme_kerja"] == mech
        assert _letter_text(letter) in out["dasar_hukum"]
        assert out["rumusan_teks"] == VERBATIM.get(key[:2], post), key
    assert hit_rows == set(range(1, 17))


def test_both_readings_are_flagged_naming_both_passages():
    engine = _engine()
    for key in EXPECTED:
        out = _evaluate(engine, _data(key))
        flag = out["bacaan_bertentangan"]
        if key[2] is None:
            assert flag == "", key
            continue
        heading = "II.D.4" if key[0] == "administrator" else "II.D.2"
        letter = "II.B.1.c" if key[0] == "administrator" else "II.B.1.b.2)"
        assert f"Lampiran {letter}" in flag and f"Lampiran {heading}" in flag, key
    # the readings give opposite answers for the same unit, and the table says both
    b1 = kedudukan.decide("administrator", RENDAH, "II.B.1")
    d4 = kedudukan.decide("administrator", RENDAH, "II.D")
    assert (b1.pejabat_penilai_kinerja, b1.pimpinan_unit_organisasi) == (
        d4.pimpinan_unit_organisasi,
        d4.pejabat_penilai_kinerja,
    )


def test_a_unit_with_two_readings_needs_the_choice():
    with pytest.raises(ProbisnisError, match="bacaan"):
        run(
            BPMN_FILE,
            decisions={"KD_isi_data": {"jenis_unit": "administrator", "kelas_jabatan_jf": RENDAH}},
        )
    with pytest.raises(UsageError, match="bacaan"):
        kedudukan.decide("administrator", RENDAH, "II.X")


def test_every_actionable_post_is_a_lane_of_the_library():
    names = {role.name for role in ROLES.values()}
    for rule in kedudukan.RULES:
        assert rule.pejabat_penilai_kinerja in names, rule.id
        assert rule.pimpinan_unit_organisasi in names, rule.id


@pytest.mark.parametrize(
    "data",
    [
        {"jenis_unit": "kelurahan", "kelas_jabatan_jf": RENDAH},
        {"jenis_unit": "pengawas", "kelas_jabatan_jf": "sama"},
    ],
)
def test_unknown_inputs_match_no_row(data):
    assert _evaluate(_engine(), data) == {}
    with pytest.raises(UsageError):
        kedudukan.decide(data["jenis_unit"], data["kelas_jabatan_jf"])


def test_python_lookup_agrees_with_the_expected_table():
    for (unit, kelas, bacaan), (post, pimpinan, _letter, mech) in EXPECTED.items():
        rule = kedudukan.decide(unit, kelas, bacaan or "II.B.1")
        assert (rule.pejabat_penilai_kinerja, rule.mekanisme) == (post, mech)
        assert rule.pimpinan_unit_organisasi == pimpinan


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_ambiguous_outputs_are_verbatim_from_the_regulation():
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    for (unit, kelas), words in VERBATIM.items():
        assert words in seed, words
        assert kedudukan.decide(unit, kelas).rumusan_teks == words


def test_rule_descriptions_cite_the_letter_and_notes_flag_the_known_conflicts():
    root = etree.parse(str(DMN)).getroot()
    ns = {"d": kedudukan.DMN_NS}
    rules = root.findall(".//d:rule", ns)
    for rule in rules:
        description = rule.findtext("d:description", namespaces=ns)
        assert description and description.startswith("Lampiran II.B.1."), rule.get("id")
    by_id = {rule.id: rule for rule in kedudukan.RULES}
    # II.D.4 names the Administrator as assessor, II.B.1.c the Pengawas: the note must say so
    assert "II.D.4" in by_id["R7_adm_rendah"].catatan
    # the two-level structure of II.B.2 names the Level I official: flagged too
    assert "II.B.2" in by_id["R3_jpt2_rendah"].catatan
    # ambiguous "atau" outputs carry a note
    for rule_id in ("R2_setda_tinggi", "R10_pengawas_tinggi", "R12_jf_tinggi", "R6_jpt1_tinggi"):
        assert by_id[rule_id].catatan, rule_id


def test_committed_bpmn_is_generated_and_validates():
    assert without_di(BPMN_FILE.read_bytes()) == without_di(to_bytes(kedudukan.build_penentuan()))
    assert validate_paths([BPMN_FILE]) == []


@pytest.mark.parametrize("key", sorted(EXPECTED, key=str), ids=str)
def test_business_rule_task_runs_the_decision_end_to_end(key):
    """The BPMN process with a businessRuleTask (decisionRef -> the DMN), run by SpiffWorkflow."""
    run = run_path([BPMN_FILE], kedudukan.PROCESS_ID, {"KD_isi_data": _data(key)}, dmn=[DMN])
    assert run.done and run.ends == ["KD_selesai"]
    post, pimpinan, letter, mech = EXPECTED[key]
    assert run.data["pimpinan_unit_organisasi"] == pimpinan
    assert _letter_text(letter) in run.data["dasar_hukum"]
    assert run.data["pejabat_penilai_kinerja"] == post
    assert run.data["mekanisme_kerja"] == mech
    assert run.completed.index("KD_tentukan") < run.completed.index("KD_tetapkan")
    assert run.flows == set(sequence_flows([BPMN_FILE]).values())


def test_the_project_runner_evaluates_the_decision_for_every_row():
    """probisnis.run (camunda:decisionRef resolved against processes/*.dmn) gives the same posts."""
    for key, (post, _pimpinan, _letter, mech) in EXPECTED.items():
        result = run(BPMN_FILE, decisions={"KD_isi_data": _data(key)})
        assert result.data["pejabat_penilai_kinerja"] == post, key
        assert result.data["mekanisme_kerja"] == mech


def test_decision_ref_is_written_with_the_camunda_prefix_and_round_trips():
    # Camunda Modeler and the runner's parser look for camunda:decisionRef; the writer
    # declares the prefix once on the root instead of inventing ns0 on the task
    data = BPMN_FILE.read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.nsmap["camunda"] == kedudukan.CAMUNDA_NS
    assert b"ns0" not in data
    assert b'camunda:decisionRef="penentuan_pejabat_penilai_kinerja"' in data
    assert to_bytes(read(BPMN_FILE)) == data
