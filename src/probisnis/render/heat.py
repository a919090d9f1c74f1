"""Heat on a diagram: colour tasks and lanes and write their values, in bpmn-js.

The same headless Chromium and bpmn-js that draw today's pictures
(:class:`probisnis.render.browser.BpmnJs`) import the file; then each task's shape is
filled with its colour and gets a badge with its value, each lane is tinted and labelled
(markers on the drawn SVG, so the SVG export keeps them), and a legend is drawn under the
diagram. What the colours mean is the caller's business (:class:`HeatSpec`):
:mod:`probisnis.report.heat` makes one from simulation results.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from probisnis.errors import ProbisnisError
from probisnis.outputs import atomic_path, write_text_atomic
from probisnis.render.browser import BpmnJs

__all__ = ["HeatSpec", "render_heat"]


@dataclass(frozen=True)
class HeatSpec:
    """Colours (``#rrggbb``) and value labels keyed by element id, and the legend.

    ``tasks``: id -> (fill, label); ``lanes``: id -> (fill, label); ``legend``: title and
    (colour, text) steps for tasks; ``lane_legend``: one line explaining the lane tint.
    """

    tasks: dict[str, tuple[str, str]]
    lanes: dict[str, tuple[str, str]] = field(default_factory=dict)
    legend_title: str = ""
    legend: tuple[tuple[str, str], ...] = ()
    lane_legend: str = ""


_JS = r"""
(spec) => {
  const NS = "http://www.w3.org/2000/svg";
  const viewer = window.probisnisViewer;
  const registry = viewer.get("elementRegistry");
  const canvas = viewer.get("canvas");
  function el(name, attrs, parent, text) {
    const node = document.createElementNS(NS, name);
    for (const k in attrs) { node.setAttribute(k, attrs[k]); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function lum(hex) {
    const n = parseInt(hex.slice(1), 16);
    return 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  }
  const drawn = [];
  for (const id in spec.lanes) {
    const shape = registry.get(id);
    if (!shape) { continue; }
    const gfx = registry.getGraphics(shape);
    const rect = gfx.querySelector(".djs-visual > rect");
    if (rect) { rect.style.fill = spec.lanes[id][0]; rect.style.fillOpacity = "0.5"; }
    canvas.addMarker(id, "probisnis-heat-lane");
    const visual = gfx.querySelector(".djs-visual");
    el("text", {x: 36, y: 13, "font-size": 11, "font-family": "Arial, sans-serif",
                "font-weight": "bold", fill: "#333", class: "probisnis-heat-lane-label"},
       visual, spec.lanes[id][1]);
  }
  for (const id in spec.tasks) {
    const shape = registry.get(id);
    if (!shape) { continue; }
    drawn.push(id);
    const gfx = registry.getGraphics(shape);
    const visual = gfx.querySelector(".djs-visual");
    const rect = visual.querySelector("rect");
    const fill = spec.tasks[id][0];
    if (rect) { rect.style.fill = fill; rect.setAttribute("data-heat-fill", fill); }
    canvas.addMarker(id, "probisnis-heat-task");
    const label = spec.tasks[id][1];
    const w = Math.max(34, 6.2 * label.length + 8);
    const g = el("g", {class: "probisnis-heat-badge",
                       transform: "translate(" + (shape.width - w + 6) + ",-9)"}, visual);
    el("rect", {width: w, height: 16, rx: 4, ry: 4, fill: "#ffffff", stroke: "#333",
                "stroke-width": 1}, g);
    el("text", {x: w / 2, y: 12, "text-anchor": "middle", "font-size": 11,
                "font-family": "Arial, sans-serif", "font-weight": "bold", fill: "#000"},
       g, label);
    // the name stays readable on dark fills
    if (lum(fill) < 110) {
      visual.querySelectorAll("text.djs-label, text").forEach(function (t) {
        if (!t.closest(".probisnis-heat-badge")) { t.style.fill = "#ffffff"; }
      });
    }
  }
  const layer = canvas.getActiveLayer();
  const box = layer.getBBox();
  const legend = el("g", {class: "probisnis-heat-legend",
                          transform: "translate(" + box.x + "," + (box.y + box.height + 20) + ")"},
                    layer);
  el("text", {x: 0, y: 12, "font-size": 13, "font-family": "Arial, sans-serif",
              "font-weight": "bold", fill: "#000"}, legend, spec.legend_title);
  let x = 0;
  spec.legend.forEach(function (step) {
    el("rect", {x: x, y: 20, width: 70, height: 16, fill: step[0], stroke: "#555",
                "stroke-width": 0.5}, legend);
    el("text", {x: x + 35, y: 50, "text-anchor": "middle", "font-size": 11,
                "font-family": "Arial, sans-serif", fill: "#000"}, legend, step[1]);
    x += 74;
  });
  if (spec.lane_legend) {
    el("text", {x: 0, y: 72, "font-size": 11, "font-family": "Arial, sans-serif", fill: "#000"},
       legend, spec.lane_legend);
  }
  const all = layer.getBBox();
  return {x: all.x, y: all.y, width: all.width, height: all.height, drawn: drawn};
}
"""


def render_heat(path: str | os.PathLike[str], spec: HeatSpec, *,
                png: str | os.PathLike[str] | None = None,
                svg: str | os.PathLike[str] | None = None, margin: int = 20,
                max_side: int = 8000) -> tuple[str, ...]:
    """Draw ``path``'s first diagram with ``spec``'s heat; write ``png`` and/or ``svg``.

    Returns the ids of the tasks coloured (those drawn in the first diagram). Raises
    :class:`ProbisnisError` when bpmn-js cannot import the file.
    """
    with BpmnJs(margin=margin) as viewer:
        result = viewer.check(path)
        if result.error is not None:
            raise ProbisnisError(f"bpmn-js cannot draw it: {result.error}", path=str(path))
        page = viewer.page
        raw: dict[str, Any] = page.evaluate(_JS, {
            "tasks": {k: list(v) for k, v in spec.tasks.items()},
            "lanes": {k: list(v) for k, v in spec.lanes.items()},
            "legend_title": spec.legend_title,
            "legend": [list(s) for s in spec.legend],
            "lane_legend": spec.lane_legend,
        })
        if svg is not None:
            text = page.evaluate("async () => (await window.probisnisViewer.saveSVG()).svg")
            out = Path(svg)
            out.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(out, text)
        if png is not None:
            width = float(raw["width"]) + 2 * margin
            height = float(raw["height"]) + 2 * margin + 28  # bpmn.io watermark stays visible
            scale = min(1.0, max_side / max(width, height))
            page.set_viewport_size({"width": max(1, math.ceil(width * scale)),
                                    "height": max(1, math.ceil(height * scale))})
            page.evaluate("([x, y, w, h]) => window.probisnisFrame(x, y, w, h)",
                          [raw["x"] - margin, raw["y"] - margin, width, height])
            out = Path(png)
            out.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(out) as tmp:
                page.screenshot(path=str(tmp), type="png", full_page=False,
                                animations="disabled")
        return tuple(raw["drawn"])
