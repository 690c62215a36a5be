#!/bin/sh
# image-rootfs.sh - lays out the container image's root filesystem in DESTDIR: the binary, the
# shared libraries it loads and nothing else. Used by scripts/build-image.sh (buildah, offline)
# and by the Containerfile's build stage, so both images hold the same files.
#   image-rootfs.sh BINARY DESTDIR [UID]
# Contents:
#   /usr/bin/3scale-redis-lint
#   every library `ldd BINARY` lists (libc, libyaml, jansson, the dynamic loader), plus
#   libcurl.so.4 and every library it needs: --live loads it with dlopen() (cmd/curl-dl.c), so
#   ldd of the binary does not show it; likewise libhiredis, libssl and libcrypto for --probe
#   (cmd/probe/dl.c), by the sonames the binary holds (none in a build without --probe);
#   /etc/ld.so.cache, built for the tree (ldconfig -r), so dlopen() finds them as on the build
#   machine
#   /etc/ssl/certs/ca-certificates.crt, the CA bundle libcurl is built to read
#   /etc/passwd and /etc/group with one user, numeric UID (65532 by default) and no shell:
#   the image has none (runAsNonRoot needs a numeric non-root USER)
# Nothing else: no shell, no /tmp (the tool writes no file), no version profiles (they are
# built into the binary; --schemas DIR reads others from a mounted volume).
set -eu
bin=$1 dest=$2 uid=${3:-65532}

[ -x "$bin" ] || { echo "image-rootfs: $bin is not an executable" >&2; exit 1; }
[ ! -e "$dest" ] || [ -z "$(ls -A "$dest")" ] || { echo "image-rootfs: $dest is not empty" >&2; exit 1; }
mkdir -p "$dest"

# the path a library is loaded from, without following symlinks (the soname's path)
libs_of() {
    ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}
# the path ld.so.cache gives a soname, the 64-bit one first; empty when there is none
lib_path() {
    ldconfig -p | awk -v so="$1" '$1 == so && /x86-64|AArch64|64bit/ { print $NF; exit }' |
        grep . || ldconfig -p | awk -v so="$1" '$1 == so { print $NF; exit }'
}
curl=$(lib_path libcurl.so.4) ||
    { echo "image-rootfs: no libcurl.so.4 (apt-get install libcurl4)" >&2; exit 1; }
# the sonames --probe dlopen()s are string constants in the binary (cmd/meson.build)
dl=$curl
for so in $(grep -aoE 'lib(hiredis|ssl|crypto)\.so\.[0-9]+(\.[0-9]+)*' "$bin" | sort -u); do
    path=$(lib_path "$so") ||
        { echo "image-rootfs: no $so (apt-get install libhiredis0.14 libssl3)" >&2; exit 1; }
    dl="$dl $path"
done

install -D -m 0755 "$bin" "$dest/usr/bin/3scale-redis-lint"
{ libs_of "$bin"; for lib in $dl; do echo "$lib"; libs_of "$lib"; done; } | sort -u |
while read -r lib; do
    # merged /usr: /lib and /lib64 are symlinks into /usr on the build machine; in the image
    # the files go where the dynamic loader and ld.so.cache will look for them
    case $lib in
    /lib/* | /lib64/*) path=/usr$lib ;;
    *) path=$lib ;;
    esac
    mkdir -p "$dest$(dirname "$path")"
    cp -L "$lib" "$dest$path"
    chmod 0755 "$dest$path"
done
ln -s usr/lib "$dest/lib"
[ ! -d "$dest/usr/lib64" ] || ln -s usr/lib64 "$dest/lib64"

mkdir -p "$dest/etc/ssl/certs"
cp -L /etc/ssl/certs/ca-certificates.crt "$dest/etc/ssl/certs/ca-certificates.crt"
printf '/usr/local/lib\n' > "$dest/etc/ld.so.conf"
mkdir -p "$dest/etc/ld.so.conf.d"
for d in "$dest"/usr/lib/*-linux-gnu; do
    [ -d "$d" ] && echo "/usr/lib/$(basename "$d")" >> "$dest/etc/ld.so.conf"
done
ldconfig -r "$dest"

printf 'root:x:0:0:root:/nonexistent:/nonexistent\nrlint:x:%s:%s:3scale-redis-lint:/nonexistent:/nonexistent\n' \
    "$uid" "$uid" > "$dest/etc/passwd"
printf 'root:x:0:\nrlint:x:%s:\n' "$uid" > "$dest/etc/group"
chmod 0644 "$dest/etc/passwd" "$dest/etc/group"
