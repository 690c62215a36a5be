#!/usr/bin/env python3
"""kube-standin.py - a small, honest stand-in for a kube-apiserver, for the --live tests.

Serves HTTPS (or plain HTTP with --http) on 127.0.0.1 only, on a free port written to
--port-file. It authenticates (static bearer tokens, client certificates, else
system:anonymous), authorizes with a tiny RBAC (Roles and RoleBindings read from YAML, bindings
from the tokens file, the built-in discovery roles, system:masters and cluster-admin), and
answers GET by name and LIST for the resources the linter reads, plus the discovery documents
kubectl needs. Python 3 standard library only.

What it reproduces of a real kube-apiserver (v1.32, facts from real responses, not copies):
  * the order authentication (401) -> authorization (403) -> routing (text/plain 404 for a group
    or resource that is not served) -> handler (404 Status NotFound);
  * Status JSON bodies (kind, apiVersion "v1", metadata {}, status, message, reason, details,
    code) with the API server's message formats:
      401  "Unauthorized"
      403  <resource>[.<group>] "<name>" is forbidden: User "<user>" cannot <verb> resource
           "<resource>" in API group "<group>" in the namespace "<ns>"   (LIST: no name;
           cluster scope: "at the cluster scope"; non-resource: forbidden: User "u" cannot get
           path "/p", details {})
      404  <resource>[.<group>] "<name>" not found, reason NotFound
  * details {name, group (omitted for the core group), kind: the plural resource};
  * headers audit-id, cache-control "no-cache, private", x-content-type-options "nosniff" on
    403s and on the text/plain "404 page not found" (body with a newline), the APF
    x-kubernetes-pf-* headers after authentication, content-length, no Server header;
  * JSON pretty-printed (2 spaces, no trailing newline) for ?pretty=true or a curl/Wget
    user agent, otherwise compact with a trailing newline; Go's HTML escaping of <, >, &;
  * served objects carry uid, resourceVersion, creationTimestamp, managedFields (and
    generation for workloads); built-in types in Go struct field order with map keys sorted and
    kind/apiVersion dropped from LIST items; CRD objects (DeploymentConfig, APIManager) with
    all keys sorted, kind/apiVersion kept in items and "continue": "" in the list metadata;
  * create-time semantics for the objects file: stringData merged into base64 data, type
    Opaque, invalid base64 refused, Deployment/Job/pod/container defaults like the recording;
  * RequestInfo parsing like the API server (a LIST with fieldSelector=metadata.name=X is
    authorized as that name);
  * LIST across namespaces (/api/v1/secrets) with fieldSelector (metadata.name,
    metadata.namespace, and type for Secrets; =, ==, !=, comma-separated; any other label is
    400 "field label not supported: X"), limit and continue like etcd3's store (items in key
    order NS/NAME; a continue token is unpadded base64url of {"v","rv","start"} with start the
    last key plus a NUL; no continue key on the last page; remainingItemCount only without a
    selector); a continue token that does not decode is 400 "invalid continue token: continue
    key is not valid: ..." (the JSON error text approximates Go's); with --compacted every
    token with rv >= 0 is 410 Expired with a new token with rv -1, which lists the rest at
    the current resourceVersion (recordings fleet/secrets-continue-*); --ignore-field-selectors
    is NOT a real server's behaviour: it answers every LIST as if it had no selector, the way
    a broken proxy or server would, for the client's own check of the names;
  * ClusterRoles bound by ClusterRoleBindings (or "bind,SUBJECT,ROLE,*" lines) allow
    cluster-scope requests; a Role never does (the 403 says "at the cluster scope").
Each response goes out in one write (status line, headers and the whole body) on a TCP_NODELAY
socket, as Go's net package sets: a client reads it at the socket's pace, never this server's.
Not reproduced: HTTP/2 (http.server speaks HTTP/1.1; ALPN offers only http/1.1), a client
certificate that does not verify fails the TLS handshake instead of giving a 401, WATCH and
every write (a 405 Status after authorization), OpenShift's DeploymentConfig defaults (the
recordings come from a CRD too), managedFields only approximate kubectl's.

Usage:
  kube-standin.py serve --port-file F --objects F [--cert F --key F] [--client-ca F]
                  [--tokens F] [--role F ...] [--log F] [--openshift] [--no-apimanager-crd]
                  [--default-namespace NS] [--last-applied] [--http] [--compacted]
                  [--ignore-field-selectors]
  kube-standin.py convert [--namespace NS] FILE...      manifests (YAML/JSON) -> objects JSON
  kube-standin.py yaml2json FILE                        the minimal YAML reader, for tests

Tokens file lines (# comments):   TOKEN,USER[,GROUP1|GROUP2]
Binding lines in the same file:   bind,SUBJECT,ROLE[,NAMESPACE]
  SUBJECT is a user name or group:NAME; ROLE a Role from --role (in its namespace, or in
  NAMESPACE, or in every namespace when neither is set) or the ClusterRole cluster-admin;
  NAMESPACE "*" binds a ClusterRole from --role cluster-wide (a ClusterRoleBinding).
Request log: one JSON object a line: time, audit_id, method, path, query, user, groups,
  resource_request, verb, group, version, resource, subresource, namespace, name, status,
  rule ("Role/NAME#INDEX" that allowed it, or the built-in one), tls_error on a failed
  handshake.
"""

import base64
import copy
import datetime
import hashlib
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# --------------------------------------------------------------------------------------------
# A minimal YAML reader: block mappings and sequences, plain/quoted scalars, flow sequences and
# simple flow mappings, block scalars (| > with - +), comments, several documents. No anchors,
# tags, multi-line plain or quoted scalars. Enough for Kubernetes manifests and deploy/*.yaml.


class YAMLError(Exception):
    pass


def _strip_comment(line):
    out, quote, i = [], None, 0
    while i < len(line):
        ch = line[i]
        if quote:
            out.append(ch)
            if quote == "'" and ch == "'":
                if i + 1 < len(line) and line[i + 1] == "'":
                    out.append("'")
                    i += 1
                else:
                    quote = None
            elif quote == '"' and ch == "\\":
                if i + 1 < len(line):
                    out.append(line[i + 1])
                    i += 1
            elif quote == '"' and ch == '"':
                quote = None
        else:
            if ch == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            if ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
                quote = ch
            out.append(ch)
        i += 1
    return "".join(out).rstrip()


_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _scalar(text, lineno):
    t = text.strip()
    if t == "" or t in ("~", "null", "Null", "NULL"):
        return None
    if t[0] == '"':
        if not t.endswith('"') or len(t) < 2:
            raise YAMLError("line %d: unterminated double-quoted scalar" % lineno)
        body = t[1:-1]
        body = body.replace("\\/", "/")
        try:
            return json.loads('"' + body.replace("\\x", "\\u00").replace("\t", "\\t") + '"')
        except ValueError:
            raise YAMLError("line %d: bad escape in double-quoted scalar" % lineno)
    if t[0] == "'":
        if not t.endswith("'") or len(t) < 2:
            raise YAMLError("line %d: unterminated single-quoted scalar" % lineno)
        return t[1:-1].replace("''", "'")
    if t[0] == "[" or t[0] == "{":
        return _flow(t, lineno)
    if t[0] in "&*!|>%@`":
        raise YAMLError("line %d: unsupported YAML (%r)" % (lineno, t[0]))
    if t in ("true", "True", "TRUE"):
        return True
    if t in ("false", "False", "FALSE"):
        return False
    if _INT.match(t):
        return int(t)
    if _FLOAT.match(t) and any(c.isdigit() for c in t):
        return float(t)
    return t


def _flow(t, lineno):
    pos = [0]

    def ws():
        while pos[0] < len(t) and t[pos[0]] in " \t":
            pos[0] += 1

    def item(stop):
        ws()
        c = t[pos[0]]
        if c == "[":
            pos[0] += 1
            out = []
            ws()
            if t[pos[0]] == "]":
                pos[0] += 1
                return out
            while True:
                out.append(item(",]"))
                ws()
                c = t[pos[0]]
                pos[0] += 1
                if c == "]":
                    return out
                ws()
                if t[pos[0]] == "]":
                    pos[0] += 1
                    return out
        if c == "{":
            pos[0] += 1
            out = {}
            ws()
            if t[pos[0]] == "}":
                pos[0] += 1
                return out
            while True:
                k = item(":")
                ws()
                if t[pos[0]] != ":":
                    raise YAMLError("line %d: bad flow mapping" % lineno)
                pos[0] += 1
                out[k] = item(",}")
                ws()
                c = t[pos[0]]
                pos[0] += 1
                if c == "}":
                    return out
        if c in "'\"":
            j = pos[0] + 1
            while True:
                if j >= len(t):
                    raise YAMLError("line %d: unterminated quoted scalar" % lineno)
                if t[j] == "\\" and c == '"':
                    j += 2
                    continue
                if t[j] == c:
                    if c == "'" and j + 1 < len(t) and t[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            s = t[pos[0]:j + 1]
            pos[0] = j + 1
            return _scalar(s, lineno)
        j = pos[0]
        while j < len(t) and t[j] not in stop and t[j] not in "]}":
            if t[j] == ":" and ":" in stop and (j + 1 >= len(t) or t[j + 1] in " ,]}"):
                break
            j += 1
        s = t[pos[0]:j]
        pos[0] = j
        return _scalar(s, lineno)

    try:
        v = item("")
        ws()
        if pos[0] != len(t):
            raise YAMLError("line %d: trailing text after flow collection" % lineno)
        return v
    except IndexError:
        raise YAMLError("line %d: unterminated flow collection" % lineno)


def _split_key(s):
    """'key: value' -> (key, value) or None when s is not a mapping entry."""
    if s[:1] in ('"', "'"):
        q = s[0]
        j = 1
        while j < len(s):
            if s[j] == "\\" and q == '"':
                j += 2
                continue
            if s[j] == q:
                if q == "'" and j + 1 < len(s) and s[j + 1] == "'":
                    j += 2
                    continue
                break
            j += 1
        rest = s[j + 1:]
        if rest.startswith(":") and (len(rest) == 1 or rest[1] in " \t"):
            return _scalar(s[:j + 1], 0), rest[1:].strip()
        return None
    if s[:1] in ("[", "{"):
        return None
    m = re.match(r"^([^:]*?[^\s:]|[^\s:]):(\s+|$)", s)
    if not m:
        return None
    key = m.group(1)
    return key, s[m.end():]


def yaml_load_all(text):
    docs, cur = [], []
    for raw in text.split("\n"):
        if re.match(r"^---(\s|$)", raw) or raw.rstrip() == "...":
            docs.append(cur)
            cur = []
            rest = raw[3:].strip() if raw.startswith("---") else ""
            if rest and not rest.startswith("#"):
                cur.append(rest)
            continue
        cur.append(raw)
    docs.append(cur)
    out = []
    lineno = 0
    for lines in docs:
        v = _parse_doc(lines, lineno)
        lineno += len(lines) + 1
        if v is not None:
            out.append(v)
    return out


def _parse_doc(raw_lines, base):
    # (indent, text, lineno, raw) for meaningful lines; raw kept for block scalars.
    lines = []
    for i, raw in enumerate(raw_lines):
        if "\t" in raw[:len(raw) - len(raw.lstrip())]:
            raise YAMLError("line %d: tab in indentation" % (base + i + 1))
        lines.append((len(raw) - len(raw.lstrip(" ")), raw, base + i + 1))
    pos = [0]

    def skip_blank():
        while pos[0] < len(lines) and _strip_comment(lines[pos[0]][1]).strip() == "":
            pos[0] += 1

    def block_scalar(header, indent_min, lineno):
        style, chomp = header[0], "clip"
        for c in header[1:]:
            if c == "-":
                chomp = "strip"
            elif c == "+":
                chomp = "keep"
            elif c.isdigit():
                pass
            else:
                raise YAMLError("line %d: bad block scalar header" % lineno)
        body, ind = [], None
        while pos[0] < len(lines):
            ws, raw, _ = lines[pos[0]]
            if raw.strip() == "":
                body.append("")
                pos[0] += 1
                continue
            if ind is None:
                if ws < indent_min:
                    break
                ind = ws
            if ws < ind:
                break
            body.append(raw[ind:])
            pos[0] += 1
        trailing = 0
        while body and body[-1] == "":
            body.pop()
            trailing += 1
        if style == "|":
            s = "\n".join(body)
        else:
            s, prev_more = "", False
            for j, b in enumerate(body):
                more = b.startswith(" ") or b == ""
                if j == 0:
                    s = b
                elif b == "":
                    s += "\n"
                elif more or prev_more or s.endswith("\n"):
                    s += ("\n" if not s.endswith("\n") else "") + b
                else:
                    s += " " + b
                prev_more = b.startswith(" ")
        if chomp == "strip" or not body:
            return s
        if chomp == "keep":
            return s + "\n" * (trailing + 1)
        return s + "\n"

    def value_after(rest, indent, lineno):
        """the value of 'key: rest' or '- rest' whose key sits at column indent."""
        rest = rest.strip() if rest.lstrip()[:1] in ("|", ">") else _strip_comment(rest).strip()
        if rest[:1] in ("|", ">"):
            header = _strip_comment(rest).strip()
            pos[0] += 1
            return block_scalar(header, indent + 1, lineno)
        pos[0] += 1
        if rest != "":
            if rest[0] not in "'\"[{":
                # a multi-line plain scalar: more-indented lines continue it (folded)
                while pos[0] < len(lines):
                    ws, raw, _ = lines[pos[0]]
                    t = _strip_comment(raw).strip()
                    if t == "" or ws <= indent:
                        break
                    rest += " " + t
                    pos[0] += 1
            return _scalar(rest, lineno)
        skip_blank()
        if pos[0] >= len(lines):
            return None
        ws, raw, _ = lines[pos[0]]
        text = _strip_comment(raw).strip()
        if ws > indent or (ws == indent and (text == "-" or text.startswith("- "))):
            return node(ws)
        return None

    def node(indent):
        skip_blank()
        ws, raw, lineno = lines[pos[0]]
        text = _strip_comment(raw)[ws:]
        if text == "-" or text.startswith("- "):
            return seq(ws)
        if _split_key(text) is not None:
            return mapping(ws)
        pos[0] += 1
        return _scalar(text, lineno)

    def seq(indent):
        out = []
        while True:
            skip_blank()
            if pos[0] >= len(lines):
                return out
            ws, raw, lineno = lines[pos[0]]
            text = _strip_comment(raw)[ws:]
            if ws != indent or not (text == "-" or text.startswith("- ")):
                if ws > indent:
                    raise YAMLError("line %d: bad indentation" % lineno)
                return out
            rest = raw[ws + 1:]
            stripped = rest.lstrip(" ")
            inner = ws + 1 + (len(rest) - len(stripped))
            t = _strip_comment(stripped).strip()
            if t == "":
                out.append(value_after("", indent, lineno))
            elif t == "-" or t.startswith("- ") or _split_key(t) is not None:
                # a compact nested collection: pretend the dash was a space
                lines[pos[0]] = (inner, " " * inner + stripped, lineno)
                out.append(node(inner))
            else:
                out.append(value_after(stripped, indent, lineno))

    def mapping(indent):
        out = {}
        while True:
            skip_blank()
            if pos[0] >= len(lines):
                return out
            ws, raw, lineno = lines[pos[0]]
            text = _strip_comment(raw)[ws:] if not re.search(r":\s*[|>]", raw) else raw[ws:]
            if ws != indent:
                if ws > indent:
                    raise YAMLError("line %d: bad indentation" % lineno)
                return out
            kv = _split_key(text)
            if kv is None:
                if text.startswith("- "):
                    return out
                raise YAMLError("line %d: expected 'key: value'" % lineno)
            key, rest = kv
            if key in out:
                raise YAMLError("line %d: duplicate key %r" % (lineno, key))
            out[key] = value_after(rest, indent, lineno)

    skip_blank()
    if pos[0] >= len(lines):
        return None
    v = node(lines[pos[0]][0])
    skip_blank()
    if pos[0] < len(lines):
        raise YAMLError("line %d: unexpected text" % lines[pos[0]][2])
    return v


def load_manifests(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    s = text.lstrip()
    if s.startswith("{") or s.startswith("["):
        docs = [json.loads(text)]
    else:
        docs = yaml_load_all(text)
    objs = []
    for d in docs:
        if isinstance(d, list):
            objs.extend(d)
        elif isinstance(d, dict) and (d.get("kind") == "List" or
                                      (str(d.get("kind", "")).endswith("List") and "items" in d)):
            objs.extend(d.get("items") or [])
        elif isinstance(d, dict):
            objs.append(d)
    return objs


# --------------------------------------------------------------------------------------------
# Resources the stand-in knows: (group, version, resource) -> description.

RESOURCES = [
    # group, version, resource, kind, singular, namespaced, crd, shortNames
    ("", "v1", "secrets", "Secret", "secret", True, False, []),
    ("", "v1", "configmaps", "ConfigMap", "configmap", True, False, ["cm"]),
    ("", "v1", "serviceaccounts", "ServiceAccount", "serviceaccount", True, False, ["sa"]),
    ("", "v1", "namespaces", "Namespace", "namespace", False, False, ["ns"]),
    ("apps", "v1", "deployments", "Deployment", "deployment", True, False, ["deploy"]),
    ("apps", "v1", "statefulsets", "StatefulSet", "statefulset", True, False, ["sts"]),
    ("apps", "v1", "daemonsets", "DaemonSet", "daemonset", True, False, ["ds"]),
    ("batch", "v1", "jobs", "Job", "job", True, False, []),
    ("batch", "v1", "cronjobs", "CronJob", "cronjob", True, False, ["cj"]),
    ("rbac.authorization.k8s.io", "v1", "roles", "Role", "role", True, False, []),
    ("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", "rolebinding", True,
     False, []),
    ("apps.openshift.io", "v1", "deploymentconfigs", "DeploymentConfig", "deploymentconfig",
     True, True, ["dc"]),
    ("apps.3scale.net", "v1alpha1", "apimanagers", "APIManager", "apimanager", True, True, []),
]
BUILTIN_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
CRD_VERBS = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"]


def gv_string(group, version):
    return group + "/" + version if group else version


def storage_version_hash(group, version, kind):
    return base64.b64encode(
        hashlib.sha256(("%s/%s/%s" % (group, version, kind)).encode()).digest()[:8]).decode()


# Go struct field order of the built-in types the linter reads (k8s.io/api); fields that are
# maps are sorted (encoding/json sorts map keys). Unknown fields go last, sorted.
ORDER = {
    "Object": ["kind", "apiVersion", "metadata", "spec", "status"],
    "Secret": ["kind", "apiVersion", "metadata", "immutable", "data", "stringData", "type"],
    "ConfigMap": ["kind", "apiVersion", "metadata", "immutable", "data", "binaryData"],
    "ObjectMeta": ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
                   "generation", "creationTimestamp", "deletionTimestamp",
                   "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
                   "finalizers", "managedFields"],
    "ManagedFieldsEntry": ["manager", "operation", "apiVersion", "time", "fieldsType",
                           "fieldsV1", "subresource"],
    "DeploymentSpec": ["replicas", "selector", "template", "strategy", "minReadySeconds",
                       "revisionHistoryLimit", "paused", "progressDeadlineSeconds"],
    "DeploymentStrategy": ["type", "rollingUpdate"],
    "RollingUpdateDeployment": ["maxUnavailable", "maxSurge"],
    "JobSpec": ["parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy",
                "successPolicy", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
                "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
                "completionMode", "suspend", "podReplacementPolicy", "managedBy"],
    "CronJobSpec": ["schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy",
                    "suspend", "jobTemplate", "successfulJobsHistoryLimit",
                    "failedJobsHistoryLimit"],
    "JobTemplateSpec": ["metadata", "spec"],
    "LabelSelector": ["matchLabels", "matchExpressions"],
    "PodTemplateSpec": ["metadata", "spec"],
    "PodSpec": ["volumes", "initContainers", "containers", "ephemeralContainers",
                "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds",
                "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount",
                "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID",
                "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets",
                "hostname", "subdomain", "affinity", "schedulerName", "tolerations",
                "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
                "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
                "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers",
                "schedulingGates", "resourceClaims", "resources"],
    "Container": ["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env",
                  "resources", "resizePolicy", "restartPolicy", "volumeMounts",
                  "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe",
                  "lifecycle", "terminationMessagePath", "terminationMessagePolicy",
                  "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty"],
    "EnvVar": ["name", "value", "valueFrom"],
    "EnvVarSource": ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"],
    "KeySelector": ["name", "key", "optional"],
    "EnvFromSource": ["prefix", "configMapRef", "secretRef"],
    "LocalRefOptional": ["name", "optional"],
    "ResourceRequirements": ["limits", "requests", "claims"],
    "SecurityContext": ["capabilities", "privileged", "seLinuxOptions", "windowsOptions",
                        "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
                        "allowPrivilegeEscalation", "procMount", "seccompProfile",
                        "appArmorProfile"],
    "Capabilities": ["add", "drop"],
    "ListMeta": ["selfLink", "resourceVersion", "continue", "remainingItemCount"],
}
MAPS = {"data", "stringData", "binaryData", "labels", "annotations", "matchLabels",
        "nodeSelector", "limits", "requests", "fieldsV1"}
CHILD = {  # (type, field) -> type of the value (lists: type of each element)
    ("Object", "metadata"): "ObjectMeta", ("Secret", "metadata"): "ObjectMeta",
    ("ConfigMap", "metadata"): "ObjectMeta",
    ("ObjectMeta", "managedFields"): "ManagedFieldsEntry",
    ("Deployment", "spec"): "DeploymentSpec", ("StatefulSet", "spec"): "DeploymentSpec",
    ("DaemonSet", "spec"): "DeploymentSpec",
    ("Job", "spec"): "JobSpec", ("CronJob", "spec"): "CronJobSpec",
    ("CronJobSpec", "jobTemplate"): "JobTemplateSpec",
    ("JobTemplateSpec", "metadata"): "ObjectMeta", ("JobTemplateSpec", "spec"): "JobSpec",
    ("DeploymentSpec", "selector"): "LabelSelector", ("JobSpec", "selector"): "LabelSelector",
    ("DeploymentSpec", "template"): "PodTemplateSpec", ("JobSpec", "template"): "PodTemplateSpec",
    ("DeploymentSpec", "strategy"): "DeploymentStrategy",
    ("DeploymentStrategy", "rollingUpdate"): "RollingUpdateDeployment",
    ("PodTemplateSpec", "metadata"): "ObjectMeta", ("PodTemplateSpec", "spec"): "PodSpec",
    ("PodSpec", "containers"): "Container", ("PodSpec", "initContainers"): "Container",
    ("Container", "env"): "EnvVar", ("Container", "envFrom"): "EnvFromSource",
    ("Container", "resources"): "ResourceRequirements",
    ("Container", "securityContext"): "SecurityContext",
    ("SecurityContext", "capabilities"): "Capabilities",
    ("EnvVar", "valueFrom"): "EnvVarSource",
    ("EnvVarSource", "secretKeyRef"): "KeySelector",
    ("EnvVarSource", "configMapKeyRef"): "KeySelector",
    ("EnvFromSource", "configMapRef"): "LocalRefOptional",
    ("EnvFromSource", "secretRef"): "LocalRefOptional",
}


TOP_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ServiceAccount",
             "Namespace", "Role", "RoleBinding"}


def _child(typ, k):
    c = CHILD.get((typ, k))
    if c is None and typ in TOP_KINDS:
        c = CHILD.get(("Object", k))
    return c


def struct_order(v, typ):
    if isinstance(v, list):
        return [struct_order(x, typ) for x in v]
    if not isinstance(v, dict):
        return v
    order = ORDER.get(typ) or (ORDER["Object"] if typ in TOP_KINDS else None)
    if order is None:
        return {k: struct_order(v[k], _child(typ, k)) for k in v}
    out = {}
    for k in order + sorted(k for k in v if k not in order):
        if k not in v:
            continue
        if k in MAPS and isinstance(v[k], dict):
            out[k] = {kk: v[k][kk] for kk in sorted(v[k])}
        else:
            out[k] = struct_order(v[k], _child(typ, k))
    return out


def sort_keys(v):
    if isinstance(v, list):
        return [sort_keys(x) for x in v]
    if isinstance(v, dict):
        return {k: sort_keys(v[k]) for k in sorted(v)}
    return v


# --------------------------------------------------------------------------------------------
# Create-time semantics for the objects file.


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


NO_DOT = {"spec", "template", "strategy", "metadata", "jobTemplate"}  # non-pointer structs


def _fields(v, top=True, crd=False, name=None):
    """managedFields' fieldsV1 for the fields an object sets: "." marks a map, a pointer
    struct or a list element as owned; built-in non-pointer structs have none; CRD lists and
    LabelSelectors are atomic ({}); null fields are not set."""
    if isinstance(v, dict):
        if not v or (not crd and name == "selector"):
            return {}
        out = {} if top or (not crd and name in NO_DOT) else {".": {}}
        for k in sorted(v):
            if v[k] is None or (top and k in ("kind", "apiVersion", "status")):
                continue
            if top and k == "metadata":
                md = {kk: vv for kk, vv in v[k].items()
                      if kk in ("labels", "annotations", "ownerReferences", "finalizers")}
                if md:
                    out["f:metadata"] = _fields(md, True, crd)
                continue
            out["f:" + k] = _fields(v[k], False, crd, k)
        return out
    if isinstance(v, list) and v and not crd and all(
            isinstance(x, dict) and "name" in x for x in v):
        out = {}
        for x in v:
            key = "k:" + json.dumps({"name": x["name"]}, separators=(",", ":"))
            out[key] = _fields(x, False, crd, None)
        return out
    return {}


def _pod_defaults(tmpl, job):
    tmpl.setdefault("metadata", {})
    tmpl["metadata"].setdefault("creationTimestamp", None)
    spec = tmpl.setdefault("spec", {})
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        if not isinstance(c, dict):
            continue
        c.setdefault("resources", {})
        c.setdefault("terminationMessagePath", "/dev/termination-log")
        c.setdefault("terminationMessagePolicy", "File")
        image = str(c.get("image", ""))
        tagged = ":" in image.rsplit("/", 1)[-1] or "@" in image
        c.setdefault("imagePullPolicy",
                     "IfNotPresent" if tagged and not image.endswith(":latest") else "Always")
    spec.setdefault("restartPolicy", "Never" if job else "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")


class Store:
    def __init__(self, default_ns, last_applied):
        self.objects = {}  # (group, resource, ns, name) -> object
        self.rv = 200
        self.default_ns = default_ns
        self.last_applied = last_applied
        self.lock = threading.Lock()

    def add(self, obj):
        if not isinstance(obj, dict) or "kind" not in obj or "apiVersion" not in obj:
            raise ValueError("an object without kind/apiVersion")
        av, kind = obj["apiVersion"], obj["kind"]
        group, _, version = av.rpartition("/")
        res = [r for r in RESOURCES if r[0] == group and r[1] == version and r[3] == kind]
        if not res:
            raise ValueError("kind %s %s is not known to the stand-in" % (av, kind))
        group, version, resource, kind, _, namespaced, crd, _ = res[0]
        submitted = copy.deepcopy(obj)
        obj = copy.deepcopy(obj)
        md = obj.setdefault("metadata", {})
        name = md.get("name")
        if not name:
            raise ValueError("%s without metadata.name" % kind)
        if namespaced:
            md.setdefault("namespace", self.default_ns)
            submitted.setdefault("metadata", {}).setdefault("namespace", md["namespace"])
        else:
            md.pop("namespace", None)
        ns = md.get("namespace", "")
        if kind == "Secret":
            data = dict(obj.get("data") or {})
            for k, v in data.items():
                try:
                    raw = base64.b64decode(str(v), validate=True)
                except ValueError:
                    raise ValueError("Secret %s/%s: data.%s is not valid base64 (the API "
                                     "server refuses it)" % (ns, name, k))
                data[k] = base64.b64encode(raw).decode()
            for k, v in (obj.pop("stringData", None) or {}).items():
                data[k] = base64.b64encode(str(v).encode()).decode()
            if data:
                obj["data"] = data
            obj.setdefault("type", "Opaque")
        if kind in ("Deployment", "StatefulSet", "DaemonSet", "Job") and not crd:
            spec = obj.setdefault("spec", {})
            if kind == "Deployment":
                spec.setdefault("replicas", 1)
                spec.setdefault("strategy", {"type": "RollingUpdate",
                                             "rollingUpdate": {"maxUnavailable": "25%",
                                                               "maxSurge": "25%"}})
                spec.setdefault("revisionHistoryLimit", 10)
                spec.setdefault("progressDeadlineSeconds", 600)
            if kind == "Job":
                spec.setdefault("parallelism", 1)
                spec.setdefault("completions", 1)
                spec.setdefault("backoffLimit", 6)
                spec.setdefault("completionMode", "NonIndexed")
                spec.setdefault("suspend", False)
                spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
            _pod_defaults(spec.setdefault("template", {}), kind == "Job")
            obj.setdefault("status", {})
        with self.lock:
            self.rv += 1
            rv = self.rv
        now = _now()
        uid = str(uuid.uuid4())
        if kind == "Job" and not crd:
            labels = {"batch.kubernetes.io/controller-uid": uid,
                      "batch.kubernetes.io/job-name": name, "controller-uid": uid,
                      "job-name": name}
            spec = obj["spec"]
            spec.setdefault("selector", {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}})
            tl = spec["template"]["metadata"].setdefault("labels", {})
            for k, v in labels.items():
                tl.setdefault(k, v)
            ml = md.setdefault("labels", {})
            for k, v in labels.items():
                ml.setdefault(k, v)
        manager = "kubectl-create"
        if self.last_applied:
            manager = "kubectl-client-side-apply"
            ann = md.setdefault("annotations", {})
            sub = copy.deepcopy(submitted)
            sub.setdefault("metadata", {}).setdefault("annotations", {})
            ann["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(
                sort_keys(sub), separators=(",", ":")) + "\n"
        md["uid"] = uid
        md["resourceVersion"] = str(rv)
        if kind not in ("Secret", "ConfigMap", "ServiceAccount", "Namespace"):
            md["generation"] = 1
        md["creationTimestamp"] = now
        md["managedFields"] = [{
            "manager": manager, "operation": "Update", "apiVersion": av, "time": now,
            "fieldsType": "FieldsV1", "fieldsV1": _fields(obj, True, crd)}]
        if (group, resource, ns, name) in self.objects:
            raise ValueError('%s "%s" already exists in namespace %s' % (resource, name, ns))
        self.objects[(group, resource, ns, name)] = (sort_keys(obj) if crd
                                                     else struct_order(obj, kind))
        return obj


# --------------------------------------------------------------------------------------------
# Authentication and RBAC.


CLUSTER = "*"  # the namespace of a ClusterRoleBinding: every namespace and the cluster scope


class Auth:
    def __init__(self):
        self.tokens = {}      # token -> (user, [groups])
        self.roles = {}       # (ns or None, name) -> [rules]
        self.bindings = []    # (kind "user"|"group", subject, role name, ns or None, origin)

    def load_tokens(self, path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                parts = line.split(",")
                if parts[0] == "bind":
                    if len(parts) < 3:
                        raise ValueError("%s:%d: bind,SUBJECT,ROLE[,NAMESPACE]" % (path, n))
                    subj = parts[1]
                    kind = "group" if subj.startswith("group:") else "user"
                    subj = subj[6:] if kind == "group" else subj
                    self.bindings.append((kind, subj, parts[2],
                                          parts[3] if len(parts) > 3 and parts[3] else None,
                                          "binding %s:%d" % (os.path.basename(path), n)))
                    continue
                if len(parts) < 2 or not parts[0] or not parts[1]:
                    raise ValueError("%s:%d: TOKEN,USER[,GROUPS]" % (path, n))
                groups = [g for g in (parts[2].split("|") if len(parts) > 2 else []) if g]
                self.tokens[parts[0]] = (parts[1], groups)

    def load_rbac(self, path, default_ns):
        for obj in load_manifests(path):
            kind = obj.get("kind")
            md = obj.get("metadata") or {}
            if kind in ("Role", "ClusterRole"):
                ns = md.get("namespace") if kind == "Role" else None
                self.roles[(ns, md["name"])] = obj.get("rules") or []
            elif kind == "ClusterRoleBinding":
                ref = obj.get("roleRef") or {}
                for s in obj.get("subjects") or []:
                    if s.get("kind") == "ServiceAccount":
                        subj = ("user", "system:serviceaccount:%s:%s" % (s.get("namespace"),
                                                                         s["name"]))
                    elif s.get("kind") in ("User", "Group"):
                        subj = (s["kind"].lower(), s["name"])
                    else:
                        continue
                    self.bindings.append(subj + (ref.get("name"), CLUSTER,
                                                 "ClusterRoleBinding/" + md.get("name", "")))
            elif kind == "RoleBinding":
                ns = md.get("namespace") or default_ns
                ref = obj.get("roleRef") or {}
                for s in obj.get("subjects") or []:
                    if s.get("kind") == "ServiceAccount":
                        user = "system:serviceaccount:%s:%s" % (s.get("namespace") or ns,
                                                                s["name"])
                        self.bindings.append(("user", user, ref.get("name"), ns,
                                              "RoleBinding/" + md.get("name", "")))
                    elif s.get("kind") in ("User", "Group"):
                        self.bindings.append((s["kind"].lower(), s["name"], ref.get("name"), ns,
                                              "RoleBinding/" + md.get("name", "")))

    def authorize(self, user, groups, a):
        """(allowed, rule-or-reason). a: request attributes (dict)."""
        if "system:masters" in groups:
            return True, "group system:masters"
        if not a["resource_request"]:
            p = a["path"]
            public = p in ("/healthz", "/livez", "/readyz", "/version", "/version/")
            discovery = (p in ("/api", "/apis", "/openapi") or p.startswith("/api/") or
                         p.startswith("/apis/") or p.startswith("/openapi/") or public)
            if a["verb"] == "get" and public:
                return True, "ClusterRole/system:public-info-viewer"
            if a["verb"] == "get" and discovery and "system:authenticated" in groups:
                return True, "ClusterRole/system:discovery"
        errors = []
        for kind, subj, role, bns, origin in self.bindings:
            if (kind == "user" and subj != user) or (kind == "group" and subj not in groups):
                continue
            if role == "cluster-admin":
                return True, "ClusterRole/cluster-admin (%s)" % origin
            if bns == CLUSTER:
                rules = self.roles.get((None, role))
                if rules is None:
                    errors.append('clusterrole.rbac.authorization.k8s.io "%s" not found' % role)
                    continue
                if not a["resource_request"]:
                    continue
                for i, r in enumerate(rules):
                    if self._match(r, a):
                        return True, "ClusterRole/%s#%d" % (role, i)
                continue
            if bns is not None and a["namespace"] != bns:
                continue
            rules = None
            for (rns, rname), rr in self.roles.items():
                if rname == role and (rns is None or bns is None or rns == bns):
                    if rns is not None and a["namespace"] != rns:
                        continue
                    rules = rr
                    break
            if rules is None:
                if not any(rname == role for (_, rname) in self.roles):
                    errors.append('role.rbac.authorization.k8s.io "%s" not found' % role)
                continue
            if not a["resource_request"] or not a["namespace"]:
                continue  # a Role grants nothing outside its namespace
            for i, r in enumerate(rules):
                if self._match(r, a):
                    return True, "Role/%s#%d" % (role, i)
        reason = ""
        if errors:
            reason = "RBAC: " + (errors[0] if len(errors) == 1 else
                                 "[" + ", ".join(errors) + "]")
        return False, reason

    @staticmethod
    def _match(r, a):
        def has(lst, v):
            lst = lst or []
            return "*" in lst or v in lst
        resource = a["resource"] + ("/" + a["subresource"] if a["subresource"] else "")
        if not has(r.get("verbs"), a["verb"]):
            return False
        if not has(r.get("apiGroups"), a["group"]):
            return False
        if not has(r.get("resources"), resource):
            return False
        names = r.get("resourceNames") or []
        return not names or a["name"] in names


# --------------------------------------------------------------------------------------------
# The HTTP side.

SPECIAL_VERBS = {"proxy", "watch"}
NAMESPACE_SUBRESOURCES = {"status", "finalize"}


def request_info(method, path, query):
    """Kubernetes' RequestInfoFactory, reduced to what is needed here."""
    a = {"resource_request": False, "path": path, "verb": method.lower(), "group": "",
         "version": "", "namespace": "", "resource": "", "subresource": "", "name": ""}
    parts = [p for p in path.strip("/").split("/") if p != ""] if path.strip("/") else []
    if len(parts) < 3 or parts[0] not in ("api", "apis"):
        return a
    prefix, parts = parts[0], parts[1:]
    if prefix == "apis":
        if len(parts) < 3:
            return a
        a["group"], parts = parts[0], parts[1:]
    a["resource_request"] = True
    a["version"], parts = parts[0], parts[1:]
    a["verb"] = {"POST": "create", "GET": "get", "HEAD": "get", "PUT": "update",
                 "PATCH": "patch", "DELETE": "delete"}.get(method, "")
    if parts and parts[0] in SPECIAL_VERBS:
        a["verb"], parts = parts[0], parts[1:]
    if parts and parts[0] == "namespaces":
        if len(parts) > 1:
            a["namespace"] = parts[1]
            if len(parts) > 2 and parts[2] not in NAMESPACE_SUBRESOURCES:
                parts = parts[2:]
    a["parts"] = parts
    if len(parts) >= 3:
        a["subresource"] = parts[2]
    if len(parts) >= 2:
        a["name"] = parts[1]
    if len(parts) >= 1:
        a["resource"] = parts[0]
    if not a["name"] and a["verb"] == "get":
        a["verb"] = "watch" if query.get("watch", [""])[0] in ("true", "1") else "list"
        fs = query.get("fieldSelector", [""])[0]
        m = re.match(r"^metadata\.name==?([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$", fs)
        if m:
            a["name"] = m.group(1)
            a["name_from_selector"] = True
    if not a["name"] and a["verb"] == "delete":
        a["verb"] = "deletecollection"
    return a


def go_quote(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7f:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def qualified(group, resource):
    return resource + "." + group if group else resource


def status(code, reason, message, details=None):
    s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
         "message": message, "reason": reason}
    if details is not None:
        s["details"] = details
    s["code"] = code
    return s


def details(name, group, resource):
    d = {}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    if resource:
        d["kind"] = resource
    return d


EXPIRED_MESSAGE = (
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted between "
    "the time the first chunk was returned and now may show up in the list.")


def field_selector(text, resource):
    """[(field, op, value)] and None, or None and the 400 message."""
    fields = {"metadata.name", "metadata.namespace"}
    if resource == "secrets":
        fields.add("type")
    out = []
    for part in [p for p in text.split(",") if p.strip()] if text else []:
        m = re.match(r"^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$", part)
        if not m:
            return None, "invalid selector: '%s'; can't understand '%s'" % (text, part)
        if m.group(1) not in fields:
            return None, "field label not supported: %s" % m.group(1)
        out.append((m.group(1), m.group(2), m.group(3)))
    return out, None


def selected(sel, obj, ns, name):
    for field, op, value in sel:
        have = {"metadata.name": name, "metadata.namespace": ns}.get(field)
        if field == "type":
            have = obj.get("type", "")
        if (have == value) != (op != "!="):
            return False
    return True


def encode_continue(rv, start):
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": start}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_continue(token):
    """(start key, rv, None) or (None, None, the error after "invalid continue token: ")."""
    bad = "continue key is not valid: "
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        return None, None, bad + "illegal base64 data at input byte 0"
    try:
        d = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        c = raw.lstrip()[:1].decode("latin-1") or " "
        c = c if c.isprintable() and c.isascii() else "\\x%02x" % ord(c)
        return None, None, bad + "invalid character '%s' looking for beginning of value" % c
    if not isinstance(d, dict) or d.get("v") != "meta.k8s.io/v1":
        return None, None, "continue key is not valid: unrecognized encoded version"
    if not isinstance(d.get("rv"), int) or d["rv"] == 0:
        return None, None, bad + "incorrect encoded start resourceVersion (version meta.k8s.io/v1)"
    if not d.get("start"):
        return None, None, bad + "encoded start key empty"
    return d["start"], d["rv"], None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kube-standin"
    disable_nagle_algorithm = True  # TCP_NODELAY, as Go's net package sets on every connection

    def log_message(self, fmt, *args):  # the JSON log replaces http.server's stderr log
        pass

    # no Server header, like the API server
    def send_response(self, code, message=None):
        self.log_request(code)
        self.send_response_only(code, message)

    def _json(self, obj):
        ua = self.headers.get("User-Agent", "")
        pretty = self.query.get("pretty", [""])[0]
        if pretty in ("true", "1", "True") or (pretty == "" and
                                               (ua.startswith("curl") or ua.startswith("Wget"))):
            s = json.dumps(obj, indent=2, ensure_ascii=False)
        else:
            s = json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"
        for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
            s = s.replace(a, b)
        return s.encode("utf-8")

    def _send(self, code, body, ctype, nosniff=False):
        self.status_code = code
        self.send_response(code)
        # Go's server writes the handler's headers sorted by name, then Content-Length, Date
        hdrs = [("Audit-Id", self.audit_id), ("Cache-Control", "no-cache, private"),
                ("Content-Type", ctype)] + list(self.pf_headers)
        if nosniff:
            hdrs.append(("X-Content-Type-Options", "nosniff"))
        for k, v in sorted(hdrs):
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Date", self.date_time_string())
        # the status line, the headers and the whole body in one write (one sendall), not
        # end_headers()'s write and then the body's: the client sees the response as fast
        # as the socket takes it, so a test of a large body measures its size, not this
        # server's pace (and a small body does not wait 40 ms for a delayed ACK)
        self._headers_buffer.append(b"\r\n")
        head, self._headers_buffer = b"".join(self._headers_buffer), []
        self.wfile.write(head + body if self.command != "HEAD" else head)

    def send_json(self, code, obj, nosniff=False):
        self._send(code, self._json(obj), "application/json", nosniff)

    def send_404_text(self):
        self._send(404, b"404 page not found\n", "text/plain; charset=utf-8", nosniff=True)

    def _authenticate(self):
        """(user, groups) or None for a 401."""
        srv = self.server
        cert = None
        try:
            cert = self.connection.getpeercert() if srv.tls else None
        except (ValueError, AttributeError):
            cert = None
        if cert:
            cn, orgs = None, []
            for rdn in cert.get("subject", ()):
                for k, v in rdn:
                    if k == "commonName":
                        cn = v
                    elif k == "organizationName":
                        orgs.append(v)
            if cn:
                return cn, orgs + ["system:authenticated"], "x509"
        h = self.headers.get("Authorization")
        if h is not None:
            parts = h.strip().split(" ", 1)
            if len(parts) == 2 and parts[0].lower() == "bearer":
                tok = parts[1].strip()
                if tok:
                    if tok in srv.auth.tokens:
                        user, groups = srv.auth.tokens[tok]
                        return user, groups + ["system:authenticated"], "token"
                    return None
        return "system:anonymous", ["system:unauthenticated"], "anonymous"

    def _pf(self, user, groups):
        if "system:masters" in groups:
            return self.server.pf["exempt"]
        if user.startswith("system:serviceaccount:"):
            return self.server.pf["service-accounts"]
        return self.server.pf["global-default"]

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ConnectionError, ssl.SSLError, socket.timeout):
            self.close_connection = True

    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def dispatch(self):
        srv = self.server
        self.audit_id = str(uuid.uuid4())
        self.pf_headers = []
        self.status_code = 0
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        self.query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        entry = {"time": _now(), "audit_id": self.audit_id, "method": self.command,
                 "path": path, "query": url.query}
        if self.command in ("POST", "PUT", "PATCH"):
            n = int(self.headers.get("Content-Length") or 0)
            if n:
                self.rfile.read(n)
        try:
            who = self._authenticate()
            if who is None:
                entry.update({"user": None, "groups": [], "auth": "token-rejected"})
                self.send_json(401, status(401, "Unauthorized", "Unauthorized"))
                return
            user, groups, how = who
            entry.update({"user": user, "groups": groups, "auth": how})
            self.pf_headers = [("X-Kubernetes-Pf-Flowschema-Uid", self._pf(user, groups)[0]),
                               ("X-Kubernetes-Pf-Prioritylevel-Uid", self._pf(user, groups)[1])]
            a = request_info(self.command, path, self.query)
            entry.update({k: a[k] for k in ("resource_request", "verb", "group", "version",
                                            "resource", "subresource", "namespace", "name")})
            ok, why = srv.auth.authorize(user, groups, a)
            entry["rule"] = why if ok else None
            if not ok:
                self.forbidden(user, a, why)
                return
            if not a["resource_request"]:
                self.non_resource(path)
            else:
                self.resource(a)
        finally:
            entry["status"] = self.status_code
            srv.log(entry)

    def forbidden(self, user, a, reason):
        if not a["resource_request"]:
            msg = "User %s cannot %s path %s" % (go_quote(user), a["verb"], go_quote(a["path"]))
        else:
            resource = a["resource"] + ("/" + a["subresource"] if a["subresource"] else "")
            if a["namespace"]:
                msg = "User %s cannot %s resource %s in API group %s in the namespace %s" % (
                    go_quote(user), a["verb"], go_quote(resource), go_quote(a["group"]),
                    go_quote(a["namespace"]))
            else:
                msg = "User %s cannot %s resource %s in API group %s at the cluster scope" % (
                    go_quote(user), a["verb"], go_quote(resource), go_quote(a["group"]))
        if reason:
            msg += ": " + reason
        if not a["resource_request"] or not a["resource"]:
            message = "forbidden: " + msg
            det = {}
        else:
            qr = qualified(a["group"], a["resource"])
            if a["name"]:
                message = "%s %s is forbidden: %s" % (qr, go_quote(a["name"]), msg)
            else:
                message = "%s is forbidden: %s" % (qr, msg)
            det = details(a["name"], a["group"], a["resource"])
        self.send_json(403, status(403, "Forbidden", message, det), nosniff=True)

    # ---- discovery and other non-resource paths
    def served(self):
        srv = self.server
        out = []
        for r in RESOURCES:
            if r[0] == "apps.openshift.io" and not srv.openshift:
                continue
            if r[0] == "apps.3scale.net" and not srv.apimanager_crd:
                continue
            out.append(r)
        return out

    def group_versions(self):
        gvs = []
        for r in self.served():
            if r[0] and (r[0], r[1]) not in gvs:
                gvs.append((r[0], r[1]))
        return gvs

    def api_group(self, g):
        vs = [{"groupVersion": gv_string(g, v), "version": v}
              for (gg, v) in self.group_versions() if gg == g]
        return {"name": g, "versions": vs, "preferredVersion": vs[0]}

    def resource_list(self, g, v):
        res = []
        for r in self.served():
            if r[0] != g or r[1] != v:
                continue
            d = {"name": r[2], "singularName": r[4], "namespaced": r[5], "kind": r[3],
                 "verbs": CRD_VERBS if r[6] else BUILTIN_VERBS}
            if r[7]:
                d["shortNames"] = r[7]
            d["storageVersionHash"] = storage_version_hash(g, v, r[3])
            res.append(d)
            if r[6] or r[2] in ("deployments", "statefulsets", "daemonsets", "jobs",
                                "cronjobs", "namespaces"):
                res.append({"name": r[2] + "/status", "singularName": "", "namespaced": r[5],
                            "kind": r[3], "verbs": ["get", "patch", "update"]})
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv_string(g, v),
                "resources": res}

    def non_resource(self, path):
        p = path.rstrip("/") or "/"
        parts = [x for x in p.split("/") if x]
        if p == "/api":
            host = "127.0.0.1:%d" % self.server.server_address[1]
            return self.send_json(200, {"kind": "APIVersions", "versions": ["v1"],
                                        "serverAddressByClientCIDRs": [
                                            {"clientCIDR": "0.0.0.0/0", "serverAddress": host}]})
        if p == "/api/v1":
            return self.send_json(200, self.resource_list("", "v1"))
        if p == "/apis":
            groups = []
            for g, _ in self.group_versions():
                if not any(x["name"] == g for x in groups):
                    groups.append(self.api_group(g))
            return self.send_json(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                        "groups": groups})
        if len(parts) == 2 and parts[0] == "apis" and any(
                g == parts[1] for g, _ in self.group_versions()):
            d = {"kind": "APIGroup", "apiVersion": "v1"}
            d.update(self.api_group(parts[1]))
            return self.send_json(200, d)
        if len(parts) == 3 and parts[0] == "apis" and (parts[1], parts[2]) in self.group_versions():
            return self.send_json(200, self.resource_list(parts[1], parts[2]))
        if p == "/version":
            return self.send_json(200, {
                "major": "1", "minor": "32", "gitVersion": "v1.32.0-standin",
                "gitCommit": "0000000000000000000000000000000000000000",
                "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z",
                "goVersion": "go1.23.0", "compiler": "gc", "platform": "linux/amd64"})
        if p in ("/healthz", "/livez", "/readyz"):
            return self._send(200, b"ok", "text/plain; charset=utf-8", nosniff=True)
        return self.send_404_text()

    # ---- resources
    def resource(self, a):
        srv = self.server
        desc = [r for r in self.served()
                if r[0] == a["group"] and r[1] == a["version"] and r[2] == a["resource"]]
        parts = a.get("parts", [])
        if not desc or a["subresource"] or len(parts) > 2:
            return self.send_404_text()
        group, version, resource, kind, _, namespaced, crd, _ = desc[0]
        # /api/v1/namespaces/NS is the Namespace NS (RequestInfo sets namespace = name)
        ns_itself = resource == "namespaces" and a["namespace"] == a["name"]
        if (namespaced and not a["namespace"] and len(parts) >= 2) or \
                (not namespaced and a["namespace"] and not ns_itself):
            return self.send_404_text()
        if a["verb"] not in ("get", "list"):
            return self.send_json(405, status(
                405, "MethodNotAllowed", "%s is not supported on resources of kind %s" % (
                    a["verb"], go_quote(qualified(group, resource))),
                details("", group, resource)))
        if a["verb"] == "get":
            key = (group, resource, a["namespace"] if namespaced else "", a["name"])
            obj = srv.store.objects.get(key)
            if obj is None and resource == "namespaces":
                obj = srv.namespace_object(a["name"])
            if obj is None:
                return self.send_json(404, status(
                    404, "NotFound", "%s %s not found" % (qualified(group, resource),
                                                         go_quote(a["name"])),
                    details(a["name"], group, resource)))
            return self.send_json(200, obj)
        sel, bad = field_selector(self.query.get("fieldSelector", [""])[0], resource)
        if bad:
            return self.send_json(400, status(400, "BadRequest", bad))
        if srv.ignore_selectors:
            sel = []  # a misbehaving server or proxy, for the client's own name check
        start, rv, bad = "", srv.store.rv, None
        token = self.query.get("continue", [""])[0]
        if token:
            start, trv, bad = decode_continue(token)
            if bad:
                return self.send_json(400, status(400, "BadRequest",
                                                  "invalid continue token: " + bad))
            if srv.compacted and trv >= 0:
                st = status(410, "Expired", EXPIRED_MESSAGE)
                st["metadata"] = {"continue": encode_continue(-1, start)}
                return self.send_json(410, st)
            rv = trv if trv > 0 else srv.store.rv
        try:
            limit = int(self.query.get("limit", ["0"])[0] or 0)
        except ValueError:
            limit = 0
        items, keys = [], []
        for (g, r, ns, name), obj in sorted(srv.store.objects.items(),
                                            key=lambda kv: (kv[0][0], kv[0][1],
                                                            kv[0][2] + "/" + kv[0][3])):
            if g != group or r != resource:
                continue
            if namespaced and a["namespace"] and ns != a["namespace"]:
                continue
            if not selected(sel, obj, ns, name):
                continue
            key = (ns + "/" + name) if namespaced else name
            if start and key < start:
                continue
            keys.append(key)
            if crd:
                items.append(obj)
            else:
                items.append({k: v for k, v in obj.items() if k not in ("kind", "apiVersion")})
        if resource == "namespaces":
            items = [{k: v for k, v in srv.namespace_object(n).items()
                      if k not in ("kind", "apiVersion")} for n in srv.namespaces()]
        meta = {"resourceVersion": str(rv)}
        if limit > 0 and len(items) > limit:
            meta["continue"] = encode_continue(rv, keys[limit - 1] + "\x00")
            if not sel:
                meta["remainingItemCount"] = len(items) - limit
            items = items[:limit]
        if crd:
            meta.setdefault("continue", "")
            body = {"apiVersion": gv_string(group, version), "items": items,
                    "kind": kind + "List", "metadata": dict(sorted(meta.items()))}
        else:
            body = {"kind": kind + "List", "apiVersion": gv_string(group, version),
                    "metadata": meta, "items": items}
        return self.send_json(200, body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def finish_request(self, request, client_address):
        conn = request
        if self.tls:
            try:
                request.settimeout(30)
                conn = self.ctx.wrap_socket(request, server_side=True)
                conn.settimeout(None)
            except (ssl.SSLError, OSError) as e:
                self.log({"time": _now(), "method": None, "path": None, "status": None,
                          "tls_error": str(e)})
                return
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            if conn is not request:
                try:
                    conn.close()
                except OSError:
                    pass

    def log(self, entry):
        if not self.log_file:
            return
        with self.log_lock:
            self.log_file.write(json.dumps(entry, sort_keys=False) + "\n")
            self.log_file.flush()

    def namespaces(self):
        return sorted({k[2] for k in self.store.objects if k[2]} | {self.store.default_ns})

    def namespace_object(self, name):
        if name not in self.namespaces():
            return None
        if name not in self.ns_cache:
            self.ns_cache[name] = {
                "kind": "Namespace", "apiVersion": "v1",
                "metadata": {"name": name, "uid": str(uuid.uuid4()), "resourceVersion": "1",
                             "creationTimestamp": _now(),
                             "labels": {"kubernetes.io/metadata.name": name}},
                "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
        return self.ns_cache[name]


def serve(opts):
    store = Store(opts["default_namespace"], opts["last_applied"])
    for path in opts["objects"]:
        for obj in load_manifests(path):
            store.add(obj)
    auth = Auth()
    if opts["tokens"]:
        auth.load_tokens(opts["tokens"])
    for path in opts["role"]:
        auth.load_rbac(path, opts["default_namespace"])

    srv = Server(("127.0.0.1", 0), Handler, bind_and_activate=True)
    srv.store, srv.auth, srv.ns_cache = store, auth, {}
    srv.openshift = opts["openshift"]
    srv.compacted = opts["compacted"]
    srv.ignore_selectors = opts["ignore_selectors"]
    srv.apimanager_crd = not opts["no_apimanager_crd"]
    srv.tls = not opts["http"]
    srv.log_lock = threading.Lock()
    srv.log_file = open(opts["log"], "a", encoding="utf-8") if opts["log"] else None
    srv.pf = {k: (str(uuid.uuid4()), str(uuid.uuid4()))
              for k in ("exempt", "service-accounts", "global-default")}
    if srv.tls:
        if not opts["cert"] or not opts["key"]:
            sys.exit("kube-standin: --cert and --key are required (or --http)")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(opts["cert"], opts["key"])
        ctx.set_alpn_protocols(["http/1.1"])
        if opts["client_ca"]:
            ctx.load_verify_locations(opts["client_ca"])
            ctx.verify_mode = ssl.CERT_OPTIONAL
        srv.ctx = ctx

    # before the port is known: a test may stop the stand-in as soon as it has the port
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    port = srv.server_address[1]
    tmp = opts["port_file"] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, opts["port_file"])  # readers never see a half-written file

    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    while not stop.wait(0.5):
        pass
    srv.shutdown()
    srv.server_close()
    t.join(5)
    if srv.log_file:
        srv.log_file.close()
    return 0


def parse_args(argv):
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        sys.exit(0)
    cmd, rest = argv[0], argv[1:]
    opts = {"port_file": None, "objects": [], "cert": None, "key": None, "client_ca": None,
            "tokens": None, "role": [], "log": None, "openshift": False, "compacted": False,
            "ignore_selectors": False,
            "no_apimanager_crd": False, "default_namespace": "demo", "last_applied": False,
            "http": False, "namespace": "demo", "files": []}
    flags = {"--openshift": "openshift", "--no-apimanager-crd": "no_apimanager_crd",
             "--last-applied": "last_applied", "--http": "http", "--compacted": "compacted",
             "--ignore-field-selectors": "ignore_selectors"}
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in flags:
            opts[flags[a]] = True
        elif a.startswith("--"):
            key = a[2:].replace("-", "_")
            if key not in opts or i + 1 >= len(rest):
                sys.exit("kube-standin: unknown option or missing value: %s" % a)
            i += 1
            if isinstance(opts[key], list):
                opts[key].append(rest[i])
            else:
                opts[key] = rest[i]
        else:
            opts["files"].append(a)
        i += 1
    return cmd, opts


def main(argv):
    cmd, opts = parse_args(argv)
    try:
        if cmd == "serve":
            if not opts["port_file"]:
                sys.exit("kube-standin: --port-file is required")
            return serve(opts)
        if cmd == "convert":
            store = Store(opts["namespace"], False)
            items = []
            for path in opts["files"]:
                for obj in load_manifests(path):
                    obj = copy.deepcopy(obj)
                    store.add(obj)  # validates like the API server would on create
                    md = obj.setdefault("metadata", {})
                    if not any(r[3] == obj["kind"] and not r[5] for r in RESOURCES):
                        md.setdefault("namespace", opts["namespace"])
                    items.append(obj)
            json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout,
                      indent=2)
            sys.stdout.write("\n")
            return 0
        if cmd == "yaml2json":
            with open(opts["files"][0], encoding="utf-8") as f:
                json.dump(yaml_load_all(f.read()), sys.stdout, indent=2)
            sys.stdout.write("\n")
            return 0
    except (YAMLError, ValueError, OSError, KeyError) as e:
        sys.stderr.write("kube-standin: %s\n" % e)
        return 2
    sys.exit("kube-standin: unknown command %s (serve, convert, yaml2json)" % cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
