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

# Expected rule IDs over all cases: the finding lines of the expect grammar
# (`RULE-ID LINE SEVERITY KEY|- breaks: COMPONENTS|none`, see tests/golden.py); comment lines,
# `exit` and `says:` lines are not findings.
# Rules that only a cluster can produce are covered by the live tests; testdata/live-only
# names them with the test that does ("RLINT016 tests/live/errors.sh", the path from the source
# root), and that test must exist and assert the rule (name its ID).
covered_golden=$(cat "$1"/*/*/expect 2>/dev/null |
    awk '$1 ~ /^RLINT[0-9]+$/ && $5 == "breaks:" { print $1 }' | sort -u)
status=0
covered_live=""
if [ -f "$1/live-only" ]; then
    while read -r id test rest; do
        case "$id" in ''|'#'*) continue ;; esac
        if ! printf '%s\n' "$id" | grep -qx 'RLINT[0-9][0-9]*' || [ -z "$test" ] || [ -n "$rest" ]; then
            echo "$1/live-only: not \`RULE-ID TEST\`: $id $test $rest"
            status=1
        elif [ ! -f "$1/../$test" ]; then
            echo "$1/live-only: $id: $test does not exist"
            status=1
        elif ! grep -qw "$id" "$1/../$test"; then
            echo "$1/live-only: $id: $test does not assert it (no $id in it)"
            status=1
        else
            covered_live="$covered_live
$id"
        fi
    done < "$1/live-only"
fi
covered=$(printf '%s\n%s\n' "$covered_golden" "$covered_live" | sort -u)

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
