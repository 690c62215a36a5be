#!/bin/sh
# Fails when a long option of the CLI or a rule ID is missing from the man page, or when
# --help does not mention an option: the cheap guard against drifting docs.
set -u
src=$1 man=$2 bin=$3
status=0
options=$(sed -n 's/^ *{"\([a-z0-9-]*\)", \(no\|required\)_argument.*/\1/p' "$src/cmd/options.c")
[ -n "$options" ] || { echo "no options found in cmd/options.c"; exit 1; }
help=$("$bin" --help)
for o in $options; do
    grep -q -- "Fl -$o\b" "$man" || { echo "man page lacks --$o"; status=1; }
    printf '%s\n' "$help" | grep -q -- "--$o\b" || { echo "--help lacks --$o"; status=1; }
done
rules=$("$bin" --list-rules | awk '{print $1}')
[ -n "$rules" ] || { echo "--list-rules printed nothing"; exit 1; }
for r in $rules; do
    grep -q "Sy $r " "$man" || { echo "man page lacks rule $r"; status=1; }
done
for s in 0 1 2 3 4; do
    grep -q "^\.It $s$" "$man" || { echo "man page lacks exit status $s"; status=1; }
done
[ $status -eq 0 ] && echo "man page and --help cover $(echo $options | wc -w) options and $(echo $rules | wc -w) rules"
exit $status
