#!/bin/sh
# response-size.sh CLI SOURCE-ROOT - --max-response-size and the `limits: {response-size}` key
# of the configuration in --live mode.
#
#   --max-response-size 200 (every response is larger)  -> exit 3, "larger than 200 bytes
#                                                          (--max-response-size)", no finding
#   limits: {response-size: 300} in --config FILE       -> the same with 300
#   the configuration says 300, --max-response-size 16777216 -> the command line wins: exit 0
#   a 17 MiB annotation on a Secret, default limit (16 MiB) -> exit 3 naming 16777216 bytes
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"

# too_large NAME BYTES: exit 3 and one message naming the limit and the option
too_large() {
    live_expect_rc "$1" 3 || return
    grep -q "the response is larger than $2 bytes (--max-response-size)" "$T/$1.err" ||
        { live_fail "$1: no 'larger than $2 bytes (--max-response-size)' message"; live_show "$1"; }
    if [ -s "$T/$1.out" ]; then
        live_fail "$1: output on stdout after an operational failure"
        live_show "$1"
    fi
}

live_run flag --live --kubeconfig "$T/k-sa" --request-timeout 30 --max-response-size 200
too_large flag 200

printf 'limits:\n  response-size: 300\n' >"$T/config.yaml"
live_run config --live --kubeconfig "$T/k-sa" --request-timeout 30 --config "$T/config.yaml"
too_large config 300

live_run command-line-wins --live --kubeconfig "$T/k-sa" --request-timeout 30 \
    --config "$T/config.yaml" --max-response-size 16777216
live_expect_rc command-line-wins 0

printf 'limits:\n  response-sise: 300\n' >"$T/typo.yaml"
live_run config-typo --live --kubeconfig "$T/k-sa" --request-timeout 30 --config "$T/typo.yaml"
if live_expect_rc config-typo 2; then
    grep -q "did you mean 'response-size'" "$T/config-typo.err" ||
        { live_fail "config-typo: no did-you-mean"; live_show config-typo; }
fi

# the default: a 17 MiB annotation on backend-redis makes its response larger than 16 MiB
live_stop
python3 - "$LIVE_OBJECTS" "$T/big-objects.json" <<'PYEOF' || exit 99
import json, sys
objs = json.load(open(sys.argv[1]))
items = objs if isinstance(objs, list) else objs.get("items", [])
for o in items:
    if o.get("kind") == "Secret" and o.get("metadata", {}).get("name") == "backend-redis":
        o["metadata"].setdefault("annotations", {})["padding"] = "x" * (17 * 1024 * 1024)
        break
else:
    sys.exit("no backend-redis Secret in %s" % sys.argv[1])
json.dump(objs, open(sys.argv[2], "w"))
PYEOF
# No --request-timeout here: the outcome must be the size limit's whatever the pace of the
# transfer (the stand-in writes the body at once, but an ASan build on a busy machine reads it
# slowly), and live_run's timeout(1) guards against a hang.
live_start --objects "$T/big-objects.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"   # the new port
live_run default --live --kubeconfig "$T/k-sa"
too_large default 16777216

live_finish
