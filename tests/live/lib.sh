# lib.sh - helpers for the --live tests (POSIX sh; sourced, not run).
#
#   . "$2/tests/live/lib.sh"
#   live_init "$1" "$2"           # CLI path, source root; skips (77) without python3, openssl
#                                 # or a CLI built with --live; makes $LIVE_TMP, traps EXIT
#   live_pki                      # CA, server cert (127.0.0.1/localhost), $LIVE_TMP/pki/*
#   live_client_cert NAME CN [GROUP...]   # $LIVE_TMP/pki/NAME.crt/.key signed by the CA
#   live_objects OUT NS FILE...   # manifests (YAML or JSON) -> the stand-in's objects JSON
#   live_start [serve options]    # starts kube-standin.py (HTTPS, the server cert, client
#                                 # certs checked against the CA, --log $LIVE_LOG); sets
#                                 # LIVE_PID, LIVE_PORT, LIVE_SERVER
#   live_stop                     # SIGTERM and wait (also run by the EXIT trap)
#   live_kubeconfig OUT [--server URL] [--context NAME] [--namespace NS] [--cluster-name N]
#                   [--ca FILE | --ca-data FILE | --insecure] [--token T | --token-file F |
#                   --cert F --key F | --cert-data F --key-data F | --exec SCRIPT
#                   [--exec-api v1|v1beta1]]
#   live_exec_plugin OUT TOKEN [API]  # a credential plugin printing an ExecCredential
#   live_run NAME ARGS...         # runs the CLI; stdout/stderr/status in $LIVE_TMP/NAME.*
#   live_standard                 # live_pki + the usual identities ($LIVE_*_TOKEN) and the
#                                 # correct 2.16 install with an APIManager ($LIVE_OBJECTS)
#   live_fail MESSAGE             # prints FAIL: MESSAGE and records the failure
#   live_finish                   # exit 1 if anything failed, else 0
#
# KEEP_TMP=1 keeps $LIVE_TMP (certificates, kubeconfigs, logs, outputs) for debugging.

LIVE_FAILED=0
LIVE_PID=

live_init() {
    LIVE_RLINT=$1
    LIVE_SRC=$2
    if [ -z "$LIVE_RLINT" ] || [ -z "$LIVE_SRC" ]; then
        echo "usage: $0 CLI SOURCE-ROOT" >&2
        exit 99
    fi
    LIVE_STANDIN=$LIVE_SRC/tests/live/kube-standin.py
    command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
    command -v openssl >/dev/null 2>&1 || { echo "SKIP: openssl not found"; exit 77; }
    if [ "${LIVE_NEED_CLI:-1}" -ne 0 ]; then
        [ -x "$LIVE_RLINT" ] || { echo "SKIP: $LIVE_RLINT is not built"; exit 77; }
        if ! "$LIVE_RLINT" --help 2>&1 | grep -q -- '--live'; then
            echo "SKIP: $LIVE_RLINT was built without live support"
            exit 77
        fi
    fi
    LIVE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rlint-live.XXXXXX") || exit 99
    LIVE_LOG=$LIVE_TMP/requests.log
    trap 'live_cleanup' EXIT
    trap 'exit 1' HUP INT TERM
    # the CLI must not find the developer's kubeconfig, nor an in-cluster service account
    HOME=$LIVE_TMP/home
    mkdir -p "$HOME"
    export HOME
    unset KUBECONFIG KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT
    unset HTTPS_PROXY https_proxy HTTP_PROXY http_proxy ALL_PROXY all_proxy
    NO_PROXY=127.0.0.1,localhost
    no_proxy=$NO_PROXY
    export NO_PROXY no_proxy
}

live_cleanup() {
    live_stop
    if [ -n "${KEEP_TMP:-}" ]; then
        echo "kept $LIVE_TMP" >&2
    else
        rm -rf "$LIVE_TMP"
    fi
}

live_fail() {
    echo "FAIL: $*"
    LIVE_FAILED=1
}

live_finish() {
    if [ "$LIVE_FAILED" -ne 0 ]; then
        exit 1
    fi
    echo "PASS"
    exit 0
}

# ---- certificates --------------------------------------------------------------------------

_live_openssl() {
    openssl "$@" >>"$LIVE_TMP/pki/openssl.log" 2>&1 || {
        echo "openssl $1 failed:" >&2
        cat "$LIVE_TMP/pki/openssl.log" >&2
        exit 99
    }
}

# _live_sign DIR NAME SUBJ EXTFILE: a P-256 key and a certificate signed by DIR/ca
_live_sign() {
    _live_openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1/$2.key" -out "$1/$2.csr" -subj "$3"
    _live_openssl x509 -req -in "$1/$2.csr" -CA "$1/ca.crt" -CAkey "$1/ca.key" \
        -CAcreateserial -out "$1/$2.crt" -days 2 -extfile "$4"
    rm -f "$1/$2.csr"
}

# live_make_ca DIR: a CA in DIR/ca.crt, DIR/ca.key
live_make_ca() {
    mkdir -p "$1" "$LIVE_TMP/pki"
    _live_openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1/ca.key" -out "$1/ca.crt" -days 2 -subj "/CN=rlint-test-ca-$$" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

live_pki() {
    LIVE_PKI=$LIVE_TMP/pki
    live_make_ca "$LIVE_PKI"
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" >"$LIVE_PKI/server.ext"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=clientAuth" >"$LIVE_PKI/client.ext"
    _live_sign "$LIVE_PKI" server "/CN=kube-standin" "$LIVE_PKI/server.ext"
}

# live_client_cert NAME CN [GROUP...]: user CN, groups as O= (like the API server reads them)
live_client_cert() {
    _n=$1
    _subj="/CN=$2"
    shift 2
    for _g in "$@"; do
        _subj="$_subj/O=$_g"
    done
    _live_sign "$LIVE_PKI" "$_n" "$_subj" "$LIVE_PKI/client.ext"
}

# ---- the stand-in --------------------------------------------------------------------------

live_objects() {
    _out=$1
    _ns=$2
    shift 2
    python3 "$LIVE_STANDIN" convert --namespace "$_ns" "$@" >"$_out" || {
        echo "cannot convert $* to objects" >&2
        exit 99
    }
}

# live_start ARGS...: the stand-in with ARGS, its certificate $LIVE_PKI/server.crt (or
# $LIVE_PKI/$LIVE_SERVER_CERT.crt)
live_start() {
    live_stop
    rm -f "$LIVE_TMP/port"
    : >"$LIVE_LOG"
    python3 "$LIVE_STANDIN" serve --port-file "$LIVE_TMP/port" \
        --cert "$LIVE_PKI/${LIVE_SERVER_CERT:-server}.crt" \
        --key "$LIVE_PKI/${LIVE_SERVER_CERT:-server}.key" --client-ca "$LIVE_PKI/ca.crt" --log "$LIVE_LOG" \
        "$@" 2>"$LIVE_TMP/standin.err" &
    LIVE_PID=$!
    _i=0
    while [ ! -s "$LIVE_TMP/port" ]; do
        if ! kill -0 "$LIVE_PID" 2>/dev/null; then
            echo "the stand-in did not start:" >&2
            cat "$LIVE_TMP/standin.err" >&2
            LIVE_PID=
            exit 99
        fi
        # a hang guard, not a speed limit: python3 loading a 17 MiB objects file on a busy
        # machine takes seconds
        _i=$((_i + 1))
        if [ "$_i" -gt 1200 ]; then
            echo "the stand-in did not write its port in 120 s" >&2
            exit 99
        fi
        sleep 0.1
    done
    LIVE_PORT=$(cat "$LIVE_TMP/port")
    LIVE_SERVER=https://127.0.0.1:$LIVE_PORT
}

# TERM, then KILL if the stand-in is still there after 30 s (a hang guard: a stand-in stuck in
# its shutdown must fail nothing and block nothing, and is named on stderr)
live_stop() {
    if [ -n "$LIVE_PID" ]; then
        kill -TERM "$LIVE_PID" 2>/dev/null
        _i=0
        while kill -0 "$LIVE_PID" 2>/dev/null; do
            _i=$((_i + 1))
            if [ "$_i" -gt 300 ]; then
                echo "the stand-in (pid $LIVE_PID) did not stop on TERM in 30 s: killed" >&2
                kill -KILL "$LIVE_PID" 2>/dev/null
                break
            fi
            sleep 0.1
        done
        wait "$LIVE_PID" 2>/dev/null
        LIVE_PID=
    fi
}

# ---- kubeconfigs ---------------------------------------------------------------------------

_live_b64() {
    base64 <"$1" | tr -d '\n'
}

# live_exec_plugin FILE TOKEN [API [EXPIRATION]]: EXPIRATION defaults to 2099
live_exec_plugin() {
    _api=${3:-v1}
    _exp=${4:-2099-01-01T00:00:00Z}
    cat >"$1" <<EOF
#!/bin/sh
# an exec credential plugin for the tests: prints an ExecCredential with a bearer token
cat <<'JSON'
{"apiVersion": "client.authentication.k8s.io/$_api", "kind": "ExecCredential",
 "status": {"token": "$2", "expirationTimestamp": "$_exp"}}
JSON
EOF
    chmod +x "$1"
}

live_kubeconfig() {
    _out=$1
    shift
    _server=$LIVE_SERVER _ctx=test _ns=demo _cluster=standin
    _tls="    certificate-authority: $LIVE_PKI/ca.crt"
    _user="    {}"
    _execapi=v1
    _exec=
    while [ $# -gt 0 ]; do
        case $1 in
        --server) _server=$2; shift ;;
        --context) _ctx=$2; shift ;;
        --namespace) _ns=$2; shift ;;
        --cluster-name) _cluster=$2; shift ;;
        --ca) _tls="    certificate-authority: $2"; shift ;;
        --ca-data) _tls="    certificate-authority-data: $(_live_b64 "$2")"; shift ;;
        --insecure) _tls="    insecure-skip-tls-verify: true" ;;
        --tls-server-name) _tls="$_tls
    tls-server-name: $2"; shift ;;
        --token) _user="    token: $2"; shift ;;
        --token-file) _user="    tokenFile: $2"; shift ;;
        --cert) _user="    client-certificate: $2"; shift ;;
        --key) _user="$_user
    client-key: $2"; shift ;;
        --cert-data) _user="    client-certificate-data: $(_live_b64 "$2")"; shift ;;
        --key-data) _user="$_user
    client-key-data: $(_live_b64 "$2")"; shift ;;
        --exec) _exec=$2; shift ;;
        --exec-api) _execapi=$2; shift ;;
        *) echo "live_kubeconfig: unknown option $1" >&2; exit 99 ;;
        esac
        shift
    done
    if [ -n "$_exec" ]; then
        _user="    exec:
      apiVersion: client.authentication.k8s.io/$_execapi
      command: $_exec
      args: []
      interactiveMode: Never
      provideClusterInfo: false"
    fi
    cat >"$_out" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $_cluster
  cluster:
    server: $_server
$_tls
users:
- name: $_ctx-user
  user:
$_user
contexts:
- name: $_ctx
  context:
    cluster: $_cluster
    user: $_ctx-user
    namespace: $_ns
current-context: $_ctx
preferences: {}
EOF
}

# ---- running the CLI -----------------------------------------------------------------------

# live_run NAME ARGS...: $LIVE_TMP/NAME.out, NAME.err, and $LIVE_RC. timeout(1) is a hang
# guard only: a run takes well under a second, even under ASan on a busy machine.
live_run() {
    _name=$1
    shift
    if command -v timeout >/dev/null 2>&1; then
        timeout 120 "$LIVE_RLINT" "$@" >"$LIVE_TMP/$_name.out" 2>"$LIVE_TMP/$_name.err"
    else
        "$LIVE_RLINT" "$@" >"$LIVE_TMP/$_name.out" 2>"$LIVE_TMP/$_name.err"
    fi
    LIVE_RC=$?
    echo "$_name: exit $LIVE_RC"
}

# live_show NAME: prints the outputs of a run (for failure messages)
live_show() {
    echo "--- $1 stdout"
    head -c 4000 "$LIVE_TMP/$1.out"
    echo "--- $1 stderr"
    head -c 4000 "$LIVE_TMP/$1.err"
    echo "---"
}

# live_expect_rc NAME RC: checks $LIVE_RC
live_expect_rc() {
    if [ "$LIVE_RC" -ne "$2" ]; then
        live_fail "$1: exit $LIVE_RC, expected $2"
        live_show "$1"
        return 1
    fi
    return 0
}

# live_findings JSON-FILE [FILE-PREFIX-TO-STRIP]: the sorted (rule, severity, key, object)
# multiset of a -o json output, one finding a line
live_findings() {
    python3 - "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
rows = []
for f in d["findings"]:
    o = f.get("object") or {}
    rows.append("%s %s key=%s object=%s/%s/%s" % (
        f["rule"], f["severity"], f.get("key"), o.get("kind"), o.get("namespace"),
        o.get("name")))
for r in sorted(rows):
    print(r)
PYEOF
}

# ---- the usual set-up ----------------------------------------------------------------------

# Identities (tokens are per run, so that a leak cannot match an old output):
#   LIVE_SA_TOKEN      system:serviceaccount:demo:3scale-redis-lint (bound by deploy/rolebinding.yaml)
#   LIVE_ADMIN_TOKEN   admin, group system:masters
#   LIVE_NOBODY_TOKEN  nobody, no binding
#   LIVE_EXEC_TOKEN    exec-user, bound to the Role (handed out by the exec plugin)
#   client certificate $LIVE_PKI/reader.{crt,key}: CN=cert-reader O=lint-readers (bound)
live_standard() {
    live_pki
    live_client_cert reader cert-reader lint-readers
    _r=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
    LIVE_SA_TOKEN=sa-$_r
    LIVE_ADMIN_TOKEN=admin-$_r
    LIVE_NOBODY_TOKEN=nobody-$_r
    LIVE_EXEC_TOKEN=exec-$_r
    LIVE_TOKENS=$LIVE_TMP/tokens
    cat >"$LIVE_TOKENS" <<EOF
$LIVE_SA_TOKEN,system:serviceaccount:demo:3scale-redis-lint,system:serviceaccounts|system:serviceaccounts:demo
$LIVE_ADMIN_TOKEN,admin,system:masters
$LIVE_NOBODY_TOKEN,nobody
$LIVE_EXEC_TOKEN,exec-user
bind,exec-user,3scale-redis-lint,demo
bind,group:lint-readers,3scale-redis-lint,demo
EOF
    LIVE_RBAC="--role $LIVE_SRC/deploy/role.yaml --role $LIVE_SRC/deploy/rolebinding.yaml"
    cat >"$LIVE_TMP/apimanager.json" <<'EOF'
{"apiVersion": "apps.3scale.net/v1alpha1", "kind": "APIManager",
 "metadata": {"name": "apimanager", "namespace": "demo",
              "annotations": {"apps.3scale.net/apimanager-threescale-version": "2.16"}},
 "spec": {"wildcardDomain": "apps.example.com",
          "externalComponents": {"backend": {"redis": true}, "system": {"redis": true}}}}
EOF
    LIVE_OBJECTS=$LIVE_TMP/objects.json
    live_objects "$LIVE_OBJECTS" demo "$LIVE_SRC/testdata/workloads/complete-2-16/input.yaml" \
        "$LIVE_TMP/apimanager.json"
}

# live_check_cluster_files NAME CONTEXT: every finding of a -o json run points at
# cluster/CONTEXT/demo/KIND/NAME with null line and column
live_check_cluster_files() {
    python3 - "$LIVE_TMP/$1.out" "$2" <<'PYEOF' || live_fail "$1: findings do not point at cluster/$2/demo/..."
import json, sys
d = json.load(open(sys.argv[1]))
bad = 0
for f in d["findings"]:
    o = f.get("object") or {}
    want = "cluster/%s/demo/%s/%s" % (sys.argv[2], o.get("kind"), o.get("name"))
    if f["file"] != want or f["line"] is not None or f["column"] is not None:
        print("unexpected position:", f["file"], f["line"], f["column"], "want", want)
        bad = 1
sys.exit(bad)
PYEOF
}
