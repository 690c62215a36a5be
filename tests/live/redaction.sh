#!/bin/sh
# redaction.sh CLI SOURCE-ROOT - no Secret value and no credential reaches stdout or stderr in
# --live mode. The served Secrets hold a distinct canary in every value (most of them broken so
# that findings fire on them), and were "kubectl apply"'d (--last-applied): their
# kubectl.kubernetes.io/last-applied-configuration annotation holds the same values in clear,
# as on a real cluster. The bearer tokens and the exec plugin's token are canaries too. The CLI
# runs in text, quiet and JSON output, and in the error paths (401, 403); a canary, or the
# base64 form of a served value, in any output fails. Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

python3 - "$LIVE_OBJECTS" "$T/canary.json" "$T/canaries" <<'PYEOF' || exit 99
import base64, json, sys
d = json.load(open(sys.argv[1]))
canaries = []


def c(tag):
    s = "CANARY%s%02d" % (tag, len(canaries) + 1)
    canaries.append(s)
    return s


values = {
    "backend-redis": {
        "REDIS_STORAGE_URL": "redis://%s:%s@%s:6379/0 " % (c("user"), c("pw"), c("host")),
        "REDIS_STORAGE_SENTINEL_HOSTS": "redis://%s:26379, redis://%s:%s@%s:26379" % (
            c("sent"), c("suser"), c("spw"), c("sent")),
        "REDIS_STORAGE_SENTINEL_ROLE": c("role"),
        "REDIS_QUEUES_URL": "redis://%s/01%s" % (c("qhost"), c("db")),
        "REDIS_QUEUES_SENTINEL_HOSTS": "",
        "REDIS_QUEUES_SENTINEL_ROLE": "slave",
        "REDIS_STORAGE_PASSWORD": "%s+@/" % c("plus"),
        "REDIS_STORAGE_PASWORD": c("typo"),
        "REDIS_QUEUES_USERNAME": " %s\n" % c("ws"),
    },
    "system-redis": {
        "URL": "redis://%s:%s@%s:6379/1\n" % (c("suser"), c("spass"), c("shost")),
        "SENTINEL_HOSTS": "%s,,%s" % (c("sh"), c("sh")),
        "SENTINEL_ROLE": c("srole"),
        "REDIS_SSL_CA": "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % c("pem"),
    },
}
for o in d["items"]:
    if o["kind"] == "Secret":
        o.pop("data", None)
        o["stringData"] = values[o["metadata"]["name"]]  # kept in last-applied, in clear
json.dump(d, open(sys.argv[2], "w"), indent=1)
with open(sys.argv[3], "w") as f:
    for s in canaries:
        f.write(s + "\n")
    for v in values.values():
        for x in v.values():
            if len(x) >= 6:
                f.write(base64.b64encode(x.encode()).decode() + "\n")
PYEOF

# tokens that are canaries too
TOK=CANARYtoken-$LIVE_SA_TOKEN
EXECTOK=CANARYexec-$LIVE_EXEC_TOKEN
WRONG=CANARYwrong-$LIVE_SA_TOKEN
NOBODY=CANARYnobody-$LIVE_SA_TOKEN
printf '%s\n' "$TOK,system:serviceaccount:demo:3scale-redis-lint,system:serviceaccounts" \
    "$EXECTOK,exec-user" "$NOBODY,nobody" >>"$LIVE_TOKENS"
printf '%s\n' "$TOK" "$EXECTOK" "$WRONG" "$NOBODY" >>"$T/canaries"

live_start --objects "$T/canary.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC --last-applied
live_kubeconfig "$T/k-sa" --token "$TOK"
live_exec_plugin "$T/plugin.sh" "$EXECTOK"
live_kubeconfig "$T/k-exec" --exec "$T/plugin.sh"
live_kubeconfig "$T/k-wrong" --token "$WRONG"
live_kubeconfig "$T/k-nobody" --token "$NOBODY"
live_kubeconfig "$T/k-insecure" --insecure --token "$TOK"
live_kubeconfig "$T/k-admin" --token "$LIVE_ADMIN_TOKEN"

runs=""
r() {
    live_run "$@"
    runs="$runs $1"
}
r text --live --kubeconfig "$T/k-sa"
[ "$LIVE_RC" -eq 1 ] || { live_fail "text: exit $LIVE_RC, expected 1 (findings)"; live_show text; }
r text-strict --live --kubeconfig "$T/k-sa" --strict --color always
r quiet --live --kubeconfig "$T/k-sa" -q
r json --live --kubeconfig "$T/k-sa" -o json
r json-214 --live --kubeconfig "$T/k-sa" -o json --3scale-version 2.14
r exec --live --kubeconfig "$T/k-exec" -o json
r insecure --live --kubeconfig "$T/k-insecure"
r wrong-token --live --kubeconfig "$T/k-wrong"
[ "$LIVE_RC" -eq 3 ] || live_fail "wrong-token: exit $LIVE_RC, expected 3"
r forbidden --live --kubeconfig "$T/k-nobody" -o json
[ "$LIVE_RC" -eq 3 ] || live_fail "forbidden: exit $LIVE_RC, expected 3"
# many installs: -A splits cluster-wide LISTs (the values pass through jansson), --namespaces
r all --live --kubeconfig "$T/k-admin" -A
[ "$LIVE_RC" -eq 1 ] || live_fail "all: exit $LIVE_RC, expected 1"
r all-json --live --kubeconfig "$T/k-admin" -A -o json --chunk-size 1
r all-forbidden --live --kubeconfig "$T/k-sa" -A
[ "$LIVE_RC" -eq 3 ] || live_fail "all-forbidden: exit $LIVE_RC, expected 3"
r names --live --kubeconfig "$T/k-sa" --namespaces demo,other -o json

n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' \
    "$T/json.out" 2>/dev/null || echo 0)
[ "$n" -ge 8 ] || live_fail "json: only $n findings: the canaries did not provoke findings"

# one grep -F -f per output (a grep per canary and output was 640 processes)
for run in $runs; do
    for stream in out err; do
        grep -oF -f "$T/canaries" -- "$T/$run.$stream" | sort -u >"$T/$run.$stream.leaks"
        while IFS= read -r canary; do
            live_fail "$run: a secret (${canary%"${canary#??????????}"}...) is on std$stream"
        done <"$T/$run.$stream.leaks"
    done
    if grep -q 'CANARY' "$T/$run.out" "$T/$run.err"; then
        live_fail "$run: part of a canary is in the output"
        grep -n 'CANARY' "$T/$run.out" "$T/$run.err" | head -5 |
            sed 's/CANARY[A-Za-z0-9+-]*/CANARY.../g'
    fi
done
live_finish
