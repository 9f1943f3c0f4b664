#!/usr/bin/env bash
# Compares two builds' frame benchmarks on a noisy machine: runs `gradscape bench ARGS...` of binary A, then of
# binary B, N times in turn (so both see the same minutes), and prints each median frame time, the median of each
# binary's runs, the median of the pairs' differences (B - A) and how many pairs B won.
# Needs a display (run it under xvfb-run, or with DISPLAY set).
# Usage: scripts/bench-ab.sh N BINARY_A BINARY_B [BENCH ARGS...]
# Example: xvfb-run -a -s "-screen 0 1920x1080x24" scripts/bench-ab.sh 8 old/gradscape build/app/gradscape \
#            --explore --frames 60 --size 1920x1080
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
n=$1 a=$2 b=$3
shift 3
median_of() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
frame_median() {
  "$1" bench "${@:2}" 2>&1 | awk '/^median frame time:/ {print $4}'
}
as=() bs=() ds=()
wins=0
for ((i = 1; i <= n; ++i)); do
  x=$(frame_median "$a" "$@")
  y=$(frame_median "$b" "$@")
  if [ -z "$x" ] || [ -z "$y" ]; then
    echo "bench-ab: run $i printed no median frame time (A: '$x', B: '$y')" >&2
    exit 1
  fi
  d=$(awk -v x="$x" -v y="$y" 'BEGIN {print y - x}')
  awk -v d="$d" 'BEGIN {exit !(d < 0)}' && wins=$((wins + 1))
  as+=("$x") bs+=("$y") ds+=("$d")
  echo "pair $i: A $x ms, B $y ms"
done
echo "median A $(printf '%s\n' "${as[@]}" | median_of) ms, median B $(printf '%s\n' "${bs[@]}" | median_of) ms," \
  "median difference B - A $(printf '%s\n' "${ds[@]}" | median_of) ms, B faster in $wins of $n pairs"
