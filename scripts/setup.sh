#!/bin/sh
# Installs the build dependencies (Debian/Ubuntu, apt-get), builds 3scale-redis-lint into
# build/, and runs it on the bundled examples. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

# libhiredis-dev, redis-server, redis-sentinel, libssl-dev: --probe and its tests against real
# servers; debhelper, dpkg-dev, man-db and buildah: the CI tests of the .deb and the container image
# (tests/deb.sh, tests/image.sh, suite package)
packages="gcc meson ninja-build pkg-config libyaml-dev libjansson-dev libcmocka-dev libcurl4-openssl-dev openssl python3 valgrind mandoc debhelper dpkg-dev man-db buildah libhiredis-dev redis-server redis-sentinel libssl-dev"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

[ -f build/build.ninja ] || meson setup build
meson compile -C build

echo
echo "== a correct 3scale 2.16 sentinel set-up =="
./build/cmd/3scale-redis-lint examples/sentinel-2.16.yaml
echo
echo "== the same set-up with classic mistakes =="
./build/cmd/3scale-redis-lint examples/broken-2.16.yaml || echo "(exit status $?: findings)"
