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
import http.client, re, ssl, sys
rec, ca, port = sys.argv[1:4]
ctx = ssl.create_default_context(cafile=ca)
mask = lambda b: re.sub(rb'"(creationTimestamp|time)": "[^"]*"', rb'"\1": T',
                        re.sub(rb'"resourceVersion": "[0-9]+"', rb'"resourceVersion": R',
                               re.sub(rb'"uid": "[^"]*"', rb'"uid": U', b)))
ok = True
for check in sys.argv[4:]:
    token, path, *names = check.split()
    c = http.client.HTTPSConnection("127.0.0.1", int(port), context=ctx)
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
live_finish
