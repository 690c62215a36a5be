#!/bin/sh
# probe.sh CLI SOURCE-ROOT - --live --probe: the Secrets come from the cluster API (the
# stand-in), the Redis server they name is real (redis-server on 127.0.0.1, a free port).
#
#   correct password  -> exit 0, summary.probe says every target was reached
#   wrong password    -> exit 1, RLINT101 at cluster/test/demo/Secret/..., no line or column
# No password ever reaches stdout or stderr. The server is stopped by its PID at the end, also
# on failure. Exit 0 pass, 1 fail, 77 skip (no redis-server, or no --probe in this build).
set -u
. "$2/tests/live/lib.sh"
live_init "$1" "$2"
if "$LIVE_RLINT" --probe --allow-empty /dev/null 2>&1 | grep -q "no --probe support"; then
    echo "SKIP: $LIVE_RLINT was built without --probe"
    exit 77
fi
command -v redis-server >/dev/null 2>&1 || { echo "SKIP: redis-server not found"; exit 77; }
live_standard
T=$LIVE_TMP
PW=probe-live-pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
WRONG=wrong-$PW

REDIS_PID=
trap '[ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null; live_cleanup' EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$T/redis"
redis-server --port "$PORT" --bind 127.0.0.1 --requirepass "$PW" --save '' --appendonly no \
    --dir "$T/redis" >"$T/redis.log" 2>&1 &
REDIS_PID=$!
# readiness, with a hang guard
python3 - "$PORT" <<'PYEOF' || { live_fail "redis-server did not start"; cat "$T/redis.log"; live_finish; }
import socket, sys, time
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PYEOF

secrets() {
    cat >"$T/secrets.yaml" <<EOS
apiVersion: v1
kind: Secret
metadata: {name: backend-redis, namespace: demo}
stringData:
  REDIS_STORAGE_URL: redis://127.0.0.1:$PORT/0
  REDIS_STORAGE_SENTINEL_HOSTS: ''
  REDIS_STORAGE_SENTINEL_ROLE: ''
  REDIS_STORAGE_PASSWORD: '$1'
  REDIS_QUEUES_URL: redis://127.0.0.1:$PORT/1
  REDIS_QUEUES_SENTINEL_HOSTS: ''
  REDIS_QUEUES_SENTINEL_ROLE: ''
  REDIS_QUEUES_PASSWORD: '$PW'
---
apiVersion: v1
kind: Secret
metadata: {name: system-redis, namespace: demo}
stringData:
  URL: redis://127.0.0.1:$PORT/2
  SENTINEL_HOSTS: ''
  SENTINEL_ROLE: ''
  REDIS_PASSWORD: '$PW'
EOS
    live_objects "$T/objects.json" demo "$T/secrets.yaml" "$T/apimanager.json"
}

no_password_in() {
    if grep -qF -- "$PW" "$T/$1.out" "$T/$1.err"; then
        live_fail "$1: a password is in the output"
    fi
}

# check NAME EXPECTED-PROBE-FINDINGS: the probe rules' findings (rule key file line), sorted,
# and every target in summary.probe reached or not as they say
check() {
    python3 - "$T/$1.out" "$2" <<'PYEOF' || { live_fail "$1: findings or summary"; live_show "$1"; }
import json, sys
doc = json.load(open(sys.argv[1]))
got = sorted("%s %s %s %s" % (f["rule"], f["key"], f["file"], f["line"])
             for f in doc["findings"] if f["rule"] >= "RLINT100")
want = sorted(l for l in sys.argv[2].split(";") if l)
ok = got == want
if not ok:
    print("probe findings %s, expected %s" % (got, want))
probes = doc["summary"].get("probe")
if not probes or len(probes) != 3:
    print("summary.probe: %s" % probes)
    ok = False
sys.exit(0 if ok else 1)
PYEOF
}

secrets "$PW"
live_start --objects "$T/objects.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k" --token "$LIVE_SA_TOKEN"
live_run clean --kubeconfig "$T/k" --live --probe -o json
live_expect_rc clean 0 && check clean ""
no_password_in clean

secrets "$WRONG"
live_start --objects "$T/objects.json" --tokens "$LIVE_TOKENS" $LIVE_RBAC
live_kubeconfig "$T/k" --token "$LIVE_SA_TOKEN"
live_run wrong --kubeconfig "$T/k" --live --probe -o json
live_expect_rc wrong 1 &&
    check wrong "RLINT101 REDIS_STORAGE_URL cluster/test/demo/Secret/backend-redis None"
live_run wrong-text --kubeconfig "$T/k" --live --probe
no_password_in wrong
no_password_in wrong-text
if grep -qF -- "$WRONG" "$T/wrong.out" "$T/wrong.err" "$T/wrong-text.out" "$T/wrong-text.err"; then
    live_fail "wrong: the wrong password is in the output"
fi
live_finish
