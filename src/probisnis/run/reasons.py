"""Why a file could not be read, in Bahasa Indonesia: the operating system's and the JSON
parser's reasons, which Python gives in English, keyed by errno and by message.

>>> import json
>>> try:
...     json.loads('{"a" 1}')
... except json.JSONDecodeError as exc:
...     print(json_reason(exc))
tanda titik dua ':' tidak ada (kolom 6)
>>> os_reason(FileNotFoundError(2, "No such file or directory"))
'berkas tidak ada'

A reason not in the tables is given as Python words it.
"""

from __future__ import annotations

import errno
import json

__all__ = ["json_reason", "os_reason"]

#: errno -> reason
OS_REASONS: dict[int, str] = {
    errno.ENOENT: "berkas tidak ada",
    errno.EACCES: "tidak ada izin membacanya",
    errno.EPERM: "tidak ada izin membacanya",
    errno.EISDIR: "ini folder, bukan berkas",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.ELOOP: "tautan simbolik berputar",
    errno.ENAMETOOLONG: "nama berkasnya terlalu panjang",
}

#: the JSON parser's message -> reason
JSON_REASONS: dict[str, str] = {
    "Expecting value": "nilai yang diharapkan tidak ada (atau berkas kosong)",
    "Expecting property name enclosed in double quotes":
        "nama kunci harus diapit tanda kutip ganda (\"...\"), tanpa koma di akhir tabel",
    "Expecting ':' delimiter": "tanda titik dua ':' tidak ada",
    "Expecting ',' delimiter": "tanda koma ',' tidak ada",
    "Unterminated string starting at": "teks tidak ditutup tanda kutip",
    "Extra data": "ada isi lain sesudah akhir data JSON",
    "Invalid \\escape": "urutan escape '\\' tidak sah",
    "Invalid control character at": "ada karakter kendali (tab, baris baru) di dalam teks",
}


def os_reason(exc: OSError) -> str:
    """``exc`` (reading a file) in words: ``berkas tidak ada``."""
    return OS_REASONS.get(exc.errno or 0) or str(exc.strerror or exc)


def json_reason(exc: json.JSONDecodeError) -> str:
    """``exc`` in words, with the column (the line goes into the ``path:line:`` prefix)."""
    return f"{JSON_REASONS.get(exc.msg, exc.msg)} (kolom {exc.colno})"
