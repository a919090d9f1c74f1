"""The documents table (SOP Kelengkapan/Output) against the regulation's own text.

Truth: the seed regulation. Each document cites a clause whose sentence is in the seed and
names the document; every pelaksanaan of the six mechanisms lists its inputs and outputs;
the library files carry them in each task's documentation, where the SOP export reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from probisnis.bpmn import read
from probisnis.library.clauses import clauses
from probisnis.library.documents import INPUT, OUTPUT, TASK_DOCUMENTS, documents_of

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "perwali-probolinggo-88-2024.txt"


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def library_tasks() -> dict[str, str]:
    tasks = {}
    for path in sorted((ROOT / "processes").glob("*.bpmn")):
        for _, node in read(path).iter_nodes():
            if node.is_activity:
                tasks[node.id] = node.documentation
    return tasks


def test_each_document_cites_a_sentence_of_the_text_that_names_it(
        library_tasks: dict[str, str]) -> None:
    seed = _norm(SEED.read_text(encoding="utf-8"))
    seen = 0
    for task in library_tasks:
        for doc in documents_of(task):
            seen += 1
            sentence = _norm(clauses()[doc.clause].text)
            assert sentence.rstrip(".;") in seed, (task, doc.clause)
            key = {"Surat jawaban penolakan beserta alasan": "alasan",
                   "Hasil pelaksanaan kegiatan yang dikembalikan": "dikembalikan",
                   "Surat permohonan pelibatan JF/JP": "surat permohonan pelibatan"}.get(
                doc.name, " ".join(doc.name.lower().split()[:2]))
            words = {"laporan": "melaporkan"}.get(key.split()[0], key.split()[0])
            assert words in sentence, (task, doc)
    assert seen >= 60


@pytest.mark.parametrize("n", range(1, 7))
def test_every_pelaksanaan_lists_its_documents(n: int, library_tasks: dict[str, str]) -> None:
    for task, ins, outs in ((f"M{n}b_susun_rincian", 1, 1), (f"M{n}b_laksanakan", 1, 1),
                            (f"M{n}b_sampaikan_ketua", 1, 1), (f"M{n}a_susun_pk", 0, 1)):
        docs = documents_of(task)
        assert sum(d.role == INPUT for d in docs) == ins, task
        assert sum(d.role == OUTPUT for d in docs) == outs, task
        text = library_tasks[task]
        for d in docs:
            assert re.search(rf"^{d.role}: .*{re.escape(d.name)} \[{re.escape(d.clause)}\]",
                             text, re.M), (task, text)


def test_every_pattern_matches_some_library_task(library_tasks: dict[str, str]) -> None:
    for key in TASK_DOCUMENTS:
        pattern = re.compile("^" + key.replace("{n}", "[1-6]") + "$")
        assert any(pattern.match(t) for t in library_tasks), key
