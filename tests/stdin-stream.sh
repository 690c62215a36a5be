#!/bin/sh
# stdin-stream.sh CLI - what `kustomize build DIR | 3scale-redis-lint -` and
# `helm template ... | 3scale-redis-lint -` give the tool: one multi-document YAML stream on
# stdin, with the renderers' own shapes (helm's "# Source:" comments and empty documents,
# kustomize's name-suffixed generated Secrets, objects of other kinds). Every document of the
# stream is read, findings name the file "-", and the exit status is the one of the findings.
# Exit 0 pass, 1 fail, 99 bad invocation.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 CLI" >&2
    exit 99
fi
cli=$1
[ -x "$cli" ] || { echo "FAIL: $cli is not built"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rlint-stdin.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failed=0

# check NAME WANT-STATUS FRAGMENT...: the last run's status and output ($tmp/out)
check() {
    _name=$1
    _want=$2
    shift 2
    if [ "$status" -ne "$_want" ]; then
        echo "FAIL $_name: exit $status, want $_want"
        sed 's/^/    /' "$tmp/out"
        failed=1
        return
    fi
    for _f in "$@"; do
        if ! grep -qF -- "$_f" "$tmp/out"; then
            echo "FAIL $_name: output lacks: $_f"
            sed 's/^/    /' "$tmp/out"
            failed=1
            return
        fi
    done
    echo "PASS $_name"
}

# helm template: "---" then "# Source:" before each document, an empty document, a ConfigMap
helm_stream() {
    cat <<'YAML'
---
# Source: threescale-redis/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: redis-notes
data:
  note: "not a Secret"
---
# Source: threescale-redis/templates/empty.yaml
---
# Source: threescale-redis/templates/backend-redis.yaml
apiVersion: v1
kind: Secret
metadata:
  name: backend-redis
type: Opaque
stringData:
  REDIS_STORAGE_URL: "redis://backend-redis:6379/0"
  REDIS_STORAGE_SENTINEL_HOSTS: ""
  REDIS_STORAGE_SENTINEL_ROLE: ""
  REDIS_QUEUES_URL: "redis://backend-redis:6379/1"
  REDIS_QUEUES_SENTINEL_HOSTS: ""
  REDIS_QUEUES_SENTINEL_ROLE: ""
---
# Source: threescale-redis/templates/system-redis.yaml
apiVersion: v1
kind: Secret
metadata:
  name: system-redis
type: Opaque
stringData:
  URL: "redis://system-redis:6379/1"
  SENTINEL_HOSTS: ""
  SENTINEL_ROLE: "master"
YAML
}

# the whole stream is read: the finding is in the last document, the summary counts both Secrets
helm_stream | "$cli" --color=never - >"$tmp/out" 2>&1
status=$?
check helm-template 1 "-:35:18:" "[RLINT062]" "2 objects checked"

helm_stream | "$cli" -o json - >"$tmp/out" 2>&1
status=$?
check helm-template-json 1 '"file": "-"' '"rule": "RLINT062"'

# kustomize build: documents without "---" before the first, generated Secrets with the name
# suffix, a Deployment that references the suffixed name (kustomize rewrites references)
cat >"$tmp/kustomize.yaml" <<'YAML'
apiVersion: v1
data:
  REDIS_QUEUES_SENTINEL_HOSTS: ""
  REDIS_QUEUES_SENTINEL_ROLE: ""
  REDIS_QUEUES_URL: cmVkaXM6Ly9iYWNrZW5kLXJlZGlzOjYzNzkvMQ==
  REDIS_STORAGE_SENTINEL_HOSTS: ""
  REDIS_STORAGE_SENTINEL_ROLE: ""
  REDIS_STORAGE_URL: cmVkaXM6Ly9iYWNrZW5kLXJlZGlzOjYzNzkvMA==
kind: Secret
metadata:
  name: backend-redis-5tb2m8c6k9
  namespace: 3scale
type: Opaque
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-probe
  namespace: 3scale
spec:
  template:
    spec:
      containers:
      - env:
        - name: STORAGE_URL
          valueFrom:
            secretKeyRef:
              key: REDIS_STORAGE_URL
              name: backend-redis-5tb2m8c6k9
        image: registry.example/probe:1
        name: probe
YAML
"$cli" --color=never - <"$tmp/kustomize.yaml" >"$tmp/out" 2>&1
status=$?
check kustomize-build 1 "-:11:9:" "[RLINT018]" "disableNameSuffixHash: true"

# with disableNameSuffixHash the same stream is clean but for the missing system-redis
sed 's/backend-redis-5tb2m8c6k9/backend-redis/' "$tmp/kustomize.yaml" |
    "$cli" --color=never - >"$tmp/out" 2>&1
status=$?
check kustomize-build-no-suffix 0 "[RLINT014]" "0 errors, 0 warnings"

exit $failed
