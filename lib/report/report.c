/* report.c - the findings list: adding, the per-file findings limit, sorting. */
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "params.h"
#include "ruleset.h"
#include "util.h"
#include "workload.h"
#include "banned.h"

static struct file_count *
file_counter(struct rlint_ctx *ctx, const char *file)
{
    size_t i;
    for (i = ctx->nfiles; i-- > 0;)
        if (strcmp(ctx->files[i].file, file) == 0)
            return &ctx->files[i];
    if (grow_array(&ctx->files, &ctx->files_cap, ctx->nfiles + 1, sizeof(*ctx->files)) < 0)
        return NULL;
    memset(&ctx->files[ctx->nfiles], 0, sizeof(ctx->files[0]));
    ctx->files[ctx->nfiles].file = xstrdup(file);
    if (!ctx->files[ctx->nfiles].file)
        return NULL;
    return &ctx->files[ctx->nfiles++];
}

static void
diag_release(struct rlint_diag *d)
{
    free((char *)d->message);
    free((char *)d->component);
    free((char *)d->file);
    free((char *)d->object_kind);
    free((char *)d->object_namespace);
    free((char *)d->object_name);
    free((char *)d->key);
    free((char *)d->path);
}

static int
push_diag(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity severity,
          const char *component, const struct diag_loc *loc, char *message)
{
    const struct object_ref *obj = loc->obj;
    struct rlint_diag d = {0};
    const char *file = loc->file ? loc->file : obj ? obj->file : NULL;

    d.rule = rule_info(rule)->id;
    d.severity = severity;
    d.message = message;
    d.component = xstrdup(component);
    d.file = xstrdup(file ? file : "-");
    d.line = loc->line ? loc->line : obj ? obj->line : 0;
    d.column = loc->line ? loc->column : obj ? obj->column : 0;
    if (obj) {
        d.object_kind = xstrdup(obj->kind);
        d.object_namespace = xstrdup(obj->namespace_);
        d.object_name = xstrdup(obj->name);
    }
    d.key = xstrdup(loc->key);
    d.path = loc->path ? xstrdup(loc->path)
             : loc->wl ? wl_path(loc->wl, loc->wl_list, loc->wl_index)
                       : NULL;
    if (!d.file || (component && !d.component) || (obj && obj->kind && !d.object_kind) ||
        (obj && obj->namespace_ && !d.object_namespace) || (obj && obj->name && !d.object_name) ||
        (loc->key && !d.key) || ((loc->path || loc->wl) && !d.path) ||
        grow_array(&ctx->diags, &ctx->diags_cap, ctx->ndiags + 1, sizeof(*ctx->diags)) < 0) {
        diag_release(&d);
        return RLINT_ENOMEM;
    }
    ctx->diags[ctx->ndiags++] = d;
    return 0;
}

/* Does the object's ignore annotation ("ID,name,...", or "all") name this rule? */
static bool
ignored_by(const struct object_ref *obj, enum rule_id rule)
{
    const struct rlint_rule_info *info = rule_info(rule);
    const char *p = obj ? obj->ignore : NULL;
    while (p && *p) {
        size_t n;
        while (*p == ' ' || *p == ',')
            p++;
        n = strcspn(p, ", ");
        if (n && ((strlen(info->id) == n && strncasecmp(p, info->id, n) == 0) ||
                  (strlen(info->name) == n && strncmp(p, info->name, n) == 0) ||
                  (n == 3 && strncmp(p, "all", 3) == 0)))
            return true;
        p += n;
    }
    return false;
}

int
report_add(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity severity,
           const char *component, const struct diag_loc *loc, const char *fmt, ...)
{
    struct strbuf sb;
    struct file_count *fc;
    const char *file = loc->file ? loc->file : loc->obj ? loc->obj->file : "-";
    const char *note;
    char *message;
    va_list ap;

    if (ctx->rule_override[rule] == 1 || ignored_by(loc->obj, rule)) {
        ctx->suppressed++;
        return 0;
    }
    if (ctx->rule_override[rule] >= 2)
        severity = (enum rlint_severity)(ctx->rule_override[rule] - 2);
    fc = file_counter(ctx, file ? file : "-");
    if (!fc)
        return RLINT_ENOMEM;
    if (fc->findings >= ctx->limits[RLINT_LIMIT_FINDINGS]) {
        struct diag_loc at = {.file = fc->file};
        if (fc->limit_reported)
            return 0;
        fc->limit_reported = true;
        message = xstrdup("too many findings in this file; the rest are not reported "
                          "(--max-findings)");
        if (!message)
            return RLINT_ENOMEM;
        return push_diag(ctx, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &at, message);
    }
    fc->findings++;

    strbuf_init(&sb);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (loc->line && (note = params_default_at(ctx, file ? file : "-", loc->line, loc->column)))
        strbuf_addf(&sb, " (%s)", note); /* the parameter's name, never its value */
    message = strbuf_finish(&sb);
    if (!message)
        return RLINT_ENOMEM;
    return push_diag(ctx, rule, severity, component, loc, message);
}

struct decorated {
    struct rlint_diag d;
    size_t index;
};

static int
compare_decorated(const void *pa, const void *pb)
{
    const struct decorated *x = pa, *y = pb;
    const struct rlint_diag *a = &x->d, *b = &y->d;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void
report_sort(struct rlint_ctx *ctx)
{
    /* qsort is not stable: the original index breaks ties, so equal positions keep the order
     * the rules reported them in. */
    size_t i, n = ctx->ndiags;
    struct decorated *dec;

    if (n < 2)
        return;
    dec = malloc(n * sizeof(*dec));
    if (!dec)
        return; /* unsorted is still correct output */
    for (i = 0; i < n; i++) {
        dec[i].d = ctx->diags[i];
        dec[i].index = i;
    }
    qsort(dec, n, sizeof(*dec), compare_decorated);
    for (i = 0; i < n; i++)
        ctx->diags[i] = dec[i].d;
    free(dec);
}

void
report_release(struct rlint_ctx *ctx)
{
    size_t i;
    for (i = 0; i < ctx->ndiags; i++)
        diag_release(&ctx->diags[i]);
    free(ctx->diags);
    for (i = 0; i < ctx->nfiles; i++)
        free(ctx->files[i].file);
    free(ctx->files);
}
