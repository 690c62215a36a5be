#!/bin/sh
# color.sh CLI SOURCE-ROOT - colour in the text output: on a terminal by default, never with
# NO_COLOR set (to anything but the empty string, as no-color.org says) nor with
# --color=never, never when piped unless --color=always. The terminal is a pseudo-terminal
# from util-linux script(1).
# Exit 0 pass, 1 fail, 77 skip (no script(1), no pseudo-terminal), 99 bad invocation.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 CLI SOURCE-ROOT" >&2
    exit 99
fi
case $1 in /*) cli=$1 ;; *) cli=$PWD/$1 ;; esac
src=$(cd "$2" && pwd) || exit 99
[ -x "$cli" ] || { echo "SKIP: $cli is not built"; exit 77; }
command -v script >/dev/null 2>&1 || { echo "SKIP: script(1) not found"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rlint-color.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
input=$src/examples/broken-2.16.yaml
esc=$(printf '\033')
failed=0
# script(1) runs the command with $SHELL; the tests' own environment decides about NO_COLOR
SHELL=/bin/sh
export SHELL
unset NO_COLOR

# util-linux script: -q no banner, -e the command's exit status, -c the command
if [ "$(script -qec 'test -t 1 && echo tty' /dev/null 2>/dev/null | tr -d '\r')" != tty ]; then
    echo "SKIP: script(1) gives no pseudo-terminal here (or is not the util-linux one)"
    exit 77
fi

# on_tty NAME ENV-ASSIGNMENTS ARGS: runs the CLI on a terminal; the output in $tmp/NAME
on_tty() {
    _name=$1
    _env=$2
    shift 2
    script -qec "env $_env '$cli' $* '$input'" /dev/null >"$tmp/$_name" 2>&1 </dev/null
}

# pipe NAME ARGS: runs the CLI with stdout on a pipe
pipe() {
    _name=$1
    shift
    "$cli" "$@" "$input" 2>&1 | cat >"$tmp/$_name"
}

# expect NAME yes|no: ANSI escapes are (not) in the output, which must hold the findings
expect() {
    if ! grep -q 'RLINT040' "$tmp/$1"; then
        echo "$1: no findings in the output:"
        head -5 "$tmp/$1"
        failed=1
        return
    fi
    if grep -q "$esc\[" "$tmp/$1"; then
        _has=yes
    else
        _has=no
    fi
    if [ "$_has" != "$2" ]; then
        echo "$1: ANSI escapes present: $_has, expected $2"
        failed=1
    else
        echo "$1: ok"
    fi
}

on_tty tty "" ""
expect tty yes
on_tty tty-no-color "NO_COLOR=1" ""
expect tty-no-color no
on_tty tty-no-color-empty "NO_COLOR=" ""
expect tty-no-color-empty yes
on_tty tty-never "" --color=never
expect tty-never no
on_tty tty-no-color-always "NO_COLOR=1" --color=always
expect tty-no-color-always no
pipe piped
expect piped no
pipe piped-always --color=always
expect piped-always yes
pipe piped-auto --color=auto
expect piped-auto no
# only the text output is ever coloured
on_tty tty-json "" -o json
grep -q "$esc\[" "$tmp/tty-json" && { echo "tty-json: ANSI escapes in -o json"; failed=1; }
on_tty tty-github "" --color=always -o github
grep -q "$esc\[" "$tmp/tty-github" && { echo "tty-github: ANSI escapes in -o github"; failed=1; }

if [ "$failed" -ne 0 ]; then
    echo "FAIL"
    exit 1
fi
echo "PASS"
exit 0
