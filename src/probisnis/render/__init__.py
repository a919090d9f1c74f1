"""bpmn-js in headless Chromium: the Camunda Modeler import check and PNG pictures of diagrams."""

from probisnis.render.browser import (
    BpmnJs,
    ImportResult,
    browser_unavailable,
    check_bpmnjs,
    find_bpmnjs,
    find_chromium,
    render_png,
)

__all__ = [
    "BpmnJs",
    "ImportResult",
    "browser_unavailable",
    "check_bpmnjs",
    "find_bpmnjs",
    "find_chromium",
    "render_png",
]
