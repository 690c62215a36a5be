/* fuzz-response.c - the --live response path: what cmd/live.c does with an API server body.
 *
 * A 200 body goes to rlint_load_buffer_flags() under a cluster/... name without positions; a
 * 403 body is read as a Status object for its "message" (json_loadb + json_object_get, as
 * consume() in cmd/live.c does). Both are done on every input, then the checks run.
 */
#include "fuzz.h"

#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include <rlint/rlint.h>

static size_t
touch(const char *s)
{
    return s ? strlen(s) : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rlint_ctx *ctx = NULL;
    json_t *st;
    volatile size_t sink = 0;
    int rc;
    size_t i, n;

    /* 403: the Status message, as live.c prints it */
    st = json_loadb((const char *)data, size, 0, NULL);
    sink += touch(json_string_value(json_object_get(st, "message")));
    json_decref(st);

    /* 200: the object itself */
    if (rlint_ctx_new(&ctx) < 0)
        return 0;
    rlint_ctx_set_limit(ctx, RLINT_LIMIT_DEPTH, 64);
    rlint_ctx_set_limit(ctx, RLINT_LIMIT_ALIASES, 100);
    FUZZ_NO_ENOMEM(rlint_load_buffer_flags(ctx, "cluster/ctx/ns/Secret/backend-redis",
                                           (const char *)data, size, RLINT_LOAD_NO_POSITIONS));
    if ((rc = rlint_check(ctx)) < 0) {
        FUZZ_NO_ENOMEM(rc);
        goto out;
    }
    n = rlint_diag_count(ctx);
    for (i = 0; i < n; i++) {
        const struct rlint_diag *d = rlint_diag_at(ctx, i);
        sink += touch(d->rule) + touch(d->message) + touch(d->component) + touch(d->file);
        sink += touch(d->object_kind) + touch(d->object_namespace) + touch(d->object_name);
        sink += touch(d->key) + touch(d->path) + d->line + d->column;
    }

out:
    (void)sink;
    rlint_ctx_free(ctx);
    return 0;
}
