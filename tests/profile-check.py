#!/usr/bin/env python3
"""Validate the 3scale version profiles (schemas/3scale-*.json).

Usage:
  profile-check.py [SCHEMAS_DIR]      validate every profile of SCHEMAS_DIR (default: schemas/
                                      next to tests/) against SCHEMAS_DIR/profile.schema.json,
                                      then run the checks the schema cannot express
  profile-check.py --self-test [SCHEMAS_DIR]
                                      prove that the checks fail: each broken profile of
                                      tests/data/bad-profiles/ (listed in its MANIFEST) is put
                                      into a copy of the good set and must be rejected with the
                                      expected message
Exit status: 0 success, 1 failure, 2 usage.

python3 stdlib only. The JSON Schema validator below implements the subset of draft 2020-12
that profile.schema.json uses: type, required, properties, additionalProperties (false or a
schema), enum, items (a schema), pattern, minItems, and "$ref" to "#/$defs/<name>"; any other
keyword in the schema is an error, so the schema cannot silently outgrow the validator.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BAD_DIR = os.path.join(HERE, "data", "bad-profiles")
FIRST, LAST = 0, 16  # 3scale 2.0 ... 2.16
LAST_DC = 14         # DeploymentConfig up to 2.14, Deployment from 2.15

SUPPORTED = {"$schema", "$id", "$comment", "$defs", "$ref", "title", "description", "type",
             "required", "properties", "additionalProperties", "enum", "items", "pattern",
             "minItems"}


class Fail(Exception):
    pass


# --------------------------------------------------------------------------------------------
# JSON Schema subset


def _ptr(path):
    """JSON path for messages: $.workloads[3].containers[0].name"""
    out = "$"
    for p in path:
        if isinstance(p, int):
            out += "[%d]" % p
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", p):
            out += "." + p
        else:
            out += "[%s]" % json.dumps(p)
    return out


def _type_ok(value, t):
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "null":
        return value is None
    raise Fail("schema: unknown type '%s'" % t)


def _jtype(value):
    for t in ("null", "boolean", "object", "array", "string", "integer", "number"):
        if _type_ok(value, t):
            return t
    return type(value).__name__


class Validator:
    def __init__(self, schema):
        self.root = schema
        self._check_schema(schema, ["#"])

    def _check_schema(self, s, where):
        if isinstance(s, bool):
            return
        if not isinstance(s, dict):
            raise Fail("schema %s: not an object" % "/".join(where))
        for k in s:
            if k not in SUPPORTED:
                raise Fail("schema %s: keyword '%s' is not supported by this validator"
                           % ("/".join(where), k))
        for name, sub in (s.get("$defs") or {}).items():
            self._check_schema(sub, where + ["$defs", name])
        for name, sub in (s.get("properties") or {}).items():
            self._check_schema(sub, where + ["properties", name])
        for k in ("items", "additionalProperties"):
            if k in s:
                self._check_schema(s[k], where + [k])
        if "$ref" in s:
            self._resolve(s["$ref"])

    def _resolve(self, ref):
        if not ref.startswith("#/$defs/"):
            raise Fail("schema: only local '#/$defs/...' references are supported, not '%s'" % ref)
        name = ref[len("#/$defs/"):]
        defs = self.root.get("$defs") or {}
        if name not in defs:
            raise Fail("schema: '%s' does not resolve" % ref)
        return defs[name]

    def validate(self, value):
        """List of error messages (empty: valid)."""
        errors = []
        self._validate(value, self.root, [], errors)
        return errors

    def _validate(self, v, s, path, errors):
        if s is True:
            return
        if s is False:
            errors.append("%s: not allowed here" % _ptr(path))
            return
        if "$ref" in s:
            self._validate(v, self._resolve(s["$ref"]), path, errors)
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(_type_ok(v, t) for t in types):
                errors.append("%s: is %s, must be %s" % (_ptr(path), _jtype(v), " or ".join(types)))
                return
        if "enum" in s and not any(v == e and type(v) is type(e) for e in s["enum"]):
            errors.append("%s: %s is not one of %s" % (_ptr(path), json.dumps(v),
                                                       ", ".join(json.dumps(e) for e in s["enum"])))
        if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
            errors.append("%s: %s does not match pattern %s" % (_ptr(path), json.dumps(v), s["pattern"]))
        if isinstance(v, list):
            if "minItems" in s and len(v) < s["minItems"]:
                errors.append("%s: has %d items, at least %d required" % (_ptr(path), len(v), s["minItems"]))
            if "items" in s:
                for i, item in enumerate(v):
                    self._validate(item, s["items"], path + [i], errors)
        if isinstance(v, dict):
            for r in s.get("required", []):
                if r not in v:
                    errors.append("%s: required member '%s' is missing" % (_ptr(path), r))
            props = s.get("properties", {})
            for k, item in v.items():
                if k in props:
                    self._validate(item, props[k], path + [k], errors)
                elif "additionalProperties" in s:
                    ap = s["additionalProperties"]
                    if ap is False:
                        errors.append("%s: unknown member '%s' (additionalProperties is false)"
                                      % (_ptr(path), k))
                    else:
                        self._validate(item, ap, path + [k], errors)


# --------------------------------------------------------------------------------------------
# Checks the schema cannot express


def minor(v):
    m = re.match(r"^2\.(\d+)$", v if isinstance(v, str) else "")
    return int(m.group(1)) if m else None


def check_profile(fname, p):
    """Semantic checks of one profile that passed the schema."""
    errs = []
    frm, to = minor(p["from"]), minor(p["to"])
    if frm > to:
        errs.append("$.from: %s is after $.to %s" % (p["from"], p["to"]))
    if p["profile"] != p["from"]:
        errs.append("$.profile: '%s' must equal $.from '%s'" % (p["profile"], p["from"]))
    if fname != "3scale-%s.json" % p["from"]:
        errs.append("file name must be 3scale-%s.json (its $.from)" % p["from"])
    # one side of the DC -> Deployment switch
    want_kind = "DeploymentConfig" if to <= LAST_DC else "Deployment"
    if frm <= LAST_DC < to:
        errs.append("$: range %s-%s straddles the DeploymentConfig -> Deployment switch (2.%d/2.%d)"
                    % (p["from"], p["to"], LAST_DC, LAST_DC + 1))
    if p["workload_kind"] != want_kind:
        errs.append("$.workload_kind: '%s', must be '%s' for %s-%s"
                    % (p["workload_kind"], want_kind, p["from"], p["to"]))

    keys = p["secrets"]
    for secret, kmap in keys.items():
        for k, d in kmap.items():
            if d.get("operator_fills") and d["status"] != "required":
                errs.append("$.secrets[%s][%s]: operator_fills on a key with status '%s' "
                            "(only a required key is worth filling)" % (json.dumps(secret), json.dumps(k), d["status"]))

    # env blocks: keys read, optional flag, duplicates. An empty block says that the apps read
    # no Secret key at all (2.0-2.3 set Redis env as literals): only where no key is read.
    reads_secrets = any(d["status"] in ("required", "optional")
                        for kmap in keys.values() for d in kmap.values())
    used_keys = {}
    for bname, block in p["env_blocks"].items():
        seen = set()
        if not block and reads_secrets:
            errs.append("$.env_blocks[%s]: empty, but this version reads Secret keys (an empty "
                        "block is only for a version without Redis Secrets)" % json.dumps(bname))
        for i, e in enumerate(block):
            where = "$.env_blocks[%s][%d]" % (json.dumps(bname), i)
            if e["name"] in seen:
                errs.append("%s: env var %s appears twice in block '%s'" % (where, e["name"], bname))
            seen.add(e["name"])
            kd = keys.get(e["secret"], {}).get(e["key"])
            if kd is None:
                errs.append("%s: %s/%s is not a key of $.secrets" % (where, e["secret"], e["key"]))
                continue
            if kd["status"] not in ("required", "optional"):
                errs.append("%s: %s reads %s/%s, whose status is '%s' (must be required or optional)"
                            % (where, e["name"], e["secret"], e["key"], kd["status"]))
            opt = e.get("optional", False)
            if opt != (kd["status"] == "optional"):
                errs.append("%s: %s has optional=%s but key %s/%s has status '%s' "
                            "(optional: true iff the key is optional)"
                            % (where, e["name"], str(opt).lower(), e["secret"], e["key"], kd["status"]))
            used_keys.setdefault((e["secret"], e["key"]), set()).add(opt)

    # workloads
    used_blocks = set()
    seen_wl = set()
    for i, w in enumerate(p["workloads"]):
        where = "$.workloads[%d]" % i
        ident = (w["kind"], w["name"])
        if ident in seen_wl:
            errs.append("%s: %s %s listed twice" % (where, w["kind"], w["name"]))
        seen_wl.add(ident)
        if w["kind"] != "Job" and w["kind"] != p["workload_kind"]:
            errs.append("%s.kind: %s '%s' in a profile whose workload_kind is %s"
                        % (where, w["kind"], w["name"], p["workload_kind"]))
        names = set()
        for label in ("containers", "init_containers"):
            for j, c in enumerate(w.get(label, [])):
                cw = "%s.%s[%d]" % (where, label, j)
                if c["name"] in names:
                    errs.append("%s: container name '%s' used twice in %s" % (cw, c["name"], w["name"]))
                names.add(c["name"])
                if c["name"] == "*" and (w["kind"] != "Job" or label != "containers"):
                    errs.append("%s: name '*' is only for the single container of a Job" % cw)
                errs.extend(check_block_refs(p, cw, c["env"], used_blocks))
        if w["kind"] == "Job":
            if len(w["containers"]) != 1 or w["containers"][0]["name"] != "*":
                errs.append("%s: a Job has a single container named '*'" % where)
            if w.get("init_containers"):
                errs.append("%s: a Job entry has no init_containers" % where)
        if "hooks" in w:
            if w["kind"] != "DeploymentConfig":
                errs.append("%s.hooks: lifecycle hooks exist only on a DeploymentConfig" % where)
            phases = set()
            for j, h in enumerate(w["hooks"]):
                hw = "%s.hooks[%d]" % (where, j)
                if h["phase"] in phases:
                    errs.append("%s: phase '%s' twice" % (hw, h["phase"]))
                phases.add(h["phase"])
                if h["container"] not in [c["name"] for c in w["containers"]]:
                    errs.append("%s.container: '%s' is not a container of %s" % (hw, h["container"], w["name"]))
                errs.extend(check_block_refs(p, hw, h["env"], used_blocks))

    for bname in p["env_blocks"]:
        if bname not in used_blocks:
            errs.append("$.env_blocks[%s]: block read by no container or hook" % json.dumps(bname))

    # every required key is read (without optional) somewhere; an optional key is read with
    # optional: true, or is a TLS file key (REDIS_SSL_*: mounted, not env)
    for secret, kmap in keys.items():
        for k, d in kmap.items():
            uses = used_keys.get((secret, k))
            if d["status"] == "required" and not uses:
                errs.append("$.secrets[%s][%s]: status required but no env block reads it"
                            % (json.dumps(secret), json.dumps(k)))
            if d["status"] == "optional" and not uses and not k.startswith("REDIS_SSL_"):
                errs.append("$.secrets[%s][%s]: status optional but no env block reads it"
                            % (json.dumps(secret), json.dumps(k)))

    # clients: an async default needs the async client; a component with a client reads
    # its env block
    if p["backend_async_default"] and "backend_async" not in p["clients"]:
        errs.append("$.clients.backend_async: the backend runs async by default, its client must be named")
    for comp, block in (("backend_sync", "backend"), ("backend_async", "backend"), ("system", "system")):
        if comp in p["clients"] and block not in p["env_blocks"]:
            errs.append("$.clients.%s: reads the env block '%s', which is missing" % (comp, block))
    return errs


def check_block_refs(p, where, blocks, used):
    errs = []
    seen_env = {}
    for b in blocks:
        if b not in p["env_blocks"]:
            errs.append("%s.env: block '%s' is not in $.env_blocks" % (where, b))
            continue
        used.add(b)
        for e in p["env_blocks"][b]:
            if e["name"] in seen_env and seen_env[e["name"]] != b:
                errs.append("%s.env: %s comes from both block '%s' and block '%s'"
                            % (where, e["name"], seen_env[e["name"]], b))
            seen_env[e["name"]] = b
    return errs


def check_set(profiles):
    """Checks across profiles: 2.FIRST ... 2.LAST covered exactly once."""
    errs = []
    cover = {}
    for fname, p in profiles:
        frm, to = minor(p["from"]), minor(p["to"])
        for v in range(frm, to + 1):
            cover.setdefault(v, []).append(fname)
        if frm < FIRST or to > LAST:
            errs.append("%s: range %s-%s is outside 2.%d-2.%d" % (fname, p["from"], p["to"], FIRST, LAST))
    for v in range(FIRST, LAST + 1):
        if v not in cover:
            errs.append("3scale 2.%d is covered by no profile" % v)
        elif len(cover[v]) > 1:
            errs.append("3scale 2.%d is covered by more than one profile (overlap): %s"
                        % (v, ", ".join(sorted(cover[v]))))
    return errs


def load_dir(schemas, overrides=None):
    """{file name: text} of the profiles, with overrides ({name: text or None}) applied."""
    files = {}
    for f in sorted(os.listdir(schemas)):
        if f.startswith("3scale-") and f.endswith(".json"):
            with open(os.path.join(schemas, f), encoding="utf-8") as fh:
                files[f] = fh.read()
    for k, v in (overrides or {}).items():
        if v is None:
            files.pop(k, None)
        else:
            files[k] = v
    return files


def run(schema_path, files):
    """List of error lines for the set of profiles `files` ({name: text})."""
    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    val = Validator(schema)
    errors = []
    good = []
    if not files:
        return ["no 3scale-*.json profile found"]
    for fname in sorted(files):
        try:
            p = json.loads(files[fname], object_pairs_hook=_no_dup)
        except (ValueError, Fail) as e:
            errors.append("%s: invalid JSON: %s" % (fname, e))
            continue
        errs = val.validate(p)
        if not errs:
            errs = check_profile(fname, p)
        if errs:
            errors.extend("%s: %s" % (fname, e) for e in errs)
        else:
            good.append((fname, p))
    if not errors:
        errors.extend(check_set(good))
    return errors


def _no_dup(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise Fail("duplicate member '%s'" % k)
        out[k] = v
    return out


def self_test(schemas):
    schema_path = os.path.join(schemas, "profile.schema.json")
    base = run(schema_path, load_dir(schemas))
    if base:
        print("self-test: the good profiles do not pass:")
        for e in base:
            print("  " + e)
        return 1
    manifest = os.path.join(BAD_DIR, "MANIFEST")
    cases = []
    with open(manifest, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                print("self-test: %s:%d: want FILE<TAB>REPLACES<TAB>EXPECTED" % (manifest, no))
                return 1
            cases.append(parts)
    listed = {c[0] for c in cases}
    present = {f for f in os.listdir(BAD_DIR) if f.endswith(".json")}
    failed = False
    for f in sorted(present - listed):
        print("FAIL %s: not listed in MANIFEST" % f)
        failed = True
    for f in sorted(listed - present):
        print("FAIL %s: listed in MANIFEST, file missing" % f)
        failed = True
    for fname, replaces, expected in cases:
        if fname not in present:
            continue
        with open(os.path.join(BAD_DIR, fname), encoding="utf-8") as fh:
            text = fh.read()
        # the bad file takes the place of the good profile REPLACES under that name
        errs = run(schema_path, load_dir(schemas, {replaces: text}))
        if not errs:
            print("FAIL %s: accepted (should be rejected: %s)" % (fname, expected))
            failed = True
        elif not any(expected in e for e in errs):
            print("FAIL %s: rejected, but not with '%s':" % (fname, expected))
            for e in errs:
                print("    " + e)
            failed = True
        else:
            print("ok   %s: rejected: %s" % (fname, next(e for e in errs if expected in e)))
    if not cases:
        print("FAIL no case in MANIFEST")
        failed = True
    return 1 if failed else 0


def main(argv):
    args = argv[1:]
    selftest = False
    if args and args[0] == "--self-test":
        selftest = True
        args = args[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    schemas = args[0] if args else os.path.join(ROOT, "schemas")
    try:
        if selftest:
            return self_test(schemas)
        errors = run(os.path.join(schemas, "profile.schema.json"), load_dir(schemas))
    except (OSError, ValueError, Fail) as e:
        print("profile-check: %s" % e)
        return 1
    if errors:
        for e in errors:
            print("FAIL " + e)
        return 1
    n = len(load_dir(schemas))
    print("ok   %d profiles valid against profile.schema.json, 2.%d-2.%d covered exactly once"
          % (n, FIRST, LAST))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
