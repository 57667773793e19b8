#!/usr/bin/env bash
# Sets everything up (idempotent, see setup.sh), then starts the app on http://127.0.0.1:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"
