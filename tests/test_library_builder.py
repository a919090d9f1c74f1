"""The process builder: what it makes, what it refuses."""

from __future__ import annotations

import pytest

from probisnis.errors import UsageError
from probisnis.library.builder import ProcessBuilder, document
from probisnis.library.clauses import Reference, citation, clause
from probisnis.library.definitions_builder import DefinitionsBuilder
from probisnis.library.roles import lane_id, role_of


def _small() -> ProcessBuilder:
    b = ProcessBuilder("T_uji", "Uji", documentation_cites=("D5.a.1",), note="Proses uji.")
    b.lane("T_L_PENGAWAS", "Pejabat Pengawas")
    b.start("T_mulai", "Mulai", lane="T_L_PENGAWAS", cites=("D5.a.1",))
    b.user_task("T_susun", "Menyusun", lane="T_L_PENGAWAS", cites=("D5.a.1",), note="Catat ini.")
    b.xor("T_gw", "Sesuai?", lane="T_L_PENGAWAS", cites=("D5.c.2",))
    b.end("T_selesai", "Selesai", lane="T_L_PENGAWAS", cites=("D5.c.3",))
    b.chain("T_mulai", "T_susun", "T_gw")
    b.flow("T_gw", "T_selesai", name="Ya", condition="sesuai")
    b.flow("T_gw", "T_susun", name="Tidak", default=True)
    return b


def test_build_fills_incoming_outgoing_lanes_and_documentation() -> None:
    process = _small().build()
    susun = process.nodes["T_susun"]
    assert susun.kind == "userTask" and susun.lane == "T_L_PENGAWAS"
    assert susun.incoming == ("T_mulai__T_susun", "T_gw__T_susun")
    assert susun.outgoing == ("T_susun__T_gw",)
    assert susun.documentation == f"{citation('D5.a.1')}\n\nCatatan: Catat ini."
    assert process.nodes["T_gw"].default == "T_gw__T_susun"
    assert process.flows["T_gw__T_selesai"].condition == "sesuai"
    assert process.lanes[0].flow_node_refs == ("T_mulai", "T_susun", "T_gw", "T_selesai")
    assert process.documentation.startswith("[D5.a.1] Lampiran II.D.5.a: Tahap Perencanaan")
    assert process.documentation.endswith("Catatan: Proses uji.")
    assert process.is_executable


def test_citations_come_from_the_clause_table() -> None:
    row = clause("D1.a.3")
    assert row.location == "Lampiran II.D.1.a"
    assert row.text.startswith("Selanjutnya, Asisten Sekretaris Daerah")
    assert citation("D1.a.3") == f"[D1.a.3] Lampiran II.D.1.a: {row.text}"
    assert document(refs=(Reference("Pasal 20", "teks"),)) == "Pasal 20: teks"
    with pytest.raises(UsageError, match=r"unknown clause id 'D1\.a\.9'.*D1\.a\.1"):
        clause("D1.a.9")


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda b: b.task("T_x", "X", lane="T_L_PENGAWAS"), "must cite"),
        (lambda b: b.task("T_x", "X", lane="T_L_PENGAWAS", cites=("D9.a.1",)), "unknown clause"),
        (lambda b: b.task("T_susun", "X", lane="T_L_PENGAWAS", cites=("D5.a.1",)), "used twice"),
        (lambda b: b.task("Start", "X", lane="T_L_PENGAWAS", cites=("D5.a.1",)), "generic"),
        (lambda b: b.task("EndEvent_1", "X", lane="T_L_PENGAWAS", cites=("D5.a.1",)), "generic"),
        (lambda b: b.task("1abc", "X", lane="T_L_PENGAWAS", cites=("D5.a.1",)), "valid XML id"),
        (lambda b: b.task("T_x", "X", lane="T_L_NOPE", cites=("D5.a.1",)), "not declared"),
        (lambda b: b.node("fancyTask", "T_x", cites=("D5.a.1",)), "unknown flow node kind"),
        (lambda b: b.flow("T_susun", "T_nope"), "no node 'T_nope'"),
        (lambda b: b.flow("T_gw", "T_mulai", default=True), "two default flows"),
        (lambda b: b.flow("T_susun", "T_mulai", default=True, condition="x"), "takes no condition"),
        (lambda b: b.flow("T_susun", "T_mulai", condition="x ==="), "not a Python expression"),
        (lambda b: b.lane("T_L_PENGAWAS", "Lagi"), "added twice"),
    ],
)
def test_builder_refuses_mistakes(action, message: str) -> None:  # type: ignore[no-untyped-def]
    b = _small()
    with pytest.raises(UsageError, match=message):
        action(b)


def test_a_node_outside_every_lane_is_refused_at_build() -> None:
    b = _small()
    b.task("T_lepas", "Lepas", cites=("D5.a.1",))
    with pytest.raises(UsageError, match="needs one"):
        b.build()


def test_changing_a_process_in_code() -> None:
    original = _small().build()
    b = ProcessBuilder.from_process(original)
    b.remove_node("T_susun")
    b.user_task("T_susun_ulang", "Menyusun ulang", lane="T_L_PENGAWAS", cites=("D5.c.2",))
    b.flow("T_mulai", "T_susun_ulang")
    b.flow("T_susun_ulang", "T_gw")
    b.flow("T_gw", "T_susun_ulang", name="Tidak", default=True)
    changed = b.build()
    assert "T_susun" not in changed.nodes
    assert all("T_susun" not in (f.source_ref, f.target_ref) for f in changed.flows.values())
    assert changed.nodes["T_gw"].default == "T_gw__T_susun_ulang"
    assert changed.nodes["T_mulai"].documentation == original.nodes["T_mulai"].documentation
    # rebuilding an unchanged copy gives an equal process
    assert ProcessBuilder.from_process(original).build() == original


def test_definitions_builder_checks_ids_and_message_flows() -> None:
    d = DefinitionsBuilder("T_berkas")
    d.pool(_small().build())
    d.black_box("P_luar", "Instansi lain")
    d.message_flow("T_susun", "P_luar", name="Surat", cites=("B2.1c.1",))
    defs = d.build()
    (collab,) = defs.collaborations
    assert [p.id for p in collab.participants] == ["P_T_uji", "P_luar"]
    assert collab.message_flows[0].id == "MF_T_susun__P_luar"
    assert defs.diagrams and "MF_T_susun__P_luar" in defs.diagrams[0].edges

    same_pool = DefinitionsBuilder("T_berkas")
    same_pool.pool(_small().build())
    same_pool.message_flow("T_susun", "T_gw")
    with pytest.raises(UsageError, match="two different pools"):
        same_pool.build()

    twice = DefinitionsBuilder("T_berkas")
    twice.pool(_small().build())
    other = ProcessBuilder("T_lain", "Lain")
    other.lane("T_L_PENGAWAS", "Pejabat Pengawas")  # a lane id already used in the file
    other.start("T_lain_mulai", lane="T_L_PENGAWAS", cites=("D5.a.1",))
    twice.pool(other.build())
    with pytest.raises(UsageError, match="used twice"):
        twice.build()


def test_lane_ids_carry_the_role_key() -> None:
    assert lane_id("M4a", "L_PENGAWAS") == "M4a_L_PENGAWAS"
    assert role_of("M4a_L_PENGAWAS") == "L_PENGAWAS"
    assert role_of("M6b_L_JF_PIMPINAN") == "L_JF_PIMPINAN"
    assert role_of("L_KETUA_TIM") == "L_KETUA_TIM"
    assert role_of("Lane_1") is None
    with pytest.raises(UsageError, match="unknown role"):
        lane_id("M1a", "L_CAMAT")
