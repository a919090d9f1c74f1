"""Headless runs of the small executable fixtures in tests/data/run/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.parser.ProcessParser import ProcessParser

from probisnis.bpmn.xml import parse_bytes
from probisnis.errors import BpmnError, RunError, StuckRunError, UsageError
from probisnis.run import Run, clear_cache, load_library, run
from probisnis.run.loader import library_files
from probisnis.run.parser import RunParser
from probisnis.run.prepare import is_reserved, prepare_document

DATA = Path(__file__).parent / "data" / "run"
PERMIT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "permit.bpmn"


def ids(result) -> list[str]:
    return list(result.trace["element_id"])


def activities(result) -> list[str]:
    return list(result.activities["element_id"])


def test_trace_columns_and_order_are_exact():
    result = run(DATA / "exclusive.bpmn", decisions={"T_submit": {"amount": 150}})
    assert list(result.trace.columns) == ["order", "element_id", "name", "lane", "kind",
                                          "process_id", "elapsed"]
    assert (result.trace["elapsed"] == 0.0).all()  # no task_time: no time passes
    assert list(result.trace["order"]) == list(range(1, len(result.trace) + 1))
    assert ids(result) == ["SE_ex", "T_submit", "G_amount", "T_large", "G_merge", "EE_ex"]
    row = result.trace.set_index("element_id").loc["T_large"]
    assert (row["name"], row["lane"], row["kind"], row["process_id"]) == (
        "Menyetujui usulan besar", "Sekretaris Daerah", "userTask", "P_exclusive")
    assert result.completed is True
    assert result.data == {"amount": 150}


@pytest.mark.parametrize(("amount", "taken", "lane"), [
    (101, "T_large", "Sekretaris Daerah"),
    (100, "T_small", "Kepala Bagian"),
])
def test_exclusive_gateway_evaluates_python_conditions(amount, taken, lane):
    result = run(DATA / "exclusive.bpmn", decisions={"T_submit": {"amount": amount}})
    assert activities(result) == ["T_submit", taken]
    assert result.trace.set_index("element_id").loc[taken, "lane"] == lane


@pytest.mark.parametrize("rounds", [0, 1, 3])
def test_loop_consumes_a_list_of_decisions_in_order(rounds):
    answers = [{"sesuai": False}] * rounds + [{"sesuai": True}]
    result = run(DATA / "loop.bpmn", decisions={"T_review": answers})
    assert activities(result) == ["T_draft"] + ["T_review", "T_revise"] * rounds + ["T_review"]
    assert result.data["sesuai"] is True


def test_a_single_table_repeats_and_a_runaway_loop_is_stopped():
    with pytest.raises(RunError, match="lebih dari 20 tugas selesai"):
        run(DATA / "loop.bpmn", decisions={"T_review": {"sesuai": False}}, max_tasks=20)


def test_parallel_split_runs_both_branches_and_joins_once():
    result = run(DATA / "parallel.bpmn")
    got = ids(result)
    assert sorted(got[2:4]) == ["T_a", "T_b"]
    assert got.count("G_join") == 1
    assert got[-3:] == ["G_join", "T_c", "EE_par"]
    assert result.completed


@pytest.mark.parametrize(("extra", "expected"), [
    ("ya", ["T_plan", "T_work", "T_extra", "CA_do", "T_close"]),
    ("tidak", ["T_plan", "T_work", "CA_do", "T_close"]),
])
def test_call_activity_resolves_in_another_file(extra, expected):
    result = run(DATA / "call_main.bpmn", decisions={"T_work": {"butuh_tambahan": extra}})
    assert activities(result) == expected
    frame = result.trace.set_index("element_id")
    assert frame.loc["T_work", "process_id"] == "P_call_sub"
    assert frame.loc["T_work", "lane"] == "Pejabat Fungsional dan/atau Pejabat Pelaksana"
    assert frame.loc["CA_do", "process_id"] == "P_call_main"
    # data set inside the called process comes back to the caller
    assert result.data["butuh_tambahan"] == extra


def test_call_activity_target_missing_from_the_library(tmp_path):
    (tmp_path / "main").mkdir()
    (tmp_path / "lib").mkdir()
    shutil.copy(DATA / "call_main.bpmn", tmp_path / "main")
    shutil.copy(DATA / "call_sub.bpmn", tmp_path / "lib")
    with pytest.raises(RunError, match="P_call_sub") as info:
        run(tmp_path / "main" / "call_main.bpmn")
    assert str(info.value).startswith(f"{tmp_path}/main/call_main.bpmn:4: [P_call_main] proses "
                                      "'P_call_sub' yang dipanggil aktivitas pemanggil "
                                      "(callActivity) tidak ada di pustaka"), str(info.value)
    assert str(info.value).endswith("berkasnya harus berada di folder pustaka (folder berkas "
                                    "yang dijalankan, atau --library DIR)")
    # --library points at the folder that has it; the file itself is added to it
    result = run(tmp_path / "main" / "call_main.bpmn", library=tmp_path / "lib",
                 decisions={"T_work": {"butuh_tambahan": "ya"}})
    assert "T_work" in activities(result)
    # the same process id twice in one library is an error naming both places
    shutil.copy(DATA / "call_sub.bpmn", tmp_path / "lib" / "copy.bpmn")
    with pytest.raises(BpmnError, match="didefinisikan dua kali"):
        run(tmp_path / "main" / "call_main.bpmn", library=tmp_path / "lib")


def test_a_misspelt_called_process_names_the_near_one_of_the_library(tmp_path):
    """SpiffWorkflow lists every process of the library as "did you mean"; the message names
    the near one as "mungkin maksudnya" and lists the others as what there is."""
    (tmp_path / "main").mkdir()
    (tmp_path / "lib").mkdir()
    shutil.copy(DATA / "call_main.bpmn", tmp_path / "main")
    text = (DATA / "call_sub.bpmn").read_text(encoding="utf-8")
    (tmp_path / "lib" / "call_sbu.bpmn").write_text(text.replace('"P_call_sub"', '"P_call_sbu"'),
                                                    encoding="utf-8")
    with pytest.raises(RunError) as info:
        run(tmp_path / "main" / "call_main.bpmn", library=tmp_path / "lib")
    assert ("(callActivity) tidak ada di pustaka; mungkin maksudnya 'P_call_sbu'? (yang ada: "
            in str(info.value)), str(info.value)


def test_reserved_ids_are_renamed_for_spiff_and_mapped_back():
    result = run(DATA / "startend.bpmn", decisions={"Root": [{"ulang": True}, {"ulang": False}]})
    assert ids(result) == ["Start", "Root", "StartEventSplit", "Root", "StartEventSplit", "End"]
    assert set(result.trace["lane"]) == {"Kepala Bagian"}
    assert result.trace.set_index("order").loc[6, "kind"] == "endEvent"


def test_renaming_rewrites_every_reference_and_keeps_every_element():
    root = parse_bytes((DATA / "startend.bpmn").read_bytes(), "startend.bpmn").getroot()
    before = len(list(root.iter()))
    prepared = prepare_document(root)
    assert set(prepared.renamed) == {"Start", "End", "Root", "StartEventSplit"}
    assert len(list(root.iter())) == before
    all_ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert not any(is_reserved(i) for i in all_ids if i)
    # every reference (attributes and element text) points at an element that exists
    for element in root.iter():
        for attr in ("sourceRef", "targetRef", "bpmnElement", "default"):
            if element.get(attr):
                assert element.get(attr) in all_ids, (element.tag, attr, element.get(attr))
        name = etree.QName(element).localname
        if name in ("flowNodeRef", "incoming", "outgoing"):
            assert element.text.strip() in all_ids
    # lines stay the user's lines
    start = next(e for e in root.iter() if e.get("id") == prepared.renamed["Start"])
    assert start.sourceline == 16


def test_permit_bench_runs_as_descriptive_model_with_gateway_answers():
    assert PERMIT.is_file()
    with pytest.raises(RunError, match="tidak dapat dijalankan"):
        run(PERMIT, decisions={"G_complete": "f_yes"})
    result = run(PERMIT, decisions={"G_complete": ["f_no", "f_yes"]}, allow_non_executable=True)
    assert result.completed
    got = ids(result)
    assert got[:9] == ["Start", "T_receive", "G_loop_join", "T_verify", "G_complete",
                       "T_request", "G_loop_join", "T_verify", "G_complete"]
    assert sorted(got[10:12]) == ["T_assess", "T_fee"]
    assert got[-3:] == ["G_and_join", "T_decide", "End"]
    # the answer may name the target element instead of the flow
    direct = run(PERMIT, decisions={"G_complete": "G_and_split"}, allow_non_executable=True)
    assert activities(direct) == ["T_receive", "T_verify", "T_assess", "T_fee", "T_decide"]


def test_dmn_business_rule_task_decides(tmp_path):
    up = run(DATA / "dmn_main.bpmn", decisions={"T_data": {"jf_kelas": 9, "ppk_kelas": 9}})
    assert up.data["penilai"] == "atasan PPK"
    assert activities(up) == ["T_data", "BR_penilai", "T_atasan"]
    down = run(DATA / "dmn_main.bpmn", decisions={"T_data": {"jf_kelas": 7, "ppk_kelas": 9}})
    assert down.data["penilai"] == "PPK"
    assert activities(down) == ["T_data", "BR_penilai", "T_ppk"]
    assert down.trace.set_index("element_id").loc["BR_penilai", "kind"] == "businessRuleTask"


def test_dmn_decision_missing_is_a_clear_error(tmp_path):
    shutil.copy(DATA / "dmn_main.bpmn", tmp_path)
    with pytest.raises(RunError, match="D_penilai") as info:
        run(tmp_path / "dmn_main.bpmn")
    assert info.value.element_id == "BR_penilai"
    assert info.value.line == 8


def test_gateway_without_a_true_condition_is_stuck():
    with pytest.raises(StuckRunError) as info:
        run(DATA / "stuck.bpmn", decisions={"T_st": {"nilai": 70}})
    error = info.value
    assert ("proses macet: [G_st] menunggu: tidak ada kondisi alur keluar yang benar untuk data "
            "(nilai = 70)") in str(error)
    assert error.line == 7 and error.path.endswith("stuck.bpmn")
    assert set(error.waiting) == {"G_st"}


def test_condition_on_missing_data_names_gateway_variable_and_line():
    with pytest.raises(RunError) as info:
        run(DATA / "stuck.bpmn")
    error = info.value
    assert not isinstance(error, StuckRunError)
    assert error.element_id == "G_st" and error.line == 7
    assert "'nilai'" in error.message and "nilai > 80" in error.message
    assert str(error).startswith(f"{error.path}:7: [G_st] ")


def test_join_waiting_for_a_token_is_stuck():
    with pytest.raises(StuckRunError) as info:
        run(DATA / "stuck_join.bpmn")
    assert info.value.waiting == {
        "G_sj_join": "gerbang paralel (AND) ini menggabungkan cabang: sudah tiba dari T_sj_b, "
                     "masih menunggu dari T_sj_a"
    }


def test_partnerless_message_tasks_run_from_decisions_and_catch_event_waits():
    state = Run.start(DATA / "messages.bpmn", decisions={"R_surat": {"nomor": 7}})
    with pytest.raises(StuckRunError) as info:
        state.run()
    assert info.value.waiting == {
        "C_konfirmasi": "pesan 'konfirmasi' (tidak ada yang mengirimnya dalam jalannya ini)"
    }
    partial = state.result()
    assert activities(partial) == ["R_surat", "S_balasan"]
    assert list(partial.activities["kind"]) == ["receiveTask", "sendTask"]
    assert partial.data["nomor"] == 7
    assert partial.completed is False


def test_used_up_decisions_list_is_stuck():
    with pytest.raises(StuckRunError, match=r"\[T_review\] menunggu: tugas pengguna \(userTask\) "
                                                  r"kehabisan keputusan"):
        run(DATA / "loop.bpmn", decisions={"T_review": [{"sesuai": False}]})


def test_descriptive_gateway_without_answer_is_stuck():
    with pytest.raises(StuckRunError) as info:
        run(PERMIT, allow_non_executable=True)
    assert "f_yes (-> G_and_split), f_no (-> T_request)" in str(info.value)
    assert info.value.line == 10


@pytest.mark.parametrize(("decisions", "message"), [
    ({"T_nope": {}}, "tidak ada elemen dengan id ini"),
    ({"G_amount": "F_large"}, "gerbang ini punya kondisi"),
    ({"T_submit": ["yes"]}, "menerima tabel data"),
])
def test_bad_decisions_are_rejected(decisions, message):
    with pytest.raises(RunError, match=message):
        run(DATA / "exclusive.bpmn", decisions=decisions)


def test_route_to_a_flow_that_is_not_outgoing_is_rejected():
    with pytest.raises(RunError, match="bukan alur keluar gerbang ini"):
        run(PERMIT, decisions={"G_complete": "f1"}, allow_non_executable=True)


def test_decisions_file_json_and_toml_agree(tmp_path):
    (tmp_path / "d.json").write_text('{"T_review": [{"sesuai": false}, {"sesuai": true}]}')
    (tmp_path / "d.toml").write_text(
        "[[T_review]]\nsesuai = false\n\n[[T_review]]\nsesuai = true\n"
    )
    from_json = run(DATA / "loop.bpmn", decisions=tmp_path / "d.json")
    from_toml = run(DATA / "loop.bpmn", decisions=str(tmp_path / "d.toml"))
    assert from_json.trace.equals(from_toml.trace)
    assert activities(from_json).count("T_review") == 2
    (tmp_path / "bad.json").write_text('{"T_review": [}')
    with pytest.raises(RunError, match="JSON tidak sah"):
        run(DATA / "loop.bpmn", decisions=tmp_path / "bad.json")
    with pytest.raises(UsageError, match=r"\.json atau \.toml"):
        run(DATA / "loop.bpmn", decisions=tmp_path / "d.yaml")


def test_qualified_key_narrows_to_one_process():
    result = run(DATA / "exclusive.bpmn", decisions={"P_exclusive:T_submit": {"amount": 5}})
    assert activities(result) == ["T_submit", "T_small"]


def test_process_by_id_from_a_library():
    result = run("P_call_main", library=DATA, decisions={"T_work": {"butuh_tambahan": "x"}})
    assert result.process_id == "P_call_main"
    with pytest.raises(UsageError, match="tidak ada proses 'P_missing'"):
        run("P_missing", library=DATA)
    with pytest.raises(UsageError, match="mungkin maksudnya 'P_call_main'"):
        run("P_call_mian", library=DATA)


def test_a_folder_given_as_the_process_is_named_a_folder():
    with pytest.raises(UsageError) as err:
        run(DATA, library=None)
    assert "adalah folder, bukan berkas BPMN" in str(err.value)
    assert f"--library {DATA}" in str(err.value)


def test_specs_are_parsed_once_per_library(monkeypatch, tmp_path):
    for name in ("loop.bpmn", "exclusive.bpmn"):
        shutil.copy(DATA / name, tmp_path)
    calls: list[str] = []
    original = RunParser.add_bpmn_xml

    def counting(self, bpmn, filename=None):
        calls.append(filename)
        return original(self, bpmn, filename)

    specs: list[str] = []
    parse_spec = ProcessParser._parse

    def counting_specs(self):
        specs.append(self.bpmn_id)
        return parse_spec(self)

    monkeypatch.setattr(RunParser, "add_bpmn_xml", counting)
    monkeypatch.setattr(ProcessParser, "_parse", counting_specs)
    clear_cache()
    first = run(tmp_path / "loop.bpmn", decisions={"T_review": [{"sesuai": True}]},
                library=tmp_path)
    assert len(calls) == 2 and specs == ["P_loop"]
    second = run(tmp_path / "loop.bpmn", decisions={"T_review": [{"sesuai": True}]},
                library=tmp_path)
    assert specs == ["P_loop"]  # the process spec is not built again
    other = run(tmp_path / "exclusive.bpmn", decisions={"T_submit": {"amount": 1}},
                library=tmp_path)
    assert specs == ["P_loop", "P_exclusive"]
    assert len(calls) == 2  # same files, same digests: no file parsed again
    assert first.trace.equals(second.trace) and other.completed
    files = library_files(tmp_path)
    assert load_library(files) is load_library(files)
    # a changed file is parsed again
    path = tmp_path / "exclusive.bpmn"
    path.write_text(path.read_text().replace("Menyusun usulan", "Menyusun usulan baru"))
    changed = run(tmp_path / "exclusive.bpmn", decisions={"T_submit": {"amount": 1}},
                library=tmp_path)
    assert len(calls) == 4
    assert changed.trace.set_index("element_id").loc["T_submit", "name"] == "Menyusun usulan baru"


def test_broken_xml_is_a_located_error(tmp_path):
    (tmp_path / "broken.bpmn").write_text("<definitions>\n<process id='x'>\n</definitions>\n")
    with pytest.raises(BpmnError) as info:
        run(tmp_path / "broken.bpmn")
    assert info.value.line == 3


def test_gateway_with_some_flows_unconditioned_is_reported_with_its_line(tmp_path):
    text = (DATA / "stuck.bpmn").read_text().replace(
        "<bpmn:conditionExpression>nilai &lt; 60</bpmn:conditionExpression>", "")
    (tmp_path / "half.bpmn").write_text(text)
    with pytest.raises(RunError) as info:
        run(tmp_path / "half.bpmn")
    # SpiffWorkflow blames the flow that lacks a condition; so do we, with its line
    assert info.value.element_id == "F_st_lo" and info.value.line == 17
    assert info.value.message.startswith("alur ini keluar dari gerbang bersyarat tetapi tidak "
                                         "berkondisi")
    assert "--allow-non-executable" in info.value.message
    # traced as a descriptive model, the decisions file chooses that gateway's flow
    result = run(tmp_path / "half.bpmn", allow_non_executable=True,
                 decisions={"G_st": "F_st_lo"})
    assert [n.code for n in result.notices] == ["run-gateway-routed"]
    assert result.completed and "T_st_lo" in list(result.trace["element_id"])


def test_collaboration_runs_its_pools_and_runs_stay_independent():
    # the message-started pool is wired in by SpiffWorkflow on its first trigger: a run
    # where it is triggered must not change the next run of the same (cached) spec
    sent, kept, again = (
        run(DATA / "collab.bpmn", process_id="C_collab", decisions={"T_siapkan": {"kirim": k}})
        for k in (True, False, True)
    )
    assert activities(sent) == ["T_siapkan", "S_kirim", "T_terima"]
    assert ids(kept) == ["SE_a", "T_siapkan", "G_kirim", "EE_a_batal"]
    assert kept.completed and again.trace.equals(sent.trace)
    with pytest.raises(RunError, match="kolaborasi untuk menjalankan partisipannya bersama: "
                                       "C_collab"):
        run(DATA / "collab.bpmn")


def test_time_passes_only_when_nobody_can_act():
    # the one-hour wait fires once nothing else can proceed; at the event-based gateway
    # no answer ever comes, so the three-day deadline fires and the reminder is sent
    result = run(DATA / "timers.bpmn")
    assert ids(result) == ["SE_tm", "T_kirim", "C_tunggu", "T_cek", "G_tunggu_jawaban",
                           "C_batas", "T_tegur", "EE_tegur"]
    assert result.completed


def test_embedded_subprocess_and_multi_instance_task():
    answers = [{"bagian": 1}, {"bagian": 2}, {"bagian": 3}]
    result = run(DATA / "subprocess.bpmn", decisions={"T_anggota": answers})
    assert ids(result) == ["SE_sp", "SE_inner", "T_anggota", "T_anggota", "T_anggota",
                           "T_gabung", "EE_inner", "SP_kerja", "T_periksa", "EE_sp"]
    frame = result.trace
    # inner elements belong to the process and inherit the subprocess's lane
    assert set(frame.loc[frame["element_id"] == "T_anggota", "lane"]) == {"Ketua Tim"}
    assert set(frame["process_id"]) == {"P_subprocess"}
    assert frame.set_index("element_id").loc["T_periksa", "lane"] == "Kepala Bagian"
    assert result.data["bagian"] == 3
    # one entry per instance: two are not enough
    with pytest.raises(StuckRunError, match=r"\[T_anggota\] menunggu: tugas pengguna \(userTask\) "
                                                  r"kehabisan keputusan"):
        run(DATA / "subprocess.bpmn", decisions={"T_anggota": answers[:2]})
