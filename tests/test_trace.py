"""Traceability: citations of Perwali 88/2024 in BPMN documentation, and the page made of them."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from probisnis.bpmn.reader import read
from probisnis.errors import UsageError
from probisnis.trace import (
    PASAL_AYAT,
    Citation,
    citations,
    elements,
    extract,
    load_clauses,
    pasal_problem,
    render_markdown,
    trace,
)
from probisnis.trace.__main__ import main as trace_main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))
PAGE = ROOT / "docs" / "traceability.md"

# --- extraction from one text ---------------------------------------------------------------------


def _refs(text: str) -> list[str]:
    return [c.ref for c in extract(text)]


def test_clause_citation_as_the_library_writes_it() -> None:
    text = (
        "[D1.a.3] Lampiran II.D.1.a: Selanjutnya, Asisten Sekretaris Daerah ...\n"
        "[B2.1b.2] Lampiran II.B.2 Penugasan 1) b) penunjukkan lintas unit: Pejabat ..."
    )
    # the location after the bracket belongs to the clause, it is no Lampiran citation of its own
    assert extract(text) == (Citation("clause", "D1.a.3"), Citation("clause", "B2.1b.2"))


def test_several_ids_in_one_bracket_and_all_id_families() -> None:
    text = "Lihat [D1.a.3, D1.a.4; B3.p.1] dan [B2.2a.1]."
    assert _refs(text) == ["D1.a.3", "D1.a.4", "B3.p.1", "B2.2a.1"]


def test_unbracketed_or_malformed_ids_are_not_citations() -> None:
    assert extract("D1.a.3 tanpa kurung, [D1.a], [d1.a.3], (D1.a.3)") == ()


def test_pasal_forms() -> None:
    text = (
        "Pasal 14; Pasal 10 ayat (2); pasal 11 Ayat (1) huruf a; Pasal 1 angka 10; "
        "[Pasal 8] [Pasal 9]; Pasal 16 dan Pasal 17"
    )
    found = extract(text)
    assert [c.ref for c in found] == [
        "Pasal 14",
        "Pasal 10 ayat (2)",
        "Pasal 11 ayat (1) huruf a",
        "Pasal 1 angka 10",
        "Pasal 8",
        "Pasal 9",
        "Pasal 16",
        "Pasal 17",
    ]
    assert found[1] == Citation("pasal", "Pasal 10 ayat (2)", 10, 2)
    assert found[2].pasal == 11 and found[2].ayat == 1


@pytest.mark.parametrize(
    "text", ["Pasal 10-12", "Pasal 10 – 12", "Pasal 10 s.d. 12", "Pasal 10 sampai dengan Pasal 12"]
)
def test_pasal_range_gives_one_citation_per_pasal(text: str) -> None:
    assert _refs(text) == ["Pasal 10", "Pasal 11", "Pasal 12"]


def test_lampiran_part_and_repeats() -> None:
    text = "Lampiran II.B.1 a-e; Lampiran Bab II.A; Pasal 14, lagi Pasal 14 dan [D1.a.1] [D1.a.1]"
    assert _refs(text) == ["Lampiran II.B.1", "Lampiran II.A", "Pasal 14", "D1.a.1"]


def test_clause_texts_never_mention_pasal_or_lampiran() -> None:
    # extract() relies on this: quoted clause text cannot add Pasal/Lampiran citations of its own
    table = load_clauses()
    for row in table.itertuples(index=False):
        assert extract(f"[{row.id}] {row.location}: {row.text}") == (Citation("clause", row.id),)


# --- the clause table and the Pasal table against the source --------------------------------------


def test_clause_table() -> None:
    table = load_clauses()
    assert list(table.columns) == ["id", "location", "text"]
    assert len(table) == 133
    assert table["id"].is_unique
    assert table.iloc[0].tolist()[:2] == ["D1.a.1", "Lampiran II.D.1.a"]
    families = table["id"].str.extract(r"^(D\d|B2|B3)")[0].value_counts().to_dict()
    assert families == {
        "D1": 18,
        "D2": 22,
        "D3": 18,
        "D4": 19,
        "D5": 16,
        "D6": 16,
        "B2": 21,
        "B3": 3,
    }


@pytest.mark.skipif(not (SHARED / "domain" / "clauses.tsv").is_file(), reason="../shared absent")
def test_clause_table_is_the_shared_one() -> None:
    shared = pd.read_csv(SHARED / "domain" / "clauses.tsv", sep="\t", quoting=3, dtype=str)
    pd.testing.assert_frame_equal(load_clauses(), shared.map(str.strip))


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("ident\tlocation\ttext\n", "header", 1),
        ("id\tlocation\ttext\nD1.a.1\tL\tT\nD1.a.2\tL\n", "3 tab-separated fields", 3),
        ("id\tlocation\ttext\nD1.a.1\tL\tT\nD1.a.1\tL\tT\n", "repeated", 3),
    ],
)
def test_bad_clause_table(tmp_path: Path, content: str, message: str, line: int) -> None:
    path = tmp_path / "clauses.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message) as caught:
        load_clauses(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}:")


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="../shared/seed absent")
def test_pasal_table_is_the_regulation() -> None:
    seed = (SHARED / "seed" / "perwali-probolinggo-88-2024.txt").read_text(encoding="utf-8")
    body = seed[: seed.index("Ditetapkan di Probolinggo")]
    heads = list(re.finditer(r"^Pasal (\d+)\s*$", body, re.M))
    counts = {}
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        text = body[head.end() : nxt.start() if nxt else len(body)]
        counts[int(head.group(1))] = len(re.findall(r"^\s*-?\s*\((\d+)\)", text, re.M))
    assert counts == dict(PASAL_AYAT)


def test_pasal_problem() -> None:
    assert pasal_problem(14) is None
    assert pasal_problem(10, 3) is None
    assert "does not exist" in (pasal_problem(22) or "")
    assert "has no ayat" in (pasal_problem(14, 1) or "")
    assert "(1)-(4), not (5)" in (pasal_problem(11, 5) or "")


# --- a whole file ---------------------------------------------------------------------------------

FIXTURE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="Defs" targetNamespace="http://example.org/t">
  <bpmn:collaboration id="Kolab">
    <bpmn:documentation>Kerja sama dua instansi [B2.1c.1]</bpmn:documentation>
    <bpmn:participant id="Pool_A" name="Instansi A" processRef="Proses_A">
      <bpmn:documentation>Pasal 10 ayat (2)</bpmn:documentation>
    </bpmn:participant>
  </bpmn:collaboration>
  <bpmn:process id="Proses_A" name="Proses A" isExecutable="false">
    <bpmn:documentation>[D1.a.1] Lampiran II.D.1.a: Tahap Perencanaan ...</bpmn:documentation>
    <bpmn:laneSet id="LS">
      <bpmn:lane id="L_SEKDA" name="Sekretaris Daerah">
        <bpmn:documentation>Lampiran II.B.1</bpmn:documentation>
        <bpmn:flowNodeRef>A_mulai</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>A_susun</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>A_cek</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>A_selesai</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>A_lain</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="A_mulai" name="Mulai">
      <bpmn:documentation>[D1.a.1] Lampiran II.D.1.a: Tahap ...</bpmn:documentation>
    </bpmn:startEvent>
    <bpmn:userTask id="A_susun" name="Menyusun | perjanjian kinerja">
      <bpmn:documentation>[D1.a.1, D1.a.2] Lampiran II.D.1.a: ...
Pasal 14 dan Pasal 30; Pasal 11 ayat (5). [D9.z.9]</bpmn:documentation>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="A_cek" name="Sesuai target?">
      <bpmn:documentation>Lampiran II.B.1 saja</bpmn:documentation>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="A_selesai" name="Selesai"/>
    <bpmn:task id="A_lain" name="Lain">
      <bpmn:documentation>Pasal 8-9</bpmn:documentation>
    </bpmn:task>
    <bpmn:sequenceFlow id="A_f1" sourceRef="A_mulai" targetRef="A_susun">
      <bpmn:documentation>[B3.p.2]</bpmn:documentation>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="A_f2" sourceRef="A_susun" targetRef="A_cek"/>
    <bpmn:sequenceFlow id="A_f3" sourceRef="A_cek" targetRef="A_selesai"/>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture
def fixture_file(tmp_path: Path) -> Path:
    path = tmp_path / "contoh.bpmn"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_citations_of_a_file(fixture_file: Path) -> None:
    frame = citations(read(fixture_file, schema="off"))
    assert list(frame.columns) == [
        "path", "process_id", "element_id", "kind", "name", "clause_id", "pasal", "lampiran"
    ]  # fmt: skip
    # exactly one of clause_id / pasal / lampiran per row
    assert (frame[["clause_id", "pasal", "lampiran"]].notna().sum(axis=1) == 1).all()
    got = {
        (r.element_id, r.kind, next(v for v in (r.clause_id, r.pasal, r.lampiran)
                                    if not pd.isna(v)))
        for r in frame.itertuples(index=False)
    }
    assert got == {
        ("Kolab", "collaboration", "B2.1c.1"),
        ("Pool_A", "participant", "Pasal 10 ayat (2)"),
        ("Proses_A", "process", "D1.a.1"),
        ("L_SEKDA", "lane", "Lampiran II.B.1"),
        ("A_mulai", "startEvent", "D1.a.1"),
        ("A_susun", "userTask", "D1.a.1"),
        ("A_susun", "userTask", "D1.a.2"),
        ("A_susun", "userTask", "Pasal 14"),
        ("A_susun", "userTask", "Pasal 30"),
        ("A_susun", "userTask", "Pasal 11 ayat (5)"),
        ("A_susun", "userTask", "D9.z.9"),
        ("A_cek", "exclusiveGateway", "Lampiran II.B.1"),
        ("A_lain", "task", "Pasal 8"),
        ("A_lain", "task", "Pasal 9"),
        ("A_f1", "sequenceFlow", "B3.p.2"),
    }
    assert set(frame["path"]) == {str(fixture_file)}
    assert set(frame.loc[frame["element_id"] == "Pool_A", "process_id"]) == {"Proses_A"}


def test_elements_and_flow_nodes_without_citation(fixture_file: Path) -> None:
    frame = elements(read(fixture_file, schema="off"))
    nodes = frame[frame["is_flow_node"]].set_index("element_id")
    assert sorted(nodes.index) == ["A_cek", "A_lain", "A_mulai", "A_selesai", "A_susun"]
    assert nodes.loc["A_susun", ["clauses", "pasal", "lampiran"]].tolist() == [3, 3, 0]
    result = trace([fixture_file])
    # A_cek cites only a Lampiran part, A_selesai nothing: both lack a clause or a Pasal
    assert list(result.uncited_flow_nodes()["element_id"]) == ["A_cek", "A_selesai"]


def test_invalid_citations(fixture_file: Path) -> None:
    invalid = trace([fixture_file]).invalid()
    got = {(r.element_id, r.citation): r.problem for r in invalid.itertuples(index=False)}
    assert set(got) == {
        ("A_susun", "D9.z.9"),
        ("A_susun", "Pasal 30"),
        ("A_susun", "Pasal 11 ayat (5)"),
    }
    assert got[("A_susun", "D9.z.9")] == "unknown clause id D9.z.9"
    assert "(1)-(4), not (5)" in got[("A_susun", "Pasal 11 ayat (5)")]


def test_coverage_and_page(fixture_file: Path) -> None:
    result = trace([fixture_file])
    coverage = result.coverage().set_index("id")
    # D1.a.1 is cited by the process, the start event and the task: three elements
    assert coverage.loc["D1.a.1", "elements"] == 3
    assert coverage.loc["D1.a.2", "elements"] == 1
    assert coverage.loc["D1.a.3", "elements"] == 0
    uncited = result.uncited_clauses()
    assert len(uncited) == 133 - 4  # D1.a.1, D1.a.2, B2.1c.1, B3.p.2 are cited
    assert "D9.z.9" not in uncited

    page = render_markdown(result)
    assert "- Klausul yang dikutip: 4 dari 133" in page
    assert "- Node alur (flow node): 5; tanpa kutipan: 2" in page
    assert "- Kutipan yang tidak merujuk ke teks yang ada: 3" in page
    line = next(x for x in page.splitlines() if x.startswith("| `D1.a.2` |"))
    assert "`contoh.bpmn` › `Proses_A` › `A_susun` (Menyusun \\| perjanjian kinerja)" in line
    assert next(x for x in page.splitlines() if x.startswith("| `D1.a.3` |")).endswith("| — |")
    assert page.count("### Lampiran II.D.1.a") == 1
    tail = page[page.index("## Klausul yang belum dikutip") :]
    assert "`D1.a.3`" in tail and "`D1.a.1`," not in tail
    assert "| `contoh.bpmn` | `Proses_A` | `A_selesai` | endEvent | Selesai |" in page
    assert "| Pasal 8 |" in page and "| Lampiran II.B.1 |" in page
    # deterministic
    assert render_markdown(trace([fixture_file])) == page


def test_command(fixture_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs" / "trace.md"
    assert trace_main([str(out), str(fixture_file.parent)]) == 0
    assert out.read_text(encoding="utf-8") == render_markdown(trace([fixture_file]))
    assert "4 dari 133 klausul dikutip" in capsys.readouterr().out
    assert trace_main([str(out), str(tmp_path / "absent")]) == 2
    assert "berkas atau folder tidak ditemukan" in capsys.readouterr().err
    broken = tmp_path / "rusak" / "rusak.bpmn"
    broken.parent.mkdir()
    broken.write_text("<bpmn:definitions", encoding="utf-8")
    assert trace_main([str(out), str(broken)]) == 1
    assert str(broken) in capsys.readouterr().err


# --- the library in processes/ --------------------------------------------------------------------


@pytest.fixture(scope="module")
def library() -> object:
    if not PROCESSES:
        pytest.fail("processes/ holds no .bpmn file")
    return trace(PROCESSES)


def test_every_flow_node_cites_a_clause_or_pasal(library: object) -> None:
    bare = library.uncited_flow_nodes()  # type: ignore[attr-defined]
    assert bare.empty, "flow nodes citing no clause and no Pasal:\n" + bare.to_string()


def test_no_citation_of_text_that_does_not_exist(library: object) -> None:
    invalid = library.invalid()  # type: ignore[attr-defined]
    assert invalid.empty, invalid.to_string()


def test_traceability_page_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert PAGE.is_file(), (
        "docs/traceability.md missing: python -m probisnis.trace docs/traceability.md processes/"
    )
    expected = render_markdown(trace(["processes/"]))
    assert PAGE.read_text(encoding="utf-8") == expected, (
        "docs/traceability.md is stale: python -m probisnis.trace docs/traceability.md processes/"
    )


_SUBPROCESS_LANES = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  id="D" targetNamespace="x">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:laneSet id="P_lanes">
      <bpmn:lane id="L_top" name="Kepala Bagian">
        <bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>Sub</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>E</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="S"><bpmn:documentation>[D1.b.7]</bpmn:documentation></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Sub"/>
    <bpmn:subProcess id="Sub" name="Pemantauan">
      <bpmn:documentation>[D1.b.7]</bpmn:documentation>
      <bpmn:laneSet id="Sub_lanes">
        <bpmn:lane id="L_sub_ketua" name="Ketua Tim">
          <bpmn:documentation>[D1.b.8] Pasal 14 ayat (2) [D9.z.9]</bpmn:documentation>
          <bpmn:flowNodeRef>SS</bpmn:flowNodeRef><bpmn:flowNodeRef>SE</bpmn:flowNodeRef>
        </bpmn:lane>
      </bpmn:laneSet>
      <bpmn:dataObject id="Sub_data" name="Laporan">
        <bpmn:documentation>[D1.b.6]</bpmn:documentation>
      </bpmn:dataObject>
      <bpmn:startEvent id="SS"><bpmn:documentation>[D1.b.7]</bpmn:documentation></bpmn:startEvent>
      <bpmn:sequenceFlow id="sf" sourceRef="SS" targetRef="SE"/>
      <bpmn:endEvent id="SE"><bpmn:documentation>[D1.b.7]</bpmn:documentation></bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="E"/>
    <bpmn:endEvent id="E"><bpmn:documentation>[D1.b.7]</bpmn:documentation></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def test_lanes_and_data_inside_subprocesses_are_on_the_page(tmp_path: Path) -> None:
    """A lane of a subprocess's own lane set (as M1's monitoring draws M1bP_L_KETUA_TIM)
    and a data object inside a subprocess are elements like any other: what they cite is
    on the page, and a citation of text that does not exist is reported."""
    path = tmp_path / "sub_lanes.bpmn"
    path.write_text(_SUBPROCESS_LANES, encoding="utf-8")
    listed = elements(read(path))
    assert {"L_top", "L_sub_ketua", "Sub_data"} <= set(listed["element_id"])
    cited = citations(read(path))
    lane = cited[cited["element_id"] == "L_sub_ketua"]
    assert lane["clause_id"].dropna().tolist() == ["D1.b.8", "D9.z.9"]
    assert lane["pasal"].dropna().tolist() == ["Pasal 14 ayat (2)"]
    assert cited[cited["element_id"] == "Sub_data"]["clause_id"].tolist() == ["D1.b.6"]
    result = trace([path])
    page = render_markdown(result)
    row = next(line for line in page.splitlines() if line.startswith("| `D1.b.8` |"))
    assert "`L_sub_ketua` (Ketua Tim)" in row
    assert "`Sub_data` (Laporan)" in next(
        line for line in page.splitlines() if line.startswith("| `D1.b.6` |"))
    assert "`L_sub_ketua`" in next(
        line for line in page.splitlines() if line.startswith("| Pasal 14 ayat (2) |"))
    assert set(result.invalid()["element_id"]) == {"L_sub_ketua"}


def test_the_lanes_of_m1s_monitoring_subprocesses_are_elements() -> None:
    listed = elements(read(ROOT / "processes" / "m1_sekretariat_daerah.bpmn"))
    lanes = set(listed[listed["kind"] == "lane"]["element_id"])
    assert {"M1bP_L_KETUA_TIM", "M1bP_L_KABAG", "M1bS_L_KETUA_TIM"} <= lanes
