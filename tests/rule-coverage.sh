#!/bin/sh
# rule-coverage.sh - every rule has a golden case, and there is a clean case.
#
#   RLINT=/path/to/3scale-redis-lint tests/rule-coverage.sh TESTDATA_DIR
#
# For every rule ID printed by `3scale-redis-lint --list-rules`, at least one
# TESTDATA_DIR/<area>/<case>/expect must expect a finding of it. At least one case must
# expect no finding at warning or error (a clean case).
# Exit status: 0 pass, 1 fail (lists what is uncovered), 77 skip (RLINT unset), 99 bad use.

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: RLINT=BINARY $0 TESTDATA_DIR" >&2
    exit 99
fi
if [ -z "${RLINT:-}" ]; then
    echo "RLINT is not set: skipping" >&2
    exit 77
fi

rules=$("$RLINT" --list-rules) || { echo "$RLINT --list-rules failed" >&2; exit 1; }
ids=$(printf '%s\n' "$rules" | awk '$1 ~ /^RLINT[0-9]+$/ { print $1 }')
if [ -z "$ids" ]; then
    echo "--list-rules listed no rule" >&2
    exit 1
fi

# Expected rule IDs over all cases (comment lines and `exit` lines excluded).
# Rules that only a cluster can produce are covered by the live tests; testdata/live-only
# names them with the test that does ("RLINT016 tests/live/errors.sh"), and that test must
# assert the rule.
covered=$( (cat "$1"/*/*/expect 2>/dev/null; cat "$1"/live-only 2>/dev/null) |
    awk '$1 ~ /^RLINT[0-9]+$/ { print $1 }' | sort -u)

status=0
uncovered=""
for id in $ids; do
    if ! printf '%s\n' "$covered" | grep -qx "$id"; then
        uncovered="$uncovered $id"
    fi
done
if [ -n "$uncovered" ]; then
    echo "rules without a golden case (no testdata/*/*/expect expects them):"
    for id in $uncovered; do
        printf '  %s\n' "$(printf '%s\n' "$rules" | awk -v id="$id" '$1 == id')"
    done
    status=1
fi

clean=""
for e in "$1"/*/*/expect; do
    [ -f "$e" ] || continue
    if ! awk '$1 ~ /^RLINT[0-9]+$/ && ($3 == "error" || $3 == "warning") { bad = 1 }
              END { exit bad }' "$e"; then
        continue
    fi
    if grep -qx 'exit 0' "$e"; then
        clean="$clean ${e%/expect}"
    fi
done
if [ -z "$clean" ]; then
    echo "no clean case: every expect file has a finding at warning or error (or exit != 0)"
    status=1
fi

n=$(printf '%s\n' "$ids" | wc -l)
if [ "$status" -eq 0 ]; then
    echo "all $n rules have a golden case; clean cases:$(printf '%s\n' "$clean" | wc -w)"
fi
exit "$status"
