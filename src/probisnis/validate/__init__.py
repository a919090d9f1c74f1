"""Checking BPMN files: the rules behind ``probisnis validate``.

``validate_paths(paths)`` reads files and folders and returns every
:class:`Finding`; ``validate_definitions(defs)`` checks one loaded model. The
rules live in :data:`RULES` (name -> function) and are described in
docs/validation.md.
"""

from probisnis.validate.check import collect_files, validate_definitions, validate_paths
from probisnis.validate.finding import Finding, Severity
from probisnis.validate.rules import RULES

__all__ = [
    "RULES",
    "Finding",
    "Severity",
    "collect_files",
    "validate_definitions",
    "validate_paths",
]
