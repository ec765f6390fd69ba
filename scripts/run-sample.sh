#!/usr/bin/env bash
# The main job on the bundled sample: set up, ingest samples/ into wirewatch.db (SQLite), print the events.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${WIREWATCH_DB:-wirewatch.db}
.venv/bin/wirewatch ingest samples/ --db "$DB"
.venv/bin/wirewatch events --db "$DB"
