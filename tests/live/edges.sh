#!/bin/sh
# edges.sh CLI SOURCE-ROOT - kubectl's edges, as found against a real kube-apiserver (issue 14).
#
#   an exec plugin's credential whose expirationTimestamp has passed is used for the run, as
#   client-go does (refreshCredsLocked() keeps it without comparing the time): exit 0, one
#   warning on stderr naming the plugin
#   a version whose workload kind the cluster does not serve (2.14's DeploymentConfigs, no
#   apps.openshift.io: the text/plain 404) -> one RLINT019 warning per kind, not silence;
#   a 2.16 install on the same cluster gets none
#   tls-server-name: the server's certificate names only that name, the kubeconfig's server is
#   127.0.0.1 -> exit 0 with it (libcurl CURLOPT_CONNECT_TO), a TLS failure (exit 3) without
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC

# expired exec credential
live_exec_plugin "$T/plugin-expired.sh" "$LIVE_EXEC_TOKEN" v1 2020-11-25T22:00:00Z
live_kubeconfig "$T/k-expired" --exec "$T/plugin-expired.sh"
live_run expired --live --kubeconfig "$T/k-expired" -o json --strict
live_expect_rc expired 0
grep -q "exec plugin '$T/plugin-expired.sh'.*expirationTimestamp" "$T/expired.err" ||
    { live_fail "expired: no warning naming the plugin"; live_show expired; }
[ "$(grep -c . "$T/expired.err")" -eq 1 ] ||
    { live_fail "expired: more than the one warning on stderr"; live_show expired; }

# DeploymentConfigs the cluster does not serve
live_kubeconfig "$T/k-token" --token "$LIVE_SA_TOKEN"
live_run dc214 --live --kubeconfig "$T/k-token" -o json --3scale-version 2.14
live_run dc216 --live --kubeconfig "$T/k-token" -o json --strict
live_expect_rc dc216 0
python3 - "$T/dc214.out" "$T/dc216.out" <<'PYEOF' || live_fail "RLINT019 (workload-kind-not-served)"
import json, sys
d = json.load(open(sys.argv[1]))
hits = [f for f in d["findings"] if f["rule"] == "RLINT019"]
ok = True
if len(hits) != 1:
    print("2.14 without apps.openshift.io: %d RLINT019 findings, want 1" % len(hits))
    ok = False
for f in hits:
    o = f.get("object") or {}
    if f["severity"] != "warning" or o.get("kind") != "DeploymentConfig" or \
            "apps.openshift.io" not in f["message"] or "5 DeploymentConfig workloads" not in \
            f["message"] or f["file"] != "cluster/test/demo/DeploymentConfig/*":
        print("unexpected RLINT019:", json.dumps(f))
        ok = False
if any(f["rule"] == "RLINT019" for f in json.load(open(sys.argv[2]))["findings"]):
    print("2.16 (Deployments): RLINT019 reported")
    ok = False
sys.exit(0 if ok else 1)
PYEOF

# tls-server-name: a server certificate for api.standin.test only
printf '%s\n' "subjectAltName=DNS:api.standin.test" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
    >"$LIVE_PKI/sni.ext"
_live_sign "$LIVE_PKI" sni "/CN=api.standin.test" "$LIVE_PKI/sni.ext"
LIVE_SERVER_CERT=sni
live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC
LIVE_SERVER_CERT=
live_kubeconfig "$T/k-sni" --token "$LIVE_SA_TOKEN" --tls-server-name api.standin.test
live_kubeconfig "$T/k-nosni" --token "$LIVE_SA_TOKEN"
live_run sni --live --kubeconfig "$T/k-sni" -o json --strict
live_expect_rc sni 0
grep -q '"method": "GET"' "$LIVE_LOG" || live_fail "sni: no request reached the stand-in"
live_run nosni --live --kubeconfig "$T/k-nosni" -o json --strict
live_expect_rc nosni 3
for n in expired dc214 dc216 sni nosni; do
    if grep -qF -- "$LIVE_EXEC_TOKEN" "$T/$n.out" "$T/$n.err" ||
        grep -qF -- "$LIVE_SA_TOKEN" "$T/$n.out" "$T/$n.err"; then
        live_fail "$n: a bearer token is in the output"
    fi
done
live_finish
