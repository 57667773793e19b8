#!/usr/bin/env bash
# Serve the bundled model as an OpenAI-compatible endpoint on 127.0.0.1 (for the openai backend):
#   scripts/start_llama_server.sh [PORT]
#   JIXIAO_LLM_BACKEND=openai JIXIAO_LLM_BASE_URL=http://127.0.0.1:8000/v1 assistant draft facts/example.yaml
# The server rejects the json_schema response format; ask it for json mode ({"type": "json_object"}).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
PORT="${1:-8000}"
MODEL="${JIXIAO_LLM_MODEL_PATH:-$("$PYTHON" -m assistant.llm.bundled)}"
exec "$PYTHON" -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$PORT" \
  --n_ctx "${JIXIAO_LLM_N_CTX:-8192}" --n_threads "${JIXIAO_LLM_N_THREADS:-$(nproc)}" --verbose False
