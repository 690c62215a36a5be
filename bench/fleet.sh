#!/bin/sh
# fleet.sh - --live -A at fleet scale: one run over N namespaces each holding a 3scale install
# (testdata/workloads/complete-2-16: 2 Secrets, 5 Deployments), with the requests it sent, its
# wall time and peak RSS, and beside it `kubectl get secrets -A --field-selector
# metadata.name=backend-redis -o json` against the same server, and kubectl reading every list
# the tool reads (x11: one kubectl get per list, in turn) (both skipped without kubectl).
#
# Usage: bench/fleet.sh [-n N] [-r RUNS] [-k KUBECONFIG [-x CONTEXT]] [TOOL]
#   -n N     namespaces on the stand-in (default 1000)
#   -r RUNS  runs of each command, the median is reported (default 3)
#   -k FILE  a kubeconfig: measure against that API server instead of the stand-in (it must
#            hold the installs; the request count is then unknown: no server log)
#   -x NAME  the kubeconfig's context (default: its current-context)
#   TOOL     default build/cmd/3scale-redis-lint
#
# The stand-in is tests/live/kube-standin.py (Python, HTTP/1.1) on 127.0.0.1: its own time
# is in every figure, the tool's and kubectl's alike. Timed from outside by GNU time. Nothing
# here judges the figures. Exit 0, 2 on bad use or a missing program, 1 when a command fails.
set -eu

n=1000
runs=3
kubeconfig=
context=
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

usage() {
    sed -n '8,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while getopts n:r:k:x:h opt; do
    case $opt in
    n) n=$OPTARG ;;
    r) runs=$OPTARG ;;
    k) kubeconfig=$OPTARG ;;
    x) context=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
tool=${1:-$root/build/cmd/3scale-redis-lint}
case $tool in /*) ;; *) tool=$(pwd)/$tool ;; esac
[ -x "$tool" ] || { echo "fleet.sh: $tool is not an executable (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "fleet.sh: needs GNU time as /usr/bin/time" >&2; exit 2; }

set +eu
. "$root/tests/live/lib.sh"
LIVE_NEED_CLI=1
live_init "$tool" "$root"
set -eu
T=$LIVE_TMP

if [ -z "$kubeconfig" ]; then
    live_pki
    token=bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$token,admin,system:masters" >"$T/tokens"
    live_objects "$T/tmpl.json" tmpl "$root/testdata/workloads/complete-2-16/input.yaml"
    python3 - "$n" "$T/tmpl.json" "$T/fleet.json" <<'PYEOF'
import copy, json, sys
n, tmpl, out = int(sys.argv[1]), json.load(open(sys.argv[2]))["items"], sys.argv[3]
items = []
for i in range(n):
    for o in tmpl:
        o = copy.deepcopy(o)
        o["metadata"]["namespace"] = "t%05d" % (i + 1)
        items.append(o)
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(out, "w"))
PYEOF
    live_start --objects "$T/fleet.json" --tokens "$T/tokens"
    live_kubeconfig "$T/kc" --token "$token"
    kubeconfig=$T/kc
    where="the stand-in, $n namespaces"
else
    where="$kubeconfig${context:+ (context $context)}"
fi
ctxarg=
[ -z "$context" ] || ctxarg="--context=$context"

# timed OUT CMD...: one run; appends "wall rss_kb cpu" to OUT (cpu: user + system seconds of
# the command alone, without the server's: what the client itself costs)
timed() {
    out=$1
    shift
    rc=0
    /usr/bin/time -o "$T/t" -f '%e %M %U %S' "$@" >/dev/null 2>"$T/err" || rc=$?
    if [ "$rc" -ge 2 ]; then
        echo "fleet.sh: $* exited $rc:" >&2
        head -c 2000 "$T/err" >&2
        exit 1
    fi
    tail -n 1 "$T/t" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$out"
}
median() { # median FILE COLUMN
    cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

printf '%s\n' "fleet.sh: $where; load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs, medians"
printf '%-12s %10s %10s %10s %10s %10s\n' command requests wall cpu peak-RSS installs
i=0
while [ "$i" -lt "$runs" ]; do
    [ -n "${LIVE_LOG:-}" ] && : >"$LIVE_LOG"
    timed "$T/tool" "$tool" --kubeconfig "$kubeconfig" $ctxarg --live -A -q
    [ -n "${LIVE_PID:-}" ] && wc -l <"$LIVE_LOG" | tr -d ' ' >>"$T/tool.req"
    if command -v kubectl >/dev/null 2>&1; then
        [ -n "${LIVE_LOG:-}" ] && : >"$LIVE_LOG"
        timed "$T/kubectl" kubectl --kubeconfig "$kubeconfig" $ctxarg get secrets -A \
            --field-selector metadata.name=backend-redis -o json
        [ -n "${LIVE_PID:-}" ] && wc -l <"$LIVE_LOG" | tr -d ' ' >>"$T/kubectl.req"
        # the same lists as the tool reads for 2.16 installs, one kubectl each, in turn
        [ -n "${LIVE_LOG:-}" ] && : >"$LIVE_LOG"
        timed "$T/kubectl-all" sh -c '
            for rn in secrets/backend-redis secrets/system-redis \
                deployments/backend-listener deployments/backend-worker \
                deployments/backend-cron deployments/system-app deployments/system-sidekiq \
                jobs/system-app-pre jobs/system-app-post jobs/system-searchd-manticore-reindex; do
                kubectl "$@" get "${rn%/*}" -A --field-selector "metadata.name=${rn#*/}" \
                    -o json >/dev/null || exit 2
            done
            kubectl "$@" get apimanagers.apps.3scale.net -A -o json >/dev/null 2>&1 || :
        ' sh --kubeconfig "$kubeconfig" $ctxarg
        [ -n "${LIVE_PID:-}" ] && wc -l <"$LIVE_LOG" | tr -d ' ' >>"$T/kubectl-all.req"
    fi
    i=$((i + 1))
done
installs=$("$tool" --kubeconfig "$kubeconfig" $ctxarg --live -A -o json | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["summary"]["installs"])') || installs=-
row() { # row NAME FILE-STEM INSTALLS
    req=-
    [ -s "$T/$2.req" ] && req=$(median "$T/$2.req" 1)
    printf '%-12s %10s %9ss %9ss %7s MB %10s\n' "$1" "$req" "$(median "$T/$2" 1)" \
        "$(median "$T/$2" 3)" "$(($(median "$T/$2" 2) / 1024))" "$3"
}
row "tool -A" tool "$installs"
if [ -s "$T/kubectl" ]; then
    row "kubectl" kubectl -
    row "kubectl x11" kubectl-all -
else
    echo "kubectl      (not on PATH: skipped)"
fi
