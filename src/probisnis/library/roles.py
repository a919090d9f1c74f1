"""The posts (lanes) of the regulation and how lane ids are formed.

A lane is a post named as the regulation names it (``"Kepala Bagian"``). XML
ids are unique per file and one file holds several processes (a mechanism's
phases), so a lane id is ``<process prefix>_<role key>``, e.g. ``M1a_L_KABAG``
in ``M1_perencanaan`` and ``M1c_L_KABAG`` in ``M1_evaluasi``. The role key
(``L_KABAG``) and the lane name are the same in every process that has that
post, so a simulation scenario can staff a post once: :func:`role_of` turns a
lane id back into its role key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from probisnis.errors import UsageError

__all__ = ["ROLES", "Role", "lane_id", "role", "role_of"]


@dataclass(frozen=True, slots=True)
class Role:
    """A post: ``key`` (``L_KABAG``) for ids and scenarios, ``name`` as the regulation writes it.

    ``label`` is the form used inside task names and flow labels, short enough
    to fit a 100 x 80 task shape.
    """

    key: str
    name: str
    short: str = ""  #: a short form for labels ("JPT Pratama"); the name when empty

    @property
    def label(self) -> str:
        return self.short or self.name


#: every post a process of the library uses, key -> :class:`Role`
ROLES: dict[str, Role] = {
    r.key: r
    for r in (
        Role("L_SEKDA", "Sekretaris Daerah", "Sekretaris Daerah"),
        Role("L_ASISTEN", "Asisten Sekretaris Daerah"),
        Role("L_KABAG", "Kepala Bagian"),
        Role("L_JPT", "Pejabat Pimpinan Tinggi Pratama", "JPT Pratama"),
        Role("L_ADM", "Pejabat Administrator", "Administrator"),
        Role("L_PENGAWAS", "Pejabat Pengawas", "Pengawas"),
        Role(
            "L_JF_PIMPINAN",
            "Pejabat Fungsional yang memimpin unit organisasi",
            "JF pimpinan unit",
        ),
        Role("L_KETUA_TIM", "Ketua Tim"),
        Role("L_JFJP", "Pejabat Fungsional dan/atau Pejabat Pelaksana", "JF/JP"),
        # penugasan (Lampiran II.B.2), pertanggungjawaban and pengelolaan kinerja: posts
        # named by their part in the procedure; in a mechanism they are played by its posts
        # (the Kepala Bagian is the Pimpinan Unit Organisasi Pemilik Kinerja of mechanism 1)
        Role("L_PIMPINAN", "Pimpinan Unit Organisasi", "Pimpinan Unit"),
        Role(
            "L_PIMPINAN_PEMILIK",
            "Pimpinan Unit Organisasi Pemilik Kinerja",
            "Pimpinan Unit Pemilik Kinerja",
        ),
        Role("L_PIMPINAN_TUJUAN", "Pimpinan Unit Organisasi dituju", "Pimpinan Unit dituju"),
        Role("L_PPK", "Pejabat Penilai Kinerja", "PPK"),
        Role("L_PPK_TUJUAN", "Pejabat Penilai Kinerja (PPK) unit dituju", "PPK dituju"),
        Role(
            "L_PYB_PEMOHON",
            "Pejabat yang Berwenang (PyB) instansi pemohon",
            "PyB instansi pemohon",
        ),
        Role("L_PYB_TUJUAN", "Pejabat yang Berwenang (PyB) instansi dituju", "PyB instansi dituju"),
        # kedudukan (Pasal 8-9): who decides who assesses whom
        Role("L_PEMBINA", "Pejabat Pembina Kepegawaian"),
    )
}

_ROLE_IN_ID = re.compile(r"(?:^|_)(L_[A-Z][A-Z0-9_]*)$")


def role(key: str) -> Role:
    """The :class:`Role` with ``key`` (``"L_KABAG"``); unknown keys are an error."""
    try:
        return ROLES[key]
    except KeyError:
        raise UsageError(f"unknown role {key!r}; known: {', '.join(ROLES)}") from None


def lane_id(prefix: str, key: str) -> str:
    """Lane id of role ``key`` in the process whose ids start with ``prefix`` (``M1a_L_KABAG``)."""
    role(key)
    return f"{prefix}_{key}"


def role_of(lane: str) -> str | None:
    """The role key in a lane id (``"M1a_L_KABAG"`` -> ``"L_KABAG"``), ``None`` if it has none."""
    match = _ROLE_IN_ID.search(lane)
    if match is None:
        return None
    key = match.group(1)
    # the longest known key that the id ends with (L_JF_PIMPINAN, not a shorter tail)
    for candidate in sorted(ROLES, key=len, reverse=True):
        if lane.endswith(candidate) and (lane == candidate or lane.endswith("_" + candidate)):
            return candidate
    return key
