#!/usr/bin/env bash
# Regenerate what is derived from processes/*.bpmn and committed under docs/:
#   docs/img/<stem>.png   pictures drawn by bpmn-js in headless Chromium (checks import warnings too)
#   docs/traceability.md  clause -> element traceability page
# Run after changing any file in processes/; tests/test_bpmnjs.py and tests/test_trace.py fail when
# these are stale. Needs scripts/install-browser.sh to have run once.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
rm -f docs/img/*.png
"$PYTHON" -m probisnis.render docs/img processes/
"$PYTHON" -m probisnis.trace docs/traceability.md processes/
