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

step "build"
[ -f build/build.ninja ] || meson setup build
meson compile -C build
step "tests"
meson test -C build --print-errorlogs

if [ "${CI:-}" = "true" ]; then
    step "unit tests under valgrind"
    # any error or definite leak fails
    meson test -C build --setup=valgrind --suite unit --print-errorlogs
    # -Werror: the sanitizer build is the warnings gate too (same compiler and flags otherwise)
    step "ASan+UBSan build with -Werror"
    [ -f build-asan/build.ninja ] ||
        meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
    meson compile -C build-asan
    step "tests under ASan+UBSan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-asan --print-errorlogs --no-suite hostile
    # the hostile-input matrix bounds CPU time and memory, which sanitizers inflate: under ASan
    # it runs through the plain binary's cases with RLINT_ASAN, without the bounds
    step "hostile inputs under ASan+UBSan"
    RLINT_ASAN="$PWD/build-asan/cmd/3scale-redis-lint" meson test -C build --suite hostile \
        --print-errorlogs
    step "done"
fi
