"""Traceability of BPMN elements to Perwali 88/2024: clause ids, Pasal and Lampiran citations."""

from probisnis.trace.extract import Citation, citations, elements, extract
from probisnis.trace.pasal import PASAL_AYAT, pasal_problem
from probisnis.trace.report import Trace, render_markdown, trace
from probisnis.trace.table import clause_table_path, load_clauses

__all__ = [
    "PASAL_AYAT",
    "Citation",
    "Trace",
    "citations",
    "clause_table_path",
    "elements",
    "extract",
    "load_clauses",
    "pasal_problem",
    "render_markdown",
    "trace",
]
