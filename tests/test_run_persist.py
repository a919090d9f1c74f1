"""Save a half-finished run with SpiffWorkflow's serializer, restore it, finish it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from probisnis.errors import RunError
from probisnis.run import Run, restore, run, save

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "run"
PERMIT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "permit.bpmn"

CASES = [
    # (process file, process id, decisions, allow_non_executable)
    (DATA / "call_main.bpmn", None,
     {"T_plan": {"x": 1}, "T_work": [{"butuh_tambahan": "ya"}]}, False),
    (DATA / "loop.bpmn", None, {"T_review": [{"sesuai": False}] * 3 + [{"sesuai": True}]}, False),
    (DATA / "parallel.bpmn", None, {"T_a": {"a": 1}, "T_b": {"b": 2}}, False),
    (PERMIT, None, {"G_complete": ["f_no", "f_no", "f_yes"]}, True),
    (DATA / "collab.bpmn", "C_collab", {"T_siapkan": {"kirim": True}}, False),
    (DATA / "timers.bpmn", None, {}, False),
    (DATA / "subprocess.bpmn", None, {"T_anggota": [{"b": 1}, {"b": 2}, {"b": 3}]}, False),
]


@pytest.mark.parametrize(("path", "process_id", "decisions", "descriptive"), CASES,
                         ids=[c[0].stem for c in CASES])
def test_every_split_point_restores_to_the_uninterrupted_run(
    tmp_path, path, process_id, decisions, descriptive
):
    full = run(path, process_id=process_id, decisions=decisions,
               allow_non_executable=descriptive)
    assert full.completed
    human = int(full.activities["kind"].isin(["userTask", "task", "manualTask"]).sum())
    assert human >= 2
    for stop in range(1, human):
        state = Run.start(path, process_id=process_id, decisions=decisions,
                          allow_non_executable=descriptive)
        half = state.run(stop_after=stop)
        assert not half.completed
        saved = save(half, tmp_path / f"state{stop}.json")
        assert json.loads(saved.read_text())["format"] == "probisnis-run/2"
        del state, half
        again = restore(saved)
        assert again.workflow is not full.workflow
        finished = again.run()
        assert finished.completed
        assert finished.trace.equals(full.trace), stop
        assert finished.data == full.data


def test_saved_file_is_spiffworkflow_serialisation():
    state = Run.start(DATA / "loop.bpmn", decisions={"T_review": [{"sesuai": True}]})
    state.run(stop_after=1)
    from probisnis.run.persist import serializer

    document = json.loads(json.dumps({"w": json.loads(serializer().serialize_json(
        state.workflow))}))
    restored = serializer().deserialize_json(json.dumps(document["w"]))
    names = sorted(t.task_spec.name for t in restored.get_tasks())
    assert names == sorted(t.task_spec.name for t in state.workflow.get_tasks())


def test_restore_with_new_decisions_continues_the_list(tmp_path):
    state = Run.start(DATA / "loop.bpmn", decisions={"T_review": [{"sesuai": False}]})
    state.run(stop_after=2)  # T_draft, T_review (rejected)
    save(state, tmp_path / "s.json")
    # the saved list is used up: give a longer one; visit 2 takes its second entry
    again = restore(tmp_path / "s.json",
                    decisions={"T_review": [{"sesuai": False}, {"sesuai": True}]})
    result = again.run()
    assert list(result.activities["element_id"]) == [
        "T_draft", "T_review", "T_revise", "T_review"]


def test_restore_refuses_a_changed_library(tmp_path):
    for name in ("loop.bpmn",):
        shutil.copy(DATA / name, tmp_path)
    state = Run.start(tmp_path / "loop.bpmn", decisions={"T_review": [{"sesuai": True}]})
    state.run(stop_after=1)
    save(state, tmp_path / "s.json")
    path = tmp_path / "loop.bpmn"
    path.write_text(path.read_text().replace("Mereviu", "Memeriksa"))
    with pytest.raises(RunError, match="pustaka proses berubah sejak jalannya disimpan"):
        restore(tmp_path / "s.json")


def test_restore_rejects_other_json(tmp_path):
    (tmp_path / "x.json").write_text('{"a": 1}')
    with pytest.raises(RunError, match="bukan berkas simpanan"):
        restore(tmp_path / "x.json")


# -- a saved run from anyone: inert data, verified files ----------------------------------

def _saved(tmp_path: Path) -> tuple[Path, dict]:
    shutil.copy(DATA / "exclusive.bpmn", tmp_path)
    state = Run.start(tmp_path / "exclusive.bpmn")
    state.run(stop_after=0)
    saved = save(state, tmp_path / "s.json")
    return saved, json.loads(saved.read_text())


def test_the_state_holds_no_specification(tmp_path):
    _, document = _saved(tmp_path)
    assert "spec" not in document["workflow"] and "subprocess_specs" not in document["workflow"]
    assert "conditionExpression" not in json.dumps(document)
    assert "amount > 100" not in json.dumps(document)


def test_an_edited_specification_in_the_state_is_ignored(tmp_path):
    saved, document = _saved(tmp_path)
    marker = tmp_path / "marker"
    from probisnis.run.persist import serializer

    full = json.loads(serializer().serialize_json(Run.start(tmp_path / "exclusive.bpmn").workflow))
    text = json.dumps(full["spec"]).replace(
        "amount > 100", f"__import__('os').system('touch {marker}') or amount > 100")
    assert "__import__" in text
    document["workflow"]["spec"] = json.loads(text)
    saved.write_text(json.dumps(document))
    result = restore(saved, decisions={"T_submit": {"amount": 150}}).run()
    assert result.completed and "T_large" in list(result.trace["element_id"])
    assert not marker.exists()


def test_other_serializer_versions_are_refused_before_any_migration(tmp_path):
    saved, document = _saved(tmp_path)
    marker = tmp_path / "marker"
    document["workflow"]["serializer_version"] = "1.1"
    document["workflow"]["tasks"] = {"x": {"internal_data": {
        "event_value": f"__import__('os').system('touch {marker}')"}}}
    saved.write_text(json.dumps(document))
    with pytest.raises(RunError, match=r"serializer_version '1.1' tidak didukung"):
        restore(saved)
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "symlink-to-device", "shadow",
                                  "missing"])
def test_library_paths_in_the_state_are_checked(tmp_path, kind):
    import os

    saved, document = _saved(tmp_path)
    target = {
        "dev-zero": "/dev/zero",
        "shadow": "/etc/shadow",
        "missing": str(tmp_path / "gone.bpmn"),
    }.get(kind)
    if kind == "fifo":
        target = str(tmp_path / "pipe.bpmn")
        os.mkfifo(target)
    elif kind == "folder":
        target = str(tmp_path / "dir.bpmn")
        os.mkdir(target)
    elif kind == "symlink-to-device":
        target = str(tmp_path / "link.bpmn")
        os.symlink("/dev/zero", target)
    document["files"] = [{"path": target, "sha256": "0" * 64}]
    saved.write_text(json.dumps(document))
    words = {"dev-zero": "bukan berkas .bpmn atau .dmn", "shadow": "bukan berkas .bpmn atau .dmn",
             "missing": "berkas tidak ada"}.get(kind, "bukan berkas biasa")
    with pytest.raises(RunError, match=words):
        restore(saved)


def test_a_state_file_that_is_not_a_regular_file_is_refused(tmp_path):
    import os

    from probisnis.errors import UsageError

    os.mkfifo(tmp_path / "state.json")
    with pytest.raises(UsageError, match="bukan berkas biasa"):
        restore(tmp_path / "state.json")


def test_the_runs_clock_is_saved_and_a_bad_clock_is_refused(tmp_path):
    """After the 1-hour wait fired (the clock 1 hour ahead), a saved run continues on that
    clock: the 3-day deadline fires at 3 days 1 hour, as in the uninterrupted run."""
    state = Run.start(DATA / "timers.bpmn")
    half = state.run(stop_after=2)
    saved = save(half, tmp_path / "s.json")
    document = json.loads(saved.read_text())
    assert document["clock"]["offset"] == 3600
    assert list(restore(saved).run().trace["elapsed"])[-1] == 3600 + 3 * 86400
    for clock, key in (([1], "clock"), ({"offset": -5}, "clock.offset"),
                       ({"offset": 0, "armed": {"x": 1}}, "clock.armed")):
        (tmp_path / "bad.json").write_text(json.dumps({**document, "clock": clock}))
        with pytest.raises(RunError, match=r"berkas simpanan") as caught:
            restore(tmp_path / "bad.json")
        assert caught.value.element_id == key


class _LaterClock:
    """The wall clock as SpiffWorkflow and the run's clock read it, moved forward at will
    (the time between saving a run and resuming it, without waiting for it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import datetime as dt

        import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer

        import probisnis.run.clock as clock

        self.ahead = dt.timedelta(0)
        outer = self

        class Later(dt.datetime):
            @classmethod
            def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
                return dt.datetime.now(tz) + outer.ahead

        monkeypatch.setattr(spiff_timer, "datetime", Later)
        monkeypatch.setattr(clock, "datetime", Later)


@pytest.mark.parametrize("gap", [0.6, 86400.0, 4 * 86400.0])  # seconds between save and resume
def test_the_time_a_saved_run_spends_on_disk_is_not_run_time(tmp_path, monkeypatch, gap):
    """Resumed later (0.6 s on a loaded machine, a day, four days), the 3-day deadline still
    fires at 3 days 1 hour, as in the uninterrupted run (it once fired a day early when
    resumed a day later, 1 s early after 0.6 s, and four days later the run was stuck)."""
    from datetime import timedelta

    wall = _LaterClock(monkeypatch)
    whole = Run.start(DATA / "timers.bpmn").run()
    saved = save(Run.start(DATA / "timers.bpmn").run(stop_after=2), tmp_path / "s.json")
    wall.ahead = timedelta(seconds=gap)
    resumed = restore(saved).run()
    assert list(resumed.trace["elapsed"]) == list(whole.trace["elapsed"])
    assert list(resumed.trace["element_id"]) == list(whole.trace["element_id"])
    assert list(whole.trace["elapsed"])[-1] == 3600 + 3 * 86400


def test_waiting_duration_and_cycle_timers_move_with_the_time_on_disk():
    from datetime import timedelta

    from probisnis.run.clock import shift_waiting_timers
    from probisnis.run.trace import all_tasks

    deadline = Run.start(DATA / "timers.bpmn")
    deadline.run(stop_after=2)  # the 3-day deadline waits
    cycle = Run.start(ROOT / "processes" / "pertanggungjawaban.bpmn",  # every 10 days
                      decisions={"PJ_siapkan": {"bentuk": "tim_kerja"}})
    for r in (deadline, cycle):
        before = {t.id: r.clock.due(t) for t in all_tasks(r.workflow)}
        before = {k: v for k, v in before.items() if v is not None}
        assert before
        shift_waiting_timers(r.workflow, timedelta(days=2, seconds=5))
        after = {t.id: r.clock.due(t) for t in all_tasks(r.workflow) if t.id in before}
        assert after == {k: v + timedelta(days=2, seconds=5) for k, v in before.items()}


def test_a_bad_saved_at_is_refused(tmp_path):
    saved = save(Run.start(DATA / "timers.bpmn").run(stop_after=2), tmp_path / "s.json")
    document = json.loads(saved.read_text())
    assert "saved_at" in document["clock"]
    for bad in ("kemarin", 5, "2026-12-04T10:00:00"):  # no zone: not a moment
        (tmp_path / "bad.json").write_text(
            json.dumps({**document, "clock": {**document["clock"], "saved_at": bad}}))
        with pytest.raises(RunError, match=r"clock\.saved_at") as caught:
            restore(tmp_path / "bad.json")
        assert caught.value.element_id == "clock.saved_at"
