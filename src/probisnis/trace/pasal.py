"""The articles (Pasal) of Perwali Kota Probolinggo 88/2024 and how many ayat each has.

A citation ``Pasal 10 ayat (4)`` is only as good as the article it names: the
regulation has Pasal 1-21, and only some are split into ayat. The table is
the regulation's own structure; ``tests/test_trace.py`` rebuilds it from the
seed text (``shared/seed/perwali-probolinggo-88-2024.txt``) and compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["PASAL_AYAT", "pasal_problem"]

#: Pasal number -> number of ayat (0: the article is not split into ayat)
PASAL_AYAT: Mapping[int, int] = MappingProxyType(
    {
        1: 0,
        2: 0,
        3: 2,
        4: 0,
        5: 0,
        6: 0,
        7: 2,
        8: 3,
        9: 0,
        10: 3,
        11: 4,
        12: 0,
        13: 2,
        14: 0,
        15: 3,
        16: 0,
        17: 3,
        18: 2,
        19: 2,
        20: 5,
        21: 0,
    }
)


def pasal_problem(pasal: int, ayat: int | None = None) -> str | None:
    """Why ``Pasal pasal ayat (ayat)`` names nothing in the regulation, or ``None`` if it exists."""
    if pasal not in PASAL_AYAT:
        return f"Pasal {pasal} does not exist (the regulation has Pasal 1-{max(PASAL_AYAT)})"
    if ayat is not None:
        count = PASAL_AYAT[pasal]
        if count == 0:
            return f"Pasal {pasal} has no ayat"
        if not 1 <= ayat <= count:
            return f"Pasal {pasal} has ayat (1)-({count}), not ({ayat})"
    return None
