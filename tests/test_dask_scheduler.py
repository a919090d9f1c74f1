"""``--scheduler``: a wrong or unanswered address is said in Bahasa Indonesia within seconds
(:mod:`probisnis.whatif.scheduler`), and :class:`DaskExecutor` cancels what it submitted
when submitting fails or is stopped."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import probisnis.whatif.scheduler as scheduler
from probisnis.cli import main
from probisnis.errors import ClusterError
from probisnis.whatif.executor import DaskExecutor
from probisnis.whatif.scheduler import Where, scheduler_address

ROOT = Path(__file__).resolve().parents[1]
M1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
VARIANT = ROOT / "simulations" / "m1_jfjp_berkurang.toml"

COMMANDS = {
    "simulate": ["simulate", str(M1), "--cases", "5", "--replications", "2"],
    "compare": ["compare", str(M1), str(VARIANT), "--replications", "2", "--cases", "5"],
    "sweep": ["sweep", str(M1), "--vary", "resources.JFJP.count=3,4", "--replications", "2",
              "--cases", "5"],
}


def closed_port() -> int:
    """A port nothing listens on (just freed by this process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A program listening on a port that accepts and says nothing (as a web server does):
    Dask's client waited for its handshake forever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    server.close()
    for conn in accepted:
        conn.close()


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.mark.parametrize("command", list(COMMANDS))
def test_nothing_listening_is_said_at_once_in_indonesian(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: Dask retried for its 10 s timeout, then exit 2 with its English words. Now
    the refused connection is told without asking Dask at all (its client never made)."""
    import distributed

    clients: list[Any] = []

    class Recorded:  # (a class: DaskExecutor asks isinstance(address, Client))
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            clients.append(args)

    monkeypatch.setattr(distributed, "Client", Recorded)
    address = f"tcp://127.0.0.1:{closed_port()}"
    out = tmp_path / "hasil"
    code, printed, err = run_cli(capsys, *COMMANDS[command], "--scheduler", address,
                                 "--out", str(out))
    assert code == 1 and printed == "" and "Traceback" not in err
    assert err == (f"--scheduler {address}: scheduler Dask tidak dapat dihubungi: tidak ada "
                   f"yang mendengarkan di 127.0.0.1 port {address.rsplit(':', 1)[1]} (koneksi "
                   "ditolak); periksa bahwa scheduler Dask berjalan di komputer itu (`dask "
                   "scheduler`, port bawaannya 8786) dan alamatnya ditulis dalam bentuk "
                   "tcp://host:8786")
    assert clients == []  # (Dask alone: its 10 s timeout; this: the refused connection)
    assert not out.exists()  # the output folder made for the run is gone with it


@pytest.mark.parametrize(("address", "why"), [
    ("nonsense", "nomor port-nya tidak ada"),
    ("tcp://10.0.0.5", "nomor port-nya tidak ada"),
    ("tcp://:8786", "nama atau alamat komputernya tidak ada"),
    ("tcp://10.0.0.5:port", "nomor port-nya bukan bilangan 1 sampai 65535"),
    ("tcp://10.0.0.5:8786/dask", "ada bagian lain setelah nomor port"),
    ("http://10.0.0.5:8786", "awalan http:// tidak dikenal Dask; yang dikenal: tcp://, "
                             "tls://, ws://, wss://, inproc://, ucx://"),
])
def test_an_address_of_the_wrong_form_says_how_to_write_it(
        address: str, why: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, err = run_cli(capsys, *COMMANDS["compare"], "--scheduler", address)
    assert code == 1 and printed == "" and "Traceback" not in err
    assert err == (f"--scheduler {address!r} bukan alamat scheduler Dask ({why}): tulis dalam "
                   "bentuk tcp://host:8786, misalnya tcp://10.0.0.5:8786")


def test_english_words_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *COMMANDS["sweep"], "--scheduler", "nonsense", "--lang", "en")
    assert code == 1
    assert err.startswith("--scheduler 'nonsense' is not a Dask scheduler address (no port "
                          "number): write it as tcp://host:8786")


def test_an_unknown_host_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *COMMANDS["simulate"], "--scheduler",
                           "tcp://tidak-ada.invalid:8786")
    assert code == 1
    assert "scheduler Dask tidak dapat dihubungi: nama komputer 'tidak-ada.invalid' tidak " \
           "dikenal" in err


def test_a_program_that_is_not_a_dask_scheduler_is_told_apart(
        silent_server: int, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(scheduler, "PROBE_SECONDS", 0.3)
    monkeypatch.setattr(scheduler.reach, "__defaults__", (0.3,))
    address = f"tcp://127.0.0.1:{silent_server}"
    code, _, err = run_cli(capsys, *COMMANDS["compare"], "--scheduler", address)
    assert code == 1
    assert (f"program yang mendengarkan di 127.0.0.1 port {silent_server} bukan scheduler "
            "Dask (tidak mengatakan apa-apa dalam 0.3 detik") in err


def test_the_address_forms_dask_takes_are_read() -> None:
    assert scheduler_address("tcp://10.0.0.5:8786") == Where("tcp", "10.0.0.5", 8786)
    assert scheduler_address("10.0.0.5:8786") == Where("tcp", "10.0.0.5", 8786)
    assert scheduler_address(" TLS://host.example:8786 ") == Where("tls", "host.example", 8786)
    assert scheduler_address("tcp://[::1]:8786") == Where("tcp", "::1", 8786)
    assert scheduler_address("inproc://192.0.2.2/1/1") == Where("inproc", None, None)
    with pytest.raises(ClusterError):
        scheduler_address("")


@pytest.fixture
def cluster() -> Iterator[Any]:
    import gc
    import warnings

    import distributed

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp://", dashboard_address=None) as local:
        yield local
    with warnings.catch_warnings():  # (what a Dask client leaves behind, collected here)
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_a_real_scheduler_passes_the_probe(cluster: Any, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *COMMANDS["simulate"], "--scheduler",
                           cluster.scheduler_address, "--out", str(tmp_path / "d"), "--json")
    assert code == 0, err
    assert (tmp_path / "d" / "kpis.csv").is_file()


def _slow(x: int) -> int:
    time.sleep(0.5)
    return x


@pytest.mark.parametrize("stop", [RuntimeError("the scheduler went away"), KeyboardInterrupt()],
                         ids=["error", "ctrl-c"])
def test_what_was_submitted_is_cancelled_when_submitting_stops(
        cluster: Any, monkeypatch: pytest.MonkeyPatch, stop: BaseException) -> None:
    """Before: the items were submitted outside the ``try``: an error or a Ctrl-C while
    handing them over left those already submitted running on the cluster."""
    import distributed

    with distributed.Client(cluster) as client:
        submitted: list[Any] = []
        real = client.submit

        def submit(fn: Any, *args: Any, **kw: Any) -> Any:
            if len(submitted) == 3:
                raise stop
            future = real(fn, *args, **kw)
            submitted.append(future)
            return future

        monkeypatch.setattr(client, "submit", submit)
        executor = DaskExecutor(client)
        if isinstance(stop, KeyboardInterrupt):
            outcome = executor.run(_slow, list(range(6)))
            assert outcome.interrupted and outcome.stop is stop
            assert outcome.results == [None] * 6
        else:
            with pytest.raises(RuntimeError, match="the scheduler went away"):
                executor.run(_slow, list(range(6)))
        assert len(submitted) == 3
        assert [f.status for f in submitted] == ["cancelled"] * 3
