"""The input files of a command: a missing or wrong file told as a person can act on it.

``need(path, "berkas skenario", (".toml",))`` returns the path of an existing file, or raises
a :class:`UsageError` that says, in Bahasa Indonesia, what is wrong and what to give
instead: a folder named where a file is meant, the name without its extension, a near
spelling in the same folder, a BPMN model where a scenario is expected or the other way
round.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from probisnis.errors import UsageError

__all__ = ["need"]

#: what each kind of file is called (before the parenthesis) and how to make or find one
_KINDS = {
    ".toml": "skenario (.toml; proses bawaan punya skenarionya di simulations/, "
             "`probisnis scenario init MODEL.bpmn --out FILE.toml` menulis satu untuk model "
             "mana pun)",
    ".bpmn": "model BPMN (.bpmn; proses-proses Perwali ada di processes/)",
    ".bpmn20.xml": "model BPMN (.bpmn; proses-proses Perwali ada di processes/)",
    ".json": "berkas parameter Prosimos (.json), diberikan dengan --prosimos",
    ".xlsx": "tabel SOP (.xlsx atau .csv)",
    ".csv": "tabel SOP (.xlsx atau .csv)",
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".bpmn20.xml" if name.endswith(".bpmn20.xml") else path.suffix.lower()


def need(raw: str | Path, what: str, suffixes: tuple[str, ...]) -> Path:
    """``raw`` as a path to an existing file ending in one of ``suffixes``; else the
    :class:`UsageError` a person can act on."""
    path = Path(raw)
    wanted = _KINDS.get(suffixes[0], what)
    if path.is_dir():
        inside = [name for _, name in sorted((suffixes.index(_suffix(p)), p.name)
                                             for p in path.iterdir() if _suffix(p) in suffixes)]
        raise UsageError(f"{raw} adalah folder: berikan {wanted}"
                         + (f", misalnya {path / inside[0]}" if inside else ""))
    if not path.is_file():
        raise UsageError(f"{what} tidak ditemukan: {raw}" + _near(path, suffixes))
    got = _suffix(path)
    if got not in suffixes and got in _KINDS and _KINDS[got] != wanted:
        how = ("; berkas Prosimos dipakai bersama modelnya: probisnis simulate MODEL.bpmn "
               f"--prosimos {raw}") if got == ".json" else ""
        raise UsageError(f"{raw} adalah {_KINDS[got].split(' (')[0]}, bukan "
                         f"{wanted.split(' (')[0]}: berikan {wanted}{how}")
    return path


def _near(path: Path, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if Path(str(path) + s).is_file():
            return f"; mungkin maksudnya {path}{s}?"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return f" (tidak ada folder {folder})"
    names = [p.name for p in folder.iterdir() if _suffix(p) in suffixes]
    close = difflib.get_close_matches(path.name, names, 1, 0.6)
    if close:
        return f"; mungkin maksudnya {folder / close[0]}?"
    return ""
