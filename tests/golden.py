#!/usr/bin/env python3
"""golden.py - run the golden CLI cases of testdata/<area>/<case>/ from one process.

  RLINT=/path/to/3scale-redis-lint tests/golden.py [--root DIR] [-j N] [CASE...]
  RLINT=/path/to/3scale-redis-lint tests/golden.py --update CASE_DIR...
  RLINT=/path/to/3scale-redis-lint tests/golden.py --self-test [ROOT]

Every directory ROOT/<area>/<case>/ is a case (ROOT is testdata/ next to tests/ unless --root
says otherwise; files directly under ROOT, such as testdata/live-only, are not cases). A case
directory holds:
  input.yaml or input/   what the CLI is given (run from inside the case directory)
  args                   optional: extra CLI arguments, one per line (`#` starts a comment)
  expect                 required: one line per finding,
                           RULE-ID LINE SEVERITY KEY|- breaks: COMPONENTS|none
                         one line `exit N`, and any number of `says: FRAGMENT` lines; `#`
                         starts a comment line. KEY `-` is a finding without a key (JSON null);
                         COMPONENTS is the finding's JSON "component" exactly (`none`: null).
                         FRAGMENT (trimmed) must occur literally in the text run's stdout+stderr.
                         A case directory without an expect file fails.
  expected.txt           optional: the exact text output (stdout, then stderr) followed by a
                         line `exit: N`

The CLI runs twice per case: `--color=never ARGS INPUT` (text: exit status and expected.txt)
and `--color=never ARGS -o json INPUT`. The multiset of (rule, line, severity, key, component)
of all JSON findings must equal the expect lines exactly.

CASE selects cases: a directory (a case, an area or the root) or a substring of `area/case`;
GOLDEN_CASES (whitespace-separated substrings) selects too. With no selection every case runs.
Cases run on os.cpu_count() threads; the output is in case order, one `PASS area/case` or
`FAIL area/case` (with the reasons, indented) per case, then `N passed, N failed`.

--update rewrites expected.txt from the current text output of the selected cases (a case named
by its own directory gets one even if it had none) and checks nothing; nothing else writes into
a case directory.

--self-test proves that the runner can fail: it runs this script on ROOT (default
tests/data/golden-selftest), whose MANIFEST lists each case with `PASS` or the reasons it must
FAIL with, and checks the verdicts, the reasons, the summary line and the exit status.

Exit status: 0 every case passed, 1 a case failed, 77 skip (RLINT unset), 99 bad invocation.
Standard library only.
"""

import collections
import concurrent.futures
import difflib
import json
import os
import re
import subprocess
import sys

SEVERITIES = ("error", "warning", "info")
FINDING_GRAMMAR = "RULE-ID LINE SEVERITY KEY|- breaks: COMPONENTS|none"
FINDING_RE = re.compile(r"^(RLINT[0-9]+)\s+([0-9]+)\s+(%s)\s+(\S+)\s+breaks:\s*(\S.*)$"
                        % "|".join(SEVERITIES))
TIMEOUT = 300          # seconds per CLI run: a hang guard, not a performance bound
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.join(HERE, os.pardir, "testdata")
SELFTEST_ROOT = os.path.join(HERE, "data", "golden-selftest")


class Usage(Exception):
    pass


class Case:
    def __init__(self, root, area, name):
        self.name = area + "/" + name
        self.dir = os.path.join(root, area, name)
        self.explicit = False      # named by its own directory on the command line


def discover(root):
    cases = []
    for area in sorted(os.listdir(root)):
        adir = os.path.join(root, area)
        if area.startswith(".") or not os.path.isdir(adir):
            continue
        for name in sorted(os.listdir(adir)):
            if not name.startswith(".") and os.path.isdir(os.path.join(adir, name)):
                cases.append(Case(root, area, name))
    return cases


def select(root, cases, words):
    """The cases that the command-line words (directories or substrings) and GOLDEN_CASES name."""
    env_words = os.environ.get("GOLDEN_CASES", "").split()
    if not words and not env_words:
        return cases
    chosen = set()
    by_name = {c.name: c for c in cases}
    for w in list(words) + env_words:
        rel = None
        if os.path.isdir(w):
            rel = os.path.relpath(os.path.realpath(w), os.path.realpath(root))
            if rel.split(os.sep)[0] == os.pardir:
                if os.sep in w or w in (os.curdir, os.pardir):
                    raise Usage("%s is not under the golden root %s (see --root)" % (w, root))
                rel = None    # a word such as `urls` that is also a directory here
        if rel is not None:
            rel = "" if rel == os.curdir else rel.replace(os.sep, "/")
            if rel.count("/") > 1:
                raise Usage("%s is inside a case, not a case" % w)
            hit = [c for c in cases if rel == "" or c.name == rel or c.name.startswith(rel + "/")]
            if rel in by_name:
                by_name[rel].explicit = True
        else:
            hit = [c for c in cases if w in c.name]
        if not hit:
            raise Usage("%r selects no case" % w)
        chosen.update(c.name for c in hit)
    return [c for c in cases if c.name in chosen]


def read_args(case):
    path = os.path.join(case.dir, "args")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def input_of(case):
    if os.path.isfile(os.path.join(case.dir, "input.yaml")):
        return "input.yaml"
    if os.path.isdir(os.path.join(case.dir, "input")):
        return "input"
    return None


def parse_expect(path):
    """(findings, exit status, `says:` fragments, problems) of an expect file."""
    want = []          # (rule, line, severity, key or None, components or None)
    want_exit = None
    says = []
    problems = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            tok = line.split()
            if line.startswith("says:"):
                fragment = line[len("says:"):].strip()
                if fragment:
                    says.append(fragment)
                else:
                    problems.append("expect:%d: `says:` without a fragment" % n)
                continue
            if tok[0] == "exit":
                if len(tok) != 2 or not tok[1].isdigit() or want_exit is not None:
                    problems.append("expect:%d: bad or repeated exit line" % n)
                else:
                    want_exit = int(tok[1])
                continue
            m = FINDING_RE.match(line)
            if not m:
                why = "" if "breaks:" in tok else " (every finding states what breaks)"
                problems.append("expect:%d: not `%s`%s: %s" % (n, FINDING_GRAMMAR, why, line))
                continue
            key = None if m.group(4) == "-" else m.group(4)
            comp = m.group(5).strip()
            want.append((m.group(1), int(m.group(2)), m.group(3), key,
                         None if comp == "none" else comp))
    if want_exit is None:
        problems.append("expect: no `exit N` line")
    return want, want_exit, says, problems


def run_cli(rlint, case, args, target, extra):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    try:
        p = subprocess.run([rlint, "--color=never"] + args + extra + [target], cwd=case.dir,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", b""
    return p.returncode, p.stdout, p.stderr


def fmt(t):
    return "%s %d %s %s breaks: %s" % (t[0], t[1], t[2], "-" if t[3] is None else t[3],
                                       "none" if t[4] is None else t[4])


def pair_off(missing, extra, same):
    """Takes out of the two Counters the pairs that agree on the fields `same`."""
    pairs = []
    for w in sorted(missing.elements(), key=fmt):
        for g in sorted(extra.elements(), key=fmt):
            if extra[g] > 0 and all(w[i] == g[i] for i in same):
                pairs.append((w, g))
                missing[w] -= 1
                extra[g] -= 1
                break
    return pairs


def compare_findings(want, got):
    """The reasons the JSON findings `got` differ from the expected `want`."""
    missing = collections.Counter(want) - collections.Counter(got)
    extra = collections.Counter(got) - collections.Counter(want)
    reasons = []
    # a finding that differs only in its components, or only in its key, is named as such
    for w, g in pair_off(missing, extra, (0, 1, 2, 3)):
        reasons.append("components differ on %s %d %s %s:\n  expect: breaks: %s\n"
                       "  JSON:   breaks: %s" % (w[0], w[1], w[2], "-" if w[3] is None else w[3],
                                                  "none" if w[4] is None else w[4],
                                                  "none" if g[4] is None else g[4]))
    for w, g in pair_off(missing, extra, (0, 1, 2, 4)):
        reasons.append("key differs on %s %d %s (breaks: %s):\n  expect: %s\n  JSON:   %s"
                       % (w[0], w[1], w[2], "none" if w[4] is None else w[4],
                          "-" if w[3] is None else w[3], "-" if g[3] is None else g[3]))
    order = lambda t: (t[1], t[0], t[2], str(t[3]), str(t[4]))
    if +missing:
        reasons.append("missing findings (in expect, not reported):\n  "
                       + "\n  ".join(fmt(w) for w in sorted((+missing).elements(), key=order)))
    if +extra:
        reasons.append("extra findings (reported, not in expect):\n  "
                       + "\n  ".join(fmt(g) for g in sorted((+extra).elements(), key=order)))
    return reasons


def check(rlint, case, update):
    """(passed, report lines) of one case; with update, rewrites expected.txt instead."""
    target = input_of(case)
    if target is None:
        return False, ["no input.yaml and no input/ directory"]
    try:
        args = read_args(case)
    except (OSError, UnicodeDecodeError) as e:
        return False, ["cannot read args: %s" % e]
    command = "(3scale-redis-lint --color=never %s)" % " ".join(args + [target])
    expect_path = os.path.join(case.dir, "expect")
    expected_txt_path = os.path.join(case.dir, "expected.txt")

    if not update:
        if not os.path.isfile(expect_path):
            return False, ["no expect file (it is required)"]
        try:
            want, want_exit, says, problems = parse_expect(expect_path)
        except (OSError, UnicodeDecodeError) as e:
            return False, ["cannot read expect: %s" % e]
        if problems:
            return False, ["malformed expect file:\n  " + "\n  ".join(problems)]

    text_rc, text_out, text_err = run_cli(rlint, case, args, target, [])
    if text_rc is None:
        return False, ["text run: no exit within %d s (hang guard) %s" % (TIMEOUT, command)]
    actual_txt = text_out + text_err + ("exit: %d\n" % text_rc).encode()

    if update:
        if not (case.explicit or os.path.isfile(expected_txt_path)):
            return True, []    # no expected.txt here: nothing to rewrite
        with open(expected_txt_path, "wb") as f:
            f.write(actual_txt)
        return True, ["wrote expected.txt"]

    failures = []
    text = (text_out + text_err).decode("utf-8", "replace")
    unsaid = [f for f in says if f not in text]
    if unsaid:
        shown = text.splitlines()
        failures.append("the text output does not say (stdout+stderr):\n  "
                        + "\n  ".join("says: " + f for f in unsaid)
                        + "\ntext output:\n  | " + "\n  | ".join(shown[:20])
                        + ("\n  | ... (%d more lines)" % (len(shown) - 20) if len(shown) > 20 else ""))
    if text_rc != want_exit:
        failures.append("exit status (text run): expected %d, got %d" % (want_exit, text_rc))

    json_rc, json_out, json_err = run_cli(rlint, case, args, target, ["-o", "json"])
    if json_rc is None:
        return False, failures + ["-o json run: no exit within %d s (hang guard) %s"
                                  % (TIMEOUT, command)]
    if json_rc != want_exit:
        failures.append("exit status (-o json run): expected %d, got %d" % (want_exit, json_rc))

    findings = []
    if json_out.strip():
        try:
            findings = json.loads(json_out.decode("utf-8"))["findings"]
        except (ValueError, KeyError, TypeError) as e:
            failures.append("-o json output is not a report: %s" % e)
    elif json_rc != 2:
        failures.append("-o json printed nothing")

    got = []
    for f in findings:
        try:
            key, comp = f.get("key"), f.get("component")
            if not (key is None or isinstance(key, str)) or not (comp is None or isinstance(comp, str)):
                raise TypeError("key or component is neither a string nor null")
            got.append((str(f["rule"]), int(f["line"] or 0), str(f["severity"]), key,
                        None if comp is None else comp.strip()))
        except (KeyError, TypeError, ValueError, AttributeError):
            failures.append("finding without rule/line/severity: %r" % (f,))
    failures += compare_findings(want, got)

    if os.path.isfile(expected_txt_path):
        with open(expected_txt_path, "rb") as f:
            expected_txt = f.read()
        if expected_txt != actual_txt:
            diff = difflib.unified_diff(
                expected_txt.decode("utf-8", "replace").splitlines(True),
                actual_txt.decode("utf-8", "replace").splitlines(True),
                "expected.txt", "actual")
            failures.append("text output differs from expected.txt:\n" + "".join(diff))

    if failures:
        lines = [command] + failures
        if (json_err or text_err) and not unsaid:   # (the output is shown above for says:)
            lines.append("stderr: " + (json_err or text_err).decode("utf-8", "replace").strip())
        return False, lines
    return True, []


def guarded_check(rlint, case, update):
    try:
        return check(rlint, case, update)
    except Exception as e:  # a bug or an OS error fails the case, not the whole run
        return False, ["runner error: %s: %s" % (type(e).__name__, e)]


def self_test(root):
    """0 when the runner reaches the verdict and reasons that ROOT/MANIFEST lists, else 1."""
    manifest = os.path.join(root, "MANIFEST")
    want = collections.OrderedDict()
    with open(manifest, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or not all(parts):
                print("self-test: %s:%d: want CASE<TAB>PASS|REASON[<TAB>REASON...]" % (manifest, n))
                return 1
            want[parts[0]] = parts[1:]
    bad = []
    present = {c.name for c in discover(root)}
    bad += ["%s: a case not in MANIFEST" % c for c in sorted(present - set(want))]
    bad += ["%s: in MANIFEST, no such case" % c for c in sorted(set(want) - present)]

    def run_runner(extra, env_rlint):
        env = dict(os.environ)
        env.pop("GOLDEN_CASES", None)
        if env_rlint is None:
            env.pop("RLINT", None)
        p = subprocess.run([sys.executable, os.path.abspath(__file__)] + extra,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, timeout=2 * TIMEOUT)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    rc, out = run_runner(["--root", root], os.environ.get("RLINT"))
    blocks = collections.OrderedDict()     # case -> (verdict, text of the block)
    lines = out.splitlines()
    current = None
    for line in lines:
        if line.startswith(("PASS ", "FAIL ")):
            current = line[5:]
            blocks[current] = [line[:4], line]
        elif line.startswith("  ") and current is not None:
            blocks[current][1] += "\n" + line
        else:
            current = None
    for case, expected in want.items():
        if case not in blocks:
            bad.append("%s: no PASS or FAIL line" % case)
            continue
        verdict, text = blocks[case]
        if expected == ["PASS"]:
            if verdict != "PASS":
                bad.append("%s: must PASS, got:\n%s" % (case, text))
            else:
                print("ok   %s: passes" % case)
            continue
        if verdict != "FAIL":
            bad.append("%s: must FAIL (%s), but passed" % (case, expected[0]))
            continue
        missing = [e for e in expected if e not in text]
        if missing:
            bad.append("%s: failed, but not saying %s:\n%s"
                       % (case, "; ".join(repr(e) for e in missing), text))
        else:
            print("ok   %s: fails: %s" % (case, expected[0]))
    n_pass = sum(1 for e in want.values() if e == ["PASS"])
    summary = "%d passed, %d failed" % (n_pass, len(want) - n_pass)
    if not lines or lines[-1] != summary:
        bad.append("the last line is not %r: %r" % (summary, lines[-1] if lines else ""))
    if rc != (1 if len(want) > n_pass else 0):
        bad.append("exit status %d for %s" % (rc, summary))
    # the other exit statuses
    for extra, env_rlint, status, what in (
            (["--root", root], None, 77, "RLINT unset"),
            (["--root", root, "--no-such-option"], os.environ.get("RLINT"), 99, "an unknown option"),
            (["--root", root, "no-such-case"], os.environ.get("RLINT"), 99, "a selection of no case"),
            (["--root", root, "--update"], os.environ.get("RLINT"), 99, "--update without a case"),
            (["--root", os.path.join(root, "MANIFEST")], os.environ.get("RLINT"), 99, "a root that is no directory"),
            (["--root", root, "ok/"], os.environ.get("RLINT"), 0, "the one passing case selected")):
        got, text = run_runner(extra, env_rlint)
        if got != status:
            bad.append("%s: exit status %d, not %d:\n%s" % (what, got, status, text))
        else:
            print("ok   %s: exit %d" % (what, status))
    for b in bad:
        print("FAIL " + b)
    print("self-test: %s" % ("%d problem(s)" % len(bad) if bad else "the runner fails what it must"))
    return 1 if bad else 0


def parse_argv(argv):
    opts = {"root": DEFAULT_ROOT, "jobs": os.cpu_count() or 1, "update": False,
            "self_test": False, "words": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--root", "-j", "--jobs"):
            if i + 1 == len(argv):
                raise Usage("%s needs a value" % a)
            i += 1
            if a == "--root":
                opts["root"] = argv[i]
            else:
                if not argv[i].isdigit() or int(argv[i]) < 1:
                    raise Usage("%s needs a positive number" % a)
                opts["jobs"] = int(argv[i])
        elif a == "--update":
            opts["update"] = True
        elif a == "--self-test":
            opts["self_test"] = True
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            sys.exit(0)
        elif a == "--":
            opts["words"] += argv[i + 1:]
            break
        elif a.startswith("-"):
            raise Usage("unknown option %s" % a)
        else:
            opts["words"].append(a)
        i += 1
    return opts


def main(argv):
    try:
        opts = parse_argv(argv[1:])
        if opts["self_test"]:
            if opts["update"] or len(opts["words"]) > 1:
                raise Usage("--self-test takes one ROOT at most, and no other option")
            root = opts["words"][0] if opts["words"] else SELFTEST_ROOT
            if not os.path.isfile(os.path.join(root, "MANIFEST")):
                raise Usage("no MANIFEST in %s" % root)
            if not os.environ.get("RLINT"):
                print("RLINT is not set: skipping", file=sys.stderr)
                return 77
            return self_test(root)
        root = opts["root"]
        if not os.path.isdir(root):
            raise Usage("golden root %s is not a directory" % root)
        if opts["update"] and not opts["words"]:
            raise Usage("--update needs the case directories to rewrite")
        rlint = os.environ.get("RLINT", "")
        if not rlint:
            print("RLINT is not set: skipping", file=sys.stderr)
            return 77
        rlint = os.path.abspath(rlint)
        if not os.access(rlint, os.X_OK):
            raise Usage("RLINT=%s is not executable" % rlint)
        cases = select(root, discover(root), opts["words"])
        if not cases:
            raise Usage("no case under %s" % root)
    except Usage as e:
        print("golden.py: %s" % e, file=sys.stderr)
        print("usage: RLINT=BINARY golden.py [--root DIR] [-j N] [--update] [CASE...]\n"
              "       RLINT=BINARY golden.py --self-test [ROOT]", file=sys.stderr)
        return 99

    passed = failed = written = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts["jobs"]) as pool:
        results = pool.map(lambda c: guarded_check(rlint, c, opts["update"]), cases)
        for case, (ok, lines) in zip(cases, results):
            if opts["update"]:
                if lines:
                    print("%s: %s" % (case.name, "\n  ".join(lines)))
                written += ok and bool(lines)
            else:
                # every line of every reason indented: a line at column 0 starts a case
                print("%s %s%s" % ("PASS" if ok else "FAIL", case.name,
                                   "".join("\n  " + line for reason in lines
                                           for line in reason.rstrip("\n").split("\n"))))
            sys.stdout.flush()
            passed += ok
            failed += not ok
    if opts["update"]:
        print("%d expected.txt written, %d failed" % (written, failed))
    else:
        print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
