#!/usr/bin/env bash
# Set up (with test dependencies) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRA_REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
exec .venv/bin/python -m pytest -q "$@"
