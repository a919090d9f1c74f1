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
from probisnis.errors import UsageError
from probisnis.library import kedudukan
from probisnis.run import run
from probisnis.validate import validate_paths
from spiff_paths import run_path, sequence_flows, without_di

ROOT = Path(__file__).resolve().parents[1]
DMN = ROOT / "processes" / "kedudukan.dmn"
BPMN_FILE = ROOT / "processes" / "penentuan_penilai_kinerja.bpmn"
SEED = ROOT.parent / "shared" / "seed" / "perwali-probolinggo-88-2024.txt"

RENDAH, TINGGI = "lebih_rendah", "setara_atau_lebih_tinggi"

# (jenis_unit, kelas jabatan JF) -> (Pejabat Penilai Kinerja, letter of Lampiran II.B.1, mechanism)
# written from Lampiran II.B.1 a-e and the headings of Lampiran II.D.1-6
EXPECTED: dict[tuple[str, str], tuple[str, str, int]] = {
    # a. Sekretariat Daerah: "Kepala Bagian sebagai Pejabat Penilai Kinerja" ... "dilaksanakan
    # oleh pejabat yang lebih tinggi, dimana dalam hal ini adalah Asisten Sekretaris Daerah atau
    # Sekretaris Daerah"
    ("sekretariat_daerah", RENDAH): ("Kepala Bagian", "II.B.1.a", 1),
    ("sekretariat_daerah", TINGGI): (
        "Asisten Sekretaris Daerah atau Sekretaris Daerah",
        "II.B.1.a",
        1,
    ),
    # b.2) "Pejabat Administrator sebagai Pejabat Penilai Kinerja" ... "setara dan/atau lebih
    # tinggi dari Pejabat Administrator, maka Pejabat Penilai Kinerja dilaksanakan oleh Pejabat
    # Pimpinan Tinggi Pratama"
    ("jpt_dua_level", RENDAH): ("Pejabat Administrator", "II.B.1.b.2", 2),
    ("jpt_dua_level", TINGGI): ("Pejabat Pimpinan Tinggi Pratama", "II.B.1.b.2", 2),
    # b.1) "di bawah Pejabat Pimpinan Tinggi Pratama ... selaku Pejabat Penilai Kinerja";
    # no exception is written for this case
    ("jpt_satu_level", RENDAH): ("Pejabat Pimpinan Tinggi Pratama", "II.B.1.b.1", 3),
    ("jpt_satu_level", TINGGI): ("Pejabat Pimpinan Tinggi Pratama", "II.B.1.b.1", 3),
    # c. "di bawah Pejabat Pengawas sebagai Pejabat Level II yang berperan selaku Pejabat
    # Penilai Kinerja" ... "maka Pejabat Penilai Kinerja dilaksanakan oleh Pejabat Administrator"
    ("administrator", RENDAH): ("Pejabat Pengawas", "II.B.1.c", 4),
    ("administrator", TINGGI): ("Pejabat Administrator", "II.B.1.c", 4),
    # d. Pejabat Pengawas ... "dilaksanakan oleh Pejabat Tinggi Pratama atau Pemilik Kinerja
    # Unit Organisasi yang bersangkutan"
    ("pengawas", RENDAH): ("Pejabat Pengawas", "II.B.1.d", 5),
    ("pengawas", TINGGI): (
        "Pejabat Tinggi Pratama atau Pemilik Kinerja Unit Organisasi yang bersangkutan",
        "II.B.1.d",
        5,
    ),
    # e. "di bawah Pejabat Fungsional sebagai Pimpinan Unit Organisasi yang berperan selaku
    # Pejabat Penilai Kinerja" ... "dilaksanakan oleh Pejabat Tinggi Pratama atau Unit
    # Organisasi Pemilik Kinerja yang bersangkutan"
    ("fungsional", RENDAH): ("Pejabat Fungsional yang memimpin unit organisasi", "II.B.1.e", 6),
    ("fungsional", TINGGI): (
        "Pejabat Tinggi Pratama atau Unit Organisasi Pemilik Kinerja yang bersangkutan",
        "II.B.1.e",
        6,
    ),
}


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
    assert len(table.rules) == len(EXPECTED) == 12
    hit_rows: set[int] = set()
    for (unit, kelas), (post, letter, mech) in EXPECTED.items():
        matched = engine.decide(
            SimpleNamespace(
                data={"jenis_unit": unit, "kelas_jabatan_jf": kelas},
                workflow=SimpleNamespace(script_engine=PythonScriptEngine()),
            )
        )
        assert len(matched) == 1, (unit, kelas)
        hit_rows.add(matched[0].row_number)
        out = _evaluate(engine, {"jenis_unit": unit, "kelas_jabatan_jf": kelas})
        assert out["pejabat_penilai_kinerja"] == post, (unit, kelas)
        assert out["mekanisme_kerja"] == mech
        assert _letter_text(letter) in out["dasar_hukum"]
    assert hit_rows == set(range(1, 13))


def test_no_two_rows_overlap():
    engine = _engine()
    keys = []
    for rule in engine.decision_table.rules:
        keys.append(tuple(entry.lhs[0] for entry in rule.inputEntries))
    assert len(keys) == len(set(keys))


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
    for (unit, kelas), (post, _letter, mech) in EXPECTED.items():
        rule = kedudukan.decide(unit, kelas)
        assert (rule.pejabat_penilai_kinerja, rule.mekanisme) == (post, mech)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_ambiguous_outputs_are_verbatim_from_the_regulation():
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    for unit in ("sekretariat_daerah", "pengawas", "fungsional"):
        post = EXPECTED[(unit, TINGGI)][0]
        assert post in seed, post


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


@pytest.mark.parametrize(("unit", "kelas"), sorted(EXPECTED))
def test_business_rule_task_runs_the_decision_end_to_end(unit, kelas):
    """The BPMN process with a businessRuleTask (decisionRef -> the DMN), run by SpiffWorkflow."""
    run = run_path(
        [BPMN_FILE],
        kedudukan.PROCESS_ID,
        {"KD_isi_data": {"jenis_unit": unit, "kelas_jabatan_jf": kelas}},
        dmn=[DMN],
    )
    assert run.done and run.ends == ["KD_selesai"]
    post, letter, mech = EXPECTED[(unit, kelas)]
    assert _letter_text(letter) in run.data["dasar_hukum"]
    assert run.data["pejabat_penilai_kinerja"] == post
    assert run.data["mekanisme_kerja"] == mech
    assert run.completed.index("KD_tentukan") < run.completed.index("KD_tetapkan")
    assert run.flows == set(sequence_flows([BPMN_FILE]).values())


def test_the_project_runner_evaluates_the_decision_for_every_row():
    """probisnis.run (camunda:decisionRef resolved against processes/*.dmn) gives the same posts."""
    for (unit, kelas), (post, _letter, mech) in EXPECTED.items():
        result = run(
            BPMN_FILE,
            decisions={"KD_isi_data": {"jenis_unit": unit, "kelas_jabatan_jf": kelas}},
        )
        assert result.data["pejabat_penilai_kinerja"] == post, (unit, kelas)
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
