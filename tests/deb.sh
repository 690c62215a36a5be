#!/bin/sh
# deb.sh - builds the Debian package from a copy of the source tree, installs it on this
# machine with dpkg -i, runs the installed tool and finds its man page, and removes it again
# (also when a step fails).
#   deb.sh SRCDIR
# It changes the machine's package set, takes ~40 s and needs root, so it runs only under
# CI=true (scripts/test.sh's CI run, .ci/run) or RLINT_DEB_TEST=1, and skips (77) without
# root, dpkg-buildpackage or debhelper, or when a 3scale-redis-lint package is installed
# already (it would be replaced, then removed). The package's own test suite is not run
# (DEB_BUILD_OPTIONS=nocheck): this suite is it.
set -u
src=$1
skip() { echo "SKIP: $*"; exit 77; }

[ "${CI:-}" = "true" ] || [ "${RLINT_DEB_TEST:-}" = "1" ] ||
    skip "set CI=true or RLINT_DEB_TEST=1 to build and install the .deb"
[ "$(id -u)" -eq 0 ] || skip "dpkg -i needs root"
command -v dpkg-buildpackage >/dev/null || skip "no dpkg-buildpackage (apt-get install dpkg-dev)"
command -v dh >/dev/null || skip "no debhelper (apt-get install debhelper)"
command -v man >/dev/null || skip "no man (apt-get install man-db)"
if dpkg-query -W -f='${Status}' 3scale-redis-lint 2>/dev/null | grep -q 'ok installed'; then
    skip "a 3scale-redis-lint package is installed already; not touching it"
fi

tmp=$(mktemp -d) || exit 99
installed=0
cleanup() {
    [ $installed = 1 ] && { dpkg -r 3scale-redis-lint >/dev/null || echo "FAIL dpkg -r"; }
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM

mkdir "$tmp/src"
# the source as a release would have it: no build directories, no git metadata
tar -C "$src" --exclude=./build --exclude='./build-*' --exclude=./.git -cf - . |
    tar -C "$tmp/src" -xf - || exit 99
if ! (cd "$tmp/src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -uc -us) \
        >"$tmp/build.log" 2>&1; then
    echo "FAIL dpkg-buildpackage:"
    tail -30 "$tmp/build.log"
    exit 1
fi
deb=$(ls "$tmp"/3scale-redis-lint_*.deb)
fail=0
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/3scale-redis-lint ./usr/share/man/man1/3scale-redis-lint.1.gz \
         ./usr/share/bash-completion/completions/3scale-redis-lint \
         ./usr/share/doc/3scale-redis-lint/rules.md.gz; do
    echo "$contents" | grep -q " $f\$" || { echo "FAIL $f is not in the package"; fail=1; }
done
# --live and --probe dlopen() their libraries: recommended, not in the shlibs Depends
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
case "$depends" in *libhiredis* | *libssl* | *libcurl*)
    echo "FAIL Depends names a dlopen'd library: $depends"; fail=1 ;; esac
for lib in libcurl4 libhiredis0.14 libssl3; do
    case "$recommends" in *"$lib"*) ;; *) echo "FAIL Recommends lacks $lib: $recommends"; fail=1 ;; esac
done

installed=1
dpkg -i "$deb" >"$tmp/install.log" 2>&1 || { echo "FAIL dpkg -i:"; cat "$tmp/install.log"; exit 1; }
version=$(/usr/bin/3scale-redis-lint --version) || { echo "FAIL --version exits $?"; fail=1; }
echo "installed: $version"
want=$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" "$src/meson.build" | head -n 1)
case "$version" in *"$want"*) ;; *) echo "FAIL --version '$version' lacks $want"; fail=1 ;; esac
page=$(man -w 3scale-redis-lint) || { echo "FAIL man -w finds no page"; fail=1; }
[ "$page" = /usr/share/man/man1/3scale-redis-lint.1.gz ] || { echo "FAIL man -w: '$page'"; fail=1; }
# the installed tool on an example, as a user would run it (exit 1: the example has findings)
/usr/bin/3scale-redis-lint "$src/examples/broken-2.16.yaml" >/dev/null
[ $? = 1 ] || { echo "FAIL the installed tool on examples/broken-2.16.yaml: not exit 1"; fail=1; }
# --probe loads hiredis and OpenSSL (exit 3 if not) and finds the closed TLS port (RLINT100)
printf '%s\n' 'apiVersion: v1' 'kind: Secret' 'metadata: {name: system-redis, namespace: t}' \
    'stringData:' "  URL: 'rediss://127.0.0.1:9/1'" > "$tmp/probe.yaml"
/usr/bin/3scale-redis-lint --probe --probe-timeout 5000 "$tmp/probe.yaml" >"$tmp/probe.out" 2>&1
rc=$?
if [ $rc != 1 ] || ! grep -q RLINT100 "$tmp/probe.out"; then
    echo "FAIL --probe of the installed tool: exit $rc (want 1, RLINT100)"
    cat "$tmp/probe.out"
    fail=1
fi
[ $fail = 0 ] && echo "PASS $(basename "$deb")"
exit $fail
