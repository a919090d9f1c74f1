"""Orthogonal edge routes on the layout grid.

Shapes sit in cells (column, global row) of one scope. Vertical segments run
in the 50 px gaps between columns (``gap_x``), horizontal ones either at a
node's centre line when the cells in between are free, or in the free strip
at the top of a row (``corridor_y``), so a route never crosses a shape.
Back edges of loops always take a corridor above the higher of their ends.
A gateway's top and bottom serve one flow each, out of a split or into a join
(flows from other rows enter a join there, so they don't share its left side
with the flow coming straight in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from probisnis.bpmn.model import Bounds, Point

__all__ = ["Cell", "Router"]


@dataclass(frozen=True)
class Cell:
    """Where a placed shape is: its bounds, column, global row and whether it is a gateway."""

    bounds: Bounds
    column: int
    row: int
    gateway: bool = False
    id: str = ""

    @property
    def cx(self) -> float:
        return self.bounds.x + self.bounds.width / 2

    @property
    def cy(self) -> float:
        return self.bounds.y + self.bounds.height / 2


@dataclass
class Router:
    """Routes in one scope: ``content_x`` is the grid's left, ``row_top`` the top of each
    global row (rows are ``row`` px tall; a tall lane spaces its rows apart), ``occupied``
    used cells."""

    content_x: float
    row_top: tuple[float, ...]
    column: float
    row: float
    occupied: set[tuple[int, int]]
    _corridor_use: dict[int, int] = field(default_factory=dict)
    _exits: set[tuple[str, str]] = field(default_factory=set)

    def track(self, x: float, y0: float, y1: float) -> float:
        """The x of a vertical from ``y0`` to ``y1`` in the gap at ``x``: the gap's middle;
        flows sharing it are spread into channels afterwards (:mod:`probisnis.layout.nudge`)."""
        del y0, y1
        return x

    def gap_x(self, column: int) -> float:
        """x of the gap on the left of ``column``."""
        return self.content_x + column * self.column

    def corridor_y(self, row: int) -> float:
        """A fresh horizontal track in the free strip at the top of ``row`` (6 px apart)."""
        k = self._corridor_use.get(row, 0)
        self._corridor_use[row] = k + 1
        return self.row_top[row] + 8 + 6 * (k % 4)

    def _row_free(self, row: int, first: int, last: int) -> bool:
        return all((c, row) not in self.occupied for c in range(first, last + 1))

    def _column_free(self, column: int, first: int, last: int) -> bool:
        lo, hi = min(first, last), max(first, last)
        return all((column, r) not in self.occupied for r in range(lo + 1, hi))

    def _take(self, s: Cell, side: str) -> bool:
        """Claim the ``side`` ("top"/"bottom") of gateway ``s`` for one flow; False if taken."""
        if not s.gateway or (s.id, side) in self._exits:
            return False
        self._exits.add((s.id, side))
        return True

    def route(self, s: Cell, t: Cell, *, back: bool) -> tuple[Point, ...]:
        """Waypoints from ``s`` to ``t``; ``back`` for a loop's back edge.

        A gateway sends at most one flow out of its top and one out of its
        bottom (the others leave on the right), so branch labels stay apart.
        """
        sy, ty = s.cy, t.cy
        if back or t.column <= s.column:
            return self._corridor(s, t)
        if s.row == t.row and self._row_free(s.row, s.column + 1, t.column - 1):
            return (Point(s.bounds.right, sy), Point(t.bounds.x, ty))
        side = "bottom" if t.row > s.row else "top"
        if (
            s.gateway
            and (s.id, side) not in self._exits
            and self._column_free(s.column, s.row, t.row)
            and (s.column, t.row) not in self.occupied
            and self._row_free(t.row, s.column + 1, t.column - 1)
            and self._take(s, side)
        ):
            y0 = s.bounds.bottom if side == "bottom" else s.bounds.y
            return (Point(s.cx, y0), Point(s.cx, ty), Point(t.bounds.x, ty))
        into = "top" if t.row > s.row else "bottom"
        if (
            t.gateway
            and (t.id, into) not in self._exits
            and self._row_free(s.row, s.column + 1, t.column)
            and self._column_free(t.column, s.row, t.row)
            and self._take(t, into)
        ):
            # into a join from its top or bottom, so flows from other rows don't share its left
            y1 = t.bounds.y if into == "top" else t.bounds.bottom
            return (Point(s.bounds.right, sy), Point(t.cx, sy), Point(t.cx, y1))
        if self._row_free(s.row, s.column + 1, t.column - 1):
            near_target = self.track(self.gap_x(t.column), sy, ty)
            return (
                Point(s.bounds.right, sy),
                Point(near_target, sy),
                Point(near_target, ty),
                Point(t.bounds.x, ty),
            )
        if self._row_free(t.row, s.column + 1, t.column - 1):
            near_source = self.track(self.gap_x(s.column + 1), sy, ty)
            return (
                Point(s.bounds.right, sy),
                Point(near_source, sy),
                Point(near_source, ty),
                Point(t.bounds.x, ty),
            )
        return self._corridor(s, t)

    def _corridor(self, s: Cell, t: Cell) -> tuple[Point, ...]:
        """Around, in the free strip at the top of the higher end's row; gateways leave upwards."""
        row = min(s.row, t.row)
        in_x = self.gap_x(t.column)
        up_free = all((s.column, r) not in self.occupied for r in range(row, s.row))
        down_free = t.row == row or (
            (t.column, row) not in self.occupied and self._column_free(t.column, row, t.row)
        )
        leave_top = (
            s.gateway and (s.id, "top") not in self._exits and up_free and self._take(s, "top")
        )
        y = self.corridor_y(row)
        tail: tuple[Point, ...]
        if t.gateway and (t.id, "top") not in self._exits and down_free and self._take(t, "top"):
            # into a join from its top: its left stays for the flow coming straight in
            tail = (Point(t.cx, y), Point(t.cx, t.bounds.y))
        else:
            in_x = self.track(in_x, y, t.cy)
            tail = (Point(in_x, y), Point(in_x, t.cy), Point(t.bounds.x, t.cy))
        if leave_top:
            return (Point(s.cx, s.bounds.y), Point(s.cx, y), *tail)
        out_x = self.track(self.gap_x(s.column + 1), s.cy, y)
        return (Point(s.bounds.right, s.cy), Point(out_x, s.cy), Point(out_x, y), *tail)

    def from_boundary(self, b: Bounds, t: Cell, host: Cell) -> tuple[Point, ...]:
        """A flow leaving a boundary event: down into the strip under the host, then on."""
        start = Point(b.x + b.width / 2, b.bottom)
        y = self.row_top[host.row] + self.row - 6
        in_x = self.gap_x(t.column)
        return (
            start,
            Point(start.x, y),
            Point(in_x, y),
            Point(in_x, t.cy),
            Point(t.bounds.x, t.cy),
        )
