"""Signals held back by ``signals_deferred`` whichever thread of the process they reach.

A process that has threads besides the main one (pyarrow's pool, a progress bar's monitor)
may get a signal on any of them; Python then runs its handler in the main thread at once,
whatever the main thread's signal mask. The tests send real signals at the moment that
matters (:mod:`signal_senders`), from the main thread and from another one.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from probisnis.outputs import Interrupted, Manifest, OutputFolder, read_manifest
from probisnis.outputs.interrupt import signals_deferred, stop_on_signals
from signal_senders import OtherThread, to_main_thread

SIGNALS = [signal.SIGINT, signal.SIGTERM]


def _sender(by: str) -> Callable[[int], None]:
    if by == "main thread":
        return to_main_thread
    return OtherThread().send  # started now, before the moment: as pyarrow's threads are


@pytest.mark.parametrize("by", ["main thread", "other thread"])
@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_inside_the_block_waits_until_it_ends(sig: signal.Signals, by: str) -> None:
    send = _sender(by)
    steps: list[str] = []
    with pytest.raises(Interrupted) as stopped, stop_on_signals():
        with signals_deferred():
            send(sig)
            steps.append("after the signal")
            with signals_deferred():  # an inner block does not deliver it
                pass
            steps.append("end of the block")
        steps.append("never")
    assert steps == ["after the signal", "end of the block"]
    assert stopped.value.signum == sig
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_without_stop_on_signals_a_held_ctrl_c_is_a_keyboard_interrupt(by: str) -> None:
    send = _sender(by)
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt) as stopped, signals_deferred():
        send(signal.SIGINT)
        steps.append("end of the block")
    assert steps == ["end of the block"] and type(stopped.value) is KeyboardInterrupt
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_nothing_held_nothing_raised_and_handlers_as_they_were() -> None:
    with stop_on_signals():
        with signals_deferred():
            pass
        with pytest.raises(Interrupted):  # outside a deferred block: at once
            to_main_thread(signal.SIGTERM)
            for _ in range(3):  # the handler runs at the next bytecodes
                pass
    with signals_deferred():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_a_signal_right_after_the_rename_still_finds_the_file_in_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str,
) -> None:
    """The rename of a finished file and its entry in the manifest happen together: a
    signal between the two once left a whole file the manifest did not list (and the
    interrupted run then removed it as an earlier run's)."""
    folder = OutputFolder(tmp_path / "o", Manifest("test", {}), names=("b.txt",))
    send = _sender(by)
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        real(src, dst)
        send(signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Interrupted), stop_on_signals(), folder.file("b", "b.txt") as tmp:
        tmp.write_text("whole")
    monkeypatch.setattr(os, "replace", real)
    assert (tmp_path / "o" / "b.txt").read_text() == "whole"
    assert folder.manifest.files["b"]["path"] == "b.txt"
    folder.finish("partial")
    assert list(read_manifest(tmp_path / "o")["files"]) == ["b"]
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["b.txt", "manifest.json"]


def _first_signal() -> None:
    """SIGINT to the main thread, raised as :class:`Interrupted` at the next bytecodes."""
    to_main_thread(signal.SIGINT)
    for _ in range(3):
        pass


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_a_second_signal_while_the_partial_file_is_kept_waits_for_it(
    tmp_path: Path, by: str,
) -> None:
    """Ctrl-C twice: the second while the interrupted file is being kept as the partial
    one (it once left the temporary file behind and nothing kept)."""
    folder = OutputFolder(tmp_path / "o", Manifest("test", {}),
                          names=("b.txt", "b.partial.txt"))
    send = _sender(by)

    def describe(tmp: Path) -> dict[str, Any]:
        send(signal.SIGTERM)
        return {"rows": 1}

    with pytest.raises(Interrupted) as stopped, stop_on_signals(), folder.file(
            "b", "b.txt", partial="b.partial.txt", describe=describe) as tmp:
        tmp.write_text("half")
        _first_signal()
    assert stopped.value.signum == signal.SIGTERM  # the second, delivered once it was kept
    assert folder.manifest.files["b_partial"]["rows"] == 1
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["b.partial.txt",
                                                                  "manifest.json"]


@pytest.mark.parametrize("by", ["main thread", "other thread"])
def test_a_second_signal_as_the_temporary_file_is_removed_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str,
) -> None:
    import probisnis.outputs.atomic as atomic

    send = _sender(by)
    real = atomic.unlink_quietly

    def unlink_quietly(path: Any) -> None:
        send(signal.SIGTERM)  # the second signal, as the cleanup begins
        real(path)

    monkeypatch.setattr(atomic, "unlink_quietly", unlink_quietly)
    (tmp_path / "a.txt").write_text("old")
    with pytest.raises(Interrupted), stop_on_signals(), \
            atomic.atomic_path(tmp_path / "a.txt") as tmp:
        tmp.write_text("half")
        _first_signal()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "old"
