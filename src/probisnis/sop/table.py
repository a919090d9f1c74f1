"""Read a tabular SOP (``.xlsx`` or ``.csv``) into a :class:`~probisnis.sop.model.Sop`.

Columns (header names, any case): ``No``, ``Kegiatan``, ``Pelaksana`` (required);
``Jenis`` (mulai, kegiatan, keputusan, selesai), ``Kelengkapan``, ``Waktu`` (``2 hari
kerja``, ``3 jam``, ``30 menit``), ``Output``, ``Keterangan``, ``Lanjut ke No``, ``Ya ke No``,
``Tidak ke No`` (also ``Ya``/``Tidak``). A workbook is read from its ``Tabel SOP`` sheet (else
its first sheet) and its ``Identitas`` sheet if present. Without ``Jenis``, a row naming Ya/Tidak
targets is a decision; the first row is the start and rows without a successor at the end
are ends. Every problem is a :class:`UsageError` ``file:row: message`` (row as in the sheet).
"""

from __future__ import annotations

import csv
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from probisnis.errors import UsageError, say
from probisnis.sop.model import IDENTITY_FIELDS, KINDS, Sop, SopIdentity, SopStep
from probisnis.sop.waktu import parse_waktu

__all__ = ["MAX_ROWS", "read_sop_table"]

MAX_ROWS = 2000
_ALIASES = {"ya": "ya ke no", "tidak": "tidak ke no", "lanjut": "lanjut ke no",
            "mutu baku kelengkapan": "kelengkapan", "mutu baku waktu": "waktu",
            "mutu baku output": "output"}


def _fail(path: Path, row: int | None, message: str, english: str | None = None) -> UsageError:
    """``path:row: message`` (in Indonesian; ``english`` for ``--lang en``)."""
    where = f"{path}:{row}" if row is not None else str(path)
    return UsageError(say(f"{where}: {message}", f"{where}: {english or message}"))


def _read_xlsx(path: Path) -> tuple[list[list[Any]], dict[str, str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _fail(path, None, f"bukan buku kerja .xlsx yang dapat dibaca ({exc})",
                    f"not a readable .xlsx workbook ({exc})") from None
    try:
        ws = wb["Tabel SOP"] if "Tabel SOP" in wb.sheetnames else wb.worksheets[0]
        rows = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_ROWS:
                raise _fail(path, i + 1, f"lebih dari {MAX_ROWS} baris",
                            f"more than {MAX_ROWS} rows")
            rows.append(list(row))
        identity: dict[str, str] = {}
        if "Identitas" in wb.sheetnames:
            labels = {v.lower(): k for k, v in IDENTITY_FIELDS.items()}
            for row in wb["Identitas"].iter_rows(min_row=2, max_row=200, values_only=True):
                if row and row[0] and str(row[0]).strip().lower() in labels:
                    value = row[1] if len(row) > 1 else None
                    identity[labels[str(row[0]).strip().lower()]] = \
                        "" if value is None else str(value).strip()
        return rows, identity
    finally:
        wb.close()


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, None, f"bukan teks UTF-8 ({exc.reason}): simpan ulang sebagai "
                    "CSV UTF-8", f"not UTF-8 text ({exc.reason})") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    if len(rows) > MAX_ROWS + 1:
        raise _fail(path, MAX_ROWS + 2, f"lebih dari {MAX_ROWS} baris",
                    f"more than {MAX_ROWS} rows")
    return [list(r) for r in rows]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _int(path: Path, row: int, column: str, value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise _fail(path, row, f"[{column}] harus nomor baris, bukan {text!r}",
                    f"[{column}] expected a row number, got {text!r}") from None


def read_sop_table(path: str | os.PathLike[str], hours_per_day: float = 7.5) -> Sop:
    """The SOP in the table at ``path`` (``.xlsx`` or ``.csv``)."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{p}: berkas tidak ditemukan")
    identity: dict[str, str] = {}
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        rows, identity = _read_xlsx(p)
    elif suffix == ".csv":
        rows = _read_csv(p)
    else:
        raise _fail(p, None, "harus tabel SOP .xlsx atau .csv", "expected a .xlsx or .csv table")
    while rows and not any(_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise _fail(p, 1, "tabel kosong: baris pertama harus judul kolom No, Kegiatan, "
                    "Pelaksana, ...", "empty table: expected a header row No, Kegiatan, "
                    "Pelaksana, ...")
    col = _columns(p, rows[0])
    body = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(_text(c) for c in r)]
    if not body:
        raise _fail(p, 2, "tidak ada langkah di bawah judul kolom", "no steps under the header")
    raw = [_row(p, expected, line, r, col, hours_per_day)
           for expected, (line, r) in enumerate(body, start=1)]
    steps = [_step(p, i, d, len(raw)) for i, d in enumerate(raw)]
    if steps[0].kind != "mulai":
        raise _fail(p, raw[0]["line"], "[Jenis] baris pertama harus awal proses (mulai)",
                    "[Jenis] the first row must be the start (mulai)")
    pelaksana = tuple(dict.fromkeys(s.pelaksana for s in steps if s.pelaksana))
    ident = SopIdentity(**{k: v for k, v in identity.items() if k in IDENTITY_FIELDS})
    if not ident.judul:
        ident = replace(ident, judul=p.stem.replace("_", " "))
    return Sop(identity=ident, pelaksana=pelaksana, steps=tuple(steps),
               hours_per_day=hours_per_day, process_id="")


def _columns(p: Path, header: list[Any]) -> dict[str, int]:
    """Column name (its alias resolved, lower case) -> its first index; No, Kegiatan and
    Pelaksana required."""
    head = [_ALIASES.get(_text(h).lower(), _text(h).lower()) for h in header]
    for need in ("no", "kegiatan", "pelaksana"):
        if need not in head:
            shown = ", ".join(_text(h) for h in header if _text(h))
            raise _fail(p, 1, f"[{need.capitalize()}] kolom tidak ada (judul kolom: {shown})",
                        f"[{need.capitalize()}] column missing (header: {shown})")
    return {name: i for i, name in reversed(list(enumerate(head)))}


def _row(p: Path, expected: int, line: int, r: list[Any], col: dict[str, int],
         hours_per_day: float) -> dict[str, Any]:
    """One step's row (line ``line``, the ``expected``-th) read as it is written."""

    def get(name: str) -> Any:
        i = col.get(name)
        return r[i] if i is not None and i < len(r) else None

    no = _int(p, line, "No", get("no"))
    if no != expected:
        raise _fail(p, line, f"[No] harus {expected} (baris diberi nomor 1, 2, 3... "
                    f"berurutan), bukan {_text(get('no')) or 'kosong'}",
                    f"[No] expected {expected} (rows numbered 1, 2, 3... in "
                    f"order), got {_text(get('no')) or 'nothing'}")
    kind = _text(get("jenis")).lower()
    if kind and kind not in KINDS:
        raise _fail(p, line, f"[Jenis] harus salah satu dari {', '.join(KINDS)}, bukan "
                    f"{kind!r}", f"[Jenis] expected one of {', '.join(KINDS)}, got {kind!r}")
    kegiatan = _text(get("kegiatan"))
    if not kegiatan:
        raise _fail(p, line, "[Kegiatan] kosong", "[Kegiatan] empty")
    waktu_text = _text(get("waktu"))
    try:
        waktu = parse_waktu(waktu_text, hours_per_day) if waktu_text else None
    except UsageError as exc:
        raise _fail(p, line, f"[Waktu] {exc.message}") from None
    return {
        "line": line, "no": no, "kind": kind, "kegiatan": kegiatan,
        "pelaksana": _text(get("pelaksana")), "kelengkapan": _text(get("kelengkapan")),
        "waktu": waktu, "output": _text(get("output")),
        "keterangan": _text(get("keterangan")),
        "next": _int(p, line, "Lanjut ke No", get("lanjut ke no")),
        "ya": _int(p, line, "Ya ke No", get("ya ke no")),
        "tidak": _int(p, line, "Tidak ke No", get("tidak ke no")),
    }


def _step(p: Path, i: int, d: dict[str, Any], n: int) -> SopStep:
    """Row ``d`` (the ``i``-th of ``n``) as a step: its kind when the row leaves it out,
    where it leads, each target a row other than itself."""
    line = d["line"]
    kind = d["kind"] or ("keputusan" if d["ya"] or d["tidak"] else
                         "mulai" if i == 0 else "kegiatan")
    if kind == "keputusan":
        if d["ya"] is None or d["tidak"] is None:
            raise _fail(p, line, "keputusan perlu [Ya ke No] dan [Tidak ke No]",
                        "decision needs both [Ya ke No] and [Tidak ke No]")
        nxt = None
    elif kind == "selesai":
        nxt = None
    else:
        nxt = d["next"] if d["next"] is not None else (i + 2 if i + 1 < n else None)
        if nxt is None:
            if d["kind"]:
                raise _fail(p, line, f"baris '{kind}' perlu baris sesudahnya atau "
                            "[Lanjut ke No]", f"a '{kind}' row needs a following row or "
                            "[Lanjut ke No]")
            kind = "selesai"
    for column, target in (("Lanjut ke No", nxt), ("Ya ke No", d["ya"]),
                           ("Tidak ke No", d["tidak"])):
        if target is not None and not 1 <= target <= n:
            raise _fail(p, line, f"[{column}] tidak ada baris {target} (baris 1-{n})",
                        f"[{column}] no row {target} (rows 1-{n})")
        if target == d["no"]:
            raise _fail(p, line, f"[{column}] baris tidak boleh menuju dirinya sendiri",
                        f"[{column}] a row cannot lead to itself")
    if kind in ("kegiatan", "keputusan") and not d["pelaksana"]:
        raise _fail(p, line, "[Pelaksana] kosong: siapa yang mengerjakan langkah ini?",
                    "[Pelaksana] empty: who does this step?")
    return SopStep(
        no=d["no"], kind=kind, kegiatan=d["kegiatan"], pelaksana=d["pelaksana"],
        kelengkapan=d["kelengkapan"], waktu=d["waktu"], output=d["output"],
        keterangan=d["keterangan"], next=nxt,
        ya=d["ya"] if kind == "keputusan" else None,
        tidak=d["tidak"] if kind == "keputusan" else None, line=line)
