#!/bin/sh
# build-image.sh - builds the container image deploy/ runs, offline: a release build of the
# tool, then an image FROM scratch with buildah holding only what scripts/image-rootfs.sh lays
# out (the binary, the libraries it and libcurl load, the CA bundle, /etc/passwd). Nothing is
# pulled from a registry. Needs buildah (Debian: apt-get install buildah), as root or rootless.
#   scripts/build-image.sh [IMAGE]      IMAGE defaults to localhost/3scale-redis-lint:VERSION,
#                                       also tagged :latest
# Environment: BUILD_DIR (default build-release), IMAGE_UID (default 65532).
# The Containerfile builds the same image for those who build with network access.
set -eu
cd "$(dirname "$0")/.."

version=$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" meson.build | head -n 1)
source_url=$(sed -n "s/^project_url = '\([^']*\)'.*/\1/p" meson.build)
image=${1:-localhost/3scale-redis-lint:$version}
build=${BUILD_DIR:-build-release}
uid=${IMAGE_UID:-65532}
command -v buildah >/dev/null || { echo "build-image: no buildah (apt-get install buildah)" >&2; exit 1; }

# a release build (optimised, no assertions), with --live, without the test suite
[ -f "$build/build.ninja" ] ||
    meson setup "$build" --buildtype=release --prefix=/usr -Dlive=enabled -Dtests=disabled
meson compile -C "$build" 3scale-redis-lint

rootfs=$(mktemp -d)
ctr=
cleanup() {
    [ -z "$ctr" ] || buildah rm "$ctr" >/dev/null 2>&1 || true
    rm -rf "$rootfs"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
sh scripts/image-rootfs.sh "$build/cmd/3scale-redis-lint" "$rootfs/root" "$uid"

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
ctr=$(buildah from scratch)
buildah copy --quiet "$ctr" "$rootfs/root/" / >/dev/null
buildah config \
    --entrypoint '["/usr/bin/3scale-redis-lint"]' --cmd '' \
    --user "$uid:$uid" --workingdir / \
    --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    --label org.opencontainers.image.title=3scale-redis-lint \
    --label "org.opencontainers.image.description=Lints the Redis configuration of a 3scale API Management install" \
    --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.revision=$revision" \
    --label "org.opencontainers.image.source=$source_url" \
    --label org.opencontainers.image.licenses=Apache-2.0 \
    "$ctr"
buildah commit --quiet --rm "$ctr" "$image" >/dev/null
ctr=
latest=${image%:*}:latest
[ "$latest" = "$image" ] || buildah tag "$image" "$latest"
echo "built $image ($(buildah images --format '{{.Size}}' "$image" | head -n 1))"
