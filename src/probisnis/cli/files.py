"""The input files of a command: a missing or wrong file told as a person can act on it.

``need(path, "berkas skenario", (".toml",))`` returns the path of an existing file, or raises
a :class:`UsageError` that says, in Bahasa Indonesia, what is wrong and what to give
instead: a folder named where a file is meant, the name without its extension, a near
spelling in the same folder, a BPMN model where a scenario is expected or the other way
round. Each message is built from parts that carry both wordings (:class:`Bilingual`), so
``--lang en`` of simulate, compare and sweep prints the English without translating the
Indonesian sentence (whose paths may hold any words).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from probisnis.errors import Bilingual, UsageError, say
from probisnis.hints import maksudnya, suggest_file

__all__ = ["need"]


@dataclass(frozen=True)
class _Kind:
    """A kind of input file: what it is called and, after that, how to make or find one;
    each in Bahasa Indonesia with its English (``--lang en`` of simulate, compare and
    sweep)."""

    name: Bilingual
    how: Bilingual

    @property
    def told(self) -> Bilingual:
        return self.name + self.how


_SCENARIO = _Kind(say("skenario", "a scenario"), say(
    " (.toml; proses bawaan punya skenarionya di simulations/, `probisnis scenario init "
    "MODEL.bpmn --out FILE.toml` menulis satu untuk model mana pun)",
    " (.toml; the bundled processes have theirs in simulations/, `probisnis scenario init "
    "MODEL.bpmn --out FILE.toml` writes one for any model)"))
_MODEL = _Kind(say("model BPMN", "a BPMN model"), say(
    " (.bpmn; proses-proses Perwali ada di processes/)",
    " (.bpmn; the Perwali's processes are in processes/)"))
_PROSIMOS = _Kind(say("berkas parameter Prosimos", "a Prosimos parameter file"), say(
    " (.json), diberikan dengan --prosimos", " (.json), given with --prosimos"))
_SOP = _Kind(say("tabel SOP", "an SOP table"), say(" (.xlsx atau .csv)", " (.xlsx or .csv)"))

#: each kind of file by its extension
_KINDS = {".toml": _SCENARIO, ".bpmn": _MODEL, ".bpmn20.xml": _MODEL, ".json": _PROSIMOS,
          ".xlsx": _SOP, ".csv": _SOP}

#: the callers' ``what`` in English
_WHAT_EN = {"berkas skenario": "scenario file", "berkas model": "model file",
            "berkas parameter Prosimos": "Prosimos parameter file", "tabel SOP": "SOP table"}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".bpmn20.xml" if name.endswith(".bpmn20.xml") else path.suffix.lower()


#: the bundled folders are found from the repository's main folder
_FROM_ROOT = say("; jalankan perintah dari folder utama probisnis, yang memuat processes/ dan "
                 "simulations/", "; run the command from probisnis's main folder, which holds "
                 "processes/ and simulations/")


def need(raw: str | Path, what: str, suffixes: tuple[str, ...]) -> Path:
    """``raw`` as a path to an existing file ending in one of ``suffixes``; else the
    :class:`UsageError` a person can act on."""
    path = Path(raw)
    what_said = say(what, _WHAT_EN.get(what, what))
    wanted = _KINDS.get(suffixes[0], _Kind(what_said, say("", "")))
    if path.is_dir():
        inside = [name for _, name in sorted((suffixes.index(_suffix(p)), p.name)
                                             for p in path.iterdir() if _suffix(p) in suffixes)]
        example = say(f", misalnya {path / inside[0]}", f", e.g. {path / inside[0]}") \
            if inside else ""
        raise UsageError(say(f"{raw} adalah folder: berikan ", f"{raw} is a folder: give ")
                         + wanted.told + example)
    if not path.is_file():
        raise UsageError(what_said + say(f" tidak ditemukan: {raw}", f" not found: {raw}")
                         + _near(path, suffixes))
    got = _KINDS.get(_suffix(path))
    if got is not None and _suffix(path) not in suffixes and got != wanted:
        how = say("; berkas Prosimos dipakai bersama modelnya: probisnis simulate MODEL.bpmn "
                  f"--prosimos {raw}", "; a Prosimos file goes with its model: probisnis "
                  f"simulate MODEL.bpmn --prosimos {raw}") if got is _PROSIMOS else ""
        raise UsageError(say(f"{raw} adalah ", f"{raw} is ") + got.name + say(", bukan ", ", not ")
                         + wanted.name + say(": berikan ", ": give ") + wanted.told + how)
    return path


def _near(path: Path, suffixes: tuple[str, ...]) -> Bilingual:
    """What to give instead of the missing ``path``: itself with the extension it left out,
    the file of the folder with the nearest name, or that its folder is not there."""
    for s in suffixes:
        if Path(str(path) + s).is_file():
            return maksudnya(f"{path}{s}", quote=False)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        if not path.is_absolute() and path.parts[0] in ("processes", "simulations"):
            return (say(f" (tidak ada folder {folder} di sini", f" (no folder {folder} here")
                    + _FROM_ROOT + ")")
        return say(f" (tidak ada folder {folder})", f" (no folder {folder})")
    near = suggest_file(path.name, [p.name for p in folder.iterdir() if _suffix(p) in suffixes])
    return maksudnya(str(folder / near) if near else "", quote=False)
