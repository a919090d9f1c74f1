"""Save a half-finished run to JSON and carry on with it later.

The file holds the *state* of the run only: SpiffWorkflow's serialisation of
the task tree and its data (``BpmnWorkflowSerializer`` with the spiff
converters) *without* the process specifications, wrapped with what the runner
needs to continue: the process id, the library files and their SHA-256
digests, the ``allow_non_executable`` switch and the decisions.

A saved file may come from anyone, so :func:`restore` trusts none of it:

- every library path must name a regular ``.bpmn``/``.dmn`` file (no device,
  FIFO, folder or other kind of file) whose digest matches, checked before
  anything is parsed;
- the specifications are rebuilt from those verified files, never read from
  the state (a ``spec`` in the file is ignored), so an edited condition in it
  has no effect;
- only the serializer version this runner writes is accepted: SpiffWorkflow's
  migrations of older versions evaluate text from the file, and are never run.

Everything the restored run evaluates goes through the allow-list evaluator
unless ``trust_scripts`` is given.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.workflow import VERSION
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from probisnis.errors import RunError, UsageError
from probisnis.outputs import write_text_atomic
from probisnis.run.clock import shift_waiting_timers, wall_now
from probisnis.run.decisions import Decisions
from probisnis.run.engine import Run, RunResult, as_decisions, fresh_specs
from probisnis.run.loader import LoadedLibrary, load_library
from probisnis.run.reasons import json_reason, os_reason

__all__ = ["FORMAT", "restore", "save", "serializer"]

FORMAT = "probisnis-run/2"
#: formats restore reads (version 1 also held the specifications, which are ignored)
_READABLE = ("probisnis-run/1", FORMAT)
_SPEC_KEYS = ("spec", "subprocess_specs")
_LIBRARY_SUFFIXES = (".bpmn", ".dmn", ".xml")
#: bytes of a saved run, and of one library file, that restore reads at most
MAX_STATE_BYTES = 200 * 1024 * 1024
MAX_LIBRARY_FILE_BYTES = 50 * 1024 * 1024
MAX_LIBRARY_FILES = 2_000

_NOT_SAVED = "bukan berkas simpanan `probisnis run --save`"
#: a field's type as the message names it
_TYPE_WORDS = {str: "teks", bool: "true/false", int: "bilangan bulat", list: "daftar",
               dict: "tabel"}


def serializer() -> BpmnWorkflowSerializer:
    """SpiffWorkflow's JSON serializer configured for the spiff task classes the runner uses."""
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def save(state: Run | RunResult, path: str | Path) -> Path:
    """Write ``state`` (a :class:`Run` or its :class:`RunResult`) to ``path`` as JSON."""
    run = state.run if isinstance(state, RunResult) else state
    workflow = json.loads(serializer().serialize_json(run.workflow))
    specs = {"": workflow.pop("spec", {}), **workflow.pop("subprocess_specs", {})}
    # SpiffWorkflow wires a message-started pool into its parent spec while running:
    # keep only that wiring (which task spec follows which), never the specs themselves
    workflow["connections"] = {
        name: {t: {"inputs": d.get("inputs", []), "outputs": d.get("outputs", [])}
               for t, d in (spec or {}).get("task_specs", {}).items()}
        for name, spec in specs.items()
    }
    library_key, allow_non_executable, _cwd = run.library.key
    document: dict[str, Any] = {
        "format": FORMAT,
        "process_id": run.process_id,
        "allow_non_executable": allow_non_executable,
        "files": [{"path": p, "sha256": d} for p, d in library_key],
        "decisions": dict(run.decisions.raw),
        "decisions_source": run.decisions.source,
        "human_tasks_done": run.human_tasks_done,
        # the run's clock: seconds it is ahead, the offset each waiting timer was armed at,
        # and when it was saved (the time on disk is not run time: restore moves the timers)
        "clock": {"offset": run.clock.offset.total_seconds(),
                  "armed": {str(k): v.total_seconds() for k, v in run.clock.armed.items()},
                  "saved_at": wall_now().isoformat()},
        "workflow": workflow,
    }
    target = Path(path)
    write_text_atomic(target, json.dumps(document, ensure_ascii=False, indent=1))
    return target


def _regular_file(path: Path, limit: int, what: str, shown: str) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes."""
    try:
        info = path.stat()
    except OSError as exc:
        raise RunError(f"{what} {path}: {os_reason(exc)}", path=shown) from None
    if not stat.S_ISREG(info.st_mode):
        raise RunError(f"{what} {path} bukan berkas biasa", path=shown)
    if info.st_size > limit:
        raise RunError(f"{what} {path} lebih besar dari {limit // (1024 * 1024)} MB", path=shown)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RunError(f"{what} {path}: {os_reason(exc)}", path=shown) from None


def _read_document(source: Path) -> dict[str, Any]:
    try:
        info = source.stat()
    except OSError as exc:
        raise UsageError(f"tidak dapat membaca berkas simpanan {source}: {os_reason(exc)}"
                         ) from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"berkas simpanan {source} bukan berkas biasa")
    data = _regular_file(source, MAX_STATE_BYTES, "berkas simpanan", str(source))
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise RunError(f"{_NOT_SAVED}: bukan teks UTF-8", path=str(source)) from None
    except json.JSONDecodeError as exc:
        raise RunError(f"{_NOT_SAVED}: JSON tidak sah: {json_reason(exc)}", path=str(source),
                       line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise RunError(f"{_NOT_SAVED}: {exc}", path=str(source)) from None
    if not isinstance(document, dict) or document.get("format") not in _READABLE:
        raise RunError(f"{_NOT_SAVED} (format yang diharapkan {FORMAT!r})", path=str(source))
    return document


def _field(document: Mapping[str, Any], key: str, kind: type, source: Path) -> Any:
    value = document.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RunError(f"berkas simpanan: {key!r} harus berupa {_TYPE_WORDS[kind]}",
                       path=str(source),
                       element_id=key)
    return value


def _library_files(document: Mapping[str, Any], source: Path) -> tuple[Path, ...]:
    """The library files named in the state, each a verified regular BPMN/DMN file."""
    entries = _field(document, "files", list, source)
    if not entries or len(entries) > MAX_LIBRARY_FILES:
        raise RunError(f"berkas simpanan: 'files' harus berisi 1 sampai "
                       f"{MAX_LIBRARY_FILES} berkas",
                       path=str(source), element_id="files")
    files: list[Path] = []
    changed: list[str] = []
    for number, entry in enumerate(entries):
        key = f"files[{number}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) \
                or not isinstance(entry.get("sha256"), str):
            raise RunError("berkas simpanan: setiap berkas perlu 'path' dan 'sha256'",
                           path=str(source), element_id=key)
        path = Path(entry["path"])
        if path.suffix.lower() not in _LIBRARY_SUFFIXES or "\x00" in entry["path"]:
            raise RunError(f"berkas simpanan: {entry['path']!r} bukan berkas .bpmn atau "
                           ".dmn",
                           path=str(source), element_id=key)
        data = _regular_file(path, MAX_LIBRARY_FILE_BYTES, "berkas pustaka", str(source))
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            changed.append(entry["path"])
        files.append(path)
    if changed:
        raise RunError(f"pustaka proses berubah sejak jalannya disimpan: {', '.join(changed)} "
                       "(jalankan ulang dari awal dengan model yang baru)", path=str(source))
    return tuple(files)


def _workflow(document: Mapping[str, Any], library: LoadedLibrary, process_id: str,
              source: Path) -> Any:
    """The saved task tree on the specifications rebuilt from the verified library."""
    state = _field(document, "workflow", dict, source)
    version = state.get(BpmnWorkflowSerializer.VERSION_KEY)
    if version != VERSION:
        raise RunError(f"berkas simpanan: serializer_version {version!r} tidak didukung "
                       f"(versi ini hanya membaca {VERSION!r}; versi lama tidak dikonversi)",
                       path=str(source), element_id="workflow.serializer_version")
    dct = {k: v for k, v in state.items() if k not in _SPEC_KEYS}
    dct.pop(BpmnWorkflowSerializer.VERSION_KEY)
    connections = dct.pop("connections", {})
    codec = serializer()
    spec, subprocess_specs = fresh_specs(library, process_id)
    dct["spec"] = codec.to_dict(spec)
    dct["subprocess_specs"] = {name: codec.to_dict(s) for name, s in subprocess_specs.items()}
    if isinstance(connections, dict):
        _rewire(dct, connections, source)
    try:
        return codec.from_dict(dct)
    except Exception as exc:  # a state that does not fit the verified specifications
        raise RunError(f"berkas simpanan tidak cocok dengan pustaka proses: "
                       f"{type(exc).__name__}: {exc}", path=str(source),
                       element_id="workflow") from None


def _rewire(dct: dict[str, Any], connections: Mapping[str, Any], source: Path) -> None:
    """Apply the saved wiring between task specs that exist in the rebuilt specs."""
    specs = {"": dct["spec"], **dct["subprocess_specs"]}
    for name, wiring in connections.items():
        spec = specs.get(name)
        if spec is None or not isinstance(wiring, dict):
            continue
        tasks = spec.get("task_specs", {})
        for task_name, links in wiring.items():
            if task_name not in tasks or not isinstance(links, dict):
                raise RunError(f"berkas simpanan menyebut tugas {task_name!r} yang tidak ada "
                               "di pustaka proses", path=str(source), element_id=task_name)
            for key in ("inputs", "outputs"):
                names = links.get(key, [])
                if not isinstance(names, list) or any(n not in tasks for n in names):
                    raise RunError(f"berkas simpanan menghubungkan {task_name!r} dengan "
                                   "tugas yang tidak ada di pustaka proses", path=str(source),
                                   element_id=task_name)
                tasks[task_name][key] = list(names)


def restore(
    path: str | Path,
    *,
    decisions: Decisions | dict[str, Any] | str | Path | None = None,
    trust_scripts: bool = False,
) -> Run:
    """A :class:`Run` continuing the one saved in ``path``.

    ``decisions`` replaces the saved decisions (visits already made still
    count: a list continues where the saved run stopped).
    """
    source = Path(path)
    document = _read_document(source)
    process_id = _field(document, "process_id", str, source)
    allow_non_executable = _field(document, "allow_non_executable", bool, source)
    files = _library_files(document, source)
    library = load_library(files, allow_non_executable=allow_non_executable)
    workflow = _workflow(document, library, process_id, source)
    _catch_up(workflow, document, source)  # before the run takes a step on the wall clock
    if decisions is None:
        saved = document.get("decisions") or {}
        origin = document.get("decisions_source")
        chosen = Decisions.from_mapping(saved, source=origin if isinstance(origin, str) else None)
    else:
        chosen = as_decisions(decisions)
    run = Run(library, process_id, chosen, workflow=workflow, trust_scripts=trust_scripts)
    done = document.get("human_tasks_done", 0)
    run.human_tasks_done = done if isinstance(done, int) and not isinstance(done, bool) else 0
    _restore_clock(run, document, source)
    return run


def _seconds(value: Any, key: str, source: Path) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e12:
        raise RunError(f"berkas simpanan: {key!r} harus berupa jumlah detik tidak negatif",
                       path=str(source), element_id=key)
    return timedelta(seconds=value)


def _catch_up(workflow: Any, document: Mapping[str, Any], source: Path) -> None:
    """Move the waiting timers later by the time since the run was saved
    (:func:`probisnis.run.clock.shift_waiting_timers`; a file without ``saved_at``: as saved)."""
    clock = document.get("clock")
    saved_at = clock.get("saved_at") if isinstance(clock, dict) else None
    if saved_at is None:
        return
    try:
        when = datetime.fromisoformat(saved_at) if isinstance(saved_at, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise RunError("berkas simpanan: 'clock.saved_at' harus berupa waktu ISO 8601 dengan "
                       "zona waktu", path=str(source), element_id="clock.saved_at")
    shift_waiting_timers(workflow, wall_now() - when)


def _restore_clock(run: Run, document: Mapping[str, Any], source: Path) -> None:
    """The run's clock as saved (a file without one: the clock had not moved)."""
    clock = document.get("clock")
    if clock is None:
        return
    if not isinstance(clock, dict) or not isinstance(clock.get("armed", {}), dict):
        raise RunError("berkas simpanan: 'clock' harus berupa tabel {offset, armed}",
                       path=str(source), element_id="clock")
    run.clock.offset = _seconds(clock.get("offset", 0), "clock.offset", source)
    for key, value in clock.get("armed", {}).items():
        try:
            task_id = UUID(key)
        except ValueError:
            raise RunError(f"berkas simpanan: {key!r} bukan id tugas", path=str(source),
                           element_id="clock.armed") from None
        run.clock.armed[task_id] = _seconds(value, f"clock.armed.{key}", source)
