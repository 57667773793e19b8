#!/usr/bin/env bash
# Sets up everything the tests need (see setup.sh --test), then runs the whole suite, integration tests
# included: the real bundled model, a real llama.cpp server on 127.0.0.1 and a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check .
.venv/bin/mypy assistant
exec .venv/bin/python -m pytest -q -ra "$@"
