/* output-sarif.c - the -o sarif document: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs).
 * One run; driver.rules holds a descriptor for every rule that fired, results point at them by
 * ruleId and ruleIndex. Only diag fields are printed, so no Secret value can appear. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"

#define SARIF_SCHEMA  "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_VERSION "2.1.0"

static const char *
sarif_level(enum rlint_severity s)
{
    switch (s) {
    case RLINT_SEVERITY_ERROR:
        return "error";
    case RLINT_SEVERITY_WARNING:
        return "warning";
    case RLINT_SEVERITY_INFO:
        return "note";
    }
    return "none";
}

/* An artifactLocation.uri must be a URI reference (RFC 3986): a file name with a space, '%',
 * '#' or '?' would be read as something else, and a ':' in the first segment of a relative
 * reference would be taken for a scheme. Everything but unreserved characters and '/' is
 * percent-encoded. An absolute path becomes a file:// URI. NULL on out of memory. */
static char *
file_uri(const char *file)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *prefix = file[0] == '/' ? "file://" : "";
    size_t len = strlen(file), plen = strlen(prefix);
    char *uri = malloc(plen + 3 * len + 1), *w;
    const unsigned char *p;

    if (!uri)
        return NULL;
    memcpy(uri, prefix, plen);
    w = uri + plen;
    for (p = (const unsigned char *)file; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            *w++ = (char)*p;
        } else {
            *w++ = '%';
            *w++ = hex[*p >> 4];
            *w++ = hex[*p & 0xf];
        }
    }
    *w = '\0';
    return uri;
}

/* The driver.rules index of id, appending it to fired[] (*nfired entries) when it is new.
 * fired has room for one entry per finding, so it never overflows. */
static size_t
rule_index(const char **fired, size_t *nfired, const char *id)
{
    size_t i;

    for (i = 0; i < *nfired; i++)
        if (strcmp(fired[i], id) == 0)
            return i;
    fired[*nfired] = id;
    return (*nfired)++;
}

static json_t *
descriptor(const char *id)
{
    const struct rlint_rule_info *r = rlint_rule_find(id);
    json_t *desc = NULL;
    char *help, *markdown, *uri;
    size_t hlen, ulen, i;

    /* a rule the table does not know (cannot happen today): the id alone is still valid */
    if (!r)
        return json_pack("{s:s}", "id", id);
    hlen = strlen(r->summary) + strlen(r->rationale) + strlen(r->component) +
           strlen(r->bad_example) + strlen(r->good_example) + strlen(r->facts) + 128;
    help = malloc(hlen);
    markdown = malloc(hlen);
    ulen = strlen(RLINT_RULES_DOC_URL) + strlen(r->id) + 2;
    uri = malloc(ulen);
    if (!help || !markdown || !uri)
        goto out;
    /* docs/rules.md (cmd/doc-rules.c) has one anchor per rule: its ID in lower case */
    snprintf(uri, ulen, "%s#%s", RLINT_RULES_DOC_URL, r->id);
    for (i = strlen(RLINT_RULES_DOC_URL) + 1; uri[i]; i++)
        uri[i] = (char)tolower((unsigned char)uri[i]);
    /* the same parts as --explain, from the same table */
    snprintf(help, hlen, "%s\n\n%s\n\nBreaks: %s\n\nBad:\n%s\n\nGood:\n%s\n\nSources: %s",
             r->summary, r->rationale, r->component, r->bad_example, r->good_example, r->facts);
    /* the rationales are prose that already marks code with `backticks` */
    snprintf(markdown, hlen,
             "**%s**\n\n%s\n\n**Breaks:** %s\n\nBad:\n```yaml\n%s\n```\n\nGood:\n"
             "```yaml\n%s\n```\n\n**Sources:** %s",
             r->summary, r->rationale, r->component, r->bad_example, r->good_example, r->facts);
    desc = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s, s:{s:s, s:s}, s:{s:s}, s:{s:[s, s]}}",
                     "id", r->id, "name", r->name, "shortDescription", "text", r->summary,
                     "fullDescription", "text", r->rationale, "helpUri", uri, "help", "text",
                     help, "markdown",
                     markdown, "defaultConfiguration", "level", sarif_level(r->severity),
                     "properties", "tags", "3scale", "redis");
out:
    free(help);
    free(markdown);
    free(uri);
    return desc;
}

static json_t *
location(const struct rlint_diag *d, const struct run_summary *sum)
{
    json_t *loc, *art, *region = NULL, *logical = NULL;
    char *uri = file_uri(d->file), *fqn;
    size_t len;

    if (!uri)
        return NULL;
    /* %SRCROOT% lets the consumer resolve a relative path against its checkout; a live-mode
     * cluster/<context>/... name is not under any source root, so it gets no base */
    art = json_pack("{s:s, s:s*}", "uri", uri, "uriBaseId",
                    d->file[0] != '/' && !sum->source && !sum->live ? "%SRCROOT%" : NULL);
    free(uri);
    /* SARIF requires startLine >= 1: a finding without a position has no region at all */
    if (d->line) {
        region = json_pack("{s:i}", "startLine", (int)d->line);
        if (region && d->column &&
            json_object_set_new(region, "startColumn", json_integer(d->column)) < 0) {
            json_decref(region);
            region = NULL;
        }
        if (!region) {
            json_decref(art);
            return NULL;
        }
    }
    if (d->object_kind) {
        const char *ns = d->object_namespace, *name = d->object_name ? d->object_name : "";
        len = strlen(d->object_kind) + (ns ? strlen(ns) : 0) + strlen(name) + 3;
        fqn = malloc(len);
        if (!fqn) {
            json_decref(art);
            json_decref(region);
            return NULL;
        }
        if (ns)
            snprintf(fqn, len, "%s/%s/%s", d->object_kind, ns, name);
        else
            snprintf(fqn, len, "%s/%s", d->object_kind, name);
        logical = json_pack("[{s:s, s:s*, s:s}]", "fullyQualifiedName", fqn, "name",
                            d->object_name, "kind", "object");
        free(fqn);
        if (!logical) {
            json_decref(art);
            json_decref(region);
            return NULL;
        }
    }
    /* json_pack releases the o references on failure, so nothing leaks on the way out */
    loc = json_pack("{s:{s:o, s:o*}, s:o*}", "physicalLocation", "artifactLocation", art,
                    "region", region, "logicalLocations", logical);
    return loc;
}

static json_t *
result(const struct rlint_diag *d, size_t index, const struct run_summary *sum)
{
    json_t *props = NULL;

    if (d->component || d->key || d->path) {
        props = json_pack("{s:s*, s:s*, s:s*}", "component", d->component, "key", d->key,
                          "path", d->path);
        if (!props)
            return NULL;
    }
    return json_pack("{s:s, s:I, s:s, s:{s:o}, s:[o], s:o*}", "ruleId", d->rule, "ruleIndex",
                     (json_int_t)index, "level", sarif_level(d->severity), "message", "text",
                     json_string_lossy(d->message), "locations", location(d, sum), "properties",
                     props);
}

/* The run object without its results (an empty list, written a result at a time by
 * output_sarif()); *fired_out and *nfired_out: the rules in the order of their first finding,
 * each result's ruleIndex. */
static json_t *
run_object(const struct run *run, const struct run_summary *sum, const char ***fired_out,
           size_t *nfired_out)
{
    size_t i, n = run->ndiags, nfired = 0;
    const char **fired = malloc((n ? n : 1) * sizeof(*fired));
    json_t *rules = json_array();

    if (!fired || !rules)
        goto err;
    for (i = 0; i < n; i++)
        rule_index(fired, &nfired, run->diags[i]->rule);
    for (i = 0; i < nfired; i++)
        if (json_array_append_new(rules, descriptor(fired[i])) < 0)
            goto err;
    *fired_out = fired;
    *nfired_out = nfired;
    /* columns count characters, as libyaml does: say so, the SARIF default is UTF-16 units */
    return json_pack("{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:[{s:b, s:i}], s:s, s:[]}", "tool",
                     "driver", "name", PROGRAM, "version", RLINT_CLI_VERSION, "semanticVersion",
                     RLINT_CLI_VERSION, "informationUri", RLINT_PROJECT_URL, "rules", rules, "invocations", "executionSuccessful",
                     sum->exit_status != EXIT_OPERATIONAL, "exitCode", sum->exit_status,
                     "columnKind", "unicodeCodePoints", "results");
err:
    free(fired);
    json_decref(rules);
    return NULL;
}

/* The document with an empty results list, then the results written into it one at a time:
 * a tree of every result cost kilobytes each on a repository with thousands of findings. */
int
output_sarif(FILE *out, const struct run *run, const struct run_summary *sum)
{
    static const char empty[] = "\"results\": []";
    const char **fired = NULL;
    size_t nfired = 0, i;
    json_t *root;
    char *text, *at, *p;
    int rc = 0;

    root = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA, "version", SARIF_VERSION,
                     "runs", run_object(run, sum, &fired, &nfired));
    if (!root) {
        free(fired);
        return -1;
    }
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    /* results is the run's last member: its empty list is the last one in the text */
    at = NULL;
    for (p = text; p && (p = strstr(p, empty)); p++)
        at = p;
    if (!at) {
        free(text);
        free(fired);
        return -1;
    }
    fwrite(text, 1, (size_t)(at - text), out);
    fputs("\"results\": [", out);
    for (i = 0; i < run->ndiags && rc == 0; i++) {
        const struct rlint_diag *d = run->diags[i];
        json_t *r = result(d, rule_index(fired, &nfired, d->rule), sum);
        fputs(i ? ",\n        " : "\n        ", out);
        rc = r ? json_dump_at(out, r, 8) : -1;
        json_decref(r);
    }
    fputs(run->ndiags ? "\n      ]" : "]", out);
    fputs(at + strlen(empty), out);
    fputc('\n', out);
    free(text);
    free(fired);
    return rc;
}
