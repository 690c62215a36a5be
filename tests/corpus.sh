#!/bin/sh
# The real 3scale templates in ../shared/corpus load with no finding at warning or above and
# find both Redis Secrets; their placeholders take the parameters' defaults as oc process
# gives them, and only required parameters without one (the HA templates' Redis URLs) stay
# unresolved. Skips (77) without ../shared.
set -u
bin=$1 corpus=$2/../shared/corpus/3scale-templates
[ -d "$corpus" ] || { echo "no $corpus: skipped"; exit 77; }
status=0
for f in "$corpus"/*.yml; do
    case $f in
    *2.6.0*) v=2.6 ;;
    *2.8.0*) v=2.8 ;;
    *) v=2.12 ;;
    esac
    # no --3scale-version: the Template's AMP_RELEASE must be found
    out=$("$bin" -o json "$f")
    rc=$?
    summary=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = [f for f in d["findings"] if f["severity"] != "info"]
names = {f["object"]["name"] for f in d["findings"] if f["object"]}
for f in bad:
    print("unexpected:", f["rule"], f["line"], f["message"])
print("secrets:", " ".join(sorted(n for n in names if n in ("backend-redis", "system-redis"))))
print("unresolved:", sum(1 for f in d["findings"] if f["rule"] == "RLINT007"))
print("version:", d["summary"]["version"], "objects:", d["summary"]["objects"])
')
    printf '%s: exit %s\n%s\n' "$f" "$rc" "$summary"
    if [ "$rc" -ne 0 ] || printf '%s' "$summary" | grep -q '^unexpected'; then
        status=1
    fi
    case $f in
    *-ha-*) printf '%s' "$summary" | grep -q '^unresolved: 3$' ||
        { echo "expected the 3 required Redis URL parameters unresolved"; status=1; } ;;
    *) printf '%s' "$summary" | grep -q '^unresolved: 0$' ||
        { echo "expected every placeholder resolved from its default"; status=1; } ;;
    esac
    # a --param beats the parameter's default: a URL without its scheme, on which porta
    # fails at boot, shows that system-redis was found and its value checked
    "$bin" -o json --param SYSTEM_REDIS_URL=system-redis:6379/1 "$f" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if any(f["rule"] == "RLINT022" and f["object"]["name"] == "system-redis"
                  for f in d["findings"]) else 1)' || { echo "system-redis not found"; status=1; }
    printf '%s' "$summary" | grep -q "^version: $v objects: 1[0-9]\$" ||
        { echo "expected version $v and the Secrets plus the DeploymentConfigs"; status=1; }
done
exit $status
