#!/bin/sh
# fleet.sh CLI SOURCE-ROOT - --live over many installs: -A (cluster-wide LISTs filtered by
# name) and --namespaces (GET by name in each), against a stand-in holding installs of
# different versions in several namespaces (one clean 2.16, one 2.16 with findings, one 2.14 on
# DeploymentConfigs), repeated. Asserts: -A finds every install and its findings are exactly
# the union of one-namespace runs (parity); -A sends the same number of requests for 3 and 30
# namespaces; pages with --chunk-size, a continue token gone stale (410 Expired) stops with a
# clear error; the ClusterRole of deploy/cluster/ allows -A and the namespaced Role does not;
# --namespaces reports a forbidden namespace and checks the others.
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP
S=$LIVE_SRC

live_objects "$T/tmpl-a.json" tmpl "$S/testdata/workloads/complete-2-16/input.yaml"
live_objects "$T/tmpl-b.json" tmpl "$S/testdata/workloads/wrong-ref/input.yaml"
live_objects "$T/tmpl-c.json" tmpl "$S/testdata/workloads/complete-2-14-dc/input.yaml"

# fleet N OUT: N namespaces t001..tN, cycling over the three installs; and an unrelated
# Secret and Deployment in every one, which -A must not read
fleet() {
    python3 - "$1" "$2" "$T" <<'PYEOF' || exit 99
import copy, json, sys
n, out, t = int(sys.argv[1]), sys.argv[2], sys.argv[3]
tmpl = [json.load(open("%s/tmpl-%s.json" % (t, c)))["items"] for c in "abc"]
items = []
for i in range(n):
    ns = "t%03d" % (i + 1)
    for o in tmpl[i % 3]:
        o = copy.deepcopy(o)
        o["metadata"]["namespace"] = ns
        items.append(o)
    items.append({"apiVersion": "v1", "kind": "Secret",
                  "metadata": {"name": "other", "namespace": ns}, "data": {"k": "dg=="}})
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(out, "w"))
PYEOF
}
fleet 3 "$T/fleet3.json"
fleet 30 "$T/fleet30.json"

FLEET_TOKEN=fleet-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
cat >>"$LIVE_TOKENS" <<EOF
$FLEET_TOKEN,fleet-user
bind,fleet-user,3scale-redis-lint-cluster,*
EOF
RBAC="$LIVE_RBAC --role $S/deploy/cluster/clusterrole.yaml"

# requests: how many API requests the stand-in logged since the log was emptied
requests() { wc -l <"$LIVE_LOG" | tr -d ' '; }

live_start --objects "$T/fleet3.json" --tokens "$LIVE_TOKENS" $RBAC --openshift
live_kubeconfig "$T/kc-fleet" --token "$FLEET_TOKEN"
live_kubeconfig "$T/kc-admin" --token "$LIVE_ADMIN_TOKEN"
live_kubeconfig "$T/kc-sa" --token "$LIVE_SA_TOKEN"

: >"$LIVE_LOG"
live_run all3 --kubeconfig "$T/kc-fleet" --live -A -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "-A: exit $LIVE_RC, want 1"; live_show all3; }
REQ3=$(requests)
cp "$LIVE_LOG" "$T/all3.log"
for ns in t001 t002 t003; do
    live_run "one-$ns" --kubeconfig "$T/kc-admin" --live -n "$ns" -o json
done
live_run all3-text --kubeconfig "$T/kc-fleet" --live -A
[ "$LIVE_RC" -eq 1 ] || live_fail "-A text: exit $LIVE_RC, want 1"
: >"$LIVE_LOG"
live_run names --kubeconfig "$T/kc-sa" --live --namespaces t001,t002,t003,demo -o json
# demo, readable, holds no install: its two missing Secrets (RLINT016) make the exit 1
[ "$LIVE_RC" -eq 1 ] || { live_fail "--namespaces: exit $LIVE_RC, want 1"; live_show names; }
cp "$LIVE_LOG" "$T/names.log"
live_run sa-all --kubeconfig "$T/kc-sa" --live -A
[ "$LIVE_RC" -eq 3 ] || { live_fail "-A under the namespaced Role: exit $LIVE_RC, want 3"; live_show sa-all; }
grep -q 'forbidden (403): cannot list secrets in every namespace' "$T/sa-all.err" ||
    { live_fail "-A under the Role: no clear 403"; live_show sa-all; }
grep -q 'deploy/cluster/clusterrole.yaml' "$T/sa-all.err" ||
    live_fail "-A under the Role: the 403 does not name deploy/cluster/clusterrole.yaml"

# a page over --max-response-size stops the cluster, and says how to make pages smaller
live_run toolarge --kubeconfig "$T/kc-fleet" --live -A --max-response-size 2000
[ "$LIVE_RC" -eq 3 ] || { live_fail "page too large: exit $LIVE_RC, want 3"; live_show toolarge; }
grep -q 'larger than 2000 bytes (--max-response-size); a smaller --chunk-size' "$T/toolarge.err" ||
    { live_fail "page too large: no clear message"; live_show toolarge; }

# paging: 2 items a page, so every list pages
: >"$LIVE_LOG"
live_run paged --kubeconfig "$T/kc-fleet" --live -A --chunk-size 2 -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "--chunk-size 2: exit $LIVE_RC, want 1"; live_show paged; }
cp "$LIVE_LOG" "$T/paged.log"

live_start --objects "$T/fleet30.json" --tokens "$LIVE_TOKENS" $RBAC --openshift
live_kubeconfig "$T/kc-fleet" --token "$FLEET_TOKEN"
: >"$LIVE_LOG"
live_run all30 --kubeconfig "$T/kc-fleet" --live -A -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "-A on 30: exit $LIVE_RC, want 1"; live_show all30; }
REQ30=$(requests)
[ "$REQ3" -eq "$REQ30" ] || live_fail "-A sent $REQ3 requests for 3 namespaces, $REQ30 for 30"
echo "-A requests: $REQ3 (3 namespaces), $REQ30 (30 namespaces)"

# a server (or proxy) that drops the field selector: only the names asked are taken
live_start --objects "$T/fleet3.json" --tokens "$LIVE_TOKENS" $RBAC --openshift \
    --ignore-field-selectors
live_kubeconfig "$T/kc-fleet" --token "$FLEET_TOKEN"
live_run noselector --kubeconfig "$T/kc-fleet" --live -A -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "no field selector: exit $LIVE_RC, want 1"; live_show noselector; }

# every continue token stale (etcd compacted meanwhile): kubectl stops with the 410
live_start --objects "$T/fleet3.json" --tokens "$LIVE_TOKENS" $RBAC --openshift --compacted
live_kubeconfig "$T/kc-fleet" --token "$FLEET_TOKEN"
live_run expired --kubeconfig "$T/kc-fleet" --live -A --chunk-size 2
[ "$LIVE_RC" -eq 3 ] || { live_fail "410 Expired: exit $LIVE_RC, want 3"; live_show expired; }
grep -q '410 Expired' "$T/expired.err" || { live_fail "410 Expired: no clear error"; live_show expired; }
live_stop

python3 - "$T" <<'PYEOF' || live_fail "see above"
import json, sys
from collections import Counter
t = sys.argv[1]
bad = []
def load(n):
    return json.load(open("%s/%s.out" % (t, n)))
def rows(d):
    return Counter(json.dumps([f["rule"], f["severity"], f["file"], f["key"], f["path"],
                               f["component"], f["message"], f["object"]], sort_keys=True)
                   for f in d["findings"])
def log(n):
    return [json.loads(l) for l in open("%s/%s.log" % (t, n)) if l.strip()]

a = load("all3")
union = Counter()
for ns in ("t001", "t002", "t003"):
    union += rows(load("one-" + ns))
if rows(a) != union:
    bad.append("-A findings differ from the one-namespace runs':\n only -A: %s\n only one: %s"
               % (list((rows(a) - union).elements()), list((union - rows(a)).elements())))
if not union:
    bad.append("the fixture has no findings: parity proves nothing")
s = a["summary"]
if s.get("installs") != 3 or [x["namespace"] for x in s["scopes"]] != ["t001", "t002", "t003"]:
    bad.append("-A summary: installs %r, scopes %r" % (s.get("installs"), s.get("scopes")))
vers = sorted(x["version"] for x in s["scopes"])
if vers != ["2.14", "2.16", "2.16"] or s["version"] is not None:
    bad.append("-A versions per scope %r, summary version %r" % (vers, s["version"]))
if s["errors"] != sum(x["errors"] for x in s["scopes"]) or s["errors"] == 0:
    bad.append("-A summary errors %r" % s["errors"])
# the requests: cluster-wide LISTs of kubectl's page size, by name but for APIManagers
for e in log("all3"):
    q = e.get("query") or ""
    if e.get("namespace") or "limit=500" not in q:
        bad.append("-A sent a request that is not a cluster-wide LIST of 500: %s?%s"
                   % (e["path"], q))
    if e.get("resource") != "apimanagers" and "fieldSelector=metadata.name" not in q:
        bad.append("-A listed without a name: %s?%s" % (e["path"], q))
    if e.get("status") != 200:
        bad.append("-A request %s?%s answered %s" % (e["path"], q, e.get("status")))
ns_ = load("noselector")
if rows(ns_) != rows(a) or ns_["summary"]["objects"] != s["objects"]:
    bad.append("a server ignoring the field selector changed what -A read: %d objects, "
               "want %d" % (ns_["summary"]["objects"], s["objects"]))
pl = log("paged")
if not any("continue=" in (e.get("query") or "") for e in pl):
    bad.append("--chunk-size 2 sent no continue request")
if rows(load("paged")) != rows(a):
    bad.append("--chunk-size 2 found other findings than one page")
text = open("%s/all3-text.out" % t).read()
if "total: " not in text or "3 installs" not in text:
    bad.append("-A text summary: %r" % text[-400:])
# --namespaces under the namespaced Role (bound in demo only): demo checked, t00x forbidden
n = load("names")
sc = {x["namespace"]: x for x in n["summary"]["scopes"]}
for ns in ("t001", "t002", "t003"):
    if ns not in sc or sc[ns]["checked"] or "403" not in (sc[ns]["error"] or ""):
        bad.append("--namespaces: %s should be reported forbidden: %r" % (ns, sc.get(ns)))
if "demo" not in sc or not sc["demo"]["checked"] or sc["demo"]["errors"] != 2:
    bad.append("--namespaces: demo should be checked: %r" % sc.get("demo"))
err = open("%s/names.err" % t).read()
if err.count("forbidden (403)") != 3:
    bad.append("--namespaces: one 403 message per forbidden namespace wanted:\n" + err)
for e in log("names"):
    if not e.get("namespace") or (e.get("resource") == "secrets" and not e.get("name")):
        bad.append("--namespaces sent a request beyond GET by name: %s" % e["path"])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PYEOF
live_finish
