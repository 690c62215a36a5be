#!/bin/sh
# kubectl.sh CLI SOURCE-ROOT - keeps the stand-in honest: the real kubectl, against it, works
# as against a kube-apiserver (discovery, GET by name, LIST, the Forbidden and Unauthorized
# errors it prints, client certificates). Needs kubectl on PATH (77 otherwise); does not need
# the CLI to have live support. Exit 0 pass, 1 fail, 77 skip.
set -u
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not found"; exit 77; }
LIVE_NEED_CLI=0
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP
live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"
live_kubeconfig "$T/k-admin" --token "$LIVE_ADMIN_TOKEN"
live_kubeconfig "$T/k-cert" --cert "$LIVE_PKI/reader.crt" --key "$LIVE_PKI/reader.key"
live_kubeconfig "$T/k-wrong" --token "wrong-$LIVE_SA_TOKEN"

# k NAME KUBECONFIG ARGS...: runs kubectl; output in $T/NAME.out/.err, status in $K_RC
k() {
    _n=$1 _k=$2
    shift 2
    kubectl --kubeconfig "$_k" --cache-dir "$T/kube-cache" --request-timeout 20s "$@" \
        >"$T/$_n.out" 2>"$T/$_n.err"
    K_RC=$?
    echo "kubectl $_n: exit $K_RC"
}
expect() { # NAME RC
    if [ "$K_RC" -ne "$2" ]; then
        live_fail "kubectl $1: exit $K_RC, expected $2"
        cat "$T/$1.out" "$T/$1.err"
    fi
}

k get-secret "$T/k-sa" get secret backend-redis -n demo -o json
expect get-secret 0
python3 - "$T/get-secret.out" <<'PYEOF' || live_fail "kubectl get secret: not the served Secret"
import base64, json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "Secret" and d["metadata"]["name"] == "backend-redis"
assert base64.b64decode(d["data"]["REDIS_STORAGE_URL"]) == b"redis://backend-redis:6379/0"
assert d["metadata"]["uid"] and d["metadata"]["resourceVersion"]
PYEOF

k get-deploy "$T/k-sa" get deployment backend-listener -o name
expect get-deploy 0
grep -qx 'deployment.apps/backend-listener' "$T/get-deploy.out" || live_fail "kubectl get deployment -o name"

k get-job "$T/k-sa" get job system-app-pre -o jsonpath='{.spec.template.spec.containers[0].name}'
expect get-job 0
grep -qx 'system-app-pre' "$T/get-job.out" || live_fail "kubectl get job -o jsonpath"

k list-apimanagers "$T/k-sa" get apimanagers.apps.3scale.net -o name
expect list-apimanagers 0
grep -qx 'apimanager.apps.3scale.net/apimanager' "$T/list-apimanagers.out" ||
    live_fail "kubectl get apimanagers -o name"

k cert-get "$T/k-cert" get secret system-redis -o jsonpath='{.metadata.name}'
expect cert-get 0

# the Role allows no LIST of Secrets: kubectl prints the API server's Forbidden message
k list-secrets "$T/k-sa" get secrets
expect list-secrets 1
grep -qF 'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:demo:3scale-redis-lint" cannot list resource "secrets" in API group "" in the namespace "demo"' \
    "$T/list-secrets.err" || { live_fail "kubectl get secrets: not the Forbidden message"; cat "$T/list-secrets.err"; }

k other-deploy "$T/k-sa" get deployment system-searchd
expect other-deploy 1
grep -qF 'Error from server (Forbidden): deployments.apps "system-searchd" is forbidden' \
    "$T/other-deploy.err" || { live_fail "kubectl get deployment system-searchd: not Forbidden"; cat "$T/other-deploy.err"; }

k not-found "$T/k-admin" get secret nope
expect not-found 1
grep -qF 'Error from server (NotFound): secrets "nope" not found' "$T/not-found.err" ||
    { live_fail "kubectl get secret nope: not NotFound"; cat "$T/not-found.err"; }

k admin-list "$T/k-admin" get deployments -o name
expect admin-list 0
[ "$(wc -l <"$T/admin-list.out")" -eq 6 ] || live_fail "kubectl get deployments as admin: not the 6 Deployments"

k wrong "$T/k-wrong" get secret backend-redis
expect wrong 1
grep -q 'Unauthorized' "$T/wrong.err" || { live_fail "kubectl with a wrong token: not Unauthorized"; cat "$T/wrong.err"; }

# no OpenShift here: the group is a text/plain 404
k raw-dc "$T/k-admin" get --raw /apis/apps.openshift.io/v1
expect raw-dc 1
grep -q 'NotFound\|not found' "$T/raw-dc.err" || { live_fail "kubectl get --raw apps.openshift.io"; cat "$T/raw-dc.err"; }
live_finish
