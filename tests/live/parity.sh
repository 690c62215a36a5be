#!/bin/sh
# parity.sh CLI SOURCE-ROOT - a broken 3scale 2.16 install gives the same findings offline (on
# the manifests) and live (the same objects served by the stand-in API server): the same
# (rule, severity, key, object) multiset, with exit 1 both times. Secrets are written with
# base64 data: (what the API server stores and returns), so both runs see the same bytes.
# Only the 3scale workloads are in the set: --live reads nothing else.
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

python3 - "$LIVE_OBJECTS" "$T/broken.json" <<'PYEOF' || exit 99
import base64, json, sys
d = json.load(open(sys.argv[1]))
b64 = lambda s: base64.b64encode(s.encode()).decode()
items = []
for o in d["items"]:
    kind, name = o["kind"], o["metadata"]["name"]
    if kind == "Deployment" and name == "system-searchd":
        continue  # not a Redis reader: --live does not fetch it
    if kind == "Secret":
        data = {k: b64(v) for k, v in (o.pop("stringData", None) or {}).items()}
        if name == "backend-redis":
            data.update({
                "REDIS_STORAGE_URL": b64("redis://storage-group/0"),
                # a space after each comma: porta crashes at boot
                "REDIS_STORAGE_SENTINEL_HOSTS": b64("redis://sentinel-0.redis:26379, "
                                                    "redis://sentinel-1.redis:26379, "
                                                    "redis://sentinel-2.redis:26379"),
                "REDIS_STORAGE_SENTINEL_ROLE": b64("master"),
                "REDIS_QUEUES_URL": b64("redis://queues-group/010"),
                "REDIS_QUEUES_SENTINEL_HOSTS": b64("redis://sentinel-0.redis:26379,"
                                                   "redis://sentinel-1.redis:26379"),
                # refused by the async backend (the 2.16 default)
                "REDIS_QUEUES_SENTINEL_ROLE": b64("replica"),
                "REDIS_STORAGE_PASWORD": b64("x"),   # a typo'd, unknown key
            })
        else:
            data.update({"URL": b64("redis://system-redis:6379/1\n"),  # echo | base64
                         "SENTINEL_HOSTS": b64(""), "SENTINEL_ROLE": b64("master")})
        o["data"] = data
    if kind == "Deployment" and name == "backend-worker":
        c = o["spec"]["template"]["spec"]["containers"][0]
        for e in c["env"]:
            if e["name"] == "CONFIG_QUEUES_MASTER_NAME":
                e["valueFrom"]["secretKeyRef"]["key"] = "REDIS_QUEUE_URL"   # no such key
    if kind == "Deployment" and name == "system-sidekiq":
        c = o["spec"]["template"]["spec"]["containers"][0]
        for e in c["env"]:
            if e["name"] == "REDIS_URL":
                e.pop("valueFrom")
                e["value"] = "redis://system-redis:6379/1"   # a literal, not a reference
    if kind == "Job" and name == "system-app-post":
        c = o["spec"]["template"]["spec"]["containers"][0]
        c["env"] = [e for e in c["env"] if e["name"] != "BACKEND_REDIS_SENTINEL_HOSTS"]
    items.append(o)
d["items"] = items
json.dump(d, open(sys.argv[2], "w"), indent=2)
PYEOF

live_start --objects "$T/broken.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC --openshift
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN" --context parity

for v in "" 2.16; do
    vopt=${v:+--3scale-version $v}
    live_run offline$v -o json $vopt "$T/broken.json"
    live_expect_rc offline$v 1
    live_run live$v --live --kubeconfig "$T/k-sa" -o json $vopt --request-timeout 30
    live_expect_rc live$v 1 || continue
    live_findings "$T/offline$v.out" >"$T/offline$v.findings"
    live_findings "$T/live$v.out" >"$T/live$v.findings"
    n=$(wc -l <"$T/offline$v.findings")
    [ "$n" -ge 5 ] || live_fail "offline$v: only $n findings: the broken install is not broken enough"
    if ! cmp -s "$T/offline$v.findings" "$T/live$v.findings"; then
        live_fail "${v:-detected version}: live findings differ from offline ones (< offline, > live)"
        diff "$T/offline$v.findings" "$T/live$v.findings"
    fi
    live_check_cluster_files live$v parity
    python3 - "$T/offline$v.out" "$T/live$v.out" <<'PYEOF' || live_fail "${v:-detected}: the summary's version differs"
import json, sys
a, b = (json.load(open(p))["summary"] for p in sys.argv[1:])
if a["version"] != b["version"]:
    print("offline version", a["version"], "live version", b["version"])
    sys.exit(1)
PYEOF
done
# the text output agrees too: the same rule IDs, in the same count
live_run offline-text "$T/broken.json"
live_run live-text --live --kubeconfig "$T/k-sa"
a=$(grep -o '\[RLINT[0-9]*\]' "$T/offline-text.out" | sort | tr '\n' ' ')
b=$(grep -o '\[RLINT[0-9]*\]' "$T/live-text.out" | sort | tr '\n' ' ')
[ "$a" = "$b" ] || live_fail "text output: offline rules [$a], live rules [$b]"
grep -q 'cluster/parity/demo/' "$T/live-text.out" ||
    live_fail "text output: findings do not point at cluster/parity/demo/..."
live_finish
