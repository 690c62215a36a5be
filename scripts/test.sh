#!/bin/sh
# Runs every test: unit (cmocka), golden CLI cases, rule coverage, redaction. Under CI=true it
# also builds with -Werror and runs the whole suite again under ASan+UBSan.
set -eu
cd "$(dirname "$0")/.."

[ -f build/build.ninja ] || meson setup build
meson compile -C build
meson test -C build --print-errorlogs

if [ "${CI:-}" = "true" ]; then
    # the unit tests under valgrind: any error or definite leak fails
    meson test -C build --setup=valgrind --suite unit --print-errorlogs
    [ -f build-werror/build.ninja ] || meson setup build-werror -Dwerror=true
    meson compile -C build-werror
    [ -f build-asan/build.ninja ] ||
        meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
    meson compile -C build-asan
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-asan --print-errorlogs --no-suite hostile
    # the hostile-input matrix bounds time and memory, which sanitizers inflate: under ASan
    # it runs through the plain binary's cases with RLINT_ASAN, without the bounds
    RLINT_ASAN="$PWD/build-asan/cmd/3scale-redis-lint" meson test -C build --suite hostile \
        --print-errorlogs
fi
