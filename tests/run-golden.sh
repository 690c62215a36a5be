#!/bin/sh
# run-golden.sh - run one golden case of testdata/<area>/<case>/.
#
#   RLINT=/path/to/3scale-redis-lint tests/run-golden.sh [--update] CASE_DIR
#
# A case directory holds:
#   input.yaml or input/   what the CLI is given (run from inside the case directory)
#   args                   optional: extra CLI arguments, one per line
#   expect                 required: one line per finding, `RULE-ID LINE SEVERITY [KEY]`,
#                          and one line `exit N`; `#` starts a comment line
#   expected.txt           optional: the exact text output (stdout, then stderr) followed by
#                          a line `exit: N`
#
# The CLI runs twice: `--color=never ARGS INPUT` (text; exit status and expected.txt) and
# `--color=never ARGS -o json INPUT`. The multiset of (rule, line, severity[, key]) of all JSON
# findings must equal the expect lines exactly; a KEY is only compared when the line gives one.
# --update rewrites expected.txt from the current text output; nothing else writes into the
# case directory.
#
# Exit status: 0 pass, 1 fail, 77 skip (RLINT unset), 99 bad invocation.
# POSIX sh + python3 (standard library only).

update=0
if [ "$1" = "--update" ]; then
    update=1
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: RLINT=BINARY $0 [--update] CASE_DIR" >&2
    exit 99
fi
if [ -z "${RLINT:-}" ]; then
    echo "RLINT is not set: skipping" >&2
    exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 not found" >&2
    exit 99
fi

exec python3 - "$update" "$1" "$RLINT" <<'PYEOF'
import collections
import json
import os
import subprocess
import sys

update = sys.argv[1] == "1"
case_dir = os.path.abspath(sys.argv[2])
rlint = os.path.abspath(sys.argv[3])
SEVERITIES = ("error", "warning", "info")


def die(msg, status=1):
    print("%s: %s" % (os.path.relpath(case_dir), msg))
    sys.exit(status)


if not os.path.isdir(case_dir):
    die("not a directory", 99)
if not os.access(rlint, os.X_OK):
    die("RLINT=%s is not executable" % rlint, 99)

if os.path.isfile(os.path.join(case_dir, "input.yaml")):
    target = "input.yaml"
elif os.path.isdir(os.path.join(case_dir, "input")):
    target = "input"
else:
    die("no input.yaml and no input/ directory", 99)

args = []
args_path = os.path.join(case_dir, "args")
if os.path.isfile(args_path):
    with open(args_path, encoding="utf-8") as f:
        args = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]

# --- the expect file -------------------------------------------------------------------------
expect_path = os.path.join(case_dir, "expect")
if not os.path.isfile(expect_path) and not update:
    die("no expect file (it is required)")
want = []          # (rule, line, severity, key or None)
want_exit = None
problems = []
if os.path.isfile(expect_path):
    with open(expect_path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            tok = line.split()
            if tok[0] == "exit":
                if len(tok) != 2 or not tok[1].isdigit() or want_exit is not None:
                    problems.append("expect:%d: bad or repeated exit line" % n)
                else:
                    want_exit = int(tok[1])
                continue
            if (len(tok) not in (3, 4) or not tok[0].startswith("RLINT")
                    or not tok[1].isdigit() or tok[2] not in SEVERITIES):
                problems.append("expect:%d: not `RULE-ID LINE SEVERITY [KEY]`: %s" % (n, line))
                continue
            want.append((tok[0], int(tok[1]), tok[2], tok[3] if len(tok) == 4 else None))
    if want_exit is None and not update:
        problems.append("expect: no `exit N` line")
if problems:
    die("malformed expect file:\n  " + "\n  ".join(problems))


def run(extra):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    p = subprocess.run([rlint, "--color=never"] + args + extra + [target], cwd=case_dir,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr


text_rc, text_out, text_err = run([])
actual_txt = text_out + text_err + ("exit: %d\n" % text_rc).encode()

expected_txt_path = os.path.join(case_dir, "expected.txt")
if update:
    with open(expected_txt_path, "wb") as f:
        f.write(actual_txt)
    print("%s: wrote expected.txt" % os.path.relpath(case_dir))
    sys.exit(0)

failures = []

# --- exit status and the JSON findings -------------------------------------------------------
if text_rc != want_exit:
    failures.append("exit status (text run): expected %d, got %d" % (want_exit, text_rc))

json_rc, json_out, json_err = run(["-o", "json"])
if json_rc != want_exit:
    failures.append("exit status (-o json run): expected %d, got %d" % (want_exit, json_rc))

findings = []
if json_out.strip():
    try:
        doc = json.loads(json_out.decode("utf-8"))
        findings = doc["findings"]
    except (ValueError, KeyError, TypeError) as e:
        failures.append("-o json output is not a report: %s" % e)
elif json_rc not in (2,):
    failures.append("-o json printed nothing")

got = []
for f in findings:
    try:
        got.append((str(f["rule"]), int(f["line"] or 0), str(f["severity"]), f.get("key")))
    except (KeyError, TypeError, ValueError):
        failures.append("finding without rule/line/severity: %r" % (f,))

# Match keyed expectations first (they can only take a finding with that key), then the
# unkeyed ones take any remaining finding with the same rule, line and severity.
pool = collections.Counter(got)
missing = []
for w in sorted((w for w in want if w[3] is not None), key=str):
    if pool[w] > 0:
        pool[w] -= 1
    else:
        missing.append(w)
for w in sorted((w for w in want if w[3] is None), key=str):
    for g in sorted(pool):
        if pool[g] > 0 and g[:3] == w[:3]:
            pool[g] -= 1
            break
    else:
        missing.append(w)
extra = sorted(pool.elements(), key=lambda g: (g[1], g[0], g[2], str(g[3])))


def fmt(t):
    return "%s %d %s%s" % (t[0], t[1], t[2], "" if t[3] is None else " " + str(t[3]))


if missing:
    failures.append("missing findings (in expect, not reported):\n    "
                    + "\n    ".join(fmt(w) for w in sorted(missing, key=lambda w: (w[1], w[0]))))
if extra:
    failures.append("extra findings (reported, not in expect):\n    "
                    + "\n    ".join(fmt(g) for g in extra))

# --- the exact text output -------------------------------------------------------------------
if os.path.isfile(expected_txt_path):
    with open(expected_txt_path, "rb") as f:
        expected_txt = f.read()
    if expected_txt != actual_txt:
        import difflib
        diff = difflib.unified_diff(
            expected_txt.decode("utf-8", "replace").splitlines(True),
            actual_txt.decode("utf-8", "replace").splitlines(True),
            "expected.txt", "actual")
        failures.append("text output differs from expected.txt:\n" + "".join(diff))

if failures:
    print("FAIL %s (3scale-redis-lint --color=never %s)" % (os.path.relpath(case_dir), " ".join(args + [target])))
    for f in failures:
        print("  " + f)
    if json_err or text_err:
        print("  stderr: " + (json_err or text_err).decode("utf-8", "replace").strip())
    sys.exit(1)
print("PASS %s" % os.path.relpath(case_dir))
sys.exit(0)
PYEOF
