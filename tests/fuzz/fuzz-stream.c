/* fuzz-stream.c - rlint_load_stream(), the path of every regular file the CLI reads, against
 * rlint_load_buffer() on the same bytes.
 *
 * The CLI's read_at() is a pread() of 16 KB chunks (libyaml's raw buffer), so a fuzz input of
 * a few KB would always arrive whole. Here read_at() also hands out short reads, of 1 byte and
 * of 2 to 65 bytes (from the input's hash), so that a chunk ends inside a multi-byte UTF-8
 * character, a token, an anchor name or a skipped subtree. The findings must be the buffer's,
 * field for field, unless the input is not UTF-8 and arrives in short reads: libyaml checks
 * the encoding a chunk at a time, so the documents before the bad byte may then be checked
 * (rlint.h, rlint_load_stream()).
 */
#include "fuzz.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rlint/rlint.h>

struct source {
    const uint8_t *data;
    size_t size;
    size_t most; /* the longest read handed out; 0: as much as asked */
};

static int
read_at(void *arg, size_t offset, char *buf, size_t cap, size_t *got)
{
    const struct source *src = arg;
    size_t n;

    if (offset > src->size)
        abort(); /* the loader asked past the size it was given */
    n = src->size - offset < cap ? src->size - offset : cap;
    if (src->most && n > src->most)
        n = src->most;
    memcpy(buf, src->data + offset, n);
    *got = n;
    return 0;
}

static struct rlint_ctx *
checked(const uint8_t *data, size_t size, size_t most)
{
    struct rlint_ctx *ctx = NULL;
    struct source src = {data, size, most};
    int rc;

    if (rlint_ctx_new(&ctx) < 0)
        return NULL;
    rlint_ctx_set_limit(ctx, RLINT_LIMIT_DEPTH, 64);
    rlint_ctx_set_limit(ctx, RLINT_LIMIT_ALIASES, 100);
    if (most == SIZE_MAX)
        rc = rlint_load_buffer(ctx, "fuzz.yaml", (const char *)data, size);
    else
        rc = rlint_load_stream(ctx, "fuzz.yaml", read_at, &src, size);
    FUZZ_NO_ENOMEM(rc);
    if (rc == -6 /* RLINT_EIO: read_at() never fails here */)
        abort();
    rc = rlint_check(ctx);
    FUZZ_NO_ENOMEM(rc);
    return ctx;
}

static bool
same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool
not_utf8(const struct rlint_ctx *ctx)
{
    size_t i, n = rlint_diag_count(ctx);
    for (i = 0; i < n; i++) {
        const struct rlint_diag *d = rlint_diag_at(ctx, i);
        if (strcmp(d->rule, "RLINT001") == 0 && d->message &&
            (strstr(d->message, "UTF-8") || strstr(d->message, "Unicode") ||
             strstr(d->message, "control characters") || strstr(d->message, "too long")))
            return true;
    }
    return false;
}

/* The findings of a and b, field for field, in order (both sorted by rlint_check()). */
static void
compare(const struct rlint_ctx *a, const struct rlint_ctx *b)
{
    size_t i, n = rlint_diag_count(a);

    if (rlint_diag_count(b) != n)
        abort();
    for (i = 0; i < n; i++) {
        const struct rlint_diag *x = rlint_diag_at(a, i), *y = rlint_diag_at(b, i);
        if (!same_str(x->rule, y->rule) || !same_str(x->message, y->message) ||
            !same_str(x->key, y->key) || !same_str(x->path, y->path) ||
            !same_str(x->component, y->component) || x->line != y->line ||
            x->column != y->column || x->severity != y->severity)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rlint_ctx *buffer, *stream;
    size_t hash = size, i, most[3];

    for (i = 0; i < size; i++)
        hash = hash * 31 + data[i];
    most[0] = 0;
    most[1] = 1;
    most[2] = 2 + hash % 64;

    buffer = checked(data, size, SIZE_MAX);
    if (!buffer)
        return 0;
    for (i = 0; i < 3; i++) {
        stream = checked(data, size, most[i]);
        if (!stream)
            break;
        /* whole reads fill libyaml's raw buffer as its string input does: always equal */
        if (most[i] == 0 || !not_utf8(buffer))
            compare(buffer, stream);
        rlint_ctx_free(stream);
    }
    rlint_ctx_free(buffer);
    return 0;
}
