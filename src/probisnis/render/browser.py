"""Import BPMN files into bpmn-js in headless Chromium: warnings, errors and a PNG.

bpmn-js is the viewer inside Camunda Modeler, the modeller Kota Probolinggo's
analysts open our files in. A file it imports with warnings shows holes or
misplaced shapes there, so "zero bpmn-js warnings" is part of what a
correct file means. This module drives Debian's Chromium (``/usr/bin/chromium``)
with Playwright's Python client, never a browser Playwright downloads: it
sets :file:`viewer.html` as the page, injects bpmn-js from the project's
``node_modules`` and calls its import function with the file's text. Nothing
is loaded over the network.

``scripts/install-browser.sh`` installs what this needs (Chromium, bpmn-js).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from probisnis.errors import ProbisnisError, UsageError

__all__ = [
    "BROWSER_ARGS",
    "INSTALL_HINT",
    "BpmnJs",
    "ImportResult",
    "browser_unavailable",
    "check_bpmnjs",
    "find_bpmnjs",
    "find_chromium",
    "read_xml_text",
    "render_png",
]

INSTALL_HINT = "jalankan bash scripts/install-browser.sh"

#: Flags Chromium needs on this kind of machine: as root, headless, with a closed network.
BROWSER_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

_VIEWER_HTML = Path(__file__).with_name("viewer.html")
_BUNDLE = "bpmn-viewer.production.min.js"
_CSS = ("diagram-js.css", "bpmn-js.css")
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What bpmn-js made of one file.

    ``warnings`` are bpmn-js's import warnings (unresolved references,
    unknown elements, DI drawing unknown elements...); ``error`` is set when
    the import failed outright; ``undrawn`` lists model elements (flow
    elements, lanes, participants, message flows, artifacts) that no diagram
    draws; ``elements`` counts the distinct model elements drawn over all
    diagrams. ``layout`` lists what bpmn-js draws without a warning but a
    reader stumbles on: text overflowing its activity or running into the
    task-type icon in its top-left corner or under a marker at its bottom
    (the collapsed subprocess's "+", loop, multi-instance), a word cut in
    two where bpmn-js wraps a name, a pool's or lane's
    name running out of its 30 px header band (or up to its ends), labels
    overlapping each other, another shape, a pool's or lane's name or the
    line of a sequence or message flow, a sequence or message flow passing
    through a pool neither of its ends is in, two flows sharing a straight
    piece (a reader cannot tell which line goes where); it does not count
    against :attr:`ok`. ``crossings`` lists each right-angle crossing of a message
    flow with another flow's line ("message flow M crosses flow F"): some cannot be
    avoided, so they are counted (``tests/test_bpmnjs_layout.py`` holds each file to
    its number) rather than listed in ``layout``.
    ``png`` is the written picture of the first diagram, if asked
    for, ``width`` x ``height`` its size in pixels.
    """

    path: str
    warnings: tuple[str, ...]
    error: str | None
    elements: int
    diagrams: int
    undrawn: tuple[str, ...]
    layout: tuple[str, ...]
    png: str | None
    width: int
    height: int
    seconds: float
    crossings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when bpmn-js imported the file without error or warning and drew every element."""
        return self.error is None and not self.warnings and not self.undrawn

    def problems(self) -> list[str]:
        """Every problem as one ``path: message`` line (empty when :attr:`ok`)."""
        lines = [f"{self.path}: kesalahan bpmn-js: {self.error}"] if self.error else []
        lines += [f"{self.path}: peringatan bpmn-js: {w}" for w in self.warnings]
        lines += [f"{self.path}: tidak tergambar di diagram mana pun: {e}" for e in self.undrawn]
        return lines


def find_chromium() -> str:
    """Path of Chromium: ``$PROBISNIS_CHROMIUM`` if set, else ``chromium`` on PATH or /usr/bin."""
    override = os.environ.get("PROBISNIS_CHROMIUM")
    candidates = [override] if override else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    looked = override or "/usr/bin/chromium"
    raise UsageError(f"Chromium tidak ditemukan (dicari: {looked}): {INSTALL_HINT}")


def find_bpmnjs() -> Path:
    """The ``dist`` folder of bpmn-js.

    Looked for in ``$PROBISNIS_NODE_MODULES`` if set, else in ``node_modules``
    of the cwd or of any parent folder of this package (the repository root
    when installed editable).
    """
    override = os.environ.get("PROBISNIS_NODE_MODULES")
    if override:
        roots = [Path(override)]
    else:
        roots = [base / "node_modules" for base in (Path.cwd(), *Path(__file__).resolve().parents)]
    for root in roots:
        dist = root / "bpmn-js" / "dist"
        if (dist / _BUNDLE).is_file():
            return dist
    raise UsageError(f"node_modules/bpmn-js tidak ditemukan (paket npm belum terpasang): "
                     f"{INSTALL_HINT}")


def browser_unavailable() -> str | None:
    """Why the bpmn-js check cannot run here (no Chromium, bpmn-js or Playwright), else ``None``."""
    try:
        find_chromium()
        find_bpmnjs()
    except UsageError as exc:
        return str(exc)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"the Python package playwright is not installed: {INSTALL_HINT}"
    return None


def read_xml_text(path: str | os.PathLike[str]) -> str:
    """The file's text, decoded by its BOM or XML declaration (bpmn-js parses text, not bytes)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"tidak dapat dibaca: {exc.strerror}", path=str(path)) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        match = _ENCODING.match(data.lstrip())
        encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise UsageError(f"tidak dapat didekode sebagai {encoding}: {exc}", path=str(path)) from exc


class _Driver:
    """The one Playwright driver of the process, shared by nested :class:`BpmnJs` sessions.

    Playwright's sync API cannot start twice in one thread, so sessions take
    and release it by reference count. Use sessions from one thread.
    """

    playwright: Any = None
    users = 0

    @classmethod
    def acquire(cls) -> Any:
        if cls.playwright is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
        cls.users += 1
        return cls.playwright

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users <= 0 and cls.playwright is not None:
            cls.playwright.stop()
            cls.playwright = None
            cls.users = 0


class BpmnJs:
    """One headless Chromium with bpmn-js loaded, reused for many files.

    Use as a context manager::

        with BpmnJs() as viewer:
            result = viewer.check("processes/m1.bpmn", png="docs/img/m1.png")

    ``margin`` is the white border around the diagram in the PNG (pixels at
    scale 1); a diagram larger than ``max_side`` pixels is scaled down to fit.
    """

    def __init__(self, *, margin: int = 20, max_side: int = 12000, timeout_s: float = 60.0) -> None:
        self.margin = margin
        self.max_side = max_side
        self.timeout_ms = timeout_s * 1000.0
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None

    def __enter__(self) -> BpmnJs:
        reason = browser_unavailable()
        if reason is not None:
            raise UsageError(reason)
        from playwright.sync_api import Error as PlaywrightError

        dist = find_bpmnjs()
        self._playwright = _Driver.acquire()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=find_chromium(), headless=True, args=list(BROWSER_ARGS)
            )
            self._page = self._browser.new_page(viewport={"width": 800, "height": 600})
            self._page.set_default_timeout(self.timeout_ms)
            self._page.route("**/*", lambda route: route.abort())
            self._page.set_content(_VIEWER_HTML.read_text(encoding="utf-8"))
            for css in _CSS:
                self._page.add_style_tag(path=str(dist / "assets" / css))
            self._page.add_script_tag(path=str(dist / _BUNDLE))
            if not self._page.evaluate("typeof window.BpmnJS === 'function'"):
                raise ProbisnisError(f"bpmn-js did not load from {dist / _BUNDLE}")
        except PlaywrightError as exc:
            self.close()
            lines = exc.message.splitlines()
            said = [ln.split("[err]", 1)[1].strip() for ln in lines if "[err]" in ln]
            detail = "; ".join(dict.fromkeys([lines[0] if lines else "", *said]))
            raise ProbisnisError(
                f"cannot start {find_chromium()} with bpmn-js: {detail}; {INSTALL_HINT}"
            ) from exc
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop Chromium and the Playwright driver (safe to call twice)."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            _Driver.release()
            self._playwright = None
        self._page = None

    @property
    def page(self) -> Any:
        """The Playwright page holding bpmn-js (to draw on the diagram :meth:`check` imported)."""
        if self._page is None:
            raise UsageError("BpmnJs used outside its 'with' block")
        return self._page

    def check(
        self, path: str | os.PathLike[str], png: str | os.PathLike[str] | None = None
    ) -> ImportResult:
        """Import ``path`` into bpmn-js; when ``png`` is given, write the first diagram there."""
        if self._page is None:
            raise UsageError("BpmnJs used outside its 'with' block")
        from playwright.sync_api import Error as PlaywrightError

        started = time.perf_counter()
        xml = read_xml_text(path)
        page = self._page
        try:
            raw = page.evaluate(
                "([xml, margin]) => window.probisnisImport(xml, margin)", [xml, self.margin]
            )
            width, height, png_path = int(raw["width"]), int(raw["height"]), None
            if png is not None and raw["error"] is None and width > 0 and height > 0:
                width, height = self._screenshot(raw, Path(png))
                png_path = str(png)
        except PlaywrightError as exc:
            raise ProbisnisError(
                f"Chromium failed while importing into bpmn-js: {exc}", path=str(path)
            ) from exc
        return ImportResult(
            path=str(path),
            warnings=tuple(" ".join(str(w).split()) for w in raw["warnings"]),
            error=None if raw["error"] is None else " ".join(str(raw["error"]).split()),
            elements=int(raw["elements"]),
            diagrams=int(raw["diagrams"]),
            undrawn=tuple(raw["undrawn"]),
            layout=tuple(dict.fromkeys(raw.get("layout") or ())),
            png=png_path,
            width=width,
            height=height,
            seconds=time.perf_counter() - started,
            crossings=tuple(raw.get("crossings") or ()),
        )

    def frame_png(self, box: Any, png: str | os.PathLike[str]) -> tuple[int, int]:
        """Write the part ``box`` (x, y, width, height in diagram coordinates) of the diagram
        :meth:`check` imported last to ``png``, at scale 1; its size in pixels."""
        if self._page is None:
            raise UsageError("BpmnJs used outside its 'with' block")
        raw = {"x": box.x, "y": box.y, "width": box.width, "height": box.height}
        return self._screenshot(raw, Path(png))

    def _screenshot(self, raw: dict[str, Any], png: Path) -> tuple[int, int]:
        width, height = float(raw["width"]), float(raw["height"])
        scale = min(1.0, self.max_side / max(width, height))
        px_w, px_h = max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))
        page = self._page
        page.set_viewport_size({"width": px_w, "height": px_h})
        page.evaluate(
            "([x, y, w, h]) => window.probisnisFrame(x, y, w, h)",
            [raw["x"], raw["y"], width, height],
        )
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png), full_page=False, animations="disabled")
        return px_w, px_h


@contextmanager
def _session(**kw: Any) -> Iterator[BpmnJs]:
    with BpmnJs(**kw) as viewer:
        yield viewer


def check_bpmnjs(
    paths: Iterable[str | os.PathLike[str]],
    png_dir: str | os.PathLike[str] | None = None,
    **kw: Any,
) -> list[ImportResult]:
    """Import every file into bpmn-js in one Chromium; with ``png_dir``, write ``<stem>.png``."""
    results = []
    with _session(**kw) as viewer:
        for path in paths:
            png = Path(png_dir) / f"{Path(path).stem}.png" if png_dir is not None else None
            results.append(viewer.check(path, png))
    return results


def render_png(
    path: str | os.PathLike[str], out_png: str | os.PathLike[str], **kw: Any
) -> ImportResult:
    """Import ``path`` into bpmn-js and write its first diagram to ``out_png``."""
    with _session(**kw) as viewer:
        return viewer.check(path, out_png)
