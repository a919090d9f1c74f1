"""Replications of ``simulate`` on several processes or a Dask cluster give the bytes of the
run one after another: the event log, case and resource tables, the Parquet log of
``--out`` and the printed page (:mod:`probisnis.sim.parallel`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest

from probisnis.cli import main
from probisnis.errors import UsageError
from probisnis.outputs import Interrupted, read_manifest, stop_on_signals
from probisnis.sim import parallel
from probisnis.sim.prosimos import load_prosimos
from probisnis.sim.runner import simulate
from probisnis.sim.scenario import Scenario
from probisnis.sim.scenario_toml import load_scenario
from probisnis.whatif.executor import DaskExecutor, LocalExecutor, Outcome
from signal_senders import OtherThread, to_main_thread
from test_simulate_signals import _size

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
PENUGASAN = ROOT / "simulations" / "penugasan_1c_penunjukkan_lintas_instansi.toml"
BENCH = ROOT.parent / "shared" / "bench"
PERMIT = ROOT / "tests" / "data" / "sim" / "permit.toml"
BATCHED = ROOT / "simulations" / "m1_tinjau_sekda_berkelompok.toml"


def tables(result: Any) -> tuple[Any, ...]:
    """Everything a run hands over, as comparable values."""
    return (result.log.to_csv(), result.cases.to_csv(), result.resources.to_csv(),
            result.ends, result.horizon, [str(w) for w in result.warnings], result.kernel,
            sorted(result.calendars))


def permit() -> Scenario:
    return load_prosimos(BENCH / "permit.bpmn", BENCH / "permit.json", cases=600, seed=3,
                         replications=1)


@pytest.mark.parametrize("make", [
    lambda: load_scenario(M1),            # heap kernel, bundled scenario
    lambda: load_scenario(PENUGASAN),     # messages: the simpy kernel
    permit,                               # a Prosimos import
    lambda: load_scenario(BATCHED),       # batches: the log's batch_id column
], ids=["m1", "penugasan_1c", "permit", "batched"])
def test_any_number_of_workers_gives_the_sequential_tables(make: Any) -> None:
    scenario = make()
    one = tables(simulate(scenario, replications=5, cases=40))
    for workers in (2, 3):
        assert tables(simulate(scenario, replications=5, cases=40, workers=workers)) == one
    # a horizon instead of a case count: replications end at different times
    by_time = tables(simulate(scenario, replications=3, horizon=20 * 86_400))
    assert tables(simulate(scenario, replications=3, horizon=20 * 86_400, workers=2)) == by_time


def test_replication_i_draws_from_its_own_spawned_seed() -> None:
    scenario = load_scenario(M1)
    whole = simulate(scenario, replications=4, cases=30, seed=11, workers=2)
    third = np.random.SeedSequence(11).spawn(4)[2]
    assert (third.entropy, third.spawn_key) == (11, (2,))
    alone = simulate(scenario, replications=4, cases=30, seed=11)
    rows = whole.log[whole.log["replication"] == 2].reset_index(drop=True)
    assert rows.equals(alone.log[alone.log["replication"] == 2].reset_index(drop=True))


@pytest.mark.parametrize("path", [M1, BATCHED], ids=["m1", "batched"])
def test_the_parquet_log_is_the_same_file(tmp_path: Path, path: Path) -> None:
    scenario = load_scenario(path)
    here = tmp_path / "here.parquet"
    there = tmp_path / "there.parquet"
    a = simulate(scenario, replications=4, cases=50, log_path=here, chunk_rows=300)
    b = simulate(scenario, replications=4, cases=50, log_path=there, chunk_rows=300,
                 workers=2)
    assert here.read_bytes() == there.read_bytes()
    assert pq.ParquetFile(there).metadata.num_row_groups > 4  # several groups per part
    assert tables(a) == tables(b) and b.log_path == str(there)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here.parquet", "there.parquet"]


def test_pack_keeps_read_only_mappings() -> None:
    scenario = load_scenario(M1)
    with pytest.raises(TypeError, match="mappingproxy"):
        import pickle

        pickle.dumps(scenario)
    again = parallel.unpack(parallel.pack(scenario))
    assert type(again.pools) is type(scenario.pools) and dict(again.pools) == dict(
        scenario.pools)


@pytest.mark.parametrize(("first", "remaining", "workers", "wanted"), [
    (0.01, 4, 2, False),     # 40 ms of work: a pool costs more
    (1.0, 4, 2, True),       # 4 s one after another, 2 s on two
    (1.0, 1, 2, False),      # one left: nothing to share
    (1.0, 7, 1, False),      # one core
    (0.2, 3, 2, False),      # 0.6 s vs 0.4 s: the gain does not pay the start
    (0.2, 9, 8, True),
])
def test_a_pool_only_when_it_ends_sooner(first: float, remaining: int, workers: int,
                                         wanted: bool) -> None:
    assert parallel.worth_a_pool(first, remaining, workers) is wanted


class _Spy(LocalExecutor):
    """A local pool that records which replications it was given."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.given: list[int] = []

    def run(self, fn: Any, items: Any, **kw: Any) -> Outcome:
        self.given.extend(item.index for item in items)
        return super().run(fn, items, **kw)


@pytest.mark.parametrize(("start", "pooled"), [(1e9, []), (0.0, [1, 2, 3])])
def test_auto_times_the_first_replication_here(monkeypatch: pytest.MonkeyPatch,
                                               start: float, pooled: list[int]) -> None:
    import probisnis.whatif.executor as ex

    spy = _Spy(2)
    monkeypatch.setattr(ex, "make_executor", lambda *a, **k: spy)
    monkeypatch.setattr(parallel, "POOL_START", start)
    scenario = load_scenario(M1)
    auto = simulate(scenario, replications=4, cases=30, workers="auto")
    assert spy.given == pooled
    assert tables(auto) == tables(simulate(scenario, replications=4, cases=30))


def test_one_replication_never_starts_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    import probisnis.whatif.executor as ex

    def refuse(*a: Any, **k: Any) -> None:
        raise AssertionError("a pool was made")

    monkeypatch.setattr(ex, "make_executor", refuse)
    simulate(load_scenario(M1), replications=1, cases=5, workers="auto")
    simulate(load_scenario(M1), replications=1, cases=5, workers=4)
    simulate(load_scenario(M1), replications=3, cases=5, workers=1)


@pytest.mark.parametrize("workers", [0, -1, True, "2", 1.5])
def test_a_worker_count_below_one_is_refused(workers: Any) -> None:
    with pytest.raises(UsageError, match="--workers harus >= 1"):
        simulate(load_scenario(M1), replications=2, cases=5, workers=workers)


@pytest.fixture
def dask_sockets() -> Any:
    """Collect what a Dask client or cluster leaves behind (a socket it never closed) here,
    rather than in whichever later test the garbage collector happens to run in."""
    import gc
    import warnings

    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.mark.usefixtures("dask_sockets")
def test_a_dask_cluster_gives_the_same_tables_and_file(tmp_path: Path) -> None:
    import distributed

    scenario = load_scenario(M1)
    here = simulate(scenario, replications=3, cases=30, log_path=tmp_path / "a.parquet",
                    chunk_rows=200)
    # in-process, over inproc:// (no TCP port that another test run could hold)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="inproc://", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        far = simulate(scenario, replications=3, cases=30, log_path=tmp_path / "b.parquet",
                       chunk_rows=200, executor=DaskExecutor(client))
        in_memory = simulate(scenario, replications=3, cases=30,
                             scheduler=cluster.scheduler_address)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert tables(far) == tables(here)
    assert tables(in_memory) == tables(simulate(scenario, replications=3, cases=30))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet", "b.parquet"]


class _StopsAfter(LocalExecutor):
    """Runs the first ``done`` items here, then stops as SIGTERM would."""

    def __init__(self, done: int) -> None:
        super().__init__(2)
        self.done = done

    def run(self, fn: Any, items: Any, **kw: Any) -> Outcome:
        results = [fn(x) if i < self.done else None for i, x in enumerate(items)]
        return Outcome(results, interrupted=True, stop=Interrupted(signal.SIGTERM))


def test_a_stop_keeps_the_finished_replications_in_order(tmp_path: Path) -> None:
    scenario = load_scenario(M1)
    log = tmp_path / "log.parquet"
    with pytest.raises(Interrupted) as stopped:
        simulate(scenario, replications=4, cases=30, log_path=log, executor=_StopsAfter(2))
    assert stopped.value.exit_status == 143
    whole = simulate(scenario, replications=4, cases=30)
    kept = pq.read_table(log).to_pandas()
    assert sorted(set(kept["replication"])) == [0, 1]
    assert len(kept) == int((whole.log["replication"] < 2).sum())
    assert [p.name for p in tmp_path.iterdir()] == ["log.parquet"]  # no parts left


@pytest.mark.parametrize("by", ["main thread", "other thread"])
@pytest.mark.parametrize("moment", ["a part made", "all parts made"])
def test_a_signal_as_the_parts_are_made_leaves_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, by: str,
) -> None:
    """A real SIGINT the moment the second part file exists, or the moment the last one
    does: the parts were once made outside the block that removes them."""
    import tempfile

    import probisnis.outputs.atomic as atomic

    send = to_main_thread if by == "main thread" else OtherThread().send
    made: list[str] = []
    if moment == "a part made":
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            fd, name = real_mkstemp(*args, **kwargs)
            made.append(name)
            if len(made) == 2:
                send(signal.SIGINT)
            return fd, name

        monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    else:
        real_parts = parallel.part_paths

        def part_paths(target: Any, count: int) -> list[str]:
            parts = real_parts(target, count)
            made.extend(parts)
            send(signal.SIGINT)
            return parts

        monkeypatch.setattr(parallel, "part_paths", part_paths)
    with pytest.raises(Interrupted), stop_on_signals():
        simulate(load_scenario(M1), replications=3, cases=20, log_path=tmp_path / "log.parquet",
                 executor=LocalExecutor(2))
    assert len(made) >= 2 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_a_second_signal_as_the_parts_are_removed_waits_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str,
) -> None:
    send = to_main_thread if by == "main thread" else OtherThread().send
    real = parallel.remove

    def remove(paths: Any) -> None:
        send(signal.SIGINT)  # Ctrl-C again as the stopped run removes its parts
        real(paths)

    monkeypatch.setattr(parallel, "remove", remove)
    log = tmp_path / "log.parquet"
    with pytest.raises(Interrupted), stop_on_signals():
        simulate(load_scenario(M1), replications=4, cases=30, log_path=log,
                 executor=_StopsAfter(2))
    assert [p.name for p in tmp_path.iterdir()] == ["log.parquet"]  # no parts left


# ------------------------------------------------------------------------- the command
def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["simulate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_printed_page_and_json_are_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--replications", "4", "--cases", "40")
    code, one, _ = run_cli(capsys, str(M1), *base, "--workers", "1")
    assert code == 0
    assert run_cli(capsys, str(M1), *base, "--workers", "2")[1] == one
    assert run_cli(capsys, str(M1), *base)[1] == one  # the default (auto)
    js = [json.loads(run_cli(capsys, str(M1), *base, "--workers", w, "--json")[1])
          for w in ("1", "3")]
    assert js[0] == js[1]


def test_out_folder_files_are_the_same(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    for w in ("1", "2"):
        code, _, err = run_cli(capsys, str(M1), "--replications", "3", "--cases", "40",
                               "--workers", w, "--out", str(tmp_path / w))
        assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "2").iterdir())
    assert "event_log.parquet" in names and not any(n.endswith(".part") for n in names)
    for name in names:
        if name != "manifest.json":  # it records the options and the clock
            assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    assert read_manifest(tmp_path / "2")["status"] == "complete"


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "0"], "--workers harus >= 1, bukan 0"),
    (["--workers", "2", "--scheduler", "tcp://x:1"], "pilih salah satu: --workers"),
])
def test_wrong_options_are_said_in_indonesian(capsys: pytest.CaptureFixture[str],
                                              args: list[str], message: str) -> None:
    code, out, err = run_cli(capsys, str(M1), "--cases", "5", *args)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_a_streamed_run_gives_the_same_files_and_kpis(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pages = {}
    for w in ("1", "2"):
        code, pages[w], err = run_cli(capsys, str(M1), "--replications", "3", "--cases", "60",
                                      "--warmup-cases", "5", "--workers", w, "--stream",
                                      "--out", str(tmp_path / w))
        assert code == 0, err
    assert pages["1"].replace(str(tmp_path / "1"), "X") == pages["2"].replace(
        str(tmp_path / "2"), "X")
    names = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert "cases.parquet" in names and names == sorted(p.name for p in
                                                        (tmp_path / "2").iterdir())
    for name in names:
        if name != "manifest.json":
            assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


@pytest.mark.parametrize("make", [lambda: load_scenario(M1), lambda: load_scenario(PERMIT),
                                  lambda: load_scenario(PENUGASAN),
                                  lambda: load_scenario(BATCHED)],
                         ids=["m1", "permit", "penugasan_1c", "batched"])
def test_streamed_replications_in_parallel_are_the_sequential_files(
        tmp_path: Path, make: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from probisnis.sim.streamed import StreamedRun

    # small row groups: one run one after another fills them across replications, and the
    # joined parts must be regrouped so
    monkeypatch.setattr(StreamedRun, "group_rows", 700)
    scenario = make()
    out: dict[Any, Any] = {}
    monkeypatch.setattr(parallel, "POOL_START", 0.0)  # "auto" then starts the pool too
    for w in (1, 2, "auto"):
        log, cases = tmp_path / f"log{w}.parquet", tmp_path / f"cases{w}.parquet"
        r = simulate(scenario, replications=4, cases=200, horizon=None, log_path=log,
                     cases_path=cases, warmup_cases=10, workers=w)
        out[w] = (log.read_bytes(), cases.read_bytes(), r.per_replication.to_csv(),
                  r.status_counts, r.resources.to_csv(), r.ends, r.n_cases)
    assert out[1] == out[2] == out["auto"]
    assert pq.ParquetFile(tmp_path / "log2.parquet").metadata.num_row_groups > 1
    assert len(list(tmp_path.iterdir())) == 6  # no parts left


def test_stream_on_a_cluster_says_it_runs_here(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # the cluster is not even asked: a streamed run writes its files on this machine
    code, _, err = run_cli(capsys, str(M1), "--replications", "2", "--cases", "20",
                           "--scheduler", "tcp://127.0.0.1:1", "--stream",
                           "--out", str(tmp_path / "s"))
    assert code == 0, err
    assert "--stream menulis berkasnya di komputer ini" in err
    assert read_manifest(tmp_path / "s")["status"] == "complete"


def test_a_stopped_cli_run_marks_its_partial_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import probisnis.whatif.executor as ex

    monkeypatch.setattr(ex, "make_executor", lambda *a, **k: _StopsAfter(1))
    out = tmp_path / "o"
    code, _, err = run_cli(capsys, str(M1), "--replications", "3", "--cases", "20",
                           "--workers", "2", "--out", str(out))
    assert code == 143 and "SIGTERM" in err
    doc = read_manifest(out)
    assert doc["status"] == "partial" and list(doc["files"]) == ["event_log_parquet_partial"]
    kept = pq.read_table(out / "event_log.partial.parquet").to_pandas()
    assert set(kept["replication"]) == {0}
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


@pytest.mark.slow
def test_ctrl_c_on_a_real_pool_stops_cleanly(tmp_path: Path) -> None:
    """A real SIGINT to a real ``simulate --workers 2 --out`` process: exit 130, the
    replications that finished are whole in the partial log, no worker or part is left."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "probisnis", "simulate", str(PERMIT), "--cases", "40000",
           "--replications", "6", "--workers", "2", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(_size(p) > 4
                                        for p in out.glob(".event_log.parquet.*.part"))):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert read_manifest(out)["status"] == "partial"
    assert not list(out.glob(".*.part"))
    partial = out / "event_log.partial.parquet"
    if partial.exists():  # the replications that finished, each whole
        kept = pq.read_table(partial).to_pandas()
        scenario = load_scenario(PERMIT)
        whole = simulate(scenario, cases=40000, replications=6)
        for r in set(kept["replication"]):
            assert (kept["replication"] == r).sum() == (whole.log["replication"] == r).sum()


def test_parts_are_named_as_the_leftovers_the_next_run_removes(tmp_path: Path) -> None:
    from probisnis.outputs.atomic import new_temporary
    from probisnis.sim.outputs import _clean_leftovers

    tmp = new_temporary(tmp_path / "event_log.parquet")  # what SimulationOutputs hands over
    parts = parallel.part_paths(tmp, 3)
    assert all(Path(p).name.startswith(".event_log.parquet.") and p.endswith(".part")
               for p in parts)
    note = _clean_leftovers(tmp_path, ["event_log.parquet"])  # a killed run, then a new one
    assert note is not None and "4 berkas sementara" in note
    assert list(tmp_path.iterdir()) == []


def test_a_stopped_streamed_run_keeps_whole_replications_of_both_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import probisnis.whatif.executor as ex

    monkeypatch.setattr(ex, "make_executor", lambda *a, **k: _StopsAfter(2))
    out = tmp_path / "o"
    code, _, err = run_cli(capsys, str(M1), "--replications", "4", "--cases", "30",
                           "--workers", "2", "--stream", "--out", str(out))
    assert code == 143 and "SIGTERM" in err
    doc = read_manifest(out)
    assert doc["status"] == "partial"
    assert sorted(doc["files"]) == ["cases_parquet_partial", "event_log_parquet_partial"]
    whole = simulate(load_scenario(M1), replications=4, cases=30)
    log = pq.read_table(out / "event_log.partial.parquet").to_pandas()
    cases = pq.read_table(out / "cases.partial.parquet").to_pandas()
    assert sorted(set(log["replication"])) == sorted(set(cases["replication"])) == [0, 1]
    assert len(log) == int((whole.log["replication"] < 2).sum())
    assert len(cases) == 60
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


class _Here(LocalExecutor):
    """Runs the items in this process (what a worker does, without the pool)."""

    def __init__(self) -> None:
        super().__init__(2)

    def run(self, fn: Any, items: Any, **kw: Any) -> Outcome:
        return Outcome([fn(x) for x in items])


def test_a_failing_replication_leaves_no_part_and_is_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import pickle

    import probisnis.whatif.executor as ex
    from probisnis.errors import SimulationError

    real = parallel._replicate

    def third_fails(compiled: Any, seed: Any, index: int, *args: Any) -> Any:
        if index == 2:
            raise SimulationError("replikasi 3 gagal", path="skenario.toml")
        return real(compiled, seed, index, *args)

    monkeypatch.setattr(parallel, "_replicate", third_fails)
    # what a worker raises reaches the caller whole (pickled back by the pool)
    again = pickle.loads(pickle.dumps(SimulationError("replikasi 3 gagal", path="s.toml")))
    assert str(again) == "s.toml: replikasi 3 gagal"
    with pytest.raises(SimulationError, match="replikasi 3 gagal"):
        simulate(load_scenario(M1), replications=4, cases=20, executor=_Here(),
                 log_path=tmp_path / "log.parquet")
    assert list(tmp_path.iterdir()) == []  # no part, and no log that looks whole
    monkeypatch.setattr(ex, "make_executor", lambda *a, **k: _Here())
    code, _, err = run_cli(capsys, str(M1), "--replications", "4", "--cases", "20",
                             "--workers", "2", "--out", str(tmp_path / "o"))
    assert code == 1 and "replikasi 3 gagal" in err and "Traceback" not in err
    assert read_manifest(tmp_path / "o")["status"] == "failed"
    assert not [p for p in (tmp_path / "o").iterdir() if p.name.endswith(".part")]
