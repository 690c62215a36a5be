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

# every run first, each with its own request log; then one python3 checks them all (a
# python3 start per check and per method made most of this test's time)
checked=""
for m in token tokenfile certfiles certdata exec exec-beta insecure; do
    : >"$LIVE_LOG"
    live_run "$m" --live --kubeconfig "$T/k-$m" -o json --strict --request-timeout 30
    cp "$LIVE_LOG" "$T/$m.log"
    live_expect_rc "$m" 0 || continue
    # the identity the stand-in must have seen
    case $m in
    token | tokenfile | insecure) who=system:serviceaccount:demo:3scale-redis-lint ;;
    certfiles | certdata) who=cert-reader ;;
    exec*) who=exec-user ;;
    esac
    checked="$checked $m=$who"
    if [ "$m" = insecure ]; then
        grep -qi 'insecure' "$T/$m.err" ||
            live_fail "insecure: no warning about insecure-skip-tls-verify on stderr"
    elif [ -s "$T/$m.err" ]; then
        live_fail "$m: unexpected output on stderr"
        live_show "$m"
    fi
done

# for each method: the offline run's (rule, severity, key, object) multiset; findings at
# cluster/test/demo/KIND/NAME without line and column; only this identity in the request log,
# with only successful or not-found answers
[ -z "$checked" ] || python3 - "$T" $checked <<'PYEOF' || LIVE_FAILED=1
import json, os, sys
tmp = sys.argv[1]


def findings(name):
    d = json.load(open(os.path.join(tmp, name + ".out")))
    rows = []
    for f in d["findings"]:
        o = f.get("object") or {}
        rows.append(("%s %s key=%s object=%s/%s/%s" % (
            f["rule"], f["severity"], f.get("key"), o.get("kind"), o.get("namespace"),
            o.get("name")), f, o))
    return rows


offline = sorted(r[0] for r in findings("offline"))
bad = False
for arg in sys.argv[2:]:
    m, who = arg.split("=", 1)
    rows = findings(m)
    if sorted(r[0] for r in rows) != offline:
        print("FAIL: %s: findings differ from the offline run" % m)
        for r in sorted(set(offline) ^ set(r[0] for r in rows)):
            print("    %s %s" % ("offline" if r in offline else "live   ", r))
        bad = True
    for _, f, o in rows:
        want = "cluster/test/demo/%s/%s" % (o.get("kind"), o.get("name"))
        if f["file"] != want or f["line"] is not None or f["column"] is not None:
            print("FAIL: %s: finding at %s %s %s, want %s" % (m, f["file"], f["line"],
                                                               f["column"], want))
            bad = True
    n = 0
    for line in open(os.path.join(tmp, m + ".log")):
        e = json.loads(line)
        if e.get("method") is None:
            continue
        n += 1
        if e["user"] != who or e["status"] not in (200, 404):
            print("FAIL: %s: request %s %s as %s: %s" % (m, e["method"], e["path"], e["user"],
                                                          e["status"]))
            bad = True
    if n == 0:
        print("FAIL: %s: no request reached the stand-in" % m)
        bad = True
sys.exit(1 if bad else 0)
PYEOF
live_finish
