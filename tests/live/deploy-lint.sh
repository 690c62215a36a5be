#!/bin/sh
# deploy-lint.sh CLI SOURCE-ROOT - the manifests in deploy/ (ServiceAccount, Role, RoleBinding,
# Job, CronJob) lint clean with the tool itself: `3scale-redis-lint --allow-empty deploy/`
# exits 0 with no finding. Exit 0 pass, 1 fail.
set -u
bin=$1 src=$2
out=$("$bin" --allow-empty -o json "$src/deploy/")
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "FAIL: 3scale-redis-lint --allow-empty deploy/ exited $rc"
    printf '%s\n' "$out"
    exit 1
fi
if command -v python3 >/dev/null 2>&1; then
    n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
    if [ "$n" -ne 0 ]; then
        echo "FAIL: $n findings on deploy/"
        printf '%s\n' "$out"
        exit 1
    fi
fi
"$bin" --strict --allow-empty "$src/deploy/" || { echo "FAIL: --strict"; exit 1; }
echo PASS
