"""One call from results to the HTML report: heat picture (if Chromium is there), charts, tables."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from probisnis.report.data import ReportData
from probisnis.report.html import write_html

__all__ = ["heat_png", "write_report"]


def heat_png(data: ReportData, by: str = "waiting") -> tuple[bytes | None, str]:
    """The heat picture of the run's model as PNG bytes, or ``None`` and the reason."""
    from probisnis.render.browser import browser_unavailable

    models = [p for p in data.context.model_paths if Path(p).is_file()]
    if not models:
        return None, "berkas model tidak ditemukan (" + \
            ", ".join(data.context.model_paths or ("-",)) + ")"
    reason = browser_unavailable()
    if reason is not None:
        return None, f"Chromium/bpmn-js tidak tersedia: {reason}"
    from probisnis.errors import ProbisnisError
    from probisnis.render.heat import render_heat
    from probisnis.report.heat import HEAT_BY, heat_spec

    with tempfile.TemporaryDirectory(prefix="probisnis-heat-") as tmp:
        png = Path(tmp) / "heat.png"
        try:
            render_heat(models[0], heat_spec(data, by), png=png)
        except ProbisnisError as exc:  # e.g. a model without diagram interchange (DI)
            return None, f"diagram tidak dapat digambar: {exc}"
        note = (f"Diagram {Path(models[0]).name}. Warna aktivitas: "
                f"{HEAT_BY[by].title.lower()}; warna lajur: utilisasi kelompok pegawainya.")
        return png.read_bytes(), note


def write_report(data: ReportData, path: str | os.PathLike[str], *, heat: bool = True,
                 heat_by: str = "waiting") -> Path:
    """Write the self-contained HTML report of ``data`` to ``path``."""
    png, note = heat_png(data, heat_by) if heat else (None, "tidak diminta (--no-heat)")
    return write_html(data, path, heat_png=png, heat_note=note)
