"""The input files of a command: a missing or wrong file told as a person can act on it.

``need(path, "scenario file", (".toml",))`` returns the path of an existing file, or raises
a :class:`UsageError` that says what is wrong and what to give instead: a folder named
where a file is meant, the name without its extension, a near spelling in the same
folder, a BPMN model where a scenario is expected or the other way round.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from probisnis.errors import UsageError

__all__ = ["need"]

#: what each kind of file is called and how to make or find one
_KINDS = {
    ".toml": "a scenario (.toml; the bundled processes have theirs in simulations/, "
             "`probisnis scenario init MODEL.bpmn --out FILE.toml` writes one for any model)",
    ".bpmn": "a BPMN model (.bpmn; the regulation's processes are in processes/)",
    ".bpmn20.xml": "a BPMN model (.bpmn; the regulation's processes are in processes/)",
    ".json": "a Prosimos parameter file (.json), given with --prosimos",
    ".xlsx": "an SOP table (.xlsx or .csv)",
    ".csv": "an SOP table (.xlsx or .csv)",
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".bpmn20.xml" if name.endswith(".bpmn20.xml") else path.suffix.lower()


def need(raw: str | Path, what: str, suffixes: tuple[str, ...]) -> Path:
    """``raw`` as a path to an existing file ending in one of ``suffixes``; else the
    :class:`UsageError` a person can act on."""
    path = Path(raw)
    wanted = _KINDS.get(suffixes[0], f"a {what}")
    if path.is_dir():
        inside = [name for _, name in sorted((suffixes.index(_suffix(p)), p.name)
                                             for p in path.iterdir() if _suffix(p) in suffixes)]
        raise UsageError(f"{raw} is a folder: give {wanted}"
                         + (f", e.g. {path / inside[0]}" if inside else ""))
    if not path.is_file():
        raise UsageError(f"no such {what}: {raw}" + _near(path, suffixes))
    got = _suffix(path)
    if got not in suffixes and got in _KINDS and _KINDS[got] != wanted:
        how = ("; a Prosimos file goes with its model: probisnis simulate MODEL.bpmn "
               f"--prosimos {raw}") if got == ".json" else ""
        raise UsageError(f"{raw} is {_KINDS[got].split(' (')[0]}, not {wanted.split(' (')[0]}: "
                         f"give {wanted}{how}")
    return path


def _near(path: Path, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if Path(str(path) + s).is_file():
            return f"; did you mean {path}{s}?"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return f" (there is no folder {folder})"
    names = [p.name for p in folder.iterdir() if _suffix(p) in suffixes]
    close = difflib.get_close_matches(path.name, names, 1, 0.6)
    if close:
        return f"; did you mean {folder / close[0]}?"
    return ""
