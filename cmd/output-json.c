/* output-json.c - the -o json document: {"version": 1, "findings": [...], "summary": {...}}.
 * The schema is documented in the README and the man page; fields are only ever added. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

static json_t *
str_or_null(const char *s)
{
    return json_string_lossy(s);
}

static json_t *
uint_or_null(unsigned v)
{
    return v ? json_integer(v) : json_null();
}

static json_t *
finding(const struct rlint_diag *d)
{
    json_t *obj = json_null();
    if (d->object_kind)
        obj = json_pack("{s:o, s:o, s:o}", "kind", str_or_null(d->object_kind), "namespace",
                        str_or_null(d->object_namespace), "name", str_or_null(d->object_name));
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "rule", d->rule,
                     "severity", rlint_severity_name(d->severity), "message",
                     str_or_null(d->message), "component", str_or_null(d->component), "file",
                     str_or_null(d->file), "line",
                     uint_or_null(d->line), "column", uint_or_null(d->column), "object", obj,
                     "key", str_or_null(d->key), "path", str_or_null(d->path));
}

/* --probe: one object per probed target (no host, port or credential: those are Secret
 * values; the key names where they are) */
static json_t *
probes(const struct run_summary *sum)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; list && i < sum->nprobes; i++) {
        const struct probe_summary *p = &sum->probes[i];
        json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b}", "database",
                              str_or_null(p->database), "namespace", str_or_null(p->namespace_),
                              "key", str_or_null(p->key), "components",
                              str_or_null(p->components), "via_sentinels", p->via_sentinels,
                              "reached", p->reached);
        if (!o)
            continue;
        json_object_set_new(o, "latency_ms",
                            p->latency_us >= 0 ? json_real((double)p->latency_us / 1000.0)
                                               : json_null());
        json_object_set_new(o, "redis_version", str_or_null(p->redis_version));
        json_object_set_new(o, "server_role", str_or_null(p->server_role));
        json_object_set_new(o, "skipped", str_or_null(p->skipped));
        json_array_append_new(list, o);
    }
    return list ? list : json_null();
}

/* A merged run: one object per scope, with what the single-install summary says of it. */
static json_t *
scopes(const struct run *run)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; list && i < run->nscopes; i++) {
        const struct scope *s = &run->scopes[i];
        const struct rlint_ctx *ctx = s->failed ? NULL : s->ctx;
        json_t *o = json_pack(
            "{s:o, s:o, s:o, s:b, s:o, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "source",
            str_or_null(s->source), "context", str_or_null(s->context), "namespace",
            str_or_null(s->namespace_), "checked", ctx != NULL, "error", str_or_null(s->failed),
            "objects", (json_int_t)s->sum.objects, "errors",
            (json_int_t)s->sum.counts[RLINT_SEVERITY_ERROR], "warnings",
            (json_int_t)s->sum.counts[RLINT_SEVERITY_WARNING], "info",
            (json_int_t)s->sum.counts[RLINT_SEVERITY_INFO], "version",
            str_or_null(ctx ? rlint_ctx_version(ctx) : NULL), "version_reason",
            str_or_null(ctx ? rlint_ctx_version_reason(ctx) : NULL), "mode",
            str_or_null(ctx ? rlint_ctx_mode(ctx) : NULL), "mode_reason",
            str_or_null(ctx ? rlint_ctx_mode_reason(ctx) : NULL));
        if (!o || json_array_append_new(list, o) < 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *
summary_of(const struct run *run, const struct run_summary *sum)
{
    const struct rlint_ctx *ctx = run->scopes[0].ctx;
    const char *version, *version_reason;
    json_t *summary;

    /* a merged run has one version only when every install has the same: else null, and each
     * scope says its own */
    version = run->merged ? run_common(run, 0) : rlint_ctx_version(ctx);
    version_reason = run->merged ? run_common(run, 1) : rlint_ctx_version_reason(ctx);
    summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:i}", "files",
                        (json_int_t)sum->files, "objects", (json_int_t)sum->objects, "findings",
                        (json_int_t)run->ndiags, "errors",
                        (json_int_t)sum->counts[RLINT_SEVERITY_ERROR], "warnings",
                        (json_int_t)sum->counts[RLINT_SEVERITY_WARNING], "info",
                        (json_int_t)sum->counts[RLINT_SEVERITY_INFO], "version",
                        str_or_null(version), "version_reason", str_or_null(version_reason),
                        "exit_status", sum->exit_status);
    if (summary) {
        json_object_set_new(summary, "source", sum->source ? json_string_lossy(sum->source) : json_null());
        json_object_set_new(summary, "suppressed", json_integer((json_int_t)sum->suppressed));
        json_object_set_new(summary, "mode",
                            str_or_null(run->merged ? run_common(run, 2) : rlint_ctx_mode(ctx)));
        json_object_set_new(summary, "mode_reason",
                            str_or_null(run->merged ? run_common(run, 3)
                                                    : rlint_ctx_mode_reason(ctx)));
        if (sum->probed)
            json_object_set_new(summary, "probe", probes(sum));
        if (run->merged) {
            json_object_set_new(summary, "installs", json_integer((json_int_t)run_installs(run)));
            json_object_set_new(summary, "clusters", json_integer((json_int_t)run_clusters(run)));
            json_object_set_new(summary, "scopes", scopes(run));
        }
    }
    return summary;
}

/* The document is written a finding at a time, as jansson would indent it whole: a tree of
 * every finding cost about 3 KB each, 90 MB for a repository with 30,000 findings. */
int
output_json(FILE *out, const struct run *run, const struct run_summary *sum)
{
    json_t *summary = summary_of(run, sum);
    size_t i;
    int rc = 0;

    if (!summary)
        return -1;
    fputs("{\n  \"version\": 1,\n  \"findings\": [", out);
    for (i = 0; i < run->ndiags && rc == 0; i++) {
        json_t *f = finding(run->diags[i]);
        fputs(i ? ",\n    " : "\n    ", out);
        rc = f ? json_dump_at(out, f, 4) : -1;
        json_decref(f);
    }
    fputs(run->ndiags ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ", out);
    if (rc == 0)
        rc = json_dump_at(out, summary, 2);
    fputs("\n}\n", out);
    json_decref(summary);
    return rc;
}
