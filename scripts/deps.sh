#!/usr/bin/env bash
# Installs the Debian packages gradscape needs, only those that are missing (sudo when not root). clang and
# libclang-rt-14-dev (libFuzzer and clang's sanitizer runtimes) build the fuzzers in tests/fuzz.
set -euo pipefail
PACKAGES=(build-essential cmake pkg-config libglfw3-dev libimgui-dev libstb-dev libglm-dev libgif-dev
  libimagequant-dev libepoxy-dev libgl-dev libegl-dev libx11-dev libgl1-mesa-dri xvfb xauth libgtest-dev
  libbenchmark-dev fonts-dejavu-core clang-format libcli11-dev clang libclang-rt-14-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gradscape: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
