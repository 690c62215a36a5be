#!/bin/sh
# bench-fleet-smoke.sh - bench/fleet.sh works end to end on a stand-in of 3 namespaces: the
# tool's row reports its requests and all 3 installs. A smoke test only: no figure is judged.
# Skips (77) without python3, openssl, GNU time or a build with --live.
# Usage: bench-fleet-smoke.sh SRCROOT TOOL
set -u
root=$1 tool=$2
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 77; }
[ -x /usr/bin/time ] || { echo "SKIP: no /usr/bin/time"; exit 77; }
"$tool" --help 2>&1 | grep -q -- '--all-namespaces' || { echo "SKIP: no --live"; exit 77; }
out=$("$root/bench/fleet.sh" -n 3 -r 1 "$tool") || { echo "FAIL: fleet.sh exited $?"; printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out"
# "tool -A  REQUESTS  WALLs  RSS MB  3": requests counted from the stand-in's log
printf '%s\n' "$out" | awk '/^tool -A / { ok = $3 ~ /^[0-9]+$/ && $5 ~ /^[0-9.]+s$/ && $8 == 3 } END { exit !ok }' ||
    { echo "FAIL: no complete 'tool -A' row with 3 installs"; exit 1; }
echo "PASS"
