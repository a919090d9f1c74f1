"""``sweep``: the grid, tidy results, charts, the saturation point; parallel and Dask runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from probisnis.cli import main
from probisnis.errors import ScenarioError, UsageError
from probisnis.whatif.compare import compare
from probisnis.whatif.executor import DaskExecutor, LocalExecutor, Outcome
from probisnis.whatif.sweep import parse_vary, saturation_points, sweep
from signal_senders import to_main_thread

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"


@pytest.mark.parametrize(("spec", "key", "values"), [
    ("resources.JFJP.count=3..6", "resources.JFJP.count", [3, 4, 5, 6]),
    ("resources.JFJP.count=2..10:4", "resources.JFJP.count", [2, 6, 10]),
    ("arrivals.rate=1,2.5,4", "arrivals.rate", [1, 2.5, 4]),
    ("attributes.ketua_tim.probabilities=x,y", "attributes.ketua_tim.probabilities",
     ["x", "y"]),
])
def test_parse_vary(spec: str, key: str, values: list[object]) -> None:
    assert parse_vary(spec) == (key, values)


@pytest.mark.parametrize("spec", ["x", "a=", "a=5..3", "a=1..x", "a=1,1", "=1,2"])
def test_parse_vary_refuses(spec: str) -> None:
    with pytest.raises(UsageError, match="--vary"):
        parse_vary(spec)


def test_saturation_is_found_from_the_least_loaded_end() -> None:
    points = pd.DataFrame({
        "k": [3, 4, 5, 6], "stable": [False, True, True, True],
        "max_utilization": [0.97, 0.9, 0.7, 0.5], "busiest_pool": ["P"] * 4,
        "saturated": [True, True, False, False]})
    (s,) = saturation_points(points, ["k"])
    assert (s.value, s.last_safe) == (4, 5) and "P 90%" in s.reason
    (s,) = saturation_points(points.iloc[::-1].reset_index(drop=True), ["k"])
    assert (s.value, s.last_safe) == (4, 5)
    calm = points.assign(saturated=False, stable=True)
    (s,) = saturation_points(calm, ["k"])
    assert s.value is None and s.last_safe == 3


def test_sweep_of_head_count_names_the_saturation_point(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    out = tmp_path / "sweep"
    code = main(["sweep", str(M1), "--vary", "resources.JFJP.count=3..6", "--replications",
                 "2", "--cases", "30", "--workers", "1", "--out", str(out)])
    text, err = capsys.readouterr()
    assert code == 0, err
    assert "Titik jenuh: resources.JFJP.count = " in text
    # the few-JF/JP end is the saturated one: the point is a small head count
    line = next(x for x in text.splitlines() if x.startswith("Titik jenuh"))
    assert int(line.split("= ")[1].split(" ")[0]) <= 5
    results = pd.read_parquet(out / "results.parquet")
    assert list(results.columns[:4]) == ["resources.JFJP.count", "name", "scope", "unit"]
    assert sorted(results["resources.JFJP.count"].unique()) == [3, 4, 5, 6]
    csv = pd.read_csv(out / "results.csv")
    assert len(csv) == len(results)
    for kpi in ("cycle_time_working", "utilization", "throughput"):
        png = out / f"{kpi}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    util = results[(results["name"] == "utilization") & (results["scope"] == "JFJP")]
    # fewer people, busier people
    assert util.sort_values("resources.JFJP.count")["mean"].is_monotonic_decreasing


def test_sweep_grid_of_two_keys_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sweep", str(M1), "--vary", "resources.JFJP.count=4,8", "--vary",
                 "arrivals.rate=1,2", "--replications", "2", "--cases", "20", "--workers",
                 "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["points"]) == 4
    assert [(p["resources.JFJP.count"], p["arrivals.rate"]) for p in doc["points"]] == [
        (4, 1), (4, 2), (8, 1), (8, 2)]
    assert len(doc["saturation"]) == 2  # one per arrival rate


def test_sweep_bad_key_is_an_error_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", str(M1), "--vary", "resources.JFJQ.count=1,2"]) == 1
    err = capsys.readouterr().err
    assert "[resources.JFJQ.count]" in err and "JFJP" in err
    assert main(["sweep", str(M1), "--vary", "resources.JFJP.count=0,1"]) == 1
    assert "[resources.JFJP.count]" in capsys.readouterr().err
    with pytest.raises(ScenarioError):
        sweep(str(M1), {"resources.JFJP": [1]})


# --- executors ----------------------------------------------------------------------------------


def _square(x: int) -> int:
    return x * x


def test_local_executor_keeps_item_order() -> None:
    assert LocalExecutor(2).run(_square, [3, 1, 2]).results == [9, 1, 4]
    assert LocalExecutor(1).run(_square, []).results == []


def test_results_are_identical_for_any_number_of_workers() -> None:
    variant = ROOT / "simulations" / "m1_jfjp_berkurang.toml"
    one = compare(str(M1), [str(variant)], replications=3, cases=20,
                  executor=LocalExecutor(1))
    two = compare(str(M1), [str(variant)], replications=3, cases=20,
                  executor=LocalExecutor(2))
    pd.testing.assert_frame_equal(one.table, two.table)
    pd.testing.assert_frame_equal(one.per_replication, two.per_replication)
    three = sweep(str(M1), {"resources.JFJP.count": [4, 8]}, replications=2, cases=20,
                  executor=LocalExecutor(3))
    single = sweep(str(M1), {"resources.JFJP.count": [4, 8]}, replications=2, cases=20)
    pd.testing.assert_frame_equal(three.summary, single.summary)


def test_dask_local_cluster_gives_the_local_results() -> None:
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        executor = DaskExecutor(client)
        assert executor.workers == 2
        far = sweep(str(M1), {"resources.JFJP.count": [4, 8]}, replications=2, cases=20,
                    executor=executor)
    here = sweep(str(M1), {"resources.JFJP.count": [4, 8]}, replications=2, cases=20)
    pd.testing.assert_frame_equal(far.summary, here.summary)
    pd.testing.assert_frame_equal(far.points, here.points)


class _Interrupting:
    """A fake executor: the first ``done`` items finish, then Ctrl-C."""

    workers = 1

    def __init__(self, done: int) -> None:
        self.done = done

    def run(self, fn, items, *, progress=False, desc=""):  # type: ignore[no-untyped-def]
        return Outcome([fn(x) if i < self.done else None for i, x in enumerate(items)],
                       interrupted=True)

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def test_ctrl_c_reports_the_finished_replications_marked_partial(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import probisnis.whatif.executor as ex

    monkeypatch.setattr(ex, "make_executor", lambda *a, **k: _Interrupting(5))
    code = main(["compare", str(M1), str(M1), "--replications", "4", "--cases", "10"])
    out = capsys.readouterr().out
    assert code == 130
    # replications run pair by pair: 5 finished jobs are 3 of the base, 2 of the variant
    assert "HASIL SEBAGIAN" in out and "m1_sekretariat_daerah.toml 3/4" in out
    assert "m1_sekretariat_daerah.toml' 2/4" in out


def test_local_executor_stops_cleanly_on_ctrl_c() -> None:
    calls = []

    def interrupt_third(x: int) -> int:
        calls.append(x)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return x

    outcome = LocalExecutor(1).run(interrupt_third, [1, 2, 3, 4])
    assert outcome.interrupted and outcome.results == [1, 2, None, None]
    assert outcome.finished == 2


def test_a_ctrl_c_while_the_pool_starts_shuts_it_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real SIGINT as the second item is handed to the pool (its processes starting): the
    run stops with what finished and no worker is left running (they were once left to
    work through every item before the program could exit)."""
    import multiprocessing
    import signal
    from concurrent.futures import Future, ProcessPoolExecutor

    from probisnis.outputs import stop_on_signals

    real = ProcessPoolExecutor.submit
    handed: list[Future[Any]] = []

    def submit(self: ProcessPoolExecutor, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = real(self, fn, *args, **kwargs)
        handed.append(future)
        if len(handed) == 2:
            to_main_thread(signal.SIGINT)
        return future

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    try:
        with stop_on_signals():
            outcome = LocalExecutor(2).run(_square, [1, 2, 3, 4, 5, 6])
    except KeyboardInterrupt:
        pytest.fail("the Ctrl-C went past LocalExecutor.run, its pool still running")
    assert outcome.interrupted and outcome.stop is not None
    assert outcome.results[2:] == [None] * 4 and len(handed) == 2
    assert multiprocessing.active_children() == []


def test_progress_bar_with_eta_on_stderr_only_when_asked(
        capsys: pytest.CaptureFixture[str]) -> None:
    LocalExecutor(1).run(_square, [1, 2, 3], progress=True, desc="replikasi")
    err = capsys.readouterr().err
    assert "replikasi" in err and "/3 [" in err and "<" in err  # tqdm: elapsed<remaining
    LocalExecutor(1).run(_square, [1, 2, 3])
    assert capsys.readouterr().err == ""


def test_compare_cli_on_a_dask_scheduler_address(capsys: pytest.CaptureFixture[str]) -> None:
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        code = main(["compare", str(M1), str(M1), "--replications", "2", "--cases", "10",
                     "--scheduler", cluster.scheduler_address, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert doc["completed"] == {"m1_sekretariat_daerah.toml": 2,
                                "m1_sekretariat_daerah.toml'": 2}
    assert all(k["difference"] == 0 for k in doc["kpis"] if k["difference"] is not None)
