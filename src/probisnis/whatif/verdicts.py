"""Which way is better for each KPI, and the verdict on a paired difference.

:data:`BETTER` is part of each KPI's definition for what-if analysis: ``-1`` lower is
better (times, costs, queues, work in progress), ``+1`` higher is better (throughput),
``0`` neither (utilisation: higher means busier people, not a better process). A KPI not
in the table is judged like ``0``.

:func:`verdict` reads the 95 % confidence interval of the paired difference
(variant - base): an interval holding 0 is *tidak berbeda nyata*; a significant change
smaller than ``threshold`` (relative to the base) is *berbeda tetapi kecil*; otherwise
*lebih baik* or *lebih buruk* by the KPI's direction, or *naik* / *turun* for a KPI
with no better direction.
"""

from __future__ import annotations

import math

__all__ = ["BETTER", "VERDICTS", "better_direction", "verdict"]

#: KPI name -> -1 lower is better, +1 higher is better, 0 neither
BETTER: dict[str, int] = {
    "cycle_time": -1,
    "cycle_time_working": -1,
    "cost": -1,
    "waiting_time": -1,
    "waiting_time_working": -1,
    "processing_time": -1,
    "processing_time_working": -1,
    "throughput": +1,
    "failed_cases": -1,
    "wip": -1,
    "phase_wip": -1,
    "lane_wip": -1,
    "lane_queue_length": -1,
    "queue_length": -1,
    "utilization": 0,
}

#: every verdict text
VERDICTS: tuple[str, ...] = (
    "lebih baik", "lebih buruk", "tidak berbeda nyata", "berbeda tetapi kecil", "naik",
    "turun", "tidak dapat dinilai",
)


def better_direction(name: str) -> int:
    """-1, +1 or 0 for the KPI ``name`` (see :data:`BETTER`)."""
    return BETTER.get(name, 0)


def verdict(name: str, difference: float, low: float, high: float, relative: float,
            threshold: float = 0.0) -> str:
    """The verdict on the paired difference ``difference`` with CI ``[low, high]``.

    ``relative`` is the difference over the base mean; ``threshold`` the smallest
    relative change that matters (0: every significant change matters).
    """
    if math.isfinite(relative) and abs(relative) < 1e-9:
        # a billionth of the base is rounding (the same costs summed in another order)
        return "tidak berbeda nyata"
    if not (math.isfinite(low) and math.isfinite(high)):
        # no spread: exactly equal pairs are no difference, anything else cannot be judged
        return "tidak berbeda nyata" if difference == 0 else "tidak dapat dinilai"
    if low <= 0.0 <= high:
        return "tidak berbeda nyata"
    if threshold > 0 and math.isfinite(relative) and abs(relative) < threshold:
        return "berbeda tetapi kecil"
    direction = better_direction(name)
    up = difference > 0
    if direction == 0:
        return "naik" if up else "turun"
    return "lebih baik" if up == (direction > 0) else "lebih buruk"
