#!/usr/bin/env python3
"""formats-check.py - checks the -o sarif, -o junit and -o github outputs of one run against
the -o json output of the same run (python3 standard library only).

    formats-check.py NAME EXIT JSON SARIF JUNIT GITHUB

JSON, SARIF, JUNIT and GITHUB are files holding the stdout of the four runs; EXIT is their
(common) exit status. Prints one line per problem, prefixed with NAME; exit 0 when all three
outputs are valid and say the same as the JSON, 1 otherwise.

SARIF: the 2.1.0 fields required at every level (sarifLog version and runs, run tool,
toolComponent name, result message.text, location shapes), ruleId/ruleIndex pointing into
tool.driver.rules, informationUri and each rule's helpUri (docs/rules.md#rlintNNN), levels, regions with startLine >= 1 and only for findings with a position,
URIs that decode to the file name. JUnit: parses, counts match (failures = errors + warnings),
one testsuite per file in report order. GitHub: every line is a workflow command with only the
escapes the runner knows, decoding to the finding's file, line, column, rule and message.
"""
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

PROGRAM = "3scale-redis-lint"
SARIF_LEVELS = {"error", "warning", "note", "none"}
LEVEL_OF = {"error": "error", "warning": "warning", "info": "note"}
problems = []


def fail(msg):
    problems.append(msg)


def is_str(v):
    return isinstance(v, str) and v != ""


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


# ---- SARIF ---------------------------------------------------------------------------------

def check_message(where, m):
    if not isinstance(m, dict) or not is_str(m.get("text")):
        fail("%s: message.text is missing or empty" % where)


def check_rule(i, r):
    where = "driver.rules[%d]" % i
    if not isinstance(r, dict) or not is_str(r.get("id")):
        fail("%s: no id" % where)
        return
    for k in ("shortDescription", "fullDescription"):
        if k in r:
            check_message("%s.%s" % (where, k), r[k])
    if "help" in r:
        check_message(where + ".help", r["help"])
        if "markdown" in r["help"] and not isinstance(r["help"]["markdown"], str):
            fail("%s: help.markdown is not a string" % where)
    # SARIF 3.49.12: helpUri is an absolute URI; ours is the rule's anchor in docs/rules.md
    uri = r.get("helpUri")
    if not is_str(uri) or not uri.startswith("https://") or \
            not uri.endswith("/docs/rules.md#" + r["id"].lower()):
        fail("%s: helpUri %r is not docs/rules.md#%s" % (where, uri, r["id"].lower()))
    dc = r.get("defaultConfiguration")
    if dc is not None and dc.get("level") not in SARIF_LEVELS:
        fail("%s: defaultConfiguration.level %r" % (where, dc.get("level")))
    tags = r.get("properties", {}).get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        fail("%s: properties.tags is not a list of strings" % where)


def uri_to_file(where, art):
    uri = art.get("uri")
    if not is_str(uri):
        fail("%s: artifactLocation.uri missing" % where)
        return None
    if re.search(r"[^A-Za-z0-9\-._~/%:]", uri):
        fail("%s: uri %r has characters that must be percent-encoded" % (where, uri))
    parsed = urllib.parse.urlsplit(uri)
    if "uriBaseId" in art:
        if parsed.scheme or uri.startswith("/"):
            fail("%s: uriBaseId on an absolute URI %r" % (where, uri))
        if art["uriBaseId"] != "%SRCROOT%":
            fail("%s: uriBaseId %r" % (where, art["uriBaseId"]))
        return urllib.parse.unquote(uri)
    if parsed.scheme == "file":
        return urllib.parse.unquote(parsed.path)
    if parsed.scheme:
        fail("%s: unexpected URI scheme in %r" % (where, uri))
    return urllib.parse.unquote(uri)


def check_sarif(text, findings, status):
    try:
        doc = json.loads(text)
    except ValueError as e:
        fail("sarif: not JSON: %s" % e)
        return
    if doc.get("version") != "2.1.0":
        fail("sarif: version %r" % doc.get("version"))
    if not is_str(doc.get("$schema")):
        fail("sarif: no $schema")
    runs = doc.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        fail("sarif: runs is not a list of one run")
        return
    run = runs[0]
    driver = run.get("tool", {}).get("driver")
    if not isinstance(driver, dict) or driver.get("name") != PROGRAM:
        fail("sarif: tool.driver.name missing or wrong")
        return
    for k in ("version", "semanticVersion", "informationUri"):
        if not is_str(driver.get(k)):
            fail("sarif: driver.%s missing" % k)
    rules = driver.get("rules", [])
    if not isinstance(rules, list):
        fail("sarif: driver.rules is not a list")
        return
    for i, r in enumerate(rules):
        check_rule(i, r)
    ids = [r.get("id") for r in rules if isinstance(r, dict)]
    if len(ids) != len(set(ids)):
        fail("sarif: duplicate rule ids in driver.rules")
    inv = run.get("invocations")
    if not isinstance(inv, list) or len(inv) != 1:
        fail("sarif: invocations is not a list of one")
    else:
        if not isinstance(inv[0].get("executionSuccessful"), bool):
            fail("sarif: invocations[0].executionSuccessful is required")
        elif inv[0]["executionSuccessful"] != (status != 3):
            fail("sarif: executionSuccessful %r with exit %d" % (inv[0]["executionSuccessful"], status))
        if inv[0].get("exitCode") != status:
            fail("sarif: exitCode %r, exit status %d" % (inv[0].get("exitCode"), status))
    results = run.get("results")
    if not isinstance(results, list):
        fail("sarif: results is not a list")
        return
    if len(results) != len(findings):
        fail("sarif: %d results, %d findings in -o json" % (len(results), len(findings)))
        return
    if set(ids) != {f["rule"] for f in findings}:
        fail("sarif: driver.rules %s, rules that fired %s"
             % (sorted(ids), sorted({f["rule"] for f in findings})))
    for i, (r, f) in enumerate(zip(results, findings)):
        where = "sarif results[%d] (%s)" % (i, f["rule"])
        check_message(where, r.get("message"))
        if r.get("message", {}).get("text") != f["message"]:
            fail("%s: message differs from -o json" % where)
        if r.get("ruleId") != f["rule"]:
            fail("%s: ruleId %r" % (where, r.get("ruleId")))
        ri = r.get("ruleIndex")
        if not is_int(ri) or not 0 <= ri < len(rules) or rules[ri].get("id") != r.get("ruleId"):
            fail("%s: ruleIndex %r does not point at rule %r" % (where, ri, r.get("ruleId")))
        if r.get("level") not in SARIF_LEVELS or r.get("level") != LEVEL_OF[f["severity"]]:
            fail("%s: level %r for severity %s" % (where, r.get("level"), f["severity"]))
        locs = r.get("locations")
        if not isinstance(locs, list) or len(locs) != 1:
            fail("%s: locations is not a list of one" % where)
            continue
        phys = locs[0].get("physicalLocation")
        if not isinstance(phys, dict) or not isinstance(phys.get("artifactLocation"), dict):
            fail("%s: no physicalLocation.artifactLocation" % where)
            continue
        if uri_to_file(where, phys["artifactLocation"]) != f["file"]:
            fail("%s: uri %r does not name %r" % (where, phys["artifactLocation"].get("uri"),
                                                  f["file"]))
        region = phys.get("region")
        if f["line"] is None:
            if region is not None:
                fail("%s: a region for a finding without a position" % where)
        elif not isinstance(region, dict):
            fail("%s: no region for line %d" % (where, f["line"]))
        else:
            if not is_int(region.get("startLine")) or region["startLine"] < 1:
                fail("%s: startLine %r" % (where, region.get("startLine")))
            elif region["startLine"] != f["line"]:
                fail("%s: startLine %r, line %r" % (where, region["startLine"], f["line"]))
            if "startColumn" in region and (not is_int(region["startColumn"])
                                            or region["startColumn"] < 1):
                fail("%s: startColumn %r" % (where, region["startColumn"]))
            if f["column"] is not None and region.get("startColumn") != f["column"]:
                fail("%s: startColumn %r, column %r" % (where, region.get("startColumn"),
                                                         f["column"]))
        logical = locs[0].get("logicalLocations")
        obj = f["object"]
        if obj is None:
            if logical is not None:
                fail("%s: logicalLocations without an object" % where)
        else:
            want = "/".join(x for x in (obj["kind"], obj["namespace"], obj["name"] or "")
                            if x is not None)
            if (not isinstance(logical, list) or len(logical) != 1
                    or logical[0].get("fullyQualifiedName") != want
                    or logical[0].get("kind") != "object"):
                fail("%s: logicalLocations %r, expected %r" % (where, logical, want))
        props = r.get("properties", {})
        for k in ("component", "key", "path"):
            if props.get(k) != f[k]:
                fail("%s: properties.%s %r, -o json %r" % (where, k, props.get(k), f[k]))


# ---- JUnit ---------------------------------------------------------------------------------

XML_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def xml_clean(s):
    return XML_DROPPED.sub("", s)


def check_junit(text, findings):
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        fail("junit: does not parse: %s" % e)
        return
    if not text.startswith('<?xml version="1.0" encoding="UTF-8"?>'):
        fail("junit: no XML declaration")
    if root.tag != "testsuites" or root.get("name") != PROGRAM:
        fail("junit: root is <%s name=%r>" % (root.tag, root.get("name")))
    nfail = sum(1 for f in findings if f["severity"] in ("error", "warning"))
    want_tests = max(len(findings), 1)
    if root.get("tests") != str(want_tests) or root.get("failures") != str(nfail) \
            or root.get("errors") != "0":
        fail("junit: testsuites tests=%r failures=%r errors=%r, expected %d/%d/0"
             % (root.get("tests"), root.get("failures"), root.get("errors"), want_tests, nfail))
    suites = root.findall("testsuite")
    cases = [c for s in suites for c in s.findall("testcase")]
    for s in suites:
        tc = s.findall("testcase")
        if s.get("tests") != str(len(tc)):
            fail("junit: testsuite %r tests=%r with %d testcases" % (s.get("name"), s.get("tests"), len(tc)))
        nf = sum(1 for c in tc if c.find("failure") is not None)
        if s.get("failures") != str(nf):
            fail("junit: testsuite %r failures=%r with %d failures" % (s.get("name"), s.get("failures"), nf))
    if not findings:
        if (len(suites) != 1 or suites[0].get("name") != PROGRAM or len(cases) != 1
                or cases[0].get("name") != "no findings" or cases[0].find("failure") is not None):
            fail("junit: no findings, but not one passing 'no findings' testcase")
        return
    files = []
    for f in findings:
        if xml_clean(f["file"]) not in files:
            files.append(xml_clean(f["file"]))
    if [s.get("name") for s in suites] != files:
        fail("junit: testsuites %r, files %r" % ([s.get("name") for s in suites], files))
    if len(cases) != len(findings):
        fail("junit: %d testcases, %d findings" % (len(cases), len(findings)))
        return
    for i, (c, f) in enumerate(zip(cases, findings)):
        where = "junit testcase %d (%s)" % (i, f["rule"])
        if c.get("classname") != xml_clean(f["file"]):
            fail("%s: classname %r, file %r" % (where, c.get("classname"), f["file"]))
        name = c.get("name", "")
        if not name.startswith(f["rule"]):
            fail("%s: name %r does not start with the rule" % (where, name))
        if f["line"] is not None and not name.endswith(" %d:%d" % (f["line"], f["column"] or 0)):
            fail("%s: name %r does not end with the position" % (where, name))
        if f["line"] is None and re.search(r" \d+:\d+$", name):
            fail("%s: name %r has a position the finding has not" % (where, name))
        fe = c.find("failure")
        if f["severity"] in ("error", "warning"):
            if fe is None:
                fail("%s: an %s finding is not a failure" % (where, f["severity"]))
                continue
            if fe.get("type") != f["rule"] or fe.get("message") != xml_clean(f["message"]):
                fail("%s: failure type=%r message=%r" % (where, fe.get("type"), fe.get("message")))
            if f["message"] not in (fe.text or "") or "[%s]" % f["rule"] not in (fe.text or ""):
                fail("%s: failure body %r lacks the text line" % (where, fe.text))
        else:
            if fe is not None:
                fail("%s: an info finding is a failure" % where)
            so = c.find("system-out")
            if so is None or f["message"] not in (so.text or ""):
                fail("%s: info finding without its text in <system-out>" % where)


# ---- GitHub --------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
PROPERTY = re.compile(r"^([a-zA-Z]+)=([^,:]*)$")
BAD_ESCAPE = re.compile(r"%(?!25|0D|0A|3A|2C)")
MSG_BAD_ESCAPE = re.compile(r"%(?!25|0D|0A)")


def unescape(s):
    for a, b in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        s = s.replace(a, b)
    return s


def parse_command(where, line):
    m = COMMAND.match(line)
    if not m:
        fail("%s: not a workflow command: %r" % (where, line))
        return None
    props = {}
    for p in m.group(2).split(","):
        pm = PROPERTY.match(p)
        if not pm:
            fail("%s: bad property %r" % (where, p))
            return None
        if BAD_ESCAPE.search(pm.group(2)):
            fail("%s: unescaped %% in property %r" % (where, p))
        props[pm.group(1)] = unescape(pm.group(2))
    if MSG_BAD_ESCAPE.search(m.group(3)):
        fail("%s: unescaped %% in the message %r" % (where, m.group(3)))
    return m.group(1), props, unescape(m.group(3))


def check_github(text, findings, summary):
    if not text.endswith("\n"):
        fail("github: output does not end with a newline")
    lines = text.split("\n")[:-1]
    if len(lines) != len(findings) + 1:
        fail("github: %d lines for %d findings (+1 summary)" % (len(lines), len(findings)))
        return
    cmd = {"error": "error", "warning": "warning", "info": "notice"}
    for i, (line, f) in enumerate(zip(lines, findings)):
        where = "github line %d (%s)" % (i + 1, f["rule"])
        if "\r" in line:
            fail("%s: raw carriage return" % where)
        c = parse_command(where, line)
        if not c:
            continue
        name, props, msg = c
        if name != cmd[f["severity"]]:
            fail("%s: ::%s for a %s finding" % (where, name, f["severity"]))
        want = {"file": f["file"], "title": f["rule"]}
        if f["line"] is not None:
            want["line"] = str(f["line"])
            if f["column"] is not None:
                want["col"] = str(f["column"])
        if props != want:
            fail("%s: properties %r, expected %r" % (where, props, want))
        if msg.split("\n")[0] != f["message"]:
            fail("%s: message %r, expected %r" % (where, msg.split("\n")[0], f["message"]))
    c = parse_command("github summary line", lines[-1])
    if c:
        name, props, msg = c
        want = "%d error%s, %d warning%s, %d info in " % (
            summary["errors"], "" if summary["errors"] == 1 else "s",
            summary["warnings"], "" if summary["warnings"] == 1 else "s", summary["info"])
        if name != "notice" or props != {"title": PROGRAM} or not msg.startswith(want):
            fail("github: summary line %r does not start with %r" % (lines[-1], want))


def main():
    if len(sys.argv) != 7:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(99)
    name, status = sys.argv[1], int(sys.argv[2])
    texts = []
    for fmt, p in zip(("json", "sarif", "junit", "github"), sys.argv[3:]):
        with open(p, "rb") as fh:
            data = fh.read()
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError as e:
            print("%s: -o %s is not UTF-8: %s" % (name, fmt, e))
            sys.exit(1)
    try:
        report = json.loads(texts[0])
    except ValueError as e:
        print("%s: -o json is not JSON: %s" % (name, e))
        sys.exit(1)
    findings = report["findings"]
    check_sarif(texts[1], findings, status)
    check_junit(texts[2], findings)
    check_github(texts[3], findings, report["summary"])
    for p in problems:
        print("%s: %s" % (name, p))
    print("%s: %d findings, %s" % (name, len(findings), "FAIL" if problems else "ok"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
