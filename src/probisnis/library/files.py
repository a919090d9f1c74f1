"""The library's files: a file's definitions builder, one-process files, writing them.

Every library module (:mod:`.penugasan`, :mod:`.kinerja`, :mod:`.maps`...) has a ``LIBRARY``
dict, file stem (in ``processes/``) -> function returning the laid-out :class:`Definitions`;
:func:`definitions_of` and :func:`write_all` turn such a dict into definitions or files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from probisnis.bpmn.model import Definitions
from probisnis.bpmn.writer import write
from probisnis.library.builder import ProcessBuilder
from probisnis.library.definitions_builder import DefinitionsBuilder

__all__ = ["Library", "definitions_of", "file_builder", "single_file", "write_all"]

#: file stem (in processes/) -> function returning its definitions (``layout=`` keyword)
Library = Mapping[str, Callable[..., Definitions]]


def file_builder(stem: str, name: str, **kw: Any) -> DefinitionsBuilder:
    """The builder of ``processes/<stem>.bpmn`` (definitions id ``<stem>_definitions``)."""
    return DefinitionsBuilder(f"{stem}_definitions", name=name, path=f"processes/{stem}.bpmn", **kw)


def single_file(stem: str, process_builder: ProcessBuilder, *, layout: bool = True) -> Definitions:
    """The file ``processes/<stem>.bpmn``: one pool holding the built process."""
    d = file_builder(stem, process_builder.name)
    d.pool(process_builder.build())
    return d.build(layout=layout)


def definitions_of(library: Library, *, layout: bool = True) -> dict[str, Definitions]:
    """Each file of ``library``, stem -> :class:`Definitions` (laid out unless told not to)."""
    return {stem: make(layout=layout) for stem, make in library.items()}


def write_all(library: Library, out_dir: str | Path) -> list[Path]:
    """Write every file of ``library`` as ``<out_dir>/<stem>.bpmn``; returns their paths."""
    out = Path(out_dir)
    return [write(defs, out / f"{stem}.bpmn") for stem, defs in definitions_of(library).items()]
