"""The numbers a report reads: a simulate ``--out`` folder, or a run still in memory.

Nothing here runs a simulation: :func:`load_result` reads the files ``simulate --out DIR``
wrote (``kpis.csv``, ``kpis_per_replication.csv``, ``cases.csv``, ``resources.csv``,
``event_log.parquet``, ``run_context.json``); :func:`from_run` wraps the same tables
handed over by the simulate command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from probisnis.errors import UsageError
from probisnis.hints import maksudnya, suggest
from probisnis.report.context import RunContext, read_context

__all__ = ["ReportData", "from_run", "load_result"]

_TABLES = ("kpis", "kpis_per_replication", "cases", "resources")


@dataclass(frozen=True)
class ReportData:
    """KPI summary (``name, scope, mean, ci_low, ci_high, unit``), per-replication KPIs,
    cases and resources as simulate writes them (times in sim seconds from
    ``context.start``), the event log (in memory, or the Parquet file) and the context."""

    context: RunContext
    kpis: pd.DataFrame
    per_replication: pd.DataFrame
    cases: pd.DataFrame
    resources: pd.DataFrame
    log: pd.DataFrame | None = None
    log_path: str | None = None
    source: str = ""

    def value(self, name: str, scope: str = "process") -> tuple[float, float, float]:
        """(mean, ci_low, ci_high) of one KPI; NaNs when the run did not measure it."""
        rows = self.kpis[(self.kpis["name"] == name) & (self.kpis["scope"] == scope)]
        if rows.empty:
            nan = float("nan")
            return nan, nan, nan
        r = rows.iloc[0]
        return float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])

    def log_of_cases(self, replication: int, case_ids: list[int]) -> pd.DataFrame:
        """Event-log rows of some cases of one replication (read from Parquet if streamed)."""
        if self.log is not None and len(self.log):
            log = self.log
        elif self.log_path and Path(self.log_path).is_file():
            import pyarrow.parquet as pq

            filters = [("replication", "=", replication), ("case_id", "in", case_ids)]
            log = pq.read_table(self.log_path, filters=filters).to_pandas()
        else:
            return pd.DataFrame()
        mask = (log["replication"] == replication) & log["case_id"].isin(case_ids)
        return log[mask].reset_index(drop=True)


def load_result(folder: str | os.PathLike[str]) -> ReportData:
    """Read a simulate ``--out`` folder; a missing file is a :class:`UsageError` naming it."""
    root = Path(folder)
    if not root.exists():
        raise UsageError(f"folder hasil tidak ditemukan: {root}" + _near_results(root))
    if not root.is_dir():
        raise UsageError(f"{root}: bukan folder (berikan folder yang ditulis simulate --out)")
    frames = {}
    for name in _TABLES:
        path = root / f"{name}.csv"
        try:
            frames[name] = _read_csv(path)
        except FileNotFoundError:
            raise UsageError(_not_a_result(root, path)) from None
        except (OSError, ValueError) as exc:
            raise UsageError(f"{path}: tidak dapat dibaca: {exc}") from None
    for col in ("name", "scope", "mean", "ci_low", "ci_high", "unit"):
        if col not in frames["kpis"].columns:
            raise UsageError(f"{root / 'kpis.csv'}: [{col}] kolom ini tidak ada")
    log_path = root / "event_log.parquet"
    return ReportData(context=read_context(root), kpis=frames["kpis"],
                      per_replication=frames["kpis_per_replication"], cases=frames["cases"],
                      resources=frames["resources"],
                      log_path=str(log_path) if log_path.is_file() else None, source=str(root))


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV file of ``simulate --out``, written with ``--csv-locale en`` (``,`` and a decimal
    point) or ``id`` (``;`` and a decimal comma), told apart by its header line."""
    with open(path, encoding="utf-8") as f:
        header = f.readline()
    if ";" in header and "," not in header:
        return pd.read_csv(path, sep=";", decimal=",")
    return pd.read_csv(path)


def _results_in(folder: Path) -> list[str]:
    """The ``simulate --out`` folders directly inside ``folder`` (they hold ``kpis.csv``)."""
    try:
        return sorted(str(p.parent) for p in folder.glob("*/kpis.csv") if p.is_file())
    except OSError:
        return []


def _near_results(root: Path) -> str:
    """"; mungkin maksudnya ...?" for a result folder beside ``root`` with a near name."""
    parent = root.parent if str(root.parent) else Path(".")
    near = suggest(root.name, [Path(p).name for p in _results_in(parent)])
    return maksudnya(str(parent / near) if near else "", quote=False)


def _not_a_result(root: Path, missing: Path) -> str:
    """Why ``root`` is not a folder ``report`` can read, and what to give instead."""
    from probisnis.outputs.manifest import manifest_status

    status = manifest_status(root)
    if status in ("partial", "failed", "running"):
        return (f"{root}: simulasi di folder ini tidak selesai (manifest.json berstatus {status}), "
                f"jadi tidak ada {missing.name} untuk dilaporkan; jalankan simulate --out "
                f"{root} lagi sampai selesai")
    inside = _results_in(root)
    if inside:
        more = f" dan {len(inside) - 5} lainnya" if len(inside) > 5 else ""
        return (f"{root} bukan folder hasil simulate --out (tidak ada {missing.name}); folder "
                f"hasil di dalamnya: {', '.join(inside[:5])}{more}")
    return (f"{root} bukan folder hasil simulate --out: {missing.name} tidak ditemukan di "
            "dalamnya")


def from_run(context: RunContext, kpis: pd.DataFrame, per_replication: pd.DataFrame,
             cases: pd.DataFrame, resources: pd.DataFrame, *, log: pd.DataFrame | None = None,
             log_path: str | None = None) -> ReportData:
    """A :class:`ReportData` of a run held in memory (what ``simulate --report`` uses)."""
    return ReportData(context=context, kpis=kpis, per_replication=per_replication, cases=cases,
                      resources=resources, log=log, log_path=log_path, source="")
