#!/usr/bin/env python3
"""gen-corpus.py - the benchmark corpora of bench/run.sh, generated, deterministic.

The unit is one complete, correct 3scale 2.16 install (the two Redis Secrets and the five
Deployments backend-listener, backend-worker, backend-cron, system-app, system-sidekiq), taken
from the golden case testdata/workloads/complete-2-16 and put in a namespace of its own.

Usage: gen-corpus.py [--root REPO] OUT KIND [N]
  KIND files     N files (default 1500), ns-00000.yaml ..., one install each, in OUT/
  KIND single    one file OUT/single.yaml holding N installs (default 1500), one per namespace
  KIND templates N OpenShift Templates (default 20) in OUT/, each the install's Secrets as
                 ${PARAM} placeholders, its five Deployments and 200 more Deployments that
                 read the same Secrets (about 1.3 MB each)
The output is the same bytes for the same arguments. OUT is created if missing.
"""
import os
import sys

CASE = os.path.join("testdata", "workloads", "complete-2-16", "input.yaml")
DEPLOYMENTS = ("backend-listener", "backend-worker", "backend-cron", "system-app",
               "system-sidekiq")
COPIES_PER_TEMPLATE = 200


def documents(root):
    """The case's documents, as (kind, name, text) with text ending in a newline."""
    with open(os.path.join(root, CASE), encoding="utf-8") as f:
        text = f.read()
    out = []
    for doc in text.split("\n---\n"):
        doc = doc.strip("\n") + "\n"
        kind = name = None
        for line in doc.splitlines():
            if line.startswith("kind: "):
                kind = line[6:].strip()
            elif line.startswith("  name: ") and name is None:
                name = line[8:].strip()
        out.append((kind, name, doc))
    return out


def install(root):
    """The documents of one install, without a namespace."""
    docs = [d for d in documents(root)
            if d[0] == "Secret" or (d[0] == "Deployment" and d[1] in DEPLOYMENTS)]
    if len(docs) != 2 + len(DEPLOYMENTS):
        sys.exit("gen-corpus.py: %s does not hold the expected install" % CASE)
    return docs


def with_namespace(doc, ns):
    # the first "metadata:" line at column 0 is the object's own
    return doc.replace("\nmetadata:\n", "\nmetadata:\n  namespace: %s\n" % ns, 1)


def install_text(docs, ns):
    return "---\n".join(with_namespace(d[2], ns) for d in docs)


def gen_files(out, docs, n):
    for i in range(n):
        ns = "ns-%05d" % i
        with open(os.path.join(out, ns + ".yaml"), "w", encoding="utf-8") as f:
            f.write(install_text(docs, ns))


def gen_single(out, docs, n):
    with open(os.path.join(out, "single.yaml"), "w", encoding="utf-8") as f:
        for i in range(n):
            if i:
                f.write("---\n")
            f.write(install_text(docs, "ns-%05d" % i))


def indent_object(doc):
    lines = doc.rstrip("\n").split("\n")
    return "\n".join(["- " + lines[0]] + ["  " + l if l else l for l in lines[1:]]) + "\n"


PARAMS = {
    "REDIS_STORAGE_URL": "BACKEND_REDIS_STORAGE_ENDPOINT",
    "REDIS_STORAGE_SENTINEL_HOSTS": "BACKEND_REDIS_STORAGE_SENTINEL_HOSTS",
    "REDIS_STORAGE_SENTINEL_ROLE": "BACKEND_REDIS_STORAGE_SENTINEL_ROLE",
    "REDIS_QUEUES_URL": "BACKEND_REDIS_QUEUES_ENDPOINT",
    "REDIS_QUEUES_SENTINEL_HOSTS": "BACKEND_REDIS_QUEUE_SENTINEL_HOSTS",
    "REDIS_QUEUES_SENTINEL_ROLE": "BACKEND_REDIS_QUEUE_SENTINEL_ROLE",
    "URL": "SYSTEM_REDIS_URL",
    "SENTINEL_HOSTS": "SYSTEM_REDIS_SENTINEL_HOSTS",
    "SENTINEL_ROLE": "SYSTEM_REDIS_SENTINEL_ROLE",
}


def placeholders(doc):
    lines = []
    for line in doc.split("\n"):
        key = line.strip().split(":", 1)[0]
        if line.startswith("  ") and not line.startswith("   ") and key in PARAMS:
            line = "  %s: ${%s}" % (key, PARAMS[key])
        lines.append(line)
    return "\n".join(lines)


def gen_templates(out, docs, n):
    secrets = [placeholders(d[2]) for d in docs if d[0] == "Secret"]
    deps = [d for d in docs if d[0] == "Deployment"]
    for t in range(n):
        parts = ["apiVersion: template.openshift.io/v1\nkind: Template\nmetadata:\n"
                 "  name: amp-%03d\nobjects:\n" % t]
        parts += [indent_object(s) for s in secrets]
        parts += [indent_object(d[2]) for d in deps]
        for c in range(COPIES_PER_TEMPLATE):
            kind, name, text = deps[c % len(deps)]
            copy = text.replace(name, "%s-copy-%03d" % (name, c))
            parts.append(indent_object(copy))
        parts.append("parameters:\n")
        for p in sorted(set(PARAMS.values())):
            parts.append("- name: %s\n  required: true\n" % p)
        with open(os.path.join(out, "template-%03d.yaml" % t), "w", encoding="utf-8") as f:
            f.write("".join(parts))


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) > 2 and argv[1] == "--root":
        root = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) not in (3, 4) or argv[2] not in ("files", "single", "templates"):
        sys.stderr.write(__doc__)
        return 2
    out, kind = argv[1], argv[2]
    default = {"files": 1500, "single": 1500, "templates": 20}[kind]
    n = int(argv[3]) if len(argv) == 4 else default
    os.makedirs(out, exist_ok=True)
    docs = install(root)
    {"files": gen_files, "single": gen_single, "templates": gen_templates}[kind](out, docs, n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
