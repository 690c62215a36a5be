/* run.c - the scopes of a run (one per cluster and namespace checked) and their findings as
 * one list for the output formatters. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static char *
dup_or_null(const char *s, bool *failed)
{
    char *d;
    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        *failed = true;
    return d;
}

void
run_summary_release(struct run_summary *sum)
{
    size_t i;
    for (i = 0; i < sum->nprobes; i++) {
        free(sum->probes[i].components);
        free(sum->probes[i].redis_version);
        free(sum->probes[i].server_role);
    }
    free(sum->probes);
    sum->probes = NULL;
    sum->nprobes = 0;
}

void
scope_release(struct scope *s)
{
    run_summary_release(&s->sum);
    rlint_ctx_free(s->ctx);
    free(s->context);
    free(s->namespace_);
    free(s->source);
    free(s->failed);
}

struct scope *
run_add_scope(struct run *run, const char *context, const char *namespace_)
{
    struct scope *s;
    bool failed = false;

    if (run->nscopes == run->cap) {
        size_t cap = run->cap ? run->cap * 2 : 4;
        struct scope *ns = realloc(run->scopes, cap * sizeof(*ns));
        if (!ns)
            return NULL;
        run->scopes = ns;
        run->cap = cap;
    }
    s = &run->scopes[run->nscopes];
    memset(s, 0, sizeof(*s));
    s->context = dup_or_null(context, &failed);
    s->namespace_ = dup_or_null(namespace_, &failed);
    if (context && namespace_ && !failed) {
        size_t n = strlen(context) + strlen(namespace_) + sizeof("cluster//");
        s->source = malloc(n);
        if (s->source)
            snprintf(s->source, n, "cluster/%s/%s", context, namespace_);
        else
            failed = true;
    }
    if (failed) {
        free(s->context);
        free(s->namespace_);
        free(s->source);
        return NULL;
    }
    s->sum.source = s->source;
    s->sum.live = s->source != NULL;
    run->nscopes++;
    return s;
}

int
run_collect(struct run *run)
{
    size_t i, j, n = 0;

    for (i = 0; i < run->nscopes; i++)
        if (run->scopes[i].ctx)
            n += rlint_diag_count(run->scopes[i].ctx);
    free(run->diags);
    run->ndiags = 0;
    run->diags = malloc((n ? n : 1) * sizeof(*run->diags));
    if (!run->diags)
        return -1;
    for (i = 0; i < run->nscopes; i++)
        if (run->scopes[i].ctx)
            for (j = 0; j < rlint_diag_count(run->scopes[i].ctx); j++)
                run->diags[run->ndiags++] = rlint_diag_at(run->scopes[i].ctx, j);
    return 0;
}

void
run_release(struct run *run)
{
    size_t i;
    for (i = 0; i < run->nscopes; i++)
        scope_release(&run->scopes[i]);
    free(run->scopes);
    free(run->diags);
    memset(run, 0, sizeof(*run));
}

size_t
run_installs(const struct run *run)
{
    size_t i, n = 0;
    for (i = 0; i < run->nscopes; i++)
        n += !run->scopes[i].failed && run->scopes[i].sum.objects > 0;
    return n;
}

size_t
run_clusters(const struct run *run)
{
    size_t i, j, n = 0;
    for (i = 0; i < run->nscopes; i++) {
        const char *c = run->scopes[i].context;
        for (j = 0; j < i; j++)
            if (c && run->scopes[j].context && strcmp(c, run->scopes[j].context) == 0)
                break;
        n += j == i;
    }
    return n;
}

static const char *
scope_value(const struct scope *s, int which)
{
    switch (which) {
    case 0:
        return rlint_ctx_version(s->ctx);
    case 1:
        return rlint_ctx_version_reason(s->ctx);
    case 2:
        return rlint_ctx_mode(s->ctx);
    default:
        return rlint_ctx_mode_reason(s->ctx);
    }
}

const char *
run_common(const struct run *run, int which)
{
    const char *common = NULL;
    size_t i;
    for (i = 0; i < run->nscopes; i++) {
        const struct scope *s = &run->scopes[i];
        const char *v;
        if (s->failed || !s->ctx || s->sum.objects == 0)
            continue;
        v = scope_value(s, which);
        if (!v || (common && strcmp(common, v) != 0))
            return NULL;
        common = v;
    }
    return common;
}
