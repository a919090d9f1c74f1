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

from probisnis.errors import UsageError, say

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


#: the same in English (``--lang en`` of simulate, compare and sweep)
_KINDS_EN = {
    ".toml": "a scenario (.toml; the bundled processes have theirs in simulations/, "
             "`probisnis scenario init MODEL.bpmn --out FILE.toml` writes one for any model)",
    ".bpmn": "a BPMN model (.bpmn; the Perwali's processes are in processes/)",
    ".bpmn20.xml": "a BPMN model (.bpmn; the Perwali's processes are in processes/)",
    ".json": "a Prosimos parameter file (.json), given with --prosimos",
    ".xlsx": "an SOP table (.xlsx or .csv)",
    ".csv": "an SOP table (.xlsx or .csv)",
}
_WHAT_EN = {"berkas skenario": "scenario file", "berkas model": "model file",
            "berkas parameter Prosimos": "Prosimos parameter file", "tabel SOP": "SOP table"}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".bpmn20.xml" if name.endswith(".bpmn20.xml") else path.suffix.lower()


#: the bundled folders are found from the repository's main folder (Indonesian, English)
_FROM_ROOT = ("; jalankan perintah dari folder utama probisnis, yang memuat processes/ dan "
              "simulations/", "; run the command from probisnis's main folder, which holds "
              "processes/ and simulations/")


def need(raw: str | Path, what: str, suffixes: tuple[str, ...]) -> Path:
    """``raw`` as a path to an existing file ending in one of ``suffixes``; else the
    :class:`UsageError` a person can act on."""
    path = Path(raw)
    wanted = _KINDS.get(suffixes[0], what)
    wanted_en = _KINDS_EN.get(suffixes[0], _WHAT_EN.get(what, what))
    if path.is_dir():
        inside = [name for _, name in sorted((suffixes.index(_suffix(p)), p.name)
                                             for p in path.iterdir() if _suffix(p) in suffixes)]
        example = f", misalnya {path / inside[0]}" if inside else ""
        raise UsageError(say(f"{raw} adalah folder: berikan {wanted}{example}",
                             f"{raw} is a folder: give {wanted_en}"
                             + example.replace("misalnya", "e.g.")))
    if not path.is_file():
        near = _near(path, suffixes)
        raise UsageError(say(f"{what} tidak ditemukan: {raw}" + near,
                             f"{_WHAT_EN.get(what, what)} not found: {raw}"
                             + near.replace("mungkin maksudnya", "did you mean")
                             .replace(_FROM_ROOT[0], _FROM_ROOT[1])
                             .replace("tidak ada folder", "no folder")
                             .replace(" di sini", " here")))
    got = _suffix(path)
    if got not in suffixes and got in _KINDS and _KINDS[got] != wanted:
        how = ("; berkas Prosimos dipakai bersama modelnya: probisnis simulate MODEL.bpmn "
               f"--prosimos {raw}") if got == ".json" else ""
        how_en = ("; a Prosimos file goes with its model: probisnis simulate MODEL.bpmn "
                  f"--prosimos {raw}") if got == ".json" else ""
        raise UsageError(say(f"{raw} adalah {_KINDS[got].split(' (')[0]}, bukan "
                             f"{wanted.split(' (')[0]}: berikan {wanted}{how}",
                             f"{raw} is {_KINDS_EN[got].split(' (')[0]}, not "
                             f"{wanted_en.split(' (')[0]}: give {wanted_en}{how_en}"))
    return path


def _near(path: Path, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if Path(str(path) + s).is_file():
            return f"; mungkin maksudnya {path}{s}?"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        if not path.is_absolute() and path.parts[0] in ("processes", "simulations"):
            return f" (tidak ada folder {folder} di sini{_FROM_ROOT[0]})"
        return f" (tidak ada folder {folder})"
    names = [p.name for p in folder.iterdir() if _suffix(p) in suffixes]
    close = difflib.get_close_matches(path.name, names, 1, 0.6)
    if close:
        return f"; mungkin maksudnya {folder / close[0]}?"
    return ""
