#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, then builds and runs every test through CTest twice:
# a Release build with warnings as errors, and a Debug build with AddressSanitizer and UBSan; then builds
# the libFuzzer harnesses (tests/fuzz, clang), replays their seed corpora and fuzzes each for a short
# while (FUZZ_SECONDS, default 30; the README's Fuzzing section says how to fuzz for longer).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/check-format.sh
jobs="$(nproc)"
# Render tests draw through EGL without a display; xvfb-run covers the few that open a GLFW window.
# -noreset: by default Xvfb resets itself whenever its last client disconnects, and a test that connects
# during that reset fails to open the display (CI saw "X11: Failed to open display :99" once in 1170 tests).
ctest_run() {
  if [ -z "${DISPLAY:-}" ]; then
    xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" ctest --test-dir "$1" --output-on-failure -j"$jobs"
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

# Fuzzing smoke run. New inputs go to a scratch folder, never into the repository's corpus; a crash or a
# broken invariant stops the script and leaves the input in build-fuzz/crashes/ for replay.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DGRADSCAPE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
mkdir -p build-fuzz/crashes
for name in json scene specs csv expression trace; do
  seeds=(tests/fuzz/corpus/"$name")
  if [ "$name" = json ] || [ "$name" = scene ]; then seeds+=(assets/scenes); fi
  scratch="$(mktemp -d)"
  echo "fuzzing $name for ${FUZZ_SECONDS:-30} s" >&2
  build-fuzz/tests/fuzz/fuzz_"$name" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=4096 \
    -artifact_prefix=build-fuzz/crashes/"$name"- -print_final_stats=1 "$scratch" "${seeds[@]}"
  rm -rf "$scratch"
done

# Every stage above stops the script on a failure, so reaching here means every test passed.
total=0
for dir in build build-asan build-fuzz; do
  count=$(ctest --test-dir "$dir" -N | sed -n 's/^Total Tests: //p')
  total=$((total + ${count:-0}))
done
echo "tests: $total passed, 0 failed"
