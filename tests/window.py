#!/usr/bin/env python3
"""window.py - the namespace window (--namespace-window) changes nothing a user sees.

  RLINT=/path/to/3scale-redis-lint tests/window.py [--root TESTDATA]

Builds inputs of many namespaces from the golden cases' input.yaml (each case's objects put
in a namespace of their own, one file per case, and again as one file), then runs the CLI with
the window off (0), at 1, 2 and 5, in text and JSON: stdout, stderr and the exit status must
be the same. Then the inputs that make an early check unsure and send the CLI reading
everything again (a namespace that comes back, a version hint that changes the detected
version, an object without a namespace, a findings limit reached, a Secret defined twice):
the same output again, and a message about an unreadable input given once, not twice.
Exit 0 pass, 1 fail, 77 skip (RLINT unset), 99 bad invocation.
"""
import argparse
import os
import subprocess
import sys
import tempfile

AREAS = ("clean", "cross", "keys", "roles", "sentinels", "urls", "workloads", "version")
SKIP_TEXT = ("namespace:", "kind: Template", "kind: List", "${", "$(", "sops:")


def with_namespace(doc, ns):
    """Puts a top-level object's metadata in namespace ns (metadata at column 0)."""
    if doc.startswith("metadata:\n"):
        return doc.replace("metadata:\n", "metadata:\n  namespace: %s\n" % ns, 1)
    return doc.replace("\nmetadata:\n", "\nmetadata:\n  namespace: %s\n" % ns, 1)


def cases(root):
    out = []
    for area in AREAS:
        adir = os.path.join(root, area)
        if not os.path.isdir(adir):
            continue
        for case in sorted(os.listdir(adir)):
            path = os.path.join(adir, case, "input.yaml")
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8", errors="strict") as f:
                text = f.read()
            if any(s in text for s in SKIP_TEXT) or "\nmetadata:\n" not in "\n" + text:
                continue
            out.append(("%s-%s" % (area, case), text))
    return out


def namespaced(text, ns):
    docs = text.split("\n---\n")
    return "\n---\n".join(with_namespace(d, ns) for d in docs)


def run(rlint, args, cwd):
    p = subprocess.run([rlint, "--color=never"] + args, cwd=cwd, capture_output=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


failures = []


def same(label, rlint, cwd, inputs, extra=(), windows=(1, 2, 5)):
    for fmt in ([], ["-o", "json"]):
        ref = run(rlint, ["--namespace-window", "0"] + list(extra) + fmt + inputs, cwd)
        if ref[0] > 3:
            failures.append("%s: reference run exited %d: %s" % (label, ref[0], ref[2][:300]))
            continue
        for w in windows:
            got = run(rlint, ["--namespace-window", str(w)] + list(extra) + fmt + inputs, cwd)
            if got != ref:
                what = [n for n, a, b in zip(("exit", "stdout", "stderr"), got, ref) if a != b]
                failures.append("%s: window %d %s differs from window 0 in %s" %
                                (label, w, " ".join(fmt) or "text", ", ".join(what)))
    return ref


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", "testdata"))
    a = ap.parse_args()
    rlint = os.environ.get("RLINT")
    if not rlint:
        print("window.py: RLINT unset, skipping")
        return 77
    picked = cases(a.root)
    if len(picked) < 20:
        print("window.py: only %d usable golden inputs under %s" % (len(picked), a.root))
        return 99
    with tempfile.TemporaryDirectory() as tmp:
        many = os.path.join(tmp, "many")
        os.mkdir(many)
        for i, (name, text) in enumerate(picked):
            with open(os.path.join(many, "%03d-%s.yaml" % (i, name)), "w") as f:
                f.write(namespaced(text, "ns-%03d" % i))
        with open(os.path.join(tmp, "one.yaml"), "w") as f:
            f.write("\n---\n".join(namespaced(t, "ns-%03d" % i) for i, (_, t) in enumerate(picked)))
        # the cases are of several versions: the version detected changes as they are read
        same("the version changes", rlint, tmp, ["many"])
        v = ["--3scale-version", "2.16"]
        code, out, _ = same("many files", rlint, tmp, v + ["many"])
        if code != 1 or b"error" not in out:
            failures.append("many files: expected findings (exit 1), got exit %d" % code)
        same("one file", rlint, tmp, v + ["one.yaml", "--max-documents", "100000"])
        # Secrets kept out of the repository: every reference waits for the end
        nosec = os.path.join(tmp, "nosecrets")
        os.mkdir(nosec)
        for i, (name, text) in enumerate(picked):
            docs = [d for d in namespaced(text, "ns-%03d" % i).split("\n---\n")
                    if "\nkind: Secret\n" not in "\n" + d]
            with open(os.path.join(nosec, "%03d.yaml" % i), "w") as f:
                f.write("\n---\n".join(docs))
        code, out, _ = same("no Secrets", rlint, tmp, v + ["-o", "json", "nosecrets"])
        if b"RLINT" not in out:
            failures.append("no Secrets: expected findings about the missing Secrets")

        def extra_file(name, text):
            d = os.path.join(tmp, name)
            os.mkdir(d)
            os.symlink(many, os.path.join(d, "a"))
            with open(os.path.join(d, "z.yaml"), "w") as f:
                f.write(text)
            return name

        secret = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n%s"
                  "stringData:\n  URL: redis://system-redis:6379/1\n")
        same("a namespace comes back", rlint, tmp,
             v + [extra_file("back", secret % ("other", "  namespace: ns-000\n"))])
        same("a Secret without a namespace", rlint, tmp,
             v + [extra_file("nons", secret % ("system-redis", ""))])
        same("a Secret defined twice", rlint, tmp,
             v + [extra_file("twice", secret % ("system-redis", "  namespace: ns-002\n"))])
        same("the findings limit", rlint, tmp, v + ["one.yaml", "--max-documents", "100000",
                                                    "--max-findings", "5"])

        # a message about an input is given once, also when everything is read again
        missing = os.path.join(tmp, "no-such-file.yaml")
        for inputs in (["many", missing], [missing, "back"]):
            for w in (0, 1):
                _, _, err = run(rlint, ["--namespace-window", str(w), "-q"] + inputs, tmp)
                n = err.count(b"no-such-file.yaml")
                if n != 1:
                    failures.append("window %d, inputs %s: the unreadable input is named %d "
                                    "times on stderr" % (w, " ".join(inputs), n))
    for f in failures:
        print("FAIL " + f)
    print("%d golden inputs in %d namespaces; %d failure(s)" % (len(picked), len(picked),
                                                                  len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
