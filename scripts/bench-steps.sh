#!/usr/bin/env bash
# Nanoseconds per optimizer step on rosenbrock (built in, and the same formula typed as a custom surface),
# as the README's Performance section reports them, beside one run of the same rule written out as a
# plain loop of locals without gradscape (sgd and adam).
# A step's time depends on where the process's memory happens to land (the same binary gives one of
# two speeds from run to run), so this runs the benchmark in several fresh processes and prints, for
# each optimizer, the median and the range over them.
#   scripts/bench-steps.sh [BUILD_DIR] [PROCESSES]      (defaults: build, 7)
set -euo pipefail
build=${1:-build}
processes=${2:-7}
bench="$build/tests/gradscape_benchmarks"
[[ -x $bench ]] || { echo "no $bench: build first (scripts/test.sh builds it)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((i = 0; i < processes; ++i)); do
  "$bench" --benchmark_filter='optimizer_(step|lockstep|plain)/' --benchmark_min_time=0.2 \
    --benchmark_time_unit=ns 2>/dev/null | grep '^optimizer_' >>"$out"
done
# Console rows: "optimizer_step/rosenbrock/sgd  26.4 ns  26.4 ns  2608361 items_per_second=..."; lockstep
# rows also carry "ns_per_step=11.9ns", the time of one step of one of its runs.
awk '
  { split($1, part, "/"); kind = part[1] (part[2] == "custom_rosenbrock" ? "_custom" : ""); name = part[3]; value = $2
    for (f = 1; f <= NF; ++f) if ($f ~ /^ns_per_step=/) { value = $f; sub(/^ns_per_step=/, "", value); sub(/ns$/, "", value) }
    key = name SUBSEP kind; n[key]++; v[key, n[key]] = value + 0
    if (!(name in seen)) { seen[name] = 1; order[++count] = name } }
  function stat(key,   i, j, t, m, a) {
    m = n[key]; if (m == 0) return sprintf("%-20s", "      -")
    for (i = 1; i <= m; ++i) a[i] = v[key, i]
    for (i = 1; i <= m; ++i) for (j = i + 1; j <= m; ++j) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return sprintf("%6.1f (%5.1f-%5.1f)", a[int((m + 1) / 2)], a[1], a[m])
  }
  END {
    printf "%-20s %-22s %-22s %-22s %-22s\n", "optimizer", "lockstep ns/step", "one run alone", \
           "custom formula, alone", "plain loop, alone"
    printf "%-20s %-22s %-22s %-22s %-22s\n", "", "median (min-max)", "median (min-max)", "median (min-max)", \
           "median (min-max)"
    for (i = 1; i <= count; ++i) {
      name = order[i]
      printf "%-20s %-22s %-22s %-22s %-22s\n", name, stat(name SUBSEP "optimizer_lockstep"),
             stat(name SUBSEP "optimizer_step"), stat(name SUBSEP "optimizer_step_custom"),
             stat(name SUBSEP "optimizer_plain")
    }
  }' "$out"
