#!/bin/sh
# bench-smoke.sh - bench/run.sh works end to end on a tiny corpus (3 files, one file of 3
# installs, one Template). A smoke test only: no figure is judged, nothing here times out on
# a slow machine. Skips (77) without python3 or GNU time.
# Usage: bench-smoke.sh SRCROOT TOOL FLOOR
set -eu
root=$1 tool=$2 floor=$3
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
[ -x /usr/bin/time ] || { echo "SKIP: no /usr/bin/time"; exit 77; }
out=$("$root/bench/run.sh" -r 1 -n 3 -s 3 -t 1 "$tool" "$floor")
printf '%s\n' "$out"
for row in '3 files' '1 file, 3 installs' '1 Templates' '1 small file' '--version'; do
    printf '%s\n' "$out" | grep -q -- "^$row " || { echo "FAIL: no row '$row'"; exit 1; }
done
# the Template row has figures for both commands: 4 times, the ratio, the RSS in MB
printf '%s\n' "$out" | awk '/^1 Templates / { if (NF != 9) exit 1 }' ||
    { echo "FAIL: the Template row is incomplete"; exit 1; }
echo "PASS"
