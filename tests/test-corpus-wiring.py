#!/usr/bin/env python3
"""Compare the Redis wiring of the real 3scale OpenShift templates with the version profiles.

For every template in the corpus (../shared/corpus/3scale-templates/ next to the source tree,
or the directory given with --corpus), lists the DeploymentConfigs, their containers, init
containers and lifecycle hooks, and the env vars they take from a secretKeyRef of the
`backend-redis` or `system-redis` Secret; then compares them with the workloads of the
profile (schemas/3scale-*.json) that covers the template's version, printing every
difference.

Usage: test-corpus-wiring.py [--corpus DIR] [--schemas DIR] [--dump]
  --dump   only print the wiring found in each template.
Exit status: 0 no difference, 1 differences (or a template that cannot be read),
77 (skipped) when the corpus is absent.

python3 stdlib only: PyYAML is not available, so the templates are read with the small
indentation-based reader below. It handles the subset of YAML that the operator's generator
(Go yaml.Marshal) writes: block mappings and sequences (including a sequence at the same
indentation as its key and "- key: value" items), plain, quoted and block (| >) scalars,
multi-line plain and quoted scalars, and empty flow collections ({} []). Anything else in
flow style is kept as a string, which is enough here: the wiring never uses flow style.
"""
import json
import os
import re
import sys

REDIS_SECRETS = ("backend-redis", "system-redis")

# --------------------------------------------------------------------------------------------
# A minimal YAML reader


class YamlError(Exception):
    pass


_KEY_RE = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}\[\]&*!|>%@`-][^#]*?|-[^\s#][^#]*?):(?:\s+|$)""")


class _Reader:
    def __init__(self, text):
        self.lines = []  # [indent, content, lineno]
        for no, raw in enumerate(text.split("\n"), 1):
            raw = raw.rstrip("\r")
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise YamlError("line %d: tab in indentation" % no)
            stripped = raw.strip()
            ind = len(raw) - len(raw.lstrip(" "))
            # blank lines and comments are kept (as None) only for block scalars
            if not stripped or stripped.startswith("#"):
                self.lines.append([ind, None, no, raw])
            else:
                self.lines.append([ind, stripped, no, raw])
        self.i = 0

    def _skip_blank(self):
        while self.i < len(self.lines) and self.lines[self.i][1] is None:
            self.i += 1

    def peek(self):
        self._skip_blank()
        return self.lines[self.i] if self.i < len(self.lines) else None

    def parse_document(self):
        ln = self.peek()
        if ln is None:
            return None
        if ln[1] == "---":
            self.i += 1
            ln = self.peek()
        node = self.parse_node(ln[0])
        ln = self.peek()
        if ln is not None and ln[1] not in ("---", "..."):
            raise YamlError("line %d: unexpected content at indentation %d" % (ln[2], ln[0]))
        return node

    def parse_node(self, indent):
        ln = self.peek()
        if ln is None or ln[0] < indent:
            return None
        content = ln[1]
        if content == "-" or content.startswith("- "):
            return self.parse_seq(ln[0])
        if _KEY_RE.match(content):
            return self.parse_map(ln[0])
        # a scalar on its own line(s)
        self.i += 1
        return self.scalar_rest(content, ln[0] - 1)

    def parse_seq(self, indent):
        out = []
        while True:
            ln = self.peek()
            if ln is None or ln[0] != indent or not (ln[1] == "-" or ln[1].startswith("- ")):
                break
            if ln[0] < indent:
                break
            if ln[1] == "-":
                self.i += 1
                nxt = self.peek()
                out.append(self.parse_node(indent + 1) if nxt and nxt[0] > indent else None)
                continue
            rest = ln[1][2:]
            pad = len(rest) - len(rest.lstrip(" "))
            # rewrite "- x" as an entry "x" at the indentation of x
            ln[0] = indent + 2 + pad
            ln[1] = rest.lstrip(" ")
            out.append(self.parse_node(ln[0]))
        return out

    def parse_map(self, indent):
        out = {}
        while True:
            ln = self.peek()
            if ln is None or ln[0] != indent:
                if ln is not None and ln[0] > indent:
                    raise YamlError("line %d: bad indentation" % ln[2])
                break
            m = _KEY_RE.match(ln[1])
            if not m or ln[1].startswith("- "):
                break
            key = self.unquote(m.group(1).strip())
            rest = ln[1][m.end():].strip()
            self.i += 1
            if rest == "" or rest.startswith("#"):
                nxt = self.peek()
                if nxt is not None and nxt[0] > indent:
                    val = self.parse_node(nxt[0])
                elif nxt is not None and nxt[0] == indent and (nxt[1] == "-" or nxt[1].startswith("- ")):
                    val = self.parse_seq(indent)
                else:
                    val = None
            else:
                val = self.scalar_rest(rest, indent)
            if key in out:
                raise YamlError("line %d: duplicate key '%s'" % (ln[2], key))
            out[key] = val
        return out

    def scalar_rest(self, rest, indent):
        """A scalar that starts with `rest`; continuation lines are those deeper than indent."""
        if rest in ("{}",):
            return {}
        if rest in ("[]",):
            return []
        if rest[0] in "|>":
            return self.block_scalar(rest, indent)
        if rest[0] in "\"'":
            q = rest[0]
            text = rest
            while not self._closed(text, q):
                if self.i >= len(self.lines):
                    raise YamlError("unterminated quoted scalar")
                nxt = self.lines[self.i]
                self.i += 1
                text += " " + (nxt[1] or "")
            return self.unquote(text.strip())
        # plain scalar, possibly continued on deeper lines
        text = re.sub(r"\s+#.*$", "", rest)
        while True:
            ln = self.peek()
            if ln is None or ln[0] <= indent:
                break
            text += " " + ln[1]
            self.i += 1
        return text

    @staticmethod
    def _closed(text, q):
        body = text[1:]
        if q == "'":
            body = body.replace("''", "")
            return "'" in body
        j = 0
        while j < len(body):
            if body[j] == "\\":
                j += 2
                continue
            if body[j] == '"':
                return True
            j += 1
        return False

    def block_scalar(self, header, indent):
        lines = []
        while self.i < len(self.lines):
            ind, content, _no, raw = self.lines[self.i]
            if content is not None and ind <= indent:
                break
            lines.append(raw)
            self.i += 1
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            return ""
        pad = min(len(x) - len(x.lstrip(" ")) for x in lines if x.strip())
        body = [x[pad:] for x in lines]
        if header[0] == ">":
            return " ".join(x.strip() for x in body) + "\n"
        return "\n".join(body) + "\n"

    @staticmethod
    def unquote(s):
        if len(s) >= 2 and s[0] == s[-1] == "'":
            return s[1:-1].replace("''", "'")
        if len(s) >= 2 and s[0] == s[-1] == '"':
            return json.loads(s) if "\\" in s else s[1:-1]
        return s


def load_yaml(text):
    return _Reader(text).parse_document()


# --------------------------------------------------------------------------------------------
# Wiring extraction


def redis_env(env):
    """[(name, secret, key, optional)] of the env entries read from a Redis Secret."""
    out = []
    for e in env or []:
        if not isinstance(e, dict):
            continue
        ref = ((e.get("valueFrom") or {}).get("secretKeyRef")) or None
        if not isinstance(ref, dict) or ref.get("name") not in REDIS_SECRETS:
            continue
        out.append((e.get("name"), ref.get("name"), ref.get("key"),
                    str(ref.get("optional", "false")).lower() == "true"))
    return out


def template_wiring(doc):
    """{workload name: {"kind", "containers": {name: env}, "init": {...}, "hooks": {phase: (container, env)}}}
    for every workload of the template that reads a Redis Secret."""
    out = {}
    for obj in (doc or {}).get("objects") or []:
        if not isinstance(obj, dict):
            continue
        kind = obj.get("kind")
        if kind not in ("DeploymentConfig", "Deployment", "Job"):
            continue
        name = (obj.get("metadata") or {}).get("name")
        spec = obj.get("spec") or {}
        pod = ((spec.get("template") or {}).get("spec")) or {}
        w = {"kind": kind, "containers": {}, "init": {}, "hooks": {}}
        for c in pod.get("containers") or []:
            w["containers"][c.get("name")] = redis_env(c.get("env"))
        for c in pod.get("initContainers") or []:
            w["init"][c.get("name")] = redis_env(c.get("env"))
        rolling = ((spec.get("strategy") or {}).get("rollingParams")) or {}
        for phase in ("pre", "mid", "post"):
            hook = rolling.get(phase)
            if isinstance(hook, dict) and isinstance(hook.get("execNewPod"), dict):
                enp = hook["execNewPod"]
                w["hooks"][phase] = (enp.get("containerName"), redis_env(enp.get("env")))
        reads = any(w["containers"].values()) or any(w["init"].values()) or \
            any(h[1] for h in w["hooks"].values())
        if reads:
            out[name] = w
    return out


def template_secret_keys(doc):
    """{secret: [keys]} of the Redis Secrets the template creates."""
    out = {}
    for obj in (doc or {}).get("objects") or []:
        if isinstance(obj, dict) and obj.get("kind") == "Secret":
            name = (obj.get("metadata") or {}).get("name")
            if name in REDIS_SECRETS:
                data = obj.get("stringData") or obj.get("data") or {}
                out[name] = list(data.keys())
    return out


def template_version(path, doc):
    m = re.search(r"(?:^|[^0-9])2\.(\d+)\.\d+", os.path.basename(path))
    if m:
        return int(m.group(1))
    return None


# --------------------------------------------------------------------------------------------
# Profiles


def minor(v):
    return int(v.split(".", 1)[1])


def load_profiles(schemas):
    out = []
    for f in sorted(os.listdir(schemas)):
        if f.startswith("3scale-") and f.endswith(".json"):
            with open(os.path.join(schemas, f), encoding="utf-8") as fh:
                p = json.load(fh)
            out.append((f, p))
    return out


def profile_for(profiles, v):
    for f, p in profiles:
        if minor(p["from"]) <= v <= minor(p["to"]):
            return f, p
    return None, None


def expand(p, blocks):
    env = []
    for b in blocks:
        for e in p["env_blocks"][b]:
            env.append((e["name"], e["secret"], e["key"], bool(e.get("optional", False))))
    return env


def fmt(e):
    return "%s <- %s/%s%s" % (e[0], e[1], e[2], " (optional)" if e[3] else "")


def compare_env(where, want, got, diffs):
    if want == got:
        return
    ws, gs = set(want), set(got)
    for e in want:
        if e not in gs:
            diffs.append("%s: profile has %s, template has not" % (where, fmt(e)))
    for e in got:
        if e not in ws:
            diffs.append("%s: template has %s, profile has not" % (where, fmt(e)))
    if ws == gs and len(want) == len(got):
        diffs.append("%s: same env vars, different order" % where)
    elif ws == gs:
        diffs.append("%s: duplicated env var" % where)


def compare(tw, tkeys, fname, p):
    diffs = []
    pws = {w["name"]: w for w in p["workloads"] if w["kind"] != "Job"}
    for name in sorted(set(tw) | set(pws)):
        if name not in pws:
            diffs.append("%s: in the template (reads Redis), not in %s" % (name, fname))
            continue
        if name not in tw:
            diffs.append("%s: in %s, absent from the template (or reads no Redis)" % (name, fname))
            continue
        t, pw = tw[name], pws[name]
        if t["kind"] != pw["kind"]:
            diffs.append("%s: kind %s in the template, %s in the profile" % (name, t["kind"], pw["kind"]))
        for label, tc, pc in (("container", t["containers"], pw.get("containers", [])),
                              ("init container", t["init"], pw.get("init_containers", []))):
            pcs = {c["name"]: c for c in pc}
            for cname in sorted(set(tc) | set(pcs)):
                where = "%s %s %s" % (name, label, cname)
                if cname not in pcs:
                    if tc[cname]:
                        diffs.append("%s: reads Redis in the template, absent from the profile" % where)
                    continue
                if cname not in tc:
                    diffs.append("%s: in the profile, absent from the template" % where)
                    continue
                compare_env(where, expand(p, pcs[cname]["env"]), tc[cname], diffs)
        phooks = {h["phase"]: h for h in pw.get("hooks", [])}
        for phase in sorted(set(t["hooks"]) | set(phooks)):
            where = "%s %s hook" % (name, phase)
            if phase not in phooks:
                if t["hooks"][phase][1]:
                    diffs.append("%s: reads Redis in the template, absent from the profile" % where)
                continue
            if phase not in t["hooks"]:
                diffs.append("%s: in the profile, absent from the template" % where)
                continue
            tcont, tenv = t["hooks"][phase]
            if tcont != phooks[phase]["container"]:
                diffs.append("%s: containerName %s in the template, %s in the profile" %
                             (where, tcont, phooks[phase]["container"]))
            compare_env(where, expand(p, phooks[phase]["env"]), tenv, diffs)
    # Secret keys created by the template must be keys the profile reads (or deprecated)
    for secret, keys in sorted(tkeys.items()):
        pkeys = p["secrets"].get(secret, {})
        for k in keys:
            st = (pkeys.get(k) or {}).get("status")
            if st not in ("required", "optional"):
                diffs.append("Secret %s: template creates key %s, profile status %s" % (secret, k, st))
        for k, d in sorted(pkeys.items()):
            if d["status"] == "required" and k not in keys:
                diffs.append("Secret %s: profile requires key %s, the template does not create it" % (secret, k))
    return diffs


def dump(path, tw, tkeys):
    print("== %s" % path)
    for s, keys in sorted(tkeys.items()):
        print("  Secret %s: %s" % (s, " ".join(keys)))
    for name, w in tw.items():
        print("  %s %s" % (w["kind"], name))
        for label, cs in (("container", w["containers"]), ("init", w["init"])):
            for cname, env in cs.items():
                print("    %s %s" % (label, cname))
                for e in env:
                    print("      " + fmt(e))
        for phase, (cname, env) in w["hooks"].items():
            print("    hook %s (containerName %s)" % (phase, cname))
            for e in env:
                print("      " + fmt(e))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    corpus = os.path.join(root, "..", "shared", "corpus", "3scale-templates")
    schemas = os.path.join(root, "schemas")
    do_dump = False
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--corpus" and args:
            corpus = args.pop(0)
        elif a == "--schemas" and args:
            schemas = args.pop(0)
        elif a == "--dump":
            do_dump = True
        else:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
    if not os.path.isdir(corpus):
        print("SKIP: corpus %s absent" % corpus)
        return 77
    files = sorted(f for f in os.listdir(corpus) if f.endswith((".yml", ".yaml")))
    if not files:
        print("SKIP: no template in %s" % corpus)
        return 77
    profiles = [] if do_dump else load_profiles(schemas)
    failed = False
    for f in files:
        path = os.path.join(corpus, f)
        try:
            with open(path, encoding="utf-8") as fh:
                doc = load_yaml(fh.read())
        except (YamlError, ValueError) as e:
            print("FAIL %s: cannot read: %s" % (f, e))
            failed = True
            continue
        tw, tkeys = template_wiring(doc), template_secret_keys(doc)
        if do_dump:
            dump(f, tw, tkeys)
            continue
        v = template_version(f, doc)
        if v is None:
            print("FAIL %s: no version in the file name" % f)
            failed = True
            continue
        pf, p = profile_for(profiles, v)
        if p is None:
            print("FAIL %s: no profile covers 2.%d" % (f, v))
            failed = True
            continue
        if not tw:
            print("FAIL %s: no workload reading a Redis Secret found (reader problem?)" % f)
            failed = True
            continue
        diffs = compare(tw, tkeys, pf, p)
        if diffs:
            failed = True
            print("FAIL %s (2.%d) vs %s:" % (f, v, pf))
            for d in diffs:
                print("  " + d)
        else:
            print("ok   %s (2.%d) vs %s: %d workloads match" % (f, v, pf, len(tw)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
