#!/bin/sh
# soname.sh - the soname the linker records for -lNAME (DT_SONAME of libNAME.so), for the
# libraries the CLI loads with dlopen() (cmd/meson.build): the name to dlopen() is then the one
# a linked build would have loaded.
#   soname.sh NAME LIBDIR CC [CC-ARGS...]
# libNAME.so is looked for in LIBDIR (pkg-config's libdir), then where the compiler's linker
# finds it (CC -print-file-name: Debian's hiredis.pc says /usr/lib, the library is in the
# multiarch directory). Prints the soname, or fails (exit 1) with a message.
set -eu
name=$1 libdir=$2
shift 2
lib=$libdir/lib$name.so
[ -e "$lib" ] || lib=$("$@" -print-file-name="lib$name.so")
[ -e "$lib" ] || { echo "soname: no lib$name.so in $libdir nor the compiler's path" >&2; exit 1; }
if command -v readelf >/dev/null 2>&1; then
    soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
elif command -v objdump >/dev/null 2>&1; then
    soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
else
    echo "soname: neither readelf nor objdump (apt-get install binutils)" >&2
    exit 1
fi
[ -n "$soname" ] || { echo "soname: $lib has no SONAME" >&2; exit 1; }
echo "$soname"
