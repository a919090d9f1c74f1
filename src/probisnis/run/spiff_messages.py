"""SpiffWorkflow's parse messages in Bahasa Indonesia.

SpiffWorkflow reports what it cannot read in English sentences (``A Service Task must have
an operator``). :func:`translate` words the common ones for an analyst, keeping whatever
they name (ids, counts); the element's id and line stay in the ``path:line: [id]`` prefix
of the error that carries the message. Where ``--allow-non-executable`` would let the run
trace the element anyway (:mod:`probisnis.run.gaps`), the message says so. A message not
in the table is kept as SpiffWorkflow wrote it, after an Indonesian lead-in.
"""

from __future__ import annotations

import re

from probisnis.hints import maksudnya, suggest

__all__ = ["FLAG_HINT", "called_hint", "translate"]

#: what to add when ``--allow-non-executable`` would trace the element as a plain step
FLAG_HINT = ("; jalankan dengan --allow-non-executable (API: allow_non_executable=True) untuk "
             "menelusurinya sebagai model deskriptif")

#: (SpiffWorkflow's sentence, its wording, whether --allow-non-executable handles it)
_TABLE: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern, re.S), wording, flag) for pattern, wording, flag in (
        (r"A Service Task must have an operator",
         "tugas layanan ini tidak punya operator (spiffworkflow:serviceTaskOperator) yang "
         "dapat dijalankan SpiffWorkflow", True),
        (r"Invalid Script Task\.\s+No Script Provided.*",
         "tugas skrip ini tidak berisi skrip", True),
        (r"Time Specification Error\. Unknown Time Specification",
         "pewaktu ini tidak punya waktu (timeDate, timeDuration, atau timeCycle)", True),
        (r"Time Specification Error\. (?P<detail>.*)",
         "waktu pewaktu ini tidak dapat dibaca: {detail}", False),
        (r'No "calledElement" attribute for Call Activity',
         "aktivitas pemanggil (callActivity) ini tidak menyebut proses yang dipanggil "
         "(calledElement)", True),
        (r'No DMN Diagram available with id "(?P<id>[^"]*)", Available DMN ids are: ?'
         r"(?P<known>.*)",
         "tabel keputusan (DMN) '{id}' tidak ada di pustaka (yang ada: {known}); letakkan "
         "berkas .dmn-nya di folder yang sama, atau pakai --library DIR", True),
        (r"Conditional event definition with missing condition",
         "peristiwa kondisi ini tidak punya kondisi", True),
        (r"Exactly one start event is required in a SubWorkflow Task; found (?P<n>\d+)",
         "subproses ini punya {n} peristiwa awal; SpiffWorkflow perlu tepat satu", False),
        (r"A SubWorkflow Must contain an End event",
         "subproses ini tidak punya peristiwa selesai", False),
        (r"No start event found",
         "proses ini tidak punya peristiwa awal, dan tidak ada elemen tanpa alur masuk untuk "
         "memulainya", False),
        (r"Multiple outgoing flows are not supported for tasks of type.*",
         "SpiffWorkflow tidak menjalankan beberapa alur keluar dari elemen jenis ini", False),
        (r"Non-default exclusive outgoing sequence flow without condition",
         "alur ini keluar dari gerbang bersyarat tetapi tidak berkondisi dan bukan alur bawaan "
         "(default): beri setiap alur gerbangnya kondisi, atau hapus semua kondisinya agar "
         "alurnya dipilih di berkas keputusan", True),
        (r"Data Store with name (?P<name>.*?) has no implementation",
         "penyimpan data (dataStore) '{name}' tidak punya implementasi di SpiffWorkflow", False),
        (r"Process (?P<id>\S+) is not executable",
         'proses {id} tidak dapat dijalankan (isExecutable="false")', True),
        (r"The process '(?P<id>[^']+)' was not found(?:\. Did you mean one of the "
         r"following: (?P<near>.+?)\??)?",
         "proses '{id}' yang dipanggil tidak ada di pustaka{near}: berkasnya harus berada di "
         "folder pustaka (folder berkas yang dijalankan, atau --library DIR)", False),
        (r"There is no support implemented for this task type",
         "SpiffWorkflow tidak mendukung jenis elemen ini", False),
        (r"NotImplementedError\('Unsupported Catch Event.*",
         "SpiffWorkflow tidak mendukung peristiwa tangkap jenis ini", False),
        (r"A multiinstance task must specify (?:exactly one of )?(?:a )?cardinality or (?:a )?"
         r"(?:loop input data reference|collection).*",
         "multi-instance ini perlu tepat satu dari kardinalitas (loopCardinality) atau data "
         "masukan (loopDataInputRef)", True),
        (r"No output task connected",
         "tidak ada partisipan yang dimulai tanpa pesan atau sinyal dari luar kolaborasi: "
         "jalankan satu prosesnya dengan --process ID", False),
        (r"(?P<kind>[A-Za-z]+Error)\((?P<detail>.*)\)",
         "SpiffWorkflow gagal membaca elemen ini karena galat di dalam SpiffWorkflow "
         "({kind}: {detail})", False),
    ))


def called_hint(process_id: str, listed: str) -> str:
    """After "the called process ``process_id`` is not in the library": the nearest of the
    processes SpiffWorkflow ``listed`` (its "Did you mean one of the following: ..." names
    every process of the library, near or not) as "mungkin maksudnya", then the list."""
    known = [p for p in (x.strip() for x in listed.split(",")) if p]
    if not known:
        return ""
    return maksudnya(suggest(process_id, known)) + f" (yang ada: {', '.join(known)})"


def translate(message: str, *, allow_non_executable: bool = False) -> str:
    """``message`` (SpiffWorkflow's) in Bahasa Indonesia; unknown ones keep their words
    after ``SpiffWorkflow tidak dapat membaca elemen ini:``."""
    text = message.strip().rstrip(". ")
    for pattern, wording, flag in _TABLE:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = {k: " ".join((v or "").split()) for k, v in match.groupdict().items()}
        if "near" in fields:
            fields["near"] = called_hint(fields["id"], fields["near"])
        said = wording.format(**fields)
        return said + (FLAG_HINT if flag and not allow_non_executable else "")
    return f"SpiffWorkflow tidak dapat membaca elemen ini: {text}"
