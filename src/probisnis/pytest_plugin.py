"""Process tests in a few lines of pytest: the ``probisnis`` pytest plugin.

Registered through the ``pytest11`` entry point, so ``pip install probisnis`` is enough: any
test can ask for the fixtures ``run_sop`` and ``simulate_sop``. ::

    def test_sekda_menyetujui_sesudah_perbaikan(run_sop):
        run = run_sop("M1_mekanisme", library="processes", decisions={
            "M1a_rumuskan_strategi": {"bentuk": "tim", "lintas_unit": False, "ketua_tim": True,
                                      "pimpinan_memantau": False},
            "M1b_laksanakan": [{"kendala": False, "sesuai_target": False},
                               {"kendala": False, "sesuai_target": True}],
            ...})
        run.assert_completed()
        run.assert_path("M1a_susun_pk", "M1b_laksanakan", "M1c_tinjau_sekda")
        run.assert_lane("M1a_susun_pk", "Sekretaris Daerah")
        run.assert_skipped("M1a_mohon_lintas_unit")
        run.assert_count("M1b_laksanakan", 2)

    def test_waktu_siklus_tetap_di_bawah_120_hari_kerja(simulate_sop):
        sim = simulate_sop("simulations/m1_sekretariat_daerah.toml", cases=20, replications=3)
        sim.assert_kpi("cycle_time_working", at_most=120, unit="working_day")

A step is named by its element id or by its name as drawn ("Menunjuk Ketua Tim"); a name
shared by several steps stands for all of them. When an assertion fails, the message says
what was expected and prints the trace as a table (No, Langkah, Kode, Lajur, Jenis), in Bahasa
Indonesia, the same table ``probisnis run`` prints (:mod:`probisnis.present.run_view`). The
plugin imports the engine only when a fixture is used, so it costs nothing in
test sessions that do not use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from probisnis.hints import maksudnya, suggest

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ProcessRun", "SimulationCheck", "run_sop", "simulate_sop"]


@cache
def _nodes_of(path: str) -> frozenset[tuple[str, str]]:
    from probisnis import read

    return frozenset((n.id, " ".join(n.name.split())) for _, n in read(path).iter_nodes())


def _fail(message: str, table: str) -> None:
    __tracebackhide__ = True
    raise AssertionError(f"{message}\n\n{table}")


class ProcessRun:
    """A finished (or stuck) run of a process, with assertions that explain themselves."""

    def __init__(self, result: Any, stuck: str | None = None) -> None:
        self.result = result
        #: why the run stopped before its end (the engine's "stuck" message), if it did
        self.stuck = stuck
        #: the trace: one row per element passed (``order, element_id, name, lane, kind,
        #: process_id, elapsed``)
        self.trace: pd.DataFrame = result.trace
        self.completed: bool = bool(result.completed)
        self.data: dict[str, Any] = dict(result.data)

    # ---- reading the trace -------------------------------------------------------------
    def _rows(self, step: str) -> pd.DataFrame:
        t = self.trace
        return t[(t["element_id"] == step) | (t["name"].fillna("") == step)]

    def _known(self, step: str) -> bool:
        """Whether ``step`` names an element of the run's processes (passed or not)."""
        if len(self._rows(step)):
            return True
        return step in self._element_ids() or step in self._element_names()

    def _element_ids(self) -> set[str]:
        return {node_id for node_id, _ in self._elements()}

    def _element_names(self) -> set[str]:
        return {name for _, name in self._elements() if name}

    def _elements(self) -> set[tuple[str, str]]:
        """(id, name) of every flow node in the BPMN files the run loaded."""
        files = getattr(getattr(getattr(self.result, "run", None), "library", None),
                        "files", ())
        return {e for f in files if str(f).lower().endswith(".bpmn") for e in _nodes_of(str(f))}

    def path(self, *, tasks_only: bool = True) -> list[str]:
        """Element ids in the order the run passed them (only tasks, by default)."""
        t = self.trace
        if tasks_only:
            t = t[t["kind"].str.endswith("Task") | (t["kind"] == "task")]
        return [str(x) for x in t["element_id"]]

    def count(self, step: str) -> int:
        """How many times the run passed ``step`` (id or name)."""
        return len(self._rows(step))

    def lanes(self, step: str) -> list[str]:
        """The lane (by name) of each time the run passed ``step``."""
        return [str(x) if x is not None else "" for x in self._rows(step)["lane"]]

    def table(self, *, width: int = 100, mark: str | None = None, reason: bool = True) -> str:
        """The trace as a readable table (No, Langkah, Kode, Lajur, Jenis, and Waktu berlalu
        when time passed), as ``probisnis run`` prints it; the rows of step ``mark`` (id or
        name) are flagged with ``>``. A run that stopped before its end says why under the
        table (``reason=False`` leaves that out)."""
        from probisnis.present.run_view import run_header, trace_table

        head = f"Jejak jalannya proses: {run_header(self.result)}"
        lines = [head, *trace_table(self.result, width=width, mark=mark)]
        if reason and self.stuck and not self.completed:
            lines += ["", f"Sebab berhenti: {self.stuck}"]
        return "\n".join(lines)

    # ---- assertions -------------------------------------------------------------------
    def assert_completed(self) -> ProcessRun:
        """The run reached its end."""
        __tracebackhide__ = True
        if not self.completed:
            why = f":\n  {self.stuck}" if self.stuck else ""
            _fail(f"proses tidak selesai: jalannya berhenti sebelum mencapai akhir{why}",
                  self.table(reason=False))
        return self

    def assert_path(self, *steps: str, exact: bool = False) -> ProcessRun:
        """The run passed ``steps`` in this order (others may come between them); with
        ``exact``, the tasks it passed are exactly ``steps``."""
        __tracebackhide__ = True
        if exact:
            got = self.path()
            want = [self._rows(s)["element_id"].iloc[0] if len(self._rows(s)) else s
                    for s in steps]
            if got != want:
                _fail(f"jalur tugas tidak sama:\n  diharapkan {want}\n  terjadi    {got}",
                      self.table())
            return self
        position = 0
        ids = list(self.trace["element_id"])
        names = list(self.trace["name"].fillna(""))
        for step in steps:
            while position < len(ids) and step not in (ids[position], names[position]):
                position += 1
            if position == len(ids):
                where = "tidak dilalui sama sekali" if not self.count(step) \
                    else "dilalui, tetapi tidak sesudah langkah sebelumnya dalam daftar"
                self._check_known(step)
                _fail(f"langkah {step!r} {where}; urutan yang diharapkan: {list(steps)}",
                      self.table(mark=step))
            position += 1
        return self

    def assert_visited(self, step: str, *, times: int | None = None) -> ProcessRun:
        """The run passed ``step`` (``times`` times exactly, when given)."""
        __tracebackhide__ = True
        self._check_known(step)
        n = self.count(step)
        if n == 0 or (times is not None and n != times):
            want = "dilalui" if times is None else f"dilalui {times} kali"
            _fail(f"langkah {step!r} diharapkan {want}, terjadi {n} kali",
                  self.table(mark=step))
        return self

    def assert_skipped(self, step: str) -> ProcessRun:
        """The run did not pass ``step`` (which must exist in the process)."""
        __tracebackhide__ = True
        self._check_known(step)
        if self.count(step):
            _fail(f"langkah {step!r} diharapkan dilewati, tetapi dilalui {self.count(step)} "
                  "kali", self.table(mark=step))
        return self

    def assert_count(self, step: str, times: int) -> ProcessRun:
        """How many times a loop ran: ``step`` was passed exactly ``times`` times."""
        __tracebackhide__ = True
        return self.assert_visited(step, times=times) if times else self.assert_skipped(step)

    def assert_lane(self, step: str, lane: str) -> ProcessRun:
        """Who did the step: every pass of ``step`` was in the lane named ``lane``."""
        __tracebackhide__ = True
        self.assert_visited(step)
        lanes = self.lanes(step)
        if any(x != lane for x in lanes):
            _fail(f"langkah {step!r} diharapkan dikerjakan oleh {lane!r}, terjadi oleh "
                  f"{sorted(set(lanes))}", self.table(mark=step))
        return self

    def _check_known(self, step: str) -> None:
        __tracebackhide__ = True
        if not self._known(step):
            trace = self.result.trace
            names = {str(n): str(i) for i, n in zip(trace["element_id"], trace["name"],
                                                   strict=True) if isinstance(n, str) and n}
            for node_id, name in sorted(self._elements()):  # the run's own steps first
                if name:
                    names.setdefault(name, node_id)
            near = suggest(step, [*names, *self._element_ids()])
            hint = maksudnya(f"{near!r} ({names[near]})" if near in names else repr(near),
                             quote=False) if near else " (salah ketik?)"
            _fail(f"{step!r} bukan kode atau nama elemen mana pun dalam proses ini{hint}",
                  self.table())


class SimulationCheck:
    """A simulation's KPI summary, with bounds that explain themselves when broken."""

    def __init__(self, result: Any, table: pd.DataFrame) -> None:
        self.result = result
        #: KPI summary: ``name, scope, mean, ci_low, ci_high, unit`` (machine units)
        self.table = table

    def kpi(self, name: str, scope: str = "process", *, unit: str | None = None,
            which: str = "mean") -> float:
        """A KPI's ``mean`` (or ``ci_low`` / ``ci_high``) in display ``unit`` (a key of
        :data:`probisnis.present.labels.UNITS`, e.g. ``"working_day"``, ``"percent"``);
        machine units without it. ``scope`` is an id or a name (pool, activity)."""
        from probisnis.present.labels import to_display

        row = self._row(name, scope)
        value = float(row[which])
        if unit is None:
            return value
        return to_display(value, str(row["unit"]), unit,
                          hours_per_day=self.result.scenario.hours_per_day)

    def _row(self, name: str, scope: str) -> Mapping[str, Any]:
        __tracebackhide__ = True
        t = self.table
        ids = {scope}
        s = self.result.scenario
        ids |= {pid for pid, pool in s.pools.items() if pool.name == scope}
        ids |= {n.id for d in s.definitions for _, n in d.iter_nodes() if n.name == scope}
        rows = t[(t["name"] == name) & t["scope"].isin(ids)]
        if rows.empty:
            from probisnis.present.labels import kpi_label

            known = "; ".join(f"{k} = {kpi_label(k)}" for k in sorted(set(t["name"])))
            _fail(f"tidak ada KPI {name!r} untuk {scope!r}; sebut KPI dengan kodenya: {known}",
                  self.summary())
        return rows.iloc[0].to_dict()

    def assert_kpi(self, name: str, scope: str = "process", *, at_most: float | None = None,
                   at_least: float | None = None, unit: str | None = None,
                   which: str = "mean") -> SimulationCheck:
        """The KPI (its mean, or ``which="ci_high"`` for the whole interval) stays within
        ``[at_least, at_most]``, in display ``unit`` when given."""
        __tracebackhide__ = True
        value = self.kpi(name, scope, unit=unit, which=which)
        low_ok = at_least is None or value >= at_least
        high_ok = at_most is None or value <= at_most
        if not (low_ok and high_ok):
            bound = f"<= {at_most}" if not high_ok else f">= {at_least}"
            _fail(f"KPI {name} ({scope}, {which}) = {value:.4g} {unit or ''}, diharapkan "
                  f"{bound}", self.summary())
        return self

    def summary(self) -> str:
        """The page ``probisnis simulate`` prints for this result."""
        from probisnis.present.simulation import render_simulation, simulation_view

        return render_simulation(simulation_view(self.result), self.table)


@pytest.fixture
def run_sop() -> Callable[..., ProcessRun]:
    """Run a process with decisions: ``run_sop(process, decisions=..., library=...)``.

    ``process`` is a ``.bpmn`` file or a process id of ``library`` (a folder of BPMN
    files); ``decisions`` a mapping or a decisions file (JSON/TOML), as for
    ``probisnis run``; ``task_time`` how long human tasks stay open (an ISO 8601 duration
    for every task, or a mapping task -> duration, as ``--task-time``), so that timers such
    as the weekly monitoring fire. Returns a :class:`ProcessRun`; a run that gets stuck (a
    task with no decision left, a gateway nobody answers) or stops on an error midway (a
    condition reading data no task gave) returns too, not completed, with the trace up to
    where it stopped and the reason, so that ``assert_completed`` can show them. Decisions
    that do not fit the model (an id it lacks) raise at once, as for ``probisnis run``.
    """

    def run(process: str | Path, decisions: Any = None, *, library: str | Path | None = None,
            process_id: str | None = None, max_tasks: int | None = None,
            task_time: Any = None) -> ProcessRun:
        from probisnis.errors import RunError
        from probisnis.run.engine import Run

        state = Run.start(process, process_id=process_id, decisions=decisions, library=library,
                          task_time=task_time)
        try:
            return ProcessRun(state.run(max_tasks=max_tasks))
        except RunError as exc:  # stuck, or stopped by an error midway (e.g. a condition
            # reading data no task gave): the trace up to there, and why
            return ProcessRun(state.result(), stuck=str(exc))

    return run


@pytest.fixture
def simulate_sop() -> Callable[..., SimulationCheck]:
    """Simulate a scenario: ``simulate_sop(path, cases=..., replications=..., seed=...)``.

    Returns a :class:`SimulationCheck` whose ``assert_kpi`` bounds a KPI.
    """

    def sim(scenario: str | Path, *, cases: int | None = None, replications: int | None = None,
            seed: int | None = None) -> SimulationCheck:
        from probisnis import load_scenario, result_kpis, simulate, summarize
        from probisnis.present.estimates import clip_ci

        result = simulate(load_scenario(scenario), cases=cases, replications=replications,
                          seed=seed)
        return SimulationCheck(result, clip_ci(summarize(result_kpis(result))))

    return sim
