"""What ``probisnis run`` prints, checked against pages written for the purpose.

The snapshots below are what an analyst should read (Indonesian words, names before ids, at
most 100 columns), written by hand from the fixtures' BPMN, not pasted from the program.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from probisnis import cli
from probisnis.present.run_view import kind_word, run_lines, value_text
from probisnis.run import run
from probisnis.run.coverage import flow_coverage, flow_triggers
from probisnis.run.paths import enumerate_paths

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "run"
PROCESSES = ROOT / "processes"
PJ = PROCESSES / "pertanggungjawaban.bpmn"
M1_DECISIONS = DATA / "m1.decisions.json"

#: words of the old English page that must not come back
ENGLISH = re.compile(r"\b(order|element_id|process_id|completed|elements|userTask|startEvent|"
                     r"exclusiveGateway|path \d|coverage|not traversed|data:)\b")

EXCLUSIVE_PAGE = """\
Proses Exclusive choice (P_exclusive): selesai, 6 langkah
No  Langkah                  Kode      Lajur              Jenis
--  -----------------------  --------  -----------------  -------
 1  Usulan masuk             SE_ex     Kepala Bagian      mulai
 2  Menyusun usulan          T_submit  Kepala Bagian      tugas
 3  Nilai besar?             G_amount  Kepala Bagian      gerbang
 4  Menyetujui usulan besar  T_large   Sekretaris Daerah  tugas
 5                           G_merge   Sekretaris Daerah  gerbang
 6  Usulan diputus           EE_ex     Sekretaris Daerah  selesai

Data pada akhir jalannya:
  amount = 500
"""


@pytest.fixture
def main(monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", {"run": "run_cmd"})
    return cli.main


def _fits(text: str, width: int = 100) -> None:
    """No line wider than ``width`` (a command to copy stays whole on its line)."""
    long = [line for line in text.splitlines()
            if len(line) > width and not line.startswith("    probisnis run ")]
    assert not long, f"{len(long)} lines over {width} columns: {long[:2]}"


def test_the_run_page_of_a_small_process_is_exactly_this(main, tmp_path, capsys):
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"T_submit": {"amount": 500}}))
    assert main(["run", str(DATA / "exclusive.bpmn"), "--decisions", str(decisions)]) == 0
    assert capsys.readouterr().out == EXCLUSIVE_PAGE


def test_mechanism_1_with_time_passing_fits_100_columns_in_indonesian(main, capsys):
    assert main(["run", "M1_mekanisme", "--library", str(PROCESSES), "--decisions",
                 str(M1_DECISIONS), "--task-time", "M1b_laksanakan=P15D"]) == 0
    out = capsys.readouterr().out
    _fits(out)
    assert not ENGLISH.search(out), ENGLISH.search(out)
    lines = out.splitlines()
    assert re.fullmatch(r"Proses 02\.01\.01 Mekanisme Kerja 1\b.* \(M1_mekanisme\): selesai, "
                        r"\d+ langkah", lines[0])
    assert lines[1].split() == ["No", "Langkah", "Kode", "Lajur", "Jenis", "Waktu"]
    assert lines[2].split() == ["berlalu"]
    # rows in the order of the trace, numbered 1..n; the step's name before its code
    result = run("M1_mekanisme", library=PROCESSES, decisions=M1_DECISIONS,
                 task_time={"M1b_laksanakan": "P15D"})
    numbered = [line for line in lines if re.match(r"^\s*\d+  ", line)]
    assert [int(line.split()[0]) for line in numbered] == list(range(1, len(result.trace) + 1))
    codes = [c for line in numbered for c in line.split() if c in set(result.trace["element_id"])]
    assert codes == list(result.trace["element_id"])
    first = numbered[2]
    assert first.index("Menyusun dan") < first.index("M1a_susun_pk") < first.index("Sekretaris")
    # the weekly monitoring fired while the work was open: calendar days on the run's clock
    assert "subproses" in out and "gerbang dan/atau" in out
    # M1b_laksanakan is open twice (one revision), 15 days each: the last row is at 30 days
    assert numbered[-1].rstrip().endswith("30 hari") and numbered[0].rstrip().endswith(" 0")
    # the data at the end, yes/no in words
    data = lines[lines.index("Data pada akhir jalannya:") + 1:]
    assert "  bentuk = tim" in data and "  ketua_tim = ya" in data
    assert "  lintas_unit = tidak" in data


def test_the_width_option_narrows_the_table(main, capsys):
    assert main(["run", "M1_mekanisme", "--library", str(PROCESSES), "--decisions",
                 str(M1_DECISIONS), "--width", "80"]) == 0
    out = capsys.readouterr().out
    _fits(out, 80)
    assert "Waktu" not in out.splitlines()[1]  # no time passed: no time column
    assert main(["run", "M1_mekanisme", "--width", "30"]) == 2
    assert "harus paling sedikit 60, bukan 30" in capsys.readouterr().err


def test_a_stuck_run_says_macet_and_names_the_element(main, capsys):
    assert main(["run", str(DATA / "stuck_join.bpmn")]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "Proses P_stuck_join: MACET, tidak sampai akhir, " \
                                           "3 langkah"
    assert "stuck_join.bpmn:9:" in captured.err and "[G_sj_join]" in captured.err


def test_json_keeps_machine_form_and_gains_names(main, capsys):
    assert main(["run", str(PJ), "--decisions", str(DATA / "pj_tim.decisions.json"),
                 "--task-time", "PJ_lapor_ketua=P12D", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["process_name"] == "03.02 Pertanggungjawaban pelaksanaan tugas"
    request = next(r for r in payload["trace"] if r["element_id"] == "PJ_minta_laporan")
    assert request["kind"] == "userTask" and request["elapsed"] == 12 * 86400
    assert payload["data"]["tugas_selesai"] is True


def test_a_timer_event_says_pewaktu_and_the_clock_moves_to_its_due_time(main, capsys):
    """No task_time: a timer fires when nothing else can move, and the run's clock moves
    to its due time (PT1H, then P3D after the reply check): the Waktu column shows it."""
    assert main(["run", str(DATA / "timers.bpmn")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[-2:] == ["Waktu", "berlalu"]
    assert re.search(r"\n 2  Mengirim surat +T_kirim +tugas +0\n", out)
    assert re.search(r"\n 3  Menunggu satu jam +C_tunggu +menunggu \(pewaktu\) +1 jam\n", out)
    assert re.search(r"\n 5 +G_tunggu_jawaban +gerbang peristiwa +3 hari 1 jam\n", out)
    assert re.search(r"\n 6  Batas waktu tiga hari +C_batas +menunggu \(pewaktu\) +3 hari 1 jam\n",
                     out)
    result = run(DATA / "timers.bpmn")
    assert list(result.trace["elapsed"]) == [0, 0, 3600, 3600] + [3600 + 3 * 86400] * 4


def test_recurring_timers_are_steps_of_the_trace_when_they_fire(main, capsys):
    """The weekly boundary timer and the 10-day event-subprocess start of M1's monitoring
    are rows of their own, at the time they fired, before the monitoring they start."""
    result = run("M1_mekanisme", library=PROCESSES, decisions=M1_DECISIONS,
                 task_time={"M1b_laksanakan": "P15D"})
    trace = result.trace
    fired = trace[trace["element_id"].isin(["M1b_pantau_berkala", "M1b_sewaktu_mulai"])]
    day = 86400
    # the phase opens at 0; M1b_laksanakan is open twice, 15 days each (0-15, 15-30 days)
    assert [(r.element_id, r.elapsed / day) for r in fired.itertuples()] == [
        ("M1b_pantau_berkala", 7), ("M1b_sewaktu_mulai", 10), ("M1b_pantau_berkala", 14),
        ("M1b_sewaktu_mulai", 20), ("M1b_pantau_berkala", 22), ("M1b_pantau_berkala", 29),
        ("M1b_sewaktu_mulai", 30)]
    # each firing comes right before the start of what it starts
    ids = list(trace["element_id"])
    for i in fired.index:
        follows = {"M1b_pantau_berkala": "M1b_pantau_mulai",
                   "M1b_sewaktu_mulai": "M1b_pantau_mulai_sewaktu"}[ids[i]]
        assert ids[i + 1] == follows
    assert ids.count("M1b_pantau_mulai") == ids.count("M1b_pantau_berkala") == 4
    assert ids.count("M1b_pantau_mulai_sewaktu") == ids.count("M1b_sewaktu_mulai") == 3
    assert main(["run", "M1_mekanisme", "--library", str(PROCESSES), "--decisions",
                 str(M1_DECISIONS), "--task-time", "M1b_laksanakan=P15D"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\n 28  Setiap periode +M1b_pantau_berkala +Pejabat +pewaktu \(batas\) "
                     r"+7 hari\n", out), out
    assert re.search(r"\n 31  Pemantau +M1b_sewaktu_mulai +Kepala Bagian +mulai \(pewaktu\) "
                     r"+10 hari\n", out), out


def test_words_for_kinds_and_values():
    assert [kind_word(k) for k in ("startEvent", "userTask", "exclusiveGateway", "endEvent",
                                   "callActivity", "subProcess")] == [
        "mulai", "tugas", "gerbang", "selesai", "subproses", "subproses"]
    assert kind_word("intermediateCatchEvent", ("timer",)) == "menunggu (pewaktu)"
    assert kind_word("boundaryEvent", ("timer",)) == "pewaktu (batas)"
    assert kind_word("boundaryEvent") == "peristiwa batas"
    assert kind_word("somethingNew") == "somethingNew"
    assert (value_text(False), value_text(2.5), value_text({"a": True})) == (
        "tidak", "2.5", '{"a": true}')
    assert value_text(False, lang="en") == "no"


def test_the_plugin_prints_the_same_table_as_the_cli(capsys):
    from probisnis.pytest_plugin import ProcessRun

    result = run(DATA / "exclusive.bpmn", decisions={"T_submit": {"amount": 500}})
    table = ProcessRun(result).table().splitlines()
    page = run_lines(result)
    assert table[0] == "Jejak jalannya proses: " + page[0]
    assert table[1:] == page[1:9]


# ---- --paths ---------------------------------------------------------------------------

def test_paths_page_names_choices_and_steps_and_how_to_replay(main, tmp_path, capsys):
    sets = tmp_path / "jalur"
    code = main(["run", str(PROCESSES / "reviu_evaluasi_proses_bisnis.bpmn"), "--paths",
                 "--write-decisions", str(sets)])
    out = capsys.readouterr().out
    assert code == 0
    _fits(out)
    assert not ENGLISH.search(out)
    lines = out.splitlines()
    assert re.fullmatch(r"Proses 01\.03 .+ \(RV_reviu_evaluasi_proses_bisnis\): 2 jalur",
                        lines[0])
    assert [line for line in lines if line.startswith("Jalur")] == ["Jalur 1", "Jalur 2"]
    assert any(line.startswith("  Pilihan: ") and " -> " in line for line in lines)
    assert sum(line.startswith("  Langkah: ") for line in lines) == 2
    replay = [lines[i + 1] for i, line in enumerate(lines) if line == "  Putar ulang:"]
    assert replay[1].endswith(f"--decisions {sets / 'path-2.json'}")
    assert lines[-1] == "Cakupan alur: 10 dari 10 alur dilalui (100,0%)."
    # the replay command runs that path
    cmd = replay[1].split("probisnis ", 1)[1].split()
    assert main(cmd) == 0
    assert "selesai" in capsys.readouterr().out.splitlines()[0]


def test_paths_cut_short_are_shown_then_the_error(main, capsys):
    assert main(["run", str(PROCESSES / "m5_pengawas.bpmn"), "--paths", "--max-paths",
                 "2"]) == 1
    captured = capsys.readouterr()
    assert re.match(r"Proses .+ \(M5_mekanisme\): 2 jalur pertama \(terpotong: lihat pesan "
                    r"di bawah\)", " ".join(captured.out.split()))
    assert "Jalur 2" in captured.out and "--write-decisions" not in captured.out
    assert "[M5_mekanisme] berhenti setelah 2 jalur" in captured.err


def test_cover_counts_only_what_decisions_can_reach(main, capsys):
    """M1's weekly monitoring and the sewaktu-waktu event subprocess start only when time
    passes: listed apart, and --cover exits 0 when every other flow is taken."""
    assert main(["run", "M1_mekanisme", "--library", str(PROCESSES), "--paths",
                 "--cover"]) == 0
    out = capsys.readouterr().out
    _fits(out)
    tail = out.splitlines()[-6:]
    covered, total = map(int, re.fullmatch(r"Cakupan alur: (\d+) dari (\d+) alur dilalui "
                                           r"\(\d+,\d%\)\.", tail[0]).groups())
    assert tail[1] == f"Semua {covered} alur yang dapat dicapai lewat keputusan dilalui."
    assert tail[2].startswith(f"{total - covered} alur dilalui hanya bila waktu berlalu atau "
                              "peristiwa terjadi")
    berkala = re.fullmatch(r"  - .+ \[M1b_pantau_berkala\] \(pewaktu\): (\d+) alur", tail[3])
    sewaktu = re.fullmatch(r"  - .+ \[M1b_pantau_sewaktu\] \(pewaktu\): (\d+) alur", tail[4])
    assert berkala and sewaktu
    assert int(berkala[1]) + int(sewaktu[1]) == total - covered
    assert "--task-time" in tail[5]


def test_the_pasal_15_3_requests_are_not_missing_flows(main, capsys):
    assert main(["run", str(PJ), "--paths"]) == 0
    out = capsys.readouterr().out
    assert "Cakupan alur: 12 dari 16 alur dilalui (75,0%)." in out
    assert "\n  - Permintaan laporan sewaktu-waktu (pewaktu): 4 alur\n" in out
    assert main(["run", str(PJ), "--paths", "--json"]) == 0
    cov = json.loads(capsys.readouterr().out)["coverage"]
    assert cov["missing_by_decisions"] == [] and len(cov["missing"]) == 4
    assert {r["trigger"] for r in cov["needs_time_or_event"]} == {"PJ_permintaan_sewaktu"}


def test_triggers_follow_boundary_timers_and_event_subprocesses():
    paths = enumerate_paths("M1_mekanisme", library=PROCESSES, cover=True)
    library = paths[0].result.run.library
    triggers = flow_triggers(library)
    berkala = {f for (_, f), t in triggers.items() if t.element_id == "M1b_pantau_berkala"}
    # the boundary's own flows and everything inside the subprocess it starts
    assert "M1b_pantau_berkala__M1b_pemantauan" in berkala
    assert "M1b_gw_pemantau__M1b_pantau_ketua" in berkala
    assert all(t.timer for t in triggers.values())
    # the main line of pelaksanaan is reached by decisions
    assert ("M1_pelaksanaan", "M1b_laksanakan__M1b_gw_kendala") not in triggers
    # and with time passing, the runs do take them (the count is what decisions miss)
    timed = run("M1_mekanisme", library=PROCESSES, decisions=M1_DECISIONS,
                task_time={"M1b_laksanakan": "P15D"})
    cov = flow_coverage([p.result for p in paths] + [timed])
    assert cov.missing_by_decisions == []
    assert len(cov.waiting_for_events) < 16


def test_paths_with_task_time_take_the_timer_flows_too(main, tmp_path, capsys):
    """Each path's decisions run again with time passing: M1's monitoring (who monitors is
    decided at the strategy, so it comes with --decisions) is then covered, 100 %."""
    base = tmp_path / "dasar.json"
    base.write_text(json.dumps({"M1a_rumuskan_strategi": {"pimpinan_memantau": True}}))
    sets = tmp_path / "jalur"
    assert main(["run", "M1_mekanisme", "--library", str(PROCESSES), "--paths", "--cover",
                 "--decisions", str(base), "--task-time", "M1b_laksanakan=P15D",
                 "--write-decisions", str(sets)]) == 0
    out = capsys.readouterr().out
    _fits(out)
    last = out.splitlines()[-1]
    assert re.fullmatch(r"Cakupan alur: (\d+) dari \1 alur dilalui \(100,0%\)\.", last), last
    assert "Memantau perkembangan dan memberi umpan balik" in " ".join(out.split())
    # the replay command carries the time too, and runs that path with its monitoring
    lines = out.splitlines()
    replay = lines[lines.index("  Putar ulang:") + 1]
    assert replay.endswith(f"--task-time M1b_laksanakan=P15D --decisions {sets / 'path-1.json'}")
    assert main([*replay.split("probisnis ", 1)[1].split(), "--json"]) == 0
    trace = json.loads(capsys.readouterr().out)["trace"]
    assert any(r["element_id"] == "M1b_pantau_ketua" for r in trace)
    # without the base decision, the monitoring gateway says what it misses
    assert main(["run", "M1_mekanisme", "--library", str(PROCESSES), "--paths", "--cover",
                 "--task-time", "M1b_laksanakan=P15D"]) == 1
    err = capsys.readouterr().err
    assert "[M1b_gw_pemantau" in err and "pimpinan_memantau" in err


def test_a_run_stopped_on_purpose_is_not_called_stuck(main, tmp_path, capsys):
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"T_work": {"butuh_tambahan": "ya"}}))
    assert main(["run", "P_call_main", "--library", str(DATA), "--decisions", str(decisions),
                 "--stop-after", "1", "--save", str(tmp_path / "s.json")]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert head.endswith(": berhenti sebelum akhir, 3 langkah") and "MACET" not in head
