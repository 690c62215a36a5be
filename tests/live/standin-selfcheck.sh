#!/bin/sh
# standin-selfcheck.sh CLI SOURCE-ROOT - the stand-in against the real kube-apiserver responses
# recorded in ../shared/kube-api-recordings (read at test time, never copied into the project;
# 77 when they are absent). The same objects are created in the stand-in and the same requests
# made (with a curl User-Agent, as the recordings were); each answer must have the recorded
# status, header names (case-insensitively; Date aside), Content-Type, Cache-Control,
# X-Content-Type-Options and a Content-Length equal to the body, and a byte-identical body once
# uid, resourceVersion and timestamps are masked. Does not need the CLI. Exit 0/1/77.
set -u
rec=$2/../shared/kube-api-recordings
[ -d "$rec" ] || { echo "SKIP: no $rec"; exit 77; }
LIVE_NEED_CLI=0
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_pki
T=$LIVE_TMP
printf '%s\n' "admin-tok,admin,system:masters" "nobody-tok,nobody" >"$T/tokens"

# what the recordings were made from: a Secret and a Deployment made with kubectl create, a
# DeploymentConfig (a CRD there) with kubectl apply
cat >"$T/created.json" <<'JSONEOF'
{"apiVersion": "v1", "kind": "List", "items": [
 {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "backend-redis", "namespace": "demo"},
  "data": {"REDIS_URL": "cmVkaXM6Ly9iYWNrZW5kLXJlZGlzOjYzNzkvMA==", "password": "czNjcjN0"}},
 {"apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "backend", "namespace": "demo", "labels": {"app": "backend"}},
  "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "backend"}},
           "template": {"metadata": {"labels": {"app": "backend"}},
                        "spec": {"containers": [{"name": "backend",
                                                 "image": "quay.io/example/backend:1.0"}]}}}}]}
JSONEOF
cat >"$T/applied.json" <<'JSONEOF'
{"apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig",
 "metadata": {"name": "system-app", "namespace": "demo"},
 "spec": {"replicas": 1, "selector": {"deploymentconfig": "system-app"},
          "strategy": {"type": "Rolling"},
          "template": {"metadata": {"labels": {"deploymentconfig": "system-app"}},
                       "spec": {"containers": [{"name": "system-master",
                                                "image": "quay.io/3scale/porta:latest",
                                                "env": [{"name": "REDIS_URL", "valueFrom": {
                                                    "secretKeyRef": {"name": "backend-redis",
                                                                     "key": "REDIS_URL"}}}]}]}},
          "triggers": [{"type": "ConfigChange"}]}}
JSONEOF

# check PORT 'TOKEN PATH RECORDING...' ...: every request in one python3 (a python3 start
# per request was most of this test's time)
check() {
    python3 - "$rec" "$LIVE_PKI/ca.crt" "$@" <<'PYEOF' || LIVE_FAILED=1
import base64, http.client, json, re, ssl, sys
rec, ca, port = sys.argv[1:4]
ctx = ssl.create_default_context(cafile=ca)


def token_rv(m):
    # a continue token names the resourceVersion it was made at: masked like the others
    t = m.group(2).decode()
    try:
        d = json.loads(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)))
    except ValueError:
        return m.group(0)
    if isinstance(d, dict) and isinstance(d.get("rv"), int) and d["rv"] >= 0:
        d["rv"] = "R"
    return m.group(1) + json.dumps(d, sort_keys=True).encode() + b'"'


mask = lambda b: re.sub(rb'"(creationTimestamp|time)": "[^"]*"', rb'"\1": T',
                        re.sub(rb'"resourceVersion": "[0-9]+"', rb'"resourceVersion": R',
                               re.sub(rb'"uid": "[^"]*"', rb'"uid": U',
                                      re.sub(rb'("continue": ")([A-Za-z0-9_-]+)"', token_rv,
                                             b))))
ok = True
for check in sys.argv[4:]:
    token, path, *names = check.split()
    # timeout: a hang guard, so that a stuck request fails naming itself
    c = http.client.HTTPSConnection("127.0.0.1", int(port), context=ctx, timeout=120)
    h = {"User-Agent": "curl/8.5.0", "Accept": "*/*"}
    if token != "-":
        h["Authorization"] = "Bearer " + token
    c.request("GET", path, headers=h)
    r = c.getresponse()
    body = r.read()
    c.close()
    for name in names:
        want_h = open("%s/%s.headers" % (rec, name), "rb").read().decode().splitlines()
        want_body = open("%s/%s.body" % (rec, name), "rb").read()
        status = int(want_h[0].split()[1])
        wh = {}
        for line in want_h[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                wh[k.strip().lower()] = v.strip()
        gh = {k.lower(): v for k, v in r.getheaders()}
        errs = []
        if r.status != status:
            errs.append("status %d, recorded %d" % (r.status, status))
        if set(gh) - {"date"} != set(wh) - {"date"}:
            errs.append("headers %s, recorded %s" % (sorted(set(gh) - {"date"}),
                                                      sorted(set(wh) - {"date"})))
        for k in ("content-type", "cache-control", "x-content-type-options"):
            if gh.get(k) != wh.get(k):
                errs.append("%s %r, recorded %r" % (k, gh.get(k), wh.get(k)))
        if gh.get("content-length") != str(len(body)):
            errs.append("content-length %s for %d bytes" % (gh.get("content-length"), len(body)))
        if not re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                        gh.get("audit-id", "")):
            errs.append("audit-id %r is not a UUID" % gh.get("audit-id"))
        if mask(body) != mask(want_body):
            errs.append("body differs (masked):\n--- recorded\n%s\n--- stand-in\n%s" % (
                mask(want_body).decode()[:1500], mask(body).decode()[:1500]))
        print("%-22s GET %s: %s" % (name, path, "; ".join(errs) if errs else "same"))
        ok = ok and not errs
sys.exit(0 if ok else 1)
PYEOF
}

live_start --objects "$T/created.json" --tokens "$T/tokens"
check "$LIVE_PORT" \
    "admin-tok /api/v1/namespaces/demo/secrets/backend-redis secret-get" \
    "admin-tok /api/v1/namespaces/demo/secrets secret-list" \
    "wrong-tok /api/v1/namespaces/demo/secrets/backend-redis secret-401" \
    "nobody-tok /api/v1/namespaces/demo/secrets/backend-redis secret-403" \
    "- /api/v1/namespaces/demo/secrets/backend-redis secret-anon-403" \
    "admin-tok /api/v1/namespaces/demo/secrets/nope secret-404" \
    "admin-tok /apis/apps/v1/namespaces/demo/deployments/backend deployment-get" \
    "admin-tok /apis/apps/v1/namespaces/demo/deployments deployment-list" \
    "admin-tok /apis/apps.openshift.io/v1/namespaces/demo/deploymentconfigs/system-app dc-unknown-group-404" \
    "admin-tok /apis/apps.openshift.io/v1 unknown-group-404"

live_start --objects "$T/applied.json" --tokens "$T/tokens" --openshift --last-applied
check "$LIVE_PORT" \
    "admin-tok /apis/apps.openshift.io/v1/namespaces/demo/deploymentconfigs/system-app dc-get" \
    "admin-tok /apis/apps.openshift.io/v1/namespaces/demo/deploymentconfigs dc-list" \
    "admin-tok /apis/apps.openshift.io/v1 group-discovery"
# cluster-wide mode (recordings in fleet/): namespaces t1, t2, t3 with backend-redis,
# system-redis and other; users admin, fleet (ClusterRole fleet-reader from the recordings'
# setup-rbac-crd.yaml), ns-only (a Role in t1: get on the two Secrets by name). Not compared:
# deployments-fieldselector (Go's HTTP/2 server streams a 7 KB body without Content-Length;
# http.server cannot), apimanagers-all (applied while the Secrets were created: one stand-in
# does one or the other), secrets-fieldselector-compact (another User-Agent) and version.
fleet=$rec/fleet
python3 - "$T/fleet.json" <<'PYEOF'
import base64, json, sys
b = lambda s: base64.b64encode(s.encode()).decode()
items = []
for ns in ("t1", "t2", "t3"):
    items.append({"apiVersion": "v1", "kind": "Secret",
                  "metadata": {"name": "backend-redis", "namespace": ns},
                  "data": {"REDIS_QUEUES_URL": b("redis://backend-redis:6379/1"),
                           "REDIS_STORAGE_URL": b("redis://backend-redis:6379/0")}})
    items.append({"apiVersion": "v1", "kind": "Secret",
                  "metadata": {"name": "system-redis", "namespace": ns},
                  "data": {"URL": b("redis://system-redis:6379/1")}})
    items.append({"apiVersion": "v1", "kind": "Secret",
                  "metadata": {"name": "other", "namespace": ns}, "data": {"a": b("b")}})
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(sys.argv[1], "w"))
PYEOF
cat >"$T/ns-only.yaml" <<'YAMLEOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ns-only, namespace: t1}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [backend-redis, system-redis]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ns-only, namespace: t1}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ns-only}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ns-only}]
YAMLEOF
printf '%s\n' "admin-tok,admin,system:masters" "fleet-tok,fleet" "ns-only-tok,ns-only" \
    >"$T/fleet-tokens"
# the recorded first page's token (rv 229, start after t2/backend-redis): the stand-in takes
# it as the real server did, and with --compacted it is too old, as after etcd's compaction
continue_of() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metadata"]["continue"])' "$1"
}
tok=$(continue_of "$fleet/secrets-fieldselector-limit.body")
tok410=$(continue_of "$fleet/secrets-continue-expired-410.body")
sel='fieldSelector=metadata.name%3Dbackend-redis'
rec=$fleet
live_start --objects "$T/fleet.json" --tokens "$T/fleet-tokens" --default-namespace t1 \
    --role "$fleet/setup-rbac-crd.yaml" --role "$T/ns-only.yaml"
check "$LIVE_PORT" \
    "fleet-tok /api/v1/secrets?$sel secrets-fieldselector" \
    "fleet-tok /api/v1/secrets?$sel&limit=2 secrets-fieldselector-limit" \
    "fleet-tok /api/v1/secrets?$sel&limit=2&continue=$tok secrets-fieldselector-continue" \
    "fleet-tok /api/v1/secrets?$sel&limit=2&continue=abc secrets-continue-invalid" \
    "fleet-tok /api/v1/secrets?fieldSelector=spec.foo%3Dbar secrets-fieldselector-bad" \
    "ns-only-tok /api/v1/secrets?$sel secrets-clusterwide-403" \
    "ns-only-tok /api/v1/namespaces/t1/secrets secrets-list-ns-403" \
    "admin-tok /api/v1/namespaces/nope namespace-get-404" \
    "admin-tok /api/v1/namespaces/nope/secrets/backend-redis secret-get-missing-ns" \
    "admin-tok /api/v1/namespaces/t3/secrets/nope secret-get-missing"
live_start --objects "$T/fleet.json" --tokens "$T/fleet-tokens" --default-namespace t1 \
    --role "$fleet/setup-rbac-crd.yaml" --compacted
check "$LIVE_PORT" \
    "fleet-tok /api/v1/secrets?$sel&limit=2&continue=$tok secrets-continue-expired-410" \
    "fleet-tok /api/v1/secrets?$sel&limit=2&continue=$tok410 secrets-continue-inconsistent"
live_finish
