#!/bin/sh
# The real 3scale templates in ../shared/corpus load with no finding at warning or above, find
# both Redis Secrets, and leave their placeholders unresolved. Skips (77) without ../shared.
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
    printf '%s' "$summary" | grep -q '^unresolved: [1-9]' || { echo "no placeholder seen"; status=1; }
    printf '%s' "$summary" | grep -q 'system-redis' || { echo "system-redis not found"; status=1; }
    printf '%s' "$summary" | grep -q "^version: $v objects: 1[0-9]\$" ||
        { echo "expected version $v and the Secrets plus the DeploymentConfigs"; status=1; }
done
exit $status
