#!/usr/bin/env python3
"""probe.py - --probe against real redis-server and redis-sentinel processes.

    probe.py RLINT_BINARY HAVE_PROBE(yes|no) [STUCK_RESOLVER_SO]

Starts, on 127.0.0.1 and free ports, in a mktemp directory: a master with requirepass and
ACL users (one without SELECT), a replica, three Sentinels (quorum 2, requirepass) monitoring
the master as group 'storage', a lone Sentinel monitoring another server under that name
(quorum 2: ckquorum fails), a cluster-enabled server, a server with maxmemory-policy
allkeys-lru, a TLS-only server requiring client certificates (CAs made by openssl at test
time), and a listener that accepts connections and never answers. Then runs the CLI on
Secrets describing them, one case each: the clean set-ups (Sentinels, direct, replica path,
TLS), wrong group, wrong password (server, Sentinels), no sentinel password, one Sentinel
down, all down, no quorum, Sentinels that disagree, role mismatch, db out of range, ACL
without SELECT, cluster mode, eviction policy, no answer, TLS with the wrong CA and the wrong
host name; core dumps off while probing; a hostile server (huge array header, endless bulk
string). It asserts the probe findings exactly (rule, severity, key, components), the exit
status, the JSON probe summary, the other formats against the JSON (formats-check.py), and
that no password nor the client key appears in any output. Every process is stopped by its
PID at the end, also on failure. Exit 0 pass, 1 fail, 77 skip (no redis-server or
redis-sentinel, or a build without --probe).

Before the servers: the binary does not link hiredis, libssl nor libcrypto (readelf -d: --probe
loads them with dlopen()), and when one of them cannot be loaded (a file of its soname that is
not a library, first in LD_LIBRARY_PATH) --probe exits 3 naming it and its Debian package.
RLINT_PROBE_LIBS lists them: "soname=package ..." (tests/meson.build).

Waiting for the Sentinels to know each other and the replica is a readiness check; the only
wall-clock limits are hang guards (60 s for readiness, 120 s per CLI run).
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

MASTER_PW = "mpw-Secret1-x"
APP_PW = "apppw-Secret2-y"
SENTINEL_PW = "spw-Secret3-z"
WRONG_PW = "wrongpw-Secret4-w"
PASSWORDS = [MASTER_PW, APP_PW, SENTINEL_PW, WRONG_PW]

procs = []
failures = []


def free_ports(n):
    """n distinct free ports: all held open until each is known, so none repeats."""
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def start(argv, log):
    p = subprocess.Popen(argv, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    procs.append(p)
    return p


def stop_all():
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def cmd(port, *args, password=None):
    """A command through a raw socket (the harness needs no redis-cli)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    def send(parts):
        out = b"*%d\r\n" % len(parts)
        for a in parts:
            a = a.encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        s.sendall(out)
        return read(s.makefile("rb"))
    try:
        if password:
            send(["AUTH", password])
        return send(list(args))
    finally:
        s.close()


def read(f):
    line = f.readline()
    if not line:
        raise ConnectionError("closed")
    t, rest = line[:1], line[1:-2]
    if t in (b"+", b"-"):
        return rest.decode()
    if t == b":":
        return int(rest)
    if t == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)[:-2]
        return data.decode()
    if t == b"*":
        n = int(rest)
        return None if n < 0 else [read(f) for _ in range(n)]
    raise ValueError(line)


def wait_until(what, check, guard=60):
    end = time.monotonic() + guard  # hang guard only
    while time.monotonic() < end:
        try:
            if check():
                return
        except (OSError, ConnectionError, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError("not ready within the hang guard: " + what)


def redis_server(d, name, port, *extra):
    os.makedirs(os.path.join(d, name))
    return start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                  "--appendonly", "no", "--dir", os.path.join(d, name), *extra],
                 os.path.join(d, name + ".log"))


def never_answers(port):
    """A listener that accepts, reads and never replies (a thread of this process)."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    held = []
    accepted = threading.Event()
    def loop():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            held.append(c)
            accepted.set()
            threading.Thread(target=lambda: [c.recv(65536) for _ in iter(int, 1)],
                             daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return srv, accepted


def hostile(port, payload, stream=False):
    """A listener that answers any command with payload, then (stream) endless bytes."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    def serve(c):
        try:
            c.recv(65536)
            c.sendall(payload)
            chunk = b"a" * 65536
            while stream:
                c.sendall(chunk)
        except OSError:
            pass
        finally:
            c.close()
    def loop():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return srv


def check_no_core(rlint, d, accepted):
    """While the CLI waits for the silent server (it is inside --probe, holding credentials),
    its core file size limit is 0. No clock: the listener says when it accepted, the CLI is
    stopped by PID after the look."""
    path = os.path.join(d, "never-answers.yaml")
    accepted.clear()
    p = subprocess.Popen([rlint, "--3scale-version", "2.16", "--probe", "--probe-timeout",
                          "600000", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(p)
    try:
        if not accepted.wait(60):  # hang guard
            failures.append("no-core: the CLI never connected to the silent server")
            return
        with open("/proc/%d/limits" % p.pid) as f:
            line = [l for l in f if l.startswith("Max core file size")]
        if not line or line[0].split()[4:6] != ["0", "0"]:
            failures.append("no-core: core dumps are not off during --probe: %s" % line)
            print("FAIL no-core")
        else:
            print("PASS no-core")
    finally:
        p.kill()
        p.wait()


def secrets(storage_url, storage_hosts="", role="", storage_pw=MASTER_PW, queues_url=None,
            queues_hosts=None, system_url=None, system_hosts=None, sentinel_pw=SENTINEL_PW,
            system_user="app", tls=None, queues_user=None):
    queues_url = queues_url or storage_url.rsplit("/", 1)[0] + "/1"
    queues_hosts = storage_hosts if queues_hosts is None else queues_hosts
    system_url = system_url or storage_url.rsplit("/", 1)[0] + "/2"
    system_hosts = storage_hosts if system_hosts is None else system_hosts
    def sent(prefix, tls_keys):
        out = ("  %sSENTINEL_PASSWORD: '%s'\n" % (prefix, sentinel_pw)) if sentinel_pw else ""
        for key, pem in zip(tls_keys, tls or []):
            out += "  %s: |\n" % key + "".join("    " + l + "\n" for l in pem.splitlines())
        return out
    return (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: backend-redis, namespace: probe}\n"
        "stringData:\n"
        "  REDIS_STORAGE_URL: '%s'\n  REDIS_STORAGE_SENTINEL_HOSTS: '%s'\n"
        "  REDIS_STORAGE_SENTINEL_ROLE: '%s'\n  REDIS_STORAGE_PASSWORD: '%s'\n%s"
        "  REDIS_QUEUES_URL: '%s'\n  REDIS_QUEUES_SENTINEL_HOSTS: '%s'\n"
        "  REDIS_QUEUES_SENTINEL_ROLE: '%s'\n  REDIS_QUEUES_PASSWORD: '%s'\n%s%s"
        "---\n"
        "apiVersion: v1\nkind: Secret\nmetadata: {name: system-redis, namespace: probe}\n"
        "stringData:\n"
        "  URL: '%s'\n  SENTINEL_HOSTS: '%s'\n  SENTINEL_ROLE: '%s'\n"
        "  REDIS_USERNAME: %s\n  REDIS_PASSWORD: '%s'\n%s"
        % (storage_url, storage_hosts, role, storage_pw, sent("REDIS_STORAGE_", ["REDIS_SSL_CA", "REDIS_SSL_CERT", "REDIS_SSL_KEY"]),
           queues_url, queues_hosts, role, APP_PW if queues_user else MASTER_PW,
           ("  REDIS_QUEUES_USERNAME: %s\n" % queues_user) if queues_user else "", sent("REDIS_QUEUES_", ["REDIS_SSL_QUEUES_CA", "REDIS_SSL_QUEUES_CERT",
                                  "REDIS_SSL_QUEUES_KEY"]),
           system_url, system_hosts, role, system_user, APP_PW, sent("REDIS_", ["REDIS_SSL_CA", "REDIS_SSL_CERT", "REDIS_SSL_KEY"]))
    ) + (TLS_APIMANAGER if tls else "")


# the operator refuses rediss:// unless the APIManager turns TLS on (RLINT024)
TLS_APIMANAGER = (
    "---\napiVersion: apps.3scale.net/v1alpha1\nkind: APIManager\n"
    "metadata: {name: apimanager, namespace: probe}\n"
    "spec:\n  wildcardDomain: example.com\n"
    "  externalComponents: {backend: {redis: true}, system: {database: true, redis: true}}\n"
    "  backend: {backendRedisTLSEnabled: true, queuesRedisTLSEnabled: true}\n"
    "  system: {systemRedisTLSEnabled: true}\n")


STUCK_RESOLVER = None


def run_case(rlint, d, name, yaml_text, expect_exit, expect, timeout_ms=1000,
             expect_summary=None, says=(), extra=(), env=None):
    """Runs the CLI (text and -o json) on yaml_text with --probe; PROBE_VERBOSE=1 prints the
    text output of every case."""
    """expect: the findings of the probe rules (RLINT1xx), (rule, severity, key, components),
    exactly, as a multiset; the other rules' findings are not looked at. says: fragments the
    messages of those findings must contain."""
    path = os.path.join(d, name + ".yaml")
    with open(path, "w") as f:
        f.write(yaml_text)
    base = [rlint, "--3scale-version", "2.16", "--probe", "--probe-timeout", str(timeout_ms),
            *extra]
    outputs = []
    try:
        text = subprocess.run(base + [path], capture_output=True, text=True, timeout=120,
                              env=env)
        js = subprocess.run(base + ["-o", "json", path], capture_output=True, text=True,
                            timeout=120, env=env)
    except subprocess.TimeoutExpired:
        failures.append("%s: the CLI hung (hang guard)" % name)
        return
    outputs += [text.stdout, text.stderr, js.stdout, js.stderr]
    errs = []
    for pw in PASSWORDS:
        for o in outputs:
            if pw in o:
                errs.append("a password appears in the output")
    if text.returncode != expect_exit:
        errs.append("exit %d, expected %d" % (text.returncode, expect_exit))
    try:
        doc = json.loads(js.stdout)
    except ValueError:
        errs.append("-o json is not JSON: %r" % js.stdout[:200])
        doc = {"findings": [], "summary": {}}
    got = [(f["rule"], f["severity"], f["key"], f["component"]) for f in doc["findings"]]
    probe_got = [g for g in got if g[0] >= "RLINT100"]
    for e in expect:
        if probe_got.count(e) != expect.count(e):
            errs.append("finding %s %d times, expected %d" % (e, probe_got.count(e),
                                                              expect.count(e)))
    for g in probe_got:
        if g not in expect:
            errs.append("unexpected finding %s: %s" % (g, [f["message"] for f in doc["findings"]
                                                          if f["rule"] == g[0]]))
    messages = " | ".join(f["message"] for f in doc["findings"] if f["rule"] >= "RLINT100")
    for frag in says:
        if frag not in messages:
            errs.append("no finding says %r (they say: %s)" % (frag, messages))
    probes = doc.get("summary", {}).get("probe")
    if not isinstance(probes, list) or not probes:
        errs.append("the JSON summary has no probe list")
    elif expect_summary:
        errs += expect_summary(probes)
    if os.environ.get("PROBE_VERBOSE"):
        print(text.stdout + text.stderr)
    if errs:
        failures.append("%s: %s\n--- text output:\n%s%s" % (name, "; ".join(sorted(set(errs))),
                                                           text.stdout, text.stderr))
        print("FAIL", name)
    else:
        print("PASS", name)


def check_formats(rlint, d, name, timeout_ms=1000):
    """-o sarif, junit and github of a probe run say what -o json says (formats-check.py)."""
    path = os.path.join(d, name + ".yaml")
    base = [rlint, "--3scale-version", "2.16", "--probe", "--probe-timeout", str(timeout_ms)]
    files, statuses = [], set()
    for fmt in ("json", "sarif", "junit", "github"):
        out = os.path.join(d, "%s.%s" % (name, fmt))
        with open(out, "w") as f:
            statuses.add(subprocess.run(base + ["-o", fmt, path], stdout=f, timeout=120)
                         .returncode)
        with open(out) as f:
            if any(pw in f.read() for pw in PASSWORDS):
                failures.append("%s: a password appears in -o %s" % (name, fmt))
        files.append(out)
    check = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats-check.py")
    r = subprocess.run([sys.executable, check, name, str(statuses.pop())] + files,
                       capture_output=True, text=True, timeout=120)
    if statuses or r.returncode != 0:
        failures.append("%s: formats: %s%s" % (name, r.stdout, r.stderr))
        print("FAIL", name, "formats")
    else:
        print("PASS", name, "formats")


ALL = "backend (sync), backend (async), system (porta)"
BACKEND = "backend (sync), backend (async)"
PORTA = "system (porta)"


def clean_summary(probes):
    errs = []
    for p in probes:
        if not p["reached"] or not p["redis_version"] or not isinstance(p["latency_ms"], float):
            errs.append("summary entry without latency or version: %s" % p)
    return errs


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 99
    rlint, have_probe = sys.argv[1], sys.argv[2]
    global STUCK_RESOLVER
    STUCK_RESOLVER = sys.argv[3] if len(sys.argv) == 4 else None
    if have_probe != "yes":
        print("this build has no --probe: skipping")
        return 77
    for prog in ("redis-server", "redis-sentinel"):
        if not shutil.which(prog):
            print("%s is not installed: skipping" % prog)
            return 77
    d = tempfile.mkdtemp(prefix="rlint-probe.")
    try:
        return run_all(rlint, d)
    finally:
        stop_all()
        shutil.rmtree(d, ignore_errors=True)


def check_dl(rlint, d):
    """The probe's libraries are loaded with dlopen(), not linked, and a missing one is an
    operational error that names it."""
    tool = shutil.which("readelf")
    if tool:
        out = subprocess.run([tool, "-d", rlint], capture_output=True, text=True).stdout
        needed = re.findall(r"\(NEEDED\).*\[(.*)\]", out)
        linked = [n for n in needed if re.match(r"lib(hiredis|ssl|crypto)\.so", n)]
        if not needed or linked:
            failures.append("not-linked: NEEDED %s (want neither hiredis, ssl nor crypto)"
                            % needed)
            print("FAIL not-linked")
        else:
            print("PASS not-linked")
    else:
        print("SKIP not-linked: no readelf")
    libs = os.environ.get("RLINT_PROBE_LIBS", "").split()
    if len(libs) != 3:
        failures.append("RLINT_PROBE_LIBS is %r: want 3 soname=package" % libs)
    path = os.path.join(d, "dl.yaml")
    with open(path, "w") as f:
        f.write(secrets("redis://127.0.0.1:1/0"))
    for lib in libs:
        soname, package = lib.split("=", 1)
        fake = os.path.join(d, "fake-" + soname)
        os.mkdir(fake)
        with open(os.path.join(fake, soname), "w") as f:
            f.write("not a shared library\n")
        env = dict(os.environ, LD_LIBRARY_PATH=fake)
        r = subprocess.run([rlint, "--probe", path], capture_output=True, text=True,
                           timeout=120, env=env)
        want = "--probe needs %s (Debian package %s), which cannot be loaded" % (soname, package)
        errs = []
        if r.returncode != 3:
            errs.append("exit %d, expected 3" % r.returncode)
        if want not in r.stderr:
            errs.append("stderr lacks %r" % want)
        if r.stdout:
            errs.append("stdout is not empty")
        if any(pw in r.stdout + r.stderr for pw in PASSWORDS):
            errs.append("a password appears in the output")
        if errs:
            failures.append("cannot-load %s: %s\n%s%s" % (soname, "; ".join(errs), r.stdout,
                                                          r.stderr))
            print("FAIL cannot-load", soname)
        else:
            print("PASS cannot-load", soname)


def make_ca(d, name, server=None):
    """A CA (and, with server, a server certificate for IP 127.0.0.1 and a client certificate
    it signs), made with openssl. Returns the CA's PEM."""
    ca_key, ca_crt = os.path.join(d, name + "-ca.key"), os.path.join(d, name + "-ca.crt")
    quiet = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=%s test CA" % name, "-keyout", ca_key, "-out", ca_crt], **quiet)
    if server:
        key, csr, crt = (os.path.join(d, server + ext) for ext in (".key", ".csr", ".crt"))
        ext = os.path.join(d, server + ".ext")
        with open(ext, "w") as f:
            f.write("subjectAltName = IP:127.0.0.1\n")
        subprocess.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj",
                        "/CN=redis-tls", "-keyout", key, "-out", csr], **quiet)
        subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
                        "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", crt], **quiet)
        key, csr, crt = (os.path.join(d, "client" + ext) for ext in (".key", ".csr", ".crt"))
        subprocess.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj",
                        "/CN=3scale", "-keyout", key, "-out", csr], **quiet)
        subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
                        "-CAcreateserial", "-days", "2", "-out", crt], **quiet)
    with open(ca_crt) as f:
        return f.read()


def check_needs_arity(master):
    """Every command of cmd/probe/needs.c, with its placeholder arguments, is one ACL DRYRUN
    answers OK to for a user with +@all: an entry it answered an error to would turn the
    probe to its MULTI check, or hide a refusal."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cmd", "probe",
                       "needs.c")
    with open(src) as f:
        text = f.read()
    body = text[text.index("const struct need needs[]"):text.index("const size_t nneeds")]
    entries = [re.findall(r'"([^"]*)"', e)
               for e in re.findall(r'\{((?:"[^"]*",\s*)+)NULL\}', body)]
    bad = [(e, r) for e in entries
           for r in [cmd(master, "ACL", "DRYRUN", "app", *e, password=MASTER_PW)] if r != "OK"]
    if not entries or bad:
        failures.append("needs-arity: %d entries, not OK: %s" % (len(entries), bad))
        print("FAIL needs-arity")
    else:
        print("PASS needs-arity (%d commands)" % len(entries))


def profiles_asking(d, backend, system):
    """A copy of the built-in profiles whose 2.16 asks for those Redis versions."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas")
    out = os.path.join(d, "profiles")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(src):
        if name.startswith("3scale-") and name.endswith(".json"):
            with open(os.path.join(src, name)) as f:
                doc = json.load(f)
            if doc["profile"] == "2.16":
                doc["redis_min_version"] = {"backend": backend, "system": system}
            with open(os.path.join(out, name), "w") as f:
                json.dump(doc, f)
    return out


def run_all(rlint, d):
    check_dl(rlint, d)
    ports = free_ports(15)
    master, replica, cluster, lru, hang, closed = ports[:6]
    sentinels = ports[6:9]
    lone = ports[9]  # a fourth Sentinel, alone, monitoring another server as 'storage'
    tls, bus, huge_array, huge_bulk = ports[10:14]
    lru_unlimited = ports[14]
    acl = ["--user", "default", "on", ">" + MASTER_PW, "~*", "&*", "+@all",
           "--user", "app", "on", ">" + APP_PW, "~*", "&*", "+@all",
           "--user", "nosel", "on", ">" + APP_PW, "~*", "&*", "+@all", "-select",
           # lacking a command system-sidekiq sends, with and without ACL DRYRUN of its own
           "--user", "nobrpop", "on", ">" + APP_PW, "~*", "&*", "+@all", "-brpop",
           "--user", "nobrpopnoacl", "on", ">" + APP_PW, "~*", "&*", "+@all", "-brpop", "-acl",
           # lacking what backend-worker (BLPOP) and backend-cron (LREM) send to the queues
           "--user", "noworker", "on", ">" + APP_PW, "~*", "&*", "+@all", "-blpop", "-lrem",
           # may touch only resque's keys: key patterns are not judged, no finding
           "--user", "resqueonly", "on", ">" + APP_PW, "~resque:*", "&*", "+@all"]
    redis_server(d, "master", master, *acl)
    redis_server(d, "replica", replica, "--replicaof", "127.0.0.1", str(master),
                 "--masterauth", MASTER_PW, *acl)
    redis_server(d, "cluster", cluster, "--cluster-enabled", "yes", "--cluster-config-file",
                 os.path.join(d, "nodes.conf"),
                 "--cluster-port", str(bus), *acl)  # port + 10000 may be above 65535
    redis_server(d, "lru", lru, "--maxmemory-policy", "allkeys-lru", "--maxmemory", "1gb", *acl)
    # the same policy without a limit never evicts on a 64-bit server: no finding
    redis_server(d, "lru-unlimited", lru_unlimited, "--maxmemory-policy", "allkeys-lru", *acl)
    hang_srv, hang_accepted = never_answers(hang)
    have_openssl = shutil.which("openssl") is not None
    if have_openssl:
        good_ca = make_ca(d, "good", server="server")
        other_ca = make_ca(d, "other")
        redis_server(d, "tls", tls, "--port", "0", "--tls-port", str(tls),
                     "--tls-cert-file", os.path.join(d, "server.crt"),
                     "--tls-key-file", os.path.join(d, "server.key"),
                     "--tls-ca-cert-file", os.path.join(d, "good-ca.crt"),
                     "--tls-auth-clients", "yes", *acl)
        client = [open(os.path.join(d, "client" + ext)).read() for ext in (".crt", ".key")]
        PASSWORDS.append(client[1].splitlines()[1])  # a line of the client key
    wait_until("replica in sync", lambda: "master_link_status:up" in
               cmd(replica, "INFO", "replication", password=MASTER_PW))
    for i, port in enumerate(sentinels):
        conf = os.path.join(d, "sentinel%d.conf" % i)
        with open(conf, "w") as f:
            f.write("port %d\nbind 127.0.0.1\ndir %s\n"
                    "sentinel monitor storage 127.0.0.1 %d 2\n"
                    "sentinel auth-pass storage %s\n"
                    "sentinel down-after-milliseconds storage 60000\n"
                    "requirepass %s\nsentinel sentinel-pass %s\n"
                    % (port, d, master, MASTER_PW, SENTINEL_PW, SENTINEL_PW))
        start(["redis-sentinel", conf], os.path.join(d, "sentinel%d.log" % i))
    # alone with quorum 2: SENTINEL ckquorum fails; and it names another master than the three
    conf = os.path.join(d, "lone.conf")
    with open(conf, "w") as f:
        f.write("port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor storage 127.0.0.1 %d 2\n"
                "sentinel auth-pass storage %s\nrequirepass %s\n"
                % (lone, d, lru, MASTER_PW, SENTINEL_PW))
    start(["redis-sentinel", conf], os.path.join(d, "lone.log"))
    wait_until("the lone sentinel", lambda: cmd(lone, "SENTINEL", "get-master-addr-by-name",
                                                "storage", password=SENTINEL_PW) is not None)
    for port in sentinels:
        wait_until("sentinel knows the others and the replica",
                   lambda port=port: len(cmd(port, "SENTINEL", "sentinels", "storage",
                                             password=SENTINEL_PW)) == 2 and
                   len(cmd(port, "SENTINEL", "replicas", "storage", password=SENTINEL_PW)) == 1)

    hosts = ",".join("redis://127.0.0.1:%d" % p for p in sentinels)
    direct = "redis://127.0.0.1:%d/0" % master

    run_case(rlint, d, "clean-sentinels", secrets("redis://storage/0", hosts), 0, [],
             expect_summary=clean_summary)
    run_case(rlint, d, "clean-direct", secrets(direct), 0, [], expect_summary=clean_summary)
    # a replica role is a static error (RLINT063: writes fail); the probe follows the path
    run_case(rlint, d, "replica-path", secrets("redis://storage/0", hosts, role="slave"), 1, [],
             expect_summary=lambda ps: [] if all(p["server_role"] == "slave" for p in ps)
             else ["the replica was not probed: %s" % ps])
    run_case(rlint, d, "wrong-group", secrets("redis://nogroup/0", hosts), 1,
             [("RLINT102", "error", "REDIS_STORAGE_URL", ALL),
              ("RLINT102", "error", "REDIS_QUEUES_URL", BACKEND),
              ("RLINT102", "error", "URL", PORTA)])
    run_case(rlint, d, "wrong-password", secrets("redis://storage/0", hosts, storage_pw=WRONG_PW),
             1, [("RLINT101", "error", "REDIS_STORAGE_URL", ALL)])
    run_case(rlint, d, "wrong-password-direct", secrets(direct, storage_pw=WRONG_PW), 1,
             [("RLINT101", "error", "REDIS_STORAGE_URL", ALL)])
    run_case(rlint, d, "no-sentinel-password", secrets("redis://storage/0", hosts,
                                                         sentinel_pw=None), 1,
             [("RLINT101", "error", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT101", "error", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT101", "error", "SENTINEL_HOSTS", PORTA)])
    run_case(rlint, d, "wrong-sentinel-password", secrets("redis://storage/0", hosts,
                                                            sentinel_pw=WRONG_PW), 1,
             [("RLINT101", "error", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT101", "error", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT101", "error", "SENTINEL_HOSTS", PORTA)])
    one_down = ",".join("redis://127.0.0.1:%d" % p for p in sentinels[:2] + [closed])
    run_case(rlint, d, "one-sentinel-down", secrets("redis://storage/0", one_down), 0,
             [("RLINT103", "warning", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT103", "warning", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT103", "warning", "SENTINEL_HOSTS", PORTA)])
    all_down = "redis://127.0.0.1:%d,redis://127.0.0.1:%d" % (closed, hang)
    run_case(rlint, d, "all-sentinels-down", secrets("redis://storage/0", all_down), 1,
             [("RLINT100", "error", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT100", "error", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT100", "error", "SENTINEL_HOSTS", PORTA)], timeout_ms=500)
    run_case(rlint, d, "no-quorum", secrets("redis://storage/0", "redis://127.0.0.1:%d" % lone),
             1, [("RLINT104", "error", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
                 ("RLINT104", "error", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
                 ("RLINT104", "error", "SENTINEL_HOSTS", PORTA),
                 ("RLINT112", "warning", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
                 ("RLINT112", "warning", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
                 ("RLINT112", "warning", "SENTINEL_HOSTS", PORTA),
                 ("RLINT109", "warning", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
                 ("RLINT109", "warning", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND)])
    check_formats(rlint, d, "no-quorum")
    mixed = "redis://127.0.0.1:%d,redis://127.0.0.1:%d" % (sentinels[0], lone)
    # the lone Sentinel is not one of the three: the two others the first knows are unlisted
    run_case(rlint, d, "sentinels-disagree", secrets("redis://storage/0", mixed), 1,
             [("RLINT105", "error", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT105", "error", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT105", "error", "SENTINEL_HOSTS", PORTA),
              ("RLINT114", "warning", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT114", "warning", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT114", "warning", "SENTINEL_HOSTS", PORTA)])
    # three Sentinels monitor the group, the Secret lists two: a warning naming the third
    two = ",".join("redis://127.0.0.1:%d" % p for p in sentinels[:2])
    run_case(rlint, d, "sentinel-unlisted", secrets("redis://storage/0", two), 0,
             [("RLINT114", "warning", "REDIS_STORAGE_SENTINEL_HOSTS", ALL),
              ("RLINT114", "warning", "REDIS_QUEUES_SENTINEL_HOSTS", BACKEND),
              ("RLINT114", "warning", "SENTINEL_HOSTS", PORTA)],
             says=["know 1 Sentinel of the group the list does not name"])
    # the same Sentinel by name and by address: matched by run id, not by address
    by_name = "redis://localhost:%d,redis://127.0.0.1:%d,redis://127.0.0.1:%d" % tuple(sentinels)
    run_case(rlint, d, "sentinel-by-name", secrets("redis://storage/0", by_name), 0, [])
    run_case(rlint, d, "role-mismatch", secrets("redis://127.0.0.1:%d/0" % replica), 1,
             [("RLINT106", "error", "REDIS_STORAGE_URL", ALL),
              ("RLINT106", "error", "REDIS_QUEUES_URL", BACKEND),
              ("RLINT106", "error", "URL", PORTA)],
             )
    run_case(rlint, d, "db-out-of-range",
             secrets(direct, queues_url="redis://127.0.0.1:%d/99" % master), 1,
             [("RLINT107", "error", "REDIS_QUEUES_URL", BACKEND)])
    run_case(rlint, d, "acl-denied", secrets("redis://storage/0", hosts, system_user="nosel"), 1,
             [("RLINT110", "error", "URL", PORTA)])
    check_needs_arity(master)
    run_case(rlint, d, "acl-command-dryrun",
             secrets("redis://storage/0", hosts, system_user="nobrpop"), 1,
             [("RLINT110", "error", "URL", PORTA)], says=["BRPOP (system-sidekiq)"])
    run_case(rlint, d, "acl-command-multi",
             secrets(direct, system_user="nobrpopnoacl"), 1,
             [("RLINT110", "error", "URL", PORTA)], says=["BRPOP (system-sidekiq)"])
    # 2.16 runs backend-listener and backend-worker async, backend-cron sync: each names its own
    run_case(rlint, d, "acl-command-backend", secrets(direct, queues_user="noworker"), 1,
             [("RLINT110", "error", "REDIS_QUEUES_URL", "backend (sync)"),
              ("RLINT110", "error", "REDIS_QUEUES_URL", "backend (async)")],
             says=["BLPOP (backend-worker)", "LREM (backend-cron)"])
    run_case(rlint, d, "acl-key-patterns", secrets(direct, queues_user="resqueonly"), 0, [])
    # the real 7.0.15 meets 2.16's 7.0.0 (the clean cases) and 2.15's 6.2.0; a profile that
    # asks for more shows the finding against the same real server
    # 2.15 reads no *_PASSWORD key: the password is the URL's
    run_case(rlint, d, "version-2.15",
             secrets("redis://:%s@127.0.0.1:%d/0" % (MASTER_PW, master)), 0, [],
             extra=["--3scale-version", "2.15"])
    run_case(rlint, d, "version-too-old", secrets(direct), 1,
             [("RLINT113", "error", "REDIS_STORAGE_URL", "operator preflight"),
              ("RLINT113", "error", "REDIS_QUEUES_URL", "operator preflight"),
              ("RLINT113", "error", "URL", "operator preflight")],
             says=["requires 99.0.0 for backend Redis", "requires 7.1.0 for system Redis"],
             extra=["--schemas", profiles_asking(d, "99.0.0", "7.1.0")])
    run_case(rlint, d, "cluster-mode", secrets("redis://127.0.0.1:%d/0" % cluster), 1,
             [("RLINT108", "error", "REDIS_STORAGE_URL", ALL),
              ("RLINT108", "error", "REDIS_QUEUES_URL", BACKEND),
              ("RLINT108", "error", "URL", PORTA)])
    run_case(rlint, d, "eviction-policy",
             secrets("redis://127.0.0.1:%d/0" % lru, system_url=direct.replace("/0", "/2")), 0,
             [("RLINT109", "warning", "REDIS_STORAGE_URL", ALL),
              ("RLINT109", "warning", "REDIS_QUEUES_URL", BACKEND)])
    run_case(rlint, d, "eviction-maxmemory-0",
             secrets("redis://127.0.0.1:%d/0" % lru_unlimited,
                     system_url=direct.replace("/0", "/2")), 0, [])
    run_case(rlint, d, "never-answers",
             secrets(direct, system_url="redis://127.0.0.1:%d/2" % hang), 1,
             [("RLINT100", "error", "URL", PORTA)], timeout_ms=500)
    # a name no resolver knows (RFC 6761 .invalid): a finding whether the resolver says so or
    # --probe-timeout ends the wait (the resolution is bounded too)
    run_case(rlint, d, "unresolvable",
             secrets(direct, system_url="redis://nohost.invalid:6379/2"), 1,
             [("RLINT100", "error", "URL", PORTA)], says=["the host name does not resolve"])
    if STUCK_RESOLVER:
        # a resolver that never answers: --probe-timeout ends the wait (hang guard only)
        run_case(rlint, d, "resolver-stuck",
                 secrets(direct, system_url="redis://stuck.resolver.test:6379/2"), 1,
                 [("RLINT100", "error", "URL", PORTA)],
                 says=["does not resolve within --probe-timeout"],
                 env=dict(os.environ, LD_PRELOAD=STUCK_RESOLVER))
    else:
        print("SKIP resolver-stuck: no stuck-resolver shim (sanitizer build)")
    check_no_core(rlint, d, hang_accepted)
    # a hostile server: an array header of 2^31-1 elements (16 GiB of pointers to hiredis
    # 0.14), a bulk string of 1 GB that keeps coming: bounded, a finding, no crash
    servers = [hostile(huge_array, b"*2147483647\r\n"),
               hostile(huge_bulk, b"$1000000000\r\n", stream=True)]
    run_case(rlint, d, "hostile-array",
             secrets(direct, system_url="redis://127.0.0.1:%d/2" % huge_array), 1,
             [("RLINT100", "error", "URL", PORTA)])
    run_case(rlint, d, "hostile-bulk",
             secrets(direct, system_url="redis://127.0.0.1:%d/2" % huge_bulk), 1,
             [("RLINT100", "error", "URL", PORTA)], timeout_ms=30000)
    for srv in servers:
        srv.close()
    if have_openssl:
        tls_url = "rediss://127.0.0.1:%d/0" % tls
        run_case(rlint, d, "tls-right-ca", secrets(tls_url, tls=[good_ca] + client), 0, [],
                 expect_summary=clean_summary)
        run_case(rlint, d, "tls-wrong-ca", secrets(tls_url, tls=[other_ca] + client), 1,
                 [("RLINT111", "error", "REDIS_STORAGE_URL", ALL),
                  ("RLINT111", "error", "REDIS_QUEUES_URL", BACKEND),
                  ("RLINT111", "error", "URL", PORTA)])
        run_case(rlint, d, "tls-wrong-host", secrets(tls_url.replace("127.0.0.1", "localhost"),
                                                      tls=[good_ca] + client), 1,
                 [("RLINT111", "error", "REDIS_STORAGE_URL", ALL),
                  ("RLINT111", "error", "REDIS_QUEUES_URL", BACKEND),
                  ("RLINT111", "error", "URL", PORTA)])
    else:
        print("SKIP tls-*: no openssl to make a CA")
    hang_srv.close()

    for f in failures:
        print("FAIL " + f)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    sys.exit(main())
