#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, then builds and runs every test through CTest twice:
# a Release build with warnings as errors, and a Debug build with AddressSanitizer and UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/check-format.sh
jobs="$(nproc)"
# Render tests draw through EGL without a display; xvfb-run covers the few that open a GLFW window.
ctest_run() {
  if [ -z "${DISPLAY:-}" ]; then
    xvfb-run -a -s "-screen 0 1920x1080x24" ctest --test-dir "$1" --output-on-failure -j"$jobs"
  else
    ctest --test-dir "$1" --output-on-failure -j"$jobs"
  fi
}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGRADSCAPE_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest_run build
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DGRADSCAPE_SANITIZE=ON -DGRADSCAPE_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs"
ctest_run build-asan
