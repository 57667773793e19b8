#!/usr/bin/env bash
# Sets up everything the tests need (see setup.sh --test), then runs the whole suite, integration tests
# included: the real bundled model, a real llama.cpp server on 127.0.0.1, a real browser, and a throwaway
# PostgreSQL cluster on a Unix socket (the store tests run on SQLite and on PostgreSQL), stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-pg.XXXXXX")
trap 'bash scripts/pg_cluster.sh stop "$pg_dir"' EXIT
if ! JIXIAO_TEST_DATABASE_URL=$(bash scripts/pg_cluster.sh start "$pg_dir"); then
  echo "ERROR: could not start the test PostgreSQL cluster (scripts/pg_cluster.sh, log above); the store" >&2
  echo "       tests must run on PostgreSQL too, so the run stops here." >&2
  exit 1
fi
export JIXIAO_TEST_DATABASE_URL
echo "==> PostgreSQL for the tests: $JIXIAO_TEST_DATABASE_URL"

.venv/bin/ruff check .
.venv/bin/mypy assistant
.venv/bin/python -m pytest -q -ra "$@"
