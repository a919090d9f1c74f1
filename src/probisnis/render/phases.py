"""Pictures a reader can read where the docs embed them: one per pool, in strips.

A mechanism file draws its phases (perencanaan, pelaksanaan, evaluasi) as
pools stacked in one collaboration, about 4,000 px wide. GitHub shows a
picture at most about 1,000 px wide, so the whole diagram shrinks to a
quarter and its 11 px text to 3 px. Here each pool that no message flow
connects to another (a phase of its own) is drawn alone and cut into strips
at most :data:`STRIP_WIDTH` px wide. A strip is cut where no shape is (in the
gap between two columns), and every strip after the first repeats the pool's
and lanes' name band on its left, so the reader always sees whose lane a task
is in. :func:`strips` plans them from the diagram (no browser);
:func:`write_strips` draws them with bpmn-js; :func:`markdown` is the text
that embeds them in a page.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from probisnis.bpmn.model import Bounds, Definitions

__all__ = [
    "STRIP_WIDTH",
    "WATERMARK",
    "Strip",
    "markdown",
    "picture_size",
    "refresh_page",
    "section",
    "strip_name",
    "strips",
    "write_strips",
]

#: most px of a pool's content in one strip (GitHub's page column is about 1,000 px wide)
STRIP_WIDTH = 1000.0
_PAD = 6.0  # px around a strip's box
#: px under a strip for the bpmn.io watermark (as under the whole picture)
WATERMARK = 28.0
_MARK_WIDTH = 150.0  # px wider a name band is framed, so the watermark falls outside it
_CLEAR = 10.0  # px a cut keeps from any shape


@dataclass(frozen=True)
class Strip:
    """One picture: part ``part`` of ``parts`` of the pool ``participant`` (process
    ``process``, named ``title``); ``box`` is what it shows in diagram coordinates,
    ``header`` the pool's and lanes' name band repeated on its left (``None`` on the first)."""

    stem: str
    participant: str
    process: str
    title: str
    part: int
    parts: int
    box: Bounds
    header: Bounds | None


def strip_name(strip: Strip) -> str:
    """File name of a strip's picture: ``<stem>.<process id>.<part>.png``."""
    return f"{strip.stem}.{strip.process}.{strip.part}.png"


def _cuts(lo: float, hi: float, blocked: list[tuple[float, float]]) -> list[float]:
    """x positions cutting [lo, hi] into pieces of about equal width, as few as keep them
    near :data:`STRIP_WIDTH`, each cut in a free gap (outside every ``blocked`` span)
    nearest its even share."""
    n = math.ceil((hi - lo) / STRIP_WIDTH - 0.1)
    cuts: list[float] = []
    for k in range(1, n):
        target = lo + k * (hi - lo) / n
        free = list(_free_points(target - STRIP_WIDTH / 5, target + STRIP_WIDTH / 5, blocked))
        cuts.append(min(free, key=lambda x: abs(x - target)) if free else target)
    return cuts


def _free_points(lo: float, hi: float, blocked: list[tuple[float, float]]) -> Iterator[float]:
    """Candidate cut positions in [lo, hi] (every 5 px) that no blocked span covers."""
    x = lo
    while x <= hi:
        if not any(a <= x <= b for a, b in blocked):
            yield x
        x += 5.0


def strips(defs: Definitions, stem: str) -> list[Strip]:
    """The strips of every pool of ``defs``'s first diagram that no message flow connects
    to another pool; none when the diagram has fewer than two such pools or none of them is
    wider than 1.5 x :data:`STRIP_WIDTH` (a page shows such pools well enough whole)."""
    if not defs.diagrams or not defs.collaborations:
        return []
    diagram = defs.diagrams[0]
    collab = next((c for c in defs.collaborations if diagram.plane_element == c.id), None)
    if collab is None:
        return []
    pool_of: dict[str, str] = {}
    for part in collab.participants:
        pool_of[part.id] = part.id
        process = defs.processes.get(part.process_ref or "")
        if process is not None:
            pool_of.update({n.id: part.id for n in process.iter_nodes()})
    talking = set()
    for flow in collab.message_flows:
        talking |= {pool_of.get(flow.source_ref), pool_of.get(flow.target_ref)}
    alone = [
        p
        for p in collab.participants
        if p.process_ref in defs.processes and p.id not in talking and p.id in diagram.shapes
    ]
    if len(alone) < 2:
        return []
    out: list[Strip] = []
    widest = 0.0
    for part in alone:
        process = defs.processes[part.process_ref or ""]
        pool = diagram.shapes[part.id].bounds
        lanes = [diagram.shapes[lane.id].bounds for lane in process.iter_lanes()]
        header_right = max([lane.x + 30.0 for lane in lanes] + [pool.x + 30.0])
        boxes = [diagram.shapes[n.id] for n in process.iter_nodes() if n.id in diagram.shapes]
        labels = [s.label for s in boxes if s.label is not None]
        labels += [
            e.label
            for f in process.iter_flows()
            if (e := diagram.edges.get(f.id)) is not None and e.label is not None
        ]
        lane_ids = {lane.id for lane in process.iter_lanes()}
        shapes = [s.bounds for s in boxes] + [  # and the documents (data object references)
            s.bounds
            for s in diagram.shapes.values()
            if s.element not in pool_of
            and s.element not in lane_ids
            and pool.x <= s.bounds.x <= pool.right
            and pool.y <= s.bounds.y <= pool.bottom
        ]
        if not shapes:
            continue
        right = min(pool.right, max(b.right for b in shapes + labels) + 30.0)
        widest = max(widest, right - header_right)
        blocked = [(b.x - _CLEAR, b.right + _CLEAR) for b in shapes + labels]
        edges = [header_right, *_cuts(header_right, right, blocked), right]
        parts = len(edges) - 1
        for k in range(parts):
            x0 = pool.x - _PAD if k == 0 else edges[k]
            x1 = edges[k + 1] + (_PAD if k == parts - 1 else 0.0)
            box = Bounds(x0, pool.y - _PAD, x1 - x0, pool.height + 2 * _PAD)
            header = (
                None
                if k == 0
                else Bounds(pool.x - _PAD, pool.y - _PAD, header_right - pool.x + _PAD, box.height)
            )
            title = part.name or process.name
            out.append(Strip(stem, part.id, process.id, title, k + 1, parts, box, header))
    # pools a page shows whole need no strips
    return out if widest > 1.5 * STRIP_WIDTH else []


def _room(box: Bounds) -> Bounds:
    """``box`` with room under it for the bpmn.io watermark."""
    return Bounds(box.x, box.y, box.width, box.height + WATERMARK)


def picture_size(strip: Strip) -> tuple[int, int]:
    """(width, height) in pixels of a strip's picture as :func:`write_strips` draws it."""
    width = math.ceil(strip.box.width)
    if strip.header is not None:
        width += math.ceil(strip.header.width)
    return width, math.ceil(strip.box.height + WATERMARK)


def write_strips(
    paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str]
) -> list[Path]:
    """Draw the strips of every file in bpmn-js into ``out_dir`` (grey PNGs: the diagrams
    are black on white); the files written."""
    from PIL import Image

    from probisnis.bpmn.reader import read
    from probisnis.render.browser import BpmnJs

    written: list[Path] = []
    folder = Path(out_dir)
    with BpmnJs() as viewer:
        for path in paths:
            planned = strips(read(path), Path(path).stem)
            if not planned:
                continue
            viewer.check(path)
            folder.mkdir(parents=True, exist_ok=True)
            for strip in planned:
                target = folder / strip_name(strip)
                tmp = target.with_name(target.stem + ".part.png")
                viewer.frame_png(_room(strip.box), tmp)
                if strip.header is not None:
                    head = target.with_name(target.stem + ".head.png")
                    band = strip.header
                    wide = Bounds(band.x, band.y, band.width + _MARK_WIDTH, band.height)
                    viewer.frame_png(_room(wide), head)
                    with Image.open(head) as h, Image.open(tmp) as body:
                        joined = Image.new("RGB", (h.width + body.width, body.height), "white")
                        # the band without the watermark bpmn-js draws at the bottom right of
                        # every frame (framed wider, then cut): the strip's own stays visible
                        # at its bottom right, as its licence asks
                        cut = h.width - int(_MARK_WIDTH)
                        joined.paste(h.crop((0, 0, cut, h.height)), (0, 0))
                        joined = joined.crop((0, 0, cut + body.width, body.height))
                        joined.paste(body, (cut, 0))
                        joined.convert("L").save(target, optimize=True)
                    head.unlink()
                else:
                    with Image.open(tmp) as body:
                        body.convert("L").save(target, optimize=True)
                tmp.unlink()
                written.append(target)
    return written


def markdown(planned: list[Strip], folder: str = "../img/tahap") -> str:
    """The text that embeds ``planned`` strips in a page, a heading per pool."""
    lines: list[str] = []
    for strip in planned:
        if strip.part == 1:
            if lines:
                lines.append("")
            lines += [f"### {strip.title}", ""]
        alt = f"{strip.title}, bagian {strip.part} dari {strip.parts}"
        lines.append(f"![{alt}]({folder}/{strip_name(strip)})")
    return "\n".join(lines) + "\n"


BEGIN = "<!-- gambar per pool (python -m probisnis.render --strips): awal -->"
END = "<!-- gambar per pool: akhir -->"


def section(planned: list[Strip], stem: str) -> str:
    """The marked section of a page: the strips, and a link to the whole picture."""
    return (
        f"{BEGIN}\n"
        "Setiap *pool* digambar tersendiri dan dipotong menjadi beberapa bagian selebar halaman "
        "(nama *pool* dan lajur diulang di kiri setiap bagian). Gambar utuh: "
        f"[`{stem}.png`](../img/{stem}.png).\n\n"
        f"{markdown(planned)}{END}"
    )


def refresh_page(page: str | os.PathLike[str], planned: list[Strip], stem: str) -> bool:
    """Put :func:`section` into ``page`` between its markers, or in place of the line that
    embeds the whole picture; True when the text changed."""
    path = Path(page)
    text = path.read_text(encoding="utf-8")
    new = section(planned, stem)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        changed = head + new + tail
    else:
        whole = f"![Diagram {stem} (bpmn-js)](../img/{stem}.png)"
        if whole not in text:
            return False
        changed = text.replace(whole, new)
    if changed == text:
        return False
    path.write_text(changed, encoding="utf-8")
    return True
