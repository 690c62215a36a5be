#!/bin/sh
# Runs every test: unit (cmocka), golden CLI cases, rule coverage, redaction, live mode against
# the stand-in API server, hostile inputs, fuzz corpora. Under CI=true it also runs the unit
# tests under valgrind and the whole suite again in a build with ASan+UBSan and -Werror.
# No test depends on speed: bounds are CPU time and memory, wall-clock limits only catch hangs
# (HACKING.md, "Tests and time").
set -eu
cd "$(dirname "$0")/.."

step() {
    printf '\n== %s (%s) ==\n' "$1" "$(date +%T)"
}

# meson test, with its results added to the closing tally (from the run's JSON log)
tally=$(mktemp)
trap 'rm -f "$tally"' EXIT
run_tests() {
    dir=$1
    shift
    rc=0
    meson test -C "$dir" --print-errorlogs "$@" || rc=$?
    log=$(ls -t "$dir"/meson-logs/testlog*.json | head -n 1)
    python3 -c '
import json, sys
n = {"OK": 0, "FAIL": 0, "SKIP": 0}
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    n["OK" if r in ("OK", "EXPECTEDFAIL") else "SKIP" if r == "SKIP" else "FAIL"] += 1
print(n["OK"], n["FAIL"], n["SKIP"])' "$log" >>"$tally"
    if [ "$rc" -ne 0 ]; then
        summary
        exit "$rc"
    fi
}
summary() {
    awk '{ p += $1; f += $2; s += $3 } END { printf "\n%d passed, %d failed, %d skipped\n", p, f, s }' "$tally"
}

step "build"
[ -f build/build.ninja ] || meson setup build
meson compile -C build
step "tests"
run_tests build

if [ "${CI:-}" = "true" ]; then
    step "unit tests under valgrind"
    # any error or definite leak fails
    run_tests build --setup=valgrind --suite unit
    # -Werror: the sanitizer build is the warnings gate too (same compiler and flags otherwise)
    step "ASan+UBSan build with -Werror"
    [ -f build-asan/build.ninja ] ||
        meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
    meson compile -C build-asan
    step "tests under ASan+UBSan"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    # the package suite builds its .deb once, in the plain run
    run_tests build-asan --no-suite hostile --no-suite package
    # the hostile-input matrix bounds CPU time and memory, which sanitizers inflate: under ASan
    # it runs through the plain binary's cases with RLINT_ASAN, without the bounds
    step "hostile inputs under ASan+UBSan"
    export RLINT_ASAN="$PWD/build-asan/cmd/3scale-redis-lint"
    run_tests build --suite hostile
fi
summary
