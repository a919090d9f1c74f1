"""The paths of a process and their flow coverage as a person reads them (``run --paths``).

For each path found by :func:`probisnis.run.paths.enumerate_paths`: the choices made, as
``<gerbang> -> <alur>`` by name (an id only where a name is missing or shared), the steps by
name, and the decisions file that replays it. Then the coverage in one sentence, with the
flows that only time passing or an event reaches (a boundary timer, an event subprocess)
listed apart: decisions cannot reach them, so they are not counted as missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from probisnis.bpmn.model import TASK_KINDS
from probisnis.present.numbers import angka, check_lang, persen
from probisnis.present.table import paragraph

__all__ = ["Names", "coverage_lines", "path_lines"]

_TEXT = {
    "id": {
        "head": "Proses {title}: {n} jalur",
        "head_cut": "Proses {title}: {n} jalur pertama (terpotong: lihat pesan di bawah)",
        "path": "Jalur {n}",
        "choices": "Pilihan: ",
        "no_choice": "Pilihan: (tidak ada gerbang yang dipilih)",
        "steps": "Langkah: ",
        "no_steps": "Langkah: (tidak ada tugas)",
        "replay": "Putar ulang:",
        "how": "Berkas keputusan setiap jalur: tambahkan --write-decisions FOLDER (ditulis "
               "sebagai FOLDER/path-N.json), lalu putar ulang satu jalur dengan "
               "`{cmd} --decisions FOLDER/path-N.json`.",
        "coverage": "Cakupan alur: {covered} dari {total} alur dilalui ({ratio}).",
        "by_decisions": "Semua {n} alur yang dapat dicapai lewat keputusan dilalui.",
        "missing": "Belum dilalui, padahal dapat dicapai lewat keputusan ({n}; kondisi yang tak "
                   "pernah benar, atau jalur terpotong): ",
        "events": "{n} alur dilalui hanya bila waktu berlalu atau peristiwa terjadi, tidak "
                  "lewat keputusan saja:",
        "timer": "pewaktu",
        "event": "peristiwa",
        "flows": "alur",
        "hint_any": "Jalankan dengan --task-time (mis. --task-time P15D) agar pewaktu berbunyi "
                    "selama tugas terbuka.",
    },
    "en": {
        "head": "Process {title}: {n} paths",
        "head_cut": "Process {title}: the first {n} paths (cut: see the message below)",
        "path": "Path {n}",
        "choices": "Choices: ",
        "no_choice": "Choices: (no gateway chosen)",
        "steps": "Steps: ",
        "no_steps": "Steps: (no task)",
        "replay": "Replay:",
        "how": "A decisions file per path: add --write-decisions DIR (written as "
               "DIR/path-N.json), then replay one path with "
               "`{cmd} --decisions DIR/path-N.json`.",
        "coverage": "Flow coverage: {covered} of {total} flows traversed ({ratio}).",
        "by_decisions": "All {n} flows that decisions can reach were traversed.",
        "missing": "Not traversed although decisions can reach them ({n}; a condition never "
                   "true, or paths cut short): ",
        "events": "{n} flows are passed only when time passes or an event happens, not by "
                  "decisions alone:",
        "timer": "timer",
        "event": "event",
        "flows": "flows",
        "hint_any": "Run with --task-time (e.g. --task-time P15D) so timers fire while a task "
                    "is open.",
    },
}


class Names:
    """Names of the elements and flows of a run's library, with an id where a name is
    missing or shared by several elements."""

    def __init__(self, library: Any) -> None:
        self.nodes: dict[str, Any] = {}
        self.flows: dict[str, Any] = {}
        for c in library.containers.values():
            for node in c.nodes.values():
                self.nodes.setdefault(node.id, node)
            for flow in c.flows.values():
                self.flows.setdefault(flow.id, flow)
        self._count = Counter(n.name for n in self.nodes.values() if n.name)
        self.library = library

    def among(self, node_ids: Sequence[str]) -> Names:
        """Names that add the id only where a name is shared among ``node_ids`` (what one
        listing shows), not among every element of the library."""
        other = Names.__new__(Names)
        other.nodes, other.flows, other.library = self.nodes, self.flows, self.library
        other._count = Counter(self.nodes[i].name for i in set(node_ids)
                               if i in self.nodes and self.nodes[i].name)
        return other

    def node(self, node_id: str) -> str:
        """``Nama`` if unique, ``Nama [id]`` if shared, ``id`` if unnamed."""
        node = self.nodes.get(node_id)
        name = node.name if node is not None else ""
        if not name:
            return node_id
        return name if self._count[name] <= 1 else f"{name} [{node_id}]"

    def is_task(self, node_id: str) -> bool:
        node = self.nodes.get(node_id)
        return node is None or node.kind in TASK_KINDS

    def flow(self, flow_id: str) -> str:
        """An outgoing flow by its label, else by the name of the element it leads to."""
        flow = self.flows.get(flow_id)
        if flow is None:
            return flow_id
        label = " ".join(flow.name.split())
        return label or self.node(flow.target)

    def process(self, process_id: str) -> str:
        c = self.library.processes.get(process_id)
        name = c.name if c is not None else ""
        return f"{name} ({process_id})" if name else process_id


def path_lines(paths: Sequence[Any], *, files: Mapping[int, str] | None = None,
               replay: str = "", cut: bool = False, width: int = 100,
               lang: str = "id") -> list[str]:
    """Lines for ``paths`` (:class:`~probisnis.run.explorer.ProcessPath`): a heading, then
    per path its choices, its steps and how to replay it (``files``: path number -> the
    decisions file written for it; ``replay`` the command before ``--decisions``)."""
    t = _TEXT[check_lang(lang)]
    if not paths:
        return []
    names = Names(paths[0].result.run.library)
    title = names.process(paths[0].process_id)
    out = paragraph(t["head_cut" if cut else "head"].format(title=title, n=len(paths)),
                    width=width)
    for number, path in enumerate(paths, start=1):
        out.append("")
        out.append(t["path"].format(n=number))
        tasks = [a for a in path.activities if names.is_task(a)]
        local = names.among([g for g, _ in path.choices] + tasks)
        choices = "; ".join(f"{local.node(g)} -> {local.flow(f)}" for g, f in path.choices)
        out += paragraph(t["choices"] + choices if choices else t["no_choice"], width=width,
                         indent="  ", hang="    ")
        steps = " > ".join(local.node(a) for a in tasks)
        out += paragraph(t["steps"] + steps if steps else t["no_steps"], width=width,
                         indent="  ", hang="    ")
        if files and number in files:
            # a command stays on one line, whole, so that it can be copied
            out.append("  " + t["replay"])
            out.append(f"    {replay} --decisions {files[number]}".rstrip())
    if not files and not cut:
        out.append("")
        out += paragraph(t["how"].format(cmd=replay or "probisnis run ..."), width=width)
    return out


def coverage_lines(coverage: Any, library: Any, *, width: int = 100,
                   lang: str = "id") -> list[str]:
    """The coverage sentence, the flows decisions could reach but did not, and the flows
    only time or an event reaches, grouped by what starts them."""
    t = _TEXT[check_lang(lang)]
    names = Names(library)
    out = paragraph(t["coverage"].format(covered=angka(coverage.covered, lang=lang),
                                         total=angka(coverage.total, lang=lang),
                                         ratio=persen(coverage.ratio, lang=lang)), width=width)
    missing = coverage.missing_by_decisions
    waiting = coverage.waiting_for_events
    reachable = coverage.total - len(waiting)
    if missing:
        shown = ", ".join(f"{f} ({names.node(names.flows[f].source)} -> "
                          f"{names.node(names.flows[f].target)})" if f in names.flows else f
                          for f in missing)
        out += paragraph(t["missing"].format(n=len(missing)) + shown, width=width)
    elif len(waiting):
        out += paragraph(t["by_decisions"].format(n=angka(reachable, lang=lang)), width=width)
    if len(waiting):
        out += paragraph(t["events"].format(n=len(waiting)), width=width)
        groups: dict[str, list[str]] = {}
        timer: dict[str, bool] = {}
        for row in waiting.itertuples():
            groups.setdefault(str(row.trigger), []).append(str(row.flow_id))
            timer[str(row.trigger)] = bool(row.timer)
        for trigger, flows in groups.items():
            what = t["timer"] if timer[trigger] else t["event"]
            out += paragraph(f"- {names.node(trigger)} ({what}): {len(flows)} {t['flows']}",
                             width=width, indent="  ", hang="    ")
        if any(timer.values()):
            out += paragraph(t["hint_any"], width=width)
    return out
