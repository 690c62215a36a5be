/* testlib.h - helpers for the unit tests: load a string, run the checks, find a finding. */
#ifndef RLINT_TESTLIB_H
#define RLINT_TESTLIB_H

#include <stddef.h>
#include <string.h>

#include <rlint/rlint.h>

/* Loads yaml as file "t.yaml" into a new ctx (version may be NULL) and runs the checks. */
static inline struct rlint_ctx *
load_and_check(const char *yaml, const char *version)
{
    struct rlint_ctx *ctx = NULL;
    if (rlint_ctx_new(&ctx) < 0)
        return NULL;
    if (version && rlint_ctx_set_version(ctx, version) < 0)
        goto fail;
    if (rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)) < 0)
        goto fail;
    if (rlint_check(ctx) < 0)
        goto fail;
    return ctx;
fail:
    rlint_ctx_free(ctx);
    return NULL;
}

/* The n-th (0-based) finding of rule, or NULL. */
static inline const struct rlint_diag *
find_rule(const struct rlint_ctx *ctx, const char *rule, size_t n)
{
    size_t i;
    for (i = 0; i < rlint_diag_count(ctx); i++) {
        const struct rlint_diag *d = rlint_diag_at(ctx, i);
        if (strcmp(d->rule, rule) == 0 && n-- == 0)
            return d;
    }
    return NULL;
}

static inline size_t
count_rule(const struct rlint_ctx *ctx, const char *rule)
{
    size_t i, n = 0;
    for (i = 0; i < rlint_diag_count(ctx); i++)
        if (strcmp(rlint_diag_at(ctx, i)->rule, rule) == 0)
            n++;
    return n;
}

#endif
