#!/bin/sh
# Fails if a batch kernel object built for a wider instruction set (-mavx2, -mavx512f) exports anything the
# linker could pick for other code: it may define one global symbol, its entry point, and no COMDAT group,
# and none of its non-local symbols may also be defined in another object of the core library. Otherwise a
# CPU without AVX-512 could run an AVX-512 copy of some inline function and die of SIGILL (core/CMakeLists.txt).
# Usage: check_isa_symbols.sh NM READELF CORE_LIBRARY ISA_OBJECT ENTRY_SYMBOL [ISA_OBJECT ENTRY_SYMBOL]...
set -eu
nm=$1
readelf=$2
library=$3
shift 3
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$nm" --defined-only "$library" 2>/dev/null | awk 'NF == 3 && $2 ~ /[A-Z]|[uvw]/ {print $3}' | sort >"$tmp/library"
while [ $# -ge 2 ]; do
  object=$1
  entry=$2
  shift 2
  [ -f "$object" ] || { echo "FAIL: $object missing"; status=1; continue; }
  # Code symbols (T text, W weak, i indirect) other than the entry point, and weak objects (V).
  "$nm" --defined-only "$object" | awk -v entry="$entry" 'NF == 3 && $2 ~ /^[TWiV]$/ && $3 != entry {print}' \
    >"$tmp/exported"
  if [ -s "$tmp/exported" ]; then
    echo "FAIL: $object exports symbols besides $entry:"
    c++filt <"$tmp/exported" | head -20
    status=1
  fi
  if "$readelf" -g "$object" | grep -q "COMDAT group"; then
    echo "FAIL: $object still has COMDAT groups"
    status=1
  fi
  # Any non-local symbol it defines (unique data such as a function-local static included) must be its own.
  "$nm" --defined-only "$object" | awk 'NF == 3 && $2 ~ /[A-Z]|[uvw]/ {print $3}' | sort -u >"$tmp/own"
  # The library contains the object itself once; a name defined twice there is shared with another object.
  sort "$tmp/library" | uniq -d >"$tmp/twice"
  shared=$(comm -12 "$tmp/own" "$tmp/twice" || true)
  if [ -n "$shared" ]; then
    echo "FAIL: $object defines symbols another object also defines:"
    echo "$shared" | c++filt | head -20
    status=1
  fi
  echo "checked $object: $(wc -l <"$tmp/own") non-local symbol(s), entry $entry"
done
exit $status
