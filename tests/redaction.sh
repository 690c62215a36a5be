#!/bin/sh
# redaction.sh - Secret values never reach the output.
#
#   RLINT=/path/to/3scale-redis-lint tests/redaction.sh
#
# Builds backend-redis and system-redis Secrets (3scale 2.16) in a temporary directory where
# every value holds a distinct canary string, most of them broken on purpose so that findings
# fire on them (stringData and base64 data:, plain text under data:, whitespace, bad roles,
# raw @ and + in passwords, bad sentinel lists, ACL and TLS keys, unknown, duplicate and
# deprecated keys, a template placeholder resolved by --param). It runs the CLI in several
# output modes and versions and fails if a canary, or the base64 form of a data: value, shows
# up on stdout or stderr. It also requires that findings were reported, so that a tool that
# reports nothing cannot pass.
# Exit status: 0 pass, 1 fail, 77 skip (RLINT unset), 99 bad environment.
# KEEP_TMP=1 keeps the temporary directory for debugging.

if [ -z "${RLINT:-}" ]; then
    echo "RLINT is not set: skipping" >&2
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 not found" >&2; exit 99; }

tmp=$(mktemp -d) || exit 99
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

python3 - "$RLINT" "$tmp" <<'PYEOF'
import base64
import json
import os
import subprocess
import sys

rlint, tmp = os.path.abspath(sys.argv[1]), sys.argv[2]
canaries = []


def c(tag):
    """A distinct canary; all share the prefix CANARY so that a partial leak is caught too."""
    s = "CANARY%s%02d" % (tag, len(canaries) + 1)
    canaries.append(s)
    return s


def b64(s):
    return base64.b64encode(s.encode()).decode()


b64_values = []


def data_value(s):
    v = b64(s)
    b64_values.append(v)
    return v


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# --- backend-redis: stringData ----------------------------------------------------------------
backend_string = [
    # raw @ in the password, user, host, db path that is not a number
    ("REDIS_STORAGE_URL", "redis://%s:%s@ss@%s:6379/%s" % (c("user"), c("pw"), c("host"), c("db"))),
    # space after a comma, an empty entry, a port out of range, credentials in the list
    ("REDIS_STORAGE_SENTINEL_HOSTS", "redis://:%s@%s:26379, %s:26379,,%s:99999"
     % (c("spw"), c("s"), c("s"), c("s"))),
    ("REDIS_STORAGE_SENTINEL_ROLE", "Master" + c("role")),
    ("REDIS_STORAGE_USERNAME", c("aclu")),
    ("REDIS_STORAGE_PASSWORD", c("aclp")),
    ("REDIS_STORAGE_SENTINEL_USERNAME", c("aclsu")),
    ("REDIS_STORAGE_SENTINEL_PASSWORD", c("aclsp")),
    # a typo of a key, with a value
    ("REDIS_STORAGE_SENTINAL_HOSTS", c("typo") + ":26379"),
    # a key also set under data:
    ("REDIS_QUEUES_USERNAME", c("both")),
    # TLS material that is not PEM
    ("REDIS_SSL_CA", "not a certificate " + c("ca")),
    ("REDIS_SSL_CERT", "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % c("crt")),
    ("REDIS_SSL_KEY", " " + c("key") + " "),
]
# --- backend-redis: data: (base64, and some plain text by mistake) ------------------------------
backend_data = [
    # a trailing newline (echo | base64), no scheme
    ("REDIS_QUEUES_URL", data_value("%s:6379/1\n" % c("qhost"))),
    # ; as separator, backslash escape, percent-encoded sentinel password
    ("REDIS_QUEUES_SENTINEL_HOSTS", data_value("redis://:%s%%40x@%s:26379;%s\\,x:26379"
                                               % (c("qspw"), c("qs"), c("qs")))),
    ("REDIS_QUEUES_SENTINEL_ROLE", data_value("replica" + c("qrole"))),
    ("REDIS_QUEUES_PASSWORD", data_value(c("qp") + "\n")),
    ("REDIS_QUEUES_SENTINEL_USERNAME", data_value(" " + c("qsu"))),
    # plain text under data: (invalid base64)
    ("REDIS_QUEUES_SENTINEL_PASSWORD", "plain:" + c("plain") + "@x"),
    ("REDIS_QUEUES_USERNAME", data_value(c("both"))),
    ("REDIS_SSL_QUEUES_CA", data_value("garbage " + c("qca"))),
    ("REDIS_SSL_QUEUES_CERT", "not base64 " + c("qcrt") + "!"),
    ("REDIS_SSL_QUEUES_KEY", data_value(c("qkey"))),
]
# --- system-redis ------------------------------------------------------------------------------
system_string = [
    # + in the password, leading-zero db
    ("URL", "redis://%s:%s+x@%s:6379/0%s" % (c("suser"), c("spw"), c("shost"), "10")),
    ("URL", "redis://:%s@%s:6379/1" % (c("dup"), c("duphost"))),      # the same key twice
    ("SENTINEL_HOSTS", "%s:26379,%s:26379,%s:abc" % (c("ss"), c("ss"), c("ss"))),
    ("SENTINEL_ROLE", "master " + c("srole")),
    ("NAMESPACE", c("ns")),                                        # deprecated in 2.16
    ("REDIS_USERNAME", c("sacl")),
    ("REDIS_PASSWORD", c("saclp")),
    ("REDIS_SSL_KEY", "-----BEGIN PRIVATE KEY-----\n%s\n" % c("skey")),
]
system_data = [
    ("REDIS_SENTINEL_USERNAME", data_value(c("ssu") + "\n")),
    ("REDIS_SENTINEL_PASSWORD", "plain " + c("sspw")),
    ("REDIS_SSL_CA", data_value(c("sca"))),
    ("REDIS_SSL_CERT", data_value(c("scrt"))),
]


def secret(name, string_data, data):
    out = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: " + name,
           "  namespace: redaction", "type: Opaque", "stringData:"]
    out += ["  %s: %s" % (k, q(v)) for k, v in string_data]
    out.append("data:")
    out += ["  %s: %s" % (k, q(v)) for k, v in data]
    return "\n".join(out) + "\n"


apimanager = """apiVersion: apps.3scale.net/v1alpha1
kind: APIManager
metadata:
  name: apimanager
  namespace: redaction
spec:
  wildcardDomain: example.com
  externalComponents:
    backend:
      redis: true
    system:
      database: true
      redis: true
  backend:
    backendRedisTLSEnabled: true
    queuesRedisTLSEnabled: true
  system:
    systemRedisTLSEnabled: true
"""

with open(os.path.join(tmp, "secrets.yaml"), "w") as f:
    f.write(secret("backend-redis", backend_string, backend_data))
    f.write("---\n")
    f.write(secret("system-redis", system_string, system_data))
    f.write("---\n")
    f.write(apimanager)

# A template whose placeholders --param resolves to canary values (also a broken one).
param_url, param_hosts, param_role = (
    "redis://:%s@%s:6379/" % (c("ppw"), c("phost")),
    "%s:26379, %s:26379" % (c("ps"), c("ps")),
    "Slave" + c("prole"))
canaries_param = ["SYSTEM_REDIS_URL=" + param_url, "SYSTEM_REDIS_SENTINEL_HOSTS=" + param_hosts,
                  "SYSTEM_REDIS_SENTINEL_ROLE=" + param_role]
with open(os.path.join(tmp, "template.yaml"), "w") as f:
    f.write("""apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: redaction
objects:
- apiVersion: v1
  kind: Secret
  metadata:
    name: system-redis
  stringData:
    URL: ${SYSTEM_REDIS_URL}
    SENTINEL_HOSTS: ${SYSTEM_REDIS_SENTINEL_HOSTS}
    SENTINEL_ROLE: ${SYSTEM_REDIS_SENTINEL_ROLE}
    NAMESPACE: "%s"
parameters:
- name: SYSTEM_REDIS_URL
  required: true
- name: SYSTEM_REDIS_SENTINEL_HOSTS
- name: SYSTEM_REDIS_SENTINEL_ROLE
""" % c("tns"))

# GitOps shapes: a SOPS-encrypted backend-redis (ENC[...] values, and values left in clear by
# encrypted_regex, broken), a SealedSecret system-redis, an ExternalSecret, and a
# kustomize-suffixed Secret checked as backend-redis; each value a canary.
with open(os.path.join(tmp, "gitops.yaml"), "w") as f:
    f.write("""apiVersion: v1
kind: Secret
metadata:
  name: backend-redis
  namespace: gitops
stringData:
  REDIS_STORAGE_URL: ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]
  REDIS_STORAGE_SENTINEL_HOSTS: "%s:26379, %s:26379"
  REDIS_STORAGE_SENTINEL_ROLE: "Slave%s"
  REDIS_QUEUES_URL: "redis//:%s@%s:6379/01"
sops:
  mac: ENC[AES256_GCM,data:%s,iv:x,tag:y,type:str]
  encrypted_regex: ^REDIS_STORAGE_URL$
  version: 3.9.0
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: system-redis
  namespace: gitops
spec:
  encryptedData:
    URL: %s
    SENTINEL_HOSTS: %s
  template:
    metadata:
      name: system-redis
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: backend-redis
  namespace: external
spec:
  data:
    - secretKey: REDIS_STORAGE_URL
      remoteRef: {key: "%s", property: "%s"}
---
apiVersion: v1
kind: Secret
metadata:
  name: backend-redis-5tb2m8c6k9
  namespace: kustomize
stringData:
  REDIS_STORAGE_URL: "redis://:%s@%s:6379/99"
  REDIS_QUEUES_URL: " %s "
""" % (c("sopsd"), c("sopsiv"), c("sopstag"), c("sopsh"), c("sopsh"), c("sopsrole"),
       c("sopspw"), c("sopshost"), c("sopsmac"), c("seal"), c("seal"), c("esk"), c("esp"),
       c("kpw"), c("khost"), c("kq")))

for s in canaries:
    assert s.startswith("CANARY")
params = []
for p in canaries_param:
    params += ["-p", p]

runs = [
    ("json", ["-o", "json", "secrets.yaml"], None),
    ("text", ["--color=never", "secrets.yaml"], None),
    ("color", ["--color=always", "secrets.yaml"], None),
    ("quiet", ["-q", "--color=never", "secrets.yaml"], None),
    ("2.14", ["--3scale-version", "2.14", "--color=never", "secrets.yaml"], None),
    ("2.14-json", ["--3scale-version", "2.14", "-o", "json", "secrets.yaml"], None),
    ("2.12-json", ["--3scale-version", "2.12", "-o", "json", "secrets.yaml"], None),
    ("strict-info", ["--fail-on", "info", "--color=always", "secrets.yaml"], None),
    ("stdin", ["--color=never", "-"], "secrets.yaml"),
    ("stdin-json", ["-o", "json", "-"], "secrets.yaml"),
    ("dir", ["--color=never", "."], None),
    ("param", ["--color=always"] + params + ["template.yaml", "secrets.yaml"], None),
    ("param-json", ["-o", "json"] + params + ["template.yaml"], None),
    ("limit", ["--max-findings", "3", "--color=never", "secrets.yaml"], None),
    ("sarif", ["-o", "sarif", "secrets.yaml"], None),
    ("junit", ["-o", "junit", "secrets.yaml"], None),
    ("github", ["-o", "github", "secrets.yaml"], None),
    ("explain", ["--explain", "RLINT040"], None),
    ("gitops", ["--color=never", "gitops.yaml"], None),
    ("gitops-json", ["-o", "json", "gitops.yaml"], None),
    ("gitops-stdin-sarif", ["-o", "sarif", "-"], "gitops.yaml"),
]

failed = False
counts = {}
for name, argv, stdin_file in runs:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    stdin = open(os.path.join(tmp, stdin_file), "rb") if stdin_file else subprocess.DEVNULL
    p = subprocess.run([rlint] + argv, cwd=tmp, stdin=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=120)
    if stdin_file:
        stdin.close()
    both = p.stdout + b"\n" + p.stderr
    text = both.decode("utf-8", "replace")
    if p.returncode not in (0, 1, 3):
        print("%s: unexpected exit status %d\n%s" % (name, p.returncode, text[-2000:]))
        failed = True
    leaks = sorted({s for s in canaries if s in text})
    if "CANARY" in text.upper() and not leaks:
        leaks = ["CANARY (partial)"]
    leaks += sorted({v for v in b64_values if len(v) >= 8 and v in text})
    for p_arg in canaries_param:
        if p_arg in text or p_arg.split("=", 1)[1] in text:
            leaks.append("--param value")
    if leaks:
        failed = True
        print("%s: secret values leaked: %s" % (name, ", ".join(leaks)))
        for line in text.splitlines():
            if "CANARY" in line.upper() or any(v in line for v in b64_values if len(v) >= 8):
                print("    | " + line[:200])
    if "-o" in argv and argv[argv.index("-o") + 1] != "json":
        if p.returncode != 1 or len(p.stdout) < 200:
            print("%s: expected a report with findings (exit 1), got %d" % (name, p.returncode))
            failed = True
    elif argv[0] == "-o" or "-o" in argv:
        try:
            doc = json.loads(p.stdout.decode("utf-8"))
            counts[name] = len(doc["findings"])
        except (ValueError, KeyError, TypeError) as e:
            print("%s: -o json output is not a report: %s" % (name, e))
            failed = True
    elif name in ("text", "color", "quiet") and p.returncode != 1:
        print("%s: expected exit status 1 (errors present), got %d" % (name, p.returncode))
        failed = True

# The test must be able to fail for the right reason: findings were reported on these values.
if counts.get("json", 0) < 10:
    print("json: only %d findings on Secrets full of mistakes (expected at least 10)"
          % counts.get("json", 0))
    failed = True
if counts.get("param-json", 0) < 1:
    print("param-json: no finding on the template with resolved broken parameters")
    failed = True

if failed:
    sys.exit(1)
print("no canary in %d runs (%d canaries; findings: %s)"
      % (len(runs), len(canaries), ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))
PYEOF
