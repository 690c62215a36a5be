#!/bin/sh
# clusters.sh CLI SOURCE-ROOT - several clusters in one run: --context repeated and
# --all-contexts, against two stand-in API servers (east and west, each holding installs) and
# contexts that fail (refused: 401; gone: nothing listens). Asserts: every cluster that answers
# is checked, its findings under cluster/<context>/...; a failing one is named on stderr and in
# the summary and the others are still checked; exit 3 only when no cluster could be checked;
# both servers were asked (concurrently, in one run).
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP
S=$LIVE_SRC
EAST_PID=
trap 'if [ -n "$EAST_PID" ]; then kill -TERM "$EAST_PID" 2>/dev/null; wait "$EAST_PID" 2>/dev/null; fi; live_cleanup' EXIT

live_objects "$T/east.json" shop "$S/testdata/workloads/wrong-ref/input.yaml"
live_objects "$T/west.json" shop "$S/testdata/workloads/key-missing/input.yaml"

# east: started first and kept apart, so that live_start does not stop it
LIVE_LOG=$T/east.log
live_start --objects "$T/east.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
EAST=$LIVE_SERVER EAST_PID=$LIVE_PID LIVE_PID=
# a port nothing listens on: the stand-in's, once it is stopped
live_start --objects "$T/east.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
GONE=$LIVE_SERVER
live_stop
LIVE_LOG=$T/west.log
live_start --objects "$T/west.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
WEST=$LIVE_SERVER

cat >"$T/kc" <<EOF
apiVersion: v1
kind: Config
clusters:
- {name: east, cluster: {server: "$EAST", certificate-authority: "$LIVE_PKI/ca.crt"}}
- {name: west, cluster: {server: "$WEST", certificate-authority: "$LIVE_PKI/ca.crt"}}
- {name: gone, cluster: {server: "$GONE", certificate-authority: "$LIVE_PKI/ca.crt"}}
users:
- {name: admin, user: {token: "$LIVE_ADMIN_TOKEN"}}
- {name: wrong, user: {token: "wrong-$LIVE_ADMIN_TOKEN"}}
contexts:
- {name: east, context: {cluster: east, user: admin, namespace: shop}}
- {name: west, context: {cluster: west, user: admin, namespace: shop}}
- {name: refused, context: {cluster: west, user: wrong, namespace: shop}}
- {name: gone, context: {cluster: gone, user: admin, namespace: shop}}
current-context: east
EOF

live_run one-east --kubeconfig "$T/kc" --live --context east -o json
live_run one-west --kubeconfig "$T/kc" --live --context west -o json
: >"$T/east.log"
: >"$T/west.log"
live_run two --kubeconfig "$T/kc" --live --context east --context west -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "east+west: exit $LIVE_RC, want 1"; live_show two; }
[ -s "$T/east.log" ] && [ -s "$T/west.log" ] || live_fail "east+west: not both servers were asked"
live_run failing --kubeconfig "$T/kc" --live --context east --context refused --context gone \
    -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "east+refused+gone: exit $LIVE_RC, want 1"; live_show failing; }
grep -q "401 Unauthorized" "$T/failing.err" || live_fail "refused: no 401 message"
grep -q "cannot reach the API server $GONE" "$T/failing.err" || live_fail "gone: no message"
live_run failing-text --kubeconfig "$T/kc" --live --context east --context refused
grep -q "^not checked: cluster/refused/\*: 401 Unauthorized" "$T/failing-text.out" ||
    { live_fail "text summary does not name the refused cluster"; live_show failing-text; }
live_run none --kubeconfig "$T/kc" --live --context refused --context gone
[ "$LIVE_RC" -eq 3 ] || { live_fail "refused+gone: exit $LIVE_RC, want 3"; live_show none; }
live_run all --kubeconfig "$T/kc" --live --all-contexts -A -o json
[ "$LIVE_RC" -eq 1 ] || { live_fail "--all-contexts -A: exit $LIVE_RC, want 1"; live_show all; }
live_run usage --kubeconfig "$T/kc" --live --all-contexts --context east
[ "$LIVE_RC" -eq 2 ] || live_fail "--all-contexts with --context: exit $LIVE_RC, want 2"
live_stop

python3 - "$T" <<'PYEOF' || live_fail "see above"
import json, sys
from collections import Counter
t = sys.argv[1]
bad = []
def load(n):
    return json.load(open("%s/%s.out" % (t, n)))
def rows(d):
    return Counter(json.dumps([f["rule"], f["severity"], f["file"], f["key"], f["message"]])
                   for f in d["findings"])
one = rows(load("one-east")) + rows(load("one-west"))
if not one:
    bad.append("the fixture has no findings")
two = load("two")
if rows(two) != one:
    bad.append("east+west findings differ from the one-cluster runs'")
for f in two["findings"]:
    ctx = f["file"].split("/")[1]
    if not f["file"].startswith("cluster/%s/shop/" % ctx) or ctx not in ("east", "west"):
        bad.append("finding not under cluster/<context>/shop/: %s" % f["file"])
if two["summary"].get("clusters") != 2 or two["summary"].get("installs") != 2:
    bad.append("east+west summary: %r" % two["summary"])
fl = load("failing")
if rows(fl) != rows(load("one-east")):
    bad.append("east+refused+gone: east's findings differ from east alone")
sc = {x["source"]: x for x in fl["summary"]["scopes"]}
for src, why in (("cluster/refused/*", "401"), ("cluster/gone/*", "cannot reach")):
    if src not in sc or sc[src]["checked"] or why not in (sc[src]["error"] or ""):
        bad.append("%s should be reported not checked (%s): %r" % (src, why, sc.get(src)))
al = load("all")
srcs = sorted(x["source"] for x in al["summary"]["scopes"])
if srcs != ["cluster/east/shop", "cluster/gone/*", "cluster/refused/*", "cluster/west/shop"]:
    bad.append("--all-contexts -A scopes: %r" % srcs)
if rows(al) != one:
    bad.append("--all-contexts -A findings differ from the one-cluster runs'")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PYEOF
live_finish
