#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and launches gradscape (arguments pass through).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target gradscape
exec build/app/gradscape "$@"
