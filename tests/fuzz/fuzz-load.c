/* fuzz-load.c - the YAML/JSON loader and every rule, on arbitrary bytes.
 *
 * The input is loaded twice, as a file and as an API server response (no positions), checked,
 * and every string of every finding is read, so that a dangling or unterminated string shows
 * up under ASan. Limits are small so that deep or alias-heavy inputs stay fast.
 */
#include "fuzz.h"

#include <stdint.h>
#include <string.h>

#include <rlint/rlint.h>

static size_t
touch(const char *s)
{
    return s ? strlen(s) : 0;
}

/* Reads every field of every finding; the sum only keeps the reads from being optimised out. */
static size_t
walk_diags(const struct rlint_ctx *ctx)
{
    size_t i, n = rlint_diag_count(ctx), sum = 0;

    for (i = 0; i < n; i++) {
        const struct rlint_diag *d = rlint_diag_at(ctx, i);
        if (!d)
            continue;
        sum += touch(d->rule) + touch(d->message) + touch(d->component) + touch(d->file);
        sum += touch(d->object_kind) + touch(d->object_namespace) + touch(d->object_name);
        sum += touch(d->key) + touch(d->path) + touch(rlint_severity_name(d->severity));
        sum += d->line + d->column;
    }
    return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rlint_ctx *ctx = NULL;
    volatile size_t sink;
    int rc;

    if (rlint_ctx_new(&ctx) < 0)
        return 0;
    rlint_ctx_set_limit(ctx, RLINT_LIMIT_DEPTH, 64);
    rlint_ctx_set_limit(ctx, RLINT_LIMIT_ALIASES, 100);
    FUZZ_NO_ENOMEM(rlint_load_buffer(ctx, "fuzz.yaml", (const char *)data, size));
    FUZZ_NO_ENOMEM(rlint_load_buffer_flags(ctx, "cluster/fuzz/ns/Secret/backend-redis",
                                           (const char *)data, size, RLINT_LOAD_NO_POSITIONS));
    if ((rc = rlint_check(ctx)) < 0) {
        FUZZ_NO_ENOMEM(rc);
        goto out;
    }
    sink = walk_diags(ctx);
    (void)sink;
    sink = touch(rlint_ctx_version(ctx)) + touch(rlint_ctx_version_reason(ctx));
    sink = touch(rlint_ctx_mode(ctx)) + touch(rlint_ctx_mode_reason(ctx));
    sink = rlint_ctx_object_count(ctx) + rlint_ctx_suppressed_count(ctx);

out:
    rlint_ctx_free(ctx);
    return 0;
}
