#!/bin/sh
# auth-methods.sh CLI SOURCE-ROOT - every kubeconfig way to authenticate works against the
# stand-in API server, and gives exactly the findings of the offline run on the same objects.
#
# A correct 3scale 2.16 install (testdata/workloads/complete-2-16 plus an APIManager) is served
# over HTTPS. Each identity is bound to deploy/role.yaml only: the ServiceAccount (token, token
# file, insecure-skip-tls-verify), a client certificate (files, and -data with the CA as -data),
# an exec credential plugin (client.authentication.k8s.io/v1 and v1beta1). Each run must exit 0
# with the offline run's (rule, severity, key, object) multiset; insecure-skip-tls-verify must
# warn on stderr. Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC

# the offline reference: the same objects, as a file
live_run offline -o json --strict "$LIVE_OBJECTS"
live_expect_rc offline 0
live_findings "$LIVE_TMP/offline.out" >"$LIVE_TMP/offline.findings"

T=$LIVE_TMP
printf '%s\n' "$LIVE_SA_TOKEN" >"$T/sa.token"
live_exec_plugin "$T/plugin-v1.sh" "$LIVE_EXEC_TOKEN" v1
live_exec_plugin "$T/plugin-v1beta1.sh" "$LIVE_EXEC_TOKEN" v1beta1

live_kubeconfig "$T/k-token" --token "$LIVE_SA_TOKEN"
live_kubeconfig "$T/k-tokenfile" --token-file "$T/sa.token"
live_kubeconfig "$T/k-certfiles" --cert "$LIVE_PKI/reader.crt" --key "$LIVE_PKI/reader.key"
live_kubeconfig "$T/k-certdata" --ca-data "$LIVE_PKI/ca.crt" \
    --cert-data "$LIVE_PKI/reader.crt" --key-data "$LIVE_PKI/reader.key"
live_kubeconfig "$T/k-exec" --exec "$T/plugin-v1.sh"
live_kubeconfig "$T/k-exec-beta" --exec "$T/plugin-v1beta1.sh" --exec-api v1beta1
live_kubeconfig "$T/k-insecure" --insecure --token "$LIVE_SA_TOKEN"

for m in token tokenfile certfiles certdata exec exec-beta insecure; do
    : >"$LIVE_LOG"
    live_run "$m" --live --kubeconfig "$T/k-$m" -o json --strict --request-timeout 30
    live_expect_rc "$m" 0 || continue
    live_findings "$T/$m.out" >"$T/$m.findings"
    if ! cmp -s "$T/offline.findings" "$T/$m.findings"; then
        live_fail "$m: findings differ from the offline run"
        diff "$T/offline.findings" "$T/$m.findings"
    fi
    live_check_cluster_files "$m" test
    # the stand-in saw this identity, and only successful or not-found answers
    case $m in
    token | tokenfile | insecure) who=system:serviceaccount:demo:3scale-redis-lint ;;
    certfiles | certdata) who=cert-reader ;;
    exec*) who=exec-user ;;
    esac
    python3 - "$LIVE_LOG" "$who" <<'PYEOF' || live_fail "$m: unexpected requests (see above)"
import json, sys
n = bad = 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("method") is None:
        continue
    n += 1
    if e["user"] != sys.argv[2] or e["status"] not in (200, 404):
        print("request:", e["method"], e["path"], e["user"], e["status"])
        bad = 1
if n == 0:
    print("no request reached the stand-in")
    bad = 1
sys.exit(bad)
PYEOF
    if [ "$m" = insecure ]; then
        grep -qi 'insecure' "$T/$m.err" ||
            live_fail "insecure: no warning about insecure-skip-tls-verify on stderr"
    elif [ -s "$T/$m.err" ]; then
        live_fail "$m: unexpected output on stderr"
        live_show "$m"
    fi
done
live_finish
