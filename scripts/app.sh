#!/usr/bin/env bash
# Sets everything up (idempotent, see setup.sh), then starts the app on http://127.0.0.1:8501.
# Listening on any other address (--server.address, STREAMLIT_SERVER_ADDRESS) needs accounts in the
# database: without them the app has no sign-in, so it refuses to start (assistant users check-address).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
address="${STREAMLIT_SERVER_ADDRESS:-127.0.0.1}"
previous=""
for arg in "$@"; do
    case "$arg" in
        --server.address=*) address="${arg#--server.address=}" ;;
    esac
    if [ "$previous" = "--server.address" ]; then address="$arg"; fi
    previous="$arg"
done
.venv/bin/python -m assistant users check-address "$address"
exec .venv/bin/streamlit run app.py "$@"
