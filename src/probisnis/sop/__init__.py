"""SOP AP (PermenPAN 35/2012): the SOP model, export to HTML/Excel, import, review.

- :func:`sop_from_bpmn`: a BPMN process as an :class:`Sop` (identity part, flowchart rows).
- :func:`write_sop_html` / :func:`write_sop_xlsx`: the printable document and the workbook.
- :func:`read_sop_table` + :func:`write_imported`: a tabular SOP back to BPMN and a scenario.
- :func:`review`: structural and SOP-format findings, lead time against the stated Waktu.
"""

from probisnis.sop.excel import write_sop_xlsx
from probisnis.sop.from_bpmn import sop_from_bpmn
from probisnis.sop.html import write_sop_html
from probisnis.sop.model import Sop, SopIdentity, SopStep
from probisnis.sop.table import read_sop_table
from probisnis.sop.to_bpmn import write_imported

__all__ = [
    "Sop",
    "SopIdentity",
    "SopStep",
    "read_sop_table",
    "sop_from_bpmn",
    "write_imported",
    "write_sop_html",
    "write_sop_xlsx",
]
