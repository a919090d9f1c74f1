#!/usr/bin/env bash
# Install what the bpmn-js browser check (tests marked `browser`, python -m probisnis.render) needs:
#   - Debian's Chromium at /usr/bin/chromium (never a browser downloaded by a test tool),
#   - bpmn-js into ./node_modules from package-lock.json (npm ci),
#   - the Python package playwright (the client that drives that Chromium), if missing.
# Idempotent; run from anywhere. PYTHON overrides the interpreter (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-liberation
fi
/usr/bin/chromium --version

# npm ci when bpmn-js is missing or not the version package-lock.json pins
if ! node -e '
    const want = require("./package-lock.json").packages["node_modules/bpmn-js"].version;
    const have = require("./node_modules/bpmn-js/package.json").version;
    process.exit(want === have ? 0 : 1);' 2>/dev/null; then
    npm ci --no-audit --no-fund
fi
node -e 'console.log("bpmn-js " + require("./node_modules/bpmn-js/package.json").version)'

PYTHON="${PYTHON:-.venv/bin/python}"
if [ ! -x "$PYTHON" ]; then PYTHON="$(command -v python3)"; fi
if ! "$PYTHON" -c 'import playwright.sync_api' 2>/dev/null; then
    "$PYTHON" -m pip install -q 'playwright>=1.50,<2'
fi
"$PYTHON" -c 'from importlib.metadata import version; print("playwright " + version("playwright"))'
