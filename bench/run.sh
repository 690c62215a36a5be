#!/bin/sh
# run.sh - the tool against its floor (libyaml's parser alone over every event of the same
# files, tests/yaml-floor.c), side by side, on generated corpora (bench/gen-corpus.py).
#
# Usage: bench/run.sh [-r RUNS] [-n "N ..."] [-s N] [-t N] [-c DIR] [TOOL [FLOOR]]
#   -r RUNS  runs of each command, the median is reported (default 5)
#   -n LIST  the file counts of the many-files corpora (default "1500 15000")
#   -s N     installs in the single file (default 1500; 0 skips it)
#   -t N     large Templates (default 20; 0 skips them)
#   -c DIR   where the corpora go (default: a mktemp -d directory, removed at the end);
#            a corpus already there is reused
#   TOOL     default build/cmd/3scale-redis-lint, FLOOR default build/tests/yaml-floor
#
# Each run is timed from outside by GNU time (/usr/bin/time): wall, user+system CPU, peak RSS
# of the process. Both commands run in turn (tool, floor, tool, floor, ...), so that a drift of
# the machine's speed hits both. Printed per corpus: the median wall and CPU seconds of the tool
# and of the floor, the CPU ratio tool/floor, the tool's median peak RSS; then the tool alone
# on one small file (one install) and on --version, per run in milliseconds. Nothing here judges the figures: it is a benchmark, not a test.
# Exit 0, 2 on bad use or a missing program, 1 when a command fails (exit status >= 2).
set -eu

runs=5
sizes="1500 15000"
single=1500
templates=20
corpus=
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

usage() {
    sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while getopts r:n:s:t:c:h opt; do
    case $opt in
    r) runs=$OPTARG ;;
    n) sizes=$OPTARG ;;
    s) single=$OPTARG ;;
    t) templates=$OPTARG ;;
    c) corpus=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -le 2 ] || usage
tool=${1:-$root/build/cmd/3scale-redis-lint}
floor=${2:-$root/build/tests/yaml-floor}
for p in "$tool" "$floor"; do
    [ -x "$p" ] || { echo "run.sh: $p is not an executable (build first)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time as /usr/bin/time" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run.sh: needs python3 (bench/gen-corpus.py)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rlint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ -z "$corpus" ]; then
    corpus=$tmp/corpus
fi
mkdir -p "$corpus"

gen() { # gen DIR KIND N: once
    [ -e "$1/.done" ] && return 0
    python3 "$here/gen-corpus.py" --root "$root" "$1" "$2" "$3"
    : >"$1/.done"
}

# timed OUT CMD...: one run; appends "wall cpu rss_kb" to OUT
timed() {
    out=$1
    shift
    rc=0
    /usr/bin/time -o "$tmp/t" -f '%e %U %S %M' "$@" >/dev/null 2>"$tmp/err" || rc=$?
    if [ "$rc" -ge 2 ]; then
        echo "run.sh: '$*' exited $rc:" >&2
        head -n 5 "$tmp/err" >&2
        exit 1
    fi
    # GNU time prints "Command exited with non-zero status 1" first for exit 1
    tail -n 1 "$tmp/t" | awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' >>"$out"
}

median() { # median FILE COLUMN
    sort -n -k "$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# side NAME FILE...: the tool (with $targs before the files) and the floor in turn on FILE...
targs=
side() {
    name=$1
    shift
    : >"$tmp/a"
    : >"$tmp/b"
    i=0
    while [ "$i" -lt "$runs" ]; do
        # shellcheck disable=SC2086 # targs is a list of options without spaces
        timed "$tmp/a" "$tool" $targs "$@"
        timed "$tmp/b" "$floor" "$@"
        i=$((i + 1))
    done
    tw=$(median "$tmp/a" 1) tc=$(median "$tmp/a" 2) trss=$(median "$tmp/a" 3)
    fw=$(median "$tmp/b" 1) fc=$(median "$tmp/b" 2)
    ratio=$(awk -v a="$tc" -v b="$fc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-26s %10s %10s %10s %10s %7s %9s\n' "$name" "$tw" "$tc" "$fw" "$fc" "$ratio" \
        "$((trss / 1024)) MB"
}

# alone NAME CMD...: the tool only, for start-up: GNU time counts in 10 ms steps, so each
# run times a batch of 20 runs of CMD (in one sh) and reports a 20th of it, in milliseconds
batch=20
alone() {
    name=$1
    shift
    : >"$tmp/a"
    i=0
    while [ "$i" -lt "$runs" ]; do
        timed "$tmp/a" sh -c 'i=0; while [ $i -lt '"$batch"' ]; do "$@" || [ $? -lt 2 ] || exit $?
            i=$((i + 1)); done' sh "$@"
        i=$((i + 1))
    done
    printf '%-26s %10s %10s %10s %10s %7s %9s\n' "$name" \
        "$(awk -v v="$(median "$tmp/a" 1)" -v b="$batch" 'BEGIN { printf "%.1f ms", v * 1000 / b }')" \
        "$(awk -v v="$(median "$tmp/a" 2)" -v b="$batch" 'BEGIN { printf "%.1f ms", v * 1000 / b }')" \
        - - - "$(($(median "$tmp/a" 3) / 1024)) MB"
}

echo "# $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, medians"
printf '%-26s %10s %10s %10s %10s %7s %9s\n' corpus "tool wall" "tool cpu" "floor wall" \
    "floor cpu" "cpu x" "tool rss"
for n in $sizes; do
    gen "$corpus/files-$n" files "$n"
    # shellcheck disable=SC2046 # the file names are ns-NNNNN.yaml, without spaces
    side "$n files" $(find "$corpus/files-$n" -name '*.yaml' | sort)
done
if [ "$single" -gt 0 ]; then
    gen "$corpus/single-$single" single "$single"
    # 7 documents an install: past the default --max-documents (10,000) at 1,429 installs
    targs="--max-documents $((single * 7 + 1))"
    side "1 file, $single installs" "$corpus/single-$single/single.yaml"
    targs=
fi
if [ "$templates" -gt 0 ]; then
    gen "$corpus/templates-$templates" templates "$templates"
    # shellcheck disable=SC2046
    side "$templates Templates" $(find "$corpus/templates-$templates" -name '*.yaml' | sort)
fi
gen "$corpus/files-1" files 1
alone "1 small file" "$tool" "$corpus/files-1/ns-00000.yaml"
alone "--version" "$tool" --version
