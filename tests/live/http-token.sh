#!/bin/sh
# A bearer token is never sent over plain http unless --allow-http-token is given.
# Usage: http-token.sh CLI SRCROOT
set -u
cli=$1
"$cli" --help 2>&1 | grep -q -- '--live' || { echo "SKIP: built without --live"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
token=CANARY-http-token-5b1f
cat > "$tmp/kubeconfig" <<EOK
apiVersion: v1
kind: Config
clusters:
- name: plain
  cluster: {server: "http://127.0.0.1:9"}
users:
- name: u
  user: {token: "$token"}
contexts:
- name: plain
  context: {cluster: plain, user: u, namespace: demo}
current-context: plain
EOK
status=0
HOME=$tmp "$cli" --live --kubeconfig "$tmp/kubeconfig" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] || { echo "FAIL: expected exit 3, got $rc"; status=1; }
grep -q "refusing to send a bearer token over plain http" "$tmp/err" ||
    { echo "FAIL: no refusal message"; cat "$tmp/err"; status=1; }
# allowed: the request is attempted (port 9 refuses the connection): exit 3, naming the server
HOME=$tmp "$cli" --live --allow-http-token --kubeconfig "$tmp/kubeconfig" >"$tmp/out2" 2>"$tmp/err2"
rc=$?
[ $rc -eq 3 ] || { echo "FAIL: expected exit 3 with --allow-http-token, got $rc"; status=1; }
grep -q "cannot reach the API server http://127.0.0.1:9" "$tmp/err2" ||
    { echo "FAIL: the connection failure does not name the server"; cat "$tmp/err2"; status=1; }
if grep -q "$token" "$tmp/out" "$tmp/err" "$tmp/out2" "$tmp/err2"; then
    echo "FAIL: the token was printed"
    status=1
fi
[ $status -eq 0 ] && echo PASS
exit $status
