"""The regulation's process library, and the builder it is written with.

- :mod:`probisnis.library.builder`: :class:`ProcessBuilder`;
  :mod:`probisnis.library.definitions_builder`: :class:`DefinitionsBuilder`;
- :mod:`probisnis.library.clauses`: the clause table, for citations;
- :mod:`probisnis.library.roles`: posts (lanes) and lane ids;
- :mod:`probisnis.library.phases` (with :mod:`probisnis.library.phase_pelaksanaan`): blocks
  shared by the work mechanisms;
- :mod:`probisnis.library.toplevel`: a mechanism's phase builders, top-level process and file;
- :mod:`probisnis.library.mechanisms` (with :mod:`probisnis.library.mechanisms_4_6`):
  Lampiran II.D mechanisms 1-6;
- :mod:`probisnis.library.penugasan`: the five penugasan variants (Lampiran II.B.2),
  called from the mechanisms' perencanaan (1c, the collaboration, in
  :mod:`probisnis.library.penugasan_1c`; shared pieces in
  :mod:`probisnis.library.penugasan_common`);
- :mod:`probisnis.library.kinerja`: pertanggungjawaban and pengelolaan kinerja (Pasal 14-17);
- :mod:`probisnis.library.kedudukan`: the kedudukan decision table (DMN) and the process
  that evaluates it (Pasal 8-9, Lampiran II.B.1);
- :mod:`probisnis.library.maps`: the Pasal 20 maps (level 0, subprocesses, relations), with
  their quotes and tables in :mod:`probisnis.library.maps_texts`;
- :mod:`probisnis.library.files`: a file's definitions builder, one-process files, writing a
  module's ``LIBRARY`` of files;
- :mod:`probisnis.library.labels`: label placement where the layout's labels collide;
- :mod:`probisnis.library.doc_tables`: the generated tables of ``docs/processes/*.md``;
- :mod:`probisnis.library.build`: ``python -m probisnis.library.build`` writes every file of
  ``processes/`` (``*.bpmn`` and ``*.dmn``); ``--check`` compares them.
"""

from probisnis.library.builder import ProcessBuilder, document
from probisnis.library.clauses import Clause, Reference, citation, clause, clauses
from probisnis.library.definitions_builder import DefinitionsBuilder
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
