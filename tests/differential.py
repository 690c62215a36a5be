#!/usr/bin/env python3
"""differential.py - the components each finding names, against what the components really do.

  differential.py CLI VALUES.jsonl

Each line of VALUES.jsonl changes one or two keys of a correct 3scale 2.16 Secret pair
("base": "plain" or "sentinel") and says which components break with it ("breaks": sync,
async, porta, operator, preflight), with the fact it rests on ("why": the row of the fact
sheet's Appendix B or C, which cites the deciding component code). Every row becomes its own
namespace of one input, checked in one run of the CLI (--3scale-version 2.16, no APIManager
and no workloads: the async default). The components named by the error and warning findings
of a namespace must be exactly the row's "breaks": no more, no fewer.

Exit 0 all rows agree, 1 some do not, 77 no python3 json (never), 99 bad use.
"""
import json
import os
import re
import subprocess
import sys

BASES = {
    "plain": {
        "backend-redis": {
            "REDIS_STORAGE_URL": "redis://storage-redis:6379/0",
            "REDIS_STORAGE_SENTINEL_HOSTS": "",
            "REDIS_STORAGE_SENTINEL_ROLE": "",
            "REDIS_QUEUES_URL": "redis://queues-redis:6379/1",
            "REDIS_QUEUES_SENTINEL_HOSTS": "",
            "REDIS_QUEUES_SENTINEL_ROLE": "",
        },
        "system-redis": {
            "URL": "redis://system-redis:6379/1",
            "SENTINEL_HOSTS": "",
            "SENTINEL_ROLE": "",
        },
    },
    "sentinel": {
        "backend-redis": {
            "REDIS_STORAGE_URL": "redis://storage-group/0",
            "REDIS_STORAGE_SENTINEL_HOSTS": "redis://s0:26379,redis://s1:26379,redis://s2:26379",
            "REDIS_STORAGE_SENTINEL_ROLE": "master",
            "REDIS_QUEUES_URL": "redis://queues-group/1",
            "REDIS_QUEUES_SENTINEL_HOSTS": "redis://s0:26379,redis://s1:26379,redis://s2:26379",
            "REDIS_QUEUES_SENTINEL_ROLE": "master",
        },
        "system-redis": {
            "URL": "redis://system-group/2",
            "SENTINEL_HOSTS": "redis://s0:26379,redis://s1:26379,redis://s2:26379",
            "SENTINEL_ROLE": "master",
        },
    },
}
COMPONENTS = {"sync", "async", "porta", "operator", "preflight"}
# the names findings use -> the row's names ("backend": a key both backend clients read)
NAMES = {
    "backend (sync)": {"sync"},
    "backend (async)": {"async"},
    "backend": {"sync", "async"},
    "system (porta)": {"porta"},
    "operator": {"operator"},
    "operator preflight": {"preflight"},
}


def namespace_of(row_id):
    return re.sub(r"[^a-z0-9-]", "-", row_id.lower())[:63].strip("-")


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 99
    cli, values = sys.argv[1], sys.argv[2]
    rows = []
    with open(values, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            bad = set(row["breaks"]) - COMPONENTS
            if bad or row["base"] not in BASES or not row.get("why"):
                print("%s:%d: bad row (components %s, base %r, why)" % (values, n, sorted(bad),
                                                                       row["base"]))
                return 99
            rows.append(row)

    docs = []
    for row in rows:
        ns = namespace_of(row["id"])
        for secret, keys in BASES[row["base"]].items():
            data = dict(keys)
            data.update(row["set"].get(secret, {}))
            docs.append({"apiVersion": "v1", "kind": "Secret",
                         "metadata": {"name": secret, "namespace": ns},
                         "type": "Opaque", "stringData": data})
    # JSON is YAML: one stream of documents, one namespace per row
    text = "".join("---\n" + json.dumps(d) + "\n" for d in docs)
    p = subprocess.run([cli, "--color=never", "--3scale-version", "2.16", "-o", "json", "-"],
                       input=text.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    if p.returncode not in (0, 1):
        print("the CLI exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
        return 1
    named = {}
    for f in json.loads(p.stdout)["findings"]:
        if f["severity"] not in ("error", "warning"):
            continue
        got = named.setdefault((f["object"] or {}).get("namespace"), {})
        for c in filter(None, (f["component"] or "").split(", ")):
            if c not in NAMES:
                print("unknown component name %r in %s" % (c, f["rule"]))
                return 1
            for comp in NAMES[c]:
                got.setdefault(comp, set()).add(f["rule"])

    failed = 0
    for row in rows:
        got = named.get(namespace_of(row["id"]), {})
        want = set(row["breaks"])
        if set(got) == want:
            print("PASS %s" % row["id"])
            continue
        failed += 1
        print("FAIL %s: %s" % (row["id"], row["why"]))
        for c in sorted(set(got) - want):
            print("  names %s, which reads it as intended (%s)" % (c, ", ".join(sorted(got[c]))))
        for c in sorted(want - set(got)):
            print("  does not name %s, which breaks" % c)
    print("%d passed, %d failed" % (len(rows) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
