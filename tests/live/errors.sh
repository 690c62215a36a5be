#!/bin/sh
# errors.sh CLI SOURCE-ROOT - what the API server refuses, and what it lacks, in --live mode.
#
#   wrong token            -> exit 3, one message naming verb, resource, name and namespace
#   token without rights   -> exit 3, the message names the Role rule that would allow it
#   Role without the Secret rule -> exit 3, the hint names secrets and get
#   a Secret missing       -> exit 1 with an RLINT016 finding (not exit 3)
#   not OpenShift (text/plain 404 for apps.openshift.io) with Deployments -> exit 0
#   no APIManager CRD (text/plain 404 for apps.3scale.net) on a correct install -> exit 0
#   server down            -> exit 3 naming the server
#   TLS CA mismatch        -> exit 3
# No token ever reaches stdout or stderr. Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

no_token_in() {
    for tok in "$LIVE_SA_TOKEN" "$LIVE_NOBODY_TOKEN" "$LIVE_ADMIN_TOKEN" "wrong-$LIVE_SA_TOKEN"; do
        if grep -qF -- "$tok" "$T/$1.out" "$T/$1.err"; then
            live_fail "$1: a bearer token is in the output"
        fi
    done
}

# one message on stderr, naming the request: verb, resource, name (for a GET) and namespace
names_request() {
    python3 - "$T/$1.err" <<'PYEOF' || { live_fail "$1: the message does not name the request"; live_show "$1"; }
import re, sys
err = open(sys.argv[1]).read()
lines = [l for l in err.splitlines() if l.strip()]
ok = True
if not lines or len(lines) > 3:
    print("expected one message on stderr, got %d lines" % len(lines))
    ok = False
low = err.lower()
if not re.search(r"\b(get|list)\b", low):
    print("no verb (get/list) in the message")
    ok = False
m = re.search(r"\b(secrets|deployments|deploymentconfigs|jobs|apimanagers)\b", low)
if not m:
    print("no resource in the message")
    ok = False
elif m.group(1) != "apimanagers" and not re.search(
        r"backend-redis|system-redis|backend-listener|system-app|backend-worker|backend-cron|"
        r"system-sidekiq|system-searchd-manticore-reindex|system-sphinx", err):
    print("a GET by name without the name in the message")
    ok = False
if "demo" not in err:
    print("no namespace in the message")
    ok = False
sys.exit(0 if ok else 1)
PYEOF
}

# the standard install first, for every case it serves (fewer restarts: each is a python3
# start), then one stand-in per variant
live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC
SERVER=$LIVE_SERVER
live_kubeconfig "$T/k-standard" --token "$LIVE_SA_TOKEN"

# ---- wrong token: 401
live_kubeconfig "$T/k-wrong" --token "wrong-$LIVE_SA_TOKEN"
live_run wrong-token --live --kubeconfig "$T/k-wrong" --request-timeout 30
live_expect_rc wrong-token 3 && names_request wrong-token
grep -q '"status": 401' "$LIVE_LOG" || live_fail "wrong-token: the stand-in answered no 401"
no_token_in wrong-token

# ---- a token without rights: 403, with the rule that would allow it
live_kubeconfig "$T/k-nobody" --token "$LIVE_NOBODY_TOKEN"
live_run no-rights --live --kubeconfig "$T/k-nobody" --request-timeout 30
if live_expect_rc no-rights 3; then
    names_request no-rights
    grep -qi 'forbidden\|403' "$T/no-rights.err" || live_fail "no-rights: the message does not say forbidden"
    grep -qi 'rule\|role' "$T/no-rights.err" || live_fail "no-rights: the message names no Role rule"
    grep -q 'apiGroups\|resourceNames\|verbs' "$T/no-rights.err" ||
        live_fail "no-rights: the Role rule is not spelled out (apiGroups/resources/verbs)"
fi
no_token_in no-rights

# ---- not OpenShift: apps.openshift.io is not served (text/plain 404), Deployments are there
: >"$LIVE_LOG"
live_run not-openshift --live --kubeconfig "$T/k-standard" --strict --request-timeout 30
live_expect_rc not-openshift 0
grep -q 'apps.openshift.io' "$LIVE_LOG" ||
    echo "note: the CLI asked nothing of apps.openshift.io (nothing to check there)"

# ---- TLS: the kubeconfig trusts another CA
: >"$LIVE_LOG"
live_make_ca "$T/other-ca"
live_kubeconfig "$T/k-otherca" --ca "$T/other-ca/ca.crt" --token "$LIVE_SA_TOKEN"
live_run tls-mismatch --live --kubeconfig "$T/k-otherca" --request-timeout 10
if live_expect_rc tls-mismatch 3; then
    grep -qi 'certificate\|tls\|ssl' "$T/tls-mismatch.err" ||
        { live_fail "tls-mismatch: the message does not say it is a TLS/certificate problem"; live_show tls-mismatch; }
fi
if grep -q '"method": "GET"' "$LIVE_LOG"; then
    live_fail "tls-mismatch: a request went through a TLS connection the CLI should not trust"
fi
no_token_in tls-mismatch

# ---- a Role without the Secrets rule: the hint is about secrets, get, and the Secret's name
python3 - "$2/deploy/role.yaml" "$T/role-nosecrets.yaml" "$LIVE_STANDIN" <<'PYEOF' || exit 99
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("standin", sys.argv[3])
st = importlib.util.module_from_spec(spec)
spec.loader.exec_module(st)
role = st.load_manifests(sys.argv[1])[0]
role["rules"] = [r for r in role["rules"] if "secrets" not in r.get("resources", [])]
json.dump(role, open(sys.argv[2], "w"))
PYEOF
live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" --role "$T/role-nosecrets.yaml" \
    --role "$2/deploy/rolebinding.yaml"
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"
live_run no-secret-rule --live --kubeconfig "$T/k-sa" --request-timeout 30
if live_expect_rc no-secret-rule 3; then
    grep -q 'secrets' "$T/no-secret-rule.err" && grep -q 'get' "$T/no-secret-rule.err" &&
        grep -q 'backend-redis\|system-redis' "$T/no-secret-rule.err" ||
        { live_fail "no-secret-rule: the hint does not name get on secrets by name"; live_show no-secret-rule; }
fi
no_token_in no-secret-rule

# ---- system-redis missing: a finding (RLINT016), exit 1, not an operational error
python3 - "$LIVE_OBJECTS" "$T/objects-nosystem.json" <<'PYEOF' || exit 99
import json, sys
d = json.load(open(sys.argv[1]))
d["items"] = [o for o in d["items"]
              if not (o["kind"] == "Secret" and o["metadata"]["name"] == "system-redis")]
json.dump(d, open(sys.argv[2], "w"), indent=1)
PYEOF
live_start --objects "$T/objects-nosystem.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"
live_run secret-missing --live --kubeconfig "$T/k-sa" -o json --request-timeout 30
if live_expect_rc secret-missing 1; then
    python3 - "$T/secret-missing.out" <<'PYEOF' || { live_fail "secret-missing: no RLINT016 error for Secret system-redis"; live_show secret-missing; }
import json, sys
d = json.load(open(sys.argv[1]))
hits = [f for f in d["findings"] if f["rule"] == "RLINT016" and f["severity"] == "error"
        and (f.get("object") or {}).get("name") == "system-redis"
        and (f.get("object") or {}).get("kind") == "Secret"]
sys.exit(0 if hits else 1)
PYEOF
    live_check_cluster_files secret-missing test
fi
grep -q '"path": "/api/v1/namespaces/demo/secrets/system-redis".*"status": 404' "$LIVE_LOG" ||
    live_fail "secret-missing: the stand-in did not answer 404 for secrets/system-redis"

# ---- no APIManager CRD (a template-based install): apimanagers is a text/plain 404
live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC --no-apimanager-crd
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"
live_run no-apimanager-crd --live --kubeconfig "$T/k-sa" --strict --request-timeout 30
live_expect_rc no-apimanager-crd 0

# ---- server down: a port where nothing listens any more
live_stop
DOWN=$SERVER
live_kubeconfig "$T/k-down" --server "$DOWN" --token "$LIVE_SA_TOKEN"
live_run server-down --live --kubeconfig "$T/k-down" --request-timeout 10
if live_expect_rc server-down 3; then
    port=${DOWN##*:}
    grep -q "127.0.0.1:$port\|127.0.0.1.*$port" "$T/server-down.err" ||
        { live_fail "server-down: the message does not name the server $DOWN"; live_show server-down; }
fi
no_token_in server-down

live_finish
