"""The regulation's process library, and the builder it is written with.

- :mod:`probisnis.library.builder`: :class:`ProcessBuilder`, :class:`DefinitionsBuilder`;
- :mod:`probisnis.library.clauses`: the clause table, for citations;
- :mod:`probisnis.library.roles`: posts (lanes) and lane ids;
- :mod:`probisnis.library.phases`: blocks shared by the work mechanisms;
- :mod:`probisnis.library.mechanisms`: Lampiran II.D mechanisms 1-6;
- :mod:`probisnis.library.build`: ``python -m probisnis.library.build`` writes ``processes/*.bpmn``.
"""

from probisnis.library.builder import DefinitionsBuilder, ProcessBuilder, document
from probisnis.library.clauses import Clause, Reference, citation, clause, clauses
from probisnis.library.roles import ROLES, Role, lane_id, role_of

__all__ = [
    "ROLES",
    "Clause",
    "DefinitionsBuilder",
    "ProcessBuilder",
    "Reference",
    "Role",
    "citation",
    "clause",
    "clauses",
    "document",
    "lane_id",
    "role_of",
]
