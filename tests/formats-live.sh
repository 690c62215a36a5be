#!/bin/sh
# formats-live.sh CLI SOURCE-ROOT - the -o sarif, junit and github outputs of --live runs,
# where findings have no position and point at cluster/<context>/<namespace>/<Kind>/<name>
# (and a missing Secret has no object either), checked by formats-check.py as formats.sh does.
# Exit 0 pass, 1 fail, 77 skip (no python3, openssl or --live build), 99 bad environment.
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
live_standard
T=$LIVE_TMP

# the standard install with system-redis deleted (RLINT016, no object) and a space after a
# comma in the backend sentinel list (a finding on the Secret, without a line)
python3 - "$LIVE_OBJECTS" "$T/broken.json" <<'PYEOF' || exit 99
import json, sys
d = json.load(open(sys.argv[1]))
items = []
for o in d["items"]:
    if o["kind"] == "Secret" and o["metadata"]["name"] == "system-redis":
        continue
    if o["kind"] == "Secret" and o["metadata"]["name"] == "backend-redis":
        sd = o.setdefault("stringData", {})
        sd["REDIS_STORAGE_SENTINEL_HOSTS"] = "redis://s-0:26379, redis://s-1:26379"
        sd["REDIS_STORAGE_URL"] = "redis://storage-group/0"
    items.append(o)
d["items"] = items
json.dump(d, open(sys.argv[2], "w"))
PYEOF

live_start --objects "$T/broken.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k-sa" --token "$LIVE_SA_TOKEN" --context fmt
for fmt in json sarif junit github; do
    live_run "live.$fmt" --live --kubeconfig "$T/k-sa" -o "$fmt" --request-timeout 30
    live_expect_rc "live.$fmt" 1
done
python3 "$LIVE_SRC/tests/formats-check.py" live 1 "$T/live.json.out" "$T/live.sarif.out" \
    "$T/live.junit.out" "$T/live.github.out" || live_fail "formats-check.py"
grep -q 'cluster/fmt/demo/' "$T/live.github.out" || live_fail "github: no cluster/fmt/demo/ file"
grep -q '%SRCROOT%' "$T/live.sarif.out" && live_fail "sarif: a cluster object is not under %SRCROOT%"
grep -q '"startLine"' "$T/live.sarif.out" && live_fail "sarif: a region in live mode"
# a merged run (two namespaces, each its own scope): the same agreement between the formats,
# the findings of both namespaces, and the github summary notice has the total
live_kubeconfig "$T/k-admin" --token "$LIVE_ADMIN_TOKEN" --context fmt
for fmt in json sarif junit github; do
    live_run "merged.$fmt" --live --kubeconfig "$T/k-admin" --namespaces demo,empty -o "$fmt"
    live_expect_rc "merged.$fmt" 1
done
python3 "$LIVE_SRC/tests/formats-check.py" live 1 "$T/merged.json.out" "$T/merged.sarif.out" \
    "$T/merged.junit.out" "$T/merged.github.out" || live_fail "formats-check.py (merged)"
grep -q 'cluster/fmt/empty/' "$T/merged.github.out" || live_fail "github: no cluster/fmt/empty/ file"
grep -q 'cluster/fmt/demo/' "$T/merged.junit.out" || live_fail "junit: no cluster/fmt/demo/ suite"
grep -q '^::notice title=3scale-redis-lint::4 errors, 2 warnings, 1 info in 2 installs, .*%0A.* in cluster/fmt/empty,' \
    "$T/merged.github.out" || live_fail "github: the summary notice has no total or no scope line"
live_finish
