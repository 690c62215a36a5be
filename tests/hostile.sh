#!/bin/sh
# hostile.sh CLI SOURCE-ROOT FLOOR - the CLI under attack: every hostile input ends with a
# finding or exit 3/4 with a clear message, within a CPU-time bound and 256 MiB, never a crash
# or a hang.
#
# The big inputs (200,000-deep nesting, 50 MB values, a 70 MB file, alias bombs, ...) are made
# at test time in a mktemp directory and removed afterwards; none is committed (the small ones
# are golden cases under testdata/hostile/ and testdata/limits/).
#
# For each case: the exit status is in the expected set (1 a finding, 3 a limit or an
# operational error, 4 nothing to check; 0 where the input is clean), no signal (no crash),
# stdout + stderr carry the expected message (the limit's option name, e.g. --max-value-size),
# and two bounds hold, both measured by os.wait4 on that child alone:
#   * CPU time (user + sys) <= FACTOR x the floor + SLACK. The floor is the CPU time of FLOOR
#     (tests/yaml-floor.c: libyaml's parser over every event, nothing kept) on a benign
#     manifest of the input's size, measured in this same run, so it scales with the machine
#     and its load; wall time is not bounded (a busy machine stretches it, not CPU time);
#   * maximum RSS < 256 MiB (ru_maxrss: the larger of the CLI's own peak and what the child
#     had at fork time, before exec, i.e. this harness's RSS, some 10-30 MiB: the small cases
#     show that number, but it is far under the bound, so the bound is exact).
# Wall time is only a hang guard (HANG_GUARD per case, far above any expected run). Each child
# runs with RLIMIT_AS 2 GiB and RLIMIT_CPU 60 s so that a regression fails the test instead of
# the machine.
#
# RLINT_ASAN=/path/to/an/ASan-built/3scale-redis-lint runs every case under it too, without
# the bounds (sanitizers inflate time and memory; no RLIMIT_AS: ASan reserves shadow memory):
# no crash, no sanitizer report, same statuses and messages, and generous hang guards.
# HOSTILE_CASES=name,name runs only those cases; KEEP_TMP=1 keeps the inputs.
# Exit 0 pass, 1 fail, 77 skip (python3 missing), 99 bad use. POSIX sh + python3 (stdlib).

if [ $# -ne 3 ]; then
    echo "usage: $0 CLI SOURCE-ROOT FLOOR" >&2
    exit 99
fi
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -x "$1" ] || { echo "$1 is not executable" >&2; exit 99; }
[ -x "$3" ] || { echo "$3 is not executable" >&2; exit 99; }

exec python3 - "$1" "$2" "$3" <<'PYEOF'
import base64
import os
import random
import re
import resource
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time

cli = os.path.abspath(sys.argv[1])
src = os.path.abspath(sys.argv[2])
floor_prog = os.path.abspath(sys.argv[3])
asan = os.environ.get("RLINT_ASAN") or None
only = set(filter(None, os.environ.get("HOSTILE_CASES", "").split(",")))
MiB = 1024 * 1024
MAX_RSS = 256 * MiB
# The CPU bound: FACTOR x the floor of the input's size + SLACK. Measured on a 2-core machine
# (CPU of the case / floor of its size bucket), idle and with two busy loops alike: 1.6-2.4 for
# many-anchors-then-aliases (1.1-1.5 s against 0.5-0.75 s for 32 MiB), 0.6-0.8 for the 50 MB
# values, and 6-10 for many-findings, whose 2 MiB floor (30-50 ms) is mostly noise, so SLACK
# decides there. Busy loops stretched wall time up to 3 times and left CPU times within 20%,
# while the floor itself moved by half with the machine's state: hence a floor per run.
# FACTOR 20 leaves room for that noise many times over, and still fails what matters: work
# that grows faster than the input (a linear search per anchor over a million anchors is
# quadratic: hours, not seconds).
# SLACK covers process start-up and the noise of small inputs, whose floor is a few ms.
FACTOR = 20
SLACK = 0.5
# Hang guards (wall seconds per run): the slowest case takes 1-5 s plain and 5 s under ASan
# on a 2-core machine, idle or with two busy loops; a guard only catches a run that would never
# end (RLIMIT_CPU catches one that spins: 60 s, 300 s under ASan).
HANG_GUARD = 120.0
HANG_GUARD_ASAN = 300.0

tmp = tempfile.mkdtemp(prefix="rlint-hostile.")

SECRETS = '''apiVersion: v1
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
apiVersion: v1
kind: Secret
metadata:
  name: system-redis
type: Opaque
stringData:
  URL: "redis://system-redis:6379/1"
  SENTINEL_HOSTS: ""
  SENTINEL_ROLE: ""
'''
SYSTEM_URL = 'URL: "redis://system-redis:6379/1"'
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n"


def path(*parts):
    return os.path.join(tmp, *parts)


def write(name, data, mode="wb"):
    p = path(name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        if isinstance(data, str):
            data = data.encode("utf-8")
        f.write(data)
    return p


def write_chunks(name, chunks):
    """Writes an iterable of byte strings (big files without holding them in memory)."""
    p = path(name)
    with open(p, "wb") as f:
        for c in chunks:
            f.write(c)
    return p


# ---- the cases ------------------------------------------------------------------------------
# Each: (name, make() -> (argv after the CLI, feeder or None), expected exit statuses,
#        regular expression that stdout + stderr must match). Every case meets every bound:
#        there is no known-failure marker; a case that cannot is a library issue to fix.
CASES = []


def case(name, statuses, message):
    def deco(make):
        CASES.append((name, make, set(statuses), message))
        return make
    return deco


@case("binary-junk", {1}, r"RLINT001")
def _():
    rnd = random.Random(20240601)
    return [write("junk.yaml", bytes(rnd.getrandbits(8) for _ in range(1 * MiB)))], None


@case("binary-junk-elf", {1}, r"RLINT001")
def _():
    return [write("elf.yaml", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4096)], None


@case("nul-escape-in-value", {1}, r"RLINT0")
def _():
    return [write("nul-escape.yaml", SECRETS.replace(SYSTEM_URL, SYSTEM_URL[:-1] + '\\0"'))], None


@case("nul-raw-in-value", {1}, r"RLINT001")
def _():
    return [write("nul-raw.yaml", SECRETS.replace(SYSTEM_URL, SYSTEM_URL[:-1] + '\0"'))], None


@case("nul-raw-in-plain-value", {1}, r"RLINT001")
def _():
    return [write("nul-plain.yaml", SECRETS.replace(SYSTEM_URL, "URL: redis://sys\0tem:6379/1"))], None


@case("nul-in-base64-value", {1}, r"RLINT0")
def _():
    v = base64.b64encode(b"redis://system-redis:6379/1\0\0\0tail").decode()
    s = SECRETS.replace("stringData:\n  " + SYSTEM_URL, 'data:\n  URL: "%s"' % v)
    s = s.replace('  SENTINEL_HOSTS: ""\n  SENTINEL_ROLE: ""\n', "")
    return [write("nul-b64.yaml", s)], None


@case("invalid-utf8", {1}, r"RLINT001")
def _():
    return [write("bad-utf8.yaml", SECRETS.encode().replace(
        SYSTEM_URL.encode(), b'URL: "redis://sys\xff\xfe\xc0\xaftem:6379/1"'))], None


@case("deep-flow-200000", {3}, r"--max-depth")
def _():
    d = 200000
    return [write("deep-flow.yaml", CONFIGMAP + "  x: " + "[" * d + "]" * d + "\n---\n" + SECRETS)], None


@case("deep-flow-mapping-200000", {3}, r"--max-depth")
def _():
    d = 200000
    return [write("deep-flow-map.json", '{"a":' * d + "1" + "}" * d)], None


@case("deep-block-sequence-200000", {3}, r"--max-depth")
def _():
    # compact nested block sequences on one line: 200,000 levels in 400 KB
    return [write("deep-block-seq.yaml", CONFIGMAP + "  x:\n  " + "- " * 200000 + "x\n")], None


@case("deep-block-mapping-5000", {3}, r"--max-depth")
def _():
    # `a:` one space deeper each line: 200,000 levels would be 20 GB of indentation; 5,000
    # levels (12.5 MB) are far past the limit
    d = 5000
    return [write_chunks("deep-block-map.yaml", (
        [CONFIGMAP.encode()] + [b" " * (i + 2) + b"a:\n" for i in range(d)] +
        [b" " * (d + 2) + b"b\n"]))], None


@case("deep-block-mapping-200000-over-file-size", {3}, r"--max-file-size")
def _():
    # the real 200,000-deep block mapping, cut by the file-size limit (1 MiB here)
    d = 200000

    def chunks():
        yield CONFIGMAP.encode()
        total = 0
        for i in range(d):
            line = b" " * (i + 2) + b"a:\n"
            total += len(line)
            yield line
            if total > 2 * MiB:
                return
    return ["--max-file-size", str(MiB), write_chunks("deep-block-map-big.yaml", chunks())], None


def big_value_doc(key_section, key, value_len, alphabet=b"QUJD"):
    """A backend-redis Secret with one value of value_len bytes, streamed."""
    head = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-redis\ntype: Opaque\n"
            "%s:\n  %s: \"" % (key_section, key)).encode()
    block = alphabet * (MiB // len(alphabet))

    def chunks():
        yield head
        left = value_len
        while left > 0:
            n = min(left, len(block))
            yield block[:n]
            left -= n
        yield b"\"\n"
    return chunks()


@case("value-50MB-base64-under-data", {3}, r"--max-value-size")
def _():
    # 50 MB of base64 text (37.5 MB decoded) under data:, default limit 1 MiB
    return [write_chunks("big-data.yaml", big_value_doc("data", "REDIS_STORAGE_URL", 50 * 1000 * 1000))], None


@case("value-50MB-decoded-under-data", {3}, r"--max-value-size")
def _():
    # a value that decodes to 50 MB (66.7 MB of base64: over 64 MiB, so the file limit is raised)
    n = (50 * 1000 * 1000 + 2) // 3 * 4
    return ["--max-file-size", str(80 * MiB),
            write_chunks("big-data-decoded.yaml", big_value_doc("data", "REDIS_STORAGE_URL", n))], None


@case("value-50MB-under-stringData", {3}, r"--max-value-size")
def _():
    return [write_chunks("big-stringdata.yaml",
                         big_value_doc("stringData", "REDIS_STORAGE_URL", 50 * 1000 * 1000, b"x"))], None


@case("file-70MB", {3}, r"--max-file-size")
def _():
    return [write_chunks("big-file.yaml", [SECRETS.encode(), b"---\n"] +
                         [(b"# " + b"x" * 1021 + b"\n") * 1024] * 70)], None


@case("file-70MB-stdin", {3}, r"--max-file-size")
def _():
    p = write_chunks("big-stdin.yaml", [(b"# " + b"x" * 1021 + b"\n") * 1024] * 70)
    return ["-"], p  # fed on stdin


def laughs(levels, per_level, name="lol"):
    lines = [CONFIGMAP.rstrip("\n"), '  l0: &l0 "%s"' % name]
    for i in range(1, levels + 1):
        lines.append("  l%d: &l%d [%s]" % (i, i, ", ".join(["*l%d" % (i - 1)] * per_level)))
    return "\n".join(lines) + "\n"


@case("billion-laughs-10x10", {4}, r"nothing to check")
def _():
    return [write("laughs.yaml", laughs(10, 10))], None


@case("billion-laughs-10x10-with-secrets", {0}, r"0 errors")
def _():
    return [write("laughs-secrets.yaml", laughs(10, 10) + "---\n" + SECRETS)], None


@case("alias-bomb-over-limit", {3}, r"--max-aliases")
def _():
    return [write("bomb.yaml", laughs(12, 100))], None


@case("alias-bomb-mapping-merge", {3}, r"--max-aliases")
def _():
    # merge keys (`<<: [*a, *a, ...]`) over 20 levels of 64: 1280 aliases
    lines = [CONFIGMAP.rstrip("\n"), "  m0: &m0 {k: v}"]
    for i in range(1, 21):
        lines.append("  m%d: &m%d {<<: [%s]}" % (i, i, ", ".join(["*m%d" % (i - 1)] * 64)))
    return [write("merge-bomb.yaml", "\n".join(lines) + "\n")], None


@case("alias-bomb-in-secret-values", {3}, r"--max-aliases")
def _():
    # a Secret's value aliased 5000 times over data keys
    s = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-redis\ntype: Opaque\n"
         "stringData:\n  REDIS_STORAGE_URL: &u \"redis://backend-redis:6379/0\"\n" +
         "".join("  K%d: *u\n" % i for i in range(5000)))
    return [write("secret-aliases.yaml", s)], None


@case("many-anchors-then-aliases", {4}, r"nothing to check")
def _():
    # 1,000,000 anchors (21 MB), then 1000 aliases (the default limit) to the first one: the
    # anchors are hashed (no linear search per anchor or alias), and the two million nodes
    # of 32 bytes with their anchor names in the arena peak near 180 MiB (320 MiB with nodes
    # of 64 bytes and a malloc per anchor name)
    def chunks():
        yield CONFIGMAP.encode()
        for i in range(0, 1000000, 10000):
            yield "".join("  a%d: &a%d v\n" % (j, j) for j in range(i, i + 10000)).encode()
        yield "".join("  b%d: *a0\n" % i for i in range(1000)).encode()
    return [write_chunks("anchors.yaml", chunks())], None


@case("many-anchors-alias-limit", {3}, r"--max-aliases")
def _():
    # 100,000 anchors, then aliases past the limit
    body = "".join("  a%d: &a%d v\n" % (i, i) for i in range(100000))
    body += "".join("  b%d: *a0\n" % i for i in range(1100))
    return [write("anchors-limit.yaml", CONFIGMAP + body)], None


@case("many-documents", {3}, r"--max-documents")
def _():
    return [write("docs.yaml", SECRETS + "---\n{}\n" * 50000)], None


@case("many-findings", {3}, r"--max-findings")
def _():
    return [write("dups.yaml", CONFIGMAP + "  k: v\n" * 200000)], None


@case("placeholder-expansion", {3}, r"--max-value-size")
def _():
    # 16 MiB of ${A} in one value, with --param A= 64 bytes: 256 MiB if substituted in full
    v = "${A}" * (16 * MiB // 4)
    s = SECRETS.replace('REDIS_STORAGE_URL: "redis://backend-redis:6379/0"',
                        'REDIS_STORAGE_URL: "%s"' % v)
    return ["--param", "A=" + "p" * 64, write("placeholders.yaml", s)], None


@case("empty-file", {4}, r"nothing to check")
def _():
    return [write("empty.yaml", b"")], None


@case("only-comments-and-separators", {4}, r"nothing to check")
def _():
    return [write("seps.yaml", "# nothing\n---\n...\n---\n" * 1000)], None


@case("dir-without-manifests", {4}, r"no \*\.yaml, \*\.yml or \*\.json file")
def _():
    write("nomanifests/README.txt", "not a manifest\n")
    write("nomanifests/.hidden.yaml", SECRETS)
    write("nomanifests/sub/notes.md", "# notes\n")
    return [path("nomanifests")], None


@case("fifo-writer-closes-early", {1, 3, 4}, r"RLINT001|nothing to check|cannot read")
def _():
    # a FIFO given as the input: the writer sends half a manifest, then closes (the file is
    # "truncated while being read"); deterministic: the reader sees EOF after the half
    p = path("fifo.yaml")
    os.mkfifo(p)

    def writer():
        fd = os.open(p, os.O_WRONLY)   # blocks until the CLI opens it
        os.write(fd, SECRETS[:len(SECRETS) // 2].encode() + b'"unterminated')
        os.close(fd)
    return [p], writer


@case("fifo-in-directory", {4}, r"nothing to check|no \*\.yaml")
def _():
    # a FIFO found while walking a directory is not opened (no writer: opening it would hang)
    os.makedirs(path("fifodir"))
    os.mkfifo(path("fifodir", "pipe.yaml"))
    return [path("fifodir")], None


@case("file-unlinked-while-open", {0}, r"0 errors")
def _():
    # the file is removed as soon as the CLI has it open (the walk lists it, the writer side
    # of a FIFO gate holds the CLI until the unlink): the open descriptor still reads it
    p = write("unlinked/secrets.yaml", SECRETS)
    return [p], "unlink"


@case("missing-file", {3}, r"cannot read")
def _():
    return [path("does-not-exist.yaml")], None


@case("dangling-symlink-in-directory", {0}, r"0 errors")
def _():
    write("dangling/secrets.yaml", SECRETS)
    os.symlink(path("dangling", "gone.yaml"), path("dangling", "vanished.yaml"))
    return [path("dangling")], None


@case("symlink-loop-file", {3}, r"cannot read .*(symbolic links|loop)")
def _():
    os.symlink("b.yaml", path("a.yaml"))
    os.symlink("a.yaml", path("b.yaml"))
    return [path("a.yaml")], None


@case("symlink-loop-in-directory", {0, 3}, r"symbolic links|loop|0 errors")
def _():
    write("loopdir/secrets.yaml", SECRETS)
    os.symlink("y.yaml", path("loopdir", "x.yaml"))
    os.symlink("x.yaml", path("loopdir", "y.yaml"))
    return [path("loopdir")], None


@case("directory-symlink-to-itself", {0}, r"0 errors")
def _():
    write("selfdir/secrets.yaml", SECRETS)
    os.symlink(".", path("selfdir", "loop"))
    os.symlink(path("selfdir"), path("selfdir", "abs-loop"))
    return [path("selfdir")], None


@case("directory-symlink-cycle", {0}, r"0 errors")
def _():
    write("cycle/d1/secrets.yaml", SECRETS)
    os.makedirs(path("cycle", "d2"))
    os.symlink("../d2", path("cycle", "d1", "to-d2"))
    os.symlink("../d1", path("cycle", "d2", "to-d1"))
    return [path("cycle")], None


@case("deep-directories", {0, 3}, r"nested deeper|0 errors")
def _():
    d = path("deepdirs")
    p = d
    for i in range(100):
        p = os.path.join(p, "d")
    os.makedirs(p)
    write(os.path.relpath(os.path.join(p, "secrets.yaml"), tmp), SECRETS)
    return [d], None


# ---- running --------------------------------------------------------------------------------

def limits():
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def asan_limits():
    resource.setrlimit(resource.RLIMIT_CPU, (300, 300))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def spawn(cmd, env, stdin_fd, out_fd, set_limits, hang, on_start=None):
    """Runs cmd; returns (status or -signal, wall seconds, CPU seconds, max RSS bytes, killed).
    Blocks in waitid() without polling; a guard thread kills the child after hang seconds."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(stdin_fd, 0)
            os.dup2(out_fd, 1)
            os.dup2(out_fd, 2)
            os.chdir(tmp)
            set_limits()
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    th = on_start(pid) if on_start else None
    exited = threading.Event()
    killed = []

    def guard():
        # the child is not reaped before exited is set and this thread joined: its pid
        # cannot have been reused when it is killed
        if not exited.wait(hang):
            killed.append(True)
            os.kill(pid, signal.SIGKILL)
    g = threading.Thread(target=guard, daemon=True)
    g.start()
    while True:
        try:
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped yet
            break
        except InterruptedError:
            continue
    exited.set()
    g.join()
    _, wstatus, ru = os.wait4(pid, 0)
    wall = time.monotonic() - start
    if th:
        th.join(2)
    return (os.waitstatus_to_exitcode(wstatus), wall, ru.ru_utime + ru.ru_stime,
            ru.ru_maxrss * 1024, bool(killed))


def run(binary, argv, feed, name, is_asan):
    """Runs the CLI on one case; returns spawn()'s tuple with the output."""
    out_path = path("%s.%s.out" % (name, "asan" if is_asan else "plain"))
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["LC_ALL"] = "C"
    if is_asan:
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=99")
        env.setdefault("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1:exitcode=99")
    stdin_fd = os.open(os.devnull, os.O_RDONLY)
    if isinstance(feed, str) and feed not in ("unlink",):
        os.close(stdin_fd)
        stdin_fd = os.open(feed, os.O_RDONLY)
    out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)

    def on_start(pid):
        th = None
        if callable(feed):
            th = threading.Thread(target=feed, daemon=True)
            th.start()
        elif feed == "unlink":
            # remove the file as soon as the child has it open (poll /proc when there is one,
            # else right away: the result must be the same either way)
            target = os.path.realpath(argv[-1])

            def unlinker():
                fd_dir = "/proc/%d/fd" % pid
                deadline = time.monotonic() + 2
                while time.monotonic() < deadline and os.path.isdir(fd_dir):
                    try:
                        if any(os.readlink(os.path.join(fd_dir, f)) == target
                               for f in os.listdir(fd_dir)):
                            break
                    except OSError:
                        pass
                    time.sleep(0.0005)
                try:
                    os.unlink(target)
                except FileNotFoundError:
                    pass
            th = threading.Thread(target=unlinker, daemon=True)
            th.start()
        return th

    try:
        status, wall, cpu, rss, killed = spawn(
            [binary, "--color=never"] + argv, env, stdin_fd, out_fd,
            asan_limits if is_asan else limits, HANG_GUARD_ASAN if is_asan else HANG_GUARD,
            on_start)
    finally:
        os.close(stdin_fd)
        os.close(out_fd)
    with open(out_path, "rb") as f:
        output = f.read(1 << 20)
    return status, wall, cpu, rss, output, killed


def input_bytes(argv, feed):
    """The bytes a case gives the CLI: its regular files (directories walked, symbolic links
    not followed) and the file fed on stdin."""
    total = 0
    paths = [a for a in argv if a.startswith(tmp)]
    if isinstance(feed, str) and feed != "unlink":
        paths.append(feed)
    for p in paths:
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            total += st.st_size
        elif stat.S_ISDIR(st.st_mode):
            for d, _, files in os.walk(p):
                for f in files:
                    try:
                        fst = os.lstat(os.path.join(d, f))
                    except OSError:
                        continue
                    if stat.S_ISREG(fst.st_mode):
                        total += fst.st_size
    return total


# The floor, per size bucket: powers of two from 1 MiB to 64 MiB (the default --max-file-size,
# so the largest input the CLI parses by default). A benign manifest of the bucket's size (a
# ConfigMap of short quoted values) is parsed by FLOOR; a size above 64 MiB gets the 64 MiB
# floor scaled by its size (libyaml's cost is linear: 12-13 ms per MiB at every bucket here).
FLOOR_MIN, FLOOR_MAX = MiB, 64 * MiB
floors = {}


def floor_cpu(size):
    bucket = FLOOR_MIN
    while bucket < min(size, FLOOR_MAX):
        bucket *= 2
    if bucket not in floors:
        p = path("floor-%d.yaml" % bucket)
        head = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: floor\ndata:\n"
        block = b"".join(b'  key-%06d: "a benign value of a configuration map, number %06d"\n'
                         % (i, i) for i in range(1024))
        with open(p, "wb") as f:
            f.write(head)
            left = bucket - len(head)
            while left >= len(block):
                f.write(block)
                left -= len(block)
            f.write(b"#" * max(left - 1, 0) + b"\n")
        with open(os.devnull, "rb") as dn_in, open(os.devnull, "wb") as dn_out:
            status, _, cpu, _, killed = spawn([floor_prog, p], dict(os.environ), dn_in.fileno(),
                                              dn_out.fileno(), limits, HANG_GUARD)
        os.unlink(p)
        if status != 0 or killed:
            sys.exit("%s failed on a benign %d-byte manifest (exit %d)" % (floor_prog, bucket,
                                                                             status))
        floors[bucket] = cpu
        print("floor %3d MiB: %.3f s CPU" % (bucket // MiB, cpu))
    return floors[bucket] * (size / FLOOR_MAX if size > FLOOR_MAX else 1)


failures = []
for name, make, statuses, message in CASES:
    if only and name not in only:
        continue
    try:
        argv, feed = make()
    except OSError as e:
        print("SKIP %s: cannot make the input: %s" % (name, e))
        continue
    size = input_bytes(argv, feed)
    binaries = [(cli, False)] + ([(asan, True)] if asan else [])
    for binary, is_asan in binaries:
        if feed == "unlink" and not os.path.exists(argv[-1]):
            write(os.path.relpath(argv[-1], tmp), SECRETS)
        if callable(feed) and not os.path.exists(argv[-1]):
            os.mkfifo(argv[-1])
        label = name + (" (asan)" if is_asan else "")
        status, wall, cpu, rss, output, killed = run(binary, argv, feed, name, is_asan)
        text = output.decode("utf-8", "replace")
        problems = []
        if killed:
            problems.append("HANG: killed after %.0f s" % wall)
        elif status < 0:
            problems.append("CRASH: killed by signal %d (%s)" % (-status, signal.Signals(-status).name))
        elif status not in statuses:
            problems.append("exit %d, expected %s" % (status, "/".join(map(str, sorted(statuses)))))
        bound = None
        if not is_asan:
            bound = FACTOR * floor_cpu(size) + SLACK
            if cpu > bound:
                problems.append("CPU time %.2f s (bound %.2f s: %d x the floor of %.1f MiB + %.1f s)"
                                % (cpu, bound, FACTOR, size / MiB, SLACK))
            if rss >= MAX_RSS:
                problems.append("max RSS %.1f MiB (limit %d MiB)" % (rss / MiB, MAX_RSS // MiB))
        if not re.search(message, text):
            problems.append("no message matching /%s/ in the output" % message)
        if is_asan and re.search(r"AddressSanitizer|LeakSanitizer|runtime error:", text):
            problems.append("sanitizer report")
        summary = "exit %s, %.2f s CPU%s, %.2f s wall, %.1f MiB" % (
            status, cpu, " of %.2f" % bound if bound is not None else "", wall, rss / MiB)
        if problems:
            failures.append(label)
            print("FAIL %s: %s [%s]" % (label, "; ".join(problems), summary))
            for line in text.splitlines()[:8]:
                print("    | " + line[:300])
        else:
            print("ok   %s [%s]" % (label, summary))
        # the outputs of the big inputs are not kept
        os.unlink(path("%s.%s.out" % (name, "asan" if is_asan else "plain")))
    # free the disk space of this case's inputs before the next one
    for a in argv + ([feed] if isinstance(feed, str) else []):
        if a.startswith(tmp) and os.path.isfile(a) and os.path.getsize(a) > MiB:
            os.unlink(a)

if os.environ.get("KEEP_TMP"):
    print("kept %s" % tmp)
else:
    shutil.rmtree(tmp, ignore_errors=True)
if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
print("PASS: %d hostile inputs" % sum(1 for c in CASES if not only or c[0] in only))
sys.exit(0)
PYEOF
