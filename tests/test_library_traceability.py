"""The whole regulation is modelled: every one of the 133 clause ids is cited in processes/.

This fails until the process library (issue #3) covers every mechanism,
penugasan variant and reporting rule; the message lists what is missing.
``docs/traceability.md`` shows the same gaps per section.
"""

from __future__ import annotations

from pathlib import Path

from probisnis.trace import trace

ROOT = Path(__file__).resolve().parents[1]


def test_every_clause_is_cited_in_processes() -> None:
    result = trace([ROOT / "processes"])
    assert len(result.clauses) == 133
    missing = result.uncited_clauses()
    cited = len(result.clauses) - len(missing)
    assert not missing, (
        f"{cited}/133 clause ids cited in processes/; {len(missing)} cited nowhere: "
        + ", ".join(missing)
    )
