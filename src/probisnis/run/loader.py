"""Find the process library, parse it once with SpiffWorkflow and cache the specs.

A *library* is the BPMN and DMN files a run can use: the file being run plus
the files of its folder that define the processes it calls and the decisions
it uses (transitively), or every ``*.bpmn``/``*.bpmn20.xml``/``*.dmn`` file of
``--library DIR``. Call activities resolve against all of it; business-rule
tasks against its DMN decisions. :func:`load_library` keys its cache by the files' paths and SHA-256
digests (and the ``allow_non_executable`` switch), so a second run in the same
process with unchanged files parses nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.exceptions import WorkflowException

from probisnis.bpmn.reader import read_tree
from probisnis.bpmn.xml import BPMN_NS, local_name, parse_bytes
from probisnis.errors import BpmnError, RunError, UsageError
from probisnis.expressions.audit import Refusal, dmn_code, model_code, refused
from probisnis.hints import maksudnya, suggest
from probisnis.present.notices import Notice
from probisnis.run.index import ContainerInfo, NodeInfo, index_document
from probisnis.run.parser import CAMUNDA_NS, RunParser
from probisnis.run.prepare import (
    message_names,
    prepare_document,
    reserved_renames,
    signal_names,
)
from probisnis.run.reasons import os_reason
from probisnis.run.spiff_messages import FLAG_HINT, called_hint, translate

__all__ = [
    "LoadedLibrary",
    "clear_cache",
    "default_library_dir",
    "library_files",
    "load_library",
    "resolve_process",
]

_CHILD_SUFFIX = " [child]"
#: where a called process is looked for, as the messages say
_WHERE_CALLED = ("berkasnya harus berada di folder pustaka (folder berkas yang dijalankan, atau "
                 "--library DIR)")
#: SpiffWorkflow's words for a called process it cannot find (and the ids it suggests)
_NOT_FOUND = re.compile(r"The process '([^']+)' was not found"
                        r"(?:\. Did you mean one of the following: (.+?)\??)?$")


def default_library_dir() -> Path | None:
    """``processes/`` of the working directory, else of the repository holding this package."""
    here = Path.cwd() / "processes"
    if here.is_dir():
        return here
    repo = Path(__file__).resolve().parents[3] / "processes"
    return repo if repo.is_dir() else None


def is_bpmn_name(path: Path) -> bool:
    """``*.bpmn``, or Camunda's and Activiti's ``*.bpmn20.xml``."""
    name = path.name.lower()
    return name.endswith(".bpmn") or name.endswith(".bpmn20.xml")


def _is_library_file(path: Path) -> bool:
    return (is_bpmn_name(path) or path.suffix.lower() == ".dmn") and path.is_file()


def library_files(library: Path, extra: Path | None = None) -> tuple[Path, ...]:
    """The BPMN and DMN files of ``library`` (sorted), plus ``extra`` if outside it."""
    if not library.is_dir():
        raise UsageError(f"folder pustaka tidak ditemukan: {library}")
    files = sorted(p.resolve() for p in library.iterdir() if _is_library_file(p))
    if extra is not None and extra.resolve() not in files:
        files.append(extra.resolve())
    return tuple(files)


@dataclass(slots=True)
class LoadedLibrary:
    """A parsed library: the SpiffWorkflow parser, the element index and the rewrites."""

    files: tuple[str, ...]
    key: tuple[Any, ...]
    allow_non_executable: bool
    parser: RunParser
    containers: dict[str, ContainerInfo]
    #: top-level process id -> its container
    processes: dict[str, ContainerInfo]
    #: container spec name -> {SpiffWorkflow task spec name -> original id}
    original_ids: dict[str, dict[str, str]]
    #: (container spec name, original gateway id) of gateways routed by the decisions file
    routed: frozenset[tuple[str, str]]
    #: DMN decision ids available to business-rule tasks
    decisions: frozenset[str]
    #: conditions, scripts and DMN entries the allow-list evaluator refuses
    refusals: tuple[Refusal, ...] = ()
    #: (container spec name, original id) of elements traced as plain steps (run/gaps.py)
    plain: frozenset[tuple[str, str]] = frozenset()
    #: top-level process id -> what the run assumed about its file (run/implicit.py, gaps.py)
    notices: dict[str, tuple[Notice, ...]] = field(default_factory=dict)
    _specs: dict[str, tuple[Any, dict[str, Any]]] = field(default_factory=dict)

    def original_id(self, container: str, spec_name: str) -> str | None:
        """Original element id of a SpiffWorkflow task spec, ``None`` for Spiff's own specs."""
        name = spec_name[: -len(_CHILD_SUFFIX)] if spec_name.endswith(_CHILD_SUFFIX) else spec_name
        mapping = self.original_ids.get(container, {})
        return mapping.get(name)

    def node(self, container: str, spec_name: str) -> NodeInfo | None:
        original = self.original_id(container, spec_name)
        info = self.containers.get(container)
        if original is None or info is None:
            return None
        return info.nodes.get(original)

    def nodes_by_id(self, element_id: str) -> list[NodeInfo]:
        """Every node with this original id, in any container (``PROCESS:ID`` narrows it)."""
        process, _, bare = element_id.rpartition(":")
        return [
            n
            for c in self.containers.values()
            for n in c.nodes.values()
            if n.id == bare and (not process or n.process_id == process)
        ]

    def spec(self, process_id: str) -> tuple[Any, dict[str, Any]]:
        """(BpmnProcessSpec, subprocess specs) of ``process_id``, parsed once."""
        cached = self._specs.get(process_id)
        if cached is not None:
            return cached
        info = self.processes.get(process_id)
        if info is None and process_id in self.parser.collaborations:
            return self._collaboration(process_id)
        if info is None:
            known = ", ".join(sorted(self.processes)) or "tidak ada"
            hint = maksudnya(suggest(process_id, self.processes))
            raise UsageError(f"tidak ada proses '{process_id}' di pustaka{hint} (proses yang "
                             f"ada: {known})")
        if not info.is_executable and not self.allow_non_executable:
            raise RunError(
                'proses ini tidak dapat dijalankan (isExecutable="false")' + FLAG_HINT,
                path=info.path,
                line=info.line,
                element_id=process_id,
            )
        if not info.nodes:  # an empty pool (run/implicit.py leaves it out of collaborations)
            raise RunError("proses ini tidak berisi langkah apa pun: tidak ada yang dapat "
                           "dijalankan", path=info.path, line=info.line, element_id=process_id)
        try:
            top = self.parser.get_spec(process_id)
            subs = self.parser.get_subprocess_specs(process_id)
        except ValidationException as exc:
            raise self._validation_error(exc, info) from None
        for spec in (top, *subs.values()):
            if spec is not None:
                plain_forks(spec)
        missing = sorted(name for name, spec in subs.items() if spec is None)
        if missing:
            raise RunError(f"proses yang dipanggil aktivitas pemanggil (callActivity) tidak "
                           f"ada di pustaka: {', '.join(missing)}; {_WHERE_CALLED}",
                           path=info.path, line=info.line, element_id=process_id)
        self._specs[process_id] = (top, subs)
        return top, subs

    def _collaboration(self, collaboration_id: str) -> tuple[Any, dict[str, Any]]:
        """A collaboration run as one workflow: every executable pool starts at once and
        their message flows connect (SpiffWorkflow's ``get_collaboration``)."""
        try:
            top, subs = self.parser.get_collaboration(collaboration_id)
        except ValidationException as exc:
            raise self._validation_error(exc) from None
        except WorkflowException as exc:
            raise RunError(f"SpiffWorkflow tidak dapat menjalankan kolaborasi ini: "
                           f"{translate(str(exc), allow_non_executable=self.allow_non_executable)}",
                           element_id=collaboration_id) from None
        for spec in (top, *subs.values()):
            if spec is not None:
                plain_forks(spec)
        self._specs[collaboration_id] = (top, subs)
        return top, subs

    def _validation_error(self, exc: ValidationException,
                          info: ContainerInfo | None = None) -> RunError:
        message = str(exc).rstrip(". ")
        called = _NOT_FOUND.match(message)
        if called is not None and info is not None:  # a call activity's target
            near = called_hint(called.group(1), called.group(2) or "")
            return RunError(f"proses '{called.group(1)}' yang dipanggil aktivitas pemanggil "
                            f"(callActivity) tidak ada di pustaka{near}: {_WHERE_CALLED}",
                            path=info.path, line=info.line, element_id=info.process_id)
        element = getattr(exc, "id", "") or None
        path = getattr(exc, "file_name", "") or None
        called = _NOT_FOUND.match(message)
        if element is None and called is not None:  # the call activity calling it
            caller = self._caller(called.group(1))
            if caller is not None:
                return RunError(translate(message), path=caller[0], line=caller[1],
                                element_id=caller[2])
        line = None
        original = element
        for container in self.containers.values():
            if path and container.path != path:
                continue
            name = self.original_ids.get(container.spec_name, {}).get(element or "")
            if name is not None:
                original = name
                node = container.nodes.get(name)
                line = node.line if node else None
                break
            flow = container.flows.get(element or "")
            if flow is not None:
                line = flow.line
                break
        return RunError(translate(message, allow_non_executable=self.allow_non_executable),
                        path=path, line=line, element_id=original)


    def _caller(self, process_id: str) -> tuple[str, int | None, str] | None:
        """(path, line, id) of a call activity calling ``process_id``, if one does."""
        for parser in self.parser.process_parsers.values():
            found = parser.node.xpath(".//bpmn:callActivity[@calledElement=$i]",
                                      namespaces={"bpmn": BPMN_NS}, i=process_id)
            if found:
                spec_id = found[0].get("id", "")
                original = next((o for m in self.original_ids.values()
                                 for n, o in m.items() if n == spec_id), spec_id)
                return parser.filename, found[0].sourceline, original
        return None


def _fork_update(self: Any, my_task: Any) -> bool:
    my_task._inherit_data()
    return True


def plain_forks(spec: Any) -> None:
    """Let parallel gateways with one incoming flow (forks, not joins) skip the join check.

    SpiffWorkflow treats every parallel gateway as a possible join: each time one
    is reached it compares the new instance with every earlier one by walking
    the task tree's ancestry, so a fork inside a loop made each pass slower
    than the last (cubic in the passes: a loop of plain tasks through a fork
    seemed to hang). A gateway with one incoming flow waits for nothing; it
    fires at once and passes its data on.
    """
    for task_spec in spec.task_specs.values():
        if isinstance(task_spec, ParallelGateway) and len(task_spec.inputs) == 1:
            task_spec._update_hook = types.MethodType(_fork_update, task_spec)
            task_spec._run_hook = types.MethodType(_fork_update, task_spec)


_CACHE: dict[tuple[Any, ...], LoadedLibrary] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every parsed library (tests; long-lived processes watching files)."""
    with _LOCK:
        _CACHE.clear()


def display_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it, else as is."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _digest(path: Path) -> tuple[str, str, bytes]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"tidak dapat membaca {path}: {os_reason(exc)}") from None
    return str(path), hashlib.sha256(data).hexdigest(), data


def load_library(files: tuple[Path, ...], *, allow_non_executable: bool = False) -> LoadedLibrary:
    """Parse ``files`` (BPMN and DMN) into a :class:`LoadedLibrary`; cached while unchanged."""
    contents = [_digest(p) for p in files]
    # the working directory is part of the key because messages show paths relative to it
    key = (tuple((p, d) for p, d, _ in contents), allow_non_executable, str(Path.cwd()))
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        library = _parse(contents, key, allow_non_executable)
        _CACHE[key] = library
        return library


def _parse(
    contents: list[tuple[str, str, bytes]], key: tuple[Any, ...], allow_non_executable: bool
) -> LoadedLibrary:
    roots = []
    for path, _digest_hex, data in contents:
        shown = display_path(path)
        root = parse_bytes(data, shown).getroot()
        roots.append((shown, root))
    thrown: set[str] = set()
    caught: set[str] = set()
    signals: set[str] = set()
    for path, root in roots:
        if not path.endswith(".dmn"):
            t, c = message_names(root)
            thrown |= t
            caught |= c
            signals |= signal_names(root)

    parser = RunParser()
    containers: dict[str, ContainerInfo] = {}
    processes: dict[str, ContainerInfo] = {}
    original_ids: dict[str, dict[str, str]] = {}
    routed: set[tuple[str, str]] = set()
    decisions = {e.get("id", "") for path, root in roots if path.endswith(".dmn")
                 for e in root.iter() if isinstance(e.tag, str)
                 and local_name(e) == "decision" and e.get("id")}
    refusals: list[Refusal] = []
    plain: set[tuple[str, str]] = set()
    notices: dict[str, list[Notice]] = {}
    for path, root in roots:
        if path.endswith(".dmn"):
            refusals.extend(refused(dmn_code(root, path)))
            try:
                parser.add_dmn_xml(root, filename=path)
            except ValidationException as exc:
                raise BpmnError(f"SpiffWorkflow tidak dapat membaca berkas DMN ini: {exc}",
                                path=path) from None
            continue
        renamed = reserved_renames(root)
        # index first (the model as written: original kinds, conditions and lines),
        # keyed by SpiffWorkflow's names; then rewrite the tree for SpiffWorkflow
        defs = read_tree(root.getroottree(), path)
        refusals.extend(refused(model_code(defs)))
        doc_containers = index_document(defs, root, renamed)
        prepared = prepare_document(root, renamed=renamed, thrown=thrown, caught=caught,
                                    allow_non_executable=allow_non_executable, path=path,
                                    decisions=decisions, signals=signals)
        for process_id, said in prepared.notices:
            notices.setdefault(process_id, []).append(said)
        for spec_name, info in doc_containers.items():
            if spec_name in containers:
                other = containers[spec_name]
                raise BpmnError(
                    f"id proses ini didefinisikan dua kali di pustaka (juga di "
                    f"{other.path}:{other.line}): ganti salah satunya",
                    path=path, line=info.line, element_id=info.original_id,
                )
            containers[spec_name] = info
            original_ids[spec_name] = {renamed.get(n, n): n for n in info.nodes}
            if info.original_id == info.process_id:
                processes[info.process_id] = info
            routed.update((spec_name, g) for g in prepared.routed if g in info.nodes)
            plain.update((spec_name, n) for n in prepared.plain if n in info.nodes)
        try:
            parser.add_bpmn_xml(root, filename=path)
        except ValidationException as exc:
            raise _document_error(exc, root, path, allow_non_executable) from None
    files = tuple(display_path(p) for p, _, _ in contents)
    return LoadedLibrary(
        files=files,
        key=key,
        allow_non_executable=allow_non_executable,
        parser=parser,
        containers=containers,
        processes=processes,
        original_ids=original_ids,
        routed=frozenset(routed),
        decisions=frozenset(decisions),
        refusals=tuple(refusals),
        plain=frozenset(plain),
        notices={k: tuple(v) for k, v in notices.items()},
    )


def _document_error(exc: ValidationException, root: Any, path: str,
                    allow_non_executable: bool) -> BpmnError:
    """The error for a document SpiffWorkflow refuses as a whole, at the element it names."""
    element_id = getattr(exc, "id", "") or None
    line = None
    if element_id:
        found = root.xpath("//*[@id=$i]", i=element_id)
        line = found[0].sourceline if found else None
    return BpmnError(translate(str(exc), allow_non_executable=allow_non_executable),
                     path=path, line=line, element_id=element_id)


def _references(root: Any) -> tuple[set[str], set[str], set[str], set[str]]:
    """(process ids defined, decision ids defined, processes called, decisions used)."""
    defined_p: set[str] = set()
    defined_d: set[str] = set()
    called: set[str] = set()
    used: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = local_name(element)
        if name == "process" and element.get("id"):
            defined_p.add(element.get("id", ""))
        elif name == "decision" and element.get("id"):
            defined_d.add(element.get("id", ""))
        elif name == "callActivity" and element.get("calledElement"):
            called.add(element.get("calledElement", ""))
        elif name == "businessRuleTask":
            ref = element.get(f"{{{CAMUNDA_NS}}}decisionRef")
            if ref:
                used.add(ref)
        elif name == "calledDecisionId" and (element.text or "").strip():
            used.add((element.text or "").strip())
    return defined_p, defined_d, called, used


def _scan(path: Path) -> tuple[set[str], set[str], set[str], set[str]] | None:
    """:func:`_references` of a file, ``None`` when it cannot be read (not ours to report)."""
    try:
        return _references(parse_bytes(path.read_bytes(), str(path)).getroot())
    except (OSError, BpmnError):
        return None


def with_targets(file: Path) -> tuple[Path, ...]:
    """``file`` plus the files of its folder that define what it calls, transitively.

    Call activities' processes and business-rule tasks' decisions are looked
    up among the folder's BPMN and DMN files; an unrelated or broken sibling
    file is never loaded. A target found nowhere is left for the run to report.
    """
    mine = _scan(file)
    if mine is None:
        return (file,)  # the run will report why it cannot be read
    siblings: dict[Path, tuple[set[str], set[str], set[str], set[str]]] = {}
    for path in sorted(file.parent.iterdir()):
        if path.resolve() != file and _is_library_file(path):
            found = _scan(path)
            if found is not None:
                siblings[path.resolve()] = found
    chosen = [file]
    defined_p, defined_d = set(mine[0]), set(mine[1])
    pending_p, pending_d = set(mine[2]), set(mine[3])
    while True:
        need_p, need_d = pending_p - defined_p, pending_d - defined_d
        extra = next((p for p, refs in siblings.items() if p not in chosen
                      and (refs[0] & need_p or refs[1] & need_d)), None)
        if extra is None:
            break
        chosen.append(extra)
        refs = siblings[extra]
        defined_p |= refs[0]
        defined_d |= refs[1]
        pending_p |= refs[2]
        pending_d |= refs[3]
    return (file, *sorted(chosen[1:]))


def resolve_process(
    process: str | os.PathLike[str], *, library: str | os.PathLike[str] | None = None
) -> tuple[tuple[Path, ...], Path | None, str | None]:
    """Turn a CLI/API ``process`` argument into (library files, the file, process id hint).

    ``process`` is a BPMN file (with ``library``: that folder's files too;
    without: the file and the files of its folder it calls, :func:`with_targets`)
    or a process id looked up in ``library`` (default: :func:`default_library_dir`).
    """
    candidate = Path(process)
    if is_bpmn_name(candidate) or candidate.exists():
        if candidate.is_dir():
            raise UsageError(
                f"{candidate} adalah folder, bukan berkas BPMN: sebut berkasnya "
                f"({candidate}/NAMA.bpmn), atau id proses dengan --library {candidate}")
        if not candidate.is_file():
            raise UsageError(f"berkas tidak ditemukan: {candidate}")
        if library is not None:
            return library_files(Path(library), candidate), candidate.resolve(), None
        return with_targets(candidate.resolve()), candidate.resolve(), None
    found = Path(library) if library is not None else default_library_dir()
    if found is None:
        raise UsageError(
            f"'{process}' bukan berkas, dan tidak ada folder pustaka (--library DIR)"
        )
    return library_files(found), None, str(process)
