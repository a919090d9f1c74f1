"""Save a half-finished run to JSON and carry on with it later.

The file holds SpiffWorkflow's own serialisation of the workflow
(``BpmnWorkflowSerializer`` with the spiff converters: specs, task tree, data)
wrapped with what the runner needs to continue: the process id, the library
files and their SHA-256 digests, the ``allow_non_executable`` switch and the
decisions. :func:`restore` refuses a library whose files changed since the
save, since the saved task tree would no longer match the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from probisnis.errors import RunError, UsageError
from probisnis.run.decisions import Decisions
from probisnis.run.engine import Run, RunResult, as_decisions
from probisnis.run.loader import load_library

__all__ = ["FORMAT", "restore", "save", "serializer"]

FORMAT = "probisnis-run/1"


def serializer() -> BpmnWorkflowSerializer:
    """SpiffWorkflow's JSON serializer configured for the spiff task classes the runner uses."""
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def save(state: Run | RunResult, path: str | Path) -> Path:
    """Write ``state`` (a :class:`Run` or its :class:`RunResult`) to ``path`` as JSON."""
    run = state.run if isinstance(state, RunResult) else state
    workflow_json = serializer().serialize_json(run.workflow)
    library_key, allow_non_executable, _cwd = run.library.key
    document: dict[str, Any] = {
        "format": FORMAT,
        "process_id": run.process_id,
        "allow_non_executable": allow_non_executable,
        "files": [{"path": p, "sha256": d} for p, d in library_key],
        "decisions": dict(run.decisions.raw),
        "decisions_source": run.decisions.source,
        "human_tasks_done": run.human_tasks_done,
        "workflow": json.loads(workflow_json),
    }
    target = Path(path)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def restore(
    path: str | Path, *, decisions: Decisions | dict[str, Any] | str | Path | None = None
) -> Run:
    """A :class:`Run` continuing the one saved in ``path``.

    ``decisions`` replaces the saved decisions (visits already made still
    count: a list continues where the saved run stopped).
    """
    source = Path(path)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read saved run {source}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise RunError(f"not a saved run: {exc.msg}", path=str(source), line=exc.lineno) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RunError(f"not a saved run (expected format {FORMAT!r})", path=str(source))
    files = tuple(Path(entry["path"]) for entry in document["files"])
    library = load_library(files, allow_non_executable=bool(document["allow_non_executable"]))
    saved = {entry["path"]: entry["sha256"] for entry in document["files"]}
    current = dict(library.key[0])
    changed = sorted(p for p in saved if current.get(p) != saved[p])
    if changed:
        raise RunError(f"the process library changed since the run was saved: {', '.join(changed)}",
                       path=str(source))
    workflow = serializer().deserialize_json(json.dumps(document["workflow"]))
    if decisions is None:
        chosen = Decisions.from_mapping(document.get("decisions") or {},
                                        source=document.get("decisions_source"))
    else:
        chosen = as_decisions(decisions)
    run = Run(library, str(document["process_id"]), chosen, workflow=workflow)
    run.human_tasks_done = int(document.get("human_tasks_done", 0))
    return run
