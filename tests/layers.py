#!/usr/bin/env python3
"""layers.py - lib/'s layering rule (HACKING.md "Layers"), checked over #include lines.

Every folder of lib/ is a layer, bottom-up: common/ (outside lib/), base/, load/, model/,
readers/, rules/, report/, then the files directly in lib/ (the public API) on top. A file may
include a header of its own layer or of a layer below, never one above; and no header may come
back to itself through its includes (an include circle), even within one layer. And the run
context is on top: below lib/'s own files no file names struct rlint_ctx (a definition of it
there, or a function that takes it, would let that layer read every other layer's state).

    tests/layers.py SOURCE_ROOT          check the tree; prints each violation as
                                         FILE:LINE: ... and exits 1 if there is one
    tests/layers.py --self-test SOURCE_ROOT
                                         copies lib/ and common/, adds an upward include and
                                         then a circle, and checks that each is reported

Only #include "..." lines count: <rlint/...> is the public header and <...> the system's.
A quoted name is looked up beside the including file, then in every layer's folder (they are
all on the include path, lib/meson.build); a name found in two folders is itself an error,
since the compiler would pick one silently.
"""
import os
import re
import shutil
import sys
import tempfile

LAYERS = ["common", "base", "load", "model", "readers", "rules", "report", "."]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
RUN_CONTEXT = re.compile(r'\bstruct\s+rlint_ctx\b')


def layer_of(root, path):
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)
    if parts[0] == "common":
        return "common"
    if parts[0] != "lib":
        return None
    return parts[1] if len(parts) > 2 else "."


def folders(root):
    out = []
    for name in LAYERS:
        out.append(os.path.join(root, "common") if name == "common"
                   else os.path.normpath(os.path.join(root, "lib", name)))
    return out


def sources(root):
    for top in (os.path.join(root, "lib"), os.path.join(root, "common")):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "include")
            for f in sorted(filenames):
                if f.endswith((".c", ".h")):
                    yield os.path.join(dirpath, f)


def resolve(root, includer, name):
    """The file an #include "name" in includer reaches, or an error message."""
    beside = os.path.normpath(os.path.join(os.path.dirname(includer), name))
    if os.path.isfile(beside):
        return beside, None
    found = [os.path.join(d, name) for d in folders(root)
             if os.path.isfile(os.path.join(d, name))]
    if len(found) == 1:
        return os.path.normpath(found[0]), None
    if not found:
        return None, f'"{name}" is in no layer\'s folder'
    rels = ", ".join(os.path.relpath(f, root) for f in found)
    return None, f'"{name}" is in more than one layer ({rels})'


def check(root):
    errors = []
    edges = {}
    for path in sources(root):
        rel = os.path.relpath(path, root)
        mine = layer_of(root, path)
        edges.setdefault(path, [])
        with open(path, encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                if mine != "." and RUN_CONTEXT.search(line):
                    what = "defines" if re.search(r'\brlint_ctx\s*\{', line) else "names"
                    errors.append(f"{rel}:{lineno}: {what} struct rlint_ctx below the top: "
                                  "the run context belongs to lib/ctx.h; take this layer's "
                                  "own state struct")
                m = INCLUDE.match(line)
                if not m:
                    continue
                target, err = resolve(root, path, m.group(1))
                if err:
                    errors.append(f"{rel}:{lineno}: {err}")
                    continue
                edges[path].append((target, lineno))
                theirs = layer_of(root, target)
                if theirs is None:
                    errors.append(f"{rel}:{lineno}: includes {os.path.relpath(target, root)}, "
                                  "outside lib/ and common/")
                elif LAYERS.index(theirs) > LAYERS.index(mine):
                    errors.append(
                        f"{rel}:{lineno}: upward include of {os.path.relpath(target, root)}: "
                        f"layer {layer_name(mine)} includes layer {layer_name(theirs)}, "
                        "which is above it")
    errors.extend(circles(root, edges))
    return errors


def layer_name(layer):
    return "lib/ (top)" if layer == "." else layer + "/"


def circles(root, edges):
    """Each include circle once, as the path that closes it."""
    out = []
    state = {}  # absent: not seen; 1: on the current path; 2: done
    seen = set()

    def visit(node, path):
        state[node] = 1
        path.append(node)
        for target, lineno in edges.get(node, []):
            if state.get(target) == 1:
                loop = path[path.index(target):]
                key = frozenset(loop)
                if key not in seen:
                    seen.add(key)
                    names = " -> ".join(os.path.relpath(p, root) for p in loop + [target])
                    out.append(f"{os.path.relpath(node, root)}:{lineno}: include circle: {names}")
            elif state.get(target) is None:
                visit(target, path)
        path.pop()
        state[node] = 2

    sys.setrecursionlimit(10000)
    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    return out


def self_test(root):
    """The check must fail on each kind of violation it claims to catch."""
    cases = [
        # (file to edit, line to add, what the report must say)
        ("lib/load/node.h", '#include "report.h"\n', "upward include of lib/report/report.h"),
        ("lib/model/model.h", '#include "objects.h"\n', "include circle"),
        ("lib/base/util.h", 'struct rlint_ctx {\n    int minor;\n};\n',
         "defines struct rlint_ctx below the top"),
        ("lib/rules/rules.h", 'int rules_check_all(struct rlint_ctx *ctx);\n',
         "names struct rlint_ctx below the top"),
        ("lib/model/keys.h", '#include "no-such-header.h"\n', "is in no layer's folder"),
    ]
    failed = 0
    if check(root):
        print("FAIL self-test: the tree itself does not pass")
        return 1
    for rel, line, expect in cases:
        with tempfile.TemporaryDirectory() as tmp:
            for d in ("lib", "common"):
                shutil.copytree(os.path.join(root, d), os.path.join(tmp, d))
            with open(os.path.join(tmp, rel), "a", encoding="utf-8") as f:
                f.write(line)
            errors = check(tmp)
            shown = " ".join(line.split())
            hits = [e for e in errors if expect in e and rel in e]
            if hits:
                print(f"PASS self-test {rel} + {shown}: {hits[0]}")
            else:
                print(f"FAIL self-test {rel} + {shown}: expected '{expect}', got {errors}")
                failed += 1
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    errors = check(argv[1])
    for e in errors:
        print(e)
    nfiles = sum(1 for _ in sources(argv[1]))
    print(f"{nfiles} files checked, {len(errors)} layering violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
