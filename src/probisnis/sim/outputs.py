"""The output folder of ``simulate --out``: every file whole or absent, and a manifest.

Public API::

    outputs = SimulationOutputs(folder, scenario, arguments={...}, inputs=[...])
    result = outputs.simulate(scenario, cases=..., seed=..., ...)   # log streamed, renamed
    files = outputs.write(result, per_replication, table, csv_locale="en")
    outputs.complete()            # manifest status "complete"
    outputs.interrupted(exc)      # status "partial": what is whole is kept and listed
    outputs.failed(exc)           # status "failed"

Files (``SIMULATION_FILES``): ``event_log.parquet`` (streamed while the run goes),
``event_log.csv``, ``kpis.csv``, ``kpis_per_replication.csv``, ``cases.csv``,
``resources.csv`` and ``manifest.json``; with ``simulate(..., stream=True)`` also
``cases.parquet`` (the case table streamed as cases end, then ``cases.csv`` from it, in the
order the cases ended). Each is written to a temporary file in the
folder and renamed when complete (:class:`probisnis.outputs.OutputFolder`). A run
stopped by Ctrl-C or SIGTERM keeps the files already complete and the event log so far
as ``event_log.partial.parquet`` (and ``cases.partial.parquet``; whole as Parquet files, part
of the run: the manifest says how many rows); files of an earlier run in the same folder that
this run did not rewrite are removed, so that every file there belongs to the run the
manifest describes. The caller holds the folder for the run
(:func:`probisnis.outputs.folder_lock`, as ``simulate --out`` does): that cleaning would
otherwise take a second run's files for an earlier run's leftovers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from probisnis.outputs import Interrupted, Manifest, OutputFolder, scenario_digest
from probisnis.outputs.interrupt import signals_deferred
from probisnis.outputs.manifest import MANIFEST_NAME, manifest_status
from probisnis.sim.result import SimulationResult
from probisnis.sim.scenario import Scenario

__all__ = ["PARTIAL_LOG", "SIMULATION_FILES", "SimulationOutputs"]

#: key in the manifest -> file name
SIMULATION_FILES: Mapping[str, str] = {
    "event_log_parquet": "event_log.parquet",
    "event_log_csv": "event_log.csv",
    "kpis": "kpis.csv",
    "kpis_per_replication": "kpis_per_replication.csv",
    "cases": "cases.csv",
    "resources": "resources.csv",
    "cases_parquet": "cases.parquet",
}
PARTIAL_LOG = "event_log.partial.parquet"
PARTIAL_CASES = "cases.partial.parquet"
#: written into the folder by others (the report's run context): checked and cleaned too
OTHER_FILES = ("run_context.json",)


def _rows(path: Path) -> dict[str, Any]:
    """Rows of a Parquet event log (raises when the file is not a readable Parquet file)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    return {"rows": int(meta.num_rows), "row_groups": int(meta.num_row_groups)}


def _clean_leftovers(folder: Path, names: Iterable[str]) -> str | None:
    """Remove the hidden temporary files (``.NAME.*.part``) an earlier run left behind when
    it was killed before it could clean up, and say so (in Indonesian), also when its
    manifest still says ``running``. Only regular files with those names are touched."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    status = manifest_status(folder)
    removed = []
    for name in (*names, MANIFEST_NAME):
        for path in sorted(folder.glob(f".{glob.escape(name)}.*.part")):
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path.name)
    if status != "running" and not removed:
        return None
    what = (f"{MANIFEST_NAME} masih berstatus \"running\"" if status == "running"
            else "ada berkas sementara yang tertinggal")
    text = (f"folder {folder} berisi sisa run sebelumnya yang terhenti sebelum selesai "
            f"({what}, misalnya karena proses dimatikan paksa)")
    if removed:
        text += f"; {len(removed)} berkas sementara (.part) dihapus: {', '.join(removed)}"
    return text + "; berkas lama yang tidak ditulis ulang oleh run ini dihapus di akhir"


def input_files(scenario: Scenario, extra: Iterable[str | None] = ()) -> list[str]:
    """The files a scenario was read from (scenario file, BPMN models, Prosimos JSON...)."""
    paths = [scenario.path, *(d.path for d in scenario.definitions), *extra]
    seen: dict[str, None] = {}
    for p in paths:
        if p and os.path.isfile(p):
            seen.setdefault(os.path.abspath(p))
    return list(seen)


class SimulationOutputs:
    """``simulate``'s output folder (see the module docstring)."""

    def __init__(self, folder: str | os.PathLike[str], scenario: Scenario, *,
                 arguments: Mapping[str, Any] | None = None,
                 inputs: Iterable[str | None] = (), seed: int | None = None) -> None:
        files = input_files(scenario, inputs)
        manifest = Manifest(
            "simulate",
            arguments,
            scenario={
                "name": scenario.name,
                "path": scenario.path,
                "process": scenario.process_id,
                "inputs": files,
                "digest": scenario_digest(files),
            },
            seed=scenario.seed if seed is None else seed,
        )
        names = (*SIMULATION_FILES.values(), PARTIAL_LOG, PARTIAL_CASES, *OTHER_FILES)
        #: what was left of an earlier run stopped without cleaning up (SIGKILL, power cut),
        #: in Indonesian for the terminal; None when the folder was clean
        self.leftovers = _clean_leftovers(Path(folder), names)
        self.folder = OutputFolder(folder, manifest, names=names)
        self.path = self.folder.path

    def simulate(self, scenario: Scenario, *, stream: bool = False,
                 **options: Any) -> SimulationResult:
        """:func:`probisnis.sim.runner.simulate` with the event log streamed to
        ``event_log.parquet`` (renamed into place when the run is complete).

        With ``stream`` the case table goes to ``cases.parquet`` as cases end and the KPIs
        are computed while the run goes (``result.per_replication``): memory flat in the
        number of cases (``options`` may then hold ``warmup_cases``)."""
        from probisnis.sim.runner import simulate

        log_name = SIMULATION_FILES["event_log_parquet"]
        cases_name = SIMULATION_FILES["cases_parquet"]
        with contextlib.ExitStack() as files:
            tmp = files.enter_context(self.folder.file(
                "event_log_parquet", log_name, partial=PARTIAL_LOG, describe=_rows))
            if stream:
                tmp_cases = files.enter_context(self.folder.file(
                    "cases_parquet", cases_name, partial=PARTIAL_CASES, describe=_rows))
                result = simulate(scenario, log_path=tmp, cases_path=tmp_cases, **options)
            else:
                options.pop("warmup_cases", None)
                result = simulate(scenario, log_path=tmp, **options)
        log_path = self.path / log_name  # (recorded with its rows as it was renamed)
        if not stream:
            return dataclasses.replace(result, log_path=str(log_path))
        cases_path = self.path / cases_name
        return dataclasses.replace(result, log_path=str(log_path), cases_path=str(cases_path))

    def write(self, result: SimulationResult, per_replication: pd.DataFrame,
              table: pd.DataFrame, *, csv_locale: str = "en") -> dict[str, str]:
        """The CSV event log and the KPI, case and resource tables; ``{key: path}`` of all
        files (the Parquet log included)."""
        from probisnis.sim.export import CSV_LOCALES, write_csv
        from probisnis.sim.logsink import iter_log_tables

        log: Any = (iter_log_tables(result.log_path)
                    if result.log_path is not None and len(result.log) == 0 else result.log)
        with self.folder.file("event_log_csv", SIMULATION_FILES["event_log_csv"]) as tmp:
            write_csv(log, tmp, start=result.start, calendars=dict(result.calendars),
                      process_calendar=result.process_calendar, locale=csv_locale, atomic=False)
        sep, decimal = CSV_LOCALES[csv_locale]
        for key, frame in (("kpis", table), ("kpis_per_replication", per_replication),
                           ("cases", result.cases), ("resources", result.resources)):
            with self.folder.file(key, SIMULATION_FILES[key]) as tmp:
                if key == "cases" and result.cases_path is not None and not len(frame):
                    _cases_csv(result.cases_path, tmp, sep=sep, decimal=decimal)
                else:
                    frame.to_csv(tmp, index=False, sep=sep, decimal=decimal)
        self.folder.manifest.extra.update({
            "cases": result.n_cases, "replications": result.replications,
            "csv_locale": csv_locale,
        })
        return {key: str(self.path / entry["path"])
                for key, entry in self.folder.manifest.files.items()}

    def record_others(self, files: Mapping[str, str]) -> None:
        """List files that other writers put into the folder (the report's run context)."""
        for key, name in files.items():
            path = Path(name)
            if path.is_file() and path.resolve().parent == self.path.resolve():
                self.folder.record(key, path)

    def complete(self) -> Path:
        """Write the manifest with status ``complete`` (an earlier run's files this run did
        not rewrite, e.g. its partial log, removed first); return its path."""
        with signals_deferred():
            self._remove_stale()
            return self.folder.finish("complete")

    def interrupted(self, exc: Interrupted, lang: str = "id") -> str:
        """Record a run stopped by a signal (the manifest's message in English); return the
        message for the terminal, in ``lang``. A signal that came as the complete manifest
        was written leaves it complete."""
        manifest = self.path / MANIFEST_NAME
        how = " (Ctrl-C)" if exc.signal_name == "SIGINT" else ""
        if self.folder.status == "complete":
            if lang == "en":
                return (f"stopped by {exc.signal_name} after every file was written (see "
                        f"{manifest}, status complete)")
            return (f"dihentikan oleh {exc.signal_name}{how} setelah semua berkas selesai "
                    f"ditulis (lihat {manifest}, status complete)")
        files = ", ".join(e["path"] for e in self.folder.manifest.files.values())
        message = (f"stopped by {exc.signal_name} before the run was complete; kept: "
                   f"{files or 'nothing'}")
        # a second signal waits until the manifest is written, then changes nothing: the run
        # is stopping already (it once cut this message and the exit status short)
        with contextlib.suppress(Interrupted), signals_deferred():
            self._remove_stale()
            self.folder.finish("partial", message)
        if lang == "en":
            return f"{message} (see {manifest}, status partial)"
        return (f"dihentikan oleh {exc.signal_name}{how} sebelum simulasi selesai; yang disimpan: "
                f"{files or 'tidak ada'} (lihat {manifest}, status partial)")

    def failed(self, exc: BaseException) -> None:
        """Record a run stopped by an error (the caller reports the error itself)."""
        with signals_deferred(), contextlib.suppress(Exception):
            self._remove_stale()
            self.folder.finish("failed", str(exc) or type(exc).__name__)

    def _remove_stale(self) -> None:
        """Remove an earlier run's files that this run did not write."""
        mine = {e["path"] for e in self.folder.manifest.files.values()}
        for name in (*SIMULATION_FILES.values(), PARTIAL_LOG, PARTIAL_CASES, *OTHER_FILES):
            path = self.path / name
            if name not in mine and path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()


def _cases_csv(parquet: str, path: Path, *, sep: str, decimal: str) -> None:
    """``cases.csv`` of a streamed run from its Parquet case table, a slice at a time
    (the rows in the order the cases ended; those in flight at the end last)."""
    from probisnis.sim.logsink import iter_slices
    from probisnis.sim.result import CASE_COLUMNS

    with open(path, "w", encoding="utf-8", newline="") as out:
        pd.DataFrame(columns=list(CASE_COLUMNS)).to_csv(out, index=False, sep=sep)
        for table in iter_slices(parquet, CASE_COLUMNS, what="case table"):
            frame = table.to_pandas()
            del table
            frame.to_csv(out, index=False, header=False, sep=sep, decimal=decimal)
