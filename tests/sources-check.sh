#!/bin/sh
# sources-check.sh - user-visible text cites only what users can open (issue 15), and the
# committed docs/rules.md is the one generated from rules.def.
#   sources-check.sh RLINT SRCDIR GENERATED_RULES_MD MAN_PAGE
# Checked: --explain of every rule, --list-rules, the man page, SARIF (driver.informationUri,
# every rule's helpUri pointing at an anchor of docs/rules.md), README.md and docs/. It fails on
# any reference to the internal fact sheet ("facts §", "fact sheet", "Appendix", a bare "§").
# Comments in testdata/ and tests/data/ may cite it: nobody reads them in a report.
set -u
rlint=$1 src=$2 gen=$3 man=$4
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0

if ! cmp -s "$gen" "$src/docs/rules.md"; then
    echo "FAIL docs/rules.md differs from the one generated from rules.def:"
    diff -u "$src/docs/rules.md" "$gen" | head -40
    echo "(cp $gen $src/docs/rules.md)"
    fail=1
fi

"$rlint" --list-rules > "$tmp/list" || { echo "FAIL --list-rules exits $?"; exit 1; }
: > "$tmp/explain"
for id in $(awk '{print $1}' "$tmp/list"); do
    "$rlint" --explain "$id" >> "$tmp/explain" || { echo "FAIL --explain $id"; fail=1; }
done
grep -q 'Sources:' "$tmp/explain" || { echo "FAIL --explain prints no Sources:"; fail=1; }
# every golden input in one run: the rule descriptors of every rule that fires
"$rlint" -o sarif "$src/testdata" > "$tmp/sarif" 2>/dev/null

for f in "$tmp/list" "$tmp/explain" "$tmp/sarif" "$man" "$src/README.md" "$src"/docs/*; do
    if grep -n -i -E 'facts §|fact sheet|fact-sheet|appendix|§' "$f" > "$tmp/hits"; then
        echo "FAIL $f cites an internal document:"
        head -5 "$tmp/hits"
        fail=1
    fi
done

python3 - "$tmp/sarif" "$src/docs/rules.md" <<'PY' || fail=1
import json, re, sys
doc = json.load(open(sys.argv[1]))
anchors = set(re.findall(r'<a id="([a-z0-9]+)"></a>', open(sys.argv[2]).read()))
driver = doc["runs"][0]["tool"]["driver"]
bad = []
if not driver.get("informationUri", "").startswith("https://"):
    bad.append("driver.informationUri missing or not https")
if not driver.get("rules"):
    bad.append("no rule descriptors: the run fired nothing")
for r in driver.get("rules", []):
    uri = r.get("helpUri", "")
    want = "/docs/rules.md#" + r["id"].lower()
    if not uri.startswith(driver.get("informationUri", "-") + "/") or not uri.endswith(want):
        bad.append("%s: helpUri %r does not end in %s" % (r["id"], uri, want))
    elif r["id"].lower() not in anchors:
        bad.append("%s: docs/rules.md has no anchor %s" % (r["id"], r["id"].lower()))
for b in bad:
    print("FAIL sarif: " + b)
sys.exit(1 if bad else 0)
PY
[ $fail = 0 ] && echo "PASS sources: $(wc -l < "$tmp/list") rules"
exit $fail
