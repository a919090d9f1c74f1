#!/usr/bin/env bash
# Regenerate what is derived from processes/*.bpmn and committed under docs/:
#   docs/img/<stem>.png   pictures drawn by bpmn-js in headless Chromium (checks import warnings too)
#   docs/img/tahap/*.png  each pool of a mechanism alone, in strips a page can show, and the
#                         pictures section of docs/processes/<stem>.md that embeds them
#   docs/traceability.md  clause -> element traceability page
# Run after changing any file in processes/; tests/test_bpmnjs.py and tests/test_trace.py fail when
# these are stale. Needs scripts/install-browser.sh to have run once.
#   --head   render the processes/ of the last commit (ignoring uncommitted edits in the work tree)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
SRC=processes/
if [ "${1:-}" = "--head" ]; then
    TMP="$(mktemp -d)"
    trap 'rm -rf "$TMP"' EXIT
    git archive HEAD processes | tar -x -C "$TMP"
    SRC="$TMP/processes/"
fi
rm -f docs/img/*.png docs/img/tahap/*.png
"$PYTHON" -m probisnis.render --strips docs/img/tahap --pages docs/processes docs/img "$SRC"
"$PYTHON" -m probisnis.trace docs/traceability.md "$SRC"
