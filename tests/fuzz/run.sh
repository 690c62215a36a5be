#!/bin/sh
# run.sh - runs one libFuzzer target of a -Dfuzz=true build over its seed corpus.
#
# usage: tests/fuzz/run.sh BUILDDIR TARGET [SECONDS] [libFuzzer option...]
#   TARGET is load, stream, readers, response, json-scan or kubeconfig; SECONDS defaults to 180.
# Seeds are read in place (testdata/ and examples/ for load and response, tests/fuzz/corpus/
# TARGET, tests/fuzz/regressions/TARGET); new inputs go to BUILDDIR/fuzz-corpus/TARGET and
# crashes to BUILDDIR/fuzz-artifacts/TARGET/, never into the source tree.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 BUILDDIR TARGET [SECONDS] [libFuzzer option...]" >&2; exit 2; }
build=$1 target=$2
shift 2
secs=180
if [ $# -gt 0 ]; then secs=$1; shift; fi

src=$(cd "$(dirname "$0")/../.." && pwd)
fz=$src/tests/fuzz
bin=$build/tests/fuzz-$target
[ -x "$bin" ] || { echo "$0: no $bin (meson setup with -Dfuzz=true and clang?)" >&2; exit 2; }

case $target in
load | stream) seeds="$src/testdata $src/examples $fz/corpus/load" ;;
response) seeds="$src/testdata $src/examples $fz/corpus/response" ;;
readers | kubeconfig) seeds=$fz/corpus/$target ;;
json-scan) seeds="$fz/corpus/json-scan $fz/corpus/response" ;;
*) echo "$0: unknown target '$target'" >&2; exit 2 ;;
esac
[ -d "$fz/regressions/$target" ] && seeds="$seeds $fz/regressions/$target"
[ "$target" = stream ] && [ -d "$fz/regressions/load" ] && seeds="$seeds $fz/regressions/load"

mkdir -p "$build/fuzz-corpus/$target" "$build/fuzz-artifacts/$target"
# stdin from /dev/null: a kubeconfig naming /dev/stdin as a file must not block
# shellcheck disable=SC2086 # seeds is a list of paths without spaces
exec "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -dict="$fz/yaml.dict" \
    -artifact_prefix="$build/fuzz-artifacts/$target/" -print_final_stats=1 "$@" \
    "$build/fuzz-corpus/$target" $seeds </dev/null
