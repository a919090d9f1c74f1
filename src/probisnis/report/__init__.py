"""What analysts hand to their leaders: the HTML report, Excel workbook and heat diagram.

Reads results (a simulate ``--out`` folder via :func:`load_result`, or tables in memory via
:func:`from_run`) and models; never runs a simulation.

- :func:`write_report`: one self-contained HTML file in Bahasa Indonesia.
- :func:`write_xlsx`: the KPIs, activities, pools and cases as an Excel workbook.
- :func:`heat_spec`: colours for :func:`probisnis.render.heat.render_heat`.
"""

from probisnis.report.build import write_report
from probisnis.report.context import RunContext, context_from_scenario, read_context, write_context
from probisnis.report.data import ReportData, from_run, load_result
from probisnis.report.excel import write_xlsx
from probisnis.report.heat import heat_spec, heat_values

__all__ = [
    "ReportData",
    "RunContext",
    "context_from_scenario",
    "from_run",
    "heat_spec",
    "heat_values",
    "load_result",
    "read_context",
    "write_context",
    "write_report",
    "write_xlsx",
]
