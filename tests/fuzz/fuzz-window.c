/* fuzz-window.c - the namespace window against no window, on arbitrary bytes.
 *
 * The input is cut at each "\n---\n" into files loaded one after the other, once with a
 * window of one namespace (rlint_ctx_set_namespace_window()) and once without. Unless the
 * window run asks to be read again (RLINT_ERELOAD), both must give the same check status,
 * the same findings in the same order, the same mode summary and object count: anything
 * else aborts, and libFuzzer keeps the input.
 */
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rlint/rlint.h>

static int
load_pieces(struct rlint_ctx *ctx, const char *data, size_t size)
{
    size_t start = 0, i, n = 0;
    char name[32];
    int rc;

    for (i = 0; i <= size; i++) {
        if (i < size && !(i + 5 <= size && memcmp(data + i, "\n---\n", 5) == 0))
            continue;
        snprintf(name, sizeof(name), "f%03zu.yaml", n++);
        rc = rlint_load_buffer(ctx, name, data + start, i - start);
        FUZZ_NO_ENOMEM(rc);
        if (rc == RLINT_ERELOAD)
            return rc;
        start = i + 1; /* the next piece starts with its "---" line */
    }
    return 0;
}

static int
str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void
compare(const struct rlint_ctx *a, const struct rlint_ctx *b)
{
    size_t i;
    if (rlint_diag_count(a) != rlint_diag_count(b) ||
        rlint_ctx_object_count(a) != rlint_ctx_object_count(b) ||
        !str_eq(rlint_ctx_mode(a), rlint_ctx_mode(b)) ||
        !str_eq(rlint_ctx_mode_reason(a), rlint_ctx_mode_reason(b)))
        abort();
    for (i = 0; i < rlint_diag_count(a); i++) {
        const struct rlint_diag *x = rlint_diag_at(a, i), *y = rlint_diag_at(b, i);
        if (!str_eq(x->rule, y->rule) || !str_eq(x->file, y->file) || x->line != y->line ||
            x->column != y->column || x->severity != y->severity ||
            !str_eq(x->message, y->message) || !str_eq(x->component, y->component) ||
            !str_eq(x->key, y->key) || !str_eq(x->object_namespace, y->object_namespace))
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rlint_ctx *win = NULL, *whole = NULL;
    int rc_win, rc_whole;

    if (rlint_ctx_new(&win) < 0 || rlint_ctx_new(&whole) < 0)
        goto out;
    rlint_ctx_set_limit(win, RLINT_LIMIT_DEPTH, 64);
    rlint_ctx_set_limit(whole, RLINT_LIMIT_DEPTH, 64);
    rlint_ctx_set_limit(win, RLINT_LIMIT_ALIASES, 100);
    rlint_ctx_set_limit(whole, RLINT_LIMIT_ALIASES, 100);
    if (rlint_ctx_set_namespace_window(win, 1) < 0)
        abort();
    if (load_pieces(win, (const char *)data, size) == RLINT_ERELOAD)
        goto out;
    load_pieces(whole, (const char *)data, size);
    rc_win = rlint_check(win);
    FUZZ_NO_ENOMEM(rc_win);
    if (rc_win == RLINT_ERELOAD)
        goto out;
    rc_whole = rlint_check(whole);
    FUZZ_NO_ENOMEM(rc_whole);
    if (rc_win != rc_whole)
        abort();
    compare(win, whole);
out:
    rlint_ctx_free(win);
    rlint_ctx_free(whole);
    return 0;
}
