#!/bin/sh
# rbac.sh CLI SOURCE-ROOT - deploy/role.yaml is enough, and the CLI uses no more than it.
#
# The stand-in authorizes with deploy/role.yaml and deploy/rolebinding.yaml only (plus the
# built-in discovery roles every authenticated user has), as the ServiceAccount
# system:serviceaccount:demo:3scale-redis-lint, on an OpenShift-like server (DeploymentConfigs
# served, none present) holding a correct 2.16 install. The run must exit 0 and the request
# log must show: only GETs; resource requests in namespace demo only; each a GET by name except
# one LIST of apimanagers; no LIST or WATCH of Secrets; no 401/403; every rule of the Role used.
# Also checks the Role itself: exactly those five rules. Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

# the Role, as shipped
python3 - "$2/deploy/role.yaml" "$LIVE_STANDIN" <<'PYEOF' || live_fail "deploy/role.yaml is not the least-privilege Role"
import importlib.util, sys
spec = importlib.util.spec_from_file_location("standin", sys.argv[2])
st = importlib.util.module_from_spec(spec)
spec.loader.exec_module(st)
docs = st.load_manifests(sys.argv[1])
names = ["backend-listener", "backend-worker", "backend-cron", "system-app", "system-sidekiq",
         "system-sphinx", "system-app-pre", "system-app-post",
         "system-searchd-manticore-reindex"]
want = [
    ([""], ["secrets"], ["get"], ["backend-redis", "system-redis"]),
    (["apps"], ["deployments"], ["get"], names),
    (["apps.openshift.io"], ["deploymentconfigs"], ["get"], names),
    (["batch"], ["jobs"], ["get"], names),
    (["apps.3scale.net"], ["apimanagers"], ["list"], []),
]
ok = len(docs) == 1 and docs[0].get("kind") == "Role" and \
    docs[0]["metadata"]["name"] == "3scale-redis-lint"
norm = lambda g, r, v, n: (tuple(sorted(g or [])), tuple(sorted(r or [])),
                           tuple(sorted(v or [])), tuple(sorted(n or [])))
got = sorted(norm(r.get("apiGroups"), r.get("resources"), r.get("verbs"), r.get("resourceNames"))
             for r in docs[0].get("rules", [])) if ok else []
if got != sorted(norm(*w) for w in want) or any(set(r) - {"apiGroups", "resources", "verbs",
                                                          "resourceNames"}
                                                for r in docs[0].get("rules", [])):
    print("rules:", got)
    ok = False
sys.exit(0 if ok else 1)
PYEOF

live_start --objects "$LIVE_OBJECTS" --tokens "$LIVE_TOKENS" $LIVE_RBAC --openshift
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN"
live_run sa --live --kubeconfig "$T/k-sa" -o json --strict --request-timeout 30
live_expect_rc sa 0

python3 - "$LIVE_LOG" <<'PYEOF' || live_fail "the requests go beyond GET by name and the apimanagers LIST (see above)"
import json, sys
bad = False
used = set()
n = 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("method") is None:
        print("TLS error:", e.get("tls_error"))
        bad = True
        continue
    n += 1
    what = "%s %s?%s -> %s" % (e["method"], e["path"], e["query"], e["status"])
    if e["method"] != "GET":
        print("not a GET:", what)
        bad = True
    if e["user"] != "system:serviceaccount:demo:3scale-redis-lint":
        print("as", e["user"], ":", what)
        bad = True
    if e["status"] in (401, 403):
        print("refused:", what)
        bad = True
    if not e["resource_request"]:
        if e["rule"] != "ClusterRole/system:discovery":
            print("non-resource request beyond discovery:", what)
            bad = True
        continue
    if e["namespace"] != "demo":
        print("outside namespace demo:", what)
        bad = True
    if e["resource"] == "secrets" and e["verb"] != "get":
        print("a", e["verb"], "of secrets:", what)
        bad = True
    if e["verb"] == "list" and e["resource"] != "apimanagers":
        print("a LIST other than apimanagers:", what)
        bad = True
    if e["verb"] not in ("get", "list"):
        print("verb", e["verb"], ":", what)
        bad = True
    if e["verb"] == "get" and not e["name"]:
        print("a GET without a name:", what)
        bad = True
    if (e.get("rule") or "").startswith("Role/3scale-redis-lint#"):
        used.add(int(e["rule"].rsplit("#", 1)[1]))
if n == 0:
    print("no request reached the stand-in")
    bad = True
if n > 32:
    print("%d requests: more than one round of GETs by name needs" % n)
    bad = True
unused = sorted(set(range(5)) - used)
if unused:
    print("Role rules never used (0 secrets, 1 deployments, 2 deploymentconfigs, 3 jobs, "
          "4 apimanagers):", unused)
    bad = True
sys.exit(1 if bad else 0)
PYEOF
# both Secrets were read by name
for s in backend-redis system-redis; do
    grep -q "\"path\": \"/api/v1/namespaces/demo/secrets/$s\"" "$LIVE_LOG" ||
        live_fail "Secret $s was not read by name"
done
live_finish
